#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_config_group
short_description: Manage a ServiceStage configuration group
version_added: 0.5.0
description:
  - Ensures that a ServiceStage (v3) configuration group exists with the given description and labels, or does not
    exist. A group holds configuration files (M(huaweicloud.servicestage.servicestage_config)), which components
    mount.
  - Creates it when the project has no group of that name; does nothing when every given field matches.
  - The API cannot update a group (there is no update call; Terraform marks its name and description not
    updatable). A task whose O(description) or O(labels) differ from the group's fails before any write, saying
    what differs, unless O(recreate=true), which deletes the group and creates it again, empty. A group is never
    deleted and re-created silently, and never while it holds files.
  - The group is looked up by its name through the API's name filter, a page of 100 at a time, the name matched
    exactly.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Name of the group, 2 to 64 letters, digits, C(-) or C(_), starting with a letter and ending with a letter
        or digit (no dot), checked before any request.
      - An existing group can also be given by its id; an id is never the name of a new group.
    type: str
    required: true
  description:
    description:
      - Description of the group, at most 256 characters. V("") is none.
      - Set when the group is created; the API cannot change it (see O(recreate)).
    type: str
  labels:
    description:
      - The group's labels, as a dictionary of key and value (the API's C([{key, value}]) list is built from it).
      - Keys are 1 to 36 letters, digits, C(_) or C(-); values are 2 to 43 letters, digits, C(_), C(-) or C(.); at
        most 20 labels. Set when the group is created; the API cannot change them (see O(recreate)).
    type: dict
  recreate:
    description:
      - When O(description) or O(labels) differ from the group's, delete the group and create it again with them,
        empty, with a new id.
      - Only while the group holds no configuration file; one that does fails before any write, naming its files
        (a file cannot move to another group). Without it, such a task fails before any write.
    type: bool
    default: false
  state:
    description:
      - V(present) creates the group; V(absent) deletes it. A missing group is V(absent) already.
      - The API answers a delete with success whether or not the group exists, so the task decides by reading
        first (a second V(absent) run is C(ok), C(changed=false)), and reads again after the delete to check that
        the group is gone.
      - A group that holds files is not deleted; the task fails before any write, naming them. Delete them first
        (M(huaweicloud.servicestage.servicestage_config), O(state=absent)).
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    A create whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read) is
    settled by looking the name up; a delete by reading the group. A write the reading shows done is not sent again:
    never two groups.
  - >-
    The API's answer to a name already in use is not documented (HTTP 400 is read so): reading the name decides.
    A group of that name made meanwhile by someone else fails the task, naming it.
  - >-
    A missing group is 401 C(SVCSTG.00100401), a 404 with a C(SVCSTG.) code, or a 404 without a body: every form is
    taken for "not found".
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.field_rules.CONFIG_GROUP
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: The shop's configuration group
  huaweicloud.servicestage.servicestage_config_group:
    name: shop
    description: Configuration of the shop's components
  register: group

- name: A new description for a group that holds no file yet
  huaweicloud.servicestage.servicestage_config_group:
    name: shop-staging
    description: Configuration of the staging shop
    recreate: true

- name: Remove a group whose files are gone
  huaweicloud.servicestage.servicestage_config_group:
    name: legacy-shop
    state: absent
"""

RETURN = r"""
config_group:
  description:
    - The group as the API reports it after the task (C(id), C(name), C(description), C(labels) as C([{key,
      value}]), C(creator), C(create_time)). Empty when it does not exist.
    - In check mode, as it is before the task.
  returned: success, and failures after the lookup
  type: dict
  sample:
    id: 4b0f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b
    name: shop
    description: Configuration of the shop's components
    labels: []
    enterprise_project_id: "0"
    project_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
    creator: deployer
    create_time: 1764547200000
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "created configuration group 'shop' (it does not exist)"
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
  description: The step that failed, such as V(configuration group lookup), V(create) or V(delete).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import config_group


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            labels=dict(type="dict"),
            recreate=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        permissions=config_group.PERMISSIONS,
        supports_check_mode=True,
    )
    config_group.ensure_config_group(module)


if __name__ == "__main__":
    main()
