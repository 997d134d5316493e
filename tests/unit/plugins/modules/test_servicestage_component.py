# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_component against the in-process emulator: create, unchanged, upgrade, scale, both, check
mode, the job's end, busy components, writes of unknown fate, what cannot change, and every variant of
the API the emulator can answer with."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_component import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import (
    CCE_CLUSTER,
    UNIT_PROJECT,
    UNIT_TOKEN,
    shown,
    warnings_of,
)

IMAGE = "swr.cn-north-4.myhuaweicloud.com/shop/cart:%s"
PUT = r"/components/[0-9a-f-]+\Z"
CREATE = r"/applications/[0-9a-f-]+/components\Z"
ACTION = r"/components/[0-9a-f-]+/action\Z"


def deploy(version="1.0.0", **extra):
    args = dict(application="shop", name="cart", environment="prod",
                runtime_stack={"name": "Docker", "type": "Docker", "deploy_mode": "container"},
                source={"kind": "image", "url": IMAGE % version}, version=version, replica=2,
                envs={"LOG_LEVEL": "info"},
                refer_resources=[{"id": CCE_CLUSTER, "type": "cce", "parameters": {"namespace": "default"}}])
    args.update(extra)
    return dict((key, value) for key, value in args.items() if value is not None)


def upgrade(version, **extra):
    return dict(application="shop", name="cart", source={"kind": "image", "url": IMAGE % version}, version=version,
                **extra)


def writes(emulator, since=0):
    return [(entry["method"], entry["path"].rsplit("/", 1)[-1] if entry["method"] != "POST" or "action" not in
             entry["path"] else "action") for entry in emulator.writes()[since:]]


def methods(emulator, since):
    return [entry["method"] for entry in emulator.log[since:]]


def the_component(emulator):
    return [component for component in emulator.v3.components(UNIT_PROJECT) if component["name"] == "cart"][0]


def test_create_waits_for_its_job_and_a_rerun_reads_only(run_module, v3):
    code, created = run_module(main, diff=True, **deploy())
    assert (code, created["changed"], created["actions"]) == (0, True, ["create"])
    assert created["job"]["execution_status"] == "SUCCEEDED" and created["job"]["job_id"].startswith("JOB")
    assert created["component"]["status"]["component_status"] == "RUNNING"
    assert created["component"]["version"] == "1.0.0" and created["component"]["id"]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["version"] == "1.0.0"
    assert created["diff"]["after"]["envs"] == {"LOG_LEVEL": "info"}
    since = len(v3.log)
    code, again = run_module(main, **deploy())
    assert (again["changed"], again["actions"], again["job"]["job_id"]) == (False, [], None)
    # nothing was written: a job in the one shape of every module, its job_id null
    assert again["job"] == {"job_id": None, "execution_status": None, "job_type": None, "tasks": [], "ended": False,
                            "succeeded": False, "gray_release_paused": False}
    assert again["msg"] == "component 'cart' of application 'shop' is already as wanted: it matches"
    # the name lookups (application, environment, component), one GET of the component and one of its last job (a
    # re-run after a failed deploy must not go green); no write
    assert methods(v3, since) == ["GET"] * 5
    assert [entry["path"].split("/cas/")[1].split("?")[0] for entry in v3.log[since:]] == [
        "applications", "environments", "components", "applications/%s/components/%s" % (
            created["component"]["application_id"], created["component"]["id"]),
        "jobs/%s" % created["job"]["job_id"]]


def test_an_upgrade_puts_the_whole_spec_and_keeps_what_the_console_set(run_module, v3):
    run_module(main, **deploy(spec={"liveness_probe": {"type": "http", "delay": 30, "timeout": 5, "port": 8080,
                                                       "path": "/health"}}))
    v3_before = len(v3.writes())
    code, result = run_module(main, diff=True, **upgrade("1.0.1"))
    assert (result["changed"], result["actions"]) == (True, ["upgrade"])
    assert result["job"]["execution_status"] == "SUCCEEDED"
    assert result["diff"] == {"before": {"source": {"kind": "image", "url": IMAGE % "1.0.0"}, "version": "1.0.0"},
                              "after": {"source": {"kind": "image", "url": IMAGE % "1.0.1"}, "version": "1.0.1"}}
    component = the_component(v3)
    assert component["version"] == "1.0.1" and component["liveness_probe"]["path"] == "/health"
    assert [env["name"] for env in component["envs"] if not env.get("inner")] == ["LOG_LEVEL"]  # nothing sent twice
    assert len([access for access in component["external_accesses"] if access["protocol"] == "TCP"]) == 1
    assert writes(v3, v3_before) == [("PUT", component["id"])]


