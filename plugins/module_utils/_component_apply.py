# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Carry writes to a ServiceStage v3 component out, and wait for their jobs.

Every write goes through ``_checked_write.checked_write`` with what settles it: after a create, the
name is looked up; after a PUT, the component is read back and compared; after an action, the
component is read back and the action's own check decides (and its ``last_job_id`` names the job);
after a delete, the component is read back (not found, or DELETING). A component with a job in
progress is waited for first (``wait``), or refused before any write. ``ComponentRun`` records each
write as it is carried out, so that a failure says what was done.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._checked_write import Write, checked_write
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._component_plan import (
    BUSY_STATUSES,
    GOING,
    GRAYING,
    status_of,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import (
    FIRST_POLL_SECONDS,
    MAX_POLL_SECONDS,
    POLL_GROWTH,
    JobState,
    wait_for_jobs,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    JOB_NOT_FOUND,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._v3_report import TaskFailure


class ComponentRun:
    """One task's writes to one component: what was carried out (actions), the jobs, and the
    component as last read. Waits share one deadline, wait_timeout seconds from the start."""

    def __init__(self, client, application, name, wait=True, wait_timeout=1200, check_mode=False,
                 clock=time.monotonic, sleep=time.sleep):
        self.client = client
        self.application = application
        self.name = name
        self.wait = wait
        self.check_mode = check_mode
        self.clock = clock
        self.sleep = sleep
        self.deadline = clock() + wait_timeout
        self.wait_timeout = wait_timeout
        self.component_id = None
        self.component = None
        self.actions = []
        self.jobs = []
        self.notes = []
        self.gray_release_paused = False

    @property
    def changed(self):
        return bool(self.actions)

    def left(self):
        return max(0.0, self.deadline - self.clock())

    def subject(self):
        return "component '%s' of application '%s'" % (self.name, self.application["name"])

    def read(self):
        """The component as GET shows it now (None: it does not exist); remembered."""
        self.component = self.client.component(self.application["id"], self.component_id) if self.component_id else None
        return self.component

    # -- before a write -----------------------------------------------------------------------------
    def wait_until_idle(self, action):
        """Before a write: a component with a job in progress (by its status, or its last job still running: the
        status may lag behind a write) is waited for with wait, else refused (in check mode, noted). A gray release
        waiting to go on: continue_deploy goes on with it; once its job has ended, it may be rolled back or deleted;
        anything else is refused, as is everything while its job still runs."""
        status, last_job_id = status_of(self.component)
        running = None
        if last_job_id:
            state = self._last_job(last_job_id)
            running = None if state is None or state.ended else state
        if status == GRAYING:
            if action == "continue_deploy":
                return  # what its gray release job waits for
            if running is not None:
                raise TaskFailure("%s is in a gray release waiting to go on (status GRAYING, its job %s runs until then): "
                                  "nothing was written. Go on with huaweicloud.servicestage.servicestage_component_action "
                                  "(action: continue_deploy) first" % (self.subject(), last_job_id))
            if action in ("rollback", "rollback_current", "delete"):
                return
            raise TaskFailure("%s is in a gray release waiting to go on (status GRAYING): nothing was written. Go on "
                              "with huaweicloud.servicestage.servicestage_component_action (action: continue_deploy), "
                              "or roll back, before another %s" % (self.subject(), action))
        if running is None and status not in BUSY_STATUSES:
            return
        job_text = "job %s" % last_job_id if last_job_id else "a job"
        if self.check_mode:
            self.notes.append("%s is busy (%s, %s): a real run waits for it first" % (self.subject(), status, job_text))
            return
        if not self.wait:
            raise TaskFailure("%s is busy (status %s, %s in progress): nothing was written. Run with wait: true to "
                              "wait for it first, or wait for it with huaweicloud.servicestage.servicestage_job_info"
                              % (self.subject(), status, job_text))
        if running is not None:
            result = wait_for_jobs(self.client, [last_job_id], self.left(), just_started=False, clock=self.clock,
                                   sleep=self.sleep)
            if result.timed_out:
                raise TaskFailure("%s was still busy with job %s after %.0f s: nothing was written. It goes on; run "
                                  "the task again later" % (self.subject(), last_job_id, self.wait_timeout))
        self._wait_for_status(lambda component: component is None or status_of(component)[0] not in BUSY_STATUSES,
                              "to finish its job")

    def _last_job(self, job_id):
        """The component's last job, or None when ServiceStage no longer finds it (404 SVCSTG.00100429: an old
        job); the status decides then."""
        try:
            return JobState(job_id, self.client.job(job_id))
        except HuaweiCloudApiError as error:
            if error.sent is None and error.status == 404 and error.error_code == JOB_NOT_FOUND:
                return None
            raise

    def _wait_for_status(self, done, what):
        """Read the component until done(component), backing off like a job wait, within the deadline."""
        interval = FIRST_POLL_SECONDS
        while not done(self.read()):
            if self.left() < interval:
                raise TaskFailure("%s did not %s within %.0f s (status %s)" % (
                    self.subject(), what, self.wait_timeout, status_of(self.component or {})[0]))
            self.sleep(interval)
            interval = min(MAX_POLL_SECONDS, interval * POLL_GROWTH)

    # -- the writes ----------------------------------------------------------------------------------
    def _checked(self, step, send, done):
        budget = self.client.transport.budget()
        result = checked_write(self.client.transport, budget, Write(step, self.subject(), "reading the component back"),
                               send=send, read=self.read, done=done)
        if result.note:
            self.notes.append(result.note)
        return result

    def create(self, body):
        """POST the component; after a lost answer, the name is looked up (never two creates). Returns
        the job id (None when only reading showed the create, and the component names no job)."""
        def send():
            return self.client.create_component(self.application["id"], body)

        def read():
            found = self.client.find_component(self.application, self.name)
            self.component_id = found["id"] if found else None
            return self.read()

        budget = self.client.transport.budget()
        try:
            result = checked_write(self.client.transport, budget, Write("create", self.subject(), "looking the name up"),
                                   send=send, read=read, done=lambda found: found is not None)
        except HuaweiCloudApiError as error:
            others = self.client.missing("component", self.name, self.application)[1] if error.status == 400 else []
            if not others:
                raise
            raise error.derived("%s. The application has a component called %s, and the API may take names in another "
                                "case for the same: use that name, or another one" % (
                                    error.message.rstrip("."), " and ".join("'%s'" % other for other in others)))
        self.actions.append("create")
        if result.note:
            self.notes.append(result.note)
            return status_of(self.component)[1]
        job_id, self.component_id = result.value
        if self.component_id is None:
            read()
        return job_id

    def upgrade(self, body, settled):
        """PUT the whole spec; settled(component): whether the component as read back shows it carried
        out (the version and source, never only a new job: a second upgrade of the same version must not
        happen). Returns the job id (None when reading showed the PUT and the component names no new job)."""
        return self._write("upgrade", lambda: self.client.update_component(
            self.application["id"], self.component_id, body), lambda found, before_job: settled(found))

    def act(self, action, parameters, settled):
        """POST an action; settled(component, last job id before): whether the component as read back shows it
        carried out. Returns the job id, as for upgrade()."""
        return self._write(action, lambda: self.client.act(self.application["id"], self.component_id, action,
                                                           parameters), settled)

    def _write(self, step, send, settled):
        before_job = status_of(self.component)[1]
        result = self._checked(step, send, done=lambda found: found is not None and settled(found, before_job))
        self.actions.append(step)
        if isinstance(result.value, str):
            return result.value
        job_id = status_of(result.value)[1]
        return job_id if job_id != before_job else None

    def delete(self):
        """DELETE the component; a not-found answer (someone else deleted it meanwhile) is settled by reading."""
        budget = self.client.transport.budget()
        result = checked_write(self.client.transport, budget, Write("delete", self.subject(), "reading the component back"),
                               send=lambda: self.client.delete_component(self.application["id"], self.component_id),
                               read=self.read, done=lambda found: found is None or status_of(found)[0] in GOING,
                               conflict=is_not_found)
        if result.note:
            self.notes.append(result.note)
        if result.by_this_task:
            self.actions.append("delete")

    # -- after a write -------------------------------------------------------------------------------
    def wait_for(self, job_id, write, gray=False):
        """Wait for a write's job (with wait): a failed job or a wait that runs out is a TaskFailure saying
        what was done. A gray release that stops with the component GRAYING is done (paused). A write known
        only by reading it back, whose job the component does not name, is waited for by its status."""
        if job_id is None:
            self.jobs.append({"job_id": None})
            if self.wait:
                self._wait_for_status(lambda component: component is None or status_of(component)[0] not in
                                      BUSY_STATUSES, "to finish its %s" % write)
            return None
        self.jobs.append({"job_id": job_id})  # known even when a poll fails
        if not self.wait:
            return None

        def paused(state):
            if not gray:
                return False
            return status_of(self.read() or {})[0] == GRAYING

        result = wait_for_jobs(self.client, [job_id], self.left(), done=paused, clock=self.clock, sleep=self.sleep)
        state = result.states[job_id]
        self.jobs[-1] = state.view()
        if job_id in result.done_early:
            self.gray_release_paused = True
            return state
        if result.timed_out:
            raise TaskFailure("the %s job %s of %s had not ended after %.0f s (%s). It goes on: wait for it with "
                              "huaweicloud.servicestage.servicestage_job_info (job_id: %s, wait: true)"
                              % (write, job_id, self.subject(), self.wait_timeout, state.status, job_id))
        if not state.succeeded:
            raise TaskFailure("the %s job %s of %s %s" % (write, job_id, self.subject(), state.failure()))
        if gray and status_of(self.read() or {})[0] == GRAYING:
            self.gray_release_paused = True
        return state

    def wait_until_gone(self):
        if self.wait:
            self._wait_for_status(lambda component: component is None, "disappear after its delete")

    def done(self):
        """What was written, for a message: 'create, upgrade' (or 'nothing')."""
        return ", ".join(self.actions) or "nothing"
