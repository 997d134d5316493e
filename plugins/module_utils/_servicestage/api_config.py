# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage v3 configuration API (``/v3/{project_id}/cas/...``): configuration groups, configuration files
and their history, and application configuration. Its URLs and JSON, the name lookups, and nothing else.

None of these calls is in the official Python SDK but application configuration; the API pages and Terraform's
``servicestagev3_configuration_group``, ``_configuration`` and ``_application_configuration`` resources are the
sources. Where they disagree or say nothing, every variant is read:

- not found is the v3 API's (401 ``SVCSTG.00100401``, a 404 with a documented code or with no body:
  ``api_v3.is_not_found``), or a 404 with any other ``SVCSTG.`` code: no page names the code of a missing group,
  file or history record. A 404 without a ServiceStage code (``APIG.0101``: no such route, a proxy's page) is not;
- a ``DELETE`` answers 200 whether or not the object exists (Terraform's comment): only reading says it is gone;
- one history record is at ``…/configs/{id}/histories/{history_id}``, or, as the API pages write it,
  ``…/cas//configs/…``: the single slash is tried first, the double one when the gateway knows no such route
  (404 ``APIG.0101``), and the form that answered is kept for the client's later reads;
- the list name filters may match exactly or as substrings, with or without case: every lookup matches the name
  exactly itself;
- application configuration is read as the SDK's model has it (``{"configuration": [{"application_id",
  "environment_id", "configuration": {"env": [...], "assign_strategy"}}]}``), or as one such item.

Lists are read as ``api_v3`` reads them: oldest first, a page of 100 at a time, each object once, and a lookup that
finds nothing in a list of several pages reads it once more.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    UUID_PATTERN,
    V3Client,
    is_not_found as is_v3_not_found,
)

# The gateway's answer for a route it does not know (an unpublished path).
NO_SUCH_ROUTE = "APIG.0101"
# What the API answers a name in use, or a group that holds files, with (a guess: the pages list 400 and no code).
INVALID = "SVCSTG.00100400"
GROUPS = "config-groups"
CONFIGS = "configs"


def is_not_found(error):
    """Whether an API error means "no such configuration group, file or record": the v3 API's documented forms, or
    a 404 with a ServiceStage code (no page names one for these objects)."""
    if is_v3_not_found(error):
        return True
    return (error.sent is None and error.status == 404 and isinstance(error.error_code, str)
            and error.error_code.startswith("SVCSTG."))


def no_such_route(error):
    return error.sent is None and error.status == 404 and error.error_code == NO_SUCH_ROUTE


