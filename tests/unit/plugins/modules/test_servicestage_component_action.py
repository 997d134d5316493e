# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_component_action: idempotent where the component's state says so, refused before any write
where it cannot be done, waited for like the component module, and truthful on failure."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_component_action import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT

ACTION = r"/components/[0-9a-f-]+/action\Z"


def act(action, **extra):
    return dict(application="shop", component="cart", action=action, **extra)


def actions_sent(emulator):
    return [entry for entry in emulator.writes() if entry["path"].endswith("/action")]


def status(emulator):
    return [c for c in emulator.v3.components(UNIT_PROJECT) if c["name"] == "cart"][0]["status"]["component_status"]


@pytest.fixture
def cart(v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", version="1.0.2", replica=2,
                         previous_versions=["1.0.0", "1.0.1"])
    return v3


# (action, arguments, whether the seeded RUNNING component makes it a write)
@pytest.mark.parametrize("action, extra, writes", [
    ("start", {}, False), ("stop", {}, True), ("restart", {}, True), ("scale", {"replica": 2}, False),
    ("scale", {"replica": 5}, True), ("rollback", {"version": "1.0.2"}, False), ("rollback", {"version": "1.0.0"}, True),
    ("rollback_current", {}, True), ("continue_deploy", {}, False),
])
def test_each_action_writes_only_when_the_state_says_so(run_module, cart, action, extra, writes):
    code, result = run_module(main, **act(action, **extra))
    assert (code, result["changed"]) == (0, writes), result["msg"]
    assert len(actions_sent(cart)) == (1 if writes else 0)
    if writes:
        assert result["actions"] == [action] and result["job"]["execution_status"] == "SUCCEEDED"
        again = run_module(main, **act(action, **extra))[1]
        assert again["changed"] is (action in ("restart", "rollback_current")), again["msg"]
    else:
        assert result["msg"].startswith("component 'cart' of application 'shop': nothing to do, ")


def test_stop_then_start_go_through_their_states_and_the_diff_says_so(run_module, cart):
    code, stopped = run_module(main, diff=True, **act("stop"))
    assert stopped["diff"] == {"before": {"status": "RUNNING"}, "after": {"status": "STOPPED"}}
    assert status(cart) == "STOPPED" and stopped["component"]["status"]["component_status"] == "STOPPED"
    code, started = run_module(main, **act("start"))
    assert started["changed"] is True and status(cart) == "RUNNING"


def test_a_rollback_to_a_version_the_records_do_not_hold_fails_listing_those_they_do(run_module, cart):
    code, result = run_module(main, **act("rollback", version="0.9.0"))
    assert code == 1 and result["changed"] is False and actions_sent(cart) == []
    assert "has no deployment record of version 0.9.0 to roll back to: nothing was written. It can be rolled back " \
           "to 1.0.0, 1.0.1" in result["msg"]
    code, result = run_module(main, diff=True, **act("rollback", version="1.0.0"))
    assert result["diff"] == {"before": {"version": "1.0.2"}, "after": {"version": "1.0.0"}}
    assert result["component"]["version"] == "1.0.0"


def test_check_mode_writes_nothing_and_names_the_action(run_module, cart):
    for action, extra in (("scale", {"replica": 6}), ("stop", {}), ("rollback", {"version": "1.0.0"})):
        code, result = run_module(main, check_mode=True, diff=True, **act(action, **extra))
        assert (result["changed"], result["actions"], result["job"]["job_id"]) == (True, [action], None)
        assert result["msg"].startswith("would ")
    assert cart.writes() == []


def test_a_failed_action_job_and_a_wait_that_runs_out_tell_the_truth(run_module, cart):
    cart.v3.add_job_outcomes([{"component": "cart", "kind": "scale", "outcome": "FAILED",
                               "task_name": "Scale the workload", "messages": "insufficient quota"}])
    code, result = run_module(main, **act("scale", replica=9))
    assert (code, result["changed"]) == (1, True)
    assert "the scale job %s of component 'cart' of application 'shop' ended FAILED: task 'Scale the workload' " \
           "FAILED: insufficient quota" % result["job"]["job_id"] in result["msg"]
    cart.v3.add_job_outcomes([{"component": "cart", "kind": "restart", "running_seconds": 30}])
    code, result = run_module(main, wait_timeout=2, **act("restart"))
    assert (code, result["changed"]) == (1, True) and "had not ended after 2 s" in result["msg"]
    assert "servicestage_job_info (job_id: %s, wait: true)" % result["job"]["job_id"] in result["msg"]


