# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Exact HTTP requests per task, from the emulator's log (the benchmark reports the times).

create: 1 list + 1 create; re-run with everything in place: 1 list; update_password=always:
list + delete + create; and one connection per task. Each loop item authenticates with a token of
its own, which the emulator's log shows as a fingerprint: the requests of an item are told apart by
the credential that sent them (a client port can be reused between tasks).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import fingerprint

COUNT = 4
# not secrets: test tokens the emulator accepts for the project, one per loop item
ITEM_TOKENS = ["count-item-token-%d" % index for index in range(COUNT)]


def loop_task(**extra):
    args = {"name": "{{ item.name }}", "user": "{{ item.user }}", "password": "{{ repo_password }}",
            "auth_token": "{{ item.token }}"}
    args.update(extra)
    return {"name": "Loop", "huaweicloud.servicestage.servicestage_git_password_auth": args,
            "loop": [{"name": "count-%d" % index, "user": "bot", "token": ITEM_TOKENS[index]} for index in range(COUNT)],
            "loop_control": {"label": "{{ item.name }}"}}


def per_item(emulator, since=0):
    """The requests of each loop item, in item order, as lists of methods; and the connections each used."""
    by_token = dict((fingerprint(token), index) for index, token in enumerate(ITEM_TOKENS))
    methods, ports = [[] for dummy in ITEM_TOKENS], [set() for dummy in ITEM_TOKENS]
    for entry in emulator.log[since:]:
        index = by_token[entry["credential"]]
        methods[index].append(entry["method"])
        ports[index].add(entry["client_port"])
    return methods, ports


def test_requests_per_task(playbook, emulator):
    for token in ITEM_TOKENS:
        emulator.tokens[token] = PROJECT_ID
    for task, expected in ((loop_task(), ["GET", "POST"]),
                           (loop_task(), ["GET"]),
                           (loop_task(update_password="always"), ["GET", "DELETE", "POST"]),
                           (loop_task(state="absent"), ["GET", "DELETE"])):
        since = len(emulator.log)
        playbook([task])
        methods, ports = per_item(emulator, since)
        assert methods == [expected] * COUNT
        assert [len(used) for used in ports] == [1] * COUNT  # one kept-alive connection per task
    assert emulator.authorizations(PROJECT_ID) == []


def test_list_size_does_not_change_request_count(playbook, emulator):
    for token in ITEM_TOKENS:
        emulator.tokens[token] = PROJECT_ID
    emulator.seed(PROJECT_ID, 2000)
    playbook([loop_task()])
    since = len(emulator.log)
    playbook([loop_task()])
    assert per_item(emulator, since)[0] == [["GET"]] * COUNT
    assert len(emulator.authorizations(PROJECT_ID)) == 2000 + COUNT
