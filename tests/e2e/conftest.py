# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for end-to-end tests: real ansible-playbook runs against the emulator.

Every byte a run prints is searched for the secrets below: each run by the fixture that ran it, and
every output of the session once more when it ends (whatever ran, in whatever order), so a leak fails
the suite.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import time

import pytest

from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    ACCESS_KEY,
    BIN,
    run_playbook_file,
    GIT_TOKEN,
    IAM_DOMAIN,
    IAM_PASSWORD,
    IAM_USER,
    OTHER_PASSWORD,
    PASSWORD,
    PROJECT_ID,
    REGION,
    SECRET_KEY,
    SECURITY_TOKEN,
    TEMP_ACCESS_KEY,
    TEMP_SECRET_KEY,
    TOKEN,
    TOKEN_WITH_CRLF,
    TOKEN_WITH_NEWLINE,
    TOKEN_WITH_UNICODE,
    TRANSCRIPT,
    VAULT_PASSWORD,
    WRONG_TOKEN,
    audit,
)


@pytest.fixture(scope="session", autouse=True)
def transcript():
    """The session's transcript, started empty; when the session ends, every output recorded in it (each
    ansible-playbook run and its results file, each ansible-doc, ansible-galaxy and ansible-builder run)
    is searched for every secret. A leak fails the session's last test (as an error at its teardown)."""
    open(TRANSCRIPT, "w").close()
    yield TRANSCRIPT
    found = audit(TRANSCRIPT)
    assert found == [], "%d test secrets were printed by the runs recorded in %s" % (len(found), TRANSCRIPT)


@pytest.fixture
def emulator():
    server = ServiceStageEmulator(
        tokens={TOKEN: PROJECT_ID}, region_projects={REGION: PROJECT_ID},
        access_keys={ACCESS_KEY: (SECRET_KEY, None), TEMP_ACCESS_KEY: (TEMP_SECRET_KEY, SECURITY_TOKEN)},
        iam_users={(IAM_DOMAIN, IAM_USER): IAM_PASSWORD}).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def vault_dir(tmp_path_factory):
    """A vault password file and a vars file holding every test secret vaulted."""
    folder = tmp_path_factory.mktemp("vault")
    password_file = folder / "vault-pass"
    password_file.write_text(VAULT_PASSWORD)
    lines = []
    for var, value in (("repo_password", PASSWORD), ("other_password", OTHER_PASSWORD),
                       ("servicestage_token", TOKEN), ("wrong_token", WRONG_TOKEN), ("git_token", GIT_TOKEN),
                       ("secret_key", SECRET_KEY), ("temp_secret_key", TEMP_SECRET_KEY),
                       ("security_token", SECURITY_TOKEN), ("iam_password", IAM_PASSWORD),
                       ("token_with_newline", TOKEN_WITH_NEWLINE), ("token_with_crlf", TOKEN_WITH_CRLF),
                       ("token_with_unicode", TOKEN_WITH_UNICODE)):
        vaulted = subprocess.run(
            [os.path.join(BIN, "ansible-vault"), "encrypt_string", "--vault-password-file", str(password_file),
             "--stdin-name", var],
            input=value, capture_output=True, text=True, check=True).stdout
        lines.append(vaulted)
    (folder / "secrets.yml").write_text("---\n" + "\n".join(lines))
    return folder


@pytest.fixture
def playbook(emulator, vault_dir, tmp_path):
    """Run tasks in a play with module_defaults of the action group; return a Run."""

    def run(tasks, args=(), verbose=False, defaults=None, env=None, timeout=120):
        connection = {"endpoint": emulator.url, "project_id": PROJECT_ID, "auth_token": "{{ servicestage_token }}"}
        connection.update(defaults or {})
        connection = dict((key, value) for key, value in connection.items() if value is not None)
        play = [{
            "name": "e2e",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars_files": [str(vault_dir / "secrets.yml")],
            "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
            "module_defaults": {"group/huaweicloud.servicestage.servicestage": connection},
            "tasks": tasks,
        }]
        path = tmp_path / ("play-%d.yml" % time.monotonic_ns())
        path.write_text(json.dumps(play, indent=2))
        return run_playbook_file(path, vault_dir / "vault-pass", tmp_path, args=list(args) + (["-vvvv"] if verbose else []),
                                 env=env, timeout=timeout)

    return run
