# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's ServiceStage v3 configuration slice, over HTTP on 127.0.0.1, with a clock the tests move:
configuration groups, files, their versions and history, seeded bindings, application configuration, every
switch both ways, validation, paging, the not-found forms, and the control routes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from ansible_collections.huaweicloud.servicestage.tests.emulator import servicestage_config, servicestage_emulator
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_config import SWITCHES, default_config
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_v3 import default_config as v3_defaults
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import FakeClock, UNIT_PROJECT, UNIT_TOKEN
from ansible_collections.huaweicloud.servicestage.tests.unit.emulator.cas_client import (
    CasClient,
    get_control,
    post_control,
)

OTHER_PROJECT = "0ther0123456789abcdef0123456789a"
OTHER_TOKEN = "unit-token-of-another-project"
FAST = {"job_seconds": 1.0, "job_queued_seconds": 0.1, "status_lag_seconds": 0.3, "delete_seconds": 0.5}
START_MS = 1767225600000
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")
GROUP_KEYS = {"id", "project_id", "name", "description", "creator", "create_time", "enterprise_project_id", "labels"}
CONFIG_KEYS = {"config_group_id", "id", "name", "description", "creator", "type", "content", "version", "project_id",
               "sensitive", "components", "create_time", "update_time", "config_encryption"}
# What Terraform's PUT sends.
PUT_KEYS = ("config_group_id", "name", "content", "type", "description", "sensitive")
HISTORY_KEYS = {"config_history_id", "config_id", "content", "version", "type", "create_time", "components", "creator",
                "group_id", "config_name", "description", "sensitive"}
# An awkward secret: newlines, unicode, quotes, a YAML document holding a password.
SECRET = u"spring:\n  datasource:\n    password: \"p\u00e4ss: w\u00f6rd #1\"\n    user: 'cart'\n"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_emulator.rst")


@pytest.fixture
def clock():
    fake = FakeClock()
    fake.now = START_MS / 1000.0  # 2026-01-01T00:00:00Z
    return fake


@pytest.fixture(scope="module")
def started_emulator():
    """One emulator for the module (stopping one waits half a second for its serving loop)."""
    emulator = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT, OTHER_TOKEN: OTHER_PROJECT}).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def server(started_emulator, clock):
    """The emulator as new: nothing stored, no faults, default switches with FAST timing, the test's clock."""
    started_emulator.reset()
    started_emulator.latency = 0.0
    started_emulator.v3.config = v3_defaults()
    started_emulator.v3.configure(**FAST)
    started_emulator.v3.clock = clock
    started_emulator.v3_config.config = default_config()
    return started_emulator


class Api(CasClient):
    """The configuration client: its charset parameter is one a client may send."""

    content_type = "application/json;charset=utf8"

    def group(self, name="shop", **fields):
        return self.ok("POST", "/config-groups", dict(fields, name=name))["id"]

    def config(self, group_id, name="cart-application", **fields):
        return self.ok("POST", "/configs", config_body(group_id, name, **fields))

    def put(self, config_id, **changes):
        """PUT what Terraform sends: the whole body, from what GET shows, with changes."""
        shown = self.ok("GET", "/configs/" + config_id)
        body = dict((key, shown[key]) for key in PUT_KEYS)
        body.update(changes)
        return self.call("PUT", "/configs/" + config_id, body)

    def histories(self, config_id, query=""):
        return self.ok("GET", "/configs/%s/histories%s" % (config_id, query))


def config_body(group_id, name="cart-application", **fields):
    body = {"config_group_id": group_id, "name": name, "content": "server:\n  port: 8080\n", "type": "yaml",
            "sensitive": False, "description": "cart's configuration"}
    body.update(fields)
    return body


@pytest.fixture
def api(server):
    return Api(server)


@pytest.fixture
def shop(server):
    """Application shop (components web and worker in prod) and blog (a component web in test)."""
    v3 = server.v3
    ids = {"shop": v3.seed_application(UNIT_PROJECT, "shop")["id"],
           "blog": v3.seed_application(UNIT_PROJECT, "blog")["id"],
           "prod": v3.seed_environment(UNIT_PROJECT, "prod", resources=[{"id": "cce-1", "type": "cce"}])["id"],
           "test": v3.seed_environment(UNIT_PROJECT, "test", resources=[{"id": "cce-2", "type": "cce"}])["id"]}
    ids["web"] = v3.seed_component(UNIT_PROJECT, "shop", "prod", "web")["id"]
    ids["worker"] = v3.seed_component(UNIT_PROJECT, "shop", "prod", "worker")["id"]
    ids["blog-web"] = v3.seed_component(UNIT_PROJECT, "blog", "test", "web")["id"]
    return ids


def binding(shop, component, application="shop", environment="prod", name=None):
    return {"environment_id": shop[environment], "application_id": shop[application], "component_id": shop[component],
            "component_name": name or component}


# Configuration groups ----------------------------------------------------------------------------------

def test_group_create_show_list_delete(api, clock):
    created = api.ok("POST", "/config-groups", {"name": "shop", "description": "the shop's files",
                                                "enterprise_project_id": "eps-1",
                                                "labels": [{"key": "team", "value": "web"}]})
    assert set(created) == GROUP_KEYS and UUID4.match(created["id"])
    assert (created["name"], created["description"], created["enterprise_project_id"], created["labels"]) == (
        "shop", "the shop's files", "eps-1", [{"key": "team", "value": "web"}])
    assert (created["project_id"], created["creator"], created["create_time"]) == (
        UNIT_PROJECT, "emulator-user", START_MS)
    assert api.ok("GET", "/config-groups/" + created["id"]) == created
    assert api.ok("GET", "/config-groups") == {"count": 1, "config_groups": [created]}
    plain = api.ok("POST", "/config-groups", {"name": "blog"})
    assert (plain["description"], plain["enterprise_project_id"], plain["labels"]) == ("", "0", [])
    assert api.call("DELETE", "/config-groups/" + created["id"]) == (200, None)
    assert api.call("GET", "/config-groups/" + created["id"])[1]["error_code"] == "SVCSTG.00100401"
    assert [group["name"] for group in api.ok("GET", "/config-groups")["config_groups"]] == ["blog"]


@pytest.mark.parametrize("body, field", [
    ({}, "name"), ({"name": "a"}, "name"), ({"name": "1shop"}, "name"), ({"name": "shop-"}, "name"),
    ({"name": "shop.files"}, "name"), ({"name": "s" * 65}, "name"), ({"name": 7}, "name"),
    ({"name": "shop", "description": "d" * 257}, "description"), ({"name": "shop", "description": 1}, "description"),
    ({"name": "shop", "labels": [{"key": "team"}]}, "labels"), ({"name": "shop", "labels": {"team": "web"}}, "labels"),
    ({"name": "shop", "enterprise_project_id": 0}, "enterprise_project_id")])
