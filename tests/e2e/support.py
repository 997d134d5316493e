# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Constants and helpers of the end-to-end tests (the fixtures are in conftest.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import sys


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
SECRETS = (TOKEN, WRONG_TOKEN, PASSWORD, OTHER_PASSWORD, GIT_TOKEN, SECRET_KEY, TEMP_SECRET_KEY, SECURITY_TOKEN,
           IAM_PASSWORD) + HOSTILE_PASSWORDS
VAULT_PASSWORD = "vault-pass-for-tests"
BIN = os.path.dirname(sys.executable)
TRANSCRIPT = os.environ.get("SERVICESTAGE_E2E_TRANSCRIPT")


def secret_forms(secret):
    """The ways a secret could appear in output: as is, JSON- or repr-escaped, or in pieces
    (each line, and each run of 10 or more word characters)."""
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1]}
    for form in list(forms):
        forms.update(line for line in form.splitlines() if len(line) >= 8)
        forms.update(re.findall(r"[\w-]{10,}", form))
    return forms


def leaked(text, secrets=SECRETS):
    """The secrets found in text, in any of their forms."""
    return [secret for secret in secrets if any(form in text for form in secret_forms(secret))]


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
