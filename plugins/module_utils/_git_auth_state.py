# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bring repository authorizations to the wanted state: the decisions and the write loop.

``plan()`` decides for one authorization and ``plan_set()`` for a set of them, without
I/O; ``reconcile()`` lists once and carries the plan out (or, in check mode, only reports
it), recording each write as it succeeds so that a failure can say what was done; every write
goes through ``checked_write()``, the one place that decides whether a write whose fate is
unknown was carried out. Every module shares them: a single authorization is a set of one.
Messages, diffs and the module's exit are rendered by ``_git_auth_report``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    UNKNOWN,
    HuaweiCloudApiError,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_client import (
    ALREADY_EXISTS,
    NO_AUTHORIZATION,
)

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
NAME_RULE = "4 to 63 characters, each a letter, digit, '.', '_' or '-'"
PASSWORD_REPO_TYPES = ("bitbucket", "devcloud")
TOKEN_REPO_TYPES = ("github", "gitlab", "gitee")
# The kinds of authorization the modules manage. No module deletes or replaces another kind
# (OAuth, which only a browser round trip in the console creates, or a kind this collection
# does not know), and purge never touches one.
MANAGED_TOKEN_TYPES = ("password", "personal")
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
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()  # not a URL urlsplit can read (such as "http://[x"): compared as it is
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


