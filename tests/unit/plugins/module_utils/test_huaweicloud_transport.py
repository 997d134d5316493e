# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import threading

import pytest
import requests

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as transport_module
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HuaweiCloudTransport,
    backoff_seconds,
    parse_retry_after,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import TokenAuth
from ansible_collections.huaweicloud.servicestage.tests.leaks import leaked
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import FakeClock, UNIT_PROJECT, UNIT_TOKEN

LIST = "/v1/%s/git/auths" % UNIT_PROJECT
CREATE = LIST + "/bitbucket/password"
BODY = {"name": "unit-auth", "user": "bot", "password": "unit-Secret-pw-77"}


def make_transport(emulator, token=UNIT_TOKEN, retries=3, timeout=5):
    sleeps, warnings = [], []
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(token), retries=retries, timeout=timeout,
                                     warn=warnings.append, sleep=sleeps.append)
    return transport, sleeps, warnings


def test_parse_retry_after_seconds_and_date():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    date = email.utils.formatdate(1000030, usegmt=True)
    assert parse_retry_after(date, now=1000000) == pytest.approx(30.0)
    assert parse_retry_after(date, now=1000100) == 0.0


def test_backoff_grows_with_jitter_and_cap():
    for retry_number, low, high in ((0, 0.5, 1.0), (1, 1.0, 2.0), (3, 4.0, 8.0), (10, 10.0, 20.0)):
        values = [backoff_seconds(retry_number) for dummy in range(50)]
        assert all(low <= value <= high for value in values)
        assert len(set(values)) > 1


def test_list_returns_payload_and_sends_token(emulator):
    transport, sleeps, dummy = make_transport(emulator)
    assert transport.send("GET", LIST, step="list") == {"authorizations": [], "count": 0}
    assert sleeps == []


def test_error_carries_status_code_message_and_request_id(emulator):
    transport, sleeps, dummy = make_transport(emulator, token="wrong-token-123456")
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    error = info.value
    assert (error.status, error.error_code, error.step, error.attempts, error.sent) == (401, "APIG.1002", "list", 1, None)
    assert error.error_msg == "Incorrect token or token resolution failed"
    assert len(error.request_id) == 32
    assert "wrong-token-123456" not in str(error)
    assert sleeps == []


def test_retries_get_on_503_honouring_retry_after(emulator):
    emulator.add_faults([{"method": "GET", "status": 503, "times": 2, "headers": {"Retry-After": "3"},
                          "body": {"error_code": "APIG.0201", "error_msg": "Backend unavailable"}}])
    transport, sleeps, warnings = make_transport(emulator)
    assert transport.send("GET", LIST, step="list")["count"] == 0
    assert sleeps == [3.0, 3.0]
    assert len(warnings) == 2
    assert "HTTP 503 APIG.0201" in warnings[0] and "attempt 2 of 4" in warnings[0]


def test_gives_up_after_retries_with_attempt_count(emulator):
    emulator.add_faults([{"method": "GET", "status": 429, "times": 10, "headers": {"Retry-After": "0"}}])
    transport, sleeps, dummy = make_transport(emulator, retries=2)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert info.value.status == 429
    assert info.value.attempts == 3
    assert len(sleeps) == 2
    assert [fault.hits for fault in emulator.faults] == [3]


