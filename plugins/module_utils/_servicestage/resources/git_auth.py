# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage Git repository authorization (``/v1/{project_id}/git/auths``), described once: its fields'
rules, its plan, its writes and their evidence, its views, for one authorization and for a set.

The API has no update call and no get-by-name: an authorization is found by listing, and a change is a delete
and a create under the same name (``recreate``). A secret (password or token) is never returned, so it is
written when the authorization is created, and again only as ``update`` says (also when the list's status says
the authorization is broken, or every run). A field whose stored form the collection cannot predict (how a
token's ``host`` is listed, how a repository type is spelled) never makes a re-create on its own. A set writes
creates and re-creates first, in list order, and deletes last, so that a run that stops halfway never leaves the
project with fewer working authorizations and a new one missing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

try:
    from re import _constants as _regex_constants  # Python 3.11 and later
    from re import _parser as _regex_parser
except ImportError:  # Python before 3.11
    import sre_constants as _regex_constants
    import sre_parse as _regex_parser

from ansible.module_utils.six.moves.urllib.parse import urlsplit, urlunsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import url_errors
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import (
    ALREADY_EXISTS,
    NO_AUTHORIZATION,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    Fields,
    Plain,
    Rule,
    WriteOnly,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan, Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
NAME_RULE = "4 to 63 characters, each a letter, digit, '.', '_' or '-'"
# CodeArts Repo is "devcloud" in the path (SDK, Terraform, the collection), listed by the API pages
# as "codearts" (CN) or "DevCloud" (EN): one kind.
PASSWORD_REPO_TYPES = ("bitbucket", "devcloud")
REPO_TYPE_ALIASES = {"codearts": "devcloud"}
PASSWORD_REPO_CHOICES = PASSWORD_REPO_TYPES + tuple(sorted(REPO_TYPE_ALIASES))
TOKEN_REPO_TYPES = ("github", "gitlab", "gitee")
# The options each kind of repository takes, and those it refuses.
KINDS = ((PASSWORD_REPO_TYPES, ("user", "password"), ("token", "host")),
         (TOKEN_REPO_TYPES, ("token",), ("user", "password")))
# The kinds of authorization the modules manage. No module deletes or replaces another kind
# (OAuth, which only a browser round trip in the console creates, or a kind this collection
# does not know), and purge never touches one.
MANAGED_TOKEN_TYPES = ("password", "personal")
# The list's status: what ServiceStage can do with the authorization.
STATUS_TEXT = {0: "normal", 1: "overdue", 2: "not authenticated"}
INVALID_STATUSES = (1, 2)
# When a secret is written: at create only, also when the list says the authorization is broken, or every run.
UPDATE_CHOICES = ("on_create", "on_invalid", "always")
# The order a set is carried out in: unchanged, creates and re-creates (in list order), deletes, purged ones.
ORDER = {"create": 0, "recreate": 0, "delete": 1, "purge": 2}

# Shown in a diff in place of a secret: kept as it is, set on a new authorization, or replaced.
SECRET_KEPT = "<hidden>"
SECRET_SET = "<hidden: set>"
SECRET_REPLACED = "<hidden: replaced>"
DIFF_FIELDS = ("name", "repo_type", "repo_user", "repo_host", "repo_home", "token_type", "status")
# What the API works out when it creates one: not known for a new one until it is listed.
SERVER_WORKED_OUT = ("status", "repo_home")

# What each plan did, and what it would do in check mode.
MESSAGES = {
    "none": ("authorization '%s' is already as wanted", "authorization '%s' is already as wanted"),
    "create": ("created authorization '%s'", "would create authorization '%s'"),
    "recreate": ("replaced authorization '%s' (deleted and created again)", "would replace authorization '%s'"),
    "delete": ("deleted authorization '%s'", "would delete authorization '%s'"),
}


# -- names, kinds, hosts, statuses ---------------------------------------------------------------------------
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
    """A repository host URL as an API that normalizes it would store it: lowercase scheme and host, no trailing
    slash."""
    if not isinstance(url, str):
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()  # not a URL urlsplit can read (such as "http://[x"): compared as it is
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, parts.fragment))


