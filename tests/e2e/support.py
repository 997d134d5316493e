# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Constants and helpers of the end-to-end tests (the fixtures are in conftest.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import tempfile

from ansible_collections.huaweicloud.servicestage.tests.leaks import leaked as find_leaks


PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
TOKEN = "e2e-token-MIIZ9w-7f3c1b0a"
WRONG_TOKEN = "e2e-wrong-token-44ab91c2"
PASSWORD = "Pa55 \"quoted' \\ back$lash ünïcödé-S3cr3t-5e1d"
OTHER_PASSWORD = "second-Secret-passw0rd-81aa"
GIT_TOKEN = "ghp_e2ePersonalAccessToken0123456789XYZ"
ACCESS_KEY = "AKE2E0000EXAMPLE0001"
SECRET_KEY = "SKe2eSecretKey-0000-9d8c7b6a5f4e3d2c1b0a"
TEMP_ACCESS_KEY = "AKE2ETEMPORARY000002"
TEMP_SECRET_KEY = "SKe2eTemporarySecret-1111-aa22bb33cc44dd"
SECURITY_TOKEN = "gQpzZWN1cml0eS10b2tlbi1lMmUtc2VjcmV0LTc3Nzc"
IAM_DOMAIN = "e2e-account"
IAM_USER = "e2e-user"
IAM_PASSWORD = "IamPassw0rd-e2e-Secret-31337"
REGION = "cn-north-4"
# Valid but awkward passwords: quotes, backslashes, newlines, unicode, JSON and Jinja look-alikes.
HOSTILE_PASSWORDS = (
    "quote\"double'single-Hx81",
    "line-one-Kq7\nline-two-Zr5\r\nline-three",
    "ünïcødé-пароль-密码-🔑-Wm3",
    "{\"json\": \"looking\"}-Pt6",
    "back\\slash\\\\-Ty2 $HOME `id` %s %(x)s",
)
# Tokens as a careless vault holds them: vaulted from a file (a trailing newline, which the
# modules strip and then accept), with a header injection inside, or with unicode (both refused).
TOKEN_WITH_NEWLINE = TOKEN + "\n"
TOKEN_WITH_CRLF = "e2e-crlf-token-5Ab7\r\nX-Injected-Header: e2e-crlf-token-tail"
TOKEN_WITH_UNICODE = "e2e-unicode-token-\u00fc\u00ef\u00e9-\U0001f511-9Cd3"
AWKWARD_TOKENS = (TOKEN_WITH_NEWLINE, TOKEN_WITH_CRLF, TOKEN_WITH_UNICODE)
# The demo's vaulted repository password (demo/secrets.yml), printed by no run either.
DEMO_PASSWORD = "demo-Bitbucket-app-password-7Hq2"
# a proxy password with the characters that end a URL's authority part
PROXY_PASSWORD = "pr0xyPart#Pa/ss?-e2e@77"
SECRETS = (TOKEN, WRONG_TOKEN, PASSWORD, OTHER_PASSWORD, GIT_TOKEN, SECRET_KEY, TEMP_SECRET_KEY, SECURITY_TOKEN,
           IAM_PASSWORD, DEMO_PASSWORD, PROXY_PASSWORD) + HOSTILE_PASSWORDS + AWKWARD_TOKENS
VAULT_PASSWORD = "vault-pass-for-tests"
BIN = os.path.dirname(sys.executable)
# Every output of the end-to-end suite is appended here, and the session's end searches it all (conftest.py).
TRANSCRIPT = os.environ.get("SERVICESTAGE_E2E_TRANSCRIPT") or os.path.join(
    tempfile.gettempdir(), "servicestage-e2e-transcript-%d.txt" % os.getpid())


def leaked(text, secrets=SECRETS):
    """The secrets found in text, in any of their forms (tests/leaks.py)."""
    return find_leaks(text, secrets)


def audit(path=TRANSCRIPT):
    """The secrets found in a transcript, in any of their forms: what the session's end checks."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return leaked(handle.read())


def record(label, text):
    """Append one output of the suite to the transcript the leak audit searches at the session's end."""
    with open(TRANSCRIPT, "a", encoding="utf-8") as handle:
        handle.write("### %s\n%s\n" % (label, text))


def run_tool(tool, *args, **kwargs):
    """Run one of the venv's Ansible tools; its whole output goes to the transcript."""
    command = [os.path.join(BIN, tool)] + [str(arg) for arg in args]
    process = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    record(" ".join([tool] + command[1:]), process.stdout + process.stderr)
    return process


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
