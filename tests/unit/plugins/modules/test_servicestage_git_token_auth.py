# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_git_password_auth import main as password_main
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_git_token_auth import main
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import TOKEN_HOST_VARIANTS
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, shown, warnings_of

TOKEN = "glpat-unit-Token-9Zx8"
PRESENT = dict(name="token-auth", repo_type="gitlab", token=TOKEN)


# How the emulator lists the host given, for each documented form (TOKEN_HOST_VARIANTS).
LISTED_HOST = {
    "repo_home": ("repo_home", "https://Git.Example.com/"),
    "repo_home_user": ("repo_home", "https://Git.Example.com/token-user"),
    "repo_host": ("repo_host", "https://git.example.com"),
}


@pytest.mark.parametrize("variant", TOKEN_HOST_VARIANTS)
def test_create_sends_token_and_host_and_a_rerun_writes_nothing_however_the_host_is_listed(
        run_module, emulator, variant):
    emulator.token_host = variant
    code, result = run_module(main, host="https://Git.Example.com/", **PRESENT)
    assert code == 0 and result["changed"] is True
    key, listed = LISTED_HOST[variant]
    assert result["authorization"][key] == listed
    assert emulator.secret_digests[(UNIT_PROJECT, "token-auth")] == hashlib.sha256(TOKEN.encode()).hexdigest()
    assert shown(result, TOKEN) == []
    for host in ("https://Git.Example.com/", "https://git.example.com"):
        code, again = run_module(main, host=host, **PRESENT)
        assert (code, again["changed"], again["msg"]) == (
            0, False, "authorization 'token-auth' is already as wanted: it matches")
    assert [entry["method"] for entry in emulator.writes()] == ["POST"]


def test_without_host_any_existing_host_is_accepted(run_module, emulator):
    run_module(main, host="https://git.example.com", **PRESENT)
    code, result = run_module(main, **PRESENT)
    assert result["changed"] is False


@pytest.mark.parametrize("variant", TOKEN_HOST_VARIANTS)
@pytest.mark.parametrize("check_mode", [False, True])
def test_other_host_recreates(run_module, emulator, check_mode, variant):
    emulator.token_host = variant
    run_module(main, host="https://git.example.com", **PRESENT)
    code, result = run_module(main, check_mode=check_mode, diff=True, host="https://other.example.com", **PRESENT)
    assert result["changed"] is True
    assert result["msg"].endswith("host differs and the API has no update call")
    assert result["diff"]["after"]["host"] == "https://other.example.com"
    assert result["diff"]["after"]["token"] == "<hidden: replaced>"
    assert [e["method"] for e in emulator.writes()] == (["POST"] if check_mode else ["POST", "DELETE", "POST"])


def test_a_host_listed_in_a_form_the_module_cannot_compare_is_left_alone_with_a_warning(run_module, emulator):
    emulator.token_host = "repo_home_user"
    run_module(main, host="https://git.example.com", **PRESENT)
    code, result = run_module(main, host="https://git.example.com/gitlab", **PRESENT)
    assert (code, result["changed"]) == (0, False)
    assert any("host https://git.example.com/gitlab is not how the API lists it" in warning
               for warning in warnings_of(result))
    assert [e["method"] for e in emulator.writes()] == ["POST"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_password_authorization_replaced_by_a_token_one_shows_nothing_of_the_old_in_the_diff(
        run_module, emulator, check_mode):
    run_module(password_main, name=PRESENT["name"], user="bot", password="unit-Secret-pw-13")
    code, result = run_module(main, check_mode=check_mode, diff=True, **PRESENT)
    assert code == 0 and result["changed"] is True
    assert result["diff"]["before"]["repo_user"] == "bot" and result["diff"]["before"]["repo_host"]
    assert result["diff"]["after"] == {"name": PRESENT["name"], "repo_type": PRESENT["repo_type"],
                                       "token_type": "personal", "token": "<hidden: set>"}


def test_update_token_always(run_module, emulator):
    run_module(main, **PRESENT)
    code, result = run_module(main, update_token="always", **PRESENT)
    assert result["changed"] is True
    assert [e["method"] for e in emulator.writes()] == ["POST", "DELETE", "POST"]


def test_unsupported_repo_type_from_api_is_reported(run_module, emulator):
    emulator.add_faults([{"method": "POST", "status": 400,
                          "body": {"error_code": "SVCSTG.REPO.0401", "error_msg": "repository type not supported"}}])
    code, result = run_module(main, **PRESENT)
    assert code == 1
    assert result["error_code"] == "SVCSTG.REPO.0401" and result["step"] == "create"
