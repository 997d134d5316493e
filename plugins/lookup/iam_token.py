# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: iam_token
short_description: Log in to Huawei Cloud IAM on the controller and return a project-scoped token
version_added: 0.3.0
description:
  - Logs in to IAM with an IAM user, its password and its account (domain) name, like the module
    M(huaweicloud.servicestage.iam_token), and returns one dictionary with the keys C(token),
    C(project_id), C(region), C(expires_at) and C(issued_at).
  - Runs on the controller, so it needs C(requests) in the Python of C(ansible-playbook) (not on the
    managed hosts); without it, the lookup fails with a message that says so. The environment
    variables it reads are the controller's.
  - A lookup in C(vars) runs again at every use, each time a new login. Log in once by saving the result
    in a fact with M(ansible.builtin.set_fact) (and C(no_log) on that task), as in the examples.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  region:
    description:
      - Huawei Cloud region, for example C(cn-north-4); checked before any request. The token is scoped to the
        project named like it unless O(project_id) is given, and it builds the default O(iam_endpoint).
    type: str
    env:
      - name: HW_REGION_NAME
      - name: HUAWEICLOUD_SDK_REGION
  project_id:
    description:
      - ID of the project to scope the token to, 32 hexadecimal characters.
    type: str
    env:
      - name: HW_PROJECT_ID
      - name: HUAWEICLOUD_SDK_PROJECT_ID
  iam_user:
    description:
      - IAM user name.
      - "When none of O(iam_user), O(iam_password) and O(iam_domain) is given, all three are read from the
        environment: E(HUAWEICLOUD_IAM_USER), E(HUAWEICLOUD_IAM_PASSWORD), E(HUAWEICLOUD_IAM_DOMAIN) (or
        E(HW_USER_NAME), E(HW_USER_PASSWORD), E(HW_DOMAIN_NAME)); never some from each."
    type: str
  iam_password:
    description:
      - Password of O(iam_user). Keep it in Ansible Vault. Never shown in a message or warning; a password of a
        single kind of character (which IAM refuses) is masked only where it stands as a value, so that a password
        such as V(wrong) leaves IAM's message "The username or password is wrong." as it is.
    type: str
  iam_domain:
    description:
      - Account (domain) name of O(iam_user).
    type: str
  iam_endpoint:
    description:
      - Base URL of IAM, default C(https://iam.{region}.myhuaweicloud.com). A trailing C(/v3) is ignored.
    type: str
    env:
      - name: HW_AUTH_URL
      - name: HUAWEICLOUD_IAM_ENDPOINT
  validate_certs:
    description:
      - Verify IAM's TLS certificate (against O(ca_path), else E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE), else the
        CA bundle of C(requests)). Set V(false) only for a test endpoint you trust.
    type: bool
    default: true
    env:
      - name: HUAWEICLOUD_VALIDATE_CERTS
  ca_path:
    description:
      - A PEM file of CA certificates (or a directory of hashed ones) to verify IAM's certificate with.
    type: path
    env:
      - name: HUAWEICLOUD_CA_PATH
  proxy:
    description:
      - A proxy for the login, C(http://host:port) (C(http://user:password@host:port), percent-encoded), or a
        SOCKS one with PySocks. Without it, E(HTTPS_PROXY), E(HTTP_PROXY), E(ALL_PROXY) and E(NO_PROXY) apply.
    type: str
  timeout:
    description:
      - Seconds the whole answer of each attempt may take, a positive, finite number.
    type: float
    default: 30
    env:
      - name: HUAWEICLOUD_TIMEOUT
  retries:
    description:
      - How many more times to send the login after throttling, a gateway or server error, a timeout or a broken
        connection (0 to 10), with backoff, within a budget of 60 seconds (or O(timeout) when longer).
    type: int
    default: 3
    env:
      - name: HUAWEICLOUD_RETRIES
requirements:
  - requests >= 2.25.1, in the Python of ansible-playbook (the controller)
notes:
  - The options are keyword arguments only, each a single value; a positional term is an error.
  - Of two environment variables of one option, the C(HUAWEICLOUD_*) one wins over the C(HW_*) one.
"""

EXAMPLES = r"""
- name: "Log in once (cache the result in a fact: a lookup in vars runs at every use)"
  ansible.builtin.set_fact:
    login: "{{ lookup('huaweicloud.servicestage.iam_token', region='cn-north-4', iam_domain='my-account',
                      iam_user='deploy-bot', iam_password=vault_iam_password) }}"
  no_log: true

- name: Use the token
  huaweicloud.servicestage.servicestage_git_auth_info:
    region: "{{ login.region }}"
    project_id: "{{ login.project_id }}"
    auth_token: "{{ login.token }}"
