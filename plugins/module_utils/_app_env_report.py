# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a task on a v3 application or environment tells the user: the object as the API reports it,
what was done (or would be) in words, and a failure that says what was written before it, with
changed telling the truth."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._app_env_apply import Refused
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._app_env_plan import deleted_view
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.module import failure_message
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._v3_report import TaskFailure, run_task

# (in check mode, done) for the first write of a task, and for each one after it.
FIRST = {"create": ("create", "created"), "update": ("update", "updated"),
         "resources": ("replace the resources of", "replaced the resources of"), "delete": ("delete", "deleted")}
THEN = {"update": ("update it", "updated it"), "resources": ("set its resources", "set its resources")}
# What each write is called in "Done before the failure".
DONE = {"create": "create", "update": "update", "resources": "resources update", "delete": "delete"}


def describe(subject, writes, done):
    """'created environment 'prod' and set its resources' (done), or 'create ...' (in check mode)."""
    index = 1 if done else 0
    text = "%s %s" % (FIRST[writes[0]][index], subject)
    for write in writes[1:]:
        text += " and %s" % THEN[write][index]
    return text


def run_object_task(module, input_errors, action):
    """run_task() for a task on an application or environment, its failures rendered by fail_run below."""
    run_task(module, input_errors, action, fail=fail_run)


def view(run):
    """The object as the API reported it last ({} when it does not exist)."""
    return dict(run.found) if run is not None and run.found else {}


def warn_notes(module, run):
    for note in run.notes if run is not None else ():
        module.warn(note + ".")


def exit_run(module, run, msg, diff=None, changed=None):
    warn_notes(module, run)
    result = {"changed": run.changed if changed is None else changed, "msg": msg, run.kind: view(run)}
    if diff is not None and module._diff:
        result["diff"] = diff
    module.exit_json(**result)


def fail_run(module, run, failure):
    """Fail with what failed and what was written before it. failure: a HuaweiCloudApiError or a TaskFailure
    (a Refused carries the API's answer, when it was the API that refused)."""
    warn_notes(module, run)
    result = {"changed": run.changed if run is not None else False}
    if run is not None:
        result[run.kind] = view(run)
    if isinstance(failure, TaskFailure):
        text = failure.message
        if isinstance(failure, Refused) and failure.error is not None:
            result.update(failure.error.details())
    else:
        text = failure_message(failure)
        result.update(failure.details())
        if failure.may_have_written:
            result["changed"] = True
            text += ". It may have been carried out although it failed: run the task again, it reads first"
    if run is not None and run.actions:
        text += ". Done before the failure: %s" % ", ".join(DONE[action] for action in run.actions)
    module.fail_json(msg=text + ".", **result)


def remove(module, run, check_mode):
    """state: absent, the same for both kinds: nothing to do, or refused while components are in (or use) the
    object, or would delete (check mode), or delete; the diff shows what the API reports, then nothing.
    An application with components is refused before the delete (the API always refuses it); an environment
    that components use is refused only when the API refuses its delete (ServiceStage may allow it), and the
    components are named in a warning either way."""
    if run.found is None:
        return exit_run(module, run, "%s does not exist" % run.subject(), dict(before={}, after={}))
    before, after = deleted_view(run.kind, run.found)
    diff = dict(before=before, after=after)
    users = []
    if run.kind == "application":
        run.refuse_if_in_use()
    else:
        users = run.components_in_use()
    subject = run.subject()
    if check_mode:
        if users:
            module.warn("%s is used by %s: the API may refuse the delete" % (subject, run.named_components(users)))
        return exit_run(module, run, "would delete %s" % subject, diff, changed=True)
    if not run.delete():
        return exit_run(module, run, "%s was deleted meanwhile by someone else" % subject, diff)
    if users:
        module.warn("%s was deleted although %s used it: the API allowed it, and this task deleted none of them"
                    % (subject, run.named_components(users)))
    return exit_run(module, run, "deleted %s" % subject, diff)
