# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_config_info against the in-process emulator: files, their components and versions, sensitive
content in no result, the history's undocumented variants (the current record listed or not, one record's path with
one slash or two), paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config import main as config_main
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config_info import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown

SECRET = u"password: Info-S3cr3t-\u00e9\u00e8-Wq52\napi_key: InfoApiKey-7c1e-UNIT\n"
OLD_SECRET = u"password: Old-Info-S3cr3t-Jd71\n"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


@pytest.fixture
def shop(v3):
    config = v3.v3_config
    config.seed_config_group(UNIT_PROJECT, "shop")
    config.seed_config_group(UNIT_PROJECT, "other")
    cart = v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    config.seed_config(UNIT_PROJECT, "shop", "cart-yaml", "port: 8082\n",
                       previous_contents=["port: 8080\n", "port: 8081\n"], components=[cart["id"]], description="Cart")
    config.seed_config(UNIT_PROJECT, "shop", "cart-secret", SECRET, sensitive=True, type="yaml",
                       previous_contents=[OLD_SECRET])
    config.seed_config(UNIT_PROJECT, "other", "cart-yaml", "port: 9090\n")
    return v3


def by_name(result):
    return dict(("%s/%s" % (item["group"], item["name"]), item) for item in result["configs"])


def test_every_file_of_the_project_with_its_group_components_and_content(run_module, shop):
    code, result = run_module(main)
    assert code == 0 and result["changed"] is False and shop.writes() == []
    assert result["msg"] == "3 configuration files"
    found = by_name(result)
    assert sorted(found) == ["other/cart-yaml", "shop/cart-secret", "shop/cart-yaml"]
    cart = found["shop/cart-yaml"]
    assert cart["content"] == "port: 8082\n" and cart["version"] == "v3" and cart["type"] == "yaml"
    assert [item["component_name"] for item in cart["components"]] == ["cart"]
    assert "history" not in cart
    assert "content" not in found["shop/cart-secret"] and found["shop/cart-secret"]["sensitive"] is True
    assert sorted(group["name"] for group in result["config_groups"]) == ["other", "shop"]
    assert shown(result, SECRET, OLD_SECRET, UNIT_TOKEN) == []


def test_a_group_and_a_name(run_module, shop):
    code, result = run_module(main, group="shop", name="cart-yaml")
    assert [(item["group"], item["name"]) for item in result["configs"]] == [("shop", "cart-yaml")]
    code, result = run_module(main, name="cart-yaml")
    assert sorted(by_name(result)) == ["other/cart-yaml", "shop/cart-yaml"]
    code, result = run_module(main, group="nowhere")
    assert code == 0 and result["configs"] == [] and result["msg"].startswith("configuration group 'nowhere' does not exist")
    code, result = run_module(main, group="shop", name="nothing")
    assert code == 0 and result["configs"] == []


@pytest.mark.parametrize("includes_current", [True, False])
def test_the_history_holds_the_earlier_versions_whatever_the_api_lists(run_module, shop, includes_current):
    shop.v3_config.configure(config_history_includes_current=includes_current)
    code, result = run_module(main, group="shop", history=True)
    found = by_name(result)
    history = found["shop/cart-yaml"]["history"]
    assert [(record["version"], record["content"]) for record in history] == [("v1", "port: 8080\n"),
                                                                              ("v2", "port: 8081\n")]
    secret = found["shop/cart-secret"]["history"]
    assert [record["version"] for record in secret] == ["v1"] and "content" not in secret[0]
    assert shown(result, SECRET, OLD_SECRET) == []


def test_a_description_change_makes_a_record_of_the_same_version(run_module, shop):
    """With the version bumped by content only, a description change records the same version again: it is the
    current one, left out whether the API lists it or not."""
    code, result = run_module(config_main, group="other", name="cart-yaml", content="port: 9090\n",
                              description="Described")
    assert result["changed"] is True and result["version"] == "v1"
    for includes_current in (True, False):
        shop.v3_config.configure(config_history_includes_current=includes_current)
        code, result = run_module(main, group="other", history=True)
        history = by_name(result)["other/cart-yaml"]["history"]
        assert [(record["version"], record["description"]) for record in history] == [("v1", "")]


