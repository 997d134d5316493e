# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The review of issue 29 (configuration as code): one test per finding. Each asserts the behaviour the issue or the
modules' own documentation promises, and failed on the code under review; its docstring says what was wrong and
why it matters."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config import main as config_main
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_config_info import main as info_main
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_application_configuration import (
    main as app_config_main,
)
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, shown
from ansible_collections.huaweicloud.servicestage.tests.unit.plugins.modules import test_servicestage_config as base

APP_CONFIG_PATH = r"/applications/[0-9a-f-]+/configuration\Z"
# An id no earlier task can create: a group's or an application's name must start with a letter.
MISSING_ID = "0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22"
# the fixtures of servicestage_config's tests: no backoff between retries, a configuration group 'shop'
no_backoff = base.no_backoff
shop = base.shop


# -- secrecy -------------------------------------------------------------------------------------------------
def test_history_of_a_file_that_stopped_being_sensitive_never_shows_its_old_secret(run_module, shop):
    """servicestage_config_info decides whether a history record's content is a secret from the record's own
    ``sensitive`` key (history_of: ``is_true(record.get("sensitive"))``). The API's history record, as the fact sheet
    and page 06_0200 list it, has no such key: {config_history_id, config_id, content, version, type, create_time,
    components, creator, group_id, config_name, description}. Only the emulator adds it. So once a sensitive file is
    made non-sensitive (a new, harmless content), ``history: true`` prints every earlier secret in plain text.
    The issue: sensitive content never appears in any output, history included. Fix: a record that does not say
    ``sensitive: false`` is treated as sensitive (content left out and masked), unless the module can prove
    otherwise."""
    secret = u"password: Hist-S3cr\u00e9t-Kq71\n"
    code, result = run_module(config_main, group="shop", name="cart-db", type="yaml", content=secret, sensitive=True)
    assert code == 0
    code, result = run_module(config_main, group="shop", name="cart-db", content="password: none\n", sensitive=False)
    assert code == 0
    shop.v3_config.configure(config_history_sensitive=False)  # as the API documents the record
    code, result = run_module(info_main, group="shop", name="cart-db", history=True)
    assert code == 0 and len(result["configs"][0]["history"]) == 1
    assert shown(result, secret, u"Hist-S3cr\u00e9t-Kq71") == [], json.dumps(result["configs"][0]["history"])
    assert "content" not in result["configs"][0]["history"][0]
    # where the records say (config_history_sensitive true), only the sensitive version is left out
    code, result = run_module(config_main, group="shop", name="cart-db", content="password: none-2\n")
    shop.v3_config.configure(config_history_sensitive=True)
    code, result = run_module(info_main, group="shop", name="cart-db", history=True)
    history = result["configs"][0]["history"]
    assert [record.get("content") for record in history] == [None, "password: none\n"], json.dumps(history)
    assert shown(result, secret, u"Hist-S3cr\u00e9t-Kq71") == []


def test_an_api_message_quoting_part_of_a_secret_line_is_masked(run_module, shop):
    """A sensitive file's content is masked whole and line by line (secret_pieces), and the docs promise it is
    masked in "an API message that quotes it". An API validator that quotes only the offending value (the part
    after ``=`` or ``:``), not the whole line, is shown in ``msg`` and ``error_msg`` in plain text. The module
    already strips quoted pieces from its own YAML parser's messages when the content is a secret; the API's
    messages get no such treatment. Fix: for a sensitive file, strip quoted pieces from the API's error_msg as
    yaml_error does (or leave error_msg out and say so)."""
    secret = "db.user=cart\ndb.password=Frag-S3cret-Zu82\n"
    shop.add_faults([{"method": "POST", "path": r"/configs\Z", "status": 400,
                      "body": {"error_code": "SVCSTG.00100400", "error_msg": "invalid value 'Frag-S3cret-Zu82'"}}])
    code, result = run_module(config_main, group="shop", name="cart-db", type="properties", content=secret,
                              sensitive=True)
    assert code == 1 and result["status"] == 400 and result["error_code"] == "SVCSTG.00100400"
    assert shown(result, "Frag-S3cret-Zu82") == [], result["msg"]


def test_masking_a_sensitive_file_does_not_corrupt_another_files_content(run_module, shop):
    """servicestage_config_info registers every line (6 characters or more) of a sensitive file as a no_log value,
    so Ansible replaces that text everywhere in the result. Structural YAML lines such as ``spring:``, ``server:``
    or ``logging:`` are in nearly every file: the content of a non-sensitive file of the same group comes back as
    ``********\\n  port: 8080``, which a play that compares, templates or backs up the content cannot use. The note
    in the docs admits it, but the trade-off is wrong: ``spring:`` is no secret, and the sensitive content itself is
    never put in the result anyway. Fix: mask the whole content and only lines that carry a value (or drop line
    masking, since the content is left out), never bare keys."""
    shop.v3_config.seed_config(UNIT_PROJECT, "shop", "cart-db", "spring:\n  password: S3cret-Pw-88\n", sensitive=True)
    shop.v3_config.seed_config(UNIT_PROJECT, "shop", "cart-yaml", "spring:\n  port: 8080\n")
    code, result = run_module(info_main, group="shop")
    assert code == 0 and shown(result, "S3cret-Pw-88") == []
    plain = [item for item in result["configs"] if item["name"] == "cart-yaml"][0]
    assert plain["content"] == "spring:\n  port: 8080\n"


