# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error paths of every module: header credentials, unexpected exceptions, answers of the
wrong shape, a re-create that fails halfway, and proxies from the environment. No secret
may appear in any result, and every failure says what failed and where."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HuaweiCloudTransport,
)
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_password_auth as password_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_token_auth as token_module
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

PASSWORD = u"unit-pw-\u00fcn\u00efc\u00f6d\u00e9-\n-Zq81"
PRESENT = dict(name="unit-auth", user="bot", password=PASSWORD)
LIST = r"/git/auths\Z"
CREATE = r"/git/auths/bitbucket/password\Z"
AK = "AKUNITERRORPATHS0001"
SK = "SKunit-error-paths-secret-0001"
IAM = ("unit-domain", "unit-user", "unit-Iam-Passw0rd")
REGION = "cn-north-4"


@pytest.mark.parametrize("option, value, message", [
    ("auth_token", UNIT_TOKEN + "\r\nX-Injected: 1", "auth_token holds a control character"),
    ("auth_token", UNIT_TOKEN[:5] + "\n" + UNIT_TOKEN[5:], "auth_token holds a control character"),
    ("auth_token", UNIT_TOKEN + u"-\u00e9\u00e8\U0001f511", "auth_token must be printable ASCII"),
    ("auth_token", UNIT_TOKEN + " with space", "auth_token must be printable ASCII"),
])
def test_header_credentials_with_control_characters_are_refused_unechoed(run_module, emulator, option, value, message):
    code, result = run_module(password_module.main, **dict(PRESENT, **{option: value}))
    assert code == 1
    assert message in result["msg"] and "nothing was sent" in result["msg"]
    assert emulator.log == []
    assert shown(result, value, PASSWORD, UNIT_TOKEN) == []


def test_surrounding_whitespace_of_a_token_is_stripped(run_module, emulator, monkeypatch):
    code, result = run_module(password_module.main, **dict(PRESENT, auth_token="\n " + UNIT_TOKEN + "\r\n"))
    assert (code, result["changed"]) == (0, True)
    monkeypatch.setenv("HW_AUTH_TOKEN", UNIT_TOKEN + "\n")
    code, result = run_module(password_module.main, **dict(PRESENT, auth_token=None))
    assert (code, result["changed"]) == (0, False)
    assert [entry["auth"] for entry in emulator.log] == ["token", "token", "token"]


@pytest.mark.parametrize("option", ["access_key", "secret_key", "security_token", "iam_user", "iam_domain"])
def test_every_header_credential_is_checked(run_module, emulator, option):
    credentials = dict(access_key=AK, secret_key=SK, security_token="temporary-security-token-77") if "iam" not in option \
        else dict(iam_user=IAM[1], iam_password=IAM[2], iam_domain=IAM[0], iam_endpoint=emulator.url)
    credentials[option] = credentials[option][:4] + "\x1b[2J" + credentials[option][4:]
    code, result = run_module(password_module.main, **dict(PRESENT, auth_token=None, **credentials))
    assert code == 1
    assert "%s holds a control character" % option in result["msg"]
    assert emulator.log == []


def test_unexpected_exception_shows_its_type_and_step_never_its_text(run_module, emulator, monkeypatch):
    def explode(self, *args):
        raise ValueError("parser choked on %s and %s" % (UNIT_TOKEN, PASSWORD))

    monkeypatch.setattr(HuaweiCloudTransport, "_read_response", explode)
    code, result = run_module(password_module.main, **PRESENT)
    assert code == 1
    assert result["step"] == "list"
    assert "ServiceStage list failed: unexpected ValueError" in result["msg"]
    assert shown(result, "parser choked on") == []
    assert shown(result, UNIT_TOKEN, PASSWORD) == []


def test_unexpected_exception_in_validation_is_caught_too(run_module, emulator, monkeypatch):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import connection as _huaweicloud_connection

    def explode(params, environ, methods=None):
        raise KeyError(UNIT_TOKEN)

    monkeypatch.setattr(_huaweicloud_connection, "resolve_auth", explode)
    code, result = run_module(password_module.main, **PRESENT)
    assert code == 1
    assert result["step"] == "input validation" and "unexpected KeyError" in result["msg"]
    assert shown(result, UNIT_TOKEN) == []


