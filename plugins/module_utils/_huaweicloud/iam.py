# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Huawei Cloud IAM: the password login (``log_in``, the one entry point every login of the
collection goes through: a module's own, the iam_token module's and the lookup's) and the project
lookup that AK/SK credentials without a project id need."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import NoAuth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import (
    REGION_PATTERN,
    iam_endpoint,
)

# What to check after IAM refused a login or a project lookup (never the token hint).
IAM_HINTS = {
    ("IAM login", 400): "Check region (the token is scoped to the project named like it) or project_id",
    ("IAM login", 401): "Check iam_user, iam_password and iam_domain (the account name that owns the IAM user)",
    ("IAM login", 403): "IAM refused the login: the user may lack programmatic access, or be locked or disabled",
    ("project lookup", 401): "Check access_key and secret_key (and security_token with temporary keys)",
    ("project lookup", 403): "The access key may not list IAM projects: give project_id",
}


def iam_transport(connection, auth):
    """A transport to IAM on the task's connection."""
    return connection.transport(iam_endpoint(connection.params), auth, IAM_HINTS, service="IAM")


def log_in(connection, credentials, warn=None):
    """Log in with an IAM user and password (POST /v3/auth/tokens: 201, the token in
    X-Subject-Token) for a token scoped to project_id, else to the project named like the region.

    Returns {token, project_id, region, expires_at, issued_at}, the times as IAM gives them, the
    region the project's (IAM names a region's project like the region, a subproject
    "cn-north-4_team"); warns when that is not the region given. Creating a token changes nothing
    a user keeps, so the login is retried like a read. Raises HuaweiCloudApiError (step "IAM login").
    """
    params = connection.params
    transport = iam_transport(connection, NoAuth())
    scope = {"id": params["project_id"]} if params["project_id"] else {"name": params["region"]}
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": credentials["iam_user"], "password": credentials["iam_password"],
            "domain": {"name": credentials["iam_domain"]}}}},
        "scope": {"project": scope}}}
    payload = transport.send("POST", "/v3/auth/tokens", step="IAM login", body=body, safe=True)
    token = transport.last_headers.get("X-Subject-Token")
    answer = payload.get("token") if isinstance(payload, dict) else None
    answer = answer if isinstance(answer, dict) else {}
    project = answer.get("project") if isinstance(answer.get("project"), dict) else {}
    project_id = project.get("id")
    if not token or not isinstance(project_id, str) or not project_id:
        raise transport.answer_error("IAM login",
                                     "IAM answered without an X-Subject-Token header or a project id; check iam_endpoint")
    named = (project.get("name") or "").split("_")[0]
    region = named if REGION_PATTERN.match(named) else params["region"]
    if params["region"] and region != params["region"] and warn:
        warn("Project %s is in region %s, not in the region given (%s): the result's region is the project's."
             % (project_id, region, params["region"]))
    return dict(token=token.strip(), project_id=project_id, region=region,
                expires_at=answer.get("expires_at"), issued_at=answer.get("issued_at"))


def project_id_by_region(connection, auth):
    """The id of the project named like the region (GET /v3/projects?name=, signed)."""
    region = connection.params["region"]
    transport = iam_transport(connection, auth)
    payload = transport.send("GET", "/v3/projects?name=%s" % quote(region, safe=""), step="project lookup")
    projects = payload.get("projects") if isinstance(payload, dict) else None
    if not isinstance(projects, list):
        raise transport.answer_error("project lookup", "IAM answered without a 'projects' list; check iam_endpoint")
    first = projects[0] if projects else None
    if not isinstance(first, dict) or not isinstance(first.get("id"), str) or not first["id"]:
        raise transport.answer_error("project lookup",
                                     "IAM has no project named '%s' for these credentials; give project_id" % region)
    return first["id"]
