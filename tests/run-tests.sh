#!/usr/bin/env bash
# Runs every test of the collection on one ansible-core version:
# unit and end-to-end tests (real ansible-playbook runs against the emulator),
# ansible-test sanity (no ignore file), ansible-lint --profile production, and the
# documentation and changelog linters (antsibull-docs, antsibull-changelog).
#
#   tests/run-tests.sh                     ansible-core 2.19 on python3 (3.11)
#   CORE=2.21 PYTHON=python3.13 tests/run-tests.sh
#   SKIP_STATIC=1 tests/run-tests.sh       only unit and end-to-end tests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

core="${CORE:-2.19}"
python="${PYTHON:-python3}"
venv="${VENV:-$root/.venv-$core}"
ensure_venv "$venv" "$python" "$core" -r "$root/tests/requirements.txt"
export PATH="$venv/bin:$PATH"
py_version="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

collection="$(copy_collection "$root")"
collections_path="$(cd "$collection/../../.." && pwd)"
cd "$collection"
export ANSIBLE_COLLECTIONS_PATH="$collections_path"
export PYTHONPATH="$collections_path"
export SERVICESTAGE_E2E_TRANSCRIPT="$collection/tests/output/e2e-transcript.txt"
mkdir -p tests/output
: > "$SERVICESTAGE_E2E_TRANSCRIPT"

failed=0
static_failed=0
echo "== unit and end-to-end tests (ansible-core $core, python $py_version)"
python -m pytest -p no:cacheprovider tests/unit tests/e2e -q -rfE \
  --junitxml=tests/output/pytest.xml || failed=1

if [ -z "${SKIP_STATIC:-}" ]; then
  echo "== ansible-test sanity (python $py_version)"
  install_get_pip_standin "$root" "$venv"
  ansible-test sanity --venv --python "$py_version" --color no || static_failed=$((static_failed + 1))

  echo "== ansible-lint --profile production, antsibull-docs, antsibull-changelog lint"
  docs_ok=1
  ansible-lint --profile production --offline --nocolor || docs_ok=0
  antsibull-docs lint-collection-docs --plugin-docs . || docs_ok=0
  antsibull-changelog lint || docs_ok=0
  [ "$docs_ok" = 1 ] || static_failed=$((static_failed + 1))
fi

python "$root/tests/tools/summary.py" tests/output/pytest.xml "${SKIP_STATIC:+skipped}" "$static_failed"
[ "$failed" = 0 ] && [ "$static_failed" = 0 ]
