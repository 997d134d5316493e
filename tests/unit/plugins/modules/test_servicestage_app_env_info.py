# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_environment_info and servicestage_application_info: the names they return, whatever the
API's name filters match, and paging past 100 applications."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_application_info import (
    main as application_info,
)
from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_environment_info import (
    main as environment_info,
)
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN, shown

CLUSTER = {"id": "cluster-1", "type": "cce"}


def names(result, key):
    return sorted(item["name"] for item in result[key])


def seed_environments(emulator):
    for name in ("prod", "prod-eu", "preprod", "Prod2"):
        emulator.v3.seed_environment(UNIT_PROJECT, name, resources=[CLUSTER] if name == "prod" else [])


def test_every_environment(run_module, emulator):
    seed_environments(emulator)
    code, result = run_module(environment_info)
    assert code == 0 and result["changed"] is False
    assert names(result, "environments") == ["Prod2", "preprod", "prod", "prod-eu"]
    assert result["msg"] == "4 environments" and emulator.writes() == []
    assert shown(result, UNIT_TOKEN) == []


@pytest.mark.parametrize("switches", [
    {}, {"name_filter": "fuzzy"}, {"name_case": "insensitive"}, {"name_filter": "fuzzy", "name_case": "insensitive"},
], ids=["exact", "fuzzy", "insensitive", "fuzzy-insensitive"])
def test_an_environment_by_name_is_that_one_whatever_the_filter_matches(run_module, emulator, switches):
    emulator.v3.configure(**switches)
    seed_environments(emulator)
    code, result = run_module(environment_info, name="prod")
    assert names(result, "environments") == ["prod"] and result["msg"] == "1 environment"
    assert "resources" not in result["environments"][0]
    code, result = run_module(environment_info, name="PROD")
    assert result["environments"] == [] and result["msg"] == "0 environments"


def test_with_resources(run_module, emulator):
    seed_environments(emulator)
    code, result = run_module(environment_info, name="prod", with_resources=True)
    assert result["environments"][0]["resources"] == [CLUSTER]
    code, result = run_module(environment_info, with_resources=True)
    assert dict((item["name"], item["resources"]) for item in result["environments"]) == {
        "prod": [CLUSTER], "prod-eu": [], "preprod": [], "Prod2": []}


def test_no_environment(run_module, emulator):
    code, result = run_module(environment_info, name="prod")
    assert code == 0 and result["environments"] == []


def test_every_application_past_a_hundred(run_module, emulator):
    for index in range(150):
        emulator.v3.seed_application(UNIT_PROJECT, "app%03d" % index)
    code, result = run_module(application_info)
    assert code == 0 and names(result, "applications") == ["app%03d" % index for index in range(150)]
    assert result["msg"] == "150 applications"
    pages = [entry["path"] for entry in emulator.log]
    assert len(pages) == 2
    code, result = run_module(application_info, name="app000")
    assert names(result, "applications") == ["app000"]
    assert shown(result, UNIT_TOKEN) == []


def test_an_application_by_name_is_exactly_that_one(run_module, emulator):
    for name in ("shop", "shop-eu", "Shop2", "workshop"):
        emulator.v3.seed_application(UNIT_PROJECT, name)
    code, result = run_module(application_info, name="shop")
    assert names(result, "applications") == ["shop"] and result["msg"] == "1 application"
    assert result["applications"][0]["component_count"] == 0
    code, result = run_module(application_info, name="SHOP")
    assert result["applications"] == []
