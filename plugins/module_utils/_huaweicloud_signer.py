# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Huawei Cloud AK/SK request signing, SDK-HMAC-SHA256, with the standard library only.

Matches huaweicloudsdkcore.signer.Signer: the canonical request is
METHOD, URI (each segment percent-encoded, ending in /), sorted query, the signed headers
(every header without '_' in its name, lowercased and sorted) and the payload's SHA-256;
the signature is the hex HMAC-SHA256 of the string to sign under the raw secret key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import hmac
import time

from ansible.module_utils.six.moves.urllib.parse import parse_qsl, quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"


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
