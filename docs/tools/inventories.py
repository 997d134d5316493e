# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The intersphinx inventories of the docs site, without network (docs/build-site.sh runs this).

The conf.py that antsibull-docs sphinx-init writes looks for ansible_devel.inv, python2.inv,
python3.inv and jinja2.inv beside it when it cannot fetch them. For each: a local copy from
--local-dir (a downloaded objects.inv) when there is one; otherwise a small inventory written
here, with exactly the labels the pages use and the site does not define, found by a trial
build, each pointing at its page of docs.ansible.com or docs.python.org. A label this script
does not know fails the build: add it to LABELS, with its page.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

INVENTORIES = ("ansible_devel", "python2", "python3", "jinja2")
HEADER = ("# Sphinx inventory version 2\n# Project: %s\n# Version: %s\n"
          "# The remainder of this file is compressed using zlib.\n")
# label -> (inventory, page#anchor, title): the labels of other sites that the pages use.
LABELS = {
    "common_return_values": ("ansible_devel", "reference_appendices/common_return_values.html#common-return-values",
                             "Return Values"),
    "ansible_configuration_settings": ("ansible_devel", "reference_appendices/config.html#ansible-configuration-settings",
                                       "Ansible Configuration Settings"),
    "module_defaults": ("ansible_devel", "playbook_guide/playbooks_module_defaults.html#module-defaults",
                        "Module defaults"),
}
# A plugin page of another collection on docs.ansible.com: collections/NS/NAME/PLUGIN_TYPE.html
PLUGIN_LABEL = re.compile(r"ansible_collections\.(?P<namespace>\w+)\.(?P<collection>\w+)\.(?P<plugin>\w+)_"
                          r"(?P<type>module|lookup|filter|test|callback|connection|inventory|become|cache)\Z")


def write_inventory(path, project, entries):
    """A Sphinx v2 inventory: entries are (name, domain:role, uri, title)."""
    lines = "".join("%s %s -1 %s %s\n" % (name, role, uri, title) for name, role, uri, title in entries)
    with open(path, "wb") as handle:
        handle.write((HEADER % (project, "offline")).encode("utf-8") + zlib.compress(lines.encode("utf-8")))


def where(label):
    """(inventory, uri, title) of a label the pages use, or None."""
    if label in LABELS:
        return LABELS[label]
    match = PLUGIN_LABEL.match(label)
    if match:
        fields = match.groupdict()
        page = "collections/%(namespace)s/%(collection)s/%(plugin)s_%(type)s.html" % fields
        anchor = re.sub(r"[^a-z0-9]+", "-", label.lower())
        return "ansible_devel", "%s#%s" % (page, anchor), "%(namespace)s.%(collection)s.%(plugin)s %(type)s" % fields
    return None


def missing_labels(site):
    """The labels a trial build (with the inventories as they are now) cannot resolve, and other problems."""
    folder = tempfile.mkdtemp()
    warnings_file = os.path.join(folder, "warnings.txt")
    try:
        subprocess.run(["sphinx-build", "-M", "html", "rst", os.path.join(folder, "build"), "-c", ".", "-q",
                        "--keep-going", "-w", warnings_file], cwd=site, check=False, capture_output=True)
        with open(warnings_file, encoding="utf-8") as handle:
            warnings = handle.read().splitlines()
    finally:
        shutil.rmtree(folder)
    labels = sorted(set(re.findall(r"undefined label: '([^']+)'", "\n".join(warnings))))
    others = [line for line in warnings if "undefined label" not in line and "WARNING" in line
              and "failed to reach any of the inventories" not in line and "intersphinx inventory" not in line]
    return labels, others


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", required=True, help="the folder antsibull-docs sphinx-init wrote (conf.py)")
    parser.add_argument("--local-dir", help="a folder with downloaded inventories, NAME.inv")
    args = parser.parse_args()

    local = [name for name in INVENTORIES
             if args.local_dir and os.path.isfile(os.path.join(args.local_dir, name + ".inv"))]
    for name in INVENTORIES:
        target = os.path.join(args.site, name + ".inv")
        if name in local:
            shutil.copy(os.path.join(args.local_dir, name + ".inv"), target)
        else:
            write_inventory(target, name, [])

    labels, others = missing_labels(args.site)
    entries = dict((name, []) for name in INVENTORIES)
    unknown = []
    for label in labels:
        found = where(label)
        if found is None or found[0] in local:
            unknown.append(label)
        else:
            entries[found[0]].append((label, "std:label", found[1], found[2]))
    if unknown or others:
        for label in unknown:
            print("undefined label %r: add it to LABELS in %s with its page" % (label, __file__), file=sys.stderr)
        for line in others:
            print(line, file=sys.stderr)
        sys.exit(1)
    for name in INVENTORIES:
        if name in local:
            print("intersphinx %s: the local %s" % (name, os.path.join(args.local_dir, name + ".inv")))
            continue
        write_inventory(os.path.join(args.site, name + ".inv"), name, entries[name])
        print("intersphinx %s: written here, %d label%s%s" % (
            name, len(entries[name]), "" if len(entries[name]) == 1 else "s",
            (": " + ", ".join(entry[0] for entry in entries[name])) if entries[name] else ""))


if __name__ == "__main__":
    main()
