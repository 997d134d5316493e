#!/usr/bin/env bash
# Builds the HTML documentation site of this checkout's collection into docs/_build/html/
# (index.html at its root; DOCS_SITE_DIR names another folder), as the antsibull-docs site of community.hashi_vault and amazon.aws:
#
#   antsibull-docs sphinx-init --use-current --fail-on-error, with the collection's front page
#   (docs/site/index.rst) in place of the builder's placeholder and the workflow's init-append-conf-py
#   appended to conf.py (it copies docs/examples/, which the guides quote), then the steps of its build.sh:
#   antsibull-docs collection --fail-on-error, and sphinx-build with warnings as errors.
#
# One command, like the demo: it makes its own venv (.venv-docs, or DOCS_VENV) with the tools pinned in
# docs/requirements-site.txt. It needs no network but the package index: the intersphinx inventories
# that the generated conf.py looks for (ansible_devel, python2, python3, jinja2) are taken from
# docs/intersphinx/<name>.inv (or INTERSPHINX_DIR) when present, or else written small, with exactly
# the labels the pages use (docs/tools/inventories.py); it says which it used.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tests/tools/lib.sh
source "$root/tests/tools/lib.sh"

venv="${DOCS_VENV:-$root/.venv-docs}"
# its own variables: the test run around it may set CORE and PYTHON for another ansible-core
ensure_venv "$venv" "${DOCS_PYTHON:-python3}" "${DOCS_CORE:-2.19}" -r "$root/docs/requirements-site.txt"
export PATH="$venv/bin:$PATH"

collection="$(SERVICESTAGE_BUILD_DIR="${TMPDIR:-/tmp}/huaweicloud-servicestage-docs" copy_collection "$root")"
export ANSIBLE_COLLECTIONS_PATH
ANSIBLE_COLLECTIONS_PATH="$(cd "$collection/../../.." && pwd)"
unset PYTHONPATH

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
site="$work/site"
# antsibull-docs wants a destination owned by the caller and writable only by it
mkdir -m 700 "$site"

echo "== antsibull-docs sphinx-init (front page: docs/site/index.rst)"
# the collection's own front page instead of the builder's placeholder, and its name as the site's title;
# .github/workflows/docs.yml passes the same (init-index-rst-source, init-project, init-title)
antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$site" \
  --index-rst-source "$collection/docs/site/index.rst" --project huaweicloud.servicestage \
  --copyright "huaweicloud.servicestage developers" --title "huaweicloud.servicestage" \
  huaweicloud.servicestage >/dev/null
cmp -s "$collection/docs/site/index.rst" "$site/rst/index.rst" || { echo "sphinx-init did not take docs/site/index.rst" >&2; exit 1; }
echo "== conf.py: the guides' examples (init-append-conf-py of .github/workflows/docs.yml)"
# What the workflow appends to its conf.py, appended here too: it copies docs/examples/ (the playbooks the
# guides quote with literalinclude) into the site, since antsibull-docs copies only the guides' .rst files.
python - "$collection/.github/workflows/docs.yml" >> "$site/conf.py" <<'PYTHON'
import sys
import yaml
with open(sys.argv[1], encoding="utf-8") as handle:
    jobs = yaml.safe_load(handle)["jobs"]
texts = [job["with"].get("init-append-conf-py") for job in jobs.values() if "init-title" in job.get("with", {})]
if len(texts) != 2 or len(set(texts)) != 1 or not texts[0]:
    sys.exit("the two build jobs of .github/workflows/docs.yml must carry the same init-append-conf-py")
print(texts[0])
PYTHON
cd "$site"
echo "== antsibull-docs collection"
mkdir -p rst
chmod og-w rst
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error --use-current \
  --dest-dir rst huaweicloud.servicestage >/dev/null
echo "== intersphinx inventories"
python "$root/docs/tools/inventories.py" --site "$site" --local-dir "${INTERSPHINX_DIR:-$root/docs/intersphinx}"
echo "== sphinx-build (warnings are errors)"
sphinx-build -M html rst build -c . -W --keep-going -q

output="${DOCS_SITE_DIR:-$root/docs/_build/html}"
rm -rf "$output"
mkdir -p "$(dirname "$output")"
cp -r "$site/build/html" "$output"
echo "The site is in $output/ (open $output/index.html)."
