# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""servicestage_git_auths, the whole set in one task, through real ansible-playbook runs:
request economy, check mode, diff, purge next to OAuth entries, a failure halfway, and
validation before any request. The playbook fixture searches every output for every secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    GIT_TOKEN,
    OTHER_PASSWORD,
    PASSWORD,
    PROJECT_ID,
)

MODULE = "huaweicloud.servicestage.servicestage_git_auths"
COUNT = 20


def listed(count=COUNT):
    """count items: password ones (vaulted repo_password), every fourth a GitHub token (vaulted git_token)."""
    items = []
    for index in range(count):
        if index % 4 == 3:
            items.append({"name": "set-tok-%02d" % index, "repo_type": "github", "token": "{{ git_token }}"})
        else:
            items.append({"name": "set-pw-%02d" % index, "repo_type": "devcloud" if index % 2 else "bitbucket",
                          "user": "bot-%02d" % index, "password": "{{ repo_password }}"})
    return items


def set_task(name="Set", authorizations=None, **options):
    args = {"authorizations": listed() if authorizations is None else authorizations}
    args.update(options)
    return {"name": name, MODULE: args}


def requests_per_task(emulator, since=0):
    """The methods each task sent, one connection a task."""
    by_connection = {}
    for entry in emulator.log[since:]:
        by_connection.setdefault(entry["client_port"], []).append(entry["method"])
    return list(by_connection.values())


def test_create_rerun_and_check_mode_with_exact_request_counts(playbook, emulator):
    checked = playbook([set_task("Check")], args=["--check", "--diff"]).results()["Check"]
    assert requests_per_task(emulator) == [["GET"]]
    assert checked["changed"] is True and len(checked["created"]) == COUNT
    assert all(view == {} for view in checked["diff"]["before"].values())
    assert checked["diff"]["after"]["set-tok-03"]["token"] == "<hidden: set>"

    created = playbook([set_task("Create")]).results()["Create"]
    assert requests_per_task(emulator, 1) == [["GET"] + ["POST"] * COUNT]
    for key in ("created", "recreated", "deleted", "unchanged"):
        assert created[key] == checked[key], key
    assert len(created["authorizations"]) == COUNT
    digests = emulator.secret_digests
    assert digests[(PROJECT_ID, "set-pw-00")] == hashlib.sha256(PASSWORD.encode("utf-8")).hexdigest()
    assert digests[(PROJECT_ID, "set-tok-03")] == hashlib.sha256(GIT_TOKEN.encode("utf-8")).hexdigest()

    since = len(emulator.log)
    rerun = playbook([set_task("Rerun")], verbose=True).results()["Rerun"]
    assert requests_per_task(emulator, since) == [["GET"]]
    assert (rerun["changed"], len(rerun["unchanged"]), rerun["msg"]) == (False, COUNT, "%d unchanged" % COUNT)


def test_changes_purge_and_oauth(playbook, emulator):
    emulator.seed(PROJECT_ID, 2, prefix="oauth-", token_type="oauth")
    emulator.seed(PROJECT_ID, 3, prefix="stray-")
    playbook([set_task("Create", authorizations=listed(4))])
    since = len(emulator.log)
    wanted = listed(4)
    wanted[0]["user"] = "moved-bot"
    wanted[3]["state"] = "absent"
    wanted.append({"name": "set-new-04", "user": "bot-04", "password": "{{ other_password }}"})
    results = playbook([set_task("Check", authorizations=wanted, purge=True)], args=["--check", "--diff"]).results()
    results.update(playbook([set_task("Apply", authorizations=wanted, purge=True)], args=["--diff"]).results())
    for task in ("Check", "Apply"):
        result = results[task]
        assert result["changed"] is True
        assert result["created"] == ["set-new-04"] and result["recreated"] == ["set-pw-00"]
        assert result["deleted"] == ["set-tok-03", "stray-00000", "stray-00001", "stray-00002"]
        assert result["unchanged"] == ["set-pw-01", "set-pw-02"]
        assert result["diff"]["before"]["stray-00000"]["password"] == "<hidden>"
        assert result["diff"]["after"]["stray-00000"] == {}
    assert requests_per_task(emulator, since) == [["GET"], ["GET", "DELETE", "POST", "POST"] + ["DELETE"] * 4]
    names = sorted(a["name"] for a in emulator.authorizations(PROJECT_ID))
    assert names == ["oauth-00000", "oauth-00001", "set-new-04", "set-pw-00", "set-pw-01", "set-pw-02"]
    assert digests_of(emulator, "set-new-04") == hashlib.sha256(OTHER_PASSWORD.encode("utf-8")).hexdigest()


def digests_of(emulator, name):
    return emulator.secret_digests[(PROJECT_ID, name)]


def test_failure_at_the_fifth_write_stops_and_tells_what_was_done(playbook, emulator):
    emulator.add_faults([{"method": "POST", "skip": 4, "status": 503, "times": 10, "headers": {"Retry-After": "0"},
                          "body": {"error_code": "APIG.0201", "error_msg": "Backend service unavailable"}}])
    run = playbook([set_task("Set", authorizations=listed(8), retries=1)], verbose=True)
    result = run.results()["Set"]
    assert result["failed"] is True and result["changed"] is True
    assert result["created"] == ["set-pw-00", "set-pw-01", "set-pw-02", "set-tok-03"]
    assert (result["step"], result["status"], result["error_code"], result["attempts"]) == ("create", 503, "APIG.0201", 2)
    assert ("ServiceStage create of authorization 'set-pw-04' failed: HTTP 503 APIG.0201: Backend service unavailable"
            in result["msg"])
    assert "Done before the failure: created set-pw-00, set-pw-01, set-pw-02, set-tok-03." in result["msg"]
    assert "Not attempted: set-pw-05, set-pw-06, set-tok-07." in result["msg"]
    # the 503 was answered before anything was carried out: checked by listing, sent once more, never twice
    posts = [entry for entry in emulator.log if entry["method"] == "POST"]
    assert (len(posts), sum(1 for entry in posts if entry["outcome"] == 200)) == (6, 4)
    assert len(emulator.authorizations(PROJECT_ID)) == 4

    del emulator.faults[:]
    rerun = playbook([set_task("Again", authorizations=listed(8))]).results()["Again"]
    assert rerun["created"] == ["set-pw-04", "set-pw-05", "set-pw-06", "set-tok-07"]
    assert len(rerun["unchanged"]) == 4


def test_validation_reports_every_problem_before_any_request(playbook, emulator):
    bad = [{"name": "dup-1", "user": "u", "password": "{{ repo_password }}"},
           {"name": "dup-1", "repo_type": "github", "token": "{{ git_token }}"},
           {"name": "both-kinds", "user": "u", "password": "{{ repo_password }}", "token": "{{ git_token }}"},
           {"name": "gh-with-password", "repo_type": "github", "password": "{{ repo_password }}"},
           {"name": "x"}]
    result = playbook([dict(set_task("Bad", authorizations=bad), ignore_errors=True)], verbose=True).results()["Bad"]
    assert result["failed"] is True
    for text in ("authorization 'dup-1' is listed 2 times", "'both-kinds' (bitbucket) has both a password and a token",
                 "'gh-with-password' (github) takes token, not password", "'gh-with-password' (github) needs a non-empty token",
                 "name 'x' is not a valid authorization name", "'x' (bitbucket) needs a non-empty user and password"):
        assert text in result["msg"], text
    assert emulator.log == []
