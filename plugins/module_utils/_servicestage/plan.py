# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a resource's plan says, and what the reconcile loop does with it.

A resource's ``plan()`` is pure: from what the task wants and what was read, a ``Plan``. Its family rules are
fields, never branches of the loop: ``refused`` (the task cannot be carried out: nothing is written, in check
mode neither), ``blocker`` (something must end first: a job in progress, a component being deleted, components
being deleted; waited for with ``wait``, else refused, and check mode predicts which), ``actions`` (the writes,
in order; ``recreate`` where the API has no update call), and ``follow`` (nothing to write, but something to
wait for and report, such as the job a component is busy with). Each write is a ``Step``: a checked ``Write``,
what to wait for after it, and what to check once it is done.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class Plan:
    """actions: the writes, in order ([] for none); reason: why ("version differs", "it does not exist");
    refused: why nothing can be written (a message), or None; blocker: a Blocker, or None; follow: a Wait for a
    task that writes nothing, or None; message: what the task says when it writes nothing (default: as wanted);
    notes: warnings."""

    def __init__(self, actions=(), reason="", refused=None, blocker=None, follow=None, message=None, notes=()):
        self.actions = list(actions)
        self.reason = reason
        self.refused = refused
        self.blocker = blocker
        self.follow = follow
        self.message = message
        self.notes = list(notes)


class Wait:
    """What to wait for: a job's end (job_id; paused(): whether the job's component waits in a gray release,
    which ends the wait early), and then, or instead, a read until a predicate holds (until: (read, predicate,
    what, for the message of a wait that runs out))."""

    def __init__(self, job_id=None, until=None, paused=None):
        self.job_id = job_id
        self.until = until
        self.paused = paused


class Blocker:
    """Something that must end before the task can write: waited for (wait: true), or refused (refusal: the
    message, which says nothing was written). check: what a check mode run with wait says instead."""

    def __init__(self, refusal, wait, check):
        self.refusal = refusal
        self.wait = wait
        self.check = check


class Step:
    """One write of a plan: the Write, what to wait for after it (a Wait built from the write's answer:
    then(answer) -> Wait or None), whether a later step needs it to end even without wait (must_wait), and
    verify(job): after a wait that ended well (job: the job's view), a message when what runs is not what was asked
    for (else None); record(result): what the description learns from the write's WriteResult; makes_job: the write
    answers with a job (its job is in the result); verify_reads: verify reads the item again (nothing to read after
    it)."""

    def __init__(self, action, write, then=None, must_wait=False, verify=None, record=None, makes_job=False,
                 verify_reads=False):
        self.action = action
        self.write = write
        self.makes_job = makes_job
        self.verify_reads = verify_reads
        self.then = then
        self.must_wait = must_wait
        self.verify = verify
        self.record = record