# -- assign_strategy ------------------------------------------------------------------------------------------
def test_an_unreported_assign_strategy_is_not_silently_reset(run_module, v3):
    # fixed by refusing: the collection cannot predict what the API does with a write that sends no strategy
    """The docs: "When not given, an existing configuration keeps its strategy (sent back as the API reports it)",
    and the SDK's model lacks assign_strategy, so an API that does not report it is a case the module itself plans
    for. Then a task that changes only envs and does not give assign_strategy sends a PUT without it, and the API's
    default (false, Terraform's and the emulator's) silently turns an ``on_create`` configuration into ``always``:
    every later component upgrade then overwrites the components' own values. No warning is given (the warning
    exists only when the task gives assign_strategy). Fix: warn (or refuse, asking for assign_strategy) when the
    strategy is not reported and the task does not give it, since the write will reset it."""
    v3.v3_config.set_application_configuration(UNIT_PROJECT, "shop", "prod", {"A": "1"}, True)
    item = v3.v3_config.application_configuration(UNIT_PROJECT, "shop")[0]
    del item["configuration"]["assign_strategy"]
    v3.add_faults([{"method": "GET", "path": APP_CONFIG_PATH, "status": 200, "body": {"configuration": [item]}}])
    code, result = run_module(app_config_main, application="shop", environment="prod", envs={"A": "2"})
    assert (code, result["changed"], v3.writes()) == (1, False, []), result["msg"]
    assert "give assign_strategy (always or on_create)" in result["msg"], result["msg"]
    code, result = run_module(app_config_main, application="shop", environment="prod", envs={"A": "2"},
                              assign_strategy="on_create")
    assert (code, result["changed"]) == (0, True), result["msg"]
    kept = v3.v3_config.application_configuration(UNIT_PROJECT, "shop")[0]["configuration"]["assign_strategy"]
    assert kept is True


# -- check mode tells the truth ---------------------------------------------------------------------------------
def test_check_mode_does_not_predict_a_create_in_a_group_id_that_cannot_exist(run_module, shop):
    """servicestage_config with ``group`` given as an id that does not exist: the real run fails ("does not
    exist: nothing was written"), but check mode says ``changed: true``, "would create", with a warning that an
    earlier task may create the group. No task can: servicestage_config_group refuses an id as the name of a new
    group ("an id is not the name of a new group"), and a group name must start with a letter. Check mode must
    predict the failure. Fix: predict a missing group only when it is given by a name."""
    task = dict(group=MISSING_ID, name="cart-yaml", type="yaml", content="a: 1\n")
    code, real = run_module(config_main, **task)
    assert code == 1 and shop.writes() == []
    code, planned = run_module(config_main, check_mode=True, **task)
    assert code == 1 and planned["changed"] is False, planned["msg"]


def test_check_mode_does_not_predict_a_write_for_an_application_id_that_cannot_exist(run_module, v3):
    """The same for servicestage_application_configuration: an application given by an id that does not exist
    fails the real run, while check mode reports ``changed: true`` and "an earlier task may create the
    application". No earlier task creates an application with a given id. Fix: predict a missing application or
    environment only when it is given by a name."""
    task = dict(application=MISSING_ID, environment="prod", envs={"A": "1"})
    code, real = run_module(app_config_main, **task)
    assert code == 1 and v3.writes() == []
    code, planned = run_module(app_config_main, check_mode=True, **task)
    assert code == 1 and planned["changed"] is False, planned["msg"]


# -- errors and lookups -----------------------------------------------------------------------------------------
def test_deeply_nested_yaml_is_a_clear_input_error_not_a_bug_report(run_module, shop):
    """A ``type: yaml`` content nested deeper than Python's recursion limit (a broken template loop, say) makes
    PyYAML's composer raise RecursionError inside input validation; the task then fails with "unexpected
    RecursionError ... This is a bug of the collection; please report it". The issue asks for clear errors
    before any request for content that is not valid YAML. Fix: catch RecursionError in yaml_error and say
    "content is not valid YAML (nested too deeply)"."""
    code, result = run_module(config_main, group="shop", name="cart-yaml", type="yaml",
                              content="a: " + "[" * 3000 + "\n")
    assert code == 1 and shop.log == []
    assert "content is not valid YAML" in result["msg"] and "bug of the collection" not in result["msg"], \
        result["msg"]


def test_a_group_name_that_differs_only_in_case_is_named(run_module, shop):
    """servicestage_config with ``group: Shop`` when the project has ``shop``: the task fails with "configuration
    group 'Shop' does not exist ... Create it first", which sends the user to create a second group. The other
    modules' lookups (application, environment, component, and servicestage_config_group's refused create) name
    the group that differs only in case ("but 'shop' does: names are compared exactly"). Fix: use the same
    case_variants/closest-name hint for the group of servicestage_config (and servicestage_config_info)."""
    code, result = run_module(config_main, group="Shop", name="cart-yaml", type="yaml", content="a: 1\n")
    assert code == 1 and shop.writes() == []
    assert "'shop'" in result["msg"], result["msg"]
