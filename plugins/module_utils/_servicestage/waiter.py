# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place that waits: for ServiceStage v3 jobs to end, and for a read to satisfy a predicate
(a component idle, a component gone, an application's components gone).

A write (create, upgrade, an action) answers with a job id; a job is waited for by polling
``GET /v3/{project_id}/cas/jobs/{job_id}``, never only the component's status (a status still RUNNING
from the old version would end a wait at once, Terraform's race). Polling starts after about a second
and backs off to at most 10 s, bounded by the wait's deadline; several jobs are polled in the same
rounds, so waiting for ten is about as long as waiting for the slowest. A poll that fails for a reason
that may pass (a 5xx, a 429, a connection that broke) does not end a wait: the next round polls again,
until the deadline, and a wait that runs out says what the last failure was.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import Budget

# execution_status, by what it means (the CN doc's meanings; Terraform polls CANCELLED, PARTIALLY_FAILED
# and ROLLBACKED until its timeout: they are ends, and failures).
PENDING = ("SUBMITTED", "SCHEDULED", "RUNNING", "ROLLBACKING")
SUCCEEDED = "SUCCEEDED"
FAILED = ("FAILED", "UNKNOWN", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED")
FIRST_POLL_SECONDS = 1.0
MAX_POLL_SECONDS = 10.0
# A wait looks again after this part of the time it has waited so far (1 s at least, 10 s at most): something
# that ends is seen within a fifth of its time, and a long job is not polled more than it must be.
POLL_FRACTION = 0.2
# A poll is not started with less time than this left of the wait.
MIN_POLL_SECONDS = 1.0


class JobState:
    """A job as last read: its answer (keys lowercase), and what its status means."""

    def __init__(self, job_id, answer):
        self.job_id = job_id
        self.answer = answer
        job = answer["job"]
        self.status = job.get("execution_status") if isinstance(job.get("execution_status"), str) else None
        self.ended = self.status == SUCCEEDED or self.status in FAILED
        self.succeeded = self.status == SUCCEEDED
        # set by a wait that saw the job's component pause in a gray release (GRAYING, waiting for continue_deploy)
        self.gray_release_paused = False

    def tasks(self):
        """The tasks as a result shows them: name, status, messages (a list of text)."""
        return [dict(task_name=task.get("task_name"), task_status=task.get("task_status"),
                     messages=_messages(task.get("messages")), task_id=task.get("task_id"))
                for task in self.answer["tasks"]]

    def failing_tasks(self):
        return [task for task in self.tasks() if task["task_status"] in FAILED]

    def view(self):
        """The job in every module's result: job_id, execution_status, job_type, the tasks, ended, succeeded and
        gray_release_paused."""
        job = self.answer["job"]
        return dict(job_id=self.job_id, execution_status=self.status, job_type=job.get("job_type"),
                    tasks=self.tasks(), ended=self.ended, succeeded=self.succeeded,
                    gray_release_paused=self.gray_release_paused)

    def failure(self):
        """What a failed job says: its status, and each failing task's name and messages."""
        text = "ended %s" % self.status
        for index, task in enumerate(self.failing_tasks()):
            text += "%stask '%s' %s" % (": " if index == 0 else "; ", task["task_name"], task["task_status"])
            if task["messages"]:
                text += ": " + " ".join(task["messages"])
        return text


def unread_job(job_id):
    """A job in the shape every module returns one in, before it is read (wait: false), or none at all (job_id null:
    nothing was written)."""
    return dict(job_id=job_id, execution_status=None, job_type=None, tasks=[], ended=False, succeeded=False,
                gray_release_paused=False)


def _messages(value):
    if isinstance(value, list):
        return [str(item) for item in value if item not in (None, "")]
    return [str(value)] if value not in (None, "") else []


def may_pass(error):
    """Whether a failed read may succeed if tried again a little later: a 5xx or 429 answer, or no answer."""
    if error.sent is not None:
        return error.transient
    return error.status is not None and (error.status >= 500 or error.status == 429)


class Pacer:
    """The pace of a wait: a look after about a second, then every POLL_FRACTION of the time waited so far (between
    FIRST_POLL_SECONDS and MAX_POLL_SECONDS), within a deadline. The last pause leaves the time of one more round (as
    long as the last one took, a second at least), so that what ended just before the deadline is seen as ended,
    however many things are looked at."""

    def __init__(self, timeout, clock=time.monotonic, sleep=time.sleep, deadline=None):
        self.clock = clock
        self.sleep = sleep
        self.deadline = clock() + timeout if deadline is None else deadline
        self.restart()

    def restart(self):
        """Something new to wait for (a job just started): look again after about a second."""
        self.since = self.clock()
        self.interval = FIRST_POLL_SECONDS

    def left(self):
        return max(0.0, self.deadline - self.clock())

    def start(self):
        """The first pause, for something started a moment ago."""
        self.sleep(min(self.interval, max(0.0, self.left() - MIN_POLL_SECONDS)))

    def budget(self, transport):
        """The budget of one read within the wait (the transport's own, unless less time is left)."""
        return Budget(max(MIN_POLL_SECONDS, min(self.left(), transport.budget().seconds)), self.clock)

    def pause(self, round_started):
        """Sleep until the next round; False (without sleeping) when there is no time for one."""
        reserve = max(MIN_POLL_SECONDS, self.clock() - round_started)
        left = self.deadline - self.clock()
        if left <= reserve:
            return False
        self.sleep(min(self.interval, left - reserve))
        self.interval = min(MAX_POLL_SECONDS, max(FIRST_POLL_SECONDS, POLL_FRACTION * (self.clock() - self.since)))
        return True


class WaitResult:
    """The jobs' last states ({job_id: JobState}, in the order asked; a job never read is missing), whether the
    wait ran out, how often each job was polled, the jobs that ended it early because done() said so (a gray
    release paused, say), and the last failure of a poll that may pass, if any."""

    def __init__(self, job_ids, states, timed_out, polls, done_early, last_error):
        self.states = dict((job_id, states[job_id]) for job_id in job_ids if job_id in states)
        self.job_ids = list(job_ids)
        self.timed_out = timed_out
        self.polls = polls
        self.done_early = done_early
        self.last_error = last_error

    def pending(self):
        return [job_id for job_id in self.job_ids if job_id not in self.done_early and not (
            job_id in self.states and self.states[job_id].ended)]


def wait_for_jobs(client, job_ids, pacer, done=None, just_started=True):
    """Poll each job until it ends, or done(state) says the wait for it is over, or the pacer's deadline has
    passed. just_started: the jobs were started a moment ago, so the first poll is after about a second (else at
    once: a job looked at may have ended long ago). A poll that fails for a reason that may pass is tried again in
    the next round; any other failure is raised. Returns a WaitResult."""
    states, polls, done_early, last_error = {}, {}, set(), None
    if just_started:
        pacer.start()
    while True:
        round_started = pacer.clock()
        for job_id in job_ids:
            state = states.get(job_id)
            if job_id in done_early or (state is not None and state.ended):
                continue
            polls[job_id] = polls.get(job_id, 0) + 1
            try:
                answer = client.job(job_id, budget=pacer.budget(client.transport), poll=True)
                states[job_id] = state = JobState(job_id, answer)
            except HuaweiCloudApiError as error:
                if not may_pass(error):
                    raise
                last_error = error
                continue
            if not state.ended and done is not None and done(state):
                done_early.add(job_id)
        result = WaitResult(job_ids, states, False, polls, done_early, last_error)
        if not result.pending():
            return result
        if not pacer.pause(round_started):
            result.timed_out = True
            return result


def wait_until(read, predicate, pacer):
    """Read until predicate(what was read) holds, or the pacer's deadline has passed; a read that fails for a
    reason that may pass is tried again in the next round. Returns (the last value read, whether it held)."""
    value = None
    while True:
        round_started = pacer.clock()
        try:
            value = read()
            if predicate(value):
                return value, True
        except HuaweiCloudApiError as error:
            if not may_pass(error):
                raise
        if not pacer.pause(round_started):
            return value, False
