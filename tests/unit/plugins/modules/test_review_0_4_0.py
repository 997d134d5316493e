# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the review of 0.4.0 reproduced against the emulator, one test (or more) per finding; each fails with the
0.4.0 plugins (run them so: tests/tools/against-release.sh 2a9f141 tests/unit/plugins/modules/test_review_0_4_0.py, 2a9f141 being
the last commit of 0.4.0)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_application as application_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_action as action_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_git_password_auth as password_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import CCE_CLUSTER, UNIT_PROJECT

IMAGE = "swr.cn-north-4.myhuaweicloud.com/shop/cart:%s"
PUT = r"/components/[0-9a-f-]+\Z"


def deploy(version="1.0.0", **extra):
    args = dict(application="shop", name="cart", environment="prod",
                runtime_stack={"name": "Docker", "type": "Docker", "deploy_mode": "container"},
                source={"kind": "image", "url": IMAGE % version}, version=version, replica=1,
                refer_resources=[{"id": CCE_CLUSTER, "type": "cce", "parameters": {"namespace": "default"}}])
    args.update(extra)
    return args


def upgrade(version, **extra):
    return dict(dict(application="shop", name="cart", source={"kind": "image", "url": IMAGE % version},
                     version=version), **extra)


def writes(emulator, since=0):
    return [(entry["method"], entry["path"].rsplit("/", 1)[-1]) for entry in emulator.writes()[since:]]


def stored(emulator, name="cart"):
    """The component's spec as the emulator stores it (what the module sent)."""
    project = emulator.v3.project(UNIT_PROJECT)
    return [component.spec for component in project.components.values() if component.spec["name"] == name][0]


def component_of(emulator, name="cart"):
    return [item for item in emulator.v3.components(UNIT_PROJECT) if item["name"] == name][0]


# -- 1. never converges ----------------------------------------------------------------------------------------
def test_1_an_external_access_that_cannot_be_compared_is_refused_before_any_request(run_module, v3):
    access = [{"protocol": "HTTP", "address": "cart.shop.example", "forward_port": 8080},
              {"protocol": "TCP", "address": "cart:8080", "forward_port": 8080}]
    code, result = run_module(component_module.main, **deploy(spec={"external_accesses": access}))
    assert code == 1 and "only HTTP and HTTPS external accesses can be set" in result["msg"]
    assert result["msg"].startswith("Invalid input, nothing was sent") and v3.log == []


def test_1_a_lost_put_is_settled_by_its_evidence_not_by_comparing_what_the_server_may_normalise(run_module, v3):
    """The PUT is carried out, its answer is lost, and the server stores the description as it normalises it
    (trimmed): comparing fields says "not carried out"; the new last job says it was."""
    run_module(component_module.main, **deploy())
    v3.add_faults([{"method": "PUT", "path": PUT, "commit": True, "delay": 0.5, "drop": True}])

    def normalise():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if [entry for entry in v3.log if entry["method"] == "PUT" and entry["outcome"] == 200]:
                with v3.v3.lock:
                    spec = stored(v3)
                    spec["description"] = spec["description"].strip()
                return
            time.sleep(0.02)

    normaliser = threading.Thread(target=normalise)
    normaliser.start()
    code, result = run_module(component_module.main, **upgrade("1.0.1", spec={"description": "The cart  "}))
    normaliser.join()
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert [method for method, dummy in writes(v3)].count("PUT") == 1
    assert "shows it was carried out" in " ".join(result.get("warnings", []) if isinstance(
        result.get("warnings", [""])[0], str) else [warning["event"]["msg"] for warning in result["warnings"]])


# -- 2. silent drift -------------------------------------------------------------------------------------------
def test_2_a_list_of_values_compares_in_order(run_module, v3):
    run_module(component_module.main, **deploy(spec={"command": {"command": ["/bin/sh"], "args": ["-c", "run"]}}))
    code, result = run_module(component_module.main, **upgrade("1.0.0", spec={"command": {"args": ["run", "-c"]}}))
    assert (code, result["changed"], result["actions"]) == (0, True, ["upgrade"]), result["msg"]
    assert stored(v3)["command"] == {"command": ["/bin/sh"], "args": ["run", "-c"]}


