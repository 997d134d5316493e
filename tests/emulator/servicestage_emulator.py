# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A stateful ServiceStage emulator for the git/auths API and the v3 API, for tests and demos.

Standard library only, loopback only, HTTP or HTTPS. It serves the git/auths routes as Huawei Cloud
documents them (list, create password / personal-token authorization, delete), the v3 routes
under /v3/{project_id}/cas/ (applications, environments, components, jobs, actions, runtime
stacks: servicestage_v3.py, whose docstring tells what they do and every switch; configuration
groups, configuration files with their history, and application configuration:
servicestage_config.py, likewise), authenticates
like the API gateway (X-Auth-Token, or an SDK-HMAC-SHA256 signature checked by its own code,
with a 15 minute limit on X-Sdk-Date), serves the two IAM routes the collection uses
(POST /v3/auth/tokens, GET /v3/projects?name=), validates bodies like the real API, and keeps
a request log and a fault queue that tests drive in-process or over its control routes
under /_emulator/:

  GET  /_emulator/log       the request log (method, path, query, status, fault, client port, time,
                            monotonic, clock: the v3 clock); never bodies
  GET  /_emulator/state     every authorization, by project
  POST /_emulator/reset     forget authorizations, v3 objects and jobs, configuration groups and files,
                            application configuration, log and faults
  POST /_emulator/faults    append fault rules (a JSON list, see Fault); they hit v3 routes too
  POST /_emulator/config    {"latency": seconds added to every API request,
                             "reject_credentials": true to make every create answer 400
                             SVCSTG.REPO.0451, as when the repository refuses the user and password,
                             "token_host": how a token authorization's host is listed (TOKEN_HOST_VARIANTS),
                             "listed_repo_types": {"devcloud": "DevCloud"}: how the list spells a type,
                             and any v3 switch (servicestage_v3.SWITCHES), e.g. "not_found": "404",
                             or configuration switch (servicestage_config.SWITCHES)};
                            400 and nothing changed for an unknown name or a bad value
  POST /_emulator/auth-status  {"project_id": P, "name": N, "status": 1}: an authorization gone overdue (1)
                            or not authenticated (2), as the list then reports it
  POST /_emulator/seed      {"project_id": P, "names": [...], "count": N, "prefix": "bulk-",
                            "token_type": "password"}: add authorizations made elsewhere
                            (token_type oauth: OAuth ones, which only a browser round trip
                            creates in the real cloud)
  GET  /_emulator/v3/state  the v3 switches, objects by project, and every job
  POST /_emulator/v3/seed   {"project_id": P, "applications": [{"name", ...}], "environments":
                            [{"name", "vpc_id", "resources", ...}], "components": [{"application",
                            "environment", "name", "version", "replica", "status", ...}]}: v3
                            objects made elsewhere; answers their ids
  POST /_emulator/v3/job-outcomes  [{"outcome", "component", "kind", "running_seconds",
                            "task_name", "messages", "times", "leaves"}]: what the next matching jobs do
  POST /_emulator/v3/page-events  [{"objects": "applications", "offset": 100, "create": "late-app"}
                            or {..., "delete": "old-app"}]: an object created or deleted right after
                            a list's page at that offset was served (servicestage_v3.PageEvent)
                            "task_name", "messages", "times"}]: what the next matching jobs do
  GET  /_emulator/config-state  the configuration switches, and by project the groups, the files
                            (each with its histories) and the application configurations
  POST /_emulator/config-seed   {"project_id": P, "config_groups": [{"name", ...}], "configs":
                            [{"group", "name", "content", "type", "sensitive", "previous_contents",
                            "components", ...}], "application_configurations": [{"application",
                            "environment", "envs", "assign_strategy"}]}: made elsewhere; answers their ids
  POST /_emulator/config-bind   {"project_id": P, "config", "group", "component", "application",
                            "environment", "unbind": false}: a component uses a file (or no longer);
                            answers the file's components (binding is not in the API)

  curl -s -X POST localhost:8080/_emulator/v3/seed -d '{"project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "applications": [{"name": "shop"}], "environments": [{"name": "prod", "vpc_id": "vpc-1"}],
       "components": [{"application": "shop", "environment": "prod", "name": "web", "version": "1.0.0"}]}'
  curl -s -X POST localhost:8080/_emulator/v3/job-outcomes -d '[{"component": "web", "kind": "upgrade",
       "outcome": "FAILED", "messages": "image pull failed"}]'

Like the cloud, a token belongs to one project (401 on another), and an AK/SK request whose
X-Project-Id names another project than its path is refused (on v1 and v3 paths alike). Where the
API's sources disagree, the emulator has a switch for each documented form: how a token
authorization's host is listed (``token_host``), how the list spells a repository type
(``listed_repo_types``), and the v3 switches (servicestage_v3.SWITCHES).

In-process: emulator.v3 is the v3 slice (config, configure(), seed_application(),
seed_environment(), seed_component(), add_job_outcomes(), applications(), components(), jobs(),
clock: see servicestage_v3.py); ServiceStageEmulator(clock=...) gives its jobs a clock to drive.
emulator.v3_config is the configuration slice (config, configure(), seed_config_group(), seed_config(),
bind_config(), unbind_config(), set_application_configuration(), seed(), config_groups(), configs(),
config_histories(), application_configuration(), state(): see servicestage_config.py).

