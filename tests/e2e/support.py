# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Constants and helpers of the end-to-end tests (the fixtures are in conftest.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import tempfile
import time

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
# The IAM password of the demo's emulator (demo/vault.yml, demo/run-demo.sh), which the guides' tries log in with.
DEMO_IAM_PASSWORD = "demo-IAM-password-4Rw8"
# a proxy password with the characters that end a URL's authority part
PROXY_PASSWORD = "pr0xyPart#Pa/ss?-e2e@77"
# Sensitive configuration (servicestage_config, servicestage_application_configuration): a YAML document holding a
# password, with newlines, quotes and unicode; a database password that spans two lines of a properties file; an
# application's secret variable.
SENSITIVE_YAML = (u"db:\n  user: cart_e2e\n  password: \"e2e-Yml-P@ss\u00fc\u00f1-\u5bc6\u7801-Rk37\"\n  note: |\n"
                  u"    multi line e2e secret Wv91\n    second \u00e9 line Jq44\n")
DB_PASSWORD = u"e2e-Db-P\u00e4ss \"q'\\ \u5bc6\u7801-Xw62\nnext-line-Rt08"
PAYMENT_KEY = u"e2e-Pay-K3y-\u00fc\u00ef-Hs59"
CONFIG_SECRETS = (SENSITIVE_YAML, DB_PASSWORD, PAYMENT_KEY)
SECRETS = (TOKEN, WRONG_TOKEN, PASSWORD, OTHER_PASSWORD, GIT_TOKEN, SECRET_KEY, TEMP_SECRET_KEY, SECURITY_TOKEN,
           IAM_PASSWORD, DEMO_PASSWORD, DEMO_IAM_PASSWORD, PROXY_PASSWORD) + HOSTILE_PASSWORDS + AWKWARD_TOKENS + \
    CONFIG_SECRETS
VAULT_PASSWORD = "vault-pass-for-tests"
BIN = os.path.dirname(sys.executable)
# Every output of the end-to-end suite is appended here, and the session's end searches it all (conftest.py).
# One transcript per pytest-xdist worker (each worker's session starts its own empty and audits it at its end).
TRANSCRIPT = (os.environ.get("SERVICESTAGE_E2E_TRANSCRIPT") or os.path.join(
    tempfile.gettempdir(), "servicestage-e2e-transcript-%d.txt" % os.getpid())) + (
    ".%s" % os.environ["PYTEST_XDIST_WORKER"] if os.environ.get("PYTEST_XDIST_WORKER") else "")


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


def write_vaulted_vars(path, vault_password_file, **values):
    """A vars file (for -e @path) holding each value vaulted with ansible-vault encrypt_string."""
    lines = []
    for name, value in sorted(values.items()):
        lines.append(subprocess.run(
            [os.path.join(BIN, "ansible-vault"), "encrypt_string", "--vault-password-file", str(vault_password_file),
             "--stdin-name", name],
            input=value, capture_output=True, text=True, check=True).stdout)
    with open(str(path), "w", encoding="utf-8") as handle:
        handle.write("---\n" + "\n".join(lines))
    return str(path)


def playbook_environment(results_file, env=None):
    """The environment of an ansible-playbook run of the tests: the results callback on, no colour, no retry
    files, and env on top."""
    environment = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
                       ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
                       ANSIBLE_CALLBACK_PLUGINS=CALLBACK_DIR, ANSIBLE_CALLBACKS_ENABLED="servicestage_results",
                       SERVICESTAGE_RESULTS_FILE=results_file,
                       # ansible-core 2.21+ puts a task's invocation in its result only when asked; 2.19 always
                       # does. Asked, so that every output searched for secrets holds it on each version.
                       ANSIBLE_INJECT_INVOCATION="1")
    environment.update(env or {})
    return environment


def run_playbook_file(path, vault_password_file, work_dir, extra_vars=(), args=(), env=None, timeout=300):
    """Run a playbook file as users do (the docs' examples), like the playbook fixture runs its plays:
    the results callback on, the whole output recorded in the transcript and searched for secrets.
    extra_vars: each a dict (passed as JSON) or the path of a vars file (passed as @path)."""
    results_file = os.path.join(str(work_dir), "results-%d.json" % time.monotonic_ns())
    command = [os.path.join(BIN, "ansible-playbook"), "--vault-password-file", str(vault_password_file), str(path)]
    for extra in extra_vars:
        command += ["-e", json.dumps(extra) if isinstance(extra, dict) else "@" + str(extra)]
    command += list(args)
    environment = playbook_environment(results_file, env)
    started = time.monotonic()
    process = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=timeout, check=False)
    result = Run(process, time.monotonic() - started, results_file)
    record("ansible-playbook " + " ".join(command[1:]), result.output)
    if os.path.exists(results_file):
        with open(results_file, encoding="utf-8") as handle:
            record("callback results " + results_file, handle.read())
    assert leaked(result.output) == [], "a secret was printed by ansible-playbook"
    return result


def recap(output):
    """The PLAY RECAP counts of localhost: {"ok": 8, "changed": 0, ...}."""
    line = [line for line in output.splitlines() if line.startswith("localhost") and "changed=" in line][-1]
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", line))
