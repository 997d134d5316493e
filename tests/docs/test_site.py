# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documentation site, built once with docs/build-site.sh and read in headless Chromium (Debian's
chromium package): every plugin page shows its full name, all its options and its examples; every
guide is a page; the front page is the collection's own (docs/site/index.rst, not the builder's
placeholder) and links to every guide and every plugin page; no local link of any page points at a
missing file; the search page finds a module by name. A screenshot of one module page is saved."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# outside the collection: ansible-test sanity, run later on the same copy, would check the HTML
SITE = os.path.join(tempfile.gettempdir(), "huaweicloud-servicestage-site-%d" % os.getpid(), "html")
COLLECTION = "huaweicloud.servicestage"
PAGES = os.path.join(SITE, "collections", "huaweicloud", "servicestage")
BIN = os.path.dirname(sys.executable)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags Chromium keeps calling Google's hosts, which a closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")


@pytest.fixture(scope="session")
def site():
    """Build the site once, with the script users run."""
    process = subprocess.run([os.path.join(ROOT, "docs", "build-site.sh")], capture_output=True, text=True,
                             check=False, timeout=1200, env=dict(os.environ, DOCS_SITE_DIR=SITE))
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    assert "intersphinx ansible_devel:" in process.stdout
    yield SITE
    shutil.rmtree(os.path.dirname(SITE), ignore_errors=True)


BLOCKS = frozenset(("p", "div", "li", "td", "th", "tr", "dt", "dd", "pre", "br", "h1", "h2", "h3", "h4", "h5",
                    "h6", "section", "table", "ul", "ol"))


class Page(HTMLParser):
    """What a page's DOM shows: its visible text, the ids of its elements, its links and sources,
    the links of its main part (the article, without the navigation) and of the search results."""

    def __init__(self, dom):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.text, self.ids, self.links, self.search_results, self.main_links = [], set(), [], [], []
        self._skipping = 0
        self._in_results = 0
        self._in_main = 0
        self.feed(dom)
        self.text = " ".join("".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self.text.append(" ")
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("script", "style"):
            self._skipping += 1
        if attrs.get("id") == "search-results":
            self._in_results = 1
        elif self._in_results and tag == "div":
            self._in_results += 1
        if attrs.get("role") == "main":
            self._in_main = 1
        elif self._in_main and tag == "div":
            self._in_main += 1
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
                if self._in_results and tag == "a":
                    self.search_results.append(attrs[name])
                if self._in_main and tag == "a":
                    self.main_links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text.append(" ")
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1
        if tag == "div" and self._in_results:
            self._in_results -= 1
        if tag == "div" and self._in_main:
            self._in_main -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.text.append(data)


def render(url, tmp_path_factory, extra=()):
    """The DOM of url after Chromium ran its scripts."""
    profile = tmp_path_factory.mktemp("chromium")
    process = subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=%s" % profile] + list(extra) + ["--dump-dom", url],
                             capture_output=True, text=True, check=False, timeout=120)
    assert process.returncode == 0 and "<html" in process.stdout, process.stderr[-2000:]
    return Page(process.stdout)


def page_url(path):
    return "file://" + os.path.abspath(path)


def plugins():
    """{(name, type): its ansible-doc}: every module and plugin of the collection."""
    found = {}
    for kind, folder in (("module", "modules"), ("lookup", "lookup")):
        for filename in sorted(os.listdir(os.path.join(ROOT, "plugins", folder))):
            if filename.endswith(".py") and not filename.startswith("_"):
                name = "%s.%s" % (COLLECTION, filename[:-3])
                output = subprocess.run([os.path.join(BIN, "ansible-doc"), "-t", kind, "--json", name],
                                        capture_output=True, text=True, check=True).stdout
                found[(name, kind)] = json.loads(output)[name]
    return found


def option_names(options, prefix=""):
    for name, option in sorted(options.items()):
        yield prefix + name
        yield from option_names(option.get("suboptions") or {}, prefix + name + "/")


@pytest.mark.parametrize("name, kind", sorted(plugins()))
def test_every_plugin_page_shows_its_name_options_and_examples(site, tmp_path_factory, name, kind):
    doc = plugins()[(name, kind)]
    path = os.path.join(PAGES, "%s_%s.html" % (name.split(".")[-1], kind))
    assert os.path.isfile(path), path
    page = render(page_url(path), tmp_path_factory)
    assert "%s %s" % (name, kind) in page.text
    for option in option_names(doc["doc"]["options"]):
        # a suboption is shown under its parent, with an anchor of its path
        assert "parameter-%s" % option in page.ids and option.split("/")[-1] in page.text, option
    assert "Examples" in page.text and doc["doc"]["short_description"].rstrip(".") in page.text
    first_example_line = [line.strip() for line in doc["examples"].splitlines() if line.strip().startswith("- name:")][0]
    assert first_example_line in page.text


