# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_config_group against the in-process emulator: what it writes (the emulator's log), what it reports,
the API's lack of an update call (refused, or recreate), absence decided by reading, and the emulator's switches."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config_group import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

SHOP = dict(name="shop", description="Configuration of the shop")
GROUPS = r"/config-groups\Z"
MISSING_ID = "4b0f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1]) for entry in emulator.writes()]


def groups(emulator):
    return dict((item["name"], item) for item in emulator.v3_config.config_groups(UNIT_PROJECT))


def seed(emulator, name="shop", description="Configuration of the shop", **fields):
    return emulator.v3_config.seed_config_group(UNIT_PROJECT, name, description=description, **fields)


def test_create_then_the_same_task_writes_nothing(run_module, emulator):
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True and writes(emulator) == [("POST", "/config-groups")]
    assert result["msg"] == "created configuration group 'shop' (it does not exist)"
    assert result["config_group"]["id"] == groups(emulator)["shop"]["id"]
    assert result["config_group"]["description"] == "Configuration of the shop"
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is False and len(writes(emulator)) == 1
    assert result["msg"] == "configuration group 'shop' is already as wanted: it matches"
    code, result = run_module(main, name="shop")
    assert result["changed"] is False and len(writes(emulator)) == 1
    assert shown(result, UNIT_TOKEN) == []


def test_labels_are_set_at_create_and_compared_as_a_dict(run_module, emulator):
    code, result = run_module(main, name="shop", labels={"team": "shop", "release": 10})
    assert result["changed"] is True
    assert sorted(result["config_group"]["labels"], key=lambda label: label["key"]) == [
        {"key": "release", "value": "10"}, {"key": "team", "value": "shop"}]
    code, result = run_module(main, name="shop", labels={"release": "10", "team": "shop"})
    assert result["changed"] is False and len(writes(emulator)) == 1


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_changed_description_is_refused_before_any_write(run_module, emulator, check_mode):
    group = seed(emulator)
    code, result = run_module(main, check_mode=check_mode, name="shop", description="Another")
    assert code == 1 and result["changed"] is False and writes(emulator) == []
    assert result["msg"] == (
        "configuration group 'shop' cannot change description (description is 'Configuration of the shop', not "
        "'Another'): the API has no update call for configuration groups. Nothing was written. Set recreate: true to "
        "delete the group and create it again (only while it holds no configuration file), or leave description out.")
    assert groups(emulator)["shop"]["id"] == group["id"]


def test_recreate_deletes_an_empty_group_and_creates_it_again(run_module, emulator):
    group = seed(emulator)
    code, result = run_module(main, diff=True, name="shop", description="Another", recreate=True)
    assert code == 0 and result["changed"] is True
    assert writes(emulator) == [("DELETE", "/config-groups/%s" % group["id"]), ("POST", "/config-groups")]
    assert result["msg"] == ("re-created configuration group 'shop' (deleted it and created it again, empty; its id is "
                             "new): description differs and the API cannot update a group")
    now = groups(emulator)["shop"]
    assert now["id"] != group["id"] and now["description"] == "Another" and result["config_group"]["id"] == now["id"]
    assert result["diff"] == {"before": {"name": "shop", "description": "Configuration of the shop"},
                              "after": {"name": "shop", "description": "Another"}}
    code, result = run_module(main, name="shop", description="Another", recreate=True)
    assert result["changed"] is False and len(writes(emulator)) == 2


@pytest.mark.parametrize("check_mode", [False, True])
def test_recreate_fails_before_any_write_while_the_group_holds_files(run_module, emulator, check_mode):
    seed(emulator)
    made = emulator.v3_config.seed_config(UNIT_PROJECT, "shop", "cart-yaml", "a: 1\n")
    code, result = run_module(main, check_mode=check_mode, name="shop", description="Another", recreate=True)
    assert code == 1 and result["changed"] is False and writes(emulator) == []
    assert ("configuration group 'shop' cannot be re-created to change description (description is 'Configuration "
            "of the shop', not 'Another'): it holds 1 configuration file: cart-yaml (id %s). Nothing was written"
            % made["id"]) in result["msg"]


