#!/usr/bin/env bash
# The README's first command: set up, start the bundled ServiceStage emulator, build and
# install the collection the way users get it (a tarball), and run the demo playbook twice:
# the first run creates the authorization (changed=1), the second finds it as wanted (changed=0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

# VENV: a ready venv with ansible-core and requests to use as it is (the tests pass theirs).
venv="${VENV:-$root/.venv-demo}"
if [ -z "${VENV:-}" ] || [ ! -x "$venv/bin/ansible-playbook" ]; then
  ensure_venv "$venv" "${PYTHON:-python3}" "${CORE:-2.19}" -r "$root/requirements.txt"
fi
export PATH="$venv/bin:$PATH"

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building and installing huaweicloud.servicestage"
# Set before installing: ansible-galaxy warns about an install path outside the configured ones.
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
ansible-galaxy collection build "$root" --output-path "$work" --force >/dev/null
ansible-galaxy collection install "$work"/huaweicloud-servicestage-*.tar.gz -p "$work/collections" >/dev/null

echo "== starting the ServiceStage emulator"
python "$root/tests/emulator/servicestage_emulator.py" --port 0 --port-file "$work/port" --token demo-token &
emulator_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
HUAWEICLOUD_SERVICESTAGE_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"
export HUAWEICLOUD_SERVICESTAGE_ENDPOINT

for run in first second; do
  echo "== $run run of demo/create-authorization.yml"
  ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
    ansible-playbook --vault-password-file "$root/demo/vault-pass.txt" "$root/demo/create-authorization.yml"
done
