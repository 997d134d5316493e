# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Exact HTTP requests per task, from the emulator's log (the benchmark reports the times).

create: 1 list + 1 create; re-run with everything in place: 1 list; update_password=always:
list + delete + create; and one connection per task.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import PROJECT_ID

COUNT = 4


def loop_task(**extra):
    args = {"name": "{{ item.name }}", "user": "{{ item.user }}", "password": "{{ repo_password }}"}
    args.update(extra)
    return {"name": "Loop", "huaweicloud.servicestage.servicestage_git_password_auth": args,
            "loop": [{"name": "count-%d" % index, "user": "bot"} for index in range(COUNT)],
            "loop_control": {"label": "{{ item.name }}"}}


def per_task(emulator):
    """Requests of each task (one task a connection), as lists of methods."""
    by_connection = {}
    for entry in emulator.log:
        by_connection.setdefault(entry["client_port"], []).append(entry["method"])
    return list(by_connection.values())


def test_requests_per_task(playbook, emulator):
    playbook([loop_task()])
    assert per_task(emulator) == [["GET", "POST"]] * COUNT

    del emulator.log[:]
    playbook([loop_task()])
    assert per_task(emulator) == [["GET"]] * COUNT

    del emulator.log[:]
    playbook([loop_task(update_password="always")])
    assert per_task(emulator) == [["GET", "DELETE", "POST"]] * COUNT

    del emulator.log[:]
    playbook([loop_task(state="absent")])
    assert per_task(emulator) == [["GET", "DELETE"]] * COUNT
    assert emulator.authorizations(PROJECT_ID) == []


def test_list_size_does_not_change_request_count(playbook, emulator):
    emulator.seed(PROJECT_ID, 2000)
    playbook([loop_task()])
    playbook([loop_task()])
    assert per_task(emulator)[-COUNT:] == [["GET"]] * COUNT
    assert len(emulator.authorizations(PROJECT_ID)) == 2000 + COUNT
