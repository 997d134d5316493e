# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A loopback-only proxy for the tests: CONNECT tunnels (https endpoints) and forwarded
absolute-form requests (http endpoints, as requests sends them). Logs each target and pipes bytes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import select
import socket
import socketserver
import threading
import time
from urllib.parse import urlsplit


class ConnectProxy:
    """credentials: "user:password" this proxy wants (basic authentication; 407 otherwise), or None;
    tunnel_delays: for each of the first CONNECT tunnels, seconds between the bytes of its answer (a slow
    proxy trickling "200 Connection established": each byte within a read timeout, the whole far beyond)."""

    def __init__(self, credentials=None, tunnel_delays=()):
        self.targets = []
        self.tunnel_delays = list(tunnel_delays)
        self.proxy_authorizations = []
        self.refused = 0
        wanted = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii") if credentials else None
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            # Unbuffered: what follows the request's headers (a POST's body, when the request is the
            # first on its connection) stays in the socket for pipe(), instead of in a read buffer.
            rbufsize = 0

            def handle(self):
                request_line = self.rfile.readline()
                words = request_line.decode("latin-1").split()
                header_lines = []
                headers = {}
                while True:
                    line = self.rfile.readline()
                    header_lines.append(line)
                    if not line.strip():
                        break
                    name, dummy, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                tunnel = len(words) > 1 and words[0] == "CONNECT"
                target = words[1] if tunnel else (urlsplit(words[1]).netloc if len(words) > 1 else "")
                host, dummy, port = target.rpartition(":")
                if host != "127.0.0.1":
                    self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                    return
                if wanted and headers.get("proxy-authorization") != wanted:
                    proxy.refused += 1
                    self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                                     b"realm=\"e2e\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                proxy.targets.append(target)
                proxy.proxy_authorizations.append(headers.get("proxy-authorization"))
                upstream = socket.create_connection((host, int(port)), timeout=10)
                if tunnel:
                    interval = proxy.tunnel_delays.pop(0) if proxy.tunnel_delays else 0
                    answer = b"HTTP/1.1 200 Connection established\r\n\r\n"
                    for index in range(len(answer) if interval else 0):
                        self.wfile.write(answer[index:index + 1])
                        self.wfile.flush()
                        time.sleep(interval)
                    if not interval:
                        self.wfile.write(answer)
                    self.wfile.flush()
                else:
                    upstream.sendall(request_line + b"".join(header_lines))
                pipe(self.connection, upstream)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def pipe(client, upstream):
    sockets = [client, upstream]
    try:
        while True:
            readable, dummy, dummy_errors = select.select(sockets, [], [], 10)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
    except OSError:
        return
    finally:
        upstream.close()
