# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Times servicestage_git_password_auth (one task per authorization, in a loop) and
servicestage_git_auths (the whole set in one task) against the ansible.builtin.uri playbooks a
user would write instead, side by side, alternating, over several rounds, against the emulator.
Also measures, in process, what a long list of existing authorizations costs one list request.

And the ServiceStage v3 modules against the emulator's jobs (they last --job-seconds): one deploy
with wait and its unchanged re-run, a release of --release-size components (a loop that waits for
each, against a loop with wait: false and one servicestage_job_info task that waits for all their
jobs), and the whole flow from nothing to a running component (environment, application, Git
authorization, component from code, scale) with its unchanged re-run. A callback
(callback_plugins/benchmark_timeline.py) records when each task starts and when its result comes; the
emulator's log and its jobs (Job.started, Job.ends) say what was sent and when each job ended.

Prints a table of medians and ratios and writes every number to a JSON file.
Run through benchmarks/run-benchmark.sh (it sets up the venv and the collection path).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests
from ansible.release import __version__ as ansible_core_version

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import TokenAuth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HuaweiCloudTransport,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import GitAuthorizationClient
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator

PROJECT_ID = "be0c4000000000000000000000000a01"
TOKEN = "bench-token-0000"
PASSWORD = "bench-password-0000"
REGION = "cn-north-4"
IAM_USER = ("bench-account", "bench-deployer", "bench-iam-password-0000")
LOGIN_PLAY_SIZES = (3, 20)
BIN = os.path.dirname(sys.executable)

COMMON = {
    "hosts": "localhost",
    "connection": "local",
    "gather_facts": False,
}


def play_vars(endpoint, count):
    return {
        "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "endpoint": endpoint,
        "token": TOKEN,
        "password": PASSWORD,
        "accounts": [{"name": "bench-%03d" % index, "user": "bot-%03d" % index} for index in range(count)],
    }


def module_play(endpoint, count, **extra):
    args = {"name": "{{ item.name }}", "user": "{{ item.user }}", "password": "{{ password }}"}
    args.update(extra)
    return dict(COMMON, name="module", vars=play_vars(endpoint, count), module_defaults={
        "group/huaweicloud.servicestage.servicestage": {
            "endpoint": "{{ endpoint }}", "project_id": PROJECT_ID, "auth_token": "{{ token }}"}},
        tasks=[{"name": "Ensure authorizations", "huaweicloud.servicestage.servicestage_git_password_auth": args,
                "loop": "{{ accounts }}", "loop_control": {"label": "{{ item.name }}"}}])


def set_play(endpoint, count):
    authorizations = [{"name": "bench-%03d" % index, "user": "bot-%03d" % index, "password": "{{ password }}"}
                      for index in range(count)]
    return dict(COMMON, name="set", vars=play_vars(endpoint, count), module_defaults={
        "group/huaweicloud.servicestage.servicestage": {
            "endpoint": "{{ endpoint }}", "project_id": PROJECT_ID, "auth_token": "{{ token }}"}},
        tasks=[{"name": "Ensure the set", "huaweicloud.servicestage.servicestage_git_auths": {
            "authorizations": authorizations}}])


def uri_post(when=None):
    task = {
        "name": "Create authorizations",
        "ansible.builtin.uri": {
            "url": "{{ endpoint }}/v1/%s/git/auths/bitbucket/password" % PROJECT_ID,
            "method": "POST", "body_format": "json",
            "body": {"name": "{{ item.name }}", "user": "{{ item.user }}", "password": "{{ password }}"},
            "headers": {"X-Auth-Token": "{{ token }}"},
            # a re-run answers 400 SVCSTG.REPO.0403: accepted, or the bare playbook could not run twice
            "status_code": [200, 400],
        },
        "loop": "{{ accounts }}", "loop_control": {"label": "{{ item.name }}"}, "no_log": True,
    }
    if when:
        task["when"] = when
    return task


def uri_list_then_post_play(endpoint, count):
    list_task = {"name": "List authorizations", "ansible.builtin.uri": {
        "url": "{{ endpoint }}/v1/%s/git/auths" % PROJECT_ID, "headers": {"X-Auth-Token": "{{ token }}"}},
        "register": "existing"}
    return dict(COMMON, name="uri list then post", vars=play_vars(endpoint, count), tasks=[
        list_task, uri_post("item.name not in (existing.json.authorizations | map(attribute='name'))")])


def uri_post_play(endpoint, count):
    return dict(COMMON, name="uri post", vars=play_vars(endpoint, count), tasks=[uri_post()])


def ping_play(endpoint, count):
    return dict(COMMON, name="ping", vars=play_vars(endpoint, count), tasks=[
        {"name": "Ping", "ansible.builtin.ping": {}, "loop": "{{ accounts }}", "loop_control": {"label": "{{ item.name }}"}}])


def info_tasks(tasks):
    return [{"name": "List %d" % index, "huaweicloud.servicestage.servicestage_git_auth_info": {}}
            for index in range(tasks)]


def iam_options(endpoint):
    return {"region": REGION, "iam_endpoint": endpoint, "iam_domain": IAM_USER[0], "iam_user": IAM_USER[1],
            "iam_password": IAM_USER[2]}


def login_per_task_play(endpoint, tasks):
    """A play of `tasks` tasks, each logging in with the IAM options in module_defaults."""
    return dict(COMMON, name="login per task", vars=play_vars(endpoint, 0), module_defaults={
        "group/huaweicloud.servicestage.servicestage": dict(iam_options(endpoint), endpoint="{{ endpoint }}")},
        tasks=info_tasks(tasks))


