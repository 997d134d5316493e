# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The component's field rules and plan, without I/O: what is compared how (numbers as numbers, lists of values in
order, lists of objects by identity, objects as a subset, an object of another type replaced whole), the plan
(create, upgrade, scale, both, unchanged), and the PUT body that keeps what the task does not name and drops what
the server adds."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import EnvDict, by_type
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.component import (
    FIELDS,
    Component,
)

env_list = EnvDict.as_list


class Api:
    v3 = None
    git_auths = None


def described(wanted, component, present=True):
    """servicestage_component's description of a task naming these fields, having found component."""
    options = ("version", "source", "replica", "limit_cpu", "limit_memory", "envs", "refer_resources",
               "deploy_strategy", "labels")
    params = dict(application="shop", name="cart", environment=None, runtime_stack=None, state="present" if present
                  else "absent", wait=True, wait_timeout=1200, spec={})
    for key, value in wanted.items():
        if key in options:
            params[key] = dict((entry["name"], entry.get("value")) for entry in value) \
                if key == "envs" and isinstance(value, list) else value
        else:
            params["spec"][key] = value
    for key in options:
        params.setdefault(key, None)
    if component is None:
        params.update(environment="prod", runtime_stack={"name": "Docker", "type": "Docker", "deploy_mode": "container"})
    description = Component(Api(), params)
    description.application = {"id": "app-1", "name": "shop"}
    description.environment = {"id": "env-1", "name": "prod"}
    description.component = description.before = component
    description.component_id = "c-1" if component else None
    return description


class Decision:
    def __init__(self, plan):
        self.writes = plan.actions
        self.refused = plan.refused


def plan(wanted, component, present=True):
    return Decision(described(wanted, component, present).plan())


def put_body(component, wanted):
    description = described(wanted, component)
    return description.upgrade_body()


def differences(wanted, component):
    return FIELDS.differing(wanted, component)


def matches(want, have):
    return by_type(want).same(want, have)


# A component as GET shows it: the spec, and what the server adds.
COMPONENT = {
    "name": "cart",
    "runtime_stack": {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": "1.0"},
    "source": {"kind": "image", "storage": "swr", "auth": "iam", "url": "swr.example/shop/cart:1.4.1"},
    "version": "1.4.1",
    "replica": 2,
    "limit_cpu": "0.5",
    "limit_memory": 1,
    "timezone": "Asia/Shanghai",
    "envs": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "TZ", "value": "Asia/Shanghai"},
             {"name": "PAAS_APP_NAME", "value": "cart", "inner": True}],
    "external_accesses": [{"protocol": "HTTP", "address": "cart.shop.example", "forward_port": 8080},
                          {"protocol": "TCP", "address": "cart.default.svc.cluster.local:8080", "forward_port": 8080}],
    "liveness_probe": {"type": "http", "delay": 30, "timeout": 5, "port": 8080, "path": "/health"},
    "storages": [{"type": "ConfigMap", "name": "config", "parameters": {"name": "cart-config"},
                  "mounts": [{"path": "/etc/cart", "sub_path": "", "read_only": True}]}],
    "refer_resources": [{"id": "cce-1", "type": "cce", "parameters": {"namespace": "default", "cluster_name": "c1"}}],
    "application_id": "app-1", "environment_id": "env-1",
    "status": {"component_status": "RUNNING", "replica": 2, "available_replica": 2, "last_job_id": "JOB-old"},
}
SAME = {"version": "1.4.1", "source": {"kind": "image", "url": "swr.example/shop/cart:1.4.1"}, "replica": 2,
        "limit_cpu": 0.5, "limit_memory": 1.0, "envs": env_list({"LOG_LEVEL": "info"}),
        "refer_resources": [{"type": "cce", "id": "cce-1", "parameters": {"namespace": "default"}}]}


@pytest.mark.parametrize("wanted, writes", [
    (SAME, []),
    (dict(SAME, version="1.4.2"), ["upgrade"]),
    (dict(SAME, replica=3), ["scale"]),
    (dict(SAME, version="1.4.2", replica=3), ["upgrade", "scale"]),
    (dict(SAME, envs=env_list({"LOG_LEVEL": "debug"})), ["upgrade"]),
    (dict(SAME, envs=env_list({"LOG_LEVEL": "info", "NEW": "1"})), ["upgrade"]),
    (dict(SAME, limit_cpu=1), ["upgrade"]),
    (dict(SAME, deploy_strategy={"type": "RollingRelease", "rolling_release": {"batches": 2}}), []),
    ({"liveness_probe": {"path": "/health"}}, []),
    ({"liveness_probe": {"path": "/ready"}}, ["upgrade"]),
    ({"storages": [{"name": "config", "mounts": [{"path": "/etc/cart"}]}]}, []),
    ({"storages": []}, ["upgrade"]),
    ({"external_accesses": [{"protocol": "HTTP", "address": "cart.shop.example", "forward_port": 8080}]}, []),
    ({"external_accesses": []}, ["upgrade"]),
    ({"command": {"args": ["run", "-c"]}}, ["upgrade"]),
])
def test_the_plan_of_an_existing_component(wanted, writes):
    assert plan(wanted, COMPONENT).writes == writes


