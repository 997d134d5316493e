# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Signing vectors from the official SDK's signer (huaweicloudsdkcore, a test-only dependency).

python sdk_signer_vectors.py > sdk_signer_vectors.json   regenerates the file;
the unit tests compare the collection's signer with it, and test_sdk_conformance.py
re-signs every vector with the installed SDK.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

CASES = [
    ("get-list", "GET", "https", "servicestage.cn-north-4.myhuaweicloud.com", "/v1/0a1b2c/git/auths", [], None, {}),
    ("post-body", "POST", "https", "servicestage.cn-north-4.myhuaweicloud.com",
     "/v1/0a1b2c/git/auths/bitbucket/password", [],
     json.dumps({"name": "auth-1", "user": "bot", "password": "p@ss \"w0rd\""}), {"Content-Type": "application/json"}),
    ("query-sorted", "GET", "https", "iam.myhuaweicloud.com", "/v3/projects",
     [("name", "cn-north-4"), ("domain_id", "d 1/x")], None, {"Content-Type": "application/json"}),
    ("port-in-host", "DELETE", "http", "127.0.0.1:8080", "/v1/0a1b2c/git/auths/auth-1", [], None, {}),
    ("non-ascii-name", "POST", "https", "servicestage.ap-southeast-1.myhuaweicloud.com",
     "/v1/0a1b2c/git/auths/github/personal", [],
     json.dumps({"name": "ünïcode", "token": "tök€n"}, ensure_ascii=False), {"Content-Type": "application/json;charset=UTF-8"}),
    ("encoded-segment", "DELETE", "https", "servicestage.cn-east-3.myhuaweicloud.com",
     "/v1/0a1b2c/git/auths/na%20me~x", [], None, {}),
    ("security-token", "GET", "https", "servicestage.cn-north-4.myhuaweicloud.com", "/v1/0a1b2c/git/auths", [], None,
     {"X-Security-Token": "temporary-token-value", "X-Project-Id": "0a1b2c", "User-Agent": "huaweicloud.servicestage-ansible"}),
]


def generate():
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    vectors = []
    for case_id, method, scheme, host, path, query, body, extra in CASES:
        headers = dict(extra, **{"X-Sdk-Date": "20261128T120000Z"})
        request = SdkRequest(method=method, schema=scheme, host=host, resource_path=path, query_params=list(query),
                             header_params=dict(headers), body=body.encode("utf-8") if body else "")
        signed = Signer(BasicCredentials("AKVECTOR0000EXAMPLE1", "SKvector0000secretEXAMPLEkey0000000000")).sign(request)
        from urllib.parse import urlencode
        url = path + ("?" + urlencode(query) if query else "")
        vectors.append({"id": case_id, "ak": "AKVECTOR0000EXAMPLE1", "sk": "SKvector0000secretEXAMPLEkey0000000000",
                        "method": method, "url": url, "headers": dict(headers, Host=host), "body": body,
                        "authorization": signed.header_params["Authorization"]})
    return vectors


if __name__ == "__main__":
    print(json.dumps(generate(), indent=2, ensure_ascii=False))
