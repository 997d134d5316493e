# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Writes the documentation's performance page, docs/docsite/rst/guide_performance.rst, from
benchmarks/results.json (and the 0.1.0 figures in benchmarks/results-0.1.0.json, for comparison).

    python benchmarks/render.py           # write the page (benchmarks/run-benchmark.sh does, after a run)
    python benchmarks/render.py --check   # exit 1 when the page is not what the results give

Every figure is printed as the JSON holds it, rounded only by the rules in FORMATS (to the nearest, by
Python's % formatting of the stored value). The page is never edited by hand:
tests/unit/test_performance_page.py checks that it is exactly what this script writes.

To show a new figure, add one Row to the table it belongs to in TABLES: the key benchmark.py writes and
a label. A new run of benchmark.py (a v3 deploy with wait, a release fan-out) is one Row of the "runs"
table, and its own figures are Rows of the v3 tables. A figure that results.json holds and no table shows
is an error, so that none is left out.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import collections
import difflib
import json
import os
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results.json")
BASELINE = os.path.join(ROOT, "benchmarks", "results-0.1.0.json")
PAGE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_performance.rst")

# name: (format, the rule as the page states it)
FORMATS = collections.OrderedDict([
    ("seconds", ("%.2f", "seconds to 2 decimals")),
    ("ms", ("%.1f", "milliseconds per task or item, and import times, to 1 decimal")),
    ("ms2", ("%.2f", "milliseconds of one list request to 2 decimals")),
    ("ratio", ("%.3f", "ratios to 3 decimals")),
    ("per_task", ("%.2f", "requests per task to 2 decimals")),
    ("count", ("%d", "counts (requests, IAM logins) as whole numbers")),
    ("rate", ("%.2f", "polls per second to 2 decimals")),
    ("tally", ("%g", "the v3 tables' counts as they are, their medians too (a half when the middle falls "
                     "between two rounds)")),
    ("text", ("%s", "targets and verdicts as written, each verdict decided by benchmark.py on the unrounded "
                    "figure")),
])

Row = collections.namedtuple("Row", "key label fmt")
Row.__new__.__defaults__ = (None,)
# heading; value(results, baseline, key): the figure; fmt: a FORMATS name, or None for the row's own
Column = collections.namedtuple("Column", "heading value fmt")


def median(results, baseline, key):
    return results["median_seconds"][key]


def rounds(results, baseline, key):
    return results["times_seconds"][key]


def ms_per_item(results, baseline, key):
    return 1000.0 * results["median_seconds"][key] / results["requests"][key]["items"]


def counts(name):
    return lambda results, baseline, key: results["requests"][key][name]


def entry(section, name=None):
    """The figure results[section][key] (or its field name)."""
    def value(results, baseline, key):
        found = results[section][key]
        return found if name is None else found[name]
    return value


def in_file(which):
    """The figure at the row's key, a (section, name) pair, in the current results or the 0.1.0 baseline;
    None when that file does not have it."""
    def value(results, baseline, key):
        found = results if which == "results" else baseline
        section, name = key
        return found.get(section, {}).get(name)
    return value


def verdict(section):
    return lambda results, baseline, key: "met" if results[section][key]["met"] else "not met"


def by_kind(results, baseline, key):
    """The requests of a run by method and route, as 'GET cas/jobs/{id}: 4; ...' (whole numbers)."""
    return "; ".join("%s: %d" % pair for pair in sorted(results["v3_requests_by_kind"][key].items()))


# Each table: its name, title, the text above it, the section of results.json whose every key it must
# show (None: it shows figures of several sections), the heading of its label column, its columns and
# its rows.
Table = collections.namedtuple("Table", "name title intro section heading columns rows")

TABLES = [
    Table(
        "runs", "Each run", """\
Median wall time of ``ansible-playbook`` for each run, each round's time, and what the emulator counted
(in the last round: the v3 rows' polls can differ from round to round, their tables below give every
round). An item is an authorization, a read task in the login plays, the deployed component in the v3
deploy rows, a component of the release in the v3 release rows, and a task in the v3 flow rows; ms per
item is the median divided by the number of items. Requests per task count each loop item as a task.
(b) and (c) are the ``ansible.builtin.uri`` playbooks described above.""",
        "median_seconds", "run",
        [Column("median (s)", median, "seconds"),
         Column("each round (s)", rounds, "seconds"),
         Column("ms per item", ms_per_item, "ms"),
         Column("requests", counts("requests"), "count"),
         Column("requests per task", counts("requests_per_task"), "per_task"),
         Column("IAM logins", counts("iam_logins"), "count")],
        [Row("create/module", "module in a loop, create"),
         Row("create/set", "``servicestage_git_auths``, create (one task)"),
         Row("create/uri_list_then_post", "\\(b) uri list, then POST, create"),
         Row("create/uri_post", "\\(c) uri bare POST, create"),
         Row("rerun/module", "module in a loop, re-run"),
         Row("rerun/set", "``servicestage_git_auths``, re-run (one task)"),
         Row("rerun/uri_list_then_post", "\\(b) re-run (skips its loop)"),
         Row("rerun/uri_post", "\\(c) re-run (400 duplicate each)"),
         Row("always/module", "module in a loop, ``update_password: always``"),
         Row("noop/ping", "``ansible.builtin.ping`` in the same loop"),
         Row("zero-latency/module", "module in a loop, create, zero latency"),
         Row("zero-latency/uri_post", "\\(c) uri bare POST, create, zero latency"),
         Row("zero-latency/ping", "``ansible.builtin.ping``, zero latency"),
         Row("login_per_task/3-tasks", "3 read tasks, IAM login in each"),
         Row("login_once/3-tasks", "3 read tasks after one ``iam_token`` login (4 tasks)"),
         Row("login_per_task/20-tasks", "20 read tasks, IAM login in each"),
         Row("login_once/20-tasks", "20 read tasks after one ``iam_token`` login (21 tasks)"),
         Row("v3/deploy-wait", "v3: one deploy with ``wait: true`` (an upgrade to a new version)"),
         Row("v3/deploy-rerun", "v3: the same deploy, unchanged re-run"),
         Row("v3/release-loop-wait", "v3: release, a loop with ``wait: true``"),
         Row("v3/release-fan-out", "v3: release, a loop with ``wait: false``, then one ``servicestage_job_info`` "
                                   "``wait: true``"),
         Row("v3/release-startup", "v3: the release's tasks' start-up (the fan-out play with nothing to wait for)"),
         Row("v3/release-one-task", "v3: release in one ``servicestage_components`` task"),
         Row("v3/flow", "v3: from nothing to running (5 tasks)"),
         Row("v3/flow-rerun", "v3: from nothing to running, unchanged re-run")]),
    Table(
        "ratios", "Ratios", """\
The median of one run divided by the median of another, from the same rounds: below 1, the first is
faster.""",
        "ratios", "runs compared",
        [Column("ratio", entry("ratios"), "ratio")],
        [Row("create module / uri_list_then_post", "create: module in a loop / (b)"),
         Row("create module / uri_post", "create: module in a loop / (c)"),
         Row("create set / uri_list_then_post", "create: ``servicestage_git_auths`` / (b)"),
         Row("rerun module / uri_list_then_post", "re-run: module in a loop / (b)"),
         Row("rerun set / uri_list_then_post", "re-run: ``servicestage_git_auths`` / (b)")]),
    Table(
        "login", "Log in once", """\
The read plays above: each task logging in to IAM with ``iam_user`` and ``iam_password`` in
``module_defaults``, against one ``iam_token`` login whose token feeds the same tasks. The emulator
answers the login with the same latency as every other request. Saved per task is the difference of the
medians divided by the number of read tasks; a negative figure is time lost (the login-once play has one
task more, the login itself).""",
        "login_once_vs_per_task", "play",
        [Column("IAM logins, each task", entry("login_once_vs_per_task", "iam_logins_per_task"), "count"),
         Column("IAM logins, once", entry("login_once_vs_per_task", "iam_logins_once"), "count"),
         Column("seconds, each task", entry("login_once_vs_per_task", "seconds_per_task"), "seconds"),
         Column("seconds, once", entry("login_once_vs_per_task", "seconds_once"), "seconds"),
         Column("saved per task (ms)", entry("login_once_vs_per_task", "saved_ms_per_task"), "ms")],
        [Row("3 tasks", "3 read tasks"),
         Row("20 tasks", "20 read tasks")]),
    Table(
        "v3_deploy", "v3: one deploy with wait", """\
One ``servicestage_component`` task (application, name, environment, an image source and a new version,
``wait: true``) upgrading a component seeded at 1.0.0, whose job lasts the emulator's job seconds (see the
settings). The wall time is ``time.monotonic()`` around ``ansible-playbook``; every other time is
``time.time()``, the clock of the emulator's jobs and log: the job's start and end are the emulator's
(``Job.started``, when it took the PUT; ``Job.ends``); the run's start and end are taken just before
``ansible-playbook`` starts and just after it exits; the task's result is when it reached the controller
(the ``benchmark_timeline`` callback); a poll's time is the emulator's log entry of that ``GET`` of the job. The
overhead is the wall time minus the job's duration: the run's start to the job's start plus the job's end
to the run's end. A poll per second is the job's polls divided by the seconds from its start to its last
poll. The re-run is the same play again, with nothing to change.""",
        "v3_deploy", "figure",
        [Column("median", entry("v3_deploy", "value"), None),
         Column("each round", entry("v3_deploy", "rounds"), None)],
        [Row("wall", "wall time (s)", "seconds"),
         Row("job", "the job's own duration, ``Job.ends`` - ``Job.started`` (s)", "seconds"),
         Row("overhead", "overhead: the wall time minus the job's duration (s)", "seconds"),
         Row("start_to_job_start", "the run's start to the job's start (start-up, lookups, the PUT) (s)", "seconds"),
         Row("job_end_to_poll_seen", "the job's end to the first poll after it (s)", "seconds"),
         Row("job_end_to_task_result", "the job's end to the task's result in the controller (s)", "seconds"),
         Row("job_end_to_exit", "the job's end to the end of ``ansible-playbook`` (s)", "seconds"),
         Row("polls", "polls of the job (``GET`` of the job)", "tally"),
         Row("poll_rate", "polls per second", "rate"),
         Row("requests", "requests", "tally"),
         Row("writes", "writes", "tally"),
         Row("rerun_wall", "unchanged re-run: wall time (s)", "seconds"),
         Row("rerun_requests", "unchanged re-run: requests (by kind below)", "tally"),
         Row("rerun_writes", "unchanged re-run: writes", "tally")]),
    Table(
        "v3_release", "v3: a release of many components", """\
A release upgrades every component of an application (its number is in the settings; seeded at 1.0.0, each
to 1.0.1, each job lasting the job seconds). (1) A loop of ``servicestage_component`` with ``wait: true``:
each item waits for its own job. (2) The fan-out the module's documentation gives: the same loop with
``wait: false``, then one ``servicestage_job_info`` task with ``wait: true`` over the jobs the loop
returned. The tasks' start-up is measured by a third play, run after (2) in the same round: the same two
tasks with nothing to wait for, the loop finding every component as wanted (reads only) and
``servicestage_job_info`` reading the release's jobs, which have ended, once each. (3) One
``servicestage_components`` task with every component as an item (``max_parallel`` the release's size): planned
first, written, polled together, each checked after its job. One job is the longest
job of the fan-out (``Job.ends`` - ``Job.started``); for (3), its own longest job is taken off its wall time. Polls are the ``GET`` requests of each job in the
emulator's log; polls per second are a job's polls divided by the seconds from its start to its last poll,
the most of any job; the shortest gap is the least time between two polls of one job. The ratios divide
the medians (each round: that round's figures).""",
        "v3_release", "figure",
        [Column("median (ratio: of the medians)", entry("v3_release", "value"), None),
         Column("each round", entry("v3_release", "rounds"), None)],
        [Row("loop_wait_wall", "\\(1) loop with wait: wall time (s)", "seconds"),
         Row("loop_wait_requests", "\\(1) loop with wait: requests", "tally"),
         Row("loop_wait_polls_most", "\\(1) polls of one job, the most", "tally"),
         Row("loop_wait_polls_fewest", "\\(1) polls of one job, the fewest", "tally"),
         Row("loop_wait_poll_rate_most", "\\(1) polls per second of one job, the most", "rate"),
         Row("loop_wait_poll_gap_shortest", "\\(1) the shortest gap between two polls of one job (s)", "seconds"),
         Row("fan_out_wall", "\\(2) fan-out: wall time (s)", "seconds"),
         Row("fan_out_requests", "\\(2) fan-out: requests", "tally"),
         Row("fan_out_polls_most", "\\(2) polls of one job, the most", "tally"),
         Row("fan_out_polls_fewest", "\\(2) polls of one job, the fewest", "tally"),
         Row("fan_out_poll_rate_most", "\\(2) polls per second of one job, the most", "rate"),
         Row("fan_out_poll_gap_shortest", "\\(2) the shortest gap between two polls of one job (s)", "seconds"),
         Row("startup_wall", "the tasks' start-up: wall time (s)", "seconds"),
         Row("startup_requests", "the tasks' start-up: requests", "tally"),
         Row("one_job", "one job (s)", "seconds"),
         Row("one_task_wall", "\\(3) one task: wall time (s)", "seconds"),
         Row("one_task_requests", "\\(3) one task: requests", "tally"),
         Row("one_task_polls_most", "\\(3) polls of one job, the most", "tally"),
         Row("one_task_polls_fewest", "\\(3) polls of one job, the fewest", "tally"),
         Row("one_task_poll_rate_most", "\\(3) polls per second of one job, the most", "rate"),
         Row("one_task_poll_gap_shortest", "\\(3) the shortest gap between two polls of one job (s)", "seconds"),
         Row("one_task_minus_one_job", "\\(3) minus its longest job (s)", "seconds"),
         Row("fan_out_over_job_plus_startup", "\\(2) / (one job + the tasks' start-up)", "ratio"),
         Row("loop_wait_over_fan_out", "\\(1) / (2)", "ratio"),
         Row("one_task_over_fan_out", "\\(3) / (2)", "ratio")]),
    Table(
        "v3_flow", "v3: from nothing to running", """\
One play of five tasks against an empty project: ``servicestage_environment`` (with a CCE cluster in its
resources), ``servicestage_application``, ``servicestage_git_password_auth``, ``servicestage_component``
from code (``source.kind: code`` with that authorization as ``repo_auth``, ``wait: true``) and
``servicestage_component_action`` scaling it to 2 replicas (``wait: true``); then the same play again,
with nothing to change. A task's seconds run from its start to its result in the controller (the
``benchmark_timeline`` callback); each request in the emulator's log is the task's whose start and result
it falls between. Medians over the rounds; the whole play's seconds are its wall time.""",
        "v3_flow", "task",
        [Column("seconds", entry("v3_flow", "first_seconds"), "seconds"),
         Column("requests", entry("v3_flow", "first_requests"), "tally"),
         Column("writes", entry("v3_flow", "first_writes"), "tally"),
         Column("re-run: seconds", entry("v3_flow", "rerun_seconds"), "seconds"),
         Column("re-run: requests", entry("v3_flow", "rerun_requests"), "tally"),
         Column("re-run: writes", entry("v3_flow", "rerun_writes"), "tally")],
        [Row("environment", "environment with its CCE cluster"),
         Row("application", "application"),
         Row("authorization", "Git password authorization"),
         Row("component", "component from code, with that authorization"),
         Row("scale", "scale to 2 replicas"),
         Row("whole play", "the whole play")]),
    Table(
        "v3_requests_by_kind", "v3: requests by kind", """\
Each v3 run's requests in its last round, by method and route (``cas/...`` is under
``/v3/{project_id}/cas``, ``git/auths...`` under ``/v1/{project_id}``; ids as ``{id}``). A name lookup is
a list: ``GET cas/applications`` (the API has no name filter), ``GET cas/environments`` and
``GET cas/components`` (with the name filter). Every method but ``GET`` is a write.""",
        "v3_requests_by_kind", "run",
        [Column("requests by kind", by_kind, "text")],
        [Row("v3/deploy-wait", "one deploy with wait"),
         Row("v3/deploy-rerun", "its unchanged re-run"),
         Row("v3/release-loop-wait", "release, loop with wait (all items)"),
         Row("v3/release-fan-out", "release, fan-out (the loop and the wait)"),
         Row("v3/release-startup", "the release's tasks' start-up"),
         Row("v3/release-one-task", "release in one task"),
         Row("v3/flow", "from nothing to running"),
         Row("v3/flow-rerun", "from nothing to running, unchanged re-run")]),
    Table(
        "v3_targets", "v3: targets", """\
The release's targets: the fan-out within 1.5 times one job plus the tasks' start-up (the ratio of the
medians above), the release in one task within one job plus 2 seconds (its wall time minus its longest
job), and no more than one poll of a job a second (the most of any job in the worst round; and, read as time, no two polls of one job less than a second apart: the least gap of any round); an unchanged
re-run writes nothing (the most writes of any round). Each verdict is benchmark.py's, on the unrounded
figure; the rounds column says in how many rounds that round's own figure met it.""",
        "v3_targets", "target",
        [Column("wanted", entry("v3_targets", "target"), "text"),
         Column("measured", entry("v3_targets", "measured"), None),
         Column("verdict", verdict("v3_targets"), "text"),
         Column("each round", entry("v3_targets", "rounds"), None),
         Column("rounds that met it", entry("v3_targets", "rounds_met"), "text")],
        [Row("fan_out_within", "release fan-out / (one job + the tasks' start-up)", "ratio"),
         Row("one_task_within", "release in one task minus its longest job (s)", "seconds"),
         Row("one_task_poll_rate", "release in one task: polls per second of one job", "rate"),
         Row("one_task_poll_gap", "release in one task: the shortest gap between two polls of one job (s)",
             "seconds"),
         Row("fan_out_poll_rate", "release fan-out: polls per second of one job", "rate"),
         Row("fan_out_poll_gap", "release fan-out: the shortest gap between two polls of one job (s)", "seconds"),
         Row("loop_wait_poll_rate", "release loop with wait: polls per second of one job", "rate"),
         Row("loop_wait_poll_gap", "release loop with wait: the shortest gap between two polls of one job (s)",
             "seconds"),
         Row("deploy_poll_rate", "one deploy: polls per second of its job", "rate"),
         Row("deploy_rerun_writes", "one deploy, unchanged re-run: writes", "tally"),
         Row("flow_rerun_writes", "from nothing to running, unchanged re-run: writes", "tally")]),
    Table(
        "own_cost", "Own cost per task", """\
What a task costs beyond ``ansible.builtin.ping`` in the same loop, at zero latency: the difference of
the two medians divided by the number of items.""",
        "own_cost_over_ping_ms_per_task_zero_latency", "run",
        [Column("ms per task over ping", entry("own_cost_over_ping_ms_per_task_zero_latency"), "ms")],
        [Row("module", "module in a loop, create"),
         Row("uri_post", "\\(c) uri bare POST, create")]),
    Table(
        "imports", "Import time", """\
Cumulative import time after ``ansible.module_utils.basic`` (best of 5), as ``python -X importtime``
reports it. ``requests`` is part of the module's.""",
        "import_ms_after_basic", "import",
        [Column("ms", entry("import_ms_after_basic"), "ms")],
        [Row("servicestage module_utils", "the modules' ``module_utils``"),
         Row("requests", "``requests``"),
         Row("ansible.module_utils.urls (uri)", "``ansible.module_utils.urls`` (what ``uri`` uses)")]),
    Table(
        "list", "One list request", """\
One list request (GET, JSON parse, find by name) measured in process, without ``ansible-playbook``, at
zero latency, alternating between a project holding 1 authorization and one holding many.""",
        "list_round_trip_ms", "project",
        [Column("median (ms)", entry("list_round_trip_ms", "median"), "ms2"),
         Column("lower quartile (ms)", lambda results, baseline, key: results["list_round_trip_ms"][key]["quartiles"][0], "ms2"),
         Column("upper quartile (ms)", lambda results, baseline, key: results["list_round_trip_ms"][key]["quartiles"][1], "ms2")],
        [Row("1", "1 authorization in the project"),
         Row("2000", "2000 authorizations in the project")]),
    Table(
        "baseline", "Before requests: 0.1.0", """\
Release 0.1.0 sent its requests with the standard library's ``http.client``. Its figures,
``benchmarks/results-0.1.0.json``, were measured the same way on an earlier machine of the same kind;
that file records no date or versions. Compare ratios and costs over ping rather than seconds.""",
        None, "figure",
        [Column("0.1.0", in_file("baseline"), None),
         Column("this run", in_file("results"), None)],
        [Row(("own_cost_over_ping_ms_per_task_zero_latency", "module"), "own cost over ping, module (ms per task)", "ms"),
         Row(("own_cost_over_ping_ms_per_task_zero_latency", "uri_post"), "own cost over ping, (c) uri (ms per task)", "ms"),
         Row(("import_ms_after_basic", "servicestage module_utils"), "import of the modules' ``module_utils`` (ms)", "ms"),
         Row(("import_ms_after_basic", "ansible.module_utils.urls (uri)"), "import of ``ansible.module_utils.urls`` (ms)",
             "ms"),
         Row(("ratios", "create module / uri_list_then_post"), "create: module in a loop / (b)", "ratio"),
         Row(("ratios", "create module / uri_post"), "create: module in a loop / (c)", "ratio"),
         Row(("ratios", "rerun module / uri_list_then_post"), "re-run: module in a loop / (b)", "ratio")]),
]

# sections of results.json that no table shows row by row: the run, its settings, and what the "runs"
# table reads for the keys of median_seconds
DESCRIBED = ("run", "settings", "times_seconds", "requests")

HEADER = """\
.. This page is generated by benchmarks/render.py from benchmarks/results.json: never edit it by hand.
.. benchmarks/run-benchmark.sh writes both; tests/unit/test_performance_page.py checks that they agree.

.. _ansible_collections.huaweicloud.servicestage.docsite.guide_performance:

Performance
===========

How long the modules take against the playbooks a user would write instead, measured against the
collection's ServiceStage emulator, which answers every API request after a set latency. Every figure
on this page comes from ``benchmarks/results.json``, the last run of ``benchmarks/run-benchmark.sh``;
the page is generated from it.

What is measured
----------------

``benchmarks/run-benchmark.sh`` (options: ``--count``, ``--rounds``, ``--latency-ms``; the run below
says which it used) starts the emulator with a latency per request and times, side by side and
alternating over the rounds:

* ``servicestage_git_password_auth`` creating N authorizations in a loop, and ``servicestage_git_auths``
  creating them in one task;
* against the ``ansible.builtin.uri`` playbooks a user would write instead: (b) one GET of the list, then
  a looped POST ``when`` the name is missing, and (c) a bare POST per item;
* then the re-run of each, ``update_password: always``, and ``ansible.builtin.ping`` in the same loop
  (the floor no module can beat);
* plays of read tasks (``servicestage_git_auth_info``; their sizes are in the tables) that each log in
  to IAM with ``iam_user`` and ``iam_password`` in ``module_defaults``, against the same tasks after
  one ``iam_token`` login feeding ``module_defaults``;
* the ServiceStage v3 modules against the emulator's jobs (``--job-seconds`` and the other job settings,
  ``--release-size``): one deploy with ``wait: true`` and its unchanged re-run, a release of many
  components as a loop that waits for each against a loop with ``wait: false`` and one
  ``servicestage_job_info`` task that waits for them all, and the whole flow from nothing to a running
  component (environment, application, Git authorization, component from code, scale) with its
  unchanged re-run.

It writes every figure to ``benchmarks/results.json`` and then this page (``benchmarks/render.py``).
"""

NOTES = """\
Reading the figures
-------------------

* The request counts are not measurements: the test suite asserts them exactly, 2 requests per task to
  create, 1 to re-run and 3 for ``update_password: always`` (``tests/e2e/test_request_counts.py``); for
  the set one list plus one write per change, and exactly 1 request when nothing changes
  (``tests/e2e/test_git_auths_playbooks.py``); one token request per play with ``iam_token`` instead of
  one per task (``tests/e2e/test_iam_token_playbooks.py``).
* The (b) playbook re-runs fast because it skips its looped tasks; it also never notices a changed user.
  ``servicestage_git_auths`` checks every authorization of the set in its one list request; both pay the
  start-up of ``ansible-playbook``.
* The reason to log in once is IAM's request that callers reuse tokens (and its rate limits), and a
  vaulted password instead of a 24-hour token, more than wall time: against the real IAM, whose login
  takes longer than the emulator's latency, the saving per task grows by that difference (not measured
  here).
* The v3 components are seeded without a last job. A component deployed before names its last job
  (``status.last_job_id``), and a task that writes first reads that job, to be sure none runs: one
  request more for each such task (the flow's scale shows it, after the create's job).
* A wait polls the job about a second after the write, then backs off by 1.5 times up to 10 seconds, so
  the first poll after a job's end comes up to one interval late; with jobs of a few seconds that is
  most of the time from the job's end to the task's result. Against the cloud, a job lasts what the
  deployment takes; the overhead measured here is what the collection and ``ansible-playbook`` add to it
  at the emulator's latency.
"""

RUN_FIELDS = (("date", "date"), ("commit", "commit"), ("ansible_core", "ansible-core"), ("python", "Python"),
              ("requests", "requests"), ("machine", "machine"), ("recorded_by_hand", "recorded by hand"))
SETTING_FIELDS = (("count", "authorizations (loop items) per run"), ("rounds", "rounds"),
                  ("latency_ms", "emulator latency per API request (ms)"),
                  ("big_list", "authorizations in the large project of the list test"),
                  ("list_repetitions", "list requests per project size in the list test"),
                  ("release_size", "components of the v3 release"),
                  ("job_seconds", "how long each emulated v3 job lasts, from its request to its end (s)"),
                  ("job_queued_seconds", "of which SUBMITTED before it runs (s)"),
                  ("status_lag_seconds", "how long a component's status shows what it was before a job (s)"),
                  ("delete_seconds", "how long a deleted component shows DELETING (s)"))


class RenderError(Exception):
    pass


def formatted(value, fmt):
    if isinstance(value, list):
        return ", ".join(formatted(item, fmt) for item in value)
    if value is None:
        return "not measured"
    return FORMATS[fmt][0] % value


def plain(value):
    """A run or settings value as the JSON holds it."""
    if value is None:
        return "not recorded"
    return value if isinstance(value, str) else json.dumps(value)


def section(title, underline="-"):
    return [title, underline * len(title), ""]


def list_table(headings, rows):
    lines = [".. list-table::", "   :header-rows: 1", "   :widths: auto", ""]
    for cells in [headings] + rows:
        lines.append("   * - %s" % cells[0])
        lines.extend("     - %s" % cell for cell in cells[1:])
    return lines + [""]


def check_covered(results):
    """Every section and key of results.json is shown by a table (or described above them)."""
    shown = dict((table.section, table) for table in TABLES if table.section)
    unknown = sorted(name for name in results if name not in shown and name not in DESCRIBED)
    if unknown:
        raise RenderError("results.json has sections that no table of benchmarks/render.py shows: %s; add a Table"
                          % ", ".join(unknown))
    for name, table in sorted(shown.items()):
        rows = set(row.key for row in table.rows)
        missing = sorted(key for key in results.get(name, {}) if key not in rows)
        if missing:
            raise RenderError("results.json has %s that the %r table of benchmarks/render.py does not show: %s; "
                              "add a Row for each" % (name, table.name, ", ".join(missing)))


def table_lines(table, results, baseline):
    lines = section(table.title) + table.intro.splitlines() + [""]
    rows = []
    for row in table.rows:
        cells = [row.label]
        for column in table.columns:
            try:
                value = column.value(results, baseline, row.key)
            except (KeyError, IndexError, TypeError):
                raise RenderError("the %r table's row %r: results.json has no %r figure for it; run "
                                  "benchmarks/run-benchmark.sh, or remove the row" % (table.name, row.key, column.heading))
            cells.append(formatted(value, column.fmt or row.fmt))
        rows.append(cells)
    return lines + list_table([table.heading] + [column.heading for column in table.columns], rows)


def render(results, baseline):
    check_covered(results)
    lines = HEADER.splitlines() + [""]
    lines += section("The run")
    lines += ["Where and when the figures below were measured:", ""]
    run = results.get("run") or {}
    lines += ["* %s: %s" % (label, plain(run.get(name))) for name, label in RUN_FIELDS
              if name in run or name != "recorded_by_hand"]
    settings = results.get("settings") or {}
    lines += ["", "Its settings:", ""]
    lines += ["* %s: %s" % (label, plain(settings.get(name))) for name, label in SETTING_FIELDS]
    rules = "; ".join(rule for dummy, rule in FORMATS.values())
    lines += [""] + textwrap.wrap("Figures are printed as ``results.json`` holds them, rounded to the nearest: %s." % rules,
                                  width=104, break_on_hyphens=False) + [""]
    for table in TABLES:
        lines += table_lines(table, results, baseline)
    lines += NOTES.splitlines()
    return "\n".join(lines).rstrip("\n") + "\n"


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default=RESULTS, help="the benchmark's results (default: %(default)s)")
    parser.add_argument("--baseline", default=BASELINE, help="the 0.1.0 figures (default: %(default)s)")
    parser.add_argument("--output", default=PAGE, help="the page (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the page differs")
    args = parser.parse_args(argv)
    try:
        page = render(load(args.results), load(args.baseline))
    except RenderError as error:
        print("render.py: %s" % error, file=sys.stderr)
        return 2
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as handle:
                current = handle.read()
        except IOError:
            current = ""
        if current != page:
            sys.stderr.writelines(difflib.unified_diff(current.splitlines(True), page.splitlines(True),
                                                       args.output, "rendered from %s" % args.results))
            print("render.py: %s is not what %s gives: run python benchmarks/render.py (never edit the page by hand)"
                  % (args.output, args.results), file=sys.stderr)
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(page)
    print("wrote %s from %s" % (args.output, args.results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
