# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one answer to "was it written?", for every resource of the collection.

The transport reports facts: the API's answer, or that the request certainly was not sent, or
that nobody knows. ``checked_write()`` decides what a write of unknown fate means by reading:
the resource says done (the write counts, once), not done (it is sent again, within the retries
and the budget), or nothing (the read failed too: the write may have been carried out). Only
what is read differs per resource (the git/auths list, a component's GET, a name lookup), so
each caller supplies its read; the rule is written here once.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    UNKNOWN,
    HuaweiCloudApiError,
)


class Write:
    """What a write is, for messages: its step ("create"), what it is for ("authorization 'x'"),
    and how it is checked ("listing", "reading the component back")."""

    def __init__(self, step, subject, check="listing"):
        self.step = step
        self.subject = subject
        self.check = check


class WriteResult:
    """What a checked write did.

    value: the API's answer, or what reading back showed;
    by_this_task: False when the read showed the write done by someone else meanwhile (a conflict
    answer, such as "already exists", that reading resolved);
    note: for a warning, when the answer was lost and reading showed the write carried out.
    """

    def __init__(self, value, by_this_task=True, note=None):
        self.value = value
        self.by_this_task = by_this_task
        self.note = note


def is_unknown(error):
    """Whether a failed write may have been carried out: no answer, a 5xx, or a 2xx that cannot be read."""
    return error.sent == UNKNOWN or (error.sent is None and error.status is not None and error.status >= 500)


def checked_write(transport, budget, write, send, read, done, conflict=None, may_send_again=None, explain=None):
    """Carry one write out, never twice, and say who did it (a WriteResult).

    send(): sends the write once (the transport itself sends again only what certainly was not sent).
    read(): reads what tells whether the write was carried out; done(found): whether it was.
    conflict(error): whether an API answer (a 4xx such as "already exists" or "not found") may mean
    that someone else did it meanwhile; reading decides (done: by_this_task is False).
    may_send_again(found): after a write of unknown fate that reading shows not done, whether
    sending again is right (default yes); explain(failure, found): the message when it is not, or
    when a conflict is not resolved by reading.
    A 429 answer is waited out and sent again without a read: Huawei Cloud's API gateway throttles
    before the request reaches the service, so nothing was carried out.
    Raises HuaweiCloudApiError; may_have_written is set when the write may have been carried out.
    """
    sent = 0
    maybe_ours = False  # an attempt of this write may have been carried out
    while True:
        try:
            return WriteResult(send())
        except HuaweiCloudApiError as error:
            sent += error.attempts
            failure = error.derived(attempts=sent)
        unknown = is_unknown(failure)
        if not unknown and failure.status == 429 and sent <= transport.retries:
            transport.pause(failure, sent, budget)
            continue
        if not unknown and not (failure.sent is None and conflict is not None and conflict(failure)):
            if maybe_ours:
                # An earlier attempt may have been carried out and this answer be about it (a name now in use,
                # a job in progress): reading settles it.
                return _settle_after_refusal(failure, read, done, write)
            raise failure
        maybe_ours = maybe_ours or unknown
        try:
            found = read()
        except HuaweiCloudApiError as check_error:
            if not maybe_ours:
                raise failure.derived("%s; %s to check that failed too: %s"
                                      % (failure.message, write.check, check_error.summary()))
            raise failure.derived("%s, so the %s may have been carried out; checking that by %s failed too: %s"
                                  % (failure.message, write.step, write.check, check_error.summary()),
                                  may_have_written=True)
        if done(found):
            note = None
            if unknown:
                note = "%s %s of %s: %s; %s shows it was carried out" % (
                    failure.service, write.step, write.subject, failure.summary(), write.check)
            return WriteResult(found, by_this_task=maybe_ours, note=note)
        if not unknown or (may_send_again is not None and not may_send_again(found)):
            raise failure.derived(explain(failure, found) if explain else failure.message)
        failure = failure.derived("%s; %s shows the %s was not carried out" % (failure.message, write.check, write.step))
        if sent > transport.retries:
            raise failure
        transport.pause(failure, sent, budget)


def _settle_after_refusal(failure, read, done, write):
    """A write sent again after an attempt of unknown fate, and refused: done when reading shows the write
    carried out (the earlier attempt's); else it may have been, and the error says so."""
    try:
        found = read()
    except HuaweiCloudApiError as check_error:
        raise failure.derived("%s; an earlier attempt may have been carried out, and checking that by %s failed too: %s"
                              % (failure.message, write.check, check_error.summary()), may_have_written=True)
    if done(found):
        return WriteResult(found, by_this_task=True, note="%s %s of %s: an earlier attempt's answer was lost and the "
                           "next was refused (%s); %s shows it was carried out" % (
                               failure.service, write.step, write.subject, failure.summary(), write.check))
    raise failure.derived("%s; an earlier attempt, whose answer was lost, may have been carried out" % failure.message,
                          may_have_written=True)
