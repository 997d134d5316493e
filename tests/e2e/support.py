# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Constants and helpers of the end-to-end tests (the fixtures are in conftest.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys


PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
TOKEN = "e2e-token-MIIZ9w-7f3c1b0a"
WRONG_TOKEN = "e2e-wrong-token-44ab91c2"
PASSWORD = "Pa55 \"quoted' \\ back$lash ünïcödé-S3cr3t-5e1d"
OTHER_PASSWORD = "second-Secret-passw0rd-81aa"
SECRETS = (TOKEN, WRONG_TOKEN, PASSWORD, OTHER_PASSWORD)
VAULT_PASSWORD = "vault-pass-for-tests"
BIN = os.path.dirname(sys.executable)
TRANSCRIPT = os.environ.get("SERVICESTAGE_E2E_TRANSCRIPT")


def leaked(text, secrets=SECRETS):
    """The secrets (or any line of a multi-line one) found in text."""
    found = []
    for secret in secrets:
        pieces = [secret] + [part for part in secret.splitlines() if len(part) >= 8]
        if any(piece in text for piece in pieces):
            found.append(secret)
    return found


CALLBACK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "callback_plugins")


class Run:
    """One finished ansible-playbook run: exit code, everything it printed, its task results."""

    def __init__(self, process, seconds, results_file):
        self.rc = process.returncode
        self.output = process.stdout + process.stderr
        self.seconds = seconds
        self.results_file = results_file

    def results(self):
        """Task results as the servicestage_results callback recorded them: {task name: result}."""
        with open(self.results_file) as handle:
            return json.load(handle)


def password_task(task_name="Ensure authorization", **options):
    module_args = {"name": "bitbucket-ci", "user": "ci-bot", "password": "{{ repo_password }}"}
    module_args.update(options)
    return {"name": task_name, "huaweicloud.servicestage.servicestage_git_password_auth":
            dict((key, value) for key, value in module_args.items() if value is not None)}
