# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bring repository authorizations to the wanted state.

``plan()`` decides for one authorization and ``plan_set()`` for a set of them, without
I/O; ``reconcile()`` lists once and carries the plan out (or, in check mode, only reports
it), recording each write as it succeeds so that a failure can say what was done.
Every module shares them: a single authorization is a set of one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HuaweiCloudApiError,
)

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
NAME_RULE = "4 to 63 characters, each a letter, digit, '.', '_' or '-'"
PASSWORD_REPO_TYPES = ("bitbucket", "devcloud")
TOKEN_REPO_TYPES = ("github", "gitlab", "gitee")
# The kinds of authorization the modules manage; purge never deletes another kind (OAuth).
MANAGED_TOKEN_TYPES = ("password", "personal")
# Shown in a diff in place of a secret that will be replaced.
SECRET_REPLACED = "<hidden: replaced>"
SECRET_KEPT = "<hidden>"
DIFF_FIELDS = ("name", "repo_type", "repo_user", "repo_host", "token_type")
# Writes first, in list order, deletes last: a run that stops halfway never leaves the
# project with fewer working authorizations and a new one missing.
ORDER = {"create": 0, "recreate": 0, "delete": 1, "purge": 2}


def check_name(name):
    """An error message for a bad authorization name, or None."""
    if not NAME_PATTERN.match(name):
        return "name %r is not a valid authorization name: use %s" % (name, NAME_RULE)
    return None


def normalized_host(url):
    """A repository host URL as an API that normalizes it would store it: lowercase scheme
    and host, no trailing slash."""
    if not isinstance(url, str):
        return url
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, parts.fragment))


def wanted(name, repo_type, user=None, host=None):
    """The fields an authorization of this repo_type must have (for plan()), by its kind:
    a password authorization for Bitbucket and CodeArts, a personal-token one otherwise."""
    if repo_type in PASSWORD_REPO_TYPES:
        return dict(name=name, repo_type=repo_type, repo_user=user, token_type="password")
    want = dict(name=name, repo_type=repo_type, token_type="personal")
    if host:
        want["repo_host"] = host
    return want


def create_body(want, secret):
    """The create call's body (without the name, which the client adds)."""
    if want["token_type"] == "password":
        return dict(user=want["repo_user"], password=secret)
    body = dict(token=secret)
    if want.get("repo_host"):
        body["host"] = want["repo_host"]
    return body


def secret_name(token_type):
    return "password" if token_type == "password" else "token"


class Item:
    """One authorization as a task wants it: want is None for state=absent."""

    def __init__(self, name, want=None, secret=None, replace_secret=False):
        self.name = name
        self.want = want
        self.secret = secret
        self.replace_secret = replace_secret


def _differs(key, want_value, have_value):
    if key == "repo_host":
        return normalized_host(want_value) != normalized_host(have_value)
    return want_value != have_value


def plan(want, have, replace_secret):
    """Decide what to do for one authorization.

    want: None for state=absent, else the fields the authorization must have
          (``name``, ``repo_type``, ``token_type`` and e.g. ``repo_user``).
    have: the authorization the API listed under that name, or None.
    replace_secret: True when the secret must be written even if nothing else differs.
    Returns (action, reason), action one of none, create, recreate, delete.
    """
    if want is None:
        return ("delete", "it exists") if have else ("none", "it does not exist")
    if not have:
        return "create", "it does not exist"
    differing = sorted(key for key, value in want.items() if _differs(key, value, have.get(key)))
    if differing:
        return "recreate", "%s differ%s and the API has no update call" % (
            ", ".join(differing), "s" if len(differing) == 1 else "")
    if replace_secret:
        return "recreate", "the secret cannot be read back, and replacing it was asked for"
    return "none", "it matches"


