# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport for Huawei Cloud APIs: one requests.Session, auth headers, retries, error mapping.

This is the only place of the collection that knows HTTP. requests does TLS verification,
proxies (the proxy option, or HTTPS_PROXY/NO_PROXY from the environment) and timeouts; this
adds the retry policy, the check before a write is sent again, and errors that carry what
the API said. It never puts a request body, a request header or a library's exception text
into an exception or a warning, so secrets cannot leak through it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import random
import ssl
import time
import traceback
import warnings

from ansible.module_utils.six.moves.urllib.parse import urlsplit

try:
    import requests
    from requests import exceptions as requests_errors
    from urllib3.exceptions import InsecureRequestWarning, NewConnectionError
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

USER_AGENT = "huaweicloud.servicestage-ansible"
# Statuses worth another try: throttling and gateway/server hiccups.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 20.0
# The total time one request may take over its failed attempts and the waits between them.
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
                 request_id=None, attempts=1, ambiguous=False, permanent=False, retry_after=None):
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
        # True when trying again cannot help (a certificate that does not verify).
        self.permanent = permanent
        # Seconds the API asked to wait (Retry-After), or None.
        self.retry_after = retry_after

    def details(self):
        """The fields a module returns with fail_json."""
        return dict(step=self.step, status=self.status, error_code=self.error_code,
                    error_msg=self.error_msg, request_id=self.request_id, attempts=self.attempts)

    def summary(self):
        """One line for a message: status, code, API message, request id and attempts."""
        text = self.message
        if self.request_id:
            text += " (request id %s)" % self.request_id
        if self.attempts > 1:
            text += " after %d attempts" % self.attempts
        return text

    @classmethod
    def unexpected(cls, step, exception):
        """An error for an exception that is not the API's: its type only, never its text."""
        return cls(step, "unexpected %s (its text is not shown: it may hold request data). This is a bug of the "
                   "collection; please report it with the step and the type" % type(exception).__name__)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils  # only for the rare HTTP-date form
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


def _describe_body(headers, content):
    content_type = (headers.get("Content-Type") or "no content type").split(";")[0]
    return "a non-JSON body (%s, %d bytes)" % (content_type, len(content))