def test_a_change_of_replica_alone_is_the_scale_action_and_both_are_put_then_scale(run_module, v3):
    run_module(main, **deploy())
    since = len(v3.writes())
    code, scaled = run_module(main, application="shop", name="cart", replica=4)
    assert (scaled["changed"], scaled["actions"]) == (True, ["scale"])
    assert writes(v3, since) == [("POST", "action")] and the_component(v3)["replica"] == 4
    since = len(v3.writes())
    code, both = run_module(main, **upgrade("1.0.1", replica=1))
    assert both["actions"] == ["upgrade", "scale"] and [job["execution_status"] for job in both["jobs"]] == [
        "SUCCEEDED", "SUCCEEDED"]
    assert [method for method, dummy in writes(v3, since)] == ["PUT", "POST"]
    assert (the_component(v3)["version"], the_component(v3)["replica"]) == ("1.0.1", 1)


def test_check_mode_reads_only_and_shows_what_would_be_done(run_module, v3):
    code, planned = run_module(main, check_mode=True, diff=True, **deploy())
    assert (planned["changed"], planned["actions"], planned["job"]["job_id"]) == (True, ["create"], None)
    assert planned["msg"].startswith("would create component 'cart'") and v3.writes() == []
    run_module(main, **deploy())
    since = len(v3.writes())
    code, planned = run_module(main, check_mode=True, diff=True, **upgrade("2.0.0", replica=3))
    assert (planned["changed"], planned["actions"]) == (True, ["upgrade", "scale"])
    assert planned["diff"]["before"]["replica"] == 2 and planned["diff"]["after"]["replica"] == 3
    code, absent = run_module(main, check_mode=True, application="shop", name="cart", state="absent")
    assert (absent["changed"], absent["actions"]) == (True, ["delete"])
    assert writes(v3, since) == [] and the_component(v3)["version"] == "1.0.0"


def test_a_failed_job_fails_the_task_with_changed_the_job_and_the_failing_task(run_module, v3):
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "FAILED",
                             "task_name": "Upgrade the workload", "messages": "image pull failed: not found"}])
    code, result = run_module(main, **upgrade("1.0.1"))
    assert (code, result["changed"], result["actions"]) == (1, True, ["upgrade"])
    job_id = result["job"]["job_id"]
    assert result["job"]["execution_status"] == "FAILED"
    assert ("the upgrade job %s of component 'cart' of application 'shop' ended FAILED: task 'Upgrade the workload' "
            "FAILED: image pull failed: not found" % job_id) in result["msg"]
    assert "Done before the failure: upgrade (job %s)" % job_id in result["msg"]


def test_a_wait_that_runs_out_says_changed_the_job_and_how_to_go_on(run_module, v3):
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "running_seconds": 30}])
    code, result = run_module(main, wait_timeout=2, **upgrade("1.0.1"))
    job_id = result["job"]["job_id"]
    assert (code, result["changed"]) == (1, True)
    assert "had not ended after 2 s (RUNNING). It goes on: wait for it with " \
           "huaweicloud.servicestage.servicestage_job_info (job_id: %s, wait: true)" % job_id in result["msg"]


def test_without_wait_the_task_returns_the_job_at_once(run_module, v3):
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "running_seconds": 30}])
    code, result = run_module(main, wait=False, **upgrade("1.0.1"))
    assert (code, result["changed"], result["job"]["execution_status"], result["job"]["ended"]) == (0, True, None, False)
    assert sorted(result["job"]) == ["ended", "execution_status", "gray_release_paused", "job_id", "job_type",
                                     "succeeded", "tasks"]
    assert result["msg"].endswith("job %s started" % result["job"]["job_id"])


