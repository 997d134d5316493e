#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_application
short_description: Manage a ServiceStage application
version_added: 0.4.0
description:
  - Ensures that a ServiceStage (v3) application exists with the given description and labels, or does not exist.
    An application groups components (M(huaweicloud.servicestage.servicestage_component)).
  - Creates it when the project has no application of that name; updates it when a given field differs from what
    the API reports; does nothing when every given field matches. A field the task does not give is left as it is.
  - An update sends the application's name, description and labels (C(PUT)), each as the API reports it unless
    the task gives it, so that nothing the task does not name is cleared.
  - The API has no name filter for applications, so the task pages through the project's applications (100 a
    request) to find the name.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Name of the application, 2 to 64 letters, digits, C(-) or C(_), starting with a letter and ending with a
        letter or digit, checked before any request.
      - An existing application can also be given by its id; an id is never the name of a new application.
      - The name is matched exactly; two applications of that name fail the task, naming their ids (give the id
        then).
    type: str
    required: true
  description:
    description:
      - Description of the application, at most 128 characters. V("") clears it.
    type: str
  labels:
    description:
      - The application's labels, as a dictionary of key and value (the API's C([{key, value}]) list is built from
        it). Giving it replaces them all; V({}) removes them.
      - Keys are 1 to 36 letters, digits, C(_) or C(-); values are 2 to 43 letters, digits, C(_), C(-) or C(.); at
        most 20 labels. They are checked before any request. A number or boolean value is sent as text.
    type: dict
  state:
    description:
      - V(present) creates or updates the application; V(absent) deletes it. A missing application is V(absent)
        already.
      - An application that still has components is not deleted; the task fails before any delete, naming them.
        Delete them first (M(huaweicloud.servicestage.servicestage_component) with C(state=absent)). Nothing is
        deleted along with an application. While every component it has is being deleted (a teardown with
        C(wait=false), say), the task waits until they are gone and deletes it then (O(wait=true)), or fails
        saying that they are being deleted.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - With O(state=absent), whether to wait until the application's components that are being deleted are gone,
        and delete it then; with V(false) the task fails saying they are being deleted, and writes nothing.
    type: bool
    default: true
    version_added: 0.5.0
  wait_timeout:
    description:
      - How many seconds the task waits in all for components being deleted.
    type: int
    default: 1200
    version_added: 0.5.0
notes:
  - >-
    A write whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read) is
    settled by reading: after a create the name is looked up, after an update or a delete the application is
    read back. A write the reading shows done is not sent again: never two creates.
  - >-
    The API answers a name already in use with C(SVCSTG.00100458). After a create of unknown fate that is this
    task's own create, found by its name; without one, it is an application someone else created meanwhile, and
    the task fails, naming it.
  - >-
    ServiceStage answers a missing application with HTTP 401 and C(SVCSTG.00100401) (what Terraform handles), or
    with 404 and C(SVCSTG.00100403) (the API's error table): the module takes both for "not found". A 409 with
    C(SVCSTG.00100401) is the API's "application not empty" (a component created meanwhile): the task fails
    naming the components, with the API's status and code.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.field_rules.APPLICATION
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: The application
  huaweicloud.servicestage.servicestage_application:
    name: shop
    description: The shop
    labels: {team: shop}
  register: app

- name: Its id
  ansible.builtin.debug:
    msg: "{{ app.application.id }}"

- name: Remove an application whose components are gone
  huaweicloud.servicestage.servicestage_application:
    name: legacy-shop
    state: absent
"""

RETURN = r"""
application:
  description:
    - The application as the API reports it after the task, with C(id) and C(labels) as the API lists them
      (C([{key, value}])). Empty when it does not exist.
    - In check mode, as it is before the task.
  returned: success, and failures after the lookup
  type: dict
  sample:
    id: 0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22
    name: shop
    description: The shop
    labels: [{key: team, value: shop}]
    enterprise_project_id: "0"
    component_count: 2
    creator: deployer
    create_time: 1764547200000
    update_time: 1764547200000
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "updated application 'shop' (labels differ)"
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
  description:
    - The step that failed, such as V(application lookup), V(component lookup), V(create), V(update) or
      V(delete).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import application


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            labels=dict(type="dict"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **wait_options()
        ),
        permissions=application.PERMISSIONS,
        supports_check_mode=True,
    )
    application.ensure_application(module)


if __name__ == "__main__":
    main()
