# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Releases and canaries through real ansible-playbook runs against the emulator: a release of many components in one
servicestage_components task and its re-run, each on_failure value (a job failing after the others succeeded, a job
that succeeds while the old version keeps running), a lost answer to one of the PUTs, check mode with zero writes, and
a canary with ServiceStage's gray release in both readings of its rule's parameters."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID

RELEASE = "huaweicloud.servicestage.servicestage_components"
ACTION = "huaweicloud.servicestage.servicestage_component_action"
NAMES = ("cart", "checkout", "search")


@pytest.fixture
def shop(emulator):
    emulator.v3.configure(job_seconds=0.5, job_queued_seconds=0.1, status_lag_seconds=0.2, delete_seconds=0.3)
    emulator.v3.seed_application(PROJECT_ID, "shop")
    emulator.v3.seed_environment(PROJECT_ID, "prod", resources=[{"id": "cce-e2e", "type": "cce"}])
    for name in NAMES:
        emulator.v3.seed_component(PROJECT_ID, "shop", "prod", name, version="1.0.0", previous_versions=["0.9.0"])
    return emulator


def release(version="2.0.0", names=NAMES, task_name="Release", **extra):
    items = [{"name": name, "version": version,
              "source": {"kind": "image", "url": "swr.cn-north-4.myhuaweicloud.com/emulator/%s:%s" % (name, version)}}
             for name in names]
    return {"name": task_name, RELEASE: dict(dict(application="shop", environment="prod", components=items), **extra),
            "ignore_errors": True}


def versions(emulator):
    return dict((component["name"], component["version"]) for component in emulator.v3.components(PROJECT_ID))


def outcomes(result):
    return [(entry["name"], entry["outcome"]) for entry in result["components"]]


def test_a_release_in_one_task_then_its_rerun_writes_nothing(playbook, shop):
    first = playbook([release()])
    result = first.results()["Release"]
    assert result["changed"] is True and "changed=1" in first.output
    assert outcomes(result) == [(name, "deployed") for name in NAMES]
    assert versions(shop) == dict((name, "2.0.0") for name in NAMES)
    since = len(shop.writes())
    second = playbook([release()])
    assert "changed=0" in second.output and shop.writes()[since:] == []


def test_check_mode_writes_nothing_and_shows_each_item(playbook, shop):
    run = playbook([release()], args=["--check", "--diff"])
    result = run.results()["Release"]
    assert result["changed"] is True and outcomes(result) == [(name, "would_deploy") for name in NAMES]
    assert shop.writes() == [] and '+        "version": "2.0.0"' in run.output


@pytest.mark.parametrize("on_failure, expected, left", [
    ("rollback", [("cart", "rolled_back"), ("checkout", "rolled_back"), ("search", "failed")],
     {"cart": "1.0.0", "checkout": "1.0.0", "search": "1.0.0"}),
    ("stop", [("cart", "deployed"), ("checkout", "deployed"), ("search", "failed")],
     {"cart": "2.0.0", "checkout": "2.0.0", "search": "2.0.0"}),
    ("continue", [("cart", "deployed"), ("checkout", "deployed"), ("search", "failed")],
     {"cart": "2.0.0", "checkout": "2.0.0", "search": "2.0.0"}),
])
def test_a_job_that_fails_after_the_others_succeeded(playbook, shop, on_failure, expected, left):
    shop.v3.add_job_outcomes([{"component": "search", "kind": "upgrade", "outcome": "FAILED", "running_seconds": 1.5,
                               "task_name": "Upgrade the workload", "messages": "image pull failed"}])
    result = playbook([release(on_failure=on_failure)]).results()["Release"]
    assert result["failed"] is True and result["changed"] is True
    assert outcomes(result) == expected and versions(shop) == left
    search = result["components"][2]
    assert "1 of 3 components failed: search (job %s)" % search["job"]["job_id"] in result["msg"]
    assert search["failing_tasks"][0]["task_name"] == "Upgrade the workload" and "image pull failed" in result["msg"]


def test_a_job_that_succeeds_while_the_old_version_keeps_running_is_a_failure(playbook, shop):
    shop.v3.add_job_outcomes([{"component": "checkout", "kind": "upgrade", "outcome": "SUCCEEDED",
                               "leaves": "previous"}])
    result = playbook([release(on_failure="continue")]).results()["Release"]
    assert result["failed"] is True and outcomes(result) == [
        ("cart", "deployed"), ("checkout", "failed"), ("search", "deployed")]
    assert "reports version 1.0.0, not 2.0.0" in result["components"][1]["msg"]


def test_a_lost_answer_to_one_put_is_written_once(playbook, shop):
    shop.add_faults([{"method": "PUT", "path": r"/components/[0-9a-f-]+\Z", "commit": True, "drop": True,
                      "skip": 1}])
    result = playbook([release()]).results()["Release"]
    assert result["changed"] is True and outcomes(result) == [(name, "deployed") for name in NAMES]
    assert [entry["method"] for entry in shop.writes()] == ["PUT", "PUT", "PUT"]


@pytest.mark.parametrize("form", ["nested", "flat"])
def test_a_canary_with_the_gray_release_started_changed_and_promoted(playbook, shop, form):
    shop.v3.configure(gray_rule_parameters=form, gray_release_job="running")
    gray = {"type": "GrayRelease", "gray_release": {"type": "WEIGHT", "first_batch_weight": 10}}
    run = playbook([
        release(names=("cart",), version="2.0.0", task_name="Start the canary",
                components=[{"name": "cart", "version": "2.0.0", "deploy_strategy": gray,
                             "source": {"kind": "image", "url": "swr.cn-north-4.myhuaweicloud.com/emulator/cart:2.0.0"}}]),
        {"name": "Is it paused", "huaweicloud.servicestage.servicestage_component_info": {"application": "shop",
                                                                                          "name": "cart"},
         "register": "info"},
        {"name": "Half the traffic", ACTION: {
            "application": "shop", "name": "cart", "action": "modify_gray_rule",
            "gray_release": {"type": "WEIGHT", "first_batch_weight": 50}}},
        {"name": "Promote", ACTION: {"application": "shop", "name": "cart", "action": "continue_deploy"}},
        {"name": "Promote again", ACTION: {"application": "shop", "name": "cart", "action": "continue_deploy"}},
    ])
    results = run.results()
    assert results["Start the canary"]["components"][0]["job"]["gray_release_paused"] is True, run.output
    assert results["Is it paused"]["gray_release_paused"] is True
    assert results["Half the traffic"]["changed"] is True and results["Promote"]["changed"] is True
    assert results["Promote again"]["changed"] is False
    assert versions(shop)["cart"] == "2.0.0"