Run:  python3 tests/emulator/servicestage_emulator.py --port 8080 --token demo-token [--project-id P]
      [--access-key AK:SK] [--iam-user DOMAIN:USER:PASSWORD] [--tls-cert CERT --tls-key KEY]
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import calendar
import hashlib
import hmac
import json
import re
import socket
import ssl
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

try:
    from . import servicestage_config, servicestage_v3
except ImportError:  # run as a script: python3 tests/emulator/servicestage_emulator.py
    import servicestage_config
    import servicestage_v3

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{4,63}\Z")
PASSWORD_REPO_TYPES = ("bitbucket", "devcloud")
PERSONAL_REPO_TYPES = ("github", "gitlab", "gitee")
REPO_HOSTS = {
    "bitbucket": ("https://api.bitbucket.org", "https://bitbucket.org/%s/"),
    "devcloud": ("https://codehub.devcloud.cn-north-4.huaweicloud.com", "https://devcloud.huaweicloud.com/%s/"),
    "github": ("https://api.github.com", "https://github.com/%s"),
    "gitlab": ("https://gitlab.com", "https://gitlab.com/%s"),
    "gitee": ("https://gitee.com", "https://gitee.com/%s"),
}
ERRORS = {
    "SVCSTG.REPO.0400": "parameter invalid",
    "SVCSTG.REPO.0401": "repository type not supported",
    "SVCSTG.REPO.0403": "resource already exist",
    "SVCSTG.REPO.0450": "no repository authorization",
    "SVCSTG.REPO.0451": "repository authorization invalid",
    "APIG.1002": "Incorrect token or token resolution failed",
    "APIG.0303": "Incorrect app authentication information: verify aksk signature fail",
    "APIG.0304": "The request is expired: X-Sdk-Date is more than 15 minutes off",
    "APIG.0305": "Incorrect app authentication information: X-Project-Id does not match the project of the URL",
    "IAM.0011": "The username or password is wrong.",
    "IAM.0004": "The project does not exist.",
    "APIG.0101": "The API does not exist or has not been published in the environment",
}
# How a personal-token authorization created with a host is listed, by source:
#   repo_home       the API page's example: repo_host is the service's API server, repo_home the address given
#   repo_home_user  likewise, with the user's page under the address given as repo_home
#   repo_host       the address given, normalized (lowercase scheme and host, no trailing slash), as repo_host
TOKEN_HOST_VARIANTS = ("repo_home", "repo_home_user", "repo_host")
AUTHS_PATH = re.compile(r"/v1/(?P<project>[^/]+)/git/auths(?:/(?P<rest>.*))?\Z")
V3_PATH = re.compile(r"/v3/(?P<project>[^/]+)/cas(?P<rest>/.*)?\Z")
SIGNATURE_MAX_SKEW = 15 * 60
DEFAULT_PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
DEFAULT_REGION_PROJECTS = {"cn-north-4": DEFAULT_PROJECT}


class Fault:
    """One injected fault, matched against requests in order.

    method, path: which requests (path is a regular expression searched in the path);
    query: a regular expression searched in the query string (without "?"; "offset=100" picks one
    page of a list, "offset=100(&|$)" that page and not offset=1000), None for any query;
    times: how many requests it hits (default 1);
    skip: how many matching requests pass untouched before it hits (default 0);
    status, body, headers: the answer to give instead (body: JSON value or text);
    delay: seconds to wait before answering (past the client's timeout it sees a timeout);
    drop: close the connection without an answer;
    commit: carry the request out first, then give the fault (a create that "failed" but happened);
    malformed: answer 200 with a body that is not JSON.
    """

    def __init__(self, method=None, path=None, times=1, status=None, body=None, headers=None,
                 delay=0.0, drop=False, commit=False, malformed=False, skip=0, query=None):
        self.method = method
        self.path = re.compile(path) if path else None
        self.query = re.compile(query) if query else None
        self.times = times
        self.skip = skip
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.delay = delay
        self.drop = drop
        self.commit = commit
        self.malformed = malformed
        # How many requests it hit, for tests that check every fault did what it was for.
        self.hits = 0

    def matches(self, method, path, query=""):
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or self.path.search(path) is not None)
                and (self.query is None or self.query.search(query) is not None))

    def describe(self):
        parts = [name for name in ("drop", "commit", "malformed") if getattr(self, name)]
        if self.status:
            parts.append(str(self.status))
        if self.delay:
            parts.append("delay %.1fs" % self.delay)
        return "+".join(parts)


