# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the objects a task finds by their name share (applications, environments, configuration groups and files,
an application's configuration): the subject of their messages, a create whose lost or refused answer looking the
name up settles, and the message of a task that deletes or has nothing to do."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import TaskFailure
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write


def in_another_case(message, kind, name, others):
    """message, plus that the names others differ from name only in case (the API may take them for the same)."""
    return "%s; no %s is called exactly '%s', but %s: the API compares names without regard to case. Use that " \
           "name, or another one" % (message, kind, name, " and ".join("'%s' is" % other for other in others))


def said(subject, run, check_mode, formats):
    """The message of a task on one object: its plan's when nothing is (or would be) written, the delete's, or for
    other writes one of formats(plan), a pair of formats of (subject, the plan's reason): (in check mode, else)."""
    plan = run.plan
    if not run.actions:
        return plan.message
    if plan.actions == ["delete"]:
        if check_mode:
            return "would delete %s" % subject
        if run.meanwhile:
            return "%s was deleted meanwhile by someone else" % subject
        return "deleted %s" % subject
    return formats(plan)[0 if check_mode else 1] % (subject, plan.reason)


class Named:
    """A subclass gives kind, name, want, present, FIELDS (its table), found (what the API reports, or None), before
    (what was first looked up), name_in_use (None until the API answers a create with it), is_name_in_use(error),
    _created(result), comparable(found) (what a diff shows of a delete) and a method _ACTION for each write."""

    kind = None
    name = None
    found = None
    before = None
    name_in_use = None
    FIELDS = None
    # the id of an object this task deleted, where a DELETE answers success whether or not it exists
    deleted_id = None

    @property
    def object_id(self):
        return self.found.get("id") if self.found else None

    def subject(self):
        if self.found and self.found.get("name") and self.found["name"] != self.name:
            return "%s '%s' (%s)" % (self.kind, self.found["name"], self.name)
        return "%s '%s'" % (self.kind, self.name)

    def step(self, action):
        return getattr(self, "_" + action)()

    def view(self):
        return dict(self.found) if self.found else {}

    def diff(self):
        """(before, after) of the fields the task gives (and the name): what the API reports, and what the task makes
        of it; a delete shows what the API reports, then nothing. A description missing is shown empty."""
        found_before = self.before
        if not self.present:
            return (self.comparable(found_before) if found_before else {}), {}
        before, after = self.FIELDS.diff(self.want, found_before)
        after["name"] = self.name if found_before is None else found_before.get("name")
        if found_before is not None:
            before["name"] = found_before.get("name")
            for side in (before, after):
                if "description" in side:
                    side["description"] = side["description"] or ""
        return before, after

    def comparable(self, found):
        raise NotImplementedError

    def confirm_deleted(self, read_one):
        """After a delete, whose answer is success whether or not the object exists: the object must be gone
        (read_one(id): it, or None)."""
        if self.deleted_id is not None and read_one(self.deleted_id) is not None:
            raise TaskFailure("the API answered the delete of %s (id %s) with success, but reading it back shows it "
                              "is still there" % (self.subject(), self.deleted_id))

    def is_name_in_use(self, error):
        """Whether an API error answering the create may mean "the name is in use"."""
        raise NotImplementedError

    def _created(self, result):
        raise NotImplementedError

    def create_step(self, send, read, explain):
        """The create: a lost answer, or one that may mean "name in use", is settled by looking the name up (read);
        explain(failure): the message when the name is not found after a refusal."""
        return Step("create", Write(
            "create", self.subject(), check="looking the name up", send=send, read=read,
            done=lambda found: found is not None,
            conflict=self._name_in_use_answer,
            resend=lambda found: found is None,
            explain=lambda failure, found: explain(failure)),
            record=self._created)

    def _name_in_use_answer(self, error):
        if not self.is_name_in_use(error):
            return False
        self.name_in_use = error
        return True

    def fail_if_created_meanwhile(self, result, details=""):
        """After the create: when reading showed that someone else created the object while the API refused this
        task's create, a failure naming it (details: more about the other one, after its id)."""
        if result.by_this_task:
            return
        other = result.value if isinstance(result.value, dict) else {}
        raise TaskFailure("%s was created meanwhile by someone else (id %s%s), so the API refused this task's create: "
                          "nothing was written. Run the task again to manage that one, or choose another name" % (
                              self.subject(), other.get("id"), details), self.name_in_use)
