# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The plans of applications and environments, without I/O: labels as a dict, resources as a set of (type,
id), what a PUT sends, what cannot change, and the diff (their descriptions, given what the API reports)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import Labels
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.application import (
    Application,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.environment import (
    RESOURCES,
    Environment,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.v3_object import (
    description_errors,
    label_errors,
)

ENVIRONMENT = {"id": "e1", "name": "prod", "vpc_id": "vpc-1", "deploy_mode": "container", "description": "Production",
               "labels": [{"key": "team", "value": "shop"}, {"key": "tier", "value": "web"}],
               "resources": [{"id": "c1", "type": "cce", "name": "cluster"}, {"id": "l1", "type": "elb"}],
               "creator": "someone", "create_time": 1}
APPLICATION = {"id": "a1", "name": "shop", "description": "", "labels": [], "component_count": 0}


class Api:
    v3 = None


def described(kind, params, found, present=True):
    """The description of a task with these options, having found what the API reports."""
    full = dict(name=(found or {}).get("name") or ("prod" if kind == "environment" else "shop"), description=None,
                labels=None, vpc_id=None, deploy_mode=None, resources=None, state="present" if present else "absent",
                wait=True, wait_timeout=1200)
    full.update(params)
    description = (Environment if kind == "environment" else Application)(Api(), full)
    description.found = description.before = found
    return description


class Decision:
    def __init__(self, plan):
        self.writes = plan.actions
        self.reason = plan.reason
        self.refused = plan.refused


class Planner:
    """plan(kind, want(...), found, present) of the descriptions."""

    @staticmethod
    def plan(kind, params, found, present=True):
        return Decision(described(kind, params, found, present).plan())

    @staticmethod
    def update_body(found, params):
        return described("environment" if "vpc_id" in found else "application", params, found).update_body()

    @staticmethod
    def create_body(kind, name, params):
        return described(kind, dict(params, name=name), None).create_body()

    @staticmethod
    def diff_view(kind, name, params, found):
        return described(kind, dict(params, name=name), found).diff()


app_env_plan = Planner


def want(kind="environment", **params):
    return params


@pytest.mark.parametrize("resources", [
    [{"id": "c1", "type": "cce"}, {"id": "l1", "type": "elb"}],
    [{"id": "l1", "type": "elb"}, {"id": "c1", "type": "cce"}],
    [{"id": "c1", "type": "cce", "name": "another-name"}, {"id": "l1", "type": "elb", "name": "lb"}],
], ids=["same", "other-order", "names-ignored"])
def test_resources_are_compared_as_a_set_of_type_and_id(resources):
    decision = app_env_plan.plan("environment", want(resources=resources), ENVIRONMENT)
    assert decision.writes == [] and decision.reason == "it matches"


@pytest.mark.parametrize("resources", [
    [{"id": "c1", "type": "cce"}],
    [{"id": "c1", "type": "cce"}, {"id": "l1", "type": "elb"}, {"id": "l2", "type": "elb"}],
    [{"id": "c1", "type": "cce"}, {"id": "l1", "type": "eip"}],
    [],
], ids=["one-less", "one-more", "same-id-other-type", "none"])
def test_another_set_of_resources_replaces_the_list(resources):
    decision = app_env_plan.plan("environment", want(resources=resources), ENVIRONMENT)
    assert decision.writes == ["resources"]
    assert decision.reason == "resources differ"


def test_labels_are_compared_as_a_dict_in_any_order_and_as_text():
    assert app_env_plan.plan("environment", want(labels={"tier": "web", "team": "shop"}), ENVIRONMENT).writes == []
    decision = app_env_plan.plan("environment", want(labels={"team": "shop"}), ENVIRONMENT)
    assert decision.writes == ["update"] and decision.reason == "labels differ"
    labelled = dict(APPLICATION, labels=[{"key": "release", "value": "10"}, {"key": "on", "value": "true"}])
    assert app_env_plan.plan("application", want("application", labels={"release": 10, "on": True}), labelled).writes == []


def test_labels_go_to_the_api_as_a_key_value_list():
    assert Labels().merged({"team": "shop", "release": 10}, None) == [
        {"key": "team", "value": "shop"}, {"key": "release", "value": "10"}]
    assert Labels.as_dict([{"key": "team", "value": "shop"}]) == {"team": "shop"}
    assert Labels.as_dict(None) == {}


@pytest.mark.parametrize("labels, message", [
    ({"k" * 37: "value"}, "label key"),
    ({"": "value"}, "label key"),
    ({"team name": "value"}, "label key"),
    ({"team": "x"}, "value 'x' is not valid"),
    ({"team": "v" * 44}, "is not valid"),
    ({"team": "a b"}, "is not valid"),
    ({"team": None}, "must have a text value"),
    ({"team": ["a", "b"]}, "must have a text value"),
    (dict(("key%d" % index, "value") for index in range(21)), "at most 20"),
])
def test_bad_labels_are_refused(labels, message):
    errors = label_errors(labels)
    assert len(errors) == 1 and message in errors[0]


def test_good_labels_pass():
    labels = dict(("k%d" % index, "v.%d_x-y" % index) for index in range(20))
    labels["K" * 36] = "V" * 43
    del labels["k0"]
    assert label_errors(labels) == []
    assert label_errors({"a": "10"}) == [] and label_errors(None) == []


def resource_errors(resources):
    return [error for error in Environment.input_errors(dict(
        name="prod", labels=None, description=None, vpc_id=None, wait_timeout=1, resources=resources)) if error]


def test_resources_listed_twice_or_without_id_are_refused():
    assert resource_errors([{"id": "c1", "type": "cce"}, {"id": "c1", "type": "cce", "name": "x"}]) == [
        "resource cce c1 is listed more than once"]
    assert resource_errors([{"id": " ", "type": "cce"}]) == ["resources[0] needs a non-empty id and type"]
    assert resource_errors([{"id": "c1", "type": "cce"}, {"id": "c1", "type": "ecs"}]) == []


def test_a_description_longer_than_128_characters_is_refused():
    assert description_errors("d" * 128) == []
    assert "at most 128" in description_errors("d" * 129)[0]


@pytest.mark.parametrize("field, value", [("vpc_id", "vpc-2"), ("deploy_mode", "mixed")])
def test_what_cannot_change_is_refused(field, value):
    decision = app_env_plan.plan("environment", want(description="other", **{field: value}), ENVIRONMENT)
    assert decision.writes == [] and decision.refused.startswith("environment 'prod' cannot change %s (" % field)
    assert "nothing was written" in decision.refused


def test_the_same_vpc_and_mode_are_not_a_change():
    assert app_env_plan.plan("environment", want(vpc_id="vpc-1", deploy_mode="container"), ENVIRONMENT).writes == []


def test_a_missing_object_is_created_then_given_its_resources():
    assert app_env_plan.plan("environment", want(vpc_id="v", resources=[{"id": "c", "type": "cce"}]), None).writes == [
        "create", "resources"]
    assert app_env_plan.plan("environment", want(vpc_id="v", resources=[]), None).writes == ["create"]
    assert app_env_plan.plan("application", want("application"), None).writes == ["create"]


def test_a_description_and_resources_change_is_an_update_and_a_resources_put():
    decision = app_env_plan.plan("environment", want(description="", resources=[]), ENVIRONMENT)
    assert decision.writes == ["update", "resources"] and decision.reason == "description, resources differ"


def test_absent():
    assert app_env_plan.plan("application", {}, APPLICATION, present=False).writes == ["delete"]
    assert app_env_plan.plan("application", {}, None, present=False).writes == []


def test_an_empty_description_is_the_same_as_none():
    assert app_env_plan.plan("application", want("application", description=""), dict(APPLICATION, description=None)
                             ).writes == []


def test_the_put_keeps_what_the_task_does_not_give():
    assert app_env_plan.update_body(ENVIRONMENT, want(labels={"team": "cart"})) == {
        "name": "prod", "description": "Production", "labels": [{"key": "team", "value": "cart"}]}
    assert app_env_plan.update_body(ENVIRONMENT, want(description="New")) == {
        "name": "prod", "description": "New", "labels": [{"key": "team", "value": "shop"}, {"key": "tier", "value": "web"}]}
    assert app_env_plan.update_body(dict(APPLICATION, labels=None, description=None), want("application", labels={})) == {
        "name": "shop", "description": "", "labels": []}


def test_the_create_body_has_only_what_the_task_gives():
    assert app_env_plan.create_body("environment", "prod", want(vpc_id="v", labels={"a": "bc"},
                                                                resources=[{"id": "c", "type": "cce"}])) == {
        "name": "prod", "vpc_id": "v", "labels": [{"key": "a", "value": "bc"}]}
    assert app_env_plan.create_body("application", "shop", want("application", description="d")) == {
        "name": "shop", "description": "d"}


def test_a_resources_put_keeps_the_names_the_api_lists():
    body = RESOURCES.merged([{"id": "c1", "type": "cce"}, {"id": "l2", "type": "elb", "name": "lb"}],
                            ENVIRONMENT["resources"])
    assert body == [{"id": "c1", "type": "cce", "name": "cluster"}, {"id": "l2", "type": "elb", "name": "lb"}]


def test_the_diff_shows_the_given_fields_and_both_resource_lists():
    before, after = app_env_plan.diff_view("environment", "prod", want(labels={"team": "cart"},
                                                                       resources=[{"id": "c2", "type": "cce"}]),
                                           ENVIRONMENT)
    assert before == {"name": "prod", "labels": {"team": "shop", "tier": "web"}, "resources": ENVIRONMENT["resources"]}
    assert after == {"name": "prod", "labels": {"team": "cart"}, "resources": [{"id": "c2", "type": "cce"}]}


def test_the_diff_of_unchanged_resources_shows_the_list_as_it_is():
    before, after = app_env_plan.diff_view("environment", "prod", want(resources=[{"id": "l1", "type": "elb"},
                                                                                  {"id": "c1", "type": "cce", "name": "x"}]),
                                           ENVIRONMENT)
    assert before == after


def test_the_diff_of_a_create_and_of_a_delete():
    assert app_env_plan.diff_view("application", "shop", want("application", labels={"a": "bc"}), None) == (
        {}, {"name": "shop", "labels": {"a": "bc"}})
    before, after = described("environment", {}, ENVIRONMENT, present=False).diff()
    assert after == {} and before == {"id": "e1", "name": "prod", "vpc_id": "vpc-1", "deploy_mode": "container",
                                      "description": "Production", "labels": {"team": "shop", "tier": "web"},
                                      "resources": ENVIRONMENT["resources"]}
