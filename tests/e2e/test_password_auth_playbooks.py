# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_git_password_auth through real ansible-playbook runs against the emulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    PASSWORD,
    PROJECT_ID,
    TOKEN,
    leaked,
    password_task,
)


def only_task(run):
    results = run.results()
    assert len(results) == 1
    return list(results.values())[0]


def write_methods(emulator):
    return [entry["method"] for entry in emulator.writes()]


def test_create_then_idempotent_rerun(playbook, emulator):
    first = only_task(playbook([password_task()]))
    assert first["changed"] is True
    assert first["authorization"]["name"] == "bitbucket-ci"
    assert first["authorization"]["repo_user"] == "ci-bot"
    assert first["authorization"]["token_type"] == "password"
    assert [a["repo_user"] for a in emulator.authorizations(PROJECT_ID)] == ["ci-bot"]
    assert write_methods(emulator) == ["POST"]

    log_before = len(emulator.log)
    second = only_task(playbook([password_task()]))
    assert second["changed"] is False
    assert second["authorization"]["create_time"] == first["authorization"]["create_time"]
    rerun_requests = emulator.log[log_before:]
    assert [entry["method"] for entry in rerun_requests] == ["GET"]


def test_check_mode_predicts_without_writing(playbook, emulator):
    run = playbook([password_task()], args=["--check", "--diff"])
    result = only_task(run)
    assert result["changed"] is True
    assert diff_of(result)["before"] == {}
    assert emulator.writes() == []
    assert emulator.authorizations(PROJECT_ID) == []

    playbook([password_task()])
    changed_user = only_task(playbook([password_task(user="new-bot")], args=["--check"]))
    assert changed_user["changed"] is True
    assert [a["repo_user"] for a in emulator.authorizations(PROJECT_ID)] == ["ci-bot"]
    assert write_methods(emulator) == ["POST"]


def diff_of(result):
    diff = result["diff"]
    return diff[0] if isinstance(diff, list) else diff


def test_diff_shows_fields_never_the_password(playbook, emulator):
    created = only_task(playbook([password_task()], args=["--diff"]))
    assert diff_of(created) == {
        "before": {},
        "after": {"name": "bitbucket-ci", "repo_type": "bitbucket", "repo_user": "ci-bot",
                  "token_type": "password", "password": "<hidden: set>"},
    }
    run = playbook([password_task(user="other-bot")], args=["--diff"])
    changed = diff_of(only_task(run))
    assert changed["before"]["repo_user"] == "ci-bot"
    assert changed["after"]["repo_user"] == "other-bot"
    assert "--- before\n+++ after\n" in run.output and '-    "repo_user": "ci-bot",' in run.output
    assert '+    "repo_user": "other-bot",' in run.output


def test_changed_user_deletes_and_creates(playbook, emulator):
    playbook([password_task()])
    result = only_task(playbook([password_task(user="new-bot")]))
    assert result["changed"] is True
    assert result["authorization"]["repo_user"] == "new-bot"
    assert write_methods(emulator) == ["POST", "DELETE", "POST"]
    assert [a["repo_user"] for a in emulator.authorizations(PROJECT_ID)] == ["new-bot"]


@pytest.mark.parametrize("listed", ["devcloud", "DevCloud", "codearts"])
def test_codearts_converges_however_the_list_spells_its_type(playbook, emulator, listed):
    emulator.listed_repo_types = {"devcloud": listed}
    first = only_task(playbook([password_task(repo_type="codearts")]))
    assert first["changed"] is True and first["authorization"]["repo_type"] == listed
    since = len(emulator.log)
    second = only_task(playbook([password_task(repo_type="devcloud")]))
    assert second["changed"] is False, second["msg"]
    assert [entry["method"] for entry in emulator.log[since:]] == ["GET"]
    assert write_methods(emulator) == ["POST"] and "/git/auths/devcloud/password" in emulator.writes()[0]["path"]


def test_changed_repo_type_deletes_and_creates(playbook, emulator):
    playbook([password_task()])
    result = only_task(playbook([password_task(repo_type="devcloud")]))
    assert result["changed"] is True
    assert emulator.authorizations(PROJECT_ID)[0]["repo_type"] == "devcloud"
    assert write_methods(emulator) == ["POST", "DELETE", "POST"]


def test_update_password_always_recreates_every_time(playbook, emulator):
    playbook([password_task()])
    for expected_writes in (["POST", "DELETE", "POST"], ["POST", "DELETE", "POST", "DELETE", "POST"]):
        result = only_task(playbook([password_task(update_password="always")]))
        assert result["changed"] is True
        assert write_methods(emulator) == expected_writes
    assert len(emulator.authorizations(PROJECT_ID)) == 1


def test_absent_twice(playbook, emulator):
    playbook([password_task()])
    first = only_task(playbook([password_task(state="absent", user=None, password=None)]))
    assert first["changed"] is True
    assert first["authorization"] == {}
    assert emulator.authorizations(PROJECT_ID) == []
    second = only_task(playbook([password_task(state="absent", user=None, password=None)]))
    assert second["changed"] is False
    assert write_methods(emulator) == ["POST", "DELETE"]


def test_absent_in_check_mode_does_not_delete(playbook, emulator):
    playbook([password_task()])
    result = only_task(playbook([password_task(state="absent", user=None, password=None)], args=["--check"]))
    assert result["changed"] is True
    assert len(emulator.authorizations(PROJECT_ID)) == 1
    assert write_methods(emulator) == ["POST"]


def test_bad_name_fails_before_any_request(playbook, emulator):
    result = only_task(playbook([password_task(name="x y")]))
    assert result["failed"] is True
    assert "not a valid authorization name" in result["msg"]
    assert "nothing was sent" in result["msg"]
    assert emulator.log == []


def test_missing_password_fails_before_any_request(playbook, emulator):
    result = only_task(playbook([password_task(password=None)]))
    assert result["failed"] is True
    assert "password" in result["msg"]
    assert emulator.log == []


def test_wrong_token_gives_clear_401(playbook, emulator):
    run = playbook([password_task()], defaults={"auth_token": "{{ wrong_token }}"})
    result = only_task(run)
    assert result["failed"] is True
    assert result["status"] == 401
    assert result["error_code"] == "APIG.1002"
    assert result["step"] == "list"
    assert len(result["request_id"]) == 32
    assert "HTTP 401 APIG.1002" in result["msg"]
    assert "token" in result["msg"]
    assert result["request_id"] in result["msg"]
    assert emulator.writes() == []


def test_connection_options_from_environment(playbook, emulator):
    task = password_task()
    run = playbook([task], defaults={"auth_token": None, "project_id": None, "endpoint": None},
                   env={"HW_AUTH_TOKEN": TOKEN, "HW_PROJECT_ID": PROJECT_ID,
                        "HUAWEICLOUD_SERVICESTAGE_ENDPOINT": emulator.url})
    assert only_task(run)["changed"] is True
    assert len(emulator.authorizations(PROJECT_ID)) == 1


def test_vvvv_output_holds_no_secret(playbook, emulator):
    run = playbook([password_task(), password_task(task_name="Again", update_password="always"),
                    password_task(task_name="Fail", user="")], verbose=True)
    assert run.rc != 0
    # -vvvv prints each task's invocation: the password stands there as Ansible's marker for a no_log value
    assert run.output.count('"password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"') >= 2
    assert "user must not be empty" in run.output
    assert leaked(run.output) == []
    assert PASSWORD not in run.output and TOKEN not in run.output
