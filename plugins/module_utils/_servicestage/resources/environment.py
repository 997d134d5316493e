# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage v3 environment (``/v3/{project_id}/cas/environments``): its VPC, deploy mode and resources (the
CCE cluster components run on).

Its fields' table, and its own rules over those of every named v3 object (``v3_object.py``): ``vpc_id`` and
``deploy_mode`` are set at create and cannot change; the resources are written by their own call (``PUT
…/resources``, the whole list), after the create or update, and read back as a set of type and id; "name in use" is
``SVCSTG.00100449``; a delete while components use the environment is sent, and the API decides (its refusal names
them, its consent is a warning naming them), but while they are all being deleted it waits until they are gone.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import ENVIRONMENT_NAME_IN_USE
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    CreateOnly,
    Fields,
    Keyed,
    Labels,
    NotCompared,
    Subset,
    Text,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.v3_object import (
    V3Object,
    ensure,
    going,
    named_components,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = ("servicestage:environment:list, get, create, modify or delete (and servicestage:app:listApplication "
               "to list the components before a delete)")
DEPLOY_MODES = ("container", "virtualmachine", "mixed")
# Resource types the documentation and the SDK name; others are sent as given.
RESOURCE_TYPES = ("cce", "ecs", "as", "elb", "eip", "vpc", "cse", "dcs", "rds", "nacos", "ms_gateway", "subnet", "acl")
# The code of the API's refusal to delete an environment that components use is not documented (the emulator
# answers 409 SVCSTG.00100402, "component was deployed" in the error table): any 409 is read so.
ENVIRONMENT_IN_USE_CODES = ("SVCSTG.00100402",)

RESOURCES = Keyed(("type", "id"), Subset({
    "name": NotCompared(doc="not compared; kept as the API lists it unless given")}))
FIELDS = Fields({
    "vpc_id": CreateOnly(),
    "deploy_mode": CreateOnly(),
    "description": Text(),
    "labels": Labels(),
    "resources": RESOURCES,
})


def resource_set(resources):
    """What is compared of a resource list: the set of (type, id); names and order are not."""
    return set(RESOURCES.identity(resource) for resource in resources or () if isinstance(resource, dict))


class Environment(V3Object):
    kind = "environment"
    FIELDS = FIELDS
    NAME_IN_USE = ENVIRONMENT_NAME_IN_USE
    CREATE_ONLY = tuple(key for key, rule in FIELDS.fields.items() if rule.create_only)
    CREATE_NEEDS = ("vpc_id",)
    SHOWN = ("id", "name", "vpc_id", "deploy_mode", "description", "labels", "resources")
    with_application = True

    @classmethod
    def input_errors(cls, params):
        errors = V3Object.input_errors.__func__(cls, params)
        if params["vpc_id"] is not None and not params["vpc_id"].strip():
            errors.append("vpc_id must not be empty")
        seen = set()
        for index, resource in enumerate(params["resources"] or ()):
            if not (resource.get("id") or "").strip() or not (resource.get("type") or "").strip():
                errors.append("resources[%d] needs a non-empty id and type" % index)
                continue
            key = (resource["type"], resource["id"])
            if key in seen:
                errors.append("resource %s %s is listed more than once" % key)
            seen.add(key)
        return errors

    def wanted(self, params):
        want = dict((key, params[key]) for key in ("vpc_id", "deploy_mode", "description", "labels")
                    if params[key] is not None)
        if params["resources"] is not None:
            want["resources"] = [dict((field, item[field]) for field in ("id", "type", "name") if item.get(field))
                                 for item in params["resources"]]
        return want

    def _with_details(self, found, previous=None):
        if found is not None and not isinstance(found.get("resources"), list):
            resources = (previous or {}).get("resources")
            if not isinstance(resources, list):
                resources = self.client.environment_resources(found["id"])
            found = dict(found, resources=resources)
        return found

    def users(self):
        return [item for item in self.client.components() if item.get("environment_id") == self.object_id]

    def extra_writes(self, differing):
        if (differing is None and self.want.get("resources")) or (differing and "resources" in differing):
            return ["resources"]
        return []

    def _resources(self):
        """PUT the environment's whole resource list; settled when the list read back is the same set."""
        object_id = self.object_id
        resources = RESOURCES.merged(self.want["resources"], (self.found or {}).get("resources"))
        return Step("resources", Write(
            "resources update", self.subject(), check="reading its resources back",
            send=lambda: self.client.set_environment_resources(object_id, resources),
            read=lambda: self.client.environment_resources(object_id),
            done=lambda found: resource_set(found) == resource_set(resources)),
            record=lambda result: self._resources_set(resources))

    def _resources_set(self, resources):
        self.found = dict(self.found, resources=list(resources))

    def refused_as_in_use(self, error):
        if error.sent is not None or error.status is None:
            return False
        return error.status == 409 or error.error_code in ENVIRONMENT_IN_USE_CODES

    def warnings(self, run, check_mode):
        """The components that use an environment being deleted: the API may refuse the delete, or allow it."""
        staying = [item for item in self.in_use if not going(item)] if "delete" in run.actions else []
        if not staying:
            return []
        if check_mode:
            return ["%s is used by %s: the API may refuse the delete" % (self.subject(), named_components(staying, True))]
        if run.meanwhile:
            return []
        return ["%s was deleted although %s used it: the API allowed it, and this task deleted none of them"
                % (self.subject(), named_components(staying, True))]


def ensure_environment(module):
    ensure(module, Environment)


def list_environments(module):
    """servicestage_environment_info: the environments, by name (exactly), with their resources on request."""
    params = module.params

    def look(api):
        client = api.v3
        matching = [item for item in client.environments(name=params["name"])
                    if params["name"] is None or item.get("name") == params["name"]]
        if params["with_resources"]:
            matching = [dict(item, resources=client.environment_resources(item["id"])) for item in matching]
        module.exit_json(changed=False, environments=matching,
                         msg="%d environment%s" % (len(matching), "" if len(matching) == 1 else "s"))

    module.run(look)
