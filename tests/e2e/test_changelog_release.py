# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The release notes list every module and plugin new in a release: for every release in
changelogs/changelog.yaml, the new modules and plugins are exactly those whose version_added is that
version; and a dry run of the next release (antsibull-changelog release in a copy) lists exactly the
ones whose version_added is the version galaxy.yml names (the next patch version when that one is out)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import shutil
import subprocess

import yaml

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import BIN, record

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def plugins_added():
    """{version_added: {(type, name)}} of every module and plugin, read from its DOCUMENTATION."""
    added = {}
    for path in glob.glob(os.path.join(ROOT, "plugins", "*", "*.py")):
        kind = os.path.basename(os.path.dirname(path))
        if kind in ("module_utils", "doc_fragments"):
            continue
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        documentation = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
                         and getattr(node.targets[0], "id", None) == "DOCUMENTATION"][0]
        doc = yaml.safe_load(documentation)
        name = doc.get("module") or doc["name"]
        added.setdefault(str(doc["version_added"]), set()).add(("module" if kind == "modules" else kind, name))
    return added


def released(release):
    """{(type, name)} a release of changelog.yaml lists as new."""
    listed = set(("module", entry["name"]) for entry in release.get("modules", []))
    for kind, entries in (release.get("plugins") or {}).items():
        listed.update((kind, entry["name"]) for entry in entries)
    return listed


def changelog(root=ROOT):
    with open(os.path.join(root, "changelogs", "changelog.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["releases"]


def test_every_release_lists_each_module_and_plugin_added_in_it():
    added = plugins_added()
    releases = changelog()
    assert set(added) <= set(releases) | {next_version()}, "version_added names a release that is not there"
    for version, release in releases.items():
        assert released(release) == added.get(version, set()), version


def next_version():
    """The version galaxy.yml names, or the next patch version when that one is released already."""
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        version = yaml.safe_load(handle)["version"]
    if version not in changelog():
        return version
    major, minor, patch = version.split(".")
    return "%s.%s.%d" % (major, minor, int(patch) + 1)


def test_a_dry_run_of_the_next_release_lists_each_module_and_plugin_added_in_it(tmp_path):
    collections = tmp_path / "collections"
    copy = collections / "ansible_collections" / "huaweicloud" / "servicestage"
    shutil.copytree(ROOT, str(copy), ignore=shutil.ignore_patterns("output", ".venv*", "__pycache__", ".git"))
    version = next_version()
    process = subprocess.run(
        [os.path.join(BIN, "antsibull-changelog"), "release", "--version", version, "--date", "2026-12-01"],
        cwd=str(copy), capture_output=True, text=True, check=False,
        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), PATH=BIN + os.pathsep + os.environ["PATH"]))
    record("antsibull-changelog release --version %s" % version, process.stdout + process.stderr)
    assert process.returncode == 0, process.stdout + process.stderr
    release = changelog(str(copy))[version]
    assert released(release) == plugins_added().get(version, set())
    # the dry run takes every fragment not released yet, and only those
    fragments = set(os.path.basename(path) for path in glob.glob(os.path.join(ROOT, "changelogs", "fragments", "*.yml")))
    earlier = set(name for other in changelog().values() for name in other.get("fragments", []))
    assert set(release.get("fragments", [])) == fragments - earlier
