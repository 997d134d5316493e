# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bring one repository authorization to the wanted state.

``plan()`` decides, without I/O; ``ensure()`` carries the plan out (or, in check mode,
only reports it). The password and token modules share both.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
NAME_RULE = "4 to 63 characters, each a letter, digit, '.', '_' or '-'"
# Shown in a diff in place of a secret that will be replaced.
SECRET_REPLACED = "<hidden: replaced>"
SECRET_KEPT = "<hidden>"
DIFF_FIELDS = ("name", "repo_type", "repo_user", "repo_host", "token_type")

# What each action did, and what it would do in check mode.
MESSAGES = {
    "none": ("authorization '%s' is already as wanted", "authorization '%s' is already as wanted"),
    "create": ("created authorization '%s'", "would create authorization '%s'"),
    "recreate": ("replaced authorization '%s' (deleted and created again)", "would replace authorization '%s'"),
    "delete": ("deleted authorization '%s'", "would delete authorization '%s'"),
}
CREATED_BY_OTHERS = "authorization '%s' was created meanwhile by someone else, as wanted"


def check_name(name):
    """An error message for a bad authorization name, or None."""
    if not NAME_PATTERN.match(name):
        return "name %r is not a valid authorization name: use %s" % (name, NAME_RULE)
    return None


def plan(want, have, replace_secret):
    """Decide what to do.

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
    differing = sorted(key for key, value in want.items() if have.get(key) != value)
    if differing:
        return "recreate", "%s differ%s and the API has no update call" % (
            ", ".join(differing), "s" if len(differing) == 1 else "")
    if replace_secret:
        return "recreate", "the secret cannot be read back, and replacing it was asked for"
    return "none", "it matches"


def diff_view(fields, secret_name=None, secret_marker=None):
    view = dict((key, fields.get(key)) for key in DIFF_FIELDS if fields.get(key) is not None)
    if secret_name and secret_marker:
        view[secret_name] = secret_marker
    return view


def ensure(module, client, want, create_body, secret_name, replace_secret):
    """Reconcile and exit the module. want is None for state=absent."""
    name = module.params["name"]
    have = client.find(name)
    action, reason = plan(want, have, replace_secret)

    before = diff_view(have or {}, secret_name, SECRET_KEPT if have else None)
    if action == "none":
        after = before
    elif action == "delete":
        after = {}
    else:
        after = diff_view(want, secret_name, SECRET_REPLACED)

    def matches(found):
        return plan(want, found, False)[0] == "none"

    changed = action != "none"
    message = MESSAGES[action][1 if module.check_mode else 0] % name
    authorization = {} if action == "delete" else (have or {})
    if action in ("create", "recreate"):
        if module.check_mode:
            authorization = dict(want)
        else:
            if action == "recreate":
                client.delete(name)
            authorization, created = client.create(name, want["repo_type"], want["token_type"], create_body, matches)
            if not created and action == "create":
                changed, message, reason = False, CREATED_BY_OTHERS % name, "it appeared while this task ran"
                before = after = diff_view(authorization, secret_name, SECRET_KEPT)
    elif action == "delete" and not module.check_mode:
        client.delete(name)

    result = dict(changed=changed, authorization=authorization, msg="%s: %s" % (message, reason))
    if module._diff:
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)
