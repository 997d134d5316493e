#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_application_info
short_description: List ServiceStage applications
version_added: 0.4.0
description:
  - Lists the ServiceStage (v3) applications of the project, or the one with a given name, as the API lists them
    (id, description, labels, how many components). Read-only; never reports changed.
  - The API has no name filter for applications, so the task pages through all of them, 100 a request, and
    matches the name exactly itself.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Only the application with exactly this name. None matching is an empty list, not a failure.
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
- name: Every application of the project
  huaweicloud.servicestage.servicestage_application_info:
  register: info

- name: Their names
  ansible.builtin.debug:
    msg: "{{ info.applications | map(attribute='name') | list }}"

- name: One application
  huaweicloud.servicestage.servicestage_application_info:
    name: shop
  register: shop
"""

RETURN = r"""
applications:
  description: The matching applications, as the API lists them, in its order (empty when none matches).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The application's id.
      type: str
    name:
      description: Its name.
      type: str
    description:
      description: Its description.
      type: str
    labels:
      description: Its labels, as the API lists them, C([{key, value}]).
      type: list
      elements: dict
    component_count:
      description: How many components it has, when the API says.
      type: int
  sample:
    - id: 0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22
      name: shop
      description: The shop
      labels: [{key: team, value: shop}]
      enterprise_project_id: "0"
      component_count: 2
      creator: deployer
      create_time: 1764547200000
      update_time: 1764547200000
msg:
  description: How many applications matched.
  returned: always
  type: str
  sample: "1 application"
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import application


def main():
    module = ServiceStageModule(
        argument_spec=dict(name=dict(type="str")),
        permissions="servicestage:app:listApplication",
        supports_check_mode=True,
    )
    application.list_applications(module)


if __name__ == "__main__":
    main()
