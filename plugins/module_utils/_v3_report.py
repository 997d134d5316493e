# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a task on a v3 component tells the user: its result (the component, the job, the writes
carried out), and a failure that says what was written before it and what to do."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import failure_message


class TaskFailure(Exception):
    """A failure that is not an API error: a job that failed, a wait that ran out, a task refused before any
    write (a busy component, a runtime stack that cannot change, a missing application)."""

    def __init__(self, message):
        super(TaskFailure, self).__init__(message)
        self.message = message


def run_task(module, input_errors, action, fail=None):
    """module.run() for a task on v3 objects: action(api, track) calls track(run) with the run it writes
    with, so that any failure after that (an API error, a TaskFailure, or an error that is not the API's)
    says what the run wrote before it, with changed telling the truth. fail(module, run or None, failure):
    how the module renders a failure (default: a component run's)."""
    runs = []
    fail_run_of = fail or fail_run

    def act(api):
        try:
            action(api, runs.append)
        except TaskFailure as failure:
            fail_run_of(module, runs[-1] if runs else None, failure)
        except HuaweiCloudApiError as failure:
            if not runs:
                raise
            fail_run_of(module, runs[-1], failure)
        except Exception as error:  # pylint: disable=broad-exception-caught
            if not runs:
                raise
            fail_run_of(module, runs[-1], HuaweiCloudApiError.unexpected(module.step, error, service=module.service))

    module.run(act, input_errors)


def component_view(run):
    """The component as the API reported it last, with its id and application; {} when there is none."""
    if not run.component:
        return {}
    view = dict(run.component)
    view.setdefault("id", run.component_id)
    view.setdefault("application_id", run.application["id"])
    view["application_name"] = run.application["name"]
    view.setdefault("name", run.name)
    return view


def run_result(run):
    # job_id even when nothing was written (null), so that a loop's jobs are read with one map()
    return dict(changed=run.changed, component=component_view(run), job=run.jobs[-1] if run.jobs else {"job_id": None},
                jobs=list(run.jobs), actions=list(run.actions), gray_release_paused=run.gray_release_paused)


def warn_notes(module, run):
    for note in run.notes:
        module.warn(note + ".")


def exit_run(module, run, msg, diff=None):
    warn_notes(module, run)
    result = run_result(run)
    result["msg"] = msg
    if diff is not None and module._diff:
        result["diff"] = diff
    module.exit_json(**result)


def fail_run(module, run, failure):
    """Fail with what failed and what was written before it (changed tells: a write may have been
    carried out although it failed). failure: a HuaweiCloudApiError or a TaskFailure; run: None for a
    task refused before it started one."""
    if run is None:
        module.fail_json(msg=failure.message + ".", changed=False)
    warn_notes(module, run)
    result = run_result(run)
    if isinstance(failure, TaskFailure):
        text = failure.message
    else:
        text = failure_message(failure)
        result.update(failure.details())
        if failure.may_have_written:
            result["changed"] = True
            text += ". It may have been carried out although it failed: run the task again, it reads first"
    if run.actions:
        text += ". Done before the failure: %s" % ", ".join(
            "%s (job %s)" % (action, job.get("job_id")) if job.get("job_id") else action
            for action, job in zip(run.actions, run.jobs + [{}] * len(run.actions)))
    result["msg"] = text + "."
    module.fail_json(**result)