def test_group_bodies_are_validated(api, body, field):
    status, answer = api.call("POST", "/config-groups", body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and field in answer["error_msg"], answer
    assert api.ok("GET", "/config-groups")["count"] == 0


def test_group_limits_are_inclusive(api):
    assert api.call("POST", "/config-groups", {"name": "s" * 64, "description": "d" * 256})[0] == 200
    assert api.call("POST", "/config-groups", {"name": "s_1-A"})[0] == 200


def test_a_body_that_is_not_json_is_parameter_invalid(api):
    assert api.call("POST", "/config-groups", raw=b"name=shop", headers={"Content-Type": "text/plain"})[1][
        "error_code"] == "SVCSTG.00100400"
    assert api.call("POST", "/configs", raw=b"{not json")[1]["error_code"] == "SVCSTG.00100400"
    assert api.call("POST", "/configs", body=["shop"])[1]["error_code"] == "SVCSTG.00100400"


def test_group_names_are_unique_and_compared_as_the_v3_name_case_switch_says(server, api):
    api.group("shop")
    status, answer = api.call("POST", "/config-groups", {"name": "shop"})
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "already used" in answer["error_msg"]
    assert api.call("POST", "/config-groups", {"name": "SHOP"})[0] == 200
    server.v3.configure(name_case="insensitive")
    assert api.call("POST", "/config-groups", {"name": "Shop"})[0] == 400


def test_groups_have_no_update_route(api):
    group_id = api.group("shop", description="before")
    status, answer = api.call("PUT", "/config-groups/" + group_id, {"name": "shop", "description": "after"})
    assert (status, answer["error_code"]) == (404, "APIG.0101")
    assert api.ok("GET", "/config-groups/" + group_id)["description"] == "before"


def test_group_list_filters_pages_and_sorts(server, api, clock):
    for name in ("delta", "alpha", "echo", "charlie", "bravo"):
        api.group(name)
        clock.now += 1

    def names(query):
        return [group["name"] for group in api.ok("GET", "/config-groups" + query)["config_groups"]]
    assert names("") == ["bravo", "charlie", "echo", "alpha", "delta"]
    assert names("?order=asc") == ["delta", "alpha", "echo", "charlie", "bravo"]
    assert names("?order_by=name&order=asc") == ["alpha", "bravo", "charlie", "delta", "echo"]
    assert names("?order_by=name") == ["echo", "delta", "charlie", "bravo", "alpha"]
    assert names("?order_by=color&order=asc") == names("?order=asc")
    paged = api.ok("GET", "/config-groups?order_by=name&order=asc&limit=2&offset=1")
    assert paged["count"] == 5 and [group["name"] for group in paged["config_groups"]] == ["bravo", "charlie"]
    assert names("?limit=0") == names("") and names("?offset=5") == []
    assert api.ok("GET", "/config-groups?name=echo")["count"] == 1 and names("?name=ech") == []
    server.v3.configure(name_filter="fuzzy")
    assert names("?name=ha&order=asc") == ["alpha", "charlie"]
    for query in ("?limit=101", "?limit=-1", "?offset=-1", "?limit=two"):
        status, answer = api.call("GET", "/config-groups" + query)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100400"), query


@pytest.mark.parametrize("not_found, status, group_code, config_code", [
    ("401", 401, "SVCSTG.00100401", "SVCSTG.00100401"), ("404", 404, "SVCSTG.00100490", "SVCSTG.00100491"),
    ("404-empty", 404, None, None)])
def test_deleting_a_missing_group_or_file_answers_200_or_the_not_found_form(server, api, not_found, status, group_code,
                                                                            config_code):
    server.v3.configure(not_found=not_found)
    missing = str(uuid.uuid4())
    assert api.call("DELETE", "/config-groups/" + missing) == (200, None)
    assert api.call("DELETE", "/configs/" + missing) == (200, None)
    server.v3_config.configure(config_delete_missing="not_found")
    got, answer = api.call("DELETE", "/config-groups/" + missing)
    assert (got, answer and answer["error_code"]) == (status, group_code)
    got, answer = api.call("DELETE", "/configs/" + missing)
    assert (got, answer and answer["error_code"]) == (status, config_code)
    group_id = api.group()
    assert api.call("DELETE", "/config-groups/" + group_id) == (200, None)


def test_a_group_holding_files_is_refused_or_deleted_with_them(server, api):
    group_id = api.group()
    config_id = api.config(group_id)["id"]
    status, answer = api.call("DELETE", "/config-groups/" + group_id)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "not empty" in answer["error_msg"]
    assert api.ok("GET", "/configs/" + config_id)["config_group_id"] == group_id
    server.v3_config.configure(config_group_delete_in_use="allow")
    assert api.call("DELETE", "/config-groups/" + group_id) == (200, None)
    assert api.call("GET", "/configs/" + config_id)[0] == 401
    assert api.ok("GET", "/configs") == {"count": 0, "configs": []}
    assert server.v3_config.configs(UNIT_PROJECT) == []


# Configuration files -----------------------------------------------------------------------------------

def test_file_create_and_show(api, clock):
    group_id = api.group()
    created = api.config(group_id)
    assert set(created) == CONFIG_KEYS and UUID4.match(created["id"])
    assert (created["config_group_id"], created["name"], created["type"], created["content"], created["sensitive"]) == (
        group_id, "cart-application", "yaml", "server:\n  port: 8080\n", False)
    assert (created["version"], created["components"], created["config_encryption"]) == ("v1", [], None)
    assert created["create_time"] == created["update_time"] == START_MS and created["creator"] == "emulator-user"
    assert api.ok("GET", "/configs/" + created["id"]) == created
    encrypted = api.config(group_id, "db-password", type="properties", content="password=x", sensitive=True,
                           config_encryption={"key_id": "dew-key-1"})
    assert api.ok("GET", "/configs/" + encrypted["id"])["config_encryption"] == {"key_id": "dew-key-1"}
    plain = api.ok("POST", "/configs", {"config_group_id": group_id, "name": "bare", "content": "", "type": "yaml",
                                        "sensitive": False})
    assert (plain["description"], plain["content"]) == ("", "")


def test_sensitive_content_is_returned_in_plain_text_everywhere(api):
    group_id = api.group()
    config_id = api.config(group_id, content=SECRET, sensitive=True)["id"]
    assert api.ok("GET", "/configs/" + config_id)["content"] == SECRET
    assert api.ok("GET", "/configs")["configs"][0]["content"] == SECRET
    record = api.histories(config_id)["histories"][0]
    assert (record["content"], record["sensitive"]) == (SECRET, True)
    assert api.ok("GET", "/configs/%s/histories/%s" % (config_id, record["config_history_id"]))["content"] == SECRET


@pytest.mark.parametrize("changes, field", [
    ({"config_group_id": None}, "config_group_id"), ({"name": None}, "name"), ({"content": None}, "content"),
    ({"type": None}, "type"), ({"sensitive": None}, "sensitive"), ({"name": "application.yaml"}, "name"),
    ({"name": "c"}, "name"), ({"name": "c" * 65}, "name"), ({"name": "-cart"}, "name"), ({"type": "json"}, "type"),
    ({"type": "YAML"}, "type"), ({"sensitive": "true"}, "sensitive"), ({"description": "d" * 129}, "description"),
    ({"content": 5}, "content"), ({"content": {"server": 1}}, "content"),
    ({"config_encryption": {}}, "config_encryption"),
    ({"config_encryption": "dew-key-1"}, "config_encryption"), ({"config_group_id": 5}, "config_group_id")])
def test_file_bodies_are_validated(api, changes, field):
    body = config_body(api.group())
    body.update(changes)
    body = dict((key, value) for key, value in body.items() if value is not None)
    status, answer = api.call("POST", "/configs", body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and field in answer["error_msg"], answer
    assert api.ok("GET", "/configs")["count"] == 0


def test_file_limits_are_inclusive_and_the_content_is_not_parsed(api):
    group_id = api.group()
    assert api.call("POST", "/configs", config_body(group_id, "c" * 64, description="d" * 128))[0] == 200
    # no page says the API checks the content: YAML that does not parse is taken as it is
    assert api.config(group_id, "broken", content="a: [unclosed\n\tb: ")["content"] == "a: [unclosed\n\tb: "
    assert api.config(group_id, "props", type="properties", content=": no key")["type"] == "properties"


@pytest.mark.parametrize("not_found, status, code", [
    ("401", 401, "SVCSTG.00100401"), ("404", 404, "SVCSTG.00100490"), ("404-empty", 404, None)])
def test_a_file_in_a_missing_group_is_the_groups_not_found(server, api, not_found, status, code):
    server.v3.configure(not_found=not_found)
    got, answer = api.call("POST", "/configs", config_body(str(uuid.uuid4())))
    assert (got, answer and answer["error_code"]) == (status, code)


@pytest.mark.parametrize("scope, other_group_status", [("group", 200), ("project", 400)])
def test_file_names_are_unique_per_group_or_per_project(server, api, scope, other_group_status):
    server.v3_config.configure(config_name_scope=scope)
    shop, blog = api.group("shop"), api.group("blog")
    api.config(shop)
    status, answer = api.call("POST", "/configs", config_body(shop))
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "already used" in answer["error_msg"]
    status, answer = api.call("POST", "/configs", config_body(blog))
    assert status == other_group_status, answer
    assert api.ok("GET", "/configs")["count"] == (2 if scope == "group" else 1)


def test_file_list_filters_pages_and_sorts(server, api, clock, shop):
    shop_group, blog_group = api.group("shop"), api.group("blog")
    ids = {}
    for name, group_id in (("cart", shop_group), ("orders", shop_group), ("posts", blog_group),
                           ("cart-db", shop_group)):
        ids[name] = api.config(group_id, name, config_encryption={"key_id": "k"})["id"]
        clock.now += 1
    server.v3_config.bind_config(UNIT_PROJECT, ids["orders"], shop["web"])
    server.v3_config.bind_config(UNIT_PROJECT, ids["posts"], shop["web"])
    server.v3_config.bind_config(UNIT_PROJECT, ids["cart"], shop["worker"])

    def names(query):
        return [item["name"] for item in api.ok("GET", "/configs" + query)["configs"]]
    listed = api.ok("GET", "/configs")
    assert listed["count"] == 4 and names("") == ["cart-db", "posts", "orders", "cart"]
    assert all(set(item) == CONFIG_KEYS - {"config_encryption"} for item in listed["configs"])
    assert listed["configs"][1]["components"] == [binding(shop, "web")]
    assert names("?config_group_id=" + shop_group) == ["cart-db", "orders", "cart"]
    assert names("?component_id=" + shop["web"]) == ["posts", "orders"]
    assert names("?component_id=%s&config_group_id=%s" % (shop["web"], shop_group)) == ["orders"]
    assert names("?component_id=" + shop["blog-web"]) == []
    assert names("?name=cart") == ["cart"]
    server.v3.configure(name_filter="fuzzy")
    assert names("?name=cart&order=asc") == ["cart", "cart-db"]
    assert names("?order_by=name&order=asc&limit=2&offset=1") == ["cart-db", "orders"]
    assert api.put(ids["cart"], content="changed")[0] == 200
    assert names("?order_by=update_time")[0] == "cart"
    assert api.call("GET", "/configs?limit=101")[0] == 400


def test_a_put_takes_the_whole_body_and_the_version_grows_with_the_content(api, clock):
    group_id = api.group()
    config_id = api.config(group_id, sensitive=True)["id"]
    clock.now += 10
    status, answer = api.put(config_id, content="server:\n  port: 9090\n")
    assert status == 200 and set(answer) == CONFIG_KEYS
    assert (answer["version"], answer["content"], answer["update_time"], answer["create_time"]) == (
        "v2", "server:\n  port: 9090\n", START_MS + 10000, START_MS)
    assert api.histories(config_id)["count"] == 2
    clock.now += 10
    # the same body again: nothing changes, not even update_time
    assert api.put(config_id)[1] == answer and api.histories(config_id)["count"] == 2
    # description and sensitive are kept when left out; "" clears the description (Terraform's comment)
    status, kept = api.call("PUT", "/configs/" + config_id, {"config_group_id": group_id, "content": answer["content"],
                                                             "type": "yaml"})
    assert (kept["description"], kept["sensitive"], kept["version"]) == ("cart's configuration", True, "v2")
    assert api.put(config_id, description="", sensitive=False)[1]["description"] == ""
    shown = api.ok("GET", "/configs/" + config_id)
    assert (shown["description"], shown["sensitive"], shown["version"], shown["update_time"]) == (
        "", False, "v2", START_MS + 20000)
    # a change of type alone: a history record, the version stays (switch config_version_bump)
    assert api.put(config_id, type="properties")[1]["version"] == "v2"
    assert [record["version"] for record in api.histories(config_id)["histories"]] == ["v2", "v2", "v2", "v1"]


def test_with_config_version_bump_any_every_change_is_a_version(server, api):
    server.v3_config.configure(config_version_bump="any")
    config_id = api.config(api.group())["id"]
    assert api.put(config_id, description="new words")[1]["version"] == "v2"
    assert api.put(config_id, config_encryption={"key_id": "k2"})[1]["version"] == "v3"
    assert api.put(config_id)[1]["version"] == "v3"


@pytest.mark.parametrize("changes, message", [
    ({"config_group_id": "other"}, "config_group_id cannot be modified"),
    ({"name": "renamed"}, "name cannot be modified"),
    ({"content": None}, "content is required"), ({"type": None}, "type is required"),
    ({"config_group_id": None}, "config_group_id is required"), ({"type": "ini"}, "type must be"),
    ({"sensitive": "no"}, "sensitive"), ({"description": "d" * 129}, "description")])
def test_a_put_is_validated_and_cannot_move_or_rename_a_file(api, changes, message):
    config_id = api.config(api.group())["id"]
    changes = dict((key, value) for key, value in changes.items())
    shown = api.ok("GET", "/configs/" + config_id)
    body = dict((key, shown[key]) for key in PUT_KEYS)
    body.update(changes)
    body = dict((key, value) for key, value in body.items() if value is not None)
    status, answer = api.call("PUT", "/configs/" + config_id, body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and message in answer["error_msg"], answer
    assert api.ok("GET", "/configs/" + config_id) == shown


def test_deleting_a_file_takes_its_history(api):
    config_id = api.config(api.group())["id"]
    assert api.call("DELETE", "/configs/" + config_id) == (200, None)
    assert api.call("GET", "/configs/%s/histories" % config_id)[1]["error_code"] == "SVCSTG.00100401"
    assert api.call("DELETE", "/configs/" + config_id) == (200, None)


# History -----------------------------------------------------------------------------------------------

def test_each_change_records_a_history_record(api, clock):
    group_id = api.group()
    config_id = api.config(group_id, content="v: 1\n")["id"]
    for second, content in ((5, "v: 2\n"), (9, "v: 3\n")):
        clock.now = START_MS / 1000.0 + second
        api.put(config_id, content=content, description="at %d" % second)
    listed = api.histories(config_id)
    assert listed["count"] == 3
    assert [(record["version"], record["content"], record["create_time"], record["description"])
            for record in listed["histories"]] == [("v3", "v: 3\n", START_MS + 9000, "at 9"),
                                                   ("v2", "v: 2\n", START_MS + 5000, "at 5"),
                                                   ("v1", "v: 1\n", START_MS, "cart's configuration")]
    record = listed["histories"][1]
    assert set(record) == HISTORY_KEYS and UUID4.match(record["config_history_id"])
    assert (record["config_id"], record["group_id"], record["config_name"], record["type"], record["creator"]) == (
        config_id, group_id, "cart-application", "yaml", "emulator-user")
    assert api.ok("GET", "/configs/%s/histories/%s" % (config_id, record["config_history_id"])) == record

    def versions(query):
        return [item["version"] for item in api.histories(config_id, query)["histories"]]
    assert versions("?order=asc") == ["v1", "v2", "v3"]
    assert versions("?order=asc&order_by=name") == ["v1", "v2", "v3"]
    assert versions("?limit=1&offset=1") == ["v2"] and api.histories(config_id, "?limit=1")["count"] == 3
    assert api.call("GET", "/configs/%s/histories?limit=500" % config_id)[0] == 400


def test_the_history_may_leave_out_the_current_record(server, api):
    config_id = api.config(api.group(), content="v: 1\n")["id"]
    api.put(config_id, content="v: 2\n")
    current = api.histories(config_id)["histories"][0]
    server.v3_config.configure(config_history_includes_current=False)
    listed = api.histories(config_id)
    assert (listed["count"], [record["version"] for record in listed["histories"]]) == (1, ["v1"])
    status, answer = api.call("GET", "/configs/%s/histories/%s" % (config_id, current["config_history_id"]))
    assert (status, answer["error_code"]) == (401, "SVCSTG.00100401")
    server.v3_config.configure(config_history_includes_current=True)
    assert api.histories(config_id)["count"] == 2


@pytest.mark.parametrize("path_form, single, double", [("both", 200, 200), ("single", 200, 404), ("double", 404, 200)])
def test_the_path_of_one_history_record(server, api, path_form, single, double):
    server.v3_config.configure(config_history_path=path_form)
    config_id = api.config(api.group())["id"]
    record_id = api.histories(config_id)["histories"][0]["config_history_id"]
    for path, expected in (("/configs/%s/histories/%s", single), ("//configs/%s/histories/%s", double)):
        status, answer = api.call("GET", path % (config_id, record_id))
        assert status == expected, (path, answer)
        assert answer["config_history_id"] == record_id if status == 200 else answer["error_code"] == "APIG.0101"
    # the list and the delete are written with one slash only
    assert api.call("GET", "//configs/%s/histories" % config_id)[1]["error_code"] == "APIG.0101"
    assert api.call("DELETE", "//configs/%s/histories/%s" % (config_id, record_id))[1]["error_code"] == "APIG.0101"


def test_deleting_a_history_record(api):
    config_id = api.config(api.group(), content="v: 1\n")["id"]
    api.put(config_id, content="v: 2\n")
    first = api.histories(config_id, "?order=asc")["histories"][0]["config_history_id"]
    assert api.call("DELETE", "/configs/%s/histories/%s" % (config_id, first)) == (204, None)
    assert [record["version"] for record in api.histories(config_id)["histories"]] == ["v2"]
    assert api.call("DELETE", "/configs/%s/histories/%s" % (config_id, first))[1]["error_code"] == "SVCSTG.00100401"
    assert api.ok("GET", "/configs/" + config_id)["version"] == "v2"


def test_a_record_of_another_file_is_not_found(api):
    group_id = api.group()
    cart, orders = api.config(group_id, "cart")["id"], api.config(group_id, "orders")["id"]
    record_id = api.histories(orders)["histories"][0]["config_history_id"]
    assert api.call("GET", "/configs/%s/histories/%s" % (cart, record_id))[1]["error_code"] == "SVCSTG.00100401"


def test_a_history_record_keeps_the_components_of_its_time(server, api, shop):
    config_id = api.config(api.group())["id"]
    server.v3_config.bind_config(UNIT_PROJECT, config_id, "web", application="shop")
    api.put(config_id, content="changed")
    assert [record["components"] for record in api.histories(config_id)["histories"]] == [[binding(shop, "web")], []]


# Bindings ----------------------------------------------------------------------------------------------

def test_binding_by_id_and_by_name(server, api, shop):
    config_id = api.config(api.group())["id"]
    slice_ = server.v3_config
    assert slice_.bind_config(UNIT_PROJECT, config_id, shop["worker"]) == [binding(shop, "worker")]
    assert slice_.bind_config(UNIT_PROJECT, "cart-application", "web", application="shop", environment="prod") == [
        binding(shop, "worker"), binding(shop, "web")]
    assert slice_.bind_config(UNIT_PROJECT, config_id, "web", application=shop["shop"]) == [
        binding(shop, "worker"), binding(shop, "web")]
    with pytest.raises(ValueError, match="2 components are named 'web'"):
        slice_.bind_config(UNIT_PROJECT, config_id, "web")
    assert slice_.bind_config(UNIT_PROJECT, config_id, "web", environment="test")[-1] == binding(
        shop, "blog-web", "blog", "test", name="web")
    assert api.ok("GET", "/configs/" + config_id)["components"] == [
        binding(shop, "worker"), binding(shop, "web"), binding(shop, "blog-web", "blog", "test", name="web")]
    with pytest.raises(ValueError, match="no component 'api'"):
        slice_.bind_config(UNIT_PROJECT, config_id, "api")
    with pytest.raises(ValueError, match="no configuration file"):
        slice_.bind_config(UNIT_PROJECT, "nothing", "worker")
    assert slice_.unbind_config(UNIT_PROJECT, config_id, "worker") == [
        binding(shop, "web"), binding(shop, "blog-web", "blog", "test", name="web")]
    with pytest.raises(ValueError, match="not bound"):
        slice_.unbind_config(UNIT_PROJECT, config_id, "worker")


def test_a_file_name_in_several_groups_needs_its_group(server, api, shop):
    shop_group, blog_group = api.group("shop"), api.group("blog")
    api.config(shop_group, "settings")
    blog_settings = api.config(blog_group, "settings")["id"]
    with pytest.raises(ValueError, match="name the group"):
        server.v3_config.bind_config(UNIT_PROJECT, "settings", "worker")
    server.v3_config.bind_config(UNIT_PROJECT, "settings", "worker", group="blog")
    assert api.ok("GET", "/configs?component_id=" + shop["worker"])["configs"][0]["id"] == blog_settings


def test_a_binding_to_a_deleted_component_is_dropped(server, api, clock, shop):
    config_id = api.config(api.group())["id"]
    server.v3_config.bind_config(UNIT_PROJECT, config_id, "worker")
    server.v3_config.bind_config(UNIT_PROJECT, config_id, "web", application="shop")
    assert api.call("DELETE", "/applications/%s/components/%s" % (shop["shop"], shop["worker"]))[0] == 200
    # while DELETING the component is still there, and still uses the file
    assert len(api.ok("GET", "/configs/" + config_id)["components"]) == 2
    clock.now += 1
    assert api.ok("GET", "/configs/" + config_id)["components"] == [binding(shop, "web")]
    assert api.ok("GET", "/configs?component_id=" + shop["worker"])["count"] == 0
    assert server.v3_config.configs(UNIT_PROJECT)[0]["components"] == [binding(shop, "web")]


def test_the_bind_control_route(server, api, shop):
    config_id = api.config(api.group())["id"]
    body = {"project_id": UNIT_PROJECT, "config": "cart-application", "component": "web", "application": "shop"}
    assert post_control(server, "/_emulator/config-bind", body) == (200, {"components": [binding(shop, "web")]})
    assert api.ok("GET", "/configs/" + config_id)["components"] == [binding(shop, "web")]
    assert post_control(server, "/_emulator/config-bind", dict(body, unbind=True)) == (200, {"components": []})
    status, answer = post_control(server, "/_emulator/config-bind", dict(body, application=None))
    assert status == 400 and "2 components" in answer["error"]
    status, answer = post_control(server, "/_emulator/config-bind", {"project_id": UNIT_PROJECT, "config": config_id})
    assert status == 400 and "component" in answer["error"]


# Not found and errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("not_found, status, codes", [
    ("401", 401, ("SVCSTG.00100401",) * 3), ("404", 404, ("SVCSTG.00100490", "SVCSTG.00100491", "SVCSTG.00100492")),
    ("404-empty", 404, (None,) * 3)])
def test_not_found_follows_the_v3_switch(server, api, not_found, status, codes):
    server.v3.configure(not_found=not_found)
    group_code, config_code, record_code = codes
    config_id = api.config(api.group())["id"]
    missing = str(uuid.uuid4())
    expected = [("GET", "/config-groups/" + missing, group_code), ("GET", "/configs/" + missing, config_code),
                ("PUT", "/configs/" + missing, config_code), ("GET", "/configs/%s/histories" % missing, config_code),
                ("GET", "/configs/%s/histories/%s" % (missing, missing), config_code),
                ("GET", "/configs/%s/histories/%s" % (config_id, missing), record_code),
                ("GET", "//configs/%s/histories/%s" % (config_id, missing), record_code),
                ("DELETE", "/configs/%s/histories/%s" % (config_id, missing), record_code)]
    for method, path, code in expected:
        got, answer = api.call(method, path, config_body(missing) if method == "PUT" else None)
        assert (got, answer and answer["error_code"]) == (status, code), (method, path)


def test_the_error_message_key_is_the_v3_switch(server, api):
    assert set(api.call("GET", "/configs/none")[1]) == {"error_code", "error_msg"}
    server.v3.configure(error_message_key="error_message")
    answer = api.call("GET", "/configs/none")[1]
    assert set(answer) == {"error_code", "error_message"} and "configuration file" in answer["error_message"]
    assert set(api.call("POST", "/config-groups", {})[1]) == {"error_code", "error_message"}


def test_unserved_configuration_routes_are_the_gateways_404(api):
    for method, path in [("POST", "/configs/import"), ("PUT", "/config-groups"), ("DELETE", "/configs"),
                         ("POST", "/configs/x/histories"), ("PUT", "/configs/x/histories/y"),
                         ("POST", "/applications/x/configuration"), ("GET", "/config-groups/x/configs")]:
        status, answer = api.call(method, path, {})
        assert (status, answer["error_code"]) == (404, "APIG.0101"), (method, path)
    # GET /configs/export is GET /configs/{id} of a file named export: not found
    assert api.call("GET", "/configs/export")[1]["error_code"] == "SVCSTG.00100401"


# Application configuration ----------------------------------------------------------------------------

def test_application_configuration_set_show_delete(api, shop):
    path = "/applications/%s/configuration" % shop["shop"]
    assert api.ok("GET", path) == {"configuration": []}
    assert api.ok("GET", path + "?environment_id=" + shop["prod"]) == {"configuration": []}
    body = {"environment_id": shop["prod"], "configuration": {"env": [{"name": "REGION", "value": "cn-north-4"},
                                                                      {"name": "FEATURE_X", "value": "on"}],
                                                              "assign_strategy": True}}
    prod = {"application_id": shop["shop"], "environment_id": shop["prod"], "configuration": body["configuration"]}
    assert api.ok("PUT", path, body) == prod
    assert api.ok("GET", path + "?environment_id=" + shop["prod"]) == {"configuration": [prod]}
    test_body = {"environment_id": shop["test"], "configuration": {"env": [{"name": "REGION", "value": "eu-west-0"}]}}
    test = api.ok("PUT", path, test_body)
    assert test["configuration"] == {"env": [{"name": "REGION", "value": "eu-west-0"}], "assign_strategy": False}
    assert api.ok("GET", path) == {"configuration": [prod, test]}
    assert api.ok("GET", path + "?environment_id=" + shop["test"]) == {"configuration": [test]}
    assert api.ok("GET", "/applications/%s/configuration" % shop["blog"]) == {"configuration": []}
    # a PUT replaces the environment's whole list
    replaced = api.ok("PUT", path, {"environment_id": shop["prod"], "configuration": {"env": []}})
    assert replaced["configuration"] == {"env": [], "assign_strategy": False}
    assert api.ok("GET", path) == {"configuration": [replaced, test]}
    assert api.call("DELETE", path + "?environment_id=" + shop["prod"]) == (204, None)
    assert api.ok("GET", path) == {"configuration": [test]}
    assert api.call("DELETE", path + "?environment_id=" + shop["prod"]) == (204, None)


def test_assign_strategy_is_read_inside_configuration_only(api, shop):
    path = "/applications/%s/configuration" % shop["shop"]
    answer = api.ok("PUT", path, {"environment_id": shop["prod"], "assign_strategy": True,
                                  "configuration": {"env": [{"name": "A", "value": "1"}]}})
    assert answer["configuration"]["assign_strategy"] is False
    assert api.ok("GET", path)["configuration"][0]["configuration"]["assign_strategy"] is False


@pytest.mark.parametrize("body, field", [
    ({"configuration": {"env": []}}, "environment_id"), ({"environment_id": "PROD"}, "configuration"),
    ({"environment_id": "PROD", "configuration": {"env": {"A": "1"}}}, "env"),
    ({"environment_id": "PROD", "configuration": {}}, "env"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "A"}]}}, "env"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "A", "value": 1}]}}, "env"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "1A", "value": "1"}]}}, "1A"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "A B", "value": "1"}]}}, "A B"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "", "value": "1"}]}}, "env name"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "a" * 65, "value": "1"}]}}, "env name"),
    ({"environment_id": "PROD", "configuration": {"env": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}},
     "twice"),
    ({"environment_id": "PROD", "configuration": {"env": [], "assign_strategy": "true"}}, "assign_strategy")])
