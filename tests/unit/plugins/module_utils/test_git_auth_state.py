# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_report import diff_view, written_view
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_state import (
    Item,
    check_name,
    create_body,
    normalized_host,
    plan,
    plan_set,
    wanted,
)

WANT = {"name": "auth-1", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password"}
HAVE = dict(WANT, repo_host="https://api.bitbucket.org", create_time=1, status=0, avartar="x")


@pytest.mark.parametrize("want, have, replace, action", [
    (WANT, None, False, "create"),
    (WANT, None, True, "create"),
    (WANT, HAVE, False, "none"),
    (WANT, HAVE, True, "recreate"),
    (WANT, dict(HAVE, repo_user="other"), False, "recreate"),
    (WANT, dict(HAVE, repo_type="devcloud"), False, "recreate"),
    (WANT, dict(HAVE, token_type="personal"), False, "recreate"),
    (None, HAVE, False, "delete"),
    (None, None, False, "none"),
    (None, None, True, "none"),
    (WANT, dict(HAVE, token_type="oauth"), False, "refuse"),
    (None, dict(HAVE, token_type="oauth"), False, "refuse"),
    (WANT, dict(HAVE, token_type="sso"), True, "refuse"),
    (None, dict(HAVE, token_type=None), False, "refuse"),
])
def test_plan(want, have, replace, action):
    assert plan(want, have, replace)[0] == action


def test_plan_names_what_differs():
    assert plan(WANT, dict(HAVE, repo_user="x", repo_type="devcloud"), False)[1] == (
        "repo_type, repo_user differ and the API has no update call")


@pytest.mark.parametrize("name", ["abcd", "a" * 63, "A.b_c-9", "1234"])
def test_good_names(name):
    assert check_name(name) is None


@pytest.mark.parametrize("name", ["", "abc", "a" * 64, "has space", "ünï-code", "semi;colon", "slash/name",
                                  "new\nline", "abcd\n"])
def test_bad_names(name):
    assert "not a valid authorization name" in check_name(name)


def test_a_kind_the_collection_does_not_manage_is_refused_with_its_name_kind_and_the_way_out():
    reason = plan(None, dict(HAVE, token_type="oauth"), False)[1]
    assert reason.startswith("authorization 'auth-1' is an OAuth authorization (token_type 'oauth')")
    assert "never deletes or replaces one" in reason and "ServiceStage console" in reason
    assert "a kind this collection does not manage (token_type 'sso')" in plan(WANT, dict(HAVE, token_type="sso"), False)[1]


def test_diff_view_keeps_known_fields_and_marks_secret():
    assert diff_view(HAVE, "<hidden>") == {
        "name": "auth-1", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password",
        "repo_host": "https://api.bitbucket.org", "password": "<hidden>"}
    assert diff_view({}, "<hidden>") == {}


def test_a_written_authorization_shows_the_wanted_fields_over_what_exists():
    token = {"name": "tok-1", "repo_type": "gitlab", "repo_user": "token-owner", "token_type": "personal",
             "repo_host": "https://gitlab.example.com", "create_time": 1}
    assert written_view(token, wanted("tok-1", "gitlab")) == {
        "name": "tok-1", "repo_type": "gitlab", "repo_user": "token-owner", "token_type": "personal",
        "repo_host": "https://gitlab.example.com", "token": "<hidden: replaced>"}
    assert written_view(HAVE, dict(WANT, repo_user="bot2"))["repo_host"] == "https://api.bitbucket.org"
    assert written_view(None, wanted("tok-2", "gitlab", host="HTTPS://GitLab.Example.com/")) == {
        "name": "tok-2", "repo_type": "gitlab", "token_type": "personal", "repo_host": "https://gitlab.example.com",
        "token": "<hidden: set>"}


def item(name, repo_type="bitbucket", user="bot", state="present", host=None, replace=False):
    want = wanted(name, repo_type, user=user, host=host) if state == "present" else None
    return Item(name, want, secret="s3cret", replace_secret=replace)


def holding(name, repo_type="bitbucket", user="bot", token_type="password", host=None):
    found = {"name": name, "repo_type": repo_type, "token_type": token_type, "repo_user": user, "status": 0}
    if host:
        found["repo_host"] = host
    return found


def actions(steps):
    return [(action, name) for action, name, dummy, dummy_reason in steps]


def test_plan_set_orders_writes_first_then_deletes_then_purged():
    holdings = dict((found["name"], found) for found in (
        holding("keep-1"), holding("user-changes", user="old"), holding("gone-1"), holding("stray-b"),
        holding("stray-a", "github", token_type="personal"), holding("oauth-1", "github", token_type="oauth")))
    items = [item("gone-1", state="absent"), item("new-2"), item("keep-1"), item("user-changes"), item("new-1"),
             item("never-there", state="absent")]
    assert actions(plan_set(items, holdings, purge=True)) == [
        ("none", "keep-1"), ("none", "never-there"),
        ("create", "new-2"), ("recreate", "user-changes"), ("create", "new-1"),
        ("delete", "gone-1"),
        ("purge", "stray-a"), ("purge", "stray-b")]


def test_purge_never_touches_a_listed_or_an_oauth_authorization():
    holdings = dict((found["name"], found) for found in (
        holding("listed-same"), holding("listed-other-kind", "github", token_type="personal"),
        holding("oauth-1", "github", token_type="oauth"), holding("oauth-2", "gitee", token_type="oauth"),
        holding("unknown-kind", token_type=None), holding("stray")))
    items = [item("listed-same"), item("listed-other-kind")]
    steps = plan_set(items, holdings, purge=True)
    purged = [name for action, name in actions(steps) if action == "purge"]
    assert purged == ["stray"]
    assert ("recreate", "listed-other-kind") in actions(steps)
    # bug #7250 of gitlab_project_variable: purge deleted the listed variables too
    assert all(name not in purged for name in ("listed-same", "listed-other-kind", "oauth-1", "oauth-2"))


def test_purge_with_nothing_listed_deletes_only_managed_kinds():
    holdings = dict((found["name"], found) for found in (
        holding("pw-1"), holding("tok-1", "gitlab", token_type="personal"), holding("oauth-1", "github", token_type="oauth")))
    assert actions(plan_set([], holdings, purge=True)) == [("purge", "pw-1"), ("purge", "tok-1")]
    assert actions(plan_set([], holdings, purge=False)) == []


def test_plan_set_uses_plan_for_every_item():
    holdings = {"tok": holding("tok", "gitlab", token_type="personal", host="https://gitlab.example.com")}
    for items, expected in (
            ([item("tok", "gitlab", user=None, host="HTTPS://GitLab.Example.com/")], "none"),
            ([item("tok", "gitlab", user=None, host="https://gitlab.other.com")], "recreate"),
            ([item("tok", "gitlab", user=None, host="https://gitlab.example.com", replace=True)], "recreate"),
            ([item("tok", "github", user=None, host="https://gitlab.example.com")], "recreate")):
        assert actions(plan_set(items, holdings, purge=False)) == [(expected, "tok")]
        assert expected == plan(items[0].want, holdings["tok"], items[0].replace_secret)[0]


@pytest.mark.parametrize("url, normalized", [
    ("HTTPS://GitLab.Example.COM/", "https://gitlab.example.com"),
    ("https://gitlab.example.com/group/", "https://gitlab.example.com/group"),
    ("https://gitlab.example.com/Group", "https://gitlab.example.com/Group"),
    (None, None),
    (" http://[x ", "http://[x"),  # the API may hold what urlsplit cannot read: compared as it is
])
def test_normalized_host(url, normalized):
    assert normalized_host(url) == normalized


def test_an_unreadable_host_from_the_api_differs_from_the_wanted_one_and_is_no_error():
    want = wanted("tok", "gitlab", host="https://gitlab.example.com")
    have = dict(want, repo_host="http://[x")
    assert plan(want, have, False)[0] == "recreate"


def test_wanted_and_create_body_by_kind():
    password = wanted("a-pw", "devcloud", user="bot", host=None)
    assert password == {"name": "a-pw", "repo_type": "devcloud", "repo_user": "bot", "token_type": "password"}
    assert create_body(password, "pw") == {"user": "bot", "password": "pw"}
    token = wanted("a-tok", "gitee", host="https://gitee.example.com")
    assert token == {"name": "a-tok", "repo_type": "gitee", "token_type": "personal", "repo_host": "https://gitee.example.com"}
    assert create_body(token, "tk") == {"token": "tk", "host": "https://gitee.example.com"}
    assert create_body(wanted("b-tok", "github"), "tk") == {"token": "tk"}
