# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_state import (
    check_name,
    diff_view,
    plan,
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


def test_diff_view_keeps_known_fields_and_marks_secret():
    assert diff_view(HAVE, "<hidden>") == {
        "name": "auth-1", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password",
        "repo_host": "https://api.bitbucket.org", "password": "<hidden>"}
    assert diff_view({}, "<hidden>") == {}
