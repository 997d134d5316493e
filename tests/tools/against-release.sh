#!/usr/bin/env bash
# Runs tests of this checkout against the plugins of an earlier commit: the way to watch a fix's test fail
# without it ("revert once and watch"). The tests, the emulator and the fixtures are this checkout's; only
# plugins/ comes from REV.
#
#   tests/tools/against-release.sh REV [pytest arguments...]
#   tests/tools/against-release.sh 2a9f141 tests/unit/plugins/modules/test_review_0_4_0.py
#
# Uses VENV (default .venv-2.19, as tests/run-tests.sh makes it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"
rev="$1"
shift
venv="${VENV:-$root/.venv-2.19}"
collection="$(SERVICESTAGE_BUILD_DIR="${TMPDIR:-/tmp}/servicestage-against-$rev" copy_collection "$root")"
rm -rf "$collection/plugins"
git -C "$root" archive "$rev" plugins | tar -xf - -C "$collection"
collections_path="$(cd "$collection/../../.." && pwd)"
cd "$collection"
ANSIBLE_COLLECTIONS_PATH="$collections_path" PYTHONPATH="$collections_path" "$venv/bin/python" -m pytest \
  -p no:cacheprovider -q -rf "$@"
