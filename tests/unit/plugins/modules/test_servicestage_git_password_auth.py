# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os

import pytest
import requests.certs

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_git_password_auth import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown

PASSWORD = "unit-pw-'\"\n-Zq81"
PRESENT = dict(name="unit-auth", user="bot", password=PASSWORD)


def writes(emulator):
    return [entry["method"] for entry in emulator.writes()]


def test_create_returns_the_api_object(run_module, emulator):
    code, result = run_module(main, **PRESENT)
    assert code == 0 and result["changed"] is True
    assert result["authorization"]["repo_host"] == "https://api.bitbucket.org"
    assert result["msg"] == "created authorization 'unit-auth': it does not exist"
    assert writes(emulator) == ["POST"]


def test_same_user_is_unchanged_with_one_request(run_module, emulator):
    run_module(main, **PRESENT)
    before = len(emulator.log)
    code, result = run_module(main, **PRESENT)
    assert result["changed"] is False
    assert len(emulator.log) - before == 1


def test_check_mode_create_reports_known_fields(run_module, emulator):
    code, result = run_module(main, check_mode=True, diff=True, **PRESENT)
    assert result["changed"] is True
    assert result["msg"].startswith("would create")
    assert result["authorization"] == {"name": "unit-auth", "repo_type": "bitbucket", "repo_user": "bot",
                                       "token_type": "password"}
    assert result["diff"]["after"]["password"] == "<hidden: set>"
    assert writes(emulator) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_check_mode_and_real_run_agree(run_module, emulator, check_mode):
    run_module(main, **PRESENT)
    code, result = run_module(main, check_mode=check_mode, diff=True, **dict(PRESENT, user="bot2"))
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"name": "unit-auth", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password",
                   "repo_host": "https://api.bitbucket.org", "repo_home": "https://bitbucket.org/bot/", "status": 0,
                   "password": "<hidden>"},
        # the status and the user's page of the new one are not known until it is listed
        "after": {"name": "unit-auth", "repo_type": "bitbucket", "repo_user": "bot2", "token_type": "password",
                  "repo_host": "https://api.bitbucket.org", "password": "<hidden: replaced>"},
    }
    assert writes(emulator) == (["POST"] if check_mode else ["POST", "DELETE", "POST"])


def test_concurrent_create_with_same_user_is_not_a_failure(run_module, emulator):
    emulator.add_faults([{"method": "GET", "status": 200, "body": {"authorizations": []}}])
    emulator.seed(UNIT_PROJECT, 0)
    emulator.projects[UNIT_PROJECT]["unit-auth"] = dict(
        name="unit-auth", repo_type="bitbucket", repo_user="bot", token_type="password")
    code, result = run_module(main, **PRESENT)
    assert code == 0
    assert result["changed"] is False
    assert "created meanwhile by someone else" in result["msg"]


def test_concurrent_create_with_other_user_fails_clearly(run_module, emulator):
    emulator.add_faults([{"method": "GET", "status": 200, "body": {"authorizations": []}}])
    emulator.seed(UNIT_PROJECT, 0)
    emulator.projects[UNIT_PROJECT]["unit-auth"] = dict(
        name="unit-auth", repo_type="bitbucket", repo_user="intruder", token_type="password")
    code, result = run_module(main, **PRESENT)
    assert code == 1
    assert result["error_code"] == "SVCSTG.REPO.0403"
    assert "created by someone else" in result["msg"] and "'intruder'" in result["msg"]


@pytest.mark.parametrize("args, message", [
    (dict(PRESENT, name="no"), "not a valid authorization name"),
    (dict(PRESENT, user="  "), "user must not be empty"),
    (dict(PRESENT, password=""), "password must not be empty"),
    (dict(PRESENT, project_id=""), "project_id is required"),
    (dict(PRESENT, auth_token=""), "no credentials: give auth_token"),
    (dict(PRESENT, endpoint=None), "region is required"),
    (dict(PRESENT, endpoint="ftp://example.com"), "endpoint must be an http(s) URL"),
    (dict(PRESENT, endpoint="https://user:%s@example.com" % "pw-in-url-1234"), "must not hold credentials"),
    (dict(PRESENT, timeout=-1), "timeout must be a positive, finite number of seconds"),
    (dict(PRESENT, retries=11), "retries must be between 0 and 10"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    code, result = run_module(main, **args)
    assert code == 1
    assert message in result["msg"]
    assert "nothing was sent" in result["msg"]
    assert emulator.log == []
    assert shown(result, "pw-in-url-1234") == []


def test_missing_user_when_present(run_module, emulator):
    code, result = run_module(main, name="unit-auth", password=PASSWORD)
    assert code == 1
    assert "state is present but all of the following are missing: user" in result["msg"]
    assert emulator.log == []


def test_api_failure_has_status_code_and_request_id(run_module, emulator):
    code, result = run_module(main, auth_token="not-" + UNIT_TOKEN, **PRESENT)
    assert code == 1
    assert result["status"] == 401 and result["error_code"] == "APIG.1002" and result["step"] == "list"
    assert result["request_id"] in result["msg"]
    assert shown(result, PASSWORD, UNIT_TOKEN) == []


def test_region_builds_the_default_endpoint():
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
    from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import patch_module_args
    with patch_module_args(dict(region="ap-southeast-1", project_id=UNIT_PROJECT, auth_token=UNIT_TOKEN)):
        module = ServiceStageModule(argument_spec={})
    module.check_connection()
    api = module.connect()
    transport = api.transport
    assert api.project_id == UNIT_PROJECT
    assert transport.endpoint == "https://servicestage.ap-southeast-1.myhuaweicloud.com"
    # TLS verified against a CA path requests cannot take for false: REQUESTS_CA_BUNDLE, or requests' own
    assert transport.tls_verify in (os.environ.get("REQUESTS_CA_BUNDLE"), requests.certs.where())


def test_password_arrives_byte_exact(run_module, emulator):
    run_module(main, **PRESENT)
    assert emulator.secret_digests[(UNIT_PROJECT, "unit-auth")] == hashlib.sha256(PASSWORD.encode("utf-8")).hexdigest()


def test_delete_of_a_name_someone_else_deleted_meanwhile_is_done_but_not_a_change(run_module, emulator):
    run_module(main, **PRESENT)
    # someone deletes it between this task's list and its delete: the API answers 0450
    emulator.add_faults([{"method": "DELETE", "status": 400, "commit": True,
                          "body": {"error_code": "SVCSTG.REPO.0450", "error_msg": "no repository authorization"}}])
    code, result = run_module(main, name="unit-auth", state="absent")
    assert code == 0 and result["changed"] is False
    assert result["msg"] == "authorization 'unit-auth' was deleted meanwhile by someone else: it changed while this task ran"
    assert emulator.authorizations(UNIT_PROJECT) == []


def test_delete_refused_while_the_name_still_exists_fails(run_module, emulator):
    run_module(main, **PRESENT)
    emulator.add_faults([{"method": "DELETE", "status": 400,
                          "body": {"error_code": "SVCSTG.REPO.0400", "error_msg": "in use"}}])
    code, result = run_module(main, name="unit-auth", state="absent")
    assert code == 1
    assert result["step"] == "delete" and result["error_code"] == "SVCSTG.REPO.0400"
    assert len(emulator.authorizations(UNIT_PROJECT)) == 1
