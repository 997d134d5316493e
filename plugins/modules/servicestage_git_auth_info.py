#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_git_auth_info
short_description: List ServiceStage repository authorizations
version_added: 0.1.0
description:
  - Lists the Git repository authorizations of a project (password, personal-token and OAuth ones),
    optionally filtered. Read-only; never reports changed.
  - One list request, whatever the filters (the API lists all authorizations and filters nothing); with
    O(iam_user), or O(access_key) without O(project_id), the IAM login or project lookup first.
  - Warns with the name of each matching authorization whose status is not C(0) (normal), since ServiceStage
    cannot pull with it.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Only the authorization with this name.
    type: str
  repo_type:
    description:
      - Only authorizations for this repository type, for example V(bitbucket), V(devcloud), V(github),
        V(gitlab) or V(gitee). Compared without regard to case, with V(devcloud) and V(codearts) (CodeArts
        Repo) as the same type, however the list spells them.
    type: str
  token_type:
    description:
      - Only authorizations of this kind.
    type: str
    choices: [password, personal, oauth]
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.INFO_MODULE
"""

EXAMPLES = r"""
- name: Look up authorizations
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/huaweicloud.servicestage.servicestage:
      region: cn-north-4
      project_id: 0123456789abcdef0123456789abcdef
      auth_token: "{{ servicestage_token }}"
  tasks:
    - name: All authorizations of the project
      huaweicloud.servicestage.servicestage_git_auth_info:
      register: all_authorizations

    - name: Overdue or not authenticated ones (the task warns about each too)
      ansible.builtin.debug:
        msg: "{{ all_authorizations.authorizations | rejectattr('status', 'equalto', 0) | map(attribute='name') | list }}"

    - name: The password authorizations for Bitbucket
      huaweicloud.servicestage.servicestage_git_auth_info:
        repo_type: bitbucket
        token_type: password
      register: bitbucket_authorizations
"""

RETURN = r"""
authorizations:
  description:
    - The matching authorizations, as the API returns them (no secrets; the API returns none), with C(status_text),
      what C(status) means (V(normal), V(overdue), V(not authenticated)).
  returned: success
  type: list
  elements: dict
  sample:
    - name: bitbucket-ci
      repo_type: bitbucket
      repo_host: https://api.bitbucket.org
      repo_home: https://bitbucket.org/ci-bot/
      repo_user: ci-bot
      avartar: https://secure.gravatar.com/avatar/05a7b4a2
      token_type: password
      create_time: 1634119075119
      update_time: 1634119075119
      status: 0
      status_text: normal
      tag: null
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import git_auth


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            name=dict(type="str"),
            repo_type=dict(type="str"),
            token_type=dict(type="str", choices=["password", "personal", "oauth"]),
        ),
        supports_check_mode=True,
    )
    git_auth.list_matching(module)


if __name__ == "__main__":
    main()
