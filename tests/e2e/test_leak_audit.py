# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The leak audit's own runs, which print as much as Ansible can (-vvvv, --diff, failures, a loop
over secrets with loop_control.label, tokens vaulted carelessly), and the audit itself: each secret is
looked for raw, JSON-escaped, repr'd, base64- and percent-encoded, and in pieces. Every output of the
session is searched once more when it ends (conftest.py), so no test here has to run last.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import re
import textwrap

import yaml

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    AWKWARD_TOKENS,
    HOSTILE_PASSWORDS,
    PASSWORD,
    TOKEN,
    audit,
    leaked,
    password_task,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_loud_runs_print_no_secret(playbook, emulator):
    loop_task = {
        "name": "Loop over accounts",
        "huaweicloud.servicestage.servicestage_git_password_auth": {
            "name": "{{ item.name }}", "user": "{{ item.user }}",
            "password": "{{ {'loop-one': repo_password, 'loop-two': other_password}[item.name] }}"},
        "loop": [{"name": "loop-one", "user": "u1"}, {"name": "loop-two", "user": "u2"}],
        "loop_control": {"label": "{{ item.name }}"},
    }
    run = playbook([password_task(), loop_task, password_task(task_name="Recreate", update_password="always"),
                    password_task(task_name="Wrong token", auth_token="{{ wrong_token }}")],
                   args=["--diff"], verbose=True)
    assert run.rc != 0
    assert "loop-two" in run.output
    assert leaked(run.output) == []


def test_set_runs_print_no_secret_failing_ones_included(playbook, emulator):
    authorizations = [{"name": "audit-pw", "user": "bot", "password": "{{ repo_password }}"},
                      {"name": "audit-tok", "repo_type": "gitlab", "token": "{{ git_token }}",
                       "host": "https://gitlab.example.com"},
                      {"name": "audit-hostile", "user": "bot", "password": HOSTILE_PASSWORDS[1]}]
    module = "huaweicloud.servicestage.servicestage_git_auths"
    emulator.add_faults([{"method": "POST", "skip": 1, "status": 400,
                          "body": {"error_code": "SVCSTG.REPO.0451", "error_msg": "repository authorization invalid"}}])
    tasks = [dict({"name": "Fails halfway", module: {"authorizations": authorizations}}, ignore_errors=True),
             {"name": "Completes", module: {"authorizations": authorizations, "purge": True}},
             {"name": "Rotates", module: {"authorizations": authorizations, "update_secrets": "always"}},
             dict({"name": "Invalid", module: {"authorizations": authorizations + [
                 {"name": "audit-pw", "repo_type": "github", "token": "{{ other_password }}",
                  "password": "{{ repo_password }}"}]}}, ignore_errors=True)]
    run = playbook(tasks, args=["--diff"], verbose=True)
    results = run.results()
    assert results["Fails halfway"]["failed"] is True and results["Fails halfway"]["changed"] is True
    assert results["Completes"]["created"] == ["audit-hostile", "audit-tok"]
    assert results["Rotates"]["recreated"] == ["audit-hostile", "audit-pw", "audit-tok"]
    assert "listed 2 times" in results["Invalid"]["msg"]
    assert leaked(run.output) == []


def test_tokens_vaulted_carelessly_work_or_fail_clearly_and_are_never_printed(playbook, emulator):
    tasks = [password_task("Token vaulted from a file", auth_token="{{ token_with_newline }}"),
             dict(password_task("Token with CR/LF", auth_token="{{ token_with_crlf }}"), ignore_errors=True),
             dict(password_task("Token with unicode", auth_token="{{ token_with_unicode }}"), ignore_errors=True),
             dict(password_task("Security token with a newline", auth_token="", access_key="AKE2E0000EXAMPLE0001",
                                secret_key="{{ secret_key }}", security_token="{{ token_with_crlf }}"),
                  ignore_errors=True)]
    run = playbook(tasks, args=["--diff"], verbose=True)
    results = run.results()
    assert results["Token vaulted from a file"]["changed"] is True
    for task, text in (("Token with CR/LF", "auth_token holds a control character"),
                       ("Token with unicode", "auth_token must be printable ASCII"),
                       ("Security token with a newline", "security_token holds a control character")):
        assert results[task]["failed"] is True
        assert text in results[task]["msg"] and "nothing was sent" in results[task]["msg"]
    assert "Invalid header value" not in run.output and "Traceback" not in run.output
    assert [entry["auth"] for entry in emulator.log] == ["token", "token"]
    assert leaked(run.output) == []


