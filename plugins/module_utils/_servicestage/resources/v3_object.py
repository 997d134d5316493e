# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A named ServiceStage v3 object that components live in (an application, an environment): what applications and
environments have in common, described once. ``application.py`` and ``environment.py`` give their fields' table and
their own rules.

Found by id, else by name (exactly; a miss in a list of several pages is read again). Created by a POST whose
lost answer, or a "name in use" answer, is settled by looking the name up: this task's own create when an earlier
attempt's fate was unknown, someone else's otherwise (a failure naming it). Updated by a PUT of name, description and
labels, each as the API reports it unless the task gives it, whose evidence is a new ``update_time`` (or, where the
API reports none, the fields read back as wanted). Deleted by a DELETE whose evidence is a read that finds nothing.
Components in the object, or using it, are named: a delete is refused while they are there, or waits while they are
being deleted.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    HuaweiCloudApiError,
    TaskFailure,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    UUID_PATTERN,
    case_variants,
    check_name,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import Labels, text
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Blocker, Plan, Step, Wait
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.named import (
    Named,
    in_another_case,
    said,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import render_item
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

# Labels (fact sheet 4.1 and 8): keys 1-36 letters, digits, '_' or '-'; values 2-43, also '.'; at most 20.
LABEL_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,36}\Z")
LABEL_VALUE_PATTERN = re.compile(r"[A-Za-z0-9_.-]{2,43}\Z")
MAX_LABELS = 20
MAX_DESCRIPTION = 128
# Fields a PUT changes.
UPDATED = ("description", "labels")
# How many components a message names (the rest are counted).
NAMED_COMPONENTS = 10
# A component on its way out (DELETED: documented, not seen yet; read as gone but for the wait until not-found).
GOING = ("DELETING", "DELETED")

# (in check mode, done) for the first write of a task, and for each one after it.
FIRST = {"create": ("create", "created"), "update": ("update", "updated"),
         "resources": ("replace the resources of", "replaced the resources of"), "delete": ("delete", "deleted")}
THEN = {"update": ("update it", "updated it"), "resources": ("set its resources", "set its resources")}
# What each write is called in "Done before the failure".
DONE = {"create": "create", "update": "update", "resources": "resources update", "delete": "delete"}


def label_errors(labels):
    """What is wrong with the task's labels (a dict), before any request."""
    if labels is None:
        return []
    errors = []
    if len(labels) > MAX_LABELS:
        errors.append("labels: at most %d are allowed, %d are given" % (MAX_LABELS, len(labels)))
    for key in sorted(labels, key=str):
        value = labels[key]
        if not isinstance(key, str) or not LABEL_KEY_PATTERN.match(key):
            errors.append("label key %r is not valid: use 1 to 36 letters, digits, '_' or '-'" % (key,))
        if value is None or isinstance(value, (dict, list)):
            errors.append("label %s must have a text value" % key)
        elif not LABEL_VALUE_PATTERN.match(text(value)):
            errors.append("label %s: value %r is not valid: use 2 to 43 letters, digits, '_', '-' or '.'"
                          % (key, text(value)))
    return errors


def description_errors(description):
    if description is not None and len(description) > MAX_DESCRIPTION:
        return ["description is %d characters long: at most %d are allowed" % (len(description), MAX_DESCRIPTION)]
    return []


def named_components(components, with_application=False):
    """"2 components: cart (id ..., application shop), search (id ...)", the first NAMED_COMPONENTS named."""
    components = sorted(components, key=lambda item: (str(item.get("name")), str(item.get("id"))))
    named = ["%s (id %s%s)" % (item.get("name"), item.get("id"),
                               ", application %s" % item.get("application_name") if with_application else "")
             for item in components[:NAMED_COMPONENTS]]
    if len(components) > NAMED_COMPONENTS:
        named.append("%d more" % (len(components) - NAMED_COMPONENTS))
    return "%d component%s: %s" % (len(components), "" if len(components) == 1 else "s", ", ".join(named))


def going(component):
    status = component.get("status") if isinstance(component.get("status"), dict) else {}
    return status.get("component_status") in GOING


def describe(subject, writes, done):
    """'created environment 'prod' and set its resources' (done), or 'create ...' (in check mode)."""
    index = 1 if done else 0
    words = "%s %s" % (FIRST[writes[0]][index], subject)
    for write in writes[1:]:
        words += " and %s" % THEN[write][index]
    return words


