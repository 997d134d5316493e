#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_environment
short_description: Manage a ServiceStage environment and the resources it manages
version_added: 0.4.0
description:
  - Ensures that a ServiceStage (v3) environment exists with the given fields and resources, or does not exist.
    An environment groups the cloud resources of one VPC (a CCE cluster, ELB load balancers, ...) that
    components are deployed on.
  - Creates it when the project has no environment of that name; updates it when a given field differs from what
    the API reports; does nothing when every given field matches. A field the task does not give is left as it is.
  - An update sends the environment's name, description and labels (C(PUT)), each as the API reports it unless
    the task gives it, so that nothing the task does not name is cleared.
  - A change of O(resources) replaces the environment's whole resource list (C(PUT .../resources)), as the API
    does. A create with O(resources) is two writes, the create and then the resources C(PUT); if the second one
    fails, the environment exists without them and the task fails saying so, with C(changed=true). Run it
    again to finish.
  - O(vpc_id) and O(deploy_mode) are set when the environment is created and cannot change; a task that gives
    other values than the environment's fails before any write, naming the field.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Name of the environment, 2 to 64 letters, digits, C(-) or C(_), starting with a letter and ending with a
        letter or digit, checked before any request.
      - An existing environment can also be given by its id; an id is never the name of a new environment.
      - The name is matched exactly, whatever the API's name filter matches; two environments of that name fail
        the task, naming their ids (give the id then).
    type: str
    required: true
  vpc_id:
    description:
      - The VPC of the environment. Required to create it.
      - It cannot change; a task that gives another VPC than the environment's fails before any write.
    type: str
  deploy_mode:
    description:
      - What the environment deploys on, V(container) (Kubernetes), V(virtualmachine), or V(mixed) (both). Left
        out when the environment is created, the API picks its default (V(mixed), per the Terraform provider).
      - It cannot change; a task that gives another mode than the environment's fails before any write.
    type: str
    choices: [container, virtualmachine, mixed]
  description:
    description:
      - Description of the environment, at most 128 characters. V("") clears it.
    type: str
  labels:
    description:
      - The environment's labels, as a dictionary of key and value (the API's C([{key, value}]) list is built from
        it). Giving it replaces them all; V({}) removes them.
      - Keys are 1 to 36 letters, digits, C(_) or C(-); values are 2 to 43 letters, digits, C(_), C(-) or C(.); at
        most 20 labels. They are checked before any request. A number or boolean value is sent as text.
    type: dict
  resources:
    description:
      - The cloud resources the environment manages, as a set. Giving it replaces the environment's whole
        resource list; V([]) removes them all. Left out, the resources stay as they are.
      - Compared as a set of type and id, in any order; a resource's name is not compared.
      - A component needs an environment with a CCE cluster (type V(cce)).
    type: list
    elements: dict
    suboptions:
      id:
        description: The resource's id, such as the id of a CCE cluster or of an ELB load balancer.
        type: str
        required: true
      type:
        description:
          - The resource's type, as the API names it, such as V(cce), V(ecs), V(as), V(elb), V(eip), V(cse), V(dcs),
            V(rds), V(nacos), V(ms_gateway), V(subnet) or V(acl).
        type: str
        required: true
      name:
        description:
          - The resource's name, sent as given; when it is left out, the name the API lists for that resource is
            sent back. Never compared.
        type: str
  state:
    description:
      - V(present) creates or updates the environment; V(absent) deletes it. A missing environment is V(absent)
        already.
      - Whether an environment that components still use can be deleted is ServiceStage's to say (its documents
        disagree). When the API refuses, the task fails naming the components, and nothing is deleted. Delete
        them first (M(huaweicloud.servicestage.servicestage_component) with C(state=absent)). When the API
        allows it, a warning names them. Nothing is deleted along with an environment.
      - While every component that uses the environment is being deleted, the task waits until they are gone
        and deletes it then (O(wait=true)), or fails saying that they are being deleted.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - With O(state=absent), whether to wait until the components that use the environment and are being
        deleted are gone, and delete it then; with V(false) the task fails saying they are being deleted, and
        writes nothing.
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
    settled by reading: after a create the name is looked up, after an update the environment is read back,
    after a resources update its resources, after a delete the environment. A write the reading shows done is
    not sent again: never two creates.
  - >-
    The API answers a name already in use with C(SVCSTG.00100449). After a create of unknown fate that is this
    task's own create, found by its name; without one, it is an environment someone else created meanwhile, and
    the task fails, naming it.
  - >-
    ServiceStage answers a missing environment with HTTP 401 and C(SVCSTG.00100401) (what Terraform handles), or
    with 404 and C(SVCSTG.00100411) (the API's error table): the module takes both for "not found".
  - >-
    A delete first lists the project's components to find those deployed in the environment; when the API
    refuses the delete all the same (HTTP 409, a component deployed meanwhile), the task fails the same way,
    naming them, with the API's status and code.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.V3_CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.field_rules.ENVIRONMENT
"""

EXAMPLES = r"""
# The connection is set once for the play's tasks, as in the other modules' examples (iam_token logs in once):
#   module_defaults:
#     group/huaweicloud.servicestage.servicestage:
#       region: cn-north-4
#       project_id: "{{ login.project_id }}"
#       auth_token: "{{ login.token }}"
- name: The production environment, with its CCE cluster and ELB
  huaweicloud.servicestage.servicestage_environment:
    name: prod
    vpc_id: "{{ vpc_id }}"
    deploy_mode: container
    description: Production
    labels: {team: shop}
    resources:
      - {id: "{{ cce_cluster_id }}", type: cce}
      - {id: "{{ elb_id }}", type: elb}
  register: env

- name: Its id and the cluster of its components
  ansible.builtin.debug:
    msg: "{{ env.environment.id }} on {{ (env.environment.resources | selectattr('type', 'eq', 'cce') | first).id }}"

- name: Label it, leaving its description and resources as they are
  huaweicloud.servicestage.servicestage_environment:
    name: prod
    labels: {team: shop, tier: production}

- name: Remove an environment nothing is deployed in any more
  huaweicloud.servicestage.servicestage_environment:
    name: staging-old
    state: absent
"""

RETURN = r"""
environment:
  description:
    - The environment as the API reports it after the task, with C(id), C(labels) as the API lists them
      (C([{key, value}])) and C(resources). Empty when it does not exist.
    - In check mode, as it is before the task.
  returned: success, and failures after the lookup
  type: dict
  sample:
    id: 6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70
    name: prod
    description: Production
    vpc_id: 3e4c1b2a-5d6f-4a7b-8c9d-0e1f2a3b4c5d
    deploy_mode: container
    enterprise_project_id: "0"
    labels: [{key: team, value: shop}]
    resources:
      - {id: 0c2f1a3b-4d5e-11ee-8f6a-0255ac100b07, type: cce, name: shop-cluster}
      - {id: 7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d, type: elb}
    creator: deployer
    create_time: 1764547200000
    update_time: 1764547200000
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "created environment 'prod' and set its resources (it does not exist)"
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
    - The step that failed, such as V(environment lookup), V(component lookup), V(create), V(update),
      V(resources update) or V(delete).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import environment


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            vpc_id=dict(type="str"),
            deploy_mode=dict(type="str", choices=list(environment.DEPLOY_MODES)),
            description=dict(type="str"),
            labels=dict(type="dict"),
            resources=dict(type="list", elements="dict", options=dict(
                id=dict(type="str", required=True),
                type=dict(type="str", required=True),
                name=dict(type="str"),
            )),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **wait_options()
        ),
        permissions=environment.PERMISSIONS,
        supports_check_mode=True,
    )
    environment.ensure_environment(module)


if __name__ == "__main__":
    main()
