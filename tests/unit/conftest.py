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
from ansible.module_utils.common.parameters import PASS_VARS

from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator
from ansible_collections.huaweicloud.servicestage.tests.leaks import leaked

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
UNIT_PROJECT = "c0ffee0123456789abcdef0123456789"
# the IAM user of the iam fixture (the iam_token module and lookup)
IAM_DOMAIN = "unit-account"
IAM_USER = "unit-deployer"
IAM_PASSWORD = u"unit-Iam-\u00fc-\"Passw0rd\n-71"
IAM_REGION = "cn-north-4"


def shown(result, *secrets):
    """The secrets a module result shows, in any form (raw, JSON-escaped, %r, encoded, in pieces), as
    Ansible would print it."""
    return leaked(json.dumps(result) + json.dumps(result, ensure_ascii=False), secrets)


@pytest.fixture
def emulator():
    server = ServiceStageEmulator(tokens={UNIT_TOKEN: UNIT_PROJECT}).start()
    yield server
    server.stop()


def warnings_of(result):
    """A result's warnings as text (ansible-core 2.19 and later return them as objects, the text in event.msg)."""
    def text(warning):
        if isinstance(warning, str):
            return warning
        event = warning.get("event") if isinstance(warning, dict) else None
        return event["msg"] if isinstance(event, dict) and isinstance(event.get("msg"), str) else json.dumps(warning)
    return [text(warning) for warning in result.get("warnings", [])]


def forget_warnings():
    """ansible-core keeps a module's warnings in a global: a test's module must not see the last one's."""
    from ansible.module_utils.common import warnings as module_warnings
    for name in ("_global_warnings", "_global_deprecations"):
        value = getattr(module_warnings, name, None)
        if value is not None:
            value.clear()


@contextlib.contextmanager
def as_a_module():
    """Run as a module does, even after a controller plugin (the lookup) was imported into this process:
    ansible-core 2.19+ sends a module's warnings to the controller's display once controller code is loaded."""
    try:
        from ansible.module_utils import _internal
    except ImportError:  # ansible-core 2.17
        _internal = None
    if not hasattr(_internal, "is_controller"):  # ansible-core before 2.19
        yield
        return
    saved = _internal.is_controller
    _internal.is_controller = False
    try:
        yield
    finally:
        _internal.is_controller = saved


@pytest.fixture
def run_module(capsys, emulator):
    """Run a module's main() with args; return (exit code, result dict)."""

    def run(main, check_mode=False, diff=False, **args):
        module_args = dict(endpoint=emulator.url, project_id=UNIT_PROJECT, auth_token=UNIT_TOKEN, retries=2)
        module_args.update(args)
        module_args = dict((key, value) for key, value in module_args.items() if value is not None)
        module_args["_ansible_check_mode"] = check_mode
        module_args["_ansible_diff"] = diff
        if "inject_invocation" in PASS_VARS:
            # ansible-core 2.21+ shows a result's invocation only when asked (ANSIBLE_INJECT_INVOCATION);
            # the tests ask, as 2.19 always does, to see what it would show
            module_args["_ansible_inject_invocation"] = True
        forget_warnings()
        with patch_module_args(module_args), as_a_module():
            with pytest.raises(SystemExit) as exit_info:
                main()
        output = capsys.readouterr().out
        return exit_info.value.code, json.loads(output)

    return run


class FakeClock:
    """Time that passes only when the code under test sleeps or a request times out."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def iam(monkeypatch):
    """An emulator serving the IAM login of IAM_USER, with no region or IAM endpoint in the environment."""
    server = ServiceStageEmulator(tokens={}, iam_users={(IAM_DOMAIN, IAM_USER): IAM_PASSWORD},
                                  region_projects={IAM_REGION: UNIT_PROJECT})
    server.start()
    for variable in ("HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME", "HUAWEICLOUD_IAM_ENDPOINT", "HW_AUTH_URL"):
        monkeypatch.delenv(variable, raising=False)
    yield server
    server.stop()


# The v3 fixture: fast jobs, an application "shop" and an environment "prod" with a CCE cluster.
CCE_CLUSTER = "cce-unit-cluster-0001"
FAST_JOBS = dict(job_seconds=0.3, job_queued_seconds=0.05, status_lag_seconds=0.1, delete_seconds=0.2)


@pytest.fixture
def v3(emulator):
    emulator.v3.configure(**FAST_JOBS)
    emulator.v3.seed_application(UNIT_PROJECT, "shop")
    emulator.v3.seed_environment(UNIT_PROJECT, "prod", resources=[{"id": CCE_CLUSTER, "type": "cce"}])
    return emulator
