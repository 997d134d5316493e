# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The configuration of a ServiceStage v3 application in an environment
(``/v3/{project_id}/cas/applications/{application_id}/configuration``): the environment variables every component of
the application gets there, described once.

- Read with GET (``environment_id`` in the query); the API's ``[{name, value}]`` list is compared with the task's
  dictionaries by name, each value as text. ``envs`` and ``secret_envs`` are the same kind of variables; the values
  of ``secret_envs`` are compared without being shown: the result and the diff show a marker, and the values the
  API reports for them are masked in every output.
- Without ``purge`` the variables the task does not name are kept (sent back as the API reports them); with it,
  they are removed. A change is one PUT of the whole list (the API replaces it), with ``assign_strategy`` inside
  ``configuration``, as Terraform sends it (the SDK's model lacks it): ``on_create`` is ``true`` (applied only when
  a component is created), ``always`` is ``false`` (applied at every upgrade). When the API does not report it, it
  cannot be compared: it is sent with every write, and a task that gives it is warned.
- A PUT whose answer is lost is settled by reading the variables back; a DELETE (answered alike whether or not there
  is a configuration) by reading that there is none, which is checked after every delete too.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import TaskFailure
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_config import (
    ConfigClient,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import UUID_PATTERN
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    Fields,
    Rule,
    text,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan, Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.named import said
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import render_item
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = ("servicestage:app:getApplication and modifyApplication (and servicestage:app:listApplication, "
               "servicestage:environment:list to find them)")
# Terraform's documentation: 1 to 64 letters, digits, Chinese characters, -, _ and ., starting with a letter, - or _.
ENV_NAME_PATTERN = re.compile(u"[A-Za-z_-][A-Za-z0-9_.\u4e00-\u9fa5-]{0,63}\\Z")
ENV_NAME_RULE = "1 to 64 letters, digits, Chinese characters, '-', '_' or '.', starting with a letter, '-' or '_'"
# assign_strategy as the task says it, and as the API takes it (Terraform's boolean).
STRATEGIES = {"always": False, "on_create": True}
# What the result and the diff show in place of a secret value.
SECRET_SHOWN = "<hidden>"
SECRET_CHANGED = "<hidden: changed>"
SECRET_SET = "<hidden: set>"
DONE = {"set": "update", "delete": "delete"}


class Variables(Rule):
    def __init__(self, doc):
        self.doc = doc


class Strategy(Rule):
    doc = ("V(always) or V(on_create), sent as the API's boolean (C(assign_strategy) inside C(configuration), as "
           "Terraform sends it: V(on_create) is C(true)); compared when the API reports it, else sent with every "
           "write and not compared (the task warns)")


FIELDS = Fields({
    "envs": Variables("a dictionary of name and value, compared by name, each value as text (the API's list of name "
                      "and value is built from it); a variable the task does not name is kept, or with O(purge=true) "
                      "removed"),
    "secret_envs": Variables("like C(envs), but never shown: each value is compared with what the API reports "
                             "without printing either, and the result and the diff show C(<hidden>) (C(<hidden: "
                             "changed>), C(<hidden: set>) for one the task writes)"),
    "assign_strategy": Strategy(),
})


def listed(configuration):
    """[{name, value}] of an item the API reports (its configuration.env), values as text."""
    inner = (configuration or {}).get("configuration") if isinstance((configuration or {}).get("configuration"),
                                                                     dict) else {}
    env = inner.get("env") if isinstance(inner.get("env"), list) else []
    return [{"name": item.get("name"), "value": text(item.get("value")) if item.get("value") is not None else ""}
            for item in env if isinstance(item, dict) and item.get("name") is not None]


def reported_strategy(configuration):
    """The assign_strategy the API reports (True, False), or None when it reports none."""
    inner = (configuration or {}).get("configuration")
    value = inner.get("assign_strategy") if isinstance(inner, dict) else None
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value if isinstance(value, bool) else None


def strategy_name(value):
    if value is None:
        return None
    return "on_create" if value else "always"


def input_errors(params):
    errors = []
    for option in ("application", "environment"):
        if not params[option].strip():
            errors.append("%s must not be empty" % option)
    envs, secret_envs = params["envs"] or {}, params["secret_envs"] or {}
    if params["state"] == "absent":
        given = [option for option in ("envs", "secret_envs", "assign_strategy") if params[option] is not None]
        if params["purge"]:
            given.append("purge")
        if given:
            errors.append("%s %s for state: present (state: absent removes the whole configuration)" % (
                " and ".join(given), "is" if len(given) == 1 else "are"))
        return errors
    for option, given in (("envs", envs), ("secret_envs", secret_envs)):
        for name in sorted(given, key=str):
            if not isinstance(name, str) or not ENV_NAME_PATTERN.match(name):
                errors.append("%s: %r is not a valid variable name: use %s" % (option, name, ENV_NAME_RULE))
            value = given[name]
            if value is None or isinstance(value, (dict, list)):
                # never the value: it may be a secret
                errors.append("%s.%s must be a text, a number or a boolean" % (option, name))
    both = sorted(set(envs) & set(secret_envs), key=str)
    if both:
        errors.append("%s %s given in both envs and secret_envs: give each variable once" % (
            ", ".join(str(name) for name in both), "is" if len(both) == 1 else "are"))
    if params["purge"] and not envs and not secret_envs:
        errors.append("purge is true but no variable is given, so it would remove every variable (an empty or "
                      "misspelled variable?): to remove the whole configuration, use state: absent")
    return errors


class ApplicationConfiguration:
    """An application's configuration in an environment, as servicestage_application_configuration wants it.
    mask(values): never show these values; check_mode: a missing application or environment is then predicted."""

    kind = "configuration"

    def __init__(self, api, params, mask=None, check_mode=False):
        self.client = ConfigClient(api.transport, api.project_id)
        self.params = params
        self.present = params["state"] == "present"
        self.mask = mask or (lambda values: None)
        self.check_mode = check_mode
        self.given = {}
        for option in ("envs", "secret_envs"):
            for name, value in (params[option] or {}).items():
                self.given[name] = text(value)
        self.secret_names = set(params["secret_envs"] or {})
        self.purge = params["purge"]
        self.strategy = STRATEGIES.get(params["assign_strategy"]) if params["assign_strategy"] else None
        self.application = None
        self.environment = None
        self.missing = None
        self.found = None
        self.before = None
        self.looked = False
        self.deleted = False
        self.written = None  # the list the last write sent

    def subject(self):
        application = self.application["name"] if self.application else self.params["application"]
        environment = self.environment["name"] if self.environment else self.params["environment"]
        return "the configuration of application '%s' in environment '%s'" % (application, environment)

    # -- reads ---------------------------------------------------------------------------------------------
    def look_up(self):
        v3 = self.client
        self.missing = None
        self.application = v3.find_application(self.params["application"])
        if self.application is None:
            self.missing = ("application", v3.missing("application", self.params["application"])[0])
        else:
            self.environment = v3.find_environment(self.params["environment"])
            if self.environment is None:
                self.missing = ("environment", v3.missing("environment", self.params["environment"])[0])
        self.found = None
        if self.missing is None:
            self.found = v3.application_configuration(self.application["id"], self.environment["id"])
        if not self.looked:
            self.before, self.looked = self.found, True
        self._mask_secrets(self.found)

    def _mask_secrets(self, found):
        self.mask([item["value"] for item in listed(found) if item["name"] in self.secret_names and item["value"]])

    def read(self):
        if self.application is None or self.environment is None:
            return None
        found = self.client.application_configuration(self.application["id"], self.environment["id"])
        if self.deleted and found is not None:
            raise TaskFailure("the API answered the delete of %s with success, but reading it back shows it is still "
                              "there" % self.subject())
        self._mask_secrets(found)
        self.found = found
        return found

    # -- the plan ------------------------------------------------------------------------------------------
    def wanted(self, found):
        """The whole list a write sends: without purge, the API's list with the given values over it (the others
        kept, in their order) and the new ones after it; with purge, the given ones alone."""
        if self.purge:
            return [{"name": name, "value": value} for name, value in self.given.items()]
        result = []
        for item in listed(found):
            result.append({"name": item["name"], "value": self.given.get(item["name"], item["value"])})
        names = set(item["name"] for item in result)
        result.extend({"name": name, "value": value} for name, value in self.given.items() if name not in names)
        return result

    def changes(self, found):
        """(added, changed, removed) names, and whether assign_strategy differs."""
        have = dict((item["name"], item["value"]) for item in listed(found))
        want = dict((item["name"], item["value"]) for item in self.wanted(found))
        added = [name for name in want if name not in have]
        changed = [name for name in want if name in have and want[name] != have[name]]
        removed = [name for name in have if name not in want]
        reported = reported_strategy(found)
        strategy = self.strategy is not None and reported is not None and reported != self.strategy
        return added, changed, removed, strategy

    def plan(self):
        if self.missing is not None:
            kind, message = self.missing
            if not self.present:
                return Plan([], message="%s, so it has no configuration there" % message)
            if self.check_mode and not UUID_PATTERN.match(self.params[kind]):
                # one given by name may be created by an earlier task; none is created with a given id
                return Plan(["set"], "it does not exist", notes=[
                    "%s: check mode predicts the configuration's write, which a real run makes only if an earlier "
                    "task creates the %s (huaweicloud.servicestage.servicestage_%s)" % (message, kind, kind)])
            return Plan(refused="%s: nothing was written. Create it with huaweicloud.servicestage.servicestage_%s"
                                % (message, kind))
        if not self.present:
            if self.found is None:
                return Plan([], message="%s does not exist" % self.subject())
            return Plan(["delete"], "it exists")
        notes, unreported = [], None
        if self.found is not None and reported_strategy(self.found) is None:
            if self.strategy is not None:
                notes.append("the API does not report the assign_strategy of %s, so it cannot be compared: it is sent "
                             "with every write, and a task that changes nothing else does not write it" % self.subject())
            else:
                unreported = ("the API does not report the assign_strategy of %s, and the task gives none: a write "
                              "would send none, and the API might reset it to its default (always), which the task "
                              "cannot tell. Nothing was written: give assign_strategy (always or on_create)"
                              % self.subject())
        if self.found is None:
            return Plan(["set"], "it does not exist", notes=notes)
        added, changed, removed, strategy = self.changes(self.found)
        reasons = []
        for names, verb in ((changed, "differ"), (added, "added"), (removed, "removed")):
            if names:
                reasons.append("%s %s" % (", ".join(names), verb if verb != "differ" else (
                    "differs" if len(names) == 1 else "differ")))
        if strategy:
            reasons.append("assign_strategy differs")
        if reasons and unreported:
            return Plan(refused=unreported)
        if not reasons:
            return Plan([], "it matches", message="%s is already as wanted: it matches" % self.subject(), notes=notes)
        return Plan(["set"], "; ".join(reasons), notes=notes)

    # -- the writes ----------------------------------------------------------------------------------------
    def step(self, action):
        return getattr(self, "_" + action)()

    def body(self):
        configuration = {"env": self.wanted(self.found)}
        strategy = self.strategy if self.strategy is not None else reported_strategy(self.found)
        if strategy is not None:
            configuration["assign_strategy"] = strategy
        return {"environment_id": self.environment["id"], "configuration": configuration}

    def _set(self):
        application_id, environment_id, body = self.application["id"], self.environment["id"], self.body()
        self.written = body["configuration"]["env"]
        want = dict((item["name"], item["value"]) for item in self.written)
        strategy = body["configuration"].get("assign_strategy")

        def done(found):
            if found is None:
                return False
            reported = reported_strategy(found)
            return dict((item["name"], item["value"]) for item in listed(found)) == want and (
                strategy is None or reported is None or reported == strategy)

        return Step("set", Write(
            "update", self.subject(), check="reading the variables back",
            send=lambda: self.client.set_application_configuration(application_id, body),
            read=lambda: self.client.application_configuration(application_id, environment_id),
            done=done), record=self._set_done)

    def _set_done(self, result):
        if isinstance(result.value, dict) and isinstance(result.value.get("configuration"), dict):
            self.found = result.value

    def _delete(self):
        application_id, environment_id = self.application["id"], self.environment["id"]
        return Step("delete", Write(
            "delete", self.subject(), check="reading it back",
            send=lambda: self.client.delete_application_configuration(application_id, environment_id),
            read=lambda: self.client.application_configuration(application_id, environment_id),
            done=lambda found: found is None, conflict=is_not_found),
            record=self._deleted)

    def _deleted(self, result):
        self.deleted = True
        self.found = None

    # -- what the task says --------------------------------------------------------------------------------
    def is_secret(self, name):
        """Whether a variable's value is not shown: one of secret_envs; with state absent (which takes no
        secret_envs, so which ones are secrets is not known), every one."""
        return name in self.secret_names or not self.present

    def message(self, run, check_mode):
        return said(self.subject(), run, check_mode, lambda plan: ("would set %s: %s", "set %s (%s)"))

    def shown_envs(self, items, before=None):
        """{name: value} of a list, the secret ones as a marker; before: the list before the task, to tell a
        changed or new secret."""
        old = dict((item["name"], item["value"]) for item in before) if before is not None else None
        shown = {}
        for item in items:
            name = item["name"]
            if not self.is_secret(name):
                shown[name] = item["value"]
            elif old is None or old.get(name) == item["value"]:
                shown[name] = SECRET_SHOWN
            else:
                shown[name] = SECRET_CHANGED if name in old else SECRET_SET
        return shown

    def view(self):
        """The result's keys: configuration (the API's item, each secret value as a marker), envs, assign_strategy."""
        if self.found is None:
            return {"configuration": {}, "envs": {}, "assign_strategy": None}
        shown = dict(self.found)
        inner = dict(shown.get("configuration") or {})
        inner["env"] = [dict(item, value=SECRET_SHOWN) if self.is_secret(item.get("name")) else dict(item)
                        for item in inner.get("env") or () if isinstance(item, dict)]
        shown["configuration"] = inner
        return {"configuration": shown, "envs": self.shown_envs(listed(self.found)),
                "assign_strategy": strategy_name(reported_strategy(self.found))}

    def diff(self):
        before = self.before
        before_view = {} if before is None else {
            "envs": self.shown_envs(listed(before)), "assign_strategy": strategy_name(reported_strategy(before))}
        if not self.present:
            return before_view, {}
        after_items = self.wanted(before)
        strategy = self.strategy if self.strategy is not None else reported_strategy(before)
        after = {"envs": self.shown_envs(after_items, listed(before) if before is not None else []),
                 "assign_strategy": strategy_name(strategy)}
        return before_view, after


def ensure_application_configuration(module):
    """servicestage_application_configuration: one application's configuration in one environment."""
    params = module.params

    def render(module, runs):
        return render_item(module, runs[0], runs[0].description.view(), done_names=DONE)

    module.reconcile(lambda api: [ApplicationConfiguration(api, params, module.mask, module.check_mode)], render,
                     input_errors=lambda: input_errors(params))
