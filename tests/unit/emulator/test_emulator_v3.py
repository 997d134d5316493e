# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's ServiceStage v3 slice, over HTTP on 127.0.0.1, with a clock the tests move:
every route, every switch (each variant changes the answer), the job engine and its injected
outcomes, the race after a PUT, busy refusals, gray releases, and the generic faults and latency."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import AkSkAuth
from ansible_collections.huaweicloud.servicestage.tests.emulator import servicestage_emulator
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_v3 import (
    SWITCHES, JobOutcome, PageEvent, default_config)
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import FakeClock, UNIT_PROJECT, UNIT_TOKEN
from ansible_collections.huaweicloud.servicestage.tests.unit.emulator.cas_client import (
    CasClient,
    get_control,
    json_of,
    post_control,
)

OTHER_PROJECT = "0ther0123456789abcdef0123456789a"
OTHER_TOKEN = "unit-token-of-another-project"
AK = "UNITV3ACCESSKEY0001"
SK = "unit-v3-secret-key-Zq81"
# Timing the tests use: every duration a fraction of a second of the fake clock.
FAST = {"job_seconds": 1.0, "job_queued_seconds": 0.1, "status_lag_seconds": 0.3, "delete_seconds": 0.5}
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")
JOB_ID = re.compile(r"JOB[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")


@pytest.fixture
def clock():
    fake = FakeClock()
    fake.now = 1767225600.0  # 2026-01-01T00:00:00Z
    return fake


@pytest.fixture(scope="module")
def started_emulator():
    """One emulator for the module (stopping one waits half a second for its serving loop)."""
    emulator = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT, OTHER_TOKEN: OTHER_PROJECT},
                                    access_keys={AK: (SK, None)}).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def server(started_emulator, clock):
    """The emulator as new: nothing stored, no faults, default switches with FAST timing, the test's clock."""
    started_emulator.reset()
    started_emulator.latency = 0.0
    started_emulator.reject_credentials = False
    started_emulator.v3.config = default_config()
    started_emulator.v3.configure(**FAST)
    started_emulator.v3.clock = clock
    return started_emulator


class Api(CasClient):
    """The v3 client, with helpers that make and read objects."""

    # Objects -----------------------------------------------------------------------------------
    def application(self, name="shop", **fields):
        return self.ok("POST", "/applications", dict(fields, name=name))["id"]

    def environment(self, name="prod", **fields):
        body = {"name": name, "vpc_id": "vpc-1", "resources": [{"id": "cce-1", "type": "cce"}]}
        body.update(fields)
        return self.ok("POST", "/environments", body)["id"]

    def component(self, application_id, environment_id, name="web", **fields):
        answer = self.ok("POST", "/applications/%s/components" % application_id, component_body(environment_id, name, **fields))
        return answer["component_id"], answer["job_id"]

    def show(self, application_id, component_id):
        return self.ok("GET", "/applications/%s/components/%s" % (application_id, component_id))

    def status(self, application_id, component_id):
        return self.show(application_id, component_id)["status"]["component_status"]

    def job(self, job_id, query=""):
        return self.ok("GET", "/jobs/%s%s" % (job_id, query))

    def put(self, application_id, component_id, **changes):
        """PUT what a careful module sends: the GET answer without what the server adds, with changes."""
        return self.call("PUT", "/applications/%s/components/%s" % (application_id, component_id),
                         spec_for_put(self.show(application_id, component_id), **changes))

    def action(self, application_id, component_id, action, **parameters):
        body = {"action": action, "parameters": parameters}
        return self.call("POST", "/applications/%s/components/%s/action" % (application_id, component_id), body)


