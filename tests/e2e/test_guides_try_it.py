# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The first hour, as a newcomer spends it: the README's demo, then each guide's section "Try it against the
emulator", run as written, in a copy of the checkout, with HOME in a temporary folder (the demo installs the
collection in ~/.ansible/collections) and without the test's venv on PATH or any ANSIBLE_* variable.

* demo/run-demo.sh, as the README gives it, builds its own venv (on this run's ansible-core and Python, through
  its CORE and PYTHON), installs the collection where a plain ansible-playbook finds it, prints changed=1 then
  changed=0, leaves no emulator running, and prints no warning.
* Each guide's section is read from its rst, by its heading: its ``bash`` blocks run in order, verbatim, each
  in bash (set -e, pipefail) after the lines that ``demo/run-demo.sh --keep-emulator`` printed to paste, as a
  shell holds them. A block exits with 0, or with what a comment after it says ("expects the block above to
  exit with 2"). The ``text`` blocks after a bash block are what it prints: each paragraph of them is found
  in its output, any run of white space matching any other (the guides wrap long lines) and ``...`` standing
  for anything on the line (a job id, a port). No output holds a Warning, WARNING or DeprecationWarning line,
  or a password of demo/vault.yml.
* Every guide that quotes a playbook of docs/examples/ (that deploys) has such a section, which starts with
  the demo and stops the emulator at its end.

About a minute per ansible-core version; CI runs it on both of its versions."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from ansible.release import __version__ as ansible_version

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    BIN,
    DEMO_IAM_PASSWORD,
    DEMO_PASSWORD,
    leaked,
    record,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDES = os.path.join(ROOT, "docs", "docsite", "rst")
HEADING = "Try it against the emulator"
# [WARNING]: ..., CryptographyDeprecationWarning, UserWarning, Warning: ... (not ANSIBLE_LOCALHOST_WARNING=false)
WARNING = re.compile(r"(?<![A-Z_])WARNING|[A-Za-z]*Warning\b")
EXIT_COMMENT = re.compile(r"^\.\. .*expects the block above to exit with (\d+)")
DEMO = "demo/run-demo.sh --keep-emulator"


class Block:
    """A bash block of a guide: its text, the exit status it ends with, what its output shows."""

    def __init__(self, text):
        self.text = text
        self.exit = 0
        self.shows = []

    def __repr__(self):
        return "Block(%r)" % self.text.splitlines()[0]


def section(rst, heading=HEADING):
    """The lines of the section under heading, up to the next heading of its level."""
    lines = rst.splitlines()
    for index, line in enumerate(lines[:-1]):
        underline = lines[index + 1]
        if line.strip() == heading and underline and set(underline) == {underline[0]} and len(underline) >= len(heading):
            break
    else:
        return None
    body = []
    for number, line in enumerate(lines[index + 2:], start=index + 2):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.strip() and following and set(following) == {underline[0]} and len(following) >= len(line.strip()):
            break
        body.append(line)
    return body


def directive_content(lines, start):
    """The content of the directive at lines[start], dedented, and the index after it."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    index = start + 1
    while index < len(lines) and re.match(r"^\s+:[\w-]+:", lines[index]):
        index += 1
    content = []
    while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
        content.append(lines[index])
        index += 1
    return textwrap.dedent("\n".join(content)).strip("\n"), index


def try_it_blocks(guide):
    """The bash blocks of a guide's section "Try it against the emulator", with what each shows."""
    with open(os.path.join(GUIDES, guide), encoding="utf-8") as handle:
        lines = section(handle.read())
    assert lines is not None, "%s has no section %r" % (guide, HEADING)
    blocks, index = [], 0
    while index < len(lines):
        directive = re.match(r"^\s*\.\. code-block:: (\w+)", lines[index])
        exit_comment = EXIT_COMMENT.match(lines[index])
        if directive:
            content, index = directive_content(lines, index)
            if directive.group(1) == "bash":
                blocks.append(Block(content))
            elif directive.group(1) == "text" and blocks:
                blocks[-1].shows.extend(chunk for chunk in re.split(r"\n\s*\n", content) if chunk.strip())
            continue
        if exit_comment:
            blocks[-1].exit = int(exit_comment.group(1))
        index += 1
    return blocks


def shown(chunk):
    """A paragraph of a text block as a pattern: white space matches any white space, ... anything on a line."""
    parts = []
    for piece in re.split(r"(\.\.\.|\s+)", chunk.strip()):
        if piece == "...":
            parts.append(r"[^\n]*?")
        elif piece.isspace():
            parts.append(r"\s+")
        elif piece:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def deploying_guides():
    """The guides that quote a playbook of docs/examples/: the ones that deploy."""
    found = []
    for path in sorted(glob.glob(os.path.join(GUIDES, "*.rst"))):
        with open(path, encoding="utf-8") as handle:
            if re.search(r"^\.\. literalinclude:: \.\./\.\./examples/", handle.read(), re.M):
                found.append(os.path.basename(path))
    return found


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory):
    """A copy of the checkout and the environment of a fresh shell: HOME in a temporary folder, no ANSIBLE_*
    variable, the test's venv not on PATH nor in VENV (the demo makes its own, as the README runs it); CORE and
    PYTHON make the demo's venv on this run's ansible-core."""
    base = tmp_path_factory.mktemp("first-hour")
    checkout = base / "checkout"
    shutil.copytree(ROOT, str(checkout), ignore=shutil.ignore_patterns(
        ".venv*", "output", "__pycache__", ".pytest_cache", "_build", ".build", ".git", "*.tar.gz", ".ansible"))
    home = base / "home"
    home.mkdir()
    env = dict((name, value) for name, value in os.environ.items()
               if not name.startswith(("ANSIBLE_", "HUAWEICLOUD_", "HW_", "SERVICESTAGE_"))
               and name not in ("PYTHONPATH", "VIRTUAL_ENV", "VENV", "KEEP_EMULATOR"))
    env["PATH"] = os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep)
                                  if folder and os.path.realpath(folder) != os.path.realpath(BIN))
    env.update(HOME=str(home), CORE=".".join(ansible_version.split(".")[:2]), PYTHON=sys.executable)
    yield {"checkout": str(checkout), "home": str(home), "env": env}
    stop_emulator(str(checkout))


