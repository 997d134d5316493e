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
  - Takes the module's options as keyword arguments, with the same environment variables (of the controller).
  - Runs on the controller, so it needs C(requests) in the Python of C(ansible-playbook) (not on the
    managed hosts); without it, the lookup fails with a message that says so.
  - A lookup in C(vars) runs again at every use. Log in once by saving the result in a fact with
    M(ansible.builtin.set_fact) (and C(no_log) on that task), as in the examples.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options: {}
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
requirements:
  - requests >= 2.25.1, in the Python of ansible-playbook (the controller)
notes:
  - The options are keyword arguments only, each a single value; a positional term is an error.
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
import sys

from ansible.errors import AnsibleLookupError
from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HAS_REQUESTS,
    HuaweiCloudApiError,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._iam_token import (
    log_in,
    login_argument_spec,
    login_errors,
)

display = Display()


def plain(value):
    """A value as requests must get it: a plain str, not an Ansible tagged or vault-encrypted string
    (the caller refuses lists and dictionaries)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if not isinstance(value, str):
        value = str(value)  # a vault-encrypted string decrypts to its text
    return str.__str__(value)  # a tagged str (ansible-core 2.19+) becomes a plain str


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token takes keyword arguments only, no terms")
        if not HAS_REQUESTS:
            raise AnsibleLookupError(
                "huaweicloud.servicestage.iam_token runs on the controller and needs the Python library requests "
                "there: install it for %s (pip install requests)" % sys.executable)
        spec = login_argument_spec(env_fallback)
        unknown = sorted(set(kwargs) - set(spec))
        if unknown:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token: unknown keyword arguments %s (it takes %s)"
                                     % (", ".join(unknown), ", ".join(sorted(spec))))
        not_scalar = sorted(name for name, value in kwargs.items() if isinstance(value, (dict, list, tuple, set)))
        if not_scalar:
            raise AnsibleLookupError("huaweicloud.servicestage.iam_token: %s must be a single value, not a list or "
                                     "dictionary" % ", ".join(not_scalar))
        arguments = dict((name, plain(value)) for name, value in kwargs.items())
        secrets = [str(value) for value in (arguments.get("iam_password"),) if value]
        validated = ArgumentSpecValidator(spec).validate(arguments)
        if validated.error_messages:
            raise AnsibleLookupError(self._clean("Invalid input, nothing was sent: %s."
                                                 % "; ".join(validated.error_messages), secrets))
        params = dict((name, plain(value)) for name, value in validated.validated_parameters.items())
        credentials, errors, masks, tls_verify = login_errors(params, os.environ)
        secrets.extend(str(value) for value in masks if value)  # the password too, from wherever it came
        if errors:
            raise AnsibleLookupError(self._clean("Invalid input, nothing was sent: %s." % "; ".join(errors), secrets))
        warnings = []
        try:
            login = log_in(params, credentials, tls_verify, warn=warnings.append)
        except HuaweiCloudApiError as error:
            raise AnsibleLookupError(self._clean("%s failed: %s" % (error.step, error.summary()), secrets)) from None
        except Exception as error:  # pylint: disable=broad-exception-caught
            failure = HuaweiCloudApiError.unexpected("IAM login", error)
            raise AnsibleLookupError("%s failed: %s" % (failure.step, failure.summary())) from None
        finally:
            for warning in warnings:
                display.warning(self._clean(warning, secrets))
        return [login]

    @staticmethod
    def _clean(text, secrets):
        """A message without any secret: none is put in one, and none may slip in."""
        for secret in secrets:
            text = text.replace(secret, "********")
        return text
