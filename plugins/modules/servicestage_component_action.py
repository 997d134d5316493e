#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_component_action
short_description: Start, stop, restart, scale or roll back a ServiceStage component, and wait for it
version_added: 0.4.0
description:
  - Carries an action out on a ServiceStage (v3) component (C(POST .../components/{component_id}/action)) and,
    with O(wait=true), waits for the job it returned, like M(huaweicloud.servicestage.servicestage_component).
  - Idempotent where the component's state says so. V(start) on a C(RUNNING) component, V(stop) on a
    C(STOPPED) one, V(scale) to the replicas it has, and V(rollback) to the version that is running write
    nothing (C(changed=false)). V(continue_deploy) on a component that is not C(GRAYING) writes nothing and says
    so. V(restart) and V(rollback_current) always write.
  - V(rollback) takes a version from the component's deployment records; one they do not hold fails before any
    write, listing the versions that can be rolled back to. V(rollback_current) goes back to the record before
    the current one, and fails before any write when there is none.
  - "A canary (ServiceStage's gray release, started by M(huaweicloud.servicestage.servicestage_component) with
    C(deploy_strategy: {type: GrayRelease, ...})) waits with the component C(GRAYING): V(modify_gray_rule) changes
    its rule (O(gray_release)), V(continue_deploy) promotes it to every instance, and V(rollback) or
    V(rollback_current) ends it by going back to the version before. Each is waited for; a rule that is already
    the component's, or a promote of a component no longer C(GRAYING), writes nothing and says so."
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description: The component's application, by name or id.
    type: str
    required: true
  name:
    description:
      - The component's name.
      - The alias O(component) is the name this option had before 0.5.0.
    type: str
    required: true
    aliases: [component]
  environment:
    description:
      - The component's environment, by name or id. When given, only a component in it is acted on (one of
        that name in another environment is not found). Needed where the API scopes component names per
        environment and two components of the application have the name.
    type: str
  action:
    description: What to do.
    type: str
    required: true
    choices: [start, stop, restart, scale, rollback, rollback_current, continue_deploy, modify_gray_rule]
  replica:
    description: The number of instances to scale to, with O(action=scale).
    type: int
  version:
    description: The version to roll back to, with O(action=rollback).
    type: str
  gray_release:
    description:
      - >-
        The rule of the gray release, with O(action=modify_gray_rule), as in C(deploy_strategy.gray_release) of
        M(huaweicloud.servicestage.servicestage_component), for example C({type: WEIGHT, first_batch_weight: 50})
        or C({type: CONTENT, rules: [{type: header, key: x-canary, value: "true", condition: equal}]}).
      - Compared with the component's rule as a subset (C(rules) as a list in order); sent whole.
      - The API documents no parameters for this action (the SDK's model has only C(replica), C(hosts) and
        C(version); Terraform passes free JSON). The rule is sent as C(parameters.gray_release); where the API
        refuses that form with HTTP 400, as the rule's own keys in C(parameters). Where it refuses both (a region
        that does not let a running gray release change its rule), the task fails saying that the API refused the
        rule change, with its code, and nothing was written.
    type: dict
    version_added: 0.5.0
  wait:
    description:
      - Wait for the action's job. A component busy with another job is waited for first (with V(false), refused
        before any write, naming its job).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the task waits in all. A wait that runs out fails with C(changed=true) and the job id,
        and says how to go on waiting.
    type: int
    default: 1200
notes:
  - >-
    An action whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read) is
    settled by reading the component back (a new C(status.last_job_id), or the state the action leads to); one
    the reading shows done is not sent again.
  - >-
    A job that fails fails the task with C(changed=true), the job id, and the failing task's name and messages.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: Scale out for the sale
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    name: cart
    action: scale
    replica: 6

- name: Roll back to the version before (its own play, so that a deploy is not undone on every run)
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    name: cart
    action: rollback
    version: "{{ previous_version }}"

- name: Send half of the traffic to the canary
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    name: cart
    action: modify_gray_rule
    gray_release:
      type: WEIGHT
      first_batch_weight: 50

- name: Go on with a gray release that waits (promote the canary)
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    name: cart
    action: continue_deploy
"""

RETURN = r"""
component:
  description: The component as the API reports it after the action (its spec and C(status)), with C(id).
  returned: success, and failures after the lookup
  type: dict
job:
  description:
    - The action's job, in the shape every module of the collection returns a job in (C(job_id),
      C(execution_status), C(job_type), C(tasks), C(ended), C(succeeded), C(gray_release_paused)). Without
      O(wait) it is not read (C(execution_status) null). When nothing was written, C(job_id) is null.
  returned: success, and failures after the action
  type: dict
actions:
  description: The action, when it was carried out (or, in check mode, would be); empty otherwise.
  returned: always
  type: list
  elements: str
  sample: [scale]
msg:
  description: What the task did (or would do), and why.
  returned: always
  type: str
  sample: "scaled component 'cart' of application 'shop' from 2 to 6 replicas: job JOB3c2d0a1e-6f8b-4c59-b0b6-91e1f2a3b4c5 SUCCEEDED"
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
error_code:
  description: The API's error code.
  returned: failure from the API, when the API gave one
  type: str
error_msg:
  description: The API's error message.
  returned: failure from the API, when the API gave one
  type: str
request_id:
  description: The C(X-Request-Id) of the failed request.
  returned: failure from the API, when the API gave one
  type: str
step:
  description: The step that failed, such as V(component lookup), V(records lookup), the action, or V(job lookup).
  returned: failure from the API
  type: str
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import component_action


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            application=dict(type="str", required=True),
            name=dict(type="str", required=True, aliases=["component"]),
            environment=dict(type="str"),
            action=dict(type="str", required=True, choices=sorted(component_action.LEADS_TO)),
            replica=dict(type="int"),
            version=dict(type="str"),
            gray_release=dict(type="dict"),
            **wait_options()
        ),
        permissions="servicestage:app:modifyComponent",
        supports_check_mode=True,
    )
    component_action.act(module)


if __name__ == "__main__":
    main()
