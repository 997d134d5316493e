#!/usr/bin/env bash
# Runs the ansible-test integration targets (tests/integration/targets/, one per module):
#
#   ansible-test integration --python <version> --allow-unsupported --continue-on-error
#
# in a copy of the collection under .../ansible_collections/huaweicloud/servicestage.
# Where the targets connect is read from tests/integration/integration_config.yml only:
#  - with that file in the checkout (git-ignored; see integration_config.yml.template), against
#    that project, the real cloud included. Its token comes from Vault (an inline !vault value, with
#    vault_password_file in tests/integration/integration.cfg, copied too) or a file lookup; or leave
#    servicestage_auth_token empty and export HUAWEICLOUD_SDK_AUTH_TOKEN: it is written into the
#    copy's file (mode 0600) for the run and deleted afterwards (ansible-test passes no environment);
#  - without it, or with SERVICESTAGE_INTEGRATION_EMULATOR=1 (tests/run-tests.sh sets it), against
#    the bundled emulator, started here, with jobs of under a second (its config route). What a real
#    project would already have for the component targets, an application and an environment with the
#    CCE cluster, is seeded in it (its v3 seed route: the targets never use a control route). The file is
#    written for it (placeholder VPC and CCE cluster ids for the environment targets, the seeded
#    application and environment and an image with two tags for the component targets), and the run fails
#    if the targets leave any authorization, any v3 application, environment or component other than
#    the seeded ones, or any configuration group, file or application configuration behind.
# Arguments go to ansible-test (a target name, -v, ...). CORE, PYTHON and VENV as for run-tests.sh;
# COLLECTION: an existing copy to use (run-tests.sh passes its own).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

core="${CORE:-2.19}"
venv="${VENV:-$root/.venv-$core}"
if [ -z "${COLLECTION:-}" ]; then
  # run by hand; tests/run-tests.sh passes COLLECTION and its own, ready VENV
  ensure_venv "$venv" "${PYTHON:-python3}" "$core" -r "$root/requirements.txt" -r "$root/tests/requirements.txt"
fi
export PATH="$venv/bin:$PATH"
py_version="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
collection="${COLLECTION:-$(copy_collection "$root")}"
config="$collection/tests/integration/integration_config.yml"
emulator_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap below
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; fi
  rm -f "$config" "$collection/tests/integration/integration.cfg"
}
trap cleanup EXIT

if [ -f "$root/tests/integration/integration_config.yml" ] && [ -z "${SERVICESTAGE_INTEGRATION_EMULATOR:-}" ]; then
  echo "== integration targets against the project in tests/integration/integration_config.yml"
  (umask 077 && cp "$root/tests/integration/integration_config.yml" "$config")
  if [ -f "$root/tests/integration/integration.cfg" ]; then
    cp "$root/tests/integration/integration.cfg" "$collection/tests/integration/integration.cfg"
  fi
  if [ -n "${HUAWEICLOUD_SDK_AUTH_TOKEN:-}" ] && grep -Eq '^servicestage_auth_token: *(""|'"''"')? *$' "$config"; then
    python - "$config" <<'PYTHON'
import json, os, re, sys
path = sys.argv[1]
with open(path) as handle:
    text = handle.read()
token = json.dumps(os.environ["HUAWEICLOUD_SDK_AUTH_TOKEN"].strip())
with open(path, "w") as handle:
    handle.write(re.sub(r"(?m)^servicestage_auth_token:.*$", lambda match: "servicestage_auth_token: " + token, text))
PYTHON
  fi
  emulator_url=""
else
  echo "== integration targets against the bundled ServiceStage emulator"
  project="0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  token="integration-$(python -c 'import uuid; print(uuid.uuid4().hex)')"
  iam_password="integration-iam-$(python -c 'import uuid; print(uuid.uuid4().hex)')"
  port_file="$(mktemp)"
  python "$collection/tests/emulator/servicestage_emulator.py" --port 0 --port-file "$port_file" \
    --token "$token" --project-id "$project" --iam-user "integration-account:integration-deployer:$iam_password" \
    >/dev/null &
  emulator_pid=$!
  for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
  emulator_url="http://127.0.0.1:$(cat "$port_file")"
  rm -f "$port_file"
  # Jobs of a second, not minutes; then what a real project would already have for the component targets:
  # an application and an environment with the CCE cluster (seeded, so that the targets run exactly as
  # against a real project, and never use a control route themselves). seeded: their ids, which the
  # check for what the targets left behind leaves out.
  seeded="$(python - "$emulator_url" "$project" <<'PYTHON'
