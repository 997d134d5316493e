# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The troubleshooting guide quotes the v3 modules' messages as they print them today: each fixed part of a
quoted message (the text between its names, job ids and statuses) is in the guide and in a string of the
modules' code (plugins/, between its % placeholders). A message reworded in the code fails here, naming the
part the guide must follow."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_troubleshooting.rst")

# The fixed parts of the messages the guide quotes, by its entry.
QUOTED = {
    "busy": [
        "is busy (status",
        "in progress): nothing was written. Run with wait: true to wait for it first, or wait for it with "
        "huaweicloud.servicestage.servicestage_job_info",
        "was still busy with job",
        "nothing was written. It goes on; run the task again later",
    ],
    "failed job": [
        "Done before the failure: ",
        "has the wanted fields, but its status is",
        "the deploy did not come up. Fix the cause and deploy again (a new version), or roll back",
    ],
    "paused gray release": [
        "paused in its gray release (GRAYING), waiting for continue_deploy",
        "is in a gray release waiting to go on (status GRAYING): nothing was written. Go on with "
        "huaweicloud.servicestage.servicestage_component_action (action: continue_deploy), or roll back, before "
        "another",
        "is in a gray release waiting to go on (status GRAYING, its job",
        "runs until then): nothing was written. Go on with huaweicloud.servicestage.servicestage_component_action "
        "(action: continue_deploy), or roll back, first",
        "it is not in a gray release waiting to go on",
    ],
    "being deleted": [
        "(it is being deleted)",
        "was being deleted already",
        "is being deleted (status",
        "nothing was written. Run with wait: true to wait until it is gone and create it again, or run the task "
        "again once it is gone",
    ],
}


def normalized(text):
    return " ".join(text.split())


def code_strings():
    """Every string of plugins/ (adjacent literals joined, as Python joins them), cut at its % placeholders."""
    pieces = []
    for path in glob.glob(os.path.join(ROOT, "plugins", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                pieces.extend(re.split(r"%(?:\.\d+)?[sdfr]", node.value))
    return "\0".join(normalized(piece) for piece in pieces)


def test_every_message_part_the_troubleshooting_guide_quotes_is_in_the_guide_and_the_modules_code():
    with open(GUIDE, encoding="utf-8") as handle:
        guide = normalized(handle.read())
    code = code_strings()
    missing = []
    for entry, parts in QUOTED.items():
        for part in parts:
            if normalized(part) not in guide:
                missing.append("%s: %r is not in the guide" % (entry, part))
            if normalized(part) not in code:
                missing.append("%s: %r is in no message of plugins/ any more: update the guide" % (entry, part))
    assert missing == []