class ConfigClient(V3Client):
    """The configuration API of one project, through the task's ServiceStage transport (the v3 client's plumbing:
    paths, pages, exact name lookups)."""

    # what a read of one object takes for "it does not exist" (V3Client._get_or_none)
    not_found = staticmethod(is_not_found)

    def __init__(self, transport, project_id):
        V3Client.__init__(self, transport, project_id)
        # the path of one history record that answered: "single" or "double" (None: not known yet)
        self.history_path = None

    # -- configuration groups -----------------------------------------------------------------------------
    def config_groups(self, name=None):
        return self._pages("configuration group lookup", "config_groups", GROUPS, name=name)

    def config_group(self, group_id):
        return self._get_or_none("configuration group lookup", "configuration group", GROUPS, group_id)

    def find_config_group(self, name_or_id):
        """The group with this id, or else this name (matched exactly); None when there is none."""
        if UUID_PATTERN.match(name_or_id):
            found = self.config_group(name_or_id)
            if found is not None:
                return found
        return self._named("configuration group", name_or_id, lambda: self.config_groups(name=name_or_id))

    def missing_group(self, name_or_id):
        """"configuration group 'Shop' does not exist", naming the groups whose names differ from it only in case, or
        else the closest names there are (the list is read for this hint only: when it cannot be read, the message goes
        without)."""
        if UUID_PATTERN.match(name_or_id):
            return "configuration group '%s' does not exist" % name_or_id
        return self.missing_from("configuration group", name_or_id, self.config_groups)[0]

    def create_config_group(self, body):
        return self._object("create", self._write("POST", "create", (GROUPS,), body), "configuration group")

    def delete_config_group(self, group_id):
        self._write("DELETE", "delete", (GROUPS, group_id), read_body=False)

    # -- configuration files ------------------------------------------------------------------------------
    def configs(self, name=None, group_id=None, component_id=None):
        """The files the filters match (as the list shows them: no config_encryption, maybe no components)."""
        listed = self._pages("configuration file lookup", "configs", CONFIGS, name=name, config_group_id=group_id,
                             component_id=component_id)
        return [item for item in listed if group_id is None or item.get("config_group_id") in (None, group_id)]

    def config(self, config_id):
        """A file as GET shows it (its content, version and components), or None."""
        return self._get_or_none("configuration file lookup", "configuration file", CONFIGS, config_id)

    def find_config(self, group_id, name):
        """The list item of the file called name (exactly) in the group, or None."""
        return self._named("configuration file", name, lambda: self.configs(name=name, group_id=group_id))

    def create_config(self, body):
        return self._object("create", self._write("POST", "create", (CONFIGS,), body), "configuration file")

    def update_config(self, config_id, body):
        return self._object("update", self._write("PUT", "update", (CONFIGS, config_id), body), "configuration file")

    def delete_config(self, config_id):
        self._write("DELETE", "delete", (CONFIGS, config_id), read_body=False)

    def histories(self, config_id):
        """The file's history records, oldest first."""
        return self._pages("history lookup", "histories", CONFIGS, config_id, "histories")

    def history(self, config_id, history_id):
        """One history record, at the path with one slash or, as the API pages write it, two; None when not
        found."""
        forms = ("single", "double") if self.history_path != "double" else ("double", "single")
        for form in forms:
            path = self._path(CONFIGS, config_id, "histories", history_id)
            if form == "double":
                path = self.base_path + "/" + path[len(self.base_path):]
            try:
                found = self.transport.send("GET", path, step="history lookup")
            except HuaweiCloudApiError as error:
                if no_such_route(error) and form == forms[0]:
                    continue
                if is_not_found(error):
                    return None
                raise
            self.history_path = form
            return self._object("history lookup", found, "history record")
        return None

    # -- application configuration ------------------------------------------------------------------------
    def application_configuration(self, application_id, environment_id):
        """The application's configuration in the environment ({application_id, environment_id, configuration:
        {env, assign_strategy}}), or None when it has none."""
        payload = self._get("application configuration lookup", "applications", application_id, "configuration",
                            environment_id=environment_id)
        if not isinstance(payload, dict):
            raise self.transport.answer_error("application configuration lookup", "the application configuration "
                                              "answer is not an object; check that the endpoint is the ServiceStage API")
        listed = payload.get("configuration")
        if isinstance(listed, dict) and "configuration" not in listed and "env" in listed:
            # the configuration itself, not an item
            listed = [{"application_id": application_id, "environment_id": environment_id, "configuration": listed}]
        elif isinstance(listed, dict):
            listed = [listed]
        elif listed is None and isinstance(payload.get("env"), list):
            listed = [{"application_id": application_id, "environment_id": environment_id, "configuration": payload}]
        if listed is None:
            return None
        if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
            raise self.transport.answer_error("application configuration lookup", "the application configuration "
                                              "answer holds no 'configuration' list of objects; check that the "
                                              "endpoint is the ServiceStage API")
        matching = [item for item in listed if item.get("environment_id") in (None, environment_id)]
        return matching[0] if matching else None

    def set_application_configuration(self, application_id, body):
        return self._write("PUT", "update", ("applications", application_id, "configuration"), body)

    def delete_application_configuration(self, application_id, environment_id):
        self.transport.send("DELETE", self._path("applications", application_id, "configuration",
                                                 environment_id=environment_id), step="delete", read_body=False)