class ServiceStageEmulator:
    """State, log and faults, shared by the handler threads."""

    def __init__(self, tokens=None, port=0, latency=0.0, access_keys=None, iam_users=None,
                 region_projects=None, tls_cert=None, tls_key=None, clock=time.time):
        # token -> the project it was issued for
        self.tokens = dict(tokens if tokens is not None else {"demo-token": DEFAULT_PROJECT})
        # access key -> (secret key, security token or None for permanent keys)
        self.access_keys = dict(access_keys or {})
        # (domain, user) -> password
        self.iam_users = dict(iam_users or {})
        self.region_projects = dict(region_projects or DEFAULT_REGION_PROJECTS)
        self.latency = latency
        self.reject_credentials = False
        self.token_host = TOKEN_HOST_VARIANTS[0]
        # how the list and the create answer spell a repository type: {"devcloud": "DevCloud"}
        self.listed_repo_types = {}
        self.lock = threading.Lock()
        self.projects = {}
        # sha256 of the secret each authorization was created with, to check what arrived
        # without keeping the secret itself; never served by the API routes.
        self.secret_digests = {}
        self.log = []
        self.faults = []
        # The ServiceStage v3 slice (servicestage_v3.py); clock drives its jobs.
        self.v3 = servicestage_v3.ServiceStageV3(clock=clock, git_auth_names=self._git_auth_names)
        # The v3 configuration slice (servicestage_config.py): groups, files, application configuration.
        self.v3_config = servicestage_config.ServiceStageConfig(self.v3)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self.server.daemon_threads = True
        self.scheme = "http"
        if tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            # the handshake in each connection's own thread, at its first read: a client that never sends
            # its first handshake message must not stop the accepting thread
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True,
                                                     do_handshake_on_connect=False)
            self.scheme = "https"
        self.thread = None

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def url(self):
        return "%s://127.0.0.1:%d" % (self.scheme, self.port)

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.projects.clear()
            self.secret_digests.clear()
            del self.log[:]
            del self.faults[:]
        self.v3.reset()
        self.v3_config.reset()

    def add_faults(self, rules):
        with self.lock:
            self.faults.extend(rule if isinstance(rule, Fault) else Fault(**rule) for rule in rules)

    def authorizations(self, project_id):
        with self.lock:
            return [dict(item) for item in self.projects.get(project_id, {}).values()]

    def writes(self):
        """The logged requests that change state (POST, PUT and DELETE to the API)."""
        with self.lock:
            return [entry for entry in self.log if entry["method"] in ("POST", "PUT", "DELETE")]

    def _git_auth_names(self, project_id):
        with self.lock:
            return set(self.projects.get(project_id, {}))

    def configure(self, changes):
        """What POST /_emulator/config takes: latency, reject_credentials, token_host, listed_repo_types,
        the v3 switches and the configuration switches (servicestage_config.SWITCHES).
        ValueError (and nothing changed) for an unknown name or a bad value."""
        changes = dict(changes)
        config_switches = servicestage_config.checked_switches(dict(
            (name, changes.pop(name)) for name in list(changes) if name in servicestage_config.SWITCHES))
        latency = float(changes.pop("latency", self.latency))
        reject_credentials = bool(changes.pop("reject_credentials", self.reject_credentials))
        token_host = changes.pop("token_host", self.token_host)
        if token_host not in TOKEN_HOST_VARIANTS:
            raise ValueError("token_host is one of %s" % ", ".join(TOKEN_HOST_VARIANTS))
        listed_repo_types = changes.pop("listed_repo_types", self.listed_repo_types)
        if not isinstance(listed_repo_types, dict):
            raise ValueError("listed_repo_types is a dictionary, such as {\"devcloud\": \"DevCloud\"}")
        self.v3.configure(**changes)
        self.v3_config.configure(**config_switches)
        self.latency = latency
        self.reject_credentials = reject_credentials
        self.token_host = token_host
        self.listed_repo_types = dict(listed_repo_types)

    def seed(self, project_id, count=0, prefix="bulk-", token_type="password", repo_type=None, names=(), status=0):
        """Add authorizations made elsewhere (the console): count of them named prefix00000 ..., and names."""
        repo_type = repo_type or ("bitbucket" if token_type == "password" else "github")
        with self.lock:
            store = self.projects.setdefault(project_id, {})
            for name in ["%s%05d" % (prefix, index) for index in range(count)] + list(names):
                store[name] = self._authorization(name, repo_type, token_type, "seed-user")
                store[name]["status"] = status

    def set_status(self, project_id, name, status):
        """What the list reports for an authorization: 0 normal, 1 overdue, 2 not authenticated."""
        with self.lock:
            self.projects[project_id][name]["status"] = status

    def listed(self, authorization):
        """An authorization as the API shows it (the repository type in the list's spelling)."""
        shown = dict(authorization)
        shown["repo_type"] = self.listed_repo_types.get(shown["repo_type"], shown["repo_type"])
        return shown

    def _authorization(self, name, repo_type, token_type, user, host=None):
        now = int(time.time() * 1000)
        repo_host, repo_home = REPO_HOSTS[repo_type]
        repo_home = repo_home % user
        if host and self.token_host == "repo_host":
            repo_host = _normalized_host(host)
        elif host:
            repo_home = host if self.token_host == "repo_home" else host.rstrip("/") + "/" + user
        return {
            "name": name,
            "repo_type": repo_type,
            "repo_host": repo_host,
            "repo_home": repo_home,
            "repo_user": user,
            "avartar": "https://secure.gravatar.com/avatar/%s" % uuid.uuid5(uuid.NAMESPACE_DNS, user).hex,
            "token_type": token_type,
            "create_time": now,
            "update_time": now,
            "status": 0,
        }

    def take_fault(self, method, path, query=""):
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path, query):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.times -= 1
                    fault.hits += 1
                    return fault
        return None

    # The API itself: each returns (status, payload) or (status, payload, extra headers).
    def handle_api(self, method, target, headers, raw_body):
        path, dummy, query = target.partition("?")
        if method == "POST" and path == "/v3/auth/tokens":
            return self._iam_login(raw_body)
        v3_match = V3_PATH.match(path)
        match = AUTHS_PATH.match(path) or v3_match
        project_id = unquote(match.group("project")) if match else None
        refusal = self._authenticate(method, target, headers, raw_body, project_id)
        if refusal:
            return refusal
        if method == "GET" and path == "/v3/projects":
            name = dict(parse_qsl(query)).get("name")
            projects = [{"id": self.region_projects[name], "name": name}] if name in self.region_projects else []
            return 200, {"projects": projects}
        if v3_match:
            rest = v3_match.group("rest") or ""
            answer = self.v3_config.handle(method, project_id, rest, query, headers, raw_body)
            if answer is not None:
                return answer
            return self.v3.handle(method, project_id, rest, query, headers, raw_body)
        if not match:
            return 404, _error("APIG.0101")
        rest = match.group("rest")
        segments = [unquote(part) for part in rest.split("/")] if rest else []
        if method == "GET" and not segments:
            items = [self.listed(item) for item in self.authorizations(project_id)]
            for item in items:
                item["tag"] = None
            return 200, {"authorizations": items, "count": len(items)}
        if method == "DELETE" and len(segments) == 1:
            with self.lock:
                if self.projects.get(project_id, {}).pop(segments[0], None) is None:
                    return 400, _error("SVCSTG.REPO.0450")
            return 204, None
        if method == "POST" and len(segments) == 2 and segments[1] in ("password", "personal"):
            return self._create(project_id, segments[0], segments[1], headers, raw_body)
        return 404, _error("APIG.0101")

    def _authenticate(self, method, target, headers, raw_body, project_id):
        """None when the request is authenticated for project_id (None: no project), else the gateway's refusal."""
        authorization = headers.get("Authorization") or ""
        if authorization.startswith("SDK-HMAC-SHA256 "):
            signed_for = headers.get("X-Project-Id")
            if project_id and signed_for and signed_for != project_id:
                return 401, _error("APIG.0305")
            return self._check_signature(method, target, headers, raw_body, authorization)
        token = headers.get("X-Auth-Token")
        if token in self.tokens and (project_id is None or self.tokens[token] == project_id):
            return None
        return 401, _error("APIG.1002")

    def _check_signature(self, method, target, headers, raw_body, authorization):
        """The gateway's own check of an SDK-HMAC-SHA256 signature (not the collection's signer)."""
        fields = {}
        for part in authorization[len("SDK-HMAC-SHA256 "):].split(","):
            key, dummy, value = part.strip().partition("=")
            fields[key] = value
        secret_and_token = self.access_keys.get(fields.get("Access"))
        signed = fields.get("SignedHeaders", "").split(";")
        if secret_and_token is None or "x-sdk-date" not in signed or "host" not in signed:
            return 401, _error("APIG.0303")
        secret, security_token = secret_and_token
        # Temporary keys need their own security token; a permanent key with one (a stale token of the
        # shell, say) is refused too, as by the gateway.
        if headers.get("X-Security-Token") != security_token or (security_token and "x-security-token" not in signed):
            return 401, _error("APIG.0303")
        try:
            signed_at = calendar.timegm(time.strptime(headers.get("X-Sdk-Date", ""), "%Y%m%dT%H%M%SZ"))
        except ValueError:
            return 401, _error("APIG.0303")
        if abs(time.time() - signed_at) > SIGNATURE_MAX_SKEW:
            return 401, _error("APIG.0304")
        path, dummy, query = target.partition("?")
        lines = [method,
                 "/".join(quote(unquote(segment), safe="~") for segment in path.split("/")).rstrip("/") + "/",
                 "&".join(sorted("%s=%s" % (quote(k, safe="~"), quote(v, safe="~"))
                                 for k, v in parse_qsl(query, keep_blank_values=True)))]
        for name in signed:
            value = headers.get(name)
            if value is None:
                return 401, _error("APIG.0303")
            lines.append("%s:%s" % (name, value.strip()))
        lines.extend(["", ";".join(signed), hashlib.sha256(raw_body).hexdigest()])
        canonical = "\n".join(lines)
        to_sign = "SDK-HMAC-SHA256\n%s\n%s" % (headers["X-Sdk-Date"], hashlib.sha256(canonical.encode("utf-8")).hexdigest())
        expected = hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, fields.get("Signature", "")):
            return 401, _error("APIG.0303")
        return None

    def _iam_login(self, raw_body):
        """POST /v3/auth/tokens: 201 with X-Subject-Token, or 401 IAM.0011."""
        try:
            auth = json.loads(raw_body.decode("utf-8"))["auth"]
            user = auth["identity"]["password"]["user"]
            key, password, project = (user["domain"]["name"], user["name"]), user["password"], auth["scope"]["project"]
        except (ValueError, KeyError, TypeError):
            return 400, {"error": {"code": "IAM.0007", "message": "The request body is invalid."}}
        if self.iam_users.get(key) != password:
            return 401, {"error": {"code": "IAM.0011", "message": ERRORS["IAM.0011"]}}
        names = dict((project_id, name) for name, project_id in self.region_projects.items())
        if "id" in project and project["id"] in names:
            project = {"id": project["id"], "name": names[project["id"]]}
        elif project.get("name") in self.region_projects:
            project = {"id": self.region_projects[project["name"]], "name": project["name"]}
        else:
            return 400, {"error": {"code": "IAM.0004", "message": ERRORS["IAM.0004"]}}
        token = "emulated-iam-token-" + uuid.uuid4().hex
        with self.lock:
            self.tokens[token] = project["id"]
        issued = time.time()
        return 201, {"token": {"project": project, "issued_at": _iso(issued), "expires_at": _iso(issued + 24 * 3600),
                               "methods": ["password"]}}, {"X-Subject-Token": token}

    def _create(self, project_id, repo_type, token_type, headers, raw_body):
        if not headers.get("Content-Type", "").startswith("application/json"):
            return 400, _error("SVCSTG.REPO.0400")
        try:
            body = json.loads(raw_body.decode("utf-8"))
        except ValueError:
            return 400, _error("SVCSTG.REPO.0400")
        if token_type == "password":
            supported, required, user_field = PASSWORD_REPO_TYPES, ("name", "user", "password"), "user"
        else:
            supported, required, user_field = PERSONAL_REPO_TYPES, ("name", "token"), None
        if not isinstance(body, dict) or any(not isinstance(body.get(key), str) or not body[key] for key in required):
            return 400, _error("SVCSTG.REPO.0400")
        if not NAME_PATTERN.match(body["name"]) or ("host" in body and not isinstance(body["host"], str)):
            return 400, _error("SVCSTG.REPO.0400")
        if repo_type not in supported:
            return 400, _error("SVCSTG.REPO.0401")
        if self.reject_credentials:
            return 400, _error("SVCSTG.REPO.0451")
        user = body[user_field] if user_field else "token-user"
        with self.lock:
            store = self.projects.setdefault(project_id, {})
            if body["name"] in store:
                return 400, _error("SVCSTG.REPO.0403")
            authorization = self._authorization(body["name"], repo_type, token_type, user, body.get("host"))
            store[body["name"]] = authorization
            secret = body["password"] if token_type == "password" else body["token"]
            self.secret_digests[(project_id, body["name"])] = hashlib.sha256(secret.encode("utf-8")).hexdigest()
        return 200, {"authorization": self.listed(authorization)}


