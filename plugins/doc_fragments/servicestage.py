# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """Connection and authentication options shared by every ServiceStage module."""

    DOCUMENTATION = r"""
options:
  region:
    description:
      - Huawei Cloud region, for example C(cn-north-4) or C(ap-southeast-1).
      - Builds the default O(endpoint) C(https://servicestage.{region}.myhuaweicloud.com).
      - Required unless O(endpoint) is given (and, with access keys or an IAM login, O(project_id) and O(iam_endpoint)).
      - Falls back to the environment variable E(HUAWEICLOUD_SDK_REGION), then E(HW_REGION_NAME).
    type: str
  project_id:
    description:
      - ID of the project (region-scoped tenant) that owns the authorizations.
      - Required with O(auth_token); looked up from O(region) with access keys or an IAM login when not given.
      - Falls back to E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID).
    type: str
  endpoint:
    description:
      - Base URL of the ServiceStage API, overriding the one built from O(region),
        for example C(http://127.0.0.1:8080) for the bundled emulator.
      - Must be an C(http) or C(https) URL without credentials, query or fragment.
      - Falls back to E(HUAWEICLOUD_SERVICESTAGE_ENDPOINT).
    type: str
  auth_token:
    description:
      - IAM token sent as the C(X-Auth-Token) header. Keep it in Ansible Vault.
      - A token lasts 24 hours and is valid for the project it was issued for; O(project_id) is required with it.
      - Environment E(HUAWEICLOUD_SDK_AUTH_TOKEN), then E(HW_AUTH_TOKEN).
      - "Exactly one way to authenticate is used: O(auth_token), O(access_key) with O(secret_key), or
        O(iam_user) with O(iam_password) and O(iam_domain). Auth options given in the task (or
        C(module_defaults)) win over the environment; the environment is read only when no auth option
        is given, and holding two methods there is an error."
    type: str
  access_key:
    description:
      - Access key ID (AK) of an access key pair; requests are signed with C(SDK-HMAC-SHA256).
      - Environment E(HUAWEICLOUD_SDK_AK), then E(HW_ACCESS_KEY).
      - Without O(project_id), the project is looked up by the name of O(region) (C(GET /v3/projects) on IAM).
    type: str
  secret_key:
    description:
      - Secret access key (SK). Keep it in Ansible Vault. Environment E(HUAWEICLOUD_SDK_SK), then E(HW_SECRET_KEY).
    type: str
  security_token:
    description:
      - Security token of temporary access keys, sent as C(X-Security-Token) and signed.
      - Environment E(HUAWEICLOUD_SDK_SECURITY_TOKEN), then E(HW_SECURITY_TOKEN).
    type: str
  iam_user:
    description:
      - IAM user name, to log in with O(iam_password) for a project-scoped token (one login per task).
        The login (C(POST /v3/auth/tokens)) is retried like a read, since an extra token changes nothing.
      - Environment E(HUAWEICLOUD_IAM_USER), then E(HW_USER_NAME).
      - Without O(project_id), the token is scoped to the project named like O(region) and its project id is used.
    type: str
  iam_password:
    description:
      - Password of O(iam_user). Keep it in Ansible Vault.
      - Environment E(HUAWEICLOUD_IAM_PASSWORD), then E(HW_USER_PASSWORD).
    type: str
  iam_domain:
    description:
      - Account (domain) name of O(iam_user). Environment E(HUAWEICLOUD_IAM_DOMAIN), then E(HW_DOMAIN_NAME).
    type: str
  iam_endpoint:
    description:
      - Base URL of IAM, default C(https://iam.{region}.myhuaweicloud.com). A trailing C(/v3) is ignored.
      - Environment E(HUAWEICLOUD_IAM_ENDPOINT), then E(HW_AUTH_URL).
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of the endpoint, against the CA bundle that C(requests) uses
        (C(certifi), or E(REQUESTS_CA_BUNDLE)) unless O(ca_path) is given.
      - Set to V(false) only for a test endpoint you trust.
      - Falls back to E(HUAWEICLOUD_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the endpoint's certificate with, instead of the
        system's trust store (a private CA or a TLS-inspecting proxy).
      - Falls back to E(HUAWEICLOUD_CA_PATH).
    type: path
  proxy:
    description:
      - An C(http://) proxy (C(http://user:password@host:port) for basic authentication) for every
        request of the task; C(https) endpoints are reached through a C(CONNECT) tunnel.
      - Without it C(requests) takes the proxy from the environment variables E(HTTPS_PROXY),
        E(HTTP_PROXY) or E(ALL_PROXY), with E(NO_PROXY) listing hosts reached directly. A proxy from the
        environment is checked like this option (an C(http) proxy with a host; a value without a scheme
        is taken as C(http://)) before any request, and its password is never shown.
    type: str
  timeout:
    description:
      - Seconds to wait for a connection and for each answer. A timeout while connecting means nothing
        was sent; a timeout while waiting for an answer means a create or delete may have happened,
        and it is checked by listing before it is sent again.
      - Falls back to E(HUAWEICLOUD_TIMEOUT).
    type: float
    default: 30
  retries:
    description:
      - How many more times to try a request after throttling (HTTP 429), a gateway or server
        error (500, 502, 503, 504), a timeout or a dropped connection, with exponential backoff
        and jitter, honouring C(Retry-After). Between 0 and 10.
      - One request spends at most 60 seconds on its failed attempts and the waits between them
        (a timed-out attempt counts with the time it took); a wait that would pass that budget is not
        started. A TLS certificate that does not verify is not retried; other TLS errors are.
      - A create or delete that may have taken effect although it failed is checked by listing
        before it is sent again, so a retry never creates twice.
      - Each retry is reported as a warning.
      - Falls back to E(HUAWEICLOUD_RETRIES).
    type: int
    default: 3
requirements:
  - requests >= 2.25.1, on the host that runs the module
notes:
  - >-
    The modules need C(requests) beside ansible-core, on the host they run on. With
    C(connection: local), Ansible runs them with the discovered Python, not the one of
    C(ansible-playbook): set C(ansible_python_interpreter: "{{ ansible_playbook_python }}") on the
    play (or install C(requests) for the discovered Python). Without it, the task fails before any
    request with a message that names the interpreter.
  - One C(requests) session is opened per task and its connection kept alive for the task's requests.
  - >-
    Credentials that travel in headers or as names (O(auth_token), O(access_key), O(secret_key),
    O(security_token), O(iam_user), O(iam_domain)) are stripped of surrounding whitespace, such as the
    trailing newline of a token vaulted from a file: a token or key never holds any. A control
    character left inside, or a non-ASCII character in a token or key, is refused before any request,
    without echoing the value. Repository secrets (C(password), C(token)) are sent exactly as given.
"""

    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description:
      - Use C(group/huaweicloud.servicestage.servicestage) in C(module_defaults) to set the connection
        options once for every module of this collection.
    support: full
    membership:
      - huaweicloud.servicestage.servicestage
"""

    CHECK_MODE_AND_DIFF = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return the changed status prediction without modifying the target.
    support: full
  diff_mode:
    description:
      - Will return details on what has changed (or possibly needs changing in check mode) when in diff mode.
      - Secrets are shown only as C(<hidden>) markers.
    support: full
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return the same result; it never changes anything.
    support: full
  diff_mode:
    description: Reads only, so it has no diff to show.
    support: N/A
"""
