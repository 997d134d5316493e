# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options at the edges: regions and URLs that could carry a host, credentials of
the environment that must not mix into the task's own, CA bundles the environment names, proxy
passwords with URL delimiters, and timeouts that are not numbers. Each is refused (or masked)
before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests.certs

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import resolve_auth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import (
    proxy_errors,
    scope_errors,
    url_errors,
    url_secrets,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import tls_verify_setting
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_password_auth as password_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import shown

PRESENT = dict(name="unit-auth", user="bot", password="unit-Secret-pw-51")


@pytest.mark.parametrize("region, valid", [
    ("cn-north-4", True), ("ap-southeast-1", True), ("af-south-1", True), ("cn-southwest-2", True),
    ("la-north-2", True), ("ru-moscow-1", True),
    ("x@evil.example:443/?", False), ("cn-north-4.evil.example", False), ("CN-NORTH-4", False),
    ("cn-north-4/", False), ("cn", False), ("cn-north-4-a-b", False), ("cn-north-4\n", False), ("", True),
])
def test_region_must_be_a_region_name(region, valid):
    assert (scope_errors({"region": region, "project_id": None}) == []) is valid


@pytest.mark.parametrize("project_id, valid", [
    ("0123456789abcdef0123456789abcdef", True), ("0123456789ABCDEF0123456789ABCDEF", True),
    ("my-project", False), ("0123456789abcdef0123456789abcde", False), ("0123456789abcdef0123456789abcdef0", False),
    ("0123456789abcdef/123456789abcdef", False), ("0123456789abcdefg123456789abcdef", False),
])
def test_project_id_must_be_32_hexadecimal_characters(project_id, valid):
    assert (scope_errors({"region": None, "project_id": project_id}) == []) is valid


@pytest.mark.parametrize("url, problem", [
    ("https://servicestage.cn-north-4.myhuaweicloud.com", None),
    ("http://127.0.0.1:8080", None),
    ("https://gateway.example.com/servicestage", None),
    ("https://servicestage.x@evil.example:443/?.myhuaweicloud.com", "must not hold credentials"),
    ("https://user:pa55@host.example.com", "must not hold credentials"),
    ("https://host.example.com?x=1", "must not have a query or fragment"),
    ("https://host.example.com/#top", "must not have a query or fragment"),
    ("ftp://host.example.com", "must be an http(s) URL with a host"),
    ("https://", "must be an http(s) URL with a host"),
    ("host.example.com", "must be an http(s) URL with a host"),
    ("https://host.example.com:99999", "is not a valid URL"),
])
def test_url_table(url, problem):
    errors = url_errors("endpoint", url)
    assert (errors == []) if problem is None else (problem in errors[0])
    assert all("pa55" not in error and "evil" not in error for error in errors)


def test_a_region_that_carries_a_host_is_refused_before_any_request(run_module, emulator):
    code, result = run_module(password_module.main, endpoint=None, region="x@evil.example:443/?", **PRESENT)
    assert code == 1
    assert "region must be a Huawei Cloud region name" in result["msg"] and "nothing was sent" in result["msg"]
    assert emulator.log == []


AK, SK = "AKUNITCONNECTION0001", "SKunit-connection-secret"
ENVIRONMENT = {"HUAWEICLOUD_SDK_AK": "AKFROMTHEENVIRONMENT", "HUAWEICLOUD_SDK_SK": "SK-from-the-environment",
               "HUAWEICLOUD_SDK_SECURITY_TOKEN": "stale-security-token", "HW_AUTH_TOKEN": "stale-token",
               "HUAWEICLOUD_IAM_PASSWORD": "iam-password-from-the-environment"}


@pytest.mark.parametrize("params, environ, method, credentials, error", [
    # access keys in the task: a stale security token of the shell is not read
    (dict(access_key=AK, secret_key=SK), ENVIRONMENT, "access key",
     dict(access_key=AK, secret_key=SK, security_token=None), None),
    # a token in the task: the environment's keys neither conflict nor mix in
    (dict(auth_token="task-token"), ENVIRONMENT, "auth_token", dict(auth_token="task-token"), None),
    # half a method in the task is not completed from the environment
    (dict(iam_user="deploy", iam_domain="acct"), ENVIRONMENT, "IAM password",
     dict(iam_user="deploy", iam_domain="acct", iam_password=None), "IAM password credentials also need iam_password"),
    (dict(security_token="task-security-token"), ENVIRONMENT, "access key",
     dict(access_key=None, secret_key=None, security_token="task-security-token"),
     "access key credentials also need access_key, secret_key"),
    # nothing in the task: the environment, whole
    ({}, {"HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK, "HUAWEICLOUD_SDK_SECURITY_TOKEN": "env-security-token"},
     "access key", dict(access_key=AK, secret_key=SK, security_token="env-security-token"), None),
    ({}, ENVIRONMENT, None, {}, "the environment holds credentials for auth_token and access key"),
])
def test_the_environment_never_mixes_into_the_tasks_credentials(params, environ, method, credentials, error):
    options = dict.fromkeys(("auth_token", "access_key", "secret_key", "security_token", "iam_user", "iam_password",
                             "iam_domain"))
    options.update(params)
    got_method, got_credentials, errors = resolve_auth(options, environ)
    assert (got_method, got_credentials) == (method, credentials)
    assert (errors == []) if error is None else (error in errors[0])


def test_ca_path_selection_never_gives_requests_something_it_takes_for_false(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not read here")
    other = tmp_path / "other.pem"
    other.write_text("not read here")
    certifi = requests.certs.where()
    assert tls_verify_setting(True, None, {"CURL_CA_BUNDLE": ""}) == (certifi, [])
    assert tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": ""}) == (certifi, [])
    assert tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": str(bundle), "CURL_CA_BUNDLE": ""}) == (str(bundle), [])
    assert tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": str(other)}) == (str(other), [])
    assert tls_verify_setting(True, str(bundle), {"REQUESTS_CA_BUNDLE": str(other)}) == (str(bundle), [])
    assert tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": str(tmp_path)}) == (str(tmp_path), [])
    assert tls_verify_setting(False, str(bundle), {"REQUESTS_CA_BUNDLE": str(other)}) == (False, [])
    value, errors = tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": "/nonexistent/ca.pem"})
    assert errors == ["the environment variable REQUESTS_CA_BUNDLE names /nonexistent/ca.pem, which does not exist; "
                      "fix or unset it, or give ca_path"]
    assert tls_verify_setting(True, "/nonexistent/ca.pem", {})[1] == [
        "ca_path (or HUAWEICLOUD_CA_PATH) names /nonexistent/ca.pem, which does not exist"]
    # a stale variable does not stop a task whose endpoints are all http (no TLS at all)
    assert tls_verify_setting(True, None, {"REQUESTS_CA_BUNDLE": "/nonexistent/ca.pem"}, uses_tls=False) == (certifi, [])


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_ca_bundle_variable_naming_a_missing_file_is_a_configuration_error(run_module, emulator, monkeypatch, variable):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv(variable, "/nonexistent/bundle.pem")
    # an https endpoint (nothing listens on port 9: the check must come before any request)
    code, result = run_module(password_module.main, endpoint="https://127.0.0.1:9", **PRESENT)
    assert code == 1
    assert "%s names /nonexistent/bundle.pem, which does not exist" % variable in result["msg"]
    assert "bug of the collection" not in result["msg"] and "nothing was sent" in result["msg"]
    # the emulator's endpoint is http: no TLS, so the stale variable does not stop the task
    code, result = run_module(password_module.main, **PRESENT)
    assert code == 0 and result["changed"] is True


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), float("-inf"), 0, -5])
def test_a_timeout_that_is_not_a_positive_finite_number_is_refused(run_module, emulator, timeout):
    code, result = run_module(password_module.main, timeout=timeout, **PRESENT)
    assert code == 1
    assert "timeout must be a positive, finite number of seconds" in result["msg"]
    assert "bug of the collection" not in result["msg"] and emulator.log == []


