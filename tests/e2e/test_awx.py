# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Running in AWX / Automation Platform, as far as one machine allows: the custom credential
type's injector (docs/awx/credential_type.yml) is rendered the way AWX renders it (a sandboxed
Jinja environment; a field left empty becomes an empty variable), and real ansible-playbook runs
with exactly that environment authenticate against the emulator, printing no secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess

import yaml
from ansible.module_utils.basic import env_fallback
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import AUTH_ENV
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import (
    connection_argument_spec,
)

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    ACCESS_KEY,
    BIN,
    IAM_DOMAIN,
    IAM_PASSWORD,
    IAM_USER,
    PASSWORD,
    PROJECT_ID,
    REGION,
    SECRET_KEY,
    SECRETS,
    leaked,
    password_task,
    record,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AWX = os.path.join(ROOT, "docs", "awx")
# what an image or a shell may hold beside the injected variables
STALE = {"HUAWEICLOUD_SDK_AUTH_TOKEN": "stale-token-from-an-image-0000"}


def credential_type():
    with open(os.path.join(AWX, "credential_type.yml")) as handle:
        return yaml.safe_load(handle)


def injected_environment(inputs):
    """The environment AWX's injector gives a job for a credential with these inputs."""
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**inputs))
                for name, template in credential_type()["injectors"]["env"].items())


def job_environment(injected):
    """The job's environment: the controller's, minus any Huawei Cloud variable, plus the injector's."""
    environment = dict((name, value) for name, value in os.environ.items()
                       if not name.startswith(("HUAWEICLOUD_", "HW_")))
    environment.update(ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0",
                       ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    environment.update(injected)
    return environment


def test_the_credential_type_offers_every_way_to_authenticate_and_hides_the_secrets():
    fields = dict((field["id"], field) for field in credential_type()["inputs"]["fields"])
    assert set(fields) == {"region", "project_id", "access_key", "secret_key", "security_token", "iam_domain",
                           "iam_user", "iam_password", "iam_endpoint", "servicestage_endpoint"}
    assert sorted(name for name, field in fields.items() if field.get("secret")) == [
        "iam_password", "secret_key", "security_token"]
    # every variable the injector sets is one the modules read (option fallbacks, auth variables)
    injected = set(credential_type()["injectors"]["env"])
    read = set(name for names in AUTH_ENV.values() for name in names)
    for option in connection_argument_spec(env_fallback).values():
        read.update(option.get("fallback", (None, []))[1])
    assert injected <= read, injected - read


def test_an_access_key_credential_runs_a_task_from_the_injected_environment_only(playbook, emulator):
    injected = injected_environment({"region": REGION, "project_id": PROJECT_ID, "access_key": ACCESS_KEY,
                                     "secret_key": SECRET_KEY, "servicestage_endpoint": emulator.url})
    assert injected["HUAWEICLOUD_IAM_PASSWORD"] == "" and injected["HUAWEICLOUD_SDK_SECURITY_TOKEN"] == ""
    defaults = {"endpoint": None, "project_id": None, "auth_token": None}
    run = playbook([password_task()], defaults=defaults, env=job_environment(injected), verbose=True)
    assert run.rc == 0, run.output
    assert run.results()["Ensure authorization"]["changed"] is True
    assert [entry["auth"] for entry in emulator.log] == ["aksk", "aksk"]
    assert leaked(run.output, SECRETS + (ACCESS_KEY,)) == []
    # a token left in the image's or the shell's environment is not silently preferred or mixed in
    run = playbook([password_task()], defaults=defaults, env=dict(job_environment(injected), **STALE), verbose=True)
    assert run.rc != 0 and len(emulator.log) == 2
    assert "the environment holds credentials for auth_token and access key" in run.output
    assert leaked(run.output, SECRETS + tuple(STALE.values())) == []


def test_the_login_once_job_template_with_an_iam_credential(emulator, tmp_path):
    injected = injected_environment({"region": REGION, "iam_domain": IAM_DOMAIN, "iam_user": IAM_USER,
                                     "iam_password": IAM_PASSWORD, "iam_endpoint": emulator.url,
                                     "servicestage_endpoint": emulator.url})
    extra_vars = tmp_path / "survey.json"
    extra_vars.write_text(json.dumps({"servicestage_authorizations": [
        {"name": "awx-one", "user": "bot", "password": PASSWORD},
        {"name": "awx-two", "user": "bot", "password": PASSWORD, "repo_type": "devcloud"}]}))
    command = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-e", "@%s" % extra_vars,
               os.path.join(AWX, "login_once.yml"), "-vvv"]
    process = subprocess.run(command, capture_output=True, text=True, env=job_environment(injected), timeout=120,
                             check=False)
    output = process.stdout + process.stderr
    record(" ".join(command), output)
    assert process.returncode == 0, output
    assert "created ['awx-one', 'awx-two']" in output
    assert [entry["path"] for entry in emulator.log].count("/v3/auth/tokens") == 1
    assert [entry["auth"] for entry in emulator.log if entry["path"] != "/v3/auth/tokens"] == ["token"] * 3
    issued = [token for token in emulator.tokens if token.startswith("emulated-iam-token-")]
    assert len(issued) == 1 and leaked(output, SECRETS + tuple(issued)) == []


def test_the_guide_shows_the_files_that_are_tested():
    """The AWX guide quotes docs/awx/ in code blocks; they must not drift apart."""
    with open(os.path.join(ROOT, "docs", "docsite", "rst", "guide_awx.rst")) as handle:
        guide = handle.read()
    for name in ("execution-environment.yml", "requirements.yml", "credential_type.yml", "login_once.yml"):
        with open(os.path.join(AWX, name)) as handle:
            quoted = "".join(("    " + line) if line.strip() else line for line in handle.read().splitlines(True))
        assert quoted in guide, name
