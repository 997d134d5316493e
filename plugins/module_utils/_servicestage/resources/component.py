# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ServiceStage v3 component (``/v3/{project_id}/cas/applications/{application_id}/components``), described once:
how to find it (its application, its environment, the component, its last job), its fields' table, its plan, its
writes and their evidence, its waits, and what the task says.

- The task names some fields of the component's body; the API reports the whole component. Each field compares as
  its rule in FIELDS says (numbers as numbers, lists of values in order, lists of objects by their identity, objects
  as a subset, an object of another type replaced whole); what the server adds (``inner`` envs, the ``TZ`` env of
  ``timezone``, non-HTTP external accesses, the status and ids) is never compared and never sent back.
- create (a POST, its evidence a name lookup), upgrade (a PUT of the whole spec: what the API reports, without what
  the server adds, with the task's fields over it; its evidence a new ``last_job_id``), scale (the scale action: the
  PUT does not change ``replica``), delete (its evidence: the component gone or being deleted).
- Family rules, as plan fields: a component busy with a job (waited for, or refused), one being deleted (waited
  for until it is gone, then created; or refused), a gray release waiting to go on, a last deploy that did not come
  up (a task that would write nothing fails naming its job), what cannot change (runtime stack, environment).
- After a job that succeeded, the component must report the version asked for: a job can succeed by rolling back.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import HuaweiCloudApiError
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    JOB_NOT_FOUND,
    case_hint,
    check_name,
    is_not_found,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.fields import (
    CreateOnly,
    EnvDict,
    Fields,
    Keyed,
    Labels,
    NotCompared,
    Number,
    Ordered,
    Plain,
    Replaced,
    Server,
    Subset,
    Text,
    Typed,
    WriteOnly,
    number,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.plan import Blocker, Plan, Step, Wait
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.resources.v3_object import (
    GOING,
    label_errors,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import render_item
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.waiter import JobState
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.writes import Write

PERMISSIONS = "servicestage:app:listApplication, createComponent or modifyComponent"
CREATE_NEEDS = ("environment", "runtime_stack", "source", "version", "refer_resources")
VERSION_PATTERN = re.compile(r"\d+\.\d+\.\d+(\.\d+)?\Z")
SOURCE_KINDS = ("image", "package", "code")
# A component with a job in progress: a write waits for the job, or is refused.
BUSY_STATUSES = ("INITIALIZING", "UPGRADING", "STARTING", "STOPPING", "RESTARTING", "DELETING", "ROLLBACKING")
GRAYING = "GRAYING"
# The statuses of a component whose last deploy did not come up.
FAILED_STATUSES = ("FAILED", "PARTIALLY_FAILED", "UNKNOWN")
HTTP_PROTOCOLS = ("http", "https")
# Fields the module has options for; spec holds any other field of the body.
OPTION_FIELDS = ("version", "source", "replica", "limit_cpu", "limit_memory", "envs", "refer_resources",
                 "deploy_strategy", "labels")
PAST = {"create": "created", "upgrade": "upgraded", "scale": "scaled", "delete": "deleted"}


def status_of(component):
    """(component_status, last_job_id) of a component as GET shows it."""
    status = component.get("status") if isinstance(component, dict) and isinstance(component.get("status"), dict) else {}
    return status.get("component_status"), status.get("last_job_id")


def _http(entry, parent=None):
    return str(entry.get("protocol", "")).lower() in HTTP_PROTOCOLS


def _own_env(entry, component):
    """An env of the component's own: not one the server adds (inner, or TZ when timezone is set)."""
    return not entry.get("inner") and not (entry.get("name") == "TZ" and (component or {}).get("timezone"))


WHOLE = Number(integer=True)
PROBE = Typed("type", {"delay": WHOLE, "timeout": WHOLE, "period": WHOLE, "port": WHOLE, "command": Ordered()})
HOOK = Typed("type", {"port": WHOLE, "command": Ordered()})
GRAY_RELEASE = Subset({"rules": Ordered(), "first_batch_weight": WHOLE, "first_batch_replica": WHOLE,
                       "remaining_batch": WHOLE, "deployment_mode": WHOLE})
UPDATE_STRATEGY = Subset({"min_ready_seconds": WHOLE, "revision_history_limit": WHOLE,
                          "progress_deadline_seconds": WHOLE, "termination_period_seconds": WHOLE})
# The component's fields: how each compares, whether it is sent back, replaced whole or refused.
FIELDS = Fields({
    "runtime_stack": CreateOnly(Subset(), doc="set at create (C(runtime_stack)); the keys given are compared, and one "
                                              "that differs is refused before any write: it cannot change"),
    "environment_id": CreateOnly(sent=False, doc="set at create (C(environment)); it cannot change: a task that names "
                                                 "another environment is refused before any write"),
    "version": Plain(),
    "source": Typed("kind"),
    "replica": Number(integer=True),
    "limit_cpu": Number(),
    "limit_memory": Number(),
    "request_cpu": Number(),
    "request_memory": Number(),
    "envs": EnvDict(own_if=_own_env),
    "labels": Labels(),
    "refer_resources": Keyed(("type", "id")),
    "deploy_strategy": NotCompared(Typed("type", {"rolling_release": Subset({"batches": WHOLE}),
                                                  "gray_release": GRAY_RELEASE}),
                                   "how a write rolls out, not what is deployed: sent with every write, never compared, "
                                   "not in the diff"),
    "update_strategy": UPDATE_STRATEGY,
    "description": Text(),
    "storages": Keyed("name", Typed("type", {"mounts": Keyed("path"),
                                             "parameters": Subset({"default_mode": WHOLE})})),
    "command": Subset({"command": Ordered(), "args": Ordered()}),
    "post_start": HOOK,
    "pre_stop": HOOK,
    "liveness_probe": PROBE,
    "readiness_probe": PROBE,
    "mesher": Subset({"port": WHOLE}),
    "logs": Keyed("log_path"),
    "custom_metric": Subset({"port": WHOLE}),
    "affinity": Ordered(Replaced({"weight": WHOLE})),
    "anti_affinity": Ordered(Replaced({"weight": WHOLE})),
    "external_accesses": Keyed(("protocol", "address"), Subset({"forward_port": WHOLE}), own_if=_http, given_if=(
        _http, "only HTTP and HTTPS external accesses can be set (the API adds the others itself, and they cannot "
               "be compared)")),
    "workload_content": WriteOnly("the Kubernetes workload of a component in yaml mode (config_mode: yaml): sent "
                                  "when given, never compared (the API does not return it); an upgrade of a yaml-mode "
                                  "component needs it"),
    "timezone": Plain(),
    "status": Server(), "id": Server(), "application_id": Server(), "creator": Server(),
    "create_time": Server(), "update_time": Server(), "platform_type": Server(), "application_name": Server(),
    "environment_name": Server(),
})
# Fields that cannot change, or belong to the API: never in spec.
NOT_IN_SPEC = ("name", "runtime_stack", "environment_id", "status", "id", "application_id", "creator", "create_time",
               "update_time", "platform_type", "application_name", "environment_name")


# -- the input -----------------------------------------------------------------------------------------------
def component_options():
    """The options that say what a component is: servicestage_component's, and each item's of
    servicestage_components."""
    return dict(
        name=dict(type="str", required=True),
        environment=dict(type="str"),
        runtime_stack=dict(type="dict", options=dict(
            name=dict(type="str", required=True), type=dict(type="str", required=True),
            deploy_mode=dict(type="str", required=True), version=dict(type="str"))),
        source=dict(type="dict"),
        version=dict(type="str"),
        replica=dict(type="int"),
        initial_replica=dict(type="int"),
        labels=dict(type="dict"),
        limit_cpu=dict(type="float"),
        limit_memory=dict(type="float"),
        envs=dict(type="dict"),
        refer_resources=dict(type="list", elements="dict"),
        deploy_strategy=dict(type="dict"),
        spec=dict(type="dict", default={}),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )


def wanted_fields(params):
    """The fields of the component's body the task names, as the task gives them (envs and labels as dictionaries:
    their rules compare them with the API's lists and build those lists)."""
    wanted = dict((key, params.get(key)) for key in OPTION_FIELDS if params.get(key) is not None)
    wanted.update(params["spec"])
    return wanted


def input_errors(params):
    errors = [check_name("component", params["name"])]
    for option in ("application", "environment"):
        if params[option] is not None and not params[option].strip():
            errors.append("%s must not be empty" % option)
    if params["version"] is not None and not VERSION_PATTERN.match(params["version"]):
        errors.append("version %r must be n.n.n or n.n.n.n, such as 1.4.2 (quote it in YAML)" % params["version"])
    source = params["source"]
    if source is not None and source.get("kind") not in SOURCE_KINDS:
        errors.append("source.kind must be one of %s" % ", ".join(SOURCE_KINDS))
    for option in ("replica", "initial_replica"):
        if params[option] is not None and params[option] < 0:
            errors.append("%s must be 0 or more" % option)
    if params["replica"] is not None and params["initial_replica"] is not None:
        errors.append("replica and initial_replica: give one of them (initial_replica sets the count only when the "
                      "component is created; replica keeps it so on every run)")
    errors.extend(FIELDS.rule("labels").errors("labels", params["labels"]) or label_errors(params["labels"]))
    for option in ("limit_cpu", "limit_memory"):
        if params[option] is not None and not params[option] > 0:
            errors.append("%s must be a positive number" % option)
    if params["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    for key in sorted(params["spec"]):
        if key in OPTION_FIELDS:
            errors.append("spec.%s: give %s as its own option" % (key, key))
        elif key in NOT_IN_SPEC:
            errors.append("spec.%s: it cannot be set (it cannot change, or the API sets it)" % key)
    spec = dict((key, value) for key, value in params["spec"].items() if key not in OPTION_FIELDS + NOT_IN_SPEC)
    errors.extend(FIELDS.errors("spec", spec))
    if params["spec"].get("timezone") and "TZ" in (params["envs"] or {}):
        errors.append("envs.TZ and spec.timezone: timezone sets TZ, give one of them")
    errors.extend(FIELDS.rule("envs").errors("envs", params["envs"]))
    return errors


def merged_source(given, component):
    """The source a write would leave: the task's, over the component's when both are of the same kind; the task's
    alone for a new component or another kind."""
    if not given:
        return None
    return FIELDS.rule("source").merged(given, (component or {}).get("source"))


def source_errors(source):
    """What a source lacks to be deployed, or None: a code source needs repo_url and repo_auth, the others url."""
    if not source:
        return None
    if source.get("kind") == "code" and not (source.get("repo_url") and source.get("repo_auth")):
        return "a code source needs repo_url and repo_auth (the name of a repository authorization)"
    if source.get("kind") != "code" and not source.get("url"):
        return "%s %s source needs url" % ("an" if source.get("kind") == "image" else "a", source.get("kind"))
    return None


def runtime_stack(params):
    return dict((key, value) for key, value in (params["runtime_stack"] or {}).items() if value not in (None, ""))


# -- finding a component, and what it is busy with (the component and its actions) ---------------------------
class ComponentLookup:
    """How a component is found: its application, its environment (when the task names one), the component (GET),
    and its last job. strict: only a component in the task's environment counts (a delete, an action)."""

    kind = "component"

    def __init__(self, api, params, strict):
        self.api = api
        self.client = api.v3
        self.params = params
        self.name = params["name"]
        self.strict = strict
        self.wait = params["wait"]
        self.application = None
        self.environment = None
        self.component = None
        self.component_id = None
        self.last_job = None
        self.missing = None  # (kind, message, the names in another case) of an application or environment
        self.others = []  # components called so in another case, for a component that does not exist
        self.before = None
        self.looked = False
        self.gray_release_paused = False

    def subject(self):
        application = self.application["name"] if self.application else self.params["application"]
        return "component '%s' of application '%s'" % (self.name, application)

    def look_up(self):
        params = self.params
        self.application = self.client.find_application(params["application"])
        if self.application is None:
            self.missing = ("application",) + self.client.missing("application", params["application"])
            return self._looked()
        if params["environment"]:
            self.environment = self.client.find_environment(params["environment"])
            if self.environment is None:
                self.missing = ("environment",) + self.client.missing("environment", params["environment"])
                return self._looked()
        found = self.client.find_component(self.application, self.name,
                                           self.environment["id"] if self.environment else None, strict=self.strict)
        self.component_id = found["id"] if found else None
        self.read()
        self.last_job = self._last_job(status_of(self.component)[1]) if self.component else None
        return self._looked()

    def _looked(self):
        if not self.looked:
            self.before, self.looked = self.component, True

    def read(self):
        """The component as GET shows it now (None: it does not exist); remembered. An answer without a component's
        fields is a clear error."""
        found = self.client.component(self.application["id"], self.component_id) if self.component_id else None
        if found is not None and not (found.get("name") or isinstance(found.get("status"), dict)):
            raise self.client.transport.answer_error(
                "component lookup", "the component lookup answer holds no component (neither a name nor a status); "
                "check that the endpoint is the ServiceStage API")
        self.component = found
        return found

    def _last_job(self, job_id):
        """The component's last job, or None when it names none, or ServiceStage no longer finds it (404
        SVCSTG.00100429: an old job); the status decides then."""
        if not job_id:
            return None
        try:
            return JobState(job_id, self.client.job(job_id))
        except HuaweiCloudApiError as error:
            if error.sent is None and error.status == 404 and error.error_code == JOB_NOT_FOUND:
                return None
            raise

    def idle(self, component):
        return component is None or status_of(component)[0] not in BUSY_STATUSES

    def busy(self, action):
        """What stands before a write (action) to the component: None, a refusal (a message), or a Blocker (a job in
        progress, by its status or its last job still running: the status may lag behind a write). A gray release
        waiting to go on: continue_deploy goes on with it; once its job has ended, it may be rolled back or deleted;
        anything else is refused, as is everything while its job still runs."""
        status, last_job_id = status_of(self.component)
        running = self.last_job if self.last_job is not None and not self.last_job.ended else None
        if status == GRAYING:
            if action in ("continue_deploy", "check_gray_release", "modify_gray_rule"):
                return None
            if running is not None and action not in ("rollback", "rollback_current"):
                return ("%s is in a gray release waiting to go on (status GRAYING, its job %s runs until then): "
                        "nothing was written. Go on with huaweicloud.servicestage.servicestage_component_action "
                        "(action: continue_deploy), or roll back, first" % (self.subject(), last_job_id))
            if action in ("rollback", "rollback_current", "delete"):
                return None
            return ("%s is in a gray release waiting to go on (status GRAYING): nothing was written. Go on with "
                    "huaweicloud.servicestage.servicestage_component_action (action: continue_deploy), or roll back, "
                    "before another %s" % (self.subject(), action))
        if running is None and status not in BUSY_STATUSES:
            return None
        job_text = "job %s" % last_job_id if running is not None else "a job"
        return Blocker(
            "%s is busy (status %s, %s in progress): nothing was written. Run with wait: true to wait for it first, "
            "or wait for it with huaweicloud.servicestage.servicestage_job_info" % (self.subject(), status, job_text),
            Wait(job_id=last_job_id if running is not None else None,
                 until=(self.read, self.idle, lambda component, timeout: "%s did not finish its job within %.0f s "
                        "(status %s)" % (self.subject(), timeout, status_of(component)[0]))),
            "%s is busy (%s, %s): a real run waits for it first, and decides what to write once it has ended" % (
                self.subject(), status, job_text))

    def being_deleted(self):
        return self.component is not None and status_of(self.component)[0] in GOING

    def gone_wait(self, what):
        return Wait(until=(self.read, lambda component: component is None, lambda component, timeout: (
            "%s did not %s within %.0f s (status %s)" % (self.subject(), what, timeout,
                                                         status_of(component)[0] if component else "gone"))))

    def job_wait(self, job_id, gray=False, what="job"):
        """The wait for a write's job; a gray release that stops with the component GRAYING ends it (paused). A write
        known only by reading it back, whose job the component does not name, is waited for by its status."""
        def paused():
            self.gray_release_paused = status_of(self.read())[0] == GRAYING
            return self.gray_release_paused
        if job_id is None:
            return Wait(until=(self.read, self.idle, lambda component, timeout: "%s did not finish its %s within "
                               "%.0f s (status %s)" % (self.subject(), what, timeout, status_of(component)[0])))
        return Wait(job_id=job_id, paused=paused if gray else None)

    def settled_by_job(self, before_job, fallback):
        """The evidence of a write that makes a job: the component names a new last job; where the API names none
        at all, fallback(component)."""
        def done(found):
            if found is None:
                return False
            job_id = status_of(found)[1]
            if job_id is not None or before_job is not None:
                return job_id not in (None, before_job)
            return fallback(found)
        return done

    def view(self):
        """The component as the API reported it last, with its id and application; {} when there is none."""
        if not self.component:
            return {}
        shown = dict(self.component)
        shown.setdefault("id", self.component_id)
        shown.setdefault("application_id", self.application["id"])
        shown["application_name"] = self.application["name"]
        shown.setdefault("name", self.name)
        return shown

    def result(self, run):
        # job_id even when nothing was written (null), so that a loop's jobs are read with one map()
        return dict(component=self.view(), job=run.last_job(), jobs=list(run.jobs), actions=list(run.actions),
                    gray_release_paused=self.gray_release_paused or run.gray_release_paused)


# -- the component -------------------------------------------------------------------------------------------
class Component(ComponentLookup):
    """A component as servicestage_component wants it."""

    def __init__(self, api, params):
        ComponentLookup.__init__(self, api, params, strict=params["state"] == "absent")
        self.present = params["state"] == "present"
        self.want = wanted_fields(params)
        self.repo_auths = None
        self.current_plan = None
        self.created_job = None

    def look_up(self):
        ComponentLookup.look_up(self)
        if self.missing is not None:
            return
        if not self.present and self.component is None:
            self.others = self.client.missing("component", self.name, self.application)[1]
        source = merged_source(self.params["source"], self.component)
        if self.present and source and source.get("kind") == "code" and self._deploys():
            self.repo_auths = [authorization["name"] for authorization in self.api.git_auths.list()]

    def _deploys(self):
        """Whether the task would create or upgrade the component (what a code source's authorization is read for)."""
        if self.component is None:
            return True
        return bool([key for key in FIELDS.differing(self.want, self.component) if key != "replica"])

    # -- the plan ------------------------------------------------------------------------------------------
    def plan(self):
        self.current_plan = self._plan()
        return self.current_plan

    def _plan(self):
        if self.missing is not None:
            kind, message, others = self.missing
            if self.present:
                return Plan(refused="%s: nothing was written. Create it with huaweicloud.servicestage.servicestage_%s"
                            % (message, kind))
            return Plan(message="%s, so neither does component '%s'" % (message, self.name),
                        notes=["%s: nothing was deleted" % message] if others else [])
        if not self.present:
            return self._plan_delete()
        if self.component is None:
            return self._plan_create()
        if self.being_deleted():
            refusal = self._create_refusal()
            if refusal:
                return Plan(refused="%s, which it would be once its delete is done" % refusal)
            return Plan(["create"], "it is being deleted", blocker=Blocker(
                "%s is being deleted (status %s): nothing was written. Run with wait: true to wait until it is gone "
                "and create it again, or run the task again once it is gone" % (
                    self.subject(), status_of(self.component)[0]),
                self.gone_wait("disappear after its delete"),
                "%s is being deleted: a real run waits until it is gone, then creates it" % self.subject()))
        return self._plan_deploy()

    def _plan_create(self):
        refusal = self._create_refusal()
        if refusal:
            return Plan(refused=refusal)
        return Plan(["create"], "it does not exist")

    def _create_refusal(self):
        """Why the component cannot be created as the task gives it (before any write), or None."""
        missing = [option for option in CREATE_NEEDS if not self.params[option]]
        if missing:
            return "%s does not exist, and creating it needs %s: nothing was written" % (
                self.subject(), ", ".join(missing))
        return self._source_refusal()

    def _source_refusal(self):
        """Before any write, and before waiting for a busy component: a whole source (the task's over the
        component's) whose repository authorization exists."""
        source = merged_source(self.params["source"], self.component)
        problem = source_errors(source)
        if problem:
            return "%s: nothing was written" % problem
        if source and source.get("kind") == "code" and source["repo_auth"] not in (self.repo_auths or ()):
            return ("the repository authorization '%s' that source.repo_auth names does not exist: nothing was "
                    "written. Authorize the repository first (huaweicloud.servicestage.servicestage_git_password_auth "
                    "or servicestage_git_token_auth), then deploy" % source["repo_auth"])
        return None

    def _cannot_change(self):
        """Refuse, before any write, a task that would move the component to another environment, change its runtime
        stack, or give TZ where its timezone sets it."""
        component, params = self.component, self.params
        if self.environment is not None and self.environment["id"] != component.get("environment_id"):
            return ("%s is in environment %s, not in '%s': a component cannot move to another environment, so nothing "
                    "was written. Delete it and create it there, or leave environment out"
                    % (self.subject(), component.get("environment_id"), params["environment"]))
        have = component.get("runtime_stack") if isinstance(component.get("runtime_stack"), dict) else {}
        given = runtime_stack(params)
        changed = [] if FIELDS.rule("runtime_stack").same(given, have) else sorted(
            key for key, value in given.items() if have.get(key) != value)
        if changed:
            return ("the runtime stack of %s cannot change (%s): nothing was written. Delete the component and create "
                    "it again to use another one" % (self.subject(), "; ".join(
                        "%s is %s, not %s" % (key, have.get(key), params["runtime_stack"][key]) for key in changed)))
        if component.get("timezone") and "TZ" in (params["envs"] or {}):
            return ("envs holds TZ, but the timezone of %s (%s) sets TZ: nothing was written. Give spec.timezone "
                    "instead" % (self.subject(), component["timezone"]))
        return None

    def _plan_deploy(self):
        refusal = self._cannot_change()
        if refusal:
            return Plan(refused=refusal)
        differing = FIELDS.differing(self.want, self.component)
        actions = (["upgrade"] if [key for key in differing if key != "replica"] else []) + (
            ["scale"] if "replica" in differing else [])
        if not actions:
            return self._plan_unchanged()
        reason = "%s differ%s" % (", ".join(differing), "s" if len(differing) == 1 else "")
        if "upgrade" in actions:
            refusal = self._source_refusal() or self._yaml_refusal()
            if refusal:
                return Plan(refused=refusal)
        blocker = self.busy(actions[0])
        if isinstance(blocker, str):
            return Plan(refused=blocker)
        return Plan(actions, reason, blocker=blocker)

    def _yaml_refusal(self):
        if self.component.get("config_mode") == "yaml" and "workload_content" not in self.want:
            return ("%s is in yaml mode (config_mode: yaml): an upgrade must send its workload_content, which the API "
                    "does not return, so give it (spec.workload_content): nothing was written" % self.subject())
        return None

    def _plan_unchanged(self):
        """Every given field matches. A component whose last deploy did not come up is no success, though: the task
        fails saying so (a CI re-run must not go green); one whose last job has not ended (started by an earlier run
        with wait: false, say, its status maybe not yet changed) is waited for, with wait, and its job's end reported;
        one waiting in its gray release says so (gray_release_paused)."""
        status, last_job_id = status_of(self.component)
        if status in FAILED_STATUSES:
            return Plan(refused="%s has the wanted fields, but its status is %s (last job %s): the deploy did not come "
                                "up. Fix the cause and deploy again (a new version), or roll back"
                                % (self.subject(), status, last_job_id))
        job = self.last_job
        if job is not None and job.ended and not job.succeeded:
            return Plan(refused="%s has the wanted fields, but its last job %s %s: what runs may not be what was asked "
                                "for. Deploy again with a new version, or roll back with "
                                "huaweicloud.servicestage.servicestage_component_action (action: rollback); if the "
                                "failed job was an action, run the action again" % (
                                    self.subject(), job.job_id, job.failure()))
        if status == GRAYING:
            self.gray_release_paused = True
            return Plan([], "it matches", message="%s is already as wanted: it matches, and waits in its gray release "
                                                  "(status GRAYING) for continue_deploy" % self.subject())
        if job is not None and not job.ended:
            # whatever the status says: it may lag behind the write that started the job
            return Plan([], "it matches", follow=self.job_wait(job.job_id, gray=self._gray()))
        return Plan([], "it matches", message="%s is already as wanted: it matches" % self.subject())

    def _plan_delete(self):
        if self.component is None:
            notes = ["%s does not exist%s: nothing was deleted" % (self.subject(), case_hint(self.others))] \
                if self.others else []
            return Plan(message="%s does not exist" % self.subject(), notes=notes)
        if self.being_deleted():
            return Plan(message="%s was being deleted already" % self.subject(),
                        follow=self.gone_wait("disappear after its delete"))
        blocker = self.busy("delete")
        if isinstance(blocker, str):
            return Plan(refused=blocker)
        return Plan(["delete"], "it exists", blocker=blocker)

    # -- the writes ----------------------------------------------------------------------------------------
    def step(self, action):
        return getattr(self, "_" + action)()

    def _gray(self):
        strategy = self.want.get("deploy_strategy") or (self.component or {}).get("deploy_strategy") or {}
        return isinstance(strategy, dict) and strategy.get("type") == "GrayRelease"

    def _create(self):
        params = self.params
        body = FIELDS.body(self.want, {})
        body.update(name=self.name, environment_id=self.environment["id"], runtime_stack=runtime_stack(params))
        if params["initial_replica"] is not None:
            body["replica"] = params["initial_replica"]

        def send():
            try:
                return self.client.create_component(self.application["id"], body)
            except HuaweiCloudApiError as error:
                raise self._named_in_another_case(error)

        def read():
            found = self.client.find_component(self.application, self.name)
            self.component_id = found["id"] if found else None
            return self.read()

        return Step("create", Write("create", self.subject(), check="looking the name up", send=send, read=read,
                                    done=lambda found: found is not None),
                    record=self._created, then=self._created_job, verify=self._version_verified, makes_job=True,
                    verify_reads=True)

    def _named_in_another_case(self, error):
        """A create the API refuses for a component of the same name in another case says so."""
        if error.status != 400 or error.sent is not None:
            return error
        others = self.client.missing("component", self.name, self.application)[1]
        if not others:
            return error
        return error.derived("%s. The application has a component called %s, and the API may take names in another "
                             "case for the same: use that name, or another one" % (
                                 error.message.rstrip("."), " and ".join("'%s'" % other for other in others)))

    def _created(self, result):
        if result.answered:
            self.created_job, self.component_id = result.value
            if self.component_id is None:
                found = self.client.find_component(self.application, self.name)
                self.component_id = found["id"] if found else None
        else:
            self.created_job = status_of(self.component)[1]

    def _created_job(self, result):
        return self.job_wait(self.created_job, what="create")

    def upgrade_body(self):
        """The PUT of an upgrade: the whole spec as the API reports it (so nothing the task does not name is lost),
        without what the server adds, with the wanted fields over it; the replica stays as it is (a change of it is
        the scale action's)."""
        body = FIELDS.body(dict((key, value) for key, value in self.want.items() if key != "replica"), self.component)
        body["replica"] = self.component.get("replica", (self.component.get("status") or {}).get("replica"))
        return body

    def _upgrade(self):
        body = self.upgrade_body()
        before_job = status_of(self.component)[1]
        version = self.want.get("version")
        return Step("upgrade", Write(
            "upgrade", self.subject(), check="reading the component back",
            send=lambda: self.client.update_component(self.application["id"], self.component_id, body),
            read=self.read,
            done=self.settled_by_job(before_job, lambda found: (
                version is not None and found.get("version") == version and self._current_record_version() == version))),
            then=lambda result: self.job_wait(self._job_of(result, before_job), gray=self._gray(), what="upgrade"),
            must_wait="scale" in self.current_plan.actions, verify=self._upgrade_verified, makes_job=True,
            verify_reads=True)

    def _upgrade_verified(self, job):
        """After an upgrade's job: a gray release that ended its job with the component GRAYING is paused, waiting
        to go on; and the component must report the version asked for."""
        problem = self._version_verified(job)
        if self._gray() and status_of(self.component)[0] == GRAYING:
            self.gray_release_paused = True
        return problem

    def _current_record_version(self):
        records = self.client.records(self.application["id"], self.component_id)
        current = [record for record in records if record.get("current_used")]
        return current[-1].get("version") if current else None

    def _job_of(self, result, before_job):
        """The job a write answered with; or, when only reading showed it carried out, the one the component names
        (if it is new)."""
        if result.answered:
            return result.value
        job_id = status_of(result.value)[1]
        return job_id if job_id != before_job else None

    def _scale(self):
        replica = self.want["replica"]
        before_job = status_of(self.component)[1]
        return Step("scale", Write(
            "scale", self.subject(), check="reading the component back",
            send=lambda: self.client.act(self.application["id"], self.component_id, "scale", {"replica": int(number(
                replica))}),
            read=self.read,
            done=self.settled_by_job(before_job, lambda found: FIELDS.rule("replica").same(
                replica, found.get("replica")))),
            then=lambda result: self.job_wait(self._job_of(result, before_job), what="scale"), makes_job=True,
            verify_reads=True,
            verify=lambda job: None if FIELDS.rule("replica").same(replica, (self.read() or {}).get("replica")) else (
                "the scale job %s of %s ended %s, but the component reports %s replicas, not %s" % (
                    job.get("job_id"), self.subject(), job.get("execution_status"),
                    (self.component or {}).get("replica"), replica)))

    def _delete(self):
        return Step("delete", Write(
            "delete", self.subject(), check="reading the component back",
            send=lambda: self.client.delete_component(self.application["id"], self.component_id),
            read=self.read, done=lambda found: found is None or status_of(found)[0] in GOING, conflict=is_not_found),
            then=lambda result: self.gone_wait("disappear after its delete") if self.wait else None)

    def _version_verified(self, job):
        """After a job that succeeded: the component must report the version asked for (a job can succeed by
        rolling back, and leave the old version running)."""
        version = self.want.get("version")
        found = self.read()
        running = (found or {}).get("version")
        if version is not None and found is not None and running != version:
            return ("the job %s of %s ended %s, but the component reports version %s, not %s: the deploy did not "
                    "leave the version asked for running (it may have been rolled back). Look at the job's tasks "
                    "(huaweicloud.servicestage.servicestage_job_info) and deploy again" % (
                        job.get("job_id"), self.subject(), job.get("execution_status"), running, version))
        return None

    # -- what the task says --------------------------------------------------------------------------------
    def message(self, run, check_mode):
        plan = run.plan
        if not run.actions:
            if plan.follow is not None and plan.follow.job_id and run.jobs:
                return "%s is as wanted: %s, and the job it was busy with (%s) has ended %s" % (
                    self.subject(), plan.reason, plan.follow.job_id, run.jobs[-1].get("execution_status"))
            return plan.message or "%s is already as wanted: %s" % (self.subject(), plan.reason)
        if "delete" in plan.actions:
            if check_mode:
                return "would delete %s" % self.subject()
            if run.meanwhile:
                return "%s was deleted meanwhile by someone else" % self.subject()
            return "deleted %s" % self.subject() + ("" if self.wait else " (it is being deleted)")
        if check_mode:
            return "would %s %s: %s" % (" and ".join(plan.actions), self.subject(), plan.reason)
        job = run.last_job()
        outcome = job.get("execution_status") or "started"
        if self.gray_release_paused or run.gray_release_paused:
            outcome = "paused in its gray release (GRAYING), waiting for continue_deploy"
        return "%s %s (%s): job %s %s" % (" and ".join(PAST[action] for action in plan.actions), self.subject(),
                                          plan.reason, job.get("job_id"), outcome)

    def diff(self, run):
        """(before, after) of the given fields: what the API reports, and what the task makes of it."""
        before = self.before
        if not self.present:
            return (FIELDS.own(before, None) if before else {}), {}
        if self.missing is not None:
            return {}, {}
        if before is None:
            shown_before, after = FIELDS.diff(self.want, None)
            if run.actions:
                after.update(name=self.name, environment_id=(self.environment or {}).get("id"),
                             runtime_stack=runtime_stack(self.params))
                if self.params["initial_replica"] is not None:
                    after["replica"] = self.params["initial_replica"]
            return shown_before, after
        return FIELDS.diff(self.want, before)


def render(module, runs):
    """The result of a task on one component (servicestage_component, servicestage_component_action)."""
    run = runs[0]
    return render_item(module, run, run.description.result(run), diff=lambda: run.description.diff(run))


def reconcile_one(module, description_class, check_input):
    """The one call of a module on one component."""
    params = module.params
    module.reconcile(lambda api: [description_class(api, params)], render, input_errors=lambda: check_input(params),
                     wait=params["wait"], wait_timeout=params["wait_timeout"])


def deploy(module):
    """servicestage_component: create, upgrade (and scale) or delete one component, and wait for its jobs."""
    reconcile_one(module, Component, input_errors)


SUMMARY_FIELDS = ("id", "name", "application_id", "application_name", "environment_id", "environment_name", "version",
                  "source", "status")


def list_components(module):
    """servicestage_component_info: the components of an application, or of the project, matched exactly by name
    (whatever the API's filters do), each as a summary: where it stands."""
    params = module.params

    def summary(item):
        listed = dict((key, item.get(key)) for key in SUMMARY_FIELDS)
        listed["replica"] = item.get("replica", (item.get("status") if isinstance(item.get("status"), dict)
                                                 else {}).get("replica"))
        listed["gray_release_paused"] = status_of(item)[0] == GRAYING
        return listed

    def look(api):
        client = api.v3
        application = None
        if params["application"]:
            application = client.find_application(params["application"])
            if application is None:
                module.exit_json(changed=False, components=[], gray_release_paused=False,
                                 msg="application '%s' does not exist" % params["application"])
        items = client.components(application_name=application["name"] if application else None,
                                  component_name=params["name"])
        matching = [item for item in items if (application is None or item.get("application_id") == application["id"])
                    and (params["name"] is None or item.get("name") == params["name"])]
        listed = [summary(item) for item in matching]
        module.exit_json(changed=False, components=listed,
                         gray_release_paused=any(item["gray_release_paused"] for item in listed),
                         msg="%d component%s" % (len(matching), "" if len(matching) == 1 else "s"))

    module.run(look)
