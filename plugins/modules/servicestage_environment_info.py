#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_environment_info
short_description: List ServiceStage environments
version_added: 0.4.0
description:
  - Lists the ServiceStage (v3) environments of the project, or the one with a given name, as the API lists them
    (id, VPC, deploy mode, description, labels). Read-only; never reports changed.
  - Uses the API's own name filter, then matches the name exactly itself, since whether the API's filter matches
    exactly (or as a substring, or without case) is not documented.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Only the environment with exactly this name. None matching is an empty list, not a failure.
    type: str
  with_resources:
    description:
      - Also read each listed environment's resources (C(GET .../environments/{id}/resources), one request per
        environment) into its C(resources). The API's list does not hold them.
    type: bool
    default: false
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
- name: Every environment of the project
  huaweicloud.servicestage.servicestage_environment_info:
  register: info

- name: Their names
  ansible.builtin.debug:
    msg: "{{ info.environments | map(attribute='name') | list }}"

- name: One environment, with its resources
  huaweicloud.servicestage.servicestage_environment_info:
    name: prod
    with_resources: true
  register: prod

- name: The CCE cluster of prod
  ansible.builtin.debug:
    msg: "{{ (prod.environments[0].resources | selectattr('type', 'eq', 'cce') | first).id }}"
  when: prod.environments | length == 1
"""

RETURN = r"""
environments:
  description: The matching environments, as the API lists them, in its order (empty when none matches).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The environment's id.
      type: str
    name:
      description: Its name.
      type: str
    vpc_id:
      description: Its VPC.
      type: str
    deploy_mode:
      description: V(container), V(virtualmachine) or V(mixed).
      type: str
    description:
      description: Its description.
      type: str
    labels:
      description: Its labels, as the API lists them, C([{key, value}]).
      type: list
      elements: dict
    resources:
      description: Its resources, C([{id, type, name}]).
      type: list
      elements: dict
      returned: with O(with_resources=true)
  sample:
    - id: 6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70
      name: prod
      vpc_id: 3e4c1b2a-5d6f-4a7b-8c9d-0e1f2a3b4c5d
      deploy_mode: container
      description: Production
      enterprise_project_id: "0"
      labels: [{key: team, value: shop}]
      creator: deployer
      create_time: 1764547200000
      update_time: 1764547200000
msg:
  description: How many environments matched.
  returned: always
  type: str
  sample: "1 environment"
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import environment


def main():
    module = ServiceStageModule(
        argument_spec=dict(name=dict(type="str"), with_resources=dict(type="bool", default=False)),
        permissions="servicestage:environment:list or get",
        supports_check_mode=True,
    )
    environment.list_environments(module)


if __name__ == "__main__":
    main()
