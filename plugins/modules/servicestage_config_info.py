#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_config_info
short_description: Read ServiceStage configuration files, their versions, and who uses them
version_added: 0.5.0
description:
  - Lists the ServiceStage (v3) configuration files of a group, or of the project, or the one with a given name,
    each with its content, version, type and the components that use it, and on request its earlier versions.
    Read-only; never reports changed.
  - The content of a sensitive file is never returned (the API returns it in plain text), not in C(configs), not in
    their C(history); it is masked wherever else it would appear.
  - Uses the API's own filters (the group, the name), then matches the name exactly itself, since whether the API's
    name filter matches exactly is not documented. Lists are read a page of 100 at a time.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  group:
    description:
      - Only the files of this configuration group, by name or id. A group that does not exist is an empty list,
        not a failure.
    type: str
  name:
    description:
      - Only the file (or, without O(group), the files of every group) with exactly this name. None matching is an
        empty list, not a failure.
    type: str
  history:
    description:
      - Also read each file's earlier versions (C(GET .../configs/{id}/histories), a request or more per file) into
        its C(history), oldest first.
      - Whether the API lists the record of the current version among them is not documented; C(history) never
        holds it (the newest record is left out when it is the file as it is now).
      - A record without its content is read on its own (C(GET .../histories/{id}), at the path with one slash or,
        as the API pages write it, two).
    type: bool
    default: false
notes:
  - >-
    A sensitive file's content is masked as C(********) in the whole result, and so is each of its lines that holds a
    value and each value (6 characters or more; a bare key such as C(spring:) is not), so a file that is not
    sensitive but holds the same line or value shows it masked.
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
- name: Read a file, its versions, and who uses it
  huaweicloud.servicestage.servicestage_config_info:
    group: shop
    name: cart-application-yaml
    history: true
  register: info

- name: Its versions
  ansible.builtin.debug:
    msg: "{{ info.configs[0].history | map(attribute='version') | list }} before {{ info.configs[0].version }}"
  when: info.configs | length == 1

- name: Every file of the project that a component uses
  huaweicloud.servicestage.servicestage_config_info:
  register: all_files

- name: Their names
  ansible.builtin.debug:
    msg: "{{ all_files.configs | selectattr('components') | map(attribute='name') | list }}"
"""

RETURN = r"""
configs:
  description: The matching files, as the API reports them, in the order they were created (empty when none matches).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The file's id.
      type: str
    name:
      description: Its name.
      type: str
    group:
      description: The name of its group.
      type: str
    config_group_id:
      description: The id of its group.
      type: str
    version:
      description: Its version (C(v1), C(v2)...).
      type: str
    type:
      description: V(yaml) or V(properties).
      type: str
    sensitive:
      description: Whether its content is a secret.
      type: bool
    description:
      description: Its description.
      type: str
    content:
      description: Its content. Left out when the file is sensitive.
      type: str
      returned: when the file is not sensitive
    components:
      description: The components that use it, C([{component_id, component_name, application_id, environment_id}]).
      type: list
      elements: dict
    history:
      description:
        - Its earlier versions, oldest first, as the API reports them (C(config_history_id), C(version),
          C(create_time), C(type), C(description), C(components), C(creator), C(content)).
        - Without C(content) when the file is sensitive now, or the record does not say that its version was not
          (C(sensitive=false)), as the API pages list no such field in a record, and a file may have been sensitive
          before, so where the API does not say, an earlier content is not shown.
      type: list
      elements: dict
      returned: with O(history=true)
  sample:
    - id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
      name: cart-application-yaml
      group: shop
      config_group_id: 4b0f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b
      version: v2
      type: yaml
      sensitive: false
      description: Rendered by the release playbook
      content: "server:\n  port: 8081\n"
      components: []
      history:
        - config_history_id: 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a
          version: v1
          type: yaml
          content: "server:\n  port: 8080\n"
          create_time: 1764547200000
config_groups:
  description: The groups read (the one O(group) names, or every group of the project), as the API lists them.
  returned: success
  type: list
  elements: dict
msg:
  description: How many files matched.
  returned: always
  type: str
  sample: "1 configuration file"
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import config_file


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            group=dict(type="str"),
            name=dict(type="str"),
            history=dict(type="bool", default=False),
        ),
        permissions=config_file.INFO_PERMISSIONS,
        supports_check_mode=True,
    )
    config_file.list_configs(module)


if __name__ == "__main__":
    main()
