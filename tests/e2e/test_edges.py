# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where real projects differ from the happy path, through real ansible-playbook runs: an OAuth
authorization someone made in the console, a gateway that answers a carried-out write with HTML
or a body too deeply nested to parse, a region that tries to carry a host, and a shell full of
stale credentials. Every run's output is searched for every secret by the playbook fixture."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    ACCESS_KEY,
    PROJECT_ID,
    SECURITY_TOKEN,
    TEMP_ACCESS_KEY,
    TEMP_SECRET_KEY,
    password_task,
)

CREATE = r"/git/auths/bitbucket/password\Z"
DELETE = r"/git/auths/bitbucket-ci\Z"
NESTED = "[" * 100000 + "]" * 100000


def only(run):
    return list(run.results().values())[0]


def token_task(**options):
    args = {"name": "bitbucket-ci", "repo_type": "github", "token": "{{ git_token }}"}
    args.update(options)
    return {"name": "Token", "huaweicloud.servicestage.servicestage_git_token_auth":
            dict((key, value) for key, value in args.items() if value is not None)}


def set_task(**item):
    listed = {"name": "bitbucket-ci", "user": "ci-bot", "password": "{{ repo_password }}"}
    listed.update(item)
    return {"name": "Set", "huaweicloud.servicestage.servicestage_git_auths": {
        "authorizations": [dict((key, value) for key, value in listed.items() if value is not None)]}}


OAUTH_TASKS = {
    "password-present": password_task(), "password-absent": password_task(state="absent", user=None, password=None),
    "password-always": password_task(update_password="always"), "token-present": token_task(),
    "token-absent": token_task(state="absent", token=None), "set-present": set_task(),
    "set-absent": set_task(state="absent", user=None, password=None),
}


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_an_oauth_authorization_made_in_the_console_is_never_deleted_or_replaced(playbook, emulator, check_mode):
    emulator.seed(PROJECT_ID, names=["bitbucket-ci"], token_type="oauth", repo_type="bitbucket")
    tasks = [dict(task, name=name, ignore_errors=True) for name, task in OAUTH_TASKS.items()]
    results = playbook(tasks, args=["--check"] if check_mode else []).results()
    for name in OAUTH_TASKS:
        result = results[name]
        assert result["failed"] is True and result["changed"] is False, name
        assert ("authorization 'bitbucket-ci' is an OAuth authorization (token_type 'oauth'). The collection never "
                "deletes or replaces one") in result["msg"], name
        assert "ServiceStage console" in result["msg"] and result["msg"].startswith("Nothing was written"), name
    assert emulator.writes() == []
    assert [a["token_type"] for a in emulator.authorizations(PROJECT_ID)] == ["oauth"]


@pytest.mark.parametrize("fault, existing", [
    (dict(method="POST", path=CREATE, malformed=True, commit=True), False),
    (dict(method="POST", path=CREATE, status=200, body=NESTED, commit=True), False),
    (dict(method="DELETE", path=DELETE, malformed=True, commit=True), True),
    (dict(method="DELETE", path=DELETE, status=200, body=NESTED, commit=True), True),
], ids=["create-html", "create-nested", "delete-html", "delete-nested"])
def test_a_2xx_the_module_cannot_read_tells_the_truth_about_changed(playbook, emulator, fault, existing):
    if existing:
        playbook([password_task()])
        del emulator.log[:]
    emulator.add_faults([fault])
    state = {"state": "absent", "user": None, "password": None} if existing else {}
    result = only(playbook([password_task(**state)]))
    assert result["changed"] is True and not result.get("failed"), result.get("msg")
    assert len(emulator.writes()) == 1 and emulator.writes()[0]["outcome"] in (200, 204)
    assert "RecursionError" not in str(result) and "bug of the collection" not in str(result)
    if existing:  # a 2xx to a DELETE needs no body: nothing to check
        assert [entry["method"] for entry in emulator.log] == ["GET", "DELETE"]
        assert emulator.authorizations(PROJECT_ID) == []
    else:  # the create's answer cannot be read: the list decides, and the user is told
        assert [entry["method"] for entry in emulator.log] == ["GET", "POST", "GET"]
        assert any("listing shows it was carried out" in warning for warning in result["warnings"])
        assert [a["repo_user"] for a in emulator.authorizations(PROJECT_ID)] == ["ci-bot"]


def test_a_region_that_carries_a_host_never_sends_the_token_anywhere(playbook, emulator):
    result = only(playbook([password_task()], defaults={"endpoint": None, "region": "x@127.0.0.1:%d/?" % emulator.port}))
    assert result["failed"] is True and "region must be a Huawei Cloud region name" in result["msg"]
    assert emulator.log == []


def test_stale_credentials_in_the_shell_never_mix_into_the_tasks_own(playbook, emulator):
    stale = {"HUAWEICLOUD_SDK_SECURITY_TOKEN": "stale-security-token-0000", "HW_AUTH_TOKEN": "stale-token-0000",
             "HUAWEICLOUD_IAM_PASSWORD": "stale-iam-password-0000"}
    keys = {"auth_token": None, "access_key": ACCESS_KEY, "secret_key": "{{ secret_key }}"}
    assert only(playbook([password_task()], defaults=keys, env=stale))["changed"] is True
    # and the other way round: with no auth option in the task, the environment's whole method is used
    temporary = {"HUAWEICLOUD_SDK_AK": TEMP_ACCESS_KEY, "HUAWEICLOUD_SDK_SK": TEMP_SECRET_KEY,
                 "HUAWEICLOUD_SDK_SECURITY_TOKEN": SECURITY_TOKEN}
    assert only(playbook([password_task(user="other-bot")], defaults={"auth_token": None}, env=temporary))["changed"]
    assert [entry["auth"] for entry in emulator.log] == ["aksk"] * 5
