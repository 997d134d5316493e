# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The review of issue 28 (servicestage_components, the gray release): one test per finding, against the in-process
emulator. Each asserts what the module does now; each failed before its fix."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

import yaml

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_components import main
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_action as action_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_job_info as job_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT
from ansible_collections.huaweicloud.servicestage.tests.unit.plugins.modules.test_gray_release import GRAY, canary
from ansible_collections.huaweicloud.servicestage.tests.unit.plugins.modules import test_servicestage_components as base
from ansible_collections.huaweicloud.servicestage.tests.unit.plugins.modules.test_servicestage_components import (
    NAMES,
    item,
    release,
)

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
shop = base.shop  # the fixture: four components running 1.0.0


def versions(emulator, application=None):
    return dict((component["name"], component["version"]) for component in emulator.v3.components(UNIT_PROJECT)
                if application is None or component["application_name"] == application)


def writes(emulator, since=0):
    return [(entry["method"], entry["path"]) for entry in emulator.writes()[since:]]


def outcomes(result):
    return [(entry["name"], entry["outcome"]) for entry in result["components"]]


def by_name(result):
    return dict((entry["name"], entry) for entry in result["components"])


# -- 1. on_failure: rollback is all or nothing -----------------------------------------------------------------
def test_1a_an_item_whose_job_outlives_the_wait_keeps_every_other_item_from_being_rolled_back(run_module, shop):
    """search's job outlives wait_timeout. The rollbacks are planned like a release (plan first, blockers first):
    search's rollback waits for its job (a whole new wait_timeout), that wait runs out, and then no rollback at all is
    started. The message still says 'Rolled back by on_failure: cart to 1.0.0 (None)' and 'Deployed and kept'."""
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "SUCCEEDED",
                               "running_seconds": 60}])
    code, result = run_module(main, wait_timeout=4, **release())
    assert code == 1 and by_name(result)["search"]["outcome"] == "failed"
    assert "(None)" not in result["msg"], result["msg"]
    # expected: what this task upgraded and whose job ended goes back, whatever becomes of search
    assert [versions(shop)[name] for name in ("cart", "checkout", "payments")] == ["1.0.0"] * 3, result["msg"]


def test_1b_one_rollback_that_cannot_be_looked_up_keeps_every_other_from_starting(run_module, shop):
    """One rollback's records cannot be read (a 403 on one GET .../records): reconcile() returns before any write
    when one plan is missing, so no rollback is started at all."""
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "FAILED"}])
    shop.add_faults([{"method": "GET", "path": r"/records\Z", "status": 403, "times": 1,
                      "body": {"error_code": "SVCSTG.00100427", "error_msg": "permission denied"}}])
    code, result = run_module(main, **release())
    assert code == 1
    rolled = [name for name in NAMES if versions(shop)[name] == "1.0.0"]
    # expected: only the one whose records could not be read is left on 2.0.0
    assert len(rolled) == 3, (versions(shop), result["msg"])


# -- 2. the rollback of an item picks the first item of the same name -------------------------------------------
def test_2_a_rollback_goes_to_the_component_of_the_items_own_application(run_module, shop):
    """components.roll_back() finds an item's options by name alone ([item ... if item['name'] == name][0]): with
    cart in shop and cart in shop2 (allowed: the duplicate check is per application), shop2/cart's rollback is sent
    to shop/cart, refused there (no record of 5.0.0), and that refusal stops every other rollback (finding 1)."""
    shop.v3.seed_application(UNIT_PROJECT, "shop2")
    shop.v3.seed_component(UNIT_PROJECT, "shop2", "prod", "cart", version="5.0.0", previous_versions=["4.0.0"])
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "FAILED"}])
    code, result = run_module(main, application="shop", environment="prod", max_parallel=1, components=[
        item("cart", "2.0.0"), item("cart", "6.0.0", application="shop2"), item("search", "2.0.0")])
    assert code == 1
    assert "has no deployment record of version 5.0.0" not in result["msg"], result["msg"]
    assert versions(shop, "shop2")["cart"] == "5.0.0" and versions(shop, "shop")["cart"] == "1.0.0", result["msg"]


