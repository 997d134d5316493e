# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One run record for every resource, and the one way a task's result and failure are made from it.

A ``Run`` records what one item of a task did as it happens: the writes carried out (``actions``, or in check
mode the writes it would make), their jobs, the warnings, what someone else did meanwhile, and the failure it
stopped at, so that a failure always says what was written before it and ``changed`` tells the truth (a write
whose fate is unknown counts). ``exit_run`` and ``fail_run`` turn a run into the module's result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    HuaweiCloudApiError,
    TaskFailure,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import unread_job

# The outcome of an item that failed.
FAILED = "failed"


class Run:
    """What one item of a task did (or, in check mode, would do)."""

    def __init__(self, description):
        self.description = description
        self.plan = None
        self.actions = []
        self.written = []  # the actions this task carried out (not someone else meanwhile)
        self.carried = []  # (action, by this task, the index of its job or None), in order
        self.jobs = []
        self.notes = []
        self.meanwhile = []
        self.failure = None
        self.waiting = None
        self.step_index = 0
        self.finished = False
        self.started = False
        self.gray_release_paused = False
        self.reread_failed = False
        self.rollback = None  # a set's rollback of this item (on_failure: rollback), a Run of its own
        self.last_read = None  # what the last read of a wait (until a predicate holds) returned
        self.fresh = False  # the item was read after its last write (its check after the job read it)
        self.last_poll_error = None  # the last failure of a poll that may pass

    @property
    def changed(self):
        return bool(self.written) or self.may_have_written

    @property
    def may_have_written(self):
        return isinstance(self.failure, HuaweiCloudApiError) and self.failure.may_have_written

    def record(self, action, ours, job_id=None, makes_job=False):
        """A write carried out: by this task (ours) or, as reading showed, by someone else meanwhile; makes_job:
        it answered with a job (job_id, or None when only reading showed it)."""
        self.actions.append(action)
        (self.written if ours else self.meanwhile).append(action)
        if makes_job:
            self.jobs.append(unread_job(job_id))
        self.carried.append((action, ours, len(self.jobs) - 1 if makes_job else None))

    def last_job(self):
        """The job of the last write (its view once waited for), or one whose job_id is null when nothing was
        written: a loop's job ids are read with one map()."""
        return self.jobs[-1] if self.jobs else unread_job(None)

    def done(self, names=None):
        """What this task wrote, for a message: 'create (job JOB...), upgrade' ('nothing' when nothing was)."""
        names = names or {}
        parts = []
        for action, ours, job_index in self.carried:
            if not ours:
                continue
            job_id = self.jobs[job_index].get("job_id") if job_index is not None else None
            parts.append("%s (job %s)" % (names.get(action, action), job_id) if job_id else names.get(action, action))
        return ", ".join(parts) or "nothing"


def failure_message(error):
    """The one line of a failed step: "ServiceStage list failed: HTTP 401 ... (request id ...)"."""
    return "%s failed: %s" % (error.headline(), error.summary())


def warn_notes(module, runs):
    for run in runs:
        for note in run.notes:
            module.warn(note if note.endswith(".") else note + ".")


def failure_result(run):
    """(the message's first part, the result's error fields) of a run's failure."""
    failure = run.failure
    fields = {}
    if isinstance(failure, TaskFailure):
        text = failure.message
        if failure.error is not None:
            fields.update(failure.error.details())
    else:
        text = failure_message(failure)
        fields.update(failure.details())
        if failure.may_have_written:
            text += ". It may have been carried out although it failed: run the task again, it reads first"
    return text, fields


def exit_run(module, run, result):
    """Exit with an item's result (its resource's keys in result), its message and its warnings."""
    warn_notes(module, [run])
    result.setdefault("changed", run.changed)
    module.exit_json(**result)


def fail_run(module, run, result, done_names=None):
    """Fail with what failed and what was written before it, changed telling the truth."""
    warn_notes(module, [run])
    text, fields = failure_result(run)
    result.update(fields)
    result["changed"] = run.changed
    if run.written:
        text += ". Done before the failure: %s" % run.done(done_names)
    if run.reread_failed:
        text += ". What the result shows was read before the failure: reading it again failed"
    result["msg"] = text.rstrip(".") + "."
    module.fail_json(**result)


def render_item(module, run, result, diff=None, done_names=None, warnings=None):
    """Exit, or fail, with a task's one item: result holds its resource's keys; with --diff, once the item was
    planned, diff() (default: its description's), a (before, after) pair or the diff itself; when it did not fail,
    warnings() to show and its message."""
    description = run.description
    if run.plan is not None and module._diff:
        shown = diff() if diff is not None else description.diff()
        result["diff"] = dict(before=shown[0], after=shown[1]) if isinstance(shown, tuple) else shown
    if run.failure is not None:
        return fail_run(module, run, result, done_names)
    for warning in warnings() if warnings is not None else []:
        module.warn(warning)
    result["msg"] = description.message(run, module.check_mode)
    return exit_run(module, run, result)


def unexpected(step, error, service="ServiceStage"):
    """A failure that is not the API's nor the task's: its type, never its text (it may quote request data)."""
    if isinstance(error, (HuaweiCloudApiError, TaskFailure)):
        return error
    return HuaweiCloudApiError.unexpected(step, error, service=service)
