# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection the way users get it: build the tarball, check what is in it, install it into
a clean collections path, and run the README's demo playbook from there. The tarball is built in a
checkout where a contributor's tools ran first (ansible-lint without --offline, which installs the
collection into .ansible/, ansible-test, pytest), and may hold nothing outside the collection's own tree."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
import sys
import tarfile

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import run_tool
from ansible_collections.huaweicloud.servicestage.tests.emulator.servicestage_emulator import ServiceStageEmulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORBIDDEN = ("tests/output", ".venv", "__pycache__", ".pytest_cache", ".git/", ".ci/", ".pyc", ".tar.gz", ".ansible/")


def ansible(tool, *args, **kwargs):
    process = run_tool(tool, *args, **kwargs)
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def own_tree(root):
    """The collection's own files: the checkout's, without what this test run generated."""
    files = set()
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name not in ("__pycache__", ".pytest_cache")]
        relative = os.path.relpath(folder, root)
        if relative == os.path.join("tests", "output") or relative.startswith(os.path.join("tests", "output", "")):
            continue
        files.update(os.path.normpath(os.path.join(relative, name)) for name in names)
    return files


def contributor_checkout(tmp_path):
    """A copy of the collection's own tree in which a contributor's tools have run."""
    checkout = tmp_path / "checkout" / "ansible_collections" / "huaweicloud" / "servicestage"
    files = own_tree(ROOT)
    for name in files:
        target = checkout / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(os.path.join(ROOT, name), str(target))
    env = dict(os.environ, GIT_AUTHOR_NAME="contributor", GIT_AUTHOR_EMAIL="c@example.com",
               GIT_COMMITTER_NAME="contributor", GIT_COMMITTER_EMAIL="c@example.com")
    for variable in ("ANSIBLE_COLLECTIONS_PATH", "PYTHONPATH", "SERVICESTAGE_E2E_TRANSCRIPT"):
        env.pop(variable, None)
    # a clone: ansible-test lists the files git does not ignore
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "clone"]):
        subprocess.run(["git"] + command, cwd=str(checkout), env=env, check=True)
    version = "%d.%d" % sys.version_info[:2]
    ansible("ansible-lint", "--nocolor", cwd=str(checkout), env=env)
    ansible("ansible-test", "sanity", "--test", "shebang", "--python", version, "--color", "no", cwd=str(checkout), env=env)
    ansible("python", "-m", "pytest", "-q", "tests/unit/plugins/module_utils/test_git_auth_plan.py", cwd=str(checkout),
            env=dict(env, PYTHONPATH=str(tmp_path / "checkout")))
    # and a contributor who tests against a real project has these two (git-ignored) files
    (checkout / "tests" / "integration" / "integration_config.yml").write_text("servicestage_auth_token: x\n")
    (checkout / "tests" / "integration" / "integration.cfg").write_text("[defaults]\n")
    assert (checkout / ".ansible" / "collections").is_dir() and (checkout / "tests" / "output").is_dir()
    return checkout, files


def test_tarball_installs_and_runs_the_demo(tmp_path):
    checkout, files = contributor_checkout(tmp_path)
    ansible("ansible-galaxy", "collection", "build", str(checkout), "--output-path", str(tmp_path), "--force")
    tarballs = [name for name in os.listdir(str(tmp_path)) if name.endswith(".tar.gz")]
    assert len(tarballs) == 1
    tarball = str(tmp_path / tarballs[0])
    with tarfile.open(tarball) as archive:
        members = [member.name for member in archive.getmembers() if not member.isdir()]
    assert "plugins/modules/servicestage_git_password_auth.py" in members
    assert "tests/emulator/servicestage_emulator.py" in members
    outside = [name for name in members if name not in files and name not in ("MANIFEST.json", "FILES.json")]
    assert outside == [], "entries outside the collection's own tree: %d, first %s" % (len(outside), outside[:5])
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