def test_2_lists_of_objects_compare_by_identity_however_the_server_orders_them(run_module, v3):
    v3.v3.configure(stored_list_order="by_identity")
    storages = [{"type": "EmptyDir", "name": "tmp", "parameters": {}, "mounts": [
        {"path": "/tmp/b", "sub_path": "", "read_only": False}, {"path": "/tmp/a", "sub_path": "", "read_only": False}]},
        {"type": "EmptyDir", "name": "cache", "parameters": {}, "mounts": [
            {"path": "/cache", "sub_path": "", "read_only": False}]}]
    task = deploy(envs={"ZONE": "a", "APP": "cart"}, spec={"storages": storages})
    run_module(component_module.main, **task)
    assert [env["name"] for env in stored(v3)["envs"]] == ["APP", "ZONE"]
    since = len(v3.writes())
    code, again = run_module(component_module.main, **task)
    assert (code, again["changed"]) == (0, False) and v3.writes()[since:] == []


# -- 3. stale keys ---------------------------------------------------------------------------------------------
def test_3_a_probe_of_another_type_replaces_the_old_one_whole(run_module, v3):
    http = {"type": "http", "scheme": "HTTP", "port": 8080, "path": "/health", "delay": 30, "timeout": 5}
    run_module(component_module.main, **deploy(spec={"liveness_probe": http}))
    code, result = run_module(component_module.main, **upgrade(
        "1.0.0", spec={"liveness_probe": {"type": "tcp", "port": 8080, "delay": 30, "timeout": 5}}))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert stored(v3)["liveness_probe"] == {"type": "tcp", "port": 8080, "delay": 30, "timeout": 5}


def test_3_a_key_given_as_null_is_removed_and_an_env_left_out_is_gone(run_module, v3):
    http = {"type": "http", "scheme": "HTTP", "port": 8080, "path": "/health", "delay": 30, "timeout": 5}
    run_module(component_module.main, **deploy(envs={"A": "1", "B": "2"}, spec={"readiness_probe": http}))
    code, result = run_module(component_module.main, **upgrade(
        "1.0.0", envs={"A": "1"}, spec={"readiness_probe": {"type": "http", "scheme": None}}))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert "scheme" not in stored(v3)["readiness_probe"] and stored(v3)["readiness_probe"]["path"] == "/health"
    assert [env["name"] for env in stored(v3)["envs"]] == ["A"]
    code, again = run_module(component_module.main, **upgrade(
        "1.0.0", envs={"A": "1"}, spec={"readiness_probe": {"type": "http", "scheme": None}}))
    assert again["changed"] is False


# -- 4. a component being deleted ------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["1.0.1", "1.0.0"], ids=["new-version", "same-version"])
def test_4_a_component_being_deleted_is_waited_for_then_created(run_module, v3, version):
    v3.v3.configure(delete_seconds=3.0)
    run_module(component_module.main, **deploy())
    code, deleted = run_module(component_module.main, application="shop", name="cart", state="absent", wait=False)
    assert (code, deleted["changed"]) == (0, True)
    code, result = run_module(component_module.main, **deploy(version))
    assert (code, result["changed"], result["actions"]) == (0, True, ["create"]), result["msg"]
    assert component_of(v3)["version"] == version and component_of(v3)["status"]["component_status"] == "RUNNING"


def test_4_an_upgrade_of_a_component_being_deleted_says_what_a_create_needs(run_module, v3):
    """The review's TypeError: an upgrade task (version and source only) right after a delete without wait."""
    v3.v3.configure(delete_seconds=1.0)
    run_module(component_module.main, **deploy())
    run_module(component_module.main, application="shop", name="cart", state="absent", wait=False)
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert code == 1 and "does not exist, and creating it needs environment, runtime_stack, refer_resources: " \
        "nothing was written" in result["msg"], result["msg"]
    assert [method for method, dummy in writes(v3)] == ["POST", "DELETE"]


