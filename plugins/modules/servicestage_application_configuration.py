#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_application_configuration
short_description: Manage the environment variables every component of a ServiceStage application gets
version_added: 0.5.0
description:
  - Ensures the configuration of a ServiceStage (v3) application in an environment (C(GET), C(PUT) and C(DELETE)
    C(.../applications/{application_id}/configuration)), the environment variables that every component of the
    application gets in that environment, and when they are applied (O(assign_strategy)).
  - Sets the given variables, keeping the others unless O(purge=true); a change is one C(PUT) of the whole list
    (the API replaces it). Does nothing when every given variable and O(assign_strategy) match.
  - Values that are secrets go in O(secret_envs); they are compared with what the API reports without being shown,
    and the result and the diff show a marker in their place.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description: The application, by name or id (M(huaweicloud.servicestage.servicestage_application)).
    type: str
    required: true
  environment:
    description: The environment, by name or id (M(huaweicloud.servicestage.servicestage_environment)).
    type: str
    required: true
  envs:
    description:
      - Variables as a dictionary of name and value (the API's C([{name, value}]) list is built from it). A number or
        boolean value is sent as text.
      - Names are 1 to 64 letters, digits, Chinese characters, C(-), C(_) or C(.), starting with a letter, C(-) or
        C(_) (Terraform's documentation), checked before any request.
    type: dict
  secret_envs:
    description:
      - Variables whose values are secrets, as O(envs) (a name is given in one of the two). Never shown, not in the
        result, the diff, a message or the invocation; the values the API reports for them are masked too.
      - Name them in every task on this configuration, also one that changes only O(envs); the module knows a value
        is a secret only from the task, and a variable the task does not name is shown as the API reports it.
    type: dict
  purge:
    description:
      - Remove the variables of the configuration that neither O(envs) nor O(secret_envs) names. With V(false), they
        are kept as the API reports them.
      - V(true) with no variable given fails before any request (an empty or misspelled variable would remove them
        all); to remove the whole configuration, use O(state=absent).
    type: bool
    default: false
  assign_strategy:
    description:
      - When the variables are applied to the application's components. V(always), at every upgrade of a
        component; V(on_create), only when a component is created.
      - Sent as the API takes it, a boolean C(assign_strategy) inside C(configuration), next to C(env), as
        Terraform's C(huaweicloud_servicestagev3_application_configuration) sends it (V(on_create) is C(true),
        V(always) C(false)). The official SDK's model lacks it.
      - When not given, an existing configuration keeps its strategy (sent back as the API reports it), and a new one
        gets the API's default (C(false), V(always)).
      - Compared when the API reports it; when it does not, it cannot be compared, and the task warns.
    type: str
    choices: [always, on_create]
  state:
    description:
      - V(present) sets the configuration; V(absent) deletes it (the application's configuration in that
        environment, every variable of it). A missing one is V(absent) already. O(envs), O(secret_envs), O(purge)
        and O(assign_strategy) are for V(present).
      - With V(absent), which takes no O(secret_envs), no value is shown; the result (in check mode) and the diff
        show each variable as C(<hidden>).
      - The task decides by reading first, and after a delete reads again to check that the configuration is gone.
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    A write whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read) is
    settled by reading the configuration back: a write the reading shows done is not sent again.
  - >-
    A missing application or environment fails the task before any write; in check mode the write is predicted,
    with a warning (an earlier task of the play may create it).
  - >-
    The variables reach a component when it is created or upgraded, as O(assign_strategy) says; running components
    keep theirs until then.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.field_rules.APPLICATION_CONFIGURATION
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: Application-wide variables in prod
  huaweicloud.servicestage.servicestage_application_configuration:
    application: shop
    environment: prod
    envs:
      FEATURE_X: "on"
      REGION: cn-north-4
    secret_envs:
      PAYMENT_API_KEY: "{{ vault_payment_api_key }}"
    assign_strategy: always

- name: Exactly these variables, no others
  huaweicloud.servicestage.servicestage_application_configuration:
    application: shop
    environment: staging
    envs: {FEATURE_X: "off"}
    purge: true

- name: No application-wide variables in test
  huaweicloud.servicestage.servicestage_application_configuration:
    application: shop
    environment: test
    state: absent
"""

RETURN = r"""
envs:
  description: The configuration's variables after the task (in check mode, before it), as a dictionary; each one of
    O(secret_envs) as C(<hidden>).
  returned: success, and failures after the lookup
  type: dict
  sample: {FEATURE_X: "on", REGION: cn-north-4, PAYMENT_API_KEY: <hidden>}
assign_strategy:
  description: V(always) or V(on_create), as the API reports it; null when it reports none, or there is no
    configuration.
  returned: success, and failures after the lookup
  type: str
  sample: always
configuration:
  description:
    - The configuration as the API reports it (C(application_id), C(environment_id), C(configuration) with C(env)
      and C(assign_strategy)), each value of O(secret_envs) as C(<hidden>). Empty when there is none.
  returned: success, and failures after the lookup
  type: dict
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "set the configuration of application 'shop' in environment 'prod' (FEATURE_X differs; REGION added)"
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
error_code:
  description: The API's error code.
  returned: failure from the API, when the API gave one
  type: str
error_msg:
  description: The API's error message (its C(error_msg) or C(error_message)).
  returned: failure from the API, when the API gave one
  type: str
request_id:
  description: The C(X-Request-Id) of the failed request.
  returned: failure from the API, when the API gave one
  type: str
step:
  description: The step that failed, such as V(application lookup), V(application configuration lookup), V(update)
    or V(delete).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import (
    application_configuration,
)


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            application=dict(type="str", required=True),
            environment=dict(type="str", required=True),
            envs=dict(type="dict"),
            secret_envs=dict(type="dict", no_log=True),
            purge=dict(type="bool", default=False),
            assign_strategy=dict(type="str", choices=sorted(application_configuration.STRATEGIES)),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        permissions=application_configuration.PERMISSIONS,
        supports_check_mode=True,
    )
    application_configuration.ensure_application_configuration(module)


if __name__ == "__main__":
    main()
