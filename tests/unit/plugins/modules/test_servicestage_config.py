# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_config against the in-process emulator: what it writes (one PUT of the whole body), what it compares
(content but for trailing newlines), what it returns (components, always), its diff, the secrecy of sensitive
content in every result, lost answers settled without a second write, and the emulator's switches."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import config_file
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

YAML = "server:\n  port: 8080\nlogging:\n  level: info\n"
TASK = dict(group="shop", name="cart-application-yaml", type="yaml", content=YAML, description="Rendered")
CONFIGS = r"/configs\Z"
ONE = r"/configs/[0-9a-f-]+\Z"
# Awkward secrets: a YAML document holding a password, with newlines and unicode; a properties file with CRLF.
SECRET_YAML = (u"spring:\n  db:\n    user: cart_qwzx\n    password: \"Zq8-p\u00e4ss\\\"w\u00f6rd-\u5bc6\u7801-Kx93\"\n"
               u"  token: Tk-7Yh2-UNIT-SECRET-LINE\n")
SECRET_PROPERTIES = u"db.password=Pr0p-S3cret-\u00fc\u00f1\u00ee-Vb61\r\napi.key=ApiKey-UNIT-4f7c1e9a\r\n"
SECRETS = (SECRET_YAML, SECRET_PROPERTIES, "Zq8-p\u00e4ss\\\"w\u00f6rd-\u5bc6\u7801-Kx93", "Tk-7Yh2-UNIT-SECRET-LINE",
           "Pr0p-S3cret-\u00fc\u00f1\u00ee-Vb61", "ApiKey-UNIT-4f7c1e9a")


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


@pytest.fixture
def shop(v3):
    """The v3 fixture (application shop, environment prod) and a configuration group 'shop'."""
    v3.v3_config.seed_config_group(UNIT_PROJECT, "shop", description="Shop")
    return v3


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1]) for entry in emulator.writes()]


def files(emulator):
    return dict((item["name"], item) for item in emulator.v3_config.configs(UNIT_PROJECT))


def seed(emulator, name="cart-application-yaml", content=YAML, **fields):
    fields.setdefault("description", "Rendered")
    return emulator.v3_config.seed_config(UNIT_PROJECT, "shop", name, content, **fields)


def puts(emulator):
    return [entry for entry in emulator.writes() if entry["method"] == "PUT"]


def leaks(result):
    return shown(result, *SECRETS) + shown(result, UNIT_TOKEN)


def test_create_then_the_same_task_writes_nothing(run_module, shop):
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is True and writes(shop) == [("POST", "/configs")]
    assert result["msg"] == "created configuration file 'cart-application-yaml' of group 'shop' (version v1)"
    made = files(shop)["cart-application-yaml"]
    assert result["config"]["id"] == made["id"] and result["config"]["content"] == YAML
    assert result["version"] == "v1" and result["components"] == []
    assert made["type"] == "yaml" and made["sensitive"] is False and made["description"] == "Rendered"
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is False and len(writes(shop)) == 1
    assert result["msg"] == "configuration file 'cart-application-yaml' of group 'shop' is already as wanted (version v1)"
    # a task that gives only the content compares only the content
    code, result = run_module(main, group="shop", name="cart-application-yaml", content=YAML)
    assert result["changed"] is False and len(writes(shop)) == 1


@pytest.mark.parametrize("given, stored", [(YAML, YAML.rstrip("\n")), (YAML.rstrip("\n"), YAML),
                                           (YAML + "\n\n", YAML), (YAML, YAML.replace("\n", "\r\n"))[:1] + (YAML,)])
def test_trailing_newlines_are_ignored_on_either_side(run_module, shop, given, stored):
    seed(shop, content=stored)
    code, result = run_module(main, **dict(TASK, content=given))
    assert result["changed"] is False and writes(shop) == []


def test_a_change_is_one_put_of_the_whole_body_sent_as_given(run_module, shop):
    made = seed(shop, description="Kept", sensitive=False)
    changed = YAML.replace("8080", "8081").rstrip("\n")
    code, result = run_module(main, group="shop", name="cart-application-yaml", content=changed)
    assert code == 0 and result["changed"] is True and writes(shop) == [("PUT", "/configs/%s" % made["id"])]
    assert result["msg"] == ("updated configuration file 'cart-application-yaml' of group 'shop' (content differs): "
                             "version v2")
    now = files(shop)["cart-application-yaml"]
    assert now["content"] == changed and now["description"] == "Kept" and now["type"] == "yaml"
    assert now["version"] == "v2" and result["version"] == "v2" and result["config"]["content"] == changed
    # a trailing newline added back is no change
    code, result = run_module(main, group="shop", name="cart-application-yaml", content=changed + "\n")
    assert result["changed"] is False and len(writes(shop)) == 1


