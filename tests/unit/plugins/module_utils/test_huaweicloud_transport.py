# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils

import pytest
import requests

from ansible_collections.huaweicloud.servicestage.plugins.module_utils import _huaweicloud_transport as transport_module
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HuaweiCloudApiError,
    HuaweiCloudTransport,
    backoff_seconds,
    parse_retry_after,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import TokenAuth
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN

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
    assert transport.request("GET", LIST, step="list") == {"authorizations": [], "count": 0}
    assert sleeps == []


def test_error_carries_status_code_message_and_request_id(emulator):
    transport, sleeps, dummy = make_transport(emulator, token="wrong-token-123456")
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    error = info.value
    assert (error.status, error.error_code, error.step, error.attempts) == (401, "APIG.1002", "list", 1)
    assert error.error_msg == "Incorrect token or token resolution failed"
    assert len(error.request_id) == 32
    assert "wrong-token-123456" not in str(error)
    assert sleeps == []


def test_retries_get_on_503_honouring_retry_after(emulator):
    emulator.add_faults([{"method": "GET", "status": 503, "times": 2, "headers": {"Retry-After": "3"},
                          "body": {"error_code": "APIG.0201", "error_msg": "Backend unavailable"}}])
    transport, sleeps, warnings = make_transport(emulator)
    assert transport.request("GET", LIST, step="list")["count"] == 0
    assert sleeps == [3.0, 3.0]
    assert len(warnings) == 2
    assert "HTTP 503 APIG.0201" in warnings[0] and "attempt 2 of 4" in warnings[0]


def test_gives_up_after_retries_with_attempt_count(emulator):
    emulator.add_faults([{"method": "GET", "status": 429, "times": 10, "headers": {"Retry-After": "0"}}])
    transport, sleeps, dummy = make_transport(emulator, retries=2)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert info.value.status == 429
    assert info.value.attempts == 3
    assert len(sleeps) == 2


