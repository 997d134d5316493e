# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every ServiceStage module uses: shared connection options,
their validation before any request, and one way to fail on an API error."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback
from ansible.module_utils.six.moves.urllib.parse import quote, urlsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_signer import AkSkAuth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HuaweiCloudApiError,
    HuaweiCloudTransport,
    TokenAuth,
    proxy_for,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_client import (
    GitAuthorizationClient,
)

MAX_RETRIES = 10
# The auth methods: the options each needs, and the environment variables of every auth
# option (the official SDK's names first, then the Terraform provider's). Options given in
# the task or module_defaults win over the environment; exactly one method may be in effect.
AUTH_METHODS = (
    ("auth_token", ("auth_token",)),
    ("access key", ("access_key", "secret_key")),
    ("IAM password", ("iam_user", "iam_password", "iam_domain")),
)
AUTH_OPTIONAL = {"access key": ("security_token",)}
AUTH_ENV = {
    "auth_token": ("HUAWEICLOUD_SDK_AUTH_TOKEN", "HW_AUTH_TOKEN"),
    "access_key": ("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY"),
    "secret_key": ("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"),
    "security_token": ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"),
    "iam_user": ("HUAWEICLOUD_IAM_USER", "HW_USER_NAME"),
    "iam_password": ("HUAWEICLOUD_IAM_PASSWORD", "HW_USER_PASSWORD"),
    "iam_domain": ("HUAWEICLOUD_IAM_DOMAIN", "HW_DOMAIN_NAME"),
}
SECRET_OPTIONS = ("auth_token", "secret_key", "security_token", "iam_password")


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
        if needs_iam and not (params["iam_endpoint"] or params["region"]):
            errors.append("iam_endpoint or region is required with %s credentials" % self.auth_method)
        if params["iam_endpoint"]:
            errors.extend(self.url_option_errors("iam_endpoint"))
        if params["proxy"]:
            proxy = urlsplit(params["proxy"])
            if proxy.password:
                self.no_log_values.add(proxy.password)
            if proxy.scheme != "http" or not proxy.hostname:
                errors.append("proxy must be an http:// URL such as http://proxy.example.com:3128")
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

    def _transport(self, endpoint, auth):
        params = self.params
        return HuaweiCloudTransport(
            endpoint, auth, validate_certs=params["validate_certs"], ca_path=params["ca_path"],
            timeout=params["timeout"], retries=params["retries"], warn=self.warn,
            proxy=params["proxy"] or proxy_for(endpoint, os.environ))

    def iam_endpoint(self):
        endpoint = self.params["iam_endpoint"] or "https://iam.%s.myhuaweicloud.com" % self.params["region"]
        endpoint = endpoint.rstrip("/")
        return endpoint[:-3] if endpoint.endswith("/v3") else endpoint

    def connect(self):
        """Authenticate (IAM login or project lookup when needed); return (transport, project_id)."""
        params, credentials = self.params, self.credentials
        project_id = params["project_id"]
        if self.auth_method == "auth_token":
            auth = TokenAuth(credentials["auth_token"])
        elif self.auth_method == "access key":
            auth = AkSkAuth(credentials["access_key"], credentials["secret_key"], credentials.get("security_token"))
            if not project_id:
                project_id = self._project_id_by_region(auth)
            auth.project_id = project_id
        else:
            token, project_id = self._iam_login()
            auth = TokenAuth(token)
        endpoint = params["endpoint"] or "https://servicestage.%s.myhuaweicloud.com" % params["region"]
        return self._transport(endpoint, auth), project_id

    def _project_id_by_region(self, auth):
        region = self.params["region"]
        payload = self._transport(self.iam_endpoint(), auth).request(
            "GET", "/v3/projects?name=%s" % quote(region, safe=""), step="project lookup")
        projects = (payload or {}).get("projects") or []
        if not projects or not projects[0].get("id"):
            raise HuaweiCloudApiError("project lookup", "IAM has no project named '%s' for these credentials; "
                                      "give project_id" % region)
        return projects[0]["id"]

    def _iam_login(self):
        """A project-scoped token from IAM user/password (POST /v3/auth/tokens, 201, X-Subject-Token)."""
        params, credentials = self.params, self.credentials
        scope = {"id": params["project_id"]} if params["project_id"] else {"name": params["region"]}
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": credentials["iam_user"], "password": credentials["iam_password"],
                "domain": {"name": credentials["iam_domain"]}}}},
            "scope": {"project": scope}}}
        transport = self._transport(self.iam_endpoint(), NoAuth())
        payload = transport.request("POST", "/v3/auth/tokens", step="IAM login", body=body)
        token = transport.last_headers.get("X-Subject-Token")
        project = ((payload or {}).get("token") or {}).get("project") or {}
        if not token or not project.get("id"):
            raise HuaweiCloudApiError("IAM login", "IAM answered without an X-Subject-Token header or a project id; "
                                      "check iam_endpoint")
        self.no_log_values.add(token)
        return token, project["id"]

    def fail_api(self, error):
        """fail_json for an API error: what failed, what to do, and what the API said."""
        msg = "ServiceStage %s failed: %s" % (error.step, error.message)
        if error.request_id:
            msg += " (request id %s)" % error.request_id
        if error.attempts > 1:
            msg += " after %d attempts" % error.attempts
        self.fail_json(msg=msg, **error.details())

    def run(self, action):
        """Connect and call action(client) with a git/auths client; an API error becomes fail_json."""
        try:
            transport, project_id = self.connect()
            action(GitAuthorizationClient(transport, project_id))
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


class NoAuth:
    """For the IAM login request, which carries its credentials in the body."""

    def apply(self, method, url, headers, body):
        pass


def resolve_auth(params, environ):
    """Choose the one auth method in effect: (method, its credentials, errors).

    Options given in the task win; the environment is read only when no auth option is
    given, and fills only the chosen method's missing options.
    """
    def methods_in(values):
        return [name for name, required in AUTH_METHODS
                if any(values.get(option) for option in required + AUTH_OPTIONAL.get(name, ()))]

    from_env = {}
    for option, names in AUTH_ENV.items():
        for name in names:
            if environ.get(name):
                from_env[option] = environ[name]
                break
    explicit = methods_in(params)
    if len(explicit) > 1:
        return None, {}, ["give one way to authenticate, not %s" % " and ".join(explicit)]
    candidates = explicit or methods_in(from_env)
    if not candidates:
        return None, {}, ["no credentials: give auth_token, or access_key and secret_key, or iam_user, "
                          "iam_password and iam_domain (or their environment variables)"]
    if len(candidates) > 1:
        return None, {}, ["the environment holds credentials for %s; set the options of the one to use"
                          % " and ".join(candidates)]
    method = candidates[0]
    required = dict(AUTH_METHODS)[method]
    credentials = {}
    for option in required + AUTH_OPTIONAL.get(method, ()):
        credentials[option] = params.get(option) or from_env.get(option)
    missing = [option for option in required if not credentials[option]]
    if missing:
        return method, credentials, ["%s credentials also need %s" % (method, ", ".join(missing))]
    return method, credentials, []
