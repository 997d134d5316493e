# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The iam_token module, and the one login function it shares with the lookup and every module's
own IAM login: the request body, the scope (by region, by project id), an answer without a token,
and failures that say what to check and show no secret. The lookup: tests/unit/plugins/lookup/."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.iam import log_in
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.modules import iam_token as token_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import (
    IAM_DOMAIN as DOMAIN,
    IAM_PASSWORD as PASSWORD,
    IAM_REGION as REGION,
    IAM_USER as USER,
    UNIT_PROJECT,
    shown,
    warnings_of,
)

CREDENTIALS = {"iam_user": USER, "iam_password": PASSWORD, "iam_domain": DOMAIN}


class RecordingTransport:
    """Stands in for the transport: records what log_in sends, answers what the test says."""

    def __init__(self, payload, headers):
        self.sent = []
        self.payload = payload
        self.last_status = 201
        self.last_headers = headers

    def send(self, method, path, step, body=None, safe=None, **dummy):
        self.sent.append((method, path, step, body, safe))
        return self.payload

    def answer_error(self, step, message, sent=None):
        return HuaweiCloudApiError(step, message, status=self.last_status)


class FakeConnection:
    """Stands in for the task's connection: the options, and the one transport it hands out."""

    def __init__(self, transport, **params):
        self.params = dict(region=REGION, project_id=None, iam_endpoint=None)
        self.params.update(params)
        self.transport_for = []
        self._transport = transport

    def transport(self, endpoint, auth, hints=None, service="ServiceStage"):
        self.transport_for.append((endpoint, service))
        return self._transport


ANSWER = {"token": {"project": {"id": UNIT_PROJECT, "name": REGION}, "expires_at": "2026-11-30T08:00:00.000000Z",
                    "issued_at": "2026-11-29T08:00:00.000000Z"}}


@pytest.mark.parametrize("params, scope", [({}, {"name": REGION}), ({"project_id": UNIT_PROJECT}, {"id": UNIT_PROJECT})])
def test_the_login_request_body_and_its_scope(params, scope):
    transport = RecordingTransport(ANSWER, {"X-Subject-Token": "subject-token-1\n"})
    connection = FakeConnection(transport, **params)
    login = log_in(connection, CREDENTIALS)
    assert transport.sent == [("POST", "/v3/auth/tokens", "IAM login", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": USER, "password": PASSWORD, "domain": {"name": DOMAIN}}}},
        "scope": {"project": scope}}}, True)]
    assert connection.transport_for == [("https://iam.%s.myhuaweicloud.com" % REGION, "IAM")]
    assert login == {"token": "subject-token-1", "project_id": UNIT_PROJECT, "region": REGION,
                     "expires_at": "2026-11-30T08:00:00.000000Z", "issued_at": "2026-11-29T08:00:00.000000Z"}


@pytest.mark.parametrize("payload, headers", [
    (ANSWER, {}),
    ({"token": {"project": {}}}, {"X-Subject-Token": "subject-token-2"}),
    ([], {"X-Subject-Token": "subject-token-3"}),
])
def test_an_answer_without_a_token_or_project_is_a_clear_error(payload, headers):
    with pytest.raises(HuaweiCloudApiError) as info:
        log_in(FakeConnection(RecordingTransport(payload, headers)), CREDENTIALS)
    assert info.value.step == "IAM login"
    assert "IAM answered without an X-Subject-Token header or a project id" in info.value.message


def module_args(server, **extra):
    args = dict(region=REGION, iam_endpoint=server.url, iam_domain=DOMAIN, iam_user=USER, iam_password=PASSWORD,
                endpoint=None, project_id=None, auth_token=None)
    args.update(extra)
    return args


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_module_logs_in_once_and_returns_the_token_and_its_scope(run_module, iam, check_mode):
    code, result = run_module(token_module.main, check_mode=check_mode, **module_args(iam))
    assert (code, result["changed"]) == (0, False)
    assert result["token"] in iam.tokens and iam.tokens[result["token"]] == UNIT_PROJECT
    assert (result["project_id"], result["region"]) == (UNIT_PROJECT, REGION)
    assert result["issued_at"].endswith("Z") and result["expires_at"] > result["issued_at"]
    assert [(entry["method"], entry["path"]) for entry in iam.log] == [("POST", "/v3/auth/tokens")]
    assert shown(result, PASSWORD) == []


def test_a_project_id_of_another_region_gives_the_projects_region_and_a_warning(run_module, iam):
    code, result = run_module(token_module.main, **module_args(iam, region="ap-southeast-1", project_id=UNIT_PROJECT))
    assert code == 0 and result["region"] == REGION
    assert any("Project %s is in region %s, not in the region given (ap-southeast-1)" % (UNIT_PROJECT, REGION) in warning
               for warning in warnings_of(result)), result.get("warnings")


def test_the_module_scoped_by_project_id_finds_the_region(run_module, iam):
    code, result = run_module(token_module.main, **module_args(iam, region=None, project_id=UNIT_PROJECT))
    assert (code, result["project_id"], result["region"]) == (0, UNIT_PROJECT, REGION)


def test_a_wrong_password_fails_at_the_login_with_the_right_hint(run_module, iam):
    code, result = run_module(token_module.main, **module_args(iam, iam_password=PASSWORD + "-wrong"))
    assert code == 1
    assert (result["step"], result["status"], result["error_code"]) == ("IAM login", 401, "IAM.0011")
    assert result["msg"].startswith("IAM login failed: HTTP 401 IAM.0011: The username or password is wrong. Check "
                                    "iam_user, iam_password and iam_domain")
    assert ".." not in result["msg"] and "token lasts" not in result["msg"]
    assert len(result["request_id"]) == 32 and "token" not in result
    assert shown(result, PASSWORD) == []


def test_the_module_reads_the_environment_only_without_iam_options(run_module, iam, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_IAM_PASSWORD", PASSWORD)
    monkeypatch.setenv("HUAWEICLOUD_IAM_USER", USER)
    monkeypatch.setenv("HUAWEICLOUD_IAM_DOMAIN", DOMAIN)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AKNOTFORIAMTOKEN0001")
    code, result = run_module(token_module.main, **module_args(iam, iam_user=None, iam_password=None, iam_domain=None))
    assert (code, result["project_id"]) == (0, UNIT_PROJECT)
    code, result = run_module(token_module.main, **module_args(iam, iam_password=None))
    assert code == 1 and "IAM password credentials also need iam_password" in result["msg"]


def test_the_module_checks_its_input_before_any_request(run_module, iam):
    args = module_args(iam, region="x@evil.example/?", timeout=float("nan"),
                       iam_endpoint="https://u:%s@iam.example" % "pw-Zz81")
    code, result = run_module(token_module.main, **args)
    assert code == 1
    for text in ("region must be a Huawei Cloud region name", "timeout must be a positive, finite number",
                 "iam_endpoint must not hold credentials"):
        assert text in result["msg"]
    assert iam.log == [] and shown(result, "pw-Zz81") == []
