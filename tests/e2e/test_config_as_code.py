# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guide "Configuration as code": its playbook (docs/examples/config_as_code.yml, the very file the guide quotes)
run with real ansible-playbook against the emulator, with the vaulted secrets as a user keeps them.

A first run makes the group, the files and the application's variables; a re-run only reads; a changed file restarts
exactly the components that use it (the handler, each restart waited for) and a re-run restarts none; check mode
sends only reads and its diff is a unified diff of the content; and every output, -vvvv included, is searched for the
sensitive content (a database password over two lines, an application's secret variable)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.huaweicloud.servicestage.tests.e2e.support import (
    DB_PASSWORD,
    PAYMENT_KEY,
    PROJECT_ID,
    TOKEN,
    leaked,
    recap,
    run_playbook_file,
    write_vaulted_vars,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "docs", "examples", "config_as_code.yml")
HANDLER = "Restart the components that read a changed file"
CART_FILE = "Cart's application.yaml, from its template, for prod"
DB_FILE = "Cart's database password, a sensitive file, for prod"
VARIABLES = "The variables every component of the application gets in prod"


@pytest.fixture(scope="module")
def vaulted(vault_dir, tmp_path_factory):
    return write_vaulted_vars(tmp_path_factory.mktemp("config-vault") / "vault.yml", vault_dir / "vault-pass",
                              servicestage_token=TOKEN, vault_db_password=DB_PASSWORD, vault_payment_key=PAYMENT_KEY)


@pytest.fixture
def shop(emulator):
    emulator.v3.configure(job_seconds=0.5, job_queued_seconds=0.1, status_lag_seconds=0.2)
    emulator.v3.seed_application(PROJECT_ID, "shop")
    for environment in ("prod", "test"):
        emulator.v3.seed_environment(PROJECT_ID, environment, resources=[{"id": "cce-1", "type": "cce"}])
    for name in ("cart", "cart-worker", "search"):
        emulator.v3.seed_component(PROJECT_ID, "shop", "prod", name)
    return emulator


@pytest.fixture
def play(shop, vault_dir, vaulted, tmp_path):
    settings = {"servicestage_endpoint": shop.url, "servicestage_project_id": PROJECT_ID,
                "target_environment": "prod"}

    def run(*extra_vars, **kwargs):
        return run_playbook_file(EXAMPLE, vault_dir / "vault-pass", tmp_path,
                                 extra_vars=[settings, vaulted] + list(extra_vars), args=kwargs.get("args", ()))

    return run


def writes(emulator):
    return [(entry["method"], entry["path"].split("/cas", 1)[1].split("/")[1]) for entry in emulator.writes()]


def restarts(emulator):
    return sorted(job["component_name"] for job in emulator.v3.jobs(PROJECT_ID) if job["kind"] == "restart")


def bind(emulator, config, *components):
    for component in components:
        emulator.v3_config.bind_config(PROJECT_ID, config, component, application="shop", environment="prod")


def test_a_first_run_makes_it_all_and_a_rerun_only_reads(play, shop):
    first = play()
    assert first.rc == 0, first.output
    assert recap(first.output)["changed"] == 4 and recap(first.output)["failed"] == 0
    assert writes(shop) == [("POST", "config-groups"), ("POST", "configs"), ("POST", "configs"),
                            ("PUT", "applications")]
    files = dict((item["name"], item) for item in shop.v3_config.configs(PROJECT_ID))
    assert files["cart-application-prod"]["content"].startswith("# cart's application.yaml in prod")
    assert "  level: warn\n" in files["cart-application-prod"]["content"]
    assert files["cart-db-prod"]["sensitive"] is True and files["cart-db-prod"]["type"] == "properties"
    assert files["cart-db-prod"]["content"] == "db.password=%s\n" % DB_PASSWORD
    variables = shop.v3_config.application_configuration(PROJECT_ID, "shop")[0]["configuration"]
    assert variables == {"env": [{"name": "FEATURE_X", "value": "off"}, {"name": "REGION", "value": "cn-north-4"},
                                 {"name": "PAYMENT_API_KEY", "value": PAYMENT_KEY}], "assign_strategy": False}
    results = first.results()
    assert results[CART_FILE]["components"] == [] and results[CART_FILE]["version"] == "v1"
    assert "content" not in results[DB_FILE]["config"]
    assert results[VARIABLES]["envs"]["PAYMENT_API_KEY"] == "<hidden>"
    assert restarts(shop) == []
    since = len(shop.log)
    again = play()
    assert again.rc == 0 and recap(again.output)["changed"] == 0, again.output
    assert [entry["method"] for entry in shop.log[since:]] == ["GET"] * len(shop.log[since:])
    assert HANDLER not in again.output


