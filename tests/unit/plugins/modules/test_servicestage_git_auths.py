# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_git_auths import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, shown, warnings_of

PASSWORD = u"set-pw-\u00fc\"'\n-Xy12"
TOKEN = "ghp_setUnitToken0123456789abcdef"


def password_item(name, user="bot", **extra):
    return dict(dict(name=name, user=user, password=PASSWORD), **extra)


def token_item(name, repo_type="github", **extra):
    return dict(dict(name=name, repo_type=repo_type, token=TOKEN), **extra)


SET = [password_item("bb-one"), password_item("cc-two", repo_type="devcloud"), token_item("gh-three"),
       token_item("gl-four", repo_type="gitlab", host="https://gitlab.example.com"), password_item("bb-five")]


def methods(emulator, since=0):
    return [entry["method"] for entry in emulator.log[since:]]


def secret_free(result):
    return shown(result, PASSWORD, TOKEN) == []


def test_create_rerun_and_check_mode_agree(run_module, emulator):
    code, planned = run_module(main, check_mode=True, authorizations=SET)
    assert (code, planned["changed"]) == (0, True)
    assert methods(emulator) == ["GET"]
    code, created = run_module(main, authorizations=SET)
    assert methods(emulator, 1) == ["GET"] + ["POST"] * 5
    for key in ("created", "recreated", "deleted", "unchanged"):
        assert planned[key] == created[key], key
    assert created["created"] == ["bb-five", "bb-one", "cc-two", "gh-three", "gl-four"]
    assert [a["name"] for a in created["authorizations"]] == [item["name"] for item in SET]
    assert created["msg"] == "5 created" and planned["msg"] == "would be: 5 created"
    assert secret_free(created) and secret_free(planned)
    digests = emulator.secret_digests
    assert digests[(UNIT_PROJECT, "bb-one")] == hashlib.sha256(PASSWORD.encode("utf-8")).hexdigest()
    assert digests[(UNIT_PROJECT, "gh-three")] == hashlib.sha256(TOKEN.encode("utf-8")).hexdigest()

    before = len(emulator.log)
    code, rerun = run_module(main, authorizations=SET)
    assert (rerun["changed"], rerun["unchanged"], rerun["msg"]) == (False, sorted(i["name"] for i in SET), "5 unchanged")
    assert methods(emulator, before) == ["GET"]


def test_one_write_per_change_and_two_per_recreate(run_module, emulator):
    run_module(main, authorizations=SET)
    before = len(emulator.log)
    changed = [password_item("bb-one", user="new-bot"), SET[1], SET[2], dict(SET[3], state="absent"), SET[4],
               password_item("bb-six")]
    code, result = run_module(main, diff=True, authorizations=changed)
    assert methods(emulator, before) == ["GET", "DELETE", "POST", "POST", "DELETE"]
    assert (result["created"], result["recreated"], result["deleted"]) == (["bb-six"], ["bb-one"], ["gl-four"])
    assert result["unchanged"] == ["bb-five", "cc-two", "gh-three"]
    assert result["diff"]["before"]["bb-one"]["password"] == "<hidden>"
    # what exists, with the wanted fields over it: repo_host stays (it is not removed by the re-create)
    assert result["diff"]["after"]["bb-one"] == {"name": "bb-one", "repo_type": "bitbucket", "repo_user": "new-bot",
                                                 "repo_host": "https://api.bitbucket.org", "token_type": "password",
                                                 "password": "<hidden: replaced>"}
    assert result["diff"]["after"]["gl-four"] == {}
    assert result["diff"]["after"]["gh-three"]["token"] == "<hidden>"
    assert secret_free(result)


def test_a_purge_that_fails_halfway_warns_about_what_it_deleted_only(run_module, emulator):
    emulator.seed(UNIT_PROJECT, 3, prefix="stray-pw-")
    emulator.add_faults([dict(method="DELETE", skip=1, status=403,
                              body={"error_code": "SVCSTG.REPO.0403", "error_msg": "forbidden"})])
    code, result = run_module(main, purge=True, authorizations=SET[:1])
    assert code == 1 and result["changed"] is True and result["deleted"] == ["stray-pw-00000"]
    assert methods(emulator) == ["GET", "POST", "DELETE", "DELETE"]
    assert [warning for warning in warnings_of(result) if "purge" in warning] != []
    assert all("purge deleted 1 authorization that the list does not name: stray-pw-00000." in warning
               for warning in warnings_of(result) if "purge" in warning)


def test_update_secrets_always_recreates_every_present_item(run_module, emulator):
    run_module(main, authorizations=SET[:2])
    before = len(emulator.log)
    code, result = run_module(main, update_secrets="always", authorizations=SET[:2] + [password_item("new-one")])
    assert methods(emulator, before) == ["GET", "DELETE", "POST", "DELETE", "POST", "POST"]
    assert (result["created"], result["recreated"]) == (["new-one"], ["bb-one", "cc-two"])


