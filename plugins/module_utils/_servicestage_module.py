# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every ServiceStage module uses: shared connection options, their
validation before any request, one way to fail on an API error, and ``run()``, which
turns every failure, expected or not, into a result that holds no secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import (
    SECRET_OPTIONS,
    AkSkAuth,
    NoAuth,
    TokenAuth,
    iam_login,
    project_id_by_region,
    resolve_auth,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HuaweiCloudApiError,
    HuaweiCloudTransport,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_client import (
    GitAuthorizationClient,
)

MAX_RETRIES = 10
INTERPRETER_HINT = ("With connection: local, set ansible_python_interpreter: \"{{ ansible_playbook_python }}\" "
                    "to run the module with the Python of ansible-playbook, or install requests for %s.")


def connection_argument_spec():
    """The options of the servicestage doc fragment. The auth options' environment variables
    are read by resolve_auth(), so that options always win over the environment."""
    return dict(
        region=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME"])),
        project_id=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"])),
        endpoint=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SERVICESTAGE_ENDPOINT"])),
        auth_token=dict(type="str", no_log=True),
        access_key=dict(type="str", no_log=False),
        secret_key=dict(type="str", no_log=True),
        security_token=dict(type="str", no_log=True),
        iam_user=dict(type="str"),
        iam_password=dict(type="str", no_log=True),
        iam_domain=dict(type="str"),
        iam_endpoint=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_IAM_ENDPOINT", "HW_AUTH_URL"])),
        validate_certs=dict(type="bool", default=True,
                            fallback=(env_fallback, ["HUAWEICLOUD_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["HUAWEICLOUD_CA_PATH"])),
        proxy=dict(type="str"),
        timeout=dict(type="float", default=30, fallback=(env_fallback, ["HUAWEICLOUD_TIMEOUT"])),
        retries=dict(type="int", default=3, fallback=(env_fallback, ["HUAWEICLOUD_RETRIES"])),
    )


class ServiceStageModule(AnsibleModule):
    """AnsibleModule with the shared connection options and API error handling."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(ServiceStageModule, self).__init__(argument_spec=spec, **kwargs)
        # The step in progress, for the message of an unexpected failure.
        self.step = "input validation"
        if not HAS_REQUESTS:
            self.fail_json(msg="%s %s" % (missing_required_lib("requests"), INTERPRETER_HINT % sys.executable),
                           exception=REQUESTS_IMPORT_ERROR)

    def run(self, action, input_errors=None):
        """Check the input, connect, and call action(client) with a git/auths client.

        input_errors: a callable returning this module's own input problems (None for none).
        An API error becomes fail_json with its fields. Any other exception becomes fail_json
        with its type and the step only: its text may quote request data, and fail_json is
        called outside the except clause so that no traceback of it is captured either.
        """
        failure = None
        try:
            self.check_input(list(input_errors()) if input_errors else [])
            transport, project_id = self.connect()
            action(GitAuthorizationClient(transport, project_id))
            return
        except HuaweiCloudApiError as error:
            failure = error
        except Exception as error:  # pylint: disable=broad-exception-caught
            failure = HuaweiCloudApiError.unexpected(self.step, error)
        self.fail_api(failure)

    def connection_errors(self):
        """What is wrong with the connection options, found before any request."""
        params = self.params
        self.auth_method, self.credentials, errors = resolve_auth(params, os.environ)
        for option in SECRET_OPTIONS:
            if self.credentials.get(option):
                self.no_log_values.add(self.credentials[option])
        if not params["project_id"]:
            if self.auth_method == "auth_token":
                errors.append("project_id is required with auth_token (or set HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID)")
            elif self.auth_method and not params["region"]:
                errors.append("project_id or region is required: the project is looked up by the region's name")
        needs_iam = self.auth_method == "IAM password" or (self.auth_method == "access key" and not params["project_id"])
        iam_reachable = needs_iam and (params["iam_endpoint"] or params["region"])
        if needs_iam and not iam_reachable:
            errors.append("iam_endpoint or region is required with %s credentials" % self.auth_method)
        url_problems = []
        for option in ("endpoint", "iam_endpoint"):
            if params[option]:
                url_problems.extend(self.url_option_errors(option))
        if not params["endpoint"] and not params["region"]:
            url_problems.append("region is required when endpoint is not given (or set HUAWEICLOUD_SDK_REGION or HW_REGION_NAME)")
        errors.extend(url_problems)
        if params["proxy"]:
            errors.extend(self.proxy_errors("proxy", params["proxy"]))
        elif not url_problems:
            endpoints = [self.service_endpoint()] + ([self.iam_endpoint()] if iam_reachable else [])
            for proxy in sorted(set(filter(None, (environment_proxy(endpoint) for endpoint in endpoints)))):
                errors.extend(self.proxy_errors("the proxy that HTTPS_PROXY, HTTP_PROXY or ALL_PROXY gives", proxy))
        if params["ca_path"] and not os.path.isfile(params["ca_path"]):
            errors.append("ca_path %s is not a file" % params["ca_path"])
        if params["timeout"] <= 0:
            errors.append("timeout must be a positive number of seconds, got %s" % params["timeout"])
        if not 0 <= params["retries"] <= MAX_RETRIES:
            errors.append("retries must be between 0 and %d, got %d" % (MAX_RETRIES, params["retries"]))
        return errors

    def url_option_errors(self, option):
        """Errors of a URL option; a password inside it is masked in every output."""
        url = self.params[option]
        self.mask_url_password(url)
        return url_errors(option, url)

    def proxy_errors(self, label, proxy):
        """Errors of a proxy URL (from the option or the environment); its password is masked."""
        self.mask_url_password(proxy)
        try:
            parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
            valid = parts.scheme == "http" and parts.hostname and (parts.port or True)
        except ValueError:
            valid = False
        return [] if valid else ["%s must be an http:// URL such as http://proxy.example.com:3128" % label]

    def mask_url_password(self, url):
        try:
            password = urlsplit(url).password
        except ValueError:
            password = None
        if password:
            self.no_log_values.add(password)

    def check_input(self, errors):
        """Fail with every input problem at once, before any request is sent."""
        errors = self.connection_errors() + [error for error in errors if error]
        if errors:
            self.fail_json(msg="Invalid input, nothing was sent: " + "; ".join(errors) + ".")

    def _transport(self, endpoint, auth):
        params = self.params
        return HuaweiCloudTransport(
            endpoint, auth, validate_certs=params["validate_certs"], ca_path=params["ca_path"],
            timeout=params["timeout"], retries=params["retries"], warn=self.warn,
            proxy=params["proxy"], on_step=self._enter_step)

    def _enter_step(self, step):
        self.step = step

    def service_endpoint(self):
        return (self.params["endpoint"] or "https://servicestage.%s.myhuaweicloud.com" % self.params["region"]).rstrip("/")

    def iam_endpoint(self):
        endpoint = self.params["iam_endpoint"] or "https://iam.%s.myhuaweicloud.com" % self.params["region"]
        endpoint = endpoint.rstrip("/")
        return endpoint[:-3] if endpoint.endswith("/v3") else endpoint

    def connect(self):
        """Authenticate (IAM login or project lookup when needed); return (transport, project_id)."""
        params, credentials = self.params, self.credentials
        project_id = params["project_id"]
        self.step = "authentication"
        if self.auth_method == "auth_token":
            auth = TokenAuth(credentials["auth_token"])
        elif self.auth_method == "access key":
            auth = AkSkAuth(credentials["access_key"], credentials["secret_key"], credentials.get("security_token"))
            if not project_id:
                project_id = project_id_by_region(self._transport(self.iam_endpoint(), auth), params["region"])
            auth.project_id = project_id
        else:
            scope = {"id": project_id} if project_id else {"name": params["region"]}
            token, project_id = iam_login(self._transport(self.iam_endpoint(), NoAuth()), credentials, scope)
            self.no_log_values.add(token)
            auth = TokenAuth(token)
        return self._transport(self.service_endpoint(), auth), project_id

    def fail_api(self, error, **result):
        """fail_json for an API error: what failed, what to do, and what the API said."""
        msg = "ServiceStage %s failed: %s" % (error.step, error.summary())
        result.update(error.details())
        self.fail_json(msg=result.pop("msg", msg), **result)


def environment_proxy(url):
    """The proxy that requests takes from the environment for url (NO_PROXY applied), or None."""
    import requests.utils  # only called after the module checked that requests is there
    return requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))


def url_errors(option, url):
    """What is wrong with an http(s) base URL option; never echoes the URL (it may hold a password)."""
    try:
        parts = urlsplit(url)
        parts.port
    except ValueError:
        return ["%s is not a valid URL: check its host and port" % option]
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ["%s must be an http(s) URL with a host, such as https://host.example.com" % option]
    if parts.username or parts.password:
        return ["%s must not hold credentials (user:password@); use the auth options" % option]
    if parts.query or parts.fragment:
        return ["%s must not have a query or fragment" % option]
    return []
