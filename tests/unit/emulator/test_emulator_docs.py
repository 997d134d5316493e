# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator is a product too: every control route it serves is documented in --help and in the
emulator guide (docs/docsite/rst/guide_emulator.rst), and the guide's curl examples do what they say."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import urllib.request

from ansible_collections.huaweicloud.servicestage.tests.emulator import servicestage_emulator
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EMULATOR = servicestage_emulator.__file__
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_emulator.rst")


def served_routes():
    with open(EMULATOR, encoding="utf-8") as handle:
        return sorted(set(re.findall(r'path == "(/_emulator/[a-z0-9/-]+)"', handle.read())))


def guide():
    with open(GUIDE, encoding="utf-8") as handle:
        return handle.read()


def test_every_control_route_is_in_help_and_in_the_guide():
    routes = served_routes()
    assert len(routes) == 14 and "/_emulator/v3/page-events" in routes and "/_emulator/auth-status" in routes
    assert "/_emulator/v3/job-outcomes" in routes
    assert "/_emulator/config-seed" in routes and "/_emulator/config-bind" in routes
    help_text = subprocess.run([sys.executable, EMULATOR, "--help"], capture_output=True, text=True, check=True).stdout
    text = guide()
    for route in routes:
        assert route in help_text, route
        assert route in text, route
    assert "curl" in help_text


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST")
    return urllib.request.urlopen(request, timeout=5).status


def test_the_guide_curl_examples_seed_a_named_oauth_authorization_and_a_fault(emulator):
    bodies = [json.loads(body) for body in re.findall(r"curl -s -X POST localhost:8080/_emulator/\w+ \\?\s*-d '([^']+)'",
                                                      guide())]
    seed, dropped, busy = bodies[:3]
    assert post(emulator.url + "/_emulator/seed", dict(seed, project_id=UNIT_PROJECT)) == 204
    assert [(a["name"], a["token_type"]) for a in emulator.authorizations(UNIT_PROJECT)] == [("bitbucket-ci", "oauth")]
    assert post(emulator.url + "/_emulator/faults", dropped) == 204 and post(emulator.url + "/_emulator/faults", busy) == 204
    assert [(fault.method, fault.drop, fault.commit, fault.status, fault.times) for fault in emulator.faults] == [
        ("POST", True, True, None, 1), ("POST", False, False, 503, 2)]