class V3Object(Named):
    """An application or environment as a task wants it. Subclasses give: kind, FIELDS (the table), NAME_IN_USE (the
    code of the API's "name in use" answer), CREATE_ONLY, wanted(params), users() (the components in or using it) and
    may give extra writes (environment resources)."""

    kind = None
    FIELDS = None
    NAME_IN_USE = None
    CREATE_ONLY = ()
    CREATE_NEEDS = ()
    with_application = False

    def __init__(self, api, params):
        self.api = api
        self.client = api.v3
        self.params = params
        self.name = params["name"]
        self.present = params["state"] == "present"
        self.want = self.wanted(params) if self.present else {}
        self.found = None
        self.before = None  # the object as first looked up: the diff's before
        self.looked = False
        self.in_use = []
        # the API's "name in use" answer to this task's create, if it gave one
        self.name_in_use = None

    def wanted(self, params):
        raise NotImplementedError

    # -- reads ---------------------------------------------------------------------------------------------
    def look_up(self):
        """The object with this name (or id); remembered (the first time, as the diff's before)."""
        self.found = self._with_details(getattr(self.client, "find_" + self.kind)(self.name))
        self.in_use = self.users() if self.found is not None and not self.present else []
        if not self.looked:
            self.before, self.looked = self.found, True

    def read(self):
        """The object as GET shows it now, by id (None: it does not exist); remembered."""
        found = getattr(self.client, self.kind)(self.object_id) if self.object_id else None
        self.found = self._with_details(found)
        return self.found

    def _with_details(self, found, previous=None):
        """found with what the object's GET does not hold (an environment's resources)."""
        return found

    def users(self):
        raise NotImplementedError

    def _named(self):
        return getattr(self.client, "find_" + self.kind)(self.name)

    # -- the plan ------------------------------------------------------------------------------------------
    @classmethod
    def input_errors(cls, params):
        errors = []
        if not UUID_PATTERN.match(params["name"]):
            errors.append(check_name(cls.kind, params["name"]))
        errors.extend(label_errors(params["labels"]))
        errors.extend(description_errors(params["description"]))
        if params["wait_timeout"] <= 0:
            errors.append("wait_timeout must be a positive number of seconds")
        return errors

    def plan(self):
        if not self.present:
            return self._plan_delete()
        if self.found is None:
            if UUID_PATTERN.match(self.name):
                return Plan(refused="no %s has the id %s, and an id is not the name of a new %s: nothing was written"
                            % (self.kind, self.name, self.kind))
            missing = [option for option in self.CREATE_NEEDS if not self.params[option]]
            if missing:
                return Plan(refused="%s does not exist, and creating it needs %s: nothing was written" % (
                    self.subject(), " and ".join(missing)))
            return Plan(["create"] + self.extra_writes(None), "it does not exist")
        differing = self.FIELDS.differing(self.want, self.found)
        refused = [key for key in differing if key in self.CREATE_ONLY]
        if refused:
            return Plan(refused="%s cannot change %s (%s): nothing was written. Delete the %s and create it again to "
                                "change %s, or leave %s out" % (
                                    self.subject(), " or ".join(refused),
                                    ", ".join("%s is %s, not %s" % (key, self.found.get(key), self.want[key])
                                              for key in refused),
                                    self.kind, "it" if len(refused) == 1 else "them", " and ".join(refused)))
        writes = (["update"] if [key for key in differing if key in UPDATED] else []) + self.extra_writes(differing)
        if not writes:
            return Plan([], "it matches", message="%s is already as wanted: it matches" % self.subject())
        return Plan(writes, "%s differ%s" % (", ".join(differing), "" if len(differing) > 1 or
                                             differing[0].endswith("s") else "s"))

    def extra_writes(self, differing):
        """Writes after the create or update (an environment's resources); differing is None for a new object."""
        return []

    def _plan_delete(self):
        if self.found is None:
            return Plan([], message="%s does not exist" % self.subject())
        deleting = [item for item in self.in_use if going(item)]
        staying = [item for item in self.in_use if not going(item)]
        if deleting and not staying:
            what = named_components(deleting, self.with_application)
            they = "it is" if len(deleting) == 1 else "they are"
            return Plan(["delete"], "it exists", blocker=Blocker(
                "%s %s %s, and %s being deleted: nothing was deleted. Run with wait: true to wait until %s gone and "
                "delete it then, or run the task again later" % (self.subject(), self._holds(), what, they, they),
                Wait(until=(self.users, lambda users: not users, lambda users, timeout: (
                    "the components of %s were still being deleted after %.0f s" % (self.subject(), timeout)))),
                "%s %s %s, and %s being deleted: a real run waits until %s gone" % (
                    self.subject(), self._holds(), what, they, they)))
        return self.plan_delete_with(staying)

    def plan_delete_with(self, staying):
        return Plan(["delete"], "it exists")

    def _holds(self):
        return "still has" if self.kind == "application" else "is still used by"

    def in_use_failure(self, components, error=None):
        return TaskFailure("%s %s %s. Nothing was deleted: delete %s first "
                           "(huaweicloud.servicestage.servicestage_component, state: absent)%s" % (
                               self.subject(), self._holds(), named_components(components, self.with_application),
                               "it" if len(components) == 1 else "them",
                               "; the API refused the delete: %s" % error.summary() if error is not None else ""),
                           error)

    # -- the writes ----------------------------------------------------------------------------------------
    def create_body(self):
        """The POST: the name and the fields the task gives (resources go in their own PUT after it)."""
        return dict(self.FIELDS.body(dict((key, value) for key, value in self.want.items()
                                          if key in UPDATED + self.CREATE_ONLY), {}), name=self.name)

    def update_body(self):
        """The PUT: name, description and labels, each as the API reports it unless the task gives it."""
        whole = self.FIELDS.body(dict((key, value) for key, value in self.want.items() if key in UPDATED), self.found)
        return {"name": self.found["name"], "description": whole.get("description") or "",
                "labels": whole.get("labels") if isinstance(whole.get("labels"), list) else []}

    def _create(self):
        body = self.create_body()
        return self.create_step(send=lambda: getattr(self.client, "create_" + self.kind)(body), read=self._named,
                                explain=self._name_in_use)

    def _created(self, result):
        self.fail_if_created_meanwhile(result, ", vpc_id %s" % (result.value or {}).get("vpc_id")
                                       if self.kind == "environment" else "")
        self.found = self._with_details(result.value)
        if not self.object_id:
            # an answer without the id: the name tells it
            self.found = self._with_details(self._named()) or self.found

    def is_name_in_use(self, error):
        return error.error_code == self.NAME_IN_USE

    def _name_in_use(self, failure):
        """The message of a "name in use" answer when no object is called exactly self.name: the API may compare
        names without case; the list names those that differ only in case."""
        others = []
        try:
            listed = (self.client.environments(name=self.name) if self.kind == "environment"
                      else self.client.applications())
            others = case_variants(self.name, listed)
        except HuaweiCloudApiError:
            pass
        if others:
            return in_another_case(failure.message, self.kind, self.name, others)
        return "%s; no %s is called exactly '%s'" % (failure.message, self.kind, self.name)

    def _update(self):
        """PUT name, description and labels, each as the API reports it unless the task gives it."""
        object_id, before, body = self.object_id, self.found, self.update_body()
        updated = dict((key, value) for key, value in self.want.items() if key in UPDATED)

        def done(found):
            if found is None:
                return False
            if before.get("update_time") is not None and found.get("update_time") is not None:
                return found["update_time"] != before["update_time"]
            return not self.FIELDS.differing(updated, found)

        return Step("update", Write(
            "update", self.subject(),
            send=lambda: getattr(self.client, "update_" + self.kind)(object_id, body),
            read=self.read, done=done), record=self._updated)

    def _updated(self, result):
        if isinstance(result.value, dict):
            self.found = self._with_details(dict(result.value), self.found)

    def _delete(self):
        object_id = self.object_id
        return Step("delete", Write(
            "delete", self.subject(),
            send=lambda: getattr(self.client, "delete_" + self.kind)(object_id),
            read=self.read, done=lambda found: found is None, conflict=self._delete_refused),
            record=self._deleted)

    def _delete_refused(self, error):
        """A not-found answer is settled by reading (someone else deleted it); the API's refusal while components are
        in (or use) it is a failure naming them."""
        if is_not_found(error):
            return True
        if self.refused_as_in_use(error):
            users = self.users()
            if users:
                raise self.in_use_failure(users, error)
        return False

    def refused_as_in_use(self, error):
        return False

    def _deleted(self, result):
        self.found = None

    # -- what the task says --------------------------------------------------------------------------------
    def message(self, run, check_mode):
        def formats(plan):
            return ("would %s: %%s" % describe("%s", plan.actions, done=False),
                    "%s (%%s)" % describe("%s", plan.actions, done=True))
        return said(self.subject(), run, check_mode, formats)

    def warnings(self, run, check_mode):
        return []

    def comparable(self, found):
        """The object as a diff shows it: its shown fields, labels as a dict, a description missing as empty."""
        view = dict((key, found.get(key)) for key in self.SHOWN if key in found or key in UPDATED)
        view["description"] = found.get("description") or ""
        view["labels"] = Labels.as_dict(found.get("labels"))
        return view


def ensure(module, description_class):
    """servicestage_application and servicestage_environment: one object, present or absent."""
    params = module.params

    def render(module, runs):
        run = runs[0]
        description = run.description
        return render_item(module, run, {description.kind: description.view()}, done_names=DONE,
                           warnings=lambda: description.warnings(run, module.check_mode))

    module.reconcile(lambda api: [description_class(api, params)], render,
                     input_errors=lambda: description_class.input_errors(params),
                     wait=params.get("wait", True), wait_timeout=params.get("wait_timeout") or 1200)
