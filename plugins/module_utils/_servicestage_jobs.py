# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ServiceStage v3 jobs: what a job's status means, and the one place that waits for jobs.

A write (create, upgrade, an action) answers with a job id; ``wait_for_jobs`` polls
``GET /v3/{project_id}/cas/jobs/{job_id}``, never only the component's status (a status still
RUNNING from the old version would end a wait at once, Terraform's race). Polling starts after about
a second and backs off to at most 10 s, bounded by the wait's timeout; several jobs are polled in the
same rounds, so waiting for ten is about as long as waiting for the slowest.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import Budget

# execution_status, by what it means (the CN doc's meanings; Terraform polls CANCELLED, PARTIALLY_FAILED
# and ROLLBACKED until its timeout: they are ends, and failures).
PENDING = ("SUBMITTED", "SCHEDULED", "RUNNING", "ROLLBACKING")
SUCCEEDED = "SUCCEEDED"
FAILED = ("FAILED", "UNKNOWN", "CANCELLED", "PARTIALLY_FAILED", "ROLLBACKED")
FIRST_POLL_SECONDS = 1.0
MAX_POLL_SECONDS = 10.0
POLL_GROWTH = 1.5
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

    def tasks(self):
        """The tasks as a result shows them: name, status, messages (a list of text)."""
        return [dict(task_name=task.get("task_name"), task_status=task.get("task_status"),
                     messages=_messages(task.get("messages")), task_id=task.get("task_id"))
                for task in self.answer["tasks"]]

    def failing_tasks(self):
        return [task for task in self.tasks() if task["task_status"] in FAILED + ("FAILED",)]

    def view(self):
        """The job in a module's result: job_id, execution_status, job_type and the tasks."""
        job = self.answer["job"]
        return dict(job_id=self.job_id, execution_status=self.status, job_type=job.get("job_type"),
                    tasks=self.tasks(), ended=self.ended, succeeded=self.succeeded)

    def failure(self):
        """What a failed job says: its status, and each failing task's name and messages."""
        failing = self.failing_tasks()
        text = "ended %s" % self.status
        for index, task in enumerate(failing):
            text += "%stask '%s' %s" % (": " if index == 0 else "; ", task["task_name"], task["task_status"])
            if task["messages"]:
                text += ": " + " ".join(task["messages"])
        return text


def _messages(value):
    if isinstance(value, list):
        return [str(item) for item in value if item not in (None, "")]
    return [str(value)] if value not in (None, "") else []


class WaitResult:
    """The jobs' last states ({job_id: JobState}), in the order asked, whether the wait ran out, and
    the jobs that ended it early because done() said so (a gray release paused, say)."""

    def __init__(self, states, timed_out, polls, done_early):
        self.states = states
        self.timed_out = timed_out
        self.polls = polls
        self.done_early = done_early

    def pending(self):
        return [job_id for job_id, state in self.states.items() if not state.ended and job_id not in self.done_early]


def wait_for_jobs(client, job_ids, timeout, done=None, just_started=True, clock=time.monotonic, sleep=time.sleep):
    """Poll each job until it ends, or done(state) says the wait for it is over, or timeout seconds
    have passed. just_started: the jobs were started a moment ago, so the first poll is after about a
    second (else at once: a job looked at may have ended long ago). Returns a WaitResult; an API error
    of a poll (after the transport's own retries of a read) is raised."""
    deadline = clock() + timeout
    states, polls, done_early = {}, {}, set()
    interval = FIRST_POLL_SECONDS
    if just_started:
        sleep(min(interval, max(0.0, timeout - MIN_POLL_SECONDS)))
    while True:
        round_started = clock()
        for job_id in job_ids:
            state = states.get(job_id)
            if state is not None and (state.ended or job_id in done_early):
                continue
            left = deadline - clock()
            budget = Budget(max(MIN_POLL_SECONDS, min(left, client.transport.budget().seconds)), clock)
            states[job_id] = JobState(job_id, client.job(job_id, budget=budget))
            polls[job_id] = polls.get(job_id, 0) + 1
            if not states[job_id].ended and done is not None and done(states[job_id]):
                done_early.add(job_id)
        result = WaitResult(dict((job_id, states[job_id]) for job_id in job_ids), False, polls, done_early)
        if not result.pending():
            return result
        # The last sleep leaves the time of one more round (as long as the last one took, a second at
        # least), and that round polls every job still pending: a job that ended just before the
        # timeout is seen as ended, however many jobs there are.
        reserve = max(MIN_POLL_SECONDS, clock() - round_started)
        left = deadline - clock()
        if left <= reserve:
            result.timed_out = True
            return result
        sleep(min(interval, left - reserve))
        interval = min(MAX_POLL_SECONDS, interval * POLL_GROWTH)
