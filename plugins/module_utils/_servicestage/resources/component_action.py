# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An action on a ServiceStage v3 component (``POST …/components/{component_id}/action``): start, stop, restart,
scale, roll back, go on with a gray release. Found like a component (``component.py``); each action is idempotent
(its plan reads what the component reports: a start of a running component writes nothing), its evidence after a
lost answer is a new ``last_job_id`` (or, where the API names none, the state the action leads to), and after its job
the component must show what the action was for (the version rolled back to, the replicas scaled to).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import check_name
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Plan, Step
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.component import (
    FIELDS,
    GRAY_RELEASE,
    GRAYING,
    VERSION_PATTERN,
    ComponentLookup,
    reconcile_one,
    status_of,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = "servicestage:app:listApplication or modifyComponent"
# The status each action leads to, while it runs and when it is done.
LEADS_TO = {"start": ("STARTING", "RUNNING"), "stop": ("STOPPING", "STOPPED"), "restart": ("RESTARTING", "RUNNING"),
            "scale": (None, "RUNNING"), "rollback": ("UPGRADING", "RUNNING"), "rollback_current": ("UPGRADING", "RUNNING"),
            "continue_deploy": ("UPGRADING", "RUNNING"), "modify_gray_rule": (None, GRAYING)}
PAST = {"start": "started", "stop": "stopped", "restart": "restarted", "scale": "scaled", "rollback": "rolled back",
        "rollback_current": "rolled back", "continue_deploy": "went on with the gray release of",
        "modify_gray_rule": "changed the gray rule of"}
# How a gray release's rule compares: the keys given, its rules as a list in order (as in deploy_strategy).
GRAY_RULE = GRAY_RELEASE


def input_errors(params):
    errors = [check_name("component", params["name"])]
    if not params["application"].strip():
        errors.append("application must not be empty")
    if params["action"] == "scale" and (params["replica"] is None or params["replica"] < 0):
        errors.append("action scale needs replica, 0 or more")
    if params["action"] != "scale" and params["replica"] is not None:
        errors.append("replica is for action scale only")
    if params["action"] == "rollback" and not (params["version"] and VERSION_PATTERN.match(params["version"])):
        errors.append("action rollback needs version, n.n.n or n.n.n.n (quote it in YAML)")
    if params["action"] != "rollback" and params["version"] is not None:
        errors.append("version is for action rollback only")
    if params["action"] == "modify_gray_rule" and not params.get("gray_release"):
        errors.append("action modify_gray_rule needs gray_release, the rule (as in deploy_strategy.gray_release)")
    if params["action"] != "modify_gray_rule" and params.get("gray_release") is not None:
        errors.append("gray_release is for action modify_gray_rule only")
    errors.extend(GRAY_RULE.errors("gray_release", params.get("gray_release")))
    if params["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    return errors


def _begin(record):
    try:
        return int(record.get("begin_time") or 0)
    except (TypeError, ValueError):
        return 0


class ComponentAction(ComponentLookup):
    """An action as servicestage_component_action wants it."""

    def __init__(self, api, params):
        ComponentLookup.__init__(self, api, params, strict=True)
        self.action = params["action"]
        self.records = []
        self.absent = None  # "component 'x' does not exist (...)", with the names that come closest
        self.parameters = None
        self.target = None  # the version a rollback goes back to
        self.shown = ({}, {})

    def look_up(self):
        ComponentLookup.look_up(self)
        if self.missing is None and self.component is None:
            self.absent = self.client.missing("component", self.name, self.application)[0]
        if self.component is not None and self.action.startswith("rollback"):
            self.records = self.client.records(self.application["id"], self.component_id)

    def plan(self):
        if self.missing is not None:
            return Plan(refused="%s: nothing was written" % self.missing[1])
        if self.component is None:
            return Plan(refused="%s: nothing was written. Deploy it with huaweicloud.servicestage.servicestage_component"
                        % self.absent.replace("component '%s' does not exist" % self.name, "%s does not exist" % (
                            self.subject()), 1))
        if self.being_deleted():
            return Plan(refused="%s is being deleted (status %s): nothing was written" % (
                self.subject(), status_of(self.component)[0]))
        blocker = self.busy(self.action)
        if isinstance(blocker, str):
            return Plan(refused=blocker)
        decided = self.decide()
        if blocker is not None and decided.actions:
            # decided again once what it is busy with has ended; check mode predicts from what it is busy with
            return Plan(decided.actions, decided.reason, blocker=blocker)
        if blocker is not None and not decided.refused:
            # the job it is busy with leads where the action would: nothing to write, but the job is followed
            return Plan(message=decided.message, blocker=blocker)
        return decided

    def decide(self):
        """The plan of the action on the component as it is now: nothing to do, or the action and why."""
        params, component = self.params, self.component
        action, status, version = self.action, status_of(component)[0], component.get("version")
        if action == "start" and status in ("RUNNING", "STARTING"):
            return Plan(message="%s: nothing to do, it is %s" % (self.subject(), status))
        if action == "stop" and status in ("STOPPED", "STOPPING"):
            return Plan(message="%s: nothing to do, it is %s" % (self.subject(), status))
        if action == "continue_deploy" and status != GRAYING:
            return Plan(message="%s: nothing to do, it is not in a gray release waiting to go on (status %s)" % (
                self.subject(), status))
        if action == "scale":
            if FIELDS.rule("replica").same(params["replica"], component.get("replica")):
                return Plan(message="%s: nothing to do, it has %s replicas" % (self.subject(), params["replica"]))
            self.parameters = {"replica": params["replica"]}
            self.shown = ({"replica": component.get("replica")}, {"replica": params["replica"]})
            return Plan([action], "from %s to %s replicas" % (component.get("replica"), params["replica"]))
        if action == "rollback":
            return self._rollback_to(params["version"], version)
        if action == "modify_gray_rule":
            return self._gray_rule(status)
        if action == "rollback_current":
            current = [record for record in self.records if record.get("current_used")]
            began = _begin(current[0]) if current else None
            earlier = sorted((record for record in self.records if not record.get("current_used")
                              and (began is None or _begin(record) <= began)), key=_begin)
            if not earlier:
                return Plan(refused="%s has no deployment record before the current one to roll back to: nothing was "
                                    "written" % self.subject())
            self.parameters, self.target = {}, earlier[-1].get("version")
            self.shown = ({"version": version}, {"version": self.target})
            return Plan([action], "from version %s to the record before it (%s)" % (version, self.target))
        self.parameters = {}
        self.shown = ({"status": status}, {"status": LEADS_TO[action][1]})
        return Plan([action], "its status is %s" % status)

    def gray_rule(self, component=None):
        strategy = (component or self.component).get("deploy_strategy")
        rule = strategy.get("gray_release") if isinstance(strategy, dict) else None
        return rule if isinstance(rule, dict) else {}

    def _gray_rule(self, status):
        """A rule change needs a gray release waiting to go on; one that is already the rule writes nothing."""
        if status != GRAYING:
            return Plan(refused="%s is not in a gray release waiting to go on (status %s): there is no gray rule to "
                                "change, so nothing was written" % (self.subject(), status))
        wanted = self.params["gray_release"]
        if GRAY_RULE.same(wanted, self.gray_rule()):
            return Plan(message="%s: nothing to do, its gray rule is as wanted" % self.subject())
        self.parameters = {"gray_release": GRAY_RULE.merged(wanted, {})}
        self.shown = ({"gray_release": self.gray_rule()}, {"gray_release": GRAY_RULE.merged(wanted, self.gray_rule())})
        return Plan(["modify_gray_rule"], "its gray rule differs")

    def _rollback_to(self, wanted, version):
        if wanted == version:
            return Plan(message="%s: nothing to do, version %s is the one running" % (self.subject(), version))
        versions = [record.get("version") for record in self.records if record.get("version") != version]
        if wanted not in versions:
            return Plan(refused="%s has no deployment record of version %s to roll back to: nothing was written. It "
                                "can be rolled back to %s" % (self.subject(), wanted, ", ".join(
                                    sorted(set(str(item) for item in versions))) or "no version (it has one record)"))
        self.parameters, self.target = {"version": wanted}, wanted
        self.shown = ({"version": version}, {"version": wanted})
        return Plan([self.action], "from version %s to %s" % (version, wanted))

    # -- the write -----------------------------------------------------------------------------------------
    def step(self, action):
        before_job = status_of(self.component)[1]
        return Step(action, Write(
            action, self.subject(), check="reading the component back", send=self._send,
            read=self.read, done=self.settled_by_job(before_job, self._shows_it)),
            then=lambda result: self.job_wait(result.value if result.answered else (
                status_of(result.value)[1] if status_of(result.value)[1] != before_job else None), what=action),
            verify=self._verified, makes_job=True, verify_reads=True)

    def _send(self):
        """The action; a rule change in the form the API takes: its pages document no parameters for it (the SDK's
        model has only replica, hosts and version), so the rule goes as parameters.gray_release, and where the API
        refuses that form (400), as the rule's own keys."""
        act = self.client.act
        if self.action != "modify_gray_rule":
            return act(self.application["id"], self.component_id, self.action, self.parameters)
        try:
            return act(self.application["id"], self.component_id, self.action, self.parameters)
        except HuaweiCloudApiError as nested:
            if nested.sent is not None or nested.status != 400:
                raise
            try:
                return act(self.application["id"], self.component_id, self.action, self.parameters["gray_release"])
            except HuaweiCloudApiError as flat:
                if flat.sent is not None or flat.status != 400:
                    raise
                raise flat.derived("the API refused the rule change, given as parameters.gray_release (%s) and as "
                                   "the rule's keys (%s)" % (nested.message, flat.message))

    def _shows_it(self, found):
        """Where the API names no last job: whether the component shows the action carried out."""
        if self.action == "scale":
            return FIELDS.rule("replica").same(self.params["replica"], found.get("replica"))
        if self.action.startswith("rollback"):
            return found.get("version") == self.target
        if self.action == "modify_gray_rule":
            return GRAY_RULE.same(self.params["gray_release"], self.gray_rule(found))
        return self.action in ("start", "stop", "restart") and status_of(found)[0] == LEADS_TO[self.action][0]

    def _verified(self, job):
        """After the action's job ended well: a rollback must leave the version it went back to, a scale the
        replicas."""
        found = self.read()
        if found is None:
            return None
        if self.target is not None and found.get("version") != self.target:
            return ("the %s job %s of %s ended %s, but the component reports version %s, not %s" % (
                self.action, job.get("job_id"), self.subject(), job.get("execution_status"), found.get("version"),
                self.target))
        if self.action == "modify_gray_rule" and not GRAY_RULE.same(self.params["gray_release"], self.gray_rule(found)):
            return ("the modify_gray_rule job %s of %s ended %s, but the component's gray rule is %s" % (
                job.get("job_id"), self.subject(), job.get("execution_status"), self.gray_rule(found)))
        if self.action == "scale" and not FIELDS.rule("replica").same(self.params["replica"], found.get("replica")):
            return ("the scale job %s of %s ended %s, but the component reports %s replicas, not %s" % (
                job.get("job_id"), self.subject(), job.get("execution_status"), found.get("replica"),
                self.params["replica"]))
        return None

    # -- what the task says --------------------------------------------------------------------------------
    def diff(self, run):
        return self.shown

    def message(self, run, check_mode):
        plan = run.plan
        if not run.actions:
            return plan.message
        if check_mode:
            return "would %s %s (%s)" % (self.action.replace("_", " "), self.subject(), plan.reason)
        job = run.last_job()
        return "%s %s (%s): job %s %s" % (PAST[self.action], self.subject(), plan.reason, job.get("job_id"),
                                          job.get("execution_status") or "started")


def act(module):
    """servicestage_component_action: one action on one component, waited for."""
    reconcile_one(module, ComponentAction, input_errors)
