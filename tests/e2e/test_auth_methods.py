# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every way to authenticate, through real ansible-playbook runs against the emulator:
token, AK/SK (permanent and temporary), IAM password login, environment variables,
precedence and conflicts. The playbook fixture searches all output for every secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    ACCESS_KEY,
    IAM_DOMAIN,
    IAM_PASSWORD,
    IAM_USER,
    PROJECT_ID,
    REGION,
    SECRET_KEY,
    TEMP_ACCESS_KEY,
    TOKEN,
    password_task,
)

AKSK = {"auth_token": None, "access_key": ACCESS_KEY, "secret_key": "{{ secret_key }}"}
TEMPORARY = {"auth_token": None, "access_key": TEMP_ACCESS_KEY, "secret_key": "{{ temp_secret_key }}",
             "security_token": "{{ security_token }}"}
IAM = {"auth_token": None, "iam_user": IAM_USER, "iam_password": "{{ iam_password }}", "iam_domain": IAM_DOMAIN}


def only(run):
    return list(run.results().values())[0]


def trail(emulator):
    return [(entry["method"], entry["path"].split("/")[-1] if "git/auths" in entry["path"] else entry["path"], entry["auth"])
            for entry in emulator.log]


def test_access_keys_with_project_id(playbook, emulator):
    result = only(playbook([password_task()], defaults=AKSK, verbose=True))
    assert result["changed"] is True
    assert trail(emulator) == [("GET", "auths", "aksk"), ("POST", "password", "aksk")]


def test_access_keys_look_up_the_project_by_region(playbook, emulator):
    run = playbook([password_task()], defaults=dict(AKSK, project_id=None, region=REGION, iam_endpoint=emulator.url))
    assert only(run)["changed"] is True
    assert trail(emulator)[0] == ("GET", "/v3/projects", "aksk")
    assert len(emulator.authorizations(PROJECT_ID)) == 1


def test_temporary_access_keys_need_their_security_token(playbook, emulator):
    assert only(playbook([password_task()], defaults=TEMPORARY, verbose=True))["changed"] is True
    result = only(playbook([password_task()], defaults=dict(TEMPORARY, security_token=None)))
    assert result["failed"] is True
    assert (result["status"], result["error_code"]) == (401, "APIG.0303")


def test_wrong_secret_key_is_a_clear_401(playbook, emulator):
    result = only(playbook([password_task()], defaults=dict(AKSK, secret_key="{{ other_password }}")))
    assert result["failed"] is True
    assert (result["status"], result["error_code"], result["step"]) == (401, "APIG.0303", "list")
    assert "check the credentials" in result["msg"].lower()


def test_iam_password_login_scopes_to_the_region(playbook, emulator):
    run = playbook([password_task()], defaults=dict(IAM, project_id=None, region=REGION, iam_endpoint=emulator.url),
                   verbose=True)
    assert only(run)["changed"] is True
    assert trail(emulator) == [("POST", "/v3/auth/tokens", None), ("GET", "auths", "token"),
                               ("POST", "password", "token")]


def test_iam_wrong_password_fails_at_login(playbook, emulator):
    result = only(playbook([password_task()], defaults=dict(IAM, iam_password="{{ other_password }}",
                                                            iam_endpoint=emulator.url, region=REGION)))
    assert result["failed"] is True
    assert (result["status"], result["error_code"], result["step"]) == (401, "IAM.0011", "IAM login")
    assert [entry["path"] for entry in emulator.log] == ["/v3/auth/tokens"]


def test_environment_with_sdk_and_terraform_names(playbook, emulator):
    no_auth = {"auth_token": None}
    sdk = only(playbook([password_task()], defaults=no_auth,
                        env={"HUAWEICLOUD_SDK_AK": ACCESS_KEY, "HUAWEICLOUD_SDK_SK": SECRET_KEY}))
    assert sdk["changed"] is True
    terraform = only(playbook([password_task(state="absent")], defaults=dict(no_auth, project_id=None),
                              env={"HW_ACCESS_KEY": ACCESS_KEY, "HW_SECRET_KEY": SECRET_KEY, "HW_PROJECT_ID": PROJECT_ID}))
    assert terraform["changed"] is True
    iam = only(playbook([password_task()], defaults=dict(no_auth, project_id=None),
                        env={"HW_USER_NAME": IAM_USER, "HW_USER_PASSWORD": IAM_PASSWORD, "HW_DOMAIN_NAME": IAM_DOMAIN,
                             "HW_AUTH_URL": emulator.url + "/v3", "HW_REGION_NAME": REGION}))
    assert iam["changed"] is True
    assert set(entry["auth"] for entry in emulator.log) == {"aksk", "token", None}


def test_options_win_over_the_environment(playbook, emulator):
    result = only(playbook([password_task()], env={"HUAWEICLOUD_SDK_AK": ACCESS_KEY, "HUAWEICLOUD_SDK_SK": "wrong-sk-value"}))
    assert result["changed"] is True
    assert set(entry["auth"] for entry in emulator.log) == {"token"}


def test_conflicts_and_gaps_fail_before_any_request(playbook, emulator):
    cases = {
        "both options": (dict(AKSK, auth_token="{{ servicestage_token }}"), {}, "give one way to authenticate, not auth_token and access key"),
        "env holds two": ({"auth_token": None}, {"HW_AUTH_TOKEN": TOKEN, "HW_ACCESS_KEY": ACCESS_KEY, "HW_SECRET_KEY": SECRET_KEY},
                          "the environment holds credentials for auth_token and access key"),
        "half a key pair": ({"auth_token": None, "access_key": ACCESS_KEY}, {}, "access key credentials also need secret_key"),
        "iam without domain": ({"auth_token": None, "iam_user": IAM_USER, "iam_password": "{{ iam_password }}"}, {},
                               "IAM password credentials also need iam_domain"),
        "nothing": ({"auth_token": None}, {}, "no credentials"),
        "token without project": ({"project_id": None}, {}, "project_id is required with auth_token"),
    }
    for name, (defaults, env, text) in cases.items():
        result = only(playbook([password_task()], defaults=defaults, env=env))
        assert result["failed"] is True, name
        assert text in result["msg"], (name, result["msg"])
    assert emulator.log == []