def login_once_play(endpoint, tasks):
    """The same tasks after one iam_token login, whose token and project feed module_defaults."""
    return dict(COMMON, name="login once", vars=play_vars(endpoint, 0), tasks=[
        {"name": "Log in", "huaweicloud.servicestage.iam_token": iam_options(endpoint), "register": "login",
         "no_log": True},
        {"name": "Tasks", "module_defaults": {"group/huaweicloud.servicestage.servicestage": {
            "endpoint": "{{ endpoint }}", "project_id": "{{ login.project_id }}", "auth_token": "{{ login.token }}"}},
         "block": info_tasks(tasks)}])


PLAYS = {
    "login_per_task": login_per_task_play,
    "login_once": login_once_play,
    "module": module_play,
    "set": set_play,
    "uri_list_then_post": uri_list_then_post_play,
    "uri_post": uri_post_play,
    "ping": ping_play,
}
TASKS_PER_RUN = {"login_per_task": lambda n: n, "login_once": lambda n: n + 1, "module": lambda n: n, "set": lambda n: 1,
                 "uri_list_then_post": lambda n: n + 1, "uri_post": lambda n: n, "ping": lambda n: n}


class Bench:
    def __init__(self, folder, count):
        self.folder = folder
        self.count = count
        self.emulator = ServiceStageEmulator(tokens={TOKEN: PROJECT_ID}, region_projects={REGION: PROJECT_ID},
                                             iam_users={IAM_USER[:2]: IAM_USER[2]}).start()

    def run(self, kind, latency=0.0, count=None, **extra):
        """Time one ansible-playbook run; return (seconds, requests, writes, IAM logins)."""
        self.emulator.latency = latency
        play = PLAYS[kind](self.emulator.url, self.count if count is None else count, **extra)
        path = os.path.join(self.folder, "%s.yml" % kind)
        with open(path, "w") as handle:
            json.dump([play], handle)
        del self.emulator.log[:]
        env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
                   ANSIBLE_NOCOLOR="1")
        started = time.monotonic()
        process = subprocess.run([os.path.join(BIN, "ansible-playbook"), path], capture_output=True, text=True,
                                 env=env, check=False)
        seconds = time.monotonic() - started
        if process.returncode != 0:
            raise SystemExit("%s failed:\n%s%s" % (kind, process.stdout[-3000:], process.stderr[-3000:]))
        log = list(self.emulator.log)
        logins = sum(1 for entry in log if entry["path"] == "/v3/auth/tokens")
        return seconds, len(log), sum(1 for entry in log if entry["method"] != "GET") - logins, logins

    def reset(self, seed=0, existing=False):
        self.emulator.reset()
        if seed:
            self.emulator.seed(PROJECT_ID, seed, prefix="other-")
        if existing:
            self.emulator.seed(PROJECT_ID, 0)
            for index in range(self.count):
                name = "bench-%03d" % index
                self.emulator.projects[PROJECT_ID][name] = dict(
                    name=name, repo_type="bitbucket", repo_user="bot-%03d" % index, token_type="password")


def list_round_trip_ms(big_list, repetitions):
    """Milliseconds of one list request (GET, JSON parse, find by name) against a project holding
    1 and one holding big_list authorizations, alternating, at zero latency: (medians, quartiles)."""
    emulator = ServiceStageEmulator(tokens={"small-token": "small-project", "big-token": "big-project"}).start()
    emulator.seed("small-project", 1)
    emulator.seed("big-project", big_list)
    clients = dict((size, GitAuthorizationClient(HuaweiCloudTransport(emulator.url, TokenAuth(token)), project))
                   for size, token, project in ((1, "small-token", "small-project"),
                                                (big_list, "big-token", "big-project")))
    samples = dict((size, []) for size in clients)
    for dummy in range(repetitions):
        for size, client in clients.items():
            started = time.perf_counter()
            client.find("bulk-00000")
            samples[size].append(1000.0 * (time.perf_counter() - started))
    emulator.stop()
    return dict((str(size), {"median": statistics.median(values),
                             "quartiles": statistics.quantiles(values, n=4)[::2]})
                for size, values in samples.items())


def import_time_ms(module_name):
    """Cumulative import time of module_name after ansible.module_utils.basic, in ms (best of 5)."""
    best = None
    for dummy in range(5):
        output = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import ansible.module_utils.basic; import %s" % module_name],
            capture_output=True, text=True, check=True).stderr
        line = [line for line in output.splitlines() if line.rstrip().endswith(" " + module_name)][-1]
        micros = int(re.split(r"\s*\|\s*", line)[1])
        best = micros if best is None else min(best, micros)
    return best / 1000.0


# ServiceStage v3 --------------------------------------------------------------------------------------

V3_APPLICATION = "bench-shop"
V3_ENVIRONMENT = "bench-env"
V3_VPC = "vpc-bench-0000"
V3_CCE = "cce-bench-0000"
V3_AUTH = "bench-bitbucket"
DEPLOY_COMPONENT = "cart"
SEEDED_VERSION = "1.0.0"
NEW_VERSION = "1.0.1"
# the targets of the release: the fan-out within this many times one job plus the tasks' start-up, and
# at most this many polls of a job per second
FAN_OUT_TARGET = 1.5
POLL_RATE_TARGET = 1.0
# the release in one task (servicestage_components): within one job plus this many seconds
ONE_TASK_TARGET_SECONDS = 2.0
TIMELINE_CALLBACK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "callback_plugins")
V3_PATH = re.compile(r"/v3/[^/]+/cas(?P<rest>/.*)?\Z")
V1_PATH = re.compile(r"/v1/[^/]+/(?P<rest>.*)\Z")
JOB_PATH = re.compile(r"/v3/[^/]+/cas/jobs/(?P<job_id>[^/]+)\Z")


