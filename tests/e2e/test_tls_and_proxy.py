# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TLS for real: the emulator serves HTTPS with a certificate made in the test. The module
succeeds with ca_path, fails with a clear certificate message (and no retry) without it;
proxies from the option and from HTTPS_PROXY/NO_PROXY, through a loopback CONNECT proxy."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import ipaddress
import re
from urllib.parse import quote

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.connect_proxy import ConnectProxy
from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    PROJECT_ID,
    PROXY_PASSWORD,
    TOKEN,
    leaked,
    password_task,
)

CREATE = r"/git/auths/bitbucket/password\Z"
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made with cryptography (an ansible-core dependency,
    so no openssl command is needed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(u"127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def https_emulator(certificate):
    server = ServiceStageEmulator(tokens={TOKEN: PROJECT_ID}, tls_cert=certificate[0], tls_key=certificate[1]).start()
    yield server
    server.stop()


@pytest.fixture
def proxy():
    server = ConnectProxy().start()
    yield server
    server.stop()


def only(run):
    return list(run.results().values())[0]


def test_ca_path_verifies_and_its_absence_fails_clearly(playbook, https_emulator, certificate):
    defaults = {"endpoint": https_emulator.url}
    without = only(playbook([password_task()], defaults=defaults))
    assert without["failed"] is True
    assert "TLS certificate verification failed for %s" % https_emulator.url in without["msg"]
    assert "CERTIFICATE_VERIFY_FAILED" in without["msg"] and "ca_path" in without["msg"]
    assert without["attempts"] == 1
    assert https_emulator.log == []

    # ca_path and validate_certs win over requests' REQUESTS_CA_BUNDLE from the environment
    elsewhere = {"REQUESTS_CA_BUNDLE": "/nonexistent/ca-bundle.pem"}
    with_ca = only(playbook([password_task()], defaults=dict(defaults, ca_path=certificate[0]), env=elsewhere))
    assert with_ca["changed"] is True
    assert len(https_emulator.authorizations(PROJECT_ID)) == 1

    unverified = only(playbook([password_task()], defaults=dict(defaults, validate_certs=False), env=elsewhere))
    assert unverified["changed"] is False
    assert any("TLS certificate verification is off" in warning for warning in unverified["warnings"])


def test_proxy_option_tunnels_https(playbook, https_emulator, certificate, proxy):
    defaults = {"endpoint": https_emulator.url, "ca_path": certificate[0],
                "proxy": proxy.url.replace("http://", "http://squid:{{ other_password }}@")}
    result = only(playbook([password_task()], defaults=defaults))
    assert result["changed"] is True
    assert proxy.targets == ["127.0.0.1:%d" % https_emulator.port]
    assert proxy.proxy_authorizations[0].startswith("Basic ")


def test_proxy_from_environment_and_no_proxy(playbook, emulator, proxy):
    via = only(playbook([password_task()], env={"HTTP_PROXY": proxy.url}))
    assert via["changed"] is True
    assert proxy.targets == ["127.0.0.1:%d" % emulator.port]
    direct = only(playbook([password_task()], env={"HTTP_PROXY": proxy.url, "NO_PROXY": "localhost,127.0.0.1"}))
    assert direct["changed"] is False
    assert len(proxy.targets) == 1


def test_unreachable_proxy_is_a_clear_error(playbook, emulator):
    result = only(playbook([password_task()], defaults={"proxy": "http://127.0.0.1:9", "retries": 0}))
    assert result["failed"] is True
    assert "through the proxy" in result["msg"]
    assert emulator.log == []


@pytest.mark.parametrize("tunnel", [False, True], ids=["forwarded-http", "connect-tunnel"])
def test_a_create_whose_answer_the_proxy_lost_is_listed_before_any_second_write(
        playbook, emulator, https_emulator, certificate, proxy, tunnel):
    """The API carried the create out, then the connection through the proxy broke before the answer
    came back: exactly one create, a list before any second write, changed, and nobody else blamed."""
    server = https_emulator if tunnel else emulator
    defaults = {"endpoint": server.url, "proxy": proxy.url}
    if tunnel:
        defaults["ca_path"] = certificate[0]
    server.add_faults([dict(method="POST", path=CREATE, drop=True, commit=True)])
    result = only(playbook([password_task()], defaults=defaults))
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    assert result["msg"] == "created authorization 'bitbucket-ci': it does not exist"
    assert any("listing shows it was carried out" in warning for warning in result["warnings"])
    assert [(entry["method"], entry["outcome"]) for entry in server.log] == [("GET", 200), ("POST", 200), ("GET", 200)]
    assert [fault.hits for fault in server.faults] == [1]
    assert set(proxy.targets) == {"127.0.0.1:%d" % server.port}


def test_a_post_first_on_its_connection_keeps_its_body_through_the_proxy(proxy, emulator):
    """The test proxy itself: a POST that opens its connection reaches the emulator whole."""
    import json
    import requests
    answer = requests.post(emulator.url + "/v1/%s/git/auths/bitbucket/password" % PROJECT_ID, timeout=5,
                           data=json.dumps({"name": "proxy-body", "user": "u", "password": "p"}),
                           headers={"X-Auth-Token": TOKEN, "Content-Type": "application/json"},
                           proxies={"http": proxy.url})
    assert answer.status_code == 200
    assert [a["name"] for a in emulator.authorizations(PROJECT_ID)] == ["proxy-body"]


def test_a_proxy_password_is_never_printed_whether_it_is_sent_or_refused(playbook, emulator, proxy):
    encoded = quote(PROXY_PASSWORD, safe="")
    sent = playbook([password_task()], defaults={"proxy": proxy.url.replace("http://", "http://squid:%s@" % encoded)},
                    verbose=True)
    assert sent.rc == 0 and proxy.proxy_authorizations[0].startswith("Basic ")
    # raw, the '#', '/' and '?' would end the URL's authority: refused before any request, never shown
    refused = playbook([password_task("Raw")], verbose=True,
                       defaults={"proxy": proxy.url.replace("http://", "http://squid:%s@" % PROXY_PASSWORD)})
    assert refused.rc != 0 and "percent-encode" in refused.output and len(emulator.log) == 2
    pieces = (PROXY_PASSWORD, encoded) + tuple(piece for piece in re.split(r"[#/?]", PROXY_PASSWORD) if len(piece) > 3)
    assert leaked(sent.output + refused.output, pieces) == []


@pytest.mark.parametrize("tunnel", [False, True], ids=["forwarded-http", "connect-tunnel"])
def test_a_proxy_that_wants_credentials_fails_at_once_saying_so_and_never_shows_any(
        playbook, emulator, https_emulator, certificate, tunnel):
    """A 407 is a configuration error, not a hiccup: one attempt, no retry, the proxy named without its user
    information, the credentials given never printed (-vvvv)."""
    proxy = ConnectProxy(credentials="squid:the-right-one").start()
    try:
        server = https_emulator if tunnel else emulator
        encoded = quote(PROXY_PASSWORD, safe="")
        defaults = {"endpoint": server.url, "proxy": proxy.url.replace("http://", "http://squid:%s@" % encoded)}
        if tunnel:
            defaults["ca_path"] = certificate[0]
        run = playbook([password_task()], defaults=defaults, verbose=True)
    finally:
        proxy.stop()
    result = only(run)
    assert result["failed"] is True and result["attempts"] == 1 and proxy.refused == 1
    assert "the proxy %s" % proxy.url.split("//")[1] in result["msg"]
    assert "the proxy asked for credentials (HTTP 407 Proxy Authentication Required)" in result["msg"]
    assert "retrying" not in run.output and server.log == []
    assert leaked(run.output, (PROXY_PASSWORD, encoded)) == []


def test_a_request_whose_tunnel_opens_after_its_deadline_is_never_sent(https_emulator, certificate):
    """A CONNECT tunnel that a slow proxy opens after the attempt's deadline: the create was taken for
    unknown, listed, and sent again through a new tunnel; the late tunnel must not carry a second create."""
    import time
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import TokenAuth
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
        HuaweiCloudTransport,
        new_session,
    )
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import (
        GitAuthorizationClient,
    )
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.git_auth import (
        GitAuthorization,
        Holdings,
        wanted,
    )
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import carry_out
    # the list's tunnel opens at once, the create's first one a byte every 0.1 s (4 s in all), the rest at once
    proxy = ConnectProxy(tunnel_delays=[0, 0.1]).start()
    sleeps = []
    session = new_session()
    # one tunnel per request: a kept-alive one would carry the later requests
    session.headers["Connection"] = "close"
    transport = HuaweiCloudTransport(https_emulator.url, TokenAuth(TOKEN), session=session, retries=3, timeout=1.5,
                                     tls_verify=certificate[0], proxy=proxy.url, sleep=sleeps.append)
    try:
        client = GitAuthorizationClient(transport, PROJECT_ID)
        authorization = GitAuthorization(client, Holdings(client), "bitbucket-ci",
                                         wanted("bitbucket-ci", "bitbucket", user="ci-bot"), secret="late-Secret-pw-1")
        authorization.look_up()
        result = carry_out(transport, authorization.step("create").write)
        time.sleep(4.5)  # the late tunnel is open by now
    finally:
        proxy.stop()
    assert result.value["name"] == "bitbucket-ci" and result.by_this_task
    posts = [entry for entry in https_emulator.log if entry["method"] == "POST"]
    assert len(posts) == 1, [(entry["method"], entry["outcome"]) for entry in https_emulator.log]
