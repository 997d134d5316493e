# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guide "Deploy from CI": its release playbook (docs/examples/release.yml, the very file the guide
quotes) run with real ansible-playbook against the emulator, as a CI job runs it (-e version=...,
the vaulted secrets with -e @file and a vault password file).

Ten seeded components released at once take about as long as one job plus the tasks' start-up, not
ten jobs; a second run writes nothing; a job that fails fails the play naming the component, its job
and its failing task, and a re-run after it still fails (the version is set, the component FAILED);
what the CI sees when a wait runs out and when a component is busy."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import time

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    PROJECT_ID,
    TOKEN,
    recap,
    run_playbook_file,
    write_vaulted_vars,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.path.join(ROOT, "docs", "examples", "release.yml")
JOB_SECONDS = 2.0
COMPONENTS = ["svc-%02d" % number for number in range(10)]
# the image the emulator's seeded components run: swr.cn-north-4.myhuaweicloud.com/emulator/{name}:{version}
REPOSITORY = "swr.cn-north-4.myhuaweicloud.com/emulator"


@pytest.fixture(scope="module")
def token_file(vault_dir, tmp_path_factory):
    return write_vaulted_vars(tmp_path_factory.mktemp("ci-vault") / "token.yml", vault_dir / "vault-pass",
                              servicestage_token=TOKEN)


@pytest.fixture
def release(emulator, vault_dir, token_file, tmp_path):
    """run(version, *extra_vars): the release playbook over the seeded components."""
    emulator.v3.configure(job_seconds=JOB_SECONDS, job_queued_seconds=0.1, status_lag_seconds=0.2)
    emulator.v3.seed_application(PROJECT_ID, "shop")
    emulator.v3.seed_environment(PROJECT_ID, "prod", resources=[{"id": "cce-cluster-1", "type": "cce"}])
    for name in COMPONENTS:
        emulator.v3.seed_component(PROJECT_ID, "shop", "prod", name, version="1.0.0", replica=2)
    settings = {"servicestage_endpoint": emulator.url, "servicestage_project_id": PROJECT_ID,
                "release_application": "shop", "release_components": COMPONENTS,
                "release_image_repository": REPOSITORY}

    def run(version, *extra_vars):
        return run_playbook_file(RELEASE, vault_dir / "vault-pass", tmp_path,
                                 extra_vars=[settings, token_file, {"version": version}] + list(extra_vars))

    return run


def versions(emulator):
    return dict((component["name"], (component["version"], component["status"]["component_status"]))
                for component in emulator.v3.components(PROJECT_ID))


def upgrade_jobs(emulator):
    return dict((job["component_name"], job) for job in emulator.v3.jobs(PROJECT_ID) if job["kind"] == "upgrade")


def test_ten_components_are_released_in_about_the_time_of_one_job_and_a_rerun_writes_nothing(release, emulator):
    run = release("2.0.0")
    assert run.rc == 0, run.output
    assert versions(emulator) == dict((name, ("2.0.0", "RUNNING")) for name in COMPONENTS)
    results = run.results()
    # the versions a rollback goes back to, in the CI's log
    assert results["Say what runs before the release (the versions a rollback goes back to)"]["msg"] == \
        dict((name, "1.0.0") for name in COMPONENTS)
    started = results["Start, without waiting, the upgrade of each component to 2.0.0"]["results"]
    assert [item["item"] for item in started] == COMPONENTS and all(item["changed"] for item in started)
    waited = results["Wait for every job of the release at once"]
    assert waited["succeeded"] is True and waited["msg"] == "10 jobs: 10 SUCCEEDED"
    started_jobs = sorted(job["job_id"] for job in upgrade_jobs(emulator).values())
    assert sorted(job["job_id"] for job in waited["jobs"]) == started_jobs

    writes = emulator.writes()
    rerun = release("2.0.0")
    assert rerun.rc == 0, rerun.output
    assert recap(rerun.output)["changed"] == 0 and emulator.writes() == writes
    assert "skip_reason" in rerun.results()["Wait for every job of the release at once"]  # no job to wait for
    # The release did what the re-run did (start-up, ten component tasks, the checks), plus one wait for
    # jobs that ran side by side: about one job longer, where waiting for each in turn takes ten.
    assert run.seconds - rerun.seconds < 5 * JOB_SECONDS, (run.seconds, rerun.seconds)


def test_a_failed_job_fails_the_release_naming_it_and_a_rerun_fails_too(release, emulator):
    emulator.v3.add_job_outcomes([{"component": "svc-03", "kind": "upgrade", "outcome": "FAILED",
                                   "task_name": "Upgrade the workload", "messages": "image pull failed"}])
    run = release("2.0.0")
    assert run.rc != 0
    failed_job = upgrade_jobs(emulator)["svc-03"]["job_id"]
    message = run.results()["Fail the release, naming each component whose job did not succeed"]["msg"]
    assert message == ("1 of 10 upgrades to 2.0.0 did not succeed: svc-03: job %s FAILED, task 'Upgrade the "
                       "workload' FAILED: image pull failed" % failed_job)
    assert message in run.output
    expected = dict((name, ("2.0.0", "RUNNING")) for name in COMPONENTS)
    expected["svc-03"] = ("2.0.0", "FAILED")
    assert versions(emulator) == expected

    # The version is set (the PUT was taken, its job failed): a re-run has nothing to write, and the component
    # task fails for that component, whose status says its deploy did not come up.
    writes = emulator.writes()
    rerun = release("2.0.0")
    assert rerun.rc != 0 and emulator.writes() == writes
    failed = [item for item in rerun.results()["Start, without waiting, the upgrade of each component to 2.0.0"]
              ["results"] if item.get("failed")]
    assert [item["item"] for item in failed] == ["svc-03"]
    assert failed[0]["msg"].startswith("component 'svc-03' of application 'shop' has the wanted fields, but its "
                                       "status is FAILED (last job %s): the deploy did not come up" % failed_job)


def test_what_the_ci_sees_when_the_wait_runs_out_and_when_a_component_is_busy(release, emulator):
    emulator.v3.add_job_outcomes([{"component": "svc-01", "kind": "upgrade", "running_seconds": 60}])
    three = {"release_components": COMPONENTS[:3], "release_wait_timeout": 5}
    run = release("2.0.0", three)
    assert run.rc != 0
    slow_job = upgrade_jobs(emulator)["svc-01"]["job_id"]
    waited = run.results()["Wait for every job of the release at once"]
    assert waited["failed"] is True
    assert waited["msg"] == ("1 of 3 jobs had not ended after 5 s: %s (RUNNING). They go on; wait again to see how "
                             "they end." % slow_job)
    assert [job["ended"] for job in waited["jobs"]].count(False) == 1

    # the next release while that job runs: svc-01 is refused before any write, the others go on
    started = time.monotonic()
    busy = release("2.0.1", three)
    assert busy.rc != 0 and time.monotonic() - started < 60
    items = dict((item["item"], item) for item in
                 busy.results()["Start, without waiting, the upgrade of each component to 2.0.1"]["results"])
    assert items["svc-01"]["failed"] is True and items["svc-01"]["changed"] is False
    assert items["svc-01"]["msg"] == (
        "component 'svc-01' of application 'shop' is busy (status UPGRADING, job %s in progress): nothing was "
        "written. Run with wait: true to wait for it first, or wait for it with "
        "huaweicloud.servicestage.servicestage_job_info." % slow_job)
    assert items["svc-00"]["changed"] is True and items["svc-02"]["changed"] is True
    assert versions(emulator)["svc-01"] == ("2.0.0", "UPGRADING")
