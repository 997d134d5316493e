# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the list says about an authorization that the modules must not ignore: its status (0 normal,
1 overdue, 2 not authenticated), shown in every result and warned about, and repaired with
on_invalid; and the spellings of CodeArts' repository type (devcloud, DevCloud, codearts)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_auth_info as info_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_auths as set_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_password_auth as password_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_token_auth as token_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, warnings_of

PRESENT = dict(name="unit-auth", user="bot", password="unit-Status-pw-31")
TOKEN = dict(name="unit-tok", repo_type="github", token="ghp_unitStatusToken0031")


def writes(emulator):
    return [entry["method"] for entry in emulator.writes()]


def status_warnings(result):
    return [warning for warning in warnings_of(result) if "ServiceStage cannot pull with it" in warning]


@pytest.mark.parametrize("status, text", [(1, "overdue"), (2, "not authenticated")])
def test_a_broken_authorization_is_reported_and_warned_about_not_called_fine(run_module, emulator, status, text):
    run_module(password_module.main, **PRESENT)
    emulator.set_status(UNIT_PROJECT, "unit-auth", status)
    code, result = run_module(password_module.main, **PRESENT)
    assert (code, result["changed"]) == (0, False)
    assert (result["authorization"]["status"], result["authorization"]["status_text"]) == (status, text)
    assert status_warnings(result) == [
        "authorization 'unit-auth' is %s (status %d): ServiceStage cannot pull with it; to replace its password when "
        "the list says so, set update_password: on_invalid (or always)." % (text, status)]
    assert writes(emulator) == ["POST"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_on_invalid_replaces_the_secret_only_when_the_list_says_it_is_broken(run_module, emulator, check_mode):
    run_module(password_module.main, **PRESENT)
    code, healthy = run_module(password_module.main, check_mode=check_mode, update_password="on_invalid", **PRESENT)
    assert (healthy["changed"], healthy["authorization"]["status_text"], status_warnings(healthy)) == (False, "normal", [])
    emulator.set_status(UNIT_PROJECT, "unit-auth", 1)
    code, repaired = run_module(password_module.main, check_mode=check_mode, diff=True, update_password="on_invalid",
                                **PRESENT)
    assert (code, repaired["changed"]) == (0, True)
    assert repaired["msg"].endswith("its status is 1 (overdue), and replacing its secret then was asked for")
    assert repaired["diff"]["before"]["status"] == 1 and "status" not in repaired["diff"]["after"]
    assert status_warnings(repaired) == []
    assert writes(emulator) == (["POST"] if check_mode else ["POST", "DELETE", "POST"])
    if not check_mode:
        assert repaired["authorization"]["status_text"] == "normal"
        code, again = run_module(password_module.main, update_password="on_invalid", **PRESENT)
        assert again["changed"] is False and writes(emulator) == ["POST", "DELETE", "POST"]


def test_on_invalid_for_a_token_and_in_a_set_item(run_module, emulator):
    run_module(token_module.main, **TOKEN)
    emulator.set_status(UNIT_PROJECT, "unit-tok", 2)
    code, result = run_module(token_module.main, update_token="on_invalid", **TOKEN)
    assert result["changed"] is True and writes(emulator) == ["POST", "DELETE", "POST"]

    run_module(set_module.main, authorizations=[PRESENT])
    emulator.set_status(UNIT_PROJECT, "unit-auth", 1)
    emulator.set_status(UNIT_PROJECT, "unit-tok", 1)
    listed = [dict(PRESENT, update_secret="on_invalid"), TOKEN]
    code, result = run_module(set_module.main, authorizations=listed)
    assert (result["recreated"], result["unchanged"]) == (["unit-auth"], ["unit-tok"])
    statuses = dict((a["name"], a["status_text"]) for a in result["authorizations"])
    assert statuses == {"unit-auth": "normal", "unit-tok": "overdue"}
    assert status_warnings(result) == [
        "authorization 'unit-tok' is overdue (status 1): ServiceStage cannot pull with it; to replace its token when "
        "the list says so, set update_secret: on_invalid on its item, or update_secrets: on_invalid for the set."]
    code, result = run_module(set_module.main, authorizations=[PRESENT, TOKEN], update_secrets="on_invalid")
    assert (result["recreated"], result["unchanged"]) == (["unit-tok"], ["unit-auth"])


def test_the_info_module_shows_and_warns_about_every_broken_one(run_module, emulator):
    emulator.seed(UNIT_PROJECT, names=["fine-one"])
    emulator.seed(UNIT_PROJECT, names=["late-one"], status=1)
    emulator.seed(UNIT_PROJECT, names=["odd-one"], status=5)
    code, result = run_module(info_module.main)
    texts = dict((a["name"], a["status_text"]) for a in result["authorizations"])
    assert texts == {"fine-one": "normal", "late-one": "overdue", "odd-one": "unknown status 5"}
    assert [warning.split(":")[0] for warning in status_warnings(result)] == [
        "authorization 'late-one' is overdue (status 1)", "authorization 'odd-one' is unknown status 5 (status 5)"]


@pytest.mark.parametrize("listed", [None, "DevCloud", "codearts"])
@pytest.mark.parametrize("repo_type", ["devcloud", "codearts"])
def test_codearts_converges_however_the_list_spells_its_type(run_module, emulator, listed, repo_type):
    if listed:
        emulator.listed_repo_types = {"devcloud": listed}
    args = dict(PRESENT, repo_type=repo_type)
    code, created = run_module(password_module.main, **args)
    assert (code, created["changed"]) == (0, True)
    assert [entry["path"].rsplit("/", 2)[-2] for entry in emulator.writes()] == ["devcloud"]
    code, again = run_module(password_module.main, **args)
    assert (code, again["changed"]) == (0, False), again["msg"]
    code, found = run_module(info_module.main, repo_type=repo_type)
    assert [a["name"] for a in found["authorizations"]] == ["unit-auth"]
    code, found = run_module(info_module.main, repo_type="bitbucket")
    assert found["authorizations"] == []
    code, in_a_set = run_module(set_module.main, authorizations=[args])
    assert (in_a_set["changed"], in_a_set["unchanged"]) == (False, ["unit-auth"])
    assert writes(emulator) == ["POST"]


@pytest.mark.parametrize("status, text, invalid", [
    ("1", "overdue", True), (None, "not reported", False), (True, "unknown status True", False),
    ([1], "unknown status [1]", False), ({"code": 1}, "unknown status {'code': 1}", False),
])
def test_an_odd_status_is_shown_for_what_it_is_and_never_breaks_the_result(run_module, emulator, status, text, invalid):
    """A write carried out, then a status the list gives in a shape nobody documented: the result still tells
    the truth about what was written."""
    emulator.seed(UNIT_PROJECT, names=["odd-one"])
    emulator.projects[UNIT_PROJECT]["odd-one"]["status"] = status
    listed = [dict(PRESENT, name="odd-one", user="seed-user", update_secret="on_invalid"), dict(PRESENT, name="new-one")]
    code, result = run_module(set_module.main, authorizations=listed)
    assert code == 0, result["msg"]
    assert result["created"] == ["new-one"] and result["recreated"] == (["odd-one"] if invalid else [])
    if not invalid:
        assert dict((a["name"], a["status_text"]) for a in result["authorizations"])["odd-one"] == text
    assert bool(status_warnings(result)) is (status is not None and not invalid)
