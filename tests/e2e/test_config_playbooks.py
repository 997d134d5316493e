# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The configuration modules through real ansible-playbook runs against the emulator: each module's create, its
unchanged re-run that only reads, check mode with no write; each of the emulator's configuration switches both ways;
writes whose answer was lost, written once; a sensitive YAML document holding a password through every module that
could show it (the file, the info module and its history), at -vvvv and with --diff, every output searched."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    PAYMENT_KEY,
    PROJECT_ID,
    SENSITIVE_YAML,
    leaked,
    recap,
)

GROUP = "huaweicloud.servicestage.servicestage_config_group"
CONFIG = "huaweicloud.servicestage.servicestage_config"
INFO = "huaweicloud.servicestage.servicestage_config_info"
APP_CONFIG = "huaweicloud.servicestage.servicestage_application_configuration"
YAML = "server:\n  port: 8080\n"


@pytest.fixture
def shop(emulator):
    emulator.v3.seed_application(PROJECT_ID, "shop")
    emulator.v3.seed_environment(PROJECT_ID, "prod", resources=[{"id": "cce-1", "type": "cce"}])
    return emulator


def task(title, module, **args):
    return {"name": title, module: args}


def group(title="Group", **args):
    return task(title, GROUP, **dict({"name": "shop", "description": "Shop"}, **args))


def config(title="File", **args):
    return task(title, CONFIG, **dict({"group": "shop", "name": "cart-yaml", "type": "yaml", "content": YAML}, **args))


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1].split("/")[1]) for entry in emulator.writes()]


def reads_only(emulator, since):
    return all(entry["method"] == "GET" for entry in emulator.log[since:])


def test_each_module_creates_then_an_unchanged_rerun_only_reads(playbook, shop):
    tasks = [group(), config(), task("Variables", APP_CONFIG, application="shop", environment="prod",
                                     envs={"FEATURE_X": "on"}),
             task("Info", INFO, group="shop", history=True)]
    first = playbook(tasks)
    assert first.rc == 0 and recap(first.output)["changed"] == 3, first.output
    assert writes(shop) == [("POST", "config-groups"), ("POST", "configs"), ("PUT", "applications")]
    info = first.results()["Info"]
    assert [(item["name"], item["version"], item["content"], item["history"]) for item in info["configs"]] == [
        ("cart-yaml", "v1", YAML, [])]
    since = len(shop.log)
    second = playbook(tasks)
    assert second.rc == 0 and recap(second.output)["changed"] == 0 and reads_only(shop, since)


def test_check_mode_sends_only_reads(playbook, shop):
    tasks = [group(), config(), task("Variables", APP_CONFIG, application="shop", environment="prod",
                                     envs={"FEATURE_X": "on"})]
    run = playbook(tasks, args=["--check", "--diff"])
    assert run.rc == 0 and recap(run.output)["changed"] == 3 and shop.writes() == []
    assert "+  port: 8080" in run.output
    playbook(tasks)
    since = len(shop.writes())
    changed = [config(content="server:\n  port: 8081\n"),
               task("Variables", APP_CONFIG, application="shop", environment="prod", envs={"FEATURE_X": "off"},
                    purge=True, assign_strategy="on_create"),
               task("Gone", CONFIG, group="shop", name="cart-yaml", state="absent")]
    run = playbook(changed, args=["--check", "--diff"])
    assert run.rc == 0 and recap(run.output)["changed"] == 3 and len(shop.writes()) == since
    assert "-  port: 8080" in run.output and "+  port: 8081" in run.output


def test_a_changed_description_fails_before_any_write_and_recreate_needs_an_empty_group(playbook, shop):
    playbook([group(), config()])
    since = len(shop.writes())
    refused = playbook([dict(group(description="Other"), ignore_errors=True),
                        dict(group("Recreate", description="Other", recreate=True), ignore_errors=True)])
    results = refused.results()
    assert "the API has no update call for configuration groups" in results["Group"]["msg"]
    assert "it holds 1 configuration file: cart-yaml" in results["Recreate"]["msg"]
    assert len(shop.writes()) == since
    done = playbook([task("Gone", CONFIG, group="shop", name="cart-yaml", state="absent"),
                     group("Recreate", description="Other", recreate=True)])
    assert done.results()["Recreate"]["msg"].startswith("re-created configuration group 'shop'")


