# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Huawei Cloud authentication: which method is in effect and its cleaned credentials
(``resolve_auth``), and the request authenticators (a token header, or an SDK-HMAC-SHA256
signature of an access key pair). The IAM login itself is in ``_huaweicloud_iam``.

The signer matches huaweicloudsdkcore.signer.Signer: the canonical request is METHOD,
URI (each segment percent-encoded, ending in /), sorted query, the signed headers (every
header without '_' in its name, lowercased and sorted) and the payload's SHA-256; the
signature is the hex HMAC-SHA256 of the string to sign under the raw secret key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import hmac
import re
import time

from ansible.module_utils.six.moves.urllib.parse import parse_qsl, quote, unquote, urlsplit

# The auth methods: the options each needs, and the environment variables of every auth
# option (the official SDK's names first, then the Terraform provider's). Options given in
# the task or module_defaults win over the environment; exactly one method may be in effect.
IAM_LOGIN = "IAM password"
AUTH_METHODS = (
    ("auth_token", ("auth_token",)),
    ("access key", ("access_key", "secret_key")),
    (IAM_LOGIN, ("iam_user", "iam_password", "iam_domain")),
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
# Credentials that travel in headers or names: surrounding whitespace is stripped (a vaulted
# file keeps its trailing newline) and a control character left inside is refused. Tokens and
# keys are printable ASCII. iam_password travels in a JSON body and is used exactly as given.
NAME_CREDENTIALS = ("iam_user", "iam_domain")
KEY_CREDENTIALS = ("auth_token", "access_key", "secret_key", "security_token")
CONTROL_CHARACTER = re.compile(u"[\x00-\x1f\x7f-\x9f]")

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def resolve_auth(params, environ, methods=None):
    """Choose the one auth method in effect: (method, its cleaned credentials, errors).

    When any auth option is given in the task (or module_defaults), no auth variable of the
    environment is read; otherwise the environment must hold exactly one method. methods: the
    names of AUTH_METHODS to consider (default all). Errors never quote a value.
    """
    considered = [(name, required) for name, required in AUTH_METHODS if methods is None or name in methods]
    options = set(option for name, required in considered for option in required + AUTH_OPTIONAL.get(name, ()))

    def methods_in(values):
        return [name for name, required in considered
                if any(values.get(option) for option in required + AUTH_OPTIONAL.get(name, ()))]

    from_env = {}
    for option, names in AUTH_ENV.items():
        if option not in options:
            continue
        for name in names:
            if environ.get(name):
                from_env[option] = environ[name]
                break
    explicit = methods_in(params)
    if len(explicit) > 1:
        return None, {}, ["give one way to authenticate, not %s" % " and ".join(explicit)]
    if explicit:
        from_env = {}
    candidates = explicit or methods_in(from_env)
    if not candidates and methods is None:
        return None, {}, ["no credentials: give auth_token, or access_key and secret_key, or iam_user, "
                          "iam_password and iam_domain (or their environment variables)"]
    if not candidates:
        return None, {}, ["no credentials: give %s (or their environment variables)"
                          % ", ".join(option for name, required in considered for option in required)]
    if len(candidates) > 1:
        return None, {}, ["the environment holds credentials for %s; set the options of the one to use"
                          % " and ".join(candidates)]
    method = candidates[0]
    required = dict(AUTH_METHODS)[method]
    credentials, errors = {}, []
    for option in required + AUTH_OPTIONAL.get(method, ()):
        value, error = clean_credential(option, params.get(option) or from_env.get(option))
        credentials[option] = value
        if error:
            errors.append(error)
    missing = [option for option in required if not credentials[option]]
    if missing:
        errors.append("%s credentials also need %s" % (method, ", ".join(missing)))
    return method, credentials, errors


def clean_credential(option, value):
    """(value, error): header credentials stripped and checked; the error never shows the value."""
    if not value or option not in NAME_CREDENTIALS + KEY_CREDENTIALS:
        return value, None
    value = value.strip()
    if CONTROL_CHARACTER.search(value):
        return value, ("%s holds a control character (a line break?) inside it, which no Huawei Cloud "
                       "credential does; check how it was stored or vaulted" % option)
    if option in KEY_CREDENTIALS and not all(u" " < character < u"\x7f" for character in value):
        return value, "%s must be printable ASCII without spaces, as every Huawei Cloud token and key is" % option
    return value, None


class TokenAuth:
    """Authenticates each request with an X-Auth-Token header."""

    def __init__(self, token):
        self._token = token

    def apply(self, method, url, headers, body):
        headers["X-Auth-Token"] = self._token


class NoAuth:
    """For the IAM login request, which carries its credentials in the body."""

    def apply(self, method, url, headers, body):
        pass


class AkSkAuth:
    """Signs each request with an access key pair (and a security token for temporary keys)."""

    def __init__(self, access_key, secret_key, security_token=None, project_id=None, clock=time.time):
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token
        self.project_id = project_id
        self._clock = clock

    def apply(self, method, url, headers, body):
        headers["X-Sdk-Date"] = time.strftime(DATE_FORMAT, time.gmtime(self._clock()))
        if self.project_id:
            headers["X-Project-Id"] = self.project_id
        if self._security_token:
            headers["X-Security-Token"] = self._security_token
        headers["Authorization"] = authorization_header(
            self._access_key, self._secret_key, method, url, headers, body)


def _encode(text):
    return quote(text, safe="~")


def canonical_request(method, url, headers, body):
    """The canonical request and the signed header names, for a path-and-query url."""
    parts = urlsplit(url)
    uri = "/".join(_encode(segment) for segment in unquote(parts.path).split("/"))
    if not uri.endswith("/"):
        uri += "/"
    query = "&".join("%s=%s" % (_encode(key), _encode(value))
                     for key, value in sorted(parse_qsl(parts.query, keep_blank_values=True)))
    lowered = dict((name.lower(), str(value).strip()) for name, value in headers.items() if "_" not in name)
    signed = sorted(lowered)
    canonical_headers = "".join("%s:%s\n" % (name, lowered[name]) for name in signed)
    payload_hash = hashlib.sha256(body or b"").hexdigest()
    return "\n".join((method.upper(), uri, query, canonical_headers, ";".join(signed), payload_hash)), signed


def signature(secret_key, sdk_date, canonical):
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, sdk_date, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    return hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_header(access_key, secret_key, method, url, headers, body):
    """The Authorization header value; headers must already hold Host and X-Sdk-Date."""
    canonical, signed = canonical_request(method, url, headers, body)
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, ";".join(signed), signature(secret_key, headers["X-Sdk-Date"], canonical))
