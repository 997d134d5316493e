# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""carry_out(), the one answer to "was it written?": every way a write can end, against the
in-process emulator, with what the API carried out read from the emulator's own log (through the
reconcile loop, with Git authorizations as the resource)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

import collections

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import TokenAuth
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HuaweiCloudTransport,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import GitAuthorizationClient
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.reconcile import Reconciler
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.git_auth import (
    GitAuthorization,
    Holdings,
    wanted,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import Run
from ansible_collections.huaweicloud.servicestage.tests.unit.conftest import FakeClock, UNIT_PROJECT, UNIT_TOKEN

LIST = r"/git/auths\Z"
CREATE = r"/git/auths/bitbucket/password\Z"
DELETE = r"/git/auths/unit-auth\Z"
Item = collections.namedtuple("Item", "name want secret update")
ITEM = Item("unit-auth", wanted("unit-auth", "bitbucket", user="bot"), "unit-Secret-pw-77", "on_create")
ABSENT = Item("unit-auth", None, None, "on_create")
ALREADY = {"error_code": "SVCSTG.REPO.0403", "error_msg": "resource already exist"}


class Api:
    def __init__(self, client):
        self.transport = client.transport
        self.git_auths = client


class Outcome:
    """What a run of the loop did, read from its runs."""

    def __init__(self, runs):
        self.runs = runs
        failures = [run.failure for run in runs if run.failure is not None]
        self.error = failures[0] if failures else None
        self.changed = any(run.changed for run in runs)
        self.after = dict((run.description.name, run.description.now) for run in runs)
        self.notes = [note for run in runs for note in run.notes + run.description.notes(run)]
        self.refused = [(run.description.name, run.failure.message) for run in runs
                        if run.failure is not None and run.description.action == "refuse"]

    def names(self, kind):
        return [run.description.name for run in self.runs if run.description.summary(run) == kind]


def reconcile(client, items, check_mode=False):
    holdings = Holdings(client)
    runs = [Run(GitAuthorization(client, holdings, entry.name, entry.want, entry.secret, entry.update))
            for entry in items]
    Reconciler(Api(client), check_mode=check_mode).reconcile(runs)
    return Outcome(runs)


def client_for(emulator, retries=3, timeout=5):
    sleeps, warnings = [], []
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(UNIT_TOKEN), retries=retries, timeout=timeout,
                                     warn=warnings.append, sleep=sleeps.append)
    return GitAuthorizationClient(transport, UNIT_PROJECT), sleeps, warnings


def meanwhile(outcome):
    """{name: what someone else did meanwhile} of a run's steps."""
    return dict((run.description.name, run.description.meanwhile(run)) for run in outcome.runs
                if run.description.meanwhile(run))


def trail(emulator):
    """What was sent, in order, and what the API carried out (its status, or None)."""
    return [(entry["method"], entry["outcome"]) for entry in emulator.log]


def existing(emulator, user="bot", token_type="password"):
    emulator.seed(UNIT_PROJECT, 0)
    emulator.projects[UNIT_PROJECT]["unit-auth"] = dict(
        name="unit-auth", repo_type="bitbucket", repo_user=user, token_type=token_type)


@pytest.mark.parametrize("fault", [
    dict(method="POST", path=CREATE, drop=True, commit=True),
    dict(method="POST", path=CREATE, status=502, commit=True),
    dict(method="POST", path=CREATE, malformed=True, commit=True),
    dict(method="POST", path=CREATE, status=200, body="[" * 50000 + "]" * 50000, commit=True),
    dict(method="POST", path=CREATE, status=200, body={"ok": True}, commit=True),
], ids=["dropped", "502", "html-200", "nested-200", "200-without-authorization"])
def test_a_create_carried_out_whose_answer_was_lost_is_found_by_listing_and_never_sent_again(emulator, fault):
    emulator.add_faults([fault])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert trail(emulator) == [("GET", 200), ("POST", 200), ("GET", 200)]
    assert outcome.error is None and outcome.changed is True
    assert outcome.names("created") == ["unit-auth"] and meanwhile(outcome) == {}
    assert outcome.after["unit-auth"]["repo_user"] == "bot"


@pytest.mark.parametrize("fault", [
    dict(method="POST", path=CREATE, drop=True),
    dict(method="POST", path=CREATE, status=503, headers={"Retry-After": "2"}),
], ids=["dropped", "503"])
def test_a_create_not_carried_out_is_sent_again_after_a_list(emulator, fault):
    emulator.add_faults([fault])
    client, sleeps, warnings = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert trail(emulator) == [("GET", 200), ("POST", None), ("GET", 200), ("POST", 200)]
    assert outcome.names("created") == ["unit-auth"] and outcome.changed is True
    assert len(sleeps) == 1 and "listing shows the create was not carried out" in warnings[0]


