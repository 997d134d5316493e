# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-doc renders every module, with the shared options, the action group and examples."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool

MODULES = ["servicestage_git_password_auth", "servicestage_git_token_auth", "servicestage_git_auth_info",
           "servicestage_git_auths"]


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
    assert "group/huaweicloud.servicestage.servicestage" in data["examples"]
    assert data["return"]
