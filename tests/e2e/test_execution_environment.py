# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-builder turns tests/ee/execution-environment.yml (with this collection's tarball)
into a build context; no container engine is needed for that step."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import BIN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_ansible_builder_creates_a_context(tmp_path):
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", ROOT, "--output-path", str(tmp_path)],
                   capture_output=True, text=True, check=True)
    tarball = [name for name in os.listdir(str(tmp_path)) if name.endswith(".tar.gz")][0]
    shutil.move(str(tmp_path / tarball), str(tmp_path / "huaweicloud-servicestage.tar.gz"))
    for name in ("execution-environment.yml", "requirements.yml"):
        shutil.copy(os.path.join(ROOT, "tests", "ee", name), str(tmp_path / name))
    process = subprocess.run([os.path.join(BIN, "ansible-builder"), "create", "-f", "execution-environment.yml",
                              "--context", "context"], cwd=str(tmp_path), capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    context = tmp_path / "context"
    names = [name for name in ("Containerfile", "Dockerfile") if (context / name).exists()]
    assert len(names) == 1
    containerfile = (context / names[0]).read_text()
    assert "ansible-galaxy" in containerfile
    assert (context / "_build" / "requirements.yml").exists()
    with open(os.path.join(ROOT, "requirements.txt")) as handle:
        runtime = [line for line in handle if line.strip() and not line.startswith("#")]
    assert runtime == [], "the modules need no Python package beyond ansible-core"
    with open(os.path.join(ROOT, "meta", "execution-environment.yml")) as handle:
        assert "requirements.txt" in handle.read()
