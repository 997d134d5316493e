# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_components, a release in one task, against the in-process emulator: planned before any write, written
in parallel, checked, rolled back on a failure (on_failure rollback, stop, continue), check mode, re-runs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_components import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT

NAMES = ("cart", "checkout", "search", "payments")


def image(name, version):
    return "swr.cn-north-4.myhuaweicloud.com/emulator/%s:%s" % (name, version)


def item(name, version, **extra):
    return dict(dict(name=name, version=version, source={"kind": "image", "url": image(name, version)}), **extra)


def release(version="2.0.0", names=NAMES, **extra):
    return dict(dict(application="shop", environment="prod", components=[item(name, version) for name in names]),
                **extra)


@pytest.fixture
def shop(v3):
    """Four components running 1.0.0, with a record of 0.9.0 each."""
    for name in NAMES:
        v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", name, version="1.0.0", previous_versions=["0.9.0"])
    return v3


def versions(emulator):
    return dict((component["name"], component["version"]) for component in emulator.v3.components(UNIT_PROJECT))


def writes(emulator, since=0):
    return [entry["method"] for entry in emulator.writes()[since:]]


def outcomes(result):
    return [(entry["name"], entry["outcome"]) for entry in result["components"]]


def test_a_release_deploys_every_item_and_a_rerun_writes_nothing(run_module, shop):
    started = time.monotonic()
    code, result = run_module(main, **release())
    elapsed = time.monotonic() - started
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert outcomes(result) == [(name, "deployed") for name in NAMES]
    assert versions(shop) == dict((name, "2.0.0") for name in NAMES)
    assert [(entry["version_before"], entry["version_after"]) for entry in result["components"]] == [
        ("1.0.0", "2.0.0")] * 4
    assert all(entry["job"]["succeeded"] for entry in result["components"])
    # in parallel: about one job (0.3 s), not four
    assert elapsed < 4 * 0.3 + 2.5
    assert result["msg"] == "deployed 4 components (cart 2.0.0, checkout 2.0.0, search 2.0.0, payments 2.0.0)"
    since = len(shop.writes())
    code, again = run_module(main, **release())
    assert (code, again["changed"], writes(shop, since)) == (0, False, [])
    assert outcomes(again) == [(name, "unchanged") for name in NAMES]


def test_everything_is_planned_before_the_first_write_and_every_refusal_is_named(run_module, shop):
    task = release()
    task["components"][1]["runtime_stack"] = {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"}
    task["components"][3] = dict(name="payments", version="0.5.0", rollback=True)
    code, result = run_module(main, **task)
    assert (code, result["changed"], shop.writes()) == (1, False, [])
    assert result["msg"].startswith("Nothing was written: checkout: the runtime stack of component 'checkout'")
    assert "payments: component 'payments' of application 'shop' has no deployment record of version 0.5.0" in \
        result["msg"]


def test_check_mode_reads_only_and_returns_the_plan(run_module, shop):
    task = release(names=("cart", "checkout"))
    task["components"].append(item("search", "1.0.0"))
    code, result = run_module(main, check_mode=True, diff=True, **task)
    assert (code, result["changed"], shop.writes()) == (0, True, [])
    assert outcomes(result) == [("cart", "would_deploy"), ("checkout", "would_deploy"), ("search", "unchanged")]
    assert result["diff"]["after"]["cart"]["version"] == "2.0.0" and result["diff"]["before"]["cart"]["version"] == "1.0.0"


def test_a_rollback_item_goes_back_to_a_recorded_version(run_module, shop):
    code, result = run_module(main, application="shop", environment="prod",
                              components=[dict(name="cart", version="0.9.0", rollback=True)])
    assert (code, result["changed"], outcomes(result)) == (0, True, [("cart", "deployed")]), result["msg"]
    assert result["components"][0]["actions"] == ["rollback"] and versions(shop)["cart"] == "0.9.0"
    code, again = run_module(main, application="shop", environment="prod",
                             components=[dict(name="cart", version="0.9.0", rollback=True)])
    assert (again["changed"], outcomes(again)) == (False, [("cart", "unchanged")])


def test_on_failure_rollback_rolls_back_what_this_task_upgraded(run_module, shop):
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "FAILED",
                               "task_name": "Upgrade the workload", "messages": "image pull failed"}])
    code, result = run_module(main, max_parallel=1, **release())
    assert (code, result["changed"]) == (1, True)
    by_name = dict((entry["name"], entry) for entry in result["components"])
    assert by_name["search"]["outcome"] == "failed"
    assert by_name["search"]["failing_tasks"][0]["task_name"] == "Upgrade the workload"
    assert by_name["cart"]["outcome"] == by_name["checkout"]["outcome"] == "rolled_back"
    assert by_name["cart"]["rollback"]["version"] == "1.0.0" and by_name["cart"]["rollback"]["succeeded"] is True
    # the failed item's records hold the version it ran before: it goes back too
    assert by_name["search"]["rollback"]["succeeded"] is True
    assert by_name["payments"]["outcome"] == "not_started"
    assert versions(shop) == dict((name, "1.0.0") for name in NAMES)
    job_id = by_name["search"]["job"]["job_id"]
    assert result["msg"].startswith("1 of 4 components failed: search (job %s): the upgrade job %s" % (job_id, job_id))
    assert "image pull failed" in result["msg"] and "Rolled back by on_failure: " in result["msg"]
    assert "Not started: payments." in result["msg"]


