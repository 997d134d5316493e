# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ServiceStage v3 jobs as servicestage_job_info looks at them: read once, or waited for together (the one waiter),
each in the one shape every module returns a job in (``JobState.view()``)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.component import (
    GRAYING,
    status_of,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import (
    MIN_POLL_SECONDS,
    JobState,
    Pacer,
    unread_job,
    wait_for_jobs,
)

JOB_ID_PATTERN = re.compile(r"JOB[0-9a-fA-F-]{36}\Z")


def job_ids_of(params):
    """The job ids to look at, each once, in the order given; what a task that wrote nothing returns (null, or
    its text as a loop renders it) is left out."""
    return list(dict.fromkeys(job_id.strip() for job_id in params["job_id"] if job_id and job_id.strip()
                              and job_id.strip() not in ("None", "null")))


class GrayWatch:
    """Which jobs' components wait in a paused gray release: the components whose status is GRAYING, by their last
    job (the job answer names no component), read from the components list at most once a second."""

    def __init__(self, client, clock=time.monotonic):
        self.client = client
        self.clock = clock
        self.read_at = None
        self.graying = set()

    def refresh(self):
        self.read_at = self.clock()
        self.graying = set(status_of(item)[1] for item in self.client.components()
                           if status_of(item)[0] == GRAYING and status_of(item)[1])

    def paused(self, state):
        if self.read_at is None or self.clock() - self.read_at >= MIN_POLL_SECONDS:
            self.refresh()
        return state.job_id in self.graying


def look(module):
    """servicestage_job_info: read the jobs, or wait until every one has ended or waits in a paused gray release."""
    params = module.params
    job_ids = job_ids_of(params)

    def input_errors():
        errors = ["job_id %r is not a job id (JOB followed by a UUID)" % job_id for job_id in job_ids
                  if not JOB_ID_PATTERN.match(job_id)]
        if params["wait_timeout"] <= 0:
            errors.append("wait_timeout must be a positive number of seconds")
        return errors

    if not job_ids:
        # every task of the release wrote nothing: nothing to read, nothing sent
        module.exit_json(changed=False, jobs=[], ended=True, succeeded=True, gray_release_paused=False,
                         msg="no job to read")

    def read(api):
        client = api.v3
        watch = GrayWatch(client)
        last_error, timed_out = None, False
        if params["wait"]:
            waited = wait_for_jobs(client, job_ids, Pacer(params["wait_timeout"]), done=watch.paused,
                                   just_started=False)
            states, timed_out, last_error = waited.states, waited.timed_out, waited.last_error
        else:
            states = dict((job_id, JobState(job_id, client.job(job_id))) for job_id in job_ids)
        watch.refresh()
        for state in states.values():
            state.gray_release_paused = state.job_id in watch.graying
        views = [states[job_id].view() if job_id in states else unread_job(job_id) for job_id in job_ids]
        module_result(module, views, timed_out, last_error)

    module.run(read, input_errors)


def module_result(module, views, timed_out, last_error):
    """Exit with the jobs' views: all ended, all succeeded, any paused; a wait that ran out fails naming the jobs
    still running."""
    counts = {}
    for view in views:
        status = view["execution_status"] if not view["gray_release_paused"] else "%s (paused in a gray release)" % (
            view["execution_status"])
        counts[status] = counts.get(status, 0) + 1
    result = dict(changed=False, jobs=views, ended=all(view["ended"] for view in views),
                  succeeded=all(view["succeeded"] for view in views),
                  gray_release_paused=any(view["gray_release_paused"] for view in views))
    if len(views) == 1:
        result["job"] = views[0]
    if timed_out:
        pending = ["%s (%s)" % (view["job_id"], view["execution_status"] or "not read") for view in views
                   if not view["ended"] and not view["gray_release_paused"]]
        module.fail_json(msg="%d of %d jobs had not ended after %d s: %s.%s They go on; wait again to see how they "
                             "end." % (len(pending), len(views), module.params["wait_timeout"], ", ".join(pending),
                                       " The last poll failed: %s." % last_error.summary() if last_error else ""),
                         **result)
    module.exit_json(msg="%d job%s: %s" % (len(views), "" if len(views) == 1 else "s", ", ".join(
        "%d %s" % (number, status) for status, number in sorted(counts.items(), key=str))), **result)
