# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options every module (and the iam_token lookup) shares: their argument spec,
their checks before any request, and the one requests.Session of a task with its transports.

The checks are plain functions of the options and the environment, so that a module and a
lookup (which has no AnsibleModule) check them alike. Each returns error messages that never
quote a secret, and the values to mask in every output (a proxy's password).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math
import re

from ansible.module_utils.six.moves.urllib.parse import unquote, urlsplit

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import (
    IAM_LOGIN,
    SECRET_OPTIONS,
    resolve_auth,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HuaweiCloudTransport,
    new_session,
    tls_verify_setting,
)

MAX_RETRIES = 10
# A Huawei Cloud region name: cn-north-4, ap-southeast-1, la-south-2, ...
REGION_PATTERN = re.compile(r"[a-z]{2}(-[a-z0-9]+){1,3}\Z")
# A Huawei Cloud project id: 32 hexadecimal characters.
PROJECT_ID_PATTERN = re.compile(r"[0-9a-fA-F]{32}\Z")
PROXY_SCHEMES = ("http", "https")
SOCKS_SCHEMES = ("socks4", "socks4a", "socks5", "socks5h")
ENVIRONMENT_PROXY = "the proxy that HTTPS_PROXY, HTTP_PROXY or ALL_PROXY gives"


def network_argument_spec(env_fallback):
    """How requests reach the API: TLS, proxy, timeout and retries."""
    return dict(
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["HUAWEICLOUD_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["HUAWEICLOUD_CA_PATH"])),
        proxy=dict(type="str"),
        timeout=dict(type="float", default=30, fallback=(env_fallback, ["HUAWEICLOUD_TIMEOUT"])),
        retries=dict(type="int", default=3, fallback=(env_fallback, ["HUAWEICLOUD_RETRIES"])),
    )


def iam_argument_spec(env_fallback):
    """The scope and the IAM login options. The credentials' environment variables are read by
    resolve_auth(), so that options always win over the environment."""
    return dict(
        region=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME"])),
        project_id=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"])),
        iam_user=dict(type="str"),
        iam_password=dict(type="str", no_log=True),
        iam_domain=dict(type="str"),
        iam_endpoint=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_IAM_ENDPOINT", "HW_AUTH_URL"])),
    )


def login_argument_spec(env_fallback):
    """The options of a login to IAM alone (the iam_token module and lookup)."""
    spec = iam_argument_spec(env_fallback)
    spec.update(network_argument_spec(env_fallback))
    return spec


def connection_argument_spec(env_fallback):
    """The options of the servicestage doc fragment."""
    spec = iam_argument_spec(env_fallback)
    spec.update(network_argument_spec(env_fallback))
    spec.update(
        endpoint=dict(type="str", fallback=(env_fallback, ["HUAWEICLOUD_SERVICESTAGE_ENDPOINT"])),
        auth_token=dict(type="str", no_log=True),
        access_key=dict(type="str", no_log=False),
        secret_key=dict(type="str", no_log=True),
        security_token=dict(type="str", no_log=True),
    )
    return spec


def service_endpoint(params):
    return (params.get("endpoint") or "https://servicestage.%s.myhuaweicloud.com" % params["region"]).rstrip("/")


def iam_endpoint(params):
    endpoint = (params["iam_endpoint"] or "https://iam.%s.myhuaweicloud.com" % params["region"]).rstrip("/")
    return endpoint[:-3] if endpoint.endswith("/v3") else endpoint


def scope_errors(params):
    """What is wrong with region and project_id (both are sent, in URLs and bodies)."""
    errors = []
    if params["region"] and not REGION_PATTERN.match(params["region"]):
        errors.append("region must be a Huawei Cloud region name such as cn-north-4 or ap-southeast-1 "
                      "(lowercase letters, digits and '-')")
    if params["project_id"] and not PROJECT_ID_PATTERN.match(params["project_id"]):
        errors.append("project_id must be 32 hexadecimal characters, as Huawei Cloud project ids are "
                      "(see My Credentials > Projects in the console)")
    return errors


def uses_tls(*urls):
    """Whether any of the endpoints (None: the one built from region, https) is an https one."""
    return any(not (url or "https://").lower().startswith("http://") for url in urls)


def network_errors(params, environ, tls=True):
    """(errors, values to mask, requests' verify setting) of the network options; tls: whether any
    endpoint of the task is https."""
    tls_verify, errors = tls_verify_setting(params["validate_certs"], params["ca_path"], environ, tls)
    if not (isinstance(params["timeout"], (int, float)) and math.isfinite(params["timeout"]) and params["timeout"] > 0):
        errors.append("timeout must be a positive, finite number of seconds, got %s" % params["timeout"])
    if not 0 <= params["retries"] <= MAX_RETRIES:
        errors.append("retries must be between 0 and %d, got %d" % (MAX_RETRIES, params["retries"]))
    masks = []
    if params["proxy"]:
        proxy_problems, masks = proxy_errors("proxy", params["proxy"])
        errors.extend(proxy_problems)
    return errors, masks, tls_verify


def url_errors(option, url):
    """What is wrong with an http(s) base URL; never echoes the URL (it may hold a password)."""
    try:
        parts = urlsplit(url)
        parts.port
    except ValueError:
        return ["%s is not a valid URL: check its host and port" % option]
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ["%s must be an http(s) URL with a host, such as https://host.example.com" % option]
    if "@" in parts.netloc:
        return ["%s must not hold credentials (user:password@); use the auth options" % option]
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return ["%s must not have a query or fragment" % option]
    return []


def url_secrets(url, default_scheme=None, user_alone=True):
    """The credentials a URL holds, to mask in every output: the password of user:password (raw and
    percent-decoded), or a user given alone (a token written as the user), unless user_alone is false (a
    proxy's user without a password is only a name). Only a real URL holds any: one with an http(s) or
    SOCKS scheme or, for a proxy (default_scheme), none; "git@host:group/repo.git" is not one. Found
    without a URL parser, which stops the authority at the first '/', '?' or '#' and would miss a
    password holding one."""
    if "://" in url:
        scheme, rest = url.split("://", 1)
        if scheme.lower() not in PROXY_SCHEMES + SOCKS_SCHEMES:
            return []
    elif default_scheme:
        rest = url
    else:
        return []
    userinfo = rest.rpartition("@")[0]
    user, colon, password = userinfo.partition(":")
    if colon:
        secret = password
    elif any(character in user for character in "/?#") or not user_alone:
        return []  # an '@' in the path, not a user; or a proxy's user name
    else:
        secret = user
    masks = []
    for value in (secret, unquote(secret)):
        if value and value not in masks:
            masks.append(value)
    return masks


def proxy_errors(label, proxy):
    """(errors, values to mask) of a proxy URL: an http(s) proxy, or a SOCKS one when PySocks is
    there; a user and password must be percent-encoded."""
    masks = url_secrets(proxy, default_scheme="http", user_alone=False)
    rest = proxy.split("://", 1)[1] if "://" in proxy else proxy
    userinfo, dummy, hostport = rest.rpartition("@")
    if any(character in userinfo for character in "/?#"):
        return ["%s holds a user or password with '/', '?' or '#': percent-encode them (%%2F, %%3F, %%23) "
                "in the proxy URL" % label], masks
    try:
        unquote(userinfo).encode("latin-1")
    except UnicodeEncodeError:
        return ["%s holds a user or password with a character outside Latin-1, which proxy basic authentication "
                "(as requests sends it) cannot carry" % label], masks
    scheme = proxy.split("://", 1)[0].lower() if "://" in proxy else "http"
    try:
        parts = urlsplit("%s://%s" % (scheme, hostport))
        valid_host = bool(parts.hostname) and (parts.port or True) and parts.path in ("", "/")
    except ValueError:
        valid_host = False
    if scheme in SOCKS_SCHEMES:
        try:
            import socks  # noqa: F401 pylint: disable=unused-import
        except ImportError:
            return ["%s is a SOCKS proxy, which needs PySocks on the host that runs the module "
                    "(pip install 'requests[socks]')" % label], masks
    elif scheme not in PROXY_SCHEMES:
        return ["%s must be an http://, https:// or socks5:// proxy URL such as http://proxy.example.com:3128"
                % label], masks
    if not valid_host:
        return ["%s must name a proxy host and port, such as http://proxy.example.com:3128" % label], masks
    return [], masks


def environment_proxy(url):
    """The proxy that requests takes from the environment for url (NO_PROXY applied), or None."""
    import requests.utils  # only called once the caller checked that requests is there
    return requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))