def test_a_busy_component_is_waited_for_first_or_refused_without_wait(run_module, v3):
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "running_seconds": 1.5}])
    run_module(main, wait=False, **upgrade("1.0.1"))
    busy_job = the_component(v3)["status"]["last_job_id"]
    since = len(v3.writes())
    code, refused = run_module(main, wait=False, **upgrade("1.0.2"))
    assert (code, refused["changed"]) == (1, False) and writes(v3, since) == []
    assert "is busy" in refused["msg"] and "job %s in progress" % busy_job in refused["msg"]
    assert "nothing was written" in refused["msg"]
    code, waited = run_module(main, **upgrade("1.0.2"))
    assert (code, waited["changed"], waited["job"]["execution_status"]) == (0, True, "SUCCEEDED")
    assert the_component(v3)["version"] == "1.0.2" and writes(v3, since) == [("PUT", the_component(v3)["id"])]


def test_the_wait_follows_the_job_not_a_status_that_lags_behind_the_put(run_module, v3):
    """Terraform's race: right after the PUT the status still shows the old version's RUNNING."""
    run_module(main, **deploy())
    v3.v3.configure(status_lag_seconds=1.2, job_seconds=2.0)
    code, result = run_module(main, **upgrade("1.0.1"))
    assert result["job"]["execution_status"] == "SUCCEEDED"
    status = the_component(v3)["status"]
    assert status["component_status"] == "RUNNING" and status["last_job_id"] == result["job"]["job_id"]


@pytest.mark.parametrize("path, method", [(CREATE, "POST"), (PUT, "PUT")], ids=["create", "upgrade"])
def test_a_write_whose_answer_was_lost_is_settled_by_reading_never_sent_twice(run_module, v3, path, method):
    if method == "PUT":
        run_module(main, **deploy())
    v3.add_faults([{"method": method, "path": path, "drop": True, "commit": True}])
    since = len(v3.writes())
    code, result = run_module(main, **(deploy() if method == "POST" else upgrade("1.0.1")))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert [entry["method"] for entry in v3.writes()[since:]] == [method]
    assert result["job"]["execution_status"] == "SUCCEEDED" and result["job"]["job_id"] == \
        the_component(v3)["status"]["last_job_id"]
    assert any("shows it was carried out" in warning for warning in
               [w if isinstance(w, str) else str(w) for w in result.get("warnings", [])])


def test_a_put_not_carried_out_is_sent_again(run_module, v3):
    run_module(main, **deploy())
    v3.add_faults([{"method": "PUT", "path": PUT, "status": 503}])
    since = len(v3.writes())
    code, result = run_module(main, **upgrade("1.0.1"))
    assert (code, result["changed"]) == (0, True)
    assert [entry["method"] for entry in v3.writes()[since:]] == ["PUT", "PUT"]
    assert [entry["outcome"] for entry in v3.writes()[since:]] == [None, 200]


def test_a_job_that_fails_after_the_put_returned(run_module, v3):
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": "ROLLBACKED"}])
    code, result = run_module(main, **upgrade("1.0.1"))
    assert (code, result["changed"]) == (1, True) and "ended ROLLBACKED" in result["msg"]
    assert the_component(v3)["version"] == "1.0.0"  # rolled back: the next run tries again


def test_what_cannot_change_is_refused_before_any_write(run_module, v3):
    run_module(main, **deploy())
    v3.v3.seed_environment(UNIT_PROJECT, "staging", resources=[{"id": CCE_CLUSTER, "type": "cce"}])
    since = len(v3.writes())
    code, moved = run_module(main, **deploy(environment="staging", version="1.0.1"))
    assert code == 1 and "a component cannot move to another environment" in moved["msg"]
    code, restacked = run_module(main, **deploy(version="1.0.1", runtime_stack={
        "name": "OpenJDK17", "type": "Java", "deploy_mode": "container"}))
    assert code == 1 and "the runtime stack of component 'cart' of application 'shop' cannot change (name is Docker, " \
        "not OpenJDK17; type is Docker, not Java)" in restacked["msg"]
    code, missing = run_module(main, **deploy(environment="nowhere"))
    assert code == 1 and "environment 'nowhere' does not exist" in missing["msg"]
    assert writes(v3, since) == [] and not (moved["changed"] or restacked["changed"] or missing["changed"])