def v3_play(name, endpoint, tasks, **extra_vars):
    play_vars_ = {"ansible_python_interpreter": "{{ ansible_playbook_python }}", "endpoint": endpoint, "token": TOKEN}
    play_vars_.update(extra_vars)
    return dict(COMMON, name=name, vars=play_vars_, module_defaults={
        "group/huaweicloud.servicestage.servicestage": {
            "endpoint": "{{ endpoint }}", "project_id": PROJECT_ID, "auth_token": "{{ token }}"}}, tasks=tasks)


def image_source(name, version):
    return {"kind": "image", "url": "swr.cn-north-4.myhuaweicloud.com/emulator/%s:%s" % (name, version)}


def deploy_play(endpoint):
    """One upgrade of a seeded component to a new version, waiting for its job (wait defaults to true)."""
    return v3_play("deploy", endpoint, [
        {"name": "Deploy", "huaweicloud.servicestage.servicestage_component": {
            "application": V3_APPLICATION, "name": DEPLOY_COMPONENT, "environment": V3_ENVIRONMENT,
            "source": image_source(DEPLOY_COMPONENT, NEW_VERSION), "version": NEW_VERSION, "wait": True}}])


def release_loop_task(wait):
    return {"name": "Release", "huaweicloud.servicestage.servicestage_component": {
        "application": V3_APPLICATION, "name": "{{ item }}",
        "source": image_source("{{ item }}", "{{ version }}"), "version": "{{ version }}", "wait": wait},
        "loop": "{{ components }}", "loop_control": {"label": "{{ item }}"}, "register": "release"}


def wait_for_jobs_task(job_ids):
    return {"name": "Wait for the release", "huaweicloud.servicestage.servicestage_job_info": {
        "job_id": job_ids, "wait": True}, "register": "release_jobs", "failed_when": "not release_jobs.succeeded"}


def release_wait_play(endpoint, components):
    """The release as a loop that waits for each component's job in turn."""
    return v3_play("release, loop with wait", endpoint, [release_loop_task(True)], components=components,
                   version=NEW_VERSION)


def release_fan_out_play(endpoint, components):
    """The release as the module's documentation writes it: a loop with wait: false, then one
    servicestage_job_info task that waits for every job the loop returned."""
    return v3_play("release, fan-out", endpoint, [
        release_loop_task(False),
        wait_for_jobs_task("{{ release.results | map(attribute='job') | map(attribute='job_id') | select | list }}")],
        components=components, version=NEW_VERSION)


def release_one_task_play(endpoint, components):
    """The release as one servicestage_components task: every item planned, written in parallel, polled together,
    checked."""
    return v3_play("release, one task", endpoint, [
        {"name": "Release", "huaweicloud.servicestage.servicestage_components": {
            "application": V3_APPLICATION, "max_parallel": len(components), "components": [
                {"name": name, "source": image_source(name, NEW_VERSION), "version": NEW_VERSION}
                for name in components]}}])


def release_startup_play(endpoint, components, job_ids):
    """The fan-out play's two tasks with nothing to wait for: the loop finds every component as wanted
    (reads only), and servicestage_job_info reads the release's jobs, which have ended, once each."""
    return v3_play("release, start-up", endpoint, [release_loop_task(False), wait_for_jobs_task("{{ release_job_ids }}")],
                   components=components, version=NEW_VERSION, release_job_ids=job_ids)