def test_the_sessions_end_audit_finds_a_secret_in_any_recorded_output(tmp_path):
    """What conftest.py checks when the session ends, whatever ran and in whatever order."""
    transcript = tmp_path / "transcript.txt"
    assert audit(str(transcript)) == []  # nothing recorded (a run of unit tests only): nothing to find
    transcript.write_text("### ansible-playbook x\nok: [localhost]\n### callback results y\n{}\n", encoding="utf-8")
    assert audit(str(transcript)) == []
    with open(str(transcript), "a", encoding="utf-8") as handle:
        handle.write("### ansible-doc z\n%s\n" % json.dumps({"password": HOSTILE_PASSWORDS[1]}))
    assert audit(str(transcript)) == [HOSTILE_PASSWORDS[1]]


def guide_yaml_blocks(text):
    """The bodies of the ".. code-block:: yaml" directives of an RST guide, dedented."""
    return [textwrap.dedent(body) for body in
            re.findall(r"^\.\. code-block:: yaml\n\n((?:(?: {4}.*)?\n)+)", text, re.M)]


def documented_tasks():
    """Every task in the modules' EXAMPLES, in the README's YAML blocks, in the guides' YAML blocks and in the
    playbooks of docs/examples/."""
    sources = []
    modules = os.path.join(ROOT, "plugins", "modules")
    for filename in sorted(os.listdir(modules)):
        with open(os.path.join(modules, filename), encoding="utf-8") as handle:
            text = handle.read()
        sources.append(text.split('EXAMPLES = r"""', 1)[1].split('"""', 1)[0])
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        sources.extend(re.findall(r"```yaml\n(.*?)```", handle.read(), re.S))
    guides = os.path.join(ROOT, "docs", "docsite", "rst")
    for filename in sorted(os.listdir(guides)):
        with open(os.path.join(guides, filename), encoding="utf-8") as handle:
            sources.extend(guide_yaml_blocks(handle.read()))
    # the playbooks the guides quote with literalinclude (and the end-to-end tests run)
    examples = os.path.join(ROOT, "docs", "examples")
    for filename in sorted(os.listdir(examples)):
        if filename.endswith(".yml"):
            with open(os.path.join(examples, filename), encoding="utf-8") as handle:
                sources.append(handle.read())

    def flattened(entries):
        for entry in entries:
            if isinstance(entry, dict):
                yield entry
                for key in ("tasks", "block", "rescue", "always"):
                    yield from flattened(entry.get(key) or [])

    tasks = []
    for source in sources:
        tasks.extend(flattened(yaml.safe_load(source) or []))
    return tasks


def test_documented_loops_keep_secrets_out_of_items_and_set_a_label():
    tasks = documented_tasks()
    # the guides' blocks are read too: the vault guide's loop over team passwords is one of them
    assert any(task.get("name") == "One authorization per team" for task in tasks)
    # and the examples: the release's loop over its components
    assert any(task.get("name", "").startswith("Start, without waiting, the upgrade of each component") for task in tasks)
    looping = [task for task in tasks if "loop" in task]
    assert looping, "the docs show at least one loop"
    for task in looping:
        assert not re.search(r"item\.(password|token|secret)", repr(task)), task["name"]
        label = task.get("loop_control", {}).get("label", "")
        assert label and "password" not in label and "token" not in label, task["name"]


def test_leak_detector_sees_escaped_encoded_and_partial_forms():
    assert leaked(json.dumps({"item": {"password": PASSWORD}})) == [PASSWORD]
    assert leaked("b'%s'" % base64.b64encode(PASSWORD.encode("utf-8")).decode()) == [PASSWORD]
    assert leaked("password=Pa55%20%22quoted%27%20%5C%20back%24lash%20%C3%BCn%C3%AFc%C3%B6d%C3%A9-S3cr3t-5e1d") == [PASSWORD]
    assert leaked("Invalid header value %r" % AWKWARD_TOKENS[0].encode()) == [TOKEN, AWKWARD_TOKENS[0]]
    assert leaked("Invalid header value %r" % AWKWARD_TOKENS[1].encode()) == [AWKWARD_TOKENS[1]]
    assert leaked(repr(AWKWARD_TOKENS[2].encode("utf-8"))) == [AWKWARD_TOKENS[2]]
    assert leaked(json.dumps({"p": PASSWORD}, ensure_ascii=True)) == [PASSWORD]
    assert leaked(repr({"p": PASSWORD})) == [PASSWORD]
    assert leaked("cut: ünïcödé-S3cr3t-5e1d...") == [PASSWORD]
    assert leaked("nothing secret here") == []
