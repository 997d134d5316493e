# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guide "From nothing to running": its playbooks (docs/examples/from_nothing.yml and rollback.yml,
the very files the guide quotes) run with real ansible-playbook against the emulator, as a user runs
them: the project's variables and the vaulted secrets with -e @file, logged in to IAM once per play
(or, where the request log must show no write at all, with a vaulted token instead of the login).

From an empty project to a RUNNING component with its replicas, a second run that writes nothing, a
teardown that leaves nothing (and a second one that has nothing to do); check mode on the empty
project; the rollback play after a deploy of another version, and its second run. No run prints the
vaulted Bitbucket password, the IAM password or the token."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    IAM_DOMAIN,
    IAM_PASSWORD,
    IAM_USER,
    PASSWORD,
    PROJECT_ID,
    TOKEN,
    recap,
    run_playbook_file,
    write_vaulted_vars,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "docs", "examples")
# jobs of half a second: the whole life cycle takes a few seconds of emulated jobs
FAST = {"job_seconds": 0.5, "job_queued_seconds": 0.1, "status_lag_seconds": 0.2, "delete_seconds": 0.5}
CCE_CLUSTER = "0c2f1a3b-4d5e-11ee-8f6a-0255ac100b07"
STEPS = ("The environment", "The application", "The authorization", "The component", "Scale it")
TEARDOWN = ("No component", "No authorization", "No application", "No environment")


@pytest.fixture(scope="module")
def vaulted(vault_dir, tmp_path_factory):
    """The vars files a user passes with -e @file: the secrets of the login and the repository, and a token."""
    folder = tmp_path_factory.mktemp("examples-vault")
    password_file = vault_dir / "vault-pass"
    return {"secrets": write_vaulted_vars(folder / "vault.yml", password_file, bitbucket_password=PASSWORD,
                                          vault_iam_password=IAM_PASSWORD),
            "token": write_vaulted_vars(folder / "token.yml", password_file, servicestage_token=TOKEN)}


@pytest.fixture
def examples(emulator, vault_dir, vaulted, tmp_path):
    """run(playbook, *extra_vars, token=False, args=()): a playbook of docs/examples against the emulator."""
    emulator.v3.configure(**FAST)
    password_file = vault_dir / "vault-pass"
    secrets, token = vaulted["secrets"], vaulted["token"]
    project = {"servicestage_endpoint": emulator.url, "servicestage_iam_endpoint": emulator.url,
               "servicestage_project_id": PROJECT_ID, "iam_domain": IAM_DOMAIN, "iam_user": IAM_USER,
               "vpc_id": "vpc-0001", "cce_cluster_id": CCE_CLUSTER}

    def run(playbook, *extra_vars, **options):
        extra = [project, secrets] + ([token] if options.get("token") else []) + list(extra_vars)
        return run_playbook_file(os.path.join(EXAMPLES, playbook), password_file, tmp_path, extra_vars=extra,
                                 args=options.get("args", ()))

    return run


def step(results, prefix):
    """The result of the one task whose name starts with prefix."""
    found = [result for name, result in results.items() if name.startswith(prefix)]
    assert len(found) == 1, (prefix, sorted(results))
    return found[0]


def skipped(result):
    return "skip_reason" in result


def logins(emulator):
    return [entry for entry in emulator.log if entry["path"] == "/v3/auth/tokens"]


def the_component(emulator):
    components = emulator.v3.components(PROJECT_ID)
    assert len(components) == 1
    return components[0]