@pytest.fixture
def strict_emulator():
    server = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT}, access_keys={AK: (SK, None)},
                                  iam_users={IAM[:2]: IAM[2]}, region_projects={REGION: UNIT_PROJECT}).start()
    yield server
    server.stop()


TOKEN_AUTH = {}
AKSK_BY_REGION = dict(auth_token=None, access_key=AK, secret_key=SK, project_id=None, region=REGION)
IAM_LOGIN = dict(auth_token=None, iam_domain=IAM[0], iam_user=IAM[1], iam_password=IAM[2], project_id=None,
                 region=REGION)
NO_TOKEN_HEADER = {"token": {"project": {"id": UNIT_PROJECT}}}
SUBJECT = {"X-Subject-Token": "unit-subject-token-0001"}

# id, auth options, fault, failing step, text in the message
WRONG_SHAPES = [
    ("list-not-an-object", TOKEN_AUTH, dict(method="GET", path=LIST, status=200, body=[]), "list",
     "the list answer came back without an 'authorizations' list"),
    ("list-authorizations-null", TOKEN_AUTH, dict(method="GET", path=LIST, status=200, body={"authorizations": None}),
     "list", "without an 'authorizations' list"),
    ("list-entry-not-an-object", TOKEN_AUTH, dict(method="GET", path=LIST, status=200, body={"authorizations": ["x"]}),
     "list", "holds an entry that is not an authorization with a name"),
    ("iam-without-subject-token", IAM_LOGIN, dict(method="POST", path="/v3/auth/tokens", status=201, body=NO_TOKEN_HEADER),
     "IAM login", "IAM answered without an X-Subject-Token header or a project id"),
    ("iam-body-a-list", IAM_LOGIN, dict(method="POST", path="/v3/auth/tokens", status=201, body=[], headers=SUBJECT),
     "IAM login", "without an X-Subject-Token header or a project id"),
    ("iam-without-project", IAM_LOGIN, dict(method="POST", path="/v3/auth/tokens", status=201,
                                            body={"token": {"project": "cn-north-4"}}, headers=SUBJECT),
     "IAM login", "without an X-Subject-Token header or a project id"),
    ("projects-not-a-list", AKSK_BY_REGION,
     dict(method="GET", path="/v3/projects", status=200, body={"projects": {"id": UNIT_PROJECT}}),
     "project lookup", "IAM answered without a 'projects' list"),
    ("projects-body-a-list", AKSK_BY_REGION, dict(method="GET", path="/v3/projects", status=200, body=[]),
     "project lookup", "IAM answered without a 'projects' list"),
    ("projects-entry-not-an-object", AKSK_BY_REGION,
     dict(method="GET", path="/v3/projects", status=200, body={"projects": [UNIT_PROJECT]}),
     "project lookup", "IAM has no project named 'cn-north-4'"),
]


@pytest.mark.parametrize("auth, fault, step, text", [row[1:] for row in WRONG_SHAPES], ids=[row[0] for row in WRONG_SHAPES])
def test_answers_of_the_wrong_shape_fail_clearly(run_module, strict_emulator, auth, fault, step, text):
    strict_emulator.add_faults([fault])
    options = dict(PRESENT, endpoint=strict_emulator.url, iam_endpoint=strict_emulator.url)
    options.update(auth)
    code, result = run_module(password_module.main, **options)
    assert code == 1
    assert result["step"] == step
    assert text in result["msg"], result["msg"]
    assert result["status"] == fault["status"]
    assert len(result["request_id"]) == 32
    assert "unexpected" not in result["msg"]
    assert shown(result, PASSWORD, SK, IAM[2]) == []
    assert [fault.times for fault in strict_emulator.faults] == [0]


@pytest.mark.parametrize("committed, posts", [(True, 1), (False, 2)])
def test_a_create_answered_without_an_authorization_is_checked_by_listing(run_module, emulator, committed, posts):
    emulator.add_faults([dict(method="POST", path=CREATE, status=200, body={"ok": True}, commit=committed)])
    code, result = run_module(password_module.main, **PRESENT)
    assert (code, result["changed"]) == (0, True)
    assert [entry["method"] for entry in emulator.log] == ["GET", "POST", "GET"] + ["POST"] * (posts - 1)
    assert [a["repo_user"] for a in emulator.authorizations(UNIT_PROJECT)] == ["bot"]
    assert result["authorization"]["repo_user"] == "bot"
    if committed:
        assert any("the create answer succeeded but holds no 'authorization' object" in warning
                   and "listing shows it was carried out" in warning for warning in warnings_of(result))


