#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_components
short_description: Release many ServiceStage components in one task, checked, and rolled back on a failure
version_added: 0.5.0
description:
  - Deploys a list of components together, each as M(huaweicloud.servicestage.servicestage_component) would (its
    options, its comparison of every field, its checked writes and waits), or, with C(rollback=true), rolls one
    back to a recorded version with the C(rollback) action.
  - Plans everything first. Every item is looked up and planned, with reads only, before the first write; an item
    that would be refused (a runtime stack that cannot change, a missing repository authorization, a version to
    roll back to that the records do not hold, a busy component with O(wait=false)) fails the task before any
    write, naming every such item.
  - Deploys in parallel. At most O(max_parallel) items are in flight (written, their job not yet ended); the jobs of
    every item in flight are polled in the same rounds, at most once a second each, so a release takes about as long
    as its slowest job. An item with nothing to do writes nothing, and a re-run of a finished release writes
    nothing.
  - >-
    Checks what runs. After each job, the component must report the version asked for (for a rollback item, the
    recorded one): a job that succeeded while the component runs another version (it rolled back) is a failure of
    that item.
  - On a failure, no new write starts. With O(on_failure=rollback) (the default) the items this task upgraded go
    back to the version they ran before (the C(rollback) action with the version of their previous record), the
    failed item too when its records hold it, each waited for and checked; the task fails with C(changed=true),
    naming the failed item, its job and failing task, and each rollback's outcome.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description:
      - The application of every item that names none, by name or id.
    type: str
  environment:
    description:
      - The environment of every item that names none, by name or id (needed to create a component; a component
        cannot move to another one).
    type: str
  components:
    description:
      - The components to release, in order. Each item takes the options of
        M(huaweicloud.servicestage.servicestage_component) (without O(wait) and O(wait_timeout), which are the
        task's), and C(rollback).
    type: list
    elements: dict
    required: true
    suboptions:
      application:
        description: The item's application, by name or id, instead of the task's.
        type: str
      name:
        description: The component's name.
        type: str
        required: true
      environment:
        description: The item's environment, by name or id, instead of the task's.
        type: str
      rollback:
        description:
          - Roll the component back to O(components[].version), a version its deployment records hold, with the
            C(rollback) action (no other option may be given). A component already running it writes nothing.
        type: bool
        default: false
      runtime_stack:
        description: As O(huaweicloud.servicestage.servicestage_component#module:runtime_stack).
        type: dict
        suboptions:
          name:
            description: Name of the stack.
            type: str
            required: true
          type:
            description: Type of the stack.
            type: str
            required: true
          deploy_mode:
            description: V(container) or V(virtualmachine).
            type: str
            required: true
          version:
            description: Version of the stack.
            type: str
      source:
        description: As O(huaweicloud.servicestage.servicestage_component#module:source).
        type: dict
      version:
        description:
          - The version to deploy (or, with O(components[].rollback), to roll back to), C(n.n.n) or C(n.n.n.n).
        type: str
      replica:
        description: As O(huaweicloud.servicestage.servicestage_component#module:replica).
        type: int
      initial_replica:
        description: As O(huaweicloud.servicestage.servicestage_component#module:initial_replica).
        type: int
      labels:
        description: As O(huaweicloud.servicestage.servicestage_component#module:labels).
        type: dict
      limit_cpu:
        description: As O(huaweicloud.servicestage.servicestage_component#module:limit_cpu).
        type: float
      limit_memory:
        description: As O(huaweicloud.servicestage.servicestage_component#module:limit_memory).
        type: float
      envs:
        description: As O(huaweicloud.servicestage.servicestage_component#module:envs).
        type: dict
      refer_resources:
        description: As O(huaweicloud.servicestage.servicestage_component#module:refer_resources).
        type: list
        elements: dict
      deploy_strategy:
        description: As O(huaweicloud.servicestage.servicestage_component#module:deploy_strategy).
        type: dict
      spec:
        description: As O(huaweicloud.servicestage.servicestage_component#module:spec).
        type: dict
        default: {}
      state:
        description:
          - As O(huaweicloud.servicestage.servicestage_component#module:state); V(absent) deletes the component.
        type: str
        choices: [present, absent]
        default: present
  max_parallel:
    description:
      - How many items may be in flight at once (written, their job not yet ended), 1 to 64 (the console upgrades
        up to 64 components in a batch).
    type: int
    default: 10
  on_failure:
    description:
      - What happens when an item fails (a write the API refuses, a job that does not succeed, a component that does
        not run the version asked for, a wait that runs out).
      - V(rollback) stops starting writes and rolls back the items this task upgraded (see the description).
      - V(stop) stops starting writes; the items in flight are waited for; nothing is rolled back.
      - V(continue) tries every item.
      - With any failure the task fails (C(changed=true) when anything was written), its message naming each failed
        item and its job.
    type: str
    choices: [rollback, stop, continue]
    default: rollback
  wait:
    description:
      - Wait for each item's jobs, and check what runs after them. With V(false) every write is started and the task
        returns with the job ids (nothing is checked, and nothing can be rolled back); a busy component fails the
        task before any write.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the task waits in all for the release's jobs. The rollbacks of O(on_failure=rollback) have a
        wait_timeout of their own, from when they start.
    type: int
    default: 1200
notes:
  - >-
    Each write goes through the same checked-write rule as M(huaweicloud.servicestage.servicestage_component): a
    write whose answer is lost is settled by reading what proves it happened, and never sent twice.
  - >-
    Check mode sends only reads and returns the plan: each item's RV(components[].outcome) is V(would_deploy) or
    V(unchanged), with C(--diff) each item's before and after.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.field_rules.COMPONENT
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: Release 2.4.0
  huaweicloud.servicestage.servicestage_components:
    application: shop
    environment: prod
    components:
      - {name: cart, version: "2.4.0", source: {kind: image, url: "{{ registry }}/cart:2.4.0"}}
      - {name: checkout, version: "2.4.0", source: {kind: image, url: "{{ registry }}/checkout:2.4.0"}}
      - {name: search, version: "1.9.3", rollback: true}
    max_parallel: 10
    on_failure: rollback
    wait_timeout: 1800
  register: release

- name: Say what the release did
  ansible.builtin.debug:
    msg: "{{ release.components | map(attribute='name') | zip(release.components | map(attribute='outcome')) }}"

# A canary done by hand: one component first, a health check, then the rest.
- name: Release the canary, then the rest
  block:
    - name: The canary
      huaweicloud.servicestage.servicestage_components:
        application: shop
        environment: prod
        components: "{{ release_items[:1] }}"
    - name: Check the canary's health
      ansible.builtin.uri:
        url: https://shop.example.com/cart/health
        status_code: 200
    - name: The rest
      huaweicloud.servicestage.servicestage_components:
        application: shop
        environment: prod
        components: "{{ release_items[1:] }}"
  rescue:
    - name: Back to the versions before
      huaweicloud.servicestage.servicestage_components:
        application: shop
        environment: prod
        components: "{{ previous_items }}"
"""

RETURN = r"""
components:
  description: One entry per item, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The component's name.
      type: str
    application:
      description: The item's application.
      type: str
    outcome:
      description:
        - V(unchanged) (nothing to do), V(deployed) (written, its job succeeded and the component runs what was asked;
          also a rollback item that went back), V(failed), V(rolled_back) (deployed, then rolled back by
          O(on_failure=rollback)), V(not_started) (no write was started after a failure); in check mode
          V(would_deploy) or V(unchanged).
      type: str
      sample: deployed
    version_before:
      description: The version the component ran when the task looked it up (null for a new one).
      type: str
    version_after:
      description: The version it runs now (in check mode, the version it would run).
      type: str
    actions:
      description: The writes carried out for the item (in check mode, that would be), such as V(create), V(upgrade),
        V(scale) or V(rollback).
      type: list
      elements: str
    job:
      description: The job of its last write, in the shape M(huaweicloud.servicestage.servicestage_component) returns.
      type: dict
    msg:
      description: For a failed item, what failed.
      type: str
      returned: when the item failed
    failing_tasks:
      description: For a failed item, its job's failing tasks (C(task_name), C(task_status), C(messages)).
      type: list
      elements: dict
      returned: when the item failed
    rollback:
      description: The rollback of O(on_failure=rollback) of this item, C(version), C(job), C(succeeded), C(msg).
      type: dict
      returned: when the item was rolled back
msg:
  description: What the release did (or would do), item by item; on failure, each failed item and its job, each
    rollback's outcome, and what was left as it was.
  returned: always
  type: str
  sample: "deployed 2 components (cart 2.4.0, checkout 2.4.0); unchanged 1 component (search)"
status:
  description: HTTP status of a failed request before any write (a lookup).
  returned: failure from the API
  type: int
error_code:
  description: The API's error code of that request.
  returned: failure from the API, when the API gave one
  type: str
request_id:
  description: The C(X-Request-Id) of that request.
  returned: failure from the API, when the API gave one
  type: str
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import component, components


def main():
    item = dict(component.component_options(), application=dict(type="str"), rollback=dict(type="bool", default=False))
    module = ServiceStageModule(
        argument_spec=dict(
            application=dict(type="str"),
            environment=dict(type="str"),
            components=dict(type="list", elements="dict", required=True, options=item),
            max_parallel=dict(type="int", default=10),
            on_failure=dict(type="str", choices=list(components.ON_FAILURE), default="rollback"),
            **wait_options()
        ),
        permissions=component.PERMISSIONS,
        supports_check_mode=True,
    )
    components.release(module)


if __name__ == "__main__":
    main()
