#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_git_token_auth
short_description: Manage ServiceStage personal-access-token authorizations for Git repositories
version_added: 0.1.0
description:
  - Ensures that a ServiceStage personal-access-token authorization for GitHub, GitLab or Gitee exists
    (optionally for a self-hosted server given by O(host)), or does not exist.
  - The API can neither read a token back nor update an authorization. An existing authorization with
    another O(repo_type), or for another server than O(host), is deleted and created again; an unchanged
    one is left alone unless O(update_token) says otherwise.
  - Shares its decision logic with M(huaweicloud.servicestage.servicestage_git_password_auth).
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  name:
    description:
      - Name of the authorization, 4 to 63 characters, each a letter, digit, C(.), C(_) or C(-).
    type: str
    required: true
  repo_type:
    description:
      - Type of the Git service.
    type: str
    choices: [github, gitlab, gitee]
    default: github
  token:
    description:
      - Personal access token. Required when O(state=present). Keep it in Ansible Vault.
      - Never returned, logged or shown in a diff.
    type: str
  host:
    description:
      - Base URL of a self-hosted server, for example C(https://gitlab.example.com).
      - How the API lists the host differs between its sources (the API page's example lists the given
        address as C(repo_home) and the service's API server as C(repo_host)), so O(host) counts as
        matching when the listed C(repo_host) or C(repo_home) is the host or lies under it, compared
        without regard to the case of scheme and host or a trailing slash.
      - An existing authorization is replaced only when neither C(repo_host) nor C(repo_home) is on the
        host's server. When one is on the same server in a form the module cannot compare (another path),
        it is left as it is, with a warning; run once with O(update_token=always) to write it for this host.
    type: str
  update_token:
    description:
      - V(on_create) sets the token only when the authorization is created (or re-created because
        O(repo_type) or O(host) changed).
      - V(on_invalid) also replaces the token (deletes and re-creates the authorization) when the list
        says ServiceStage cannot use it, with status C(1) (overdue) or C(2) (not authenticated).
      - V(always) deletes and re-creates an existing authorization to set the token, and reports changed.
      - Whatever the choice, an authorization whose status is not C(0) (normal) after the task is named in
        a warning.
    type: str
    choices: [on_create, on_invalid, always]
    default: on_create
  state:
    description:
      - V(present) creates the authorization or brings it to the wanted type and host.
      - V(absent) deletes it when it exists.
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    A change of O(repo_type) or O(host), or O(update_token=always), deletes the authorization and
    creates it again: the API has no update call. If the create then fails (for example
    C(SVCSTG.REPO.0451), the Git service refused the token), the task fails with
    C(changed=true) and a message saying that the old authorization was deleted and does not exist
    now, with the API's status, code and request id. ServiceStage cannot pull with it until the task
    succeeds: fix the token and run the task again, which creates it.
extends_documentation_fragment:
  - huaweicloud.servicestage.servicestage
  - huaweicloud.servicestage.servicestage.IAM
  - huaweicloud.servicestage.servicestage.CONNECTION
  - huaweicloud.servicestage.servicestage.MODULE_HOST
  - huaweicloud.servicestage.servicestage.ACTION_GROUP
  - huaweicloud.servicestage.servicestage.CHECK_MODE_AND_DIFF
  - huaweicloud.servicestage.servicestage.WRITES
  - huaweicloud.servicestage.field_rules.GIT_AUTHORIZATION
"""

EXAMPLES = r"""
# ansible-vault encrypt_string --name github_token 'ghp_...' >> group_vars/all/vault.yml
- name: Manage ServiceStage token authorizations
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
    - name: Let ServiceStage pull from GitHub
      huaweicloud.servicestage.servicestage_git_token_auth:
        name: github-ci
        repo_type: github
        token: "{{ github_token }}"

    - name: A self-hosted GitLab, one authorization per group; tokens looked up by name, not in the loop items
      huaweicloud.servicestage.servicestage_git_token_auth:
        name: "{{ item }}"
        repo_type: gitlab
        host: https://gitlab.example.com
        token: "{{ gitlab_tokens[item] }}"
      loop: "{{ gitlab_tokens.keys() | list }}"
      loop_control:
        label: "{{ item }}"

    - name: Rotate a token (deletes and re-creates the authorization)
      huaweicloud.servicestage.servicestage_git_token_auth:
        name: github-ci
        token: "{{ github_token }}"
        update_token: always

    - name: Remove an authorization
      huaweicloud.servicestage.servicestage_git_token_auth:
        name: old-gitee
        state: absent
"""

RETURN = r"""
authorization:
  description:
    - The authorization as the API returns it, and C(status_text), what its C(status) means (V(normal),
      V(overdue), V(not authenticated)). Never holds a secret.
    - Empty when it does not exist (or was deleted).
    - In check mode, when it would be created, only the fields the module knows (the given O(host) as C(host)).
  returned: success, and failures after the list request
  type: dict
  contains:
    status:
      description: The list's status, C(0) normal, C(1) overdue, C(2) not authenticated.
      type: int
    status_text:
      description: What C(status) means.
      type: str
      sample: normal
  sample:
    name: github-ci
    repo_type: github
    repo_host: https://api.github.com
    repo_home: https://github.com/ci-bot
    repo_user: ci-bot
    token_type: personal
    create_time: 1634119075119
    update_time: 1634119075119
    status: 0
    status_text: normal
msg:
  description: What the module did, or would do in check mode, and why.
  returned: always
  type: str
  sample: "created authorization 'github-ci': it does not exist"
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
  sample: 401
error_code:
  description: The API's error code.
  returned: failure from the API, when the API gave one
  type: str
  sample: SVCSTG.REPO.0401
error_msg:
  description: The API's error message.
  returned: failure from the API, when the API gave one
  type: str
request_id:
  description: The C(X-Request-Id) of the failed request.
  returned: failure from the API, when the API gave one
  type: str
step:
  description:
    - The step that failed, V(list), V(create) or V(delete); with an access key or IAM login also
      V(project lookup) or V(IAM login); for an unexpected error also V(input validation) or V(authentication).
  returned: failure from the API
  type: str
attempts:
  description: How many times the failed request was tried, attempts that could not connect included.
  returned: failure from the API
  type: int
"""

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import ServiceStageModule
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources import git_auth


def main():
    module = ServiceStageModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            repo_type=dict(type="str", choices=list(git_auth.TOKEN_REPO_TYPES), default="github"),
            token=dict(type="str", no_log=True),
            host=dict(type="str"),
            update_token=dict(type="str", choices=list(git_auth.UPDATE_CHOICES), default="on_create", no_log=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_if=[("state", "present", ("token",))],
        supports_check_mode=True,
    )
    git_auth.ensure_token(module)


if __name__ == "__main__":
    main()
