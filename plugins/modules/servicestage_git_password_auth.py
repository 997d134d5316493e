#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_git_password_auth
short_description: Manage ServiceStage password authorizations for Git repositories
version_added: 0.1.0
description:
  - Ensures that a ServiceStage password authorization for a Git repository (Bitbucket or
    CodeArts/DevCloud) exists with the wanted user, or does not exist, so that ServiceStage can pull code.
  - The API can neither read a password back nor update an authorization. An existing authorization
    with another O(user) or O(repo_type) is deleted and created again; an unchanged one is left alone
    unless O(update_password=always).
  - Reads the authorization by listing all authorizations of the project (the API has no get-by-name).
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
      - Type of the Git repository. V(devcloud) is CodeArts Repo, also accepted as V(codearts); it is
        sent as V(devcloud).
      - The list may spell a type differently (the API pages list C(codearts) and C(DevCloud)). Types are
        compared without regard to case, and V(devcloud) and V(codearts) count as the same type.
    type: str
    choices: [bitbucket, devcloud, codearts]
    default: bitbucket
  user:
    description:
      - Repository user name. Required when O(state=present).
    type: str
  password:
    description:
      - Repository password (or app password). Required when O(state=present). Keep it in Ansible Vault.
      - Never returned, logged or shown in a diff.
    type: str
  update_password:
    description:
      - V(on_create) sets the password only when the authorization is created (or re-created because
        O(user) or O(repo_type) changed); an existing one is reported unchanged.
      - V(on_invalid) also replaces the password (deletes and re-creates the authorization) when the list
        says ServiceStage cannot use it, with status C(1) (overdue) or C(2) (not authenticated).
      - V(always) deletes and re-creates an existing authorization to set the password, and reports
        changed every time, because the API cannot tell whether the password differs.
      - Whatever the choice, an authorization whose status is not C(0) (normal) after the task is named in
        a warning.
    type: str
    choices: [on_create, on_invalid, always]
    default: on_create
  state:
    description:
      - V(present) creates the authorization or brings it to the wanted user and type.
      - V(absent) deletes it when it exists.
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    A change of O(user) or O(repo_type), or O(update_password=always), deletes the authorization and
    creates it again: the API has no update call. If the create then fails (for example
    C(SVCSTG.REPO.0451), the repository refused the user and password), the task fails with
    C(changed=true) and a message saying that the old authorization was deleted and does not exist
    now, with the API's status, code and request id. ServiceStage cannot pull with it until the task
    succeeds: fix the credentials and run the task again, which creates it.
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
# Vault the secrets once:
#   ansible-vault encrypt_string --name bitbucket_password 'the-app-password' >> group_vars/all/vault.yml
#   ansible-vault encrypt_string --name servicestage_token "$(cat token.txt)" >> group_vars/all/vault.yml

- name: Manage ServiceStage authorizations
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
    - name: Let ServiceStage pull from Bitbucket
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: bitbucket-ci
        user: ci-bot
        password: "{{ bitbucket_password }}"

    - name: Replace the password only when ServiceStage reports it overdue or not authenticated
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: bitbucket-ci
        user: ci-bot
        password: "{{ bitbucket_password }}"
        update_password: on_invalid

    - name: Rotate the password (deletes and re-creates the authorization)
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: bitbucket-ci
        user: ci-bot
        password: "{{ bitbucket_password }}"
        update_password: always

    # Keep secrets out of loop items: with -v Ansible prints each whole item, whatever the
    # label says. Loop over names and users, and look each password up in a vaulted dict.
    - name: One authorization per team
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: "{{ item.name }}"
        repo_type: devcloud
        user: "{{ item.user }}"
        password: "{{ codearts_passwords[item.name] }}"
      loop: "{{ codearts_accounts }}"  # [{name: team-a, user: bot-a}, ...], no secrets
      loop_control:
        label: "{{ item.name }}"

    - name: Remove an authorization
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: old-bitbucket
        state: absent

# With an access key pair instead of a token (the project is looked up by region),
# or an IAM user: iam_domain, iam_user and iam_password (vaulted) instead of the keys.
- name: Authorizations with signed requests
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/huaweicloud.servicestage.servicestage:
      region: cn-north-4
      access_key: "{{ huaweicloud_access_key }}"
      secret_key: "{{ huaweicloud_secret_key }}"
  tasks:
    - name: Let ServiceStage pull from CodeArts
      huaweicloud.servicestage.servicestage_git_password_auth:
        name: codearts-ci
        repo_type: devcloud
        user: ci-bot
        password: "{{ codearts_password }}"
"""

RETURN = r"""
authorization:
  description:
    - The authorization as the API returns it, and C(status_text), what its C(status) means (V(normal),
      V(overdue), V(not authenticated)). Never holds a secret.
    - Empty when it does not exist (or was deleted).
    - In check mode, when it would be created, only the fields the module knows.
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
    name: bitbucket-ci
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
msg:
  description: What the module did, or would do in check mode, and why.
  returned: always
  type: str
  sample: "created authorization 'bitbucket-ci': it does not exist"
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
  sample: 401
error_code:
  description: The API's error code.
  returned: failure from the API, when the API gave one
  type: str
  sample: APIG.1002
error_msg:
  description: The API's error message.
  returned: failure from the API, when the API gave one
  type: str
  sample: Incorrect token or token resolution failed
request_id:
  description: The C(X-Request-Id) of the failed request, for Huawei Cloud support.
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
            repo_type=dict(type="str", choices=list(git_auth.PASSWORD_REPO_CHOICES), default="bitbucket"),
            user=dict(type="str"),
            password=dict(type="str", no_log=True),
            update_password=dict(type="str", choices=list(git_auth.UPDATE_CHOICES), default="on_create",
                                 no_log=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_if=[("state", "present", ("user", "password"))],
        supports_check_mode=True,
    )
    git_auth.ensure_password(module)


if __name__ == "__main__":
    main()
