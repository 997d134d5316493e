# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage git/auths API family: its URLs and JSON, and nothing else."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HuaweiCloudApiError,
)

ALREADY_EXISTS = "SVCSTG.REPO.0403"
CREDENTIALS_REFUSED = "SVCSTG.REPO.0451"


class GitAuthorizationClient:
    """List, create and delete repository authorizations of one project."""

    def __init__(self, transport, project_id):
        self.transport = transport
        self.base_path = "/v1/%s/git/auths" % quote(project_id, safe="")

    def list(self):
        """Every authorization of the project; an answer of another shape is a clear error."""
        payload = self.transport.request("GET", self.base_path, step="list")
        authorizations = payload.get("authorizations") if isinstance(payload, dict) else None
        if not isinstance(authorizations, list):
            raise self._shape_error("list", "came back without an 'authorizations' list")
        if not all(isinstance(entry, dict) and isinstance(entry.get("name"), str) for entry in authorizations):
            raise self._shape_error("list", "holds an entry that is not an authorization with a name")
        return authorizations

    def find(self, name):
        """The authorization called name, or None. The API has no get-by-name."""
        for authorization in self.list():
            if authorization["name"] == name:
                return authorization
        return None

    def create(self, name, repo_type, token_type, body, matches):
        """Create an authorization; return (authorization, created_by_this_call).

        ``matches(existing)`` says whether an authorization found under the same name is
        the wanted one. A create that failed ambiguously is checked by listing before it is
        sent again, and a duplicate-name answer is resolved by listing, so a retry never
        creates twice and a concurrent creator is reported truthfully.
        """
        path = "%s/%s/%s" % (self.base_path, quote(repo_type, safe=""), token_type)
        state = {"ambiguous": False}

        def verify():
            state["ambiguous"] = True
            existing = self.find(name)
            if existing is not None and matches(existing):
                return {"authorization": existing}
            return None

        try:
            payload = self.transport.request("POST", path, step="create", body=dict(body, name=name), verify=verify)
        except HuaweiCloudApiError as error:
            if error.error_code == CREDENTIALS_REFUSED:
                error.message += ". The repository did not accept the credentials: check the user and password (or token)"
            if error.error_code != ALREADY_EXISTS:
                raise
            existing = self.find(name)
            if existing is None or not matches(existing):
                raise HuaweiCloudApiError(
                    "create", "authorization '%s' was created by someone else while this task ran, with %s; "
                    "run the task again to replace it" % (name, describe(existing)),
                    status=error.status, error_code=error.error_code, error_msg=error.error_msg,
                    request_id=error.request_id, attempts=error.attempts)
            return existing, state["ambiguous"]
        authorization = payload.get("authorization") if isinstance(payload, dict) else None
        if not isinstance(authorization, dict):
            error = self._shape_error("create", "succeeded but its answer holds no 'authorization' object")
            # The API answered 2xx: the create was most likely carried out.
            error.ambiguous = True
            raise error
        return authorization, True

    def delete(self, name):
        """Delete an authorization; a delete that failed ambiguously, or was refused, is checked by listing."""
        path = "%s/%s" % (self.base_path, quote(name, safe=""))

        def verify():
            return {} if self.find(name) is None else None

        try:
            self.transport.request("DELETE", path, step="delete", verify=verify)
        except HuaweiCloudApiError as error:
            # What deleting a missing name answers is not documented: it is done only if a
            # list shows the name gone (someone else deleted it since this task listed).
            if error.status not in (400, 404) or verify() is None:
                raise

    def _shape_error(self, step, what):
        return self.transport.answer_error(
            step, "the %s answer %s; check that the endpoint is the ServiceStage API" % (step, what))


def describe(authorization):
    if not authorization:
        return "nothing under that name now"
    return "repo_type '%s' and repo_user '%s'" % (authorization.get("repo_type"), authorization.get("repo_user"))
