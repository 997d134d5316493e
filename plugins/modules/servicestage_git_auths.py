#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: servicestage_git_auths
short_description: Manage a set of ServiceStage Git repository authorizations in one task
version_added: 0.3.0
description:
  - Ensures that each listed repository authorization exists as described (a password authorization
    for Bitbucket or CodeArts/DevCloud, a personal-access-token one for GitHub, GitLab or Gitee) or does
    not exist, with one list request for the whole set.
  - Each authorization is decided exactly as M(huaweicloud.servicestage.servicestage_git_password_auth)
    and M(huaweicloud.servicestage.servicestage_git_token_auth) decide it; the API can neither read a
    secret back nor update an authorization, so a changed user, type or host means delete and create.
  - With O(purge=true), every password or personal-token authorization of the project that the list
    does not name is deleted, or with O(purge_match) only those whose names match it. A listed name is
    never purged, and OAuth authorizations never are. Read "Purge safely" in the notes first.
  - The task lists the project's authorizations once, whatever their number, and sends one write per change
    (two for a re-create); when nothing changes, and in check mode, it writes nothing. With O(iam_user) it
    logs in to IAM first, and with O(access_key) but no O(project_id) it looks the project up first, one
    request more.
author:
  - huaweicloud.servicestage developers (@huaweicloud)
options:
  authorizations:
    description:
      - The authorizations to manage. Names must be unique in the list.
      - Every item is checked before any request, and all problems are reported at once.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the authorization, 4 to 63 characters, each a letter, digit, C(.), C(_) or C(-).
        type: str
        required: true
      repo_type:
        description:
          - Type of the Git repository. V(bitbucket) and V(devcloud) (CodeArts Repo, also accepted as V(codearts)
            and sent as V(devcloud)) take O(authorizations[].user) and O(authorizations[].password); V(github),
            V(gitlab) and V(gitee) take O(authorizations[].token) and optionally O(authorizations[].host).
          - Types are compared with the list's without regard to case, V(devcloud) and V(codearts) as the same type.
        type: str
        choices: [bitbucket, devcloud, codearts, github, gitlab, gitee]
        default: bitbucket
      user:
        description:
          - Repository user name, for V(bitbucket) and V(devcloud). Required when present.
        type: str
      password:
        description:
          - Repository password (or app password), for V(bitbucket) and V(devcloud). Required when present.
          - Never returned, logged or shown in a diff. Keep it in Ansible Vault.
        type: str
      token:
        description:
          - Personal access token, for V(github), V(gitlab) and V(gitee). Required when present.
          - Never returned, logged or shown in a diff. Keep it in Ansible Vault.
        type: str
      host:
        description:
          - Base URL of a self-hosted server, for V(github), V(gitlab) and V(gitee), for example
            C(https://gitlab.example.com).
          - It matches when the listed C(repo_host) or C(repo_home) is the host or lies under it (compared without
            regard to the case of scheme and host or a trailing slash); the authorization is replaced only when
            neither is on the host's server. See O(huaweicloud.servicestage.servicestage_git_token_auth#module:host) for why.
        type: str
      state:
        description:
          - V(present) creates the authorization or brings it to the wanted type, user and host.
          - V(absent) deletes it when it exists.
        type: str
        choices: [present, absent]
        default: present
      update_secret:
        description:
          - This authorization's own O(update_secrets), to rotate one secret of the set without re-creating
            the others. Without it, O(update_secrets) applies.
        type: str
        choices: [on_create, on_invalid, always]
  update_secrets:
    description:
      - V(on_create) sets a secret only when its authorization is created (or re-created because its
        user, type or host changed); an existing one is reported unchanged.
      - V(on_invalid) also replaces the secret of each authorization that the list says ServiceStage cannot
        use, with status C(1) (overdue) or C(2) (not authenticated).
      - V(always) deletes and re-creates every listed present authorization that exists, to set its
        secret, and reports changed every time, because the API cannot tell whether a secret differs.
      - O(authorizations[].update_secret) overrides it for one authorization.
      - Whatever the choice, each listed authorization whose status is not C(0) (normal) after the task is named
        in a warning.
    type: str
    choices: [on_create, on_invalid, always]
    default: on_create
  purge:
    description:
      - Delete every password or personal-token authorization of the project that O(authorizations)
        does not name, whoever manages it (another task, play or team), or with O(purge_match) only those
        whose names match. OAuth authorizations are never deleted, nor is any listed name.
      - With no authorization listed with O(authorizations[].state=present), the task fails before any
        request (an empty or misspelled list variable would otherwise delete everything). To delete
        authorizations on purpose, list their names with O(authorizations[].state=absent).
      - A purge that deletes anything warns with the names it deletes (would delete, in check mode).
        Run with C(--check --diff) first.
    type: bool
    default: false
  purge_match:
    description:
      - A Python regular expression (not a glob) matched from the start of a name (C(re.match)). With it,
        O(purge) deletes only unlisted authorizations whose names match, for example V(team-a-) to purge only
        the names that start with C(team-a-) and leave other teams' alone. Mind that V(team-a-*) would
        also match C(team-alpha) (C(-*) means any number of C(-)); anchor the end with C($) for exact names.
      - "The rule, checked before any request on Python's own reading of the expression (comments, classes and
        verbose mode as the matching engine sees them): after an optional C(^), it starts with literal text that no
        C(*), C(?) or C({0,}) makes optional, with no C(|) outside a group and without case-insensitive matching
        (V((?i\\))). It then only ever matches names that start with that text. V(.+), V(\\\\w), V([a-z]),
        V(a*), V((team\\)), V(team|other) and V((?i\\)team) fail. To purge every unlisted authorization, leave O(purge_match)
        out."
      - Requires O(purge=true); an invalid expression fails before any request too.
    type: str
