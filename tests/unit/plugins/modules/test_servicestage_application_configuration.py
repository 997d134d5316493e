# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_application_configuration against the in-process emulator: the variables as a dictionary, purge,
secret values compared and never shown, assign_strategy as Terraform's boolean, absence decided by reading, lost
answers settled without a second write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud import transport as _huaweicloud_transport
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import (
    application_configuration,
)
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_application_configuration import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown, warnings_of

TASK = dict(application="shop", environment="prod", envs={"FEATURE_X": "on", "REGION": "cn-north-4"})
SECRET = u"Pay-K3y-\u00fcn\u00efc\u00f6d\u00e9-\u5bc6-Hz47\nsecond-line-Qp88"
OTHER_SECRET = "Pay-K3y-rotated-Lm29-UNIT"
PATH = r"/applications/[0-9a-f-]+/configuration"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(_huaweicloud_transport, "backoff_seconds", lambda retry_number: 0.0)


def writes(emulator):
    return [entry["method"] for entry in emulator.writes()]


def stored(emulator):
    items = emulator.v3_config.application_configuration(UNIT_PROJECT, "shop")
    if not items:
        return None
    configuration = items[0]["configuration"]
    return dict((item["name"], item["value"]) for item in configuration["env"]), configuration["assign_strategy"]


def seed(emulator, envs, assign_strategy=False):
    emulator.v3_config.set_application_configuration(UNIT_PROJECT, "shop", "prod", envs, assign_strategy)


def leaks(result):
    return shown(result, SECRET, OTHER_SECRET, UNIT_TOKEN)


def test_set_then_the_same_task_writes_nothing(run_module, v3):
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is True and writes(v3) == ["PUT"]
    assert result["msg"] == ("set the configuration of application 'shop' in environment 'prod' (it does not exist)")
    assert stored(v3) == ({"FEATURE_X": "on", "REGION": "cn-north-4"}, False)
    assert result["envs"] == {"FEATURE_X": "on", "REGION": "cn-north-4"} and result["assign_strategy"] == "always"
    assert result["configuration"]["environment_id"] == v3.v3.environments(UNIT_PROJECT)[0]["id"]
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is False and writes(v3) == ["PUT"]
    assert result["msg"] == "the configuration of application 'shop' in environment 'prod' is already as wanted: it matches"


def test_values_are_compared_as_text(run_module, v3):
    seed(v3, {"PORT": "8080", "DEBUG": "true"})
    code, result = run_module(main, application="shop", environment="prod", envs={"PORT": 8080, "DEBUG": True})
    assert result["changed"] is False and writes(v3) == []


def test_without_purge_the_others_are_kept_and_with_it_removed(run_module, v3):
    seed(v3, {"KEEP": "1", "FEATURE_X": "off"})
    code, result = run_module(main, diff=True, **TASK)
    assert result["changed"] is True and stored(v3)[0] == {"KEEP": "1", "FEATURE_X": "on", "REGION": "cn-north-4"}
    assert result["msg"].endswith("(FEATURE_X differs; REGION added)")
    assert result["diff"] == {"before": {"envs": {"KEEP": "1", "FEATURE_X": "off"}, "assign_strategy": "always"},
                              "after": {"envs": {"KEEP": "1", "FEATURE_X": "on", "REGION": "cn-north-4"},
                                        "assign_strategy": "always"}}
    code, result = run_module(main, purge=True, **TASK)
    assert result["changed"] is True and stored(v3)[0] == {"FEATURE_X": "on", "REGION": "cn-north-4"}
    assert result["msg"].endswith("(KEEP removed)")
    code, result = run_module(main, purge=True, **TASK)
    assert result["changed"] is False and writes(v3) == ["PUT", "PUT"]


@pytest.mark.parametrize("strategy, sent", [("always", False), ("on_create", True)])
def test_assign_strategy_is_sent_as_terraforms_boolean_inside_configuration(run_module, v3, strategy, sent):
    code, result = run_module(main, assign_strategy=strategy, **TASK)
    assert result["changed"] is True and stored(v3)[1] is sent and result["assign_strategy"] == strategy
    code, result = run_module(main, assign_strategy=strategy, **TASK)
    assert result["changed"] is False
    # left out: kept as the API reports it
    code, result = run_module(main, envs={"FEATURE_X": "off"}, application="shop", environment="prod")
    assert result["changed"] is True and stored(v3)[1] is sent
    other = "on_create" if strategy == "always" else "always"
    code, result = run_module(main, assign_strategy=other, application="shop", environment="prod")
    assert result["changed"] is True and result["msg"].endswith("(assign_strategy differs)")
    assert stored(v3) == ({"FEATURE_X": "off", "REGION": "cn-north-4"}, not sent)


