# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A stateful ServiceStage emulator for the git/auths API, for tests and demos.

Standard library only, loopback only. It serves the routes as Huawei Cloud documents them
(list, create password / personal-token authorization, delete), checks the X-Auth-Token,
validates bodies like the real API, and keeps a request log and a fault queue that tests
drive in-process or over its control routes under /_emulator/:

  GET  /_emulator/log       the request log (method, path, status, fault, client port); never bodies
  GET  /_emulator/state     every authorization, by project
  POST /_emulator/reset     forget authorizations, log and faults
  POST /_emulator/faults    append fault rules (a JSON list, see Fault)
  POST /_emulator/config    {"latency": seconds} added to every API request
  POST /_emulator/seed      {"project_id": P, "count": N, "prefix": "bulk-"} add N authorizations

Run:  python3 tests/emulator/servicestage_emulator.py --port 8080 --token demo-token
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import hashlib
import json
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

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
    "APIG.1002": "Incorrect token or token resolution failed",
    "APIG.0101": "The API does not exist or has not been published in the environment",
}
AUTHS_PATH = re.compile(r"/v1/(?P<project>[^/]+)/git/auths(?:/(?P<rest>.*))?\Z")


class Fault:
    """One injected fault, matched against requests in order.

    method, path: which requests (path is a regular expression searched in the path);
    times: how many requests it hits (default 1);
    status, body, headers: the answer to give instead (body: JSON value or text);
    delay: seconds to wait before answering (past the client's timeout it sees a timeout);
    drop: close the connection without an answer;
    commit: carry the request out first, then give the fault (a create that "failed" but happened);
    malformed: answer 200 with a body that is not JSON.
    """

    def __init__(self, method=None, path=None, times=1, status=None, body=None, headers=None,
                 delay=0.0, drop=False, commit=False, malformed=False):
        self.method = method
        self.path = re.compile(path) if path else None
        self.times = times
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.delay = delay
        self.drop = drop
        self.commit = commit
        self.malformed = malformed

    def matches(self, method, path):
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or self.path.search(path) is not None))

    def describe(self):
        parts = [name for name in ("drop", "commit", "malformed") if getattr(self, name)]
        if self.status:
            parts.append(str(self.status))
        if self.delay:
            parts.append("delay %.1fs" % self.delay)
        return "+".join(parts)


class ServiceStageEmulator:
    """State, log and faults, shared by the handler threads."""

    def __init__(self, tokens=("demo-token",), port=0, latency=0.0):
        self.tokens = set(tokens)
        self.latency = latency
        self.lock = threading.Lock()
        self.projects = {}
        # sha256 of the secret each authorization was created with, to check what arrived
        # without keeping the secret itself; never served by the API routes.
        self.secret_digests = {}
        self.log = []
        self.faults = []
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self.server.daemon_threads = True
        self.thread = None

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

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

    def add_faults(self, rules):
        with self.lock:
            self.faults.extend(rule if isinstance(rule, Fault) else Fault(**rule) for rule in rules)

    def authorizations(self, project_id):
        with self.lock:
            return [dict(item) for item in self.projects.get(project_id, {}).values()]

    def writes(self):
        """The logged requests that change state (POST and DELETE to the API)."""
        with self.lock:
            return [entry for entry in self.log if entry["method"] in ("POST", "DELETE")]

    def seed(self, project_id, count, prefix="bulk-", repo_type="bitbucket"):
        with self.lock:
            store = self.projects.setdefault(project_id, {})
            for index in range(count):
                name = "%s%05d" % (prefix, index)
                store[name] = _authorization(name, repo_type, "password", "seed-user")

    def take_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.times -= 1
                    return fault
        return None

    # The API itself: each returns (status, payload).
    def handle_api(self, method, path, headers, raw_body):
        if headers.get("X-Auth-Token") not in self.tokens:
            return 401, _error("APIG.1002")
        match = AUTHS_PATH.match(path)
        if not match:
            return 404, _error("APIG.0101")
        project_id, rest = unquote(match.group("project")), match.group("rest")
        segments = [unquote(part) for part in rest.split("/")] if rest else []
        if method == "GET" and not segments:
            items = self.authorizations(project_id)
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
        user = body[user_field] if user_field else "token-user"
        with self.lock:
            store = self.projects.setdefault(project_id, {})
            if body["name"] in store:
                return 400, _error("SVCSTG.REPO.0403")
            authorization = _authorization(body["name"], repo_type, token_type, user, body.get("host"))
            store[body["name"]] = authorization
            secret = body["password"] if token_type == "password" else body["token"]
            self.secret_digests[(project_id, body["name"])] = hashlib.sha256(secret.encode("utf-8")).hexdigest()
        return 200, {"authorization": dict(authorization)}


def _authorization(name, repo_type, token_type, user, host=None):
    now = int(time.time() * 1000)
    repo_host, repo_home = REPO_HOSTS[repo_type]
    return {
        "name": name,
        "repo_type": repo_type,
        "repo_host": host or repo_host,
        "repo_home": repo_home % user,
        "repo_user": user,
        "avartar": "https://secure.gravatar.com/avatar/%s" % uuid.uuid5(uuid.NAMESPACE_DNS, user).hex,
        "token_type": token_type,
        "create_time": now,
        "update_time": now,
        "status": 0,
    }


def _error(code):
    return {"error_code": code, "error_msg": ERRORS[code]}


def _handler_for(emulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ServiceStageEmulator/1.0"

        def log_message(self, *args):
            pass

        def do_GET(self):
            self._dispatch()

        def do_POST(self):
            self._dispatch()

        def do_DELETE(self):
            self._dispatch()

        def do_PUT(self):
            self._dispatch()

        def _dispatch(self):
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length else b""
            if path.startswith("/_emulator/"):
                self._control(path, raw_body)
                return
            if emulator.latency:
                time.sleep(emulator.latency)
            fault = emulator.take_fault(self.command, path)
            entry = {"method": self.command, "path": path, "time": time.time(), "fault": None,
                     "client_port": self.client_address[1]}
            status = payload = None
            if fault is None or fault.commit:
                status, payload = emulator.handle_api(self.command, path, self.headers, raw_body)
            if fault is not None:
                entry["fault"] = fault.describe()
                status, payload = self._apply_fault(fault, status, payload)
                if status is None and not fault.drop:
                    # a delay alone: the request is carried out once the delay is over
                    status, payload = emulator.handle_api(self.command, path, self.headers, raw_body)
            entry["status"] = status
            with emulator.lock:
                emulator.log.append(entry)
            if status is not None:
                self._send(status, payload, fault.headers if fault else {})

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
                emulator.latency = float((request or {}).get("latency", emulator.latency))
                self._send(204, None)
            elif path == "/_emulator/seed":
                emulator.seed(request["project_id"], int(request["count"]), request.get("prefix", "bulk-"))
                self._send(204, None)
            else:
                self._send(404, {"error": "unknown control route"})

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


def main():
    parser = argparse.ArgumentParser(description="ServiceStage git/auths emulator (loopback only)")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--token", action="append", help="an accepted X-Auth-Token (repeatable; default demo-token)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API request")
    parser.add_argument("--port-file", help="write the port here once listening")
    args = parser.parse_args()
    emulator = ServiceStageEmulator(tokens=args.token or ["demo-token"], port=args.port, latency=args.latency)
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
