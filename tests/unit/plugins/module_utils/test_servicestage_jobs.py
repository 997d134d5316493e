# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a job's status means, and the one wait: polls from about a second, backing off to 10 s, several
jobs in the same rounds, bounded by the timeout, ended early when the caller says so."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import (
    JobState,
    Pacer,
    wait_for_jobs,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import lowercase_keys
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import FakeClock


def answer(status, tasks=()):
    return {"job": {"execution_status": status, "job_id": "JOB-1", "job_type": "DAILY_OPERATION"}, "tasks": list(tasks)}


@pytest.mark.parametrize("status, ended, succeeded", [
    ("SUBMITTED", False, False), ("SCHEDULED", False, False), ("RUNNING", False, False),
    ("ROLLBACKING", False, False), ("SUCCEEDED", True, True), ("FAILED", True, False), ("UNKNOWN", True, False),
    ("CANCELLED", True, False), ("PARTIALLY_FAILED", True, False), ("ROLLBACKED", True, False),
    ("SOMETHING_NEW", False, False), (None, False, False),
])
def test_what_each_execution_status_means(status, ended, succeeded):
    state = JobState("JOB-1", answer(status))
    assert (state.ended, state.succeeded) == (ended, succeeded)


def test_a_failed_job_names_its_failing_task_and_messages_and_uppercase_keys_are_read():
    raw = {"JOB": {"EXECUTION_STATUS": "FAILED", "JOB_ID": "JOB-1"}, "TASKS": [
        {"TASK_NAME": "Create the workload", "TASK_STATUS": "SUCCEEDED", "MESSAGES": ""},
        {"TASK_NAME": "Check the workload", "TASK_STATUS": "FAILED", "MESSAGES": ["image pull failed", "back-off"]},
        {"TASK_NAME": "Clean up", "TASK_STATUS": "SKIPPED", "MESSAGES": None}]}
    state = JobState("JOB-1", lowercase_keys(raw))
    assert state.failure() == "ended FAILED: task 'Check the workload' FAILED: image pull failed back-off"
    assert [task["messages"] for task in state.tasks()] == [[], ["image pull failed", "back-off"], []]
    assert state.view()["execution_status"] == "FAILED" and state.view()["succeeded"] is False


class FakeJobs:
    """A v3 client whose jobs end at given times on a fake clock; records each poll's time."""

    def __init__(self, clock, ends, outcome="SUCCEEDED"):
        self.clock, self.ends, self.outcome = clock, ends, outcome
        self.polls = []

        class Transport:
            @staticmethod
            def budget():
                class Budget:
                    seconds = 60.0
                return Budget()

        self.transport = Transport()

    def job(self, job_id, budget=None):
        self.polls.append((job_id, self.clock.now))
        ended = self.clock.now >= self.ends[job_id]
        return answer(self.outcome if ended else "RUNNING")


def test_polls_start_after_about_a_second_and_come_every_fifth_of_the_wait_up_to_ten_seconds():
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": 120.0})
    result = wait_for_jobs(jobs, ["JOB-1"], Pacer(300, clock, clock.sleep))
    times = [when for dummy, when in jobs.polls]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # every second for the first five seconds (a fifth of the wait is less), then a fifth of the wait
    assert times[:6] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0] and gaps[5] == pytest.approx(1.2)
    assert all(gap == pytest.approx(min(10.0, max(1.0, 0.2 * earlier)))
               for earlier, gap in zip(times, gaps)), gaps
    assert max(gaps) == 10.0 and all(gap >= 1.0 for gap in gaps)
    assert result.states["JOB-1"].succeeded and not result.timed_out
    assert times[-1] - 120.0 <= 10.0  # the end is seen within one poll interval
    # a 5 s job is seen ended within a second
    clock, jobs = FakeClock(), None
    jobs = FakeJobs(clock, {"JOB-1": 5.0})
    wait_for_jobs(jobs, ["JOB-1"], Pacer(300, clock, clock.sleep))
    assert jobs.polls[-1][1] - 5.0 <= 1.0


def test_several_jobs_are_polled_in_the_same_rounds_and_the_wait_lasts_as_long_as_the_slowest():
    clock = FakeClock()
    ends = dict(("JOB-%d" % index, 5.0 + index) for index in range(10))
    jobs = FakeJobs(clock, ends)
    result = wait_for_jobs(jobs, sorted(ends), Pacer(300, clock, clock.sleep))
    assert all(state.succeeded for state in result.states.values())
    assert clock.now <= 14.0 + 14.0 * 0.2 + 1.0  # the slowest ends at 14 s: seen within a fifth of the wait
    per_job = dict((job_id, sum(1 for polled, dummy in jobs.polls if polled == job_id)) for job_id in ends)
    # at most one poll a second per job: as many as the seconds it ran, and each once a round
    assert max(per_job.values()) <= 15 and min(per_job.values()) >= 5


def test_the_wait_runs_out_at_its_timeout_and_says_which_jobs_are_pending():
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": 5.0, "JOB-2": 500.0})
    result = wait_for_jobs(jobs, ["JOB-1", "JOB-2"], Pacer(30, clock, clock.sleep))
    assert result.timed_out and result.pending() == ["JOB-2"] and clock.now <= 30.0
    assert result.states["JOB-1"].succeeded


def test_the_caller_may_end_the_wait_for_a_job_that_runs_on():
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": 500.0})
    result = wait_for_jobs(jobs, ["JOB-1"], Pacer(100, clock, clock.sleep), done=lambda state: clock.now >= 3.0)
    assert not result.timed_out and result.done_early == {"JOB-1"} and clock.now < 5.0


def test_a_job_looked_at_is_read_at_once():
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": 0.0}, outcome="FAILED")
    result = wait_for_jobs(jobs, ["JOB-1"], Pacer(100, clock, clock.sleep), just_started=False)
    assert jobs.polls == [("JOB-1", 0.0)] and result.states["JOB-1"].ended and not result.states["JOB-1"].succeeded


@pytest.mark.parametrize("timeout", [30, 31, 45, 120])
def test_the_last_poll_comes_at_most_a_second_before_the_timeout(timeout):
    """The last sleep leaves the time of one poll, and that poll is made: a job that ended a second before the
    timeout is seen as ended, not reported as a wait that ran out."""
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": 10000.0})
    result = wait_for_jobs(jobs, ["JOB-1"], Pacer(timeout, clock, clock.sleep))
    last = jobs.polls[-1][1]
    assert result.timed_out and timeout - 1.0 <= last <= timeout
    clock = FakeClock()
    jobs = FakeJobs(clock, {"JOB-1": last})
    result = wait_for_jobs(jobs, ["JOB-1"], Pacer(timeout, clock, clock.sleep))
    assert result.states["JOB-1"].succeeded and not result.timed_out


class SlowJobs(FakeJobs):
    """Each poll takes 0.3 s of the fake clock."""

    def job(self, job_id, budget=None):
        self.clock.now += 0.3
        return FakeJobs.job(self, job_id, budget)


def test_the_last_round_polls_every_pending_job_when_polls_take_time():
    """A release's fan-out: ten jobs (a round of polls takes 3 s) that end before the last round are all seen
    as ended."""
    clock = FakeClock()
    ends = dict(("JOB-%d" % index, 26.5) for index in range(10))
    jobs = SlowJobs(clock, ends)
    result = wait_for_jobs(jobs, sorted(ends), Pacer(30, clock, clock.sleep))
    assert not result.timed_out and all(state.succeeded for state in result.states.values())
    assert clock.now <= 30.0 + 0.3
