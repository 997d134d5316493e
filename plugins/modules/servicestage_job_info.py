#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_job_info
short_description: Look at ServiceStage jobs, or wait until they end
version_added: 0.4.0
description:
  - Reads ServiceStage (v3) jobs (C(GET /v3/{project_id}/cas/jobs/{job_id})), the jobs that
    M(huaweicloud.servicestage.servicestage_component) and the other v3 modules return in
    RV(huaweicloud.servicestage.servicestage_component#module:job) (its C(job_id)).
  - With O(wait=true), polls them until each has ended, all in the same rounds, so that waiting for the jobs of
    a release of ten components takes about as long as its slowest job. Polling backs off from about a second
    to at most 10 seconds.
  - A job that ended in failure does not fail the task; RV(succeeded) says how it ended. A wait that runs out
    does fail it, naming the jobs still running.
  - A job ends V(SUCCEEDED), or in failure V(FAILED), V(UNKNOWN), V(CANCELLED), V(PARTIALLY_FAILED) or
    V(ROLLBACKED); V(SUBMITTED), V(SCHEDULED), V(RUNNING) and V(ROLLBACKING) have not ended yet. The job's
    keys are read in lowercase and in the UPPERCASE of the API's older pages alike.
  - A gray release that paused for C(continue_deploy) may keep its job running (the component is C(GRAYING));
    this module cannot tell that pause from a slow job, and waits until O(wait_timeout). The component and
    action modules read the component too, and report such a pause as C(gray_release_paused).
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  job_id:
    description:
      - The job, or a list of jobs, to read, as C(JOB) followed by a UUID. Empty values (the null C(job_id) of a
        task that wrote nothing) are left out; an empty list is nothing to wait for.
    type: list
    elements: str
    required: true
  wait:
    description:
      - Wait until every job has ended.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait in all, with O(wait=true).
    type: int
    default: 1200
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
- name: Start the upgrade of every component of the release
  huaweicloud.servicestage.servicestage_component:
    application: shop
    name: "{{ item }}"
    source: {kind: image, url: "swr.cn-north-4.myhuaweicloud.com/shop/{{ item }}:{{ version }}"}
    version: "{{ version }}"
    wait: false
  loop: [cart, catalog, checkout]
  loop_control:
    label: "{{ item }}"
  register: release

- name: Wait for all their jobs at once
  huaweicloud.servicestage.servicestage_job_info:
    job_id: "{{ release.results | map(attribute='job') | map(attribute='job_id') | select | list }}"
    wait: true
  register: jobs

- name: Stop the play when one of them failed, naming it
  ansible.builtin.fail:
    msg: "{{ jobs.jobs | rejectattr('succeeded') | map(attribute='job_id') | list }} did not succeed"
  when: not jobs.succeeded

- name: Look at one job
  huaweicloud.servicestage.servicestage_job_info:
    job_id: "{{ deploy.job.job_id }}"
  register: one
"""

RETURN = r"""
jobs:
  description: Each job as last read, in the order given.
  returned: success, and when the wait ran out
  type: list
  elements: dict
  contains:
    job_id:
      description: The job's id.
      type: str
    execution_status:
      description: The job's status.
      type: str
      sample: SUCCEEDED
    job_type:
      description: V(PROVISION), V(DEPROVISION), V(DAILY_OPERATION), and the like.
      type: str
    tasks:
      description: The job's tasks, each with C(task_name), C(task_status) and C(messages) (a list of text).
      type: list
      elements: dict
    ended:
      description: Whether the job has ended.
      type: bool
    succeeded:
      description: Whether it ended V(SUCCEEDED).
      type: bool
    gray_release_paused:
      description: Whether the job's component waits in a paused gray release (see the notes).
      type: bool
job:
  description:
    - With one O(job_id), that job, in the shape of RV(jobs)' items, which is the shape every module of the
      collection returns a job in (the RV(job) of M(huaweicloud.servicestage.servicestage_component) and
      M(huaweicloud.servicestage.servicestage_component_action) too).
    - Before 0.5.0 it was the job part of the API's answer, and the tasks were in a C(tasks) result of their own.
  returned: success, with one job_id
  type: dict
ended:
  description: Whether every job has ended.
  returned: success
  type: bool
succeeded:
  description: Whether every job ended V(SUCCEEDED).
  returned: success
  type: bool
msg:
  description: How the jobs stand.
  returned: always
  type: str
  sample: "3 jobs: 3 SUCCEEDED"
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule, wait_options
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import job


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            job_id=dict(type="list", elements="str", required=True),
            **wait_options(wait=False)
        ),
        permissions="servicestage:app:listApplication",
        supports_check_mode=True,
    )
    job.look(module)


if __name__ == "__main__":
    main()