def test_the_put_body_is_terraforms(run_module, shop, monkeypatch):
    made = seed(shop, description="Kept", sensitive=True)
    bodies = []
    original = config_file.ConfigClient.update_config

    def spy(self, config_id, body):
        bodies.append(dict(body))
        return original(self, config_id, body)
    monkeypatch.setattr(config_file.ConfigClient, "update_config", spy)
    run_module(main, group="shop", name="cart-application-yaml", type="properties", content="a=1\n")
    assert bodies == [{"config_group_id": made["config_group_id"], "name": "cart-application-yaml", "content": "a=1\n",
                       "type": "properties", "description": "Kept", "sensitive": True}]


@pytest.mark.parametrize("bump", ["content", "any"])
def test_a_description_change_and_the_version(run_module, shop, bump):
    shop.v3_config.configure(config_version_bump=bump)
    seed(shop)
    code, result = run_module(main, **dict(TASK, description="New words"))
    assert result["changed"] is True and len(puts(shop)) == 1
    assert result["version"] == ("v1" if bump == "content" else "v2")
    assert files(shop)["cart-application-yaml"]["description"] == "New words"
    code, result = run_module(main, **dict(TASK, description="New words"))
    assert result["changed"] is False and len(puts(shop)) == 1


def test_a_description_given_empty_clears_it(run_module, shop):
    seed(shop, description="Old words")
    code, result = run_module(main, **dict(TASK, description=""))
    assert result["changed"] is True and files(shop)["cart-application-yaml"]["description"] == ""


def test_creating_needs_a_type_and_an_existing_file_keeps_its_type(run_module, shop):
    code, result = run_module(main, group="shop", name="cart-application-yaml", content=YAML)
    assert code == 1 and writes(shop) == []
    assert result["msg"] == ("configuration file 'cart-application-yaml' of group 'shop' does not exist, and creating "
                             "it needs type (yaml or properties): nothing was written.")
    seed(shop, type="properties", content="a=1\n")
    code, result = run_module(main, group="shop", name="cart-application-yaml", content="a=2\n")
    assert result["changed"] is True and files(shop)["cart-application-yaml"]["type"] == "properties"


def test_yaml_content_is_checked_when_the_type_comes_from_the_file(run_module, shop):
    seed(shop)
    code, result = run_module(main, group="shop", name="cart-application-yaml", content="a: [1\n")
    assert code == 1 and writes(shop) == []
    assert result["msg"].startswith("configuration file 'cart-application-yaml' of group 'shop' is a yaml file, and "
                                    "the content is not valid YAML (line 2, column 1: expected ',' or ']', but got "
                                    "'<stream end>')")


def test_components_are_returned_always_and_named_in_the_message(run_module, shop):
    cart = shop.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    shop.v3.seed_component(UNIT_PROJECT, "shop", "prod", "search")
    seed(shop, components=["cart", "search"])
    expected = [{"component_id": cart["id"], "component_name": "cart", "application_id": cart["application_id"],
                 "environment_id": cart["environment_id"]}]
    code, result = run_module(main, **TASK)
    assert result["changed"] is False
    assert [item["component_name"] for item in result["components"]] == ["cart", "search"]
    assert result["components"][0] == expected[0]
    code, result = run_module(main, check_mode=True, **dict(TASK, content="a: 2\n"))
    assert result["changed"] is True and len(result["components"]) == 2 and writes(shop) == []
    assert result["msg"].endswith("content differs; 2 components: cart, search use it")
    code, result = run_module(main, **dict(TASK, content="a: 2\n"))
    assert len(result["components"]) == 2 and result["msg"].endswith("version v2; 2 components: cart, search use it")
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert result["changed"] is True and len(result["components"]) == 2 and result["config"] == {}
    assert result["msg"].endswith("; 2 components: cart, search used it")


