# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-doc renders every module, with the shared options, the action group and examples."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "meta", "runtime.yml"), encoding="utf-8") as runtime:
    # every module of the action group (iam_token is not in it, on purpose)
    MODULES = yaml.safe_load(runtime)["action_groups"]["servicestage"]


def test_the_action_group_holds_every_module_but_iam_token():
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules")) if name.endswith(".py"))
    assert sorted(MODULES) == [module for module in modules if module != "iam_token"]


@pytest.mark.parametrize("module", MODULES)
def test_ansible_doc_renders(module):
    name = "huaweicloud.servicestage." + module
    text = run_tool("ansible-doc", name).stdout
    assert "auth_token" in text and "secret_key" in text and "EXAMPLES" in text
    data = json.loads(run_tool("ansible-doc", "--json", name).stdout)[name]
    options = data["doc"]["options"]
    for secret in ("auth_token", "secret_key", "security_token", "iam_password"):
        assert secret in options
    assert data["doc"]["attributes"]["action_group"]["membership"] == ["huaweicloud.servicestage.servicestage"]
    assert "group/huaweicloud.servicestage.servicestage" in data["examples"] and data["return"]


@pytest.mark.parametrize("module", ["servicestage_application", "servicestage_application_info",
                                    "servicestage_environment", "servicestage_environment_info"])
def test_ansible_doc_renders_the_application_and_environment_modules(module):
    name = "huaweicloud.servicestage." + module
    process = run_tool("ansible-doc", "--json", name)
    assert process.returncode == 0, process.stderr
    data = json.loads(process.stdout)[name]
    assert data["doc"]["version_added"] == "0.4.0"
    assert "name" in data["doc"]["options"] and "auth_token" in data["doc"]["options"]
    assert data["doc"]["attributes"]["action_group"]["membership"] == ["huaweicloud.servicestage.servicestage"]
    assert ("environment" if "environment" in module else "application") in str(sorted(data["return"]))
    assert data["examples"].strip()


def test_ansible_doc_renders_the_iam_token_module_and_lookup():
    for kind, name in (("module", "huaweicloud.servicestage.iam_token"), ("lookup", "huaweicloud.servicestage.iam_token")):
        process = run_tool("ansible-doc", "-t", kind, "--json", name)
        assert process.returncode == 0, process.stderr
        doc = json.loads(process.stdout)[name]
        options = doc["doc"]["options"]
        assert sorted(options) == ["ca_path", "iam_domain", "iam_endpoint", "iam_password", "iam_user", "project_id",
                                   "proxy", "region", "retries", "timeout", "validate_certs"], kind
        assert "action_group" not in doc["doc"].get("attributes", {}), kind
        assert "no_log" in doc["examples"] and "iam_password" in doc["examples"], kind
        assert doc["return"], kind
        text = run_tool("ansible-doc", "-t", kind, name).stdout
        assert "iam_password" in text and "EXAMPLES" in text, kind