def test_a_create_needs_what_the_api_requires_and_an_application_that_exists(run_module, v3):
    code, result = run_module(main, application="shop", name="cart", version="1.0.0")
    assert code == 1 and "creating it needs environment, runtime_stack, source, refer_resources" in result["msg"]
    code, result = run_module(main, **deploy(application="no-such-app"))
    assert code == 1 and "application 'no-such-app' does not exist: nothing was written" in result["msg"]
    assert v3.writes() == []


def test_a_code_source_names_an_authorization_that_must_exist_before_any_write(run_module, v3):
    source = {"kind": "code", "repo_type": "Bitbucket", "repo_url": "https://bitbucket.org/shop/cart.git",
              "repo_ref": "main", "repo_auth": "bitbucket-ci"}
    code, result = run_module(main, **deploy(source=source, spec={"build": {"parameters": {"cluster_id": CCE_CLUSTER}}}))
    assert code == 1 and "the repository authorization 'bitbucket-ci' that source.repo_auth names does not exist" \
        in result["msg"] and "Authorize the repository first" in result["msg"]
    assert v3.writes() == []
    v3.seed(UNIT_PROJECT, names=["bitbucket-ci"])
    code, result = run_module(main, **deploy(source=source, spec={"build": {"parameters": {"cluster_id": CCE_CLUSTER}}}))
    assert (code, result["changed"]) == (0, True), result["msg"]


def test_a_source_is_a_subset_at_upgrade_and_whole_at_create(run_module, v3):
    """An upgrade may name only what changes (a branch): the rest of the source, and its authorization, are the
    component's. A create, or a source of another kind, needs every field of its kind."""
    source = {"kind": "code", "repo_type": "Bitbucket", "repo_url": "https://bitbucket.org/shop/cart.git",
              "repo_ref": "main", "repo_auth": "bitbucket-ci"}
    build = {"build": {"parameters": {"cluster_id": CCE_CLUSTER}}}
    code, result = run_module(main, **deploy(source={"kind": "code", "repo_url": source["repo_url"]}, spec=build))
    assert code == 1 and result["msg"].startswith(
        "a code source needs repo_url and repo_auth (the name of a repository authorization): nothing was written")
    code, result = run_module(main, **deploy(source={"kind": "image"}))
    assert code == 1 and result["msg"].startswith("an image source needs url: nothing was written")
    assert v3.writes() == []
    v3.seed(UNIT_PROJECT, names=["bitbucket-ci"])
    code, result = run_module(main, **deploy(source=source, spec=build))
    assert (code, result["changed"]) == (0, True), result["msg"]
    code, result = run_module(main, application="shop", name="cart", version="1.0.1",
                              source={"kind": "code", "repo_ref": "release-1.0"})
    assert (code, result["changed"], result["actions"]) == (0, True, ["upgrade"]), result["msg"]
    assert the_component(v3)["source"] == dict(source, repo_ref="release-1.0")
    code, result = run_module(main, application="shop", name="cart", source={"kind": "image"})
    assert code == 1 and result["msg"].startswith("an image source needs url: nothing was written")
    assert [method for method, dummy in writes(v3)] == ["POST", "PUT"]
    # a scale sends no source: an authorization deleted since does not stop it, and none is listed
    v3.seed(UNIT_PROJECT, names=[])
    since = len(v3.log)
    code, result = run_module(main, application="shop", name="cart", replica=3)
    assert (code, result["changed"], result["actions"]) == (0, True, ["scale"]), result["msg"]
    assert not any("git/auths" in entry["path"] for entry in v3.log[since:])


def test_absent_deletes_waits_until_gone_and_a_missing_one_is_ok(run_module, v3):
    run_module(main, **deploy())
    code, deleted = run_module(main, application="shop", name="cart", state="absent")
    assert (code, deleted["changed"], deleted["actions"]) == (0, True, ["delete"])
    assert v3.v3.components(UNIT_PROJECT) == [] and deleted["msg"] == "deleted component 'cart' of application 'shop'"
    code, again = run_module(main, application="shop", name="cart", state="absent")
    assert (code, again["changed"]) == (0, False) and again["msg"].endswith("does not exist")