# -- 3. the refusals' message crashes ---------------------------------------------------------------------------
def test_3a_a_refused_item_beside_an_item_whose_lookup_failed_is_reported_not_a_crash(run_module, shop):
    """reconcile() returns as soon as one plan is missing, before the refused runs get their failure; render() then
    calls failure_result() on a run whose failure is None: AttributeError, reported as 'This is a bug of the
    collection' under a step it is not (records lookup)."""
    shop.add_faults([{"method": "GET", "path": r"/records\Z", "status": 403, "times": 5,
                      "body": {"error_code": "SVCSTG.00100427", "error_msg": "permission denied"}}])
    task = release()
    task["components"][1]["runtime_stack"] = {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"}
    task["components"][3] = dict(name="payments", version="0.9.0", rollback=True)
    code, result = run_module(main, **task)
    assert (code, shop.writes()) == (1, [])
    assert "bug of the collection" not in result["msg"], result["msg"]
    assert "checkout" in result["msg"] and "payments" in result["msg"]


def test_3b_two_items_refused_after_waiting_for_their_jobs_are_both_named_not_a_crash(run_module, shop):
    """_settle() gives only the first run refused after a blocker's wait its failure, then render() crashes on the
    second (AttributeError). Here both components end their gray release GRAYING, which refuses an upgrade."""
    shop.v3.configure(job_seconds=1.0)
    code, started = run_module(main, wait=False, application="shop", environment="prod",
                               components=[item(name, "2.0.0", deploy_strategy=GRAY) for name in ("cart", "checkout")])
    assert code == 0, started["msg"]
    time.sleep(0.3)
    code, result = run_module(main, **release("3.0.0", names=("cart", "checkout")))
    assert code == 1
    assert "bug of the collection" not in result["msg"], result["msg"]
    assert "cart" in result["msg"] and "checkout" in result["msg"]


# -- 4. a re-run while the last jobs still run, the status not yet changed, goes green --------------------------
def test_4_a_rerun_while_the_jobs_of_the_last_run_still_run_follows_them(run_module, shop):
    """Started with wait: false; the re-run comes before the status leaves RUNNING (status_lag_seconds; the fact
    sheet's open question 9, and busy() itself allows for the lag). _plan_unchanged() follows the job only when the
    status is busy, so it says 'unchanged', exit 0, and both jobs then fail: a green CI run of a failed release."""
    shop.v3.configure(job_seconds=1.5, status_lag_seconds=0.5)
    shop.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "FAILED"},
                              {"component": "checkout", "kind": "upgrade", "outcome": "FAILED"}])
    code, started = run_module(main, wait=False, **release(names=("cart", "checkout")))
    assert code == 0, started["msg"]
    code, result = run_module(main, **release(names=("cart", "checkout")))
    assert code == 1, result["msg"]


# -- 5. job_info finds a paused gray release by the component's last job only -----------------------------------
def test_5_job_info_sees_the_pause_after_the_rule_was_changed(run_module, v3):
    """GrayWatch maps GRAYING components by status.last_job_id. After modify_gray_rule (or check_gray_release), the
    component's last job is the action's, so a wait over the gray release's own job (RUNNING while it waits, with
    gray_release_job: running) no longer ends at the pause: it runs to its timeout."""
    started = canary(run_module, v3, "running")
    code, changed = run_module(action_module.main, application="shop", name="cart", action="modify_gray_rule",
                               gray_release={"type": "WEIGHT", "first_batch_weight": 50})
    assert code == 0, changed["msg"]
    code, looked = run_module(job_module.main, job_id=[started["job"]["job_id"]], wait=True, wait_timeout=5)
    assert (code, looked["gray_release_paused"]) == (0, True), looked["msg"]


# -- 6. wait: false ---------------------------------------------------------------------------------------------
def test_6a_wait_false_rolls_nothing_back_as_documented(run_module, shop):
    """The module's documentation: with wait: false 'nothing is checked, and nothing can be rolled back'. A PUT the
    API refuses makes roll_back() wait for the other items' jobs (Reconciler(wait=True)) and roll them back."""
    shop.add_faults([{"method": "PUT", "path": r"/components/", "status": 400, "skip": 2,
                      "body": {"error_code": "SVCSTG.00100400", "error_msg": "parameter invalid: x"}}])
    code, result = run_module(main, wait=False, max_parallel=1, **release())
    assert code == 1
    assert [path for method, path in writes(shop) if path.endswith("/action")] == [], result["msg"]


def test_6b_wait_false_says_its_items_were_started_not_deployed(run_module, shop):
    """max_parallel is 'items in flight at once: written and their job not yet ended'; with wait: false no job is
    waited for (the documentation says max_parallel then bounds only the writes sent at once), so no item may say
    'deployed' before its job ended: each says 'started'."""
    shop.v3.configure(job_seconds=2.0)
    code, result = run_module(main, wait=False, max_parallel=2, **release())
    assert code == 0, result["msg"]
    assert outcomes(result) == [(name, "started") for name in NAMES], result["msg"]
    assert result["msg"].startswith("started, without waiting, 4 components (cart 2.0.0, "), result["msg"]


# -- 7. what a rolled-back item says it runs --------------------------------------------------------------------
def test_7_a_rolled_back_item_reports_the_version_it_runs_now(run_module, shop):
    """version_after is 'the version it runs now'; a rolled_back item shows the version before its rollback."""
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "FAILED"}])
    code, result = run_module(main, max_parallel=1, **release())
    cart = by_name(result)["cart"]
    assert (cart["outcome"], versions(shop)["cart"]) == ("rolled_back", "1.0.0")
    assert cart["version_after"] == "1.0.0", cart