def test_a_throttled_create_is_waited_out_and_sent_again_without_a_list(emulator):
    emulator.add_faults([dict(method="POST", path=CREATE, status=429, headers={"Retry-After": "4"})])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert trail(emulator) == [("GET", 200), ("POST", None), ("POST", 200)]
    assert sleeps == [4.0] and outcome.names("created") == ["unit-auth"]


def test_a_create_throttled_every_time_is_not_written_and_never_listed_again(emulator):
    emulator.add_faults([dict(method="POST", path=CREATE, status=429, times=10, headers={"Retry-After": "1"})])
    client, sleeps, dummy = client_for(emulator, retries=2)
    outcome = reconcile(client, [ITEM])
    assert trail(emulator) == [("GET", 200), ("POST", None), ("POST", None), ("POST", None)]
    assert outcome.changed is False and outcome.names("created") == [] and outcome.error.may_have_written is False
    assert outcome.error.status == 429 and outcome.error.attempts == 3 and sleeps == [1.0, 1.0]
    assert emulator.authorizations(UNIT_PROJECT) == []


def test_a_duplicate_answer_whose_check_fails_says_both_and_nothing_was_written(emulator):
    existing(emulator)
    emulator.add_faults([dict(method="GET", path=LIST, status=200, body={"authorizations": []}, times=1),
                         dict(method="GET", path=LIST, status=401, body={"error_code": "APIG.1002", "error_msg": "expired"})])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert outcome.changed is False and outcome.error.may_have_written is False
    assert outcome.error.error_code == "SVCSTG.REPO.0403"
    assert "; listing to check that failed too: HTTP 401" in outcome.error.message
    assert "may have been carried out" not in outcome.error.message


def test_when_the_check_fails_too_the_write_may_have_been_carried_out(emulator):
    emulator.add_faults([dict(method="POST", path=CREATE, drop=True, commit=True),
                         dict(method="GET", path=LIST, skip=1, status=401,
                              body={"error_code": "APIG.1002", "error_msg": "expired"})])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert outcome.error.may_have_written is True and outcome.changed is True
    assert "so the create may have been carried out; checking that by listing failed too: HTTP 401" in outcome.error.message
    assert [method for method, dummy in trail(emulator)] == ["GET", "POST", "GET"]


def test_a_create_that_gives_up_says_the_list_showed_it_was_not_carried_out(emulator):
    emulator.add_faults([dict(method="POST", path=CREATE, status=503, times=3, headers={"Retry-After": "0"})])
    client, sleeps, dummy = client_for(emulator, retries=2)
    outcome = reconcile(client, [ITEM])
    assert outcome.changed is False and outcome.error.may_have_written is False
    assert outcome.error.attempts == 3
    assert outcome.error.message == "HTTP 503; listing shows the create was not carried out"
    assert [method for method, dummy in trail(emulator)] == ["GET", "POST", "GET", "POST", "GET", "POST", "GET"]
    assert [fault.hits for fault in emulator.faults] == [3]


def test_a_duplicate_answer_with_the_wanted_authorization_is_someone_elses_create(emulator):
    emulator.add_faults([dict(method="GET", path=LIST, status=200, body={"authorizations": []})])
    existing(emulator)
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert outcome.error is None and outcome.changed is False
    assert meanwhile(outcome) == {"unit-auth": "created"} and outcome.names("unchanged") == ["unit-auth"]


def test_a_recreate_whose_delete_and_create_others_did_first_wrote_nothing(emulator):
    emulator.add_faults([
        dict(method="GET", path=LIST, status=200, times=1, body={"authorizations": [
            {"name": "unit-auth", "repo_type": "bitbucket", "repo_user": "old", "token_type": "password"}]}),
        dict(method="POST", path=CREATE, commit=True, status=400, body=ALREADY)])
    client, sleeps, warnings = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert [method for method, dummy in trail(emulator)] == ["GET", "DELETE", "GET", "POST", "GET"]
    assert outcome.error is None and outcome.changed is False
    assert meanwhile(outcome) == {"unit-auth": "replaced"} and outcome.names("unchanged") == ["unit-auth"]
    assert outcome.names("recreated") == [] and outcome.names("deleted") == []
    assert any("holds their password, not the one this task gives" in note for note in outcome.notes)