def test_purge_deletes_unlisted_managed_ones_only_and_names_them(run_module, emulator):
    emulator.seed(UNIT_PROJECT, 2, prefix="stray-pw-")
    emulator.seed(UNIT_PROJECT, 1, prefix="stray-tok-", token_type="personal")
    emulator.seed(UNIT_PROJECT, 2, prefix="oauth-", token_type="oauth")
    code, planned = run_module(main, check_mode=True, purge=True, authorizations=SET[:1])
    assert planned["deleted"] == ["stray-pw-00000", "stray-pw-00001", "stray-tok-00000"]
    assert methods(emulator) == ["GET"]
    assert any("purge would delete 3 authorizations that the list does not name: stray-pw-00000, stray-pw-00001, "
               "stray-tok-00000." in warning for warning in warnings_of(planned))
    code, result = run_module(main, purge=True, authorizations=SET[:1])
    assert (result["created"], result["deleted"]) == (["bb-one"], planned["deleted"])
    assert methods(emulator, 1) == ["GET", "POST", "DELETE", "DELETE", "DELETE"]
    assert sorted(a["name"] for a in emulator.authorizations(UNIT_PROJECT)) == ["bb-one", "oauth-00000", "oauth-00001"]
    assert any("purge deleted 3 authorizations that the list does not name" in warning for warning in warnings_of(result))
    code, rerun = run_module(main, purge=True, authorizations=SET[:1])
    assert rerun["changed"] is False and warnings_of(rerun) == []


def test_purge_match_scopes_the_purge_to_matching_names(run_module, emulator):
    emulator.seed(UNIT_PROJECT, 2, prefix="team-a-old-")
    emulator.seed(UNIT_PROJECT, 2, prefix="team-b-")
    emulator.seed(UNIT_PROJECT, 1, prefix="xteam-a-")
    listed = [password_item("team-a-new")]
    code, result = run_module(main, purge=True, purge_match="team-a-", authorizations=listed)
    assert (code, result["created"], result["deleted"]) == (0, ["team-a-new"], ["team-a-old-00000", "team-a-old-00001"])
    assert sorted(a["name"] for a in emulator.authorizations(UNIT_PROJECT)) == [
        "team-a-new", "team-b-00000", "team-b-00001", "xteam-a-00000"]


@pytest.mark.parametrize("options, text", [
    (dict(purge=True, authorizations=[]), "purge is true but no authorization is listed with state: present"),
    (dict(purge=True, authorizations=[dict(name="gone-one", state="absent")]),
     "list their names with state: absent (servicestage_git_auth_info lists them)"),
    (dict(purge=True, purge_match="team-(", authorizations=SET[:1]), "purge_match is not a valid regular expression"),
    (dict(purge_match="team-a-", authorizations=SET[:1]), "purge_match is given but purge is false"),
    (dict(purge=True, purge_match="", authorizations=SET[:1]),
     "purge_match '' does not start with a literal character, so it could match any name"),
    (dict(purge=True, purge_match="(team-a-)?", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match=".+", authorizations=SET[:1]), "purge_match '.+' does not start with a literal"),
    (dict(purge=True, purge_match="\\w", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match="[a-z]", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match="^.*", authorizations=SET[:1]), "to purge everything unlisted, leave purge_match out"),
    (dict(purge=True, purge_match="team-a-|.*", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match="team-a-(?#[)|.*", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match="team-a-[](]|.*", authorizations=SET[:1]), "does not start with a literal character"),
    (dict(purge=True, purge_match="(?i)team-a-", authorizations=SET[:1]), "does not start with a literal character"),
])
def test_a_purge_that_could_surprise_fails_before_any_request(run_module, emulator, options, text):
    emulator.seed(UNIT_PROJECT, 1, prefix="stray-pw-")
    code, result = run_module(main, **options)
    assert code == 1 and text in result["msg"] and "nothing was sent" in result["msg"]
    assert emulator.log == []


def test_one_secret_of_a_set_is_rotated_with_update_secret(run_module, emulator):
    run_module(main, authorizations=SET[:3])
    before = len(emulator.log)
    rotated = [dict(SET[0], update_secret="always"), SET[1], SET[2]]
    code, result = run_module(main, authorizations=rotated)
    assert methods(emulator, before) == ["GET", "DELETE", "POST"]
    assert (result["recreated"], result["unchanged"]) == (["bb-one"], ["cc-two", "gh-three"])
    before = len(emulator.log)
    code, result = run_module(main, update_secrets="always", authorizations=[dict(SET[0], update_secret="on_create")])
    assert methods(emulator, before) == ["GET"] and result["changed"] is False


