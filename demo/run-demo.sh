#!/usr/bin/env bash
# The README's first command: set up a venv with ansible-core (.venv-demo), build the collection and
# install it the way users get it (a tarball, with ansible-galaxy collection install, into the first
# configured collections path: ~/.ansible/collections unless you set another, where a plain
# ansible-playbook finds it), start the bundled ServiceStage emulator, and run the demo playbook twice:
# the first run creates the authorization (changed=1), the second finds it as wanted (changed=0).
#
#   demo/run-demo.sh                   the emulator stops when the demo ends
#   demo/run-demo.sh --keep-emulator   the emulator goes on running, for the guides' sections "Try it
#                                      against the emulator": the demo ends with the lines to paste into
#                                      your shell (the venv on PATH, the emulator's endpoints) and how to
#                                      stop it; run again, it stops the emulator it left running before
#
# Variables: KEEP_EMULATOR=1 (the same as --keep-emulator), CORE (ansible-core, default 2.19), PYTHON
# (default python3), VENV (a ready venv with ansible-core and requests, used as it is: the tests pass theirs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

keep="${KEEP_EMULATOR:-}"
for argument in "$@"; do
  case "$argument" in
    --keep-emulator) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-demo.sh: unknown argument $argument (see --help)" >&2; exit 2 ;;
  esac
done

# The venv's ansible-core needs cryptography (for Vault), and imports its DSA classes whenever an ansible
# command starts (ansible/_internal/_ssh/_ssh_agent.py, in ansible-core 2.19 to 2.21); cryptography 51
# deprecated DSA, so every command printed a CryptographyDeprecationWarning. The collection itself does not
# use cryptography: the demo's venv takes the release before 51 until ansible-core stops importing DSA.
venv="${VENV:-$root/.venv-demo}"
if [ -z "${VENV:-}" ] || [ ! -x "$venv/bin/ansible-playbook" ]; then
  ensure_venv "$venv" "${PYTHON:-python3}" "${CORE:-2.19}" -r "$root/requirements.txt" "cryptography<51"
fi
export PATH="$venv/bin:$PATH"
# The demo's plays run on the implicit localhost, with no inventory: not a thing to warn about.
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

# .build/demo holds what outlives the demo with --keep-emulator: the emulator's port, pid and log.
state="$root/.build/demo"
mkdir -p "$state"
if [ -s "$state/emulator.pid" ]; then
  previous="$(cat "$state/emulator.pid")"
  if ps -ww -p "$previous" -o args= 2>/dev/null | grep -q servicestage_emulator.py; then
    echo "== stopping the emulator that the last demo left running (pid $previous)"
    kill "$previous"
  fi
  rm -f "$state/emulator.pid"
fi

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  local status=$?
  # the emulator is left running only by a demo that ended well (not one that failed or was interrupted)
  if [ -n "$emulator_pid" ] && { [ -z "$keep" ] || [ "$status" != 0 ]; }; then
    kill "$emulator_pid" 2>/dev/null || true
    rm -f "$state/emulator.pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

echo "== building huaweicloud.servicestage and installing it with ansible-galaxy"
ansible-galaxy collection build "$root" --output-path "$work" --force >/dev/null
installed="$(ansible-galaxy collection install --force "$work"/huaweicloud-servicestage-*.tar.gz)"
printf '%s\n' "$installed" | grep '^Installing' || true

echo "== starting the ServiceStage emulator"
rm -f "$state/port"
# its IAM user and project are the ones of demo/project.yml and demo/vault.yml, which the guides use
python "$root/tests/emulator/servicestage_emulator.py" --port 0 --port-file "$state/port" --token demo-token \
  --project-id 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --iam-user my-account:deploy-bot:demo-IAM-password-4Rw8 \
  </dev/null >"$state/emulator.log" 2>&1 &
emulator_pid=$!
echo "$emulator_pid" > "$state/emulator.pid"
for _ in $(seq 50); do [ -s "$state/port" ] && break; sleep 0.1; done
if [ ! -s "$state/port" ]; then
  echo "the emulator did not start; its log ($state/emulator.log):" >&2
  cat "$state/emulator.log" >&2
  exit 1
fi
endpoint="http://127.0.0.1:$(cat "$state/port")"
export HUAWEICLOUD_SERVICESTAGE_ENDPOINT="$endpoint"

for run in first second; do
  echo "== $run run of demo/create-authorization.yml"
  ansible-playbook --vault-password-file "$root/demo/vault-pass.txt" "$root/demo/create-authorization.yml"
done

if [ -n "$keep" ]; then
  cat <<EOF
== the emulator goes on running at $endpoint (pid $emulator_pid, its log in .build/demo/emulator.log)
To try the guides against it, paste these lines into your shell:

cd "$root"
export PATH="$venv/bin:\$PATH"
export HUAWEICLOUD_SERVICESTAGE_ENDPOINT=$endpoint HUAWEICLOUD_IAM_ENDPOINT=$endpoint
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

Stop the emulator with: kill $emulator_pid   (running the demo again stops it too)
EOF
fi
