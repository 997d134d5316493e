# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What to do about repository authorizations, decided without I/O.

``plan()`` decides for one authorization and ``plan_set()`` for a set of them (a single
authorization is a set of one). The rule for what the API stores: a field whose stored form the
collection cannot predict (how a token's ``host`` is listed, how a repository type is spelled)
never makes a re-create on its own. The write loop is ``_git_auth_apply``; messages and diffs
are ``_git_auth_report``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import re

try:
    from re import _constants as _regex_constants  # Python 3.11 and later
    from re import _parser as _regex_parser
except ImportError:  # Python before 3.11
    import sre_constants as _regex_constants
    import sre_parse as _regex_parser

from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
NAME_RULE = "4 to 63 characters, each a letter, digit, '.', '_' or '-'"
# CodeArts Repo is "devcloud" in the path (SDK, Terraform, the collection), listed by the API pages
# as "codearts" (CN) or "DevCloud" (EN): one kind.
PASSWORD_REPO_TYPES = ("bitbucket", "devcloud")
REPO_TYPE_ALIASES = {"codearts": "devcloud"}
PASSWORD_REPO_CHOICES = PASSWORD_REPO_TYPES + tuple(sorted(REPO_TYPE_ALIASES))
TOKEN_REPO_TYPES = ("github", "gitlab", "gitee")
# The kinds of authorization the modules manage. No module deletes or replaces another kind
# (OAuth, which only a browser round trip in the console creates, or a kind this collection
# does not know), and purge never touches one.
MANAGED_TOKEN_TYPES = ("password", "personal")
# The list's status: what ServiceStage can do with the authorization.
STATUS_TEXT = {0: "normal", 1: "overdue", 2: "not authenticated"}
INVALID_STATUSES = (1, 2)
# When a secret is written: at create only, also when the list says the authorization is broken, or every run.
UPDATE_CHOICES = ("on_create", "on_invalid", "always")
# Writes first, in list order, deletes last: a run that stops halfway never leaves the
# project with fewer working authorizations and a new one missing.
ORDER = {"create": 0, "recreate": 0, "delete": 1, "purge": 2}

Decision = collections.namedtuple("Decision", "action reason note")


def check_name(name):
    """An error message for a bad authorization name, or None."""
    if not NAME_PATTERN.match(name):
        return "name %r is not a valid authorization name: use %s" % (name, NAME_RULE)
    return None


def repo_kind(repo_type):
    """The kind of repository a repo_type names, however it is spelled: 'DevCloud' and 'codearts' are 'devcloud'."""
    if not isinstance(repo_type, str):
        return repo_type
    lowered = repo_type.lower()
    return REPO_TYPE_ALIASES.get(lowered, lowered)


def listed_status(status):
    """The list's status as a number (0, 1, 2, ...; "1" too), or None when it is none (missing, null, a boolean...)."""
    if isinstance(status, bool):
        return None
    if isinstance(status, int):
        return status
    if isinstance(status, str) and status.strip().isdigit():
        return int(status)
    return None


def status_text(status):
    """What the list's status means: normal, overdue, not authenticated (or that it is unknown)."""
    number = listed_status(status)
    if number in STATUS_TEXT:
        return STATUS_TEXT[number]
    return "not reported" if status is None else "unknown status %r" % (status,)


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


def _canonical(url):
    """(scheme, server, rest) of a host URL to compare: a value without a scheme taken as https, the server's
    name lowercase, without a trailing dot, in its ASCII (IDNA) form, with its port; the path without a
    trailing slash. None when it is not a URL that can be read."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        hostname, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not hostname:
        return None
    hostname = hostname.rstrip(".")
    try:
        hostname = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        pass
    return parts.scheme.lower(), hostname + (":%d" % port if port else ""), hostname, parts.path.rstrip("/")


def host_match(host, have):
    """How the given host compares with what the API lists, repo_host and repo_home:

    "match": either one is the host or lies under it (the API page's example lists the given host
    as repo_home and its API server as repo_host; others list it as repo_host);
    "other server": neither is on the host's server (the authorization is for another one);
    "unclear": a form the collection cannot compare, such as one on the same server under another path,
    port or scheme, or none listed at all. Only "other server" counts as a difference.
    """
    wanted = _canonical(host)
    listed = [_canonical(have[key]) for key in ("repo_host", "repo_home") if isinstance(have.get(key), str)
              and have[key].strip()]
    listed = [value for value in listed if value is not None]
    if wanted is None or not listed:
        return "unclear"
    scheme, server, hostname, path = wanted
    for other_scheme, other_server, dummy, other_path in listed:
        if (other_scheme, other_server) == (scheme, server) and (other_path == path or other_path.startswith(path + "/")):
            return "match"
    if any(other_hostname == hostname for dummy, dummy_server, other_hostname, dummy_path in listed):
        return "unclear"
    return "other server"


def wanted(name, repo_type, user=None, host=None):
    """The fields an authorization of this repo_type must have (for plan()), by its kind:
    a password authorization for Bitbucket and CodeArts, a personal-token one otherwise."""
    repo_type = repo_kind(repo_type)
    if repo_type in PASSWORD_REPO_TYPES:
        return dict(name=name, repo_type=repo_type, repo_user=user, token_type="password")
    want = dict(name=name, repo_type=repo_type, token_type="personal")
    if host:
        want["host"] = host
    return want


def create_body(want, secret):
    """The create call's body (without the name, which the client adds)."""
    if want["token_type"] == "password":
        return dict(user=want["repo_user"], password=secret)
    body = dict(token=secret)
    if want.get("host"):
        body["host"] = want["host"]
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
    """One authorization as a task wants it: want is None for state=absent; update is when its secret is
    written (UPDATE_CHOICES)."""

    def __init__(self, name, want=None, secret=None, update="on_create"):
        self.name = name
        self.want = want
        self.secret = secret
        self.update = update


def _differences(want, have):
    """(the wanted fields that differ, a note on a host the comparison cannot settle or None)."""
    differing, note = [], None
    for key, value in sorted(want.items()):
        if key == "host":
            match = host_match(value, have)
            if match == "other server":
                differing.append("host")
            elif match == "unclear":
                note = ("authorization '%s': host %s is not how the API lists it (repo_host %s, repo_home %s), and the "
                        "collection cannot tell whether that is the same repository server: it is left as it is. "
                        "To write it again for this host, run once with update_token: always (in "
                        "servicestage_git_auths, update_secret: always on its item)"
                        % (want["name"], value, have.get("repo_host"), have.get("repo_home")))
        elif key == "repo_type":
            if repo_kind(value) != repo_kind(have.get(key)):
                differing.append(key)
        elif value != have.get(key):
            differing.append(key)
    return differing, note


def plan(want, have, update="on_create"):
    """Decide what to do for one authorization.

    want: None for state=absent, else the fields the authorization must have
          (``name``, ``repo_type``, ``token_type`` and ``repo_user`` or ``host``).
    have: the authorization the API listed under that name, or None.
    update: when the secret is written (UPDATE_CHOICES): at create only, also when the list's
    status says the authorization is overdue or not authenticated, or always.
    Returns a Decision: action one of none, create, recreate, delete, or refuse for an
    authorization of a kind the collection does not manage; its reason; a note for a warning.
    """
    if have and have.get("token_type") not in MANAGED_TOKEN_TYPES:
        return Decision("refuse", not_managed(have), None)
    if want is None:
        return Decision("delete", "it exists", None) if have else Decision("none", "it does not exist", None)
    if not have:
        return Decision("create", "it does not exist", None)
    differing, note = _differences(want, have)
    if differing:
        return Decision("recreate", "%s differ%s and the API has no update call" % (
            ", ".join(differing), "s" if len(differing) == 1 else ""), note)
    if update == "always":
        return Decision("recreate", "the secret cannot be read back, and replacing it was asked for", note)
    if update == "on_invalid" and listed_status(have.get("status")) in INVALID_STATUSES:
        return Decision("recreate", "its status is %s (%s), and replacing its secret then was asked for"
                        % (have["status"], status_text(have["status"])), note)
    if note:
        return Decision("none", "it matches, but for its host, which the API lists in a form that cannot be compared "
                        "(see the warning)", note)
    return Decision("none", "it matches", note)


def purge_prefix(pattern):
    """The literal text every name a purge_match pattern matches must start with ('' when none: the
    pattern could match any name), read from Python's own parse of the pattern (so comments, classes,
    verbose mode and flags count as the regular expression engine counts them). The rule: after an
    optional ^, literal characters that no *, ? or {0,} makes optional; a top-level | (every alternative
    counts), a group, a class or an escape such as \\w ends the text, and case-insensitive matching ((?i))
    has none. An invalid pattern raises re.error."""
    tree = _regex_parser.parse(pattern)
    if tree.state.flags & _regex_constants.SRE_FLAG_IGNORECASE:
        return ""
    prefix = ""
    for operation, argument in tree:
        if operation == _regex_constants.AT and argument == _regex_constants.AT_BEGINNING and not prefix:
            continue
        if operation == _regex_constants.LITERAL:
            prefix += chr(argument)
            continue
        if operation in (_regex_constants.MAX_REPEAT, _regex_constants.MIN_REPEAT):
            low, dummy, repeated = argument
            repeated = list(repeated)
            if low >= 1 and len(repeated) == 1 and repeated[0][0] == _regex_constants.LITERAL:
                prefix += chr(repeated[0][1])  # repeated: the first one counts, the rest is not literal text
        break
    return prefix


def plan_set(items, holdings, purge=False, purge_match=None):
    """The steps for a set of items against what the API holds ({name: authorization}).

    Each item is planned by plan(), unchanged. With purge, every password or personal-token
    authorization that no item names is deleted too (with purge_match, a compiled regular
    expression, only those whose names it matches from the start); a listed name, or an OAuth
    authorization, never is. Returns [(action, name, item or None, Decision)]: unchanged items
    first, then creates and re-creates in list order, then the items' deletes, then the purged ones.
    """
    steps = [(decision.action, item.name, item, decision)
             for item in items
             for decision in [plan(item.want, holdings.get(item.name), item.update)]]
    if purge:
        listed = set(item.name for item in items)
        reason = "it is not listed and purge is true" + (" and its name matches purge_match" if purge_match else "")
        steps.extend(("purge", name, None, Decision("purge", reason, None)) for name in sorted(holdings)
                     if name not in listed and holdings[name].get("token_type") in MANAGED_TOKEN_TYPES
                     and (purge_match is None or purge_match.match(name)))
    return sorted(steps, key=lambda step: ORDER.get(step[0], -1))
