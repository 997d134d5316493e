# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every failure of the collection, in one place: an API step that failed (``HuaweiCloudApiError``:
what the API said, never what was sent), and a task that cannot go on (``TaskFailure``: refused
before a write, a job that failed, a wait that ran out). Nothing here imports anything of the
collection: every layer may raise these."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Sent: the request certainly never left (no), or nobody knows (unknown). None: the API answered.
NOT_SENT = "no"
UNKNOWN = "unknown"


class HuaweiCloudApiError(Exception):
    """A failed API step. Carries what the API said, never what was sent.

    status: the HTTP status the API answered (also set for a 2xx whose body cannot be read);
    sent: NOT_SENT, UNKNOWN, or None when the API's answer was read;
    may_have_written: set by the write layer when a write may have been carried out although it failed;
    transient: False when sending again cannot help (a certificate that does not verify, a body
    that is not JSON);
    retry_after: seconds the API asked to wait (Retry-After), or None;
    empty_body: whether the error answer had no body at all (a 404 without one is a documented not-found,
    a 404 page of a proxy or of a wrong endpoint is not).
    """

    def __init__(self, step, message, status=None, error_code=None, error_msg=None, request_id=None,
                 attempts=1, sent=None, transient=True, retry_after=None, may_have_written=False, service="ServiceStage",
                 empty_body=False):
        super(HuaweiCloudApiError, self).__init__(message)
        self.service = service
        self.step = step
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.attempts = attempts
        self.sent = sent
        self.transient = transient
        self.retry_after = retry_after
        self.may_have_written = may_have_written
        self.empty_body = empty_body

    def details(self):
        """The fields a module returns with fail_json."""
        return dict(step=self.step, status=self.status, error_code=self.error_code,
                    error_msg=self.error_msg, request_id=self.request_id, attempts=self.attempts)

    def headline(self):
        """What failed, in the service's name: "ServiceStage list", "IAM login", "IAM project lookup"."""
        return self.step if self.step.startswith(self.service) else "%s %s" % (self.service, self.step)

    def summary(self):
        """One line for a message: status, code, API message, request id and attempts."""
        text = self.message
        if self.request_id:
            text += " (request id %s)" % self.request_id
        if self.attempts > 1:
            text += " after %d attempts" % self.attempts
        return text

    def derived(self, message=None, **changes):
        """A copy of this error with another message or fields (the original stays as it was)."""
        fields = dict(step=self.step, message=self.message if message is None else message, status=self.status,
                      error_code=self.error_code, error_msg=self.error_msg, request_id=self.request_id,
                      attempts=self.attempts, sent=self.sent, transient=self.transient,
                      retry_after=self.retry_after, may_have_written=self.may_have_written, service=self.service,
                      empty_body=self.empty_body)
        fields.update(changes)
        return HuaweiCloudApiError(**fields)

    @classmethod
    def unexpected(cls, step, exception, service="ServiceStage"):
        """An error for an exception that is not the API's: its type only, never its text."""
        return cls(step, "unexpected %s (its text is not shown: it may hold request data). This is a bug of the "
                   "collection; please report it with the step and the type" % type(exception).__name__,
                   service=service)


class TaskFailure(Exception):
    """A failure that is not an API error: a task refused before any write (a busy component, a field that
    cannot change, a missing application), a job that failed, a wait that ran out.

    error: the API's answer when it was the API that refused (its status, code, message and request id go
    into the result), else None."""

    def __init__(self, message, error=None):
        super(TaskFailure, self).__init__(message)
        self.message = message
        self.error = error