def test_the_diff_is_a_unified_text_diff_of_the_content_and_the_same_in_check_mode(run_module, shop):
    seed(shop)
    changed = YAML.replace("info", "debug")
    code, planned = run_module(main, check_mode=True, diff=True, **dict(TASK, content=changed, description="New"))
    code, result = run_module(main, diff=True, **dict(TASK, content=changed, description="New"))
    assert planned["diff"] == result["diff"]
    fields, content = result["diff"]
    assert fields["before"] == {"name": "cart-application-yaml", "group": "shop", "type": "yaml",
                                "description": "Rendered", "sensitive": False}
    assert fields["after"] == dict(fields["before"], description="New")
    assert content["before"] == YAML and content["after"] == changed
    assert content["before_header"] == "configuration file 'cart-application-yaml' of group 'shop', content (version v1)"
    # unchanged: both sides the same, so Ansible prints nothing
    code, result = run_module(main, diff=True, **dict(TASK, content=changed + "\n", description="New"))
    assert result["diff"][1]["before"] == result["diff"][1]["after"] == changed


def test_the_diff_of_a_new_file_and_of_a_delete(run_module, shop):
    code, result = run_module(main, check_mode=True, diff=True, **TASK)
    assert result["diff"][0] == {"before": {}, "after": {"name": "cart-application-yaml", "group": "shop",
                                                         "type": "yaml", "description": "Rendered", "sensitive": False},
                                 "before_header": "configuration file 'cart-application-yaml' of group 'shop'",
                                 "after_header": "configuration file 'cart-application-yaml' of group 'shop'"}
    assert result["diff"][1]["before"] == "" and result["diff"][1]["after"] == YAML
    seed(shop)
    code, result = run_module(main, diff=True, group="shop", name="cart-application-yaml", state="absent")
    assert result["diff"][0]["after"] == {} and result["diff"][1] == dict(
        result["diff"][1], before=YAML, after="")


# -- secrecy -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("secret, file_type", [(SECRET_YAML, "yaml"), (SECRET_PROPERTIES, "properties")])
def test_sensitive_content_is_in_no_result(run_module, shop, secret, file_type):
    task = dict(group="shop", name="cart-datasource", type=file_type, content=secret, sensitive=True)
    results = [run_module(main, check_mode=True, diff=True, **task)[1], run_module(main, diff=True, **task)[1],
               run_module(main, diff=True, **task)[1]]
    changed = secret.replace("Kx93", "Kx94").replace("Vb61", "Vb62")
    results += [run_module(main, check_mode=True, diff=True, **dict(task, content=changed))[1],
                run_module(main, diff=True, **dict(task, content=changed))[1],
                run_module(main, diff=True, group="shop", name="cart-datasource", state="absent")[1]]
    assert [result["changed"] for result in results] == [True, True, False, True, True, True]
    assert files(shop) == {}
    for result in results:
        assert leaks(result) == [] and shown(result, changed) == [], json.dumps(result)
    created, again, updated = results[1], results[2], results[4]
    assert "content" not in created["config"] and created["config"]["sensitive"] is True
    assert created["diff"][1]["before"] == "" and created["diff"][1]["after"] == "(sensitive content: not shown)\n"
    assert again["diff"][1]["before"] == again["diff"][1]["after"] == \
        "(sensitive content of version v1: not shown)\n"
    assert updated["diff"][1]["before"] == "(sensitive content of version v1: not shown)\n"
    assert updated["diff"][1]["after"] == "(sensitive content, changed: not shown)\n"
    assert created["invocation"]["module_args"]["content"] in ("********", "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")


def test_a_file_sensitive_on_the_server_is_secret_without_the_task_saying_so(run_module, shop):
    seed(shop, name="cart-datasource", content=SECRET_YAML, sensitive=True)
    code, result = run_module(main, diff=True, group="shop", name="cart-datasource", content=SECRET_YAML)
    assert result["changed"] is False and leaks(result) == [] and "content" not in result["config"]
    changed = SECRET_YAML.replace("Kx93", "Kx94")
    code, result = run_module(main, diff=True, group="shop", name="cart-datasource", content=changed)
    assert result["changed"] is True and leaks(result) == [] and shown(result, changed) == []
    assert files(shop)["cart-datasource"]["sensitive"] is True


@pytest.mark.parametrize("sensitive", [True, None])
def test_a_delete_never_shows_the_content_the_task_gives_of_a_sensitive_file(run_module, shop, sensitive):
    seed(shop, name="cart-datasource", content=SECRET_YAML, sensitive=True)
    code, result = run_module(main, diff=True, group="shop", name="cart-datasource", content=SECRET_YAML,
                              sensitive=sensitive, state="absent")
    assert result["changed"] is True and leaks(result) == []
    code, result = run_module(main, group="shop", name="cart-datasource", content=SECRET_YAML, sensitive=True,
                              state="absent")
    assert result["changed"] is False and leaks(result) == []


