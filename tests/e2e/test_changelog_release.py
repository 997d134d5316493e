# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The release notes say what each release holds, and galaxy.yml's version agrees with them:

* galaxy.yml's version is released in changelogs/changelog.yaml and no fragment waits for a release, or it
  is the next version (above every release) and the fragments that no release holds wait for it;
* every version_added (of a module, a plugin, or an option of one) is a released version or galaxy.yml's;
* every release lists as new exactly the modules and plugins whose version_added is that version, and a
  dry run of the next release (antsibull-changelog release in a copy) lists exactly the ones whose
  version_added is galaxy.yml's version and takes every fragment not released yet;
* CHANGELOG.rst is what antsibull-changelog generates from changelogs/changelog.yaml, never edited by hand.

Releasing: antsibull-changelog release --version <galaxy.yml's version> (with a fragment holding the
release_summary), then raise galaxy.yml's version with the first fragment of the next release."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import re
import shutil
import subprocess

import yaml

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import BIN, record

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def documentation(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    return yaml.safe_load([node.value.value for node in tree.body if isinstance(node, ast.Assign)
                           and getattr(node.targets[0], "id", None) == "DOCUMENTATION"][0])


def plugin_files():
    for path in sorted(glob.glob(os.path.join(ROOT, "plugins", "*", "*.py"))):
        kind = os.path.basename(os.path.dirname(path))
        if kind not in ("module_utils", "doc_fragments") and not os.path.basename(path).startswith("_"):
            yield ("module" if kind == "modules" else kind), path


def plugins_added():
    """{version_added: {(type, name)}} of every module and plugin, read from its DOCUMENTATION."""
    added = {}
    for kind, path in plugin_files():
        doc = documentation(path)
        name = doc.get("module") or doc["name"]
        added.setdefault(str(doc["version_added"]), set()).add((kind, name))
    return added


def options_added(options, where):
    """[(where, version_added)] of every option and suboption that names one."""
    found = []
    for name, option in (options or {}).items():
        if "version_added" in option:
            found.append(("%s option %s" % (where, name), str(option["version_added"])))
        found.extend(options_added(option.get("suboptions"), "%s option %s" % (where, name)))
    return found


def released(release):
    """{(type, name)} a release of changelog.yaml lists as new."""
    listed = set(("module", entry["name"]) for entry in release.get("modules", []))
    for kind, entries in (release.get("plugins") or {}).items():
        listed.update((kind, entry["name"]) for entry in entries)
    return listed


def changelog(root=ROOT):
    with open(os.path.join(root, "changelogs", "changelog.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["releases"]


def galaxy_version():
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["version"])


def version_key(version):
    assert re.match(r"^[0-9]+\.[0-9]+\.[0-9]+$", version), "not a release version: %s" % version
    return tuple(int(part) for part in version.split("."))


def unreleased_fragments():
    fragments = set(os.path.basename(path) for path in glob.glob(os.path.join(ROOT, "changelogs", "fragments", "*.yml")))
    return fragments - set(name for release in changelog().values() for name in release.get("fragments", []))


def test_galaxy_version_is_released_or_the_next_one_which_the_unreleased_fragments_wait_for():
    version, releases, waiting = galaxy_version(), changelog(), sorted(unreleased_fragments())
    if version in releases:
        assert not waiting, (
            "galaxy.yml's version %s is released, yet no release holds the fragments %s: raise galaxy.yml's "
            "version to the next release, which they go to" % (version, ", ".join(waiting)))
    else:
        latest = max(releases, key=version_key)
        assert version_key(version) > version_key(latest), (
            "galaxy.yml's version %s is not released and is not above the latest release %s" % (version, latest))


def test_every_version_added_is_a_released_version_or_galaxys():
    known = set(changelog()) | {galaxy_version()}
    for kind, path in plugin_files():
        doc = documentation(path)
        name = "%s %s" % (kind, doc.get("module") or doc["name"])
        for where, version in [(name, str(doc["version_added"]))] + options_added(doc.get("options"), name):
            assert version in known, "%s: version_added %s is neither released nor galaxy.yml's version" % (
                where, version)


def test_every_release_lists_each_module_and_plugin_added_in_it():
    added = plugins_added()
    for version, release in changelog().items():
        assert released(release) == added.get(version, set()), version


def copy_of_the_collection(tmp_path):
    collections = tmp_path / "collections"
    copy = collections / "ansible_collections" / "huaweicloud" / "servicestage"
    shutil.copytree(ROOT, str(copy), ignore=shutil.ignore_patterns("output", ".venv*", "__pycache__", ".git"))
    return collections, copy


def antsibull_changelog(collections, copy, *args):
    process = subprocess.run(
        [os.path.join(BIN, "antsibull-changelog")] + list(args), cwd=str(copy), capture_output=True, text=True,
        check=False, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections),
                              PATH=BIN + os.pathsep + os.environ["PATH"]))
    record("antsibull-changelog %s" % " ".join(args), process.stdout + process.stderr)
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def test_changelog_rst_is_generated_from_changelog_yaml(tmp_path):
    collections, copy = copy_of_the_collection(tmp_path)
    antsibull_changelog(collections, copy, "generate")
    with open(os.path.join(ROOT, "CHANGELOG.rst"), encoding="utf-8") as committed, \
            open(str(copy / "CHANGELOG.rst"), encoding="utf-8") as generated:
        assert committed.read() == generated.read(), \
            "CHANGELOG.rst is not what antsibull-changelog generate writes from changelogs/changelog.yaml"


def test_a_dry_run_of_the_next_release_lists_each_module_and_plugin_added_in_it(tmp_path):
    """The release galaxy.yml's version waits for; when it is released, the next patch release with one new
    fragment (the test above holds that nothing else waits then)."""
    version, waiting = galaxy_version(), unreleased_fragments()
    collections, copy = copy_of_the_collection(tmp_path)
    if version in changelog():
        version = ".".join(version.split(".")[:2] + [str(version_key(version)[2] + 1)])
        (copy / "changelogs" / "fragments" / "after-the-release.yml").write_text(
            "---\nminor_changes:\n  - A change after the release.\n", encoding="utf-8")
        waiting = {"after-the-release.yml"}
    antsibull_changelog(collections, copy, "release", "--version", version, "--date", "2026-12-31")
    release = changelog(str(copy))[version]
    assert released(release) == plugins_added().get(version, set())
    # the dry run takes every fragment not released yet, and only those
    assert set(release.get("fragments", [])) == waiting


def test_galaxy_yml_describes_the_whole_collection_and_points_at_the_documentation_site():
    """Galaxy shows galaxy.yml's description and links its documentation: the site .github/workflows/docs.yml
    publishes (and the README names), not the README."""
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    with open(os.path.join(ROOT, ".github", "workflows", "docs.yml"), encoding="utf-8") as handle:
        published = re.findall(r"https://[\w.-]+\.github\.io/[\w./-]+", handle.read())
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert published and galaxy["documentation"] == published[0] and galaxy["documentation"] in readme
    for what in ("Git repository authorizations", "environments", "applications", "components"):
        assert what in galaxy["description"], what
