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
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  application:
    description: The component's application, by name or id.
    type: str
    required: true
  component:
    description: The component's name.
    type: str
    required: true
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
    choices: [start, stop, restart, scale, rollback, rollback_current, continue_deploy]
  replica:
    description: The number of instances to scale to, with O(action=scale).
    type: int
  version:
    description: The version to roll back to, with O(action=rollback).
    type: str
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
    component: cart
    action: scale
    replica: 6

- name: Roll back to the version before (its own play, so that a deploy is not undone on every run)
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    component: cart
    action: rollback
    version: "{{ previous_version }}"

- name: Go on with a gray release that waits
  huaweicloud.servicestage.servicestage_component_action:
    application: shop
    component: cart
    action: continue_deploy
"""

RETURN = r"""
component:
  description: The component as the API reports it after the action (its spec and C(status)), with C(id).
  returned: success, and failures after the lookup
  type: dict
job:
  description:
    - The action's job (C(job_id); with O(wait), also C(execution_status), C(tasks), C(ended), C(succeeded)).
      When nothing was written, C(job_id) is null.
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

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._component_apply import ComponentRun
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._component_plan import (
    GRAYING,
    VERSION_PATTERN,
    matches,
    status_of,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import case_hint, check_name
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._v3_report import TaskFailure, exit_run, run_task

# The status each action leads to, while it runs and when it is done.
LEADS_TO = {"start": ("STARTING", "RUNNING"), "stop": ("STOPPING", "STOPPED"), "restart": ("RESTARTING", "RUNNING"),
            "scale": (None, "RUNNING"), "rollback": ("UPGRADING", "RUNNING"), "rollback_current": ("UPGRADING", "RUNNING"),
            "continue_deploy": ("UPGRADING", "RUNNING")}
PAST = {"start": "started", "stop": "stopped", "restart": "restarted", "scale": "scaled", "rollback": "rolled back",
        "rollback_current": "rolled back", "continue_deploy": "went on with the gray release of"}


def decide(run, params, records):
    """(parameters of the action, or None when nothing is to be written; why; the diff)."""
    action, component = params["action"], run.component
    status = status_of(component)[0]
    version = component.get("version")
    if action == "start" and status == "RUNNING":
        return None, "it is RUNNING", {}
    if action == "stop" and status == "STOPPED":
        return None, "it is STOPPED", {}
    if action == "continue_deploy" and status != GRAYING:
        return None, "it is not in a gray release waiting to go on (status %s)" % status, {}
    if action == "scale":
        if matches(params["replica"], component.get("replica")):
            return None, "it has %s replicas" % params["replica"], {}
        return ({"replica": params["replica"]}, "from %s to %s replicas" % (component.get("replica"), params["replica"]),
                dict(before={"replica": component.get("replica")}, after={"replica": params["replica"]}))
    if action == "rollback":
        if params["version"] == version:
            return None, "version %s is the one running" % version, {}
        versions = [record.get("version") for record in records if record.get("version") != version]
        if params["version"] not in versions:
            raise TaskFailure("%s has no deployment record of version %s to roll back to: nothing was written. It can "
                              "be rolled back to %s" % (run.subject(), params["version"], ", ".join(
                                  sorted(set(str(item) for item in versions))) or "no version (it has one record)"))
        return ({"version": params["version"]}, "from version %s to %s" % (version, params["version"]),
                dict(before={"version": version}, after={"version": params["version"]}))
    if action == "rollback_current":
        current = [record for record in records if record.get("current_used")]
        began = _begin(current[0]) if current else None
        earlier = sorted((record for record in records if not record.get("current_used")
                          and (began is None or _begin(record) <= began)), key=_begin)
        if not earlier:
            raise TaskFailure("%s has no deployment record before the current one to roll back to: nothing was written"
                              % run.subject())
        return {}, "from version %s to the record before it (%s)" % (version, earlier[-1].get("version")), dict(
            before={"version": version}, after={"version": earlier[-1].get("version")})
    return {}, "its status is %s" % status, dict(before={"status": status}, after={"status": LEADS_TO[action][1]})


def _begin(record):
    try:
        return int(record.get("begin_time") or 0)
    except (TypeError, ValueError):
        return 0


def settled(action, params):
    """Whether the component, read back after an action of unknown fate, shows it carried out: a new last job,
    or the state the action leads to."""
    def check(found, before_job):
        if status_of(found)[1] not in (None, before_job):
            return True
        if action == "scale":
            return matches(params["replica"], found.get("replica"))
        if action == "rollback":
            return found.get("version") == params["version"]
        return action in ("start", "stop", "restart") and status_of(found)[0] == LEADS_TO[action][0]
    return check


def act(module, api, track):
    params = module.params
    client = api.v3
    application = client.find_application(params["application"])
    if application is None:
        raise TaskFailure("%s: nothing was written" % client.missing("application", params["application"])[0])
    run = ComponentRun(client, application, params["component"], wait=params["wait"],
                       wait_timeout=params["wait_timeout"], check_mode=module.check_mode)
    track(run)
    environment = None
    if params["environment"]:
        environment = client.find_environment(params["environment"])
        if environment is None:
            raise TaskFailure("%s: nothing was written" % client.missing("environment", params["environment"])[0])
    found = client.find_component(application, params["component"], environment["id"] if environment else None,
                                  strict=True)
    if found is not None:
        run.component_id = found["id"]
        run.read()
    if run.component is None:
        others = client.missing("component", params["component"], application)[1]
        raise TaskFailure("%s does not exist%s: nothing was written. Deploy it with "
                          "huaweicloud.servicestage.servicestage_component" % (run.subject(), case_hint(others)))
    action = params["action"]
    # a job in progress first (the status may still be the one from before it): waited for, or refused; the
    # deployment records after it (an upgrade waited for adds one)
    if status_of(run.component)[0] != GRAYING or action != "continue_deploy":
        run.wait_until_idle(action)
    records = client.records(application["id"], run.component_id) if action.startswith("rollback") else []
    parameters, reason, diff = decide(run, params, records)
    if parameters is None:
        return exit_run(module, run, "%s: nothing to do, %s" % (run.subject(), reason), diff)
    if module.check_mode:
        run.actions = [action]
        return exit_run(module, run, "would %s %s (%s)" % (action.replace("_", " "), run.subject(), reason), diff)
    job_id = run.act(action, parameters, settled(action, params))
    run.wait_for(job_id, action)
    run.read()
    job = run.jobs[-1]
    return exit_run(module, run, "%s %s (%s): job %s %s" % (PAST[action], run.subject(), reason, job.get("job_id"),
                                                            job.get("execution_status") or "started"), diff)


def input_errors(params):
    errors = [check_name("component", params["component"])]
    if not params["application"].strip():
        errors.append("application must not be empty")
    if params["action"] == "scale" and (params["replica"] is None or params["replica"] < 0):
        errors.append("action scale needs replica, 0 or more")
    if params["action"] != "scale" and params["replica"] is not None:
        errors.append("replica is for action scale only")
    if params["action"] == "rollback" and not (params["version"] and VERSION_PATTERN.match(params["version"])):
        errors.append("action rollback needs version, n.n.n or n.n.n.n (quote it in YAML)")
    if params["action"] != "rollback" and params["version"] is not None:
        errors.append("version is for action rollback only")
    if params["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    return errors


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            application=dict(type="str", required=True),
            component=dict(type="str", required=True),
            environment=dict(type="str"),
            action=dict(type="str", required=True, choices=sorted(LEADS_TO)),
            replica=dict(type="int"),
            version=dict(type="str"),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=1200),
        ),
        permissions="servicestage:app:modifyComponent",
        supports_check_mode=True,
    )
    run_task(module, lambda: input_errors(module.params), lambda api, track: act(module, api, track))


if __name__ == "__main__":
    main()