def plan_set(items, holdings, purge):
    """The steps for a set of items against what the API holds ({name: authorization}).

    Each item is planned by plan(), unchanged. With purge, every password or personal-token
    authorization that no item names is deleted too; a listed name, or an OAuth authorization,
    never is. Returns [(action, name, item or None, reason)]: unchanged items first, then
    creates and re-creates in list order, then the items' deletes, then the purged ones.
    """
    steps = [(action, item.name, item, reason)
             for item in items
             for action, reason in [plan(item.want, holdings.get(item.name), item.replace_secret)]]
    if purge:
        listed = set(item.name for item in items)
        steps.extend(("purge", name, None, "it is not listed and purge is true") for name in sorted(holdings)
                     if name not in listed and holdings[name].get("token_type") in MANAGED_TOKEN_TYPES)
    return sorted(steps, key=lambda step: ORDER.get(step[0], -1))


class Outcome:
    """What a run did (or, in check mode, would do), recorded as each step succeeds."""

    def __init__(self, holdings, check_mode):
        self.holdings = holdings
        self.check_mode = check_mode
        self.created, self.recreated, self.deleted, self.unchanged = [], [], [], []
        # Names someone else created meanwhile, as wanted.
        self.created_by_others = []
        # After holds what the API holds for each name once the step is done; None: nothing.
        self.after = dict(holdings)
        self.error = None
        self.failed_name = None

    @property
    def changed(self):
        return bool(self.created or self.recreated or self.deleted or self.may_have_written())

    def may_have_written(self):
        """True when the failed write may have been carried out although it failed."""
        return self.error is not None and self.error.ambiguous and self.error.step in ("create", "delete")

    def done(self):
        """What was written, for a message: 'created a, b; deleted c' (or 'nothing')."""
        parts = ["%s %s" % (verb, ", ".join(names)) for verb, names in (
            ("created", self.created), ("re-created", self.recreated), ("deleted", self.deleted)) if names]
        return "; ".join(parts) or "nothing"


def reconcile(client, items, purge=False, check_mode=False):
    """List once, plan, and carry the plan out in order; stop at the first failure.

    Returns (steps, outcome); outcome.error is the API error the run stopped at, if any.
    """
    holdings = dict((authorization["name"], authorization) for authorization in client.list())
    steps = plan_set(items, holdings, purge)
    outcome = Outcome(holdings, check_mode)
    for action, name, item, dummy in steps:
        try:
            _carry_out(client, action, name, item, outcome)
        except HuaweiCloudApiError as error:
            outcome.error, outcome.failed_name = error, name
            break
        except Exception as error:  # pylint: disable=broad-exception-caught
            # Not the API's: still report what was written before it, never its text.
            outcome.error = HuaweiCloudApiError.unexpected("delete" if action in ("delete", "purge") else "create", error)
            outcome.failed_name = name
            break
    return steps, outcome


def _carry_out(client, action, name, item, outcome):
    if action == "none":
        outcome.unchanged.append(name)
        return
    if action in ("delete", "purge"):
        if not outcome.check_mode:
            client.delete(name)
        outcome.deleted.append(name)
        outcome.after[name] = None
        return
    want = item.want
    if outcome.check_mode:
        (outcome.created if action == "create" else outcome.recreated).append(name)
        outcome.after[name] = dict(want)
        return
    if action == "recreate":
        client.delete(name)
        # Until the create succeeds, the truth is that it was deleted.
        outcome.deleted.append(name)
        outcome.after[name] = None

    def matches(found):
        return plan(want, found, False)[0] == "none"

    body = create_body(want, item.secret)
    authorization, created = client.create(name, want["repo_type"], want["token_type"], body, matches)
    outcome.after[name] = authorization
    if action == "recreate":
        outcome.deleted.remove(name)
        outcome.recreated.append(name)
    elif created:
        outcome.created.append(name)
    else:
        outcome.unchanged.append(name)
    if not created:
        outcome.created_by_others.append(name)


def diff_view(fields, marker=None):
    """The diff's view of one authorization: its known fields and, for a secret, only a marker."""
    if not fields:
        return {}
    view = dict((key, fields.get(key)) for key in DIFF_FIELDS if fields.get(key) is not None)
    if marker and fields.get("token_type") in MANAGED_TOKEN_TYPES:
        view[secret_name(fields["token_type"])] = marker
    return view


