# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Prints the closing line of tests/run-tests.sh: the pytest counts from its JUnit XML,
with ansible-test sanity and ansible-lint counted as one check each."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
from xml.etree import ElementTree


def main():
    path, static_skipped, static_failed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    suite = ElementTree.parse(path).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    tests = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    passed = tests - failed - skipped
    if static_skipped:
        skipped += 2
    else:
        passed += 2 - static_failed
        failed += static_failed
    print("(pytest tests, plus ansible-test sanity and the linters as one check each)")
    print("total: %d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))


if __name__ == "__main__":
    main()
