# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Prints the closing lines of tests/run-tests.sh from what the runs left in tests/output:

- pytest (end-to-end): its JUnit XML, one count per test;
- ansible-test units: its two JUnit files (modules, module_utils), one count per test;
- ansible-test integration: one count per target (its JUnit file, written by ansible-test's
  junit callback, holds no failure), plus one for "the targets left nothing behind";
- the documentation site's browser test: its JUnit XML (docs.xml), when it ran;
- the checks given as NAME=passed|failed|skipped[ (reason)] (sanity, the linters, the docs site
  when it did not run), one count each; the closing line names every skipped check.

A run that left no result counts as failed. Exits 1 when anything failed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import sys
from xml.etree import ElementTree


def junit_counts(path):
    """(passed, failed, skipped) of a JUnit XML file."""
    passed = failed = skipped = 0
    for suite in ElementTree.parse(path).getroot().iter("testsuite"):
        tests = int(suite.get("tests", 0))
        suite_failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        suite_skipped = int(suite.get("skipped", 0))
        passed += tests - suite_failed - suite_skipped
        failed += suite_failed
        skipped += suite_skipped
    return passed, failed, skipped


def main():
    output, checks = sys.argv[1], sys.argv[2:]
    collection = os.path.dirname(os.path.dirname(os.path.abspath(output)))
    rows = []

    pytest_xml = os.path.join(output, "pytest.xml")
    rows.append(("pytest: end-to-end tests",) + (
        junit_counts(pytest_xml) if os.path.exists(pytest_xml) else (0, 1, 0)))

    docs_xml = os.path.join(output, "docs.xml")
    if os.path.exists(docs_xml):
        rows.append(("docs site: built, and read in headless Chromium",) + junit_counts(docs_xml))

    # one file per kind of unit test: modules and module_utils always, controller (the lookup) too
    unit_files = sorted(glob.glob(os.path.join(output, "junit", "*-units.xml")))
    units = [junit_counts(path) for path in unit_files]
    if sum(("modules" in os.path.basename(path)) + ("module_utils" in os.path.basename(path))
           for path in unit_files) >= 2:
        rows.append(("ansible-test units",) + tuple(sum(column) for column in zip(*units)))
    else:
        rows.append(("ansible-test units (no results)", 0, 1, 0))

    targets = sorted(name for name in os.listdir(os.path.join(collection, "tests", "integration", "targets"))
                     if not name.startswith(("setup_", "prepare_")))
    passed = failed = 0
    for target in targets:
        results = glob.glob(os.path.join(output, "junit", target + "-*.xml"))
        if results and all(junit_counts(path)[1] == 0 for path in results):
            passed += 1
        else:
            failed += 1
    cleanup = os.path.join(output, "integration-cleanup")
    clean = False
    if os.path.exists(cleanup):
        with open(cleanup) as handle:
            clean = handle.read().strip() == "clean"
    rows.append(("ansible-test integration: %d targets, and nothing left behind" % len(targets),
                 passed + clean, failed + (not clean), 0))

    reasons = {}
    for check in checks:
        name, dummy, state = check.partition("=")
        if state.startswith("skipped"):
            reasons[name] = state[len("skipped"):]
        rows.append((name, int(state == "passed"), int(state == "failed"), int(state.startswith("skipped"))))
    skipped_names = [name + reasons[name] if name in reasons else "%d of %s" % (skipped, name)
                     for name, passed, failed, skipped in rows if skipped]

    for name, passed, failed, skipped in rows:
        print("  %-60s %4d passed, %d failed%s" % (name, passed, failed, ", %d skipped" % skipped if skipped else ""))
    passed, failed, skipped = (sum(row[index] for row in rows) for index in (1, 2, 3))
    print("total: %d passed, %d failed%s" % (
        passed, failed, ", %d skipped: %s" % (skipped, "; ".join(skipped_names)) if skipped else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
