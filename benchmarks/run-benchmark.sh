#!/usr/bin/env bash
# Benchmark: the module against hand-written ansible.builtin.uri playbooks and ansible.builtin.ping,
# side by side against the emulator. Arguments go to benchmarks/benchmark.py, e.g.
#   benchmarks/run-benchmark.sh --count 20 --rounds 3 --latency-ms 30
# Writes benchmarks/results.json, then docs/docsite/rst/guide_performance.rst from it (benchmarks/render.py).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

core="${CORE:-2.19}"
venv="${VENV:-$root/.venv-$core}"
# the same packages as tests/run-tests.sh asks for, so that both share the venv
ensure_venv "$venv" "${PYTHON:-python3}" "$core" -r "$root/requirements.txt" -r "$root/tests/requirements.txt"
# a build folder of its own: the test suite's copy may be in use
collection="$(SERVICESTAGE_BUILD_DIR="${TMPDIR:-/tmp}/huaweicloud-servicestage-benchmark" copy_collection "$root")"
collections_path="$(cd "$collection/../../.." && pwd)"
# the commit measured, "-dirty" when the checkout has uncommitted changes
commit="$(git -C "$root" describe --always --dirty --abbrev=12 2>/dev/null || echo "not a git checkout")"
ANSIBLE_COLLECTIONS_PATH="$collections_path" PYTHONPATH="$collections_path" \
  "$venv/bin/python" "$collection/benchmarks/benchmark.py" --output "$root/benchmarks/results.json" --commit "$commit" "$@"
# the documentation's performance page is generated from the results, never edited by hand
"$venv/bin/python" "$root/benchmarks/render.py"
