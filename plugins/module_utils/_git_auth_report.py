# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a reconcile run tells the user: messages, warnings, the diff, and the module's exit.

``ensure()`` (one authorization) and ``ensure_set()`` (a set) run ``_git_auth_apply.reconcile()``
and turn its outcome into the module's result. Secrets appear only as markers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_apply import THIS_TASK, reconcile
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_plan import (
    MANAGED_TOKEN_TYPES,
    listed_status,
    normalized_host,
    repo_kind,
    secret_name,
    status_text,
)

# Shown in a diff in place of a secret: kept as it is, set on a new authorization, or replaced.
SECRET_KEPT = "<hidden>"
SECRET_SET = "<hidden: set>"
SECRET_REPLACED = "<hidden: replaced>"
DIFF_FIELDS = ("name", "repo_type", "repo_user", "repo_host", "repo_home", "token_type", "status")

# What each action did, and what it would do in check mode.
MESSAGES = {
    "none": ("authorization '%s' is already as wanted", "authorization '%s' is already as wanted"),
    "create": ("created authorization '%s'", "would create authorization '%s'"),
    "recreate": ("replaced authorization '%s' (deleted and created again)", "would replace authorization '%s'"),
    "delete": ("deleted authorization '%s'", "would delete authorization '%s'"),
}


def meanwhile_message(step):
    """What happened to a step's authorization while the task ran, when someone else did (part of) it."""
    name, done = step.name, step.done_meanwhile
    if step.action == "recreate" and done == "created":
        return "deleted authorization '%s' to replace it, and someone else created it meanwhile, as wanted" % name
    if step.action == "recreate" and done == "deleted":
        return "replaced authorization '%s': someone else had deleted it meanwhile" % name
    if done == "replaced":
        return "authorization '%s' was deleted and created again meanwhile by someone else" % name
    return "authorization '%s' was %s meanwhile by someone else%s" % (name, done, ", as wanted" if done == "created" else "")


def with_status_text(authorization):
    """An authorization as the result shows it: as the API returns it, and what its status means."""
    if not authorization:
        return {}
    shown = dict(authorization)
    if "status" in shown:
        shown["status_text"] = status_text(shown["status"])
    return shown


def diff_view(fields, marker=None):
    """The diff's view of one authorization: its known fields and, for a secret, only a marker."""
    if not fields:
        return {}
    view = dict((key, fields.get(key)) for key in DIFF_FIELDS if fields.get(key) is not None)
    if marker and fields.get("token_type") in MANAGED_TOKEN_TYPES:
        view[secret_name(fields["token_type"])] = marker
    return view


def written_view(have, want):
    """A written authorization in the diff: what exists, overlaid with the wanted fields and the
    secret's marker (set on a new one, replaced on an existing one), in check mode and real runs alike.
    An authorization of another kind (token type or repository type) is replaced by a new one:
    nothing of the old one carries over; the status of a written one is not known until it is listed."""
    same_kind = have and have.get("token_type") == want["token_type"] and (
        repo_kind(have.get("repo_type")) == repo_kind(want["repo_type"]))
    view = diff_view(have) if same_kind else {}
    # what the API works out when it creates one (its status, the user's page) is not known until it is listed
    view.pop("status", None)
    view.pop("repo_home", None)
    view.update((key, normalized_host(value) if key == "host" else value) for key, value in want.items())
    view[secret_name(want["token_type"])] = SECRET_REPLACED if same_kind else SECRET_SET
    return view


def diff_views(outcome, items):
    """(before, after): {name: view} of the listed and the deleted authorizations, secrets as
    markers, never values."""
    wants = dict((item.name, item.want) for item in items)
    steps = dict((step.name, step) for step in outcome.steps)
    names = sorted(set(wants) | set(outcome.names("deleted")))
    before, after = {}, {}
    for name in names:
        have = outcome.holdings.get(name)
        before[name] = diff_view(have, SECRET_KEPT)
        step = steps.get(name)
        if step is not None and step.created_by == THIS_TASK and step.error is None:
            after[name] = written_view(have, wants[name])
        else:
            after[name] = diff_view(outcome.after.get(name), SECRET_KEPT)
    return before, after


def warn(module, outcome, names, repair):
    """Warn with every note of the run, and with each named authorization whose status, as listed,
    says ServiceStage cannot pull with it. repair: the option setting that replaces its secret then."""
    for note in outcome.notes:
        module.warn(note + ".")
    for name in names:
        warn_status(module, outcome.after.get(name), repair)


def warn_status(module, authorization, repair=None):
    """A warning when an authorization's listed status is not 0 (normal); none when it lists none."""
    if authorization and authorization.get("status") is not None and listed_status(authorization["status"]) != 0:
        module.warn("authorization '%s' is %s (status %s): ServiceStage cannot pull with it%s." % (
            authorization.get("name"), status_text(authorization["status"]), authorization["status"],
            "; to replace its %s when the list says so, set %s" % (secret_name(authorization.get("token_type")), repair)
            if repair else ""))


def refusal_message(outcome):
    return "Nothing was written: %s." % "; ".join(reason for dummy, reason in outcome.refused)


