# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport for Huawei Cloud APIs: one requests.Session per task, auth headers, retries
of what is safe to send again, and errors that say what is known.

This is the only place of the collection that knows HTTP. It sends a request and says what it
knows about the outcome: the API's answer (its status, code, message and request id), or that
the request was certainly not sent (``sent == "no"``: the connection to the API or to the proxy
was refused, timed out while connecting, or its name did not resolve), or that nobody knows
(``sent == "unknown"``: anything else, every proxy error after connecting and every 2xx answer
whose body cannot be read included). It sends again by itself only what is safe: reads, and
any request that was not sent. Whether a write whose fate is unknown was carried out is decided
by the caller, which knows what the write was for (``_servicestage.writes.carry_out``).

It never puts a request body, a request header or a library's exception text into an exception
or a warning, so secrets cannot leak through it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import random
import ssl
import threading
import time
import traceback
import warnings

from ansible.module_utils.six.moves.urllib.parse import urlsplit

try:
    import requests
    import requests.adapters
    from requests import exceptions as requests_errors
    from urllib3.exceptions import ConnectTimeoutError, InsecureRequestWarning
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    NOT_SENT,
    UNKNOWN,
    HuaweiCloudApiError,
)

USER_AGENT = "huaweicloud.servicestage-ansible"
# Statuses worth another try: throttling and gateway/server hiccups.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Hints for every endpoint; a transport is given its own for 401, 403 and 404 (they depend on
# the endpoint, the step and what was used).
THROTTLED_HINT = "The API is throttling requests; try again later or raise the retries option"
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 20.0
# The time one step may take, over all its attempts, the waits between them and the checks of a
# write (or the timeout, when that is longer).
RETRY_BUDGET_SECONDS = 60.0
# A retry is not started with less time than this left of the budget.
MIN_ATTEMPT_SECONDS = 1.0
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# Of an attempt's time, the part that connecting may not take: a connection made so late that the
# request would leave after the attempt's deadline is refused instead (then it certainly was not sent).
CONNECT_MARGIN_SECONDS = 0.5
PROXY_CREDENTIALS_HINT = ("the proxy asked for credentials (HTTP 407 Proxy Authentication Required): give its user and "
                          "password in the proxy URL (http://user:password@host:port, percent-encoded), or check them")


class AnswerDeadline(Exception):
    """The answer did not arrive whole within the attempt's time."""


class Budget:
    """The time one step may take: its attempts, the waits between them, and the checks of a write."""

    def __init__(self, seconds, clock):
        self.seconds = seconds
        self._clock = clock
        self._started = clock()

    def spent(self):
        return self._clock() - self._started

    def left(self):
        return self.seconds - self.spent()


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


def tls_verify_setting(validate_certs, ca_path, environ, uses_tls=True):
    """(what requests' verify gets, errors). TLS verification is off only with validate_certs=false:
    otherwise requests gets a CA path it cannot take for false (ca_path, else REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE when set, else requests' own bundle). requests 2.25 took CURL_CA_BUNDLE="" for
    verify=False when given verify=True. uses_tls: whether any endpoint of the task is https; when
    none is, a CA bundle variable of the environment is not looked at (ca_path still is)."""
    if not validate_certs:
        return False, []
    if ca_path:
        if not os.path.exists(ca_path):
            return None, ["ca_path (or HUAWEICLOUD_CA_PATH) names %s, which does not exist" % ca_path]
        return ca_path, []
    for variable in CA_BUNDLE_VARIABLES if uses_tls else ():
        value = environ.get(variable)
        if value:
            if not os.path.exists(value):
                return None, ["the environment variable %s names %s, which does not exist; fix or unset it, "
                              "or give ca_path" % (variable, value)]
            return value, []
    return requests.certs.where(), []


def new_session():
    """The one requests.Session of a task; every transport of the task shares it. Its connections refuse
    to send for an attempt whose deadline has passed (see _Attempt)."""
    session = requests.Session()
    adapter = _DeadlineAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


# The attempt the current thread's request belongs to (set in the worker thread of _exchange).
_current = threading.local()