def test_an_action_whose_answer_was_lost_is_settled_by_reading_and_not_sent_twice(run_module, cart):
    cart.add_faults([{"method": "POST", "path": ACTION, "drop": True, "commit": True}])
    code, result = run_module(main, **act("scale", replica=4))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert len(actions_sent(cart)) == 1 and result["job"]["execution_status"] == "SUCCEEDED"


def test_continue_deploy_goes_on_with_a_paused_gray_release(run_module, cart):
    from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_component import main as deploy
    for gray_release_job in ("succeeded", "running"):
        cart.v3.configure(gray_release_job=gray_release_job)
        version = "2.0.0" if gray_release_job == "succeeded" else "2.0.1"
        code, paused = run_module(deploy, application="shop", name="cart", version=version,
                                  source={"kind": "image", "url": "swr.example/shop/cart:%s" % version},
                                  deploy_strategy={"type": "GrayRelease", "gray_release": {"type": "WEIGHT"}})
        assert paused["gray_release_paused"] is True, paused["msg"]
        code, result = run_module(main, **act("continue_deploy"))
        assert (code, result["changed"]) == (0, True), result["msg"]
        assert status(cart) == "RUNNING"


def test_a_busy_component_is_refused_without_wait_naming_its_job(run_module, cart):
    cart.v3.add_job_outcomes([{"component": "cart", "kind": "restart", "running_seconds": 30}])
    run_module(main, wait=False, **act("restart"))
    code, result = run_module(main, wait=False, **act("scale", replica=3))
    assert code == 1 and "is busy" in result["msg"] and "nothing was written" in result["msg"]
    assert len(actions_sent(cart)) == 1


@pytest.mark.parametrize("args, text", [
    (act("scale"), "action scale needs replica"),
    (act("rollback"), "action rollback needs version"),
    (act("start", replica=2), "replica is for action scale only"),
    (act("stop", version="1.0.0"), "version is for action rollback only"),
])
def test_bad_input_fails_before_any_request(run_module, cart, args, text):
    code, result = run_module(main, **args)
    assert code == 1 and text in result["msg"] and cart.log == []


def test_a_missing_component_or_application_is_a_clear_failure(run_module, cart):
    code, result = run_module(main, **dict(act("start"), component="nothere"))
    assert code == 1 and "component 'nothere' of application 'shop' does not exist" in result["msg"]
    code, result = run_module(main, **dict(act("start"), application="nowhere"))
    assert code == 1 and "application 'nowhere' does not exist" in result["msg"]


def test_start_right_after_a_stop_waits_for_the_stop_job_instead_of_trusting_a_stale_status(run_module, cart):
    """The review's case: the status still says RUNNING while the stop job runs; start must not be a no-op."""
    cart.v3.configure(job_seconds=1.0, status_lag_seconds=0.8)
    run_module(main, wait=False, **act("stop"))
    code, started = run_module(main, **act("start"))
    assert (code, started["changed"], started["actions"]) == (0, True, ["start"]), started["msg"]
    assert status(cart) == "RUNNING"


@pytest.mark.parametrize("action, extra", [("rollback", {"version": "1.0.1"}), ("rollback_current", {})])
def test_a_paused_gray_release_whose_job_ended_can_be_rolled_back(run_module, cart, action, extra):
    from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_component import main as deploy
    cart.v3.configure(gray_release_job="succeeded")
    code, paused = run_module(deploy, application="shop", name="cart", version="2.0.0",
                              source={"kind": "image", "url": "swr.example/shop/cart:2.0.0"},
                              deploy_strategy={"type": "GrayRelease", "gray_release": {"type": "WEIGHT"}})
    assert paused["gray_release_paused"] is True
    code, result = run_module(main, **act(action, **extra))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert status(cart) == "RUNNING"


def test_names_that_differ_only_in_case_are_named(run_module, cart):
    code, result = run_module(main, **dict(act("stop"), component="Cart"))
    assert code == 1 and result["msg"].startswith(
        "component 'Cart' of application 'shop' does not exist (but 'cart' does: names are compared exactly): "
        "nothing was written")
    code, result = run_module(main, **dict(act("stop"), application="SHOP"))
    assert code == 1 and result["msg"].startswith(
        "application 'SHOP' does not exist (but 'shop' does: names are compared exactly): nothing was written")
    assert actions_sent(cart) == []


def test_an_action_with_an_environment_acts_only_on_a_component_in_it(run_module, cart):
    cart.v3.seed_environment(UNIT_PROJECT, "staging")
    code, result = run_module(main, **act("stop", environment="staging"))
    assert code == 1 and result["msg"].startswith("component 'cart' of application 'shop' does not exist")
    assert actions_sent(cart) == []
    code, result = run_module(main, **act("stop", environment="prod"))
    assert (code, result["changed"]) == (0, True)
