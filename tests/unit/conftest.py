# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit-test fixtures: an in-process emulator and a module runner for old and new ansible-core."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19
    @contextlib.contextmanager
    def patch_module_args(args):
        serialized = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        original = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = serialized
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = original

UNIT_TOKEN = "unit-token-3c9e0f5a7d"
UNIT_PROJECT = "unitproject0123456789abcdef0000"


@pytest.fixture
def emulator():
    server = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT}).start()
    yield server
    server.stop()


@pytest.fixture
def run_module(capsys, emulator):
    """Run a module's main() with args; return (exit code, result dict)."""

    def run(main, check_mode=False, diff=False, **args):
        module_args = dict(endpoint=emulator.url, project_id=UNIT_PROJECT, auth_token=UNIT_TOKEN, retries=2)
        module_args.update(args)
        module_args = dict((key, value) for key, value in module_args.items() if value is not None)
        module_args["_ansible_check_mode"] = check_mode
        module_args["_ansible_diff"] = diff
        with patch_module_args(module_args):
            with pytest.raises(SystemExit) as exit_info:
                main()
        output = capsys.readouterr().out
        return exit_info.value.code, json.loads(output)

    return run