@pytest.mark.parametrize("switches", [
    {"not_found": "404"}, {"not_found": "404-empty"}, {"error_message_key": "error_message"}, {"job_key_case": "upper"},
    {"name_filter": "fuzzy"}, {"name_case": "insensitive"}, {"component_get_includes_id": True},
    {"gray_release_job": "running"},
], ids=lambda switches: "-".join("%s=%s" % item for item in switches.items()))
def test_every_documented_variant_of_the_api_converges(run_module, v3, switches):
    v3.v3.configure(**switches)
    # a component whose name holds ours, in another application: a fuzzy filter returns it too
    v3.v3.seed_application(UNIT_PROJECT, "shop-old")
    v3.v3.seed_component(UNIT_PROJECT, "shop-old", "prod", "cart-legacy")
    code, created = run_module(main, **deploy())
    assert (code, created["changed"]) == (0, True), created["msg"]
    code, upgraded = run_module(main, **upgrade("1.0.1"))
    assert (code, upgraded["changed"], upgraded["job"]["execution_status"]) == (0, True, "SUCCEEDED"), upgraded["msg"]
    code, again = run_module(main, **upgrade("1.0.1"))
    assert (code, again["changed"]) == (0, False), again["msg"]
    code, gone = run_module(main, application="shop", name="cart", state="absent")
    assert (code, gone["changed"]) == (0, True)
    assert [c["name"] for c in v3.v3.components(UNIT_PROJECT)] == ["cart-legacy"]


@pytest.mark.parametrize("gray_release_job", ["succeeded", "running"])
def test_a_gray_release_that_waits_is_reported_paused_not_waited_on(run_module, v3, gray_release_job):
    v3.v3.configure(gray_release_job=gray_release_job)
    run_module(main, **deploy())
    gray = {"type": "GrayRelease", "gray_release": {"type": "WEIGHT", "replica_surge_mode": "MIRROR",
                                                    "deployment_mode": 1, "first_batch_weight": 50}}
    code, result = run_module(main, wait_timeout=60, **upgrade("1.0.1", deploy_strategy=gray))
    assert (code, result["changed"], result["gray_release_paused"]) == (0, True, True), result["msg"]
    assert "paused in its gray release (GRAYING), waiting for continue_deploy" in result["msg"]
    assert result["component"]["status"]["component_status"] == "GRAYING"
    code, refused = run_module(main, **upgrade("1.0.2"))
    assert code == 1 and "is in a gray release waiting to go on (status GRAYING" in refused["msg"]
    assert "nothing was written" in refused["msg"] and refused["changed"] is False


def test_an_api_error_after_a_write_says_what_was_done(run_module, v3):
    run_module(main, **deploy())
    v3.add_faults([{"method": "POST", "path": ACTION, "status": 403,
                    "body": {"error_code": "SVCSTG.00100427", "error_msg": "permission denied"}}])
    code, result = run_module(main, **upgrade("1.0.1", replica=3))
    assert (code, result["changed"], result["actions"]) == (1, True, ["upgrade"])
    assert result["status"] == 403 and result["error_code"] == "SVCSTG.00100427" and result["request_id"]
    assert "ServiceStage scale failed: HTTP 403 SVCSTG.00100427: permission denied" in result["msg"]
    assert "servicestage:app:listApplication, createComponent or modifyComponent" in result["msg"]
    assert "Done before the failure: upgrade (job JOB" in result["msg"]


@pytest.mark.parametrize("args, text", [
    (dict(version="1.4"), "version '1.4' must be n.n.n or n.n.n.n"),
    (dict(source={"kind": "git", "url": "x"}), "source.kind must be one of image, package, code"),
    (dict(name="9lives"), "component name '9lives' is not valid"),
    (dict(replica=-1), "replica must be 0 or more"),
    (dict(limit_cpu=0), "limit_cpu must be a positive number"),
    (dict(spec={"version": "1.0.0"}), "spec.version: give version as its own option"),
    (dict(spec={"status": {}}), "spec.status: it cannot be set"),
    (dict(wait_timeout=0), "wait_timeout must be a positive number of seconds"),
])
def test_bad_input_fails_before_any_request(run_module, v3, args, text):
    code, result = run_module(main, **deploy(**args))
    assert code == 1 and text in result["msg"] and "nothing was sent" in result["msg"]
    assert v3.log == []