def test_every_guide_is_a_page_and_the_index_names_the_collection(site, tmp_path_factory):
    for guide in guides():
        with open(os.path.join(ROOT, "docs", "docsite", "rst", guide + ".rst"), encoding="utf-8") as handle:
            title = [line for line in handle.read().splitlines() if line and not line.startswith("..")][0]
        page = render(page_url(os.path.join(PAGES, "docsite", guide + ".html")), tmp_path_factory)
        assert title in page.text, guide
    index = render(page_url(os.path.join(site, "index.html")), tmp_path_factory)
    assert COLLECTION in index.text
    collection_index = render(page_url(os.path.join(PAGES, "index.html")), tmp_path_factory)
    assert "%s" % COLLECTION in collection_index.text and "Guides" in collection_index.text


def task_names(entries):
    for entry in entries:
        if isinstance(entry, dict):
            if entry.get("name"):
                yield entry["name"]
            for key in ("tasks", "block", "rescue", "always"):
                yield from task_names(entry.get(key) or [])


def test_the_guides_show_the_playbooks_they_include(site, tmp_path_factory):
    """The guides quote the playbooks of docs/examples/ (the ones the end-to-end tests run) with literalinclude;
    antsibull-docs copies only the guides' .rst files, so docs/build-site.sh, like the workflow, copies the
    examples beside them (init-append-conf-py): every play and task of each included playbook is on its page."""
    included = []
    for guide in guides():
        with open(os.path.join(ROOT, "docs", "docsite", "rst", guide + ".rst"), encoding="utf-8") as handle:
            includes = re.findall(r"^\.\. literalinclude:: (\S+)", handle.read(), re.M)
        if not includes:
            continue
        page = render(page_url(os.path.join(PAGES, "docsite", guide + ".html")), tmp_path_factory)
        for include in includes:
            path = os.path.normpath(os.path.join(ROOT, "docs", "docsite", "rst", include))
            if os.path.dirname(path) == os.path.join(ROOT, "docs", "examples", "templates"):
                # a template a playbook renders (config_as_code.yml's): every line of it is on the page
                with open(path, encoding="utf-8") as handle:
                    lines = [line.strip() for line in handle if line.strip()]
                assert lines and [line for line in lines if line not in page.text] == [], (guide, include)
                included.append((guide, os.path.basename(path)))
                continue
            assert os.path.dirname(path) == os.path.join(ROOT, "docs", "examples"), include
            with open(path, encoding="utf-8") as handle:
                names = list(task_names(yaml.safe_load(handle)))
            assert len(names) > 3 and [name for name in names if name not in page.text] == [], (guide, include)
            included.append((guide, os.path.basename(path)))
    assert ("guide_from_nothing", "from_nothing.yml") in included and ("guide_from_nothing", "rollback.yml") in included
    assert ("guide_config_as_code", "config_as_code.yml") in included
    assert ("guide_config_as_code", "cart-application.yaml.j2") in included
    assert ("guide_deploy_from_ci", "release.yml") in included


def guides():
    with open(os.path.join(ROOT, "docs", "docsite", "extra-docs.yml")) as handle:
        return [guide for section in yaml.safe_load(handle)["sections"] for guide in section["toctree"]]


def first_paragraph(rst):
    """The text of the first paragraph after the title of an RST page, its inline markup removed."""
    lines = rst.splitlines()
    title = [index for index, line in enumerate(lines) if line and set(line) == {"="}][0]
    paragraph = []
    for line in lines[title + 1:]:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            break
    return " ".join(" ".join(paragraph).replace("``", "").split())


