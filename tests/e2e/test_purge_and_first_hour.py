# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A platform team's project, as a newcomer sets it up: a purging set task next to a single-module
task, an empty list variable with purge, one secret rotated in a set, a project id that is not one,
and a token for another project. Through real ansible-playbook runs (the demo's first screen is
test_guides_try_it.py's)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID, password_task

MODULE = "huaweicloud.servicestage.servicestage_git_auths"


def team_a(**options):
    args = {"authorizations": [{"name": "team-a-bitbucket", "user": "team-a-bot", "password": "{{ repo_password }}"},
                               {"name": "team-a-codearts", "repo_type": "devcloud", "user": "team-a-bot",
                                "password": "{{ other_password }}"}],
            "purge": True}
    args.update(options)
    return {"name": "Team A's set", MODULE: args}


def solo():
    return password_task("Platform's own", name="platform-bitbucket", user="platform-bot")


def summary(run):
    results = run.results()
    return dict((name, results[name]["changed"]) for name in ("Team A's set", "Platform's own"))


def test_a_purge_scoped_with_purge_match_lives_next_to_a_single_module_task(playbook, emulator):
    emulator.seed(PROJECT_ID, 1, prefix="team-a-old-")
    first = playbook([team_a(purge_match="team-a-"), solo()])
    assert summary(first) == {"Team A's set": True, "Platform's own": True}
    assert first.results()["Team A's set"]["deleted"] == ["team-a-old-00000"]
    since = len(emulator.log)
    second = playbook([team_a(purge_match="team-a-"), solo()])
    assert summary(second) == {"Team A's set": False, "Platform's own": False}
    assert [entry["method"] for entry in emulator.log[since:]] == ["GET", "GET"]
    assert sorted(a["name"] for a in emulator.authorizations(PROJECT_ID)) == [
        "platform-bitbucket", "team-a-bitbucket", "team-a-codearts"]


def test_an_unscoped_purge_next_to_a_single_module_task_is_shown_in_check_mode(playbook, emulator):
    playbook([team_a(purge_match="team-a-"), solo()])
    checked = playbook([team_a(), solo()], args=["--check", "--diff"]).results()["Team A's set"]
    # the fight that an unscoped purge would start is visible where the docs tell users to look
    assert checked["changed"] is True and checked["deleted"] == ["platform-bitbucket"]
    assert any("purge would delete 1 authorization that the list does not name: platform-bitbucket." in warning
               for warning in checked["warnings"])
    assert emulator.writes()[-1]["method"] == "POST" and len(emulator.writes()) == 3


def test_purge_with_an_empty_list_fails_before_any_request(playbook, emulator):
    emulator.seed(PROJECT_ID, 2, prefix="precious-")
    result = playbook([dict(team_a(authorizations="{{ [] }}"), ignore_errors=True)]).results()["Team A's set"]
    assert result["failed"] is True and result["changed"] is False
    assert "purge is true but no authorization is listed with state: present" in result["msg"]
    assert "list their names with state: absent" in result["msg"]
    assert emulator.log == [] and len(emulator.authorizations(PROJECT_ID)) == 2


def test_one_secret_of_a_set_is_rotated_with_exactly_three_requests(playbook, emulator):
    playbook([team_a(purge=False)])
    since = len(emulator.log)
    rotated = team_a(purge=False)
    rotated[MODULE]["authorizations"][1]["update_secret"] = "always"
    result = playbook([rotated]).results()["Team A's set"]
    assert (result["recreated"], result["unchanged"]) == (["team-a-codearts"], ["team-a-bitbucket"])
    assert [(entry["method"], entry["path"].rsplit("/", 1)[-1]) for entry in emulator.log[since:]] == [
        ("GET", "auths"), ("DELETE", "team-a-codearts"), ("POST", "password")]


def test_a_malformed_project_id_fails_before_any_request_and_a_401_names_the_project(playbook, emulator):
    malformed = playbook([dict(password_task(project_id="my-project"), ignore_errors=True)]).results()
    assert "project_id must be 32 hexadecimal characters" in malformed["Ensure authorization"]["msg"]
    assert emulator.log == []
    other_project = "f" * 32
    refused = playbook([password_task(project_id=other_project)]).results()["Ensure authorization"]
    assert (refused["status"], refused["error_code"]) == (401, "APIG.1002")
    assert "project_id %s" % other_project in refused["msg"] and "endpoint %s" % emulator.url in refused["msg"]
