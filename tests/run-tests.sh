#!/usr/bin/env bash
# Runs every test of the collection on one ansible-core version:
#  - the end-to-end tests with pytest, three at a time (real ansible-playbook runs against the emulator,
#    every output searched for secrets);
#  - the unit tests under ansible-test units --venv, as collections run them, four at a time (they
#    wait on the emulator's fake jobs far more than they compute);
#  - the ansible-test integration targets against the emulator (tests/run-integration.sh);
#  - the documentation site, built with docs/build-site.sh and read in headless Chromium
#    (when chromium is installed; otherwise named as skipped in the closing line);
#  - ansible-test sanity (no ignore file), ansible-lint --profile production, the documentation
#    and changelog linters (antsibull-docs, antsibull-changelog), and a schema check of the
#    GitHub workflows.
# Ends with "total: N passed, N failed".
#
#   tests/run-tests.sh                     ansible-core 2.19 on python3 (3.11)
#   CORE=2.21 PYTHON=python3.13 tests/run-tests.sh
#   SKIP_STATIC=1 tests/run-tests.sh       without sanity and the linters
#   SKIP_DOCS="reason" tests/run-tests.sh  without the documentation site (named as skipped)
#   TEST_REQUIREMENTS=tests/requirements-min.txt SKIP_STATIC=1 tests/run-tests.sh   lowest requests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

core="${CORE:-2.19}"
python="${PYTHON:-python3}"
requirements="${TEST_REQUIREMENTS:-$root/tests/requirements.txt}"
venv="${VENV:-$root/.venv-$core$([ "$requirements" = "$root/tests/requirements.txt" ] || echo -min)}"
ensure_venv "$venv" "$python" "$core" -r "$root/requirements.txt" -r "$requirements"
export PATH="$venv/bin:$PATH"
py_version="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

collection="$(copy_collection "$root")"
collections_path="$(cd "$collection/../../.." && pwd)"
cd "$collection"
export ANSIBLE_COLLECTIONS_PATH="$collections_path"
export PYTHONPATH="$collections_path"
export SERVICESTAGE_E2E_TRANSCRIPT="$collection/tests/output/e2e-transcript.txt"
mkdir -p tests/output
install_get_pip_standin "$root" "$venv"
checks=()

echo "== end-to-end tests with pytest ($(python -c 'import platform, requests
from ansible.release import __version__
print("ansible-core %s, python %s, requests %s" % (__version__, platform.python_version(), requests.__version__))'))"
# three at a time (pytest-xdist): each run waits on ansible-playbook and the emulator's fake jobs more than it
# computes; each worker searches its own transcript for secrets
python -m pytest -p no:cacheprovider tests/e2e -q -rfE --durations=10 -n "${E2E_WORKERS:-3}" \
  --junitxml=tests/output/pytest.xml || true

echo "== the documentation site (docs/build-site.sh), read in headless Chromium"
if [ -n "${SKIP_DOCS:-}" ]; then
  checks+=("docs site=skipped ($SKIP_DOCS)")
elif command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  DOCS_VENV="$root/.venv-docs" python -m pytest -p no:cacheprovider tests/docs -q -rfE --junitxml=tests/output/docs.xml || true
else
  checks+=("docs site=skipped (no chromium: apt-get install chromium)")
fi

echo "== ansible-test units --venv (python $py_version)"
ansible-test units --venv --python "$py_version" --num-workers 4 --color no || true

echo "== ansible-test integration against the emulator (python $py_version)"
SERVICESTAGE_INTEGRATION_EMULATOR=1 COLLECTION="$collection" VENV="$venv" "$root/tests/run-integration.sh" || true

if [ -z "${SKIP_STATIC:-}" ]; then
  echo "== ansible-test sanity (python $py_version)"
  if ansible-test sanity --venv --python "$py_version" --color no; then checks+=(sanity=passed); else checks+=(sanity=failed); fi

  echo "== ansible-lint --profile production, antsibull-docs, antsibull-changelog lint"
  docs_ok=1
  ansible-lint --profile production --offline --nocolor || docs_ok=0
  # antsibull-docs lints a temporary copy of its own. With this copy visible too (PYTHONPATH), it took
  # the collection's path from one and the plugins' from the other: every edit-on-GitHub link pointed
  # into "../../../../antsibull-docs-XXXXXXXX/", which rstcheck refused when the random name ended in
  # "_" (seen once in CI).
  env -u ANSIBLE_COLLECTIONS_PATH -u PYTHONPATH antsibull-docs lint-collection-docs --plugin-docs . || docs_ok=0
  antsibull-changelog lint || docs_ok=0
  check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml || docs_ok=0
  if [ "$docs_ok" = 1 ]; then checks+=(linters=passed); else checks+=(linters=failed); fi
else
  checks+=(sanity=skipped linters=skipped)
fi

python "$root/tests/tools/summary.py" tests/output "${checks[@]}"