def test_a_timeout_from_the_environment_is_checked_too(run_module, emulator, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_TIMEOUT", "nan")
    code, result = run_module(password_module.main, **PRESENT)
    assert code == 1 and "timeout must be a positive, finite number" in result["msg"]


@pytest.mark.parametrize("password, text", [
    ("pa#ss-Proxy-77", "percent-encode them"), ("pa/ss-Proxy-77", "percent-encode them"),
    ("pa?ss-Proxy-77", "percent-encode them"), ("p@ss-Proxy-77#/?", "percent-encode them"),
    (u"p\u00e4ss-\u20ac-Proxy-77", "outside Latin-1"), ("p%E2%82%ACss-Proxy-77", "outside Latin-1"),
])
def test_a_proxy_password_requests_cannot_send_is_refused_and_never_shown(run_module, emulator, password, text):
    code, result = run_module(password_module.main, proxy="http://squid:%s@127.0.0.1:3128" % password, **PRESENT)
    assert code == 1
    assert text in result["msg"] and "nothing was sent" in result["msg"] and emulator.log == []
    assert shown(result, password, password.replace("#", "").replace("/", "").replace("?", "")) == []


@pytest.mark.parametrize("password, encoded", [("p@ss-Proxy-77", "p@ss-Proxy-77"), ("pa#ss/Proxy?77", "pa%23ss%2FProxy%3F77")])
def test_a_proxy_password_is_masked_raw_and_percent_encoded(run_module, emulator, password, encoded):
    # the proxy is unreachable (port 9): the failure message names it, never its password
    code, result = run_module(password_module.main, proxy="http://squid:%s@127.0.0.1:9" % encoded, retries=0, **PRESENT)
    assert code == 1 and "could not connect to %s through the proxy" % emulator.url in result["msg"]
    assert shown(result, password, encoded) == []
    # the arguments as returned (ansible-core 2.21 returns none on failure) show the proxy masked
    shown_proxy = result.get("invocation", {}).get("module_args", {}).get("proxy", "")
    assert password not in shown_proxy and encoded not in shown_proxy


@pytest.mark.parametrize("bad_argument", [dict(retries="many"), dict(unknown_option=1), dict(timeout="soon")])
def test_url_passwords_are_masked_when_argument_validation_fails(run_module, emulator, bad_argument):
    """AnsibleModule fails before the module's own checks: the invocation it returns masks them too."""
    proxy = "http://squid:Proxy-Pw-%s@127.0.0.1:3128" % "Qz81"
    code, result = run_module(password_module.main, proxy=proxy, iam_endpoint="https://u:Iam-Url-Pw-Zq7@iam.example",
                              **dict(PRESENT, **bad_argument))
    assert code == 1
    assert shown(result, "Proxy-Pw-Qz81", "Iam-Url-Pw-Zq7") == [] and emulator.log == []


def test_url_secrets_do_not_rely_on_a_url_parser():
    assert url_secrets("http://squid:pa#ss@proxy:3128") == ["pa#ss"]
    assert url_secrets("http://squid:pa%23ss@proxy:3128") == ["pa%23ss", "pa#ss"]
    assert url_secrets("proxy.example.com:3128") == []


@pytest.mark.parametrize("url, default_scheme, masks", [
    # only a real URL holds credentials: the scp form of a Git remote is none (its "git" user is no secret)
    ("git@gitlab.example.com:group/repo.git", None, []),
    ("ssh://git@gitlab.example.com/group/repo.git", None, []),
    ("https://gitlab.example.com/group/@user", None, []),
    # the password of user:password, never the user
    ("https://ci-bot:s3cret-Pw@gitlab.example.com", None, ["s3cret-Pw"]),
    # a user given alone is a token written as the user
    ("https://glpat-TokenAsUser0123@gitlab.example.com", None, ["glpat-TokenAsUser0123"]),
    # a proxy without a scheme is an http:// one
    ("squid:Proxy-Pw@proxy.example.com:3128", "http", ["Proxy-Pw"]),
    ("squid:Proxy-Pw@proxy.example.com:3128", None, []),
    ("SOCKS5://u:Socks-Pw@proxy.example.com:1080", None, ["Socks-Pw"]),
])
def test_only_real_credentials_of_real_urls_are_masked(url, default_scheme, masks):
    assert url_secrets(url, default_scheme) == masks


@pytest.mark.parametrize("proxy", ["http://proxy@127.0.0.1:3128", "git@proxy.example.com:3128"])
def test_a_proxys_user_without_a_password_is_a_name_not_a_secret(proxy):
    assert url_secrets(proxy, "http", user_alone=False) == []
    assert url_secrets("http://proxy:Pw-1@127.0.0.1:3128", "http", user_alone=False) == ["Pw-1"]


@pytest.mark.parametrize("proxy, accepted", [
    ("http://proxy.example.com:3128", True), ("https://proxy.example.com:3129", True), ("proxy.example.com:3128", True),
    ("http://u:p%40ss@proxy.example.com:3128", True), ("socks5://proxy.example.com:1080", None),
    ("ftp://proxy.example.com:21", False), ("http://proxy.example.com:3128/path", False), ("http://:3128", False),
])
def test_proxy_schemes(proxy, accepted):
    errors, dummy = proxy_errors("proxy", proxy)
    if accepted is None:  # a SOCKS proxy: accepted when PySocks is installed
        try:
            import socks  # noqa: F401 pylint: disable=unused-import
            assert errors == []
        except ImportError:
            assert "needs PySocks" in errors[0]
    else:
        assert (errors == []) is accepted