def test_retry_after_beyond_budget_stops(emulator):
    emulator.add_faults([{"method": "GET", "status": 503, "headers": {"Retry-After": "3600"}}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert "retry budget" in info.value.message
    assert sleeps == []


def test_client_errors_are_not_retried(emulator):
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", LIST + "/svn/password", step="create", body=BODY)
    assert info.value.error_code == "SVCSTG.REPO.0401"
    assert len(emulator.log) == 1


@pytest.mark.parametrize("fault, sent, status", [
    ({"method": "POST", "status": 502, "commit": True}, None, 502),
    ({"method": "POST", "status": 503}, None, 503),
    ({"method": "POST", "status": 429, "headers": {"Retry-After": "0"}}, None, 429),
    ({"method": "POST", "drop": True, "commit": True}, "unknown", None),
    ({"method": "POST", "malformed": True, "commit": True}, "unknown", 200),
])
def test_a_write_is_sent_once_and_the_error_says_what_is_known(emulator, fault, sent, status):
    emulator.add_faults([fault])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert (info.value.sent, info.value.status) == (sent, status)
    assert len(emulator.writes()) == 1 and sleeps == []


def test_a_delete_needs_no_body_from_a_2xx_answer(emulator):
    emulator.seed(UNIT_PROJECT, 1, prefix="gone-")
    emulator.add_faults([{"method": "DELETE", "malformed": True, "commit": True}])
    transport, sleeps, dummy = make_transport(emulator)
    assert transport.send("DELETE", LIST + "/gone-00000", step="delete", read_body=False) is None
    assert emulator.authorizations(UNIT_PROJECT) == []


def test_read_timeout_is_retried_for_a_read_and_unknown_for_a_write(emulator):
    emulator.add_faults([{"method": "GET", "delay": 1.5}])
    transport, sleeps, warnings = make_transport(emulator, timeout=0.5)
    assert transport.send("GET", LIST, step="list")["count"] == 0
    assert "no complete answer" in warnings[0]

    emulator.add_faults([{"method": "POST", "delay": 1.5}])
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert info.value.sent == "unknown" and info.value.attempts == 1
    assert info.value.message == "no complete answer from %s within 0.5 s (raise timeout if the API is that slow)" % (
        emulator.url)


def failing_session(transport, exception):
    """Make every request of transport raise exception (as requests would)."""
    calls = []

    def request(*args, **kwargs):
        calls.append((args[0], kwargs["timeout"]))
        raise exception

    transport.session.request = request
    return calls


def test_connect_timeout_means_nothing_was_sent_and_a_write_is_sent_again(emulator):
    transport, sleeps, warnings = make_transport(emulator, retries=2)
    calls = failing_session(transport, requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert info.value.sent == "no"
    assert info.value.message == "could not connect to %s within 5 s" % emulator.url
    assert [method for method, dummy in calls] == ["POST"] * 3 and len(sleeps) == 2


def urllib3_error(outer, inner):
    """A requests exception as requests raises it: around urllib3's MaxRetryError and its reason."""
    from urllib3.exceptions import MaxRetryError
    return outer(MaxRetryError(None, "/v1/x", reason=inner))


def test_a_proxy_that_broke_after_sending_is_unknown_and_one_that_refused_is_not_sent(emulator):
    import http.client
    from urllib3.exceptions import NewConnectionError, ProxyError
    transport, sleeps, warnings = make_transport(emulator, retries=2)
    broke = urllib3_error(requests.exceptions.ProxyError,
                          ProxyError("Unable to connect to proxy", http.client.RemoteDisconnected("closed")))
    calls = failing_session(transport, broke)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert (info.value.sent, len(calls)) == ("unknown", 1)
    assert "through the proxy broke before an answer came (RemoteDisconnected" in info.value.message

    refused = urllib3_error(requests.exceptions.ProxyError, ProxyError(
        "Unable to connect to proxy", NewConnectionError(None, "Failed to establish a new connection: refused")))
    calls = failing_session(transport, refused)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert (info.value.sent, len(calls)) == ("no", 3)
    assert info.value.message.startswith("could not connect to %s through the proxy (NewConnectionError" % emulator.url)


def test_a_proxy_that_refuses_the_tunnel_was_sent_nothing(emulator):
    """A CONNECT answered 502: no byte of the request left, so a write may be sent again."""
    import socket
    import threading
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    connects = []

    def refuse():
        while True:
            try:
                connection, dummy = listener.accept()
            except OSError:
                return
            with connection:
                connects.append(connection.recv(4096).split(b" ")[0])
                connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    threading.Thread(target=refuse, daemon=True).start()
    sleeps = []
    transport = HuaweiCloudTransport("https://127.0.0.1:9", TokenAuth(UNIT_TOKEN), retries=2, timeout=5,
                                     sleep=sleeps.append, proxy="http://127.0.0.1:%d" % listener.getsockname()[1])
    try:
        with pytest.raises(HuaweiCloudApiError) as info:
            transport.send("POST", CREATE, step="create", body=BODY)
    finally:
        listener.close()
    assert info.value.sent == "no" and connects == [b"CONNECT"] * 3 and len(sleeps) == 2
    assert info.value.message.startswith("the proxy refused the tunnel to https://127.0.0.1:9 (Tunnel connection "
                                         "failed: 502")


def test_an_invalid_header_shows_only_its_type_and_is_not_sent_again(emulator):
    secret = "hdr-Secret-\n-value-91"
    transport, sleeps, warnings = make_transport(emulator)
    failing_session(transport, requests.exceptions.InvalidHeader("Invalid header value %r" % secret.encode()))
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert info.value.message == "the request to %s could not be built (InvalidHeader)" % emulator.url
    assert leaked(repr(info.value.__dict__) + str(info.value), [secret]) == [] and info.value.__suppress_context__
    assert (info.value.sent, info.value.transient, sleeps) == ("no", False, [])


def test_an_unknown_library_error_shows_only_its_type(emulator):
    secret = "lib-Secret-value-19"
    transport, sleeps, warnings = make_transport(emulator)
    failing_session(transport, requests.exceptions.RequestException("failed with %r" % secret))
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("POST", CREATE, step="create", body=BODY)
    assert info.value.message == "the request to %s could not be completed (RequestException)" % emulator.url
    assert leaked(repr(info.value.__dict__) + str(info.value), [secret]) == []
    assert info.value.sent == "unknown" and sleeps == []


def test_tls_errors_other_than_certificates_are_retried_for_reads(emulator):
    transport, sleeps, warnings = make_transport(emulator, retries=2)
    transport.endpoint = emulator.url.replace("http://", "https://")
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert info.value.message.startswith("TLS error with https://127.0.0.1:%d (SSLError: " % emulator.port)
    assert info.value.sent == "unknown" and info.value.attempts == 3
    assert len(sleeps) == 2


def timing_out_session(transport, clock):
    """Every request waits its whole read timeout on the fake clock, then times out; returns the timeouts."""
    timeouts = []

    def request(*args, **kwargs):
        timeouts.append(kwargs["timeout"])
        clock.sleep(kwargs["timeout"][1])
        raise requests.exceptions.ReadTimeout("read timed out")

    transport.session.request = request
    return timeouts


def test_the_budget_bounds_every_attempt_and_wait_of_a_read(emulator):
    clock = FakeClock()
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(UNIT_TOKEN), retries=10, timeout=25,
                                     sleep=clock.sleep, clock=clock)
    timeouts = timing_out_session(transport, clock)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert clock.now <= 60.0
    assert timeouts[0] == (24.5, 25) and timeouts[-1][1] < 25 and len(timeouts) == 3
    assert "retry budget" in info.value.message


def test_a_timeout_longer_than_the_budget_gets_its_whole_time_once(emulator):
    clock = FakeClock()
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(UNIT_TOKEN), retries=3, timeout=90,
                                     sleep=clock.sleep, clock=clock)
    timeouts = timing_out_session(transport, clock)
    with pytest.raises(HuaweiCloudApiError):
        transport.send("GET", LIST, step="list")
    assert timeouts == [(89.5, 90)] and clock.now == 90


def test_connection_refused_is_clear(emulator):
    transport, sleeps, dummy = make_transport(emulator, retries=0)
    emulator.stop()
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert "could not connect to %s (ConnectionRefusedError" % emulator.url in info.value.message
    assert info.value.status is None
    assert info.value.sent == "no"


@pytest.mark.parametrize("body, described", [
    (None, "a body that is not JSON (text/html, 44 bytes)"),
    ("[" * 100000 + "]" * 100000, "a body that is not JSON (text/html, 200000 bytes)"),
])
def test_a_success_body_that_cannot_be_read_is_a_clear_error_and_not_retried(emulator, body, described):
    fault = {"method": "GET", "malformed": True} if body is None else {"method": "GET", "status": 200, "body": body}
    emulator.add_faults([fault])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert described in info.value.message
    assert (info.value.status, info.value.sent, info.value.attempts) == (200, "unknown", 1)
    assert "RecursionError" not in info.value.message


def test_non_json_error_body_is_described(emulator):
    emulator.add_faults([{"method": "GET", "status": 403, "body": "<html>Forbidden</html>"}])
    transport, sleeps, dummy = make_transport(emulator)
    transport._hints = {403: "Hint for 403"}
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert info.value.message == "HTTP 403 with a body that is not JSON (text/html, 22 bytes). Hint for 403"


def test_an_api_message_ending_in_a_full_stop_gets_one_before_the_hint(emulator):
    emulator.add_faults([{"method": "GET", "status": 401, "body": {"error_code": "IAM.0011", "error_msg": "Wrong. "}}])
    transport, sleeps, dummy = make_transport(emulator)
    transport._hints = {("list", 401): "Step hint", 401: "Status hint"}
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list")
    assert info.value.message == "HTTP 401 IAM.0011: Wrong. Step hint"


@pytest.mark.parametrize("payload, expected", [
    ({"error_code": "A.1", "error_msg": "m"}, ("A.1", "m")),
    ({"error_code": "A.2", "error_message": "n"}, ("A.2", "n")),
    ({"errorCode": "A.3", "errorMessage": "o"}, ("A.3", "o")),
    ({"error": {"code": "A.4", "message": "p"}}, ("A.4", "p")),
    ([], (None, None)),
])
def test_error_body_shapes(payload, expected):
    assert transport_module._error_fields(payload) == expected


def test_one_connection_is_reused_within_a_task(emulator):
    transport, dummy, dummy_warnings = make_transport(emulator)
    for dummy_index in range(3):
        transport.send("GET", LIST, step="list")
    assert len(emulator.log) == 3
    assert len(set(entry["client_port"] for entry in emulator.log)) == 1


def test_signed_requests_pass_and_stale_or_wrong_ones_are_refused():
    import time
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import AkSkAuth
    from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
    server = ServiceStageEmulator(tokens={}, access_keys={"AKUNIT": ("SKunit-secret", None)}).start()
    try:
        cases = [(AkSkAuth("AKUNIT", "SKunit-secret", project_id=UNIT_PROJECT), None),
                 (AkSkAuth("AKUNIT", "SKunit-secret", clock=lambda: time.time() - 16 * 60), "APIG.0304"),
                 (AkSkAuth("AKUNIT", "SKunit-secret", clock=lambda: time.time() + 14 * 60), None),
                 (AkSkAuth("AKUNIT", "other-secret"), "APIG.0303"),
                 (AkSkAuth("AKOTHER", "SKunit-secret"), "APIG.0303")]
        for auth, refused_with in cases:
            transport = HuaweiCloudTransport(server.url, auth, retries=0)
            if refused_with is None:
                assert transport.send("POST", CREATE.replace("bitbucket", "devcloud"), step="create",
                                      body=dict(BODY, name="signed-%d" % len(server.log)))["authorization"]
            else:
                with pytest.raises(HuaweiCloudApiError) as info:
                    transport.send("GET", LIST + "?x=1&a=b%20c", step="list")
                assert (info.value.status, info.value.error_code) == (401, refused_with)
                assert "SKunit-secret" not in str(info.value)
    finally:
        server.stop()


def test_a_netrc_entry_for_the_host_never_replaces_the_signature(monkeypatch, tmp_path):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import AkSkAuth
    from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login netrc-user password netrc-Secret-77\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    server = ServiceStageEmulator(tokens={}, access_keys={"AKNETRC": ("SKnetrc-secret", None)}).start()
    try:
        transport = HuaweiCloudTransport(server.url, AkSkAuth("AKNETRC", "SKnetrc-secret", project_id=UNIT_PROJECT),
                                         retries=0)
        assert transport.send("GET", LIST, step="list") == {"authorizations": [], "count": 0}
        assert [entry["auth"] for entry in server.log] == ["aksk"]
    finally:
        server.stop()


class TricklingServer:
    """Answers every request slowly, one byte every `interval` seconds: the status line and headers
    (part="headers") or only the body (part="body"). requests' read timeout is per socket read, so
    each byte restarts it; only a deadline on the whole answer ends such a request in time."""

    def __init__(self, part, interval=0.15, total_bytes=200):
        import socket
        import threading
        self.part, self.interval, self.total_bytes = part, interval, total_bytes
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.url = "http://127.0.0.1:%d" % self.listener.getsockname()[1]
        self.requests = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        import threading
        while True:
            try:
                connection, dummy = self.listener.accept()
            except OSError:
                return
            self.requests += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection):
        import time
        body = b"{" + b" " * (self.total_bytes - 2) + b"}"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        try:
            connection.recv(65536)
            if self.part == "headers":
                head += b"".join(b"X-Slow-%d: x\r\n" % index for index in range(self.total_bytes // 16))
            else:
                connection.sendall(head + b"\r\n")
                head = b""
            for index in range(len(head)):
                connection.sendall(head[index:index + 1])
                time.sleep(self.interval)
            if head:
                connection.sendall(b"\r\n")
            for index in range(len(body)):
                connection.sendall(body[index:index + 1])
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            connection.close()

    def stop(self):
        self.listener.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickled_answer_ends_at_the_timeout_however_often_a_byte_arrives(part):
    import time
    server = TricklingServer(part)
    sleeps = []
    transport = HuaweiCloudTransport(server.url, TokenAuth(UNIT_TOKEN), retries=0, timeout=1.0, sleep=sleeps.append)
    started = time.monotonic()
    try:
        with pytest.raises(HuaweiCloudApiError) as info:
            transport.send("POST", CREATE, step="create", body=BODY)
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    # 200 bytes at 0.15 s each would take 30 s: the attempt ends at its 1 s
    assert elapsed < 1.5, elapsed
    assert info.value.sent == "unknown"
    assert info.value.message == "no complete answer from %s within 1 s (raise timeout if the API is that slow)" % server.url


def test_the_retry_budget_of_a_read_is_a_wall_clock_bound_against_a_trickling_server(monkeypatch):
    """The issue's case: a 3-second budget used to keep a task alive for 13.8 s, and succeed."""
    import time
    monkeypatch.setattr(transport_module, "RETRY_BUDGET_SECONDS", 3.0)
    # the jitter fixed: a wait of up to 1 s after a 1 s attempt would leave no room for a second one in 3 s
    monkeypatch.setattr(transport_module, "backoff_seconds", lambda retry_number: 0.5)
    server = TricklingServer("body", interval=0.15, total_bytes=90)
    transport = HuaweiCloudTransport(server.url, TokenAuth(UNIT_TOKEN), retries=10, timeout=1.0,
                                     sleep=lambda seconds: time.sleep(min(seconds, 0.2)))
    started = time.monotonic()
    try:
        with pytest.raises(HuaweiCloudApiError) as info:
            transport.send("GET", LIST, step="list")
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    assert elapsed < 3.5, elapsed
    assert "no complete answer" in info.value.message and server.requests >= 2


class ProxyAsking407:
    """A proxy that wants credentials: 407 to a CONNECT (https endpoints) and to a forwarded request (http)."""

    def __init__(self):
        import socket
        import threading
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.url = "http://127.0.0.1:%d" % self.listener.getsockname()[1]
        self.requests = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, dummy = self.listener.accept()
            except OSError:
                return
            with connection:
                self.requests.append(connection.recv(65536).split(b" ")[0])
                connection.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                                   b"realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.mark.parametrize("scheme, method", [("https", b"CONNECT"), ("http", b"POST")])
def test_a_proxy_asking_for_credentials_fails_at_once_without_showing_any(scheme, method):
    proxy = ProxyAsking407()
    sleeps = []
    user_info = "corp-user:Proxy-Pw-407-Zq"
    transport = HuaweiCloudTransport("%s://127.0.0.1:9" % scheme, TokenAuth(UNIT_TOKEN), retries=3, timeout=5,
                                     sleep=sleeps.append, proxy=proxy.url.replace("//", "//%s@" % user_info))
    try:
        with pytest.raises(HuaweiCloudApiError) as info:
            transport.send("POST", CREATE, step="create", body=BODY)
    finally:
        proxy.listener.close()
    assert proxy.requests == [method] and sleeps == []
    assert (info.value.sent, info.value.transient) == ("no", False)
    assert "the proxy %s" % proxy.url.split("//")[1] in info.value.message
    assert "the proxy asked for credentials (HTTP 407 Proxy Authentication Required)" in info.value.message
    assert leaked(str(info.value) + repr(info.value.__dict__), ["Proxy-Pw-407-Zq", user_info]) == []


def test_an_error_says_whose_api_failed():
    assert HuaweiCloudApiError("list", "x").headline() == "ServiceStage list"
    assert HuaweiCloudApiError("IAM login", "x", service="IAM").headline() == "IAM login"
    assert HuaweiCloudApiError("project lookup", "x", service="IAM").headline() == "IAM project lookup"


@pytest.mark.parametrize("body, not_found", [
    ("", True),                                          # documented: a 404 with no body
    ({"error_code": "SVCSTG.00100404", "error_msg": "component not found"}, True),
    ("<html><body>404 Not Found</body></html>", False),  # a proxy's or a web server's page
    ({"error_code": "APIG.0101", "error_msg": "The API does not exist"}, False),  # a wrong endpoint
    ({"message": "Not Found"}, False),                   # JSON, but none of the documented forms
])
def test_only_the_documented_404_answers_mean_not_found(emulator, body, not_found):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import is_not_found
    emulator.add_faults([{"method": "GET", "status": 404, "body": body}])
    transport, sleeps, dummy = make_transport(emulator, retries=0)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="component lookup")
    assert info.value.status == 404
    assert is_not_found(info.value) is not_found


def test_the_last_answer_is_the_threads_own(emulator):
    """Threads that share a transport (servicestage_components with max_parallel) each read their own last
    answer: an answer_error of one names its own request id, not the one another thread read meanwhile."""
    transport, dummy, dummy_warnings = make_transport(emulator)
    transport.send("GET", LIST, step="list")
    mine = transport.last_headers.get("X-Request-Id")
    other = []
    thread = threading.Thread(target=lambda: other.append((transport.send("GET", LIST, step="list"),
                                                           transport.last_headers.get("X-Request-Id"))))
    thread.start()
    thread.join()
    assert other[0][1] and other[0][1] != mine
    assert (transport.last_status, transport.answer_error("list", "no").request_id) == (200, mine)


def test_a_poll_sent_with_no_retries_is_sent_once(emulator):
    emulator.add_faults([{"method": "GET", "status": 503, "times": 1, "headers": {"Retry-After": "0"}}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.send("GET", LIST, step="list", retries=0)
    assert (info.value.status, info.value.attempts, len(emulator.log), sleeps) == (503, 1, 1, [])
