# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules' documentation of how each field compares is generated from the resources' field tables
(docs/tools/field_rules.py writes plugins/doc_fragments/field_rules.py): the committed fragment is exactly what the
tables say, and every module with a table uses its part."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "docs", "tools", "field_rules.py")
FRAGMENT = os.path.join(ROOT, "plugins", "doc_fragments", "field_rules.py")
USERS = {"servicestage_component": "COMPONENT", "servicestage_application": "APPLICATION",
         "servicestage_environment": "ENVIRONMENT", "servicestage_git_password_auth": "GIT_AUTHORIZATION",
         "servicestage_git_token_auth": "GIT_AUTHORIZATION", "servicestage_git_auths": "GIT_AUTHORIZATION", "servicestage_components": "COMPONENT"}


def tool():
    spec = importlib.util.spec_from_file_location("field_rules_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def test_the_committed_fragment_is_what_the_field_tables_say():
    assert read(FRAGMENT) == tool().fragment(), "run: python docs/tools/field_rules.py"


def test_a_changed_rule_changes_the_fragment(monkeypatch):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import Ordered
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import component
    monkeypatch.setitem(component.FIELDS.fields, "version", Ordered())
    assert "Field C(version) of a component: a list compared in order and written as given." in " ".join(
        tool().fragment().split())


def test_every_module_with_a_field_table_uses_its_part():
    for module, attribute in USERS.items():
        text = read(os.path.join(ROOT, "plugins", "modules", module + ".py"))
        assert "  - huaweicloud.servicestage.field_rules.%s\n" % attribute in text, module
