# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a review of the reconciler itself found (each failed on its first complete commit, dc32b54): a read failing
after a write, lists of objects merged by position, items whose kind changes, numbers the table did not name or that
are not finite, check mode that mispredicted, messages that contradicted themselves, a set out of order."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_application as application_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_action as action_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_auths as set_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_job_info as job_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, warnings_of
from ansible_collections.huaweicloud.servicestage.tests.unit.plugins.modules.test_review_0_4_0 import (
    deploy,
    stored,
    upgrade,
    writes,
)

GET_COMPONENT = r"/applications/[0-9a-f-]+/components/[0-9a-f-]+\Z"


def test_a_read_failing_after_a_successful_upgrade_keeps_changed_and_names_the_upgrade(run_module, v3):
    run_module(component_module.main, **deploy())
    # the lookup's GET passes; the GET that checks the version after the job fails (5xx, retries exhausted)
    v3.add_faults([{"method": "GET", "path": GET_COMPONENT, "status": 500, "times": 50, "skip": 1}])
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert [method for method, dummy in writes(v3)].count("PUT") == 1
    assert (code, result.get("changed")) == (1, True), result["msg"]
    assert "Done before the failure: upgrade (job JOB" in result["msg"]


def test_component_labels_can_be_set(run_module, v3):
    code, result = run_module(component_module.main, **deploy(labels={"team": "shop"}))
    assert code == 0 and stored(v3)["labels"] == [{"key": "team", "value": "shop"}], result["msg"]


def test_a_list_of_objects_without_identity_is_not_merged_by_position(run_module, v3):
    node = {"condition": "required", "kind": "node",
            "match_expressions": [{"key": "zone", "operation": "In", "value": "a"}]}
    pod = {"condition": "preferred", "kind": "pod", "weight": 50,
           "match_expressions": [{"key": "app", "operation": "In", "value": "cart"}]}
    run_module(component_module.main, **deploy(spec={"affinity": [pod, node]}))
    run_module(component_module.main, **upgrade("1.0.0", spec={"affinity": [node]}))
    assert stored(v3)["affinity"] == [node]  # dc32b54 stores node with pod's weight: 50


def test_job_info_with_one_job_id_returns_its_tasks_in_the_one_job_shape(run_module, v3):
    code, created = run_module(component_module.main, **deploy())
    code, one = run_module(job_module.main, job_id=[created["job"]["job_id"]])
    assert one["job"]["tasks"] and one["job"] == one["jobs"][0]


def test_the_set_returns_authorizations_in_list_order(run_module, emulator):
    one = dict(name="bb-one", repo_type="bitbucket", user="bot", password="unit-Secret-1")
    two = dict(name="cc-two", repo_type="bitbucket", user="bot", password="unit-Secret-2")
    run_module(set_module.main, authorizations=[one])
    code, result = run_module(set_module.main, authorizations=[two, one])
    assert [item["name"] for item in result["authorizations"]] == ["cc-two", "bb-one"]


def test_created_meanwhile_does_not_say_done_before_the_failure(run_module, v3):
    v3.v3.add_page_events([{"objects": "applications", "offset": 0, "create": "late"}])
    code, result = run_module(application_module.main, name="late", description="Mine")
    assert code == 1 and "nothing was written" in result["msg"]
    assert "Done before the failure" not in result["msg"], result["msg"]


def test_a_delete_wait_that_runs_out_names_the_status(run_module, v3):
    run_module(component_module.main, **deploy())
    v3.v3.configure(delete_seconds=30.0)
    code, result = run_module(component_module.main, application="shop", name="cart", state="absent", wait_timeout=3)
    assert "(status DELETING)" in result["msg"], result["msg"]  # dc32b54: "did not disappear ... (status gone)"


def test_a_huge_number_is_an_input_error_not_a_bug(run_module, v3):
    code, result = run_module(component_module.main, **deploy(spec={"liveness_probe": {"type": "tcp", "port": "1e999"}}))
    assert "bug of the collection" not in result["msg"] and "must be a whole number" in result["msg"], result["msg"]


def test_infinity_is_never_sent(run_module, v3):
    code, result = run_module(component_module.main, **deploy(spec={"request_cpu": "1e999"}))
    assert code == 1 and v3.log == [] and "spec.request_cpu must be a number" in result["msg"], result["msg"]


def test_numbers_as_text_outside_the_table_are_numbers_too(run_module, v3):
    spec = {"external_accesses": [{"protocol": "HTTP", "address": "cart.shop.example", "forward_port": "8080"}],
            "update_strategy": {"type": "RollingUpdate", "min_ready_seconds": "20"}}
    code, result = run_module(component_module.main, **deploy(spec=spec))
    assert code == 0, result["msg"]  # 400: external_accesses[0].forward_port must be an integer, not "8080"


def test_an_env_switched_from_value_from_to_a_value_loses_value_from(run_module, v3):
    secret = {"value_from": {"reference_type": "secret", "name": "db", "key": "password"}}
    run_module(component_module.main, **deploy(envs={"DB": secret}))
    run_module(component_module.main, **upgrade("1.0.0", envs={"DB": "plain"}))
    assert stored(v3)["envs"] == [{"name": "DB", "value": "plain"}]


def test_a_storage_of_another_type_loses_the_old_parameters(run_module, v3):
    mounts = [{"path": "/data", "sub_path": "", "read_only": False}]
    host = {"type": "HostPath", "name": "data", "parameters": {"path": "/var/data"}, "mounts": mounts}
    empty = {"type": "EmptyDir", "name": "data", "parameters": {"medium": "Memory"}, "mounts": mounts}
    run_module(component_module.main, **deploy(spec={"storages": [host]}))
    run_module(component_module.main, **upgrade("1.0.0", spec={"storages": [empty]}))
    assert stored(v3)["storages"] == [empty]  # parameters keeps path: /var/data


def test_check_mode_of_an_upgrade_task_on_a_component_being_deleted(run_module, v3):
    v3.v3.configure(delete_seconds=3.0)
    run_module(component_module.main, **deploy())
    run_module(component_module.main, application="shop", name="cart", state="absent", wait=False)
    code, checked = run_module(component_module.main, check_mode=True, **upgrade("1.0.1"))
    code_real, real = run_module(component_module.main, **upgrade("1.0.1"))
    assert (code, checked["changed"]) == (code_real, real["changed"]), (checked["msg"], real["msg"])
    assert "creating it needs environment, runtime_stack, refer_resources" in real["msg"]


def test_check_mode_of_an_action_on_a_busy_component(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", status="STOPPED")
    v3.v3.configure(job_seconds=4.0)
    run_module(action_module.main, application="shop", component="cart", action="start", wait=False)
    code, checked = run_module(action_module.main, check_mode=True, application="shop", component="cart",
                               action="start")
    code, real = run_module(action_module.main, application="shop", component="cart", action="start")
    # what the job it is busy with leaves is not known before it ends: check mode says that it decides only then
    assert real["changed"] is False and any("decides what to write once it has ended" in warning for warning in (
        warnings_of(checked))), checked


def test_finding_7_deleted_between_pages_fails_on_0_4_0(run_module, v3):
    """The committed test_7 (app-099, oldest first) passes on 0.4.0; this one is 0.4.0's newest-first case."""
    for index in range(150):
        v3.v3.seed_application(UNIT_PROJECT, "app-%03d" % index)
    v3.v3.add_page_events([{"objects": "applications", "offset": 0, "delete": "app-140"}])
    code, result = run_module(application_module.main, name="app-049")
    assert (code, result["changed"], writes(v3)) == (0, False, []), result["msg"]