class HuaweiCloudTransport:
    """Sends JSON requests to one service endpoint through one requests.Session (its
    connection kept alive between requests), with retries and clear errors."""

    def __init__(self, endpoint, auth, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 warn=None, sleep=time.sleep, clock=time.monotonic, proxy=None, on_step=None):
        self.endpoint = endpoint.rstrip("/")
        parts = urlsplit(self.endpoint)
        self._netloc = parts.netloc
        self._base_path = parts.path
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._clock = clock
        self._on_step = on_step or (lambda step: None)
        self.last_status = None
        self.last_headers = {}
        self.tls_verify = (ca_path or True) if validate_certs else False
        self.proxies = {"http": proxy, "https": proxy} if proxy else None
        self.session = requests.Session()
        if not validate_certs:
            # validate_certs=false, the user's explicit choice (the default is true); say so once,
            # instead of urllib3's warning on every request.
            warnings.simplefilter("ignore", InsecureRequestWarning)
            self._warn("TLS certificate verification is off for %s (validate_certs=false)." % self.endpoint)

    def request(self, method, path, step, body=None, verify=None, resend_safe=None):
        """Send one API request and return its JSON payload (None for an empty body).

        A request that may have been carried out although it failed is not simply sent
        again: ``verify`` is called first and its result, when not None, is the answer.
        Without ``verify``, only requests that are safe to send twice are retried after such
        a failure: GET, or what the caller marks ``resend_safe``; any request is retried
        after a 429 or a failure that happened before it was sent.
        """
        if resend_safe is None:
            resend_safe = method == "GET"
        attempt = 0
        spent = 0.0
        while True:
            attempt += 1
            self._on_step(step)
            started = self._clock()
            try:
                return self._send_once(method, path, step, body, attempt)
            except HuaweiCloudApiError as error:
                spent += self._clock() - started
                if error.ambiguous and not resend_safe:
                    if verify is None:
                        raise
                    outcome = self._verify(verify, error)
                    if outcome is not None:
                        return outcome
                    # Checked: it was not carried out.
                    error.ambiguous = False
                retryable = not error.permanent and (error.status is None or error.status in RETRY_STATUSES)
                if not retryable or attempt > self.retries:
                    raise
                wait = self._next_wait(error, attempt, spent)
                if wait is None:
                    raise
                self._warn("ServiceStage %s: %s; retrying in %.1f s (attempt %d of %d)."
                           % (step, error.message, wait, attempt + 1, self.retries + 1))
                self._sleep(wait)
                spent += wait

    def _verify(self, verify, error):
        """verify()'s answer; when the check itself fails, an error saying the write may have happened."""
        try:
            return verify()
        except HuaweiCloudApiError as check_error:
            failure = HuaweiCloudApiError(
                error.step, "%s, so the %s may have been carried out; checking that by listing failed too: %s"
                % (error.message, error.step, check_error.summary()),
                status=error.status, error_code=error.error_code, error_msg=error.error_msg,
                request_id=error.request_id, attempts=error.attempts, ambiguous=True, permanent=True)
        raise failure

    def _next_wait(self, error, attempt, spent):
        wait = error.retry_after
        if wait is None:
            wait = backoff_seconds(attempt - 1)
        if spent + wait > RETRY_BUDGET_SECONDS:
            error.message += (" Gave up after %.0f s: the next wait (%.0f s) would pass the %d s retry budget."
                              % (spent, wait, RETRY_BUDGET_SECONDS))
            return None
        return wait

    def answer_error(self, step, message):
        """An error for the last answer: successful, but without what the step needs."""
        return HuaweiCloudApiError(step, message, status=self.last_status,
                                   request_id=self.last_headers.get("X-Request-Id"))

    def _send_once(self, method, path, step, body, attempt):
        url = self._base_path + path
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Host": self._netloc}
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json;charset=UTF-8"
        self.auth.apply(method, url, headers, data)
        try:
            response = self.session.request(method, self.endpoint + path, data=data, headers=headers,
                                            timeout=self.timeout, verify=self.tls_verify, proxies=self.proxies,
                                            allow_redirects=False, auth=_headers_as_set)
            content = response.content
        except requests_errors.RequestException as exc:
            raise self._network_error(exc, step, attempt) from None
        self.last_status, self.last_headers = response.status_code, response.headers
        return self._read_response(response.status_code, response.headers, content, step, attempt)

    def _network_error(self, exc, step, attempt):
        """The error for a request that got no HTTP answer: whether it may have been carried
        out, whether another try can help, and the reason, never the exception's own text."""
        def error(message, ambiguous, permanent=False):
            return HuaweiCloudApiError(step, message, attempts=attempt, ambiguous=ambiguous, permanent=permanent)

        root = _root_cause(exc)
        if isinstance(exc, requests_errors.ConnectTimeout):
            return error("could not connect to %s within %s s" % (self.endpoint, self.timeout), False)
        if isinstance(exc, requests_errors.ReadTimeout):
            return error("no answer from %s within %s s" % (self.endpoint, self.timeout), True)
        if isinstance(exc, requests_errors.SSLError):
            if isinstance(root, ssl.SSLCertVerificationError):
                return error("TLS certificate verification failed for %s (%s). Give the CA bundle with ca_path, "
                             "or set validate_certs=false only for a test endpoint you trust."
                             % (self.endpoint, _reason(root)), False, permanent=True)
            return error("TLS error with %s (%s)" % (self.endpoint, _reason(root)), True)
        if isinstance(exc, requests_errors.ProxyError):
            return error("could not connect to %s through the proxy (%s)" % (self.endpoint, _reason(root)), False)
        if isinstance(exc, requests_errors.ConnectionError):
            if _caused_by(exc, NewConnectionError):
                return error("could not connect to %s (%s)" % (self.endpoint, _reason(root)), False)
            # The request may have reached the API before the connection broke.
            return error("connection to %s failed (%s)" % (self.endpoint, _reason(root)), True)
        if isinstance(exc, requests_errors.ChunkedEncodingError):
            return error("the answer from %s broke off (%s)" % (self.endpoint, _reason(root)), True)
        # Anything else (an invalid header, say) may quote what was sent: only its type is shown,
        # and nothing tells whether the request went out.
        return error("the request to %s could not be completed (%s)" % (self.endpoint, type(exc).__name__),
                     True, permanent=True)

    def _read_response(self, status, headers, content, step, attempt):
        request_id = headers.get("X-Request-Id")
        payload = None
        malformed = False
        if content:
            try:
                payload = json.loads(content.decode("utf-8"))
            except ValueError:
                malformed = True
        if 200 <= status < 300:
            if malformed:
                raise HuaweiCloudApiError(
                    step, "HTTP %d with %s where JSON was expected; check that the endpoint is the "
                    "ServiceStage API" % (status, _describe_body(headers, content)),
                    status=status, request_id=request_id, attempts=attempt)
            return payload
        code, message = _error_fields(payload)
        text = "HTTP %d" % status
        if code:
            text += " %s" % code
        if message:
            text += ": %s" % message
        if malformed:
            text += " with %s" % _describe_body(headers, content)
        hint = STATUS_HINTS.get(status)
        if hint:
            text += ". " + hint
        raise HuaweiCloudApiError(step, text, status=status, error_code=code, error_msg=message,
                                  request_id=request_id, attempts=attempt,
                                  ambiguous=status in RETRY_STATUSES and status != 429,
                                  retry_after=parse_retry_after(headers.get("Retry-After")))


def _headers_as_set(prepared_request):
    """The request's own auth: without one, requests would take credentials from ~/.netrc and
    replace the Authorization header (an AK/SK signature) with them."""
    return prepared_request


def _causes(exc):
    """exc and the exceptions behind it: urllib3's reason, __cause__, __context__, or an exception argument."""
    seen = []
    while exc is not None and all(exc is not other for other in seen):
        seen.append(exc)
        argument = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = getattr(exc, "reason", None) if isinstance(getattr(exc, "reason", None), BaseException) else (
            exc.__cause__ or exc.__context__ or argument)
    return seen


def _root_cause(exc):
    return _causes(exc)[-1]


def _caused_by(exc, kind):
    return any(isinstance(cause, kind) for cause in _causes(exc))


def _reason(exc):
    """The type and text of a network error (an OSError: never headers or bodies), or only its type."""
    text = str(exc) if isinstance(exc, OSError) else ""
    return "%s: %s" % (type(exc).__name__, text[:200]) if text else type(exc).__name__
