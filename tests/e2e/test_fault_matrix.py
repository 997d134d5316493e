# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault matrix: each fault the emulator can inject, through a real ansible-playbook run.

Every row asserts, from the emulator's own state and log, that exactly the wanted authorizations
exist afterwards (no duplicate, nothing lost), how many creates were sent and how many the API
carried out (never two), that `changed` is true exactly when the API carried a write out, that
the task succeeded or failed as it should, and that it did so within a bounded time.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID, password_task

LIST = r"/git/auths\Z"
CREATE = r"/git/auths/bitbucket/password\Z"
DELETE = r"/git/auths/bitbucket-ci\Z"
BUSY = {"error_code": "APIG.0201", "error_msg": "Backend service unavailable"}
FAST_RETRY = {"Retry-After": "0"}
SECONDS_BOUND = 45

# id, faults, task options, existing user (None: nothing before), failed?, users after, text in result;
# POSTS_SENT_AND_COMMITTED below gives each row's (creates sent, creates carried out).
MATRIX = [
    ("429-list-retry-after", [dict(method="GET", path=LIST, status=429, headers={"Retry-After": "1"},
                                   body={"error_code": "APIG.0308", "error_msg": "throttled"})],
     {}, None, False, ["ci-bot"], "HTTP 429 APIG.0308"),
    ("429-list-http-date", [dict(method="GET", path=LIST, status=429, headers={"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"})],
     {}, None, False, ["ci-bot"], "HTTP 429"),
    ("503-create-not-committed", [dict(method="POST", path=CREATE, status=503, body=BUSY, headers=FAST_RETRY)],
     {}, None, False, ["ci-bot"], "HTTP 503 APIG.0201"),
    ("502-create-committed", [dict(method="POST", path=CREATE, status=502, commit=True)],
     {}, None, False, ["ci-bot"], None),
    ("500-create-committed-html", [dict(method="POST", path=CREATE, status=500, commit=True, body="<html>oops</html>")],
     {}, None, False, ["ci-bot"], None),
    ("drop-create-committed", [dict(method="POST", path=CREATE, drop=True, commit=True)],
     {}, None, False, ["ci-bot"], None),
    ("drop-create-not-committed", [dict(method="POST", path=CREATE, drop=True)],
     {}, None, False, ["ci-bot"], "broke before an answer came"),
    ("html-200-create-committed", [dict(method="POST", path=CREATE, malformed=True, commit=True)],
     {}, None, False, ["ci-bot"], "listing shows it was carried out"),
    ("nested-200-create-committed", [dict(method="POST", path=CREATE, status=200, commit=True,
                                          body="[" * 100000 + "]" * 100000)],
     {}, None, False, ["ci-bot"], "listing shows it was carried out"),
    ("html-200-create-not-committed", [dict(method="POST", path=CREATE, malformed=True)],
     {}, None, False, ["ci-bot"], "listing shows the create was not carried out"),
    ("429-create", [dict(method="POST", path=CREATE, status=429, headers=FAST_RETRY)],
     {}, None, False, ["ci-bot"], "HTTP 429"),
    ("timeout-create-committed", [dict(method="POST", path=CREATE, delay=2.5, commit=True)],
     {"timeout": 1}, None, False, ["ci-bot"], None),
    ("timeout-list", [dict(method="GET", path=LIST, delay=2.5)],
     {"timeout": 1}, None, False, ["ci-bot"], "no complete answer"),
    ("504-delete-committed", [dict(method="DELETE", path=DELETE, status=504, commit=True)],
     {"user": "new-bot"}, "ci-bot", False, ["new-bot"], None),
    ("drop-delete-not-committed", [dict(method="DELETE", path=DELETE, drop=True)],
     {"state": "absent", "user": None, "password": None}, "ci-bot", False, [], "broke before an answer came"),
    ("html-200-delete-committed", [dict(method="DELETE", path=DELETE, malformed=True, commit=True)],
     {"state": "absent", "user": None, "password": None}, "ci-bot", False, [], None),
    ("always-delete-and-create-committed", [dict(method="DELETE", path=DELETE, drop=True, commit=True),
                                            dict(method="POST", path=CREATE, status=503, commit=True)],
     {"update_password": "always"}, "ci-bot", False, ["ci-bot"], None),
    ("stale-list-then-0403-same-user", [dict(method="GET", path=LIST, status=200, body={"authorizations": []})],
     {}, "ci-bot", False, ["ci-bot"], "created meanwhile by someone else"),
    ("stale-list-then-0403-other-user", [dict(method="GET", path=LIST, status=200, body={"authorizations": []})],
     {}, "intruder", True, ["intruder"], "created by someone else while this task ran"),
    ("latency-every-request", [dict(delay=0.3, times=100)],
     {"user": "new-bot"}, "ci-bot", False, ["new-bot"], None),
    ("malformed-list", [dict(method="GET", path=LIST, malformed=True)],
     {}, None, True, [], "a body that is not JSON (text/html"),
    ("list-without-key", [dict(method="GET", path=LIST, status=200, body={"items": []})],
     {}, None, True, [], "without an 'authorizations' list"),
    ("empty-list-body", [dict(method="GET", path=LIST, status=200, body="")],
     {}, None, True, [], "without an 'authorizations' list"),
    ("create-answer-without-key", [dict(method="POST", path=CREATE, status=200, body={"ok": True}, commit=True)],
     {}, None, False, ["ci-bot"], "holds no 'authorization' object"),
    ("503-list-persistent", [dict(method="GET", path=LIST, status=503, body=BUSY, headers=FAST_RETRY, times=20)],
     {"retries": 2}, None, True, [], "after 3 attempts"),
    ("500-create-persistent-empty-body", [dict(method="POST", path=CREATE, status=500, times=20, headers=FAST_RETRY)],
     {"retries": 1}, None, True, [], "after 2 attempts"),
    ("retry-after-beyond-budget", [dict(method="GET", path=LIST, status=503, headers={"Retry-After": "3600"})],
     {}, None, True, [], "retry budget"),
    ("401-create-not-retried", [dict(method="POST", path=CREATE, status=401,
                                     body={"error_code": "APIG.1002", "error_msg": "Incorrect token"})],
     {}, None, True, [], "APIG.1002"),
]


