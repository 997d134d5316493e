# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Environments, applications and component actions through real ansible-playbook runs: a life cycle in
both of the API's not-found forms, check mode with zero writes, creates whose answer was lost, the 409 of
an application that still has components, and an action whose job fails."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID

PREFIX = "huaweicloud.servicestage."
CCE = "cce-e2e-cluster-0002"


@pytest.fixture
def v3(emulator):
    emulator.v3.configure(job_seconds=0.5, job_queued_seconds=0.1, status_lag_seconds=0.2, delete_seconds=0.3)
    return emulator


def task(title, module, **args):
    return {"name": title, PREFIX + module: args}


def environment(state="present", **extra):
    args = dict(name="prod", vpc_id="vpc-e2e-0001", deploy_mode="container", description="Production",
                labels={"team": "shop"}, resources=[{"id": CCE, "type": "cce"}], state=state)
    args.update(extra)
    return task("Environment", "servicestage_environment", **args)


def application(state="present", **extra):
    return task("Application", "servicestage_application", name="shop", description="The shop", state=state, **extra)


def component(state="present"):
    if state == "absent":
        return task("Component", "servicestage_component", application="shop", name="cart", state="absent")
    return task("Component", "servicestage_component", application="shop", name="cart", environment="prod",
                runtime_stack={"name": "Docker", "type": "Docker", "deploy_mode": "container"},
                source={"kind": "image", "url": "swr.cn-north-4.myhuaweicloud.com/shop/cart:1.0.0"},
                version="1.0.0", replica=1,
                refer_resources=[{"id": CCE, "type": "cce", "parameters": {"namespace": "default"}}])


def nothing_left(emulator):
    return (emulator.v3.applications(PROJECT_ID), emulator.v3.environments(PROJECT_ID),
            emulator.v3.components(PROJECT_ID)) == ([], [], [])


@pytest.mark.parametrize("not_found", ["401", "404"])
def test_a_life_cycle_converges_in_both_not_found_forms(playbook, v3, not_found):
    v3.v3.configure(not_found=not_found)
    up = [environment(), application(), component()]
    first = playbook(up).results()
    assert [first[name]["changed"] for name in ("Environment", "Application", "Component")] == [True, True, True]
    assert first["Environment"]["environment"]["resources"][0]["id"] == CCE
    since = len(v3.writes())
    second = playbook(up)
    assert "changed=0" in second.output and len(v3.writes()) == since
    down = playbook([component("absent"), application("absent"), environment("absent")]).results()
    assert [down[name]["changed"] for name in ("Component", "Application", "Environment")] == [True, True, True]
    assert nothing_left(v3)
    again = playbook([component("absent"), application("absent"), environment("absent")])
    assert "changed=0" in again.output


def test_check_mode_writes_nothing_for_any_module(playbook, v3):
    planned = playbook([environment(), application()], args=["--check", "--diff"]).results()
    assert planned["Environment"]["changed"] is True and planned["Application"]["changed"] is True
    assert v3.writes() == []
    playbook([environment(), application(), component()])
    since = len(v3.writes())
    action = task("Scale", "servicestage_component_action", application="shop", component="cart", action="scale",
                  replica=4)
    changed = playbook([environment(description="Production, changed"), dict(application("absent"), ignore_errors=True),
                        action], args=["--check", "--diff"]).results()
    assert [changed[name]["changed"] for name in ("Environment", "Application", "Scale")] == [True, False, True]
    # the application still has its component: even check mode says it would be refused
    assert changed["Application"]["failed"] is True
    assert len(v3.writes()) == since


@pytest.mark.parametrize("path", [r"/environments\Z", r"/applications\Z"], ids=["environment", "application"])
def test_a_create_whose_answer_was_lost_is_written_once(playbook, v3, path):
    v3.add_faults([{"method": "POST", "path": path, "drop": True, "commit": True}])
    results = playbook([environment(), application()]).results()
    assert results["Environment"]["changed"] is True and results["Application"]["changed"] is True
    assert [entry["path"].rsplit("/", 1)[-1] for entry in v3.writes() if entry["method"] == "POST"] == [
        "environments", "applications"]
    assert len(v3.v3.environments(PROJECT_ID)) == 1 and len(v3.v3.applications(PROJECT_ID)) == 1


def test_an_application_that_still_has_components_is_refused_naming_them(playbook, v3):
    playbook([environment(), application(), component()])
    since = len(v3.writes())
    refused = playbook([dict(application("absent"), ignore_errors=True)]).results()["Application"]
    assert refused["failed"] is True and refused["changed"] is False and "cart" in refused["msg"]
    assert len(v3.writes()) == since and len(v3.v3.applications(PROJECT_ID)) == 1
    # a component created meanwhile, after the module looked: the API's own 409 is reported the same way
    v3.add_faults([{"method": "GET", "path": r"/applications/[0-9a-f-]+/components\Z", "status": 200,
                    "body": {"count": 0, "components": []}}])
    raced = playbook([dict(application("absent"), ignore_errors=True)]).results()["Application"]
    assert raced["failed"] is True and raced["changed"] is False
    assert raced["status"] == 409 and raced["error_code"] == "SVCSTG.00100401"
    assert len(v3.v3.applications(PROJECT_ID)) == 1


def test_an_action_whose_job_fails_fails_the_play_with_changed_and_the_job(playbook, v3):
    playbook([environment(), application(), component()])
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "restart", "outcome": "FAILED",
                             "task_name": "Restart the workload", "messages": "liveness probe failed"}])
    run = playbook([task("Restart", "servicestage_component_action", application="shop", component="cart",
                         action="restart")])
    result = run.results()["Restart"]
    assert result["failed"] is True and result["changed"] is True and run.rc != 0
    assert "task 'Restart the workload' FAILED: liveness probe failed" in result["msg"]
    assert result["job"]["job_id"] in result["msg"]