def test_a_failure_halfway_says_what_was_done(run_module, emulator):
    emulator.add_faults([{"method": "POST", "skip": 4, "status": 400,
                          "body": {"error_code": "SVCSTG.REPO.0451", "error_msg": "repository authorization invalid"}}])
    items = SET + [dict(name="never-there", state="absent"), password_item("bb-seven")]
    code, result = run_module(main, authorizations=items)
    assert code == 1 and result["changed"] is True
    assert result["created"] == ["bb-one", "cc-two", "gh-three", "gl-four"]
    assert (result["step"], result["status"], result["error_code"]) == ("create", 400, "SVCSTG.REPO.0451")
    msg = result["msg"]
    assert msg.startswith("ServiceStage create of authorization 'bb-five' failed: HTTP 400 SVCSTG.REPO.0451")
    assert "(request id %s)" % result["request_id"] in msg
    assert "Done before the failure: created bb-one, cc-two, gh-three, gl-four." in msg
    assert "Not attempted: bb-seven." in msg
    assert methods(emulator) == ["GET"] + ["POST"] * 5
    assert secret_free(result)


def test_a_recreate_failing_halfway_is_listed_as_deleted(run_module, emulator):
    run_module(main, authorizations=SET[:2])
    emulator.reject_credentials = True
    code, result = run_module(main, authorizations=[password_item("bb-one", user="other"), SET[1]])
    assert code == 1 and result["changed"] is True
    assert (result["deleted"], result["recreated"], result["unchanged"]) == (["bb-one"], [], ["cc-two"])
    assert "The old authorization 'bb-one' was deleted first" in result["msg"]
    assert "Done before the failure: deleted bb-one." in result["msg"]


def test_nothing_written_before_the_failure_is_not_changed(run_module, emulator):
    emulator.reject_credentials = True
    code, result = run_module(main, authorizations=SET[:2])
    assert code == 1 and result["changed"] is False
    assert "Done before the failure: nothing." in result["msg"] and "Not attempted: cc-two." in result["msg"]


@pytest.mark.parametrize("authorizations, messages", [
    ([password_item("dup-name"), token_item("dup-name"), password_item("dup-name")],
     ["authorization 'dup-name' is listed 3 times"]),
    ([dict(password_item("both-secrets"), token=TOKEN)],
     ["authorization 'both-secrets' (bitbucket) has both a password and a token",
      "authorization 'both-secrets' (bitbucket) takes user and password, not token"]),
    ([token_item("tok-with-pw", password=PASSWORD, user="x", token=None)],
     ["authorization 'tok-with-pw' (github) takes token, not user or password",
      "authorization 'tok-with-pw' (github) needs a non-empty token"]),
    ([password_item("pw-with-host", host="https://example.com"), password_item("no-user", user=" ")],
     ["authorization 'pw-with-host' (bitbucket) takes user and password, not host",
      "authorization 'no-user' (bitbucket) needs a non-empty user"]),
    ([password_item("no-pw", password=""), token_item("bad host", host="gitlab.example.com")],
     ["authorization 'no-pw' (bitbucket) needs a non-empty password", "name 'bad host' is not a valid authorization name",
      "host of authorization 'bad host' must be an http(s) URL"]),
    ([token_item("secret-host", host="https://user:%s@gitlab.example.com" % "Host-Pa55-secret")],
     ["host of authorization 'secret-host' must not hold credentials"]),
])
def test_every_item_is_validated_and_all_errors_reported_at_once(run_module, emulator, authorizations, messages):
    code, result = run_module(main, authorizations=authorizations)
    assert code == 1
    assert result["msg"].startswith("Invalid input, nothing was sent: ")
    for message in messages:
        assert message in result["msg"]
    assert emulator.log == []
    assert secret_free(result) and shown(result, "Host-Pa55-secret") == []


def test_absent_items_need_no_secret(run_module, emulator):
    run_module(main, authorizations=SET[:1])
    code, result = run_module(main, authorizations=[dict(name="bb-one", state="absent"),
                                                    dict(name="gh-three", repo_type="github", state="absent")])
    assert (code, result["deleted"], result["unchanged"]) == (0, ["bb-one"], ["gh-three"])
    assert result["authorizations"] == []


def test_an_unexpected_error_halfway_still_reports_what_was_written(run_module, emulator, monkeypatch):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import git_auth
    real_create_body = git_auth.create_body
    calls = []

    def fragile_create_body(want, secret):
        calls.append(want["name"])
        if len(calls) == 3:
            raise TypeError("cannot build a body from %s" % secret)
        return real_create_body(want, secret)

    monkeypatch.setattr(git_auth, "create_body", fragile_create_body)
    code, result = run_module(main, authorizations=SET)
    assert code == 1 and result["changed"] is True
    assert result["created"] == ["bb-one", "cc-two"]
    assert "of authorization 'gh-three' failed: unexpected TypeError" in result["msg"]
    assert "Done before the failure: created bb-one, cc-two." in result["msg"]
    assert secret_free(result) and "cannot build" not in result["msg"]