notes:
  - >-
    Creates and re-creates run first, in list order; deletes (items with O(authorizations[].state=absent),
    then purged ones) run last, so that a run that stops never leaves the project with fewer working
    authorizations and a new one missing.
  - >-
    A failure stops the run. The task then fails with C(changed=true) when anything was written, and
    its message lists what was created, re-created and deleted before the failure, what was not
    attempted, and the API's status, code and request id. A re-create whose create failed after its
    delete (for example C(SVCSTG.REPO.0451), refused credentials) is listed in RV(deleted): that
    authorization does not exist now. Fix the cause and run the task again; it lists first and
    finishes the work.
  - >-
    Keep secrets out of loops and C(-v) output by listing the authorizations in the task itself with
    secrets looked up from Vault, as in the examples; the module's own output never holds a secret.
  - >-
    Purge safely. "Unlisted" means every password or personal-token authorization the list does not name,
    whoever manages it, including authorizations that another task, play or team keeps with this module or
    with M(huaweicloud.servicestage.servicestage_git_password_auth) or
    M(huaweicloud.servicestage.servicestage_git_token_auth). Such a pair fights on every run (a delete and
    a create each time, and ServiceStage cannot pull in between). Give each project one purging task, or
    scope each purge to its own names with O(purge_match) and a naming convention (V(team-a-) for names that
    start with C(team-a-)). O(purge_match) is a regular expression, not a glob: V(team-a-*) would also match
    C(team-alpha). To see
    what a purge would delete, run the play with C(--check --diff), which lists the names in a warning and
    in RV(deleted).
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
- name: Manage every repository authorization of the project in one task
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
    - name: See what purge would delete, before deleting anything
      huaweicloud.servicestage.servicestage_git_auths:
        authorizations:
          - name: bitbucket-ci
            user: ci-bot
            password: "{{ vault_bitbucket }}"
          - name: github-ci
            repo_type: github
            token: "{{ vault_github }}"
            host: https://github.example.com
        purge: true
      check_mode: true
      diff: true

    - name: Bring the project to exactly this set
      huaweicloud.servicestage.servicestage_git_auths:
        authorizations:
          - name: bitbucket-ci
            user: ci-bot
            password: "{{ vault_bitbucket }}"
          - name: github-ci
            repo_type: github
            token: "{{ vault_github }}"
            host: https://github.example.com
          - name: old-one
            state: absent
        purge: true
      register: servicestage_auths

    - name: Rotate every listed secret (deletes and re-creates each one)
      huaweicloud.servicestage.servicestage_git_auths:
        authorizations:
          - name: bitbucket-ci
            user: ci-bot
            password: "{{ vault_bitbucket }}"
        update_secrets: always

    - name: Rotate one secret of the set; the others stay as they are
      huaweicloud.servicestage.servicestage_git_auths:
        authorizations:
          - name: bitbucket-ci
            user: ci-bot
            password: "{{ vault_bitbucket }}"
            update_secret: always
          - name: github-ci
            repo_type: github
            token: "{{ vault_github }}"
            host: https://github.example.com

    - name: Team A keeps its own authorizations, and purges only names starting with team-a-
      huaweicloud.servicestage.servicestage_git_auths:
        authorizations:
          - name: team-a-bitbucket
            user: team-a-bot
            password: "{{ vault_team_a_bitbucket }}"
        purge: true
        purge_match: "team-a-"