class _Attempt:
    """One attempt of a request, run in a worker thread. Once its deadline passes it is abandoned: its
    connections send nothing more (a connection made late, through a slow proxy tunnel say, would
    otherwise send the request after the caller took it for unknown and read back, and a write could
    happen twice), and the sockets it opened are shut, so that its thread ends."""

    def __init__(self):
        self.abandoned = False
        self._lock = threading.Lock()
        self._sockets = []

    def uses(self, sock):
        """A socket of this attempt; one opened after the deadline is shut at once (ConnectionAbortedError)."""
        with self._lock:
            if self.abandoned:
                _shut(sock)
                raise ConnectionAbortedError("the attempt's deadline passed before the request was sent")
            self._sockets.append(sock)

    def abandon(self):
        with self._lock:
            self.abandoned = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock):
    import socket
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _DeadlineConnection:
    """Mixed into urllib3's connection classes (plain, TLS, SOCKS): a request of an abandoned attempt is
    never sent, and every socket it opens or uses can be shut by the attempt."""

    def _new_conn(self):
        sock = super(_DeadlineConnection, self)._new_conn()  # pylint: disable=no-member
        attempt = getattr(_current, "attempt", None)
        if attempt is not None:
            attempt.uses(sock)
        return sock

    def send(self, data):
        if getattr(self, "sock", None) is None:
            self.connect()  # pylint: disable=no-member
        attempt = getattr(_current, "attempt", None)
        if attempt is not None:
            attempt.uses(self.sock)
        return super(_DeadlineConnection, self).send(data)  # pylint: disable=no-member


_GATED = {}


def _gated(pool_class):
    """pool_class with a connection class that has _DeadlineConnection mixed in (made once per class)."""
    if getattr(pool_class, "huaweicloud_gated", False):
        return pool_class
    if pool_class not in _GATED:
        connection = type("Deadline" + pool_class.ConnectionCls.__name__, (_DeadlineConnection, pool_class.ConnectionCls), {})
        _GATED[pool_class] = type("Deadline" + pool_class.__name__, (pool_class,),
                                  {"ConnectionCls": connection, "huaweicloud_gated": True})
    return _GATED[pool_class]


def _gate(manager):
    manager.pool_classes_by_scheme = dict((scheme, _gated(pool_class))
                                          for scheme, pool_class in manager.pool_classes_by_scheme.items())
    return manager


class _DeadlineAdapter(requests.adapters.HTTPAdapter if HAS_REQUESTS else object):
    """requests' adapter whose pools (direct, through a proxy, through SOCKS) use _DeadlineConnection."""

    def init_poolmanager(self, *args, **kwargs):
        super(_DeadlineAdapter, self).init_poolmanager(*args, **kwargs)
        _gate(self.poolmanager)

    def proxy_manager_for(self, *args, **kwargs):
        return _gate(super(_DeadlineAdapter, self).proxy_manager_for(*args, **kwargs))


def _error_fields(payload):
    """error_code and error_msg from any of the error body shapes Huawei Cloud APIs use."""
    if not isinstance(payload, dict):
        return None, None
    source = payload.get("error") if isinstance(payload.get("error"), dict) else payload
    code = source.get("error_code") or source.get("errorCode") or source.get("code")
    message = (source.get("error_msg") or source.get("error_message")
               or source.get("errorMessage") or source.get("message"))
    return (code if isinstance(code, str) else None), (message if isinstance(message, str) else None)


def _describe_body(headers, content):
    content_type = (headers.get("Content-Type") or "no content type").split(";")[0]
    return "a body that is not JSON (%s, %d bytes)" % (content_type, len(content))


def _read_json(content):
    """(payload, readable): the JSON of a body; not readable when it is not UTF-8 JSON, or nested
    too deeply for the parser."""
    if not content:
        return None, True
    try:
        return json.loads(content.decode("utf-8")), True
    except (ValueError, RecursionError):
        return None, False