def test_a_rotation_whose_create_someone_else_did_says_the_secret_is_not_this_tasks(emulator):
    existing(emulator)
    emulator.add_faults([dict(method="POST", path=CREATE, commit=True, status=400, body=ALREADY)])
    client, sleeps, warnings = client_for(emulator)
    rotate = Item("unit-auth", ITEM.want, "unit-Secret-pw-78", "always")
    outcome = reconcile(client, [rotate])
    assert [method for method, dummy in trail(emulator)] == ["GET", "DELETE", "POST", "GET"]
    assert outcome.error is None and outcome.changed is True and outcome.names("recreated") == ["unit-auth"]
    assert outcome.notes == ["authorization 'unit-auth' was created meanwhile by someone else with the wanted fields: "
                             "it holds their password, not the one this task gives; run the task again to set yours"]


def test_a_duplicate_answer_with_another_authorization_fails_naming_what_is_there(emulator):
    emulator.add_faults([dict(method="GET", path=LIST, status=200, body={"authorizations": []})])
    existing(emulator, user="intruder")
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert outcome.changed is False and outcome.error.error_code == "SVCSTG.REPO.0403"
    assert "created by someone else while this task ran, with repo_type 'bitbucket' and repo_user 'intruder'" in (
        outcome.error.message)
    assert outcome.after["unit-auth"]["repo_user"] == "intruder"


def test_a_lost_answer_then_a_duplicate_is_this_tasks_create(emulator):
    # The first create was carried out but the list (an eventually consistent API) did not show it yet.
    emulator.add_faults([dict(method="POST", path=CREATE, drop=True, commit=True),
                         dict(method="GET", path=LIST, skip=1, status=200, body={"authorizations": []})])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ITEM])
    assert trail(emulator) == [("GET", 200), ("POST", 200), ("GET", None), ("POST", 400), ("GET", 200)]
    assert outcome.names("created") == ["unit-auth"] and meanwhile(outcome) == {} and outcome.changed is True


def test_a_delete_someone_else_did_first_is_not_this_tasks(emulator):
    emulator.add_faults([dict(method="GET", path=LIST, status=200, body={"authorizations": [
        {"name": "unit-auth", "repo_type": "bitbucket", "repo_user": "bot", "token_type": "password"}]})])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ABSENT])
    assert trail(emulator) == [("GET", None), ("DELETE", 400), ("GET", 200)]
    assert outcome.error is None and outcome.changed is False and meanwhile(outcome) == {"unit-auth": "deleted"}


@pytest.mark.parametrize("fault", [
    dict(method="DELETE", path=DELETE, drop=True, commit=True),
    dict(method="DELETE", path=DELETE, status=504, commit=True),
    dict(method="DELETE", path=DELETE, malformed=True, commit=True),
], ids=["dropped", "504", "html-200"])
def test_a_delete_carried_out_is_this_tasks_whatever_its_answer(emulator, fault):
    existing(emulator)
    emulator.add_faults([fault])
    client, sleeps, dummy = client_for(emulator)
    outcome = reconcile(client, [ABSENT])
    assert outcome.error is None and outcome.names("deleted") == ["unit-auth"] and outcome.changed is True
    assert [method for method, dummy in trail(emulator)].count("DELETE") == 1


def test_an_oauth_authorization_is_refused_before_any_write_in_check_mode_too(emulator):
    existing(emulator, token_type="oauth")
    client, sleeps, dummy = client_for(emulator)
    for item in (ITEM, ABSENT):
        for check_mode in (False, True):
            outcome = reconcile(client, [item], check_mode=check_mode)
            assert [name for name, dummy in outcome.refused] == ["unit-auth"]
            assert outcome.changed is False and outcome.names("created") == outcome.names("deleted") == []
    assert emulator.writes() == []


def test_the_budget_bounds_a_write_with_its_checks(emulator):
    """Every create times out after being sent, every list answers at once: the step ends within the budget."""
    clock = FakeClock()
    transport = HuaweiCloudTransport(emulator.url, TokenAuth(UNIT_TOKEN), retries=10, timeout=20,
                                     sleep=clock.sleep, clock=clock)
    original = transport.session.request
    timeouts = []

    def request(method, url, **kwargs):
        if method == "POST":
            timeouts.append(kwargs["timeout"][1])
            clock.sleep(kwargs["timeout"][1])
            raise requests.exceptions.ReadTimeout("read timed out")
        clock.sleep(0.5)
        return original(method, url, **kwargs)

    transport.session.request = request
    outcome = reconcile(GitAuthorizationClient(transport, UNIT_PROJECT), [ITEM])
    assert outcome.error is not None and "retry budget" in outcome.error.message
    # the first list has a budget of its own; the create's step (sends, waits, checks) stays within 60 s
    assert clock.now - 0.5 <= 60.0
    assert timeouts[0] == 20 and len(timeouts) == 3 and sum(timeouts) < 60
    assert emulator.writes() == []