# The flow from nothing to a running component: (result key, task name, module, arguments)
FLOW_TASKS = (
    ("environment", "Environment with its CCE cluster", "servicestage_environment", {
        "name": V3_ENVIRONMENT, "vpc_id": V3_VPC, "deploy_mode": "container",
        "resources": [{"id": V3_CCE, "type": "cce"}]}),
    ("application", "Application", "servicestage_application", {"name": V3_APPLICATION}),
    ("authorization", "Git password authorization", "servicestage_git_password_auth", {
        "name": V3_AUTH, "user": "bench-bot", "password": "{{ password }}"}),
    ("component", "Component from code", "servicestage_component", {
        "application": V3_APPLICATION, "name": "api", "environment": V3_ENVIRONMENT,
        "runtime_stack": {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container"},
        "source": {"kind": "code", "repo_type": "Bitbucket", "repo_url": "https://bitbucket.org/bench/api.git",
                   "repo_ref": "main", "repo_auth": V3_AUTH},
        "spec": {"build": {"parameters": {"cluster_id": V3_CCE}}},
        "version": "1.0.0", "refer_resources": [{"id": V3_CCE, "type": "cce", "parameters": {"namespace": "default"}}]}),
    ("scale", "Scale", "servicestage_component_action", {
        "application": V3_APPLICATION, "component": "api", "action": "scale", "replica": 2}),
)


def flow_play(endpoint):
    return v3_play("from nothing to running", endpoint, [
        {"name": name, "huaweicloud.servicestage.%s" % module: args} for dummy, name, module, args in FLOW_TASKS],
        password=PASSWORD)


def request_kind(entry):
    """A logged request as its method and route, ids replaced: 'GET cas/applications/{id}/components/{id}'."""
    match = V3_PATH.match(entry["path"])
    if match:
        segments = [segment for segment in (match.group("rest") or "").split("/") if segment]
        route = "cas/" + "/".join(segment if index % 2 == 0 else "{id}" for index, segment in enumerate(segments))
    else:
        match = V1_PATH.match(entry["path"])
        route = match.group("rest") if match else entry["path"]
    return "%s %s" % (entry["method"], route.rstrip("/"))


def kinds(log):
    counted = {}
    for entry in log:
        kind = request_kind(entry)
        counted[kind] = counted.get(kind, 0) + 1
    return counted


def writes_of(log):
    return sum(1 for entry in log if entry["method"] != "GET")


class V3Run:
    """One ansible-playbook run of a v3 play: wall time (time.monotonic), its start and end by time.time()
    (the clock of the emulator's jobs and log), the emulator's log, the jobs started during it, and the
    callback's timeline (each task's start and the time its result came, time.time())."""

    def __init__(self, seconds, started, ended, log, jobs, timeline):
        self.seconds = seconds
        self.started = started
        self.ended = ended
        self.log = log
        self.jobs = jobs
        self.timeline = timeline

    def polls(self):
        """{job id: [times of its GET /jobs/{id}, in order]}."""
        found = {}
        for entry in self.log:
            match = JOB_PATH.match(entry["path"]) if entry["method"] == "GET" else None
            if match:
                found.setdefault(match.group("job_id"), []).append(entry["time"])
        return found

    def poll_figures(self):
        """For the jobs started in the run: polls of each, the most polls per second of one job (its polls
        divided by the seconds from the job's start to its last poll), and the shortest time between two
        polls of one job (None with no job polled twice)."""
        polls = self.polls()
        counts, rates, gaps = [], [], []
        for job in self.jobs:
            times = polls.get(job.job_id, [])
            counts.append(len(times))
            if times:
                rates.append(len(times) / (times[-1] - job.started))
            gaps.extend(later - earlier for earlier, later in zip(times, times[1:]))
        return {"polls_most": max(counts), "polls_fewest": min(counts), "poll_rate_most": max(rates),
                "poll_gap_shortest": min(gaps) if gaps else None}

    def task_requests(self):
        """[(task name, seconds from its start to its result, its requests)]: each logged request belongs to
        the task whose start and result it falls between; SystemExit when one falls outside every task."""
        tasks = [(task["name"], task["end"] - task["start"], [entry for entry in self.log
                                                              if task["start"] <= entry["time"] <= task["end"]])
                 for task in self.timeline]
        if sum(len(entries) for dummy, dummy, entries in tasks) != len(self.log):
            raise SystemExit("a request of the run fell outside every task of the timeline")
        return tasks


def run_v3(bench, name, play, latency):
    """Run a v3 play once against bench's emulator: a V3Run."""
    emulator = bench.emulator
    emulator.latency = latency
    path = os.path.join(bench.folder, "%s.yml" % name)
    timeline_path = os.path.join(bench.folder, "%s.timeline.json" % name)
    with open(path, "w") as handle:
        json.dump([play], handle)
    del emulator.log[:]
    known_jobs = set(emulator.v3.engine.jobs)
    env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1",
               ANSIBLE_CALLBACK_PLUGINS=TIMELINE_CALLBACK, ANSIBLE_CALLBACKS_ENABLED="benchmark_timeline",
               BENCHMARK_TIMELINE_FILE=timeline_path)
    started_at = time.time()
    started = time.monotonic()
    process = subprocess.run([os.path.join(BIN, "ansible-playbook"), path], capture_output=True, text=True, env=env,
                             check=False)
    seconds = time.monotonic() - started
    ended_at = time.time()
    if process.returncode != 0:
        raise SystemExit("%s failed:\n%s%s" % (name, process.stdout[-3000:], process.stderr[-3000:]))
    with open(timeline_path) as handle:
        timeline = json.load(handle)
    jobs = sorted((job for job_id, job in emulator.v3.engine.jobs.items() if job_id not in known_jobs),
                  key=lambda job: job.started)
    if any(job.ends is None or job.ends > ended_at or job.outcome != "SUCCEEDED" for job in jobs):
        raise SystemExit("%s: a job of the run had not ended, or did not succeed, when the run ended" % name)
    return V3Run(seconds, started_at, ended_at, list(emulator.log), jobs, timeline)


def seed_v3(bench, components=()):
    """Forget everything; an environment with a CCE cluster, an application, and components at SEEDED_VERSION."""
    bench.emulator.reset()
    v3 = bench.emulator.v3
    v3.seed_environment(PROJECT_ID, V3_ENVIRONMENT, vpc_id=V3_VPC, resources=[{"id": V3_CCE, "type": "cce"}])
    v3.seed_application(PROJECT_ID, V3_APPLICATION)
    for name in components:
        v3.seed_component(PROJECT_ID, V3_APPLICATION, V3_ENVIRONMENT, name, version=SEEDED_VERSION)


