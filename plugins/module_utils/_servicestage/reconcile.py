# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one reconcile loop of every resource, for one item or many:

    look up (reads) -> plan (pure) -> refuse -> blockers (wait, or refuse) -> check mode (the plan, no write)
    -> the writes, each through the one checked-write rule -> their waits -> what runs is checked -> read again

A resource describes itself once (``resources/``): how to find it, its plan, its writes and their evidence,
its view; this loop never branches on a resource's kind. Many items (a set module) are all looked up and
planned before the first write, and an item that would be refused fails the task before any write, naming
every such item. Their writes are carried out in order, with at most ``max_parallel`` items in flight (written,
their job not yet ended), and the jobs of every item in flight are polled in the same rounds.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    HuaweiCloudApiError,
    TaskFailure,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import unexpected
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import (
    JobState,
    Pacer,
    may_pass,
    wait_for_jobs,
    wait_until,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import carry_out


class Reconciler:
    """The loop. api: the task's ServiceStageApi; wait: whether writes are waited for; wait_timeout: seconds from
    the task's start for every wait of the task."""

    def __init__(self, api, check_mode=False, wait=True, wait_timeout=1200, clock=time.monotonic, sleep=time.sleep,
                 where=None):
        self.api = api
        # (the step in progress, its service): what an unexpected failure of a read is said to be of
        self.where = where or (lambda: ("lookup", "ServiceStage"))
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.pacer = Pacer(wait_timeout, clock, sleep)
        # how many threads send the items' reads, writes and polls (reconcile()'s max_parallel)
        self.workers = 1

    # -- the phases ----------------------------------------------------------------------------------------
    def reconcile(self, runs, max_parallel=1, stop_on_failure=True, order=None, vet=None):
        """Carry the runs' items out; every failure is recorded in its run (run.failure), never raised. order: a key
        that sorts the planned runs (in place) into the order their writes are carried out in; vet(runs): what a set
        refuses of its planned items together (two items that are one component, say), by setting their plans'
        refused. With max_parallel above one, the items' reads, writes and polls are sent from that many threads at
        once."""
        self.workers = max_parallel
        self._each(runs, self._look)
        if vet is not None and not [run for run in runs if run.plan is None]:
            vet(runs)
        if not self._planned(runs):
            return runs
        if order is not None:
            runs.sort(key=order)
        if not self._settle(runs):
            return runs
        if self.check_mode:
            for run in runs:
                run.actions = list(run.plan.actions)
                run.written = list(run.plan.actions)
            return runs
        self._execute(runs, max_parallel, stop_on_failure)
        self._each([run for run in runs if run.started and not run.fresh], self._read_again)
        return runs

    @staticmethod
    def _planned(runs):
        """Whether every run was looked up and planned, and none is refused; every refusal is its run's failure."""
        for run in runs:
            if run.plan is not None and run.plan.refused and run.failure is None:
                run.failure = TaskFailure(run.plan.refused)
        return not [run for run in runs if run.failure is not None]

    def _each(self, runs, function):
        """function(run) for each run: in turn, or from up to self.workers threads at once. function records every
        failure in its run."""
        if self.workers <= 1 or len(runs) <= 1:
            for run in runs:
                function(run)
            return
        with ThreadPoolExecutor(max_workers=min(self.workers, len(runs))) as pool:
            list(pool.map(function, runs))

    def _look(self, run):
        """Look the item up and plan it; False when that failed (the failure is the run's, and run.plan None)."""
        description = run.description
        try:
            description.look_up()
            run.plan = description.plan()
        except Exception as error:  # pylint: disable=broad-exception-caught
            run.failure = unexpected(self.where()[0], error, self.where()[1])
            return False
        run.notes.extend(note for note in run.plan.notes if note not in run.notes)
        return True

    def _settle(self, runs):
        """Blockers: refused without wait (check mode predicts that refusal), noted in check mode with wait, else
        waited for (jobs together, then each read), and the items looked up and planned again."""
        while True:
            blocked = [run for run in runs if run.plan.blocker is not None]
            if not blocked:
                return True
            if not self.wait:
                for run in blocked:
                    run.failure = TaskFailure(run.plan.blocker.refusal)
                return False
            if self.check_mode:
                for run in blocked:
                    run.notes.append(run.plan.blocker.check)
                return True
            failed = self._wait_out(blocked)
            if failed is not None:
                return False
            self._each(blocked, self._look)
            if not self._planned(runs):
                return False

    def _wait_out(self, blocked):
        """Wait for the blockers; the first run whose blocker did not end in time (its failure set), or None."""
        job_ids = [run.plan.blocker.wait.job_id for run in blocked if run.plan.blocker.wait.job_id]
        if job_ids:
            try:
                result = wait_for_jobs(self.api.v3, job_ids, self.pacer, just_started=False)
            except HuaweiCloudApiError as error:
                blocked[0].failure = error
                return blocked[0]
            for run in blocked:
                job_id = run.plan.blocker.wait.job_id
                if job_id in result.pending():
                    run.failure = TaskFailure("%s was still busy with job %s after %.0f s: nothing was written. It goes "
                                              "on; run the task again later" % (
                                                  run.description.subject(), job_id, self.wait_timeout))
                    return run
        for run in blocked:
            until = run.plan.blocker.wait.until
            if until is None:
                continue
            try:
                value, held = wait_until(until[0], until[1], self.pacer)
            except HuaweiCloudApiError as error:
                run.failure = error
                return run
            if not held:
                run.failure = TaskFailure("%s: nothing was written" % until[2](value, self.wait_timeout))
                return run
        return None

    # -- the writes ----------------------------------------------------------------------------------------
    def _execute(self, runs, max_parallel, stop_on_failure):
        queue = [run for run in runs if run.plan.actions or (run.plan.follow is not None and self.wait)]
        active = []
        round_started = None
        while queue or active:
            while queue and len(active) < max_parallel:
                run = queue.pop(0)
                run.started = True
                active.append(run)
                if not run.plan.actions:
                    run.waiting = (None, run.plan.follow)
            ready = [run for run in active if run.waiting is None]
            self._each(ready, self._advance)
            started = [run for run in ready if run.waiting is not None]
            for run in list(active):
                if run.failure is not None or run.finished:
                    active.remove(run)
                    if run.failure is not None and stop_on_failure:
                        del queue[:]
            if not [run for run in active if run.waiting is not None]:
                continue
            if started or round_started is None:
                self.pacer.restart()
                self.pacer.start()
            elif not self.pacer.pause(round_started):
                for run in active:
                    self._time_out(run)
                return
            round_started = self.pacer.clock()
            self._each([run for run in active if run.waiting is not None], self._poll)

    def _advance(self, run):
        """Carry the run's next writes out until one is to be waited for (run.waiting) or none is left."""
        description = run.description
        while run.step_index < len(run.plan.actions):
            action = run.plan.actions[run.step_index]
            try:
                step = description.step(action)
                result = carry_out(self.api.transport, step.write)
                run.step_index += 1
                if result.note:
                    run.notes.append(result.note)
                try:
                    if step.record is not None:
                        step.record(result)
                    wait = step.then(result) if step.then is not None else None
                except Exception:
                    run.record(action, result.by_this_task, None, step.makes_job)
                    raise
                run.record(action, result.by_this_task, wait.job_id if wait is not None else None, step.makes_job)
            except Exception as error:  # pylint: disable=broad-exception-caught
                run.failure = unexpected(action, error)
                return
            run.fresh = False
            if wait is not None and (self.wait or step.must_wait):
                run.waiting = (step, wait)
                return
        run.finished = True

    def _poll(self, run):
        """One look at what the run waits for; the run goes on, finishes or fails."""
        step, wait = run.waiting
        try:
            if wait.job_id is not None and not self._job_over(run, step, wait):
                return
            if run.failure is None and wait.until is not None:
                run.last_read = wait.until[0]()
                if not wait.until[1](run.last_read):
                    return
        except HuaweiCloudApiError as error:
            if may_pass(error):
                run.last_poll_error = error
                return
            run.failure = error
        except Exception as error:  # pylint: disable=broad-exception-caught
            run.failure = unexpected(self.where()[0], error, self.where()[1])
        run.waiting = None
        if run.failure is None and step is not None and step.verify is not None:
            try:
                problem = step.verify(run.last_job())
                run.fresh = step.verify_reads
            except Exception as error:  # pylint: disable=broad-exception-caught
                # what runs could not be read: the write stands (changed), and the failure says so
                run.failure = unexpected(self.where()[0], error, self.where()[1])
                problem = None
            if problem:
                run.failure = TaskFailure(problem)
        if run.failure is None and run.step_index >= len(run.plan.actions):
            run.finished = True

    def _job_over(self, run, step, wait):
        """Poll the job once: True when the wait for it is over (ended, or paused in a gray release)."""
        answer = self.api.v3.job(wait.job_id, budget=self.pacer.budget(self.api.transport), poll=True)
        state = JobState(wait.job_id, answer)
        if not state.ended and wait.paused is not None and wait.paused():
            state.gray_release_paused = True
            run.gray_release_paused = True
        if run.jobs and run.jobs[-1].get("job_id") == wait.job_id:
            run.jobs[-1] = state.view()
        else:
            run.jobs.append(state.view())
        if state.gray_release_paused:
            return True
        if not state.ended:
            return False
        if not state.succeeded:
            run.failure = TaskFailure("the %s job %s of %s %s" % (
                step.action if step is not None else "running", wait.job_id, run.description.subject(),
                state.failure()))
        return True

    def _time_out(self, run):
        if run.waiting is None:
            return
        step, wait = run.waiting
        last = run.jobs[-1] if run.jobs else {}
        error = run.last_poll_error
        tail = "; the last poll failed: %s" % error.summary() if error is not None else ""
        if wait.job_id is not None and not last.get("ended"):
            run.failure = TaskFailure(
                "the %s job %s of %s had not ended after %.0f s (%s)%s. It goes on: wait for it with "
                "huaweicloud.servicestage.servicestage_job_info (job_id: %s, wait: true)" % (
                    step.action if step is not None else "running", wait.job_id, run.description.subject(),
                    self.wait_timeout, last.get("execution_status"), tail, wait.job_id))
        else:
            run.failure = TaskFailure(wait.until[2](run.last_read, self.wait_timeout) + tail)
        run.waiting = None

    def _read_again(self, run):
        """Read the item again after its writes (also after a failure: the result shows what is there now)."""
        try:
            run.description.read()
        except Exception as error:  # pylint: disable=broad-exception-caught
            if run.failure is None:
                run.failure = unexpected(self.where()[0], error, self.where()[1])
            else:
                run.reread_failed = True