import json, sys, urllib.request
url, project = sys.argv[1], sys.argv[2]
def post(path, body):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
    return json.loads(text) if text else None
post("/_emulator/config", {"job_seconds": 0.5, "job_queued_seconds": 0.1, "status_lag_seconds": 0.2,
                           "delete_seconds": 0.5})
made = post("/_emulator/v3/seed", {
    "project_id": project,
    "applications": [{"name": "integration-seeded-app", "description": "seeded by tests/run-integration.sh"}],
    "environments": [{"name": "integration-seeded-env", "vpc_id": "vpc-integration-placeholder",
                      "deploy_mode": "container", "description": "seeded by tests/run-integration.sh",
                      "resources": [{"id": "0c2f1a3b-4d5e-11ee-8f6a-0255ac100b07", "type": "cce"}]}]})
print(" ".join(item["id"] for kind in ("applications", "environments") for item in made[kind]))
PYTHON
)"
  cat > "$config" <<EOF
---
servicestage_endpoint: $emulator_url
servicestage_region: cn-north-4
servicestage_project_id: $project
servicestage_auth_token: $token
servicestage_iam_endpoint: $emulator_url
servicestage_iam_domain: integration-account
servicestage_iam_user: integration-deployer
servicestage_iam_password: $iam_password
servicestage_test_wrong_login: true
servicestage_test_github_host: https://github.example.com
servicestage_test_vpc_id: vpc-integration-placeholder
servicestage_test_cce_cluster_id: 0c2f1a3b-4d5e-11ee-8f6a-0255ac100b07
servicestage_test_application: integration-seeded-app
servicestage_test_environment: integration-seeded-env
servicestage_test_image_url: swr.cn-north-4.myhuaweicloud.com/emulator/integration
servicestage_test_image_versions: ["1.0.0", "1.0.1"]
EOF
fi

cd "$collection"
status=0
ansible-test integration --python "$py_version" --allow-unsupported --continue-on-error --color no "$@" || status=1

if [ -n "$emulator_url" ]; then
  # The emulator starts empty but for the seeded application and environment: every authorization, every
  # other v3 application, environment or component, and every configuration group, file or application
  # configuration left in it was left by a target. The seeded ones stand for the user's own: a target that
  # deleted one would delete the user's.
  left="$(python -c 'import json, sys, urllib.request
seeded = sys.argv[2].split()
state = json.load(urllib.request.urlopen(sys.argv[1] + "/_emulator/state"))
left = ["authorization " + a["name"] for project in state.values() for a in project]
v3 = json.load(urllib.request.urlopen(sys.argv[1] + "/_emulator/v3/state"))
found = []
for project in v3["projects"].values():
    for kind in ("applications", "environments", "components"):
        found.extend(item["id"] for item in project[kind])
        left.extend("%s %s" % (kind[:-1], item["name"]) for item in project[kind] if item["id"] not in seeded)
left.extend("(the seeded %s is gone)" % seeded_id for seeded_id in seeded if seeded_id not in found)
config = json.load(urllib.request.urlopen(sys.argv[1] + "/_emulator/config-state"))
for project in config["projects"].values():
    left.extend("configuration group " + item["name"] for item in project["config_groups"])
    left.extend("configuration file " + item["name"] for item in project["configs"])
    left.extend("application configuration of " + item["application_id"] for item in project["application_configurations"])
print(", ".join(left))' "$emulator_url" "$seeded")"
  mkdir -p tests/output
  if [ -n "$left" ]; then
    echo "FAILED: the integration targets left things behind, or removed what was seeded: $left"
    echo "left-behind" > tests/output/integration-cleanup
    status=1
  else
    echo "The integration targets left nothing behind."
    echo "clean" > tests/output/integration-cleanup
  fi
fi
exit "$status"