class HuaweiCloudTransport:
    """Sends JSON requests to one service endpoint through the task's requests.Session."""

    def __init__(self, endpoint, auth, session=None, tls_verify=True, timeout=30, retries=3, warn=None,
                 sleep=time.sleep, clock=time.monotonic, proxy=None, on_step=None, hints=None, service="ServiceStage"):
        self.endpoint = endpoint.rstrip("/")
        # whose API this is, for messages: "ServiceStage" or "IAM"
        self.service = service
        parts = urlsplit(self.endpoint)
        self._netloc = parts.netloc
        self._base_path = parts.path
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self._warn = warn or (lambda message: None)
        self._sleep = sleep
        self._clock = clock
        self._on_step = on_step or (lambda step, service: None)
        # {(step, status), error code or status: hint} added to an error message of this endpoint, in that order
        self._hints = hints or {}
        self.last_status = None
        self.last_headers = {}
        # the budget of the step this thread is in (within())
        self._step = threading.local()
        self.tls_verify = tls_verify
        self.proxies = {"http": proxy, "https": proxy} if proxy else None
        self.session = session if session is not None else new_session()

    def budget(self):
        """A new time budget for one step."""
        return Budget(max(RETRY_BUDGET_SECONDS, self.timeout), self._clock)

    def within(self, budget):
        """Until the returned callable is called, every request of this thread without a budget of its own is sent
        within this one (a write, its checks and its attempts share their step's budget)."""
        self._step.budget = budget

        def end():
            self._step.budget = None
        return end

    def send(self, method, path, step, body=None, budget=None, safe=None, read_body=True):
        """Send one API request; return its JSON payload (None for an empty body, or when read_body
        is false: a 2xx answer to a DELETE needs no body at all).

        Sent again, within the retries and the budget, only when that is safe: a read (GET, or
        what the caller marks safe) after any failure that another try can help; any request
        that was certainly not sent. A failure raises HuaweiCloudApiError saying what is known.
        """
        safe = method == "GET" if safe is None else safe
        budget = budget or getattr(self._step, "budget", None) or self.budget()
        attempt = 0
        while True:
            attempt += 1
            self._on_step(step, self.service)
            try:
                return self._send_once(method, path, step, body, attempt, budget, read_body)
            except HuaweiCloudApiError as error:
                if attempt > self.retries or not self.may_send_again(error, safe):
                    raise
                self.pause(error, attempt, budget)

    @staticmethod
    def may_send_again(error, safe):
        """Whether sending again is safe and may help: never for a write whose fate is unknown."""
        if not error.transient:
            return False
        if error.sent is None:
            return safe and error.status in RETRY_STATUSES
        return error.sent == NOT_SENT or safe

    def pause(self, error, attempt, budget):
        """Wait before attempt + 1 (Retry-After, else backoff) and warn; raise error, with the reason,
        when the wait and a useful attempt after it do not fit in what is left of the budget."""
        wait = error.retry_after
        if wait is None:
            wait = backoff_seconds(attempt - 1)
        if wait + min(self.timeout, MIN_ATTEMPT_SECONDS) > budget.left():
            raise error.derived("%s. Gave up after %.0f s: the next wait (%.0f s) and attempt would pass the %.0f s "
                                "retry budget" % (error.message.rstrip("."), budget.spent(), wait, budget.seconds))
        self._warn("%s: %s; retrying in %.1f s (attempt %d of %d)."
                   % (error.headline(), error.message, wait, attempt + 1, self.retries + 1))
        self._sleep(wait)

    def answer_error(self, step, message, sent=None):
        """An error for the last answer: successful, but without what the step needs."""
        return self.error(step, message, status=self.last_status, sent=sent, transient=False,
                          request_id=self.last_headers.get("X-Request-Id"))

    def error(self, step, message, **fields):
        """An error of this endpoint's service."""
        return HuaweiCloudApiError(step, message, service=self.service, **fields)

    def _send_once(self, method, path, step, body, attempt, budget, read_body):
        timeout = min(self.timeout, budget.left())
        if timeout <= 0:
            raise self.error(step, "the %.0f s retry budget was spent before this request could be sent"
                             % budget.seconds, attempts=attempt, sent=NOT_SENT, transient=False)
        url = self._base_path + path
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Host": self._netloc}
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json;charset=UTF-8"
        self.auth.apply(method, url, headers, data)
        try:
            response, content = self._exchange(method, self.endpoint + path, data, headers, timeout)
        except requests_errors.RequestException as exc:
            raise self._network_error(exc, step, attempt, timeout) from None
        except AnswerDeadline:
            raise self.error(step, self._deadline_message(" through the proxy" if self.proxies else "", timeout),
                             attempts=attempt, sent=UNKNOWN) from None
        self.last_status, self.last_headers = response.status_code, response.headers
        return self._read_response(response.status_code, response.headers, content, step, attempt, read_body)

    def _deadline_message(self, via_proxy, timeout):
        # requests' read timeout and the deadline say the same: which of the two came first does not matter
        return "no complete answer from %s%s within %s s (raise timeout if the API is that slow)" % (
            self.endpoint, via_proxy, _seconds(timeout))

    def _exchange(self, method, url, data, headers, timeout):
        """(response, its whole body) within timeout seconds of wall time, or AnswerDeadline.

        requests' timeouts bound each socket operation, not the answer: a server (or proxy) that
        trickles its headers or body a byte at a time keeps every read alive. So the exchange runs in
        a worker thread that the deadline abandons: from then on its connections send nothing (a request
        never leaves after its deadline: past it, it either was sent, fate unknown, or never will be) and
        its sockets are shut, so that the thread ends. Connecting may take all but CONNECT_MARGIN_SECONDS
        of the time, so that a connection that times out says so (certainly not sent).
        """
        exchanged = {}
        attempt = _Attempt()

        def exchange():
            _current.attempt = attempt
            try:
                with warnings.catch_warnings():
                    # validate_certs=false is the user's explicit choice, which the task reports once,
                    # instead of urllib3's warning on every request (and only here: a lookup runs in the controller)
                    warnings.simplefilter("ignore", InsecureRequestWarning)
                    response = self.session.request(
                        method, url, data=data, headers=headers, verify=self.tls_verify, proxies=self.proxies,
                        timeout=(max(timeout - CONNECT_MARGIN_SECONDS, timeout / 2.0), timeout),
                        allow_redirects=False, auth=_headers_as_set, stream=True)
                    exchanged["answer"] = (response, response.content)
            except Exception as exc:  # pylint: disable=broad-exception-caught
                exchanged["error"] = exc  # raised in the caller's thread

        worker = threading.Thread(target=exchange, name="huaweicloud-request", daemon=True)
        worker.start()
        worker.join(timeout)
        if "error" in exchanged:
            raise exchanged["error"]
        if "answer" not in exchanged:
            attempt.abandon()
            raise AnswerDeadline()
        return exchanged["answer"]

    def _network_error(self, exc, step, attempt, timeout):
        """The error for a request that got no HTTP answer: whether it was sent, whether another
        try can help, and the reason, never the exception's own text."""
        def error(message, sent, transient=True):
            return self.error(step, message, attempts=attempt, sent=sent, transient=transient)

        root = _root_cause(exc)
        via_proxy = " through the proxy" if _caused_by(exc, requests_errors.ProxyError) else ""
        if isinstance(exc, (requests_errors.InvalidHeader, requests_errors.InvalidURL, requests_errors.MissingSchema,
                            requests_errors.InvalidSchema, requests_errors.URLRequired)):
            # Refused while the request was built (its text may quote a header value): type only.
            return error("the request to %s could not be built (%s)" % (self.endpoint, type(exc).__name__),
                         NOT_SENT, transient=False)
        if isinstance(exc, requests_errors.ConnectTimeout):
            return error("could not connect to %s%s within %s s" % (self.endpoint, via_proxy, _seconds(timeout)),
                         NOT_SENT)
        if _caused_by(exc, ConnectTimeoutError):
            # Refused, timed out while connecting, or the name did not resolve, to the API or to
            # the proxy: no byte of the request left.
            return error("could not connect to %s%s (%s)" % (self.endpoint, via_proxy, _reason(root)), NOT_SENT)
        if via_proxy and isinstance(root, OSError) and str(root).startswith("Tunnel connection failed: 407"):
            # Sending again cannot help: the proxy wants credentials (its words hold none of ours).
            return error("%s refused the tunnel to %s: %s" % (self._proxy_label(), self.endpoint, PROXY_CREDENTIALS_HINT),
                         NOT_SENT, transient=False)
        if via_proxy and isinstance(root, OSError) and str(root).startswith("Tunnel connection failed"):
            # The proxy refused the CONNECT tunnel (http.client's words): the request never left.
            return error("the proxy refused the tunnel to %s (%s)" % (self.endpoint, str(root)[:120]), NOT_SENT)
        if isinstance(exc, requests_errors.SSLError) and isinstance(root, ssl.SSLCertVerificationError):
            return error("TLS certificate verification failed for %s (%s). Give the CA bundle with ca_path, "
                         "or set validate_certs=false only for a test endpoint you trust."
                         % (self.endpoint, _reason(root)), NOT_SENT, transient=False)
        if isinstance(exc, requests_errors.ReadTimeout):
            return error(self._deadline_message(via_proxy, timeout), UNKNOWN)
        if isinstance(exc, requests_errors.SSLError):
            return error("TLS error with %s%s (%s)" % (self.endpoint, via_proxy, _reason(root)), UNKNOWN)
        if isinstance(exc, requests_errors.ConnectionError):
            return error("the connection to %s%s broke before an answer came (%s)"
                         % (self.endpoint, via_proxy, _reason(root)), UNKNOWN)
        if isinstance(exc, requests_errors.ChunkedEncodingError):
            return error("the answer from %s broke off (%s)" % (self.endpoint, _reason(root)), UNKNOWN)
        # Anything else may quote what was sent: only its type is shown.
        return error("the request to %s could not be completed (%s)" % (self.endpoint, type(exc).__name__), UNKNOWN)

    def _read_response(self, status, headers, content, step, attempt, read_body):
        request_id = headers.get("X-Request-Id")
        if 200 <= status < 300 and not read_body:
            return None
        payload, readable = _read_json(content)
        if 200 <= status < 300:
            if not readable:
                raise self.error(
                    step, "HTTP %d with %s where JSON was expected; check that %s" % (
                        status, _describe_body(headers, content),
                        "iam_endpoint is Huawei Cloud IAM" if self.service == "IAM" else "the endpoint is the ServiceStage API"),
                    status=status, request_id=request_id, attempts=attempt, sent=UNKNOWN, transient=False)
            return payload
        if status == 407:
            # a plain-HTTP proxy's own answer (an API answers 401, never 407): the request never reached the API
            raise self.error(step, "HTTP 407 from %s: %s" % (self._proxy_label(), PROXY_CREDENTIALS_HINT),
                             status=status, request_id=request_id, attempts=attempt, sent=NOT_SENT, transient=False)
        code, message = _error_fields(payload)
        text = "HTTP %d" % status
        if code:
            text += " %s" % code
        if message:
            text += ": %s" % message.strip().rstrip(".")
        if not readable:
            text += " with %s" % _describe_body(headers, content)
        hint = (self._hints.get((step, status)) or (code and self._hints.get(code)) or self._hints.get(status)
                or (THROTTLED_HINT if status == 429 else None))
        if hint:
            text += ". " + hint
        raise self.error(step, text, status=status, error_code=code, error_msg=message, request_id=request_id,
                         attempts=attempt, retry_after=parse_retry_after(headers.get("Retry-After")),
                         empty_body=not content.strip())

    def _proxy_label(self):
        """The proxy in use (the option's, else the environment's), named without its user information."""
        if self.proxies:
            proxy = self.proxies["https"]
        else:
            proxy = requests.utils.select_proxy(self.endpoint, requests.utils.get_environ_proxies(self.endpoint)) or ""
        rest = proxy.split("://", 1)[1] if "://" in proxy else proxy
        return "the proxy %s" % rest.rpartition("@")[2].rstrip("/") if rest else "a proxy"


def _headers_as_set(prepared_request):
    """The request's own auth: without one, requests would take credentials from ~/.netrc and
    replace the Authorization header (an AK/SK signature) with them."""
    return prepared_request


def _seconds(value):
    return ("%.1f" % value).rstrip("0").rstrip(".")


def _causes(exc):
    """exc and the exceptions behind it: urllib3's reason, __cause__, __context__, or an exception argument."""
    seen = []
    while exc is not None and all(exc is not other for other in seen):
        seen.append(exc)
        argument = next((arg for arg in exc.args if isinstance(arg, BaseException)), None)
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
