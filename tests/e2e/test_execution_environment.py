# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The execution environment of the AWX guide: ansible-builder turns docs/awx/execution-environment.yml
(with this collection's tarball) into a build context, no container engine needed. The context
holds the collection, its galaxy step installs it without Galaxy, what the image build asks pip
for includes requests, and no build step fetches anything but packages."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# commands in a build step that reach beyond the base image's registry and the package indexes
NETWORK_STEPS = re.compile(r"\b(curl|wget|git clone|git fetch|ADD https?://|galaxy\.ansible\.com)", re.IGNORECASE)


def test_ansible_builder_creates_a_context_that_installs_the_collection_from_its_tarball(tmp_path):
    assert run_tool("ansible-galaxy", "collection", "build", ROOT, "--output-path", tmp_path).returncode == 0
    tarball = [name for name in os.listdir(str(tmp_path)) if name.endswith(".tar.gz")][0]
    shutil.move(str(tmp_path / tarball), str(tmp_path / "huaweicloud-servicestage.tar.gz"))
    for name in ("execution-environment.yml", "requirements.yml"):
        shutil.copy(os.path.join(ROOT, "docs", "awx", name), str(tmp_path / name))
    process = run_tool("ansible-builder", "create", "-f", "execution-environment.yml", "--context", "context",
                       cwd=str(tmp_path))
    assert process.returncode == 0, process.stdout + process.stderr
    context = tmp_path / "context"
    names = [name for name in ("Containerfile", "Dockerfile") if (context / name).exists()]
    assert len(names) == 1
    containerfile = (context / names[0]).read_text()
    assert NETWORK_STEPS.findall(containerfile) == []
    assert "COPY _build /build" in containerfile and "-r requirements.yml" in containerfile
    build = context / "_build"
    assert (build / "collections" / "huaweicloud-servicestage.tar.gz").exists()

    # The galaxy stage, as the image build runs it: in a copy of _build (the image's /build),
    # no Galaxy server reachable.
    image_build = tmp_path / "image-build"
    shutil.copytree(str(build), str(image_build))
    collections = tmp_path / "collections"
    installed = run_tool("ansible-galaxy", "collection", "install", "--force", "-r", "requirements.yml",
                         "--collections-path", collections, cwd=str(image_build),
                         env=dict(os.environ, ANSIBLE_GALAXY_SERVER="http://127.0.0.1:9/"))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (collections / "ansible_collections" / "huaweicloud" / "servicestage" / "plugins" / "modules"
            / "servicestage_git_auths.py").exists()

    # What the builder stage asks pip for: ansible-builder reads it from the installed collection.
    introspected = run_tool("ansible-builder", "introspect", collections).stdout
    assert re.search(r"requests>=2\.25\.1\s+# from collection huaweicloud\.servicestage", introspected), introspected
