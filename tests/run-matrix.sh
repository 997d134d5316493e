#!/usr/bin/env bash
# Runs tests/run-tests.sh on every supported ansible-core, each in its own venv:
# 2.17, 2.18, 2.19 on Python 3.11 and 2.20, 2.21 on Python 3.13.
# Prints one line per version and a closing total; exits non-zero when any version failed.
#   tests/run-matrix.sh              all five
#   tests/run-matrix.sh 2.19 2.21    only these
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py311="${PY311:-python3.11}"
py313="${PY313:-/root/.pyenv/versions/3.13.0/bin/python3}"
command -v "$py313" >/dev/null 2>&1 || py313=python3.13
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(2.17 2.18 2.19 2.20 2.21)

summary=()
failed=0
for core in "${versions[@]}"; do
  case "$core" in 2.17|2.18|2.19) python="$py311" ;; *) python="$py313" ;; esac
  log="$root/tests/output/matrix-$core.log"
  mkdir -p "$root/tests/output"
  echo "== ansible-core $core ($python): log in $log"
  if CORE="$core" PYTHON="$python" "$root/tests/run-tests.sh" > "$log" 2>&1; then status=ok; else status=FAILED; failed=$((failed + 1)); fi
  line="$(grep -E '^total: ' "$log" | tail -1)"
  summary+=("ansible-core $core: $status ($line)")
  echo "   $status: $line"
done
echo
printf '%s\n' "${summary[@]}"
echo "matrix: $(( ${#versions[@]} - failed )) passed, $failed failed"
[ "$failed" = 0 ]