@pytest.mark.parametrize("delete_missing", ["200", "not_found"])
def test_switch_config_delete_missing_absent_twice_is_ok(playbook, shop, delete_missing):
    shop.v3_config.configure(config_delete_missing=delete_missing)
    playbook([group(), config()])
    gone = [task("File gone", CONFIG, group="shop", name="cart-yaml", state="absent"),
            task("Group gone", GROUP, name="shop", state="absent")]
    first, second = playbook(gone), playbook(gone)
    assert recap(first.output)["changed"] == 2 and recap(second.output)["changed"] == 0
    assert [method for method, path in writes(shop)].count("DELETE") == 2


@pytest.mark.parametrize("path", ["both", "single", "double"])
@pytest.mark.parametrize("includes_current", [True, False])
def test_switches_of_the_history(playbook, shop, path, includes_current):
    shop.v3_config.configure(config_history_path=path, config_history_includes_current=includes_current)
    shop.v3_config.seed_config_group(PROJECT_ID, "shop")
    made = shop.v3_config.seed_config(PROJECT_ID, "shop", "cart-yaml", "v: 3\n", previous_contents=["v: 1\n", "v: 2\n"])
    records = shop.v3_config.config_histories(PROJECT_ID, made["id"])
    # the list without the content: each record is read at the path the API serves
    listed = [dict((key, value) for key, value in record.items() if key != "content") for record in records]
    if not includes_current:
        listed = listed[:-1]
    shop.add_faults([{"method": "GET", "path": r"/configs/%s/histories\Z" % made["id"], "status": 200,
                      "body": {"count": len(listed), "histories": listed}}])
    run = playbook([task("Info", INFO, group="shop", name="cart-yaml", history=True)])
    assert run.rc == 0, run.output
    history = run.results()["Info"]["configs"][0]["history"]
    assert [(record["version"], record["content"]) for record in history] == [("v1", "v: 1\n"), ("v2", "v: 2\n")]


@pytest.mark.parametrize("in_use", ["refuse", "allow"])
def test_switch_config_group_delete_in_use_a_group_with_files_is_never_deleted(playbook, shop, in_use):
    shop.v3_config.configure(config_group_delete_in_use=in_use)
    playbook([group(), config()])
    since = len(shop.writes())
    run = playbook([dict(task("Group gone", GROUP, name="shop", state="absent"), ignore_errors=True)])
    assert run.results()["Group gone"]["msg"].startswith("configuration group 'shop' still holds 1 configuration file")
    assert len(shop.writes()) == since and len(shop.v3_config.configs(PROJECT_ID)) == 1


@pytest.mark.parametrize("scope", ["group", "project"])
def test_switch_config_name_scope(playbook, shop, scope):
    shop.v3_config.configure(config_name_scope=scope)
    run = playbook([group(), group("Other group", name="other"), config(),
                    dict(config("Same name elsewhere", group="other"), ignore_errors=True)])
    result = run.results()["Same name elsewhere"]
    if scope == "group":
        assert result["failed"] is False and result["changed"] is True
    else:
        assert result["failed"] is True and result["changed"] is False
        assert "the API keeps file names unique in the project" in result["msg"] and result["status"] == 400


@pytest.mark.parametrize("bump", ["content", "any"])
def test_switch_config_version_bump(playbook, shop, bump):
    shop.v3_config.configure(config_version_bump=bump)
    run = playbook([group(), config(), config("Described", description="Described")])
    assert run.results()["Described"]["version"] == ("v1" if bump == "content" else "v2")