def test_a_missing_component_is_created_and_absent_deletes_only_what_exists():
    assert plan(SAME, None).writes == ["create"]
    assert plan({}, COMPONENT, present=False).writes == ["delete"]
    assert plan({}, None, present=False).writes == []


@pytest.mark.parametrize("want, have, same", [
    (0.5, "0.5", True), (1, 1.0, True), (2, "2", True), (2, "two", False), (True, 1, False),
    ({"kind": "image"}, {"kind": "image", "url": "x"}, True),
    ({"kind": "image", "url": "y"}, {"kind": "image", "url": "x"}, False),
    # a list of objects with no identity the table knows is compared in order, each as a subset
    ([{"id": "a"}, {"id": "b"}], [{"id": "a", "x": 1}, {"id": "b"}], True),
    ([{"id": "a"}, {"id": "b"}], [{"id": "b", "x": 1}, {"id": "a"}], False),
    ([{"id": "a"}], [{"id": "a"}, {"id": "b"}], False),
    ([{"id": "a"}, {"id": "a"}], [{"id": "a"}, {"id": "b"}], False),
    # a list of values is compared in order (review of 0.4.0, finding 2)
    (["run", "-c"], ["run", "-c"], True), (["run", "-c"], ["-c", "run"], False),
    ("1.4.1", "1.4.1", True), (None, None, True), ({"a": None}, {}, True), ({"a": None}, {"a": 1}, False),
])
def test_the_comparison_follows_the_apis_normalisations(want, have, same):
    assert matches(want, have) is same


@pytest.mark.parametrize("field, want, have, same", [
    # lists of objects with an identity compare by it, in any order
    ("refer_resources", [{"id": "b", "type": "elb"}, {"id": "a", "type": "cce"}],
     [{"id": "a", "type": "cce", "parameters": {"namespace": "d"}}, {"id": "b", "type": "elb"}], True),
    ("storages", [{"name": "logs", "mounts": [{"path": "/b"}, {"path": "/a"}]}],
     [{"name": "logs", "type": "EmptyDir", "mounts": [{"path": "/a", "read_only": True}, {"path": "/b"}]}], True),
    ("logs", [{"log_path": "/b"}, {"log_path": "/a"}], [{"log_path": "/a"}, {"log_path": "/b"}], True),
    # the values of a command keep their order
    ("command", {"command": ["/bin/sh"], "args": ["run", "-c"]}, {"command": ["/bin/sh"], "args": ["-c", "run"]},
     False),
    # numbers given as text (from -e) are numbers
    ("request_cpu", "0.25", 0.25, True),
    ("liveness_probe", {"type": "tcp", "delay": "30"}, {"type": "tcp", "delay": 30}, True),
    # an object of another type is another object, whatever the keys it shares
    ("liveness_probe", {"type": "tcp", "port": 8080}, {"type": "http", "port": 8080, "path": "/health"}, False),
    ("liveness_probe", {"type": "http", "port": 8080}, {"type": "http", "port": 8080, "path": "/health"}, True),
    ("liveness_probe", {"type": "http", "path": None}, {"type": "http", "port": 8080, "path": "/health"}, False),
])
def test_each_field_compares_by_its_rule(field, want, have, same):
    assert (differences({field: want}, {field: have}) == []) is same


def test_envs_are_a_set_of_name_and_value_without_those_the_server_adds():
    assert differences({"envs": env_list({"LOG_LEVEL": "info"})}, COMPONENT) == []
    # TZ comes from timezone and PAAS_APP_NAME is inner: giving LOG_LEVEL alone does not remove them, nor
    # does it count them as the task's
    assert differences({"envs": []}, COMPONENT) == ["envs"]
    # a TZ of the user's own, without timezone, is one of its envs
    own_tz = dict(COMPONENT, timezone=None)
    assert differences({"envs": env_list({"LOG_LEVEL": "info"})}, own_tz) == ["envs"]
    assert env_list({"A": "1", "B": "true", "C": {"value_from": {"reference_type": "secret", "name": "db"}}}) == [
        {"name": "A", "value": "1"}, {"name": "B", "value": "true"},
        {"name": "C", "value_from": {"reference_type": "secret", "name": "db"}}]


