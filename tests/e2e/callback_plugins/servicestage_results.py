# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: servicestage_results
type: aggregate
short_description: Writes every task result to a JSON file, for the end-to-end tests
description:
  - Test helper. Records each task's result by task name and writes them all to the file
    named by E(SERVICESTAGE_RESULTS_FILE) when the playbook ends. The stdout callback is untouched,
    so the tests also read what a user would see.
options: {}
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "servicestage_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.results = {}
        # a loop's item results as the item callbacks saw them, each with "failed" (ansible-core 2.21 leaves it
        # out of the items of the task's own result)
        self.items = {}

    def _record(self, result, failed):
        recorded = dict(result._result)
        recorded["failed"] = failed
        items = self.items.pop(result._task._uuid, None)
        if items is not None:
            recorded["results"] = items
        self.results[result._task.get_name()] = recorded

    def _record_item(self, result, failed):
        self.items.setdefault(result._task._uuid, []).append(dict(result._result, failed=failed))

    def v2_runner_item_on_ok(self, result):
        self._record_item(result, False)

    def v2_runner_item_on_failed(self, result):
        self._record_item(result, True)

    def v2_runner_item_on_skipped(self, result):
        self._record_item(result, False)

    def v2_runner_on_ok(self, result):
        self._record(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, True)

    def v2_runner_on_skipped(self, result):
        self._record(result, False)

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["SERVICESTAGE_RESULTS_FILE"], "w") as handle:
            json.dump(self.results, handle, default=str)