@pytest.mark.parametrize("method, path", [("POST", r"/configs\Z"), ("PUT", r"/configs/[0-9a-f-]+\Z"),
                                          ("PUT", r"/configuration\Z")], ids=["create", "update", "variables"])
def test_a_write_whose_answer_was_lost_is_written_once(playbook, shop, method, path):
    playbook([group(), task("Variables", APP_CONFIG, application="shop", environment="prod", envs={"A": "1"})] +
             ([config()] if method == "PUT" else []))
    shop.add_faults([{"method": method, "path": path, "drop": True, "commit": True}])
    since = len(shop.writes())
    run = playbook([config(content="server:\n  port: 9090\n"),
                    task("Variables", APP_CONFIG, application="shop", environment="prod", envs={"A": "2"})])
    assert run.rc == 0, run.output
    assert [entry["method"] for entry in shop.writes()[since:]] == [method, "PUT"] if method == "POST" else \
        [entry["method"] for entry in shop.writes()[since:]] == ["PUT", "PUT"]
    assert "shows it was carried out" in run.output


@pytest.mark.parametrize("args", [["-vvvv"], ["--diff", "-vvvv"], ["--check", "--diff", "-vvvv"]])
def test_a_sensitive_yaml_document_is_in_no_output(playbook, shop, vault_dir, tmp_path, args):
    """The document comes from a vaulted variable, through the file, the info module (its history too), and a
    failure whose API message quotes a line of it."""
    from ansible_collections.huaweicloud.servicestage.tests.e2e.support import write_vaulted_vars
    secrets = write_vaulted_vars(tmp_path / "config-secrets.yml", vault_dir / "vault-pass",
                                 sensitive_yaml=SENSITIVE_YAML, payment_key=PAYMENT_KEY)
    changed = SENSITIVE_YAML.replace("Rk37", "Rk38")
    tasks = [{"name": "Secrets", "ansible.builtin.include_vars": {"file": str(secrets)}}, group(),
             config("Secret", name="cart-secret", content="{{ sensitive_yaml }}", sensitive=True),
             # in a real run the file is sensitive now, and the task need not say so again (in check mode it was
             # not created, so the task says so)
             config("Secret again", name="cart-secret", content="{{ sensitive_yaml }}",
                    **({"sensitive": True} if "--check" in args else {})),
             config("Secret changed", name="cart-secret", content="{{ sensitive_yaml | replace('Rk37', 'Rk38') }}",
                    **({"sensitive": True} if "--check" in args else {})),
             task("Info", INFO, group="shop", history=True),
             task("Variables", APP_CONFIG, application="shop", environment="prod",
                  secret_envs={"PAY": "{{ payment_key }}"})]
    run = playbook(tasks, args=args)
    assert run.rc == 0, run.output
    assert leaked(run.output, [SENSITIVE_YAML, changed, PAYMENT_KEY]) == []
    results = run.results()
    if "--check" not in args:
        assert results["Secret changed"]["version"] == "v2" and results["Secret again"]["changed"] is False
        secret = [item for item in results["Info"]["configs"] if item["name"] == "cart-secret"][0]
        assert "content" not in secret and [record["version"] for record in secret["history"]] == ["v1"]
        assert all("content" not in record for record in secret["history"])
    # a failure whose API message quotes a line of the document
    shop.add_faults([{"method": "PUT", "status": 400, "body": {"error_code": "SVCSTG.00100400", "error_msg":
                                                               "bad content: %s" % SENSITIVE_YAML.splitlines()[2]}}])
    failed = playbook([{"name": "Secrets", "ansible.builtin.include_vars": {"file": str(secrets)}},
                       dict(config("Secret refused", name="cart-secret", content="{{ sensitive_yaml }}x: 1\n",
                                   sensitive=True), ignore_errors=True)], args=args)
    assert leaked(failed.output, [SENSITIVE_YAML, changed]) == []
    if "--check" not in args:
        assert failed.results()["Secret refused"]["status"] == 400