def test_no_secret_in_any_result(run_module, v3):
    run_module(main, **deploy())
    code, result = run_module(main, diff=True, **upgrade("1.0.1"))
    assert shown(result, UNIT_TOKEN) == []


def test_a_create_sent_again_after_a_lost_answer_and_refused_is_this_tasks_own(run_module, v3):
    """The first create was carried out but its answer lost, the name lookup did not show it yet (a stale
    list), the second create was refused (the name is in use): reading once more settles it as this task's."""
    v3.add_faults([{"method": "POST", "path": CREATE, "drop": True, "commit": True},
                   {"method": "GET", "path": r"/cas/components\Z", "skip": 1, "times": 1, "status": 200,
                    "body": {"count": 0, "components": []}}])
    code, result = run_module(main, **deploy())
    assert (code, result["changed"], result["actions"]) == (0, True, ["create"]), result["msg"]
    assert [entry["outcome"] for entry in v3.writes()] == [200, 400]
    assert len(v3.v3.components(UNIT_PROJECT)) == 1


def test_a_poll_that_keeps_failing_after_a_write_still_returns_the_job_id(run_module, v3):
    run_module(main, **deploy())
    # the first job read is the check of the last job before the write; every poll after it fails
    v3.add_faults([{"method": "GET", "path": r"/jobs/", "status": 500, "times": 100, "skip": 1}])
    code, result = run_module(main, retries=0, wait_timeout=3, **upgrade("1.0.1"))
    assert (code, result["changed"], result["actions"]) == (1, True, ["upgrade"])
    job_id = the_component(v3)["status"]["last_job_id"]
    assert (result["job"]["job_id"], result["job"]["execution_status"]) == (job_id, None)
    assert "upgrade (job %s)" % job_id in result["msg"]
    assert "had not ended after 3 s" in result["msg"] and "the last poll failed: HTTP 500" in result["msg"]


def test_a_short_outage_of_the_jobs_endpoint_does_not_end_a_wait(run_module, v3):
    """Review of 0.4.0, finding 9: four 503s of GET /jobs/{id} failed a 1200 s wait."""
    run_module(main, **deploy())
    v3.add_faults([{"method": "GET", "path": r"/jobs/", "status": 503, "times": 4, "skip": 1}])
    code, result = run_module(main, retries=0, **upgrade("1.0.1"))
    assert (code, result["changed"], result["job"]["execution_status"]) == (0, True, "SUCCEEDED"), result["msg"]
    assert [entry["fault"] for entry in v3.log if "/jobs/" in entry["path"] and entry["fault"]].count("503") == 4


def test_a_paused_gray_release_whose_job_ended_can_be_deleted(run_module, v3):
    v3.v3.configure(gray_release_job="succeeded")
    run_module(main, **deploy())
    gray = {"type": "GrayRelease", "gray_release": {"type": "WEIGHT"}}
    code, paused = run_module(main, **upgrade("1.0.1", deploy_strategy=gray))
    assert paused["gray_release_paused"] is True
    code, deleted = run_module(main, application="shop", name="cart", state="absent")
    assert (code, deleted["changed"]) == (0, True), deleted["msg"]
    assert v3.v3.components(UNIT_PROJECT) == []


def test_where_names_are_scoped_per_environment_the_environment_says_which_component(run_module, v3):
    from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_component_action import main as act
    v3.v3.configure(component_name_scope="application_environment")
    v3.v3.seed_environment(UNIT_PROJECT, "test", resources=[{"id": CCE_CLUSTER, "type": "cce"}])
    v3.v3.seed_component(UNIT_PROJECT, "shop", "prod", "cart", version="1.0.0")
    v3.v3.seed_component(UNIT_PROJECT, "shop", "test", "cart", version="2.0.0")
    code, ambiguous = run_module(main, **upgrade("1.0.1"))
    assert code == 1 and "2 components are called 'cart' in application 'shop' (in environments " in ambiguous["msg"]
    assert "give environment to say which" in ambiguous["msg"] and v3.writes() == []
    code, result = run_module(main, environment="test", **upgrade("2.0.1"))
    assert (code, result["changed"]) == (0, True), result["msg"]
    assert sorted(c["version"] for c in v3.v3.components(UNIT_PROJECT)) == ["1.0.0", "2.0.1"]
    code, scaled = run_module(act, application="shop", component="cart", environment="prod", action="scale", replica=3)
    assert (code, scaled["changed"]) == (0, True), scaled["msg"]


