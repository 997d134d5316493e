# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_job_info (one job, many, waiting for all at once, a failed job, a wait that runs out) and
servicestage_component_info (filters matched exactly, whatever the API's filters do)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_info as info_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_job_info as job_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT


def start_upgrades(run_module, v3, names, version="1.0.1"):
    """Components already running 1.0.0; their upgrades started without waiting: the job ids."""
    for name in names:
        v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", name)
    job_ids = []
    for name in names:
        code, result = run_module(component_module.main, application="shop", name=name, version=version, wait=False,
                                  source={"kind": "image", "url": "swr.example/shop/%s:%s" % (name, version)})
        assert code == 0, result["msg"]
        job_ids.append(result["job"]["job_id"])
    return job_ids


def test_one_job_is_read_at_once_and_waited_for_on_request(run_module, v3):
    job_id, = start_upgrades(run_module, v3, ["cart"])
    code, looked = run_module(job_module.main, job_id=[job_id])
    assert (code, looked["changed"], looked["ended"]) == (0, False, False)
    assert looked["job"]["job_id"] == job_id and looked["job"]["execution_status"] in ("SUBMITTED", "RUNNING")
    code, waited = run_module(job_module.main, job_id=[job_id], wait=True)
    assert (waited["ended"], waited["succeeded"], waited["msg"]) == (True, True, "1 job: 1 SUCCEEDED")
    # one job is in the shape every module returns a job in: the summary, with its tasks
    assert waited["job"] == waited["jobs"][0] and "tasks" not in waited
    assert set(waited["job"]) == {"job_id", "execution_status", "job_type", "tasks", "ended", "succeeded",
                                  "gray_release_paused"}
    assert waited["job"]["tasks"] and all(task["task_status"] == "SUCCEEDED" for task in waited["job"]["tasks"])


def test_the_jobs_of_a_release_are_waited_for_at_once(run_module, v3):
    v3.v3.configure(job_seconds=1.5)
    names = ["cart", "catalog", "checkout", "search", "payments"]
    job_ids = start_upgrades(run_module, v3, names)
    started = time.monotonic()
    code, waited = run_module(job_module.main, job_id=job_ids, wait=True)
    elapsed = time.monotonic() - started
    assert (code, waited["succeeded"]) == (0, True) and [job["job_id"] for job in waited["jobs"]] == job_ids
    assert "job" not in waited and elapsed < 5 * 1.5  # about the slowest one, not their sum
    polls = [entry for entry in v3.log if "/jobs/" in entry["path"]]
    assert len(polls) <= len(job_ids) * 4


def test_a_failed_job_does_not_fail_the_task_and_a_wait_that_runs_out_does(run_module, v3):
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "PARTIALLY_FAILED",
                             "messages": "2 of 4 instances did not start"}])
    v3.v3.add_job_outcomes([{"component": "catalog", "kind": "upgrade", "running_seconds": 30}])
    failing, slow = start_upgrades(run_module, v3, ["cart", "catalog"])
    code, result = run_module(job_module.main, job_id=[failing], wait=True)
    assert (code, result["ended"], result["succeeded"]) == (0, True, False)
    assert result["jobs"][0]["execution_status"] == "PARTIALLY_FAILED"
    code, result = run_module(job_module.main, job_id=[failing, slow], wait=True, wait_timeout=2)
    assert code == 1 and result["msg"] == ("1 of 2 jobs had not ended after 2 s: %s (RUNNING). They go on; wait again "
                                           "to see how they end." % slow)
    assert [job["ended"] for job in result["jobs"]] == [True, False]


def test_a_job_id_that_is_not_one_fails_before_any_request_and_a_missing_one_clearly(run_module, v3):
    code, result = run_module(job_module.main, job_id=["JOB-not-a-uuid"])
    assert code == 1 and "is not a job id" in result["msg"] and v3.log == []
    code, result = run_module(job_module.main, job_id=["JOB00000000-0000-4000-8000-000000000000"])
    assert code == 1 and (result["status"], result["error_code"]) == (404, "SVCSTG.00100429")
    assert result["step"] == "job lookup"
    assert "No job has this id in this project: check the job id" in result["msg"]
    assert "Check project_id and the endpoint or region" not in result["msg"]


@pytest.mark.parametrize("name_filter", ["exact", "fuzzy"])
def test_component_info_matches_names_exactly_whatever_the_filters_do(run_module, v3, name_filter):
    v3.v3.configure(name_filter=name_filter)
    v3.v3.seed_application(UNIT_PROJECT, "shop-old")
    for application, name in (("shop", "cart"), ("shop", "cart-v2"), ("shop", "catalog"), ("shop-old", "cart")):
        v3.v3.seed_component(UNIT_PROJECT, application, "prod", name, replica=3)
    cases = ((dict(application="shop", name="cart"), [("shop", "cart")]),
             (dict(application="shop"), [("shop", "cart"), ("shop", "cart-v2"), ("shop", "catalog")]),
             (dict(name="cart"), [("shop", "cart"), ("shop-old", "cart")]),
             (dict(), [("shop", "cart"), ("shop", "cart-v2"), ("shop", "catalog"), ("shop-old", "cart")]),
             (dict(application="nowhere"), []))
    for args, expected in cases:
        code, result = run_module(info_module.main, **args)
        assert sorted((c["application_name"], c["name"]) for c in result["components"]) == expected, args
    code, result = run_module(info_module.main, application="shop", name="cart")
    listed = result["components"][0]
    assert (listed["version"], listed["replica"], listed["environment_name"]) == ("1.0.0", 3, "prod")
    assert listed["status"]["component_status"] == "RUNNING" and result["changed"] is False


def test_the_release_pattern_holds_when_some_or_all_components_are_unchanged(run_module, v3):
    """An unchanged component's job_id is null: the loop's jobs are read with one map(), and a release in which
    nothing changed waits for nothing (the review found the documented pattern failing then)."""
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", version="1.0.1",
                         source={"kind": "image", "url": "swr.example/shop/cart:1.0.1"})
    code, unchanged = run_module(component_module.main, application="shop", name="cart", version="1.0.1", wait=False,
                                 source={"kind": "image", "url": "swr.example/shop/cart:1.0.1"})
    assert (unchanged["changed"], unchanged["job"]["job_id"]) == (False, None)
    changed_job, = start_upgrades(run_module, v3, ["catalog"])
    job_ids = [job_id for job_id in (unchanged["job"]["job_id"], changed_job) if job_id]
    code, waited = run_module(job_module.main, job_id=[unchanged["job"]["job_id"], changed_job], wait=True)
    assert (code, waited["succeeded"], [job["job_id"] for job in waited["jobs"]]) == (0, True, job_ids)
    since = len(v3.log)
    code, nothing = run_module(job_module.main, job_id=[None], wait=True)
    assert (code, nothing["jobs"], nothing["succeeded"]) == (0, [], True) and len(v3.log) == since
