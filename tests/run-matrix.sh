#!/usr/bin/env bash
# Runs tests/run-tests.sh on every supported ansible-core, each in its own venv:
# 2.17, 2.18, 2.19 on Python 3.11 and 2.20, 2.21 on Python 3.13, and "requests-min":
# ansible-core 2.17 with the lowest requests that requirements.txt allows (tests/requirements-min.txt;
# without sanity and the linters, whose packages need a newer requests).
# The documentation site is built and read in the 2.19 row only (the other rows name it as skipped).
# Prints one line per row and a closing total; exits non-zero when any row failed.
#   tests/run-matrix.sh                    every row
#   tests/run-matrix.sh 2.19 requests-min  only these
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py311="${PY311:-python3.11}"
py313="${PY313:-/root/.pyenv/versions/3.13.0/bin/python3}"
command -v "$py313" >/dev/null 2>&1 || py313=python3.13
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(2.17 2.18 2.19 2.20 2.21 requests-min)

summary=()
failed=0
mkdir -p "$root/tests/output"
for row in "${rows[@]}"; do
  extra=()
  case "$row" in
    requests-min) core=2.17; python="$py311"
                  extra=(TEST_REQUIREMENTS="$root/tests/requirements-min.txt" SKIP_STATIC=1) ;;
    2.17|2.18|2.19) core="$row"; python="$py311" ;;
    *) core="$row"; python="$py313" ;;
  esac
  # the documentation site does not depend on the ansible-core under test: read once, in the 2.19 row
  [ "$row" = 2.19 ] || extra+=(SKIP_DOCS="read in the 2.19 row")
  log="$root/tests/output/matrix-$row.log"
  echo "== $row: ansible-core $core ($python): log in $log"
  if env CORE="$core" PYTHON="$python" "${extra[@]}" "$root/tests/run-tests.sh" > "$log" 2>&1; then
    status=ok
  else
    status=FAILED; failed=$((failed + 1))
  fi
  line="$(grep -E '^total: ' "$log" | tail -1)"
  versions="$(grep -Eo 'ansible-core [0-9.]+, python [0-9.]+, requests [0-9.]+' "$log" | head -1)"
  summary+=("$row ($versions): $status ($line)")
  echo "   $status: $line"
done
echo
printf '%s\n' "${summary[@]}"
echo "matrix: $(( ${#rows[@]} - failed )) passed, $failed failed"
[ "$failed" = 0 ]