def test_application_configuration_bodies_are_validated(api, shop, body, field):
    if body.get("environment_id") == "PROD":
        body = dict(body, environment_id=shop["prod"])
    path = "/applications/%s/configuration" % shop["shop"]
    status, answer = api.call("PUT", path, body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and field in answer["error_msg"], answer
    assert api.ok("GET", path) == {"configuration": []}


def test_application_configuration_names_as_terraform_documents_them(api, shop):
    envs = [{"name": name, "value": value} for name, value in (
        ("-hyphen_first", "-v"), ("_underscore", "_v"), ("dot_last_.", "._v"), (u"name_\u4e2d\u6587", u"\u503c"),
        ("a" * 64, "!@#$%^&*()+<>,/|\\~_value"), ("empty_value", ""))]
    answer = api.ok("PUT", "/applications/%s/configuration" % shop["shop"],
                    {"environment_id": shop["prod"], "configuration": {"env": envs}})
    assert answer["configuration"]["env"] == envs


@pytest.mark.parametrize("not_found, status, application_code, environment_code", [
    ("401", 401, "SVCSTG.00100401", "SVCSTG.00100401"), ("404", 404, "SVCSTG.00100403", "SVCSTG.00100411"),
    ("404-empty", 404, None, None)])
def test_application_configuration_needs_the_application_and_environment(
        server, api, shop, not_found, status, application_code, environment_code):
    server.v3.configure(not_found=not_found)
    missing = str(uuid.uuid4())
    body = {"environment_id": shop["prod"], "configuration": {"env": []}}
    for method in ("GET", "PUT", "DELETE"):
        got, answer = api.call(method, "/applications/%s/configuration?environment_id=%s" % (missing, shop["prod"]),
                               body if method == "PUT" else None)
        assert (got, answer and answer["error_code"]) == (status, application_code), method
    path = "/applications/%s/configuration" % shop["shop"]
    got, answer = api.call("GET", path + "?environment_id=" + missing)
    assert (got, answer and answer["error_code"]) == (status, environment_code)
    got, answer = api.call("PUT", path, dict(body, environment_id=missing))
    assert (got, answer and answer["error_code"]) == (status, environment_code)
    # Terraform's comment: a missing environment or configuration deletes as 204
    assert api.call("DELETE", path + "?environment_id=" + missing) == (204, None)
    got, answer = api.call("DELETE", path)
    assert (got, answer["error_code"]) == (400, "SVCSTG.00100400") and "environment_id" in answer["error_msg"]


def test_the_configuration_of_a_deleted_environment_is_dropped(server, api, shop):
    qa = api.ok("POST", "/environments", {"name": "qa", "vpc_id": "vpc-1"})["id"]
    server.v3_config.set_application_configuration(UNIT_PROJECT, "shop", "qa", {"REGION": "cn-north-4"})
    server.v3_config.set_application_configuration(UNIT_PROJECT, "shop", "prod", {"REGION": "cn-north-1"})
    assert len(server.v3_config.application_configuration(UNIT_PROJECT)) == 2
    assert api.call("DELETE", "/environments/" + qa)[0] == 204
    shown = api.ok("GET", "/applications/%s/configuration" % shop["shop"])["configuration"]
    assert [item["environment_id"] for item in shown] == [shop["prod"]]
    kept = server.v3_config.application_configuration(UNIT_PROJECT)
    assert [item["environment_id"] for item in kept] == [shop["prod"]]


# The request log, authentication, faults -------------------------------------------------------------------

def test_writes_are_logged_as_writes_without_bodies(server, api, shop):
    group_id = api.group()
    config_id = api.config(group_id, content=SECRET, sensitive=True)["id"]
    api.put(config_id, content=SECRET + "more: 1\n")
    api.histories(config_id)
    api.ok("PUT", "/applications/%s/configuration" % shop["shop"], {
        "environment_id": shop["prod"], "configuration": {"env": [{"name": "DB_PASSWORD", "value": "s3cr3t-\u00e9"}]}})
    api.call("DELETE", "/configs/" + config_id)
    api.call("DELETE", "/config-groups/" + group_id)
    assert [(entry["method"], entry["path"].split("/cas", 1)[1].split("/")[1]) for entry in server.writes()] == [
        ("POST", "config-groups"), ("POST", "configs"), ("PUT", "configs"), ("PUT", "applications"),
        ("DELETE", "configs"), ("DELETE", "config-groups")]
    logged = json.dumps(server.log) + json.dumps(get_control(server, "/_emulator/log"))
    assert "p\\u00e4ss" not in logged and "password" not in logged and "s3cr3t" not in logged


def test_a_token_of_another_project_is_refused_on_configuration_paths(server, api):
    other = Api(server, project_id=OTHER_PROJECT)
    for method, path in [("GET", "/config-groups"), ("POST", "/configs"), ("GET", "//configs/x/histories/y"),
                         ("PUT", "/applications/x/configuration")]:
        status, answer = other.call(method, path, {})
        assert (status, answer["error_code"]) == (401, "APIG.1002"), path
    own = Api(server, project_id=OTHER_PROJECT, token=OTHER_TOKEN)
    own.group("theirs")
    assert api.ok("GET", "/config-groups")["count"] == 0 and own.ok("GET", "/config-groups")["count"] == 1


def test_faults_apply_to_configuration_routes(server, api):
    config_id = api.config(api.group())["id"]
    server.add_faults([{"method": "PUT", "path": "/configs/", "status": 503, "body": {"error_code": "APIG.0202"},
                        "commit": True}])
    status, answer = api.put(config_id, content="changed")
    assert (status, answer) == (503, {"error_code": "APIG.0202"})
    # the write was carried out before the fault answered
    assert api.ok("GET", "/configs/" + config_id)["version"] == "v2"
    assert [entry["outcome"] for entry in server.writes()][-1] == 200


# Seeding, state, reset, control routes --------------------------------------------------------------------

def test_seeding_in_process(server, api, clock, shop):
    slice_ = server.v3_config
    group = slice_.seed_config_group(UNIT_PROJECT, "shop", description="seeded", labels=[{"key": "team", "value": "a"}])
    assert set(group) == GROUP_KEYS and api.ok("GET", "/config-groups/" + group["id"]) == group
    seeded = slice_.seed_config(UNIT_PROJECT, "shop", "cart", SECRET, sensitive=True,
                                previous_contents=["a: 1\n", "a: 2\n"],
                                components=["worker", {"component": "web", "application": "shop"}])
    assert (seeded["version"], seeded["content"], seeded["sensitive"]) == ("v3", SECRET, True)
    assert seeded["components"] == [binding(shop, "worker"), binding(shop, "web")]
    assert (seeded["create_time"], seeded["update_time"]) == (START_MS - 7200000, START_MS)
    assert api.ok("GET", "/configs/" + seeded["id"]) == seeded
    records = api.histories(seeded["id"], "?order=asc")["histories"]
    assert [(record["version"], record["content"], record["create_time"]) for record in records] == [
        ("v1", "a: 1\n", START_MS - 7200000), ("v2", "a: 2\n", START_MS - 3600000), ("v3", SECRET, START_MS)]
    assert all(record["components"] == seeded["components"] for record in records)
    assert slice_.config_histories(UNIT_PROJECT, "cart") == records
    assert slice_.configs(UNIT_PROJECT) == [seeded] and slice_.config_groups(UNIT_PROJECT) == [group]
    own_id = str(uuid.uuid4())
    assert slice_.seed_config(UNIT_PROJECT, group["id"], "orders", "", config_id=own_id)["id"] == own_id
    for refused in (dict(group="nowhere"), dict(name="cart.yaml"), dict(type="json"), dict(config_id=own_id),
                    dict(components=["nobody"]), dict(name="cart")):
        arguments = dict(project_id=UNIT_PROJECT, group="shop", name="other", content="x")
        arguments.update(refused)
        with pytest.raises(ValueError):
            slice_.seed_config(**arguments)
    with pytest.raises(ValueError, match="already used"):
        slice_.seed_config_group(UNIT_PROJECT, "shop")
    assert len(slice_.configs(UNIT_PROJECT)) == 2
    item = slice_.set_application_configuration(UNIT_PROJECT, "shop", shop["prod"], {"A": "1"}, assign_strategy=True)
    assert item == {"application_id": shop["shop"], "environment_id": shop["prod"],
                    "configuration": {"env": [{"name": "A", "value": "1"}], "assign_strategy": True}}
    slice_.set_application_configuration(UNIT_PROJECT, "blog", "test", [{"name": "B", "value": "2"}])
    assert slice_.application_configuration(UNIT_PROJECT, "shop") == [item]
    assert len(slice_.application_configuration(UNIT_PROJECT)) == 2
    with pytest.raises(ValueError, match="env name"):
        slice_.set_application_configuration(UNIT_PROJECT, "shop", "prod", {"1A": "x"})
    with pytest.raises(ValueError, match="no environment"):
        slice_.set_application_configuration(UNIT_PROJECT, "shop", "nowhere", {})


def test_seeding_over_the_control_route_is_all_or_none(server, api, shop):
    status, seeded = post_control(server, "/_emulator/config-seed", {
        "project_id": UNIT_PROJECT, "config_groups": [{"name": "shop", "id": "9f0e8d7c-0000-4000-8000-000000000001"}],
        "configs": [{"group": "shop", "name": "cart", "content": "a: 2\n", "previous_contents": ["a: 1\n"],
                     "components": ["worker"]}],
        "application_configurations": [{"application": "shop", "environment": "prod", "envs": {"REGION": "x"},
                                        "assign_strategy": True}]})
    assert status == 200
    assert seeded["config_groups"] == [{"id": "9f0e8d7c-0000-4000-8000-000000000001", "name": "shop"}]
    assert seeded["configs"] == [{"id": seeded["configs"][0]["id"], "name": "cart", "version": "v2",
                                  "config_group_id": "9f0e8d7c-0000-4000-8000-000000000001"}]
    assert seeded["application_configurations"][0]["configuration"]["assign_strategy"] is True
    assert api.ok("GET", "/configs?component_id=" + shop["worker"])["configs"][0]["name"] == "cart"
    status, answer = post_control(server, "/_emulator/config-seed", {
        "project_id": UNIT_PROJECT, "config_groups": [{"name": "blog"}],
        "configs": [{"group": "blog", "name": "posts", "content": ""},
                    {"group": "blog", "name": "posts", "content": ""}]})
    assert status == 400 and "already used" in answer["error"]
    assert [group["name"] for group in server.v3_config.config_groups(UNIT_PROJECT)] == ["shop"]
    assert [config["name"] for config in server.v3_config.configs(UNIT_PROJECT)] == ["cart"]
    status, answer = post_control(server, "/_emulator/config-seed", {"config_groups": []})
    assert status == 400 and "project_id" in answer["error"]


def test_the_config_route_takes_the_configuration_switches(server, api):
    changes = {"config_delete_missing": "not_found", "config_history_path": "double",
               "config_group_delete_in_use": "allow", "config_name_scope": "project", "config_version_bump": "any",
               "config_history_includes_current": False, "config_file_name_dots": "allow",
               "config_history_sensitive": False}
    assert set(changes) == set(SWITCHES)
    assert post_control(server, "/_emulator/config", dict(changes, not_found="404")) == (204, None)
    assert server.v3_config.config == changes and server.v3.config["not_found"] == "404"
    assert api.call("DELETE", "/configs/none")[1]["error_code"] == "SVCSTG.00100491"
    for refused in ({"config_history_path": "triple"}, {"config_history_includes_current": "yes"},
                    {"config_delete_missing": 200}, {"not_found": "401", "config_name_scope": "world"},
                    {"config_name_scope": "group", "not_found": "410"}, {"config_nonsense": 1}):
        status, answer = post_control(server, "/_emulator/config", refused)
        assert status == 400 and answer["error"], refused
    assert server.v3_config.config == changes and server.v3.config["not_found"] == "404"
    with pytest.raises(ValueError, match="config_version_bump"):
        server.v3_config.configure(config_version_bump="sometimes")
    assert default_config() == {"config_delete_missing": "200", "config_history_path": "both",
                                "config_group_delete_in_use": "refuse", "config_name_scope": "group",
                                "config_version_bump": "content", "config_history_includes_current": True,
                                "config_file_name_dots": "refuse", "config_history_sensitive": True}


def test_the_state_route_and_reset(server, api, shop):
    server.v3_config.configure(config_name_scope="project")
    seeded = server.v3_config.seed_config(UNIT_PROJECT, server.v3_config.seed_config_group(UNIT_PROJECT, "shop")["id"],
                                          "cart", "a: 1\n", components=["worker"])
    server.v3_config.set_application_configuration(UNIT_PROJECT, "shop", "prod", {"A": "1"})
    state = get_control(server, "/_emulator/config-state")
    assert set(state) == {"config", "projects"} and state["config"]["config_name_scope"] == "project"
    project = state["projects"][UNIT_PROJECT]
    assert set(project) == {"config_groups", "configs", "application_configurations"}
    assert [group["name"] for group in project["config_groups"]] == ["shop"]
    assert project["configs"] == [dict(seeded, histories=server.v3_config.config_histories(UNIT_PROJECT, seeded["id"]))]
    assert project["application_configurations"][0]["configuration"]["env"] == [{"name": "A", "value": "1"}]
    assert post_control(server, "/_emulator/reset", {}) == (204, None)
    assert get_control(server, "/_emulator/config-state") == {"config": server.v3_config.config, "projects": {}}
    assert server.v3_config.config["config_name_scope"] == "project"
    assert api.ok("GET", "/config-groups") == {"count": 0, "config_groups": []}


def test_the_emulator_run_as_a_script_serves_the_configuration_routes(tmp_path):
    port_file = tmp_path / "port"
    process = subprocess.Popen([sys.executable, servicestage_emulator.__file__, "--port", "0",
                                "--port-file", str(port_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while not (port_file.exists() and port_file.read_text()) and time.time() < deadline:
            time.sleep(0.05)
        request = urllib.request.Request("http://127.0.0.1:%s/v3/%s/cas/config-groups" % (
            port_file.read_text(), servicestage_emulator.DEFAULT_PROJECT), headers={"X-Auth-Token": "demo-token"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.loads(answer.read()) == {"count": 0, "config_groups": []}
    finally:
        process.terminate()
        process.communicate(timeout=10)


# Documentation ----------------------------------------------------------------------------------------------

def curl_bodies(text, route):
    flat = re.sub(r"\n\s+", " ", text)
    return [json.loads(body.replace(servicestage_emulator.DEFAULT_PROJECT, UNIT_PROJECT))
            for body in re.findall(r"curl -s -X POST localhost:8080%s -d '([^']+)'" % re.escape(route), flat)]


def test_the_help_and_the_guide_document_the_switches_and_their_examples_work(server, api):
    help_text = servicestage_emulator.CONTROL_ROUTES
    with open(GUIDE, encoding="utf-8") as handle:
        guide = handle.read()
    for name in SWITCHES:
        for text in (help_text, guide, servicestage_config.__doc__):
            assert name in text, name
    for route in ("/_emulator/config-state", "/_emulator/config-seed", "/_emulator/config-bind"):
        assert route in help_text and route in servicestage_emulator.__doc__ and route in guide, route
    # --help: its v3 seed, then its configuration examples
    assert post_control(server, "/_emulator/v3/seed", curl_bodies(help_text, "/_emulator/v3/seed")[0])[0] == 200
    (seed,) = curl_bodies(help_text, "/_emulator/config-seed")
    (bind,) = curl_bodies(help_text, "/_emulator/config-bind")
    status, seeded = post_control(server, "/_emulator/config-seed", seed)
    assert status == 200 and seeded["configs"][0]["version"] == "v2"
    config = server.v3_config.configs(UNIT_PROJECT)[0]
    assert (config["content"], [item["component_name"] for item in config["components"]]) == (
        "server:\n  port: 8080\n", ["web"])
    assert post_control(server, "/_emulator/config-bind", bind) == (200, {"components": []})
    assert [body for body in curl_bodies(help_text, "/_emulator/config") if "config_history_path" in body] == [
        {"config_history_path": "double", "config_delete_missing": "not_found"}]
    # the guide: its v3 seed, then its configuration seed
    server.reset()
    assert post_control(server, "/_emulator/v3/seed", curl_bodies(guide, "/_emulator/v3/seed")[0])[0] == 200
    status, seeded = post_control(server, "/_emulator/config-seed", curl_bodies(guide, "/_emulator/config-seed")[0])
    assert status == 200
    config = server.v3_config.configs(UNIT_PROJECT)[0]
    assert (config["version"], config["components"][0]["component_name"]) == ("v2", "cart")
    assert server.v3_config.application_configuration(UNIT_PROJECT)[0]["configuration"]["env"] == [
        {"name": "REGION", "value": "cn-north-4"}]