def test_4_a_component_being_deleted_is_refused_clearly_without_wait_and_in_check_mode(run_module, v3):
    v3.v3.configure(delete_seconds=5.0)
    run_module(component_module.main, **deploy())
    run_module(component_module.main, application="shop", name="cart", state="absent", wait=False)
    since = len(v3.writes())
    for check_mode in (False, True):
        code, result = run_module(component_module.main, check_mode=check_mode, **deploy("1.0.1", wait=False))
        assert code == 1 and "is being deleted (status DELETING): nothing was written" in result["msg"]
        assert "bug of the collection" not in result["msg"]
    code, result = run_module(action_module.main, application="shop", component="cart", action="restart")
    assert code == 1 and "is being deleted (status DELETING): nothing was written" in result["msg"]
    assert "bug of the collection" not in result["msg"] and v3.writes()[since:] == []


# -- 5. a green re-run after a failed deploy -------------------------------------------------------------------
@pytest.mark.parametrize("failed_upgrade_spec", ["new", "previous"])
def test_5_a_rerun_after_a_cancelled_upgrade_does_not_go_green(run_module, v3, failed_upgrade_spec):
    v3.v3.configure(failed_upgrade_spec=failed_upgrade_spec)
    run_module(component_module.main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "CANCELLED"}])
    code, failed = run_module(component_module.main, **upgrade("1.0.1"))
    assert code == 1 and "ended CANCELLED" in failed["msg"]
    job_id = failed["job"]["job_id"]
    since = len(v3.writes())
    code, again = run_module(component_module.main, **upgrade("1.0.1"))
    if failed_upgrade_spec == "new":
        # the component holds the wanted fields, but what runs is not them: the task fails naming the job, writing
        # nothing
        assert code == 1 and "its last job %s ended CANCELLED" % job_id in again["msg"], again["msg"]
        assert "Deploy again with a new version, or roll back" in again["msg"] and v3.writes()[since:] == []
    else:
        # the version before came back: deploying it again is an upgrade
        assert (code, again["actions"]) == (0, ["upgrade"]), again["msg"]


def test_5_a_job_that_succeeds_while_the_old_version_keeps_running_fails_the_task(run_module, v3):
    run_module(component_module.main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "SUCCEEDED", "leaves": "previous"}])
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert (code, result["changed"]) == (1, True)
    assert "ended SUCCEEDED, but the component reports version 1.0.0, not 1.0.1" in result["msg"]
    assert result["component"]["version"] == "1.0.0"


# -- 6. check mode predicts the refusal of a busy component ------------------------------------------------------
def test_6_check_mode_predicts_that_a_busy_component_is_refused_without_wait(run_module, v3):
    run_module(component_module.main, **deploy())
    v3.v3.configure(job_seconds=5.0)
    run_module(component_module.main, **upgrade("1.0.1", wait=False))
    since = len(v3.writes())
    code, checked = run_module(component_module.main, check_mode=True, **upgrade("1.0.2", wait=False))
    code_real, real = run_module(component_module.main, **upgrade("1.0.2", wait=False))
    assert (code, code_real) == (1, 1) and "is busy" in checked["msg"] and "is busy" in real["msg"]
    assert checked["msg"] == real["msg"] and v3.writes()[since:] == []


# -- 7. paging -------------------------------------------------------------------------------------------------
def test_7_an_application_created_between_two_pages_is_not_read_twice(run_module, v3):
    for index in range(150):
        v3.v3.seed_application(UNIT_PROJECT, "app-%03d" % index)
    # after the first page is served, someone creates an application
    v3.v3.add_page_events([{"objects": "applications", "offset": 0, "create": "late-app"}])
    code, result = run_module(application_module.main, name="app-050", description="Checked")
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert [method for method, dummy in writes(v3)] == ["PUT"]


def test_7_an_application_missed_because_one_was_deleted_between_pages_is_not_created_again(run_module, v3):
    names = ["app-%03d" % index for index in range(150)]
    for name in names:
        v3.v3.seed_application(UNIT_PROJECT, name)
    # oldest first: shop, then app-000 ...; the 101st is app-099. One deleted after the first page moves it there.
    v3.v3.add_page_events([{"objects": "applications", "offset": 0, "delete": "app-010"}])
    code, result = run_module(application_module.main, name="app-099")
    assert (code, result["changed"]) == (0, False), result["msg"]
    assert writes(v3) == []