def environment_proxy_errors(urls):
    """(errors, masks) of the proxies the environment gives for urls."""
    errors, masks = [], []
    for proxy in sorted(set(filter(None, (environment_proxy(url) for url in urls)))):
        proxy_problems, proxy_masks = proxy_errors(ENVIRONMENT_PROXY, proxy)
        errors.extend(proxy_problems)
        masks.extend(proxy_masks)
    return errors, masks


def endpoint_errors(params, options, endpoints):
    """(errors, masks) of the URL options given (their names), and then, when the options hold no
    problem, of the endpoints the task will use (the URLs built from region included; endpoints is a
    callable) and of the environment's proxies for them."""
    errors, masks = [], []
    for option in options:
        if params[option]:
            masks.extend(url_secrets(params[option]))
            errors.extend(url_errors(option, params[option]))
    endpoints = endpoints() if not errors else []
    for endpoint in endpoints:
        errors.extend(url_errors("the endpoint built from region", endpoint))
    if not params["proxy"] and not errors:
        proxy_problems, proxy_masks = environment_proxy_errors(endpoints)
        errors.extend(proxy_problems)
        masks.extend(proxy_masks)
    return errors, masks


def connection_errors(params, environ, reaches_servicestage=True):
    """The checks of the connection options before any request, for every module and the lookup:
    (auth method, its cleaned credentials, errors, values to mask, requests' verify setting).

    reaches_servicestage: False for a login to IAM alone (the iam_token module and lookup), which
    takes only the IAM password method and needs no ServiceStage endpoint. Messages never quote a secret.
    """
    method, credentials, errors = resolve_auth(params, environ, methods=None if reaches_servicestage else (IAM_LOGIN,))
    masks = [credentials.get(option) for option in SECRET_OPTIONS]
    errors.extend(scope_errors(params))
    needs_iam = not reaches_servicestage or method == IAM_LOGIN or (method == "access key" and not params["project_id"])
    if not reaches_servicestage:
        if not params["region"] and not params["project_id"]:
            errors.append("region or project_id is required: the token is scoped to the project named like the "
                          "region, or to project_id")
    elif not params["project_id"]:
        if method == "auth_token":
            errors.append("project_id is required with auth_token (or set HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID)")
        elif method and not params["region"]:
            errors.append("project_id or region is required: the project is looked up by the region's name")
    if needs_iam and not (params["iam_endpoint"] or params["region"]):
        errors.append("region or iam_endpoint is required to reach IAM%s (or set HUAWEICLOUD_SDK_REGION or "
                      "HUAWEICLOUD_IAM_ENDPOINT)" % (" with %s credentials" % method if reaches_servicestage else ""))
    if reaches_servicestage and not params["endpoint"] and not params["region"]:
        errors.append("region is required when endpoint is not given (or set HUAWEICLOUD_SDK_REGION or HW_REGION_NAME)")
    options = (("endpoint",) if reaches_servicestage else ()) + ("iam_endpoint",)
    tls = uses_tls(*([params["endpoint"]] if reaches_servicestage else []) + ([params["iam_endpoint"]] if needs_iam else []))
    network_problems, network_masks, tls_verify = network_errors(params, environ, tls)

    def endpoints():
        if errors:  # the URLs cannot be built yet
            return []
        return ([service_endpoint(params)] if reaches_servicestage else []) + ([iam_endpoint(params)] if needs_iam else [])

    url_problems, url_masks = endpoint_errors(params, options, endpoints)
    return method, credentials, errors + url_problems + network_problems, masks + network_masks + url_masks, tls_verify


class Connection:
    """The one requests.Session of a task, and transports on it for each endpoint."""

    def __init__(self, params, tls_verify, warn=None, on_step=None):
        self.params = params
        self.tls_verify = tls_verify
        self.warn = warn
        self.on_step = on_step
        self.session = new_session()
        if tls_verify is False and warn:
            warn("TLS certificate verification is off (validate_certs=false): use it only for a test endpoint "
                 "you trust.")

    def transport(self, endpoint, auth, hints=None, service="ServiceStage"):
        params = self.params
        return HuaweiCloudTransport(endpoint, auth, session=self.session, tls_verify=self.tls_verify,
                                    timeout=params["timeout"], retries=params["retries"], warn=self.warn,
                                    proxy=params["proxy"], on_step=self.on_step, hints=hints, service=service)

    def close(self):
        """Leave no pooled connection open (a lookup runs in the controller's long-lived process)."""
        self.session.close()