def test_from_nothing_to_running_a_rerun_that_writes_nothing_and_back_to_nothing(examples, emulator):
    # check mode on the empty project: what would be created, nothing written
    preview = examples("from_nothing.yml", token=True, args=["--check", "--diff"])
    assert preview.rc == 0, preview.output
    results = preview.results()
    assert [step(results, name)["changed"] for name in STEPS[:3]] == [True, True, True]
    assert skipped(step(results, "The component"))  # its application does not exist yet
    assert skipped(step(results, "Scale it"))
    assert emulator.writes() == []

    first = examples("from_nothing.yml", args=["-v"])
    assert first.rc == 0, first.output
    results = first.results()
    for name in STEPS:
        assert step(results, name)["changed"] is True, name
    assert all(skipped(step(results, name)) for name in TEARDOWN)
    assert step(results, "The component")["actions"] == ["create"]
    assert step(results, "Scale it")["actions"] == ["scale"]
    component = the_component(emulator)
    assert component["name"] == "api" and component["version"] == "1.0.0"
    assert (component["status"]["component_status"], component["replica"], component["status"]["available_replica"]) \
        == ("RUNNING", 2, 2)
    assert component["source"]["repo_auth"] == "bitbucket-shop"
    assert [auth["name"] for auth in emulator.authorizations(PROJECT_ID)] == ["bitbucket-shop"]
    assert len(logins(emulator)) == 1  # one login for the whole play
    assert recap(first.output)["changed"] == 5

    writes = emulator.writes()
    second = examples("from_nothing.yml", token=True)
    assert second.rc == 0, second.output
    assert recap(second.output)["changed"] == 0
    assert emulator.writes() == writes  # not one POST, PUT or DELETE
    assert the_component(emulator)["replica"] == 2  # the component task leaves the replicas to the scale task

    teardown = examples("from_nothing.yml", {"servicestage_state": "absent"})
    assert teardown.rc == 0, teardown.output
    results = teardown.results()
    for name in TEARDOWN:
        assert step(results, name)["changed"] is True, name
    assert all(skipped(step(results, name)) for name in STEPS)
    assert emulator.v3.components(PROJECT_ID) == []
    assert emulator.v3.applications(PROJECT_ID) == []
    assert emulator.v3.environments(PROJECT_ID) == []
    assert emulator.authorizations(PROJECT_ID) == []

    writes = emulator.writes()
    again = examples("from_nothing.yml", {"servicestage_state": "absent"}, token=True)
    assert again.rc == 0, again.output
    assert recap(again.output)["changed"] == 0 and emulator.writes() == writes


def test_a_state_that_is_neither_present_nor_absent_fails_before_any_request(examples, emulator):
    run = examples("from_nothing.yml", {"servicestage_state": "gone"}, token=True)
    assert run.rc != 0
    assert "servicestage_state is present or absent, not 'gone'" in run.output
    assert emulator.log == []


def test_the_rollback_play_brings_the_first_version_back_and_then_has_nothing_to_do(examples, emulator):
    assert examples("from_nothing.yml", token=True).rc == 0
    upgrade = examples("from_nothing.yml", {"component_version": "1.0.1"}, token=True)
    assert upgrade.rc == 0, upgrade.output
    assert step(upgrade.results(), "The component")["actions"] == ["upgrade"]
    assert the_component(emulator)["version"] == "1.0.1"

    rollback = examples("rollback.yml", {"rollback_version": "1.0.0"})
    assert rollback.rc == 0, rollback.output
    rolled = step(rollback.results(), "Roll back")
    assert rolled["changed"] is True and rolled["actions"] == ["rollback"]
    assert rolled["job"]["execution_status"] == "SUCCEEDED"
    component = the_component(emulator)
    assert (component["version"], component["status"]["component_status"]) == ("1.0.0", "RUNNING")
    assert "from version 1.0.1 to 1.0.0" in rolled["msg"]

    writes = emulator.writes()
    again = examples("rollback.yml", {"rollback_version": "1.0.0"}, token=True)
    assert again.rc == 0, again.output
    assert recap(again.output)["changed"] == 0 and emulator.writes() == writes
    assert "version 1.0.0 is the one running" in step(again.results(), "Roll back")["msg"]

    # a version the component never ran: refused before any write, naming the ones it can go back to
    never = examples("rollback.yml", {"rollback_version": "0.9.0"}, token=True)
    assert never.rc != 0 and emulator.writes() == writes
    assert "no deployment record of version 0.9.0 to roll back to: nothing was written. It can be rolled back " \
           "to 1.0.1" in step(never.results(), "Roll back")["msg"]
