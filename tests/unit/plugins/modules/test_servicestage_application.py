# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_application against the in-process emulator: what it writes (the emulator's log), what
it reports, and every documented variant of the API (not found, error keys, no name filter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_application import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

SHOP = dict(name="shop", description="The shop", labels={"team": "shop"})
CREATE = r"/applications\Z"
LIST = r"/applications\Z"
MISSING_ID = "0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1]) for entry in emulator.writes()]


def applications(emulator):
    return dict((item["name"], item) for item in emulator.v3.applications(UNIT_PROJECT))


def seed(emulator, name="shop", **fields):
    fields.setdefault("labels", [{"key": "team", "value": "shop"}])
    fields.setdefault("description", "The shop")
    return emulator.v3.seed_application(UNIT_PROJECT, name, **fields)


def with_components(emulator, *names):
    emulator.v3.seed_environment(UNIT_PROJECT, "prod", resources=[{"id": "cluster-1", "type": "cce"}])
    return [emulator.v3.seed_component(UNIT_PROJECT, "shop", "prod", name) for name in names]


def labels_of(application):
    return dict((label["key"], label["value"]) for label in application["labels"])


def test_create(run_module, emulator):
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True
    assert writes(emulator) == [("POST", "/applications")]
    assert result["msg"] == "created application 'shop' (it does not exist)"
    created = applications(emulator)["shop"]
    assert result["application"]["id"] == created["id"]
    assert result["application"]["labels"] == [{"key": "team", "value": "shop"}]
    assert result["application"]["description"] == "The shop"
    assert shown(result, UNIT_TOKEN) == []


def test_the_same_task_again_writes_nothing(run_module, emulator):
    run_module(main, **SHOP)
    code, result = run_module(main, **SHOP)
    assert result["changed"] is False and len(writes(emulator)) == 1
    assert result["msg"] == "application 'shop' is already as wanted: it matches"
    code, result = run_module(main, name="shop")
    assert result["changed"] is False and len(writes(emulator)) == 1


def test_an_update_sends_what_the_task_does_not_give_as_it_was(run_module, emulator):
    application = seed(emulator)
    code, result = run_module(main, name="shop", description="The new shop")
    assert result["changed"] is True and writes(emulator) == [("PUT", "/applications/%s" % application["id"])]
    assert result["msg"] == "updated application 'shop' (description differs)"
    now = applications(emulator)["shop"]
    assert now["description"] == "The new shop" and labels_of(now) == {"team": "shop"}
    code, result = run_module(main, name="shop", labels={"team": "cart", "tier": "web"})
    now = applications(emulator)["shop"]
    assert labels_of(now) == {"team": "cart", "tier": "web"} and now["description"] == "The new shop"
    assert result["application"]["labels"] == now["labels"]


def test_labels_are_compared_as_a_dict(run_module, emulator):
    seed(emulator, labels=[{"key": "team", "value": "shop"}, {"key": "release", "value": "10"}])
    code, result = run_module(main, name="shop", labels={"release": 10, "team": "shop"})
    assert result["changed"] is False and writes(emulator) == []
    code, result = run_module(main, name="shop", labels={"release": "11", "team": "shop"})
    assert result["changed"] is True and labels_of(applications(emulator)["shop"]) == {"release": "11", "team": "shop"}


@pytest.mark.parametrize("check_mode", [True, False])
def test_check_mode_writes_nothing_and_its_diff_is_the_real_runs(run_module, emulator, check_mode):
    seed(emulator)
    code, result = run_module(main, check_mode=check_mode, diff=True, name="shop", labels={"team": "cart"})
    assert result["changed"] is True
    assert result["diff"] == {"before": {"name": "shop", "labels": {"team": "shop"}},
                              "after": {"name": "shop", "labels": {"team": "cart"}}}
    if check_mode:
        assert writes(emulator) == [] and result["msg"] == "would update application 'shop': labels differ"
        assert labels_of(result["application"]) == {"team": "shop"}
    else:
        assert len(writes(emulator)) == 1 and labels_of(result["application"]) == {"team": "cart"}


def test_check_mode_create_and_delete_write_nothing(run_module, emulator):
    code, result = run_module(main, check_mode=True, diff=True, **SHOP)
    assert result["changed"] is True and writes(emulator) == [] and result["application"] == {}
    assert result["diff"] == {"before": {}, "after": {"name": "shop", "description": "The shop",
                                                      "labels": {"team": "shop"}}}
    seed(emulator)
    code, result = run_module(main, check_mode=True, name="shop", state="absent")
    assert result["changed"] is True and writes(emulator) == [] and "shop" in applications(emulator)
    assert result["msg"] == "would delete application 'shop'"


def test_absent_twice(run_module, emulator):
    application = seed(emulator)
    code, result = run_module(main, name="shop", state="absent")
    assert result["changed"] is True and result["application"] == {}
    assert writes(emulator) == [("DELETE", "/applications/%s" % application["id"])]
    assert applications(emulator) == {}
    code, result = run_module(main, name="shop", state="absent")
    assert result["changed"] is False and len(writes(emulator)) == 1
    assert result["msg"] == "application 'shop' does not exist"


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_application_with_components_is_not_deleted_and_they_are_named(run_module, emulator, check_mode):
    seed(emulator)
    cart, search = with_components(emulator, "cart", "search")
    code, result = run_module(main, check_mode=check_mode, name="shop", state="absent")
    assert code == 1 and result["changed"] is False and writes(emulator) == []
    assert result["msg"] == ("application 'shop' still has 2 components: cart (id %s), search (id %s). Nothing was "
                             "deleted: delete them first (huaweicloud.servicestage.servicestage_component, state: "
                             "absent)." % (cart["id"], search["id"]))
    assert "shop" in applications(emulator)


@pytest.mark.parametrize("message_key", ["error_msg", "error_message"])
def test_the_apis_not_empty_answer_after_a_component_came_meanwhile_names_it(run_module, emulator, message_key):
    emulator.v3.configure(error_message_key=message_key)
    seed(emulator)
    cart, = with_components(emulator, "cart")
    # the component list before the delete does not show it yet
    emulator.add_faults([{"method": "GET", "path": r"/components\Z", "status": 200,
                          "body": {"count": 0, "components": []}}])
    code, result = run_module(main, name="shop", state="absent")
    assert code == 1 and result["changed"] is False and [method for method, path in writes(emulator)] == ["DELETE"]
    assert result["msg"].startswith("application 'shop' still has 1 component: cart (id %s). Nothing was deleted"
                                    % cart["id"])
    assert "the API refused the delete: HTTP 409 SVCSTG.00100401: application not empty" in result["msg"]
    assert result["status"] == 409 and result["error_code"] == "SVCSTG.00100401" and result["step"] == "delete"
    assert result["error_msg"] == "application not empty: delete its 1 components first"
    assert result["request_id"] and result["attempts"] == 1


def test_a_create_whose_answer_was_lost_is_found_by_its_name_and_not_sent_again(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": CREATE, "drop": True, "commit": True}])
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True and writes(emulator) == [("POST", "/applications")]
    assert list(applications(emulator)) == ["shop"]
    assert result["application"]["id"] == applications(emulator)["shop"]["id"]
    assert any("looking the name up shows it was carried out" in warning for warning in warnings_of(result))


def test_a_name_in_use_after_a_lost_create_is_this_tasks_own_create(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": CREATE, "drop": True, "commit": True},
                         {"method": "GET", "path": LIST, "skip": 1, "status": 200,
                          "body": {"count": 0, "applications": []}}])
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True, result["msg"]
    assert [entry["outcome"] for entry in emulator.writes()] == [200, 400]
    assert list(applications(emulator)) == ["shop"]
    assert result["application"]["id"] == applications(emulator)["shop"]["id"]


def test_a_name_someone_else_took_meanwhile_fails_naming_it(run_module, emulator):
    other = seed(emulator, description="Theirs")
    emulator.add_faults([{"method": "GET", "path": LIST, "status": 200, "body": {"count": 0, "applications": []}}])
    code, result = run_module(main, **SHOP)
    assert code == 1 and result["changed"] is False and writes(emulator) == [("POST", "/applications")]
    assert result["msg"].startswith("application 'shop' was created meanwhile by someone else (id %s)" % other["id"])
    assert result["error_code"] == "SVCSTG.00100458"
    assert applications(emulator)["shop"]["description"] == "Theirs"


def test_an_ambiguous_name_fails_clearly(run_module, emulator):
    listed = [{"id": "a1", "name": "shop"}, {"id": "a2", "name": "shop"}]
    emulator.add_faults([{"method": "GET", "path": LIST, "status": 200, "body": {"count": 2, "applications": listed}}])
    code, result = run_module(main, name="shop", state="absent")
    assert code == 1 and writes(emulator) == []
    assert "2 applications are called 'shop' (ids a1, a2): give the id instead" in result["msg"]


def test_a_name_the_api_compares_without_case_is_not_taken_for_ours(run_module, emulator):
    emulator.v3.configure(name_case="insensitive")
    seed(emulator, name="Shop")
    code, result = run_module(main, **SHOP)
    assert code == 1 and writes(emulator) == [("POST", "/applications")]
    assert "no application is called exactly 'shop', but 'Shop' is" in result["msg"]


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_a_missing_id_is_not_found_in_both_documented_forms(run_module, emulator, not_found):
    emulator.v3.configure(not_found=not_found)
    code, result = run_module(main, name=MISSING_ID, state="absent")
    assert code == 0 and result["changed"] is False and writes(emulator) == []
    assert emulator.log[0]["status"] == int(not_found[:3])
    code, result = run_module(main, name=MISSING_ID)
    assert code == 1 and "no application has the id %s" % MISSING_ID in result["msg"]


def test_an_application_given_by_its_id(run_module, emulator):
    application = seed(emulator)
    code, result = run_module(main, name=application["id"], state="absent")
    assert result["changed"] is True and applications(emulator) == {}


def test_the_applications_are_paged_through(run_module, emulator):
    for index in range(150):
        seed(emulator, name="app%03d" % index)
    code, result = run_module(main, name="app000", description="The shop")
    assert result["changed"] is False and result["application"]["name"] == "app000"
    pages = [entry for entry in emulator.log if entry["method"] == "GET"]
    assert len(pages) == 2
    code, result = run_module(main, name="app150")
    assert result["changed"] is True and len(applications(emulator)) == 151


@pytest.mark.parametrize("task, message", [
    (dict(name="s"), "application name 's' is not valid"),
    (dict(name="shop_"), "application name 'shop_' is not valid"),
    (dict(name="shop", labels={"k" * 37: "vv"}), "label key"),
    (dict(name="shop", labels={"team": "v" * 44}), "label team: value"),
    (dict(name="shop", description="d" * 129), "at most 128"),
])
def test_bad_input_is_refused_before_any_request(run_module, emulator, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and emulator.log == [] and message in result["msg"]


def test_no_secret_in_any_result(run_module, emulator):
    results = [run_module(main, check_mode=True, diff=True, **SHOP)[1], run_module(main, diff=True, **SHOP)[1],
               run_module(main, name="shop", state="absent")[1]]
    for result in results:
        assert shown(result, UNIT_TOKEN) == []


@pytest.mark.parametrize("method, task", [
    ("PUT", dict(name="shop", labels={"team": "cart"})),
    ("DELETE", dict(name="shop", state="absent")),
], ids=["update", "delete"])
def test_a_write_whose_answer_was_lost_is_read_back_and_not_sent_again(run_module, emulator, method, task):
    seed(emulator)
    emulator.add_faults([{"method": method, "drop": True, "commit": True}])
    code, result = run_module(main, **task)
    assert code == 0 and result["changed"] is True
    assert [entry["method"] for entry in emulator.writes()] == [method]
    assert any("reading it back shows it was carried out" in warning for warning in warnings_of(result))
    if method == "DELETE":
        assert applications(emulator) == {}
    else:
        assert labels_of(applications(emulator)["shop"]) == {"team": "cart"}


def test_a_delete_whose_answer_was_lost_and_not_carried_out_is_sent_again(run_module, emulator):
    seed(emulator)
    emulator.add_faults([{"method": "DELETE", "drop": True}])
    code, result = run_module(main, name="shop", state="absent")
    assert code == 0 and result["changed"] is True
    assert [entry["outcome"] for entry in emulator.writes()] == [None, 204]
    assert applications(emulator) == {}
