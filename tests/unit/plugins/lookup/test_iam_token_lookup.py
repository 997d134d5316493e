# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The iam_token lookup, on the controller: tagged strings made plain before they reach requests,
one dictionary returned, clear failures without a secret, and a missing requests named."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.huaweicloud.servicestage.plugins.lookup import iam_token as lookup_module
from ansible_collections.huaweicloud.servicestage.plugins.module_utils import _iam_token
from ansible_collections.huaweicloud.servicestage.tests.leaks import leaked
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import (
    IAM_DOMAIN as DOMAIN,
    IAM_PASSWORD as PASSWORD,
    IAM_REGION as REGION,
    IAM_USER as USER,
    UNIT_PROJECT,
)


def lookup_args(server, **extra):
    args = dict(region=REGION, iam_endpoint=server.url, iam_domain=DOMAIN, iam_user=USER, iam_password=PASSWORD)
    args.update(extra)
    return args


class Tagged(str):
    """A str subclass, as Ansible's tagged strings (2.19+) are."""


def tagged(text):
    try:
        from ansible._internal._datatag._tags import Origin  # ansible-core 2.19+
    except ImportError:
        return Tagged(text)
    return Origin(description="unit test").tag(text)


def test_the_lookup_gives_requests_plain_strings_and_returns_one_dictionary(iam, monkeypatch):
    seen = []
    original = _iam_token.iam_login

    def recording_login(transport, credentials, scope):
        seen.extend([transport.endpoint] + list(credentials.values()) + list(scope.values()))
        return original(transport, credentials, scope)

    monkeypatch.setattr(_iam_token, "iam_login", recording_login)
    arguments = dict((name, tagged(value)) for name, value in lookup_args(iam).items())
    assert any(type(value) is not str for value in arguments.values())  # pylint: disable=unidiomatic-typecheck
    result = lookup_module.LookupModule().run([], variables={}, **arguments)
    assert len(result) == 1 and sorted(result[0]) == ["expires_at", "issued_at", "project_id", "region", "token"]
    assert result[0]["project_id"] == UNIT_PROJECT and result[0]["token"] in iam.tokens
    assert seen and all(type(value) is str for value in seen)  # pylint: disable=unidiomatic-typecheck


def test_the_lookup_fails_clearly_without_a_secret(iam):
    lookup = lookup_module.LookupModule()
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, iam_password=PASSWORD + "-wrong"))
    assert str(info.value).startswith("IAM login failed: HTTP 401 IAM.0011")
    assert "Check iam_user, iam_password and iam_domain" in str(info.value)
    assert leaked(str(info.value), [PASSWORD]) == []
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run(["a-term"], variables={})
    assert "keyword arguments only" in str(info.value)
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, auth_token="x"))
    assert "unknown keyword arguments auth_token" in str(info.value)
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, proxy="http://u:%s@127.0.0.1:9" % "p#x-Zq"))
    assert "percent-encode them" in str(info.value) and "p#x-Zq" not in str(info.value)
    assert [entry["path"] for entry in iam.log] == ["/v3/auth/tokens"]


@pytest.mark.parametrize("password", [12345678, 1234.5])
def test_a_numeric_password_fails_with_the_real_message_and_is_not_shown(iam, password):
    """YAML makes an unquoted all-digit password a number: the failure is still IAM's, not a TypeError."""
    lookup = lookup_module.LookupModule()
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, iam_password=password))
    assert str(info.value).startswith("IAM login failed: HTTP 401 IAM.0011") and str(password) not in str(info.value)
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, iam_password=password, timeout=-1))
    assert "timeout must be a positive" in str(info.value) and str(password) not in str(info.value)


def test_the_lookup_without_requests_says_where_to_install_it(monkeypatch):
    monkeypatch.setattr(lookup_module, "HAS_REQUESTS", False)
    with pytest.raises(AnsibleLookupError) as info:
        lookup_module.LookupModule().run([], variables={}, region=REGION)
    assert "runs on the controller and needs the Python library requests" in str(info.value)
