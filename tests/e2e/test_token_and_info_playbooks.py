# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_git_token_auth and servicestage_git_auth_info through real ansible-playbook runs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID, leaked, password_task
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import TOKEN_HOST_VARIANTS

TOKEN_MODULE = "huaweicloud.servicestage.servicestage_git_token_auth"
INFO_MODULE = "huaweicloud.servicestage.servicestage_git_auth_info"


def token_task(task_name="Token", **options):
    args = {"name": "github-ci", "token": "{{ git_token }}"}
    args.update(options)
    return {"name": task_name, TOKEN_MODULE: dict((key, value) for key, value in args.items() if value is not None)}


def info_task(task_name="Info", **filters):
    return {"name": task_name, INFO_MODULE: filters}


def methods(emulator):
    return [entry["method"] for entry in emulator.writes()]


# Where each documented form lists the host given (the emulator's token_host switch).
LISTED = {"repo_home": ("repo_home", "https://gitlab.example.com"),
          "repo_home_user": ("repo_home", "https://gitlab.example.com/token-user"),
          "repo_host": ("repo_host", "https://gitlab.example.com")}


@pytest.mark.parametrize("variant", TOKEN_HOST_VARIANTS)
def test_a_token_authorization_with_a_host_converges_however_the_api_lists_the_host(playbook, emulator, variant):
    """The API page's example lists the host given as repo_home: the second run must write nothing."""
    emulator.token_host = variant
    task = token_task("Self-hosted", host="https://gitlab.example.com", repo_type="gitlab")
    first = playbook([task], args=["--diff"]).results()["Self-hosted"]
    assert first["changed"] is True and first["diff"]["after"]["host"] == "https://gitlab.example.com"
    key, listed = LISTED[variant]
    assert emulator.authorizations(PROJECT_ID)[0][key] == listed
    since = len(emulator.log)
    for run in ("second", "third"):
        again = playbook([task]).results()["Self-hosted"]
        assert (again["changed"], again["msg"]) == (False, "authorization 'github-ci' is already as wanted: it matches"), run
    assert [entry["method"] for entry in emulator.log[since:]] == ["GET", "GET"]
    assert methods(emulator) == ["POST"]


def test_token_lifecycle(playbook, emulator):
    results = playbook([token_task("Create"), token_task("Again"),
                        token_task("Check host change", host="https://gitlab.example.com", repo_type="gitlab"),
                        ], args=["--diff"]).results()
    assert results["Create"]["changed"] is True
    assert results["Create"]["authorization"]["token_type"] == "personal"
    assert results["Create"]["diff"]["after"]["token"] == "<hidden: set>"
    assert results["Again"]["changed"] is False
    assert results["Check host change"]["changed"] is True
    assert emulator.authorizations(PROJECT_ID)[0]["repo_home"] == "https://gitlab.example.com"
    assert methods(emulator) == ["POST", "DELETE", "POST"]

    results = playbook([token_task("Same host", host="https://gitlab.example.com", repo_type="gitlab"),
                        token_task("Rotate check", host="https://gitlab.example.com", repo_type="gitlab",
                                   update_token="always"),
                        token_task("Remove", state="absent", token=None),
                        token_task("Remove again", state="absent", token=None)], args=["--check"]).results()
    assert results["Same host"]["changed"] is False
    assert results["Rotate check"]["changed"] is True
    assert results["Remove"]["changed"] is True
    assert methods(emulator) == ["POST", "DELETE", "POST"]

    results = playbook([token_task("Rotate", host="https://gitlab.example.com", repo_type="gitlab",
                                   update_token="always"),
                        token_task("Remove", state="absent", token=None),
                        token_task("Remove again", state="absent", token=None)]).results()
    assert results["Rotate"]["changed"] is True
    assert [results["Remove"]["changed"], results["Remove again"]["changed"]] == [True, False]
    assert emulator.authorizations(PROJECT_ID) == []


def test_token_bad_input_fails_before_any_request(playbook, emulator):
    results = playbook([
        dict(token_task("bad type", repo_type="bitbucket"), ignore_errors=True),
        dict(token_task("empty token", token=""), ignore_errors=True),
        dict(token_task("bad host", host="gitlab.example.com"), ignore_errors=True),
        dict(token_task("host with password", host="https://u:{{ git_token }}@gitlab.example.com"), ignore_errors=True),
        dict(token_task("bad name", name="a b"), ignore_errors=True),
    ]).results()
    assert "value of repo_type must be one of: github, gitlab, gitee" in results["bad type"]["msg"]
    assert "token must not be empty" in results["empty token"]["msg"]
    assert "host must be an http(s) URL" in results["bad host"]["msg"]
    assert "host must not hold credentials" in results["host with password"]["msg"]
    assert "not a valid authorization name" in results["bad name"]["msg"]
    assert emulator.log == []


def test_info_filters_with_one_request_and_never_changes(playbook, emulator):
    playbook([password_task(), password_task("Devcloud", name="codearts-ci", repo_type="devcloud"),
              token_task()])
    del emulator.log[:]
    run = playbook([info_task("All"), info_task("By name", name="github-ci"),
                    info_task("By type", repo_type="devcloud"), info_task("By kind", token_type="password"),
                    info_task("Combined", repo_type="bitbucket", token_type="personal"),
                    info_task("Missing", name="no-such-auth")], args=["--check"], verbose=True)
    results = run.results()
    names = dict((task, sorted(a["name"] for a in result["authorizations"])) for task, result in results.items())
    assert names == {
        "All": ["bitbucket-ci", "codearts-ci", "github-ci"],
        "By name": ["github-ci"],
        "By type": ["codearts-ci"],
        "By kind": ["bitbucket-ci", "codearts-ci"],
        "Combined": [],
        "Missing": [],
    }
    assert all(result["changed"] is False for result in results.values())
    assert [entry["method"] for entry in emulator.log] == ["GET"] * 6
    assert leaked(run.output) == []


def test_info_api_error_is_clear(playbook, emulator):
    result = playbook([info_task()], defaults={"auth_token": "{{ wrong_token }}"}).results()["Info"]
    assert result["failed"] is True
    assert (result["status"], result["error_code"], result["step"]) == (401, "APIG.1002", "list")
