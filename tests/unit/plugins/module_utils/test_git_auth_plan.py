# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

import collections

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.git_auth import (
    check_name,
    create_body,
    decide,
    describe_set,
    diff_view,
    host_match,
    normalized_host,
    purge_prefix,
    repo_kind,
    set_order,
    status_text,
    wanted,
    written_view,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import Run

Decision = collections.namedtuple("Decision", "action reason note")
Item = collections.namedtuple("Item", "name want secret update")


def plan(want, have, update="on_create"):
    return Decision(*decide(want, have, update))


WANT = {"name": "auth-1", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password"}
HAVE = dict(WANT, repo_host="https://api.bitbucket.org", create_time=1, status=0, avartar="x")


@pytest.mark.parametrize("want, have, update, action", [
    (WANT, None, "on_create", "create"),
    (WANT, None, "always", "create"),
    (WANT, HAVE, "on_create", "none"),
    (WANT, HAVE, "always", "recreate"),
    (WANT, HAVE, "on_invalid", "none"),
    (WANT, dict(HAVE, status=1), "on_invalid", "recreate"),
    (WANT, dict(HAVE, status=2), "on_invalid", "recreate"),
    (WANT, dict(HAVE, status=1), "on_create", "none"),
    (WANT, dict(HAVE, status=3), "on_invalid", "none"),
    (WANT, dict(HAVE, repo_user="other"), "on_create", "recreate"),
    (WANT, dict(HAVE, repo_type="devcloud"), "on_create", "recreate"),
    (WANT, dict(HAVE, repo_type="Bitbucket"), "on_create", "none"),
    (WANT, dict(HAVE, token_type="personal"), "on_create", "recreate"),
    (None, HAVE, "on_create", "delete"),
    (None, None, "on_create", "none"),
    (None, None, "always", "none"),
    (WANT, dict(HAVE, token_type="oauth"), "on_create", "refuse"),
    (None, dict(HAVE, token_type="oauth"), "on_create", "refuse"),
    (WANT, dict(HAVE, token_type="sso"), "always", "refuse"),
    (None, dict(HAVE, token_type=None), "on_create", "refuse"),
])
def test_plan(want, have, update, action):
    assert plan(want, have, update).action == action


def test_plan_names_what_differs():
    assert plan(WANT, dict(HAVE, repo_user="x", repo_type="devcloud")).reason == (
        "repo_type, repo_user differ and the API has no update call")


def test_an_invalid_status_says_why_the_secret_is_replaced():
    assert plan(WANT, dict(HAVE, status=1), "on_invalid").reason == (
        "its status is 1 (overdue), and replacing its secret then was asked for")
    assert [status_text(status) for status in (0, 1, 2, 7)] == [
        "normal", "overdue", "not authenticated", "unknown status 7"]


@pytest.mark.parametrize("listed", ["devcloud", "DevCloud", "codearts", "CodeArts", "DEVCLOUD"])
def test_every_spelling_of_codearts_is_the_same_kind(listed):
    want = wanted("a-pw", "codearts", user="bot")
    assert want["repo_type"] == "devcloud" and repo_kind(listed) == "devcloud"
    assert plan(want, dict(want, repo_type=listed, status=0)).action == "none"
    assert plan(want, dict(want, repo_type="bitbucket", status=0)).action == "recreate"


TOKEN_WANT = wanted("tok", "github", host="https://GitHub.Example.com/")


@pytest.mark.parametrize("listed, match", [
    # the API page's example: the host given is listed as repo_home, the API server as repo_host
    ({"repo_host": "https://api.github.com", "repo_home": "https://github.example.com"}, "match"),
    ({"repo_host": "https://api.github.com", "repo_home": "https://github.example.com/"}, "match"),
    # the user's page under the host
    ({"repo_host": "https://api.github.com", "repo_home": "https://github.example.com/ci-bot"}, "match"),
    # the host given, normalized, as repo_host
    ({"repo_host": "https://github.example.com", "repo_home": "https://github.com/ci-bot"}, "match"),
    # neither on the host's server: another server
    ({"repo_host": "https://api.github.com", "repo_home": "https://github.com/ci-bot"}, "other server"),
    ({"repo_host": "https://github.other.com", "repo_home": "https://github.other.com/ci-bot"}, "other server"),
    ({}, "unclear"),
    # on the same server, not under the URL given: a form the collection cannot compare
    ({"repo_host": "https://api.github.com", "repo_home": "http://github.example.com/ci-bot"}, "unclear"),
    ({"repo_host": "https://api.github.com", "repo_home": "https://github.example.com:8443/ci-bot"}, "unclear"),
    # none listed at all: nothing to compare with, never a re-create
    ({"repo_host": None, "repo_home": None}, "unclear"),
    ({"repo_host": "", "repo_home": "  "}, "unclear"),
    # a trailing dot, no scheme: the same server
    ({"repo_host": "https://github.example.com./", "repo_home": None}, "match"),
    ({"repo_host": "GitHub.Example.com"}, "match"),
    # a prefix string is not a server under it
    ({"repo_host": "https://github.example.com.evil.org"}, "other server"),
])
def test_a_token_host_matches_repo_host_or_repo_home(listed, match):
    assert host_match(TOKEN_WANT["host"], listed) == match


@pytest.mark.parametrize("given, listed", [
    (u"https://b\u00fccher.example", "https://xn--bcher-kva.example"),
    ("https://xn--bcher-kva.example", u"https://B\u00dcCHER.example/team"),
])
def test_an_internationalized_host_is_compared_in_its_ascii_form(given, listed):
    assert host_match(given, {"repo_home": listed}) == "match"


def test_a_host_the_list_shows_on_the_same_server_in_another_form_is_left_alone_with_a_note():
    want = wanted("tok", "gitlab", host="https://gitlab.example.com/gitlab")
    have = dict(name="tok", repo_type="gitlab", token_type="personal", status=0,
                repo_host="https://gitlab.com", repo_home="https://gitlab.example.com/ci-bot")
    assert host_match(want["host"], have) == "unclear"
    decision = plan(want, have)
    assert decision.action == "none" and "cannot be compared" in decision.reason
    assert "host https://gitlab.example.com/gitlab is not how the API lists it" in decision.note
    assert "update_token: always" in decision.note
    assert "left as it is" in decision.note and "always" in decision.note
    assert plan(want, dict(have, repo_home="https://gitlab.other.com/ci-bot")).action == "recreate"


@pytest.mark.parametrize("pattern, prefix", [
    ("team-a-", "team-a-"),
    ("^team-a-", "team-a-"),
    ("team-a-.*", "team-a-"),
    ("team-a-$", "team-a-"),
    (r"\.hidden", ".hidden"),
    ("t+eam", "t"),
    ("team-(a|b)-", "team-"),
    ("team-[ab]", "team-"),
    ("ab*", "a"),
    ("a{1,3}", "a"),
    (".+", ""),
    (".*", ""),
    ("", ""),
    ("^", ""),
    (r"\w", ""),
    (r"\d+", ""),
    ("[a-z]", ""),
    ("a*", ""),
    ("a?b", ""),
    ("a{0,2}", ""),
    ("a{,2}", ""),
    ("(team)", ""),
    ("team|.*", ""),
    ("team-a-|other", ""),
    ("(?i)team", ""),
    # what the engine sees, not what a scan of the text would: a comment, a class holding ] or (, verbose mode
    ("team-a-(?#[)|.*", ""),
    ("team-a-(?#()|.*", ""),
    ("team-a-[](]|.*", ""),
    ("team-a-[^](]|.*", ""),
    ("(?x)t *", ""),
    ("(?x)team - a -", "team-a-"),
    ("team-a-(?i:x)", "team-a-"),
    (r"team\-a", "team-a"),
    ("\\Ateam", ""),
])
def test_a_purge_match_must_start_with_literal_text(pattern, prefix):
    assert purge_prefix(pattern) == prefix


@pytest.mark.parametrize("name", ["abcd", "a" * 63, "A.b_c-9", "1234"])
def test_good_names(name):
    assert check_name(name) is None


@pytest.mark.parametrize("name", ["", "abc", "a" * 64, "has space", "ünï-code", "semi;colon", "slash/name",
                                  "new\nline", "abcd\n"])
def test_bad_names(name):
    assert "not a valid authorization name" in check_name(name)


def test_a_kind_the_collection_does_not_manage_is_refused_with_its_name_kind_and_the_way_out():
    reason = plan(None, dict(HAVE, token_type="oauth")).reason
    assert reason.startswith("authorization 'auth-1' is an OAuth authorization (token_type 'oauth')")
    assert "never deletes or replaces one" in reason and "ServiceStage console" in reason
    assert "a kind this collection does not manage (token_type 'sso')" in plan(WANT, dict(HAVE, token_type="sso")).reason


def test_diff_view_keeps_known_fields_and_marks_secret():
    assert diff_view(HAVE, "<hidden>") == {
        "name": "auth-1", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password",
        "repo_host": "https://api.bitbucket.org", "status": 0, "password": "<hidden>"}
    assert diff_view({}, "<hidden>") == {}


def test_a_written_authorization_shows_the_wanted_fields_over_what_exists():
    token = {"name": "tok-1", "repo_type": "gitlab", "repo_user": "token-owner", "token_type": "personal",
             "repo_host": "https://gitlab.example.com", "create_time": 1}
    assert written_view(token, wanted("tok-1", "gitlab")) == {
        "name": "tok-1", "repo_type": "gitlab", "repo_user": "token-owner", "token_type": "personal",
        "repo_host": "https://gitlab.example.com", "token": "<hidden: replaced>"}
    assert written_view(HAVE, dict(WANT, repo_user="bot2"))["repo_host"] == "https://api.bitbucket.org"
    assert written_view(None, wanted("tok-2", "gitlab", host="HTTPS://GitLab.Example.com/")) == {
        "name": "tok-2", "repo_type": "gitlab", "token_type": "personal", "host": "https://gitlab.example.com",
        "token": "<hidden: set>"}
    # what is not changing is the same on both sides: a secret replaced keeps the status and the user's page
    assert written_view(dict(HAVE, status=1, repo_home="https://bitbucket.org/bot"), WANT)["status"] == 1
    assert written_view(dict(HAVE, repo_home="https://bitbucket.org/bot"), WANT)["repo_home"] == "https://bitbucket.org/bot"
    # ... but a status that made it be replaced (on_invalid) is not known until it is listed, nor is anything the
    # API works out for another user
    assert "status" not in written_view(dict(HAVE, status=1), WANT, "on_invalid")
    assert "status" not in written_view(dict(HAVE, status=0), dict(WANT, repo_user="bot2"))


def item(name, repo_type="bitbucket", user="bot", state="present", host=None, update="on_create"):
    want = wanted(name, repo_type, user=user, host=host) if state == "present" else None
    return Item(name, want, secret="s3cret", update=update)


def holding(name, repo_type="bitbucket", user="bot", token_type="password", host=None):
    found = {"name": name, "repo_type": repo_type, "token_type": token_type, "repo_user": user, "status": 0}
    if host:
        found["repo_host"] = host
    return found


class Listed:
    """A git/auths client stand-in that lists what it holds."""

    def __init__(self, holdings):
        self.holdings = holdings

    def list(self):
        return list(self.holdings.values())


class Api:
    def __init__(self, holdings):
        self.git_auths = Listed(holdings)


def plan_set(items, holdings, purge=False):
    """The set's plan, as servicestage_git_auths makes it: [(action, name)] in the order it is carried out."""
    params = dict(update_secrets="on_create", purge=purge, authorizations=[dict(
        name=entry.name, state="present" if entry.want else "absent", password=entry.secret, token=None,
        update_secret=entry.update, repo_type=(entry.want or {}).get("repo_type", "bitbucket"),
        user=(entry.want or {}).get("repo_user"), host=(entry.want or {}).get("host")) for entry in items])
    runs = [Run(description) for description in describe_set(Api(holdings), params, None)]
    for run in runs:
        run.description.look_up()
        run.plan = run.description.plan()
    runs.sort(key=set_order)
    return [("purge" if run.description.purged else run.description.action, run.description.name) for run in runs]


def actions(steps):
    return steps


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
            ([item("tok", "gitlab", user=None, host="https://gitlab.example.com", update="always")], "recreate"),
            ([item("tok", "github", user=None, host="https://gitlab.example.com")], "recreate")):
        assert actions(plan_set(items, holdings, purge=False)) == [(expected, "tok")]
        assert expected == plan(items[0].want, holdings["tok"], items[0].update).action


@pytest.mark.parametrize("url, normalized", [
    ("HTTPS://GitLab.Example.COM/", "https://gitlab.example.com"),
    ("https://gitlab.example.com/group/", "https://gitlab.example.com/group"),
    ("https://gitlab.example.com/Group", "https://gitlab.example.com/Group"),
    (None, None),
    (" http://[x ", "http://[x"),  # the API may hold what urlsplit cannot read: compared as it is
])
def test_normalized_host(url, normalized):
    assert normalized_host(url) == normalized


def test_an_unreadable_host_from_the_api_is_no_error_and_no_reason_to_recreate():
    want = wanted("tok", "gitlab", host="https://gitlab.example.com")
    have = dict(want, repo_host="http://[x")
    decision = plan(want, have)
    assert decision.action == "none" and "http://[x" in decision.note


def test_wanted_and_create_body_by_kind():
    password = wanted("a-pw", "devcloud", user="bot", host=None)
    assert password == {"name": "a-pw", "repo_type": "devcloud", "repo_user": "bot", "token_type": "password"}
    assert create_body(password, "pw") == {"user": "bot", "password": "pw"}
    token = wanted("a-tok", "gitee", host="https://gitee.example.com")
    assert token == {"name": "a-tok", "repo_type": "gitee", "token_type": "personal", "host": "https://gitee.example.com"}
    assert create_body(token, "tk") == {"token": "tk", "host": "https://gitee.example.com"}
    assert create_body(wanted("b-tok", "github"), "tk") == {"token": "tk"}