def component_body(environment_id, name="web", **fields):
    body = {"name": name, "environment_id": environment_id, "version": "1.0.0", "replica": 2,
            "runtime_stack": {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": ""},
            "source": {"kind": "image", "storage": "swr", "auth": "iam", "url": "swr.cn-north-4.myhuaweicloud.com/shop/web:1"},
            "refer_resources": [{"id": "cce-1", "type": "cce", "parameters": {"namespace": "default"}}]}
    body.update(fields)
    return body


def spec_for_put(shown, **changes):
    spec = dict((key, value) for key, value in shown.items()
                if key not in ("status", "id", "application_id", "environment_id"))
    spec["envs"] = [env for env in shown.get("envs", []) if not env.get("inner") and env["name"] != "TZ"]
    spec["external_accesses"] = [access for access in shown.get("external_accesses", [])
                                 if access["protocol"].lower() in ("http", "https")]
    spec.update(changes)
    return spec


@pytest.fixture
def api(server):
    return Api(server)


@pytest.fixture
def deployed(api, clock):
    """An application, an environment and a RUNNING component 'web' at version 1.0.0 (replica 2)."""
    application_id = api.application()
    environment_id = api.environment()
    component_id, job_id = api.component(application_id, environment_id)
    clock.now += 2
    assert api.status(application_id, component_id) == "RUNNING"
    return application_id, environment_id, component_id


def finish_jobs(clock):
    clock.now += 30


# Routing and authentication ------------------------------------------------------------------------

def test_a_token_of_another_project_is_refused_on_every_v3_path(server, api):
    other = Api(server, project_id=OTHER_PROJECT)
    for method, path in [("GET", "/applications"), ("POST", "/environments"), ("GET", "/jobs/JOBx"),
                         ("GET", "/runtimestacks"), ("DELETE", "/applications/x/components/y")]:
        status, answer = other.call(method, path, {})
        assert (status, answer["error_code"]) == (401, "APIG.1002"), path
    assert api.call("GET", "/applications")[0] == 200
    assert Api(server, project_id=OTHER_PROJECT, token=OTHER_TOKEN).call("GET", "/applications")[0] == 200


def signed(server, method, url, body, auth):
    headers = {"Host": "127.0.0.1:%d" % server.port, "Content-Type": "application/json"}
    auth.apply(method, url, headers, body)
    return headers


def send_signed(server, method, url, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, url, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, json_of(answer.read())
    finally:
        connection.close()


def test_an_aksk_signature_is_checked_on_v3_paths(server, api):
    url = api.url("/applications")
    body = json.dumps({"name": "signed-app"}).encode("utf-8")
    good = signed(server, "POST", url, body, AkSkAuth(AK, SK, project_id=UNIT_PROJECT))
    assert send_signed(server, "POST", url, body, good)[0] == 200
    assert [entry["auth"] for entry in server.writes()] == ["aksk"]
    tampered = json.dumps({"name": "other-app"}).encode("utf-8")
    assert send_signed(server, "POST", url, tampered, good)[1]["error_code"] == "APIG.0303"
    wrong_secret = signed(server, "GET", url, b"", AkSkAuth(AK, "not-the-secret", project_id=UNIT_PROJECT))
    assert send_signed(server, "GET", url, b"", wrong_secret)[:1] == (401,)
    other_project = signed(server, "GET", url, b"", AkSkAuth(AK, SK, project_id=OTHER_PROJECT))
    assert send_signed(server, "GET", url, b"", other_project)[1]["error_code"] == "APIG.0305"
    assert [app["name"] for app in server.v3.applications(UNIT_PROJECT)] == ["signed-app"]


def test_an_unknown_v3_route_is_the_gateways_404(api):
    for method, path in [("GET", "/nothing"), ("DELETE", "/applications"), ("GET", ""), ("POST", "/runtimestacks")]:
        status, answer = api.call(method, path, {})
        assert (status, answer["error_code"]) == (404, "APIG.0101"), (method, path)


def test_a_body_that_is_not_json_is_parameter_invalid(api):
    assert api.call("POST", "/applications", raw=b"name=shop", headers={"Content-Type": "text/plain"})[1][
        "error_code"] == "SVCSTG.00100400"
    assert api.call("POST", "/applications", raw=b"{not json")[1]["error_code"] == "SVCSTG.00100400"
    assert api.call("POST", "/applications", body=["shop"])[1]["error_code"] == "SVCSTG.00100400"


def test_the_emulator_run_as_a_script_serves_v3(tmp_path):
    port_file = tmp_path / "port"
    process = subprocess.Popen([sys.executable, servicestage_emulator.__file__, "--port", "0", "--port-file", str(port_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while not (port_file.exists() and port_file.read_text()) and time.time() < deadline:
            time.sleep(0.05)
        request = urllib.request.Request("http://127.0.0.1:%s/v3/%s/cas/runtimestacks" % (
            port_file.read_text(), servicestage_emulator.DEFAULT_PROJECT), headers={"X-Auth-Token": "demo-token"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.loads(answer.read())["total"] >= 3
    finally:
        process.terminate()
        process.communicate(timeout=10)


# Applications ----------------------------------------------------------------------------------------

def test_application_create_show_modify_delete(api, clock):
    created = api.ok("POST", "/applications", {"name": "shop", "description": "the shop", "labels": [{"key": "team", "value": "web"}]})
    assert UUID4.match(created["id"]) and created["create_time"] == created["update_time"] == 1767225600000
    assert (created["name"], created["description"], created["enterprise_project_id"], created["component_count"]) == (
        "shop", "the shop", "0", 0)
    clock.now += 5
    modified = api.ok("PUT", "/applications/" + created["id"], {
        "name": "store", "description": "renamed", "labels": [], "enterprise_project_id": "eps-1"})
    assert (modified["name"], modified["description"], modified["labels"], modified["enterprise_project_id"]) == (
        "store", "renamed", [], "eps-1")
    assert modified["update_time"] == 1767225605000 and modified["create_time"] == 1767225600000
    assert api.ok("GET", "/applications/" + created["id"]) == modified
    assert api.call("DELETE", "/applications/" + created["id"]) == (204, None)
    assert api.call("GET", "/applications/" + created["id"])[0] == 401


def test_application_names_are_unique(api):
    first = api.application("shop")
    api.application("store")
    assert api.call("POST", "/applications", {"name": "shop"}) == (400, {
        "error_code": "SVCSTG.00100458", "error_msg": "application name is already used: shop"})
    assert api.call("PUT", "/applications/" + first, {"name": "store"})[1]["error_code"] == "SVCSTG.00100458"
    assert api.call("PUT", "/applications/" + first, {"name": "shop", "description": "same name"})[0] == 200


def test_an_application_with_components_is_not_empty(api, deployed):
    application_id, environment_id, component_id = deployed
    status, answer = api.call("DELETE", "/applications/" + application_id)
    assert (status, answer["error_code"]) == (409, "SVCSTG.00100401") and "not empty" in answer["error_msg"]
    assert api.ok("GET", "/applications/" + application_id)["component_count"] == 1


def test_applications_have_no_name_filter(api):
    api.application("shop")
    api.application("store")
    assert api.ok("GET", "/applications?name=shop")["count"] == 2


@pytest.mark.parametrize("body", [{}, {"name": "a"}, {"name": "9shop"}, {"name": "shop-"}, {"name": "shop",
                                  "labels": [{"key": "k", "value": "v"}]}, {"name": "shop", "description": "x" * 129}])
def test_application_bodies_are_validated(api, body):
    assert api.call("POST", "/applications", body)[1]["error_code"] == "SVCSTG.00100400"


# Environments ----------------------------------------------------------------------------------------

def test_environment_create_show_modify_resources_delete(api):
    created = api.ok("POST", "/environments", {"name": "prod", "vpc_id": "vpc-1", "description": "production"})
    assert UUID4.match(created["id"]) and created["deploy_mode"] == "mixed" and created["resources"] == []
    path = "/environments/" + created["id"]
    modified = api.ok("PUT", path, {"name": "production", "description": "renamed", "labels": [{"key": "tier", "value": "p1"}]})
    assert (modified["name"], modified["description"], modified["labels"], modified["vpc_id"]) == (
        "production", "renamed", [{"key": "tier", "value": "p1"}], "vpc-1")
    cce_and_elb = [{"id": "cce-1", "name": "cluster", "type": "cce"}, {"id": "elb-1", "type": "elb"}]
    assert api.ok("PUT", path + "/resources", {"resources": cce_and_elb}) == {"resources": cce_and_elb}
    assert api.ok("PUT", path + "/resources", {"resources": [{"id": "cse-1", "type": "cse"}]}) == {
        "resources": [{"id": "cse-1", "type": "cse"}]}
    assert api.ok("GET", path + "/resources") == {"resources": [{"id": "cse-1", "type": "cse"}]}
    assert api.ok("GET", path)["resources"] == [{"id": "cse-1", "type": "cse"}]
    assert "resources" not in api.ok("GET", "/environments")["environments"][0]
    assert api.call("PUT", path + "/resources", {"resources": [{"id": "x", "type": "dns"}]})[1]["error_code"] == "SVCSTG.00100400"
    assert api.call("DELETE", path) == (204, None)
    assert api.call("GET", path)[0] == 401


def test_environment_names_are_unique(api):
    api.environment("prod")
    staging = api.environment("staging")
    assert api.call("POST", "/environments", {"name": "prod", "vpc_id": "vpc-2"}) == (400, {
        "error_code": "SVCSTG.00100449", "error_msg": "environment name is already used: prod"})
    assert api.call("PUT", "/environments/" + staging, {"name": "prod"})[1]["error_code"] == "SVCSTG.00100449"
    assert api.call("POST", "/environments", {"name": "dev"})[1]["error_code"] == "SVCSTG.00100400"


@pytest.mark.parametrize("mode, status", [("refuse", 409), ("allow", 204)])
def test_deleting_an_environment_in_use(server, api, deployed, mode, status):
    application_id, environment_id, component_id = deployed
    server.v3.configure(environment_delete_in_use=mode)
    answer = api.call("DELETE", "/environments/" + environment_id)
    assert answer[0] == status
    if mode == "refuse":
        assert answer[1]["error_code"] == "SVCSTG.00100402" and "in use" in answer[1]["error_msg"]
        assert api.call("GET", "/environments/" + environment_id)[0] == 200
    else:
        assert api.call("GET", "/environments/" + environment_id)[0] == 401
        item = api.ok("GET", "/components")["components"][0]
        assert (item["environment_id"], item["environment_name"]) == (environment_id, "")


def test_environment_filters(server, api):
    prod = api.environment("prod")
    api.environment("prod-eu", enterprise_project_id="eps-2")
    api.environment("Staging")

    def names(query):
        return sorted(item["name"] for item in api.ok("GET", "/environments?" + query)["environments"])

    assert names("name=prod") == ["prod"]
    assert names("name=PROD") == []
    assert names("name=staging") == []
    assert names("environment_id=" + prod) == ["prod"]
    assert names("enterprise_project_id=eps-2") == ["prod-eu"]
    assert names("enterprise_project_id=0") == ["Staging", "prod"]
    server.v3.configure(name_filter="fuzzy")
    assert names("name=prod") == ["prod", "prod-eu"]
    assert names("name=tag") == ["Staging"]
    server.v3.configure(name_case="insensitive")
    assert names("name=PROD") == ["prod", "prod-eu"]
    server.v3.configure(name_filter="exact")
    assert names("name=staging") == ["Staging"]


def test_name_case_switch_also_decides_uniqueness(server, api):
    api.environment("prod")
    api.application("shop")
    assert api.call("POST", "/environments", {"name": "PROD", "vpc_id": "vpc-1"})[0] == 200
    server.v3.configure(name_case="insensitive")
    assert api.call("POST", "/environments", {"name": "Prod", "vpc_id": "vpc-1"})[1]["error_code"] == "SVCSTG.00100449"
    assert api.call("POST", "/applications", {"name": "SHOP"})[1]["error_code"] == "SVCSTG.00100458"


# Lists -------------------------------------------------------------------------------------------------

def test_lists_page_sort_and_count(api, clock):
    for name in ("delta", "alpha", "echo", "charlie", "bravo"):
        api.application(name)
        clock.now += 1

    def names(query=""):
        answer = api.ok("GET", "/applications" + query)
        return answer["count"], [item["name"] for item in answer["applications"]]

    assert names() == (5, ["bravo", "charlie", "echo", "alpha", "delta"])
    assert names("?order=asc") == (5, ["delta", "alpha", "echo", "charlie", "bravo"])
    assert names("?order_by=name&order=asc") == (5, ["alpha", "bravo", "charlie", "delta", "echo"])
    assert names("?order_by=name") == (5, ["echo", "delta", "charlie", "bravo", "alpha"])
    assert names("?order_by=colour") == names()
    assert names("?limit=2") == (5, ["bravo", "charlie"])
    assert names("?limit=2&offset=2") == (5, ["echo", "alpha"])
    assert names("?limit=2&offset=4") == (5, ["delta"])
    assert names("?offset=9") == (5, [])
    assert names("?limit=0") == names()
    for query in ("?limit=101", "?limit=-1", "?limit=ten", "?offset=-3"):
        assert api.call("GET", "/applications" + query)[1]["error_code"] == "SVCSTG.00100400", query


def test_update_time_orders_after_a_modification(api, clock):
    first = api.application("first")
    clock.now += 1
    api.application("second")
    clock.now += 1
    api.ok("PUT", "/applications/" + first, {"description": "touched"})
    listed = api.ok("GET", "/applications?order_by=update_time")["applications"]
    assert [item["name"] for item in listed] == ["first", "second"]


def test_a_list_without_limit_holds_at_most_1000_records(server, api):
    for index in range(1001):
        server.v3.seed_application(UNIT_PROJECT, "app-%04d" % index)
    answer = api.ok("GET", "/applications")
    assert (answer["count"], len(answer["applications"])) == (1001, 1000)
    assert len(api.ok("GET", "/applications?limit=100&offset=1000")["applications"]) == 1


# Components: create, show, list ------------------------------------------------------------------------

@pytest.mark.parametrize("change, code", [
    ({"name": None}, "SVCSTG.00100400"),
    ({"name": "Web app"}, "SVCSTG.00100400"),
    ({"runtime_stack": {"name": "Docker", "type": "Docker"}}, "SVCSTG.00100400"),
    ({"runtime_stack": {"name": "Cobol", "type": "Mainframe", "deploy_mode": "container"}}, "SVCSTG.00100420"),
    ({"source": {"storage": "swr", "url": "swr/x"}}, "SVCSTG.00100400"),
    ({"source": {"kind": "image", "storage": "swr"}}, "SVCSTG.00100400"),
    ({"version": None}, "SVCSTG.00100400"),
    ({"version": "v1"}, "SVCSTG.00100400"),
    ({"refer_resources": None}, "SVCSTG.00100400"),
    ({"refer_resources": []}, "SVCSTG.00100422"),
    ({"refer_resources": [{"id": "cce-1", "type": "cce"}]}, "SVCSTG.00100400"),
    ({"environment_id": "no-such-environment"}, "SVCSTG.00100400"),
    ({"replica": -1}, "SVCSTG.00100400"),
    ({"deploy_strategy": {"type": "BigBang"}}, "SVCSTG.00100400"),
])
def test_component_create_is_validated(api, change, code):
    application_id = api.application()
    body = component_body(api.environment())
    body.update(change)
    body = dict((key, value) for key, value in body.items() if value is not None)
    status, answer = api.call("POST", "/applications/%s/components" % application_id, body)
    assert (status, answer["error_code"]) == (400, code)
    assert api.ok("GET", "/components")["count"] == 0


def test_a_create_runs_a_job_from_submitted_to_succeeded(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    answer = api.ok("POST", "/applications/%s/components" % application_id, component_body(environment_id))
    assert set(answer) == {"component_id", "job_id"}
    assert UUID4.match(answer["component_id"]) and JOB_ID.match(answer["job_id"])
    component_id, job_id = answer["component_id"], answer["job_id"]
    submitted = api.job(job_id)
    assert (submitted["job"]["execution_status"], submitted["tasks"], submitted["task_count"]) == ("SUBMITTED", [], 0)
    assert submitted["job"] == {"execution_status": "SUBMITTED", "job_id": job_id, "job_type": "PROVISION",
                                "rollback_enabled": False}
    assert api.status(application_id, component_id) == "INITIALIZING"
    clock.now += 0.5
    running = api.job(job_id)
    assert running["job"]["execution_status"] == "RUNNING" and 1 <= running["task_count"] < 3
    assert running["tasks"][-1]["task_status"] == "RUNNING"
    assert set(running["tasks"][0]) == {"task_id", "task_name", "task_status", "messages", "created_at", "update_at",
                                        "task_type"}
    assert api.status(application_id, component_id) == "INITIALIZING"
    clock.now += 0.6
    done = api.job(job_id)
    assert done["job"]["execution_status"] == "SUCCEEDED" and done["task_count"] == 3
    assert [task["task_status"] for task in done["tasks"]] == ["SUCCEEDED"] * 3
    shown = api.show(application_id, component_id)["status"]
    assert (shown["component_status"], shown["available_replica"], shown["replica"], shown["last_job_id"]) == (
        "RUNNING", 2, 2, job_id)
    records = api.ok("GET", "/applications/%s/components/%s/records" % (application_id, component_id))
    assert records["count"] == 1 and records["records"][0]["version"] == "1.0.0"
    assert records["records"][0]["current_used"] is True and records["records"][0]["jobs"][0]["job_id"] == job_id
    clock.now += 3600
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"


def test_jobs_follow_the_real_clock_by_default():
    emulator = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT}).start()
    try:
        emulator.v3.configure(job_seconds=0.2, job_queued_seconds=0.0, status_lag_seconds=0.0)
        api = Api(emulator)
        application_id = api.application()
        component_id, job_id = api.component(application_id, api.environment())
        assert api.job(job_id)["job"]["execution_status"] == "RUNNING"
        time.sleep(0.3)
        assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
        assert api.status(application_id, component_id) == "RUNNING"
    finally:
        emulator.stop()


def test_component_get_adds_what_the_server_adds_and_nothing_else(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    component_id, job_id = api.component(application_id, environment_id, timezone="Asia/Shanghai",
                                         envs=[{"name": "MODE", "value": "prod"}], workload_content='{"kind": "Deployment"}',
                                         external_accesses=[{"protocol": "HTTP", "address": "web.example.com", "forward_port": 80}])
    shown = api.show(application_id, component_id)
    assert "id" not in shown and "workload_content" not in shown
    assert shown["runtime_stack"] == {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": "1.0"}
    assert (shown["application_id"], shown["environment_id"], shown["version"], shown["replica"]) == (
        application_id, environment_id, "1.0.0", 2)
    assert shown["envs"][:2] == [{"name": "MODE", "value": "prod"}, {"name": "TZ", "value": "Asia/Shanghai"}]
    assert [env["name"] for env in shown["envs"] if env.get("inner") is True] == ["PAAS_APP_NAME", "PAAS_PROJECT_ID"]
    assert [access["protocol"] for access in shown["external_accesses"]] == ["HTTP", "TCP"]
    assert set(shown["status"]) == {"component_status", "available_replica", "replica", "fail_detail", "last_job_id",
                                    "creator", "create_time", "update_time", "artifact"}
    assert shown["status"]["artifact"] == {"type": "image", "url": "swr.cn-north-4.myhuaweicloud.com/shop/web:1"}
    assert shown["status"]["create_time"] == 1767225600000
    server.v3.configure(component_get_includes_id=True)
    assert api.show(application_id, component_id)["id"] == component_id


def test_component_list_items_name_their_application_and_environment(api, deployed):
    application_id, environment_id, component_id = deployed
    for path in ("/components", "/applications/%s/components" % application_id):
        answer = api.ok("GET", path)
        assert answer["count"] == 1
        item = answer["components"][0]
        assert (item["id"], item["name"], item["application_id"], item["application_name"], item["environment_id"],
                item["environment_name"], item["version"]) == (
            component_id, "web", application_id, "shop", environment_id, "prod", "1.0.0")
        assert item["status"]["component_status"] == "RUNNING" and item["source"]["kind"] == "image"
        assert item["runtime_stack"]["version"] == "1.0"


def test_component_filters_exact_fuzzy_and_case(server, api):
    environment_id = api.environment()
    shop, store = api.application("shop"), api.application("Shop-eu")
    api.component(shop, environment_id, "web")
    api.component(shop, environment_id, "web-worker")
    api.component(store, environment_id, "Web")

    def found(query):
        return sorted((item["application_name"], item["name"]) for item in api.ok("GET", "/components?" + query)["components"])

    assert found("application_name=shop&component_name=web") == [("shop", "web")]
    assert found("component_name=WEB") == []
    assert found("application_name=Shop") == []
    server.v3.configure(name_filter="fuzzy")
    assert found("component_name=web") == [("shop", "web"), ("shop", "web-worker")]
    assert found("application_name=hop&component_name=worker") == [("shop", "web-worker")]
    server.v3.configure(name_case="insensitive")
    assert found("application_name=SHOP&component_name=web") == [("Shop-eu", "Web"), ("shop", "web"), ("shop", "web-worker")]
    server.v3.configure(name_filter="exact")
    assert found("component_name=WEB") == [("Shop-eu", "Web"), ("shop", "web")]
    assert api.ok("GET", "/applications/%s/components?limit=1&order_by=name&order=asc" % shop)["components"][0]["name"] == "web"


@pytest.mark.parametrize("scope, second_status", [("application", 400), ("application_environment", 200)])
def test_component_name_scope(server, api, scope, second_status):
    server.v3.configure(component_name_scope=scope)
    application_id = api.application()
    prod, staging = api.environment("prod"), api.environment("staging")
    api.component(application_id, prod, "web")
    path = "/applications/%s/components" % application_id
    assert api.call("POST", path, component_body(prod, "web"))[1]["error_code"] == "SVCSTG.00100400"
    status, answer = api.call("POST", path, component_body(staging, "web"))
    assert status == second_status
    if status == 400:
        assert answer["error_code"] == "SVCSTG.00100400" and "already used" in answer["error_msg"]
    assert api.call("POST", "/applications/%s/components" % api.application("store"), component_body(prod, "web"))[0] == 200


# Components: PUT ----------------------------------------------------------------------------------------

def test_a_put_applies_the_spec_at_once_and_the_status_lags(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    status, answer = api.put(application_id, component_id, version="1.0.1",
                             source={"kind": "image", "storage": "swr", "url": "swr.cn-north-4.myhuaweicloud.com/shop/web:2"})
    assert status == 200 and list(answer) == ["job_id"] and JOB_ID.match(answer["job_id"])
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["source"]["url"], shown["status"]["last_job_id"]) == (
        "1.0.1", "swr.cn-north-4.myhuaweicloud.com/shop/web:2", answer["job_id"])
    # the race: right after the PUT the status is still the old one
    assert shown["status"]["component_status"] == "RUNNING"
    assert api.job(answer["job_id"])["job"]["execution_status"] == "SUBMITTED"
    clock.now += 0.3
    assert api.status(application_id, component_id) == "UPGRADING"
    clock.now += 0.7
    assert api.status(application_id, component_id) == "RUNNING"
    assert api.job(answer["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    records = api.ok("GET", "/applications/%s/components/%s/records" % (application_id, component_id))["records"]
    assert [(record["version"], record["current_used"], record["deploy_type"]) for record in records] == [
        ("1.0.1", True, "upgrade"), ("1.0.0", False, "create")]


def test_the_status_lag_is_a_switch(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(status_lag_seconds=0.0)
    assert api.put(application_id, component_id, version="1.0.1")[0] == 200
    assert api.status(application_id, component_id) == "UPGRADING"


@pytest.mark.parametrize("change, message", [
    ({"name": "web2"}, "name cannot be modified"),
    ({"runtime_stack": {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"}}, "runtime_stack cannot be modified"),
    ({"runtime_stack": {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": "2.0"}},
     "runtime_stack cannot be modified"),
    ({"version": "one"}, "version must be"),
])
def test_a_put_cannot_change_name_or_runtime_stack(api, deployed, change, message):
    application_id, environment_id, component_id = deployed
    status, answer = api.put(application_id, component_id, **change)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and message in answer["error_msg"]
    assert api.show(application_id, component_id)["version"] == "1.0.0"


def test_a_put_needs_the_whole_spec(api, deployed):
    application_id, environment_id, component_id = deployed
    full = spec_for_put(api.show(application_id, component_id), version="1.0.1")
    path = "/applications/%s/components/%s" % (application_id, component_id)
    for key in ("name", "runtime_stack", "source", "version", "replica"):
        partial = dict((name, value) for name, value in full.items() if name != key)
        status, answer = api.call("PUT", path, partial)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and key in answer["error_msg"], key
    yaml_mode = dict((name, value) for name, value in full.items() if name != "replica")
    yaml_mode.update(config_mode="yaml", workload_content="{}")
    assert api.call("PUT", path, yaml_mode)[0] == 200


def test_a_put_is_a_full_replacement_and_ignores_environment_id(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    other_environment = api.environment("staging")
    assert api.put(application_id, component_id, version="1.0.1", description="with a description",
                   jvm_opts="-Xmx1g")[0] == 200
    finish_jobs(clock)
    body = spec_for_put(api.show(application_id, component_id), version="1.0.2", environment_id=other_environment)
    del body["jvm_opts"]
    del body["refer_resources"]
    assert api.call("PUT", "/applications/%s/components/%s" % (application_id, component_id), body)[0] == 200
    shown = api.show(application_id, component_id)
    assert "jvm_opts" not in shown and shown["description"] == "with a description"
    assert shown["environment_id"] == environment_id
    assert shown["refer_resources"] == [{"id": "cce-1", "type": "cce", "parameters": {"namespace": "default"}}]


def test_server_added_entries_sent_back_come_back_twice(api, deployed):
    application_id, environment_id, component_id = deployed
    shown = api.show(application_id, component_id)
    careless = dict((key, value) for key, value in shown.items() if key not in ("status", "application_id", "environment_id"))
    careless["version"] = "1.0.1"
    assert api.call("PUT", "/applications/%s/components/%s" % (application_id, component_id), careless)[0] == 200
    envs = api.show(application_id, component_id)["envs"]
    assert [env["name"] for env in envs].count("PAAS_APP_NAME") == 2


@pytest.mark.parametrize("mode", ["overwrite", "reject"])
def test_reusing_a_version(server, api, clock, deployed, mode):
    application_id, environment_id, component_id = deployed
    server.v3.configure(version_reuse=mode)
    assert api.put(application_id, component_id, version="1.0.1")[0] == 200
    finish_jobs(clock)
    status, answer = api.put(application_id, component_id, version="1.0.0", jvm_opts="-Xmx2g")
    records_path = "/applications/%s/components/%s/records" % (application_id, component_id)
    records = api.ok("GET", records_path)["records"]
    if mode == "reject":
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100441")
        assert api.show(application_id, component_id)["version"] == "1.0.1"
        assert [record["version"] for record in records] == ["1.0.1", "1.0.0"]
    else:
        assert status == 200
        assert [(record["version"], record["current_used"], record["deploy_type"]) for record in records] == [
            ("1.0.0", True, "upgrade"), ("1.0.1", False, "upgrade")]
        assert records[0]["jobs"][0]["job_id"] == answer["job_id"]


# Busy components ----------------------------------------------------------------------------------------

def test_a_component_with_a_running_job_is_busy(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    status, answer = api.put(application_id, component_id, version="1.0.1")
    job_id = answer["job_id"]
    for refused in (api.put(application_id, component_id, version="1.0.2"),
                    api.action(application_id, component_id, "restart"),
                    api.call("DELETE", "/applications/%s/components/%s" % (application_id, component_id))):
        assert refused[0] == 409 and refused[1]["error_code"] == "SVCSTG.00100400"
        assert job_id in refused[1]["error_msg"] and UNIT_TOKEN not in json.dumps(refused[1])
    assert api.show(application_id, component_id)["version"] == "1.0.1"
    server.v3.configure(busy_status=400, busy_code="SVCSTG.00100499")
    assert api.action(application_id, component_id, "stop")[0] == 400
    assert api.action(application_id, component_id, "stop")[1]["error_code"] == "SVCSTG.00100499"
    finish_jobs(clock)
    assert api.action(application_id, component_id, "stop")[0] == 200


def test_a_busy_component_is_refused_during_its_create_job(api):
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    assert api.action(application_id, component_id, "scale", replica=3)[0] == 409


# Job engine: outcomes, paging, keys ----------------------------------------------------------------------

@pytest.mark.parametrize("outcome, task_statuses, component_status", [
    ("FAILED", ["SUCCEEDED", "FAILED", "SKIPPED"], "FAILED"),
    ("PARTIALLY_FAILED", ["SUCCEEDED", "FAILED", "SUCCEEDED"], "PARTIALLY_FAILED"),
    ("CANCELLED", ["SUCCEEDED", "CANCELLED", "SKIPPED"], "RUNNING"),
    ("UNKNOWN", ["SUCCEEDED", "UNKNOWN", "SKIPPED"], "UNKNOWN"),
    ("ROLLBACKED", ["SUCCEEDED", "FAILED", "SKIPPED", "SUCCEEDED"], "RUNNING"),
])
def test_injected_upgrade_outcomes(server, api, clock, deployed, outcome, task_statuses, component_status):
    application_id, environment_id, component_id = deployed
    rule = JobOutcome(outcome, component="web", kind="upgrade", task_name="Upgrade the workload",
                      messages="image pull failed: manifest unknown")
    server.v3.add_job_outcomes([rule])
    job_id = api.put(application_id, component_id, version="1.0.1")[1]["job_id"]
    clock.now += 0.5
    assert api.job(job_id)["job"]["execution_status"] == "RUNNING"
    assert "SKIPPED" not in [task["task_status"] for task in api.job(job_id)["tasks"]]
    clock.now += 0.6
    job = api.job(job_id)
    assert job["job"]["execution_status"] == outcome
    assert [task["task_status"] for task in job["tasks"]] == task_statuses
    failing = job["tasks"][1]
    assert (failing["task_name"], failing["messages"]) == ("Upgrade the workload", "image pull failed: manifest unknown")
    shown = api.show(application_id, component_id)
    assert shown["status"]["component_status"] == component_status
    assert shown["version"] == ("1.0.0" if outcome == "ROLLBACKED" else "1.0.1")
    assert rule.hits == 1 and rule.times == 0
    assert api.status(application_id, component_id) == component_status  # stays queryable, does not change again


@pytest.mark.parametrize("outcome, component_status, fail_detail", [
    ("FAILED", "FAILED", "create_failed"), ("CANCELLED", "FAILED", None), ("PARTIALLY_FAILED", "PARTIALLY_FAILED", None)])
def test_injected_create_outcomes(server, api, clock, outcome, component_status, fail_detail):
    server.v3.add_job_outcomes([{"outcome": outcome, "kind": "create"}])
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == outcome
    status = api.show(application_id, component_id)["status"]
    assert (status["component_status"], status["fail_detail"]) == (component_status, fail_detail)
    assert status["available_replica"] == (1 if outcome == "PARTIALLY_FAILED" else 0)
    last_task = api.job(job_id)["tasks"][-1]
    assert last_task["task_name"] == "Wait for the instances" and last_task["messages"]


def test_an_outcome_names_a_task_that_the_job_does_not_have(server, api, clock):
    server.v3.add_job_outcomes([{"outcome": "FAILED", "task_name": "Pull the image", "messages": "403 from SWR"}])
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    finish_jobs(clock)
    tasks = api.job(job_id)["tasks"]
    assert [(task["task_name"], task["task_status"]) for task in tasks] == [
        ("Prepare the deployment", "SUCCEEDED"), ("Create the workload", "SUCCEEDED"), ("Pull the image", "FAILED")]
    assert tasks[-1]["messages"] == "403 from SWR"


def test_an_outcome_keeps_a_job_running(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.add_job_outcomes([{"kind": "upgrade", "running_seconds": 120}])
    job_id = api.put(application_id, component_id, version="1.0.1")[1]["job_id"]
    clock.now += 100
    assert api.job(job_id)["job"]["execution_status"] == "RUNNING"
    assert api.status(application_id, component_id) == "UPGRADING"
    clock.now += 21
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"


def test_outcomes_match_component_name_and_kind(server, api, clock):
    server.v3.add_job_outcomes([{"outcome": "FAILED", "component": "api", "kind": "upgrade"},
                                {"outcome": "UNKNOWN", "kind": "scale", "times": 2}])
    application_id = api.application()
    environment_id = api.environment()
    web, web_job = api.component(application_id, environment_id, "web")
    backend, backend_job = api.component(application_id, environment_id, "api")
    finish_jobs(clock)
    assert api.job(web_job)["job"]["execution_status"] == api.job(backend_job)["job"]["execution_status"] == "SUCCEEDED"
    web_upgrade = api.put(application_id, web, version="1.0.1")[1]["job_id"]
    backend_upgrade = api.put(application_id, backend, version="1.0.1")[1]["job_id"]
    finish_jobs(clock)
    assert api.job(web_upgrade)["job"]["execution_status"] == "SUCCEEDED"
    assert api.job(backend_upgrade)["job"]["execution_status"] == "FAILED"
    scales = [api.action(application_id, component, "scale", replica=1)[1]["job_id"] for component in (web, backend)]
    finish_jobs(clock)
    assert [api.job(job)["job"]["execution_status"] for job in scales] == ["UNKNOWN", "UNKNOWN"]
    third = api.action(application_id, web, "restart")[1]["job_id"]
    finish_jobs(clock)
    assert api.job(third)["job"]["execution_status"] == "SUCCEEDED"


def test_job_outcomes_over_the_control_route(server, api, clock):
    assert post_control(server, "/_emulator/v3/job-outcomes", [
        {"outcome": "CANCELLED", "kind": "create", "component": "web", "task_name": "Create the workload",
         "messages": "cancelled by the operator"}]) == (204, None)
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    finish_jobs(clock)
    job = api.job(job_id)
    assert job["job"]["execution_status"] == "CANCELLED"
    assert job["tasks"][1]["messages"] == "cancelled by the operator"
    status, answer = post_control(server, "/_emulator/v3/job-outcomes", [{"outcome": "FAILED"}, {"outcome": "EXPLODED"}])
    assert status == 400 and "EXPLODED" in answer["error"]
    assert post_control(server, "/_emulator/v3/job-outcomes", [{"kind": "deploy"}])[0] == 400
    assert post_control(server, "/_emulator/v3/job-outcomes", [{"colour": "red"}])[0] == 400
    assert [rule.hits for rule in server.v3.engine.outcomes] == [1]


def test_job_tasks_are_paged(api, clock):
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    finish_jobs(clock)
    names = [task["task_name"] for task in api.job(job_id)["tasks"]]
    assert len(names) == 3
    assert [task["task_name"] for task in api.job(job_id, "?limit=2")["tasks"]] == names[:2]
    assert [task["task_name"] for task in api.job(job_id, "?limit=2&offset=2")["tasks"]] == names[2:]
    assert [task["task_name"] for task in api.job(job_id, "?desc=true")["tasks"]] == names[::-1]
    assert [task["task_name"] for task in api.job(job_id, "?desc=false&instance_id=x")["tasks"]] == names
    assert api.job(job_id, "?limit=1")["task_count"] == 3
    assert api.call("GET", "/jobs/%s?desc=maybe" % job_id)[1]["error_code"] == "SVCSTG.00100400"


def test_a_missing_job_is_404_whatever_the_not_found_switch(server, api):
    for mode in ("401", "404"):
        server.v3.configure(not_found=mode)
        status, answer = api.call("GET", "/jobs/JOB" + str(uuid.uuid4()))
        assert (status, answer["error_code"]) == (404, "SVCSTG.00100429")


def test_a_job_of_another_project_is_not_found(server, api):
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    other = Api(server, project_id=OTHER_PROJECT, token=OTHER_TOKEN)
    assert other.call("GET", "/jobs/" + job_id)[1]["error_code"] == "SVCSTG.00100429"


def test_job_keys_can_be_uppercase(server, api, clock):
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment())
    finish_jobs(clock)
    server.v3.configure(job_key_case="upper")
    job = api.job(job_id)
    assert set(job) == {"TASK_COUNT", "JOB", "TASKS"}
    assert job["JOB"] == {"EXECUTION_STATUS": "SUCCEEDED", "JOB_ID": job_id, "JOB_TYPE": "PROVISION", "ROLLBACK_ENABLED": False}
    assert set(job["TASKS"][0]) == {"TASK_ID", "TASK_NAME", "TASK_STATUS", "MESSAGES", "CREATED_AT", "UPDATE_AT", "TASK_TYPE"}
    server.v3.configure(job_key_case="lower")
    assert api.job(job_id)["job"]["job_id"] == job_id


# Gray release -------------------------------------------------------------------------------------------

GRAY = {"type": "GrayRelease",
        "gray_release": {"type": "WEIGHT", "replica_surge_mode": "MIRROR", "deployment_mode": 1, "first_batch_weight": 20,
                         "first_batch_replica": 1, "remaining_batch": 1}}


def test_a_gray_release_job_succeeds_and_waits_for_continue_deploy(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    job_id = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
    assert api.status(application_id, component_id) == "GRAYING"
    assert api.put(application_id, component_id, version="1.0.2")[0] == 200  # not busy: no job runs
    finish_jobs(clock)
    job_id = api.put(application_id, component_id, version="1.0.3", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    status, answer = api.action(application_id, component_id, "continue_deploy")
    assert status == 200
    clock.now += 0.3
    assert api.status(application_id, component_id) == "UPGRADING"
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "RUNNING"
    assert api.job(answer["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    record = api.ok("GET", "/applications/%s/components/%s/records?limit=1" % (application_id, component_id))["records"][0]
    assert [job["deploy_type"] for job in record["jobs"]] == ["upgrade", "continue_deploy"]
    assert record["jobs"][0]["job_info"]["first_batch_weight"] == 20


def test_a_gray_release_job_can_stay_running_until_continue_deploy(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(gray_release_job="running")
    job_id = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    job = api.job(job_id)
    assert job["job"]["execution_status"] == "RUNNING"
    assert (job["tasks"][-1]["task_name"], job["tasks"][-1]["task_status"]) == ("Wait for continue_deploy", "RUNNING")
    assert api.status(application_id, component_id) == "GRAYING"
    assert api.put(application_id, component_id, version="1.0.2")[0] == 409
    assert api.action(application_id, component_id, "restart")[0] == 409
    assert api.action(application_id, component_id, "check_gray_release")[0] == 200
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "GRAYING"
    continued = api.action(application_id, component_id, "continue_deploy")[1]["job_id"]
    clock.now += 0.5
    assert api.job(job_id)["job"]["execution_status"] == "RUNNING"
    assert api.status(application_id, component_id) == "UPGRADING"
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == api.job(continued)["job"]["execution_status"] == "SUCCEEDED"
    assert api.job(job_id)["tasks"][-1]["task_status"] == "SUCCEEDED"
    assert api.status(application_id, component_id) == "RUNNING"


def test_continue_deploy_needs_a_graying_component(api, deployed):
    application_id, environment_id, component_id = deployed
    status, answer = api.action(application_id, component_id, "continue_deploy")
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "GRAYING" in answer["error_msg"]


# Actions -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("action, while_running, after", [
    ("stop", "STOPPING", "STOPPED"), ("restart", "RESTARTING", "RUNNING"), ("sync_workload", "RUNNING", "RUNNING"),
    ("sync_import", "RUNNING", "RUNNING"), ("check_gray_release", "RUNNING", "RUNNING")])
def test_lifecycle_actions(api, clock, deployed, action, while_running, after):
    application_id, environment_id, component_id = deployed
    status, answer = api.action(application_id, component_id, action)
    assert status == 200 and answer == {"job_id": answer["job_id"], "component_id": component_id}
    assert api.show(application_id, component_id)["status"]["last_job_id"] == answer["job_id"]
    clock.now += 0.5
    assert api.status(application_id, component_id) == while_running
    finish_jobs(clock)
    assert api.status(application_id, component_id) == after
    assert api.job(answer["job_id"])["job"]["job_type"] == "DAILY_OPERATION"


def test_start_after_stop(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    api.action(application_id, component_id, "stop")
    finish_jobs(clock)
    assert api.show(application_id, component_id)["status"]["available_replica"] == 0
    api.action(application_id, component_id, "start")
    clock.now += 0.5
    assert api.status(application_id, component_id) == "STARTING"
    finish_jobs(clock)
    status = api.show(application_id, component_id)["status"]
    assert (status["component_status"], status["available_replica"]) == ("RUNNING", 2)


def test_scale(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    assert api.action(application_id, component_id, "scale", replica=5)[0] == 200
    shown = api.show(application_id, component_id)
    assert (shown["replica"], shown["status"]["replica"], shown["status"]["available_replica"]) == (5, 5, 2)
    finish_jobs(clock)
    shown = api.show(application_id, component_id)
    assert (shown["replica"], shown["status"]["replica"], shown["status"]["available_replica"]) == (5, 5, 5)
    assert shown["status"]["component_status"] == "RUNNING"
    assert api.action(application_id, component_id, "scale")[1]["error_code"] == "SVCSTG.00100400"


def test_rollback_to_a_version_and_to_the_previous_one(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    for version, image in (("1.0.1", "web:2"), ("1.0.2", "web:3")):
        api.put(application_id, component_id, version=version, source={"kind": "image", "storage": "swr", "url": image})
        finish_jobs(clock)
    status, answer = api.action(application_id, component_id, "rollback", version="1.0.0")
    assert status == 200
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["source"]["url"]) == ("1.0.0", "swr.cn-north-4.myhuaweicloud.com/shop/web:1")
    clock.now += 0.5
    assert api.status(application_id, component_id) == "UPGRADING"
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "RUNNING"
    records = api.ok("GET", "/applications/%s/components/%s/records?order=asc" % (application_id, component_id))["records"]
    assert [(record["version"], record["current_used"]) for record in records] == [
        ("1.0.0", True), ("1.0.1", False), ("1.0.2", False)]
    assert [job["deploy_type"] for job in records[0]["jobs"]] == ["create", "rollback"]
    assert records[0]["jobs"][1]["job_id"] == answer["job_id"]
    assert api.action(application_id, component_id, "rollback_current")[1]["error_code"] == "SVCSTG.00100400"
    api.action(application_id, component_id, "rollback", version="1.0.2")
    finish_jobs(clock)
    assert api.action(application_id, component_id, "rollback_current")[0] == 200
    assert api.show(application_id, component_id)["version"] == "1.0.1"
    finish_jobs(clock)
    status, answer = api.action(application_id, component_id, "rollback", version="0.9.0")
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400")


def test_an_unknown_action(api, deployed):
    application_id, environment_id, component_id = deployed
    for action in ("explode", None):
        status, answer = api.action(application_id, component_id, action)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100418")


def test_the_older_action_answer(server, api, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(action_answer="result")
    status, answer = api.action(application_id, component_id, "restart")
    assert status == 200 and answer == {"job_id": answer["job_id"], "result": "succeeded"}
    assert JOB_ID.match(answer["job_id"])


def test_actions_follow_injected_outcomes(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.add_job_outcomes([{"outcome": "FAILED", "kind": "restart", "messages": "CrashLoopBackOff"}])
    job_id = api.action(application_id, component_id, "restart")[1]["job_id"]
    finish_jobs(clock)
    job = api.job(job_id)
    assert job["job"]["execution_status"] == "FAILED" and job["tasks"][-1]["messages"] == "CrashLoopBackOff"
    assert api.status(application_id, component_id) == "FAILED"


# Deletion and not found ------------------------------------------------------------------------------------

def test_component_delete_passes_through_deleting(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    path = "/applications/%s/components/%s" % (application_id, component_id)
    assert api.call("DELETE", path) == (200, {"component_id": component_id})
    assert api.status(application_id, component_id) == "DELETING"
    assert api.call("DELETE", path) == (200, {"component_id": component_id})
    assert api.put(application_id, component_id, version="1.0.1")[0] == 409
    assert api.call("DELETE", "/applications/" + application_id)[0] == 409
    clock.now += 0.5
    assert api.call("GET", path)[1]["error_code"] == "SVCSTG.00100401"
    assert api.call("DELETE", "/applications/" + application_id)[0] == 204


def test_not_found_is_401_by_default_as_terraform_handles_it(api, deployed):
    application_id, environment_id, component_id = deployed
    other_application = api.application("store")
    missing = str(uuid.uuid4())
    for method, path in [
            ("GET", "/applications/" + missing), ("PUT", "/applications/" + missing), ("DELETE", "/applications/" + missing),
            ("GET", "/environments/" + missing), ("PUT", "/environments/" + missing), ("DELETE", "/environments/" + missing),
            ("GET", "/environments/%s/resources" % missing),
            ("GET", "/applications/%s/components/%s" % (application_id, missing)),
            ("PUT", "/applications/%s/components/%s" % (application_id, missing)),
            ("DELETE", "/applications/%s/components/%s" % (application_id, missing)),
            ("POST", "/applications/%s/components/%s/action" % (application_id, missing)),
            ("GET", "/applications/%s/components/%s/records" % (application_id, missing)),
            ("GET", "/applications/%s/components/%s" % (other_application, component_id)),
            ("GET", "/applications/%s/components" % missing)]:
        status, answer = api.call(method, path, {"name": "x", "action": "start"})
        assert (status, answer["error_code"]) == (401, "SVCSTG.00100401"), (method, path)


def test_the_documented_404_variants(server, api, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(not_found="404")
    other_application = api.application("store")
    missing = str(uuid.uuid4())
    expected = [("/applications/" + missing, "SVCSTG.00100403"), ("/environments/" + missing, "SVCSTG.00100411"),
                ("/applications/%s/components/%s" % (application_id, missing), "SVCSTG.00100404"),
                ("/applications/%s/components/%s" % (other_application, component_id), "SVCSTG.00100404"),
                ("/applications/%s/components/%s" % (missing, component_id), "SVCSTG.00100403")]
    for path, code in expected:
        for method in ("GET", "DELETE"):
            status, answer = api.call(method, path)
            assert (status, answer["error_code"]) == (404, code), (method, path)


def test_the_error_message_key_is_a_switch(server, api):
    assert set(api.call("GET", "/applications/none")[1]) == {"error_code", "error_msg"}
    server.v3.configure(error_message_key="error_message")
    answer = api.call("GET", "/applications/none")[1]
    assert set(answer) == {"error_code", "error_message"} and "application" in answer["error_message"]
    assert set(api.call("POST", "/environments", {})[1]) == {"error_code", "error_message"}


# Records, runtime stacks, code sources -------------------------------------------------------------------

def test_records_are_paged(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    for version in ("1.0.1", "1.0.2", "1.0.3"):
        api.put(application_id, component_id, version=version)
        clock.now += 0.5
        if version == "1.0.3":
            break
        finish_jobs(clock)
    path = "/applications/%s/components/%s/records" % (application_id, component_id)
    answer = api.ok("GET", path + "?limit=2")
    assert answer["count"] == 4 and [record["version"] for record in answer["records"]] == ["1.0.3", "1.0.2"]
    assert answer["records"][0]["status"] == "RUNNING" and answer["records"][0]["end_time"] is None
    assert answer["records"][1]["status"] == "SUCCEEDED" and int(answer["records"][1]["end_time"]) > int(
        answer["records"][1]["begin_time"])
    assert [record["version"] for record in api.ok("GET", path + "?limit=2&offset=2")["records"]] == ["1.0.1", "1.0.0"]
    record = answer["records"][0]
    assert set(record) == {"begin_time", "end_time", "description", "instance_id", "version", "current_used", "status",
                           "deploy_type", "jobs"}
    assert set(record["jobs"][0]) == {"sequence", "deploy_type", "job_id", "job_info"}
    assert set(record["jobs"][0]["job_info"]) == {"deploy_type", "source_url", "first_batch_weight", "first_batch_replica",
                                                  "replica", "remaining_batch"}


def test_runtime_stacks(api):
    answer = api.ok("GET", "/runtimestacks")
    stacks = set((stack["type"], stack["name"], stack["deploy_mode"]) for stack in answer["runtime_stacks"])
    assert {("Docker", "Docker", "container"), ("Java", "OpenJDK17", "container"), ("Tomcat", "Tomcat9", "container")} <= stacks
    assert answer["total"] == len(answer["runtime_stacks"])
    assert all(stack["status"] == "Supported" and stack["version"] for stack in answer["runtime_stacks"])


def test_a_code_source_names_a_git_authorization_of_the_same_project(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    source = {"kind": "code", "repo_type": "GitHub", "repo_url": "https://github.com/shop/web", "repo_ref": "main",
              "repo_auth": "github-ci"}
    body = component_body(environment_id, runtime_stack={"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"},
                          source=source, build={"parameters": {"cluster_id": "cce-1"}})
    path = "/applications/%s/components" % application_id
    server.seed(OTHER_PROJECT, names=["github-ci"], token_type="personal")
    status, answer = api.call("POST", path, body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.REPO.0450") and "github-ci" in answer["error_msg"]
    server.seed(UNIT_PROJECT, names=["github-ci"], token_type="personal")
    component_id = api.ok("POST", path, body)["component_id"]
    finish_jobs(clock)
    assert api.put(application_id, component_id, source=dict(source, repo_auth="gone"))[1]["error_code"] == "SVCSTG.REPO.0450"
    assert api.put(application_id, component_id, version="1.0.1")[0] == 200


# Faults and latency, generic: as for v1 --------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_a_dropped_answer_after_the_write_was_carried_out(server, api, clock, deployed, method):
    application_id, environment_id, component_id = deployed
    path = "/applications/%s/components/%s" % (application_id, component_id)
    server.add_faults([{"method": method, "path": r"/v3/.*/components/", "drop": True, "commit": True}])
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        if method == "PUT":
            api.put(application_id, component_id, version="1.0.1")
        else:
            api.action(application_id, component_id, "scale", replica=4)
    shown = api.show(application_id, component_id)
    assert shown["status"]["last_job_id"] is not None and server.faults[0].hits == 1
    if method == "PUT":
        assert shown["version"] == "1.0.1"
    else:
        assert shown["replica"] == 4
    write = server.writes()[-1]
    assert (write["method"], write["outcome"], write["status"], write["fault"]) == (method, 200, None, "drop+commit")
    assert api.ok("GET", "/jobs/" + shown["status"]["last_job_id"])["job"]["job_id"] == shown["status"]["last_job_id"]


def test_a_dropped_answer_to_a_create_and_a_delete(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    server.add_faults([{"method": "POST", "path": "/components$", "drop": True, "commit": True},
                       {"method": "DELETE", "drop": True, "commit": True}])
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        api.call("POST", "/applications/%s/components" % application_id, component_body(environment_id))
    listed = api.ok("GET", "/components?component_name=web")["components"]
    assert len(listed) == 1
    finish_jobs(clock)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        api.call("DELETE", "/applications/%s/components/%s" % (application_id, listed[0]["id"]))
    assert api.show(application_id, listed[0]["id"])["status"]["component_status"] == "DELETING"


def test_a_fault_answers_instead_of_the_v3_api(server, api):
    server.add_faults([{"method": "GET", "path": "/cas/applications", "status": 503, "body": {"error_code": "APIG.0503"}}])
    assert api.call("GET", "/applications") == (503, {"error_code": "APIG.0503"})
    assert api.call("GET", "/applications")[0] == 200


def test_latency_applies_to_v3_routes(server, api):
    assert post_control(server, "/_emulator/config", {"latency": 0.3}) == (204, None)
    started = time.time()
    api.call("GET", "/runtimestacks")
    assert time.time() - started >= 0.3


def test_puts_count_as_writes(server, api, deployed):
    application_id, environment_id, component_id = deployed
    api.put(application_id, component_id, version="1.0.1")
    assert [entry["method"] for entry in server.writes()] == ["POST", "POST", "POST", "PUT"]


# Control routes ----------------------------------------------------------------------------------------------

def test_seeding_over_the_control_route_to_rehearse_a_release(server, api, clock):
    status, seeded = post_control(server, "/_emulator/v3/seed", {
        "project_id": UNIT_PROJECT,
        "applications": [{"name": "shop", "id": "a1a1a1a1-0000-4000-8000-000000000001"}],
        "environments": [{"name": "prod", "vpc_id": "vpc-9", "resources": [{"id": "cce-prod", "type": "cce"}]}],
        "components": [{"application": "shop", "environment": "prod", "name": "web", "version": "2.3.0", "replica": 3,
                        "previous_versions": ["2.2.0"]},
                       {"application": "shop", "environment": "prod", "name": "worker", "status": "STOPPED"}]})
    assert status == 200
    assert seeded["applications"] == [{"id": "a1a1a1a1-0000-4000-8000-000000000001", "name": "shop"}]
    web = seeded["components"][0]
    assert web["application_id"] == "a1a1a1a1-0000-4000-8000-000000000001" and web["name"] == "web"
    shown = api.show(web["application_id"], web["id"])
    assert (shown["version"], shown["replica"], shown["status"]["component_status"], shown["status"]["available_replica"]) == (
        "2.3.0", 3, "RUNNING", 3)
    assert shown["refer_resources"][0]["id"] == "cce-prod" and shown["environment_id"] == seeded["environments"][0]["id"]
    worker = seeded["components"][1]
    assert api.status(worker["application_id"], worker["id"]) == "STOPPED"
    assert api.ok("GET", "/environments/%s" % seeded["environments"][0]["id"])["resources"] == [{"id": "cce-prod", "type": "cce"}]
    # the release rehearsal: upgrade, then roll back to the seeded previous version
    assert api.put(web["application_id"], web["id"], version="2.4.0")[0] == 200
    finish_jobs(clock)
    assert api.action(web["application_id"], web["id"], "rollback", version="2.2.0")[0] == 200
    assert api.show(web["application_id"], web["id"])["source"]["url"].endswith("web:2.2.0")
    status, answer = post_control(server, "/_emulator/v3/seed", {"project_id": UNIT_PROJECT, "applications": [
        {"name": "blog"}, {"name": "shop"}]})
    assert status == 400 and "already used" in answer["error"]
    status, answer = post_control(server, "/_emulator/v3/seed", {
        "project_id": UNIT_PROJECT, "environments": [{"name": "qa"}],
        "components": [{"application": "nowhere", "environment": "prod", "name": "api"}]})
    assert status == 400 and "nowhere" in answer["error"]
    assert [item["name"] for item in server.v3.applications(UNIT_PROJECT)] == ["shop"]
    assert [item["name"] for item in server.v3.environments(UNIT_PROJECT)] == ["prod"]


def test_seeding_in_process(server, api):
    application = server.v3.seed_application(UNIT_PROJECT, "shop", labels=[{"key": "team", "value": "web"}])
    environment = server.v3.seed_environment(UNIT_PROJECT, "prod", resources=[{"id": "cce-1", "type": "cce"}])
    component = server.v3.seed_component(UNIT_PROJECT, application["id"], "prod", "web", version="3.0.0", replica=4,
                                         status="PARTIALLY_FAILED", available_replica=1, timezone="Europe/Paris")
    assert (component["application_name"], component["environment_name"], component["environment_id"]) == (
        "shop", "prod", environment["id"])
    assert api.show(application["id"], component["id"])["status"]["available_replica"] == 1
    assert [item["name"] for item in server.v3.components(UNIT_PROJECT)] == ["web"]
    assert server.v3.applications(UNIT_PROJECT)[0]["component_count"] == 1
    assert server.v3.environments(UNIT_PROJECT)[0]["resources"] == [{"id": "cce-1", "type": "cce"}]
    with pytest.raises(ValueError):
        server.v3.seed_component(UNIT_PROJECT, "shop", "prod", "api", status="DANCING")
    with pytest.raises(ValueError):
        server.v3.seed_component(UNIT_PROJECT, "shop", "prod", "api", version="latest")


def test_the_config_route_takes_the_v3_switches(server, api):
    changes = {"not_found": "404", "error_message_key": "error_message", "job_key_case": "upper",
               "action_answer": "result", "component_get_includes_id": True,
               "component_name_scope": "application_environment", "version_reuse": "reject",
               "environment_delete_in_use": "allow", "gray_release_job": "running", "name_filter": "fuzzy",
               "name_case": "insensitive", "stored_list_order": "by_identity", "failed_upgrade_spec": "previous",
               "gray_rule_parameters": "flat", "busy_status": 429, "busy_code": "SVCSTG.00100428", "job_seconds": 2,
               "job_queued_seconds": 0.5, "status_lag_seconds": 4, "delete_seconds": 1}
    assert set(changes) == set(SWITCHES)
    assert post_control(server, "/_emulator/config", changes) == (204, None)
    assert server.v3.config == dict(changes, job_seconds=2.0, status_lag_seconds=4.0, delete_seconds=1.0)
    assert api.call("GET", "/applications/none") == (404, {"error_code": "SVCSTG.00100403",
                                                           "error_message": "application not found: none"})
    for refused in ({"not_found": "410"}, {"no_such_switch": 1}, {"job_seconds": -1}, {"busy_status": 200},
                    {"component_get_includes_id": "yes"}, {"latency": 2, "name_filter": "regex"},
                    {"stored_list_order": "sorted"}, {"failed_upgrade_spec": "old"}, {"gray_rule_parameters": "both"}):
        status, answer = post_control(server, "/_emulator/config", refused)
        assert status == 400 and answer["error"], refused
    assert server.v3.config["not_found"] == "404" and server.latency == 0.0


def test_the_state_routes(server, api, deployed):
    application_id, environment_id, component_id = deployed
    server.seed(UNIT_PROJECT, names=["bitbucket-ci"])
    assert get_control(server, "/_emulator/state") == {UNIT_PROJECT: server.authorizations(UNIT_PROJECT)}
    state = get_control(server, "/_emulator/v3/state")
    assert set(state) == {"config", "projects", "jobs"} and state["config"]["job_seconds"] == 1.0
    project = state["projects"][UNIT_PROJECT]
    assert [item["id"] for item in project["applications"]] == [application_id]
    assert [item["id"] for item in project["environments"]] == [environment_id]
    assert [(item["id"], item["status"]["component_status"]) for item in project["components"]] == [(component_id, "RUNNING")]
    assert [(job["kind"], job["component_name"], job["execution_status"]) for job in state["jobs"]] == [
        ("create", "web", "SUCCEEDED")]
    assert server.v3.jobs(OTHER_PROJECT) == []


def test_reset_forgets_v3_objects_jobs_and_outcomes_but_keeps_the_switches(server, api, deployed):
    server.v3.configure(not_found="404")
    server.v3.add_job_outcomes([{"outcome": "FAILED"}])
    assert post_control(server, "/_emulator/reset", {}) == (204, None)
    assert server.v3.applications(UNIT_PROJECT) == [] and server.v3.jobs() == [] and server.v3.engine.outcomes == []
    assert server.v3.config["not_found"] == "404" and server.v3.config["job_seconds"] == 1.0


def test_the_help_documents_the_v3_routes_and_its_examples_work(server, api, clock):
    help_text = servicestage_emulator.CONTROL_ROUTES
    for route in ("/_emulator/v3/state", "/_emulator/v3/seed", "/_emulator/v3/job-outcomes",
                  "/_emulator/v3/page-events"):
        assert route in help_text and route in servicestage_emulator.__doc__, route
    examples = re.findall(r"curl -s -X POST localhost:8080(/_emulator/v3/[a-z-]+) -d '([^']+)'", help_text.replace(
        "\n      ", " "))
    assert [path for path, body in examples] == ["/_emulator/v3/seed", "/_emulator/v3/job-outcomes",
                                                 "/_emulator/v3/page-events"]
    for path, body in examples:
        body = json.loads(body.replace(servicestage_emulator.DEFAULT_PROJECT, UNIT_PROJECT))
        assert post_control(server, path, body)[0] in (200, 204), path
    component = server.v3.components(UNIT_PROJECT)[0]
    job_id = api.put(component["application_id"], component["id"], version="1.1.0")[1]["job_id"]
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "FAILED"
    api.ok("GET", "/applications?limit=1")
    assert sorted(item["name"] for item in server.v3.applications(UNIT_PROJECT)) == ["late-app", "shop"]
    fault = re.search(r"_emulator/faults -d '(\[\{\"path\"[^']+)'", help_text.replace("\n      ", " ")).group(1)
    assert post_control(server, "/_emulator/faults", json.loads(fault))[0] == 204
    assert server.faults[-1].matches("GET", "/v3/p/cas/applications", "limit=100&offset=100")
    assert not server.faults[-1].matches("GET", "/v3/p/cas/applications", "limit=100&offset=1000")
    assert "--port" in subprocess.run([sys.executable, servicestage_emulator.__file__, "--help"], capture_output=True,
                                      text=True, check=True, env=dict(os.environ)).stdout


# How a stored list is ordered (stored_list_order) -------------------------------------------------------

LISTS = {
    "envs": [{"name": "ZONE", "value": "b"}, {"name": "APP_MODE", "value": "prod"}],
    "storages": [{"type": "EmptyDir", "name": "scratch", "parameters": {"medium": "memory"},
                  "mounts": [{"path": "/tmp/z", "sub_path": "", "read_only": False},
                             {"path": "/tmp/a", "sub_path": "", "read_only": True}]},
                 {"type": "ConfigMap", "name": "config", "parameters": {"name": "web-config", "default_mode": 384},
                  "mounts": [{"path": "/etc/web", "sub_path": "", "read_only": True}]}],
    "refer_resources": [{"id": "cce-1", "type": "cce", "parameters": {"namespace": "default"}},
                        {"id": "elb-1", "type": "elb"}, {"id": "cse-1", "type": "cse"}],
    "logs": [{"log_path": "/var/log/web", "rotate": "Daily", "host_path": "/h/w", "host_extend_path": "None"},
             {"log_path": "/var/log/access", "rotate": "Hourly", "host_path": "/h/a", "host_extend_path": "PodName"}],
    "external_accesses": [{"protocol": "HTTPS", "address": "web.example.com", "forward_port": 443},
                          {"protocol": "HTTP", "address": "web.example.com", "forward_port": 80}],
    "labels": [{"key": "tier", "value": "front"}, {"key": "owner", "value": "shop-team"}],
    "command": {"command": ["/bin/sh", "-c"], "args": ["run", "-c", "--fast"]},
    "liveness_probe": {"type": "command", "delay": 10, "timeout": 3, "command": ["test", "-f", "/ready"]},
    "affinity": [{"condition": "required", "kind": "node", "weight": 50,
                  "match_expressions": [{"key": "zone", "operation": "In", "value": "b"},
                                        {"key": "arch", "operation": "In", "value": "x86"}]},
                 {"condition": "preferred", "kind": "node", "weight": 10, "match_expressions": []}],
}


def test_stored_lists_keep_the_order_sent_by_default(server, api):
    application_id = api.application()
    component_id, job_id = api.component(application_id, api.environment(), **LISTS)
    shown = api.show(application_id, component_id)
    for key in ("storages", "refer_resources", "logs", "labels", "command", "liveness_probe", "affinity"):
        assert shown[key] == LISTS[key], key
    assert shown["envs"][:2] == LISTS["envs"] and shown["external_accesses"][:2] == LISTS["external_accesses"]
    assert [access["protocol"] for access in shown["external_accesses"]] == ["HTTPS", "HTTP", "TCP"]


def test_by_identity_the_server_stores_lists_of_objects_in_its_own_order(server, api, clock):
    server.v3.configure(stored_list_order="by_identity")
    application_id = api.application(labels=[{"key": "tier", "value": "front"}, {"key": "owner", "value": "ops"}])
    environment_id = api.environment(labels=[{"key": "b", "value": "bb"}, {"key": "a", "value": "aa"}],
                                     resources=[{"id": "elb-1", "type": "elb"}, {"id": "cce-9", "type": "cce"},
                                                {"id": "cce-1", "type": "cce"}])
    component_id, job_id = api.component(application_id, environment_id, timezone="Asia/Shanghai", **LISTS)
    shown = api.show(application_id, component_id)
    assert [env["name"] for env in shown["envs"]] == ["APP_MODE", "PAAS_APP_NAME", "PAAS_PROJECT_ID", "TZ", "ZONE"]
    assert [storage["name"] for storage in shown["storages"]] == ["config", "scratch"]
    assert [mount["path"] for mount in shown["storages"][1]["mounts"]] == ["/tmp/a", "/tmp/z"]
    assert [(item["type"], item["id"]) for item in shown["refer_resources"]] == [
        ("cce", "cce-1"), ("cse", "cse-1"), ("elb", "elb-1")]
    assert [log["log_path"] for log in shown["logs"]] == ["/var/log/access", "/var/log/web"]
    assert [access["protocol"] for access in shown["external_accesses"]] == ["HTTP", "HTTPS", "TCP"]
    assert [label["key"] for label in shown["labels"]] == ["owner", "tier"]
    # lists of values, and lists of objects without an identity, are never reordered
    assert shown["command"] == LISTS["command"] and shown["liveness_probe"] == LISTS["liveness_probe"]
    assert shown["affinity"] == LISTS["affinity"]
    listed = api.ok("GET", "/components")["components"][0]
    assert [item["id"] for item in listed["refer_resources"]] == ["cce-1", "cse-1", "elb-1"]
    assert [label["key"] for label in api.ok("GET", "/applications/" + application_id)["labels"]] == ["owner", "tier"]
    environment = api.ok("GET", "/environments/" + environment_id)
    assert [label["key"] for label in environment["labels"]] == ["a", "b"]
    assert [item["id"] for item in environment["resources"]] == ["cce-1", "cce-9", "elb-1"]
    # a PUT in another order is stored in the same order; a module that sends the GET's order back is unchanged
    finish_jobs(clock)
    reordered = dict(LISTS["command"], args=["-c", "run", "--fast"])
    assert api.put(application_id, component_id, version="1.0.1", envs=list(reversed(LISTS["envs"])),
                   command=reordered)[0] == 200
    shown = api.show(application_id, component_id)
    assert [env["name"] for env in shown["envs"] if not env.get("inner")] == ["APP_MODE", "TZ", "ZONE"]
    assert shown["command"]["args"] == ["-c", "run", "--fast"]
    assert api.ok("PUT", "/environments/%s/resources" % environment_id, {"resources": [
        {"id": "z", "type": "vpc"}, {"id": "a", "type": "vpc"}]})["resources"] == [
            {"id": "a", "type": "vpc"}, {"id": "z", "type": "vpc"}]
    seeded = server.v3.seed_component(UNIT_PROJECT, "shop", "prod", "api", envs=LISTS["envs"])
    assert [env["name"] for env in seeded["envs"]][:1] == ["APP_MODE"]


# What a failed upgrade leaves (failed_upgrade_spec) -------------------------------------------------------

@pytest.mark.parametrize("mode", ["new", "previous"])
@pytest.mark.parametrize("outcome, component_status", [
    ("CANCELLED", "RUNNING"), ("FAILED", "FAILED"), ("PARTIALLY_FAILED", "PARTIALLY_FAILED"), ("UNKNOWN", "UNKNOWN")])
def test_what_a_failed_upgrade_leaves_of_the_spec(server, api, clock, deployed, mode, outcome, component_status):
    application_id, environment_id, component_id = deployed
    server.v3.configure(failed_upgrade_spec=mode)
    server.v3.add_job_outcomes([{"outcome": outcome, "kind": "upgrade", "messages": "deadline exceeded"}])
    new_source = {"kind": "image", "storage": "swr", "url": "swr.cn-north-4.myhuaweicloud.com/shop/web:2"}
    job_id = api.put(application_id, component_id, version="1.0.1", source=new_source, jvm_opts="-Xmx1g")[1]["job_id"]
    assert api.show(application_id, component_id)["version"] == "1.0.1"  # at once, whatever the reading
    finish_jobs(clock)
    shown = api.show(application_id, component_id)
    assert (shown["status"]["component_status"], shown["status"]["last_job_id"]) == (component_status, job_id)
    job = api.job(job_id)
    assert job["job"]["execution_status"] == outcome and job["tasks"][-1]["messages"] == "deadline exceeded"
    records = api.ok("GET", "/applications/%s/components/%s/records" % (application_id, component_id))["records"]
    assert [(record["version"], record["status"]) for record in records] == [("1.0.1", outcome), ("1.0.0", "SUCCEEDED")]
    if mode == "new":
        assert (shown["version"], shown["source"]["url"], shown["jvm_opts"]) == ("1.0.1", new_source["url"], "-Xmx1g")
        assert [record["current_used"] for record in records] == [True, False]
    else:
        assert (shown["version"], shown["source"]["url"]) == ("1.0.0", "swr.cn-north-4.myhuaweicloud.com/shop/web:1")
        assert "jvm_opts" not in shown
        assert [record["current_used"] for record in records] == [False, True]
    clock.now += 3600
    assert api.job(job_id)["job"]["execution_status"] == outcome
    assert api.show(application_id, component_id)["status"]["last_job_id"] == job_id


def test_a_failed_rollback_under_the_previous_reading_leaves_the_version_it_left(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(failed_upgrade_spec="previous")
    api.put(application_id, component_id, version="1.0.1")
    finish_jobs(clock)
    server.v3.add_job_outcomes([{"outcome": "CANCELLED", "kind": "rollback"}])
    job_id = api.action(application_id, component_id, "rollback", version="1.0.0")[1]["job_id"]
    assert api.show(application_id, component_id)["version"] == "1.0.0"
    finish_jobs(clock)
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["status"]["component_status"], shown["status"]["last_job_id"]) == (
        "1.0.1", "RUNNING", job_id)


def test_a_failed_upgrade_of_the_same_version_puts_the_overwritten_record_back(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(failed_upgrade_spec="previous")
    server.v3.add_job_outcomes([{"outcome": "FAILED", "kind": "upgrade"}])
    api.put(application_id, component_id, version="1.0.0", jvm_opts="-Xmx2g")
    finish_jobs(clock)
    shown = api.show(application_id, component_id)
    assert (shown["version"], "jvm_opts" in shown) == ("1.0.0", False)
    records = api.ok("GET", "/applications/%s/components/%s/records" % (application_id, component_id))["records"]
    assert [(record["version"], record["current_used"], record["deploy_type"]) for record in records] == [
        ("1.0.0", True, "create")]


# A job that succeeds while the old version keeps running (JobOutcome leaves) -------------------------------

def test_an_upgrade_that_succeeds_while_the_previous_version_keeps_running(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    rule = JobOutcome(kind="upgrade", leaves="previous")
    server.v3.add_job_outcomes([rule])
    job_id = api.put(application_id, component_id, version="1.0.1", jvm_opts="-Xmx1g")[1]["job_id"]
    clock.now += 0.5
    assert api.status(application_id, component_id) == "UPGRADING"
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
    shown = api.show(application_id, component_id)
    status = shown["status"]
    assert (shown["version"], "jvm_opts" in shown, status["component_status"], status["last_job_id"]) == (
        "1.0.0", False, "RUNNING", job_id)
    assert shown["status"]["available_replica"] == 2
    records = api.ok("GET", "/applications/%s/components/%s/records" % (application_id, component_id))["records"]
    assert [(record["version"], record["status"], record["current_used"]) for record in records] == [
        ("1.0.1", "SUCCEEDED", False), ("1.0.0", "SUCCEEDED", True)]
    assert rule.hits == 1


def test_leaves_over_the_control_route_matches_only_upgrades_and_rollbacks(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    assert post_control(server, "/_emulator/v3/job-outcomes", [{"leaves": "previous"}]) == (204, None)
    api.action(application_id, component_id, "restart")  # not a kind that puts a spec in place: not matched
    finish_jobs(clock)
    assert server.v3.engine.outcomes[0].hits == 0
    api.put(application_id, component_id, version="1.0.1")
    finish_jobs(clock)
    assert server.v3.engine.outcomes[0].hits == 1 and api.show(application_id, component_id)["version"] == "1.0.0"
    assert post_control(server, "/_emulator/v3/job-outcomes", [{"kind": "rollback", "leaves": "previous"}]) == (
        204, None)
    api.put(application_id, component_id, version="1.0.1")
    finish_jobs(clock)
    job_id = api.action(application_id, component_id, "rollback", version="1.0.0")[1]["job_id"]
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
    assert api.show(application_id, component_id)["version"] == "1.0.1"
    assert server.v3.engine.outcomes[1].hits == 1
    for refused in ({"outcome": "FAILED", "leaves": "previous"}, {"kind": "scale", "leaves": "previous"},
                    {"leaves": "both"}):
        status, answer = post_control(server, "/_emulator/v3/job-outcomes", [refused])
        assert status == 400 and "leaves" in answer["error"], refused


def test_a_gray_upgrade_that_leaves_the_previous_version_does_not_pause(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(gray_release_job="running")
    server.v3.add_job_outcomes([{"kind": "upgrade", "leaves": "previous"}])
    job_id = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["status"]["component_status"]) == ("1.0.0", "RUNNING")


# Lists that change between two pages, sort orders, a delayed page -------------------------------------------

def page_names(api, path, key, query):
    return [item["name"] for item in api.ok("GET", path + query)[key]]


def test_an_application_created_between_two_pages_shifts_the_next_page(server, api, clock):
    for name in ("alpha", "bravo", "charlie", "delta", "echo"):
        api.application(name)
        clock.now += 1
    server.v3.add_page_events([{"objects": "applications", "offset": 0, "create": "late",
                                "fields": {"description": "x"}}])
    assert page_names(api, "/applications", "applications", "?limit=2") == ["echo", "delta"]
    assert page_names(api, "/applications", "applications", "?limit=2&offset=2") == ["delta", "charlie"]
    assert page_names(api, "/applications", "applications", "?limit=2") == ["late", "echo"]
    event = server.v3.page_events[0]
    assert (event.hits, event.times, event.errors) == (1, 0, [])
    assert api.ok("GET", "/applications")["count"] == 6


def test_an_application_deleted_between_two_pages_is_skipped(server, api, clock):
    for name in ("alpha", "bravo", "charlie", "delta", "echo"):
        api.application(name)
        clock.now += 1
    server.v3.add_page_events([{"objects": "applications", "offset": 0, "delete": "delta"}])
    first = page_names(api, "/applications", "applications", "?limit=2&order_by=name&order=asc")
    second = page_names(api, "/applications", "applications", "?limit=2&offset=2&order_by=name&order=asc")
    assert (first, second) == (["alpha", "bravo"], ["charlie", "echo"])
    server.v3.add_page_events([{"objects": "applications", "offset": 2, "delete": "alpha"}])
    assert page_names(api, "/applications", "applications", "?limit=2&offset=2&order_by=name&order=asc") == [
        "charlie", "echo"]
    assert page_names(api, "/applications", "applications", "?order_by=name&order=asc") == ["bravo", "charlie", "echo"]


def test_page_events_over_the_control_route_for_environments_and_components(server, api, clock):
    application_id = api.application("shop")
    api.application("store")
    environment_id = api.environment("prod")
    api.component(application_id, environment_id, "web")
    status, answer = post_control(server, "/_emulator/v3/page-events", [
        {"objects": "environments", "offset": 0, "create": "staging", "fields": {"vpc_id": "vpc-2"}},
        {"objects": "components", "offset": 0, "create": "worker",
         "fields": {"application": "store", "environment": "prod", "version": "2.0.0"}},
        {"objects": "components", "offset": 1, "delete": "web", "application": "shop"},
        {"objects": "components", "offset": 5, "delete": "nobody"}])
    assert (status, answer) == (204, None)
    assert page_names(api, "/environments", "environments", "?limit=1") == ["prod"]
    assert page_names(api, "/environments", "environments", "?limit=1&offset=1") == ["prod"]
    assert page_names(api, "/applications/%s/components" % application_id, "components", "?limit=1") == ["web"]
    worker = api.ok("GET", "/components?component_name=worker")["components"][0]
    assert (worker["application_name"], worker["version"], worker["status"]["component_status"]) == (
        "store", "2.0.0", "RUNNING")
    assert page_names(api, "/components", "components", "?limit=1&offset=1") == ["web"]
    assert [item["name"] for item in api.ok("GET", "/components")["components"]] == ["worker"]
    assert page_names(api, "/components", "components", "?limit=1&offset=5") == []
    assert [(event.hits, event.errors) for event in server.v3.page_events] == [
        (1, []), (1, []), (1, []), (1, ["no component named 'nobody' to delete"])]
    for refused in ({"objects": "jobs", "create": "x"}, {"objects": "applications"},
                    {"objects": "applications", "create": "x", "delete": "y"},
                    {"objects": "applications", "delete": "y", "fields": {}},
                    {"objects": "applications", "delete": "y", "application": "shop"},
                    {"objects": "applications", "create": "x", "offset": -1}, {"objects": "applications", "colour": 1}):
        status, answer = post_control(server, "/_emulator/v3/page-events", [refused])
        assert status == 400 and answer["error"], refused
    assert len(server.v3.page_events) == 4


def test_deleting_an_application_between_pages_takes_its_components(server, api):
    application_id = api.application("shop")
    environment_id = api.environment()
    api.component(application_id, environment_id, "web")
    server.v3.add_page_events([PageEvent("applications", delete="shop")])
    assert page_names(api, "/applications", "applications", "") == ["shop"]
    assert api.ok("GET", "/applications")["count"] == 0 and api.ok("GET", "/components")["count"] == 0


def test_a_page_event_does_not_fire_for_another_project_or_offset(server, api):
    api.application("shop")
    server.v3.add_page_events([{"objects": "applications", "offset": 1, "create": "late", "times": 2}])
    other = Api(server, project_id=OTHER_PROJECT, token=OTHER_TOKEN)
    assert other.ok("GET", "/applications?offset=1")["count"] == 0
    assert [item["name"] for item in server.v3.applications(OTHER_PROJECT)] == ["late"]
    api.ok("GET", "/applications")
    assert [item["name"] for item in server.v3.applications(UNIT_PROJECT)] == ["shop"]
    api.ok("GET", "/applications?offset=1")
    assert sorted(item["name"] for item in server.v3.applications(UNIT_PROJECT)) == ["late", "shop"]
    api.ok("GET", "/applications?offset=1")
    event = server.v3.page_events[0]
    assert (event.hits, event.times, event.errors) == (2, 0, [])
    server.v3.add_page_events([{"objects": "applications", "create": "shop"}])
    api.ok("GET", "/applications")
    assert server.v3.page_events[1].errors == ["application name is already used: shop"]


@pytest.mark.parametrize("path, key", [("/applications", "applications"), ("/environments", "environments"),
                                       ("/components", "components")])
def test_every_list_sorts_by_each_key_both_ways_and_ties_keep_the_order_of_creation(server, api, clock, path, key):
    names = ["delta", "alpha", "charlie", "bravo"]
    application_id = api.application("shop") if key == "components" else None
    environment_id = api.environment("prod") if key == "components" else None
    for index, name in enumerate(names):
        if key == "applications":
            api.application(name)
        elif key == "environments":
            api.environment(name)
        else:
            api.component(application_id, environment_id, name)
        if index == 1:
            clock.now += 1  # delta and alpha share a create_time, as do charlie and bravo
    finish_jobs(clock)
    touched = api.ok("GET", path + "?order_by=name&order=asc")[key][0]["id"]  # alpha
    touch = {"applications": ("PUT", "/applications/" + touched, {"description": "touched"}),
             "environments": ("PUT", "/environments/" + touched, {"name": "alpha", "description": "touched"}),
             "components": ("POST", "/applications/%s/components/%s/action" % (application_id, touched),
                            {"action": "restart"})}[key]
    api.ok(*touch)
    finish_jobs(clock)

    def listed(query):
        return [name for name in page_names(api, path, key, query) if name in names]

    assert listed("?order=asc") == ["delta", "alpha", "charlie", "bravo"]
    assert listed("") == listed("?order=desc") == ["bravo", "charlie", "alpha", "delta"]
    assert listed("?order_by=create_time&order=asc") == listed("?order=asc")
    assert listed("?order_by=name&order=asc") == ["alpha", "bravo", "charlie", "delta"]
    assert listed("?order_by=name&order=desc") == ["delta", "charlie", "bravo", "alpha"]
    assert listed("?order_by=update_time&order=desc")[0] == "alpha"
    assert listed("?order_by=update_time&order=asc")[-1] == "alpha"
    assert listed("?order_by=colour&order=sideways") == listed("")
    for order in ("asc", "desc"):
        whole = listed("?order=" + order)
        paged = sum((listed("?limit=1&offset=%d&order=%s" % (offset, order)) for offset in range(4)), [])
        assert paged == whole


def test_a_fault_rule_can_match_the_query_string_to_delay_one_page(server, api):
    for name in ("alpha", "bravo", "charlie"):
        api.application(name)
    server.add_faults([{"method": "GET", "path": "/cas/applications$", "query": "offset=1(&|$)", "delay": 0.3}])
    started = time.time()
    assert len(api.ok("GET", "/applications?limit=1&offset=10")["applications"]) == 0
    assert len(api.ok("GET", "/applications?limit=1")["applications"]) == 1
    assert time.time() - started < 0.3
    started = time.time()
    assert len(api.ok("GET", "/applications?limit=1&offset=1")["applications"]) == 1
    assert time.time() - started >= 0.3
    assert server.faults[0].hits == 1
    server.add_faults([{"path": "/cas/applications$", "query": "order_by=name", "status": 503, "times": 2}])
    assert api.call("GET", "/applications")[0] == 200
    assert [api.call("GET", "/applications?order_by=name")[0] for attempt in range(3)] == [503, 503, 200]


# The request log: times for poll rates ----------------------------------------------------------------------

def test_log_entries_carry_their_query_and_three_clocks_never_bodies(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    job_id = api.put(application_id, component_id, version="1.0.1", jvm_opts="-Dsecret=hunter2")[1]["job_id"]
    api.job(job_id, "?limit=5")
    clock.now += 1.5
    api.job(job_id)
    log = get_control(server, "/_emulator/log")
    assert "hunter2" not in json.dumps(log)
    polls = [entry for entry in log if entry["path"].endswith("/jobs/" + job_id)]
    assert [entry["query"] for entry in polls] == ["limit=5", ""]
    assert polls[1]["clock"] - polls[0]["clock"] == pytest.approx(1.5)
    assert polls[0]["monotonic"] <= polls[1]["monotonic"] and polls[0]["time"] <= polls[1]["time"]
    assert all(isinstance(entry[key], float) for entry in log for key in ("time", "monotonic", "clock"))


def test_jobs_say_when_they_started_and_ended(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    started = clock.now
    api.put(application_id, component_id, version="1.0.1")
    upgrade = [job for job in server.v3.jobs(UNIT_PROJECT) if job["kind"] == "upgrade"][0]
    assert (upgrade["started"], upgrade["ended"]) == (started, None)
    finish_jobs(clock)
    upgrade = [job for job in server.v3.jobs(UNIT_PROJECT) if job["kind"] == "upgrade"][0]
    assert upgrade["ended"] == started + 1.0


# Yaml mode, typed numbers -------------------------------------------------------------------------------------

DEPLOYMENT = json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                         "spec": {"replicas": 2}})


def test_a_yaml_mode_component_is_never_put_without_its_workload_content(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    path = "/applications/%s/components" % application_id
    body = component_body(environment_id, config_mode="yaml")
    del body["replica"]
    status, answer = api.call("POST", path, body)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "workload_content" in answer["error_msg"]
    component_id = api.ok("POST", path, dict(body, workload_content=DEPLOYMENT))["component_id"]
    finish_jobs(clock)
    shown = api.show(application_id, component_id)
    assert shown["config_mode"] == "yaml" and "workload_content" not in shown
    last_job = shown["status"]["last_job_id"]
    component_path = "%s/%s" % (path, component_id)
    without_mode = spec_for_put(shown, version="1.0.1")
    del without_mode["config_mode"]
    for body in (spec_for_put(shown, version="1.0.1"), without_mode):
        status, answer = api.call("PUT", component_path, body)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100400")
        assert "workload_content is required for a component in yaml mode" in answer["error_msg"]
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["status"]["last_job_id"]) == ("1.0.0", last_job)
    assert api.call("PUT", component_path, spec_for_put(shown, version="1.0.1", workload_content=""))[0] == 400
    assert api.call("PUT", component_path, spec_for_put(shown, version="1.0.1", workload_content=DEPLOYMENT))[0] == 200
    finish_jobs(clock)
    assert api.call("PUT", component_path, spec_for_put(api.show(application_id, component_id), version="1.0.2",
                                                        config_mode="ui", replica=2))[0] == 200


def test_seeding_a_yaml_mode_component(server, api):
    server.v3.seed_application(UNIT_PROJECT, "shop")
    server.v3.seed_environment(UNIT_PROJECT, "prod", resources=[{"id": "cce-1", "type": "cce"}])
    seeded = server.v3.seed_component(UNIT_PROJECT, "shop", "prod", "web", config_mode="yaml")
    assert seeded["config_mode"] == "yaml" and "workload_content" not in seeded
    stored = json.loads(server.v3.project(UNIT_PROJECT).components[seeded["id"]].spec["workload_content"])
    assert stored["kind"] == "Deployment"
    assert stored["spec"]["template"]["spec"]["containers"][0]["image"].endswith("web:1.0.0")
    status, answer = post_control(server, "/_emulator/v3/seed", {"project_id": UNIT_PROJECT, "components": [
        {"application": "shop", "environment": "prod", "name": "api", "config_mode": "yaml",
         "workload_content": DEPLOYMENT}]})
    assert status == 200
    api_component = answer["components"][0]
    status, answer = api.put(api_component["application_id"], api_component["id"], version="1.0.1")
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "workload_content" in answer["error_msg"]


@pytest.mark.parametrize("change, field", [
    ({"limit_cpu": "0.5"}, "limit_cpu"), ({"request_memory": "1"}, "request_memory"), ({"replica": "2"}, "replica"),
    ({"replica": True}, "replica"), ({"replica": 2.0}, "replica"),
    ({"liveness_probe": {"type": "tcp", "delay": "10", "timeout": 3, "port": 8080}}, "liveness_probe.delay"),
    ({"readiness_probe": {"type": "tcp", "delay": 10, "timeout": 3, "port": "8080"}}, "readiness_probe.port"),
    ({"readiness_probe": {"type": "http", "delay": 10, "timeout": 2.5, "path": "/"}}, "readiness_probe.timeout"),
    ({"pre_stop": {"type": "http", "port": "80", "path": "/stop"}}, "pre_stop.port"),
    ({"mesher": {"port": "8080"}}, "mesher.port"),
    ({"storages": [{"type": "EmptyDir", "name": "tmp", "parameters": {}, "mounts": []},
                   {"type": "Secret", "name": "tls", "parameters": {"name": "tls", "default_mode": "384"},
                    "mounts": []}]},
     "storages[1].parameters.default_mode"),
    ({"external_accesses": [{"protocol": "HTTP", "address": "a.example.com", "forward_port": "80"}]},
     "external_accesses[0].forward_port"),
    ({"deploy_strategy": {"type": "RollingRelease", "rolling_release": {"batches": "2"}}},
     "deploy_strategy.rolling_release.batches"),
    ({"deploy_strategy": {"type": "GrayRelease", "gray_release": {"type": "WEIGHT", "first_batch_weight": "20"}}},
     "deploy_strategy.gray_release.first_batch_weight"),
])
def test_numbers_sent_as_text_are_refused_naming_the_field(api, clock, deployed, change, field):
    application_id, environment_id, component_id = deployed
    status, answer = api.call("POST", "/applications/%s/components" % application_id,
                              component_body(environment_id, "api", **change))
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400")
    assert answer["error_msg"].startswith("parameter invalid: %s must be " % field), answer
    status, answer = api.put(application_id, component_id, version="1.0.1", **change)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and field in answer["error_msg"]
    assert api.show(application_id, component_id)["version"] == "1.0.0"


def test_numbers_sent_as_numbers_are_taken(api, clock, deployed):
    application_id, environment_id, component_id = deployed
    numbers = {"limit_cpu": 0.5, "limit_memory": 1, "request_cpu": 0.25, "request_memory": 0.5, "replica": 3,
               "liveness_probe": {"type": "tcp", "delay": 10, "timeout": 3, "port": 8080}, "mesher": {"port": 8080},
               "storages": [{"type": "Secret", "name": "tls", "parameters": {"name": "tls", "default_mode": 384},
                             "mounts": [{"path": "/tls", "sub_path": "", "read_only": True}]}],
               "deploy_strategy": {"type": "GrayRelease", "gray_release": dict(GRAY["gray_release"], rules=[
                   {"type": "header", "key": "x-canary", "value": "yes", "condition": "equal"}])}}
    assert api.put(application_id, component_id, version="1.0.1", **numbers)[0] == 200
    shown = api.show(application_id, component_id)
    assert dict((key, shown[key]) for key in numbers) == numbers


# Transient job errors, deleting components ------------------------------------------------------------------

def test_a_503_rule_on_the_jobs_endpoint_for_n_polls(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    job_id = api.put(application_id, component_id, version="1.0.1")[1]["job_id"]
    server.add_faults([{"method": "GET", "path": "/cas/jobs/", "status": 503, "times": 3,
                        "body": {"error_code": "APIG.0503", "error_msg": "service unavailable"}}])
    answers = [api.call("GET", "/jobs/" + job_id) for attempt in range(3)]
    assert answers == [(503, {"error_code": "APIG.0503", "error_msg": "service unavailable"})] * 3
    finish_jobs(clock)
    assert api.job(job_id)["job"]["execution_status"] == "SUCCEEDED"
    assert server.faults[0].hits == 3
    assert api.ok("GET", "/applications/%s/components/%s" % (application_id, component_id))["version"] == "1.0.1"


def test_an_application_whose_components_are_deleting_is_not_empty_until_they_are_gone(server, api, clock):
    application_id = api.application()
    environment_id = api.environment()
    components = [api.component(application_id, environment_id, name)[0] for name in ("web", "api")]
    finish_jobs(clock)
    for component_id in components:
        api.ok("DELETE", "/applications/%s/components/%s" % (application_id, component_id))
    for step in range(2):
        status, answer = api.call("DELETE", "/applications/" + application_id)
        assert (status, answer["error_code"]) == (409, "SVCSTG.00100401") and "not empty" in answer["error_msg"]
        assert [api.status(application_id, component_id) for component_id in components] == ["DELETING"] * 2
        clock.now += 0.2
    clock.now += 0.2
    assert api.call("DELETE", "/applications/" + application_id) == (204, None)


def test_a_component_being_deleted_keeps_its_name_until_it_is_gone(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    api.ok("DELETE", "/applications/%s/components/%s" % (application_id, component_id))
    path = "/applications/%s/components" % application_id
    status, answer = api.call("POST", path, component_body(environment_id))
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "already used" in answer["error_msg"]
    clock.now += 0.5
    assert api.call("POST", path, component_body(environment_id))[0] == 200


@pytest.mark.parametrize("action, parameters", [
    ("start", {}), ("stop", {}), ("restart", {}), ("scale", {"replica": 3}), ("rollback", {"version": "1.0.0"}),
    ("rollback_current", {}), ("continue_deploy", {}), ("check_gray_release", {}),
    ("modify_gray_rule", {"gray_release": {"type": "WEIGHT"}}), ("sync_workload", {}), ("sync_import", {})])
def test_a_component_being_deleted_answers_every_write_busy(server, api, clock, deployed, action, parameters):
    application_id, environment_id, component_id = deployed
    path = "/applications/%s/components/%s" % (application_id, component_id)
    assert api.call("DELETE", path) == (200, {"component_id": component_id})
    status, answer = api.action(application_id, component_id, action, **parameters)
    assert (status, answer["error_code"]) == (409, "SVCSTG.00100400") and "being deleted" in answer["error_msg"]
    status, answer = api.put(application_id, component_id, version="1.0.1")
    assert (status, answer["error_code"]) == (409, "SVCSTG.00100400") and "being deleted" in answer["error_msg"]
    server.v3.configure(busy_status=400, busy_code="SVCSTG.00100499")
    assert api.action(application_id, component_id, action, **parameters)[1]["error_code"] == "SVCSTG.00100499"
    assert api.action(application_id, component_id, "explode")[1]["error_code"] == "SVCSTG.00100418"
    assert api.call("DELETE", path) == (200, {"component_id": component_id})
    assert api.status(application_id, component_id) == "DELETING"
    assert server.v3.jobs(UNIT_PROJECT)[-1]["kind"] == "create"


# Gray release rules (gray_rule_parameters), rollbacks that end a canary ------------------------------------------

@pytest.fixture
def graying(server, api, clock, deployed):
    """'web' paused in a gray release of 1.0.1 (the gray job succeeded): (application_id, component_id, job_id)."""
    application_id, environment_id, component_id = deployed
    job_id = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "GRAYING"
    return application_id, component_id, job_id


RULE = {"type": "CONTENT", "first_batch_weight": 50,
        "rules": [{"type": "header", "key": "x-canary", "value": "yes", "condition": "equal"}]}


@pytest.mark.parametrize("mode, parameters", [("nested", {"gray_release": RULE}), ("flat", RULE)])
def test_modify_gray_rule_stores_the_rule_and_runs_a_job(server, api, clock, graying, mode, parameters):
    application_id, component_id, gray_job = graying
    server.v3.configure(gray_rule_parameters=mode)
    status, answer = api.action(application_id, component_id, "modify_gray_rule", **parameters)
    assert status == 200
    shown = api.show(application_id, component_id)
    assert shown["deploy_strategy"]["gray_release"] == dict(GRAY["gray_release"], **RULE)
    assert (shown["status"]["last_job_id"], shown["status"]["component_status"]) == (answer["job_id"], "GRAYING")
    kinds = [job["kind"] for job in server.v3.jobs(UNIT_PROJECT) if job["job_id"] == answer["job_id"]]
    assert kinds == ["modify_gray_rule"]
    assert api.action(application_id, component_id, "modify_gray_rule", **parameters)[0] == 409  # its job runs
    finish_jobs(clock)
    assert api.job(answer["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    assert api.status(application_id, component_id) == "GRAYING"
    record = api.ok("GET", "/applications/%s/components/%s/records?limit=1" % (application_id, component_id))["records"][0]
    assert [(job["deploy_type"], job["job_info"]["first_batch_weight"]) for job in record["jobs"]] == [
        ("upgrade", 50), ("modify_gray_rule", 50)]
    # the other form, both forms, no rule: 400, nothing changes
    other = RULE if mode == "nested" else {"gray_release": RULE}
    for refused in (other, dict(RULE, gray_release=RULE), {}):
        status, answer = api.action(application_id, component_id, "modify_gray_rule", **refused)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100400"), refused
    refusal = api.action(application_id, component_id, "modify_gray_rule", **other)[1]
    assert "parameters.gray_release" in refusal["error_msg"]
    assert api.status(application_id, component_id) == "GRAYING"
    assert api.action(application_id, component_id, "continue_deploy")[0] == 200
    finish_jobs(clock)
    assert api.show(application_id, component_id)["deploy_strategy"]["gray_release"]["first_batch_weight"] == 50


@pytest.mark.parametrize("rule, message", [
    ({"type": "COLOUR"}, "type must be one of WEIGHT, CONTENT"),
    ({"type": "WEIGHT", "first_batch_weight": 101}, "first_batch_weight must be 0 to 100"),
    ({"type": "WEIGHT", "first_batch_weight": "50"}, "first_batch_weight must be an integer"),
    ({"type": "WEIGHT", "replica_surge_mode": "DOUBLE"}, "replica_surge_mode must be one of"),
    ({"type": "WEIGHT", "deployment_mode": 2}, "deployment_mode must be one of 1, 3, 4, 6"),
    ({"type": "CONTENT", "rules": []}, "a CONTENT gray release needs rules"),
    ({"type": "CONTENT", "rules": [{"type": "header", "key": "x", "value": "y"}]}, "rules[0] needs type, key"),
    ({"type": "CONTENT", "rules": [{"type": "header", "key": "x", "value": "y", "condition": "like"}]},
     "rules[0].condition must be one of equal, match, in"),
    ({"type": "WEIGHT", "rule_match_mode": "some"}, "rule_match_mode must be one of all, any"),
])
def test_a_gray_rule_is_checked(server, api, graying, rule, message):
    application_id, component_id, gray_job = graying
    status, answer = api.action(application_id, component_id, "modify_gray_rule", gray_release=rule)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and message in answer["error_msg"]
    assert api.show(application_id, component_id)["deploy_strategy"] == GRAY
    status, answer = api.put(application_id, component_id, version="1.0.2",
                             deploy_strategy={"type": "GrayRelease", "gray_release": rule})
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and message in answer["error_msg"]


def test_the_gray_rule_refused_in_either_form(server, api, clock, graying):
    application_id, component_id, gray_job = graying
    server.v3.configure(gray_rule_parameters="refuse")
    for parameters in ({"gray_release": RULE}, RULE):
        status, answer = api.action(application_id, component_id, "modify_gray_rule", **parameters)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100418") and "modify_gray_rule" in answer["error_msg"]
        status, answer = api.action(application_id, component_id, "check_gray_release", **parameters)
        assert (status, answer["error_code"]) == (400, "SVCSTG.00100418")
    assert api.action(application_id, component_id, "check_gray_release")[0] == 200
    assert api.show(application_id, component_id)["deploy_strategy"] == GRAY


def test_modify_gray_rule_needs_a_graying_component(api, deployed):
    application_id, environment_id, component_id = deployed
    status, answer = api.action(application_id, component_id, "modify_gray_rule", gray_release=RULE)
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400") and "GRAYING" in answer["error_msg"]


@pytest.mark.parametrize("mode", ["nested", "flat"])
def test_check_gray_release_takes_the_same_form_or_none_and_changes_nothing(server, api, clock, graying, mode):
    application_id, component_id, gray_job = graying
    server.v3.configure(gray_rule_parameters=mode)
    right, wrong = ({"gray_release": RULE}, RULE) if mode == "nested" else (RULE, {"gray_release": RULE})
    for parameters in ({}, right):
        status, answer = api.action(application_id, component_id, "check_gray_release", **parameters)
        assert status == 200
        finish_jobs(clock)
        assert api.job(answer["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    assert api.action(application_id, component_id, "check_gray_release", **wrong)[1]["error_code"] == "SVCSTG.00100400"
    assert api.action(application_id, component_id, "check_gray_release", gray_release={"type": "X"})[0] == 400
    shown = api.show(application_id, component_id)
    assert (shown["deploy_strategy"], shown["status"]["component_status"]) == (GRAY, "GRAYING")


def test_modify_gray_rule_passes_a_waiting_gray_job(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(gray_release_job="running")
    gray_job = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    modified = api.action(application_id, component_id, "modify_gray_rule", gray_release={"first_batch_weight": 80})
    assert modified[0] == 200
    clock.now += 0.5
    assert api.status(application_id, component_id) == "GRAYING"
    finish_jobs(clock)
    assert api.job(gray_job)["job"]["execution_status"] == "RUNNING"
    assert api.job(modified[1]["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    assert api.show(application_id, component_id)["deploy_strategy"]["gray_release"]["first_batch_weight"] == 80
    api.action(application_id, component_id, "continue_deploy")
    finish_jobs(clock)
    assert api.job(gray_job)["job"]["execution_status"] == "SUCCEEDED"
    assert api.status(application_id, component_id) == "RUNNING"


@pytest.mark.parametrize("action, parameters", [("rollback", {"version": "1.0.0"}), ("rollback_current", {})])
@pytest.mark.parametrize("gray_release_job", ["succeeded", "running"])
def test_a_rollback_while_graying_ends_the_canary(server, api, clock, deployed, action, parameters, gray_release_job):
    application_id, environment_id, component_id = deployed
    server.v3.configure(gray_release_job=gray_release_job)
    gray_job = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "GRAYING"
    status, answer = api.action(application_id, component_id, action, **parameters)
    assert status == 200
    shown = api.show(application_id, component_id)
    assert (shown["version"], shown["status"]["component_status"], "deploy_strategy" in shown) == (
        "1.0.0", "GRAYING", False)
    clock.now += 0.5
    assert api.status(application_id, component_id) == "UPGRADING"
    if gray_release_job == "running":
        assert api.job(gray_job)["job"]["execution_status"] == "RUNNING"
    finish_jobs(clock)
    assert api.status(application_id, component_id) == "RUNNING"
    assert api.job(answer["job_id"])["job"]["execution_status"] == "SUCCEEDED"
    gray = api.job(gray_job)
    if gray_release_job == "running":
        assert gray["job"]["execution_status"] == "ROLLBACKED"
        assert [(task["task_name"], task["task_status"]) for task in gray["tasks"][-2:]] == [
            ("Wait for continue_deploy", "FAILED"), ("Roll back", "SUCCEEDED")]
        assert answer["job_id"] in gray["tasks"][-2]["messages"]
    else:
        assert gray["job"]["execution_status"] == "SUCCEEDED"
    status, answer = api.action(application_id, component_id, "continue_deploy")
    assert (status, answer["error_code"]) == (400, "SVCSTG.00100400")


def test_a_failed_rollback_ends_the_waiting_gray_job_with_its_outcome(server, api, clock, deployed):
    application_id, environment_id, component_id = deployed
    server.v3.configure(gray_release_job="running")
    server.v3.add_job_outcomes([{"outcome": "FAILED", "kind": "rollback_current", "messages": "node not ready"}])
    gray_job = api.put(application_id, component_id, version="1.0.1", deploy_strategy=GRAY)[1]["job_id"]
    finish_jobs(clock)
    api.action(application_id, component_id, "rollback_current")
    finish_jobs(clock)
    gray = api.job(gray_job)
    assert gray["job"]["execution_status"] == "FAILED" and gray["tasks"][-1]["messages"] == "node not ready"
    assert api.status(application_id, component_id) == "FAILED"
    assert api.action(application_id, component_id, "restart")[0] == 200  # nothing waits any more
