# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_environment against the in-process emulator: what it writes (the emulator's log), what
it reports, and every documented variant of the API (not found, error keys, name filters)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_environment import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

CLUSTER = {"id": "0c2f1a3b-4d5e-11ee-8f6a-0255ac100b07", "type": "cce"}
ELB = {"id": "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", "type": "elb"}
PROD = dict(name="prod", vpc_id="vpc-1", deploy_mode="container", description="Production", labels={"team": "shop"},
            resources=[CLUSTER, ELB])
CREATE = r"/environments\Z"
LIST = r"/environments\Z"
MISSING_ID = "6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    """Retries wait no time here (what they wait is the transport's tests' concern)."""
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1]) for entry in emulator.writes()]


def environments(emulator):
    return dict((item["name"], item) for item in emulator.v3.environments(UNIT_PROJECT))


def seed(emulator, name="prod", **fields):
    fields.setdefault("vpc_id", "vpc-1")
    fields.setdefault("labels", [{"key": "team", "value": "shop"}])
    fields.setdefault("description", "Production")
    return emulator.v3.seed_environment(UNIT_PROJECT, name, **fields)


def labels_of(environment):
    return dict((label["key"], label["value"]) for label in environment["labels"])


def test_create_with_resources_is_a_create_then_the_resources_put(run_module, emulator):
    code, result = run_module(main, **PROD)
    assert code == 0 and result["changed"] is True
    created = environments(emulator)["prod"]
    assert writes(emulator) == [("POST", "/environments"), ("PUT", "/environments/%s/resources" % created["id"])]
    assert result["msg"] == "created environment 'prod' and set its resources (it does not exist)"
    environment = result["environment"]
    assert environment["id"] == created["id"] and environment["vpc_id"] == "vpc-1"
    assert environment["deploy_mode"] == "container" and environment["description"] == "Production"
    assert environment["labels"] == [{"key": "team", "value": "shop"}]
    assert environment["resources"] == [CLUSTER, ELB] == created["resources"]
    assert shown(result, UNIT_TOKEN) == []


def test_create_without_resources_is_one_write_and_the_api_picks_the_mode(run_module, emulator):
    code, result = run_module(main, name="dev", vpc_id="vpc-1")
    assert result["changed"] is True and writes(emulator) == [("POST", "/environments")]
    assert result["environment"]["deploy_mode"] == "mixed" and result["environment"]["resources"] == []
    assert result["msg"] == "created environment 'dev' (it does not exist)"


def test_the_same_task_again_writes_nothing(run_module, emulator):
    run_module(main, **PROD)
    before = len(emulator.writes())
    code, result = run_module(main, **PROD)
    assert code == 0 and result["changed"] is False
    assert len(emulator.writes()) == before
    assert result["msg"] == "environment 'prod' is already as wanted: it matches"
    assert result["environment"]["resources"] == [CLUSTER, ELB]


def test_an_update_sends_what_the_task_does_not_give_as_it_was(run_module, emulator):
    environment = seed(emulator, resources=[CLUSTER])
    code, result = run_module(main, name="prod", description="Production, since May")
    assert result["changed"] is True and writes(emulator) == [("PUT", "/environments/%s" % environment["id"])]
    assert result["msg"] == "updated environment 'prod' (description differs)"
    now = environments(emulator)["prod"]
    assert now["description"] == "Production, since May"
    assert labels_of(now) == {"team": "shop"} and now["resources"] == [CLUSTER]
    code, result = run_module(main, name="prod", labels={"team": "shop", "tier": "web"})
    now = environments(emulator)["prod"]
    assert labels_of(now) == {"team": "shop", "tier": "web"} and now["description"] == "Production, since May"
    assert result["environment"]["labels"] == now["labels"]


def test_labels_are_compared_as_a_dict(run_module, emulator):
    seed(emulator, labels=[{"key": "team", "value": "shop"}, {"key": "release", "value": "10"}])
    code, result = run_module(main, name="prod", labels={"release": 10, "team": "shop"})
    assert result["changed"] is False and writes(emulator) == []
    code, result = run_module(main, name="prod", labels={})
    assert result["changed"] is True and environments(emulator)["prod"]["labels"] == []


@pytest.mark.parametrize("resources", [
    [ELB, CLUSTER],
    [dict(CLUSTER, name="shop-cluster"), dict(ELB, name="shop-lb")],
], ids=["other-order", "names-ignored"])
def test_the_same_set_of_resources_is_unchanged(run_module, emulator, resources):
    seed(emulator, resources=[CLUSTER, ELB])
    code, result = run_module(main, name="prod", resources=resources, diff=True)
    assert result["changed"] is False and writes(emulator) == []
    assert result["diff"]["before"] == result["diff"]["after"]


@pytest.mark.parametrize("resources, after", [
    ([CLUSTER], [CLUSTER]),
    ([CLUSTER, ELB, {"id": "elb-2", "type": "elb"}], [CLUSTER, ELB, {"id": "elb-2", "type": "elb"}]),
    ([CLUSTER, dict(ELB, type="eip")], [CLUSTER, dict(ELB, type="eip")]),
    ([], []),
], ids=["one-less", "one-more", "same-id-other-type", "none"])
def test_another_set_of_resources_replaces_the_whole_list(run_module, emulator, resources, after):
    environment = seed(emulator, resources=[CLUSTER, ELB])
    code, result = run_module(main, name="prod", resources=resources, diff=True)
    assert result["changed"] is True
    assert writes(emulator) == [("PUT", "/environments/%s/resources" % environment["id"])]
    assert environments(emulator)["prod"]["resources"] == after == result["environment"]["resources"]
    assert result["diff"] == {"before": {"name": "prod", "resources": [CLUSTER, ELB]},
                              "after": {"name": "prod", "resources": after}}
    assert result["msg"] == "replaced the resources of environment 'prod' (resources differ)"


def test_a_resources_put_keeps_the_names_the_api_lists(run_module, emulator):
    seed(emulator, resources=[dict(CLUSTER, name="shop-cluster")])
    run_module(main, name="prod", resources=[CLUSTER, ELB])
    assert environments(emulator)["prod"]["resources"] == [dict(CLUSTER, name="shop-cluster"), ELB]


def test_an_update_and_a_resources_change_in_one_task(run_module, emulator):
    environment = seed(emulator, resources=[CLUSTER])
    code, result = run_module(main, name="prod", labels={"team": "cart"}, resources=[ELB])
    assert writes(emulator) == [("PUT", "/environments/%s" % environment["id"]),
                                ("PUT", "/environments/%s/resources" % environment["id"])]
    assert result["msg"] == "updated environment 'prod' and set its resources (labels, resources differ)"
    assert result["environment"]["resources"] == [ELB] and labels_of(result["environment"]) == {"team": "cart"}


@pytest.mark.parametrize("field, value", [("vpc_id", "vpc-2"), ("deploy_mode", "virtualmachine")])
def test_what_cannot_change_is_refused_before_any_write(run_module, emulator, field, value):
    seed(emulator)
    code, result = run_module(main, name="prod", description="other", **{field: value})
    assert code == 1 and result["changed"] is False and writes(emulator) == []
    assert result["msg"].startswith("environment 'prod' cannot change %s (%s is " % (field, field))
    assert "not %s" % value in result["msg"] and "nothing was written" in result["msg"]
    assert environments(emulator)["prod"]["description"] == "Production"


def test_creating_needs_a_vpc(run_module, emulator):
    code, result = run_module(main, name="prod", labels={"team": "shop"})
    assert code == 1 and writes(emulator) == [] and len(emulator.log) == 1
    assert result["msg"] == "environment 'prod' does not exist, and creating it needs vpc_id: nothing was written."


@pytest.mark.parametrize("check_mode", [True, False])
def test_check_mode_writes_nothing_and_its_diff_is_the_real_runs(run_module, emulator, check_mode):
    environment = seed(emulator, resources=[CLUSTER])
    task = dict(name="prod", description="New", labels={"team": "cart"}, resources=[CLUSTER, ELB])
    code, result = run_module(main, check_mode=check_mode, diff=True, **task)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"name": "prod", "description": "Production", "labels": {"team": "shop"}, "resources": [CLUSTER]},
        "after": {"name": "prod", "description": "New", "labels": {"team": "cart"}, "resources": [CLUSTER, ELB]}}
    if check_mode:
        assert writes(emulator) == []
        assert result["msg"] == ("would update environment 'prod' and set its resources: description, labels, "
                                 "resources differ")
        assert result["environment"]["id"] == environment["id"] and result["environment"]["resources"] == [CLUSTER]
    else:
        assert len(writes(emulator)) == 2 and result["environment"]["resources"] == [CLUSTER, ELB]


def test_check_mode_create_and_delete_write_nothing(run_module, emulator):
    code, result = run_module(main, check_mode=True, diff=True, **PROD)
    assert result["changed"] is True and result["environment"] == {} and writes(emulator) == []
    assert result["msg"] == "would create environment 'prod' and set its resources: it does not exist"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["resources"] == [CLUSTER, ELB]
    seed(emulator)
    code, result = run_module(main, check_mode=True, diff=True, name="prod", state="absent")
    assert result["changed"] is True and writes(emulator) == [] and "prod" in environments(emulator)
    assert result["msg"] == "would delete environment 'prod'" and result["diff"]["after"] == {}
    assert result["diff"]["before"]["vpc_id"] == "vpc-1"


def test_absent_twice(run_module, emulator):
    environment = seed(emulator)
    code, result = run_module(main, name="prod", state="absent", diff=True)
    assert result["changed"] is True and result["environment"] == {}
    assert writes(emulator) == [("DELETE", "/environments/%s" % environment["id"])]
    assert result["msg"] == "deleted environment 'prod'" and environments(emulator) == {}
    assert result["diff"]["before"]["name"] == "prod" and result["diff"]["after"] == {}
    code, result = run_module(main, name="prod", state="absent")
    assert code == 0 and result["changed"] is False and len(writes(emulator)) == 1
    assert result["msg"] == "environment 'prod' does not exist"


def test_an_environment_components_use_is_not_deleted_when_the_api_refuses(run_module, emulator):
    emulator.v3.configure(environment_delete_in_use="refuse")
    environment = seed(emulator, resources=[CLUSTER])
    emulator.v3.seed_application(UNIT_PROJECT, "shop")
    emulator.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    emulator.v3.seed_component(UNIT_PROJECT, "shop", "prod", "search")
    code, result = run_module(main, name="prod", state="absent", check_mode=True)
    assert (code, result["changed"]) == (0, True) and writes(emulator) == []
    assert warnings_of(result)[0].startswith("environment 'prod' is used by 2 components: cart (id ")
    assert warnings_of(result)[0].endswith(": the API may refuse the delete")
    code, result = run_module(main, name="prod", state="absent")
    assert code == 1 and result["changed"] is False and [method for method, path in writes(emulator)] == ["DELETE"]
    assert result["msg"].startswith("environment 'prod' is still used by 2 components: ")
    assert "cart (id " in result["msg"] and "search (id " in result["msg"] and ", application shop)" in result["msg"]
    assert "Nothing was deleted: delete them first" in result["msg"]
    assert "the API refused the delete: HTTP 409 SVCSTG.00100402" in result["msg"]
    assert environments(emulator)["prod"]["id"] == environment["id"]
    assert result["environment"]["id"] == environment["id"]


def test_an_environment_components_use_is_deleted_when_the_api_allows_it_and_they_are_named(run_module, emulator):
    """The documents disagree on whether ServiceStage refuses the delete: the API decides, nothing cascades."""
    emulator.v3.configure(environment_delete_in_use="allow")
    seed(emulator, resources=[CLUSTER])
    emulator.v3.seed_application(UNIT_PROJECT, "shop")
    emulator.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    code, result = run_module(main, name="prod", state="absent")
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert warnings_of(result) == [warnings_of(result)[0]] and warnings_of(result)[0].startswith(
        "environment 'prod' was deleted although 1 component: cart (id ")
    assert warnings_of(result)[0].endswith("used it: the API allowed it, and this task deleted none of them")
    assert "prod" not in environments(emulator)
    assert [c["name"] for c in emulator.v3.components(UNIT_PROJECT)] == ["cart"]


def test_the_apis_refusal_after_a_component_came_meanwhile_names_it(run_module, emulator):
    seed(emulator, resources=[CLUSTER])
    emulator.v3.seed_application(UNIT_PROJECT, "shop")
    emulator.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    emulator.v3.configure(error_message_key="error_message")
    # the components list before the delete does not show it yet
    emulator.add_faults([{"method": "GET", "path": r"/components\Z", "status": 200,
                          "body": {"count": 0, "components": []}}])
    code, result = run_module(main, name="prod", state="absent")
    assert code == 1 and result["changed"] is False
    assert [method for method, path in writes(emulator)] == ["DELETE"]
    assert result["msg"].startswith("environment 'prod' is still used by 1 component: cart (id ")
    assert "the API refused the delete: HTTP 409 SVCSTG.00100402" in result["msg"]
    assert result["status"] == 409 and result["error_code"] == "SVCSTG.00100402" and result["step"] == "delete"
    assert result["error_msg"].startswith("environment in use")
    assert "prod" in environments(emulator)


def test_a_create_whose_answer_was_lost_is_found_by_its_name_and_not_sent_again(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": CREATE, "drop": True, "commit": True}])
    code, result = run_module(main, **PROD)
    assert code == 0 and result["changed"] is True
    assert [method for method, path in writes(emulator)] == ["POST", "PUT"]
    assert list(environments(emulator)) == ["prod"]
    assert result["environment"]["id"] == environments(emulator)["prod"]["id"]
    assert result["environment"]["resources"] == [CLUSTER, ELB]
    assert any("looking the name up shows it was carried out" in warning for warning in warnings_of(result))


def test_a_name_in_use_after_a_lost_create_is_this_tasks_own_create(run_module, emulator):
    # the create is carried out but its answer lost; the list right after does not show it yet, so it is sent
    # again, and the API answers that the name is in use: by this task's first create
    emulator.add_faults([{"method": "POST", "path": CREATE, "drop": True, "commit": True},
                         {"method": "GET", "path": LIST, "skip": 1, "status": 200,
                          "body": {"count": 0, "environments": []}}])
    code, result = run_module(main, **PROD)
    assert code == 0 and result["changed"] is True, result["msg"]
    assert [method for method, path in writes(emulator)] == ["POST", "POST", "PUT"]
    assert [entry["outcome"] for entry in emulator.writes()][:2] == [200, 400]
    assert list(environments(emulator)) == ["prod"]
    assert result["environment"]["id"] == environments(emulator)["prod"]["id"]
    assert result["msg"] == "created environment 'prod' and set its resources (it does not exist)"


def test_a_name_someone_else_took_meanwhile_fails_naming_it(run_module, emulator):
    other = seed(emulator, vpc_id="vpc-other")
    emulator.add_faults([{"method": "GET", "path": LIST, "status": 200, "body": {"count": 0, "environments": []}}])
    code, result = run_module(main, **PROD)
    assert code == 1 and result["changed"] is False
    assert writes(emulator) == [("POST", "/environments")]
    assert result["msg"].startswith("environment 'prod' was created meanwhile by someone else (id %s, vpc_id vpc-other)"
                                    % other["id"])
    assert result["error_code"] == "SVCSTG.00100449" and result["status"] == 400
    assert environments(emulator)["prod"]["vpc_id"] == "vpc-other"


def test_an_environment_whose_name_contains_ours_is_not_taken_for_it(run_module, emulator):
    emulator.v3.configure(name_filter="fuzzy")
    seed(emulator, name="prod-eu")
    seed(emulator, name="preprod")
    code, result = run_module(main, **PROD)
    assert result["changed"] is True and result["environment"]["name"] == "prod"
    assert sorted(environments(emulator)) == ["preprod", "prod", "prod-eu"]
    code, result = run_module(main, **PROD)
    assert result["changed"] is False and result["environment"]["name"] == "prod"


def test_a_name_the_api_compares_without_case_is_not_taken_for_ours(run_module, emulator):
    emulator.v3.configure(name_case="insensitive")
    seed(emulator, name="Prod")
    code, result = run_module(main, **PROD)
    assert code == 1 and result["changed"] is False
    assert writes(emulator) == [("POST", "/environments")]
    assert "no environment is called exactly 'prod', but 'Prod' is: the API compares names without regard to case" \
        in result["msg"]
    assert result["error_code"] == "SVCSTG.00100449"
    assert list(environments(emulator)) == ["Prod"]


def test_an_ambiguous_name_fails_clearly(run_module, emulator):
    listed = [dict(seed(emulator), resources=None), {"id": "e2", "name": "prod", "vpc_id": "vpc-2"}]
    emulator.add_faults([{"method": "GET", "path": LIST, "status": 200, "body": {"count": 2, "environments": listed}}])
    code, result = run_module(main, name="prod", description="x")
    assert code == 1 and writes(emulator) == []
    assert "2 environments are called 'prod' (ids %s, e2): give the id instead" % listed[0]["id"] in result["msg"]
    assert result["step"] == "environment lookup"


def test_an_environment_given_by_its_id(run_module, emulator):
    environment = seed(emulator)
    code, result = run_module(main, name=environment["id"], description="By id")
    assert result["changed"] is True and environments(emulator)["prod"]["description"] == "By id"
    assert result["msg"] == "updated environment 'prod' (%s) (description differs)" % environment["id"]


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_a_missing_id_is_not_found_in_both_documented_forms(run_module, emulator, not_found):
    emulator.v3.configure(not_found=not_found)
    code, result = run_module(main, name=MISSING_ID, state="absent")
    assert code == 0 and result["changed"] is False and writes(emulator) == []
    assert [entry["status"] for entry in emulator.log] == [int(not_found[:3]), 200]
    code, result = run_module(main, name=MISSING_ID, vpc_id="vpc-1")
    assert code == 1 and writes(emulator) == []
    assert result["msg"] == ("no environment has the id %s, and an id is not the name of a new environment: nothing "
                             "was written." % MISSING_ID)


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_an_environment_deleted_meanwhile_by_someone_else(run_module, emulator, not_found):
    emulator.v3.configure(not_found=not_found)
    seed(emulator)
    # the delete is carried out first (as if by someone else), then the API answers as for a missing environment
    body = {"401": {"error_code": "SVCSTG.00100401", "error_msg": "environment not found"},
            "404": {"error_code": "SVCSTG.00100411", "error_msg": "environment not found"}, "404-empty": ""}[not_found]
    emulator.add_faults([{"method": "DELETE", "commit": True, "status": int(not_found[:3]), "body": body}])
    code, result = run_module(main, name="prod", state="absent")
    assert code == 0 and result["changed"] is False
    assert result["msg"] == "environment 'prod' was deleted meanwhile by someone else"


@pytest.mark.parametrize("task, message", [
    (dict(name="1prod", vpc_id="v"), "environment name '1prod' is not valid"),
    (dict(name="prod-", vpc_id="v"), "environment name 'prod-' is not valid"),
    (dict(name="prod", vpc_id=" "), "vpc_id must not be empty"),
    (dict(name="prod", labels={"team": "x"}), "label team: value 'x' is not valid"),
    (dict(name="prod", labels=dict(("k%d" % index, "vv") for index in range(21))), "labels: at most 20"),
    (dict(name="prod", description="d" * 129), "at most 128"),
    (dict(name="prod", resources=[CLUSTER, dict(CLUSTER, name="x")]), "listed more than once"),
])
def test_bad_input_is_refused_before_any_request(run_module, emulator, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and emulator.log == []
    assert result["msg"].startswith("Invalid input, nothing was sent: ") and message in result["msg"]


def test_a_bad_deploy_mode_is_refused(run_module, emulator):
    code, result = run_module(main, name="prod", vpc_id="v", deploy_mode="kubernetes")
    assert code == 1 and emulator.log == [] and "deploy_mode" in result["msg"]


def test_a_failed_resources_put_after_the_create_says_what_was_done(run_module, emulator):
    emulator.add_faults([{"method": "PUT", "path": r"/resources\Z", "status": 400,
                          "body": {"error_code": "SVCSTG.00100400", "error_msg": "parameter invalid"}}])
    code, result = run_module(main, **PROD)
    assert code == 1 and result["changed"] is True
    assert result["msg"].endswith("Done before the failure: create.")
    assert result["step"] == "resources update" and result["error_code"] == "SVCSTG.00100400"
    assert result["environment"]["id"] == environments(emulator)["prod"]["id"]
    code, result = run_module(main, **PROD)
    assert result["changed"] is True and result["msg"] == ("replaced the resources of environment 'prod' (resources "
                                                           "differ)")


def test_no_secret_in_any_result(run_module, emulator):
    results = [run_module(main, check_mode=True, diff=True, **PROD)[1], run_module(main, diff=True, **PROD)[1],
               run_module(main, name="prod", vpc_id="vpc-9")[1], run_module(main, name="prod", state="absent")[1]]
    for result in results:
        assert shown(result, UNIT_TOKEN) == []


@pytest.mark.parametrize("method, path, task", [
    ("PUT", r"/environments/[^/]+\Z", dict(name="prod", description="New")),
    ("PUT", r"/resources\Z", dict(name="prod", resources=[ELB])),
    ("DELETE", r"/environments/[^/]+\Z", dict(name="prod", state="absent")),
], ids=["update", "resources", "delete"])
def test_a_write_whose_answer_was_lost_is_read_back_and_not_sent_again(run_module, emulator, method, path, task):
    seed(emulator, resources=[CLUSTER])
    emulator.add_faults([{"method": method, "path": path, "drop": True, "commit": True}])
    code, result = run_module(main, **task)
    assert code == 0 and result["changed"] is True
    assert [entry["method"] for entry in emulator.writes()] == [method]
    assert any("shows it was carried out" in warning for warning in warnings_of(result))
    now = environments(emulator).get("prod")
    if method == "DELETE":
        assert now is None and result["environment"] == {}
    else:
        assert (now["description"], now["resources"]) == (task.get("description", "Production"),
                                                          task.get("resources", [CLUSTER]))


def test_a_create_not_carried_out_is_sent_again(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": CREATE, "status": 503}])
    code, result = run_module(main, name="prod", vpc_id="vpc-1")
    assert code == 0 and result["changed"] is True
    assert [entry["outcome"] for entry in emulator.writes()] == [None, 200]
    assert list(environments(emulator)) == ["prod"]
