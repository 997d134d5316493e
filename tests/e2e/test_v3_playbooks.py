# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The v3 modules through real ansible-playbook runs against the emulator: a deploy and its unchanged
re-run, check mode and diff as a user reads them, a failed job and a busy component as CI sees them,
writes whose answer was lost, a missing repository authorization, every way to authenticate (the AK/SK
signature checked on v3 paths by the emulator's own verifier), and every output searched for secrets."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    ACCESS_KEY,
    IAM_DOMAIN,
    IAM_USER,
    PROJECT_ID,
    REGION,
)

COMPONENT = "huaweicloud.servicestage.servicestage_component"
CCE = "cce-e2e-cluster-0001"
IMAGE = "swr.cn-north-4.myhuaweicloud.com/shop/cart:%s"
PUT = r"/components/[0-9a-f-]+\Z"
CREATE = r"/applications/[0-9a-f-]+/components\Z"


@pytest.fixture
def v3(emulator):
    emulator.v3.configure(job_seconds=0.5, job_queued_seconds=0.1, status_lag_seconds=0.2, delete_seconds=0.3)
    emulator.v3.seed_application(PROJECT_ID, "shop")
    emulator.v3.seed_environment(PROJECT_ID, "prod", resources=[{"id": CCE, "type": "cce"}])
    return emulator


def deploy(task_name="Deploy", version="1.0.0", **extra):
    args = {"application": "shop", "name": "cart", "environment": "prod",
            "runtime_stack": {"name": "Docker", "type": "Docker", "deploy_mode": "container"},
            "source": {"kind": "image", "url": IMAGE % version}, "version": version, "replica": 2,
            "envs": {"LOG_LEVEL": "info"},
            "refer_resources": [{"id": CCE, "type": "cce", "parameters": {"namespace": "default"}}]}
    args.update(extra)
    return {"name": task_name, COMPONENT: dict((key, value) for key, value in args.items() if value is not None)}


def writes(emulator):
    return [entry["method"] for entry in emulator.writes()]


def test_a_deploy_then_an_unchanged_rerun_that_only_reads(playbook, v3):
    first = playbook([deploy()], args=["--diff"])
    result = first.results()["Deploy"]
    assert result["changed"] is True and result["actions"] == ["create"] and "changed=1" in first.output
    assert result["job"]["execution_status"] == "SUCCEEDED"
    assert '+    "version": "1.0.0"' in first.output  # the diff, as a user reads it
    since = len(v3.log)
    second = playbook([deploy()])
    assert "changed=0" in second.output and second.results()["Deploy"]["actions"] == []
    # the lookups, the component and its last job (a re-run after a failed deploy must not go green): reads only
    assert [entry["method"] for entry in v3.log[since:]] == ["GET"] * 5
    upgraded = playbook([deploy(version="1.0.1")], args=["--diff"])
    assert '-    "version": "1.0.0"' in upgraded.output and '+    "version": "1.0.1"' in upgraded.output
    assert upgraded.results()["Deploy"]["actions"] == ["upgrade"] and writes(v3) == ["POST", "PUT"]


def test_check_mode_sends_only_reads(playbook, v3):
    planned = playbook([deploy()], args=["--check", "--diff"]).results()["Deploy"]
    assert planned["changed"] is True and planned["actions"] == ["create"] and v3.writes() == []
    playbook([deploy()])
    planned = playbook([deploy(version="2.0.0", replica=5)], args=["--check"]).results()["Deploy"]
    assert planned["actions"] == ["upgrade", "scale"] and writes(v3) == ["POST"]


def test_a_failed_job_fails_the_play_with_the_job_and_its_failing_task(playbook, v3):
    playbook([deploy()])
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "FAILED",
                             "task_name": "Upgrade the workload", "messages": "image pull failed: manifest unknown"}])
    run = playbook([deploy(version="1.0.1")])
    result = run.results()["Deploy"]
    assert run.rc != 0 and result["failed"] is True and result["changed"] is True
    assert "task 'Upgrade the workload' FAILED: image pull failed: manifest unknown" in result["msg"]
    assert result["job"]["job_id"] in run.output


