# shellcheck shell=bash
# Helpers shared by tests/run-tests.sh, tests/run-matrix.sh and demo/run-demo.sh.

# ensure_venv VENV PYTHON CORE_VERSION [pip install arguments...]
# Creates VENV with ansible-core CORE_VERSION.* and the given packages; a stamp file
# skips the install when nothing asked for has changed.
ensure_venv() {
  local venv="$1" python="$2" core="$3"
  shift 3
  local want stamp="$venv/.servicestage-stamp" argument
  # what was asked for, with requirement files by name and content (not path: a copy of the
  # checkout asks for the same venv)
  want="ansible-core==$core.*"
  for argument in "$@"; do
    if [ -f "$argument" ]; then
      want="$want $(basename "$argument"):$(sha256sum < "$argument" | cut -c1-16)"
    else
      want="$want $argument"
    fi
  done
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "== setting up $venv (ansible-core $core, $("$python" --version 2>&1))" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet --quiet --disable-pip-version-check "ansible-core==$core.*" "$@" >&2
  echo "$want" > "$stamp"
}

# copy_collection ROOT -> prints the path of a fresh copy under .../ansible_collections/huaweicloud/servicestage
# (ansible-test needs the collection physically there; a symlink does not do).
copy_collection() {
  local root="$1" build
  build="${SERVICESTAGE_BUILD_DIR:-${TMPDIR:-/tmp}/huaweicloud-servicestage-$(printf %s "$root" | sha256sum | cut -c1-12)}"
  local target="$build/ansible_collections/huaweicloud/servicestage"
  rm -rf "$target"
  mkdir -p "$target"
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard \
       | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
       | tar --null -T - -cf -) | tar -xf - -C "$target"
  else
    # not a git checkout (a copy made by this function, say): everything but what .gitignore names
    (cd "$root" && tar --exclude='./.venv*' --exclude='./tests/output' --exclude='__pycache__' \
       --exclude='./docs/_build' --exclude='./.ansible' --exclude='*.tar.gz' -cf - .) | tar -xf - -C "$target"
  fi
  echo "$target"
}

# install_get_pip_standin ROOT VENV: lets ansible-test bootstrap pip without its download host,
# under the name of the pip version that VENV's ansible-test asks for.
install_get_pip_standin() {
  local cache="$HOME/.ansible/test/cache" version
  mkdir -p "$cache"
  version="$(grep -ho "pip='[0-9.]*'" "$2"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py \
             | head -1 | tr -dc '0-9.' | tr . _)"
  for version in ${version:-24_2} 24_2 25_2; do
    [ -f "$cache/get_pip_$version.py" ] || cp "$1/tests/tools/get_pip_standin.py" "$cache/get_pip_$version.py"
  done
}