# -- 8. an application whose components are being deleted -----------------------------------------------------------
def test_8_an_application_whose_components_are_being_deleted_is_deleted_once_they_are_gone(run_module, v3):
    v3.v3.configure(delete_seconds=1.0)
    for name in ("cart", "search"):
        v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", name)
        run_module(component_module.main, application="shop", name=name, state="absent", wait=False)
    code, result = run_module(application_module.main, name="shop", state="absent")
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert result["msg"] == "deleted application 'shop'" and v3.v3.applications(UNIT_PROJECT) == []


def test_8_without_wait_it_says_they_are_being_deleted(run_module, v3):
    v3.v3.configure(delete_seconds=5.0)
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    run_module(component_module.main, application="shop", name="cart", state="absent", wait=False)
    code, result = run_module(application_module.main, name="shop", state="absent", wait=False)
    assert code == 1 and result["msg"].startswith("application 'shop' still has 1 component: cart (id ")
    assert "and it is being deleted: nothing was deleted. Run with wait: true" in result["msg"]


# -- 10. also --------------------------------------------------------------------------------------------------------
def test_10_after_a_failed_job_the_component_is_read_again(run_module, v3):
    run_module(component_module.main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "FAILED"}])
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert code == 1 and result["component"]["status"]["component_status"] == "FAILED"
    assert result["component"]["version"] == "1.0.1"


def test_10_a_component_in_yaml_mode_is_never_put_without_its_workload(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", config_mode="yaml")
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert code == 1 and "yaml mode" in result["msg"] and "nothing was written" in result["msg"]
    assert v3.writes() == []


def test_10_numbers_given_as_text_are_sent_and_compared_as_numbers(run_module, v3):
    spec = {"request_cpu": "0.25", "liveness_probe": {"type": "tcp", "port": "8080", "delay": "10", "timeout": "3"}}
    code, result = run_module(component_module.main, **deploy(spec=spec))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert stored(v3)["request_cpu"] == 0.25 and stored(v3)["liveness_probe"]["port"] == 8080
    code, again = run_module(component_module.main, **deploy(spec=spec))
    assert (code, again["changed"]) == (0, False), again["msg"]


def test_10_an_answer_without_a_components_fields_is_a_shape_error(run_module, v3):
    run_module(component_module.main, **deploy())
    v3.add_faults([{"method": "GET", "path": r"/applications/[0-9a-f-]+/components/[0-9a-f-]+\Z", "status": 200,
                    "body": {}}])
    code, result = run_module(component_module.main, **upgrade("1.0.1"))
    assert code == 1 and "holds no component" in result["msg"] and "unexpected" not in result["msg"]
    assert v3.writes()[1:] == []


def test_10_start_on_a_component_that_is_not_stopped_writes_nothing_twice(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", status="FAILED")
    v3.add_faults([{"method": "POST", "path": r"/action\Z", "commit": True, "drop": True}])
    code, result = run_module(action_module.main, application="shop", component="cart", action="start")
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert [method for method, dummy in writes(v3)] == ["POST"]
    since = len(v3.writes())
    code, again = run_module(action_module.main, application="shop", component="cart", action="start")
    assert (code, again["changed"]) == (0, False) and v3.writes()[since:] == []


# -- 11. the diff of a secret replaced ---------------------------------------------------------------------------------
def test_11_a_secret_replaced_changes_only_the_secret_in_the_diff(run_module, emulator):
    task = dict(name="unit-auth", user="bot", password="unit-Secret-Pa55")
    run_module(password_module.main, **task)
    code, result = run_module(password_module.main, check_mode=True, diff=True, update_password="always", **task)
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert (code, result["changed"]) == (0, True)
    assert before.pop("password") == "<hidden>" and after.pop("password") == "<hidden: replaced>"
    assert before == after and "repo_home" in after and "status" in after
