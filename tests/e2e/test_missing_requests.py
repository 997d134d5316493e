# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A module run by a Python without requests (a bare venv, as a discovered system Python often
is) fails with a message naming requests, that interpreter, the command that installs requests for
it, and then the ansible_python_interpreter fix, and sends nothing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import subprocess
import sys

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import password_task

MODULES = ("servicestage_git_password_auth", "servicestage_git_token_auth", "servicestage_git_auth_info", "iam_token")


def test_interpreter_without_requests_fails_clearly(playbook, emulator, tmp_path):
    bare = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = str(bare / "bin" / "python")
    assert subprocess.run([python, "-c", "import requests"], capture_output=True, check=False).returncode != 0

    tasks = []
    for module in MODULES:
        task = password_task(task_name=module)
        args = task.pop("huaweicloud.servicestage.servicestage_git_password_auth")
        if module == "servicestage_git_token_auth":
            args = {"name": "github-ci", "token": "{{ git_token }}"}
        elif module == "servicestage_git_auth_info":
            args = {}
        elif module == "iam_token":
            args = {"region": "cn-north-4", "iam_domain": "d", "iam_user": "u", "iam_password": "{{ iam_password }}"}
        task["huaweicloud.servicestage." + module] = args
        task.update(vars={"ansible_python_interpreter": python}, ignore_errors=True)
        tasks.append(task)
    results = playbook(tasks).results()

    for module in MODULES:
        message = results[module]["msg"]
        assert results[module]["failed"] is True, module
        assert "Failed to import the required Python library (requests)" in message, message
        assert python in message
        # the first fix is a command to copy, for the Python that ran the module; the interpreter setting second
        assert "Install it for that Python: %s -m pip install requests." % python in message, message
        assert message.index("-m pip install requests") < message.index("ansible_python_interpreter"), message
        assert 'ansible_python_interpreter: "{{ ansible_playbook_python }}"' in message
    assert emulator.log == []