def _canonical(url):
    """(scheme, server, hostname, path) of a host URL to compare: a value without a scheme taken as https, the
    server's name lowercase, without a trailing dot, in its ASCII (IDNA) form, with its port; the path without a
    trailing slash. None when it is not a URL that can be read."""
    value = url.strip()
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
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

    "match": either one is the host or lies under it (the API page's example lists the given host as repo_home and
    its API server as repo_host; others list it as repo_host); "other server": neither is on the host's server (the
    authorization is for another one); "unclear": a form the collection cannot compare, such as one on the same
    server under another path, port or scheme, or none listed at all. Only "other server" counts as a difference.
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


def secret_name(token_type):
    return "password" if token_type == "password" else "token"


def not_managed(authorization):
    """Why the collection leaves an authorization of this kind alone, and what to do instead."""
    token_type = authorization.get("token_type")
    kind = "an OAuth authorization" if token_type == "oauth" else "an authorization of a kind this collection does not manage"
    return ("authorization '%s' is %s (token_type %s). The collection never deletes or replaces one: the API "
            "cannot create it again. Delete or rename it in the ServiceStage console, or choose another name"
            % (authorization.get("name"), kind, "'%s'" % token_type if token_type else "missing"))


# -- the field rules -----------------------------------------------------------------------------------------
class RepoKind(Rule):
    doc = "compared as a kind of repository, however the API spells it (DevCloud, codearts and devcloud are one)"

    def same(self, want, have):
        return repo_kind(want) == repo_kind(have)


class Host(Rule):
    """A token's host: compared with repo_host and repo_home; a form that cannot be compared is left alone, with a
    note."""

    doc = ("compared with the listed repo_host and repo_home: only another server is a difference; a form the "
           "collection cannot compare is left alone, with a warning")

    def same_in(self, key, want, parent):
        return host_match(want, parent or {}) != "other server"


FIELDS = Fields({
    "repo_type": RepoKind(),
    "repo_user": Plain(),
    "token_type": Plain(),
    "host": Host(),
    "secret": WriteOnly("the password or token: never returned by the API, so never compared; written at create, "
                        "and again as update_password, update_token or update_secret says"),
})


def wanted(name, repo_type, user=None, host=None):
    """The fields an authorization of this repo_type must have, by its kind: a password authorization for
    Bitbucket and CodeArts, a personal-token one otherwise."""
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


# -- the plan ------------------------------------------------------------------------------------------------
def decide(want, have, update="on_create"):
    """(action, reason, note) for one authorization: action none, create, recreate, delete, or refuse (a kind the
    collection does not manage). want: None for state=absent; have: as listed, or None."""
    if have and have.get("token_type") not in MANAGED_TOKEN_TYPES:
        return "refuse", not_managed(have), None
    if want is None:
        return ("delete", "it exists", None) if have else ("none", "it does not exist", None)
    if not have:
        return "create", "it does not exist", None
    compared = dict((key, value) for key, value in want.items() if key != "name")
    differing = FIELDS.differing(compared, have)
    note = None
    if "host" in want and host_match(want["host"], have) == "unclear":
        note = ("authorization '%s': host %s is not how the API lists it (repo_host %s, repo_home %s), and the "
                "collection cannot tell whether that is the same repository server: it is left as it is. "
                "To write it again for this host, run once with update_token: always (in "
                "servicestage_git_auths, update_secret: always on its item)"
                % (want["name"], want["host"], have.get("repo_host"), have.get("repo_home")))
    if differing:
        return "recreate", "%s differ%s and the API has no update call" % (
            ", ".join(differing), "s" if len(differing) == 1 else ""), note
    if update == "always":
        return "recreate", "the secret cannot be read back, and replacing it was asked for", note
    if update == "on_invalid" and listed_status(have.get("status")) in INVALID_STATUSES:
        return "recreate", "its status is %s (%s), and replacing its secret then was asked for" % (
            have["status"], status_text(have["status"])), note
    if note:
        return "none", "it matches, but for its host, which the API lists in a form that cannot be compared " \
                       "(see the warning)", note
    return "none", "it matches", note


