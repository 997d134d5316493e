# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Offline stand-in for the get-pip.py script that ansible-test downloads.

ansible-test runs ~/.ansible/test/cache/get_pip_<version>.py with pip's install arguments
when that file exists. This bootstraps pip with ensurepip instead of a download, then
installs the requested packages from the configured package index.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import subprocess
import sys

DROPPED = ("--no-setuptools", "--no-wheel")


def main():
    arguments = [argument for argument in sys.argv[1:] if argument not in DROPPED]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    if arguments:
        subprocess.check_call([sys.executable, "-m", "pip", "install"] + arguments)


if __name__ == "__main__":
    main()