@pytest.mark.parametrize("outcome", ["FAILED", "PARTIALLY_FAILED", "UNKNOWN"])
def test_a_rerun_after_a_failed_deploy_is_no_success(run_module, v3, outcome):
    """The spec holds the wanted version, but it did not come up: a CI re-run must not go green."""
    run_module(main, **deploy())
    v3.v3.add_job_outcomes([{"component": "cart", "kind": "upgrade", "outcome": outcome}])
    run_module(main, **upgrade("3.0.0"))
    since = len(v3.writes())
    code, result = run_module(main, **upgrade("3.0.0"))
    assert (code, result["changed"]) == (1, False)
    assert "has the wanted fields, but its status is %s" % outcome in result["msg"] and "roll back" in result["msg"]
    assert len(v3.writes()) == since


def test_a_rerun_while_the_deploy_it_asks_for_runs_waits_for_it(run_module, v3):
    run_module(main, **deploy())
    # the status shows the upgrade at once here (a status that lags is read as it is: the task then reports a match)
    v3.v3.configure(job_seconds=1.5, status_lag_seconds=0.0)
    code, started = run_module(main, wait=False, **upgrade("1.0.1"))
    code, waited = run_module(main, **upgrade("1.0.1"))
    assert (code, waited["changed"], waited["actions"]) == (0, False, []), waited["msg"]
    assert waited["job"]["job_id"] == started["job"]["job_id"] and waited["job"]["execution_status"] == "SUCCEEDED"
    assert "the job it was busy with" in waited["msg"]


def test_a_tz_env_beside_the_timezone_that_sets_it_is_refused(run_module, v3):
    run_module(main, **deploy(spec={"timezone": "Asia/Shanghai"}))
    since = len(v3.writes())
    code, result = run_module(main, **upgrade("1.0.1", envs={"TZ": "UTC", "LOG_LEVEL": "info"}))
    assert code == 1 and "envs holds TZ, but the timezone" in result["msg"] and len(v3.writes()) == since
    code, result = run_module(main, **deploy(spec={"timezone": "UTC"}, envs={"TZ": "UTC"}))
    assert code == 1 and "envs.TZ and spec.timezone" in result["msg"]


def test_absent_on_a_component_being_deleted_waits_without_deleting_again(run_module, v3):
    run_module(main, **deploy())
    component = the_component(v3)
    import requests
    path = "/v3/%s/cas/applications/%s/components/%s" % (UNIT_PROJECT, component["application_id"], component["id"])
    requests.delete(v3.url + path, headers={"X-Auth-Token": UNIT_TOKEN}, timeout=5)
    v3.add_faults([{"method": "GET", "path": r"/cas/components\Z", "status": 200, "body": {"count": 1, "components": [
        dict((key, component[key]) for key in ("id", "name", "application_id", "environment_id")),
    ]}}])
    since = len(v3.writes())
    code, result = run_module(main, application="shop", name="cart", state="absent")
    assert (code, result["changed"]) == (0, False), result["msg"]
    assert len(v3.writes()) == since and v3.v3.components(UNIT_PROJECT) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_absent_in_an_application_that_does_not_exist_is_ok(run_module, v3, check_mode):
    """A teardown that runs again after the application went (or before it was ever made) is not a failure."""
    code, result = run_module(main, application="gone-app", name="cart", state="absent", check_mode=check_mode)
    assert (code, result["changed"], result["actions"], result["component"]) == (0, False, [], {})
    assert result["job"]["job_id"] is None
    assert result["msg"] == "application 'gone-app' does not exist, so neither does component 'cart'"
    assert set(entry["method"] for entry in v3.log) == {"GET"}
    code, result = run_module(main, application="gone-app", name="cart", version="1.0.0")
    assert code == 1 and "application 'gone-app' does not exist: nothing was written" in result["msg"]