def purge_prefix(pattern):
    """The literal text every name a purge_match pattern matches must start with ('' when none: the pattern could
    match any name), read from Python's own parse of the pattern (so comments, classes, verbose mode and flags count
    as the regular expression engine counts them). The rule: after an optional ^, literal characters that no *, ?
    or {0,} makes optional; a top-level | (every alternative counts), a group, a class or an escape such as \\w
    ends the text, and case-insensitive matching ((?i)) has none. An invalid pattern raises re.error."""
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


# -- the input -----------------------------------------------------------------------------------------------
def item_errors(item):
    """What is wrong with one listed authorization (never quoting a secret)."""
    errors = [check_name(item["name"])]
    label = "authorization '%s' (%s)" % (item["name"], item["repo_type"])
    if item["password"] is not None and item["token"] is not None:
        errors.append("%s has both a password and a token; give the one its repo_type takes" % label)
    for repo_types, takes, refuses in KINDS:
        if repo_kind(item["repo_type"]) not in repo_types:
            continue
        wrong = [option for option in refuses if item[option] is not None]
        if wrong:
            errors.append("%s takes %s, not %s" % (label, " and ".join(takes), " or ".join(wrong)))
        if item["state"] == "present":
            missing = [option for option in takes if not item[option] or (option == "user" and not item["user"].strip())]
            if missing:
                errors.append("%s needs a non-empty %s" % (label, " and ".join(missing)))
    if item["host"]:
        errors.extend(url_errors("host of authorization '%s'" % item["name"], item["host"]))
    return errors


def set_errors(params):
    """(errors, compiled purge_match) of a set: names listed twice, each item's problems, and a purge that could
    delete what nobody meant to."""
    listed = params["authorizations"]
    names = [item["name"] for item in listed]
    errors = ["authorization '%s' is listed %d times" % (name, names.count(name))
              for name in sorted(set(names)) if names.count(name) > 1]
    for item in listed:
        errors.extend(item_errors(item))
    pattern = None
    if params["purge_match"] is not None:
        try:
            pattern = re.compile(params["purge_match"])
        except re.error as error:
            errors.append("purge_match is not a valid regular expression (%s)" % error)
        if pattern is not None and not purge_prefix(params["purge_match"]):
            errors.append("purge_match %r does not start with a literal character, so it could match any name: start "
                          "it (after an optional ^) with the text the names start with, such as team-a-; to purge "
                          "everything unlisted, leave purge_match out" % params["purge_match"])
        if not params["purge"]:
            errors.append("purge_match is given but purge is false: nothing would be purged; set purge: true "
                          "or remove purge_match")
    if params["purge"] and not any(item["state"] == "present" for item in listed):
        errors.append(
            "purge is true but no authorization is listed with state: present, so it would delete every password "
            "and personal-token authorization of the project%s (an empty or misspelled list variable?). To delete "
            "authorizations on purpose, list their names with state: absent (servicestage_git_auth_info lists "
            "them)" % (" whose name matches purge_match" if params["purge_match"] is not None else ""))
    return errors, pattern


# -- the description -----------------------------------------------------------------------------------------
class Holdings:
    """The project's authorizations, listed once for a task (every item of a set reads the same list)."""

    def __init__(self, client):
        self.client = client
        self.listed = None

    def all(self):
        if self.listed is None:
            self.listed = dict((authorization["name"], authorization) for authorization in self.client.list())
        return self.listed

    def get(self, name):
        return self.all().get(name)


