# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every ServiceStage module uses: shared connection options,
their validation before any request, and one way to fail on an API error."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
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
        ca_path=dict(type="path", fallback=(env_fallback, ["HUAWEICLOUD_CA_PATH"])),
        timeout=dict(type="float", default=30, fallback=(env_fallback, ["HUAWEICLOUD_TIMEOUT"])),
        retries=dict(type="int", default=3, fallback=(env_fallback, ["HUAWEICLOUD_RETRIES"])),
    )


class ServiceStageModule(AnsibleModule):
    """AnsibleModule with the shared connection options and API error handling."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(ServiceStageModule, self).__init__(argument_spec=spec, **kwargs)

    def connection_errors(self):
        """What is wrong with the connection options, found before any request."""
        params = self.params
        errors = []
        if not params["project_id"]:
            errors.append("project_id is required (or set HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID)")
        if not params["auth_token"]:
            errors.append("auth_token is required (or set HUAWEICLOUD_SDK_AUTH_TOKEN or HW_AUTH_TOKEN)")
        if params["endpoint"]:
            errors.extend(self.url_option_errors("endpoint"))
        elif not params["region"]:
            errors.append("region is required when endpoint is not given (or set HUAWEICLOUD_SDK_REGION or HW_REGION_NAME)")
        if params["ca_path"] and not os.path.isfile(params["ca_path"]):
            errors.append("ca_path %s is not a file" % params["ca_path"])
        if params["timeout"] <= 0:
            errors.append("timeout must be a positive number of seconds, got %s" % params["timeout"])
        if not 0 <= params["retries"] <= MAX_RETRIES:
            errors.append("retries must be between 0 and %d, got %d" % (MAX_RETRIES, params["retries"]))
        return errors

    def url_option_errors(self, option):
        """Errors of a URL option; a password inside it is masked in every output."""
        password = urlsplit(self.params[option]).password
        if password:
            self.no_log_values.add(password)
        return url_errors(option, self.params[option])

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
            ca_path=params["ca_path"], timeout=params["timeout"], retries=params["retries"], warn=self.warn)

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


def url_errors(option, url):
    """What is wrong with an http(s) base URL option; never echoes the URL (it may hold a password)."""
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        return ["%s has an invalid port" % option]
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ["%s must be an http(s) URL such as https://servicestage.cn-north-4.myhuaweicloud.com" % option]
    if parts.username or parts.password:
        return ["%s must not hold credentials (user:password@); use the auth options" % option]
    if parts.query or parts.fragment:
        return ["%s must not have a query or fragment" % option]
    return []