def test_retry_after_beyond_budget_stops(emulator):
    emulator.add_faults([{"method": "GET", "status": 503, "headers": {"Retry-After": "3600"}}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert "retry budget" in info.value.message
    assert sleeps == []


def test_client_errors_are_not_retried(emulator):
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", LIST + "/svn/password", step="create", body=BODY)
    assert info.value.error_code == "SVCSTG.REPO.0401"
    assert len(emulator.log) == 1


def test_ambiguous_post_without_verify_is_not_resent(emulator):
    emulator.add_faults([{"method": "POST", "status": 502, "commit": True}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", CREATE, step="create", body=BODY)
    assert info.value.ambiguous is True
    assert len(emulator.writes()) == 1


def test_ambiguous_post_asks_verify_before_resending(emulator):
    emulator.add_faults([{"method": "POST", "drop": True}])
    transport, sleeps, dummy = make_transport(emulator)
    checks = []

    def verify():
        checks.append(len(emulator.authorizations(UNIT_PROJECT)))
        return None

    payload = transport.request("POST", CREATE, step="create", body=BODY, verify=verify)
    assert payload["authorization"]["name"] == "unit-auth"
    assert checks == [0]
    assert [entry["method"] for entry in emulator.writes()] == ["POST", "POST"]


def test_verify_result_ends_the_request(emulator):
    emulator.add_faults([{"method": "POST", "status": 504, "commit": True}])
    transport, sleeps, dummy = make_transport(emulator)
    payload = transport.request("POST", CREATE, step="create", body=BODY, verify=lambda: {"verified": True})
    assert payload == {"verified": True}
    assert len(emulator.writes()) == 1
    assert sleeps == []


def test_post_throttled_is_resent_without_verify(emulator):
    emulator.add_faults([{"method": "POST", "status": 429, "headers": {"Retry-After": "1"}}])
    transport, sleeps, dummy = make_transport(emulator)
    payload = transport.request("POST", CREATE, step="create", body=BODY)
    assert payload["authorization"]["repo_user"] == "bot"
    assert sleeps == [1.0]


def test_read_timeout_is_ambiguous(emulator):
    emulator.add_faults([{"method": "GET", "delay": 1.5}])
    transport, sleeps, warnings = make_transport(emulator, timeout=0.5)
    assert transport.request("GET", LIST, step="list")["count"] == 0
    assert "no answer" in warnings[0]

    emulator.add_faults([{"method": "POST", "delay": 1.5}])
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", CREATE, step="create", body=BODY)
    assert info.value.ambiguous is True
    assert info.value.message.startswith("no answer from %s within 0.5 s" % emulator.url)


def failing_session(transport, exception):
    """Make every request of transport raise exception (as requests would)."""
    calls = []

    def request(*args, **kwargs):
        calls.append(args[0])
        raise exception

    transport.session.request = request
    return calls


def test_connect_timeout_means_nothing_was_sent(emulator):
    transport, sleeps, warnings = make_transport(emulator, retries=2)
    calls = failing_session(transport, requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", CREATE, step="create", body=BODY)
    assert info.value.ambiguous is False
    assert info.value.message == "could not connect to %s within 5 s" % emulator.url
    assert calls == ["POST"] * 3 and len(sleeps) == 2


def test_an_unknown_library_error_shows_only_its_type(emulator):
    secret = "hdr-Secret-\n-value-91"
    transport, sleeps, warnings = make_transport(emulator)
    failing_session(transport, requests.exceptions.InvalidHeader("Invalid header value %r" % secret.encode()))
    checks = []
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", CREATE, step="create", body=BODY, verify=lambda: checks.append(1))
    assert info.value.message == "the request to %s could not be completed (InvalidHeader)" % emulator.url
    assert "hdr-Secret" not in repr(info.value.__dict__) and info.value.__suppress_context__
    assert (info.value.ambiguous, info.value.permanent, checks, sleeps) == (False, True, [1], [])


def test_tls_errors_other_than_certificates_are_retried(emulator):
    transport, sleeps, warnings = make_transport(emulator, retries=2)
    transport.endpoint = emulator.url.replace("http://", "https://")
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert info.value.message.startswith("TLS error with https://127.0.0.1:%d (SSLError: " % emulator.port)
    assert info.value.permanent is False and info.value.attempts == 3
    assert len(sleeps) == 2


def test_failed_check_after_an_ambiguous_write_says_it_may_have_happened(emulator):
    emulator.add_faults([{"method": "POST", "drop": True, "commit": True},
                         {"method": "GET", "status": 401, "body": {"error_code": "APIG.1002", "error_msg": "bad"}}])
    transport, sleeps, warnings = make_transport(emulator)

    def verify():
        return transport.request("GET", LIST, step="list")

    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("POST", CREATE, step="create", body=BODY, verify=verify)
    message = info.value.message
    assert "so the create may have been carried out; checking that by listing failed too: HTTP 401 APIG.1002" in message
    assert info.value.step == "create" and info.value.ambiguous is True
    assert len(emulator.writes()) == 1 and sleeps == []


def test_time_spent_in_timeouts_counts_against_the_budget(emulator):
    emulator.add_faults([{"method": "GET", "delay": 0.6, "times": 5}])
    moments = iter([0.0, 45.0, 100.0, 145.0, 200.0, 245.0])
    sleeps, warnings = [], []
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(UNIT_TOKEN), retries=5, timeout=0.2,
                                     warn=warnings.append, sleep=sleeps.append, clock=lambda: next(moments))
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert info.value.attempts == 2 and len(sleeps) == 1
    assert "Gave up after %.0f s" % (90 + sleeps[0]) in info.value.message
    assert "60 s retry budget" in info.value.message


def test_connection_refused_is_clear(emulator):
    transport, sleeps, dummy = make_transport(emulator, retries=0)
    emulator.stop()
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert "could not connect to %s (ConnectionRefusedError" % emulator.url in info.value.message
    assert info.value.status is None
    assert info.value.ambiguous is False


def test_non_json_success_body_is_a_clear_error(emulator):
    emulator.add_faults([{"method": "GET", "malformed": True}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert "non-JSON body (text/html" in info.value.message
    assert info.value.status == 200


def test_non_json_error_body_is_described(emulator):
    emulator.add_faults([{"method": "GET", "status": 403, "body": "<html>Forbidden</html>"}])
    transport, sleeps, dummy = make_transport(emulator)
    with pytest.raises(HuaweiCloudApiError) as info:
        transport.request("GET", LIST, step="list")
    assert info.value.message.startswith("HTTP 403 with a non-JSON body (text/html, 22 bytes)")
    assert "permission" in info.value.message


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
        transport.request("GET", LIST, step="list")
    assert len(emulator.log) == 3
    assert len(set(entry["client_port"] for entry in emulator.log)) == 1


def test_signed_requests_pass_and_stale_or_wrong_ones_are_refused():
    import time
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import AkSkAuth
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
                assert transport.request("POST", CREATE.replace("bitbucket", "devcloud"), step="create",
                                         body=dict(BODY, name="signed-%d" % len(server.log)))["authorization"]
            else:
                with pytest.raises(HuaweiCloudApiError) as info:
                    transport.request("GET", LIST + "?x=1&a=b%20c", step="list")
                assert (info.value.status, info.value.error_code) == (401, refused_with)
                assert "SKunit-secret" not in str(info.value)
    finally:
        server.stop()


def test_a_netrc_entry_for_the_host_never_replaces_the_signature(monkeypatch, tmp_path):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import AkSkAuth
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
        assert transport.request("GET", LIST, step="list") == {"authorizations": [], "count": 0}
        assert [entry["auth"] for entry in server.log] == ["aksk"]
    finally:
        server.stop()
