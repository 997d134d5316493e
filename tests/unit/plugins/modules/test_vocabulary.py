# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One vocabulary across the modules (issue 27): an action takes name (component stays an alias), a job has one
shape everywhere, component labels are a dictionary, and a replica count can be set only when a component is
created."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component as component_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_component_action as action_module
from ansible_collections.huaweicloud.servicestage.plugins.modules import servicestage_job_info as job_module
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import CCE_CLUSTER, UNIT_PROJECT

JOB_KEYS = ["ended", "execution_status", "gray_release_paused", "job_id", "job_type", "succeeded", "tasks"]


def deploy(**extra):
    args = dict(application="shop", name="cart", environment="prod",
                runtime_stack={"name": "Docker", "type": "Docker", "deploy_mode": "container"},
                source={"kind": "image", "url": "swr.example/shop/cart:1.0.0"}, version="1.0.0",
                refer_resources=[{"id": CCE_CLUSTER, "type": "cce", "parameters": {"namespace": "default"}}])
    args.update(extra)
    return args


def stored(emulator):
    return [component.spec for component in emulator.v3.project(UNIT_PROJECT).components.values()][0]


def test_an_action_takes_name_and_component_as_its_alias(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", replica=1)
    code, by_name = run_module(action_module.main, application="shop", name="cart", action="scale", replica=2)
    assert (code, by_name["changed"]) == (0, True), by_name["msg"]
    code, by_alias = run_module(action_module.main, application="shop", component="cart", action="scale", replica=2)
    assert (code, by_alias["changed"]) == (0, False) and "it has 2 replicas" in by_alias["msg"]


def test_a_job_has_one_shape_in_every_module(run_module, v3):
    code, created = run_module(component_module.main, **deploy())
    code, acted = run_module(action_module.main, application="shop", name="cart", action="restart")
    code, looked = run_module(job_module.main, job_id=[acted["job"]["job_id"]])
    unwaited_task = deploy(version="1.0.1", wait=False, source={"kind": "image", "url": "swr.example/x:1"})
    code, unwaited = run_module(component_module.main, **unwaited_task)
    for job in (created["job"], acted["job"], looked["job"], looked["jobs"][0], unwaited["job"]):
        assert sorted(job) == JOB_KEYS
    assert looked["job"]["job_id"] == acted["job"]["job_id"] and looked["job"]["ended"] is True
    assert unwaited["job"]["execution_status"] is None and unwaited["job"]["job_id"].startswith("JOB")


def test_component_labels_are_a_dictionary(run_module, v3):
    code, refused = run_module(component_module.main, **deploy(labels={"tier": 1}))
    assert code == 1 and "label tier: value '1' is not valid" in refused["msg"] and v3.log == []
    code, result = run_module(component_module.main, diff=True, **deploy(labels={"team": "shop", "tier": 10}))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert stored(v3)["labels"] == [{"key": "team", "value": "shop"}, {"key": "tier", "value": "10"}]
    assert result["diff"]["after"]["labels"] == {"team": "shop", "tier": "10"}
    code, again = run_module(component_module.main, **deploy(labels={"tier": "10", "team": "shop"}))
    assert again["changed"] is False
    code, refused = run_module(component_module.main, **deploy(spec={"labels": [{"key": "a", "value": "b"}]}))
    assert code == 1 and "spec.labels: give labels as its own option" in refused["msg"]


def test_initial_replica_is_set_at_create_only_and_never_fights_a_scale(run_module, v3):
    code, created = run_module(component_module.main, **deploy(initial_replica=2))
    assert (code, created["component"]["replica"]) == (0, 2), created["msg"]
    run_module(action_module.main, application="shop", name="cart", action="scale", replica=5)
    since = len(v3.writes())
    code, again = run_module(component_module.main, **deploy(initial_replica=2))
    assert (code, again["changed"]) == (0, False) and v3.writes()[since:] == []
    code, both = run_module(component_module.main, **deploy(initial_replica=2, replica=3))
    assert code == 1 and "replica and initial_replica: give one of them" in both["msg"]


def test_a_misspelled_name_lists_the_closest_names(run_module, v3):
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart")
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "carts")
    v3.v3.seed_application(UNIT_PROJECT, "shop-admin")
    code, result = run_module(action_module.main, application="shop", name="crat", action="restart")
    assert code == 1 and "component 'crat' of application 'shop' does not exist (the closest names there are: " \
        "'cart', 'carts')" in result["msg"], result["msg"]
    code, result = run_module(component_module.main, **deploy(application="shopp"))
    assert code == 1 and "application 'shopp' does not exist (the closest name there is: 'shop')" in result["msg"]
    code, result = run_module(component_module.main, **deploy(application="warehouse"))
    assert code == 1 and "application 'warehouse' does not exist: nothing was written" in result["msg"]
