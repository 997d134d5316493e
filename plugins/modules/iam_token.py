#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: iam_token
short_description: Log in to Huawei Cloud IAM once and return a project-scoped token for later tasks
version_added: 0.3.0
description:
  - Logs in to IAM with an IAM user, its password and its account (domain) name
    (C(POST /v3/auth/tokens)) and returns the token, scoped to O(project_id) or to the project named
    like O(region), with the project id, the region and the token's times.
  - Log in once per play and give RV(token) and RV(project_id) to the ServiceStage modules through
    C(module_defaults), instead of a login in every task (O(iam_user) in the ServiceStage modules) or
    a vaulted token that is stale after 24 hours. Vault the IAM password, which lasts, not the token.
  - The result holds the token, so B(set no_log on the task). The token is valid for 24 hours.
  - The lookup P(huaweicloud.servicestage.iam_token#lookup) does the same on the controller.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options: {}
notes:
  - >-
    Not a member of the C(group/huaweicloud.servicestage.servicestage) action group, on purpose: the group's
    C(module_defaults) refer to this task's result (C(login.token)), which does not exist yet when it runs.
  - >-
    A failed login fails with the step V(IAM login), the HTTP status, IAM's error code and message and the
    request id, and a hint about O(iam_user), O(iam_password) and O(iam_domain); never with a secret.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
attributes:
  check_mode:
    description:
      - Runs in check mode too, and logs in, because the later tasks need the token even to list in check mode.
        A token is nothing a user keeps, so C(changed) is always V(false).
    support: full
  diff_mode:
    description: Changes nothing, so it has no diff to show.
    support: none
"""

EXAMPLES = r"""
# Vault the IAM password once (it lasts; a token lasts 24 hours):
#   ansible-vault encrypt_string --ask-vault-pass --name vault_iam_password 'the-iam-password' >> group_vars/all/vault.yml

- name: Keep ServiceStage's repository authorizations as listed
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Log in to IAM once for this play
      huaweicloud.servicestage.iam_token:
        region: cn-north-4
        iam_domain: my-account
        iam_user: deploy-bot
        iam_password: "{{ vault_iam_password }}"
      register: login
      no_log: true  # the result holds the token

    - name: Every later task uses the token
      module_defaults:
        group/huaweicloud.servicestage.servicestage:
          region: cn-north-4
          project_id: "{{ login.project_id }}"
          auth_token: "{{ login.token }}"
      block:
        - name: Bitbucket authorization for the CI bot
          huaweicloud.servicestage.servicestage_git_password_auth:
            name: bitbucket-ci
            user: ci-bot
            password: "{{ vault_bitbucket_password }}"

        - name: The authorizations of the project
          huaweicloud.servicestage.servicestage_git_auth_info:
          register: authorizations

- name: Scope the token to a project id instead of the region's project
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Log in to IAM for one project
      huaweicloud.servicestage.iam_token:
        project_id: 0123456789abcdef0123456789abcdef
        iam_endpoint: https://iam.myhuaweicloud.com
        iam_domain: my-account
        iam_user: deploy-bot
        iam_password: "{{ vault_iam_password }}"
      register: login
      no_log: true
"""

RETURN = r"""
token:
  description: The IAM token (C(X-Subject-Token)), for O(huaweicloud.servicestage.servicestage_git_auths#module:auth_token).
  returned: success
  type: str
  sample: MIIZ9wYJKoZIhvcNAQcCoIIZ6DCCGeQCAQExDTALBglghkgBZQMEAgEwgh...
project_id:
  description: The id of the project the token is scoped to.
  returned: success
  type: str
  sample: 0123456789abcdef0123456789abcdef
region:
  description: The region of that project (O(region), or the region of the project IAM named).
  returned: success
  type: str
  sample: cn-north-4
expires_at:
  description: When the token expires, as IAM gives it (ISO 8601, UTC); 24 hours after RV(issued_at).
  returned: success
  type: str
  sample: "2026-11-30T08:00:00.000000Z"
issued_at:
  description: When the token was issued, as IAM gives it (ISO 8601, UTC).
  returned: success
  type: str
  sample: "2026-11-29T08:00:00.000000Z"
msg:
  description: What failed.
  returned: failure
  type: str
  sample: "IAM login failed: HTTP 401 IAM.0011: The username or password is wrong. Check iam_user, ..."
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
  sample: 401
error_code:
  description: IAM's error code.
  returned: failure from the API, when the API gave one
  type: str
  sample: IAM.0011
error_msg:
  description: IAM's error message.
  returned: failure from the API, when the API gave one
  type: str
  sample: The username or password is wrong.
request_id:
  description: The C(X-Request-Id) of the failed request.
  returned: failure from the API, when the API gave one
  type: str
step:
  description: The step that failed, V(IAM login) (or V(input validation) for an unexpected error there).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried, attempts that could not connect included.
  returned: failure from the API
  type: int
"""

from ansible.module_utils.basic import env_fallback

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import login_argument_spec
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.iam import log_in
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import (
    HuaweiCloudModule,
    guarded,
)


def main():
    module = HuaweiCloudModule(argument_spec=login_argument_spec(env_fallback), supports_check_mode=True)
    module.fail_without_requests()

    def check_and_log_in():
        module.check_connection(reaches_servicestage=False)
        connection = module.connection()
        try:
            return log_in(connection, module.credentials, warn=module.warn)
        finally:
            connection.close()

    login, failure = guarded(check_and_log_in, lambda: (module.step, module.service))
    if failure is not None:
        module.fail_api(failure)
    module.exit_json(changed=False, **login)


if __name__ == "__main__":
    main()
