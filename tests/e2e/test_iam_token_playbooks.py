# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Log in once per play: the iam_token module and lookup feeding the ServiceStage modules through
module_defaults, through real ansible-playbook runs. Exactly one IAM request per play; the token
IAM issued is searched for in every output, with the suite's secrets."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    IAM_DOMAIN,
    IAM_USER,
    PROJECT_ID,
    REGION,
    leaked,
    password_task,
)

LOGIN = {"region": REGION, "iam_domain": IAM_DOMAIN, "iam_user": IAM_USER, "iam_password": "{{ iam_password }}"}
FROM_LOGIN = {"project_id": "{{ login.project_id }}", "auth_token": "{{ login.token }}"}


def login_task(**options):
    args = dict(LOGIN, **options)
    return {"name": "Log in", "huaweicloud.servicestage.iam_token": args, "register": "login", "no_log": True}


def three_tasks():
    return [password_task("First", name="login-one"), password_task("Second", name="login-two"),
            {"name": "Third", "huaweicloud.servicestage.servicestage_git_auth_info": {}, "register": "listed"}]


def block_with_login_defaults(tasks, emulator):
    """The tasks in a block whose module_defaults (which replace the play's for the group) take the login's."""
    return {"name": "Tasks that use the token", "module_defaults": {
        "group/huaweicloud.servicestage.servicestage": dict(FROM_LOGIN, endpoint=emulator.url)}, "block": tasks}


def iam_requests(emulator):
    return [entry for entry in emulator.log if entry["path"] == "/v3/auth/tokens"]


def issued_tokens(emulator):
    return [token for token in emulator.tokens if token.startswith("emulated-iam-token-")]


def test_one_login_feeds_three_tasks_with_exactly_one_iam_request(playbook, emulator):
    run = playbook([login_task(iam_endpoint=emulator.url), block_with_login_defaults(three_tasks(), emulator)],
                   defaults={"auth_token": None, "project_id": None}, verbose=True)
    results = run.results()
    assert results["First"]["changed"] is True and results["Second"]["changed"] is True, results["First"]
    assert [a["name"] for a in results["Third"]["authorizations"]] == ["login-one", "login-two"]
    assert len(iam_requests(emulator)) == 1
    assert [entry["auth"] for entry in emulator.log if entry["path"] != "/v3/auth/tokens"] == ["token"] * 5
    assert results["Log in"]["censored"].startswith("the output has been hidden")
    assert len(issued_tokens(emulator)) == 1 and leaked(run.output, issued_tokens(emulator)) == []


def test_check_mode_logs_in_and_the_tasks_only_list(playbook, emulator):
    run = playbook([login_task(iam_endpoint=emulator.url), block_with_login_defaults(three_tasks(), emulator)],
                   defaults={"auth_token": None, "project_id": None}, args=["--check", "--diff"])
    results = run.results()
    assert results["First"]["changed"] is True and results["First"]["msg"].startswith("would create")
    assert [entry["method"] for entry in emulator.log] == ["POST", "GET", "GET", "GET"]
    assert emulator.writes()[0]["path"] == "/v3/auth/tokens" and len(emulator.writes()) == 1
    assert emulator.authorizations(PROJECT_ID) == []
    assert leaked(run.output, issued_tokens(emulator)) == []


def test_the_lookup_in_set_fact_logs_in_once(playbook, emulator):
    lookup = ("{{ lookup('huaweicloud.servicestage.iam_token', region='%s', iam_domain='%s', iam_user='%s', "
              "iam_password=iam_password, iam_endpoint='%s') }}" % (REGION, IAM_DOMAIN, IAM_USER, emulator.url))
    fact = {"name": "Log in with the lookup", "ansible.builtin.set_fact": {"login": lookup}, "no_log": True}
    run = playbook([fact, block_with_login_defaults(three_tasks(), emulator)],
                   defaults={"auth_token": None, "project_id": None}, verbose=True)
    results = run.results()
    assert "First" in results, run.output[-3000:]
    assert results["First"]["changed"] is True and len(results["Third"]["authorizations"]) == 2
    assert len(iam_requests(emulator)) == 1
    assert leaked(run.output, issued_tokens(emulator)) == []


def test_a_wrong_password_fails_clearly_and_prints_no_secret_at_vvvv(playbook, emulator):
    run = playbook([dict(login_task(iam_endpoint=emulator.url, iam_password="{{ other_password }}"), no_log=False)],
                   defaults={"auth_token": None, "project_id": None}, verbose=True)
    result = run.results()["Log in"]
    assert result["failed"] is True
    assert (result["step"], result["status"], result["error_code"]) == ("IAM login", 401, "IAM.0011")
    assert "Check iam_user, iam_password and iam_domain" in result["msg"] and len(result["request_id"]) == 32
    if "invocation" in result:  # ansible-core 2.21 returns no arguments on failure
        assert result["invocation"]["module_args"]["iam_password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert issued_tokens(emulator) == [] and len(iam_requests(emulator)) == 1


def test_a_play_of_20_tasks_sends_20_logins_with_per_task_credentials_and_1_with_iam_token(playbook, emulator):
    per_task = dict(LOGIN, iam_endpoint=emulator.url, auth_token=None, project_id=None)
    listing = [{"name": "List %d" % index, "huaweicloud.servicestage.servicestage_git_auth_info": {}}
               for index in range(20)]
    playbook(listing, defaults=per_task)
    assert len(iam_requests(emulator)) == 20 and len(emulator.log) == 40
    del emulator.log[:]
    playbook([login_task(iam_endpoint=emulator.url), block_with_login_defaults(listing, emulator)],
             defaults={"auth_token": None, "project_id": None})
    assert len(iam_requests(emulator)) == 1 and len(emulator.log) == 21