def test_on_failure_stop_leaves_what_was_deployed(run_module, shop):
    shop.v3.add_job_outcomes([{"component": "checkout", "kind": "upgrade", "outcome": "FAILED"}])
    code, result = run_module(main, max_parallel=1, on_failure="stop", **release())
    assert code == 1 and outcomes(result) == [
        ("cart", "deployed"), ("checkout", "failed"), ("search", "not_started"), ("payments", "not_started")]
    assert versions(shop)["cart"] == "2.0.0" and versions(shop)["search"] == "1.0.0"
    assert writes(shop) == ["PUT", "PUT"]


def test_on_failure_continue_tries_every_item(run_module, shop):
    shop.v3.add_job_outcomes([{"component": "checkout", "kind": "upgrade", "outcome": "FAILED"}])
    code, result = run_module(main, max_parallel=1, on_failure="continue", **release())
    assert code == 1 and outcomes(result) == [
        ("cart", "deployed"), ("checkout", "failed"), ("search", "deployed"), ("payments", "deployed")]
    assert "1 of 4 components failed: checkout" in result["msg"]


def test_a_job_that_succeeds_while_the_old_version_keeps_running_fails_its_item(run_module, shop):
    shop.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "SUCCEEDED", "leaves": "previous"}])
    code, result = run_module(main, on_failure="continue", **release(names=("cart", "checkout")))
    assert code == 1 and outcomes(result) == [("cart", "failed"), ("checkout", "deployed")]
    assert "but the component reports version 1.0.0, not 2.0.0" in result["components"][0]["msg"]


def test_a_lost_answer_to_one_put_makes_exactly_one_write_for_it(run_module, shop):
    shop.add_faults([{"method": "PUT", "path": r"/components/[0-9a-f-]+\Z", "commit": True, "drop": True, "skip": 1}])
    code, result = run_module(main, **release(names=("cart", "checkout", "search")))
    assert (code, outcomes(result)) == (0, [(name, "deployed") for name in ("cart", "checkout", "search")])
    assert writes(shop) == ["PUT", "PUT", "PUT"]


def test_at_most_max_parallel_items_are_in_flight(run_module, shop):
    shop.v3.configure(job_seconds=0.5)
    code, result = run_module(main, max_parallel=2, **release())
    assert code == 0
    jobs = sorted((job["started"], job["ended"]) for job in shop.v3.jobs(UNIT_PROJECT))
    for started, dummy in jobs:
        in_flight = [job for job in jobs if job[0] <= started < (job[1] or float("inf"))]
        assert len(in_flight) <= 2
    # every pending job is polled in the same rounds, never twice within a second
    polls = {}
    for entry in shop.log:
        if "/jobs/" in entry["path"]:
            polls.setdefault(entry["path"], []).append(entry["monotonic"])
    for times in polls.values():
        assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:]))


def test_bad_input_is_refused_before_any_request(run_module, shop):
    task = release(max_parallel=0)
    task["components"].append(item("cart", "3.0.0"))
    task["components"].append(dict(name="search", version="0.9.0", rollback=True, source={"kind": "image"}))
    del task["application"]
    code, result = run_module(main, **task)
    assert code == 1 and shop.log == []
    assert "max_parallel must be 1 to 64" in result["msg"]
    assert "components[0] (cart): give application" in result["msg"]
    code, result = run_module(main, application="shop", components=[
        item("cart", "2.0.0"), item("cart", "3.0.0"), dict(name="search", version="0.9.0", rollback=True, replica=2),
        dict(name="payments", rollback=True)])
    assert code == 1 and shop.log == []
    assert "components[1] (cart): component 'cart' of application 'shop' is listed twice (components[0])" in \
        result["msg"]
    assert "components[2] (search): an item with rollback takes only name, version, application and environment, " \
        "not replica" in result["msg"]
    assert "components[3] (payments): rollback needs version" in result["msg"]