def test_check_mode_writes_nothing_and_predicts_the_create_and_the_recreate(run_module, emulator):
    code, result = run_module(main, check_mode=True, diff=True, **SHOP)
    assert result["changed"] is True and writes(emulator) == [] and result["config_group"] == {}
    assert result["msg"] == "would create configuration group 'shop': it does not exist"
    assert result["diff"] == {"before": {}, "after": {"name": "shop", "description": "Configuration of the shop"}}
    seed(emulator)
    code, result = run_module(main, check_mode=True, name="shop", description="Another", recreate=True)
    assert result["changed"] is True and writes(emulator) == []
    assert result["msg"].startswith("would re-create configuration group 'shop'")
    code, result = run_module(main, check_mode=True, name="shop", state="absent")
    assert result["changed"] is True and writes(emulator) == [] and "shop" in groups(emulator)
    assert result["msg"] == "would delete configuration group 'shop'"


@pytest.mark.parametrize("delete_missing", ["200", "not_found"])
def test_absent_twice_is_decided_by_reading(run_module, emulator, delete_missing):
    emulator.v3_config.configure(config_delete_missing=delete_missing)
    group = seed(emulator)
    code, result = run_module(main, diff=True, name="shop", state="absent")
    assert code == 0 and result["changed"] is True and result["config_group"] == {}
    assert writes(emulator) == [("DELETE", "/config-groups/%s" % group["id"])]
    assert result["diff"] == {"before": {"name": "shop", "description": "Configuration of the shop", "labels": {}},
                              "after": {}}
    assert groups(emulator) == {}
    code, result = run_module(main, name="shop", state="absent")
    assert code == 0 and result["changed"] is False and len(writes(emulator)) == 1
    assert result["msg"] == "configuration group 'shop' does not exist"


@pytest.mark.parametrize("delete_missing", ["200", "not_found"])
def test_a_group_deleted_meanwhile_by_someone_else(run_module, emulator, delete_missing):
    """The group is gone before the DELETE arrives: 200 (reading shows it gone) or not found (settled by reading)."""
    emulator.v3_config.configure(config_delete_missing=delete_missing)
    group = seed(emulator)
    emulator.add_faults([{"method": "DELETE", "status": 200, "body": None}] if delete_missing == "200" else [])
    if delete_missing == "not_found":
        emulator.v3_config.reset()
        emulator.add_faults([{"method": "GET", "path": GROUPS, "status": 200,
                              "body": {"count": 1, "config_groups": [group]}}])
    code, result = run_module(main, name="shop", state="absent")
    if delete_missing == "200":
        # the API answered 200 but did not delete (the fault stood in for it): reading it back says so
        assert code == 1 and "reading it back shows it is still there" in result["msg"]
        assert result["changed"] is True
    else:
        assert code == 0 and result["msg"] == "configuration group 'shop' was deleted meanwhile by someone else"
        assert result["changed"] is False


@pytest.mark.parametrize("in_use", ["refuse", "allow"])
def test_a_group_that_holds_files_is_not_deleted_and_they_are_named(run_module, emulator, in_use):
    emulator.v3_config.configure(config_group_delete_in_use=in_use)
    seed(emulator)
    made = emulator.v3_config.seed_config(UNIT_PROJECT, "shop", "cart-yaml", "a: 1\n")
    code, result = run_module(main, name="shop", state="absent")
    assert code == 1 and result["changed"] is False and writes(emulator) == []
    assert result["msg"] == ("configuration group 'shop' still holds 1 configuration file: cart-yaml (id %s). Nothing "
                             "was deleted: delete them first (huaweicloud.servicestage.servicestage_config, state: "
                             "absent)." % made["id"])
    assert "shop" in groups(emulator)


