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


def sdk_v3_client(emulator, secret_key=SECRET_KEY):
    from huaweicloudsdkservicestage.v3 import ServiceStageClient as V3Client
    config = HttpConfig.get_default_config()
    config.timeout = 10
    config.retry_times = 0
    return (V3Client.new_builder().with_credentials(BasicCredentials(ACCESS_KEY, secret_key, PROJECT_ID))
            .with_endpoints([emulator.url]).with_http_config(config).build())


def test_official_sdk_speaks_v3_with_the_emulator(emulator):
    """The SDK's v3 client, its requests signed by the SDK and checked by the emulator's own verifier: a
    create, a list with paging (a query string in the signature), a component list with its filters."""
    from huaweicloudsdkservicestage.v3 import (
        ApplicationCreate,
        CreateApplicationRequest,
        ShowApplicationsRequest,
        ShowComponentsRequest,
    )
    client = sdk_v3_client(emulator)
    created = client.create_application(CreateApplicationRequest(body=ApplicationCreate(name="sdk-shop")))
    assert created.name == "sdk-shop" and created.id
    listed = client.show_applications(ShowApplicationsRequest(limit=10, offset=0, order_by="name", order="asc"))
    assert [application.name for application in listed.applications] == ["sdk-shop"]
    components = client.show_components(ShowComponentsRequest(application_name="sdk-shop", component_name="x y"))
    assert components.count == 0
    assert [entry["auth"] for entry in emulator.log] == ["aksk"] * 3
    assert [entry["status"] for entry in emulator.log] == [200] * 3
    with pytest.raises(ClientRequestException) as info:
        sdk_v3_client(emulator, secret_key="not-the-secret").show_applications(ShowApplicationsRequest())
    assert (info.value.status_code, info.value.error_code) == (401, "APIG.0303")


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/v3/%s/cas/components?application_name=shop&component_name=cart&limit=100&offset=0" % PROJECT_ID, None),
    ("PUT", "/v3/%s/cas/applications/0c5b3a36-2d8e-4f57-8f4e-5a0c0b1f1e22/components/"
            "9b6b0b2c-3f57-4c1f-9a34-8d0f2b0e6a11" % PROJECT_ID, '{"name":"cart","version":"1.0.1"}'),
    ("GET", "/v3/%s/cas/jobs/JOB3c2d0a1e-6f8b-4c59-b0b6-91e1f2a3b4c5" % PROJECT_ID, None),
])
def test_the_collections_signature_of_a_v3_request_is_the_sdks(method, path, body):
    from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import AkSkAuth
    host = "servicestage.cn-north-4.myhuaweicloud.com"
    headers = {"Host": host, "Content-Type": "application/json", "X-Sdk-Date": "20261201T120000Z",
               "X-Project-Id": PROJECT_ID}
    ours = dict(headers)
    auth = AkSkAuth(ACCESS_KEY, SECRET_KEY, project_id=PROJECT_ID, clock=lambda: 1796126400.0)
    auth.apply(method, path, ours, body.encode("utf-8") if body else None)
    resource_path, dummy, query = path.partition("?")
    request = SdkRequest(method=method, schema="https", host=host, resource_path=resource_path,
                         query_params=parse_qsl(query), header_params=dict((k, v) for k, v in headers.items() if k != "Host"),
                         body=body.encode("utf-8") if body else "")
    signed = Signer(BasicCredentials(ACCESS_KEY, SECRET_KEY)).sign(request)
    assert ours["X-Sdk-Date"] == headers["X-Sdk-Date"]
    assert ours["Authorization"] == signed.header_params["Authorization"]