class GitAuthorization:
    """One authorization as a task wants it. want: the fields (see wanted()), None for state=absent; secret: the
    password or token; update: when the secret is written (UPDATE_CHOICES); purged: deleted because a set with
    purge does not list it."""

    kind = "authorization"

    def __init__(self, client, holdings, name, want=None, secret=None, update="on_create", purged=False):
        self.client = client
        self.holdings = holdings
        self.name = name
        self.want = want
        self.secret = secret
        self.update = update
        self.purged = purged
        self.have = None
        self.now = None  # what the API holds once the writes are done, as far as known
        self.action = None
        self.reason = None
        self.index = 0  # where a set lists it

    def subject(self):
        return "authorization '%s'" % self.name

    def look_up(self):
        self.have = self.now = self.holdings.get(self.name)

    def plan(self):
        action, self.reason, note = decide(self.want, self.have, self.update)
        if self.purged and action == "delete":
            self.reason = "it is not listed and purge is true"
        self.action = action
        if action == "refuse":
            return Plan(refused=self.reason)
        actions = {"none": [], "create": ["create"], "recreate": ["delete", "create"], "delete": ["delete"]}[action]
        return Plan(actions, self.reason, notes=[note] if note else [])

    def read(self):
        """Nothing to read again: each write's evidence or answer says what the API holds."""

    def step(self, action):
        if action == "delete":
            return Step("delete", Write(
                "delete", self.subject(), check="listing",
                send=lambda: self.client.delete(self.name),
                read=self._listed,
                done=lambda found: found is None,
                conflict=lambda error: error.status == 404 or error.error_code == NO_AUTHORIZATION,
                explain=lambda failure, found: "%s; listing shows authorization '%s' is still there" % (
                    failure.message, self.name)),
                record=self._deleted)
        want = self.want
        return Step("create", Write(
            "create", self.subject(), check="listing",
            send=lambda: self.client.create(self.name, want["repo_type"], want["token_type"],
                                            create_body(want, self.secret)),
            read=self._listed,
            done=lambda found: found is not None and decide(want, found)[0] == "none",
            conflict=lambda error: error.error_code == ALREADY_EXISTS,
            resend=lambda found: found is None,
            explain=self._conflict_message),
            record=self._created)

    def _listed(self):
        self.now = self.client.find(self.name)
        return self.now

    def _deleted(self, result):
        self.now = None

    def _created(self, result):
        self.now = result.value

    def _conflict_message(self, failure, found):
        if found is not None and found.get("token_type") not in MANAGED_TOKEN_TYPES:
            return "%s; %s" % (failure.message, not_managed(found))
        if found is not None:
            return ("%s; authorization '%s' was created by someone else while this task ran, with repo_type '%s' and "
                    "repo_user '%s' (token_type '%s'): run the task again to replace it"
                    % (failure.message, self.name, found.get("repo_type"), found.get("repo_user"),
                       found.get("token_type")))
        return "%s; listing shows no authorization '%s' either" % (failure.message, self.name)

    # -- what the run did ----------------------------------------------------------------------------------
    def summary(self, run):
        """created, recreated, deleted, unchanged, or None (refused, not reached, failed without writing)."""
        ours = [action for action in run.actions if action not in run.meanwhile]
        if self.action == "none":
            return "unchanged"
        if run.failure is not None:
            # a re-create that deleted and then failed to create: the authorization is gone
            return "deleted" if self.action == "recreate" and "delete" in ours else None
        if not run.actions:
            return None
        if self.action == "delete":
            if ours:
                return "deleted"
            return "unchanged" if not self.purged else None
        if ours:
            return "created" if self.action == "create" else "recreated"
        return "unchanged"

    def meanwhile(self, run):
        """What someone else did meanwhile instead of this task, as wanted: created, deleted, replaced, or None."""
        if "create" in run.meanwhile and "delete" in run.meanwhile:
            return "replaced"
        if "create" in run.meanwhile:
            return "created"
        if "delete" in run.meanwhile:
            return "deleted"
        return None

    def meanwhile_message(self, run):
        done = self.meanwhile(run)
        if self.action == "recreate" and done == "created":
            return "deleted authorization '%s' to replace it, and someone else created it meanwhile, as wanted" % self.name
        if self.action == "recreate" and done == "deleted":
            return "replaced authorization '%s': someone else had deleted it meanwhile" % self.name
        if done == "replaced":
            return "authorization '%s' was deleted and created again meanwhile by someone else" % self.name
        return "authorization '%s' was %s meanwhile by someone else%s" % (
            self.name, done, ", as wanted" if done == "created" else "")

    def message(self, run, check_mode):
        if self.meanwhile(run):
            return "%s: it changed while this task ran" % self.meanwhile_message(run)
        return "%s: %s" % (MESSAGES[self.action][1 if check_mode else 0] % self.name, self.reason)

    def notes(self, run):
        """The run's notes, and one when someone else's authorization stands where this task re-created one."""
        if self.action == "recreate" and "create" in run.meanwhile:
            return ["authorization '%s' was created meanwhile by someone else with the wanted fields: it holds their "
                    "%s, not the one this task gives; run the task again to set yours"
                    % (self.name, secret_name(self.want["token_type"]))]
        return []

    def after(self, check_mode=False):
        """What the API holds once the task is done, as far as known (in check mode, what the task would write)."""
        if check_mode and self.action in ("create", "recreate"):
            return dict(self.want)
        if check_mode and self.action == "delete":
            return None
        return self.now

    def view(self, check_mode=False):
        """The authorization as the result shows it, and what its status means."""
        return with_status_text(self.after(check_mode))

    def diff(self, run):
        """(before, after) of the authorization, secrets as markers, never values: what is not changing is the
        same on both sides."""
        before = diff_view(self.have, SECRET_KEPT)
        if self.want is not None and "create" in run.actions and "create" not in run.meanwhile \
                and run.failure is None:
            return before, written_view(self.have, self.want, "on_invalid" if self.update == "on_invalid" else None)
        if self.want is None and "delete" in run.actions and "delete" not in run.meanwhile:
            return before, {}
        return before, diff_view(self.now, SECRET_KEPT)

    def failure_message(self, run):
        """What failed, what the API said, what was done before, and what is true now."""
        error = run.failure
        deleted_first = self.action == "recreate" and "delete" in run.actions and "delete" not in run.meanwhile
        head = getattr(error, "headline", None)
        parts = ["%s of authorization '%s' failed: %s" % (head(), self.name, error.summary()) if head
                 else error.message]
        if deleted_first and run.may_have_written:
            parts.append("The old authorization '%s' was deleted first (the API has no update call), and the new one "
                         "may have been created although the create failed: run the task again, it lists first and "
                         "finishes the work" % self.name)
        elif deleted_first and self.now:
            parts.append("The old authorization '%s' was deleted first (the API has no update call), and someone else "
                         "created '%s' meanwhile: run the task again to replace it" % (self.name, self.name))
        elif deleted_first:
            parts.append("The old authorization '%s' was deleted first (the API has no update call) and the new one "
                         "could not be created, so '%s' does not exist now: fix the cause and run the task again "
                         "to create it" % (self.name, self.name))
        elif run.may_have_written:
            parts.append("The %s of '%s' may have been carried out although it failed: run the task again, "
                         "it lists first and finishes the work" % (error.step, self.name))
        return parts


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


