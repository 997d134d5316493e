#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_component_info
short_description: Where each ServiceStage component stands
version_added: 0.4.0
description:
  - Lists the ServiceStage (v3) components of the project, of one application, or by name, with their
    version, source, replicas and status. Read-only; never reports changed.
  - Uses the API's own filters (C(application_name), C(component_name)), and then matches the names exactly
    itself, since whether the API's filters match exactly is not documented.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description:
      - Only the components of this application, by name or id. An application that does not exist has none.
    type: str
  name:
    description:
      - Only the components with this name.
    type: str
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.INFO_MODULE
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: Where each component of the shop stands
  huaweicloud.servicestage.servicestage_component_info:
    application: shop
  register: info

- name: The versions running
  ansible.builtin.debug:
    msg: "{{ info.components | items2dict(key_name='name', value_name='version') }}"

- name: One component
  huaweicloud.servicestage.servicestage_component_info:
    application: shop
    name: cart
  register: cart
"""

RETURN = r"""
components:
  description: The matching components, in the API's order (empty when none matches).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The component's id.
      type: str
    name:
      description: Its name.
      type: str
    application_id:
      description: Its application's id.
      type: str
    application_name:
      description: Its application's name.
      type: str
    environment_id:
      description: Its environment's id.
      type: str
    environment_name:
      description: Its environment's name.
      type: str
    version:
      description: The version deployed.
      type: str
    source:
      description: Where its code or build comes from.
      type: dict
    replica:
      description: How many instances it runs.
      type: int
    status:
      description: Its status as the API reports it (C(component_status), C(available_replica), C(last_job_id), ...).
      type: dict
  sample:
    - id: 9b6b0b2c-3f57-4c1f-9a34-8d0f2b0e6a11
      name: cart
      application_id: 0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22
      application_name: shop
      environment_id: 6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70
      environment_name: prod
      version: 1.4.2
      source: {kind: image, url: "swr.cn-north-4.myhuaweicloud.com/shop/cart:1.4.2"}
      replica: 2
      status: {component_status: RUNNING, available_replica: 2, replica: 2}
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import component


def main():
    module = ServiceStageModule(
        argument_spec=dict(application=dict(type="str"), name=dict(type="str")),
        permissions="servicestage:app:listApplication",
        supports_check_mode=True,
    )
    component.list_components(module)


if __name__ == "__main__":
    main()
