# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Carry a plan for repository authorizations out: list once, then each step in order, every
write through ``_checked_write.checked_write`` (with the git/auths list as its read), each step's
result recorded as it succeeds so that a failure can say what was done. In check mode only the
list is sent and each step reports what it would do."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._checked_write import Write, checked_write
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_plan import (
    MANAGED_TOKEN_TYPES,
    create_body,
    not_managed,
    plan,
    plan_set,
    secret_name,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import (
    ALREADY_EXISTS,
    NO_AUTHORIZATION,
)

# Who carried a delete or a create out.
THIS_TASK = "this task"
SOMEONE_ELSE = "someone else"


class StepResult:
    """What one step of the plan did (or would do, in check mode).

    deleted_by, created_by: THIS_TASK, SOMEONE_ELSE (meanwhile, as wanted) or None;
    error: the API error the step stopped at, or None.
    """

    def __init__(self, action, name, item, decision):
        self.action = action
        self.name = name
        self.item = item
        self.decision = decision
        self.deleted_by = None
        self.created_by = None
        self.error = None

    @property
    def wrote(self):
        return THIS_TASK in (self.deleted_by, self.created_by)

    @property
    def done_meanwhile(self):
        """What someone else did meanwhile instead of this task, as wanted: created, deleted,
        replaced (both), or None."""
        if self.created_by == SOMEONE_ELSE and self.deleted_by == SOMEONE_ELSE:
            return "replaced"
        if self.created_by == SOMEONE_ELSE:
            return "created"
        if self.deleted_by == SOMEONE_ELSE:
            return "deleted"
        return None


class Outcome:
    """What a run did (or, in check mode, would do): the result of every step, in plan order."""

    def __init__(self, holdings, steps, check_mode):
        self.holdings = holdings
        self.steps = steps
        self.check_mode = check_mode
        # What the API holds for each name once its step is done (None: nothing), as far as known.
        self.after = dict(holdings)
        # What the user should know although the run went on (an answer that had to be checked).
        self.notes = [step.decision.note for step in steps if step.decision.note]
        self.failed = None  # the StepResult the run stopped at

    @property
    def error(self):
        return self.failed.error if self.failed else None

    @property
    def refused(self):
        """[(name, why)] of the items of a kind the collection does not manage: nothing is written then."""
        return [(step.name, step.decision.reason) for step in self.steps if step.action == "refuse"]

    def names(self, kind):
        """The names of the steps that created, recreated, deleted or left unchanged an authorization."""
        return [step.name for step in self.steps if _kind_of(step) == kind]

    @property
    def changed(self):
        return any(step.wrote for step in self.steps) or bool(self.error is not None and self.error.may_have_written)

    def may_have_written(self):
        """True when the failed write may have been carried out although it failed."""
        return self.error is not None and self.error.may_have_written

    def done(self):
        """What was written, for a message: 'created a, b; deleted c' (or 'nothing')."""
        parts = ["%s %s" % (verb, ", ".join(self.names(kind))) for verb, kind in (
            ("created", "created"), ("re-created", "recreated"), ("deleted", "deleted")) if self.names(kind)]
        return "; ".join(parts) or "nothing"


def _kind_of(step):
    """created, recreated, deleted, unchanged, or None (not reached, refused, failed without writing)."""
    if step.action == "none":
        return "unchanged"
    if step.error is not None:
        # a re-create that deleted and then failed to create: the authorization is gone
        return "deleted" if step.action == "recreate" and step.deleted_by == THIS_TASK else None
    if step.action in ("delete", "purge"):
        if step.deleted_by == THIS_TASK:
            return "deleted"
        return "unchanged" if step.deleted_by == SOMEONE_ELSE and step.item is not None else None
    if step.created_by is None and step.deleted_by is None:
        return None  # not reached
    if step.wrote:
        return "created" if step.action == "create" else "recreated"
    return "unchanged"


def reconcile(client, items, purge=False, check_mode=False, purge_match=None):
    """List once, plan, and carry the plan out in order; stop at the first failure.

    Nothing is written (in check mode neither) when an item names an authorization of a kind
    the collection does not manage: outcome.refused says which. Returns the Outcome.
    """
    holdings = dict((authorization["name"], authorization) for authorization in client.list())
    steps = [StepResult(action, name, item, decision)
             for action, name, item, decision in plan_set(items, holdings, purge, purge_match)]
    outcome = Outcome(holdings, steps, check_mode)
    if outcome.refused:
        return outcome
    for step in steps:
        try:
            _carry_out(client, step, outcome)
        except HuaweiCloudApiError as error:
            step.error = error
        except Exception as error:  # pylint: disable=broad-exception-caught
            # Not the API's: still report what was written before it, never its text.
            step.error = HuaweiCloudApiError.unexpected(
                "delete" if step.action in ("delete", "purge") or step.deleted_by is None and step.action == "recreate"
                else "create", error)
        if step.error is not None:
            outcome.failed = step
            break
    return outcome


def _carry_out(client, step, outcome):
    if step.action == "none":
        return
    if outcome.check_mode:
        if step.action in ("delete", "purge", "recreate"):
            step.deleted_by = THIS_TASK
            outcome.after[step.name] = None
        if step.action in ("create", "recreate"):
            step.created_by = THIS_TASK
            outcome.after[step.name] = dict(step.item.want)
        return
    if step.action in ("delete", "purge", "recreate"):
        step.deleted_by = _delete(client, step.name, outcome)
    if step.action in ("create", "recreate"):
        step.created_by = _create(client, step.name, step.item, outcome)
        if step.created_by == SOMEONE_ELSE and step.action == "recreate":
            # Someone else's authorization stands under the name now, with their secret, not this task's.
            outcome.notes.append("authorization '%s' was created meanwhile by someone else with the wanted fields: "
                                 "it holds their %s, not the one this task gives; run the task again to set yours"
                                 % (step.name, secret_name(step.item.want["token_type"])))


def _noted(outcome, result):
    if result.note:
        outcome.notes.append(result.note)
    return THIS_TASK if result.by_this_task else SOMEONE_ELSE


def _listed(client, name, budget, outcome):
    """The authorization called name, as the list shows it now (recorded as what the API holds)."""
    found = client.find(name, budget)
    outcome.after[name] = found
    return found


def _delete(client, name, outcome):
    """Delete name; who deleted it (this task, or someone else meanwhile)."""
    budget = client.transport.budget()
    result = checked_write(
        client.transport, budget, Write("delete", "authorization '%s'" % name),
        send=lambda: client.delete(name, budget),
        read=lambda: _listed(client, name, budget, outcome),
        done=lambda found: found is None,
        conflict=lambda error: error.status == 404 or error.error_code == NO_AUTHORIZATION,
        explain=lambda failure, found: "%s; listing shows authorization '%s' is still there" % (failure.message, name))
    outcome.after[name] = None
    return _noted(outcome, result)


def _create(client, name, item, outcome):
    """Create the item's authorization; who created it (this task, or someone else meanwhile, as wanted)."""
    want = item.want
    budget = client.transport.budget()
    result = checked_write(
        client.transport, budget, Write("create", "authorization '%s'" % name),
        send=lambda: client.create(name, want["repo_type"], want["token_type"], create_body(want, item.secret), budget),
        read=lambda: _listed(client, name, budget, outcome),
        done=lambda found: found is not None and plan(want, found)[0] == "none",
        conflict=lambda error: error.error_code == ALREADY_EXISTS,
        may_send_again=lambda found: found is None,
        explain=lambda failure, found: _conflict_message(failure, name, found))
    outcome.after[name] = result.value
    return _noted(outcome, result)


def _conflict_message(failure, name, found):
    if found is not None and found.get("token_type") not in MANAGED_TOKEN_TYPES:
        return "%s; %s" % (failure.message, not_managed(found))
    if found is not None:
        return ("%s; authorization '%s' was created by someone else while this task ran, with repo_type '%s' and "
                "repo_user '%s' (token_type '%s'): run the task again to replace it"
                % (failure.message, name, found.get("repo_type"), found.get("repo_user"), found.get("token_type")))
    return "%s; listing shows no authorization '%s' either" % (failure.message, name)
