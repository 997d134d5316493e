# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage configuration group (``/v3/{project_id}/cas/config-groups``): the folder configuration files live
in, described once.

The API cannot update a group (Terraform marks its name and description not updatable, and there is no PUT): a
task whose description or labels differ is refused before any write, or, with ``recreate``, the group is deleted and
created again, only while it holds no file (a group's files cannot move, and a delete of a group that holds files
is refused by the API or takes them with it). A delete answers 200 whether or not the group exists, so absence is
decided by reading: before the plan, and after the delete, which the task checks took effect. A group that holds
files is not deleted (the task names them); ``recreate`` with files fails before any write too.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    HuaweiCloudApiError,
    TaskFailure,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_config import (
    ConfigClient,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    NAME_PATTERN,
    NAME_RULE,
    UUID_PATTERN,
    case_variants,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    Fields,
    Labels,
    Server,
    Text,
    Wrapping,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan, Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.named import (
    Named,
    in_another_case,
    said,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.v3_object import (
    label_errors,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import render_item
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = "servicestage:configGroup:list, get, create or delete (and servicestage:config:list to list its files)"
MAX_DESCRIPTION = 256
# How many files a message names (the rest are counted).
NAMED_FILES = 10
DONE = {"create": "create", "delete": "delete"}
SHOWN = ("name", "description", "labels")


class Recreated(Wrapping):
    """A field the API cannot change: a difference is refused before any write, or (recreate) the whole empty group
    is deleted and created again."""

    def __init__(self, rule):
        self.rule = rule
        self.doc = ("%s; the API cannot change it: a difference is refused before any write, unless O(recreate=true) "
                    "deletes the group and creates it again (only while it holds no file)" % rule.describe())

    def shown(self, value):
        return self.rule.shown(value)


FIELDS = Fields({
    "description": Recreated(Text()),
    "labels": Recreated(Labels()),
    "id": Server(), "project_id": Server(), "creator": Server(), "create_time": Server(),
    "enterprise_project_id": Server(),
})


# A file's name as the example gives it (cart-application.yaml): the API pages allow no dot, a dot is sent
# all the same, and a refusal names a name that would do (dotless_name()).
FILE_NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,62}[A-Za-z0-9]\Z")
FILE_NAME_RULE = "2 to 64 letters, digits, '-', '_' or '.', starting with a letter and ending with a letter or digit"


def dotless_name(name):
    """A name the API pages take, for a name with a dot: cart-application-yaml for cart-application.yaml."""
    suggestion = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")
    return suggestion if NAME_PATTERN.match(suggestion) else None


def dot_note(name):
    """What a name with a dot may meet: the API pages allow none."""
    suggestion = dotless_name(name)
    return ("the API pages allow no dot in a configuration file's name (%s), so ServiceStage may refuse '%s'%s" % (
        NAME_RULE, name, "; '%s' would do (the name is what ServiceStage calls the file, not the file name it is "
        "mounted as)" % suggestion if suggestion else ""))


def name_error(kind, option, name, dots=False):
    """What is wrong with the name of a group or a file (the API's rule; with dots, a file's, where a dot is let
    through), or None."""
    if (FILE_NAME_PATTERN if dots else NAME_PATTERN).match(name):
        return None
    return "%s %r is not a valid %s name: use %s" % (option, name, kind, FILE_NAME_RULE if dots else NAME_RULE)


def named_files(files):
    """"2 configuration files: cart-yaml (id ...), search-yaml (id ...)", the first NAMED_FILES named."""
    files = sorted(files, key=lambda item: (str(item.get("name")), str(item.get("id"))))
    named = ["%s (id %s)" % (item.get("name"), item.get("id")) for item in files[:NAMED_FILES]]
    if len(files) > NAMED_FILES:
        named.append("%d more" % (len(files) - NAMED_FILES))
    return "%d configuration file%s: %s" % (len(files), "" if len(files) == 1 else "s", ", ".join(named))


def input_errors(params):
    errors = []
    if not UUID_PATTERN.match(params["name"]):
        errors.append(name_error("configuration group", "name", params["name"]))
    if params["description"] is not None and len(params["description"]) > MAX_DESCRIPTION:
        errors.append("description is %d characters long: at most %d are allowed" % (
            len(params["description"]), MAX_DESCRIPTION))
    errors.extend(label_errors(params["labels"]))
    if params["recreate"] and params["state"] == "absent":
        errors.append("recreate is for state: present (it re-creates a group whose description or labels differ)")
    return [error for error in errors if error]


class ConfigGroup(Named):
    """A configuration group as servicestage_config_group wants it."""

    kind = "configuration group"
    FIELDS = FIELDS

    def __init__(self, api, params):
        self.client = ConfigClient(api.transport, api.project_id)
        self.params = params
        self.name = params["name"]
        self.present = params["state"] == "present"
        self.recreate = params["recreate"]
        self.want = dict((key, params[key]) for key in ("description", "labels") if params[key] is not None) \
            if self.present else {}
        self.found = None
        self.before = None
        self.looked = False
        self.files = []
        self.name_in_use = None

    # -- reads ---------------------------------------------------------------------------------------------
    def look_up(self):
        self.found = self.client.find_config_group(self.name)
        # its files, when a delete is in view (state absent, or a re-create)
        self.files = []
        if self.found is not None and (not self.present or (self.recreate and FIELDS.differing(self.want, self.found))):
            self.files = self.client.configs(group_id=self.object_id)
        if not self.looked:
            self.before, self.looked = self.found, True

    def read(self):
        """The group as GET shows it now; a group this task deleted must be gone (a DELETE answers 200 either way)."""
        self.confirm_deleted(self.client.config_group)
        self.found = self.client.config_group(self.object_id) if self.object_id else None
        return self.found

    # -- the plan ------------------------------------------------------------------------------------------
    def plan(self):
        if not self.present:
            if self.found is None:
                return Plan([], message="%s does not exist" % self.subject())
            if self.files:
                return Plan(refused=self.holds_files(self.files).message)
            return Plan(["delete"], "it exists")
        if self.found is None:
            if UUID_PATTERN.match(self.name):
                return Plan(refused="no configuration group has the id %s, and an id is not the name of a new group: "
                                    "nothing was written" % self.name)
            return Plan(["create"], "it does not exist")
        differing = FIELDS.differing(self.want, self.found)
        if not differing:
            return Plan([], "it matches", message="%s is already as wanted: it matches" % self.subject())
        changes = ", ".join("%s is %s, not %s" % (key, self._shown(key, self.found.get(key)),
                                                  self._shown(key, self.want[key])) for key in differing)
        if not self.recreate:
            return Plan(refused="%s cannot change %s (%s): the API has no update call for configuration groups. "
                                "Nothing was written. Set recreate: true to delete the group and create it again "
                                "(only while it holds no configuration file), or leave %s out" % (
                                    self.subject(), " or ".join(differing), changes, " and ".join(differing)))
        if self.files:
            return Plan(refused="%s cannot be re-created to change %s (%s): it holds %s. Nothing was written: a "
                                "group's files cannot move to another group; delete them first "
                                "(huaweicloud.servicestage.servicestage_config, state: absent), or leave %s out" % (
                                    self.subject(), " and ".join(differing), changes, named_files(self.files),
                                    " and ".join(differing)))
        return Plan(["delete", "create"], "%s differ%s and the API cannot update a group" % (
            ", ".join(differing), "" if len(differing) > 1 else "s"))

    @staticmethod
    def _shown(key, value):
        if key == "labels":
            return Labels.as_dict(value)
        return "'%s'" % (value or "")

    def holds_files(self, files, error=None):
        return TaskFailure("%s still holds %s. Nothing was deleted: delete them first "
                           "(huaweicloud.servicestage.servicestage_config, state: absent)%s" % (
                               self.subject(), named_files(files),
                               "; the API refused the delete: %s" % error.summary() if error is not None else ""),
                           error)

    # -- the writes ----------------------------------------------------------------------------------------
    def create_body(self):
        body = {"name": self.found["name"] if self.found else self.name,
                "description": self.want.get("description") if "description" in self.want else (
                    (self.found or {}).get("description") or "")}
        labels = self.want["labels"] if "labels" in self.want else (self.found or {}).get("labels")
        if labels:
            body["labels"] = Labels().merged(labels, None)
        return body

    def _create(self):
        body = self.create_body()
        name = body["name"]
        return self.create_step(send=lambda: self.client.create_config_group(body),
                                read=lambda: self.client.find_config_group(name),
                                explain=lambda failure: self._name_in_use(failure, name))

    def is_name_in_use(self, error):
        """A 400 may be the API's "name in use" (the pages list no code): reading the name decides."""
        return error.status == 400

    def _name_in_use(self, failure, name):
        others = []
        try:
            others = case_variants(name, self.client.config_groups())
        except HuaweiCloudApiError:
            pass
        if others:
            return in_another_case(failure.message, self.kind, name, others)
        return failure.message

    def _created(self, result):
        self.fail_if_created_meanwhile(result)
        self.deleted_id = None
        self.found = result.value
        if not self.object_id:
            self.found = self.client.find_config_group(self.found.get("name") or self.name) or self.found

    def _delete(self):
        group_id = self.object_id
        return Step("delete", Write(
            "delete", self.subject(),
            send=lambda: self.client.delete_config_group(group_id),
            read=lambda: self.client.config_group(group_id),
            done=lambda found: found is None,
            conflict=lambda error: self._delete_refused(error, group_id)),
            record=lambda result: self._deleted(group_id))

    def _delete_refused(self, error, group_id):
        """A not-found answer is settled by reading (someone else deleted it); a refusal while the group holds files
        (a file made meanwhile) names them."""
        if is_not_found(error):
            return True
        if error.status == 400:
            files = self.client.configs(group_id=group_id)
            if files:
                raise self.holds_files(files, error)
        return False

    def _deleted(self, group_id):
        self.deleted_id = group_id

    # -- what the task says --------------------------------------------------------------------------------
    def message(self, run, check_mode):
        return said(self.subject(), run, check_mode, lambda plan: (
            ("would create %s: %s", "created %s (%s)") if plan.actions == ["create"] else
            ("would re-create %s (delete it and create it again, empty): %s",
             "re-created %s (deleted it and created it again, empty; its id is new): %s")))

    def comparable(self, found):
        return {"name": found.get("name"), "description": found.get("description") or "",
                "labels": Labels.as_dict(found.get("labels"))}


def ensure_config_group(module):
    """servicestage_config_group: one group, present or absent."""
    params = module.params

    def render(module, runs):
        return render_item(module, runs[0], {"config_group": runs[0].description.view()}, done_names=DONE)

    module.reconcile(lambda api: [ConfigGroup(api, params)], render, input_errors=lambda: input_errors(params))
