# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The v3 name rule, checked before any request: 2 to 64 letters, digits, '-' or '_', a letter first,
a letter or digit last."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import check_name


@pytest.mark.parametrize("name", ["ab", "a1", "prod", "Shop_cart-2", "a" + "b" * 63])
def test_good_names(name):
    assert check_name("environment", name) is None


@pytest.mark.parametrize("name", ["a", "", "1prod", "_prod", "prod-", "prod_", "pr od", "prod.eu", "a" + "b" * 64,
                                  u"pr\u00f6d"])
def test_bad_names(name):
    assert check_name("environment", name) == (
        "environment name %r is not valid: use 2 to 64 letters, digits, '-' or '_', starting with a letter and "
        "ending with a letter or digit" % name)
