# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Carry writes to a ServiceStage v3 application or environment out.

Every write goes through ``_checked_write.checked_write`` with what settles it: after a create,
the name is looked up (and a "name in use" answer, SVCSTG.00100449 for environments or
SVCSTG.00100458 for applications, is settled the same way: this task's own create when an earlier
attempt's fate was unknown, someone else's otherwise); after a PUT, the object is read back and
compared; after a resources PUT, the resources are read back; after a delete, the object is read
back (not found: deleted). A delete is refused before it is sent while components are in the
application, or use the environment, and the API's own refusal (a component made meanwhile) is
reported the same way, naming them. ``ObjectRun`` records each write as it is carried out, so that
a failure says what was done.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._app_env_plan import resource_set
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._checked_write import Write, checked_write
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    APPLICATION_NAME_IN_USE,
    APPLICATION_NOT_EMPTY,
    ENVIRONMENT_NAME_IN_USE,
    case_variants,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._v3_report import TaskFailure

NAME_IN_USE = {"application": APPLICATION_NAME_IN_USE, "environment": ENVIRONMENT_NAME_IN_USE}
# The code of the API's refusal to delete an environment that components use is not documented (the
# emulator answers 409 SVCSTG.00100402, "component was deployed" in the error table): any 409 is read so.
ENVIRONMENT_IN_USE_CODES = ("SVCSTG.00100402",)
# How many components a refusal names (the rest are counted).
NAMED_COMPONENTS = 10


class Refused(TaskFailure):
    """A write refused, before it was sent or by the API; error: the API's answer when it was the API that
    refused (its status, code and message go into the result), else None."""

    def __init__(self, message, error=None):
        super(Refused, self).__init__(message)
        self.error = error


class InUse(Refused):
    """A delete refused because components are in the application or use the environment (by the API when a
    component was made meanwhile)."""