"""

RETURN = r"""
_raw:
  description: One dictionary with the login's result.
  type: list
  elements: dict
  contains:
    token:
      description: The IAM token (C(X-Subject-Token)), valid for 24 hours.
      type: str
    project_id:
      description: The id of the project the token is scoped to.
      type: str
    region:
      description: The region of that project.
      type: str
    expires_at:
      description: When the token expires, as IAM gives it (ISO 8601, UTC).
      type: str
    issued_at:
      description: When the token was issued, as IAM gives it (ISO 8601, UTC).
      type: str
"""

import os
import re
import sys

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.module_utils.basic import env_fallback
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import (
    Connection,
    connection_errors,
    login_argument_spec,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.iam import log_in
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import HAS_REQUESTS
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import (
    failure_message,
    guarded,
)

display = Display()
OPTIONS = tuple(sorted(login_argument_spec(env_fallback)))
MASK = "********"


def plain(value):
    """A value as requests must get it: a plain str, not an Ansible tagged or vault-encrypted string."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if not isinstance(value, str):
        value = str(value)  # a vault-encrypted string decrypts to its text
    return str.__str__(value)  # a tagged str (ansible-core 2.19+) becomes a plain str


def masked(text, secrets):
    """text with each secret masked. A secret that could be an IAM password (IAM wants at least two kinds of
    character: lowercase, uppercase, digits, others) is masked wherever it appears, as Ansible masks a module's
    no_log values. One of a single kind (a plain word such as "wrong", which IAM refuses anyway) is masked only
    where it stands as a value (the whole text, or after '=', ':' or a quote, up to its end, a quote, a space
    or punctuation), so that it does not turn a word of IAM's own message into asterisks."""
    for secret in sorted(set(secret for secret in secrets if secret), key=len, reverse=True):
        if _kinds(secret) >= 2:
            text = text.replace(secret, MASK)
        else:
            text = re.sub(r"(?:^|(?<=[=:'\"])|(?<=[=:] ))%s(?=$|['\"\s,;.&)}\]])" % re.escape(secret), MASK, text)
    return text


def _kinds(secret):
    return sum(1 for test in (str.islower, str.isupper, str.isdigit) if any(test(character) for character in secret)) + (
        1 if any(not character.isalnum() for character in secret) else 0)


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token takes keyword arguments only, no terms")
        if not HAS_REQUESTS:
            raise AnsibleLookupError(
                "huaweicloud.servicestage.iam_token runs on the controller and needs the Python library requests "
                "there: install it for that Python: %s -m pip install requests" % sys.executable)
        unknown = sorted(set(kwargs) - set(OPTIONS))
        if unknown:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token: unknown keyword arguments %s (it takes %s)"
                                     % (", ".join(unknown), ", ".join(OPTIONS)))
        not_scalar = sorted(name for name, value in kwargs.items() if isinstance(value, (dict, list, tuple, set)))
        if not_scalar:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token: %s must be a single value, not a list or "
                                     "dictionary" % ", ".join(not_scalar))
        secrets = [str(kwargs["iam_password"])] if kwargs.get("iam_password") is not None else []
        # Ansible's plugin options take any text for a boolean (a misspelled "ture" is false): TLS verification
        # is switched off only by a real boolean, as in the modules
        for where, value in (("validate_certs", kwargs.get("validate_certs")),
                             ("HUAWEICLOUD_VALIDATE_CERTS", os.environ.get("HUAWEICLOUD_VALIDATE_CERTS"))):
            if value is None:
                continue
            try:
                boolean(value, strict=True)
            except TypeError:
                raise AnsibleLookupError("Invalid input, nothing was sent: %s must be a boolean (true or false), "
                                         "got %r" % (where, plain(value))) from None
        try:
            self.set_options(var_options=variables, direct=kwargs)
            params = dict((name, plain(self.get_option(name))) for name in OPTIONS)
        except AnsibleError as error:
            raise AnsibleLookupError(masked("Invalid input, nothing was sent: %s" % error.message, secrets)) from None
        method, credentials, errors, masks, tls_verify = connection_errors(params, os.environ, reaches_servicestage=False)
        secrets.extend(str(value) for value in masks if value)  # the password too, from wherever it came
        if errors:
            raise AnsibleLookupError(masked("Invalid input, nothing was sent: %s." % "; ".join(errors), secrets))
        warnings = []
        connection = Connection(params, tls_verify, warn=warnings.append)
        try:
            login, failure = guarded(lambda: log_in(connection, credentials, warn=warnings.append),
                                     lambda: ("IAM login", "IAM"))
        finally:
            connection.close()  # the controller's process lives on: leave no pooled connection open
            for warning in warnings:
                display.warning(masked(warning, secrets))
        if failure is not None:
            raise AnsibleLookupError(masked(failure_message(failure), secrets))
        return [login]
