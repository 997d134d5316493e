# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A plain HTTP client of the emulator's /v3/{project_id}/cas routes, for its unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import urllib.error
import urllib.request

from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import UNIT_PROJECT, UNIT_TOKEN


class CasClient:
    """A client of /v3/{project_id}/cas: (status, JSON body or None)."""

    content_type = "application/json"

    def __init__(self, server, project_id=UNIT_PROJECT, token=UNIT_TOKEN):
        self.server = server
        self.project_id = project_id
        self.token = token

    def url(self, path):
        return "/v3/%s/cas%s" % (self.project_id, path)

    def call(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode("utf-8") if body is not None else None)
        all_headers = {"X-Auth-Token": self.token, "Content-Type": self.content_type}
        all_headers.update(headers or {})
        return answer_of(urllib.request.Request(self.server.url + self.url(path), data=data, method=method,
                                                headers=all_headers))

    def ok(self, method, path, body=None, status=200):
        got, answer = self.call(method, path, body)
        assert got == status, (got, answer)
        return answer


def json_of(raw):
    return json.loads(raw.decode("utf-8")) if raw else None


def answer_of(request):
    """(status, JSON body or None) of a request, whatever its status."""
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json_of(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json_of(error.read())


def post_control(server, path, body):
    """POST to one of the emulator's control routes (/_emulator/...)."""
    return answer_of(urllib.request.Request(server.url + path, data=json.dumps(body).encode("utf-8"), method="POST"))


def get_control(server, path):
    with urllib.request.urlopen(server.url + path, timeout=10) as answer:
        return json.loads(answer.read())
