# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The leak audit: every byte all end-to-end runs printed, searched for every test secret.

Named to run last. It first adds runs of its own that print as much as Ansible can
(-vvvv, --diff, failures, a loop over secrets with loop_control.label), then reads the
transcript of the whole session.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re

import yaml

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    OTHER_PASSWORD,
    PASSWORD,
    SECRETS,
    leaked,
    password_task,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_loud_runs_print_no_secret(playbook, emulator):
    loop_task = {
        "name": "Loop over accounts",
        "huaweicloud.servicestage.servicestage_git_password_auth": {
            "name": "{{ item.name }}", "user": "{{ item.user }}",
            "password": "{{ {'loop-one': repo_password, 'loop-two': other_password}[item.name] }}"},
        "loop": [{"name": "loop-one", "user": "u1"}, {"name": "loop-two", "user": "u2"}],
        "loop_control": {"label": "{{ item.name }}"},
    }
    run = playbook([password_task(), loop_task, password_task(task_name="Recreate", update_password="always"),
                    password_task(task_name="Wrong token", auth_token="{{ wrong_token }}")],
                   args=["--diff"], verbose=True)
    assert run.rc != 0
    assert "loop-two" in run.output
    assert leaked(run.output) == []


def test_transcript_of_every_run_holds_no_secret(playbook):
    transcript = os.environ.get("SERVICESTAGE_E2E_TRANSCRIPT")
    assert transcript, "tests/run-tests.sh sets SERVICESTAGE_E2E_TRANSCRIPT"
    with open(transcript, encoding="utf-8") as handle:
        text = handle.read()
    runs = text.count("\n### ") + text.startswith("### ")
    assert runs >= 1
    assert len(text) > 10000
    assert leaked(text) == []
    assert OTHER_PASSWORD in SECRETS


def documented_tasks():
    """Every task in the modules' EXAMPLES and in the README's YAML blocks."""
    sources = []
    modules = os.path.join(ROOT, "plugins", "modules")
    for filename in sorted(os.listdir(modules)):
        with open(os.path.join(modules, filename), encoding="utf-8") as handle:
            text = handle.read()
        sources.append(text.split('EXAMPLES = r"""', 1)[1].split('"""', 1)[0])
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        sources.extend(re.findall(r"```yaml\n(.*?)```", handle.read(), re.S))
    tasks = []
    for source in sources:
        for item in yaml.safe_load(source) or []:
            if isinstance(item, dict):
                tasks.extend(item.get("tasks", [item]))
    return tasks


def test_documented_loops_keep_secrets_out_of_items_and_set_a_label():
    looping = [task for task in documented_tasks() if "loop" in task]
    assert looping, "the docs show at least one loop"
    for task in looping:
        assert not re.search(r"item\.(password|token|secret)", repr(task)), task["name"]
        label = task.get("loop_control", {}).get("label", "")
        assert label and "password" not in label and "token" not in label, task["name"]


def test_leak_detector_sees_escaped_and_partial_forms():
    assert leaked(json.dumps({"item": {"password": PASSWORD}})) == [PASSWORD]
    assert leaked(json.dumps({"p": PASSWORD}, ensure_ascii=True)) == [PASSWORD]
    assert leaked(repr({"p": PASSWORD})) == [PASSWORD]
    assert leaked("cut: ünïcödé-S3cr3t-5e1d...") == [PASSWORD]
    assert leaked("nothing secret here") == []