def test_the_apis_refusal_of_a_group_that_got_a_file_meanwhile_names_it(run_module, emulator):
    seed(emulator)
    made = emulator.v3_config.seed_config(UNIT_PROJECT, "shop", "cart-yaml", "a: 1\n")
    # the file list before the delete does not show it yet
    emulator.add_faults([{"method": "GET", "path": r"/configs\Z", "status": 200, "body": {"count": 0, "configs": []}}])
    code, result = run_module(main, name="shop", state="absent")
    assert code == 1 and result["changed"] is False and [method for method, path in writes(emulator)] == ["DELETE"]
    assert result["msg"].startswith("configuration group 'shop' still holds 1 configuration file: cart-yaml (id %s). "
                                    "Nothing was deleted" % made["id"])
    assert "the API refused the delete: HTTP 400 SVCSTG.00100400" in result["msg"]
    assert result["status"] == 400 and result["error_code"] == "SVCSTG.00100400" and result["request_id"]


def test_a_create_whose_answer_was_lost_is_found_by_its_name_and_not_sent_again(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": GROUPS, "drop": True, "commit": True}])
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True and writes(emulator) == [("POST", "/config-groups")]
    assert list(groups(emulator)) == ["shop"] and result["config_group"]["id"] == groups(emulator)["shop"]["id"]
    assert any("looking the name up shows it was carried out" in warning for warning in warnings_of(result))


def test_a_create_lost_and_not_carried_out_is_sent_again(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": GROUPS, "drop": True}])
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True
    assert [entry["outcome"] for entry in emulator.writes()] == [None, 200] and list(groups(emulator)) == ["shop"]


def test_a_name_in_use_after_a_lost_create_is_this_tasks_own_create(run_module, emulator):
    emulator.add_faults([{"method": "POST", "path": GROUPS, "drop": True, "commit": True},
                         {"method": "GET", "path": GROUPS, "skip": 1, "status": 200,
                          "body": {"count": 0, "config_groups": []}}])
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True, result["msg"]
    assert [entry["outcome"] for entry in emulator.writes()] == [200, 400] and list(groups(emulator)) == ["shop"]


def test_a_delete_whose_answer_was_lost_is_read_back_and_not_sent_again(run_module, emulator):
    seed(emulator)
    emulator.add_faults([{"method": "DELETE", "drop": True, "commit": True}])
    code, result = run_module(main, name="shop", state="absent")
    assert code == 0 and result["changed"] is True and [entry["method"] for entry in emulator.writes()] == ["DELETE"]
    assert any("reading it back shows it was carried out" in warning for warning in warnings_of(result))


def test_a_name_someone_else_took_meanwhile_fails_naming_it(run_module, emulator):
    other = seed(emulator, description="Theirs")
    emulator.add_faults([{"method": "GET", "path": GROUPS, "status": 200, "body": {"count": 0, "config_groups": []}}])
    code, result = run_module(main, **SHOP)
    assert code == 1 and result["changed"] is False and writes(emulator) == [("POST", "/config-groups")]
    assert result["msg"].startswith("configuration group 'shop' was created meanwhile by someone else (id %s)"
                                    % other["id"])
    assert result["status"] == 400


@pytest.mark.parametrize("name_filter", ["exact", "fuzzy"])
@pytest.mark.parametrize("name_case", ["sensitive", "insensitive"])
def test_names_are_matched_exactly_whatever_the_filter_does(run_module, emulator, name_filter, name_case):
    emulator.v3.configure(name_filter=name_filter, name_case=name_case)
    seed(emulator, name="shop-staging", description="Staging")
    seed(emulator, name="Shopx", description="Other")
    code, result = run_module(main, **SHOP)
    assert code == 0 and result["changed"] is True and groups(emulator)["shop"]["description"] == SHOP["description"]
    code, result = run_module(main, **SHOP)
    assert result["changed"] is False


def test_a_name_the_api_compares_without_case_is_not_taken_for_ours(run_module, emulator):
    emulator.v3.configure(name_case="insensitive")
    seed(emulator, name="Shop")
    code, result = run_module(main, **SHOP)
    assert code == 1 and writes(emulator) == [("POST", "/config-groups")]
    assert "no configuration group is called exactly 'shop', but 'Shop' is" in result["msg"]


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_a_missing_id_is_not_found_in_every_form(run_module, emulator, not_found):
    emulator.v3.configure(not_found=not_found)
    code, result = run_module(main, name=MISSING_ID, state="absent")
    assert code == 0 and result["changed"] is False and writes(emulator) == []
    assert emulator.log[0]["status"] == int(not_found[:3])
    code, result = run_module(main, name=MISSING_ID)
    assert code == 1 and "no configuration group has the id %s" % MISSING_ID in result["msg"]


def test_a_group_given_by_its_id(run_module, emulator):
    group = seed(emulator)
    code, result = run_module(main, name=group["id"], description="Configuration of the shop")
    assert result["changed"] is False and result["config_group"]["name"] == "shop"
    code, result = run_module(main, name=group["id"], state="absent")
    assert result["changed"] is True and groups(emulator) == {}


def test_the_groups_are_paged_through_when_the_name_filter_matches_substrings(run_module, emulator):
    emulator.v3.configure(name_filter="fuzzy")
    for index in range(150):
        seed(emulator, name="shop%03d" % index, description="")
    seed(emulator)
    code, result = run_module(main, **SHOP)
    assert result["changed"] is False and result["config_group"]["name"] == "shop"
    assert [entry["query"] for entry in emulator.log] == [
        "limit=100&name=shop&offset=0&order=asc&order_by=create_time",
        "limit=100&name=shop&offset=100&order=asc&order_by=create_time"]


def test_a_miss_in_several_pages_is_read_again(run_module, emulator):
    """An object deleted between two page reads makes the next page skip one: a miss is read once more."""
    emulator.v3.configure(name_filter="fuzzy")
    for index in range(150):
        seed(emulator, name="shop%03d" % index, description="")
    seed(emulator)
    emulator.add_faults([{"method": "GET", "path": GROUPS, "query": "offset=100", "status": 200,
                          "body": {"count": 150, "config_groups": []}}])
    code, result = run_module(main, **SHOP)
    assert result["changed"] is False and writes(emulator) == [] and result["config_group"]["name"] == "shop"
    assert len(emulator.log) == 4


@pytest.mark.parametrize("message_key", ["error_msg", "error_message"])
def test_an_api_failure_carries_status_code_message_and_request_id(run_module, emulator, message_key):
    emulator.v3.configure(error_message_key=message_key)
    emulator.add_faults([{"method": "POST", "path": GROUPS, "status": 403,
                          "body": {"error_code": "SVCSTG.00100403", message_key: "no permission"}}])
    code, result = run_module(main, **SHOP)
    assert code == 1 and result["changed"] is False
    assert result["status"] == 403 and result["error_code"] == "SVCSTG.00100403"
    assert result["error_msg"] == "no permission" and result["request_id"] and result["step"] == "create"
    assert "servicestage:configGroup" in result["msg"]


@pytest.mark.parametrize("task, message", [
    (dict(name="s"), "name 's' is not a valid configuration group name"),
    (dict(name="shop.conf"), "name 'shop.conf' is not a valid configuration group name: use 2 to 64 letters"),
    (dict(name="g" * 65), "is not a valid configuration group name"),
    (dict(name="shop", description="d" * 257), "at most 256"),
    (dict(name="shop", labels={"k" * 37: "vv"}), "label key"),
    (dict(name="shop", state="absent", recreate=True), "recreate is for state: present"),
])
def test_bad_input_is_refused_before_any_request(run_module, emulator, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and emulator.log == [] and message in result["msg"]
    assert result["msg"].startswith("Invalid input, nothing was sent: ")
