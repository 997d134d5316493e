# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator speaks the real wire format: Huawei's official Python SDK
(huaweicloudsdkservicestage, a test-only dependency) creates, lists and deletes
authorizations against it with AK/SK, its requests signed by the SDK's own signer and
checked by the emulator's own verifier. And the collection's signer matches the SDK's
signer on every stored vector."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
from urllib.parse import parse_qsl

import pytest

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkservicestage.v2 import (
    AccessPassword,
    CreatePasswordAuthRequest,
    DeleteAuthorizeRequest,
    ListAuthorizationsRequest,
    ServiceStageClient,
)

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import ACCESS_KEY, PROJECT_ID, SECRET_KEY

VECTORS_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "unit", "plugins", "module_utils", "sdk_signer_vectors.json")
with open(VECTORS_FILE, encoding="utf-8") as vectors_handle:
    VECTORS = json.load(vectors_handle)


def sdk_client(emulator, secret_key=SECRET_KEY):
    config = HttpConfig.get_default_config()
    config.timeout = 10
    config.retry_times = 0
    return (ServiceStageClient.new_builder()
            .with_credentials(BasicCredentials(ACCESS_KEY, secret_key, PROJECT_ID))
            .with_endpoints([emulator.url]).with_http_config(config).build())


def test_official_sdk_creates_lists_and_deletes(emulator):
    client = sdk_client(emulator)
    created = client.create_password_auth(CreatePasswordAuthRequest(
        repo_type="bitbucket", body=AccessPassword(name="sdk-made", user="sdk-bot", password="sdk-Secret-1")))
    assert created.authorization.name == "sdk-made"
    listed = client.list_authorizations(ListAuthorizationsRequest())
    assert [item.name for item in listed.authorizations] == ["sdk-made"]
    assert listed.authorizations[0].repo_user == "sdk-bot"
    client.delete_authorize(DeleteAuthorizeRequest(name="sdk-made"))
    assert emulator.authorizations(PROJECT_ID) == []
    assert [entry["auth"] for entry in emulator.log] == ["aksk"] * 3
    assert all(entry["status"] in (200, 204) for entry in emulator.log)


def test_official_sdk_with_a_wrong_key_gets_apig_0303(emulator):
    with pytest.raises(ClientRequestException) as info:
        sdk_client(emulator, secret_key="not-the-secret").list_authorizations(ListAuthorizationsRequest())
    assert info.value.status_code == 401
    assert info.value.error_code == "APIG.0303"


def test_official_sdk_error_fields_match_the_emulator(emulator):
    client = sdk_client(emulator)
    body = AccessPassword(name="dup-name", user="u", password="p")
    client.create_password_auth(CreatePasswordAuthRequest(repo_type="bitbucket", body=body))
    with pytest.raises(ClientRequestException) as info:
        client.create_password_auth(CreatePasswordAuthRequest(repo_type="bitbucket", body=body))
    assert (info.value.status_code, info.value.error_code) == (400, "SVCSTG.REPO.0403")
    assert info.value.request_id


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["id"] for vector in VECTORS])
def test_stored_vectors_are_what_the_installed_sdk_signs(vector):
    headers = dict(vector["headers"])
    host = headers.pop("Host")
    path, dummy, query = vector["url"].partition("?")
    request = SdkRequest(method=vector["method"], schema="https", host=host, resource_path=path,
                         query_params=parse_qsl(query), header_params=headers,
                         body=vector["body"].encode("utf-8") if vector["body"] else "")
    signed = Signer(BasicCredentials(vector["ak"], vector["sk"])).sign(request)
    assert signed.header_params["Authorization"] == vector["authorization"]
