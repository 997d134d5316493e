# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Log in to IAM once, for the iam_token module and lookup: their options, the checks of the
options before any request, and the login itself (through ``_huaweicloud_auth.iam_login``, the
same function every module's own IAM login uses)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import (
    IAM_HINTS,
    NoAuth,
    iam_login,
    resolve_auth,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_connection import (
    REGION_PATTERN,
    Connection,
    endpoint_errors,
    iam_argument_spec,
    iam_endpoint,
    network_argument_spec,
    network_errors,
    scope_errors,
    uses_tls,
)

LOGIN_METHOD = "IAM password"
RETURNED = ("token", "project_id", "region", "expires_at", "issued_at")


def login_argument_spec(env_fallback):
    spec = iam_argument_spec(env_fallback)
    spec.update(network_argument_spec(env_fallback))
    return spec


def login_errors(params, environ):
    """(credentials, errors, values to mask, requests' verify setting), found before any request."""
    method, credentials, errors = resolve_auth(params, environ, methods=(LOGIN_METHOD,))
    masks = [credentials.get("iam_password")]
    errors.extend(scope_errors(params))
    if not params["region"] and not params["project_id"]:
        errors.append("region or project_id is required: the token is scoped to the project named like the "
                      "region, or to project_id")
    if not params["region"] and not params["iam_endpoint"]:
        errors.append("region or iam_endpoint is required (or set HUAWEICLOUD_SDK_REGION or HUAWEICLOUD_IAM_ENDPOINT)")
    network_problems, network_masks, tls_verify = network_errors(params, environ, uses_tls(params["iam_endpoint"]))
    url_problems, url_masks = endpoint_errors(params, ("iam_endpoint",),
                                              lambda: [] if errors else [iam_endpoint(params)])
    return credentials, errors + url_problems + network_problems, masks + network_masks + url_masks, tls_verify


def scoped_login(connection, params, credentials):
    """The IAM login on a task's connection, scoped to project_id, else to the project named like
    the region (iam_login's answer). Every module's own IAM login and log_in() go through here."""
    scope = {"id": params["project_id"]} if params["project_id"] else {"name": params["region"]}
    return iam_login(connection.transport(iam_endpoint(params), NoAuth(), IAM_HINTS), credentials, scope)


def log_in(params, credentials, tls_verify, warn=None, on_step=None):
    """Log in once: {token, project_id, region, expires_at, issued_at}, the times as IAM gives them,
    the region the project's (IAM names a region's project like the region, a subproject
    "cn-north-4_team"). Raises HuaweiCloudApiError (step "IAM login") when IAM refuses."""
    connection = Connection(params, tls_verify, warn=warn, on_step=on_step)
    try:
        login = scoped_login(connection, params, credentials)
    finally:
        # the lookup runs in the controller's long-lived process: leave no pooled connection open
        connection.session.close()
    named = (login["project_name"] or "").split("_")[0]
    region = named if REGION_PATTERN.match(named) else params["region"]
    if params["region"] and region != params["region"] and warn:
        warn("Project %s is in region %s, not in the region given (%s): the result's region is the project's."
             % (login["project_id"], region, params["region"]))
    return dict(token=login["token"], project_id=login["project_id"], region=region,
                expires_at=login["expires_at"], issued_at=login["issued_at"])