def test_a_changed_file_restarts_exactly_the_components_that_use_it(play, shop):
    assert play().rc == 0
    bind(shop, "cart-application-prod", "cart", "cart-worker")
    bind(shop, "cart-db-prod", "search")
    changed = play({"cart_log_level": "debug"})
    assert changed.rc == 0, changed.output
    assert restarts(shop) == ["cart", "cart-worker"]
    handler = changed.results()[HANDLER]
    assert sorted(item["item"]["component_name"] for item in handler["results"]) == ["cart", "cart-worker"]
    assert all(item["job"]["execution_status"] == "SUCCEEDED" for item in handler["results"])
    assert all(job["ended"] is not None for job in shop.v3.jobs(PROJECT_ID) if job["kind"] == "restart")
    assert changed.results()[CART_FILE]["version"] == "v2"
    # the same again: nothing changes, nothing restarts, though the play always knows who uses the file
    again = play({"cart_log_level": "debug"})
    assert again.rc == 0 and recap(again.output)["changed"] == 0 and restarts(shop) == ["cart", "cart-worker"]
    assert [item["component_name"] for item in again.results()[CART_FILE]["components"]] == ["cart", "cart-worker"]


def test_a_description_changed_in_the_console_is_put_back_and_restarts_nobody(play, shop):
    """Only what the components read is rolled out: a description is written back (changed), content_changed is
    false, and the handler's loop is empty."""
    assert play().rc == 0
    bind(shop, "cart-application-prod", "cart", "cart-worker")
    listed = [item for item in shop.v3_config.configs(PROJECT_ID) if item["name"] == "cart-application-prod"][0]
    shop.v3_config.find_config(PROJECT_ID, listed["id"]).description = "edited in the console"
    run = play()
    assert run.rc == 0 and recap(run.output)["changed"] == 1, run.output
    assert run.results()[CART_FILE]["content_changed"] is False and restarts(shop) == []
    assert [item["component_name"] for item in run.results()[CART_FILE]["components"]] == ["cart", "cart-worker"]


def test_a_rotated_password_restarts_the_components_of_its_file_only(play, shop, vault_dir, tmp_path):
    assert play().rc == 0
    bind(shop, "cart-application-prod", "cart")
    bind(shop, "cart-db-prod", "search")
    rotated = write_vaulted_vars(tmp_path / "rotated.yml", vault_dir / "vault-pass",
                                 vault_db_password=DB_PASSWORD.replace("Xw62", "Xw63"))
    run = play(rotated)
    assert run.rc == 0, run.output
    assert restarts(shop) == ["search"] and leaked(run.output, [DB_PASSWORD.replace("Xw62", "Xw63")]) == []


def test_check_mode_sends_only_reads_and_the_diff_is_the_contents(play, shop):
    planned = play(args=["--check", "--diff", "-vvvv"])
    assert planned.rc == 0, planned.output
    assert shop.writes() == []
    assert "+  level: warn" in planned.output and "(sensitive content: not shown)" in planned.output
    assert play().rc == 0
    since = len(shop.writes())
    changed = play({"cart_log_level": "debug"}, args=["--check", "--diff", "-vvvv"])
    assert changed.rc == 0 and len(shop.writes()) == since
    assert "-  level: warn" in changed.output and "+  level: debug" in changed.output
    assert "after: configuration file 'cart-application-prod' of group 'shop', content (as this task writes it)" \
        in changed.output
    # in check mode the handler is notified and predicts the restarts of no component (none uses the file yet)
    assert recap(changed.output)["changed"] == 1


@pytest.mark.parametrize("args", [["-vvvv"], ["--diff", "-vvvv"], ["--check", "--diff", "-vvvv"]])
def test_no_output_holds_a_secret_at_any_verbosity(play, shop, args):
    bind_after = play(args=args)
    assert bind_after.rc == 0
    # run_playbook_file searched the output for every secret (support.SECRETS): the database password, the payment
    # key and the sensitive YAML document among them
    assert leaked(bind_after.output, [DB_PASSWORD, PAYMENT_KEY]) == []
    if "--check" not in args:
        assert '"content": "********"' in bind_after.output or "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in \
            bind_after.output