@pytest.mark.parametrize("path", ["both", "single", "double"])
def test_a_record_listed_without_its_content_is_read_at_either_path(run_module, shop, path):
    shop.v3_config.configure(config_history_path=path)
    cart = [item for item in shop.v3_config.configs(UNIT_PROJECT) if item["name"] == "cart-yaml"
            and item["version"] == "v3"][0]
    records = shop.v3_config.config_histories(UNIT_PROJECT, cart["id"])
    listed = [dict((key, value) for key, value in record.items() if key != "content") for record in records]
    shop.add_faults([{"method": "GET", "path": r"/configs/%s/histories\Z" % cart["id"], "status": 200,
                      "body": {"count": len(listed), "histories": listed}}])
    code, result = run_module(main, group="shop", name="cart-yaml", history=True)
    assert code == 0, result["msg"]
    history = result["configs"][0]["history"]
    assert [(record["version"], record["content"]) for record in history] == [("v1", "port: 8080\n"),
                                                                              ("v2", "port: 8081\n")]
    one = [entry["path"] for entry in shop.log if "/histories/" in entry["path"]]
    if path == "double":
        # the single slash first, then the double one, which the client keeps
        assert [("//configs" in entry) for entry in one] == [False, True, True, True]
    else:
        assert all("//configs" not in entry for entry in one) and len(one) == 3


def test_a_sensitive_files_records_are_never_read_one_by_one(run_module, shop):
    secret = [item for item in shop.v3_config.configs(UNIT_PROJECT) if item["name"] == "cart-secret"][0]
    records = shop.v3_config.config_histories(UNIT_PROJECT, secret["id"])
    listed = [dict((key, value) for key, value in record.items() if key != "content") for record in records]
    shop.add_faults([{"method": "GET", "path": r"/configs/%s/histories\Z" % secret["id"], "status": 200,
                      "body": {"count": len(listed), "histories": listed}}])
    code, result = run_module(main, group="shop", name="cart-secret", history=True)
    assert [entry for entry in shop.log if "/histories/" in entry["path"]] == []
    assert shown(result, SECRET, OLD_SECRET) == []


def test_the_files_are_paged_through(run_module, shop):
    for index in range(120):
        shop.v3_config.seed_config(UNIT_PROJECT, "other", "file%03d" % index, "a: %d\n" % index)
    code, result = run_module(main, group="other")
    assert len(result["configs"]) == 121 and len(set(item["id"] for item in result["configs"])) == 121
    assert len([entry for entry in shop.log if entry["path"].endswith("/configs")]) == 2


def test_check_mode_reads_the_same(run_module, shop):
    code, result = run_module(main, check_mode=True, history=True)
    assert code == 0 and result["changed"] is False and len(result["configs"]) == 3 and shop.writes() == []


@pytest.mark.parametrize("task, message", [
    (dict(name="cart yaml"), "name 'cart yaml' is not a valid configuration file name"),
    (dict(group=""), "group must not be empty"),
])
def test_bad_input_is_refused_before_any_request(run_module, shop, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and shop.log == [] and message in result["msg"]


def test_an_api_failure_carries_status_code_message_and_request_id(run_module, shop):
    shop.add_faults([{"method": "GET", "path": r"/configs\Z", "status": 403,
                      "body": {"error_code": "SVCSTG.00100403", "error_msg": "no permission"}}])
    code, result = run_module(main)
    assert code == 1 and result["status"] == 403 and result["error_code"] == "SVCSTG.00100403"
    assert result["error_msg"] == "no permission" and result["request_id"]
    assert "servicestage:config:list" in result["msg"]
