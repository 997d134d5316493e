#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_config
short_description: Manage a ServiceStage configuration file, from a template or a secret
version_added: 0.5.0
description:
  - Ensures that a ServiceStage (v3) configuration file (YAML or properties) exists in a configuration group with
    the given content, type, description and sensitivity, or does not exist. ServiceStage mounts the file into the
    components that use it ("configure once, use in many environments"); render it with
    P(ansible.builtin.template#lookup) per environment.
  - Creates it when the group has no file of that name (C(POST)); when a given field differs from what the API
    reports, sends the whole file once (C(PUT)); does nothing when every given field matches. A field the task does
    not give (O(type), O(description), O(sensitive)) is left as it is.
  - Always returns C(components), the components that use the file, even when nothing changed, so that a handler
    can restart exactly them (see the example); the API does not roll a changed file out to running components by
    itself.
  - Content that the task marks O(sensitive), or of a file that is sensitive, is never shown, anywhere (see
    O(sensitive)). The API returns it in plain text even for a sensitive file.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  group:
    description:
      - The configuration group the file is in, by name or id (M(huaweicloud.servicestage.servicestage_config_group)).
      - A group that does not exist fails the task before any write; in check mode the create is predicted, with a
        warning (an earlier task of the play may create the group).
    type: str
    required: true
  name:
    description:
      - Name of the file in ServiceStage, 2 to 64 letters, digits, C(-), C(_) or C(.), starting with a letter and
        ending with a letter or digit, checked before any request.
      - The API pages allow no dot, so the name may not be a file name such as C(cart-application.yaml); call it
        C(cart-application-yaml), say. A name with a dot is sent as given (the create warns), and where the API
        refuses it the task fails naming a name that would do. The name is what ServiceStage calls the file, not
        the file name it is mounted as.
      - The name is matched exactly in the group. Whether the API keeps names unique in the group or in the project
        is not documented; a name another group uses fails the create, naming that group.
    type: str
    required: true
  content:
    description:
      - The file's content, sent exactly as given (a template's output, say). Required with O(state=present).
      - Compared with what the API reports byte for byte, except that trailing newlines on either side are ignored
        (a template ends with one, a console edit may not).
      - With O(type=yaml) it is checked before any request to be valid YAML, every document of it (its syntax only;
        any tag is fine), with PyYAML in the Python that runs the module (ansible-core needs PyYAML, so the Python
        of C(ansible-playbook) has it). The error says the line and column and what is wrong; the piece of the
        content the parser quotes (an alias, a tag, a character) only when the task says O(sensitive=false).
        Without PyYAML the content is sent unchecked, with a warning.
    type: str
  type:
    description:
      - The file's format. Needed to create a file; an existing file keeps its type unless given.
    type: str
    choices: [yaml, properties]
  description:
    description:
      - Description of the file, at most 128 characters. V("") clears it.
    type: str
  sensitive:
    description:
      - Whether the content is a secret. A new file is not sensitive unless this says so; an existing one keeps its
        setting unless given.
      - While the file is sensitive, or the task makes it so, its content never appears in any output of the task,
        not in the result (C(config) has no C(content)), the diff (which says only whether it changes), a failure
        message, a warning, or the invocation that C(-vvv) prints. The module registers the content, whole, each
        line of it that holds a value and each value (6 characters or more; not a bare key such as C(spring:)), as
        values Ansible masks (C(********)) wherever they would appear; an API message loses what it quotes.
      - Give V(true) in every task on a secret file. A task that does not say so knows the file is sensitive only
        from the API; in check mode a file that an earlier task would create does not exist yet, so its content is
        not taken for a secret.
    type: bool
  state:
    description:
      - V(present) creates or updates the file; V(absent) deletes it. A missing file (or group) is V(absent)
        already. The other options but O(group) and O(name) are not used with V(absent).
      - The API answers a delete with success whether or not the file exists, so the task decides by reading first,
        and reads again after the delete to check that the file is gone.
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    A write whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read) is
    settled by reading: after a create the name is looked up in the group, after an update the file is read back (a
    new C(update_time), else a new C(version)), after a delete it is read. A write the reading shows done is not
    sent again: never two files, never two versions.
  - >-
    Each change of the content makes a new version (C(v1), C(v2)...); the earlier ones are in the file's history
    (M(huaweicloud.servicestage.servicestage_config_info) with O(huaweicloud.servicestage.servicestage_config_info#module:history=true)).
  - >-
    Binding a file to a component (where it is mounted) is not in the API's documentation, so this module does not
    do it; C(components) shows the bindings made in the console.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.field_rules.CONFIG
attributes:
  check_mode:
    description:
      - Can run in check mode and return the changed status prediction without modifying the target.
      - Sends only reads (the group, the file and its components; and the IAM login or the project lookup that the
        credentials need), and names the write it would make.
    support: full
  diff_mode:
    description:
      - Returns two diffs, in check mode and in a real run alike. The first shows C(before) and C(after) of the
        file's name, group, type, description and sensitivity; the second, the content as text, which Ansible shows
        as a unified diff.
      - For a sensitive file the second shows only a line saying whether the content changes, never the content.
    support: full
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: Cart's application.yaml, from a template per environment
  huaweicloud.servicestage.servicestage_config:
    group: shop
    name: cart-application-yaml
    type: yaml
    content: "{{ lookup('ansible.builtin.template', 'cart-application.yaml.j2') }}"
    description: Rendered by the release playbook
  register: cart_config
  notify: Restart the components that read it

- name: The database password, a sensitive file
  huaweicloud.servicestage.servicestage_config:
    group: shop
    name: cart-datasource
    type: properties
    content: "spring.datasource.password={{ vault_db_password }}\n"
    sensitive: true

# The handler: restart exactly the components that use the file, and wait for each
# handlers:
#   - name: Restart the components that read it
#     huaweicloud.servicestage.servicestage_component_action:
#       application: "{{ item.application_id }}"
#       environment: "{{ item.environment_id }}"
#       name: "{{ item.component_name }}"
#       action: restart
#     loop: "{{ cart_config.components }}"
#     loop_control:
#       label: "{{ item.component_name }}"
"""

RETURN = r"""
config:
  description:
    - The file as the API reports it after the task (C(id), C(config_group_id), C(name), C(type), C(content),
      C(version), C(sensitive), C(description), C(components), C(creator), C(create_time), C(update_time)). Empty
      when it does not exist.
    - Without C(content) when the file is sensitive, or the task makes it so, or it was before the task.
    - In check mode, as it is before the task.
  returned: success, and failures after the lookup
  type: dict
  sample:
    id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
    config_group_id: 4b0f7a52-1c3d-4e5f-8a9b-0c1d2e3f4a5b
    name: cart-application-yaml
    type: yaml
    content: "server:\n  port: 8080\n"
    version: v2
    sensitive: false
    description: Rendered by the release playbook
    components: []
    creator: deployer
    create_time: 1764547200000
    update_time: 1764550800000
version:
  description: The file's version after the task (C(v1) when created, one more with each change of its content); null
    when it does not exist.
  returned: success, and failures after the lookup
  type: str
  sample: v2
content_changed:
  description:
    - Whether the task created the file or changed what its components read (its content, type or sensitivity), or
      would in check mode; false for a change of the description alone, and for a delete. A handler that restarts
      the components (RV(components)) loops over the results where it is true, so a new description restarts none.
  returned: success, and failures after the lookup
  type: bool
  sample: true
components:
  description:
    - The components that use the file, as the API lists them, even when nothing changed (after a delete, those that
      used it). Loop over them in a handler to restart exactly them.
  returned: success, and failures after the lookup
  type: list
  elements: dict
  contains:
    component_id:
      description: The component's id.
      type: str
    component_name:
      description: Its name.
      type: str
    application_id:
      description: Its application's id.
      type: str
    environment_id:
      description: Its environment's id.
      type: str
  sample:
    - component_id: 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9
      component_name: cart
      application_id: 0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22
      environment_id: 6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "updated configuration file 'cart-application-yaml' of group 'shop' (content differs): version v2; 1 component: cart uses it"
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
  description: The step that failed, such as V(configuration group lookup), V(create), V(update) or V(delete).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import config_file


def main():
    module = config_file.ConfigModule(
        argument_spec=dict(
            group=dict(type="str", required=True),
            name=dict(type="str", required=True),
            content=dict(type="str"),
            type=dict(type="str", choices=list(config_file.TYPES)),
            description=dict(type="str"),
            sensitive=dict(type="bool"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_if=[("state", "present", ("content",))],
        permissions=config_file.PERMISSIONS,
        supports_check_mode=True,
    )
    config_file.ensure_config(module)


if __name__ == "__main__":
    main()
