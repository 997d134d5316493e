# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every ServiceStage module uses: shared connection options,
their validation before any request, and one way to fail on an API error."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HuaweiCloudApiError,
    HuaweiCloudTransport,
    TokenAuth,
)

MAX_RETRIES = 10


def connection_argument_spec():
    """The options of the servicestage doc fragment, with their environment fallbacks."""
    return dict(
        region=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME"])),
        project_id=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"])),
        endpoint=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SERVICESTAGE_ENDPOINT"])),
        auth_token=dict(type="str", no_log=True,
                        fallback=(env_fallback, ["HUAWEICLOUD_SDK_AUTH_TOKEN", "HW_AUTH_TOKEN"])),
        validate_certs=dict(type="bool", default=True,
                            fallback=(env_fallback, ["HUAWEICLOUD_VALIDATE_CERTS"])),
        timeout=dict(type="float", default=30, fallback=(env_fallback, ["HUAWEICLOUD_TIMEOUT"])),
        retries=dict(type="int", default=3, fallback=(env_fallback, ["HUAWEICLOUD_RETRIES"])),
    )


class ServiceStageModule(AnsibleModule):
    """AnsibleModule with the shared connection options and API error handling."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(ServiceStageModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    def connection_errors(self):
        """What is wrong with the connection options, found before any request."""
        params = self.params
        errors = []
        if not params["project_id"]:
            errors.append("project_id is required (or set HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID)")
        if not params["auth_token"]:
            errors.append("auth_token is required (or set HUAWEICLOUD_SDK_AUTH_TOKEN or HW_AUTH_TOKEN)")
        if params["endpoint"]:
            password = urlsplit(params["endpoint"]).password
            if password:
                self.no_log_values.add(password)
            errors.extend(endpoint_errors(params["endpoint"]))
        elif not params["region"]:
            errors.append("region is required when endpoint is not given (or set HUAWEICLOUD_SDK_REGION or HW_REGION_NAME)")
        if params["timeout"] <= 0:
            errors.append("timeout must be a positive number of seconds, got %s" % params["timeout"])
        if not 0 <= params["retries"] <= MAX_RETRIES:
            errors.append("retries must be between 0 and %d, got %d" % (MAX_RETRIES, params["retries"]))
        return errors

    def check_input(self, errors):
        """Fail with every input problem at once, before any request is sent."""
        errors = self.connection_errors() + [error for error in errors if error]
        if errors:
            self.fail_json(msg="Invalid input, nothing was sent: " + "; ".join(errors) + ".")

    def transport(self):
        params = self.params
        endpoint = params["endpoint"] or "https://servicestage.%s.myhuaweicloud.com" % params["region"]
        return HuaweiCloudTransport(
            endpoint, TokenAuth(params["auth_token"]), validate_certs=params["validate_certs"],
            timeout=params["timeout"], retries=params["retries"], warn=self.warn)

    def fail_api(self, error):
        """fail_json for an API error: what failed, what to do, and what the API said."""
        msg = "ServiceStage %s failed: %s" % (error.step, error.message)
        if error.request_id:
            msg += " (request id %s)" % error.request_id
        if error.attempts > 1:
            msg += " after %d attempts" % error.attempts
        self.fail_json(msg=msg, **error.details())

    def run(self, action):
        """Call action(); an API error becomes fail_json."""
        try:
            action()
        except HuaweiCloudApiError as error:
            self.fail_api(error)


def endpoint_errors(endpoint):
    parts = urlsplit(endpoint)
    try:
        parts.port
    except ValueError:
        return ["endpoint has an invalid port"]
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ["endpoint must be an http(s) URL such as https://servicestage.cn-north-4.myhuaweicloud.com"]
    if parts.username or parts.password:
        return ["endpoint must not hold credentials (user:password@); use the auth options"]
    if parts.query or parts.fragment:
        return ["endpoint must not have a query or fragment"]
    return []
