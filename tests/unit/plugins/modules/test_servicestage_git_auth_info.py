# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.modules.servicestage_git_auth_info import main
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT


@pytest.fixture
def populated(emulator):
    emulator.seed(UNIT_PROJECT, 3, prefix="pw-")
    emulator.seed(UNIT_PROJECT, 2, prefix="dc-", repo_type="devcloud")
    return emulator


@pytest.mark.parametrize("filters, expected", [
    ({}, 5),
    ({"repo_type": "devcloud"}, 2),
    ({"name": "pw-00001"}, 1),
    ({"token_type": "personal"}, 0),
    ({"token_type": "password", "repo_type": "bitbucket"}, 3),
])
def test_filters(run_module, populated, filters, expected):
    code, result = run_module(main, check_mode=True, **filters)
    assert code == 0
    assert result["changed"] is False
    assert len(result["authorizations"]) == expected
    assert len(populated.log) == 1


def test_bad_filter_name_fails_before_any_request(run_module, emulator):
    code, result = run_module(main, name="x")
    assert code == 1 and "not a valid authorization name" in result["msg"]
    assert emulator.log == []