def test_a_busy_component_without_wait_is_refused_naming_its_job(playbook, v3):
    playbook([deploy()])
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "running_seconds": 20}])
    started = playbook([deploy("Start", version="1.0.1", wait=False)]).results()["Start"]
    refused = playbook([dict(deploy("Again", version="1.0.2", wait=False), ignore_errors=True)]).results()["Again"]
    assert refused["failed"] is True and refused["changed"] is False
    assert started["job"]["job_id"] in refused["msg"] and writes(v3) == ["POST", "PUT"]


@pytest.mark.parametrize("method, path", [("POST", CREATE), ("PUT", PUT)], ids=["create", "upgrade"])
def test_a_write_whose_answer_was_lost_is_written_once(playbook, v3, method, path):
    if method == "PUT":
        playbook([deploy()])
    v3.add_faults([{"method": method, "path": path, "drop": True, "commit": True}])
    result = playbook([deploy(version="1.0.1" if method == "PUT" else "1.0.0")]).results()["Deploy"]
    assert result["changed"] is True and not result.get("failed"), result["msg"]
    assert writes(v3).count(method) == 1
    assert any("reading the component back shows it was carried out" in warning or "looking the name up shows it "
               "was carried out" in warning for warning in result["warnings"])


def test_a_code_source_whose_authorization_is_missing_fails_before_any_write(playbook, v3):
    source = {"kind": "code", "repo_type": "Bitbucket", "repo_url": "https://bitbucket.org/shop/cart.git",
              "repo_ref": "main", "repo_auth": "bitbucket-ci"}
    run = playbook([dict(deploy(source=source, spec={"build": {"parameters": {"cluster_id": CCE}}}),
                         ignore_errors=True)])
    result = run.results()["Deploy"]
    assert result["failed"] is True and "'bitbucket-ci' that source.repo_auth names does not exist" in result["msg"]
    assert v3.writes() == []
    authorize = {"name": "Authorize", "huaweicloud.servicestage.servicestage_git_password_auth": {
        "name": "bitbucket-ci", "user": "ci-bot", "password": "{{ repo_password }}"}}
    both = playbook([authorize, deploy(source=source, spec={"build": {"parameters": {"cluster_id": CCE}}})]).results()
    assert both["Authorize"]["changed"] is True and both["Deploy"]["changed"] is True


@pytest.mark.parametrize("credentials", ["access_key", "iam_user"])
def test_every_way_to_authenticate_reaches_the_v3_paths(playbook, v3, credentials):
    defaults = {"auth_token": None, "project_id": None, "region": REGION, "iam_endpoint": v3.url}
    if credentials == "access_key":
        defaults.update(access_key=ACCESS_KEY, secret_key="{{ secret_key }}")
    else:
        defaults.update(iam_user=IAM_USER, iam_domain=IAM_DOMAIN, iam_password="{{ iam_password }}")
    run = playbook([deploy()], defaults=defaults, verbose=True)
    assert run.results()["Deploy"]["changed"] is True, run.results()["Deploy"]["msg"]
    v3_requests = [entry for entry in v3.log if "/cas/" in entry["path"]]
    assert v3_requests and all(entry["auth"] == ("aksk" if credentials == "access_key" else "token")
                               for entry in v3_requests)
    assert all(entry["status"] == 200 for entry in v3_requests)


def test_the_whole_life_cycle_in_one_play(playbook, v3):
    action = "huaweicloud.servicestage.servicestage_component_action"
    tasks = [deploy(),
             {"name": "Scale", action: {"application": "shop", "component": "cart", "action": "scale", "replica": 4}},
             {"name": "Stop", action: {"application": "shop", "component": "cart", "action": "stop"}},
             {"name": "Info", "huaweicloud.servicestage.servicestage_component_info": {"application": "shop"}},
             {"name": "Remove", COMPONENT: {"application": "shop", "name": "cart", "state": "absent"}}]
    results = playbook(tasks).results()
    assert [results[name]["changed"] for name in ("Deploy", "Scale", "Stop", "Info", "Remove")] == [
        True, True, True, False, True]
    listed = results["Info"]["components"]
    assert [(c["name"], c["replica"], c["status"]["component_status"]) for c in listed] == [("cart", 4, "STOPPED")]
    assert v3.v3.components(PROJECT_ID) == []