def test_names_that_differ_only_in_case_are_named(run_module, v3):
    """Names are compared exactly; a task that says 'Shop' where the project has 'shop' is told so."""
    code, result = run_module(main, **deploy(application="Shop"))
    assert code == 1 and result["msg"].startswith(
        "application 'Shop' does not exist (but 'shop' does: names are compared exactly): nothing was written")
    code, result = run_module(main, **deploy(environment="Prod"))
    assert code == 1 and result["msg"].startswith(
        "environment 'Prod' does not exist (but 'prod' does: names are compared exactly): nothing was written")
    assert writes(v3) == []
    # a teardown that names another case deletes nothing, and warns
    run_module(main, **deploy())
    code, result = run_module(main, application="Shop", name="cart", state="absent")
    assert (code, result["changed"]) == (0, False)
    assert warnings_of(result) == ["application 'Shop' does not exist (but 'shop' does: names are compared exactly): "
                                   "nothing was deleted."]
    code, result = run_module(main, application="shop", name="Cart", state="absent")
    assert (code, result["changed"]) == (0, False)
    assert warnings_of(result) == ["component 'Cart' of application 'shop' does not exist (but 'cart' does: names are "
                                   "compared exactly): nothing was deleted."]
    assert [method for method, dummy in writes(v3)] == ["POST"]


def test_a_create_refused_for_a_name_in_another_case_says_so(run_module, v3):
    """An API that compares component names without case refuses 'Cart' when 'cart' exists."""
    v3.v3.configure(name_case="insensitive")
    run_module(main, **deploy())
    code, result = run_module(main, **deploy(name="Cart"))
    assert code == 1, result["msg"]
    assert ("The application has a component called 'cart', and the API may take names in another case for the "
            "same: use that name, or another one") in result["msg"]


@pytest.mark.parametrize("body", [[], "", ["a component"], "null"])
def test_a_component_answer_that_is_not_a_component_is_a_clear_error(run_module, v3, body):
    run_module(main, **deploy())
    v3.add_faults([{"method": "GET", "path": r"/components/[0-9a-f-]+\Z", "status": 200, "body": body}])
    code, result = run_module(main, **upgrade("1.0.1"))
    assert code == 1 and result["changed"] is False
    assert "ServiceStage component lookup failed" in result["msg"], result["msg"]
    assert "unexpected" not in result["msg"]
    assert [method for method, dummy in writes(v3)] == ["POST"]


def test_absent_with_an_environment_deletes_only_a_component_in_it(run_module, v3):
    run_module(main, **deploy())
    v3.v3.seed_environment(UNIT_PROJECT, "staging")
    code, result = run_module(main, application="shop", name="cart", environment="staging", state="absent")
    assert (code, result["changed"], result["actions"]) == (0, False, []), result["msg"]
    assert result["msg"] == "component 'cart' of application 'shop' does not exist"
    code, result = run_module(main, application="shop", name="cart", environment="gone", state="absent")
    assert (code, result["changed"]) == (0, False), result["msg"]
    assert result["msg"] == "environment 'gone' does not exist, so neither does component 'cart'"
    assert [method for method, dummy in writes(v3)] == ["POST"]
    code, result = run_module(main, application="shop", name="cart", environment="prod", state="absent")
    assert (code, result["changed"], result["actions"]) == (0, True, ["delete"])


def test_a_last_job_that_is_no_longer_found_does_not_stop_a_write(run_module, v3):
    """ServiceStage may no longer find an old job (404 SVCSTG.00100429): the component's status decides."""
    run_module(main, **deploy())
    v3.add_faults([{"method": "GET", "path": r"/jobs/JOB[0-9a-f-]+\Z", "status": 404, "times": 1,
                    "body": {"error_code": "SVCSTG.00100429", "error_msg": "job not found"}}])
    code, result = run_module(main, **upgrade("1.0.1"))
    assert (code, result["changed"], result["actions"]) == (0, True, ["upgrade"]), result["msg"]
    assert result["job"]["execution_status"] == "SUCCEEDED"
