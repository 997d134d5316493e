# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage git/auths API family: its URLs and JSON, and nothing else.

Each call sends its request once (the transport re-sends only what is safe); whether a write
whose fate is unknown was carried out is decided by ``_servicestage.writes.carry_out``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import UNKNOWN

ALREADY_EXISTS = "SVCSTG.REPO.0403"
NO_AUTHORIZATION = "SVCSTG.REPO.0450"
CREDENTIALS_REFUSED = "SVCSTG.REPO.0451"


class GitAuthorizationClient:
    """List, create and delete repository authorizations of one project."""

    def __init__(self, transport, project_id):
        self.transport = transport
        self.project_id = project_id
        self.base_path = "/v1/%s/git/auths" % quote(project_id, safe="")

    def list(self, budget=None):
        """Every authorization of the project; an answer of another shape is a clear error."""
        payload = self.transport.send("GET", self.base_path, step="list", budget=budget)
        authorizations = payload.get("authorizations") if isinstance(payload, dict) else None
        if not isinstance(authorizations, list):
            raise self._shape_error("list", "came back without an 'authorizations' list")
        if not all(isinstance(entry, dict) and isinstance(entry.get("name"), str) for entry in authorizations):
            raise self._shape_error("list", "holds an entry that is not an authorization with a name")
        return authorizations

    def find(self, name, budget=None):
        """The authorization called name, or None. The API has no get-by-name."""
        for authorization in self.list(budget):
            if authorization["name"] == name:
                return authorization
        return None

    def create(self, name, repo_type, token_type, body, budget=None):
        """Create an authorization and return the API's object. A 2xx answer without one is an
        error whose fate is unknown (the create was probably carried out)."""
        path = "%s/%s/%s" % (self.base_path, quote(repo_type, safe=""), token_type)
        payload = self.transport.send("POST", path, step="create", body=dict(body, name=name), budget=budget)
        authorization = payload.get("authorization") if isinstance(payload, dict) else None
        if not isinstance(authorization, dict):
            raise self._shape_error("create", "succeeded but holds no 'authorization' object", sent=UNKNOWN)
        return authorization

    def delete(self, name, budget=None):
        """Delete an authorization (a 2xx answer needs no body)."""
        path = "%s/%s" % (self.base_path, quote(name, safe=""))
        self.transport.send("DELETE", path, step="delete", budget=budget, read_body=False)

    def _shape_error(self, step, what, sent=None):
        return self.transport.answer_error(
            step, "the %s answer %s; check that the endpoint is the ServiceStage API" % (step, what), sent=sent)
