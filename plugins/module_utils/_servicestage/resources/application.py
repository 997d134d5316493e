# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage v3 application (``/v3/{project_id}/cas/applications``): the group its components belong to.

Its fields' table, and its own rules over those of every named v3 object (``v3_object.py``): the API has no name
filter (the applications are paged through); "name in use" is ``SVCSTG.00100458``; the API always refuses to delete
an application that has components (409 ``SVCSTG.00100401``), so the delete is refused before it is sent, naming
them, or, while they are all being deleted, waits until they are gone (``wait``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    APPLICATION_NAME_IN_USE,
    APPLICATION_NOT_EMPTY,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import Fields, Labels, Text
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.v3_object import (
    V3Object,
    ensure,
)

PERMISSIONS = "servicestage:app:listApplication, createApplication, modifyApplication or deleteApplication"

FIELDS = Fields({
    "description": Text(),
    "labels": Labels(),
})


class Application(V3Object):
    kind = "application"
    FIELDS = FIELDS
    NAME_IN_USE = APPLICATION_NAME_IN_USE
    SHOWN = ("id", "name", "description", "labels")

    def wanted(self, params):
        return dict((key, params[key]) for key in ("description", "labels") if params[key] is not None)

    def users(self):
        return self.client.components_of(self.object_id)

    def plan_delete_with(self, staying):
        if staying:
            return Plan(refused=self.in_use_failure(staying).message)
        return Plan(["delete"], "it exists")

    def refused_as_in_use(self, error):
        return error.sent is None and error.status == 409 and error.error_code == APPLICATION_NOT_EMPTY


def ensure_application(module):
    ensure(module, Application)


def list_applications(module):
    """servicestage_application_info: the applications, by name (exactly; the API has no name filter)."""
    params = module.params

    def look(api):
        matching = [item for item in api.v3.applications()
                    if params["name"] is None or item.get("name") == params["name"]]
        module.exit_json(changed=False, applications=matching,
                         msg="%d application%s" % (len(matching), "" if len(matching) == 1 else "s"))

    module.run(look)