class V3Figures:
    """Every round's figures of the v3 rows; report() gives their sections of results.json."""

    def __init__(self):
        self.rounds = {}
        self.last = {}

    def add(self, key, value):
        self.rounds.setdefault(key, []).append(value)

    def deploy(self, bench, latency):
        seed_v3(bench, [DEPLOY_COMPONENT])
        run = run_v3(bench, "deploy", deploy_play(bench.emulator.url), latency)
        if len(run.jobs) != 1 or run.jobs[0].kind != "upgrade" or len(run.timeline) != 1:
            raise SystemExit("deploy: expected one upgrade job and one task, got %d jobs" % len(run.jobs))
        job = run.jobs[0]
        seen = [moment for moment in run.polls().get(job.job_id, []) if moment >= job.ends]
        if not seen:
            raise SystemExit("deploy: no poll of the job after its end")
        self.add("deploy/wall", run.seconds)
        self.add("deploy/job", job.ends - job.started)
        self.add("deploy/overhead", run.seconds - (job.ends - job.started))
        self.add("deploy/start_to_job_start", job.started - run.started)
        self.add("deploy/job_end_to_poll_seen", seen[0] - job.ends)
        self.add("deploy/job_end_to_task_result", run.timeline[0]["end"] - job.ends)
        self.add("deploy/job_end_to_exit", run.ended - job.ends)
        self.add("deploy/polls", len(run.polls().get(job.job_id, [])))
        self.add("deploy/poll_rate", run.poll_figures()["poll_rate_most"])
        self.add("deploy/requests", len(run.log))
        self.add("deploy/writes", writes_of(run.log))
        self.last["v3/deploy-wait"] = run
        rerun = run_v3(bench, "deploy-rerun", deploy_play(bench.emulator.url), latency)
        self.add("deploy/rerun_wall", rerun.seconds)
        self.add("deploy/rerun_requests", len(rerun.log))
        self.add("deploy/rerun_writes", writes_of(rerun.log))
        self.last["v3/deploy-rerun"] = rerun
        return {"v3/deploy-wait": run, "v3/deploy-rerun": rerun}

    def release(self, bench, latency, size, fan_out_first):
        components = ["svc-%02d" % index for index in range(size)]
        results = {}
        kinds_ = ("fan_out", "loop_wait", "one_task")
        turn = 0 if fan_out_first else 1
        for kind in kinds_[turn:] + kinds_[:turn]:
            seed_v3(bench, components)
            if kind == "one_task":
                results[kind] = run_v3(bench, "release-one-task", release_one_task_play(bench.emulator.url, components),
                                       latency)
            elif kind == "loop_wait":
                results[kind] = run_v3(bench, "release-wait", release_wait_play(bench.emulator.url, components), latency)
            else:
                results[kind] = run_v3(bench, "release-fan-out", release_fan_out_play(bench.emulator.url, components),
                                       latency)
                job_ids = [job.job_id for job in results[kind].jobs]
                results["startup"] = run_v3(bench, "release-startup", release_startup_play(
                    bench.emulator.url, components, job_ids), latency)
                if results["startup"].jobs or writes_of(results["startup"].log):
                    raise SystemExit("release start-up: it wrote, or started a job")
            if len(results[kind].jobs) != size:
                raise SystemExit("release %s: %d jobs, not %d" % (kind, len(results[kind].jobs), size))
        for kind in ("loop_wait", "fan_out", "one_task"):
            run = results[kind]
            self.add("release/%s_wall" % kind, run.seconds)
            self.add("release/%s_requests" % kind, len(run.log))
            for name, value in sorted(run.poll_figures().items()):
                self.add("release/%s_%s" % (kind, name), value)
        self.add("release/startup_wall", results["startup"].seconds)
        self.add("release/startup_requests", len(results["startup"].log))
        one_job = max(job.ends - job.started for job in results["fan_out"].jobs)
        self.add("release/one_job", one_job)
        self.add("release/fan_out_over_job_plus_startup", results["fan_out"].seconds / (one_job + results["startup"].seconds))
        self.add("release/loop_wait_over_fan_out", results["loop_wait"].seconds / results["fan_out"].seconds)
        self.add("release/one_task_over_fan_out", results["one_task"].seconds / results["fan_out"].seconds)
        self.add("release/one_task_minus_one_job", results["one_task"].seconds - max(
            job.ends - job.started for job in results["one_task"].jobs))
        runs = {"v3/release-loop-wait": results["loop_wait"], "v3/release-fan-out": results["fan_out"],
                "v3/release-startup": results["startup"], "v3/release-one-task": results["one_task"]}
        self.last.update(runs)
        return runs

    def flow(self, bench, latency):
        bench.emulator.reset()
        runs = {}
        for which in ("first", "rerun"):
            run = run_v3(bench, "flow-%s" % which, flow_play(bench.emulator.url), latency)
            tasks = run.task_requests()
            if [name for name, dummy, dummy in tasks] != [name for dummy, name, dummy, dummy in FLOW_TASKS]:
                raise SystemExit("flow: the timeline names other tasks: %s" % [name for name, dummy, dummy in tasks])
            for (key, dummy, dummy, dummy), (dummy, seconds, entries) in zip(FLOW_TASKS, tasks):
                self.add("flow/%s/%s_seconds" % (key, which), seconds)
                self.add("flow/%s/%s_requests" % (key, which), len(entries))
                self.add("flow/%s/%s_writes" % (key, which), writes_of(entries))
            self.add("flow/whole play/%s_seconds" % which, run.seconds)
            self.add("flow/whole play/%s_requests" % which, len(run.log))
            self.add("flow/whole play/%s_writes" % which, writes_of(run.log))
            runs["v3/flow" if which == "first" else "v3/flow-rerun"] = run
        if len(runs["v3/flow"].jobs) != 2 or runs["v3/flow-rerun"].jobs:
            raise SystemExit("flow: expected the create's and the scale's jobs in the first run, none in the re-run")
        self.last.update(runs)
        return runs

    def figure(self, key, ratio_of=None):
        """{"value": the median of the rounds (a ratio: of the medians of ratio_of), "rounds": each round's}."""
        values = self.rounds[key]
        measured = [value for value in values if value is not None]
        if ratio_of is not None:
            numerator, denominator = ratio_of
            value = numerator / denominator
        else:
            value = statistics.median(measured) if measured else None
        return {"value": value, "rounds": values}

    def median(self, key):
        return statistics.median(self.rounds[key])

    def report(self):
        deploy = dict((key.split("/", 1)[1], self.figure(key)) for key in self.rounds if key.startswith("deploy/"))
        release = dict((key.split("/", 1)[1], self.figure(key)) for key in self.rounds if key.startswith("release/")
                       and not key.endswith("_over_job_plus_startup") and not key.endswith("_over_fan_out"))
        release["one_task_over_fan_out"] = self.figure("release/one_task_over_fan_out", (
            self.median("release/one_task_wall"), self.median("release/fan_out_wall")))
        one_job = self.median("release/one_job")
        release["fan_out_over_job_plus_startup"] = self.figure("release/fan_out_over_job_plus_startup", (
            self.median("release/fan_out_wall"), one_job + self.median("release/startup_wall")))
        release["loop_wait_over_fan_out"] = self.figure("release/loop_wait_over_fan_out", (
            self.median("release/loop_wait_wall"), self.median("release/fan_out_wall")))
        flow = {}
        for key in [key for key, dummy, dummy, dummy in FLOW_TASKS] + ["whole play"]:
            flow[key] = dict((name, self.median("flow/%s/%s" % (key, name)))
                             for name in ("first_seconds", "first_requests", "first_writes", "rerun_seconds",
                                          "rerun_requests", "rerun_writes"))
        ratio = release["fan_out_over_job_plus_startup"]
        targets = {"fan_out_within": target("at most %s" % FAN_OUT_TARGET, ratio["value"], ratio["rounds"],
                                            lambda value: value <= FAN_OUT_TARGET)}
        over = release["one_task_minus_one_job"]
        targets["one_task_within"] = target("at most %s" % ONE_TASK_TARGET_SECONDS, over["value"], over["rounds"],
                                            lambda value: value <= ONE_TASK_TARGET_SECONDS)
        # polls per second: a bound on every job of every round, so the worst round's most is what is judged
        for key, rounds_ in (("fan_out_poll_rate", release["fan_out_poll_rate_most"]["rounds"]),
                             ("loop_wait_poll_rate", release["loop_wait_poll_rate_most"]["rounds"]),
                             ("one_task_poll_rate", release["one_task_poll_rate_most"]["rounds"]),
                             ("deploy_poll_rate", deploy["poll_rate"]["rounds"])):
            targets[key] = target("at most %s" % POLL_RATE_TARGET, max(rounds_), rounds_,
                                  lambda value: value <= POLL_RATE_TARGET)
        # the same bound read as time: no two polls of one job less than a second apart
        for key, rounds_ in (("fan_out_poll_gap", release["fan_out_poll_gap_shortest"]["rounds"]),
                             ("loop_wait_poll_gap", release["loop_wait_poll_gap_shortest"]["rounds"]),
                             ("one_task_poll_gap", release["one_task_poll_gap_shortest"]["rounds"])):
            measured = [value for value in rounds_ if value is not None]
            targets[key] = target("at least %s" % (1.0 / POLL_RATE_TARGET), min(measured) if measured else None, rounds_,
                                  lambda value: value is None or value >= 1.0 / POLL_RATE_TARGET)
        for key, rounds_ in (("deploy_rerun_writes", self.rounds["deploy/rerun_writes"]),
                             ("flow_rerun_writes", self.rounds["flow/whole play/rerun_writes"])):
            targets[key] = target("0", max(rounds_), rounds_, lambda value: value == 0)
        by_kind = dict((key, kinds(run.log)) for key, run in self.last.items())
        return {"v3_deploy": deploy, "v3_release": release, "v3_flow": flow, "v3_targets": targets,
                "v3_requests_by_kind": by_kind}