def test_making_a_file_sensitive_hides_its_old_and_new_content(run_module, shop):
    seed(shop, name="cart-datasource", content=SECRET_PROPERTIES, type="properties")
    code, result = run_module(main, diff=True, group="shop", name="cart-datasource", content=SECRET_PROPERTIES,
                              sensitive=True)
    assert result["changed"] is True and leaks(result) == []
    assert result["diff"][0]["after"]["sensitive"] is True and "content" not in result["config"]


def test_an_api_message_that_quotes_sensitive_content_is_masked(run_module, shop):
    quoted = "invalid content at line 4: %s" % SECRET_YAML.splitlines()[3].strip()
    shop.add_faults([{"method": "POST", "path": CONFIGS, "status": 400,
                      "body": {"error_code": "SVCSTG.00100400", "error_msg": quoted}}])
    code, result = run_module(main, group="shop", name="cart-datasource", type="yaml", content=SECRET_YAML,
                              sensitive=True)
    assert code == 1 and result["status"] == 400 and result["error_code"] == "SVCSTG.00100400"
    assert leaks(result) == [] and "********" in result["error_msg"] and "********" in result["msg"]


def test_a_task_refused_before_any_request_never_shows_the_content(run_module, shop):
    code, result = run_module(main, group="shop", name="cart datasource", type="yaml", content=SECRET_YAML)
    assert code == 1 and shop.log == [] and leaks(result) == []
    code, result = run_module(main, group="shop", name="cart-datasource", type="json", content=SECRET_YAML)
    assert code == 1 and shop.log == [] and leaks(result) == [] and "yaml, properties" in result["msg"]


def test_invalid_yaml_says_where_and_what_and_quotes_the_content_only_when_not_sensitive(run_module, shop):
    broken = "a: 1\nb: *undefined_alias_Qz\n"
    code, result = run_module(main, **dict(TASK, content=broken, sensitive=False))
    assert code == 1 and shop.log == []
    assert "content is not valid YAML (line 2, column 4: found undefined alias 'undefined_alias_Qz')" in result["msg"]
    for sensitive in (True, None):
        code, result = run_module(main, **dict(TASK, content=broken, sensitive=sensitive))
        assert code == 1 and shop.log == []
        assert "content is not valid YAML (line 2, column 4: found undefined alias ...)." in result["msg"]
        assert "undefined_alias_Qz" not in json.dumps(result)
    # the parser's own token names are not content
    code, result = run_module(main, **dict(TASK, content="a:\n  - b\n c: d\n"))
    assert "content is not valid YAML (line 3, column 2: expected <block end>, but found '<block mapping start>')" \
        in result["msg"], result["msg"]


def test_yaml_with_tags_several_documents_and_properties_are_accepted(run_module, shop):
    code, result = run_module(main, **dict(TASK, content="---\na: !Ref b\n---\nc: [1, 2]\n"))
    assert code == 0 and result["changed"] is True
    code, result = run_module(main, **dict(TASK, name="props", type="properties", content="a: [1\nb=2\n"))
    assert code == 0 and result["changed"] is True


def test_without_a_yaml_parser_the_content_is_sent_with_a_warning(run_module, shop, monkeypatch):
    monkeypatch.setattr(config_file, "HAS_YAML", False)
    code, result = run_module(main, **dict(TASK, content="a: [1\n"))
    assert code == 0 and result["changed"] is True
    assert any("has no YAML parser (PyYAML)" in warning and "without checking" in warning
               for warning in warnings_of(result))


# -- the group, the name, absence ----------------------------------------------------------------------------
def test_a_missing_group_is_refused_and_predicted_in_check_mode(run_module, v3):
    code, result = run_module(main, **TASK)
    assert code == 1 and v3.writes() == []
    assert result["msg"] == ("configuration group 'shop' does not exist: nothing was written. Create it first with "
                             "huaweicloud.servicestage.servicestage_config_group.")
    code, result = run_module(main, check_mode=True, **TASK)
    assert code == 0 and result["changed"] is True and v3.writes() == []
    assert any("check mode predicts the create of cart-application-yaml" in warning
               for warning in warnings_of(result))
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert code == 0 and result["changed"] is False
    assert result["msg"] == ("configuration group 'shop' does not exist, so neither does configuration file "
                             "'cart-application-yaml' of group 'shop'")


