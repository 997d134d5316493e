# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Prints the closing line of tests/run-tests.sh: the pytest counts from its JUnit XML."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
import xml.etree.ElementTree as ElementTree


def main():
    path, static, failed_steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    suite = ElementTree.parse(path).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    tests = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    static_note = "static checks skipped" if static else ("static checks failed" if failed_steps else "sanity and lint clean")
    print("(%s)" % static_note)
    print("%d passed, %d failed, %d skipped" % (tests - failed - skipped, failed, skipped))


if __name__ == "__main__":
    main()
