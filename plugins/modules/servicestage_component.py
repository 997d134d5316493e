#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_component
short_description: Deploy a version of a ServiceStage component and wait until it runs
version_added: 0.4.0
description:
  - Ensures that a ServiceStage (v3) component of an application exists with the given fields, or does not
    exist. Creates it when the application has no component of that name; upgrades it when a given field
    differs from what the API reports; does nothing when every given field matches.
  - An upgrade reads the component, puts the given fields over what the API reports, leaves out what the
    server adds (C(inner) envs, the C(TZ) env of C(timezone), external accesses that are not HTTP or HTTPS,
    the status and the ids) and sends the whole spec (C(PUT)), so that nothing the task does not name is
    lost; a probe or a storage set in the console survives a version bump.
  - A change of O(replica) alone goes through the C(scale) action (the API's PUT does not change it); with
    other changes, the upgrade, then the scale, each waited for.
  - With O(wait=true) the task waits for the job each write returned (C(GET /v3/{project_id}/cas/jobs/{job_id})),
    never only for the component's status, which can still show the old version's C(RUNNING) right after
    an upgrade. Polling starts after about a second and backs off to at most 10 seconds.
  - To release many components at once, run this module in a loop with O(wait=false) and then wait for all
    the returned jobs with one M(huaweicloud.servicestage.servicestage_job_info) task, as in the examples;
    the release then takes about as long as its slowest component, not the sum of them.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description:
      - The application of the component, by name or id. It must exist
        (M(huaweicloud.servicestage.servicestage_application) creates it).
    type: str
    required: true
  name:
    description:
      - Name of the component, 2 to 64 letters, digits, C(-) or C(_), starting with a letter and ending with a
        letter or digit. It cannot change.
    type: str
    required: true
  environment:
    description:
      - The environment to create the component in, by name or id. Required to create it.
      - A component cannot move to another environment; a task that names another one than the component's
        fails before any write.
      - With O(state=absent), only a component in this environment is deleted, and an environment that does
        not exist leaves nothing to delete.
      - Where the API scopes component names per environment and two components of the application have the
        name, it says which one.
    type: str
  runtime_stack:
    description:
      - The runtime stack, as C(GET /v3/{project_id}/cas/runtimestacks) lists them. Required to create the
        component.
      - It cannot change; a task that asks for another one than the component's fails before any write.
    type: dict
    suboptions:
      name:
        description: Name of the stack, for example V(Docker) or V(OpenJDK17).
        type: str
        required: true
      type:
        description: Type of the stack, for example V(Docker) or V(Java).
        type: str
        required: true
      deploy_mode:
        description: V(container) or V(virtualmachine).
        type: str
        required: true
      version:
        description: Version of the stack; the API fills it in when it is left out.
        type: str
  source:
    description:
      - Where the component's code or build comes from. C(kind) is V(image) (C(url) of an image in SWR),
        V(package) (C(storage) and C(url) of a package) or V(code) (C(repo_type), C(repo_url), C(repo_ref)
        and C(repo_auth)). Any other key of the API's source object may be given too. Required to create
        the component.
      - Compared, and sent, as a subset; C(kind) is always given. An upgrade may name only what changes (a new
        C(url), or C(repo_ref)); the rest is the component's. A create, or a source of another C(kind), which
        replaces the old one whole, needs C(url), or C(repo_url) and C(repo_auth) for V(code); a task without
        them fails before any write.
      - C(repo_auth) (the task's, else the component's) names a repository authorization of the project, and
        the module checks that it exists before any write, so authorizing the repository (for example with
        M(huaweicloud.servicestage.servicestage_git_password_auth)) and deploying is one playbook.
    type: dict
  version:
    description:
      - The version to deploy, C(n.n.n) or C(n.n.n.n), such as V(1.4.2). Required to create the component.
      - A change of anything else (a new image C(url) under the same version, say) is an upgrade too, but
        ServiceStage may refuse a version the component's deployment records already hold (HTTP 400
        C(SVCSTG.00100441)), so give each build its own version.
    type: str
  replica:
    description:
      - How many instances to run, on every run of the task. A change of it alone is made with the C(scale) action.
      - To set the count only when the component is created, and leave it to the C(scale) action
        (M(huaweicloud.servicestage.servicestage_component_action)) or autoscaling afterwards, give
        O(initial_replica) instead.
    type: int
  initial_replica:
    description:
      - How many instances a new component starts with. Sent only when the task creates the component, never
        compared afterwards, so a count changed later by the C(scale) action or by autoscaling is left alone.
      - Mutually exclusive with O(replica).
    type: int
    version_added: 0.5.0
  limit_cpu:
    description: The CPU limit of each instance, in cores.
    type: float
  limit_memory:
    description: The memory limit of each instance, in GiB.
    type: float
  labels:
    description:
      - The component's labels, as a dictionary of key and value (the API's C([{key, value}]) list is built from
        it), like the labels of an application or environment. Compared as a whole.
      - Before 0.5.0 they were given in O(spec) as the API's list; O(spec) no longer takes them.
    type: dict
    version_added: 0.5.0
  envs:
    description:
      - >-
        The component's environment variables, as a dictionary of name and value (the API's C([{name, value}])
        list is built from it). A value may also be an object such as C({value_from: {reference_type: secret,
        name: db, key: password}}).
      - Compared as the whole set of the component's own variables (not those the server adds); giving it
        replaces them all.
      - Values are shown in results and diffs. Keep secrets in a Kubernetes secret and refer to it with
        C(value_from).
    type: dict
  refer_resources:
    description:
      - >-
        The resources the component uses, as the API takes them, for example
        C([{id: cce-cluster-id, type: cce, parameters: {namespace: default}}]). Required to create the component.
      - Compared item by item in any order, each as a subset.
    type: list
    elements: dict
  deploy_strategy:
    description:
      - >-
        How to roll a write out, for example C({type: RollingRelease, rolling_release: {batches: 2}}) or a
        C(GrayRelease). Sent with every write, never compared (it is how a change is rolled out, not what is
        deployed), so a change of it alone writes nothing.
      - A gray release that stops with the component C(GRAYING), waiting to go on, is reported as such
        (RV(gray_release_paused)), not waited on until the timeout.
        M(huaweicloud.servicestage.servicestage_component_action) with C(action=continue_deploy) goes on with it.
    type: dict
  spec:
    description:
      - >-
        Any other field of the API's component body (for example C(description), C(timezone), C(storages),
        C(liveness_probe), C(request_cpu)). Each compares as the notes below say (how each field of a component
        compares, from the module's field table): lists of values in order, lists of objects by their identity,
        objects as a subset, an object of another type replaced whole; a key given as null is removed.
      - Must not hold the fields that have options of their own, C(name), C(runtime_stack), C(environment_id),
        or what the server adds (C(status), C(id)).
    type: dict
    default: {}
  state:
    description:
      - V(present) creates or upgrades the component; V(absent) deletes it and, with O(wait), waits until the
        API no longer finds it. A missing component is V(absent) already.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait for the job of each write (and, for V(absent), until the component is gone). A component busy
        with another job (C(INITIALIZING), C(UPGRADING), C(STARTING) and the like, or its last job still
        running) is waited for first.
      - With V(false), the task returns as soon as the API took the write, with the job id in RV(job); a busy
        component is refused before any write, naming its job. An upgrade with a change of O(replica) still
        waits for the upgrade's job before it scales.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the task waits in all (for a busy component, and for each job). A wait that runs
        out fails with C(changed=true) and the job id, and says how to go on waiting.
    type: int
    default: 1200
notes:
  - >-
    A write whose answer is lost (the connection broke after sending, a 5xx, an answer that cannot be read)
    is settled by reading what proves it happened: after a create the name is looked up; after an upgrade or a
    scale, the component read back names a new last job (C(status.last_job_id)), never a re-comparison of fields
    the server may normalise. A write the reading shows done is not sent again: never two creates, never a second
    upgrade of the same version.
  - >-
    A job that fails fails the task with C(changed=true), the job id, and the failing task's name and messages.
  - >-
    Check mode sends only reads (the name lookups, the component, its last job) and reports what would be
    written in RV(actions) and the diff; nothing is written and nothing is waited for.
  - >-
    ServiceStage answers a missing application, environment or component with HTTP 401 and C(SVCSTG.00100401)
    (what Terraform handles), or with 404 and C(SVCSTG.00100403), C(00100404) or C(00100411) (the API's error
    table): the module takes both for "not found", and reports a 401 with an C(APIG) code as an
    authentication failure.
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
- name: Deploy the build CI just pushed
  huaweicloud.servicestage.servicestage_component:
    application: shop
    name: cart
    environment: prod
    runtime_stack: {name: Docker, type: Docker, deploy_mode: container}
    source:
      kind: image
      url: "swr.cn-north-4.myhuaweicloud.com/shop/cart:{{ version }}"
    version: "{{ version }}"
    replica: 2
    limit_cpu: 0.5
    limit_memory: 1
    envs: {LOG_LEVEL: info}
    refer_resources: [{id: "{{ cce_cluster_id }}", type: cce, parameters: {namespace: default}}]
    deploy_strategy: {type: RollingRelease, rolling_release: {batches: 2}}
    wait_timeout: 1200
  register: deploy

# A release of many components: start every upgrade, then wait for all the jobs at once.
- name: Start the upgrade of each component
  huaweicloud.servicestage.servicestage_component:
    application: shop
    name: "{{ item }}"
    source:
      kind: image
      url: "swr.cn-north-4.myhuaweicloud.com/shop/{{ item }}:{{ version }}"
    version: "{{ version }}"
    wait: false
  loop: [cart, catalog, checkout, search]
  loop_control:
    label: "{{ item }}"
  register: release

- name: Wait for every job of the release
  huaweicloud.servicestage.servicestage_job_info:
    job_id: "{{ release.results | map(attribute='job') | map(attribute='job_id') | select | list }}"
    wait: true
    wait_timeout: 1200
  register: release_jobs
  failed_when: not release_jobs.succeeded

- name: A component built from code, with the repository's authorization in the same play
  huaweicloud.servicestage.servicestage_component:
    application: shop
    name: api
    environment: prod
    runtime_stack: {name: OpenJDK17, type: Java, deploy_mode: container}
    source:
      kind: code
      repo_type: Bitbucket
      repo_url: https://bitbucket.org/shop/api.git
      repo_ref: main
      repo_auth: bitbucket-ci
    spec:
      build: {parameters: {cluster_id: "{{ cce_cluster_id }}"}}
    version: 1.0.0
    refer_resources: [{id: "{{ cce_cluster_id }}", type: cce, parameters: {namespace: default}}]

- name: Remove a component and wait until it is gone
  huaweicloud.servicestage.servicestage_component:
    application: shop
    name: legacy-cart
    state: absent
"""

RETURN = r"""
component:
  description:
    - The component as the API reports it after the task (its spec and C(status)), with C(id),
      C(application_id), C(application_name) and C(environment_id). Empty when it does not exist.
    - In check mode, as it is before the task.
  returned: success, and failures after the lookup
  type: dict
  sample:
    id: 9b6b0b2c-3f57-4c1f-9a34-8d0f2b0e6a11
    name: cart
    application_id: 0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22
    application_name: shop
    environment_id: 6f0d2b1a-7e3c-4b8e-9a1d-2c3b4d5e6f70
    version: 1.4.2
    source: {kind: image, storage: swr, url: "swr.cn-north-4.myhuaweicloud.com/shop/cart:1.4.2"}
    replica: 2
    status: {component_status: RUNNING, available_replica: 2, replica: 2, last_job_id: JOB3c2d0a1e-6f8b-4c59-b0b6-91e1f2a3b4c5}
job:
  description:
    - >-
      The job of the last write, in the shape every module of the collection returns a job in (also
      M(huaweicloud.servicestage.servicestage_job_info)): C(job_id), C(execution_status), C(job_type), C(tasks)
      with each task's C(task_name), C(task_status) and C(messages), C(ended), C(succeeded) and
      C(gray_release_paused). Without O(wait) the job is not read, so C(execution_status) is null and C(ended)
      false. When nothing was written, C(job_id) is null, so that the jobs of a loop are read with one C(map), as
      in the examples.
  returned: success, and failures after a write
  type: dict
  sample:
    job_id: JOB3c2d0a1e-6f8b-4c59-b0b6-91e1f2a3b4c5
    execution_status: SUCCEEDED
    job_type: DAILY_OPERATION
    ended: true
    succeeded: true
    tasks: [{task_name: Upgrade the workload, task_status: SUCCEEDED, messages: []}]
jobs:
  description: The job of each write, in the order of RV(actions).
  returned: success, and failures after a write
  type: list
  elements: dict
actions:
  description:
    - The writes carried out, in order, V(create), V(upgrade), V(scale), V(delete); in check mode, those that
      would be.
  returned: always
  type: list
  elements: str
  sample: [upgrade, scale]
gray_release_paused:
  description: True when a gray release stopped with the component C(GRAYING), waiting to go on.
  returned: success
  type: bool
  sample: false
msg:
  description: What the task did (or would do), and why; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "upgraded component 'cart' of application 'shop' (version differs): job JOB3c2d0a1e-6f8b-4c59-b0b6-91e1f2a3b4c5 SUCCEEDED"
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
  description: The step that failed, such as V(application lookup), V(component lookup), V(create), V(upgrade),
    V(scale), V(delete) or V(job lookup).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import component


def main():
    module = ServiceStageModule(
        argument_spec=dict(application=dict(type="str", required=True), **dict(component.component_options(),
                                                                               **wait_options())),
        permissions=component.PERMISSIONS,
        supports_check_mode=True,
    )
    component.deploy(module)


if __name__ == "__main__":
    main()