def emulator_pid(checkout):
    """The pid of the emulator a demo left running (--keep-emulator), or None once it has ended."""
    pid_file = os.path.join(checkout, ".build", "demo", "emulator.pid")
    if not os.path.exists(pid_file):
        return None
    with open(pid_file) as handle:
        pid = handle.read().strip()
    for dummy in range(20):
        # -ww: the whole command line, however long (piped, ps cuts it at 80 columns)
        command = subprocess.run(["ps", "-ww", "-p", pid, "-o", "args="], capture_output=True, text=True, check=False)
        if "servicestage_emulator.py" not in command.stdout:
            return None
        time.sleep(0.1)
    return int(pid)


def stop_emulator(checkout):
    """Stop the emulator a demo left running (a test that failed half-way), by the pid it wrote."""
    pid = emulator_pid(checkout)
    if pid:
        os.kill(pid, signal.SIGTERM)


def run(newcomer, script, label):
    """Run script in bash as a newcomer's shell does (and set -e, pipefail): exit status, output, seconds."""
    started = time.time()
    process = subprocess.run(["bash", "--noprofile", "--norc", "-c", "set -eo pipefail\n" + script],
                             cwd=newcomer["checkout"], env=newcomer["env"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=900, check=False)
    seconds = time.time() - started
    record(label, process.stdout)
    print("%5.1f s  %s" % (seconds, label))
    return process.returncode, process.stdout, seconds


def assert_clean(output, label):
    warnings = [line for line in output.splitlines() if WARNING.search(line)]
    assert warnings == [], "%s printed warnings:\n%s" % (label, "\n".join(warnings))
    assert leaked(output, (DEMO_PASSWORD, DEMO_IAM_PASSWORD)) == [], label


def pasted_lines(output):
    """The lines demo/run-demo.sh --keep-emulator asks to paste into the shell."""
    lines = output.splitlines()
    start = [index for index, line in enumerate(lines) if "paste these lines into your shell" in line]
    assert start, output[-3000:]
    pasted = []
    for line in lines[start[-1] + 1:]:
        if line.startswith("Stop the emulator"):
            break
        if line.strip():
            pasted.append(line)
    assert all(line.startswith(("cd ", "export ")) for line in pasted), pasted
    return "\n".join(pasted)


def test_the_readme_demo_installs_the_collection_where_ansible_finds_it_and_prints_no_warning(newcomer):
    rc, output, seconds = run(newcomer, "demo/run-demo.sh", "demo/run-demo.sh")
    assert rc == 0, output[-3000:]
    assert re.search(r"changed=1 .*\n(.*\n)*.*changed=0 ", output), output
    assert_clean(output, "demo/run-demo.sh")
    installed = os.path.join(newcomer["home"], ".ansible", "collections", "ansible_collections", "huaweicloud",
                             "servicestage")
    assert "Installing 'huaweicloud.servicestage:" in output and installed in output
    with open(os.path.join(installed, "MANIFEST.json")) as handle:
        assert json.load(handle)["collection_info"]["name"] == "servicestage"
    # without --keep-emulator the emulator ends with the demo
    assert emulator_pid(newcomer["checkout"]) is None
    with open(os.path.join(newcomer["checkout"], ".build", "demo", "port")) as handle:
        port = handle.read().strip()
    closed = subprocess.run(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/%s" % port], capture_output=True, check=False)
    assert closed.returncode != 0, "the emulator still listens on port %s" % port
    # a plain ansible-doc of the newcomer's shell, the demo's venv on PATH, finds the installed collection
    venv_bin = os.path.join(newcomer["checkout"], ".venv-demo", "bin")
    rc, output, seconds = run(newcomer, 'PATH="%s:$PATH" ansible-doc -l huaweicloud.servicestage' % venv_bin,
                              "ansible-doc -l huaweicloud.servicestage")
    assert rc == 0 and "huaweicloud.servicestage.servicestage_component " in output, output
    assert_clean(output, "ansible-doc")


def test_the_demo_run_again_stops_the_emulator_it_left_running(newcomer):
    rc, output, seconds = run(newcomer, DEMO, DEMO)
    assert rc == 0 and "paste these lines into your shell" in output, output[-3000:]
    first = emulator_pid(newcomer["checkout"])
    assert first and "Stop the emulator with: kill %d" % first in output
    rc, output, seconds = run(newcomer, DEMO, DEMO + ", again")
    assert rc == 0 and "stopping the emulator that the last demo left running (pid %d)" % first in output, output
    second = emulator_pid(newcomer["checkout"])
    assert second and second != first
    assert "servicestage_emulator.py" not in subprocess.run(["ps", "-ww", "-p", str(first), "-o", "args="],
                                                            capture_output=True, text=True, check=False).stdout
    stop_emulator(newcomer["checkout"])
    assert emulator_pid(newcomer["checkout"]) is None


def test_every_guide_that_deploys_has_a_try_it_section_that_starts_with_the_demo_and_stops_the_emulator():
    guides = deploying_guides()
    assert {"guide_from_nothing.rst", "guide_deploy_from_ci.rst"} <= set(guides)
    for guide in guides:
        blocks = try_it_blocks(guide)
        assert blocks[0].text == DEMO, guide
        assert blocks[-1].text.splitlines()[-1] == 'kill "$(cat .build/demo/emulator.pid)"', guide
        # what each playbook run prints, for the reader to compare and for the test to check
        assert len(blocks) >= 4 and all(block.shows for block in blocks if "ansible-playbook" in block.text), guide


def test_the_readme_links_the_try_it_section_of_every_guide_that_deploys():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    missing = [guide for guide in deploying_guides()
               if "(docs/docsite/rst/%s#try-it-against-the-emulator)" % guide not in readme]
    assert not missing, "README.md does not link the section %r of %s" % (HEADING, ", ".join(missing))


@pytest.mark.parametrize("guide", deploying_guides())
def test_the_try_it_section_runs_as_written(newcomer, guide):
    blocks = try_it_blocks(guide)
    pasted = ""
    total = 0.0
    for number, block in enumerate(blocks, start=1):
        label = "%s, Try it block %d: %s" % (guide, number, block.text.splitlines()[0])
        rc, output, seconds = run(newcomer, pasted + "\n" + block.text, label)
        total += seconds
        assert rc == block.exit, "%s exited with %d, not %d:\n%s" % (label, rc, block.exit, output[-4000:])
        assert_clean(output, label)
        for chunk in block.shows:
            assert shown(chunk).search(output), "%s does not show:\n%s\n--- it printed:\n%s" % (
                label, chunk, output[-4000:])
        if block.text == DEMO:
            pasted = pasted_lines(output)
            assert 'export PATH="%s/.venv-demo/bin:$PATH"' % newcomer["checkout"] in pasted
    print("%5.1f s  %s, the whole section" % (total, guide))
    assert emulator_pid(newcomer["checkout"]) is None, "the section left the emulator running"