def target(wanted, measured, rounds_, meets):
    """A target: what is wanted, the figure judged, each round's, whether the figure meets it (decided on the
    unrounded figure), and in how many rounds it did."""
    return {"target": wanted, "measured": measured, "rounds": rounds_, "met": bool(meets(measured)),
            "rounds_met": "%d of %d" % (sum(1 for value in rounds_ if meets(value)), len(rounds_))}


# (tasks, items) of each v3 run, for its size (components of the release): a loop item counts as a task,
# as in the runs above; an item is the deployed component, a component of the release, a task of the flow
V3_RUNS = {"v3/deploy-wait": lambda size: (1, 1), "v3/deploy-rerun": lambda size: (1, 1),
           "v3/release-loop-wait": lambda size: (size, size), "v3/release-fan-out": lambda size: (size + 1, size),
           "v3/release-startup": lambda size: (size + 1, size),
           "v3/release-one-task": lambda size: (1, size),
           "v3/flow": lambda size: (len(FLOW_TASKS), len(FLOW_TASKS)),
           "v3/flow-rerun": lambda size: (len(FLOW_TASKS), len(FLOW_TASKS))}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20, help="authorizations (loop items) per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=30.0, help="emulator latency per request")
    parser.add_argument("--big-list", type=int, default=2000, help="existing authorizations for the list-size test")
    parser.add_argument("--list-repetitions", type=int, default=200, help="list requests per size in that test")
    parser.add_argument("--output", default="benchmarks/results.json")
    parser.add_argument("--commit", default="", help="the commit measured (run-benchmark.sh passes git describe --dirty)")
    parser.add_argument("--release-size", type=int, default=10, help="components of the v3 release")
    parser.add_argument("--job-seconds", type=float, default=5.0, help="how long each emulated v3 job runs")
    parser.add_argument("--job-queued-seconds", type=float, default=0.5,
                        help="how long each emulated v3 job is SUBMITTED before it runs (part of --job-seconds)")
    parser.add_argument("--status-lag-seconds", type=float, default=1.0,
                        help="how long a component's status shows what it was before a job")
    parser.add_argument("--delete-seconds", type=float, default=2.0, help="how long a component is DELETING")
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    started_at = datetime.datetime.now(datetime.timezone.utc)
    times = {}
    counts = {}

    def record(key, kind, result, count=None):
        seconds, requests, writes, logins = result
        times.setdefault(key, []).append(seconds)
        counts[key] = {"requests_per_task": requests / float(TASKS_PER_RUN[kind](count or args.count)),
                       "requests": requests, "writes": writes, "iam_logins": logins, "items": count or args.count}

    def record_v3(key, run):
        tasks, items = V3_RUNS[key](args.release_size)
        logins = sum(1 for entry in run.log if entry["path"] == "/v3/auth/tokens")
        times.setdefault(key, []).append(run.seconds)
        counts[key] = {"requests_per_task": len(run.log) / float(tasks), "requests": len(run.log),
                       "writes": writes_of(run.log) - logins, "iam_logins": logins, "items": items}

    v3 = V3Figures()
    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(folder, args.count)
        bench.emulator.v3.configure(job_seconds=args.job_seconds, job_queued_seconds=args.job_queued_seconds,
                                    status_lag_seconds=args.status_lag_seconds, delete_seconds=args.delete_seconds)
        for round_number in range(args.rounds):
            order = ["module", "set", "uri_list_then_post", "uri_post"]
            order = order[round_number % 4:] + order[:round_number % 4]
            for kind in order:
                bench.reset()
                record("create/" + kind, kind, bench.run(kind, latency=latency))
                record("rerun/" + kind, kind, bench.run(kind, latency=latency))
            bench.reset(existing=True)
            record("always/module", "module", bench.run("module", latency=latency, update_password="always"))
            record("noop/ping", "ping", bench.run("ping", latency=latency))
            for kind in ("module", "uri_post", "ping"):
                bench.reset()
                record("zero-latency/" + kind, kind, bench.run(kind))
            for tasks in LOGIN_PLAY_SIZES:
                for kind in ("login_per_task", "login_once")[::1 if round_number % 2 == 0 else -1]:
                    bench.reset()
                    record("%s/%d-tasks" % (kind, tasks), kind, bench.run(kind, latency=latency, count=tasks), tasks)
            # the v3 rows, in an order that turns with the rounds; in the release, the fan-out and the loop
            # that waits for each take turns to go first
            groups = ["deploy", "release", "flow"]
            for group in groups[round_number % 3:] + groups[:round_number % 3]:
                if group == "deploy":
                    runs = v3.deploy(bench, latency)
                elif group == "release":
                    runs = v3.release(bench, latency, args.release_size, fan_out_first=round_number % 2 == 0)
                else:
                    runs = v3.flow(bench, latency)
                for key, run in sorted(runs.items()):
                    record_v3(key, run)
            print("round %d of %d done" % (round_number + 1, args.rounds), file=sys.stderr)
        bench.emulator.stop()

    medians = dict((key, statistics.median(values)) for key, values in times.items())
    per_task_ms = dict((key, 1000.0 * value / counts[key]["items"]) for key, value in medians.items())
    ping_zero = medians["zero-latency/ping"]
    report = {
        # what was measured, and where: benchmarks/render.py prints it above the figures
        "run": {
            "date": started_at.strftime("%Y-%m-%d %H:%M UTC"),
            "commit": args.commit or None,
            "ansible_core": ansible_core_version,
            "python": platform.python_version(),
            "requests": requests.__version__,
            "machine": "%s cores, %s" % (os.cpu_count(), platform.machine()),
        },
        "settings": {"count": args.count, "rounds": args.rounds, "latency_ms": args.latency_ms, "big_list": args.big_list,
                     "list_repetitions": args.list_repetitions, "release_size": args.release_size,
                     "job_seconds": args.job_seconds, "job_queued_seconds": args.job_queued_seconds,
                     "status_lag_seconds": args.status_lag_seconds, "delete_seconds": args.delete_seconds},
        "times_seconds": times,
        "median_seconds": medians,
        "requests": counts,
        "ratios": {
            "create module / uri_list_then_post": medians["create/module"] / medians["create/uri_list_then_post"],
            "create module / uri_post": medians["create/module"] / medians["create/uri_post"],
            "rerun module / uri_list_then_post": medians["rerun/module"] / medians["rerun/uri_list_then_post"],
            "create set / uri_list_then_post": medians["create/set"] / medians["create/uri_list_then_post"],
            "rerun set / uri_list_then_post": medians["rerun/set"] / medians["rerun/uri_list_then_post"],
        },
        "login_once_vs_per_task": dict(("%d tasks" % tasks, {
            "iam_logins_per_task": counts["login_per_task/%d-tasks" % tasks]["iam_logins"],
            "iam_logins_once": counts["login_once/%d-tasks" % tasks]["iam_logins"],
            "seconds_per_task": medians["login_per_task/%d-tasks" % tasks],
            "seconds_once": medians["login_once/%d-tasks" % tasks],
            "saved_ms_per_task": 1000.0 * (medians["login_per_task/%d-tasks" % tasks]
                                           - medians["login_once/%d-tasks" % tasks]) / tasks,
        }) for tasks in LOGIN_PLAY_SIZES),
        "own_cost_over_ping_ms_per_task_zero_latency": {
            "module": 1000.0 * (medians["zero-latency/module"] - ping_zero) / args.count,
            "uri_post": 1000.0 * (medians["zero-latency/uri_post"] - ping_zero) / args.count,
        },
        "list_round_trip_ms": list_round_trip_ms(args.big_list, args.list_repetitions),
        "import_ms_after_basic": {
            "ansible.module_utils.urls (uri)": import_time_ms("ansible.module_utils.urls"),
            "servicestage module_utils": import_time_ms(
                "ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module"),
            "requests": import_time_ms("requests"),
        },
    }
    report.update(v3.report())
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:
        json.dump(report, handle, indent=2, sort_keys=True)

    print("\n%d authorizations per run, %d rounds, %.0f ms latency per request (medians)" % (
        args.count, args.rounds, args.latency_ms))
    print("%(date)s, commit %(commit)s: ansible-core %(ansible_core)s, Python %(python)s, requests %(requests)s, %(machine)s"
          % dict(report["run"], commit=report["run"]["commit"] or "not given"))
    print("%-36s %10s %12s %14s %11s" % ("run", "seconds", "ms per item", "requests/task", "IAM logins"))
    for key in sorted(medians):
        print("%-36s %10.2f %12.1f %14.2f %11d" % (key, medians[key], per_task_ms[key],
                                                   counts[key]["requests_per_task"], counts[key]["iam_logins"]))
    print()
    for name, value in sorted(report["ratios"].items()):
        print("%-44s %6.3f" % (name, value))
    for name, figures in sorted(report["login_once_vs_per_task"].items(), key=lambda pair: int(pair[0].split()[0])):
        print("play of %s: IAM logins %d per task vs %d once; %.2f s vs %.2f s (%.1f ms saved per task)" % (
            name, figures["iam_logins_per_task"], figures["iam_logins_once"], figures["seconds_per_task"],
            figures["seconds_once"], figures["saved_ms_per_task"]))
    for name, value in sorted(report["own_cost_over_ping_ms_per_task_zero_latency"].items()):
        print("own cost over ping, zero latency, %-10s %6.1f ms/task" % (name, value))
    for size, figures in sorted(report["list_round_trip_ms"].items(), key=lambda pair: int(pair[0])):
        print("one list request with %5s authorizations: median %6.2f ms (quartiles %.2f to %.2f)"
              % (size, figures["median"], figures["quartiles"][0], figures["quartiles"][1]))
    for name, value in sorted(report["import_ms_after_basic"].items()):
        print("import after basic: %-34s %6.1f ms" % (name, value))
    print_v3(report)
    print("\nwritten to %s" % args.output)