"""

RETURN = r"""
created:
  description: Names of the authorizations created (in check mode, that would be), sorted.
  returned: success, and failures after the list request
  type: list
  elements: str
  sample: [bitbucket-ci]
recreated:
  description: Names of the authorizations deleted and created again (or that would be), sorted.
  returned: success, and failures after the list request
  type: list
  elements: str
  sample: []
deleted:
  description:
    - Names of the authorizations deleted (or that would be), listed and purged ones alike, sorted.
    - After a failure, also a re-create whose delete went through and whose create did not.
  returned: success, and failures after the list request
  type: list
  elements: str
  sample: [old-one]
unchanged:
  description: Names of the listed authorizations already as wanted, sorted.
  returned: success, and failures after the list request
  type: list
  elements: str
  sample: [github-ci]
authorizations:
  description:
    - What the API holds for the listed names after the run, in list order, as the API returns each one, with
      C(status_text), what its C(status) means (V(normal), V(overdue), V(not authenticated)). Never holds a
      secret. A name that does not exist is left out.
    - In check mode, for an authorization that would be created or re-created, only the fields the module knows.
  returned: success, and failures after the list request
  type: list
  elements: dict
  sample:
    - name: bitbucket-ci
      repo_type: bitbucket
      repo_host: https://api.bitbucket.org
      repo_home: https://bitbucket.org/ci-bot/
      repo_user: ci-bot
      token_type: password
      create_time: 1634119075119
      update_time: 1634119075119
      status: 0
      status_text: normal
msg:
  description: What the module did (or would do), as counts; on failure, what failed and what was done before.
  returned: always
  type: str
  sample: "1 created, 1 deleted, 1 unchanged"
status:
  description: HTTP status of the failed request.
  returned: failure from the API
  type: int
  sample: 400
error_code:
  description: The API's error code.
  returned: failure from the API, when the API gave one
  type: str
  sample: SVCSTG.REPO.0451
error_msg:
  description: The API's error message.
  returned: failure from the API, when the API gave one
  type: str
  sample: repository authorization invalid
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
            authorizations=dict(type="list", elements="dict", required=True, options=dict(
                name=dict(type="str", required=True),
                repo_type=dict(type="str", default="bitbucket",
                               choices=list(git_auth.PASSWORD_REPO_CHOICES + git_auth.TOKEN_REPO_TYPES)),
                user=dict(type="str"),
                password=dict(type="str", no_log=True),
                token=dict(type="str", no_log=True),
                host=dict(type="str"),
                state=dict(type="str", choices=["present", "absent"], default="present"),
                update_secret=dict(type="str", choices=list(git_auth.UPDATE_CHOICES), no_log=False),
            )),
            update_secrets=dict(type="str", choices=list(git_auth.UPDATE_CHOICES), default="on_create",
                                no_log=False),
            purge=dict(type="bool", default=False),
            purge_match=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    git_auth.ensure_set(module)


if __name__ == "__main__":
    main()