@pytest.mark.parametrize("main, first, changed", [
    (password_module.main, PRESENT, dict(user="bot2")),
    (token_module.main, dict(name="unit-token", token="ghp_unitTokenSecret0001"), dict(repo_type="gitlab")),
])
def test_recreate_that_fails_after_the_delete_reports_the_truth(run_module, emulator, main, first, changed):
    assert run_module(main, **first)[1]["changed"] is True
    emulator.reject_credentials = True
    code, result = run_module(main, **dict(first, **changed))
    assert code == 1
    assert result["changed"] is True
    assert (result["status"], result["error_code"], result["step"]) == (400, "SVCSTG.REPO.0451", "create")
    assert "HTTP 400 SVCSTG.REPO.0451: repository authorization invalid" in result["msg"]
    assert "The repository did not accept the credentials: check the user and password (or token)" in result["msg"]
    assert "(request id %s)" % result["request_id"] in result["msg"]
    assert "The old authorization '%s' was deleted first" % first["name"] in result["msg"]
    assert "does not exist now" in result["msg"] and "run the task again" in result["msg"]
    assert emulator.authorizations(UNIT_PROJECT) == []
    assert [entry["method"] for entry in emulator.writes()] == ["POST", "DELETE", "POST"]


def test_recreate_whose_create_meets_someone_elses_is_told_truthfully(run_module, emulator):
    run_module(password_module.main, **PRESENT)
    emulator.add_faults([{"method": "POST", "status": 400, "commit": True,
                          "body": {"error_code": "SVCSTG.REPO.0403", "error_msg": "resource already exist"}}])
    code, result = run_module(password_module.main, **dict(PRESENT, user="bot2"))
    assert code == 0
    assert result["changed"] is True
    assert result["msg"] == ("deleted authorization 'unit-auth' to replace it, and someone else created it meanwhile, "
                             "as wanted: it changed while this task ran")
    assert result["authorization"]["repo_user"] == "bot2"


@pytest.mark.parametrize("variable, value, text", [
    ("HTTP_PROXY", "socks5://proxyuser:Proxy-Pa55-secret@127.0.0.1:1080", "is a SOCKS proxy, which needs PySocks"),
    ("HTTP_PROXY", "ftp://proxyuser:Proxy-Pa55-secret@127.0.0.1:21", "must be an http://, https:// or socks5:// proxy"),
    ("ALL_PROXY", "http://proxyuser:Proxy-Pa55-secret@:3128", "must name a proxy host and port"),
    ("http_proxy", "http://proxyuser:Proxy-Pa55-secret@127.0.0.1:99999", "must name a proxy host and port"),
    ("HTTP_PROXY", "http://proxyuser:Proxy#Pa55-secret@127.0.0.1:3128",
     "holds a user or password with '/', '?' or '#': percent-encode them"),
])
def test_proxies_from_the_environment_are_checked_like_the_option(run_module, emulator, monkeypatch, variable, value, text):
    monkeypatch.setenv(variable, value)
    code, result = run_module(password_module.main, **PRESENT)
    assert code == 1
    assert "the proxy that HTTPS_PROXY, HTTP_PROXY or ALL_PROXY gives %s" % text in result["msg"]
    proxy_password = value.split("//", 1)[1].rpartition("@")[0].split(":", 1)[1]
    assert shown(result, proxy_password) == []
    assert emulator.log == []


def test_no_proxy_leaves_an_environment_proxy_unused_and_unchecked(run_module, emulator, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "socks5://127.0.0.1:1080")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    code, result = run_module(password_module.main, **PRESENT)
    assert (code, result["changed"]) == (0, True)


def test_recreate_whose_create_may_have_happened_does_not_claim_it_is_gone(run_module, emulator):
    run_module(password_module.main, **PRESENT)
    emulator.add_faults([{"method": "POST", "drop": True, "commit": True},
                         {"method": "GET", "skip": 1, "status": 401,
                          "body": {"error_code": "APIG.1002", "error_msg": "expired"}}])
    code, result = run_module(password_module.main, **dict(PRESENT, user="bot2"))
    assert code == 1 and result["changed"] is True
    assert "The old authorization 'unit-auth' was deleted first" in result["msg"]
    assert "the new one may have been created although the create failed" in result["msg"]
    assert "does not exist now" not in result["msg"]
    assert [a["repo_user"] for a in emulator.authorizations(UNIT_PROJECT)] == ["bot2"]