def v3_format(key, value):
    """A v3 figure as the page prints it: seconds and polls per second to 2 decimals, ratios to 3, counts as they
    are (a median of counts may be a half)."""
    if value is None:
        return "not measured"
    if key.endswith(("_over_job_plus_startup", "_over_fan_out", "_within")):
        return "%.3f" % value
    if any(word in key for word in ("requests", "writes", "polls_")) or key == "polls":
        return "%g" % value
    return "%.2f" % value


def print_v3(report):
    settings = report["settings"]
    print("\nv3 rows: %.0f ms latency, jobs of %.1f s (SUBMITTED %.1f s of them), status lag %.1f s, delete %.1f s; "
          "medians, then each round" % (
              settings["latency_ms"], settings["job_seconds"], settings["job_queued_seconds"],
              settings["status_lag_seconds"], settings["delete_seconds"]))
    for section in ("v3_deploy", "v3_release"):
        for key, figure in sorted(report[section].items()):
            print("%-9s %-34s %12s   (%s)" % (section[3:], key, v3_format(key, figure["value"]),
                                              ", ".join(v3_format(key, value) for value in figure["rounds"])))
    print("%-22s %9s %9s %9s %9s %9s %9s" % (
        "flow task (medians)", "first s", "requests", "writes", "rerun s", "requests", "writes"))
    for key in [key for key, dummy, dummy, dummy in FLOW_TASKS] + ["whole play"]:
        figures = report["v3_flow"][key]
        print("%-22s %9.2f %9g %9g %9.2f %9g %9g" % (key, figures["first_seconds"], figures["first_requests"],
                                                     figures["first_writes"], figures["rerun_seconds"],
                                                     figures["rerun_requests"], figures["rerun_writes"]))
    for key, counted in sorted(report["v3_requests_by_kind"].items()):
        print("requests by kind, last round, %-20s %s" % (key, "; ".join(
            "%s: %d" % pair for pair in sorted(counted.items()))))
    for key, figures in sorted(report["v3_targets"].items()):
        print("target %-20s %-12s measured %-8s %-7s (met in %s rounds: %s)" % (
            key, figures["target"], v3_format(key, figures["measured"]), "met" if figures["met"] else "NOT MET",
            figures["rounds_met"], ", ".join(v3_format(key, value) for value in figures["rounds"])))


if __name__ == "__main__":
    main()