class ObjectRun:
    """One task's writes to one application or environment: what was carried out (actions), the object
    as last read (for an environment, with its resources), and notes for warnings."""

    def __init__(self, client, kind, name):
        self.client = client
        self.kind = kind
        self.name = name
        self.found = None
        self.actions = []
        self.notes = []
        # the API's "name in use" answer to this task's create, if it gave one
        self.name_in_use = None

    @property
    def changed(self):
        return bool(self.actions)

    @property
    def object_id(self):
        return self.found.get("id") if self.found else None

    def subject(self):
        if self.found and self.found.get("name") and self.found["name"] != self.name:
            return "%s '%s' (%s)" % (self.kind, self.found["name"], self.name)
        return "%s '%s'" % (self.kind, self.name)

    # -- reads ----------------------------------------------------------------------------------------
    def look_up(self):
        """The object with this name (or id), with an environment's resources; remembered. Once per task."""
        self.found = self._with_resources(getattr(self.client, "find_" + self.kind)(self.name))
        return self.found

    def read(self):
        """The object as GET shows it now, by id (None: it does not exist); remembered."""
        found = getattr(self.client, self.kind)(self.object_id) if self.object_id else None
        self.found = self._with_resources(found)
        return self.found

    def _with_resources(self, found):
        if found is not None and self.kind == "environment" and not isinstance(found.get("resources"), list):
            found = dict(found, resources=self.client.environment_resources(found["id"]))
        return found

    def _named(self):
        """The object called exactly self.name, as the list shows it (None: there is none)."""
        return getattr(self.client, "find_" + self.kind)(self.name)

    # -- the writes -------------------------------------------------------------------------------------
    def create(self, body):
        """POST the object; after a lost answer, or a "name in use" answer, the name is looked up. A name in use
        by someone else's object (made meanwhile, with no earlier attempt of this task of unknown fate) fails,
        naming it."""
        budget = self.client.transport.budget()
        result = checked_write(
            self.client.transport, budget, Write("create", self.subject(), "looking the name up"),
            send=lambda: getattr(self.client, "create_" + self.kind)(body),
            read=self._named,
            done=lambda found: found is not None,
            conflict=self._name_in_use_answer,
            may_send_again=lambda found: found is None,
            explain=lambda failure, found: self._name_in_use(failure))
        if result.note:
            self.notes.append(result.note)
        if not result.by_this_task:
            other = result.value
            raise Refused("%s was created meanwhile by someone else (id %s%s), so the API refused this task's create: "
                          "nothing was written. Run the task again to manage that one, or choose another name" % (
                              self.subject(), other.get("id"),
                              ", vpc_id %s" % other.get("vpc_id") if self.kind == "environment" else ""),
                          self.name_in_use)
        self.actions.append("create")
        self.found = result.value
        if not self.object_id:
            # an answer without the id: the name tells it
            self.found = self._named() or self.found
        return self.found

    def _name_in_use_answer(self, error):
        """Whether an answer to the create is "name in use" (remembered for the message)."""
        if error.error_code != NAME_IN_USE[self.kind]:
            return False
        self.name_in_use = error
        return True

    def _name_in_use(self, failure):
        """The message of a "name in use" answer when no object is called exactly self.name: the API may
        compare names without case; the list names those that differ only in case."""
        others = []
        try:
            listed = (self.client.environments(name=self.name) if self.kind == "environment"
                      else self.client.applications())
            others = case_variants(self.name, listed)
        except HuaweiCloudApiError:
            pass
        text = "%s; no %s is called exactly '%s'" % (failure.message, self.kind, self.name)
        if others:
            text += ", but %s: the API compares names without regard to case. Use that name, or another one" % (
                " and ".join("'%s' is" % other for other in others))
        return text

    def update(self, body, settled):
        """PUT name, description and labels; settled(found): whether the object as read back shows it done."""
        object_id = self.object_id
        budget = self.client.transport.budget()
        result = checked_write(
            self.client.transport, budget, Write("update", self.subject(), "reading it back"),
            send=lambda: getattr(self.client, "update_" + self.kind)(object_id, body),
            read=self.read,
            done=lambda found: found is not None and settled(found))
        if result.note:
            self.notes.append(result.note)
        self.actions.append("update")
        if isinstance(result.value, dict):
            resources = (self.found or {}).get("resources")
            self.found = dict(result.value)
            if self.kind == "environment" and not isinstance(self.found.get("resources"), list):
                self.found["resources"] = resources
        return self.found

    def set_resources(self, resources):
        """PUT the environment's whole resource list; settled when the list read back is the same set."""
        object_id = self.object_id
        budget = self.client.transport.budget()
        result = checked_write(
            self.client.transport, budget, Write("resources update", self.subject(), "reading its resources back"),
            send=lambda: self.client.set_environment_resources(object_id, resources),
            read=lambda: self.client.environment_resources(object_id),
            done=lambda found: resource_set(found) == resource_set(resources))
        if result.note:
            self.notes.append(result.note)
        self.actions.append("resources")
        self.found = dict(self.found, resources=list(resources))
        return self.found

    def delete(self):
        """DELETE the object (refuse_if_in_use() comes first); True when this task deleted it, False when someone
        else did meanwhile. The API's refusal while components are in it (or use it) raises InUse, naming them."""
        object_id = self.object_id
        budget = self.client.transport.budget()
        try:
            result = checked_write(
                self.client.transport, budget, Write("delete", self.subject(), "reading it back"),
                send=lambda: getattr(self.client, "delete_" + self.kind)(object_id),
                read=self.read,
                done=lambda found: found is None,
                conflict=is_not_found)
        except HuaweiCloudApiError as error:
            if self.refused_as_in_use(error):
                self.refuse_if_in_use(error)
            raise
        if result.note:
            self.notes.append(result.note)
        self.found = None
        if result.by_this_task:
            self.actions.append("delete")
        return result.by_this_task

    def refused_as_in_use(self, error):
        if error.sent is not None or error.status is None:
            return False
        if self.kind == "application":
            return error.status == 409 and error.error_code == APPLICATION_NOT_EMPTY
        return error.status == 409 or error.error_code in ENVIRONMENT_IN_USE_CODES

    def components_in_use(self):
        """The components in the application, or deployed in the environment (list items)."""
        if self.kind == "application":
            return self.client.components_of(self.object_id)
        return [item for item in self.client.components() if item.get("environment_id") == self.object_id]

    def named_components(self, components):
        """"2 components: cart (id ..., application shop), search (id ...)", the first NAMED_COMPONENTS named."""
        components = sorted(components, key=lambda item: (str(item.get("name")), str(item.get("id"))))
        named = ["%s (id %s%s)" % (
            item.get("name"), item.get("id"),
            ", application %s" % item.get("application_name") if self.kind == "environment" else "")
            for item in components[:NAMED_COMPONENTS]]
        if len(components) > NAMED_COMPONENTS:
            named.append("%d more" % (len(components) - NAMED_COMPONENTS))
        return "%d component%s: %s" % (len(components), "" if len(components) == 1 else "s", ", ".join(named))

    def refuse_if_in_use(self, error=None):
        """Raise InUse naming the components in (or using) the object, if any. error: the API's refusal."""
        components = self.components_in_use()
        if not components:
            return
        where = "still has" if self.kind == "application" else "is still used by"
        raise InUse("%s %s %s. Nothing was deleted: delete %s first "
                    "(huaweicloud.servicestage.servicestage_component, state: absent)%s" % (
                        self.subject(), where, self.named_components(components),
                        "it" if len(components) == 1 else "them",
                        "; the API refused the delete: %s" % error.summary() if error is not None else ""),
                    error)