# -- 8. the guide's gray rollback step is not idempotent --------------------------------------------------------
def test_8_the_guides_rollback_step_run_twice_stays_on_the_version_before(run_module, v3):
    """docs/examples/gray_release.yml ended a canary with rollback_current; a re-run of that step (a CI retry) rolled
    back once more, from 1.0.0 to 0.9.0. The guide's step now names the version (rollback_version): run twice, the
    second writes nothing."""
    canary(run_module, v3)
    changed = []
    for dummy in range(2):
        code, result = run_module(action_module.main, application="shop", name="cart", action="rollback",
                                  version="1.0.0")
        assert code == 0, result["msg"]
        changed.append(result["changed"])
    assert changed == [True, False]
    assert [item["version"] for item in v3.v3.components(UNIT_PROJECT)] == ["1.0.0"], result["msg"]


def test_8_the_guides_gray_playbook_rolls_back_to_the_version_it_is_given():
    with open(os.path.join(COLLECTION, "docs", "examples", "gray_release.yml")) as handle:
        play = yaml.safe_load(handle)[0]
    step = [task for task in play["tasks"] if task.get("when") == "gray_step == 'rollback'"][0]
    action = step["huaweicloud.servicestage.servicestage_component_action"]
    assert (action["action"], action["version"]) == ("rollback", "{{ rollback_version }}")


# -- 9. messages ------------------------------------------------------------------------------------------------
def test_9_a_failed_item_without_a_job_is_not_said_to_have_job_none(run_module, shop):
    shop.add_faults([{"method": "PUT", "path": r"/components/", "status": 400,
                      "body": {"error_code": "SVCSTG.00100400", "error_msg": "parameter invalid: x"}}])
    code, result = run_module(main, **release(names=("cart",)))
    assert code == 1 and "(job None)" not in result["msg"], result["msg"]


def test_10_check_mode_shows_the_version_an_item_that_only_scales_keeps(run_module, shop):
    code, result = run_module(main, check_mode=True, application="shop", components=[dict(name="cart", replica=3)])
    assert result["components"][0]["version_after"] == "1.0.0", result["components"][0]


# -- 11. more threads than connections --------------------------------------------------------------------------
def test_11_max_parallel_above_ten_keeps_its_connections(run_module, v3, caplog):
    """new_session() mounts an adapter with requests' default pool of 10 connections per host; max_parallel goes to
    64, so beyond 10 threads every answer's connection is discarded (a new TCP and TLS handshake for the next
    request) with a urllib3 warning on stderr."""
    names = ["c%02d" % index for index in range(20)]
    for name in names:
        v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", name, version="1.0.0")
    v3.configure({"latency": 0.03})
    code, result = run_module(main, max_parallel=20, **release(names=names))
    assert code == 0, result["msg"]
    assert not [record for record in caplog.records if "Connection pool is full" in record.getMessage()]


# -- 12. at most one poll per job per second --------------------------------------------------------------------
def test_12_a_poll_that_failed_is_not_sent_again_within_the_second(run_module, shop):
    """The transport retries a failed GET of a job by itself (backoff 0.5-1 s), inside the same round."""
    shop.v3.configure(job_seconds=2.0)
    shop.add_faults([{"method": "GET", "path": r"/jobs/", "status": 503, "times": 1, "headers": {"Retry-After": "0"}}])
    code, result = run_module(main, **release(names=("cart",)))
    assert code == 0, result["msg"]
    times = [entry["monotonic"] for entry in shop.log if "/jobs/" in entry["path"]]
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:])), times


# -- 13. an item with state: absent ------------------------------------------------------------------------------
def test_13_a_deleted_item_is_not_said_to_be_deployed(run_module, shop):
    """Items take servicestage_component's options, state: absent included; a delete is reported as 'deployed', and
    the summary reads 'deployed 3 components (cart , checkout , search 2.0.0)'."""
    code, result = run_module(main, application="shop", environment="prod", components=[
        dict(name="cart", state="absent"), dict(name="checkout", state="absent"), item("search", "2.0.0")])
    assert code == 0, result["msg"]
    assert " , " not in result["msg"] and by_name(result)["cart"]["outcome"] != "deployed", result["msg"]


# -- 14. a re-run of the gray release's start -------------------------------------------------------------------
def test_14_a_rerun_of_the_start_of_a_gray_release_says_it_waits(run_module, v3):
    """servicestage_component's result has gray_release_paused; a re-run of the task that started the canary (the
    component GRAYING) says 'already as wanted' with gray_release_paused: false, so a playbook that branches on it
    (or the guide's gray_release.yml re-run with gray_step=start) takes the component for promoted."""
    canary(run_module, v3, "running")
    code, again = run_module(component_module.main, application="shop", name="cart", version="1.1.0",
                             deploy_strategy=GRAY, source={"kind": "image", "url": "swr.example/shop/cart:1.1.0"})
    assert (code, again["changed"]) == (0, False)
    assert again["gray_release_paused"] is True, again["msg"]
