# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-builder turns tests/ee/execution-environment.yml (with this collection's tarball)
into a build context; no container engine is needed for that step."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_ansible_builder_creates_a_context(tmp_path):
    assert run_tool("ansible-galaxy", "collection", "build", ROOT, "--output-path", tmp_path).returncode == 0
    tarball = [name for name in os.listdir(str(tmp_path)) if name.endswith(".tar.gz")][0]
    shutil.move(str(tmp_path / tarball), str(tmp_path / "huaweicloud-servicestage.tar.gz"))
    for name in ("execution-environment.yml", "requirements.yml"):
        shutil.copy(os.path.join(ROOT, "tests", "ee", name), str(tmp_path / name))
    process = run_tool("ansible-builder", "create", "-f", "execution-environment.yml", "--context", "context",
                       cwd=str(tmp_path))
    assert process.returncode == 0, process.stdout + process.stderr
    context = tmp_path / "context"
    names = [name for name in ("Containerfile", "Dockerfile") if (context / name).exists()]
    assert len(names) == 1
    containerfile = (context / names[0]).read_text()
    assert "ansible-galaxy" in containerfile
    assert (context / "_build" / "requirements.yml").exists()
    with open(os.path.join(ROOT, "meta", "execution-environment.yml")) as handle:
        assert "requirements.txt" in handle.read()

    # What the image build asks pip for: ansible-builder reads it from the installed tarball.
    collections = tmp_path / "collections"
    assert run_tool("ansible-galaxy", "collection", "install", "--force", tmp_path / "huaweicloud-servicestage.tar.gz",
                    "-p", collections).returncode == 0
    introspected = run_tool("ansible-builder", "introspect", collections).stdout
    assert re.search(r"requests>=2\.25\.1\s+# from collection huaweicloud\.servicestage", introspected), introspected