def written_view(have, want, reason=None):
    """A written authorization in the diff: what exists, overlaid with the wanted fields and the secret's marker (set
    on a new one, replaced on an existing one), in check mode and real runs alike. What is not changing is the same on
    both sides: what the API works out (the user's page, its status) is kept when only the secret is replaced, but
    not known until it is listed for a new authorization, one whose user, host or type changes, or (its status) one
    replaced because its status said it was broken."""
    same_kind = have and have.get("token_type") == want["token_type"] and (
        repo_kind(have.get("repo_type")) == repo_kind(want["repo_type"]))
    view = diff_view(have) if same_kind else {}
    if not same_kind or FIELDS.differing(dict((key, value) for key, value in want.items() if key != "name"), have):
        for key in SERVER_WORKED_OUT:
            view.pop(key, None)
    elif reason == "on_invalid":
        view.pop("status", None)
    view.update((key, normalized_host(value) if key == "host" else value) for key, value in want.items())
    view[secret_name(want["token_type"])] = SECRET_REPLACED if same_kind else SECRET_SET
    return view


def warn_status(module, authorization, repair=None):
    """A warning when an authorization's listed status is not 0 (normal); none when it lists none."""
    if authorization and authorization.get("status") is not None and listed_status(authorization["status"]) != 0:
        module.warn("authorization '%s' is %s (status %s): ServiceStage cannot pull with it%s." % (
            authorization.get("name"), status_text(authorization["status"]), authorization["status"],
            "; to replace its %s when the list says so, set %s" % (secret_name(authorization.get("token_type")), repair)
            if repair else ""))


