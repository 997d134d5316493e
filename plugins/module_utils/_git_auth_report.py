# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a reconcile run tells the user: messages, the diff, and the module's exit.

``ensure()`` (one authorization) and ``ensure_set()`` (a set) run ``_git_auth_state.reconcile()``
and turn its steps and outcome into the module's result. Secrets appear only as markers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._git_auth_state import (
    MANAGED_TOKEN_TYPES,
    normalized_host,
    reconcile,
    secret_name,
)

# Shown in a diff in place of a secret: kept as it is, set on a new authorization, or replaced.
SECRET_KEPT = "<hidden>"
SECRET_SET = "<hidden: set>"
SECRET_REPLACED = "<hidden: replaced>"
DIFF_FIELDS = ("name", "repo_type", "repo_user", "repo_host", "token_type")

# What each action did, and what it would do in check mode.
MESSAGES = {
    "none": ("authorization '%s' is already as wanted", "authorization '%s' is already as wanted"),
    "create": ("created authorization '%s'", "would create authorization '%s'"),
    "recreate": ("replaced authorization '%s' (deleted and created again)", "would replace authorization '%s'"),
    "delete": ("deleted authorization '%s'", "would delete authorization '%s'"),
}
BY_OTHERS = {
    ("create", "created"): "authorization '%s' was created meanwhile by someone else, as wanted",
    ("recreate", "created"): "deleted authorization '%s' to replace it, and someone else created it meanwhile, as wanted",
    ("recreate", "deleted"): "replaced authorization '%s': someone else had deleted it meanwhile",
    ("recreate", "replaced"): "authorization '%s' was deleted and created again meanwhile by someone else",
    ("delete", "deleted"): "authorization '%s' was deleted meanwhile by someone else",
}


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
    nothing of the old one carries over."""
    same_kind = have and all(have.get(key) == want[key] for key in ("token_type", "repo_type"))
    view = diff_view(have) if same_kind else {}
    view.update((key, normalized_host(value) if key == "repo_host" else value) for key, value in want.items())
    view[secret_name(want["token_type"])] = SECRET_REPLACED if same_kind else SECRET_SET
    return view


def diff_views(outcome, items):
    """(before, after): {name: view} of the listed and the deleted authorizations, secrets as
    markers, never values."""
    wants = dict((item.name, item.want) for item in items)
    names = sorted(set(wants) | set(outcome.deleted))
    before, after = {}, {}
    for name in names:
        have = outcome.holdings.get(name)
        before[name] = diff_view(have, SECRET_KEPT)
        if name in outcome.created + outcome.recreated and outcome.by_others.get(name) not in ("created", "replaced"):
            after[name] = written_view(have, wants[name])
        else:
            after[name] = diff_view(outcome.after.get(name), SECRET_KEPT)
    return before, after


def warn_notes(module, outcome):
    for note in outcome.notes:
        module.warn(note + ".")


def refusal_message(outcome):
    return "Nothing was written: %s." % "; ".join(reason for dummy, reason in outcome.refused)


def ensure(module, client, item):
    """Reconcile one authorization and exit the module with its result."""
    steps, outcome = reconcile(client, [item], check_mode=module.check_mode)
    warn_notes(module, outcome)
    action, name, dummy, reason = steps[0]
    if outcome.refused:
        module.fail_json(msg=refusal_message(outcome), changed=False, authorization=outcome.holdings.get(name) or {})
    if outcome.error:
        module.fail_api(outcome.error, changed=outcome.changed, msg=failure_message(outcome, steps),
                        authorization=outcome.after.get(name) or {})
    message = MESSAGES[action][1 if module.check_mode else 0] % name
    if name in outcome.by_others:
        message = BY_OTHERS[(action, outcome.by_others[name])] % name
        reason = "it changed while this task ran"
    result = dict(changed=outcome.changed, authorization=outcome.after.get(name) or {},
                  msg="%s: %s" % (message, reason))
    if module._diff:
        before, after = diff_views(outcome, [item])
        result["diff"] = dict(before=before[name], after=after[name])
    module.exit_json(**result)


def ensure_set(module, client, items, purge, purge_match=None):
    """Reconcile a set of authorizations and exit the module with the set's result."""
    steps, outcome = reconcile(client, items, purge=purge, check_mode=module.check_mode, purge_match=purge_match)
    warn_notes(module, outcome)
    purged = [name for action, name, dummy, dummy_reason in steps if action == "purge" and name in outcome.deleted]
    if purged:
        module.warn("purge %s %d authorization%s that the list does not name: %s." % (
            "would delete" if module.check_mode else "deleted", len(purged), "" if len(purged) == 1 else "s",
            ", ".join(purged)))
    result = dict(changed=outcome.changed, created=sorted(outcome.created), recreated=sorted(outcome.recreated),
                  deleted=sorted(outcome.deleted), unchanged=sorted(outcome.unchanged),
                  authorizations=[outcome.after[item.name] for item in items if outcome.after.get(item.name)])
    if outcome.refused:
        module.fail_json(msg=refusal_message(outcome), **result)
    if outcome.error:
        module.fail_api(outcome.error, msg=failure_message(outcome, steps), **result)
    counts = ", ".join("%d %s" % (len(names), label) for label, names in (
        ("created", outcome.created), ("re-created", outcome.recreated), ("deleted", outcome.deleted),
        ("unchanged", outcome.unchanged)) if names) or "no authorizations listed"
    result["msg"] = ("would be: " if module.check_mode and outcome.changed else "") + counts
    for verb in ("created", "deleted", "replaced"):
        names = sorted(name for name, done in outcome.by_others.items() if done == verb)
        if names:
            result["msg"] += "; %s meanwhile by someone else: %s" % (verb, ", ".join(names))
    if module._diff:
        before, after = diff_views(outcome, items)
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


def failure_message(outcome, steps):
    """Says what failed, what the API said, what was done before, and what is true now."""
    error, name = outcome.error, outcome.failed_name
    action = [step[0] for step in steps if step[1] == name][0]
    parts = ["ServiceStage %s of authorization '%s' failed: %s" % (error.step, name, error.summary())]
    now = outcome.after.get(name)
    if action == "recreate" and name in outcome.deleted and outcome.may_have_written():
        parts.append("The old authorization '%s' was deleted first (the API has no update call), and the new one "
                     "may have been created although the create failed: run the task again, it lists first and "
                     "finishes the work" % name)
    elif action == "recreate" and name in outcome.deleted and now:
        parts.append("The old authorization '%s' was deleted first (the API has no update call), and someone else "
                     "created '%s' meanwhile: run the task again to replace it" % (name, name))
    elif action == "recreate" and name in outcome.deleted:
        parts.append("The old authorization '%s' was deleted first (the API has no update call) and the new one "
                     "could not be created, so '%s' does not exist now: fix the cause and run the task again "
                     "to create it" % (name, name))
    elif outcome.may_have_written():
        parts.append("The %s of '%s' may have been carried out although it failed: run the task again, "
                     "it lists first and finishes the work" % (error.step, name))
    if len(steps) > 1:
        names = [step[1] for step in steps]
        pending = [step[1] for step in steps[names.index(name) + 1:] if step[0] != "none"]
        parts.append("Done before the failure: %s" % outcome.done())
        if pending:
            parts.append("Not attempted: %s" % ", ".join(pending))
    return ". ".join(parts) + "."
