# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile input, table-driven, through one real ansible-playbook run.

Each bad value must fail with a clear message before any request is sent; awkward but valid
passwords must arrive byte-exact. No password may be echoed (the playbook fixture searches
everything the run printed for every test secret).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import HOSTILE_PASSWORDS, PROJECT_ID

VALID = {"name": "hostile-ok", "user": "bot", "password": "{{ repo_password }}"}
NOTHING_SENT = "nothing was sent"

# id, options replacing VALID's, text the failure message must hold
BAD_INPUT = [
    ("name-empty", {"name": ""}, "not a valid authorization name"),
    ("name-too-short", {"name": "abc"}, "4 to 63 characters"),
    ("name-too-long", {"name": "n" * 64}, "not a valid authorization name"),
    ("name-space", {"name": "has space"}, "not a valid authorization name"),
    ("name-unicode", {"name": "ünïcødé-name"}, "not a valid authorization name"),
    ("name-slash", {"name": "../../etc"}, "not a valid authorization name"),
    ("name-newline", {"name": "name\nwith-newline"}, "not a valid authorization name"),
    ("name-semicolon", {"name": "a;DROP"}, "not a valid authorization name"),
    ("repo-type-unknown", {"repo_type": "github"}, "value of repo_type must be one of: bitbucket, devcloud"),
    ("repo-type-case", {"repo_type": "Bitbucket"}, "value of repo_type must be one of"),
    ("user-empty", {"user": ""}, "user must not be empty"),
    ("user-blank", {"user": "   "}, "user must not be empty"),
    ("user-missing", {"user": None}, "missing: user"),
    ("password-empty", {"password": ""}, "password must not be empty"),
    ("password-missing", {"password": None}, "missing: password"),
    ("endpoint-not-url", {"endpoint": "servicestage.example.com"}, "endpoint must be an http(s) URL"),
    ("endpoint-ftp", {"endpoint": "ftp://127.0.0.1/"}, "endpoint must be an http(s) URL"),
    ("endpoint-credentials", {"endpoint": "https://admin:{{ other_password }}@127.0.0.1"}, "must not hold credentials"),
    ("endpoint-query", {"endpoint": "https://127.0.0.1/?x=1"}, "must not have a query"),
    ("endpoint-port", {"endpoint": "https://127.0.0.1:99999"}, "endpoint is not a valid URL"),
    ("timeout-negative", {"timeout": -5}, "timeout must be a positive, finite number"),
    ("timeout-zero", {"timeout": 0}, "timeout must be a positive, finite number"),
    ("timeout-text", {"timeout": "soon"}, "timeout"),
    ("timeout-nan", {"timeout": "nan"}, "timeout must be a positive, finite number"),
    ("timeout-inf", {"timeout": "inf"}, "timeout must be a positive, finite number"),
    ("region-with-a-host", {"region": "x@evil.example:443/?"}, "region must be a Huawei Cloud region name"),
    ("project-id-malformed", {"project_id": "my-project"}, "project_id must be 32 hexadecimal characters"),
    ("retries-negative", {"retries": -1}, "retries must be between 0 and 10"),
    ("retries-huge", {"retries": 1000}, "retries must be between 0 and 10"),
    ("project-id-missing", {"project_id": ""}, "project_id is required"),
    ("token-missing", {"auth_token": ""}, "no credentials: give auth_token"),
    ("state-unknown", {"state": "gone"}, "value of state must be one of"),
    ("update-password-unknown", {"update_password": "never"}, "value of update_password must be one of"),
    ("unknown-option", {"passwd": "x"}, "Unsupported parameters"),
]


def module_task(task_name, options, ignore_errors=True):
    args = dict(VALID)
    args.update(options)
    task = {"name": task_name, "huaweicloud.servicestage.servicestage_git_password_auth":
            dict((key, value) for key, value in args.items() if value is not None)}
    if ignore_errors:
        task["ignore_errors"] = True
    return task


def test_bad_input_fails_before_any_request(playbook, emulator):
    tasks = [module_task("bad " + row_id, options) for row_id, options, dummy in BAD_INPUT]
    run = playbook(tasks)
    results = run.results()
    for row_id, options, text in BAD_INPUT:
        result = results["bad " + row_id]
        assert result["failed"] is True, row_id
        assert text in result["msg"], (row_id, result["msg"])
        if "value of" not in text and "missing" not in text and "Unsupported" not in text and row_id != "timeout-text":
            assert NOTHING_SENT in result["msg"], row_id
    assert emulator.log == [], "an invalid task sent a request"


def test_awkward_passwords_arrive_exact_and_are_never_echoed(playbook, emulator):
    tasks = [module_task("hostile %d" % index, {"name": "hostile-%d" % index, "password": password},
                         ignore_errors=False)
             for index, password in enumerate(HOSTILE_PASSWORDS)]
    tasks.append(module_task("hostile 0 again", {"name": "hostile-0", "password": HOSTILE_PASSWORDS[0]},
                             ignore_errors=False))
    run = playbook(tasks, verbose=True)
    assert run.rc == 0
    for index, password in enumerate(HOSTILE_PASSWORDS):
        digest = emulator.secret_digests[(PROJECT_ID, "hostile-%d" % index)]
        assert digest == hashlib.sha256(password.encode("utf-8")).hexdigest()
    assert len(emulator.authorizations(PROJECT_ID)) == len(HOSTILE_PASSWORDS)