POSTS_SENT_AND_COMMITTED = {
    "429-list-retry-after": (1, 1),
    "429-list-http-date": (1, 1),
    "503-create-not-committed": (2, 1),
    "502-create-committed": (1, 1),
    "500-create-committed-html": (1, 1),
    "drop-create-committed": (1, 1),
    "drop-create-not-committed": (2, 1),
    "html-200-create-committed": (1, 1),
    "nested-200-create-committed": (1, 1),
    "html-200-create-not-committed": (2, 1),
    "429-create": (2, 1),
    "timeout-create-committed": (1, 1),
    "timeout-list": (1, 1),
    "504-delete-committed": (1, 1),
    "drop-delete-not-committed": (0, 0),
    "html-200-delete-committed": (0, 0),
    "always-delete-and-create-committed": (1, 1),
    "stale-list-then-0403-same-user": (1, 0),
    "stale-list-then-0403-other-user": (1, 0),
    "latency-every-request": (1, 1),
    "malformed-list": (0, 0),
    "list-without-key": (0, 0),
    "empty-list-body": (0, 0),
    "create-answer-without-key": (1, 1),
    "503-list-persistent": (0, 0),
    "500-create-persistent-empty-body": (2, 0),
    "retry-after-beyond-budget": (0, 0),
    "401-create-not-retried": (1, 0),
}


@pytest.mark.parametrize("faults, options, existing_user, should_fail, users_after, text",
                         [row[1:] for row in MATRIX], ids=[row[0] for row in MATRIX])
def test_fault(request, playbook, emulator, faults, options, existing_user, should_fail, users_after, text):
    if existing_user:
        emulator.seed(PROJECT_ID, 0)
        emulator.projects[PROJECT_ID]["bitbucket-ci"] = dict(
            name="bitbucket-ci", repo_type="bitbucket", repo_user=existing_user, token_type="password")
    emulator.add_faults(faults)
    run = playbook([password_task(**options)])
    result = run.results()["Ensure authorization"]

    assert result["failed"] is should_fail, result.get("msg")
    posts = [entry for entry in emulator.log if entry["method"] == "POST"]
    sent_and_committed = (len(posts), sum(1 for entry in posts if entry["outcome"] == 200))
    assert sent_and_committed == POSTS_SENT_AND_COMMITTED[request.node.callspec.id]
    assert result["changed"] is any(entry["outcome"] in (200, 204) for entry in emulator.writes())
    assert sorted(a["repo_user"] for a in emulator.authorizations(PROJECT_ID)) == users_after
    assert run.seconds < SECONDS_BOUND
    if text:
        shown = result.get("msg", "") + " ".join(result.get("warnings", []))
        assert "bug of the collection" not in shown
        assert text in shown
    if should_fail:
        assert result["step"] in ("list", "create", "delete")
        assert "attempts" in result
    assert [fault.hits > 0 for fault in emulator.faults] == [True] * len(faults), "a fault was never hit"
