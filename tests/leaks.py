# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The leak detector of every test: a secret counts as printed in any form a program could
print it in (raw, JSON-escaped, repr'd as text or bytes, %r-formatted, base64- or
percent-encoded, or in pieces)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import re

from ansible.module_utils.six.moves.urllib.parse import quote, quote_plus


def secret_forms(secret):
    """The ways a secret could appear in output: as is, JSON-, repr-, base64- or percent-encoded,
    or in pieces (each line, and each run of 10 or more word characters)."""
    encoded = secret.encode("utf-8")
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1],
             repr(encoded)[2:-1], base64.b64encode(encoded).decode("ascii"), quote(encoded, safe=""),
             quote_plus(encoded, safe="")}
    for form in list(forms):
        forms.update(line for line in form.splitlines() if len(line) >= 8)
        forms.update(re.findall(r"[\w-]{10,}", form))
    return forms


def leaked(text, secrets):
    """The secrets found in text, in any of their forms."""
    return [secret for secret in secrets if any(form in text for form in secret_forms(secret))]
