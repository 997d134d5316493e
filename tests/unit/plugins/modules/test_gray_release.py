# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Canary releases with ServiceStage's gray release, scripted: start (servicestage_component), see it paused
(servicestage_job_info, servicestage_component_info), change its rule (modify_gray_rule, in each reading of the
undocumented parameters), promote it (continue_deploy) or end it by rolling back; each idempotent and waited for."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_action as action_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_info as info_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_job_info as job_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT

GRAY = {"type": "GrayRelease", "gray_release": {"type": "WEIGHT", "first_batch_weight": 10}}
RULE = {"type": "WEIGHT", "first_batch_weight": 50}


def canary(run_module, v3, gray_release_job="succeeded"):
    """cart runs 1.0.0; a gray release of 1.1.0 is started and waits: the task's result."""
    v3.v3.configure(gray_release_job=gray_release_job)
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", version="1.0.0", previous_versions=["0.9.0"])
    code, result = run_module(component_module.main, application="shop", name="cart", version="1.1.0",
                              deploy_strategy=GRAY, source={"kind": "image", "url": "swr.example/shop/cart:1.1.0"})
    assert (code, result["gray_release_paused"]) == (0, True), result["msg"]
    return result


def the_component(emulator):
    return [item for item in emulator.v3.components(UNIT_PROJECT) if item["name"] == "cart"][0]


def rule_change(run_module, **extra):
    return run_module(action_module.main, application="shop", name="cart", action="modify_gray_rule",
                      gray_release=RULE, **extra)


@pytest.mark.parametrize("form", ["nested", "flat"])
def test_the_rule_changes_in_the_form_the_api_takes_and_a_second_run_writes_nothing(run_module, v3, form):
    canary(run_module, v3)
    v3.v3.configure(gray_rule_parameters=form)
    since = len(v3.writes())
    code, result = rule_change(run_module, diff=True)
    assert (code, result["changed"], result["job"]["execution_status"]) == (0, True, "SUCCEEDED"), result["msg"]
    assert the_component(v3)["deploy_strategy"]["gray_release"]["first_batch_weight"] == 50
    assert result["diff"]["after"]["gray_release"]["first_batch_weight"] == 50
    # the nested form first; a server that takes the flat one refuses it (400, nothing written) and takes the other
    assert len([entry for entry in v3.writes()[since:] if entry["outcome"] == 200]) == 1
    code, again = rule_change(run_module)
    assert (code, again["changed"]) == (0, False) and "its gray rule is as wanted" in again["msg"]


def test_an_api_that_refuses_the_rule_change_is_named_with_its_code(run_module, v3):
    canary(run_module, v3)
    v3.v3.configure(gray_rule_parameters="refuse")
    code, result = rule_change(run_module)
    assert (code, result["changed"]) == (1, False)
    assert "the API refused the rule change" in result["msg"] and result["error_code"] == "SVCSTG.00100418"


def test_a_rule_change_needs_a_gray_release_and_check_mode_writes_nothing(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    code, result = rule_change(run_module)
    assert code == 1 and "is not in a gray release waiting to go on (status RUNNING)" in result["msg"]
    assert v3.writes() == []
    v3.v3.reset()


@pytest.mark.parametrize("gray_release_job", ["succeeded", "running"])
def test_a_promote_goes_on_once_and_then_writes_nothing(run_module, v3, gray_release_job):
    canary(run_module, v3, gray_release_job)
    code, promoted = run_module(action_module.main, application="shop", name="cart", action="continue_deploy")
    assert (code, promoted["changed"]) == (0, True), promoted["msg"]
    assert the_component(v3)["status"]["component_status"] == "RUNNING" and the_component(v3)["version"] == "1.1.0"
    code, again = run_module(action_module.main, application="shop", name="cart", action="continue_deploy")
    assert (code, again["changed"]) == (0, False) and "not in a gray release waiting to go on" in again["msg"]


@pytest.mark.parametrize("gray_release_job", ["succeeded", "running"])
@pytest.mark.parametrize("action, extra", [("rollback", {"version": "1.0.0"}), ("rollback_current", {})])
def test_a_rollback_ends_the_canary(run_module, v3, gray_release_job, action, extra):
    canary(run_module, v3, gray_release_job)
    code, result = run_module(action_module.main, application="shop", name="cart", action=action, **extra)
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert the_component(v3)["version"] == "1.0.0"
    assert the_component(v3)["status"]["component_status"] == "RUNNING"


@pytest.mark.parametrize("gray_release_job", ["succeeded", "running"])
def test_job_info_and_component_info_say_the_release_is_paused(run_module, v3, gray_release_job):
    started = canary(run_module, v3, gray_release_job)
    job_id = started["job"]["job_id"]
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "search")
    code, looked = run_module(job_module.main, job_id=[job_id], wait=True, wait_timeout=30)
    assert (code, looked["gray_release_paused"], looked["job"]["gray_release_paused"]) == (0, True, True)
    assert "paused in a gray release" in looked["msg"]
    code, listed = run_module(info_module.main, application="shop")
    paused = dict((item["name"], item["gray_release_paused"]) for item in listed["components"])
    assert (listed["gray_release_paused"], paused) == (True, {"cart": True, "search": False})
