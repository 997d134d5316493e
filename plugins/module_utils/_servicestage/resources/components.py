# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A release: many components in one task (servicestage_components), the set form of servicestage_component, the way
servicestage_git_auths is the set form of the authorization modules.

Each item is a component description (``component.py``), or, with ``rollback: true``, the rollback action to a
recorded version (``component_action.py``). The one loop plans every item before the first write (an item that would
be refused fails the task before any write, naming every such item), then writes with at most ``max_parallel`` items
in flight, polls every pending job in the same rounds, and checks what runs after each job. On a failure no new
write starts; with ``on_failure: rollback`` the items this task upgraded go back to the version they ran before (the
rollback action with the version of their previous record), waited for and checked.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.reconcile import Reconciler
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.component import (
    VERSION_PATTERN,
    Component,
    input_errors as component_errors,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.component_action import (
    ComponentAction,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import (
    FAILED,
    Run,
    failure_result,
    warn_notes,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import FAILED as JOB_FAILED

ON_FAILURE = ("rollback", "stop", "continue")
# The console upgrades up to 64 components in a batch.
MAX_PARALLEL = 64


def item_params(params, item):
    """An item's options as servicestage_component takes them: the task's application and environment unless the
    item gives its own, and the task's wait."""
    merged = dict(item)
    merged["application"] = item.get("application") or params["application"]
    merged["environment"] = item.get("environment") or params["environment"]
    merged.update(wait=params["wait"], wait_timeout=params["wait_timeout"])
    return merged


def rollback_params(merged, version):
    """The options of the rollback action of an item back to version (servicestage_component_action's)."""
    return dict(application=merged["application"], name=merged["name"], environment=merged["environment"],
                action="rollback", version=version, replica=None, gray_release=None, wait=True,
                wait_timeout=merged["wait_timeout"])


def input_errors(params):
    errors = []
    if not 1 <= params["max_parallel"] <= MAX_PARALLEL:
        errors.append("max_parallel must be 1 to %d" % MAX_PARALLEL)
    if params["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    seen = {}
    for index, item in enumerate(params["components"]):
        merged = item_params(params, item)
        label = "components[%d] (%s)" % (index, item["name"])
        if not merged["application"]:
            errors.append("%s: give application, on the item or on the task" % label)
            continue
        key = (merged["application"], item["name"])
        if key in seen:
            errors.append("%s: component '%s' of application '%s' is listed twice (components[%d])" % (
                label, item["name"], merged["application"], seen[key]))
        seen[key] = index
        if item["rollback"]:
            if not (item["version"] and VERSION_PATTERN.match(item["version"])):
                errors.append("%s: rollback needs version, the recorded version to go back to" % label)
            given = [key for key in ("source", "runtime_stack", "replica", "initial_replica", "envs", "labels",
                                     "refer_resources", "deploy_strategy", "limit_cpu", "limit_memory")
                     if item[key] is not None] + (["spec"] if item["spec"] else [])
            if given or item["state"] != "present":
                errors.append("%s: an item with rollback takes only name, version, application and environment, not "
                              "%s" % (label, ", ".join(given) or "state: absent"))
            continue
        errors.extend("%s: %s" % (label, error) for error in component_errors(merged) if error)
    return errors


def describe(api, params):
    items = []
    for item in params["components"]:
        merged = item_params(params, item)
        if item["rollback"]:
            items.append(ComponentAction(api, rollback_params(merged, item["version"])))
        else:
            items.append(Component(api, merged))
    return items


def roll_back(api, runs, params, check_mode):
    """on_failure: rollback. Each item this task upgraded goes back to the version it ran before, the failed one too
    when its records hold it; each run gets its rollback run (run.rollback)."""
    if check_mode or params["on_failure"] != "rollback" or not [run for run in runs if run.failure is not None]:
        return
    targets = []
    for run in runs:
        description = run.description
        before = (description.before or {}).get("version") if isinstance(description, Component) else None
        if before and "upgrade" in run.written and before != (description.component or {}).get("version"):
            merged = item_params(params, [item for item in params["components"]
                                          if item["name"] == description.name][0])
            run.rollback = Run(ComponentAction(api, rollback_params(merged, before)))
            targets.append(run.rollback)
    # the rollbacks have a wait_timeout of their own, from now
    Reconciler(api, wait=True, wait_timeout=params["wait_timeout"]).reconcile(
        targets, max_parallel=params["max_parallel"], stop_on_failure=False)


def outcome(run, check_mode):
    """What became of an item: unchanged, deployed, failed, rolled_back, not_started (would_deploy in check mode)."""
    if run.failure is not None:
        return FAILED
    if check_mode:
        return "would_deploy" if run.actions else "unchanged"
    rollback = run.rollback
    if rollback is not None and rollback.written and rollback.failure is None:
        return "rolled_back"
    if run.plan is not None and run.plan.actions and not run.started:
        return "not_started"
    return "deployed" if run.written else "unchanged"


def failing_tasks(job):
    return [dict(task_name=task.get("task_name"), task_status=task.get("task_status"), messages=task.get("messages"))
            for task in job.get("tasks") or () if task.get("task_status") in JOB_FAILED]


def entry(run, check_mode):
    """An item's entry in the result."""
    description = run.description
    before = (description.before or {}).get("version")
    if check_mode:
        after = getattr(description, "target", None) or (description.want.get("version") if isinstance(
            description, Component) and run.actions else before)
    else:
        after = (description.component or {}).get("version")
    shown = dict(name=description.name, application=(description.application or {}).get("name") or
                 description.params["application"], outcome=outcome(run, check_mode), version_before=before,
                 version_after=after, actions=list(run.actions), job=run.last_job())
    if run.failure is not None:
        shown["msg"] = failure_result(run)[0]
        shown["failing_tasks"] = failing_tasks(run.last_job())
    rollback = run.rollback
    if rollback is not None:
        shown["rollback"] = dict(version=rollback.description.params["version"], job=rollback.last_job(),
                                 succeeded=rollback.failure is None and bool(rollback.written),
                                 msg=failure_result(rollback)[0] if rollback.failure is not None else
                                 rollback.description.message(rollback, False))
    return shown


def summary(entries, check_mode):
    """'deployed 2 components (cart 2.4.0, checkout 2.4.0); 1 unchanged (search)'."""
    groups = (("would_deploy", "would deploy"), ("deployed", "deployed"), ("rolled_back", "rolled back by on_failure"),
              ("failed", "failed"), ("not_started", "not started"), ("unchanged", "unchanged"))
    parts = []
    for key, verb in groups:
        named = [item for item in entries if item["outcome"] == key]
        if named:
            parts.append("%s %d component%s (%s)" % (verb, len(named), "" if len(named) == 1 else "s", ", ".join(
                "%s %s" % (item["name"], item["version_after"] or "") if key in ("would_deploy", "deployed")
                else item["name"] for item in named).replace(" )", ")")))
    return "; ".join(parts) or "no components listed"


def failure_message(entries):
    failed = [item for item in entries if item["outcome"] == FAILED]
    parts = ["%d of %d components failed: %s" % (len(failed), len(entries), "; ".join(
        "%s (job %s): %s" % (item["name"], item["job"].get("job_id"), item["msg"]) for item in failed))]
    rolled = [item for item in entries if "rollback" in item]
    if rolled:
        parts.append("Rolled back by on_failure: %s" % "; ".join(
            "%s to %s (%s)" % (item["name"], item["rollback"]["version"], item["rollback"]["msg"]) for item in rolled))
    deployed = [item["name"] for item in entries if item["outcome"] == "deployed"]
    if deployed:
        parts.append("Deployed and kept: %s" % ", ".join(deployed))
    waiting = [item["name"] for item in entries if item["outcome"] == "not_started"]
    if waiting:
        parts.append("Not started: %s" % ", ".join(waiting))
    return ". ".join(part.rstrip(".") for part in parts) + "."


def render(module, runs):
    check_mode = module.check_mode
    warn_notes(module, runs + [run.rollback for run in runs if run.rollback is not None])
    entries = [entry(run, check_mode) for run in runs]
    changed = any(run.changed for run in runs) or any(
        run.rollback.changed for run in runs if run.rollback is not None)
    result = dict(changed=changed, components=entries)
    if module._diff:
        before, after = {}, {}
        for run in runs:
            if run.plan is not None:
                before[run.description.name], after[run.description.name] = run.description.diff(run)
        result["diff"] = dict(before=before, after=after)
    refused = [run for run in runs if run.plan is not None and run.plan.refused]
    unplanned = [run for run in runs if run.plan is None and run.failure is not None]
    if refused or unplanned:
        result["changed"] = False
        module.fail_json(msg="Nothing was written: %s." % "; ".join(
            "%s: %s" % (run.description.name, failure_result(run)[0].rstrip(".")) for run in refused + unplanned),
            **result)
    if [item for item in entries if item["outcome"] == FAILED]:
        module.fail_json(msg=failure_message(entries), **result)
    result["msg"] = summary(entries, check_mode)
    module.exit_json(**result)


def release(module):
    """servicestage_components: the one call."""
    params = module.params
    module.reconcile(lambda api: describe(api, params), render, input_errors=lambda: input_errors(params),
                     wait=params["wait"], wait_timeout=params["wait_timeout"], max_parallel=params["max_parallel"],
                     stop_on_failure=params["on_failure"] != "continue",
                     follow_up=lambda api, runs, reconciler: roll_back(api, runs, params, module.check_mode))