def test_an_assign_strategy_the_api_does_not_report_is_not_compared(run_module, v3):
    seed(v3, {"FEATURE_X": "on", "REGION": "cn-north-4"})
    item = v3.v3_config.application_configuration(UNIT_PROJECT, "shop")[0]
    del item["configuration"]["assign_strategy"]
    v3.add_faults([{"method": "GET", "path": PATH, "status": 200, "body": {"configuration": [item]}}])
    code, result = run_module(main, assign_strategy="on_create", **TASK)
    assert result["changed"] is False and writes(v3) == []
    assert any("does not report the assign_strategy" in warning for warning in warnings_of(result))


def test_secret_values_are_compared_and_never_shown(run_module, v3):
    task = dict(TASK, secret_envs={"PAY_KEY": SECRET})
    results = [run_module(main, check_mode=True, diff=True, **task)[1], run_module(main, diff=True, **task)[1],
               run_module(main, diff=True, **task)[1],
               run_module(main, diff=True, **dict(TASK, secret_envs={"PAY_KEY": OTHER_SECRET}))[1],
               run_module(main, diff=True, **dict(TASK, secret_envs={"PAY_KEY": OTHER_SECRET}))[1],
               run_module(main, diff=True, application="shop", environment="prod", envs={"FEATURE_X": "off"},
                          secret_envs={"PAY_KEY": OTHER_SECRET})[1],
               run_module(main, diff=True, application="shop", environment="prod", state="absent",
                          )[1]]
    assert [result["changed"] for result in results] == [True, True, False, True, False, True, True]
    for result in results:
        assert leaks(result) == [], json.dumps(result)
    planned, created, again, rotated = results[:4]
    assert planned["diff"]["after"]["envs"]["PAY_KEY"] == "<hidden: set>" and v3.writes()[0]["method"] == "PUT"
    assert created["envs"]["PAY_KEY"] == "<hidden>"
    assert [item for item in created["configuration"]["configuration"]["env"] if item["name"] == "PAY_KEY"] == [
        {"name": "PAY_KEY", "value": "<hidden>"}]
    assert again["diff"]["before"]["envs"]["PAY_KEY"] == again["diff"]["after"]["envs"]["PAY_KEY"] == "<hidden>"
    assert rotated["diff"]["after"]["envs"]["PAY_KEY"] == "<hidden: changed>"
    assert rotated["msg"].endswith("(PAY_KEY differs)")
    assert rotated["invocation"]["module_args"]["secret_envs"] in (
        "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", {"PAY_KEY": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"})


def test_a_value_the_api_reports_for_a_secret_is_masked_even_when_it_changes(run_module, v3):
    seed(v3, {"PAY_KEY": OTHER_SECRET})
    v3.add_faults([{"method": "PUT", "path": PATH, "status": 400,
                    "body": {"error_code": "SVCSTG.00100400", "error_msg": "value %s refused" % OTHER_SECRET}}])
    code, result = run_module(main, application="shop", environment="prod", secret_envs={"PAY_KEY": SECRET})
    assert code == 1 and result["status"] == 400 and leaks(result) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_absent_twice_is_decided_by_reading(run_module, v3, check_mode):
    seed(v3, {"FEATURE_X": "on"})
    code, result = run_module(main, check_mode=check_mode, application="shop", environment="prod", state="absent")
    assert code == 0 and result["changed"] is True
    if check_mode:
        assert writes(v3) == [] and stored(v3) is not None
        assert result["msg"] == "would delete the configuration of application 'shop' in environment 'prod'"
        return
    assert writes(v3) == ["DELETE"] and stored(v3) is None
    assert v3.writes()[0]["query"] == "environment_id=%s" % v3.v3.environments(UNIT_PROJECT)[0]["id"]
    code, result = run_module(main, application="shop", environment="prod", state="absent")
    assert result["changed"] is False and writes(v3) == ["DELETE"]
    assert result["msg"] == "the configuration of application 'shop' in environment 'prod' does not exist"


def test_a_delete_answered_with_success_that_left_it_fails(run_module, v3):
    seed(v3, {"FEATURE_X": "on"})
    v3.add_faults([{"method": "DELETE", "status": 204, "body": None}])
    code, result = run_module(main, application="shop", environment="prod", state="absent")
    assert code == 1 and "reading it back shows it is still there" in result["msg"]


def test_check_mode_writes_nothing(run_module, v3):
    code, result = run_module(main, check_mode=True, diff=True, **TASK)
    assert result["changed"] is True and writes(v3) == [] and result["envs"] == {}
    assert result["msg"] == ("would set the configuration of application 'shop' in environment 'prod': it does not "
                             "exist")
    assert result["diff"] == {"before": {}, "after": {"envs": TASK["envs"], "assign_strategy": None}}


def test_a_missing_application_or_environment(run_module, v3):
    code, result = run_module(main, application="shob", environment="prod", envs={"A": "1"})
    assert code == 1 and writes(v3) == []
    assert result["msg"].startswith("application 'shob' does not exist (the closest name there is: 'shop'): nothing was "
                                    "written. Create it with huaweicloud.servicestage.servicestage_application")
    code, result = run_module(main, check_mode=True, application="shop", environment="staging", envs={"A": "1"})
    assert code == 0 and result["changed"] is True
    assert any("environment 'staging' does not exist" in warning and "check mode predicts" in warning
               for warning in warnings_of(result))
    code, result = run_module(main, application="shob", environment="prod", state="absent")
    assert code == 0 and result["changed"] is False


def test_by_ids(run_module, v3):
    application = v3.v3.applications(UNIT_PROJECT)[0]
    environment = v3.v3.environments(UNIT_PROJECT)[0]
    code, result = run_module(main, application=application["id"], environment=environment["id"], envs={"A": "1"})
    assert result["changed"] is True and stored(v3) == ({"A": "1"}, False)


@pytest.mark.parametrize("commit", [True, False])
def test_a_write_whose_answer_was_lost_is_read_back(run_module, v3, commit):
    v3.add_faults([{"method": "PUT", "path": PATH, "drop": True, "commit": commit}])
    code, result = run_module(main, **TASK)
    assert code == 0 and result["changed"] is True and stored(v3)[0] == TASK["envs"]
    assert [entry["outcome"] for entry in v3.writes()] == ([200] if commit else [None, 200])
    if commit:
        assert any("reading the variables back shows it was carried out" in warning
                   for warning in warnings_of(result))


def test_a_delete_whose_answer_was_lost_is_read_back(run_module, v3):
    seed(v3, {"A": "1"})
    v3.add_faults([{"method": "DELETE", "path": PATH, "drop": True, "commit": True}])
    code, result = run_module(main, application="shop", environment="prod", state="absent")
    assert code == 0 and result["changed"] is True and writes(v3) == ["DELETE"] and stored(v3) is None


@pytest.mark.parametrize("not_found", ["401", "404", "404-empty"])
def test_a_missing_application_id_in_every_form(run_module, v3, not_found):
    v3.v3.configure(not_found=not_found)
    code, result = run_module(main, application="0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22", environment="prod",
                              state="absent")
    assert code == 0 and result["changed"] is False and writes(v3) == []


@pytest.mark.parametrize("task, message", [
    (dict(TASK, envs={"1BAD": "x"}), "envs: '1BAD' is not a valid variable name"),
    (dict(TASK, envs={"A" * 65: "x"}), "is not a valid variable name"),
    (dict(TASK, envs={"A": None}), "envs.A must be a text, a number or a boolean"),
    (dict(TASK, envs={"A": "1"}, secret_envs={"A": "2"}), "A is given in both envs and secret_envs"),
    (dict(application="shop", environment="prod", purge=True), "purge is true but no variable is given"),
    (dict(TASK, state="absent"), "envs is for state: present"),
    (dict(TASK, application=" "), "application must not be empty"),
    (dict(TASK, assign_strategy="sometimes"), "value of assign_strategy must be one of: always, on_create"),
])
def test_bad_input_is_refused_before_any_request(run_module, v3, task, message):
    code, result = run_module(main, **task)
    assert code == 1 and v3.log == [] and message in result["msg"], result["msg"]


def test_a_secret_value_is_never_quoted_by_an_input_error(run_module, v3):
    code, result = run_module(main, application="shop", environment="prod", secret_envs={"PAY_KEY": [SECRET]})
    assert code == 1 and leaks(result) == [] and "secret_envs.PAY_KEY must be a text" in result["msg"]


def test_the_strategies_are_terraforms_booleans():
    assert application_configuration.STRATEGIES == {"always": False, "on_create": True}
