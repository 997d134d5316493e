# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Times servicestage_git_password_auth (one task per authorization, in a loop) and
servicestage_git_auths (the whole set in one task) against the ansible.builtin.uri playbooks a
user would write instead, side by side, alternating, over several rounds, against the emulator.
Also measures, in process, what a long list of existing authorizations costs one list request.

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

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import TokenAuth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import HuaweiCloudTransport
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_git_auths import GitAuthorizationClient
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20, help="authorizations (loop items) per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=30.0, help="emulator latency per request")
    parser.add_argument("--big-list", type=int, default=2000, help="existing authorizations for the list-size test")
    parser.add_argument("--list-repetitions", type=int, default=200, help="list requests per size in that test")
    parser.add_argument("--output", default="benchmarks/results.json")
    parser.add_argument("--commit", default="", help="the commit measured (run-benchmark.sh passes git describe --dirty)")
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

    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(folder, args.count)
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
                     "list_repetitions": args.list_repetitions},
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
                "ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_module"),
            "requests": import_time_ms("requests"),
        },
    }
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
    print("\nwritten to %s" % args.output)


if __name__ == "__main__":
    main()
