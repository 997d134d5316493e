# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage configuration file (``/v3/{project_id}/cas/configs``) in its group, described once, and the
files as servicestage_config_info reads them.

- Found in its group (by the group's name or id) by its name, exactly; then read with GET, which holds its content
  in plain text (a sensitive file's too), its version and the components that use it.
- Compared field by field (FIELDS): the content byte for byte but for trailing newlines on either side (a template
  ends with one, a console edit may not), type, description (a missing one is empty) and sensitive, each only when
  the task gives it. A change is one PUT of the whole body (what Terraform sends: group, name, content, type,
  description, sensitive), whose lost answer is settled by reading the file back (a new ``update_time``, else a new
  ``version``, else the fields as wanted); a create (POST) by looking the name up in the group; a delete (its answer
  is 200 whether or not the file exists) by reading that it is gone, which is checked after every delete too.
- Secrecy: while the file is sensitive, or the task makes it so, its content is a secret: never in the result, the
  diff, a message or a warning, and registered with the module (``mask``) as a value never to show, whole and line
  by line, so that Ansible masks it wherever it would appear (the task's invocation at ``-vvv``, an API message
  that quotes it). The same holds for every sensitive file and history record the info module reads.
- The YAML of a ``type: yaml`` file is checked before any request, when the module's Python has PyYAML (ansible-core
  needs it, so the Python of ansible-playbook has it): its syntax only, every document of the stream, composed and
  not constructed (so any tag is fine). Without PyYAML the content is sent unchecked, with a warning.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import sys

try:
    import yaml
    HAS_YAML = True
except ImportError:  # the module's Python may lack PyYAML (ansible-core's own Python has it)
    yaml = None
    HAS_YAML = False

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_config import (
    ConfigClient,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import UUID_PATTERN, case_variants
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    Fields,
    Flag,
    Rule,
    Server,
    Text,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan, Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.config_group import (
    dot_note,
    name_error,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.named import (
    Named,
    in_another_case,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import render_item
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = "servicestage:config:list, get, create, modify or delete (and servicestage:configGroup:list)"
INFO_PERMISSIONS = "servicestage:config:list or get, servicestage:configGroup:list"
TYPES = ("yaml", "properties")
# What the components read of a file: a change of these is rolled out (RV(content_changed)); a description is not.
READ_FIELDS = ("content", "type", "sensitive")
MAX_DESCRIPTION = 128
# A line of a secret at least this long is masked on its own too (shorter ones, such as "---", would mask the same
# text in every other place of the result).
MIN_MASKED_LINE = 6
# What a diff shows in place of a sensitive file's content.
HIDDEN = "(sensitive content%s: not shown)\n"
DONE = {"create": "create", "update": "update", "delete": "delete"}
NEWLINES = "\r\n"
# A quoted piece of a YAML parser's message; what of it is not content: the parser's own token names ('<block end>'),
# and punctuation alone (',' or ']').
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
TOKEN_NAME = re.compile(r"['\"]<[a-z ]+>['\"]\Z")
ALPHANUMERIC = re.compile(r"[^\W_]", re.UNICODE)
# A line of a secret that holds no value: a bare key ('spring:', '- name:'), a comment, a document marker.
BARE_LINE = re.compile(r"(-\s*)?[^\s:=#!][^:=]*:\Z|[#!]|---|\.\.\.\Z|-\Z")
# A line with a value after its key: key: value, key=value.
SEPARATED = re.compile(r"[^:=]*[:=]\s*(\S.*)\Z")


class Content(Rule):
    """A file's content: byte for byte, but for trailing newlines on either side."""

    doc = ("compared byte for byte, except that trailing newlines on either side are ignored (a template ends with "
           "one, a console edit may not); sent exactly as given; never shown while the file is sensitive")

    def same(self, want, have):
        return isinstance(want, str) and isinstance(have, str) and want.rstrip(NEWLINES) == have.rstrip(NEWLINES)


class FileType(Rule):
    doc = "V(yaml) or V(properties), compared as given; needed to create a file, and kept as it is when not given"


class Sensitive(Flag):
    doc = ("a boolean; a new file is not sensitive unless it is given, an existing one keeps its setting; while the "
           "file is sensitive, or the task makes it so, its content is never shown")


FIELDS = Fields({
    "content": Content(),
    "type": FileType(),
    "description": Text(),
    "sensitive": Sensitive(),
    "id": Server(), "version": Server(), "components": Server(),
    "creator": Server(), "project_id": Server(), "create_time": Server(), "update_time": Server(),
    "config_encryption": Server(),
})


def is_true(value):
    return value is True or (isinstance(value, str) and value.lower() == "true")


def secret_pieces(content):
    """What to mask of a secret text: the whole of it (also without its trailing newlines), and each of its lines
    that may hold a value, and each value (after the first ':' or '='), without the white space and quotes around
    them, of at least MIN_MASKED_LINE characters. A bare key ('spring:'), a comment or a document marker is no
    secret, and masking it would blank the same text in every other file of the result."""
    if not isinstance(content, str) or not content.strip():
        return []
    pieces = set([content, content.rstrip(NEWLINES), content.strip()])
    for line in content.splitlines():
        line = line.strip()
        if BARE_LINE.match(line):
            continue
        pieces.add(line)
        separated = SEPARATED.match(line)
        if separated:
            pieces.add(separated.group(1).strip().strip("'\"").strip())
    return sorted(piece for piece in pieces if len(piece) >= MIN_MASKED_LINE)


def unquoted(text):
    """text without its quoted pieces that hold a letter or digit (... in their place): what an API message that
    may quote a part of a secret content shows of it."""
    return QUOTED.sub(lambda match: match.group(0) if TOKEN_NAME.match(match.group(0)) or not
                      ALPHANUMERIC.search(match.group(0)) else "...", text) if isinstance(text, str) else text


def yaml_error(content, quote):
    """Why content is not valid YAML ("line 3, column 7: found undefined alias ..."), None when it is, or when there
    is no YAML parser to tell. The parser's problem may quote a piece of the content (an alias, a tag, a character):
    unless quote, each quoted piece with a letter or digit is left out (but the parser's own token names, such as
    '<block end>')."""
    if not HAS_YAML or not isinstance(content, str):
        return None
    try:
        for dummy in yaml.compose_all(content, Loader=yaml.SafeLoader):
            pass
    except RecursionError:
        return "content is not valid YAML (nested too deeply to be read)"
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = "line %d, column %d" % (mark.line + 1, mark.column + 1) if mark else "at an unknown place"
        problem = error.problem or ""
        if not quote:
            problem = unquoted(problem)
        return "content is not valid YAML (%s%s)" % (where, ": %s" % problem if problem else "")
    except yaml.YAMLError as error:
        return "content is not valid YAML (%s)" % type(error).__name__
    return None


def no_yaml_parser_note():
    return ("the module's Python (%s) has no YAML parser (PyYAML), so the content of this type: yaml file was sent "
            "without checking that it is valid YAML; install PyYAML for that Python, or run the module with the "
            "Python of ansible-playbook (ansible_python_interpreter: \"{{ ansible_playbook_python }}\")"
            % sys.executable)


def input_errors(params):
    errors = []
    if not params["group"].strip():
        errors.append("group must not be empty")
    errors.append(name_error("configuration file", "name", params["name"], dots=True))
    if params["state"] == "present":
        if params["description"] is not None and len(params["description"]) > MAX_DESCRIPTION:
            errors.append("description is %d characters long: at most %d are allowed" % (
                len(params["description"]), MAX_DESCRIPTION))
        if params["type"] == "yaml":
            errors.append(yaml_error(params["content"], params["sensitive"] is False))
    return [error for error in errors if error]


def component_names(components):
    names = sorted(set(str(item.get("component_name") or item.get("component_id")) for item in components))
    return "%d component%s: %s" % (len(names), "" if len(names) == 1 else "s", ", ".join(names))


class ConfigFile(Named):
    """A configuration file as servicestage_config wants it. mask(values): never show these values; check_mode:
    whether the task runs in check mode (a group that does not exist yet is then predicted, with a warning)."""

    kind = "configuration file"

    def __init__(self, api, params, mask=None, check_mode=False):
        self.client = ConfigClient(api.transport, api.project_id)
        self.params = params
        self.name = params["name"]
        self.group_ref = params["group"]
        self.present = params["state"] == "present"
        self.want = {}
        if self.present:
            self.want = dict((key, params[key]) for key in ("content", "type", "description", "sensitive")
                             if params[key] is not None)
        self.mask = mask or (lambda values: None)
        self.check_mode = check_mode
        # called once the file was looked up (its sensitivity known)
        self.looked_up = lambda: None
        self.group = None
        self.found = None
        self.before = None
        self.looked = False
        self.name_in_use = None
        self.group_missing = None
        # whether the update changes what the components read (content, type or sensitivity), not only a description
        self.read_differs = False

    def group_name(self):
        return self.group["name"] if self.group and self.group.get("name") else self.group_ref

    def subject(self):
        return "%s '%s' of group '%s'" % (self.kind, self.name, self.group_name())

    # -- secrecy -------------------------------------------------------------------------------------------
    def hidden(self):
        """Whether the content is a secret: the task marks the file sensitive, or it was sensitive before the task."""
        return is_true(self.want.get("sensitive")) or (self.before is not None and is_true(self.before.get("sensitive")))

    def _mask_secrets(self):
        # the task's content, also with state absent (which does not use it, but shows it in the invocation)
        if self.hidden():
            self.mask(secret_pieces(self.params.get("content")))
        for found in (self.before, self.found):
            if found is not None and (is_true(found.get("sensitive")) or self.hidden()):
                self.mask(secret_pieces(found.get("content")))

    # -- reads ---------------------------------------------------------------------------------------------
    def look_up(self):
        self.group = self.client.find_config_group(self.group_ref)
        if self.group is None:
            self.group_missing = self.client.missing_group(self.group_ref)
        listed = self.client.find_config(self.group["id"], self.name) if self.group else None
        self.found = self.client.config(listed["id"]) if listed and listed.get("id") else listed
        if not self.looked:
            self.before, self.looked = self.found, True
        self._mask_secrets()
        self.looked_up()

    def read(self):
        self.confirm_deleted(self.client.config)
        self.found = self.client.config(self.object_id) if self.object_id else None
        self._mask_secrets()
        return self.found

    # -- the plan ------------------------------------------------------------------------------------------
    def plan(self):
        if not self.present:
            if self.group is None:
                return Plan([], message="configuration group '%s' does not exist, so neither does %s" % (
                    self.group_ref, self.subject()))
            if self.found is None:
                return Plan([], message="%s does not exist" % self.subject())
            return Plan(["delete"], "it exists")
        file_type = self.want.get("type") or (self.found or {}).get("type")
        if self.found is None and not self.want.get("type"):
            return Plan(refused="%s does not exist, and creating it needs type (yaml or properties): nothing was "
                                "written" % self.subject())
        if file_type == "yaml" and not self.want.get("type"):
            problem = yaml_error(self.want["content"], self.want.get("sensitive") is False and not self.hidden())
            if problem:
                return Plan(refused="%s is a yaml file, and the %s: nothing was written" % (self.subject(), problem))
        if self.group is None:
            missing = self.group_missing
            if self.check_mode and not UUID_PATTERN.match(self.group_ref):
                # a group given by name may be created by an earlier task; none is created with a given id
                return Plan(["create"], "it does not exist", notes=[
                    "%s: check mode predicts the create of %s, which a real run makes only if an earlier task "
                    "creates the group (huaweicloud.servicestage.servicestage_config_group)" % (missing, self.name)])
            return Plan(refused="%s: nothing was written. Create it first with "
                                "huaweicloud.servicestage.servicestage_config_group" % missing)
        if self.found is None:
            return Plan(["create"], "it does not exist", notes=[dot_note(self.name)] if "." in self.name else [])
        differing = FIELDS.differing(self.want, self.found)
        self.read_differs = bool(set(differing) & set(READ_FIELDS))
        if not differing:
            return Plan([], "it matches", message="%s is already as wanted (version %s)" % (
                self.subject(), self.found.get("version")))
        return Plan(["update"], "%s differ%s" % (", ".join(differing), "" if len(differing) > 1 else "s"))

    # -- the writes ----------------------------------------------------------------------------------------
    def _create(self):
        group_id = self.group["id"]
        body = {"config_group_id": group_id, "name": self.name, "content": self.want["content"],
                "type": self.want["type"], "sensitive": is_true(self.want.get("sensitive")),
                "description": self.want.get("description") or ""}
        return self.create_step(send=lambda: self.client.create_config(body),
                                read=lambda: self.client.find_config(group_id, self.name),
                                explain=self._name_in_use)

    def is_name_in_use(self, error):
        """A 400 may be the API's "name in use" (the pages list no code): looking the name up decides."""
        return error.status == 400

    def _name_in_use(self, failure):
        """A refused create of a name that the group does not hold: another group may hold it (the API may keep names
        unique in the project), or a name that differs only in case."""
        try:
            listed = self.client.configs(name=self.name)
        except HuaweiCloudApiError:
            return failure.message
        elsewhere = [item for item in listed if item.get("name") == self.name]
        if elsewhere:
            try:
                names = dict((group.get("id"), group.get("name")) for group in self.client.config_groups())
            except HuaweiCloudApiError:
                names = {}
            return ("%s; configuration file '%s' is in %s, and the API keeps file names unique in the project: "
                    "choose another name, or manage that file with group set to its group" % (
                        failure.message, self.name, ", ".join("group '%s' (file id %s)" % (
                            names.get(item.get("config_group_id")) or item.get("config_group_id"), item.get("id"))
                            for item in elsewhere)))
        others = case_variants(self.name, listed)
        if others:
            return in_another_case(failure.message, self.kind, self.name, others)
        if "." in self.name:
            return "%s; %s" % (failure.message, dot_note(self.name))
        return failure.message

    def _created(self, result):
        self.fail_if_created_meanwhile(result)
        self.found = result.value if isinstance(result.value, dict) else None
        if not self.object_id:
            self.found = self.client.find_config(self.group["id"], self.name) or self.found

    def update_body(self):
        """The whole body of the PUT: the task's fields over what GET shows."""
        found = self.found
        return {"config_group_id": found.get("config_group_id") or self.group["id"], "name": found.get("name"),
                "content": self.want["content"], "type": self.want.get("type") or found.get("type"),
                "description": self.want["description"] if "description" in self.want else (
                    found.get("description") or ""),
                "sensitive": is_true(self.want["sensitive"]) if "sensitive" in self.want else is_true(
                    found.get("sensitive"))}

    def _update(self):
        config_id, before, body = self.object_id, self.found, self.update_body()
        want = dict(self.want)

        def done(found):
            if found is None:
                return False
            for key in ("update_time", "version"):
                if before.get(key) is not None and found.get(key) is not None and found[key] != before[key]:
                    return True
            if before.get("update_time") is not None and found.get("update_time") is not None:
                return False
            return not FIELDS.differing(want, found)

        return Step("update", Write(
            "update", self.subject(),
            send=lambda: self.client.update_config(config_id, body),
            read=lambda: self.client.config(config_id), done=done),
            record=self._updated)

    def _updated(self, result):
        if isinstance(result.value, dict) and result.value.get("id"):
            self.found = result.value

    def _delete(self):
        config_id = self.object_id
        return Step("delete", Write(
            "delete", self.subject(),
            send=lambda: self.client.delete_config(config_id),
            read=lambda: self.client.config(config_id),
            done=lambda found: found is None,
            conflict=is_not_found),
            record=lambda result: self._deleted(config_id))

    def _deleted(self, config_id):
        self.deleted_id = config_id
        self.found = None

    # -- what the task says --------------------------------------------------------------------------------
    def content_changed(self, run, check_mode):
        """Whether the task created the file or changed what the components read (or would, in check mode)."""
        actions = run.plan.actions if check_mode and run.plan is not None else run.written
        return "create" in actions or ("update" in actions and self.read_differs)

    def components(self):
        """Who uses the file: as the API reports it after the task; after a delete, who used it before."""
        source = self.found if self.found is not None else (self.before if self.deleted_id else None)
        components = (source or {}).get("components")
        return [dict(item) for item in components if isinstance(item, dict)] if isinstance(components, list) else []

    def view(self):
        """The file as the API reports it after the task (in check mode, before it), its content left out when it is
        a secret."""
        if not self.found:
            return {}
        shown = dict(self.found)
        if self.hidden() or is_true(shown.get("sensitive")):
            shown.pop("content", None)
        return shown

    def message(self, run, check_mode):
        plan = run.plan
        if not run.actions:
            return plan.message
        action = plan.actions[0]
        users = self.components()
        used = "; %s use%s it" % (component_names(users), "s" if len(users) == 1 else "") if users else ""
        if check_mode:
            return "would %s %s: %s%s" % (action, self.subject(), plan.reason, used)
        if action == "delete":
            if run.meanwhile:
                return "%s was deleted meanwhile by someone else" % self.subject()
            return "deleted %s%s" % (self.subject(), "; %s used it" % component_names(users) if users else "")
        version = (self.found or {}).get("version")
        if action == "create":
            return "created %s (version %s)" % (self.subject(), version)
        return "updated %s (%s): version %s%s" % (self.subject(), plan.reason, version, used)

    def diff(self):
        """[the fields' before and after, the content's before and after as text]: a unified diff of the content
        when it is not a secret, else a marker saying whether it changes."""
        before = self.before
        fields_before = self._fields(before) if before else {}
        content_before = "" if before is None else (before.get("content") or "")
        if not self.present:
            fields_after, content_after = {}, ""
        else:
            fields_after = dict(fields_before) if before else {
                "name": self.name, "group": self.group_name(), "description": "", "sensitive": False}
            for key in ("type", "description", "sensitive"):
                if key in self.want and not (before and FIELDS.rule(key).same(self.want[key], before.get(key))):
                    fields_after[key] = is_true(self.want[key]) if key == "sensitive" else self.want[key]
            same = before is not None and FIELDS.rule("content").same(self.want["content"], content_before)
            content_after = content_before if same else self.want["content"]
        if self.hidden():
            version = " of version %s" % before.get("version") if before else ""
            hidden_before = HIDDEN % version if before else ""
            if not self.present:
                content_before, content_after = hidden_before, ""
            elif content_after == content_before:
                content_before = content_after = hidden_before
            else:
                content_before, content_after = hidden_before, HIDDEN % (", changed" if before else "")
        header = "%s '%s' of group '%s'" % (self.kind, self.name, self.group_name())
        return [dict(before=fields_before, after=fields_after, before_header=header, after_header=header),
                dict(before=content_before, after=content_after,
                     before_header="%s, content%s" % (header, " (version %s)" % before.get("version") if before else ""),
                     after_header="%s, content%s" % (header, "" if not self.present else " (as this task writes it)"))]

    def _fields(self, found):
        return {"name": found.get("name"), "group": self.group_name(), "type": found.get("type"),
                "description": found.get("description") or "", "sensitive": is_true(found.get("sensitive"))}


class ConfigModule(ServiceStageModule):
    """servicestage_config's module: a failure before the file was looked up (argument validation, the connection
    options, the task's own input) never shows the content, since whether the file is sensitive is not known yet."""

    looked_up = False
    # whether the file's content is a secret (set once it was looked up)
    hidden = False

    def fail_json(self, msg, **kwargs):
        content = (getattr(self, "params", None) or {}).get("content")
        if not self.looked_up:
            self.mask(secret_pieces(content) if isinstance(content, str) else [])
        if (self.hidden or not self.looked_up) and isinstance(kwargs.get("error_msg"), str):
            # the API's message may quote a piece of the content, which the masks of its lines do not hold
            # (the masks first: a quote may end inside a masked line)
            said = masked = kwargs["error_msg"]
            for piece in sorted(self.no_log_values, key=len, reverse=True):
                masked = masked.replace(piece, "********")
            kwargs["error_msg"] = unquoted(masked)
            msg = msg.replace(said, kwargs["error_msg"])
        super(ConfigModule, self).fail_json(msg, **kwargs)


def ensure_config(module):
    """servicestage_config: one file, present or absent."""
    params = module.params
    if params["sensitive"] and params["content"]:
        module.mask(secret_pieces(params["content"]))

    def errors():
        return input_errors(params)

    def render(module, runs):
        run = runs[0]
        description = run.description
        result = {"config": description.view(), "version": (description.found or {}).get("version"),
                  "components": description.components(),
                  "content_changed": description.content_changed(run, module.check_mode)}
        if params["state"] == "present" and (params["type"] == "yaml" or (description.found or {}).get("type") == "yaml") \
                and not HAS_YAML:
            module.warn(no_yaml_parser_note())
        return render_item(module, run, result, done_names=DONE)

    def describe(api):
        description = ConfigFile(api, params, module.mask, module.check_mode)

        def looked_up():
            module.looked_up, module.hidden = True, description.hidden()
        description.looked_up = looked_up
        return [description]

    module.reconcile(describe, render, input_errors=errors)


# -- servicestage_config_info --------------------------------------------------------------------------------
def info_errors(params):
    errors = []
    if params["group"] is not None and not params["group"].strip():
        errors.append("group must not be empty")
    if params["name"] is not None:
        errors.append(name_error("configuration file", "name", params["name"], dots=True))
    return [error for error in errors if error]


def earlier_versions(records, current):
    """The history records but the one of the file's current state: whether the API lists that one is not
    documented. It is the newest record when it holds the current version, content, type and description, and was
    not made before the file's last change."""
    if not records:
        return []
    last = records[-1]
    same = (last.get("version") == current.get("version") and last.get("type") == current.get("type")
            and (last.get("description") or "") == (current.get("description") or "")
            and Content().same(last.get("content"), current.get("content")))
    made, changed = last.get("create_time"), current.get("update_time") or current.get("create_time")
    not_older = not isinstance(made, (int, float)) or not isinstance(changed, (int, float)) or made >= changed
    return records[:-1] if same and not_older else list(records)


def history_of(client, found, mask):
    """The file's earlier versions, oldest first, each without its content when the file or the record is
    sensitive (and that content masked)."""
    file_hidden = is_true(found.get("sensitive"))

    def secret(record):
        # the API's documented record has no sensitive field: one that does not say it was not sensitive may be
        return file_hidden or not (record.get("sensitive") is False or str(record.get("sensitive")).lower() == "false")
    records = []
    for record in client.histories(found["id"]):
        if "content" not in record and record.get("config_history_id") and not secret(record):
            record = client.history(found["id"], record["config_history_id"]) or record
        records.append(record)
    records.sort(key=lambda record: record.get("create_time") if isinstance(record.get("create_time"), (int, float))
                 else 0)
    shown = []
    for record in earlier_versions(records, found):
        record = dict(record)
        if secret(record):
            mask(secret_pieces(record.pop("content", None)))
        shown.append(record)
    return shown


def list_configs(module):
    """servicestage_config_info: the files of a group, or of the project, by name; with their history on request."""
    params = module.params

    def look(api):
        client = ConfigClient(api.transport, api.project_id)
        group_id = None
        if params["group"]:
            group = client.find_config_group(params["group"])
            if group is None:
                module.exit_json(changed=False, configs=[], config_groups=[], msg=client.missing_group(params["group"]))
            groups, group_id = {group["id"]: group}, group["id"]
        else:
            groups = dict((group.get("id"), group) for group in client.config_groups())
        listed = [item for item in client.configs(name=params["name"], group_id=group_id)
                  if params["name"] is None or item.get("name") == params["name"]]
        configs = []
        for item in listed:
            found = item
            if not isinstance(item.get("components"), list) or "content" not in item:
                found = client.config(item["id"])
                if found is None:
                    continue  # deleted since the list was read
            shown = dict(found)
            if is_true(found.get("sensitive")):
                module.mask(secret_pieces(shown.pop("content", None)))
            shown["group"] = (groups.get(found.get("config_group_id")) or {}).get("name")
            if params["history"]:
                shown["history"] = history_of(client, found, module.mask)
            configs.append(shown)
        module.exit_json(changed=False, configs=configs, config_groups=list(groups.values()),
                         msg="%d configuration file%s" % (len(configs), "" if len(configs) == 1 else "s"))

    module.run(look, lambda: info_errors(params))
