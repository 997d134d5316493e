# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage v3 configuration slice of the emulator: configuration groups, configuration files
(with versions, history and the components that use them) and application configuration.

Served under /v3/{project_id}/cas/... by servicestage_emulator.py, which authenticates first and applies
its latency and fault rules to these routes as to every other; it asks this slice first and hands what
the slice does not serve to the v3 slice (servicestage_v3.py), so an unserved method or path answers
what every unpublished route answers: 404 APIG.0101. The facts it follows are in the project's
configuration fact sheet (the API pages servicestage_06_0192 to 06_0246, Terraform's
servicestagev3_configuration_group, _configuration and _application_configuration resources and their
acceptance tests); where the sources disagree or say nothing, each variant is a SWITCH (below). None of
these calls is in the official SDK except application configuration.

It shares with the v3 slice (ServiceStageV3, whose lock, clock and objects it uses): the not-found
forms (v3 switch not_found), the error body's message key (error_message_key), how names are compared
(name_case) and how the name filters match (name_filter), and the applications, environments and
components themselves.

Routes (under /v3/{project_id}/cas):
  POST   /config-groups             {name*, description, enterprise_project_id, labels [{key, value}]}
                                    -> 200 the group
  GET    /config-groups             name, limit, offset, order_by, order -> 200 {count, config_groups}
  GET    /config-groups/{id}        -> 200 the group
  DELETE /config-groups/{id}        -> 200, no body (switches config_delete_missing, config_group_delete_in_use)
                                    (no update route: a PUT answers 404 APIG.0101, as every unpublished route)
  POST   /configs                   {config_group_id*, name*, content*, type*, sensitive*, description,
                                     config_encryption {key_id}} -> 200 the file as GET shows it
  GET    /configs                   name, config_group_id, component_id, limit, offset, order_by, order
                                    -> 200 {count, configs}: items as GET shows them, without config_encryption
  GET    /configs/{id}              -> 200 the file
  PUT    /configs/{id}              {config_group_id*, content*, type*, name, description, sensitive,
                                     config_encryption} -> 200 the file as GET shows it
  DELETE /configs/{id}              -> 200, no body (switch config_delete_missing); its history goes with it
  GET    /configs/{id}/histories    limit, offset, order_by, order -> 200 {count, histories}
  GET    /configs/{id}/histories/{history_id}    and, as the API pages write it,
  GET    //configs/{id}/histories/{history_id}   (switch config_history_path) -> 200 the history record
  DELETE /configs/{id}/histories/{history_id}    -> 204, no body (page 06_0201)
  GET    /applications/{id}/configuration        environment_id (optional: without it, every environment's)
                                    -> 200 {"configuration": [{"application_id", "environment_id",
                                            "configuration": {"env": [{"name", "value"}], "assign_strategy": bool}}]}
                                    (the SDK's ShowApplicationConfigurationResponse; assign_strategy where
                                    Terraform reads it); an environment without configuration is not listed
  PUT    /applications/{id}/configuration        {environment_id*, configuration*: {env*: [{name*, value*}],
                                     assign_strategy}} -> 200 {application_id, environment_id, configuration}
  DELETE /applications/{id}/configuration        environment_id* (else 400) -> 204, no body
  Not served (404 APIG.0101): POST /configs/import, the export, and anything else.

What a group is: {id, project_id, name, description, creator, create_time (epoch ms), enterprise_project_id
("0" by default), labels}. Names: 2 to 64 letters, digits, - and _, a letter first, a letter or digit
last (the API page); unique in the project (guess: 400 SVCSTG.00100400). Description up to 256 characters.

What a file is (GET): {config_group_id, id, name, description, creator, type, content, version,
project_id, sensitive, components, create_time, update_time (epoch ms), config_encryption ({key_id} or
null)}. content is returned in plain text even when sensitive is true (Terraform's acceptance test reads it
back). version is text, "v1" at the creation (the page's example), and grows by one ("v2", "v3" ...) with
each change of content (an assumption: switch config_version_bump). components lists the components that
use the file: [{environment_id, application_id, component_id, component_name}].
Validation (400 SVCSTG.00100400 and a message naming the field): name as a group's (2-64 characters,
[A-Za-z0-9_-], a letter first, a letter or digit last: the page allows no dot, so "application.yaml" is
refused; switch config_file_name_dots), content text, type "yaml" or "properties" (lowercase), sensitive a
boolean, description text of at most 128 characters, config_encryption {key_id: text}, labels [{key, value}] of text. Not validated:
whether the content is valid YAML or properties (no page says the API checks it, and the standard library
has no YAML parser), its size, and keys the API does not know (ignored). A config_group_id naming no group
of the project: the not-found form of a group (the create page lists 404). A name used twice: 400
SVCSTG.00100400 (scope: switch config_name_scope; the code is a guess).
PUT: config_group_id, content and type are required (page 06_0198); name may be sent (Terraform does) but
not changed, nor may config_group_id (400 SVCSTG.00100400: Terraform marks both not updatable); description,
sensitive and config_encryption keep their value when left out, and description "" clears it (Terraform's
comment). A PUT that changes nothing changes nothing (no version, no history record, no update_time).
History: every write that changes a file records a history record {config_history_id, config_id, content,
version, type, create_time, components, creator, group_id, config_name, description, sensitive (an
assumption: switch config_history_sensitive)}: the file
as that write left it, with the components that used it then; the creation records the first. Whether the
list holds the record of the current state: switch config_history_includes_current. Records are ordered
by creation time whatever order_by says (all three sort fields are the same for them).
Bindings: how a component comes to use a file is not documented, so bindings are seeded (bind_config,
POST /_emulator/config-bind, "components" in seed_config). A binding to a component that no longer exists
(deleted: once its DELETING is over) is dropped: GET no longer lists it, and it does not come back.
Application configuration: env names 1 to 64 characters, letters, digits, Chinese characters, -, _ and .,
starting with a letter, - or _ (Terraform's documentation), unique in the list; values text (any);
assign_strategy a boolean inside "configuration" (Terraform sends it there; true: the variables apply only
when a component is created, false: at every upgrade), false when left out. A PUT replaces the environment's
whole list. A missing application: the v3 not-found form of an application; on GET and PUT a missing
environment: the v3 not-found form of an environment; DELETE answers 204 when the environment or its
configuration does not exist (Terraform's comment). A configuration whose application or environment was
deleted is dropped. Not modelled: that the variables reach the components (the component GET of the v3
slice does not show them).
Not found (group, file, history record) follows the v3 switch not_found: "401" (default) 401
SVCSTG.00100401; "404" a 404 with the emulator's guess of a code (NOT_FOUND_404_CODES: no page names one);
"404-empty" a 404 with no body. A record of another file is not found.
Lists take limit (0-100; omitted or 0: up to 1000 records; else 400), offset (>= 0), order_by (create_time,
name, update_time; anything else: create_time) and order (asc; anything else: desc); count is the number
of matches. The name filters match as the v3 switches name_filter and name_case say.

SWITCHES (default first; set with configure(), POST /_emulator/config, read in config):
  config_delete_missing            "200": DELETE of a missing group or file answers 200 (Terraform's comment)
                                   | "not_found": the not-found form (v3 switch not_found)
  config_history_path              the path of GET one history record: "both" (default) | "single"
                                   (/configs/...) | "double" (//configs/..., as the API pages write it);
                                   the form not served answers 404 APIG.0101
  config_group_delete_in_use       "refuse": DELETE of a group holding files answers 400 SVCSTG.00100400
                                   (a guess: the pages list no 409) | "allow": its files go with it
  config_name_scope                where a file name is unique: "group" | "project" (no source says)
  config_file_name_dots            "refuse": a file name with a dot is refused as any invalid name (the API
                                   pages) | "allow": a dot is taken inside a file name (issue 29's example,
                                   cart-application.yaml)
  config_version_bump              "content": version grows when the content changes | "any": when content,
                                   type, description, sensitive or config_encryption changes
  config_history_sensitive         true: each history record says whether that version was sensitive
                                   (sensitive) | false: as the API pages list a record, with no such field
  config_history_includes_current  true: the history lists the record of the current state too | false:
                                   only the earlier ones (the current record is then not found)

The in-process API (emulator.v3_config of a ServiceStageEmulator, or ServiceStageConfig(v3) alone):
  config, configure(**switches), reset()   as in the v3 slice (reset forgets every group, file, binding and
                                           application configuration; the switches stay)
  seed_config_group(project_id, name, description="", labels=(), enterprise_project_id="0", group_id=None)
                                           -> the group as GET shows it
  seed_config(project_id, group, name, content, type="yaml", sensitive=False, description="",
              previous_contents=(), components=(), config_encryption=None, config_id=None)
                                           -> the file as GET shows it; group: a name or an id;
                                           previous_contents: earlier contents, oldest first, recorded as
                                           v1, v2 ... an hour apart (the content given is the last version);
                                           components: bindings (what bind_config takes: an id, a name, or
                                           {"component", "application", "environment"})
  bind_config(project_id, config, component, application=None, environment=None, group=None)
  unbind_config(project_id, config, component, application=None, environment=None, group=None)
                                           -> the file's components; config: an id or a name (group: the
                                           group's name or id, when the name is in several groups);
                                           component: an id or a name (application, environment: a name or
                                           an id, to tell apart components of the same name)
  set_application_configuration(project_id, application, environment, envs, assign_strategy=False)
                                           -> the item as GET shows it; envs: {name: value} or [{name, value}]
  seed(project_id, config_groups=(), configs=(), application_configurations=())
                                           the same from dicts ("id" for group_id or config_id; "envs",
                                           "application", "environment" for application configurations);
                                           all or none (ValueError) -> the ids
  config_groups(project_id), configs(project_id), config_histories(project_id, config, group=None),
  application_configuration(project_id, application=None)
                                           what the API would show (config_histories: every record, the
                                           current one too, oldest first)
  state()                                  everything, for GET /_emulator/config-state
Refusals of the in-process API are ValueError (what the API would refuse, with its message).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import re
import uuid
from urllib.parse import parse_qsl, unquote

try:
    from .servicestage_v3 import CREATOR, NAME_PATTERN, SORT_KEYS, ApiError, invalid, list_page
except ImportError:  # run as a script: python3 tests/emulator/servicestage_emulator.py
    from servicestage_v3 import CREATOR, NAME_PATTERN, SORT_KEYS, ApiError, invalid, list_page

# The switches: name -> (allowed values; default).
SWITCHES = {
    "config_delete_missing": (("200", "not_found"), "200"),
    "config_history_path": (("both", "single", "double"), "both"),
    "config_group_delete_in_use": (("refuse", "allow"), "refuse"),
    "config_name_scope": (("group", "project"), "group"),
    "config_file_name_dots": (("refuse", "allow"), "refuse"),
    "config_version_bump": (("content", "any"), "content"),
    "config_history_includes_current": ((True, False), True),
    "config_history_sensitive": ((True, False), True),
}
# The emulator's guess of the 404 codes (switch not_found "404"): no page names one.
NOT_FOUND_404_CODES = {"config_group": "SVCSTG.00100490", "config": "SVCSTG.00100491",
                       "config_history": "SVCSTG.00100492"}
NOT_FOUND_NAMES = {"config_group": "configuration group", "config": "configuration file",
                   "config_history": "configuration file record"}
CONFIG_TYPES = ("yaml", "properties")
# A file name with switch config_file_name_dots "allow".
FILE_NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,62}[A-Za-z0-9]\Z")
MAX_GROUP_DESCRIPTION = 256
MAX_CONFIG_DESCRIPTION = 128
# History records are listed by their time only.
BY_TIME = {"create_time": lambda item: item.create_time}
# Terraform's documentation of application configuration: 1-64 characters of letters, digits, Chinese
# characters, -, _ and ., starting with a letter, - or _.
ENV_NAME_PATTERN = re.compile(u"[A-Za-z_-][A-Za-z0-9_.\u4e00-\u9fa5-]{0,63}\\Z")
SECONDS_BETWEEN_SEEDED_VERSIONS = 3600


def checked_switches(changes):
    """The changes, checked against SWITCHES; ValueError names an unknown switch or a bad value."""
    for name, value in changes.items():
        if name not in SWITCHES:
            raise ValueError("unknown switch %r (known: %s)" % (name, ", ".join(sorted(SWITCHES))))
        allowed = SWITCHES[name][0]
        if not any(value == choice and type(value) is type(choice) for choice in allowed):
            raise ValueError("switch %s: %s is not %s" % (
                name, json.dumps(value), " or ".join(json.dumps(choice) for choice in allowed)))
    return dict(changes)


def default_config():
    return dict((name, default) for name, (dummy, default) in SWITCHES.items())


def _ms(seconds):
    return int(round(seconds * 1000))


def _version(number):
    return "v%d" % number


class ConfigGroup:
    def __init__(self, project_id, body, now, seq, group_id=None):
        self.id = group_id or str(uuid.uuid4())
        self.project_id = project_id
        self.name = body["name"]
        self.description = body.get("description") or ""
        self.enterprise_project_id = body.get("enterprise_project_id") or "0"
        self.labels = copy.deepcopy(list(body.get("labels") or []))
        self.create_time = self.update_time = _ms(now)
        self.seq = seq

    def view(self):
        return {"id": self.id, "project_id": self.project_id, "name": self.name, "description": self.description,
                "creator": CREATOR, "create_time": self.create_time,
                "enterprise_project_id": self.enterprise_project_id, "labels": copy.deepcopy(self.labels)}


class History:
    """One history record: the file as one write left it."""

    def __init__(self, config, number, now, seq, components):
        self.id = str(uuid.uuid4())
        self.config_id = config.id
        self.version = _version(number)
        self.content = config.content
        self.type = config.type
        self.description = config.description
        self.sensitive = config.sensitive
        self.group_id = config.group_id
        self.config_name = config.name
        self.components = copy.deepcopy(components)
        self.create_time = _ms(now)
        self.seq = seq

    def view(self):
        return {"config_history_id": self.id, "config_id": self.config_id, "content": self.content,
                "version": self.version, "type": self.type, "create_time": self.create_time,
                "components": copy.deepcopy(self.components), "creator": CREATOR, "group_id": self.group_id,
                "config_name": self.config_name, "description": self.description, "sensitive": self.sensitive}


class ConfigFile:
    # What a PUT may change, and what the history records.
    CHANGEABLE = ("content", "type", "description", "sensitive", "config_encryption")

    def __init__(self, project_id, group_id, body, now, seq, config_id=None):
        self.id = config_id or str(uuid.uuid4())
        self.project_id = project_id
        self.group_id = group_id
        self.name = body["name"]
        self.content = body["content"]
        self.type = body["type"]
        self.sensitive = body["sensitive"]
        self.description = body.get("description") or ""
        self.config_encryption = copy.deepcopy(body.get("config_encryption"))
        self.number = 1
        self.create_time = self.update_time = _ms(now)
        self.seq = seq
        self.histories = []
        # the id of the record of the current state (None once that record was deleted)
        self.current_history_id = None
        # component ids, in the order they were bound
        self.bindings = []

    def state(self):
        return dict((key, copy.deepcopy(getattr(self, key))) for key in self.CHANGEABLE)


class ConfigProject:
    def __init__(self):
        self.groups = {}
        self.configs = {}
        # (application_id, environment_id) -> {"env": [...], "assign_strategy": bool, "seq": n}
        self.application_configurations = {}


class ServiceStageConfig:
    """The configuration API's state and routes, and the in-process API (see the module's docstring)."""

    def __init__(self, v3):
        self.v3 = v3
        self.config = default_config()
        self.projects = {}
        self._seq = 0
        routes = [
            ("POST", r"/config-groups", self._create_group, None),
            ("GET", r"/config-groups", self._list_groups, None),
            ("GET", r"/config-groups/([^/]+)", self._show_group, None),
            ("DELETE", r"/config-groups/([^/]+)", self._delete_group, None),
            ("POST", r"/configs", self._create_config, None),
            ("GET", r"/configs", self._list_configs, None),
            ("GET", r"/configs/([^/]+)", self._show_config, None),
            ("PUT", r"/configs/([^/]+)", self._modify_config, None),
            ("DELETE", r"/configs/([^/]+)", self._delete_config, None),
            ("GET", r"/configs/([^/]+)/histories", self._list_histories, None),
            ("GET", r"/configs/([^/]+)/histories/([^/]+)", self._show_history, "single"),
            ("GET", r"//configs/([^/]+)/histories/([^/]+)", self._show_history, "double"),
            ("DELETE", r"/configs/([^/]+)/histories/([^/]+)", self._delete_history, None),
            ("GET", r"/applications/([^/]+)/configuration", self._show_application_configuration, None),
            ("PUT", r"/applications/([^/]+)/configuration", self._modify_application_configuration, None),
            ("DELETE", r"/applications/([^/]+)/configuration", self._delete_application_configuration, None),
        ]
        self._routes = [(method, re.compile(pattern + r"\Z"), handler, path_form)
                        for method, pattern, handler, path_form in routes]

    # The HTTP entry point ----------------------------------------------------------------------
    def handle(self, method, project_id, path, query, headers, raw_body):
        """(status, payload) for a request to /v3/{project_id}/cas{path}?{query} that this slice serves
        (already authenticated), or None: the v3 slice's to answer."""
        for route_method, pattern, handler, path_form in self._routes:
            match = pattern.match(path)
            if match is None or route_method != method:
                continue
            if path_form is not None and self.config["config_history_path"] not in ("both", path_form):
                return None
            with self.v3.lock:
                try:
                    body = _body(headers, raw_body) if method in ("POST", "PUT") else None
                    return handler(project_id, dict(parse_qsl(query, keep_blank_values=True)), body,
                                   *[unquote(group) for group in match.groups()])
                except ApiError as error:
                    return error.status, self.v3.error_body(error)
        return None

    # Shared helpers ----------------------------------------------------------------------------
    def project(self, project_id):
        return self.projects.setdefault(project_id, ConfigProject())

    def next_seq(self):
        self._seq += 1
        return self._seq

    def not_found(self, kind, object_id):
        what = NOT_FOUND_NAMES[kind]
        if self.v3.config["not_found"] == "404":
            return ApiError(404, NOT_FOUND_404_CODES[kind], "%s not found: %s" % (what, object_id))
        if self.v3.config["not_found"] == "404-empty":
            return ApiError(404, None, None)
        return ApiError(401, "SVCSTG.00100401", "%s not found: %s" % (what, object_id))

    def find_group(self, project_id, group_id):
        group = self.project(project_id).groups.get(group_id)
        if group is None:
            raise self.not_found("config_group", group_id)
        return group

    def find_config(self, project_id, config_id):
        config = self.project(project_id).configs.get(config_id)
        if config is None:
            raise self.not_found("config", config_id)
        return config

    def live_components(self, project_id):
        """The project's components as they are now (the v3 slice applies what its clock says first):
        id -> the binding as GET shows it."""
        return dict((item["id"], {"environment_id": item["environment_id"], "application_id": item["application_id"],
                                  "component_id": item["id"], "component_name": item["name"]})
                    for item in self.v3.components(project_id))

    def components_of(self, config, live=None):
        """The components that use a file; bindings to components that no longer exist are dropped."""
        live = self.live_components(config.project_id) if live is None else live
        config.bindings = [component_id for component_id in config.bindings if component_id in live]
        return [dict(live[component_id]) for component_id in config.bindings]

    def config_view(self, config, live=None, listed=False):
        view = {"config_group_id": config.group_id, "id": config.id, "name": config.name,
                "description": config.description, "creator": CREATOR, "type": config.type,
                "content": config.content, "version": _version(config.number), "project_id": config.project_id,
                "sensitive": config.sensitive, "components": self.components_of(config, live),
                "create_time": config.create_time, "update_time": config.update_time}
        if not listed:
            view["config_encryption"] = copy.deepcopy(config.config_encryption)
        return view

    def shown_histories(self, config):
        if self.config["config_history_includes_current"]:
            return list(config.histories)
        return [history for history in config.histories if history.id != config.current_history_id]

    def history_view(self, history):
        view = history.view()
        if not self.config["config_history_sensitive"]:
            del view["sensitive"]
        return view

    def record_history(self, config, now, live=None):
        history = History(config, config.number, now, self.next_seq(), self.components_of(config, live))
        config.histories.append(history)
        config.current_history_id = history.id

    def live_application_configurations(self, project_id):
        """The application configurations whose application and environment still exist."""
        v3_project = self.v3.project(project_id)
        store = self.project(project_id).application_configurations
        for key in list(store):
            if key[0] not in v3_project.applications or key[1] not in v3_project.environments:
                del store[key]
        return store

    # Configuration groups ----------------------------------------------------------------------
    def _check_group(self, project_id, body):
        name = body.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise invalid("name must be 2 to 64 letters, digits, - or _, starting with a letter and ending with a "
                          "letter or digit")
        _check_text(body, "description", MAX_GROUP_DESCRIPTION)
        if body.get("enterprise_project_id") is not None and not isinstance(body["enterprise_project_id"], str):
            raise invalid("enterprise_project_id must be text")
        labels = body.get("labels")
        if labels is not None and (not isinstance(labels, list) or any(
                not isinstance(label, dict) or not isinstance(label.get("key"), str) or not label["key"]
                or not isinstance(label.get("value"), str) for label in labels)):
            raise invalid("labels must be a list of {key, value} (text)")
        for group in self.project(project_id).groups.values():
            if self.v3.same_name(group.name, name):
                raise invalid("configuration group name is already used: %s" % name)

    def _create_group(self, project_id, query, body, group_id=None):
        self._check_group(project_id, body)
        group = ConfigGroup(project_id, body, self.v3.clock(), self.next_seq(), group_id)
        self.project(project_id).groups[group.id] = group
        return 200, group.view()

    def _list_groups(self, project_id, query, body):
        items = [group for group in self.project(project_id).groups.values()
                 if self.v3.name_matches(group.name, query.get("name"))]
        count, page = list_page(items, query, SORT_KEYS)
        return 200, {"count": count, "config_groups": [group.view() for group in page]}

    def _show_group(self, project_id, query, body, group_id):
        return 200, self.find_group(project_id, group_id).view()

    def _delete_group(self, project_id, query, body, group_id):
        project = self.project(project_id)
        if group_id not in project.groups:
            if self.config["config_delete_missing"] == "200":
                return 200, None
            raise self.not_found("config_group", group_id)
        held = [config for config in project.configs.values() if config.group_id == group_id]
        if held and self.config["config_group_delete_in_use"] == "refuse":
            raise invalid("configuration group is not empty: delete its %d configuration files first" % len(held))
        for config in held:
            del project.configs[config.id]
        del project.groups[group_id]
        return 200, None

    # Configuration files -----------------------------------------------------------------------
    def _check_config(self, project_id, body, existing=None):
        """Refuse a create (existing None) or PUT body as the API would; the group it names."""
        required = ("config_group_id", "content", "type") + (("name", "sensitive") if existing is None else ())
        for key in required:
            if body.get(key) is None:
                raise invalid("%s is required" % key)
        if not isinstance(body["config_group_id"], str):
            raise invalid("config_group_id must be text")
        name = body.get("name")
        if existing is None or name is not None:
            dots = self.config["config_file_name_dots"] == "allow"
            if not isinstance(name, str) or not (FILE_NAME_PATTERN if dots else NAME_PATTERN).match(name):
                raise invalid("name must be 2 to 64 letters, digits, -%s or _, starting with a letter and ending "
                              "with a letter or digit" % (", ." if dots else ""))
        if not isinstance(body["content"], str):
            raise invalid("content must be text")
        if body["type"] not in CONFIG_TYPES:
            raise invalid("type must be one of %s" % ", ".join(CONFIG_TYPES))
        if body.get("sensitive") is not None and not isinstance(body["sensitive"], bool):
            raise invalid("sensitive must be true or false")
        _check_text(body, "description", MAX_CONFIG_DESCRIPTION)
        encryption = body.get("config_encryption")
        if encryption is not None and (not isinstance(encryption, dict) or not isinstance(encryption.get("key_id"), str)
                                       or not encryption["key_id"]):
            raise invalid("config_encryption must be {key_id}, the id of a DEW key")
        if existing is not None:
            if body["config_group_id"] != existing.group_id:
                raise invalid("config_group_id cannot be modified")
            if name is not None and name != existing.name:
                raise invalid("name cannot be modified")
            return self.find_group(project_id, existing.group_id)
        group = self.find_group(project_id, body["config_group_id"])
        scope_group = self.config["config_name_scope"] == "group"
        for config in self.project(project_id).configs.values():
            if self.v3.same_name(config.name, name) and (not scope_group or config.group_id == group.id):
                raise invalid("configuration file name is already used%s: %s" % (
                    " in this group" if scope_group else "", name))
        return group

    def _create_config(self, project_id, query, body, config_id=None, now=None):
        group = self._check_config(project_id, body)
        now = self.v3.clock() if now is None else now
        config = ConfigFile(project_id, group.id, body, now, self.next_seq(), config_id)
        self.project(project_id).configs[config.id] = config
        self.record_history(config, now)
        return 200, self.config_view(config)

    def _list_configs(self, project_id, query, body):
        live = self.live_components(project_id)
        items = []
        for config in self.project(project_id).configs.values():
            if not self.v3.name_matches(config.name, query.get("name")):
                continue
            if query.get("config_group_id") not in (None, config.group_id):
                continue
            if query.get("component_id") is not None and query["component_id"] not in [
                    item["component_id"] for item in self.components_of(config, live)]:
                continue
            items.append(config)
        count, page = list_page(items, query, SORT_KEYS)
        return 200, {"count": count, "configs": [self.config_view(config, live, listed=True) for config in page]}

    def _show_config(self, project_id, query, body, config_id):
        return 200, self.config_view(self.find_config(project_id, config_id))

    def _modify_config(self, project_id, query, body, config_id):
        config = self.find_config(project_id, config_id)
        self._check_config(project_id, body, existing=config)
        before = config.state()
        for key in ConfigFile.CHANGEABLE:
            if body.get(key) is not None:
                setattr(config, key, copy.deepcopy(body[key]))
        after = config.state()
        if after == before:
            return 200, self.config_view(config)
        now = self.v3.clock()
        if after["content"] != before["content"] or self.config["config_version_bump"] == "any":
            config.number += 1
        config.update_time = _ms(now)
        self.record_history(config, now)
        return 200, self.config_view(config)

    def _delete_config(self, project_id, query, body, config_id):
        project = self.project(project_id)
        if config_id not in project.configs:
            if self.config["config_delete_missing"] == "200":
                return 200, None
            raise self.not_found("config", config_id)
        del project.configs[config_id]
        return 200, None

    def _list_histories(self, project_id, query, body, config_id):
        config = self.find_config(project_id, config_id)
        count, page = list_page(self.shown_histories(config), query, BY_TIME)
        return 200, {"count": count, "histories": [self.history_view(history) for history in page]}

    def _find_history(self, project_id, config_id, history_id):
        config = self.find_config(project_id, config_id)
        for history in self.shown_histories(config):
            if history.id == history_id:
                return config, history
        raise self.not_found("config_history", history_id)

    def _show_history(self, project_id, query, body, config_id, history_id):
        return 200, self.history_view(self._find_history(project_id, config_id, history_id)[1])

    def _delete_history(self, project_id, query, body, config_id, history_id):
        config, history = self._find_history(project_id, config_id, history_id)
        config.histories.remove(history)
        if config.current_history_id == history.id:
            config.current_history_id = None
        return 204, None

    # Application configuration -----------------------------------------------------------------
    def _application_configuration_item(self, application_id, environment_id, stored):
        return {"application_id": application_id, "environment_id": environment_id,
                "configuration": {"env": copy.deepcopy(stored["env"]), "assign_strategy": stored["assign_strategy"]}}

    def _show_application_configuration(self, project_id, query, body, application_id):
        self.v3.find_application(project_id, application_id)
        environment_id = query.get("environment_id")
        if environment_id:
            self.v3.find_environment(project_id, environment_id)
        store = self.live_application_configurations(project_id)
        items = sorted(((key, stored) for key, stored in store.items()
                        if key[0] == application_id and environment_id in (None, "", key[1])),
                       key=lambda pair: pair[1]["seq"])
        return 200, {"configuration": [self._application_configuration_item(key[0], key[1], stored)
                                       for key, stored in items]}

    def _modify_application_configuration(self, project_id, query, body, application_id):
        self.v3.find_application(project_id, application_id)
        environment_id = body.get("environment_id")
        if not isinstance(environment_id, str) or not environment_id:
            raise invalid("environment_id is required")
        self.v3.find_environment(project_id, environment_id)
        configuration = body.get("configuration")
        if not isinstance(configuration, dict):
            raise invalid("configuration is required: {env: [{name, value}], assign_strategy}")
        envs = configuration.get("env")
        if not isinstance(envs, list):
            raise invalid("configuration.env is required: a list of {name, value}")
        names = set()
        for env in envs:
            if not isinstance(env, dict) or any(not isinstance(env.get(key), str) for key in ("name", "value")):
                raise invalid("configuration.env items must be {name, value} of text")
            if not ENV_NAME_PATTERN.match(env["name"]):
                raise invalid("configuration.env name %s: 1 to 64 letters, digits, -, _ or ., starting with a letter, "
                              "- or _" % json.dumps(env["name"]))
            if env["name"] in names:
                raise invalid("configuration.env name %s is listed twice" % json.dumps(env["name"]))
            names.add(env["name"])
        strategy = configuration.get("assign_strategy")
        if strategy is not None and not isinstance(strategy, bool):
            raise invalid("configuration.assign_strategy must be true or false")
        store = self.live_application_configurations(project_id)
        key = (application_id, environment_id)
        seq = store[key]["seq"] if key in store else self.next_seq()
        store[key] = {"env": [{"name": env["name"], "value": env["value"]} for env in envs],
                      "assign_strategy": bool(strategy), "seq": seq}
        return 200, self._application_configuration_item(application_id, environment_id, store[key])

    def _delete_application_configuration(self, project_id, query, body, application_id):
        self.v3.find_application(project_id, application_id)
        environment_id = query.get("environment_id")
        if not environment_id:
            raise invalid("environment_id is required")
        self.live_application_configurations(project_id).pop((application_id, environment_id), None)
        return 204, None

    # The in-process API ------------------------------------------------------------------------
    def configure(self, **switches):
        checked = checked_switches(switches)
        with self.v3.lock:
            self.config.update(checked)

    def reset(self):
        with self.v3.lock:
            self.projects.clear()

    def seed_config_group(self, project_id, name, description="", labels=(), enterprise_project_id="0", group_id=None):
        body = {"name": name, "description": description, "labels": list(labels),
                "enterprise_project_id": enterprise_project_id}
        with self.v3.lock:
            if group_id is not None and group_id in self.project(project_id).groups:
                raise ValueError("a configuration group has the id %s already" % group_id)
            return _as_value_error(lambda: self._create_group(project_id, {}, body, group_id)[1])

    def seed_config(self, project_id, group, name, content, type="yaml", sensitive=False, description="",
                    previous_contents=(), components=(), config_encryption=None, config_id=None):
        with self.v3.lock:
            project = self.project(project_id)
            group_id = _reference(project.groups, group, "configuration group")
            if config_id is not None and config_id in project.configs:
                raise ValueError("a configuration file has the id %s already" % config_id)
            bindings = [self._resolve_component(project_id, *_component_reference(item)) for item in components]
            contents = list(previous_contents) + [content]
            now = self.v3.clock()
            started = now - SECONDS_BETWEEN_SEEDED_VERSIONS * (len(contents) - 1)
            body = {"config_group_id": group_id, "name": name, "content": contents[0], "type": type,
                    "sensitive": sensitive, "description": description, "config_encryption": config_encryption}
            view = _as_value_error(lambda: self._create_config(project_id, {}, body, config_id, now=started)[1])
            config = project.configs[view["id"]]
            config.bindings = bindings
            config.histories[0].components = self.components_of(config)
            for index, later in enumerate(contents[1:], 1):
                when = started + SECONDS_BETWEEN_SEEDED_VERSIONS * index
                config.content = later
                config.number += 1
                config.update_time = _ms(when)
                self.record_history(config, when)
            return self.config_view(config)

    def _resolve_component(self, project_id, component, application=None, environment=None):
        """The id of the component named (by id, or by name in the application and environment given)."""
        items = self.v3.components(project_id)
        if any(item["id"] == component for item in items):
            return component
        matching = [item for item in items if item["name"] == component
                    and application in (None, item["application_id"], item["application_name"])
                    and environment in (None, item["environment_id"], item["environment_name"])]
        if not matching:
            scope = (("application", application), ("environment", environment))
            where = "".join(" in %s %r" % (kind, value) for kind, value in scope if value)
            raise ValueError("no component %r%s" % (component, where))
        if len(matching) > 1:
            raise ValueError("%d components are named %r: name the application and environment too" % (
                len(matching), component))
        return matching[0]["id"]

    def _resolve_config(self, project_id, config, group=None):
        project = self.project(project_id)
        if config in project.configs:
            return project.configs[config]
        group_id = _reference(project.groups, group, "configuration group") if group is not None else None
        matching = [item for item in project.configs.values()
                    if item.name == config and group_id in (None, item.group_id)]
        if not matching:
            raise ValueError("no configuration file %r" % config)
        if len(matching) > 1:
            raise ValueError("%d configuration files are named %r: name the group too" % (len(matching), config))
        return matching[0]

    def bind_config(self, project_id, config, component, application=None, environment=None, group=None):
        with self.v3.lock:
            found = self._resolve_config(project_id, config, group)
            component_id = self._resolve_component(project_id, component, application, environment)
            if component_id not in found.bindings:
                found.bindings.append(component_id)
            return self.components_of(found)

    def unbind_config(self, project_id, config, component, application=None, environment=None, group=None):
        with self.v3.lock:
            found = self._resolve_config(project_id, config, group)
            component_id = self._resolve_component(project_id, component, application, environment)
            if component_id not in found.bindings:
                raise ValueError("configuration file %r is not bound to component %r" % (config, component))
            found.bindings.remove(component_id)
            return self.components_of(found)

    def set_application_configuration(self, project_id, application, environment, envs, assign_strategy=False):
        if isinstance(envs, dict):
            envs = [{"name": name, "value": value} for name, value in envs.items()]
        with self.v3.lock:
            v3_project = self.v3.project(project_id)
            application_id = _reference(v3_project.applications, application, "application")
            environment_id = _reference(v3_project.environments, environment, "environment")
            body = {"environment_id": environment_id,
                    "configuration": {"env": list(envs), "assign_strategy": assign_strategy}}
            return _as_value_error(lambda: self._modify_application_configuration(project_id, {}, body,
                                                                                  application_id)[1])

    def seed(self, project_id, config_groups=(), configs=(), application_configurations=()):
        """Seed from dicts (POST /_emulator/config-seed); all of them, or none (ValueError)."""
        def renamed(item, id_key):
            item = dict(item)
            if "id" in item:
                item[id_key] = item.pop("id")
            return item
        with self.v3.lock:
            saved, saved_seq = copy.deepcopy(self.projects), self._seq
            try:
                groups = [self.seed_config_group(project_id, **renamed(item, "group_id")) for item in config_groups]
                files = [self.seed_config(project_id, **renamed(item, "config_id")) for item in configs]
                settings = [self.set_application_configuration(project_id, **item)
                            for item in application_configurations]
            except (ValueError, TypeError):
                self.projects, self._seq = saved, saved_seq
                raise
        return {"config_groups": [{"id": item["id"], "name": item["name"]} for item in groups],
                "configs": [{"id": item["id"], "name": item["name"], "config_group_id": item["config_group_id"],
                             "version": item["version"]} for item in files],
                "application_configurations": settings}

    def config_groups(self, project_id):
        with self.v3.lock:
            return [group.view() for group in sorted(self.project(project_id).groups.values(), key=lambda g: g.seq)]

    def configs(self, project_id):
        with self.v3.lock:
            live = self.live_components(project_id)
            return [self.config_view(config, live)
                    for config in sorted(self.project(project_id).configs.values(), key=lambda c: c.seq)]

    def config_histories(self, project_id, config, group=None):
        with self.v3.lock:
            return [history.view() for history in self._resolve_config(project_id, config, group).histories]

    def application_configuration(self, project_id, application=None):
        with self.v3.lock:
            application_id = None
            if application is not None:
                application_id = _reference(self.v3.project(project_id).applications, application, "application")
            store = self.live_application_configurations(project_id)
            return [self._application_configuration_item(key[0], key[1], stored)
                    for key, stored in sorted(store.items(), key=lambda pair: pair[1]["seq"])
                    if application_id in (None, key[0])]

    def state(self):
        with self.v3.lock:
            projects = {}
            for project_id in list(self.projects):
                configs = self.configs(project_id)
                for view in configs:
                    view["histories"] = self.config_histories(project_id, view["id"])
                projects[project_id] = {"config_groups": self.config_groups(project_id), "configs": configs,
                                        "application_configurations": self.application_configuration(project_id)}
            return {"config": dict(self.config), "projects": projects}


def _body(headers, raw_body):
    if not (headers.get("Content-Type") or "").startswith("application/json"):
        raise invalid("Content-Type must be application/json")
    try:
        body = json.loads(raw_body.decode("utf-8"))
    except ValueError:
        raise invalid("the body is not JSON")
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object")
    return body


def _check_text(body, key, longest):
    value = body.get(key)
    if value is not None and (not isinstance(value, str) or len(value) > longest):
        raise invalid("%s must be text of at most %d characters" % (key, longest))


def _as_value_error(make):
    """Run a seeding step; what the API would refuse is a ValueError for the caller."""
    try:
        return make()
    except ApiError as error:
        raise ValueError(error.message or "%s not found" % error.status)


def _reference(objects, name_or_id, kind):
    if name_or_id in objects:
        return name_or_id
    for item in objects.values():
        if item.name == name_or_id:
            return item.id
    raise ValueError("no %s named %r" % (kind, name_or_id))


def _component_reference(item):
    """(component, application, environment) from an id or name, or from a dict of them."""
    if isinstance(item, dict):
        return item["component"], item.get("application"), item.get("environment")
    return item, None, None