def test_a_group_given_by_its_id(run_module, shop):
    group_id = shop.v3_config.config_groups(UNIT_PROJECT)[0]["id"]
    code, result = run_module(main, **dict(TASK, group=group_id))
    assert result["changed"] is True and result["config"]["config_group_id"] == group_id
    assert result["msg"].endswith("of group 'shop' (version v1)")


@pytest.mark.parametrize("delete_missing", ["200", "not_found"])
def test_absent_twice_is_decided_by_reading(run_module, shop, delete_missing):
    shop.v3_config.configure(config_delete_missing=delete_missing)
    made = seed(shop)
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert result["changed"] is True and writes(shop) == [("DELETE", "/configs/%s" % made["id"])]
    assert result["msg"] == "deleted configuration file 'cart-application-yaml' of group 'shop'"
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert result["changed"] is False and len(writes(shop)) == 1
    assert result["msg"] == "configuration file 'cart-application-yaml' of group 'shop' does not exist"


def test_a_delete_answered_200_that_left_the_file_fails(run_module, shop):
    seed(shop)
    shop.add_faults([{"method": "DELETE", "status": 200, "body": None}])
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert code == 1 and "reading it back shows it is still there" in result["msg"]


@pytest.mark.parametrize("scope", ["group", "project"])
def test_the_scope_of_a_files_name(run_module, shop, scope):
    shop.v3_config.configure(config_name_scope=scope)
    other = shop.v3_config.seed_config_group(UNIT_PROJECT, "other")
    theirs = shop.v3_config.seed_config(UNIT_PROJECT, "other", "cart-application-yaml", "x: 1\n")
    code, result = run_module(main, **TASK)
    if scope == "group":
        assert code == 0 and result["changed"] is True and writes(shop) == [("POST", "/configs")]
        assert sorted(item["config_group_id"] == other["id"] for item in shop.v3_config.configs(UNIT_PROJECT)) == [
            False, True]
    else:
        assert code == 1 and result["changed"] is False and writes(shop) == [("POST", "/configs")]
        assert ("configuration file 'cart-application-yaml' is in group 'other' (file id %s), and the API keeps file "
                "names unique in the project" % theirs["id"]) in result["msg"]
        assert result["status"] == 400


def test_a_name_someone_else_took_meanwhile_fails_naming_it(run_module, shop):
    theirs = seed(shop)
    shop.add_faults([{"method": "GET", "path": CONFIGS, "status": 200, "body": {"count": 0, "configs": []}}])
    code, result = run_module(main, **TASK)
    assert code == 1 and result["changed"] is False and writes(shop) == [("POST", "/configs")]
    assert result["msg"].startswith("configuration file 'cart-application-yaml' of group 'shop' was created meanwhile "
                                    "by someone else (id %s)" % theirs["id"])


def test_the_files_are_paged_through(run_module, shop):
    shop.v3.configure(name_filter="fuzzy")
    for index in range(120):
        seed(shop, name="cart-application-yaml%03d" % index, content="a: %d\n" % index)
    seed(shop)
    code, result = run_module(main, **TASK)
    assert result["changed"] is False and result["config"]["name"] == "cart-application-yaml"
    listed = [entry["query"] for entry in shop.log if entry["path"].endswith("/configs")]
    assert len(listed) == 2 and "offset=100" in listed[1]


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_a_file_deleted_between_the_list_and_its_read_is_missing(run_module, shop, not_found):
    shop.v3.configure(not_found=not_found)
    made = seed(shop)
    listed = shop.v3_config.configs(UNIT_PROJECT)
    del shop.v3_config.project(UNIT_PROJECT).configs[made["id"]]
    shop.add_faults([{"method": "GET", "path": CONFIGS, "status": 200, "body": {"count": 1, "configs": listed}}])
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert code == 0 and result["changed"] is False and writes(shop) == []
    assert [entry["status"] for entry in shop.log if entry["path"].endswith(made["id"])] == [int(not_found[:3])]


# -- lost answers --------------------------------------------------------------------------------------------
def test_a_create_whose_answer_was_lost_is_found_by_its_name_and_not_sent_again(run_module, shop):
    shop.add_faults([{"method": "POST", "path": CONFIGS, "drop": True, "commit": True}])
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is True and writes(shop) == [("POST", "/configs")]
    assert result["version"] == "v1" and result["config"]["id"] == files(shop)["cart-application-yaml"]["id"]
    assert any("looking the name up shows it was carried out" in warning for warning in warnings_of(result))


