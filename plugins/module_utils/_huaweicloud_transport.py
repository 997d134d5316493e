# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport for Huawei Cloud APIs: one session, auth headers, retries, error mapping.

This is the only place of the collection that knows HTTP. It never puts a request body
or a request header into an exception or a warning, so secrets cannot leak through it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import random
import time
import traceback

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

# Statuses worth another try: throttling and gateway/server hiccups.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 20.0
# The total time a task may spend waiting between attempts.
RETRY_BUDGET_SECONDS = 60.0

STATUS_HINTS = {
    401: "Check the credentials: a token lasts 24 hours and is valid only for the region and project it was issued for.",
    403: "The credentials lack a ServiceStage permission for this project (for example ServiceStage FullAccess).",
    404: "Check project_id and the endpoint (or region).",
    429: "The API is throttling requests; try again later or raise the retries option.",
}


class HuaweiCloudApiError(Exception):
    """A failed API step. Carries what the API said, never what was sent."""

    def __init__(self, step, message, status=None, error_code=None, error_msg=None,
                 request_id=None, attempts=1, ambiguous=False):
        super(HuaweiCloudApiError, self).__init__(message)
        self.step = step
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.attempts = attempts
        # True when the request may have been carried out although it failed
        # (a timeout, a dropped connection or a 5xx after the request was sent).
        self.ambiguous = ambiguous

    def details(self):
        """The fields a module returns with fail_json."""
        return dict(step=self.step, status=self.status, error_code=self.error_code,
                    error_msg=self.error_msg, request_id=self.request_id, attempts=self.attempts)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_seconds(retry_number):
    """Exponential backoff with equal jitter: half fixed, half random."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** retry_number))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _error_fields(payload):
    """error_code and error_msg from any of the error body shapes Huawei Cloud APIs use."""
    if not isinstance(payload, dict):
        return None, None
    source = payload.get("error") if isinstance(payload.get("error"), dict) else payload
    code = source.get("error_code") or source.get("errorCode") or source.get("code")
    message = (source.get("error_msg") or source.get("error_message")
               or source.get("errorMessage") or source.get("message"))
    return code, message


def _describe_body(response):
    content_type = response.headers.get("Content-Type", "no content type").split(";")[0]
    return "a non-JSON body (%s, %d bytes)" % (content_type, len(response.content))


class TokenAuth:
    """Authenticates each request with an X-Auth-Token header."""

    def __init__(self, token):
        self._token = token

    def apply(self, request):
        request.headers["X-Auth-Token"] = self._token
        return request


class HuaweiCloudTransport:
    """Sends JSON requests to one service endpoint, with retries and clear errors."""

    def __init__(self, endpoint, auth, validate_certs=True, timeout=30, retries=3,
                 warn=None, sleep=time.sleep, clock=time.monotonic):
        self.endpoint = endpoint.rstrip("/")
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._clock = clock
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers["User-Agent"] = "huaweicloud.servicestage-ansible"

    def request(self, method, path, step, body=None, verify=None):
        """Send one API request and return its JSON payload (None for an empty body).

        A request that may have been carried out although it failed is not simply sent
        again: ``verify`` is called first and its result, when not None, is the answer.
        Without ``verify``, only requests that cannot have been carried out are retried
        (GET, or any request answered 429 or refused before it was sent).
        """
        attempt = 0
        waited = 0.0
        while True:
            attempt += 1
            try:
                return self._send_once(method, path, step, body, attempt)
            except HuaweiCloudApiError as error:
                if error.ambiguous and method != "GET":
                    if verify is None:
                        raise
                    outcome = verify()
                    if outcome is not None:
                        return outcome
                retryable = error.status is None or error.status in RETRY_STATUSES
                if not retryable or attempt > self.retries:
                    raise
                wait = self._next_wait(error, attempt, waited)
                if wait is None:
                    raise
                self._warn("ServiceStage %s: %s; retrying in %.1f s (attempt %d of %d)."
                           % (step, error.message, wait, attempt + 1, self.retries + 1))
                self._sleep(wait)
                waited += wait

    def _next_wait(self, error, attempt, waited):
        wait = getattr(error, "retry_after", None)
        if wait is None:
            wait = backoff_seconds(attempt - 1)
        if waited + wait > RETRY_BUDGET_SECONDS:
            error.message += (" Gave up: the next wait (%.0f s) would pass the %d s retry budget."
                              % (wait, RETRY_BUDGET_SECONDS))
            return None
        return wait

    def _send_once(self, method, path, step, body, attempt):
        request = requests.Request(method, self.endpoint + path)
        if body is not None:
            request.data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            request.headers["Content-Type"] = "application/json;charset=UTF-8"
        prepared = self.session.prepare_request(self.auth.apply(request))
        try:
            response = self.session.send(prepared, timeout=self.timeout)
        except requests.exceptions.ConnectTimeout:
            raise HuaweiCloudApiError(step, "could not connect to %s within %s s" % (self.endpoint, self.timeout),
                                      attempts=attempt)
        except requests.exceptions.SSLError as exc:
            raise HuaweiCloudApiError(
                step, "TLS certificate verification failed for %s (%s). Pass the CA bundle with ca_path, "
                "or set validate_certs=false only for a test endpoint you trust." % (self.endpoint, _reason(exc)),
                attempts=attempt)
        except requests.exceptions.ReadTimeout:
            raise HuaweiCloudApiError(step, "no answer from %s within %s s" % (self.endpoint, self.timeout),
                                      attempts=attempt, ambiguous=True)
        except requests.exceptions.ConnectionError as exc:
            sent = not _refused_before_sending(exc)
            raise HuaweiCloudApiError(step, "connection to %s failed (%s)" % (self.endpoint, _reason(exc)),
                                      attempts=attempt, ambiguous=sent)
        return self._read_response(response, step, attempt)

    def _read_response(self, response, step, attempt):
        request_id = response.headers.get("X-Request-Id")
        payload = None
        malformed = False
        if response.content:
            try:
                payload = response.json()
            except ValueError:
                malformed = True
        if 200 <= response.status_code < 300:
            if malformed:
                raise HuaweiCloudApiError(
                    step, "HTTP %d with %s where JSON was expected; check that the endpoint is the "
                    "ServiceStage API" % (response.status_code, _describe_body(response)),
                    status=response.status_code, request_id=request_id, attempts=attempt)
            return payload
        code, message = _error_fields(payload)
        text = "HTTP %d" % response.status_code
        if code:
            text += " %s" % code
        if message:
            text += ": %s" % message
        if malformed:
            text += " with %s" % _describe_body(response)
        hint = STATUS_HINTS.get(response.status_code)
        if hint:
            text += ". " + hint
        error = HuaweiCloudApiError(step, text, status=response.status_code, error_code=code,
                                    error_msg=message, request_id=request_id, attempts=attempt,
                                    ambiguous=response.status_code in RETRY_STATUSES and response.status_code != 429)
        error.retry_after = parse_retry_after(response.headers.get("Retry-After"))
        raise error


def _reason(exc):
    """The innermost cause of a requests exception: its type and text, never headers or bodies."""
    reason = exc
    for dummy in range(10):
        inner = getattr(reason, "reason", None)
        if not isinstance(inner, Exception) and reason.args and isinstance(reason.args[-1], Exception):
            inner = reason.args[-1]
        if not isinstance(inner, Exception) or inner is reason:
            break
        reason = inner
    text = str(reason)
    if ": " in text and type(reason).__name__ in ("NewConnectionError", "NameResolutionError"):
        text = text.split(": ", 1)[1]
    return "%s: %s" % (type(reason).__name__, text[:200]) if text else type(reason).__name__


def _refused_before_sending(exc):
    """True when the connection was never established, so the request was not sent."""
    text = repr(exc)
    return "NewConnectionError" in text or "NameResolutionError" in text or "Connection refused" in text
