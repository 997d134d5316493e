# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one answer to "was it written?", for every write of the collection.

The transport reports facts: the API's answer, or that the request certainly was not sent, or that
nobody knows. ``carry_out(write)`` decides what a write of unknown fate means by reading its
evidence: what proves the write happened (a listed name after a create, a new ``last_job_id`` after
a PUT or an action, a new ``update_time``, an object gone after a delete), never a re-comparison of
fields the server may normalise. Done: the write counts, once. Not done: it is sent again, within
the retries and the step's budget. The read failed too: the write may have been carried out, and
the error says so (``may_have_written``). A resource describes each of its writes as a ``Write``;
the rule is written here once.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    UNKNOWN,
    HuaweiCloudApiError,
)


class Write:
    """One write, as its resource describes it.

    step: what it is called in messages ("create", "upgrade", "delete", an action's name);
    subject: what it is for ("component 'cart' of application 'shop'");
    send(): sends it once (the transport itself sends again only what certainly was not sent);
    read(): reads the evidence; done(found): whether found proves the write carried out;
    check: how the evidence is read, for messages ("listing", "reading the component back");
    conflict(error): whether an API answer (a 4xx such as "already exists" or "not found") may mean that
    someone else did it meanwhile (reading decides: done, then by_this_task is False);
    resend(found): after a write of unknown fate that reading shows not done, whether sending again is
    right (default: yes); explain(failure, found): the message when it is not, or when a conflict
    is not resolved by reading.
    """

    def __init__(self, step, subject, send, read, done, check="reading it back", conflict=None, resend=None,
                 explain=None):
        self.step = step
        self.subject = subject
        self.send = send
        self.read = read
        self.done = done
        self.check = check
        self.conflict = conflict
        self.resend = resend
        self.explain = explain


class WriteResult:
    """What a carried-out write did.

    value: the API's answer, or what reading the evidence showed;
    by_this_task: False when reading showed the write done by someone else meanwhile (a conflict answer,
    such as "already exists", that reading resolved);
    note: for a warning, when the answer was lost and reading showed the write carried out.
    """

    def __init__(self, value, by_this_task=True, note=None, answered=True):
        self.value = value
        self.by_this_task = by_this_task
        self.note = note
        self.answered = answered


def is_unknown(error):
    """Whether a failed write may have been carried out: no answer, a 5xx, or a 2xx that cannot be read."""
    return error.sent == UNKNOWN or (error.sent is None and error.status is not None and error.status >= 500)


def carry_out(transport, write):
    """Carry one write out, never twice, and say who did it (a WriteResult). Its attempts, waits and checks share
    one budget. A 429 answer is waited out and sent again without a read: Huawei Cloud's API gateway throttles
    before the request reaches the service. Raises HuaweiCloudApiError; may_have_written is set when the write may
    have been carried out."""
    budget = transport.budget()
    end = transport.within(budget)
    try:
        return _carry_out(transport, write, budget)
    finally:
        end()


def _carry_out(transport, write, budget):
    sent = 0
    maybe_ours = False  # an attempt of this write may have been carried out
    while True:
        try:
            return WriteResult(write.send())
        except HuaweiCloudApiError as error:
            sent += error.attempts
            failure = error.derived(attempts=sent)
        unknown = is_unknown(failure)
        if not unknown and failure.status == 429 and sent <= transport.retries:
            transport.pause(failure, sent, budget)
            continue
        conflict = failure.sent is None and write.conflict is not None and write.conflict(failure)
        if not unknown and not conflict:
            if maybe_ours:
                # An earlier attempt may have been carried out and this answer be about it (a name now in use,
                # a job in progress): reading settles it.
                return _settle_after_refusal(failure, write)
            raise failure
        maybe_ours = maybe_ours or unknown
        found = _evidence(failure, write, maybe_ours)
        if write.done(found):
            note = None
            if unknown:
                note = "%s %s of %s: %s; %s shows it was carried out" % (
                    failure.service, write.step, write.subject, failure.summary(), write.check)
            return WriteResult(found, by_this_task=maybe_ours, note=note, answered=False)
        if not unknown or (write.resend is not None and not write.resend(found)):
            raise failure.derived(write.explain(failure, found) if write.explain else failure.message)
        failure = failure.derived("%s; %s shows the %s was not carried out" % (failure.message, write.check, write.step))
        if sent > transport.retries:
            raise failure
        transport.pause(failure, sent, budget)


def _evidence(failure, write, maybe_ours):
    """What reading the evidence shows; a read that fails too is an error that says what is known."""
    try:
        return write.read()
    except HuaweiCloudApiError as check_error:
        if not maybe_ours:
            raise failure.derived("%s; %s to check that failed too: %s"
                                  % (failure.message, write.check, check_error.summary()))
        raise failure.derived("%s, so the %s may have been carried out; checking that by %s failed too: %s"
                              % (failure.message, write.step, write.check, check_error.summary()),
                              may_have_written=True)


def _settle_after_refusal(failure, write):
    """A write sent again after an attempt of unknown fate, and refused: done when reading shows the write
    carried out (the earlier attempt's); else it may have been, and the error says so."""
    try:
        found = write.read()
    except HuaweiCloudApiError as check_error:
        raise failure.derived("%s; an earlier attempt may have been carried out, and checking that by %s failed too: %s"
                              % (failure.message, write.check, check_error.summary()), may_have_written=True)
    if write.done(found):
        return WriteResult(found, by_this_task=True, answered=False, note=(
            "%s %s of %s: an earlier attempt's answer was lost and the next was refused (%s); %s shows it was carried "
            "out" % (failure.service, write.step, write.subject, failure.summary(), write.check)))
    raise failure.derived("%s; an earlier attempt, whose answer was lost, may have been carried out" % failure.message,
                          may_have_written=True)
