# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """Options shared by the modules: DOCUMENTATION (ServiceStage's endpoint and credentials), IAM (scope
    and IAM login), CONNECTION (TLS, proxy, timeout, retries), and attributes."""

    DOCUMENTATION = r"""
options:
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
        O(iam_user) with O(iam_password) and O(iam_domain). When any auth option is given in the task (or
        C(module_defaults)), no auth variable of the environment is read, not even to complete the method
        (a stale E(HUAWEICLOUD_SDK_SECURITY_TOKEN) never joins the task's access keys). Otherwise the
        environment must hold exactly one complete method."
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
notes:
  - >-
    Credentials that travel in headers or as names (O(auth_token), O(access_key), O(secret_key),
    O(security_token), O(iam_user), O(iam_domain)) are stripped of surrounding whitespace, such as the
    trailing newline of a token vaulted from a file: a token or key never holds any. A control
    character left inside, or a non-ASCII character in a token or key, is refused before any request,
    without echoing the value. Repository secrets (C(password), C(token)) are sent exactly as given.
"""

    IAM = r"""
options:
  region:
    description:
      - Huawei Cloud region, for example C(cn-north-4) or C(ap-southeast-1). It must be two letters, then one
        to three parts of lowercase letters and digits, each after a C(-). It is checked before any request,
        so that it can never carry a host into the URLs built from it.
      - Builds the default IAM endpoint C(https://iam.{region}.myhuaweicloud.com) and, in the ServiceStage
        modules, the default C(endpoint) C(https://servicestage.{region}.myhuaweicloud.com).
      - An IAM login without O(project_id) is scoped to the project named like the region.
      - Falls back to the environment variable E(HUAWEICLOUD_SDK_REGION), then E(HW_REGION_NAME).
    type: str
  project_id:
    description:
      - ID of the project (region-scoped tenant), 32 hexadecimal characters, checked before any request. In
        the ServiceStage modules, the project that owns the authorizations, applications, environments and
        components.
      - An IAM login is scoped to it when given; otherwise it comes from the login (or, with access keys in
        the ServiceStage modules, from a lookup of the project named like O(region)). Required with a token.
      - Falls back to E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID).
    type: str
  iam_user:
    description:
      - IAM user name. With O(iam_password) and O(iam_domain), the task logs in to IAM
        (C(POST /v3/auth/tokens)) for a token scoped to O(project_id), or to the project named like O(region).
        The login is retried like a read, since an extra token changes nothing.
      - Environment E(HUAWEICLOUD_IAM_USER), then E(HW_USER_NAME). The environment's IAM variables are read
        only when no credential option is given in the task (or C(module_defaults)), and then never mixed
        with options of the task.
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
"""

    CONNECTION = r"""
options:
  validate_certs:
    description:
      - Verify the TLS certificate of the endpoint against O(ca_path), else the file or directory named by
        E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) when set (one that does not exist is an error before any
        request), else the CA bundle of C(requests) (C(certifi)).
      - Verification is off only with V(false), never because of the environment (C(requests) 2.25 took an
        empty E(CURL_CA_BUNDLE) for "off"). Set V(false) only for a test endpoint you trust; the task warns.
      - Falls back to E(HUAWEICLOUD_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates (or a directory of hashed ones) to verify the endpoint's certificate
        with, instead of the system's trust store (a private CA or a TLS-inspecting proxy).
      - Falls back to E(HUAWEICLOUD_CA_PATH).
    type: path
  proxy:
    description:
      - A proxy for every request of the task, C(http://host:port), C(https://host:port), or a SOCKS proxy
        (C(socks5://), C(socks5h://), C(socks4://)) when PySocks is installed (C(pip install 'requests[socks]')).
        C(https) endpoints are reached through a C(CONNECT) tunnel.
      - With basic authentication, C(http://user:password@host:port), percent-encode C(/), C(?) and C(#) in the
        user or password (C(%2F), C(%3F), C(%23)); a proxy URL holding them raw is refused. The user and
        password are never shown, raw or percent-encoded.
      - Without it C(requests) takes the proxy from the environment variables E(HTTPS_PROXY),
        E(HTTP_PROXY) or E(ALL_PROXY), with E(NO_PROXY) listing hosts reached directly. A proxy from the
        environment is checked like this option (a value without a scheme is taken as C(http://)) before
        any request, and its password is never shown.
    type: str
  timeout:
    description:
      - Seconds an attempt may take, a positive, finite number, from connecting to the last byte of the answer
        (a server or proxy that trickles its answer is cut off there). Connecting may take all of it but half a
        second. A timeout while connecting means nothing was sent; a timeout after that means a write may have
        happened, and it is checked by reading before it is sent again.
      - Each attempt waits at most what is left of the step's retry budget (see O(retries)).
      - Falls back to E(HUAWEICLOUD_TIMEOUT).
    type: float
    default: 30
  retries:
    description:
      - How many more times to send a request after throttling (HTTP 429), a gateway or server error
        (500, 502, 503, 504), a timeout or a broken connection, with exponential backoff and jitter,
        honouring C(Retry-After). Between 0 and 10.
      - A read (a list, a lookup, the IAM login) is sent again after any of these, and any request that
        certainly was not sent (the connection to the API or to the proxy was refused, timed out while
        connecting, or its name did not resolve). A write whose fate is unknown (no answer, a 5xx, a 2xx
        answer that cannot be read, a proxy error after connecting) is never simply sent again. What it
        wrote is read first (the authorizations listed, a name looked up, a component read back), and that
        decides whether it was carried out (done), was not (sent again), or, when the read fails too, the
        task fails saying that it may have been carried out, with C(changed=true). So a retry never
        creates twice, and never upgrades the same version twice.
      - Each step (a read, or a write with its checks) has a budget of 60 seconds, or O(timeout) when that
        is longer, for all its attempts, the waits between them and the checks. Each attempt waits at most
        what is left of it, and a wait that would leave no time for an attempt is not started. A TLS
        certificate that does not verify is not retried; other TLS errors are.
      - A proxy that asks for credentials (HTTP 407) is not retried; the task fails at once, saying so.
      - Each retry is reported as a warning.
      - Falls back to E(HUAWEICLOUD_RETRIES).
    type: int
    default: 3
notes:
  - One C(requests) session is opened per task, shared by all its requests (an IAM login or project lookup
    and the ServiceStage requests), and its connections kept alive for them.
"""

    MODULE_HOST = r"""
options: {}
requirements:
  - requests >= 2.25.1, on the host that runs the module
notes:
  - >-
    The modules need C(requests) beside ansible-core, on the host they run on. With
    C(connection: local), Ansible runs them with the discovered Python, not the one of
    C(ansible-playbook): set C(ansible_python_interpreter: "{{ ansible_playbook_python }}") on the
    play (or install C(requests) for the discovered Python). Without it, the task fails before any
    request with a message that names the interpreter.
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

    WRITES = r"""
options: {}
notes:
  - >-
    An authorization of a kind the collection does not manage (an OAuth one, made in the console, which the
    API cannot create; or an unknown C(token_type)) is never deleted or replaced. A task that names one fails
    before any write, in check mode too, with a message naming it and its kind: delete or rename it in the
    ServiceStage console, or choose another name. Password and personal-token authorizations replace each
    other as needed.
  - >-
    C(changed) tells what the API carried out. A create or delete whose answer was lost (a timeout, a broken
    connection, also through a proxy, a 5xx, or a 2xx answer that cannot be read) is checked by listing. When
    the list shows it carried out, it counts as done (C(changed=true)) with a warning that the answer had to
    be checked; when the list shows it was not, it is sent again; when the list fails too, the task fails with
    C(changed=true) and a message saying that it may have been carried out. Run the task again: it lists
    first and finishes the work. An authorization created or deleted meanwhile by someone else, as wanted,
    is reported as such, with C(changed=false) for that authorization.
  - >-
    A failure after some writes returns C(changed=true) and a message that lists what was done before it.
"""

    CHECK_MODE_AND_DIFF = r"""
options: {}
notes:
  - >-
    Check mode sends only reads: the list, and the IAM login (O(iam_user)) or the project lookup
    (O(access_key) without O(project_id)) that the list needs. A login creates a token, nothing a user
    keeps; no authorization is created or deleted.
attributes:
  check_mode:
    description: Can run in check mode and return the changed status prediction without modifying the target.
    support: full
  diff_mode:
    description:
      - Will return details on what has changed (or possibly needs changing in check mode) when in diff mode.
      - The diff shows an authorization's known fields. A created or re-created one shows what exists
        overlaid with the wanted fields, in check mode and in a real run alike.
      - "Secrets are shown only as markers, C(<hidden>) when kept, C(<hidden: set>) on a new authorization
        and C(<hidden: replaced>) when the authorization is re-created."
    support: full
"""

    V3_CHECK_MODE_AND_DIFF = r"""
options: {}
attributes:
  check_mode:
    description:
      - Can run in check mode and return the changed status prediction without modifying the target.
      - Sends only reads (the name lookups, the object itself, a component's last job; and the IAM login or the
        project lookup that the credentials need), never waits, and names the writes it would make.
    support: full
  diff_mode:
    description:
      - Shows C(before) and C(after) of the fields the task gives, as the API reports them and as the task makes
        them, in check mode and in a real run alike.
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
