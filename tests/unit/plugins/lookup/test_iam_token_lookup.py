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
from ansible_collections.huaweicloud.servicestage.tests.leaks import leaked
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import (
    IAM_DOMAIN as DOMAIN,
    IAM_PASSWORD as PASSWORD,
    IAM_REGION as REGION,
    IAM_USER as USER,
    UNIT_PROJECT,
)


def new_lookup():
    """The lookup as Ansible's loader gives it: its documented options known to Ansible's configuration."""
    from ansible.constants import config
    from ansible.plugins.loader import fragment_loader
    from ansible.utils.plugin_docs import get_docstring
    lookup = lookup_module.LookupModule()
    lookup._load_name = "huaweicloud.servicestage.iam_token"
    documentation = get_docstring(lookup_module.__file__, fragment_loader)[0]
    config.initialize_plugin_configuration_definitions("lookup", lookup._load_name, documentation["options"])
    return lookup


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
    original = lookup_module.log_in

    def recording_login(connection, credentials, warn=None):
        seen.extend(list(connection.params.values()) + list(credentials.values()))
        return original(connection, credentials, warn)

    monkeypatch.setattr(lookup_module, "log_in", recording_login)
    arguments = dict((name, tagged(value)) for name, value in lookup_args(iam).items())
    assert any(type(value) is not str for value in arguments.values())  # pylint: disable=unidiomatic-typecheck
    result = new_lookup().run([], variables={}, **arguments)
    assert len(result) == 1 and sorted(result[0]) == ["expires_at", "issued_at", "project_id", "region", "token"]
    assert result[0]["project_id"] == UNIT_PROJECT and result[0]["token"] in iam.tokens
    assert seen and all(type(value) is str for value in seen if isinstance(value, str))  # pylint: disable=unidiomatic-typecheck


def test_the_lookup_fails_clearly_without_a_secret(iam):
    lookup = new_lookup()
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
    lookup = new_lookup()
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, iam_password=password))
    assert str(info.value).startswith("IAM login failed: HTTP 401 IAM.0011") and str(password) not in str(info.value)
    with pytest.raises(AnsibleLookupError) as info:
        lookup.run([], variables={}, **lookup_args(iam, iam_password=password, timeout=-1))
    assert "timeout must be a positive" in str(info.value) and str(password) not in str(info.value)


def test_the_lookup_without_requests_says_where_to_install_it(monkeypatch):
    monkeypatch.setattr(lookup_module, "HAS_REQUESTS", False)
    with pytest.raises(AnsibleLookupError) as info:
        new_lookup().run([], variables={}, region=REGION)
    assert "runs on the controller and needs the Python library requests" in str(info.value)


def test_a_password_is_masked_only_where_it_stands_as_a_value(iam):
    """A password that is a word of IAM's message ("wrong") must not garble it."""
    with pytest.raises(AnsibleLookupError) as info:
        new_lookup().run([], variables={}, **lookup_args(iam, iam_password="wrong"))
    assert "The username or password is wrong. Check iam_user" in str(info.value)
    assert lookup_module.masked("password='wrong', x", ["wrong"]) == "password='********', x"
    assert lookup_module.masked("token: wrong", ["wrong"]) == "token: ********"
    assert lookup_module.masked(u"b'line\\n-\u00fc'", [u"line\\n-\u00fc"]) == "b'********'"


def test_the_lookup_reads_its_options_as_ansible_plugin_options(iam, monkeypatch):
    """Environment variables through Ansible's plugin configuration: the HUAWEICLOUD_* one wins over the HW_* one,
    and a keyword argument over both; a value of the wrong type fails before any request."""
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
    monkeypatch.setenv("HUAWEICLOUD_SDK_REGION", REGION)
    monkeypatch.setenv("HUAWEICLOUD_IAM_ENDPOINT", iam.url)
    monkeypatch.setenv("HUAWEICLOUD_RETRIES", "0")
    args = lookup_args(iam)
    del args["region"], args["iam_endpoint"]
    assert new_lookup().run([], variables={}, **args)[0]["region"] == REGION
    other_region = dict(args)
    other_region["region"] = "ap-southeast-1"
    with pytest.raises(AnsibleLookupError) as info:
        new_lookup().run([], variables={}, **other_region)
    assert "IAM.0004" in str(info.value)
    with pytest.raises(AnsibleLookupError) as info:
        new_lookup().run([], variables={}, **dict(args, timeout="soon"))
    assert str(info.value).startswith("Invalid input, nothing was sent") and "timeout" in str(info.value)
    assert [entry["path"] for entry in iam.log] == ["/v3/auth/tokens"] * 2


def test_the_documented_options_are_the_ones_the_lookup_takes():
    from ansible.plugins.loader import fragment_loader
    from ansible.utils.plugin_docs import get_docstring
    documentation = get_docstring(lookup_module.__file__, fragment_loader)[0]
    assert sorted(documentation["options"]) == list(lookup_module.OPTIONS)