def reported(render):
    """render(module, client, ...) whose failure after the writes (an error that is not the API's, while the
    result is made) still says what was written: changed, and the names."""
    def report(module, client, *args, **kwargs):
        outcomes = []
        try:
            return render(module, client, outcomes.append, *args, **kwargs)
        except Exception as error:  # pylint: disable=broad-exception-caught
            if not outcomes:
                raise
            outcome = outcomes[0]
            failure = HuaweiCloudApiError.unexpected("report", error)
            module.fail_api(failure, changed=outcome.changed, created=sorted(outcome.names("created")),
                            recreated=sorted(outcome.names("recreated")), deleted=sorted(outcome.names("deleted")),
                            msg="%s failed: %s. Done before it: %s." % (
                                failure.headline(), failure.summary(), outcome.done()))
    return report


@reported
def ensure(module, client, keep, item, update_option):
    """Reconcile one authorization and exit the module with its result. update_option: the
    module's option that says when the secret is written (for the warnings)."""
    outcome = reconcile(client, [item], check_mode=module.check_mode)
    keep(outcome)
    warn(module, outcome, [item.name], "%s: on_invalid (or always)" % update_option)
    step = outcome.steps[0]
    name = step.name
    if outcome.refused:
        module.fail_json(msg=refusal_message(outcome), changed=False,
                         authorization=with_status_text(outcome.holdings.get(name)))
    authorization = with_status_text(outcome.after.get(name))
    if outcome.error:
        module.fail_api(outcome.error, changed=outcome.changed, msg=failure_message(outcome),
                        authorization=authorization)
    message, reason = MESSAGES[step.action][1 if module.check_mode else 0] % name, step.decision.reason
    if step.done_meanwhile:
        message, reason = meanwhile_message(step), "it changed while this task ran"
    result = dict(changed=outcome.changed, authorization=authorization, msg="%s: %s" % (message, reason))
    if module._diff:
        before, after = diff_views(outcome, [item])
        result["diff"] = dict(before=before[name], after=after[name])
    module.exit_json(**result)


@reported
def ensure_set(module, client, keep, items, purge, purge_match=None):
    """Reconcile a set of authorizations and exit the module with the set's result."""
    outcome = reconcile(client, items, purge=purge, check_mode=module.check_mode, purge_match=purge_match)
    keep(outcome)
    warn(module, outcome, [item.name for item in items],
         "update_secret: on_invalid on its item, or update_secrets: on_invalid for the set")
    purged = [step.name for step in outcome.steps if step.action == "purge" and step.deleted_by == THIS_TASK]
    if purged:
        module.warn("purge %s %d authorization%s that the list does not name: %s." % (
            "would delete" if module.check_mode else "deleted", len(purged), "" if len(purged) == 1 else "s",
            ", ".join(purged)))
    result = dict(changed=outcome.changed, created=sorted(outcome.names("created")),
                  recreated=sorted(outcome.names("recreated")), deleted=sorted(outcome.names("deleted")),
                  unchanged=sorted(outcome.names("unchanged")),
                  authorizations=[with_status_text(outcome.after[item.name]) for item in items
                                  if outcome.after.get(item.name)])
    if outcome.refused:
        module.fail_json(msg=refusal_message(outcome), **result)
    if outcome.error:
        module.fail_api(outcome.error, msg=failure_message(outcome), **result)
    counts = ", ".join("%d %s" % (len(names), label) for label, names in (
        ("created", result["created"]), ("re-created", result["recreated"]), ("deleted", result["deleted"]),
        ("unchanged", result["unchanged"])) if names) or "no authorizations listed"
    result["msg"] = ("would be: " if module.check_mode and outcome.changed else "") + counts
    for done in ("created", "deleted", "replaced"):
        names = sorted(step.name for step in outcome.steps if step.error is None and step.done_meanwhile == done)
        if names:
            result["msg"] += "; %s meanwhile by someone else: %s" % (done, ", ".join(names))
    if module._diff:
        before, after = diff_views(outcome, items)
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


def failure_message(outcome):
    """Says what failed, what the API said, what was done before, and what is true now."""
    step = outcome.failed
    error, name = step.error, step.name
    parts = ["%s of authorization '%s' failed: %s" % (error.headline(), name, error.summary())]
    now = outcome.after.get(name)
    deleted_first = step.action == "recreate" and step.deleted_by == THIS_TASK
    if deleted_first and outcome.may_have_written():
        parts.append("The old authorization '%s' was deleted first (the API has no update call), and the new one "
                     "may have been created although the create failed: run the task again, it lists first and "
                     "finishes the work" % name)
    elif deleted_first and now:
        parts.append("The old authorization '%s' was deleted first (the API has no update call), and someone else "
                     "created '%s' meanwhile: run the task again to replace it" % (name, name))
    elif deleted_first:
        parts.append("The old authorization '%s' was deleted first (the API has no update call) and the new one "
                     "could not be created, so '%s' does not exist now: fix the cause and run the task again "
                     "to create it" % (name, name))
    elif outcome.may_have_written():
        parts.append("The %s of '%s' may have been carried out although it failed: run the task again, "
                     "it lists first and finishes the work" % (error.step, name))
    if len(outcome.steps) > 1:
        pending = [later.name for later in outcome.steps[outcome.steps.index(step) + 1:] if later.action != "none"]
        parts.append("Done before the failure: %s" % outcome.done())
        if pending:
            parts.append("Not attempted: %s" % ", ".join(pending))
    return ". ".join(parts) + "."