def diff_views(outcome, items):
    """(before, after): {name: view} of the listed and the purged authorizations, secrets as
    markers, never values. A written authorization shows the wanted fields, so that check
    mode and a real run show the same diff."""
    wants = dict((item.name, item.want) for item in items)
    names = sorted(set(wants) | set(outcome.deleted))
    before, after = {}, {}
    for name in names:
        before[name] = diff_view(outcome.holdings.get(name), SECRET_KEPT)
        if name in outcome.created + outcome.recreated and name not in outcome.created_by_others:
            after[name] = diff_view(wants[name], SECRET_REPLACED)
        else:
            after[name] = diff_view(outcome.after.get(name), SECRET_KEPT)
    return before, after


# What each action did, and what it would do in check mode.
MESSAGES = {
    "none": ("authorization '%s' is already as wanted", "authorization '%s' is already as wanted"),
    "create": ("created authorization '%s'", "would create authorization '%s'"),
    "recreate": ("replaced authorization '%s' (deleted and created again)", "would replace authorization '%s'"),
    "delete": ("deleted authorization '%s'", "would delete authorization '%s'"),
}
CREATED_BY_OTHERS = {
    "create": "authorization '%s' was created meanwhile by someone else, as wanted",
    "recreate": "deleted authorization '%s' to replace it, and someone else created it meanwhile, as wanted",
}


def ensure(module, client, item):
    """Reconcile one authorization and exit the module with its result."""
    steps, outcome = reconcile(client, [item], check_mode=module.check_mode)
    action, name, dummy, reason = steps[0]
    if outcome.error:
        module.fail_api(outcome.error, changed=outcome.changed, msg=failure_message(outcome, steps))
    message = MESSAGES[action][1 if module.check_mode else 0] % name
    if name in outcome.created_by_others:
        message, reason = CREATED_BY_OTHERS[action] % name, "it appeared while this task ran"
    result = dict(changed=outcome.changed, authorization=outcome.after.get(name) or {},
                  msg="%s: %s" % (message, reason))
    if module._diff:
        before, after = diff_views(outcome, [item])
        result["diff"] = dict(before=before[name], after=after[name])
    module.exit_json(**result)


def ensure_set(module, client, items, purge):
    """Reconcile a set of authorizations and exit the module with the set's result."""
    steps, outcome = reconcile(client, items, purge=purge, check_mode=module.check_mode)
    result = dict(changed=outcome.changed, created=sorted(outcome.created), recreated=sorted(outcome.recreated),
                  deleted=sorted(outcome.deleted), unchanged=sorted(outcome.unchanged),
                  authorizations=[outcome.after[item.name] for item in items if outcome.after.get(item.name)])
    if outcome.error:
        module.fail_api(outcome.error, msg=failure_message(outcome, steps), **result)
    counts = ", ".join("%d %s" % (len(names), label) for label, names in (
        ("created", outcome.created), ("re-created", outcome.recreated), ("deleted", outcome.deleted),
        ("unchanged", outcome.unchanged)) if names) or "no authorizations listed"
    result["msg"] = ("would be: " if module.check_mode and outcome.changed else "") + counts
    if outcome.created_by_others:
        result["msg"] += "; created meanwhile by someone else, as wanted: %s" % ", ".join(outcome.created_by_others)
    if module._diff:
        before, after = diff_views(outcome, items)
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


def failure_message(outcome, steps):
    """Says what failed, what the API said, what was done before, and what is true now."""
    error, name = outcome.error, outcome.failed_name
    action = [step[0] for step in steps if step[1] == name][0]
    parts = ["ServiceStage %s of authorization '%s' failed: %s" % (error.step, name, error.summary())]
    if action == "recreate" and name in outcome.deleted and outcome.may_have_written():
        parts.append("The old authorization '%s' was deleted first (the API has no update call), and the new one "
                     "may have been created although the create failed: run the task again, it lists first and "
                     "finishes the work" % name)
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
