# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: benchmark_timeline
type: aggregate
short_description: Writes when each task started and when its result came, for benchmarks/benchmark.py
description:
  - Benchmark helper. Records, with C(time.time()) in the controller, when each task starts and when its
    result (of the whole loop, for a loop) reaches the controller, and writes them to the file named by
    E(BENCHMARK_TIMELINE_FILE) when the playbook ends. The stdout callback is untouched.
options: {}
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "benchmark_timeline"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks.append({"name": task.get_name(), "start": time.time(), "end": None, "status": None})

    def _ended(self, status):
        if self.tasks:
            self.tasks[-1].update(end=time.time(), status=status)

    def v2_runner_on_ok(self, result):
        self._ended("ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._ended("failed")

    def v2_runner_on_skipped(self, result):
        self._ended("skipped")

    def v2_runner_on_unreachable(self, result):
        self._ended("unreachable")

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["BENCHMARK_TIMELINE_FILE"], "w") as handle:
            json.dump(self.tasks, handle)