def _iso(seconds):
    """A time as IAM writes it: 2026-11-29T08:00:00.000000Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".%06dZ" % int((seconds % 1) * 1e6)


def _normalized_host(url):
    """What the cloud stores for a host: lowercase scheme and host, no trailing slash."""
    parts = urlsplit(url.strip())
    return "%s://%s%s" % (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"))


def fingerprint(secret):
    """What the log shows of a credential: the start of its SHA-256, never the credential."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]


def credential_fingerprint(headers):
    """The token's fingerprint, or the access key id of a signature (not a secret): which credential
    sent a request, so that a test can tell apart the requests of tasks that use different ones."""
    authorization = headers.get("Authorization") or ""
    if authorization.startswith("SDK-HMAC-SHA256 "):
        return authorization.split("Access=", 1)[-1].split(",", 1)[0]
    token = headers.get("X-Auth-Token")
    return fingerprint(token) if token else None


def _auth_kind(headers):
    if (headers.get("Authorization") or "").startswith("SDK-HMAC-SHA256 "):
        return "aksk"
    return "token" if headers.get("X-Auth-Token") else None


def _error(code):
    return {"error_code": code, "error_msg": ERRORS[code]}


def _handler_for(emulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ServiceStageEmulator/1.0"

        def log_message(self, *args):
            pass

        def setup(self):
            BaseHTTPRequestHandler.setup(self)
            # Headers and body go out in two writes: without this, Nagle's algorithm holds the body
            # back until the client's delayed ACK (40 ms on Linux) on every kept-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self):
            self._dispatch()

        def do_POST(self):
            self._dispatch()

        def do_DELETE(self):
            self._dispatch()

        def do_PUT(self):
            self._dispatch()

        def _dispatch(self):
            # A request through a forward proxy names the whole URL (absolute form).
            target = urlsplit(self.path)
            if target.scheme:
                self.path = target.path + ("?" + target.query if target.query else "")
            path, query = urlsplit(self.path).path, urlsplit(self.path).query
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length else b""
            if path.startswith("/_emulator/"):
                self._control(path, raw_body)
                return
            if emulator.latency:
                time.sleep(emulator.latency)
            fault = emulator.take_fault(self.command, path, query)
            entry = {"method": self.command, "path": path, "query": query, "time": time.time(),
                     "monotonic": time.monotonic(), "clock": emulator.v3.clock(), "fault": None,
                     "client_port": self.client_address[1], "auth": _auth_kind(self.headers),
                     "credential": credential_fingerprint(self.headers)}
            status = payload = None
            headers = {}
            # The status the API itself gave, when it carried the request out (None: it did not).
            # Logged before any delay, so that a client that gave up already finds it.
            entry["outcome"] = entry["status"] = None
            with emulator.lock:
                emulator.log.append(entry)
            if fault is None or fault.commit:
                status, payload, headers = self._handle(raw_body)
                entry["outcome"] = status
            if fault is not None:
                entry["fault"] = fault.describe()
                status, payload = self._apply_fault(fault, status, payload)
                if status is None and not fault.drop:
                    # a delay alone: the request is carried out once the delay is over
                    status, payload, headers = self._handle(raw_body)
                    entry["outcome"] = status
                headers = dict(headers, **fault.headers)
            entry["status"] = status
            if status is not None:
                self._send(status, payload, headers)

        def _handle(self, raw_body):
            result = emulator.handle_api(self.command, self.path, self.headers, raw_body)
            return result[0], result[1], (result[2] if len(result) > 2 else {})

        def _apply_fault(self, fault, status, payload):
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return None, None
            if fault.malformed:
                return 200, "<html><body>gateway says hello</body></html>"
            if fault.status:
                return fault.status, fault.body
            return status, payload

        def _control(self, path, raw_body):
            request = json.loads(raw_body.decode("utf-8")) if raw_body else None
            if path == "/_emulator/log":
                with emulator.lock:
                    self._send(200, list(emulator.log))
            elif path == "/_emulator/state":
                with emulator.lock:
                    self._send(200, dict((project, list(store.values())) for project, store in emulator.projects.items()))
            elif path == "/_emulator/reset":
                emulator.reset()
                self._send(204, None)
            elif path == "/_emulator/faults":
                emulator.add_faults(request or [])
                self._send(204, None)
            elif path == "/_emulator/config":
                self._refused_or(lambda: emulator.configure(request or {}), 204)
            elif path == "/_emulator/auth-status":
                self._refused_or(lambda: emulator.set_status(request["project_id"], request["name"],
                                                             int(request["status"])), 204)
            elif path == "/_emulator/seed":
                emulator.seed(request["project_id"], int(request.get("count", 0)), request.get("prefix", "bulk-"),
                              request.get("token_type", "password"), request.get("repo_type"), request.get("names", ()),
                              int(request.get("status", 0)))
                self._send(204, None)
            elif path == "/_emulator/v3/state":
                self._send(200, emulator.v3.state())
            elif path == "/_emulator/v3/seed":
                self._refused_or(lambda: emulator.v3.seed(
                    request["project_id"], request.get("applications", ()), request.get("environments", ()),
                    request.get("components", ())), 200)
            elif path == "/_emulator/v3/job-outcomes":
                self._refused_or(lambda: emulator.v3.add_job_outcomes(request or []), 204)
            elif path == "/_emulator/v3/page-events":
                self._refused_or(lambda: emulator.v3.add_page_events(request or []), 204)
            elif path == "/_emulator/config-state":
                self._send(200, emulator.v3_config.state())
            elif path == "/_emulator/config-seed":
                self._refused_or(lambda: emulator.v3_config.seed(
                    request["project_id"], request.get("config_groups", ()), request.get("configs", ()),
                    request.get("application_configurations", ())), 200)
            elif path == "/_emulator/config-bind":
                self._refused_or(lambda: self._bind(request), 200)
            else:
                self._send(404, {"error": "unknown control route"})

        @staticmethod
        def _bind(request):
            """POST /_emulator/config-bind: bind (or, with "unbind": true, unbind) a file and a component."""
            change = emulator.v3_config.unbind_config if request.get("unbind") else emulator.v3_config.bind_config
            return {"components": change(request["project_id"], request["config"], request["component"],
                                         request.get("application"), request.get("environment"),
                                         request.get("group"))}

        def _refused_or(self, change, status):
            """Carry a control request out and answer status (with what it returned, for a 200),
            or 400 with the reason when it was refused."""
            try:
                result = change()
            except (ValueError, KeyError, TypeError) as error:
                self._send(400, {"error": str(error)})
                return
            self._send(status, result if status == 200 else None)

        def _send(self, status, payload, extra_headers=None):
            if payload is None:
                data = b""
            elif isinstance(payload, str):
                data = payload.encode("utf-8")
            else:
                data = json.dumps(payload).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("X-Request-Id", uuid.uuid4().hex)
                if data:
                    is_text = isinstance(payload, str)
                    self.send_header("Content-Type", "text/html" if is_text else "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (extra_headers or {}).items():
                    self.send_header(key, str(value))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


CONTROL_ROUTES = """control routes (under /_emulator/, not authenticated; JSON bodies):
  GET  /_emulator/log      the request log: method, path, query (the query string, without "?"), status,
                           fault, outcome (the status the API itself gave when it carried the request out),
                           client port, auth, credential (the start of the token's SHA-256, or the access
                           key id), time (epoch seconds), monotonic (time.monotonic() seconds: for rates),
                           clock (the v3 clock's seconds: the time the jobs see); never bodies
  GET  /_emulator/state    every authorization, by project
  POST /_emulator/reset    forget authorizations, v3 objects, jobs and job outcomes, configuration
                           groups and files, application configuration, log and faults (the switches stay)
  POST /_emulator/seed     add authorizations made elsewhere, e.g. in the console:
                           {"project_id": P, "names": ["bitbucket-ci"], "count": N, "prefix": "bulk-",
                            "token_type": "password", "repo_type": "bitbucket"}: the names given, and N
                           more named prefix00000...; token_type "oauth" makes OAuth ones (which the API
                           cannot create), "personal" token ones
  POST /_emulator/faults   append fault rules, a JSON list of {"method", "path" (a regular expression),
                           "query" (a regular expression searched in the query string), "times", "skip",
                           "status", "body", "headers", "delay", "drop", "commit", "malformed"}; commit
                           carries the request out first, then fails it; v3 routes too (e.g. "path":
                           "/components/", "method": "PUT"; "path": "/cas/applications$", "query":
                           "offset=100(&|$)", "delay": 2: one page of a list answered late)
  POST /_emulator/config   {"latency": seconds added to every API request,
                            "reject_credentials": true makes every create answer 400 SVCSTG.REPO.0451,
                            "token_host": "repo_home" (the API page's example, the default: the host given
                            is listed as repo_home), "repo_home_user" (the user's page under it) or
                            "repo_host" (the host given, normalized, as repo_host),
                            "listed_repo_types": {"devcloud": "DevCloud"} (or "codearts"): how the list
                            spells a repository type, and the v3 switches (default first):
                            "not_found": "401" | "404", "error_message_key": "error_msg" | "error_message",
                            "job_key_case": "lower" | "upper", "action_answer": "component_id" | "result",
                            "component_get_includes_id": false | true,
                            "component_name_scope": "application" | "application_environment",
                            "version_reuse": "overwrite" | "reject", "environment_delete_in_use": "refuse" | "allow",
                            "gray_release_job": "succeeded" | "running", "name_filter": "exact" | "fuzzy",
                            "name_case": "sensitive" | "insensitive",
                            "stored_list_order": "as_sent" | "by_identity",
                            "failed_upgrade_spec": "new" | "previous",
                            "gray_rule_parameters": "nested" | "flat" | "refuse", "busy_status": 409,
                            "busy_code": "SVCSTG.00100400", and seconds: "job_seconds": 5,
                            "job_queued_seconds": 0.5, "status_lag_seconds": 1, "delete_seconds": 2;
                            the configuration switches: "config_delete_missing": "200" | "not_found",
                            "config_history_path": "both" | "single" | "double",
                            "config_group_delete_in_use": "refuse" | "allow",
                            "config_name_scope": "group" | "project", "config_version_bump": "content" | "any",
                            "config_file_name_dots": "refuse" | "allow", "config_history_sensitive": true | false,
                            "config_history_includes_current": true | false}
                           400 and nothing changed for an unknown name or a bad value
  POST /_emulator/auth-status  {"project_id": P, "name": N, "status": 1 or 2}: the authorization is then
                           listed overdue (1) or not authenticated (2); "status" in /_emulator/seed too

v3 (/v3/{project_id}/cas/...: applications, environments, components, jobs, actions):
  GET  /_emulator/v3/state the v3 switches, the objects by project (as the API shows them), every job
  POST /_emulator/v3/seed  objects made elsewhere, answering their ids and names:
                           {"project_id": P, "applications": [{"name", "description", "labels",
                            "enterprise_project_id", "id"}], "environments": [{"name", "vpc_id", "deploy_mode",
                            "resources": [{"id", "type"}], ..., "id"}], "components": [{"application": name or id,
                            "environment": name or id, "name", "version": "1.0.0", "replica": 1, "status":
                            "RUNNING", "available_replica", "previous_versions": [...], "id", and any create-body
                            key (runtime_stack, source, refer_resources...; default a Docker image)}]}
  POST /_emulator/v3/job-outcomes  what the next matching jobs do: [{"outcome": "FAILED" (or SUCCEEDED,
                           PARTIALLY_FAILED, CANCELLED, UNKNOWN, ROLLBACKED), "component": name, "kind":
                           "create" | "upgrade" | an action (start, stop, scale...), "running_seconds": N
                           (stays RUNNING that long), "task_name", "messages", "times": 1, "leaves":
                           "requested" | "previous" (a SUCCEEDED upgrade or rollback that leaves the
                           previous version running)}]
  POST /_emulator/v3/page-events  what happens between two page reads of a list: [{"objects":
                           "applications" | "environments" | "components", "offset": N (after the page
                           at that offset is served), "create": name, "fields": {seed arguments; a
                           component needs "application" and "environment"} | "delete": name,
                           "application" (narrows a component delete), "times": 1}]

configuration (/v3/{project_id}/cas/config-groups, /configs, /applications/{id}/configuration):
  GET  /_emulator/config-state  the configuration switches; by project the groups, the files (each with its
                           histories: every record, oldest first) and the application configurations
  POST /_emulator/config-seed   groups, files and application configurations made elsewhere (all or none),
                           answering their ids: {"project_id": P, "config_groups": [{"name", "description",
                            "labels", "enterprise_project_id", "id"}], "configs": [{"group": name or id, "name",
                            "content", "type": "yaml", "sensitive": false, "description", "previous_contents":
                            [earlier contents, oldest first: versions v1, v2...], "components": [component id or
                            name, or {"component", "application", "environment"}], "config_encryption", "id"}],
                            "application_configurations": [{"application", "environment", "envs": {"NAME":
                            "value"}, "assign_strategy": false}]}
  POST /_emulator/config-bind   a component uses a file (the API has no call for it): {"project_id": P, "config":
                           id or name, "group": name or id (when the name is in several groups), "component": id
                           or name, "application", "environment" (name or id, when several components have
                           the name), "unbind": true to undo}; answers {"components": [...]}

examples:
  curl -s -X POST localhost:8080/_emulator/seed -d '{"project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "names": ["bitbucket-ci"], "token_type": "oauth", "repo_type": "bitbucket"}'
  curl -s -X POST localhost:8080/_emulator/faults -d '[{"method": "POST", "status": 503, "times": 2}]'
  curl -s localhost:8080/_emulator/log
  curl -s -X POST localhost:8080/_emulator/v3/seed -d '{"project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "applications": [{"name": "shop"}], "environments": [{"name": "prod", "vpc_id": "vpc-1",
       "resources": [{"id": "cce-1", "type": "cce"}]}], "components": [{"application": "shop",
       "environment": "prod", "name": "web", "version": "1.0.0", "replica": 2, "previous_versions": ["0.9.0"]}]}'
  curl -s -X POST localhost:8080/_emulator/v3/job-outcomes -d '[{"component": "web", "kind": "upgrade",
       "outcome": "FAILED", "task_name": "Upgrade the workload", "messages": "image pull failed"}]'
  curl -s -X POST localhost:8080/_emulator/v3/page-events -d '[{"objects": "applications", "offset": 0,
       "create": "late-app"}]'
  curl -s -X POST localhost:8080/_emulator/faults -d '[{"path": "/cas/applications$", "query": "offset=100(&|$)",
       "delay": 2}]'
  curl -s -X POST localhost:8080/_emulator/config -d '{"not_found": "404", "job_seconds": 0.5}'
  curl -s localhost:8080/_emulator/v3/state
  curl -s -X POST localhost:8080/_emulator/config-seed -d '{"project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "config_groups": [{"name": "shop"}], "configs": [{"group": "shop", "name": "cart-application",
       "content": "server:\\n  port: 8080\\n", "previous_contents": ["server:\\n  port: 80\\n"],
       "components": ["web"]}], "application_configurations": [{"application": "shop", "environment": "prod",
       "envs": {"REGION": "cn-north-4"}}]}'
  curl -s -X POST localhost:8080/_emulator/config-bind -d '{"project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "config": "cart-application", "component": "web", "unbind": true}'
  curl -s -X POST localhost:8080/_emulator/config -d '{"config_history_path": "double",
       "config_delete_missing": "not_found"}'
  curl -s localhost:8080/_emulator/config-state
"""


def main():
    parser = argparse.ArgumentParser(description="ServiceStage git/auths and v3 emulator (loopback only)", epilog=CONTROL_ROUTES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--token", action="append", help="an accepted X-Auth-Token (repeatable; default demo-token)")
    parser.add_argument("--project-id", default=DEFAULT_PROJECT, help="the project the --token tokens are issued for")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API request")
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--access-key", action="append", default=[], help="an accepted key pair AK:SK (repeatable)")
    parser.add_argument("--iam-user", action="append", default=[], help="an IAM user DOMAIN:USER:PASSWORD (repeatable)")
    parser.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate")
    parser.add_argument("--tls-key", help="the certificate's PEM private key")
    args = parser.parse_args()
    access_keys = dict((pair.split(":", 1)[0], (pair.split(":", 1)[1], None)) for pair in args.access_key)
    iam_users = dict(((entry.split(":", 2)[0], entry.split(":", 2)[1]), entry.split(":", 2)[2]) for entry in args.iam_user)
    tokens = dict((token, args.project_id) for token in args.token or ["demo-token"])
    emulator = ServiceStageEmulator(tokens=tokens, port=args.port, latency=args.latency,
                                    access_keys=access_keys, iam_users=iam_users,
                                    tls_cert=args.tls_cert, tls_key=args.tls_key)
    if args.port_file:
        with open(args.port_file, "w") as handle:
            handle.write(str(emulator.port))
    print("ServiceStage emulator listening on %s" % emulator.url, flush=True)
    try:
        emulator.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