def test_the_front_page_is_the_collections_own_and_links_to_every_guide_and_plugin(site, tmp_path_factory):
    """docs/build-site.sh puts docs/site/index.rst in place of the page antsibull-docs sphinx-init writes."""
    with open(os.path.join(ROOT, "docs", "site", "index.rst"), encoding="utf-8") as handle:
        source = handle.read()
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    page = render(page_url(os.path.join(site, "index.html")), tmp_path_factory)
    assert "Welcome to my Ansible collection documentation" not in page.text
    description = first_paragraph(source)
    assert description.startswith("The huaweicloud.servicestage Ansible collection manages Huawei Cloud ServiceStage")
    # Sphinx prints typographic apostrophes (smartypants)
    assert description in page.text.replace("\u2019", "'")
    for heading in ("Try it without a cloud account", "Install", "Guides", "Modules and plugins", "Changelog",
                    "Issues and sources"):
        assert heading in page.text, heading
    assert "ansible-galaxy collection install %s" % COLLECTION in page.text
    # the first command of a newcomer: the demo, against the emulator, kept running for the guides' tries
    assert "demo/run-demo.sh --keep-emulator" in page.text and "emulator" in page.text
    assert "Try it against the emulator" in page.text
    linked = set(os.path.normpath(unquote(urlsplit(link).path)) for link in page.main_links
                 if not urlsplit(link).scheme and urlsplit(link).path)
    wanted = set(os.path.join("collections", "huaweicloud", "servicestage", "docsite", guide + ".html")
                 for guide in guides())
    wanted.update(os.path.join("collections", "huaweicloud", "servicestage", "%s_%s.html" % (name.split(".")[-1], kind))
                  for name, kind in plugins())
    wanted.add(os.path.join("collections", "huaweicloud", "servicestage", "index.html"))
    wanted.add(os.path.join("collections", "huaweicloud", "servicestage", "changelog.html"))
    assert sorted(wanted - linked) == []
    assert galaxy["issues"] in page.main_links
    # the site's title is the collection's too, not "Ansible Collections Documentation"
    with open(os.path.join(site, "index.html"), encoding="utf-8") as handle:
        title = re.search(r"<title>(.*?)</title>", handle.read(), re.S)
    assert COLLECTION in title.group(1) and "Ansible Collections Documentation" not in title.group(1)


def test_the_changelog_page_shows_every_release_and_its_new_modules(site, tmp_path_factory):
    """docs/docsite/config.yml has antsibull-docs render changelogs/changelog.yaml as the site's changelog page,
    which the collection's index links too."""
    with open(os.path.join(ROOT, "changelogs", "changelog.yaml"), encoding="utf-8") as handle:
        releases = yaml.safe_load(handle)["releases"]
    page = render(page_url(os.path.join(PAGES, "changelog.html")), tmp_path_factory)
    assert "Release Notes" in page.text and "could not be rendered" not in page.text
    for version, release in releases.items():
        assert "v%s" % version in page.text, version
        for module in release.get("modules", []):
            assert "%s.%s" % (COLLECTION, module["name"]) in page.text, (version, module["name"])
        summary = release.get("changes", {}).get("release_summary")
        if summary:
            # Sphinx prints typographic quotes (smartypants)
            text = page.text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
            assert " ".join(summary.replace("``", "").split())[:80] in text, version
    collection_index = render(page_url(os.path.join(PAGES, "index.html")), tmp_path_factory)
    assert "changelog.html" in collection_index.links


def local_targets(page_path, page):
    """The files the local links and sources of a page point at (no scheme, or file://)."""
    for link in page.links:
        parts = urlsplit(link)
        if parts.scheme not in ("", "file") or not parts.path:
            continue
        target = unquote(parts.path) if parts.scheme == "file" else os.path.join(os.path.dirname(page_path),
                                                                                 unquote(parts.path))
        yield link, os.path.normpath(target)


def test_no_local_link_of_any_page_points_at_a_missing_file(site, tmp_path_factory):
    paths = sorted(os.path.join(folder, name) for folder, dummy, names in os.walk(site)
                   for name in names if name.endswith(".html"))
    assert len(paths) >= 15
    with ThreadPoolExecutor(max_workers=3) as pool:
        pages = list(pool.map(lambda path: (path, render(page_url(path), tmp_path_factory)), paths))
    checked, missing = 0, []
    for path, page in pages:
        for link, target in local_targets(path, page):
            checked += 1
            if not os.path.exists(target):
                missing.append("%s -> %s" % (os.path.relpath(path, site), link))
    assert checked > 100 and missing == []


def test_the_search_page_finds_a_module_by_name(site, tmp_path_factory):
    def results(query):
        page = render(page_url(os.path.join(site, "search.html")) + "?q=" + query, tmp_path_factory,
                      ["--virtual-time-budget=10000"])
        return page.search_results

    found = results("servicestage_git_auths")
    assert any(link.endswith("servicestage_git_auths_module.html") or "servicestage_git_auths_module.html#" in link
               for link in found), found
    assert results("zqxvnothinghasthisname") == []


def test_a_screenshot_of_a_module_page(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshot")
    picture = folder / "servicestage_git_password_auth_module.png"
    profile = tmp_path_factory.mktemp("chromium")
    subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=%s" % profile, "--screenshot=%s" % picture,
                                         "--window-size=1280,1800",
                                         page_url(os.path.join(PAGES, "servicestage_git_password_auth_module.html"))],
                   capture_output=True, check=False, timeout=120)
    with open(str(picture), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 20000
    print("screenshot: %s" % picture)
