# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection the way users get it: build the tarball, check what is in it, install it into
a clean collections path, and run the README's demo playbook from there."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import tarfile

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORBIDDEN = ("tests/output", ".venv", "__pycache__", ".pytest_cache", ".git/", ".ci/", ".pyc", ".tar.gz")


def ansible(tool, *args, **kwargs):
    process = run_tool(tool, *args, **kwargs)
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def test_tarball_installs_and_runs_the_demo(tmp_path):
    ansible("ansible-galaxy", "collection", "build", ROOT, "--output-path", str(tmp_path), "--force")
    tarballs = [name for name in os.listdir(str(tmp_path)) if name.endswith(".tar.gz")]
    assert len(tarballs) == 1
    tarball = str(tmp_path / tarballs[0])
    with tarfile.open(tarball) as archive:
        members = archive.getnames()
    assert "plugins/modules/servicestage_git_password_auth.py" in members
    assert "tests/emulator/servicestage_emulator.py" in members
    assert [name for name in members if any(part in name for part in FORBIDDEN)] == []

    collections = tmp_path / "collections"
    # --force: the test run itself has the source checkout on ANSIBLE_COLLECTIONS_PATH
    ansible("ansible-galaxy", "collection", "install", "--force", tarball, "-p", str(collections))
    installed = collections / "ansible_collections" / "huaweicloud" / "servicestage"
    assert (installed / "MANIFEST.json").exists()

    emulator = ServiceStageEmulator().start()
    try:
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), HUAWEICLOUD_SERVICESTAGE_ENDPOINT=emulator.url,
                   ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1")
        env.pop("PYTHONPATH", None)
        outputs = []
        for dummy in range(2):
            outputs.append(ansible("ansible-playbook", "--vault-password-file", str(installed / "demo" / "vault-pass.txt"),
                                   str(installed / "demo" / "create-authorization.yml"), env=env).stdout)
    finally:
        emulator.stop()
    assert "changed=1" in outputs[0] and "changed=0" in outputs[1]
    assert "demo-Bitbucket-app-password" not in "".join(outputs)
    assert [entry["method"] for entry in emulator.writes()] == ["POST"]
