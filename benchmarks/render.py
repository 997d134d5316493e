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
table. A figure that results.json holds and no table shows is an error, so that none is left out.
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


# Each table: its name, title, the text above it, the section of results.json whose every key it must
# show (None: it shows figures of several sections), the heading of its label column, its columns and
# its rows.
Table = collections.namedtuple("Table", "name title intro section heading columns rows")

TABLES = [
    Table(
        "runs", "Each run", """\
Median wall time of ``ansible-playbook`` for each run, each round's time, and what the emulator counted.
An item is an authorization, or a read task in the login plays; ms per item is the median divided by the
number of items. (b) and (c) are the ``ansible.builtin.uri`` playbooks described above.""",
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
         Row("login_once/20-tasks", "20 read tasks after one ``iam_token`` login (21 tasks)")]),
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
  one ``iam_token`` login feeding ``module_defaults``.

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
"""

RUN_FIELDS = (("date", "date"), ("commit", "commit"), ("ansible_core", "ansible-core"), ("python", "Python"),
              ("requests", "requests"), ("machine", "machine"), ("recorded_by_hand", "recorded by hand"))
SETTING_FIELDS = (("count", "authorizations (loop items) per run"), ("rounds", "rounds"),
                  ("latency_ms", "emulator latency per API request (ms)"),
                  ("big_list", "authorizations in the large project of the list test"),
                  ("list_repetitions", "list requests per project size in the list test"))


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