def test_the_put_body_keeps_what_the_task_does_not_name_and_drops_what_the_server_adds():
    body = put_body(COMPONENT, {"version": "1.4.2", "source": {"url": "swr.example/shop/cart:1.4.2", "kind": "image"},
                                "replica": 5, "envs": env_list({"LOG_LEVEL": "debug"})})
    # what the task names
    assert body["version"] == "1.4.2" and body["envs"] == [{"name": "LOG_LEVEL", "value": "debug"}]
    assert body["source"] == {"kind": "image", "storage": "swr", "auth": "iam", "url": "swr.example/shop/cart:1.4.2"}
    # a change of replica is the scale action's, not the PUT's
    assert body["replica"] == 2
    # what the console set and the task does not name survives the version bump
    assert body["liveness_probe"] == COMPONENT["liveness_probe"] and body["storages"] == COMPONENT["storages"]
    assert body["timezone"] == "Asia/Shanghai" and body["refer_resources"] == COMPONENT["refer_resources"]
    assert body["name"] == "cart" and body["runtime_stack"] == COMPONENT["runtime_stack"]
    # what the server adds is never sent back
    for key in ("status", "application_id", "environment_id"):
        assert key not in body
    assert body["external_accesses"] == [COMPONENT["external_accesses"][0]]
    assert put_body(COMPONENT, {})["envs"] == [{"name": "LOG_LEVEL", "value": "info"}]


def test_a_source_of_another_kind_replaces_the_old_one_whole():
    body = put_body(COMPONENT, {"source": {"kind": "package", "storage": "obs", "url": "obs://shop/cart.jar"}})
    assert body["source"] == {"kind": "package", "storage": "obs", "url": "obs://shop/cart.jar"}


def refusal(runtime_stack):
    description = described({}, COMPONENT)
    description.params["runtime_stack"] = runtime_stack
    return description.plan().refused


def test_a_runtime_stack_that_differs_is_named_and_one_left_out_is_not():
    assert refusal({"name": "Docker", "type": "Docker", "deploy_mode": "container"}) is None
    assert "cannot change (name is Docker, not OpenJDK17; type is Docker, not Java)" in refusal(
        {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"})
    assert "cannot change (version is 1.0, not 2.0)" in refusal(
        {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": "2.0"})


def test_the_diff_shows_the_given_fields_before_and_after():
    before, after = FIELDS.diff({"version": "1.4.2", "replica": 3, "envs": {"LOG_LEVEL": "debug"},
                                 "source": {"url": "u2", "kind": "image"}}, COMPONENT)
    assert before == {"envs": {"LOG_LEVEL": "info"}, "replica": 2, "source": COMPONENT["source"], "version": "1.4.1"}
    assert after == {"envs": {"LOG_LEVEL": "debug"}, "replica": 3, "version": "1.4.2",
                     "source": dict(COMPONENT["source"], url="u2")}
    created = FIELDS.diff({"version": "1.0.0", "envs": {"A": "b"}}, None)
    assert created == ({}, {"version": "1.0.0", "envs": {"A": "b"}})
    assert "status" not in FIELDS.own(COMPONENT, None)
    # how a write rolls out is never compared, and not in the diff
    assert FIELDS.diff({"deploy_strategy": {"type": "RollingRelease"}}, COMPONENT) == ({}, {})


def test_a_list_the_task_names_keeps_what_the_api_reports_for_its_items():
    """The review's data loss: a storage given without default_mode and read_only, refer_resources without
    parameters, matched as a subset by the comparison, must not lose those keys in the PUT."""
    mounts = [{"path": "/logs", "sub_path": "a", "read_only": False}, {"path": "/logs2", "sub_path": "b", "read_only": True}]
    storages = [{"type": "HostPath", "name": "logs", "parameters": {"path": "/var/log", "default_mode": 384}, "mounts": mounts}]
    component = dict(COMPONENT, storages=storages,
                     refer_resources=[{"id": "cce-1", "type": "cce", "parameters": {"namespace": "ns1"}},
                                      {"id": "elb-1", "type": "elb", "parameters": {"listener": "l1"}}])
    named = {"storages": [{"type": "HostPath", "name": "logs", "parameters": {"path": "/var/log"},
                           "mounts": [{"path": "/logs2", "sub_path": "b"}, {"path": "/logs", "sub_path": "a"}]}],
             "refer_resources": [{"id": "elb-1", "type": "elb"}, {"id": "cce-1", "type": "cce"}]}
    assert plan(named, component).writes == []
    body = put_body(component, dict(named, version="1.4.2"))
    assert body["storages"] == [{"type": "HostPath", "name": "logs", "parameters": {"path": "/var/log",
                                                                                    "default_mode": 384},
                                 "mounts": [{"path": "/logs2", "sub_path": "b", "read_only": True},
                                            {"path": "/logs", "sub_path": "a", "read_only": False}]}]
    assert body["refer_resources"] == [{"id": "elb-1", "type": "elb", "parameters": {"listener": "l1"}},
                                       {"id": "cce-1", "type": "cce", "parameters": {"namespace": "ns1"}}]
    # an item changed in a key it names keeps the rest; a new item is taken as given; one not named is gone
    changed = put_body(component, {"refer_resources": [{"id": "cce-1", "type": "cce", "parameters": {
        "namespace": "ns2"}}, {"id": "rds-1", "type": "rds"}]})
    assert changed["refer_resources"] == [{"id": "cce-1", "type": "cce", "parameters": {"namespace": "ns2"}},
                                          {"id": "rds-1", "type": "rds"}]