def not_managed(authorization):
    """Why the collection leaves an authorization of this kind alone, and what to do instead."""
    token_type = authorization.get("token_type")
    kind = "an OAuth authorization" if token_type == "oauth" else "an authorization of a kind this collection does not manage"
    return ("authorization '%s' is %s (token_type %s). The collection never deletes or replaces one: the API "
            "cannot create it again. Delete or rename it in the ServiceStage console, or choose another name"
            % (authorization.get("name"), kind, "'%s'" % token_type if token_type else "missing"))


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
    Returns (action, reason), action one of none, create, recreate, delete, or refuse for an
    authorization of a kind the collection does not manage.
    """
    if have and have.get("token_type") not in MANAGED_TOKEN_TYPES:
        return "refuse", not_managed(have)
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


def plan_set(items, holdings, purge=False, purge_match=None):
    """The steps for a set of items against what the API holds ({name: authorization}).

    Each item is planned by plan(), unchanged. With purge, every password or personal-token
    authorization that no item names is deleted too (with purge_match, a compiled regular
    expression, only those whose names it matches from the start); a listed name, or an OAuth
    authorization, never is. Returns [(action, name, item or None, reason)]: unchanged items
    first, then creates and re-creates in list order, then the items' deletes, then the purged ones.
    """
    steps = [(action, item.name, item, reason)
             for item in items
             for action, reason in [plan(item.want, holdings.get(item.name), item.replace_secret)]]
    if purge:
        listed = set(item.name for item in items)
        reason = "it is not listed and purge is true" + (" and its name matches purge_match" if purge_match else "")
        steps.extend(("purge", name, None, reason) for name in sorted(holdings)
                     if name not in listed and holdings[name].get("token_type") in MANAGED_TOKEN_TYPES
                     and (purge_match is None or purge_match.match(name)))
    return sorted(steps, key=lambda step: ORDER.get(step[0], -1))


class Outcome:
    """What a run did (or, in check mode, would do), recorded as each step succeeds."""

    def __init__(self, holdings, check_mode):
        self.holdings = holdings
        self.check_mode = check_mode
        self.created, self.recreated, self.deleted, self.unchanged = [], [], [], []
        # {name: "created", "deleted" or "replaced" (both)}: done meanwhile by someone else, as wanted.
        self.by_others = {}
        # Items refused before any write: [(name, why)].
        self.refused = []
        # What the user should know although the run went on (an answer that had to be checked).
        self.notes = []
        # What the API holds for each name once its step is done (None: nothing), as far as known.
        self.after = dict(holdings)
        self.error = None
        self.failed_name = None

    @property
    def changed(self):
        return bool(self.created or self.recreated or self.deleted or self.may_have_written())

    def may_have_written(self):
        """True when the failed write may have been carried out although it failed."""
        return self.error is not None and self.error.may_have_written

    def done(self):
        """What was written, for a message: 'created a, b; deleted c' (or 'nothing')."""
        parts = ["%s %s" % (verb, ", ".join(names)) for verb, names in (
            ("created", self.created), ("re-created", self.recreated), ("deleted", self.deleted)) if names]
        return "; ".join(parts) or "nothing"


def reconcile(client, items, purge=False, check_mode=False, purge_match=None):
    """List once, plan, and carry the plan out in order; stop at the first failure.

    Nothing is written (in check mode neither) when an item names an authorization of a kind
    the collection does not manage: outcome.refused says which. Returns (steps, outcome);
    outcome.error is the API error the run stopped at, if any.
    """
    holdings = dict((authorization["name"], authorization) for authorization in client.list())
    steps = plan_set(items, holdings, purge, purge_match)
    outcome = Outcome(holdings, check_mode)
    outcome.refused = [(name, reason) for action, name, dummy, reason in steps if action == "refuse"]
    if outcome.refused:
        return steps, outcome
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
    if outcome.check_mode:
        if action in ("delete", "purge"):
            outcome.deleted.append(name)
            outcome.after[name] = None
        else:
            (outcome.created if action == "create" else outcome.recreated).append(name)
            outcome.after[name] = dict(item.want)
        return
    if action in ("delete", "purge"):
        if _delete(client, name, outcome):
            outcome.deleted.append(name)
        else:
            outcome.by_others[name] = "deleted"
            if item is not None:
                outcome.unchanged.append(name)
        return
    if action == "recreate":
        if _delete(client, name, outcome):
            # Until the create succeeds, the truth is that it was deleted.
            outcome.deleted.append(name)
        else:
            outcome.by_others[name] = "deleted"
    _create(client, name, item, outcome)
    if action == "recreate":
        deleted_here = name in outcome.deleted
        if deleted_here:
            outcome.deleted.remove(name)
        created_here = outcome.by_others.get(name) != "created"
        if not created_here:
            # Someone else's authorization stands under the name now, with their secret, not this task's.
            outcome.notes.append("authorization '%s' was created meanwhile by someone else with the wanted fields: "
                                 "it holds their %s, not the one this task gives; run the task again to set yours"
                                 % (name, secret_name(item.want["token_type"])))
        if deleted_here or created_here:
            outcome.recreated.append(name)
        else:
            # deleted and created by others: this task wrote nothing
            outcome.by_others[name] = "replaced"
            outcome.unchanged.append(name)
    elif name in outcome.by_others:
        outcome.unchanged.append(name)
    else:
        outcome.created.append(name)


def _delete(client, name, outcome):
    """Delete name; True when this task deleted it, False when someone else did meanwhile."""
    budget = client.transport.budget()
    dummy, by_this_task = checked_write(
        client, "delete", name, budget, outcome,
        send=lambda: client.delete(name, budget),
        done=lambda found: found is None,
        conflict=lambda error: error.status == 404 or error.error_code == NO_AUTHORIZATION)
    outcome.after[name] = None
    return by_this_task


def _create(client, name, item, outcome):
    want = item.want
    body = create_body(want, item.secret)
    budget = client.transport.budget()
    authorization, by_this_task = checked_write(
        client, "create", name, budget, outcome,
        send=lambda: client.create(name, want["repo_type"], want["token_type"], body, budget),
        done=lambda found: found is not None and plan(want, found, False)[0] == "none",
        conflict=lambda error: error.error_code == ALREADY_EXISTS)
    outcome.after[name] = authorization
    if not by_this_task:
        outcome.by_others[name] = "created"


def checked_write(client, step, name, budget, outcome, send, done, conflict):
    """Carry one write (the create or delete of name) out, never twice, and say who did it.

    send() sends the write once (the transport itself sends again only what certainly was not
    sent). After a write whose fate is unknown (no answer, a 5xx, a 2xx that cannot be read) or
    a conflict (the name exists already, or not at all), the project is listed and the list
    decides: done (done(found) is true), not done (sent again, within the retries and the
    budget), or, when the list fails too, an error saying the write may have been carried out.
    A 429 answer is waited out and sent again without a check: Huawei Cloud's API gateway throttles
    before the request reaches the service, so nothing was carried out.
    Returns (result, by_this_task); the result is the answer, or what the list showed.
    """
    transport = client.transport
    sent = 0
    maybe_ours = False  # an attempt of this step may have been carried out
    while True:
        try:
            return send(), True
        except HuaweiCloudApiError as error:
            sent += error.attempts
            failure = error.derived(attempts=sent)
        unknown = failure.sent == UNKNOWN or (failure.sent is None and failure.status >= 500)
        if not unknown and failure.status == 429 and sent <= transport.retries:
            transport.pause(failure, sent, budget)
            continue
        if not unknown and not (failure.sent is None and conflict(failure)):
            raise failure
        maybe_ours = maybe_ours or unknown
        try:
            found = client.find(name, budget)
        except HuaweiCloudApiError as check_error:
            if not maybe_ours:
                raise failure.derived("%s; listing to check that failed too: %s" % (failure.message, check_error.summary()))
            raise failure.derived("%s, so the %s may have been carried out; checking that by listing failed too: %s"
                                  % (failure.message, step, check_error.summary()), may_have_written=True)
        outcome.after[name] = found
        if done(found):
            if unknown:
                outcome.notes.append("ServiceStage %s of authorization '%s': %s; listing shows it was carried out"
                                     % (step, name, failure.summary()))
            return found, maybe_ours
        if not unknown or (step == "create" and found is not None):
            # A conflict the list does not resolve, or someone else's authorization under the name.
            raise failure.derived(_conflict_message(failure, step, name, found))
        failure = failure.derived(failure.message + "; listing shows the %s was not carried out" % step)
        if sent > transport.retries:
            raise failure
        transport.pause(failure, sent, budget)


def _conflict_message(failure, step, name, found):
    if step == "create" and found is not None and found.get("token_type") not in MANAGED_TOKEN_TYPES:
        return "%s; %s" % (failure.message, not_managed(found))
    if step == "create" and found is not None:
        return ("%s; authorization '%s' was created by someone else while this task ran, with repo_type '%s' and "
                "repo_user '%s' (token_type '%s'): run the task again to replace it"
                % (failure.message, name, found.get("repo_type"), found.get("repo_user"), found.get("token_type")))
    if step == "create":
        return "%s; listing shows no authorization '%s' either" % (failure.message, name)
    return "%s; listing shows authorization '%s' is still there" % (failure.message, name)
