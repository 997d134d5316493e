# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport for Huawei Cloud APIs: one connection, auth headers, retries, error mapping.

This is the only place of the collection that knows HTTP. It uses the standard library
alone (http.client, ssl), so a module needs nothing installed beside ansible-core and
starts fast. It never puts a request body or a request header into an exception or a
warning, so secrets cannot leak through it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import random
import socket
import ssl
import time

from ansible.module_utils.six.moves import http_client
from ansible.module_utils.six.moves.urllib.parse import unquote, urlsplit

USER_AGENT = "huaweicloud.servicestage-ansible"
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


class TokenAuth:
    """Authenticates each request with an X-Auth-Token header."""

    def __init__(self, token):
        self._token = token

    def apply(self, method, url, headers, body):
        headers["X-Auth-Token"] = self._token


class HuaweiCloudTransport:
    """Sends JSON requests to one service endpoint over one kept-alive connection,
    with retries and clear errors."""

    def __init__(self, endpoint, auth, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 warn=None, sleep=time.sleep, proxy=None):
        self.endpoint = endpoint.rstrip("/")
        parts = urlsplit(self.endpoint)
        self._https = parts.scheme == "https"
        self._netloc = parts.netloc
        self._host = parts.hostname
        self._port = parts.port
        self._base_path = parts.path
        self.auth = auth
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.proxy = proxy
        self.timeout = timeout
        self.retries = retries
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._connection = None
        self.last_headers = {}

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
                retryable = not error.permanent and (error.status is None or error.status in RETRY_STATUSES)
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
        wait = error.retry_after
        if wait is None:
            wait = backoff_seconds(attempt - 1)
        if waited + wait > RETRY_BUDGET_SECONDS:
            error.message += (" Gave up: the next wait (%.0f s) would pass the %d s retry budget."
                              % (wait, RETRY_BUDGET_SECONDS))
            return None
        return wait

    def _open(self, step, attempt):
        """The kept-alive connection, connected; failures here mean nothing was sent."""
        if self._connection is not None and self._connection.sock is not None:
            return self._connection
        host, port = self._host, self._port
        if self.proxy:
            proxy = urlsplit(self.proxy)
            host, port = proxy.hostname, proxy.port or 80
        if self._https:
            context = ssl.create_default_context(cafile=self.ca_path)
            if not self.validate_certs:
                # validate_certs=false, the user's explicit choice (the default is true); say so.
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                self._warn("TLS certificate verification is off for %s (validate_certs=false)." % self.endpoint)
            connection = http_client.HTTPSConnection(host, port, timeout=self.timeout, context=context)
        else:
            connection = http_client.HTTPConnection(host, port, timeout=self.timeout)
        if self.proxy:
            # Both https and http endpoints are reached through a CONNECT tunnel.
            connection.set_tunnel(self._host, self._port or (443 if self._https else 80),
                                  headers=_proxy_headers(proxy))
        try:
            connection.connect()
        except ssl.SSLError as exc:
            raise HuaweiCloudApiError(
                step, "TLS certificate verification failed for %s (%s). Give the CA bundle with ca_path, "
                "or set validate_certs=false only for a test endpoint you trust." % (self.endpoint, _reason(exc)),
                attempts=attempt, permanent=True)
        except socket.timeout:
            raise HuaweiCloudApiError(step, "could not connect to %s within %s s" % (self.endpoint, self.timeout),
                                      attempts=attempt)
        except (OSError, http_client.HTTPException) as exc:
            through = " through the proxy" if self.proxy else ""
            raise HuaweiCloudApiError(step, "could not connect to %s%s (%s)" % (self.endpoint, through, _reason(exc)),
                                      attempts=attempt)
        self._connection = connection
        return connection

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send_once(self, method, path, step, body, attempt):
        connection = self._open(step, attempt)
        url = self._base_path + path
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Host": self._netloc}
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json;charset=UTF-8"
        self.auth.apply(method, url, headers, data)
        try:
            connection.request(method, url, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except socket.timeout:
            self.close()
            raise HuaweiCloudApiError(step, "no answer from %s within %s s" % (self.endpoint, self.timeout),
                                      attempts=attempt, ambiguous=True)
        except (OSError, http_client.HTTPException) as exc:
            # The request may have reached the API before the connection broke.
            self.close()
            raise HuaweiCloudApiError(step, "connection to %s failed (%s)" % (self.endpoint, _reason(exc)),
                                      attempts=attempt, ambiguous=True)
        self.last_headers = response.headers
        return self._read_response(response.status, response.headers, content, step, attempt)

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


def _reason(exc):
    """The type and text of a network error: never headers or bodies."""
    text = str(exc)
    return "%s: %s" % (type(exc).__name__, text[:200]) if text else type(exc).__name__


def _proxy_headers(proxy):
    if not proxy.username:
        return None
    import base64  # only for an authenticating proxy
    credentials = "%s:%s" % (unquote(proxy.username), unquote(proxy.password or ""))
    return {"Proxy-Authorization": "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")}


def proxy_for(url, environ):
    """The proxy the standard environment variables give for url (HTTPS_PROXY, HTTP_PROXY,
    NO_PROXY, upper or lower case), or None."""
    parts = urlsplit(url)
    proxy = environ.get(parts.scheme + "_proxy") or environ.get(parts.scheme.upper() + "_PROXY")
    if not proxy:
        return None
    host = (parts.hostname or "").lower()
    for entry in (environ.get("no_proxy") or environ.get("NO_PROXY") or "").split(","):
        entry = entry.strip().lower().split(":")[0].lstrip(".")
        if entry and (entry == "*" or host == entry or host.endswith("." + entry)):
            return None
    return proxy