@pytest.mark.parametrize("args, where", [
    (dict(PRESENT, passwd=u"Misspelt-Secret-\u00fc-\n-Zz41"), lambda args: args["passwd"]),
    (dict(PRESENT, tokn="Misspelt-Token-Zz42"), lambda args: args["tokn"]),
])
def test_the_value_of_an_unsupported_option_is_never_shown(run_module, emulator, args, where):
    """A misspelled secret option ("passwd:", "tokn:") is not known to be secret: Ansible would echo it in
    invocation.module_args, which -vvv prints."""
    secret = [value for key, value in args.items() if key in ("passwd", "tokn")][0]
    code, result = run_module(password_module.main, **args)
    assert code == 1 and "Unsupported parameters" in result["msg"]
    unsupported = [key for key in ("passwd", "tokn") if key in args][0]
    assert result["invocation"]["module_args"][unsupported] == "VALUE_OF_AN_UNSUPPORTED_OPTION"
    assert result["invocation"]["module_args"]["name"] == "unit-auth"
    assert shown(result, secret, PASSWORD) == [] and emulator.log == []


def test_an_unsupported_suboption_of_a_set_item_is_never_shown(run_module, emulator):
    from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_auths as set_module
    secret = "Misspelt-Item-Secret-Zz43"
    code, result = run_module(set_module.main, authorizations=[dict(name="unit-auth", user="bot", passwd=secret)])
    assert code == 1
    assert result["invocation"]["module_args"]["authorizations"][0]["passwd"] == "VALUE_OF_AN_UNSUPPORTED_OPTION"
    assert shown(result, secret) == [] and emulator.log == []


def test_a_failed_iam_login_of_a_servicestage_module_says_iam(run_module, strict_emulator):
    code, result = run_module(password_module.main, auth_token=None, endpoint=strict_emulator.url,
                              iam_endpoint=strict_emulator.url, region=REGION, project_id=None,
                              iam_domain=IAM[0], iam_user=IAM[1], iam_password=IAM[2] + "-wrong", **PRESENT)
    assert code == 1 and result["step"] == "IAM login"
    assert result["msg"].startswith("IAM login failed: HTTP 401 IAM.0011"), result["msg"]
    code, result = run_module(password_module.main, auth_token=None, endpoint=strict_emulator.url,
                              iam_endpoint=strict_emulator.url, region=REGION, project_id=None,
                              access_key=AK, secret_key=SK + "-wrong", **PRESENT)
    assert result["msg"].startswith("IAM project lookup failed: HTTP 401"), result["msg"]


def test_a_warning_that_quotes_the_apis_message_never_shows_a_secret(run_module, emulator):
    """A retry warning quotes the API's message; ansible-core 2.19 does not mask warnings itself."""
    emulator.add_faults([{"method": "POST", "path": CREATE, "status": 503, "headers": {"Retry-After": "0"},
                          "body": {"error_code": "SVCSTG.00100500", "error_msg": "could not check %s for bot" % PASSWORD}}])
    code, result = run_module(password_module.main, **PRESENT)
    assert (code, result["changed"]) == (0, True)
    assert any("could not check ******** for bot" in warning for warning in warnings_of(result))
    assert shown(result, PASSWORD) == []


@pytest.mark.parametrize("authorizations", ["TOPSECRET-6-Zz", ["TOPSECRET-7-Zz"], [{"name": "a-b-c-d", "password": 3.5}]])
def test_a_failed_validation_of_a_list_of_items_never_shows_a_secret_option(run_module, emulator, authorizations):
    """Ansible loses its list of secret values when an item is not an object: the token would show."""
    from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_auths as set_module
    code, result = run_module(set_module.main, authorizations=authorizations)
    assert code == 1
    assert result["invocation"]["module_args"]["auth_token"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert shown(result, UNIT_TOKEN, "TOPSECRET-6-Zz", "TOPSECRET-7-Zz") == [] and emulator.log == []