@pytest.mark.parametrize("commit", [True, False])
def test_an_update_whose_answer_was_lost_is_read_back(run_module, shop, commit):
    seed(shop)
    shop.add_faults([{"method": "PUT", "path": ONE, "drop": True, "commit": commit}])
    code, result = run_module(main, **dict(TASK, content="a: 2\n"))
    assert code == 0 and result["changed"] is True and result["version"] == "v2"
    assert [entry["outcome"] for entry in puts(shop)] == ([200] if commit else [None, 200])
    assert [history["version"] for history in shop.v3_config.config_histories(UNIT_PROJECT,
                                                                              "cart-application-yaml")] == ["v1", "v2"]


def test_an_update_answered_5xx_after_it_was_carried_out_is_not_sent_again(run_module, shop):
    seed(shop)
    shop.add_faults([{"method": "PUT", "path": ONE, "status": 503, "commit": True}])
    code, result = run_module(main, **dict(TASK, content="a: 2\n"))
    assert code == 0 and result["changed"] is True and len(puts(shop)) == 1 and result["version"] == "v2"


def test_a_delete_whose_answer_was_lost_is_read_back_and_not_sent_again(run_module, shop):
    seed(shop)
    shop.add_faults([{"method": "DELETE", "drop": True, "commit": True}])
    code, result = run_module(main, group="shop", name="cart-application-yaml", state="absent")
    assert code == 0 and result["changed"] is True and [entry["method"] for entry in shop.writes()] == ["DELETE"]


def test_a_write_whose_fate_cannot_be_read_may_have_been_carried_out(run_module, shop):
    seed(shop)
    shop.add_faults([{"method": "PUT", "path": ONE, "drop": True, "commit": True},
                     {"method": "GET", "path": ONE, "status": 503, "times": 10, "skip": 1}])
    code, result = run_module(main, **dict(TASK, content="a: 2\n"))
    assert code == 1 and result["changed"] is True and len(puts(shop)) == 1, result["msg"]
    assert "may have been carried out" in result["msg"]


# -- input ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("task, message", [
    (dict(TASK, name="cart application"),
     "name 'cart application' is not a valid configuration file name: use 2 to 64 letters, digits, '-', '_' or '.', "
     "starting with a letter and ending with a letter or digit"),
    (dict(TASK, name="cart.yaml."), "is not a valid configuration file name"),
    (dict(TASK, name="c" * 65), "is not a valid configuration file name"),
    (dict(TASK, name="1cart"), "is not a valid configuration file name"),
    (dict(TASK, group=" "), "group must not be empty"),
    (dict(TASK, description="d" * 129), "at most 128"),
    (dict(TASK, content="a: [1\n"), "content is not valid YAML (line 2, column 1"),
    (dict(TASK, type="json"), "value of type must be one of: yaml, properties, got: json"),
    (dict(group="shop", name="cart"), "state is present but all of the following are missing: content"),
])
def test_bad_input_is_refused_before_any_request(run_module, shop, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and shop.log == [] and message in result["msg"], result["msg"]


# -- a name with a dot: the issue's example (cart-application.yaml) against the API pages (no dot) -------------------
def test_a_name_with_a_dot_is_sent_and_where_the_api_refuses_it_a_name_that_would_do_is_named(run_module, shop):
    """The API pages allow no dot (switch config_file_name_dots: refuse): the create is sent, refused, and the failure
    names a name that would do; nothing was written, and the task says so."""
    task = dict(TASK, name="cart-application.yaml")
    code, result = run_module(main, check_mode=True, **task)
    assert (code, result["changed"], writes(shop)) == (0, True, [])
    assert "ServiceStage may refuse 'cart-application.yaml'; 'cart-application-yaml' would do" in " ".join(
        warnings_of(result)), result
    code, result = run_module(main, **task)
    assert (code, result["changed"], files(shop)) == (1, False, {}), result["msg"]
    assert result["status"] == 400 and "'cart-application-yaml' would do" in result["msg"], result["msg"]


def test_a_name_with_a_dot_is_kept_where_the_api_takes_it(run_module, shop):
    """Where the API takes a dot (switch config_file_name_dots: allow), the issue's example works as written, and its
    re-run writes nothing."""
    shop.v3_config.configure(config_file_name_dots="allow")
    task = dict(TASK, name="cart-application.yaml")
    code, result = run_module(main, **task)
    assert (code, result["changed"], list(files(shop))) == (0, True, ["cart-application.yaml"]), result["msg"]
    code, result = run_module(main, **task)
    assert (code, result["changed"], len(writes(shop))) == (0, False, 1), result["msg"]