# -- the module's exit ---------------------------------------------------------------------------------------
def describe_one(api, params, secret_option, update_option, host=None, user=None):
    """The description of a single-authorization module's task."""
    present = params["state"] == "present"
    want = wanted(params["name"], params["repo_type"], user=user, host=host) if present else None
    return [GitAuthorization(api.git_auths, Holdings(api.git_auths), params["name"], want,
                             secret=params[secret_option], update=params[update_option])]


def describe_set(api, params, purge_match):
    """The descriptions of a set's task: each listed item, then (with purge) each unlisted password or
    personal-token authorization (those purge_match matches from the start), in the order they are carried out."""
    client = api.git_auths
    holdings = Holdings(client)
    items = []
    for item in params["authorizations"]:
        want = None
        if item["state"] == "present":
            want = wanted(item["name"], item["repo_type"], user=item["user"], host=item["host"])
        items.append(GitAuthorization(client, holdings, item["name"], want, secret=item["password"] or item["token"],
                                      update=item["update_secret"] or params["update_secrets"]))
        items[-1].index = len(items)
    if params["purge"]:
        listed = set(item["name"] for item in params["authorizations"])
        held = holdings.all()
        items.extend(GitAuthorization(client, holdings, name, purged=True) for name in sorted(held)
                     if name not in listed and held[name].get("token_type") in MANAGED_TOKEN_TYPES
                     and (purge_match is None or purge_match.match(name)))
    return items


def set_order(run):
    """Where a planned item goes in a set: unchanged first, then creates and re-creates (in list order), then
    deletes, then purged ones."""
    description = run.description
    return ORDER.get("purge" if description.purged else description.action, -1)


def exit_one(module, runs, update_option):
    """Exit a single authorization's task."""
    run = runs[0]
    description = run.description
    if run.plan is None:
        module.fail_api(run.failure)  # the list failed: nothing was written
    module_warn_notes(module, run, description)
    warn_status(module, description.after(module.check_mode), "%s: on_invalid (or always)" % update_option)
    if run.failure is not None and description.action == "refuse":
        module.fail_json(msg="Nothing was written: %s." % run.failure.message, changed=False,
                         authorization=with_status_text(description.have))
    authorization = description.view(module.check_mode)
    if run.failure is not None:
        module.fail_api(run.failure, changed=run.changed, authorization=authorization,
                        msg=". ".join(description.failure_message(run)) + ".")
    result = dict(changed=run.changed, authorization=authorization, msg=description.message(run, module.check_mode))
    if module._diff:
        before, after = description.diff(run)
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


def module_warn_notes(module, run, description):
    for note in run.notes + description.notes(run):
        module.warn(note + ".")


def exit_set(module, runs):
    """Exit a set's task."""
    unplanned = [run for run in runs if run.plan is None]
    if unplanned:
        module.fail_api(unplanned[0].failure)  # the list failed: nothing was written
    for run in runs:
        module_warn_notes(module, run, run.description)
    listed = sorted((run for run in runs if not run.description.purged), key=lambda run: run.description.index)
    for run in listed:
        warn_status(module, run.description.after(module.check_mode),
                    "update_secret: on_invalid on its item, or update_secrets: on_invalid for the set")
    purged = [run.description.name for run in runs if run.description.purged and run.actions
              and "delete" not in run.meanwhile]
    if purged:
        module.warn("purge %s %d authorization%s that the list does not name: %s." % (
            "would delete" if module.check_mode else "deleted", len(purged), "" if len(purged) == 1 else "s",
            ", ".join(purged)))
    names = dict((kind, sorted(run.description.name for run in runs if run.description.summary(run) == kind))
                 for kind in ("created", "recreated", "deleted", "unchanged"))
    result = dict(changed=any(run.changed for run in runs), authorizations=[
        with_status_text(run.description.view(module.check_mode)) for run in listed
        if run.description.view(module.check_mode)], **names)
    refused = [run for run in runs if run.failure is not None and run.description.action == "refuse"]
    if refused:
        module.fail_json(msg="Nothing was written: %s." % "; ".join(run.failure.message for run in refused), **result)
    failed = [run for run in runs if run.failure is not None]
    if failed:
        run = failed[0]
        parts = run.description.failure_message(run)
        if len(runs) > 1:
            done = "; ".join("%s %s" % (verb, ", ".join(names[kind])) for verb, kind in (
                ("created", "created"), ("re-created", "recreated"), ("deleted", "deleted")) if names[kind])
            parts.append("Done before the failure: %s" % (done or "nothing"))
            pending = [later.description.name for later in runs[runs.index(run) + 1:] if later.plan is not None
                       and later.plan.actions]
            if pending:
                parts.append("Not attempted: %s" % ", ".join(pending))
        module.fail_api(run.failure, msg=". ".join(parts) + ".", **result)
    counts = ", ".join("%d %s" % (len(names[kind]), label) for label, kind in (
        ("created", "created"), ("re-created", "recreated"), ("deleted", "deleted"), ("unchanged", "unchanged"))
        if names[kind]) or "no authorizations listed"
    result["msg"] = ("would be: " if module.check_mode and result["changed"] else "") + counts
    for done in ("created", "deleted", "replaced"):
        meanwhile = sorted(run.description.name for run in runs if run.failure is None
                           and run.description.meanwhile(run) == done)
        if meanwhile:
            result["msg"] += "; %s meanwhile by someone else: %s" % (done, ", ".join(meanwhile))
    if module._diff:
        before, after = {}, {}
        for run in listed + [run for run in runs if run.description.purged and run.actions]:
            before[run.description.name], after[run.description.name] = run.description.diff(run)
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


# -- the modules' one call -----------------------------------------------------------------------------------
def ensure_one(module, secret_option, update_option, host=None, user=None, errors=()):
    """servicestage_git_password_auth and servicestage_git_token_auth: one authorization."""
    params = module.params
    present = params["state"] == "present"
    module.reconcile(
        lambda api: describe_one(api, params, secret_option, update_option, user=user, host=host),
        lambda module, runs: exit_one(module, runs, update_option),
        input_errors=lambda: [
            check_name(params["name"]),
            "%s must not be empty" % secret_option if present and not params[secret_option] else None,
        ] + list(errors))


def ensure_password(module):
    """servicestage_git_password_auth: one password authorization."""
    params = module.params
    ensure_one(module, "password", "update_password", user=params["user"], errors=[
        "user must not be empty" if params["state"] == "present" and not params["user"].strip() else None])


def ensure_token(module):
    """servicestage_git_token_auth: one personal-token authorization."""
    params = module.params
    ensure_one(module, "token", "update_token", host=params["host"],
               errors=url_errors("host", params["host"]) if params["host"] else [])


def ensure_set(module):
    """servicestage_git_auths: a set of authorizations, with purge."""
    errors, purge_match = set_errors(module.params)
    module.reconcile(lambda api: describe_set(api, module.params, purge_match), exit_set,
                     input_errors=lambda: errors, order=set_order)


def list_matching(module):
    """servicestage_git_auth_info: the authorizations the filters match, each with what its status means."""
    params = module.params
    filters = dict((key, params[key]) for key in ("name", "repo_type", "token_type") if params[key] is not None)
    if "repo_type" in filters:
        filters["repo_type"] = repo_kind(filters["repo_type"])

    def matches(authorization):
        return all((repo_kind(authorization.get(key)) if key == "repo_type" else authorization.get(key)) == value
                   for key, value in filters.items())

    def look(api):
        authorizations = [authorization for authorization in api.git_auths.list() if matches(authorization)]
        for authorization in authorizations:
            warn_status(module, authorization)
        module.exit_json(changed=False, authorizations=[with_status_text(authorization) for authorization in authorizations])

    module.run(look, lambda: [check_name(params["name"]) if params["name"] is not None else None])
