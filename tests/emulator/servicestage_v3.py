# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage v3 slice of the emulator: applications, environments, components, jobs.

Served under /v3/{project_id}/cas/... by servicestage_emulator.py, which authenticates first (a
token of another project: 401 APIG.1002; an AK/SK X-Project-Id of another project: 401 APIG.0305)
and applies its latency and fault rules to these routes as to every other. The facts it follows are
in the project's v3 fact sheet; where the sources disagree, each variant is a SWITCH (below), so the
modules can be tested against every one.

Where to look:
  SWITCHES          every switch, its values and its default (read and set as ServiceStageV3.config)
  Job, JobEngine    the job engine: a job's timeline, computed from the clock when it is read
                    (no threads), and the injected outcomes (JobOutcome)
  PageEvent         an object created or deleted between two page reads of a list
  ComponentStore    components, their deployment records, actions, and what a job's end does to them
  ServiceStageV3    the routes, applications and environments, seeding, the in-process API

Routes (under /v3/{project_id}/cas):
  POST/GET /applications; GET/PUT/DELETE /applications/{id}
  POST/GET /applications/{id}/components; GET/PUT/DELETE /applications/{id}/components/{id}
  GET  /applications/{id}/components/{id}/records; POST /applications/{id}/components/{id}/action
  GET  /components (application_name, component_name); GET /jobs/{job_id} (limit, offset, desc, instance_id)
  POST/GET /environments (name, environment_id, enterprise_project_id); GET/PUT/DELETE /environments/{id}
  GET/PUT /environments/{id}/resources; GET /runtimestacks
Lists take limit (0-100; omitted or 0: up to 1000 records), offset, order_by (create_time, name,
update_time; anything else: create_time) and order (desc, asc; anything else: desc); count is the
number of matches. Items with the same sort key (create_time is in milliseconds: objects made in the same
millisecond, or seeded with a clock that did not move) keep the order they were made in: oldest first with
order asc, newest first with desc (desc is asc reversed, ties included), so paging with any order_by and
order is stable while nothing changes. Records are ordered by begin time whatever order_by says.
Page events (PageEvent, add_page_events, POST /_emulator/v3/page-events) change a list between two page
reads: after the page at offset N of the applications, environments or components list was served,
create an object named X (through the seed_* methods: as if made in the console, RUNNING and settled for
a component, create_time the clock's now) or delete the one named Y (at once, no DELETING; an application
with its components). Each fires after as many pages as its times (default 1). With the default order
(create_time desc) an object created between two pages shifts the next page by one (its first item is
the last one of the page before), one deleted makes the next page skip an item. To answer one page late,
a fault rule (servicestage_emulator.Fault) matches the query string too: {"path": "/cas/applications$",
"query": "offset=100(&|$)", "delay": 2}.

How a component lives:
  create   200 {component_id, job_id}: INITIALIZING while the job runs, then RUNNING (a failed job:
           see "job outcomes"); a deployment record "create".
  PUT      a full replacement: the body becomes the spec at once (refer_resources kept when not sent;
           environment_id, id, status, application_id, creator, create_time, update_time ignored), and
           status.last_job_id names the new job at once; 200 {job_id}. status.component_status stays
           what it was for status_lag_seconds, then UPGRADING until the job ends, then RUNNING, or
           GRAYING with deploy_strategy.type GrayRelease (until continue_deploy). A record "upgrade",
           current_used. name or runtime_stack changed: 400 SVCSTG.00100400 (a runtime_stack.version
           left empty counts as unchanged); replica required unless config_mode is "yaml". A component in
           yaml mode (config_mode "yaml" in the body, or stored when the body has none) needs
           workload_content in every PUT (and create): without it 400 SVCSTG.00100400 "workload_content is
           required for a component in yaml mode ..." (GET never returns it, so a PUT built from a GET
           alone is refused; nothing changes).
  actions  start/stop/restart: STARTING/STOPPING/RESTARTING, then RUNNING/STOPPED; scale: replica
           and status.replica at once, status.available_replica when the job ends; rollback {version}
           and rollback_current (the record before the current one) put that record's spec back at
           once (UPGRADING, then RUNNING; the record gets a "rollback" job and becomes current);
           continue_deploy: GRAYING, UPGRADING, RUNNING (on a component not GRAYING: 400
           SVCSTG.00100400); sync_workload, sync_import: jobs that change nothing. status_lag_seconds
           applies to every job of an existing component.
  gray     modify_gray_rule (only while GRAYING, else 400 SVCSTG.00100400 "modify_gray_rule needs a
           component in a gray release (status GRAYING)") takes the new rule in the form the switch
           gray_rule_parameters reads: "nested" {"parameters": {"gray_release": {...}}} or "flat"
           {"parameters": {"type": ..., "first_batch_weight": ..., "rules": [...]}}; the other form, both
           at once, or no rule: 400 SVCSTG.00100400 naming the form it takes. The keys sent replace the
           stored ones of deploy_strategy.gray_release (rules as a whole; keys not sent stay), checked as
           in a PUT, stored at once into the component's and its current record's deploy_strategy (GET
           and the records show it, whatever the job's end) and the job (kind modify_gray_rule) is
           listed in the current record; the component stays GRAYING. check_gray_release (any status)
           takes the same form, or no parameters, checks it and changes nothing. "refuse": modify_gray_rule
           with a rule in either form, and check_gray_release with one, answer 400 SVCSTG.00100418
           ("component instance action not defined: modify_gray_rule cannot change the rule of a gray
           release ..."; GRAY_RULE_REFUSAL, a guess: no source names the answer); a check without one
           passes. rollback {version} or rollback_current while GRAYING ends the canary: the spec of that
           record (rollback_current: the record before the gray one) comes back at once, UPGRADING, then
           RUNNING; with gray_release_job "running" they pass the waiting gray job (as continue_deploy
           does), which ends when the rollback's job ends: ROLLBACKED (its "Wait for continue_deploy"
           task FAILED with "the gray release was rolled back (rollback JOB...)", then a "Roll back"
           task), or with the rollback job's outcome when that failed.
  DELETE   200 {component_id}; DELETING for delete_seconds, then not found. Again while DELETING: the
           same answer. A DELETING component keeps its name (and its application not empty): a create
           of that name answers 400 SVCSTG.00100400 "component name ... is already used" until it is gone.
  busy     while a job of the component runs, PUT, action and DELETE answer busy_status/busy_code
           (default 409 SVCSTG.00100400, "the component has a job in progress (JOB...); try again when
           it has ended"); with gray_release_job "running", the waiting gray job lets continue_deploy,
           check_gray_release, modify_gray_rule, rollback and rollback_current through. While DELETING,
           PUT and every action answer busy_status/busy_code too ("the component is being deleted"),
           after the checks that need no state (an unknown action: 400 SVCSTG.00100418; parameters not
           an object: 400); DELETE answers 200 {component_id} again; GET shows DELETING.
  GET      the spec plus what the server adds: status{component_status, available_replica, replica,
           fail_detail, last_job_id, creator, create_time, update_time, artifact}, envs entries with
           inner: true (PAAS_APP_NAME, PAAS_PROJECT_ID) and a TZ entry when timezone is set, a TCP
           entry in external_accesses, runtime_stack.version filled in, application_id,
           environment_id; no workload_content, no id (switch component_get_includes_id). What a PUT
           sends is stored as sent: entries copied back from a GET come back twice. Lists of objects
           keep the order sent, unless stored_list_order is "by_identity" (below).
  lists    items: id, name, labels, runtime_stack, status, version, source, application_id,
           application_name, environment_id, environment_name, creator, external_accesses,
           refer_resources, build.

Validation (create and PUT): name 2-64 [A-Za-z0-9_-], a letter first, no - or _ last; runtime_stack
{name, type, deploy_mode} from GET /runtimestacks (else 400 SVCSTG.00100420); source.kind image or
package with url, or code with repo_url and repo_auth, which must name an authorization of the v1
git/auths store of the same project (else 400 SVCSTG.REPO.0450); version n.n.n or n.n.n.n;
refer_resources [{id, type}] (missing: 400 SVCSTG.00100400, empty: 400 SVCSTG.00100422), a cce one
with parameters; environment_id of an existing environment; labels [{key, value}]; numbers typed as a
Go or Java backend reads them (NUMBER_FIELDS): limit_cpu, limit_memory, request_cpu, request_memory a
number; replica, liveness_probe/readiness_probe delay, timeout, port, post_start/pre_stop port,
mesher.port, custom_metric.port, storages[].parameters.default_mode, external_accesses[].forward_port,
affinity/anti_affinity[].weight, deploy_strategy.rolling_release.batches, update_strategy's
min_ready_seconds, revision_history_limit, progress_deadline_seconds, termination_period_seconds an
integer: text ("0.5"), true/false, or a decimal where an integer goes answer 400 SVCSTG.00100400
"parameter invalid: liveness_probe.delay must be an integer, not \"10\"" (the field named with its
path, storages[0].parameters.default_mode); deploy_strategy.gray_release as modify_gray_rule checks it:
type WEIGHT or CONTENT (required; CONTENT needs rules), replica_surge_mode MIRROR, EXTRA or NOSURGE,
deployment_mode 1, 3, 4 or 6, first_batch_weight an integer 0-100, first_batch_replica and
remaining_batch integers >= 0, rule_match_mode all or any, rules [{type, key, value, condition: equal,
match or in}] (all text). workload_content, when sent, non-empty text (not parsed). Everything else
400 SVCSTG.00100400. A component name is unique per application (switch component_name_scope): 400
SVCSTG.00100400. A reused version (switch version_reuse "reject"): 400 SVCSTG.00100441.
Applications: name unique (400 SVCSTG.00100458); delete with components: 409 SVCSTG.00100401.
Environments: name and vpc_id required, name unique (400 SVCSTG.00100449); delete while components
use it: 409 SVCSTG.00100402 (switch environment_delete_in_use); resources PUT replaces the list.
Missing app, env or component: 401 SVCSTG.00100401 (switch not_found "404": 404 SVCSTG.00100403,
00100404, 00100411; "404-empty": a 404 with no body). Missing job, or a job of another project: 404 SVCSTG.00100429, always. An
unknown action: 400 SVCSTG.00100418. Errors are {"error_code", "error_msg"} (switch error_message_key).

Jobs: SUBMITTED with no tasks for job_queued_seconds, then RUNNING, tasks appearing as they start,
then the outcome at job_seconds (both counted from the request). A job's durations are fixed when it
starts. limit/offset/desc ("true"/"false") page the tasks (limit omitted or 0: all); task_count is
their number; task times are epoch milliseconds as text, like a record's begin_time and end_time.
Job outcomes (JobOutcome, add_job_outcomes, POST /_emulator/v3/job-outcomes) pick, for the next
matching job(s) by component name and/or kind (create, upgrade, or an action's name), the
outcome (SUCCEEDED, FAILED, PARTIALLY_FAILED, CANCELLED, UNKNOWN, ROLLBACKED), how long it stays
RUNNING (running_seconds instead of job_seconds), and the failing task's name and messages; the
first rule that matches a new job is used, times decides for how many jobs. The failing task is the
one of that name, or else the last one, renamed; the tasks after it are SKIPPED (PARTIALLY_FAILED:
SUCCEEDED), ROLLBACKED adds a "Roll back" task. What a failed job leaves:
FAILED -> FAILED (fail_detail create_failed for a create), PARTIALLY_FAILED -> PARTIALLY_FAILED
(half the replicas available), UNKNOWN -> UNKNOWN, CANCELLED -> the status before the job, ROLLBACKED
-> the status before the job and, for an upgrade or rollback, the spec of the record current before
it; on a create, CANCELLED and ROLLBACKED leave FAILED. The spec an upgrade, rollback or rollback_current
job that ends FAILED, PARTIALLY_FAILED, CANCELLED or UNKNOWN leaves is the switch failed_upgrade_spec:
"new" (default) keeps what the write put in place at once (the PUT's body, the record rolled back to:
GET shows the requested version), "previous" puts back the spec, version and current_used of the record
current before the job (GET shows the version before; the failed record stays listed, not current, its
status the job's end). Either way status.last_job_id keeps naming the failed job (until the next write)
and GET /jobs/{id} shows its end (execution_status and the failing task) for as long as the emulator
runs. A record that a PUT of the same version overwrote comes back in place of the new one. JobOutcome
leaves "previous" on a SUCCEEDED upgrade, rollback or rollback_current job: the job and its record say
SUCCEEDED, the component ends RUNNING on the spec and version of the record current before it.

Stored lists (switch stored_list_order): "as_sent" keeps every list as it came (GET adds the server's
entries at the end of envs and external_accesses); "by_identity" sorts, when stored (create, PUT,
seeding, application and environment writes, environment resources PUT), each list of objects by its
identity (STORED_LIST_IDENTITIES), comparing the keys as text, ascending: a component's envs by name,
storages by name, each storage's mounts by path, refer_resources by (type, id), logs by log_path,
external_accesses by (protocol, address), labels by key; an application's labels by key; an
environment's labels by key and resources by (type, id). GET sorts the envs and external_accesses
again after adding the server's entries (inner envs, TZ, the TCP access take their place in that
order). Never reordered: lists of plain values (command.command, command.args, the command of a probe,
post_start or pre_stop), lists of objects without an identity (affinity, anti_affinity and their
match_expressions, deploy_strategy.gray_release.rules), and any list that holds something other than
objects.

The in-process API (emulator.v3 of a ServiceStageEmulator, or ServiceStageV3() alone):
  config                      the switches, a dict (configure() checks what it sets)
  configure(**switches)       set switches; ValueError for an unknown name or value
  clock                       a callable giving seconds (default time.time); replace it to move jobs
  reset()                     forget objects, jobs, job outcomes and page events (the switches stay)
  seed_application(project_id, name, description="", labels=(), enterprise_project_id="0",
                   application_id=None)                       -> the application as GET shows it
  seed_environment(project_id, name, vpc_id="vpc-emulated", deploy_mode="container", description="",
                   labels=(), enterprise_project_id="0", resources=(), environment_id=None)
                                                              -> the environment as GET shows it
  seed_component(project_id, application, environment, name, version="1.0.0", replica=1,
                 status="RUNNING", available_replica=None, previous_versions=(), component_id=None,
                 **spec)                                      -> as components() shows it
                              application, environment: a name or an id; status: any component
                              status, kept until a job changes it; available_replica: default
                              replica when the status runs, else 0; spec: any create-body key
                              (runtime_stack, source, refer_resources... default to a Docker image
                              swr.cn-north-4.myhuaweicloud.com/emulator/{name}:{version} on the
                              environment's cce resource); previous_versions: older deployment
                              records of the same spec (the default image tagged with each), for
                              rollbacks. config_mode="yaml" seeds a yaml-mode component: its
                              workload_content (never shown) defaults to a Deployment of the image, as
                              JSON text. Refused like the API would refuse a create: ValueError.
  seed(project_id, applications=(), environments=(), components=())
                              the same from dicts, "id" for the id; all or none (ValueError);
                              -> {"applications": [{id, name}], "environments": [{id, name}],
                                  "components": [{id, name, application_id, environment_id}]}
  add_job_outcomes(rules)     a list of JobOutcome or of dicts of its arguments (all or none)
  engine.outcomes             the rules added (each has times left and hits: how many jobs it changed)
  add_page_events(rules)      a list of PageEvent or of dicts of its arguments (all or none)
  page_events                 the events added (each has times left, hits, and errors: why it could not
                              be carried out, e.g. "no application named 'x' to delete")
  applications(project_id), environments(project_id), components(project_id), jobs(project_id=None)
                              what the API would show (components: the GET answer plus id,
                              application_name, environment_name; jobs: the job answer's "job" part
                              plus kind, component_id, component_name, project_id, started (the clock's
                              seconds at the request) and ended (the clock's seconds at its end, None
                              while it has none): what was in flight when)
  state()                     everything, for GET /_emulator/v3/state
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import re
import threading
import time
import uuid
from urllib.parse import parse_qsl, unquote

# The switches: name -> (allowed values, or the type of a number or text; default).
SWITCHES = {
    # Not found: "401" as Terraform handles it (401 SVCSTG.00100401), or "404" as documented
    # (SVCSTG.00100403 application, 00100404 component, 00100411 environment), or "404-empty": a 404
    # with no body at all (the other documented form).
    "not_found": (("401", "404", "404-empty"), "401"),
    # The error body's message key.
    "error_message_key": (("error_msg", "error_message"), "error_msg"),
    # GET /jobs/{id}: "lower" keys (SDK, Terraform, CN docs) or "upper" (older EN docs), whole answer.
    "job_key_case": (("lower", "upper"), "lower"),
    # The action answer: {job_id, component_id} (newest docs) or {job_id, result: "succeeded"}.
    "action_answer": (("component_id", "result"), "component_id"),
    # Whether GET component has an "id" (the SDK model has none).
    "component_get_includes_id": ((False, True), False),
    # Where a component name must be unique: its application, or its application and environment.
    "component_name_scope": (("application", "application_environment"), "application"),
    # A PUT with the version of an existing record: "overwrite" that record, or "reject" it (400).
    "version_reuse": (("overwrite", "reject"), "overwrite"),
    # DELETE of an environment that components use: "refuse" (409 SVCSTG.00100402) or "allow".
    "environment_delete_in_use": (("refuse", "allow"), "refuse"),
    # A gray release: its job ends "succeeded" with the component GRAYING, or stays "running"
    # (GRAYING) until continue_deploy's job ends.
    "gray_release_job": (("succeeded", "running"), "succeeded"),
    # The name filters (environments: name; components: application_name, component_name).
    "name_filter": (("exact", "fuzzy"), "exact"),
    # Names compared with or without case, in filters and in uniqueness checks.
    "name_case": (("sensitive", "insensitive"), "sensitive"),
    # How the server stores a list of objects that have an identity (STORED_LIST_IDENTITIES): "as_sent",
    # or "by_identity": sorted by that identity, so GET returns them in the server's own order. Lists of
    # plain values (command.command, command.args, a probe's command...) are never reordered.
    "stored_list_order": (("as_sent", "by_identity"), "as_sent"),
    # What an upgrade, rollback or rollback_current job that ends FAILED, PARTIALLY_FAILED, CANCELLED or
    # UNKNOWN leaves of the spec: "new" (the body the write sent, applied at once, stays) or "previous"
    # (the spec and version of the record current before the job come back). ROLLBACKED: always previous.
    "failed_upgrade_spec": (("new", "previous"), "new"),
    # The parameters modify_gray_rule and check_gray_release read: "nested" ({"gray_release": {...}}),
    # "flat" (the gray_release object's keys directly), or "refuse": modify_gray_rule, and a
    # check_gray_release that carries a rule, are refused in either form (GRAY_RULE_REFUSAL, a guess).
    "gray_rule_parameters": (("nested", "flat", "refuse"), "nested"),
    # The answer to a PUT, action or DELETE on a component with a job running.
    "busy_status": (int, 409),
    "busy_code": (str, "SVCSTG.00100400"),
    # Timing, in seconds of the clock.
    "job_seconds": (float, 5.0),
    "job_queued_seconds": (float, 0.5),
    "status_lag_seconds": (float, 1.0),
    "delete_seconds": (float, 2.0),
}

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,62}[A-Za-z0-9]\Z")
VERSION_PATTERN = re.compile(r"\d+\.\d+\.\d+(\.\d+)?\Z")
LABEL_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,36}\Z")
LABEL_VALUE_PATTERN = re.compile(r"[A-Za-z0-9_.-]{2,43}\Z")
MAX_LABELS = 20
MAX_DESCRIPTION = 128
UNPAGED_LIMIT = 1000
SOURCE_KINDS = ("code", "package", "image")
RESOURCE_TYPES = ("vpc", "eip", "elb", "cce", "ecs", "as", "cse", "dcs", "rds", "nacos", "ms_gateway", "subnet", "acl")
ENVIRONMENT_DEPLOY_MODES = ("virtualmachine", "container", "mixed")
DEPLOY_STRATEGIES = ("OneBatchRelease", "RollingRelease", "GrayRelease")
COMPONENT_STATUSES = ("INITIALIZING", "UPGRADING", "FAILED", "RUNNING", "DOWN", "DELETING", "DELETED", "RESERVED",
                      "STARTING", "STOPPING", "STOPPED", "RESTARTING", "PENDING", "UNKNOWN", "PARTIALLY_FAILED",
                      "GRAYING")
# What a list item copies from the GET answer (it adds application_name, environment_name, creator, build).
LIST_ITEM_KEYS = ("id", "name", "labels", "runtime_stack", "status", "version", "source", "application_id",
                  "environment_id", "external_accesses", "refer_resources")
# Server-owned keys: never stored from a create or PUT body.
SERVER_OWNED_KEYS = ("id", "status", "application_id", "environment_id", "creator", "create_time", "update_time")

ACTIONS = ("start", "stop", "restart", "scale", "rollback", "rollback_current", "continue_deploy",
           "check_gray_release", "modify_gray_rule", "sync_workload", "sync_import")
# The kinds of write a job can be for (what job outcomes match on).
JOB_KINDS = ("create", "upgrade") + ACTIONS
# What a waiting gray release job lets through: the gray actions, and the rollbacks that end the canary.
GRAY_ACTIONS = ("continue_deploy", "check_gray_release", "modify_gray_rule")
ENDS_GRAY_RELEASE = ("rollback", "rollback_current")
# Kinds whose job puts a spec in place (an upgrade's body, a record's spec): what failed_upgrade_spec and
# JobOutcome(leaves="previous") are about.
SPEC_KINDS = ("upgrade", "rollback", "rollback_current")
JOB_LEAVES = ("requested", "previous")
# The gray_release object (deploy_strategy.gray_release, modify_gray_rule, check_gray_release).
GRAY_TYPES = ("WEIGHT", "CONTENT")
GRAY_SURGE_MODES = ("MIRROR", "EXTRA", "NOSURGE")
GRAY_DEPLOYMENT_MODES = (1, 3, 4, 6)
GRAY_RULE_MATCH_MODES = ("all", "any")
GRAY_RULE_CONDITIONS = ("equal", "match", "in")
GRAY_RELEASE_KEYS = ("type", "replica_surge_mode", "deployment_mode", "first_batch_weight", "first_batch_replica",
                     "remaining_batch", "rule_match_mode", "rules")
# gray_rule_parameters "refuse": the answer to a rule change (a guess: the sources name no answer).
GRAY_RULE_REFUSAL = (400, "SVCSTG.00100418")
# stored_list_order "by_identity": the lists of objects the server sorts, by the keys of their identity
# (a path through lists is written with "*"). Everything else keeps the order it was sent in.
STORED_LIST_IDENTITIES = {
    "component": ((("envs",), ("name",)), (("storages",), ("name",)), (("storages", "*", "mounts"), ("path",)),
                  (("refer_resources",), ("type", "id")), (("logs",), ("log_path",)),
                  (("external_accesses",), ("protocol", "address")), (("labels",), ("key",))),
    "application": ((("labels",), ("key",)),),
    "environment": ((("labels",), ("key",)), (("resources",), ("type", "id"))),
}
# Numbers a typed backend reads (create and PUT): a path ("*" for every item of a list) -> "number"
# (an integer or a decimal) or "integer". Text, true or false there: 400 SVCSTG.00100400 naming the field.
NUMBER_FIELDS = (
    (("limit_cpu",), "number"), (("limit_memory",), "number"), (("request_cpu",), "number"),
    (("request_memory",), "number"), (("replica",), "integer"),
    (("liveness_probe", "delay"), "integer"), (("liveness_probe", "timeout"), "integer"),
    (("liveness_probe", "port"), "integer"), (("readiness_probe", "delay"), "integer"),
    (("readiness_probe", "timeout"), "integer"), (("readiness_probe", "port"), "integer"),
    (("post_start", "port"), "integer"), (("pre_stop", "port"), "integer"), (("mesher", "port"), "integer"),
    (("custom_metric", "port"), "integer"), (("storages", "*", "parameters", "default_mode"), "integer"),
    (("external_accesses", "*", "forward_port"), "integer"), (("affinity", "*", "weight"), "integer"),
    (("anti_affinity", "*", "weight"), "integer"), (("deploy_strategy", "rolling_release", "batches"), "integer"),
    (("update_strategy", "min_ready_seconds"), "integer"), (("update_strategy", "revision_history_limit"), "integer"),
    (("update_strategy", "progress_deadline_seconds"), "integer"),
    (("update_strategy", "termination_period_seconds"), "integer"),
)
PAGE_EVENT_LISTS = ("applications", "environments", "components")
JOB_OUTCOMES = ("SUCCEEDED", "FAILED", "PARTIALLY_FAILED", "CANCELLED", "UNKNOWN", "ROLLBACKED")
# The failing task's status for each outcome.
FAILING_TASK_STATUS = {"FAILED": "FAILED", "PARTIALLY_FAILED": "FAILED", "CANCELLED": "CANCELLED",
                       "UNKNOWN": "UNKNOWN", "ROLLBACKED": "FAILED", "SUCCEEDED": "SUCCEEDED"}
DEFAULT_FAILURE_MESSAGES = {
    "FAILED": "the workload did not become ready",
    "PARTIALLY_FAILED": "some instances did not become ready",
    "CANCELLED": "the job was cancelled",
    "UNKNOWN": "the state of the workload is unknown",
    "ROLLBACKED": "the workload did not become ready; the previous version was restored",
}
WAIT_FOR_CONTINUE_TASK = "Wait for continue_deploy"
ROLLBACK_TASK = "Roll back"
TASKS = {
    "create": ("Prepare the deployment", "Create the workload", "Wait for the instances"),
    "upgrade": ("Prepare the deployment", "Upgrade the workload", "Wait for the instances"),
    "gray_upgrade": ("Prepare the deployment", "Deploy the gray batch", "Wait for the gray instances"),
    "start": ("Start the workload", "Wait for the instances"),
    "stop": ("Stop the workload",),
    "restart": ("Restart the workload", "Wait for the instances"),
    "scale": ("Scale the workload", "Wait for the instances"),
    "rollback": ("Prepare the rollback", "Roll back the workload", "Wait for the instances"),
    "rollback_current": ("Prepare the rollback", "Roll back the workload", "Wait for the instances"),
    "continue_deploy": ("Deploy the remaining batches", "Wait for the instances"),
    "check_gray_release": ("Check the gray release",),
    "modify_gray_rule": ("Modify the gray rule",),
    "sync_workload": ("Synchronize the workload",),
    "sync_import": ("Compare the workload",),
}
# The component's status while a job of that kind runs (other kinds leave it as it was) ...
STATUS_WHILE_RUNNING = {"create": "INITIALIZING", "upgrade": "UPGRADING", "rollback": "UPGRADING",
                        "rollback_current": "UPGRADING", "continue_deploy": "UPGRADING",
                        "start": "STARTING", "stop": "STOPPING", "restart": "RESTARTING"}
# ... and after it succeeded (other kinds leave it as it was before the job).
STATUS_AFTER_SUCCESS = {"create": "RUNNING", "upgrade": "RUNNING", "rollback": "RUNNING",
                        "rollback_current": "RUNNING", "continue_deploy": "RUNNING",
                        "start": "RUNNING", "stop": "STOPPED", "restart": "RUNNING"}

RUNTIME_STACKS = (
    {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": "1.0", "status": "Supported"},
    {"name": "OpenJDK17", "type": "Java", "deploy_mode": "container", "version": "1.2.1", "status": "Supported"},
    {"name": "OpenJDK8", "type": "Java", "deploy_mode": "container", "version": "1.1.1", "status": "Supported"},
    {"name": "OpenJDK8", "type": "Java", "deploy_mode": "virtualmachine", "version": "1.1.1", "status": "Supported"},
    {"name": "Tomcat9", "type": "Tomcat", "deploy_mode": "container", "version": "1.0.3", "status": "Supported"},
    {"name": "Nodejs16", "type": "Nodejs", "deploy_mode": "container", "version": "1.0.2", "status": "Supported"},
)

NOT_FOUND_404_CODES = {"application": "SVCSTG.00100403", "component": "SVCSTG.00100404",
                       "environment": "SVCSTG.00100411"}
CREATOR = "emulator-user"


class ApiError(Exception):
    """An answer of the ServiceStage API other than success."""

    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message


def invalid(message):
    return ApiError(400, "SVCSTG.00100400", "parameter invalid: " + message)


def checked_switches(changes):
    """The changes, checked against SWITCHES; ValueError names an unknown switch or a bad value."""
    for name, value in changes.items():
        if name not in SWITCHES:
            raise ValueError("unknown switch %r (known: %s)" % (name, ", ".join(sorted(SWITCHES))))
        allowed = SWITCHES[name][0]
        if not _allowed_switch_value(allowed, value):
            if isinstance(allowed, tuple):
                wanted = " or ".join(json.dumps(choice) for choice in allowed)
            else:
                wanted = {float: "a number >= 0", int: "an HTTP status 400-599", str: "a non-empty string"}[allowed]
            raise ValueError("switch %s: %s is not %s" % (name, json.dumps(value), wanted))
    return dict((name, float(value) if SWITCHES[name][0] is float else value) for name, value in changes.items())


def _allowed_switch_value(allowed, value):
    if isinstance(value, bool) and allowed in (float, int):
        return False
    if allowed is float:
        return isinstance(value, (int, float)) and value >= 0
    if allowed is int:
        return isinstance(value, int) and 400 <= value <= 599
    if allowed is str:
        return isinstance(value, str) and bool(value)
    return any(value == choice and type(value) is type(choice) for choice in allowed)


def default_config():
    return dict((name, default) for name, (dummy, default) in SWITCHES.items())


def _ms(seconds):
    return int(round(seconds * 1000))


def _runtime_stack_in_catalog(stack):
    for known in RUNTIME_STACKS:
        if all(known[key] == stack.get(key) for key in ("name", "type", "deploy_mode")):
            return known
    return None


class JobOutcome:
    """What the next matching job does: an injected outcome.

    outcome: SUCCEEDED (default), FAILED, PARTIALLY_FAILED, CANCELLED, UNKNOWN or ROLLBACKED;
    component: the component name it applies to (None: any); kind: create, upgrade or an action's
    name (None: any); project_id (None: any); running_seconds: how long the job stays RUNNING
    (None: job_seconds); task_name, messages: the failing task's name and its messages (text);
    times: how many jobs it applies to (default 1); leaves: what a SUCCEEDED upgrade, rollback or
    rollback_current job leaves running: "requested" (default: what it was asked for) or "previous" (the
    spec and version of the record current before it come back, the new record stays not current_used,
    the component ends RUNNING: a job that succeeds while the old version keeps running, as with ECS's
    circuit breaker). A rule with leaves "previous" needs outcome SUCCEEDED and matches only jobs of
    those kinds; a gray upgrade it matches does not pause.
    """

    def __init__(self, outcome="SUCCEEDED", component=None, kind=None, running_seconds=None, task_name=None,
                 messages=None, times=1, project_id=None, leaves="requested"):
        if outcome not in JOB_OUTCOMES:
            raise ValueError("outcome %r is not one of %s" % (outcome, ", ".join(JOB_OUTCOMES)))
        if kind is not None and kind not in JOB_KINDS:
            raise ValueError("kind %r is not one of %s" % (kind, ", ".join(JOB_KINDS)))
        if running_seconds is not None and (isinstance(running_seconds, bool) or not isinstance(running_seconds, (int, float))
                                            or running_seconds < 0):
            raise ValueError("running_seconds must be a number >= 0")
        if messages is not None and not isinstance(messages, str):
            raise ValueError("messages must be text")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError("times must be an integer >= 1")
        if leaves not in JOB_LEAVES:
            raise ValueError("leaves %r is not one of %s" % (leaves, ", ".join(JOB_LEAVES)))
        if leaves == "previous" and (outcome != "SUCCEEDED" or kind not in (None,) + SPEC_KINDS):
            raise ValueError("leaves \"previous\" needs outcome SUCCEEDED and a kind of %s (or none)"
                             % ", ".join(SPEC_KINDS))
        self.leaves = leaves
        self.outcome = outcome
        self.component = component
        self.kind = kind
        self.project_id = project_id
        self.running_seconds = running_seconds
        self.task_name = task_name
        self.messages = messages
        self.times = times
        # How many jobs it was applied to, for tests that check every outcome was used.
        self.hits = 0

    def matches(self, project_id, component_name, kind):
        return (self.times > 0 and self.project_id in (None, project_id)
                and self.component in (None, component_name) and self.kind in (None, kind)
                and (self.leaves == "requested" or kind in SPEC_KINDS))


class PageEvent:
    """Something that happens between two page reads: after the emulator served the page at offset of a
    list, it creates or deletes an object, as someone in the console would.

    objects: which list: "applications", "environments" or "components" (GET /components and GET
    /applications/{id}/components alike, whatever their filters); offset: the page's offset (default 0;
    the event fires after that page's answer was made, so that page does not show the change); create: the
    name of an object to create (fields: the other arguments of seed_application, seed_environment or
    seed_component: a component needs application and environment), or delete: the name of one to delete
    at once (application: a name or id narrowing which component; an application goes with its
    components); project_id (None: the list's project); times: how many pages it fires after (default 1).
    hits counts the pages it fired after; errors holds why it could not be carried out (no such name...).
    """

    def __init__(self, objects, offset=0, create=None, delete=None, fields=None, application=None, times=1,
                 project_id=None):
        if objects not in PAGE_EVENT_LISTS:
            raise ValueError("objects %r is not one of %s" % (objects, ", ".join(PAGE_EVENT_LISTS)))
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValueError("offset must be an integer >= 0")
        if (create is None) == (delete is None) or not isinstance(create or delete, str):
            raise ValueError("a page event either creates or deletes an object: give create or delete, a name")
        if fields is not None and (create is None or not isinstance(fields, dict)):
            raise ValueError("fields (a dictionary) go with create")
        if application is not None and (objects != "components" or delete is None):
            raise ValueError("application narrows the component to delete: it goes with objects components and delete")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError("times must be an integer >= 1")
        self.objects = objects
        self.offset = offset
        self.create = create
        self.delete = delete
        self.fields = dict(fields or {})
        self.application = application
        self.times = times
        self.project_id = project_id
        self.hits = 0
        self.errors = []

    def matches(self, project_id, objects, offset):
        return (self.times > 0 and self.objects == objects and self.offset == offset
                and self.project_id in (None, project_id))


class Job:
    """One job's timeline, fixed when it starts; its state at any time is computed from the clock.

    From started: SUBMITTED with no tasks until queued_until, then RUNNING with the tasks that have
    started (spread evenly up to run_until), then, at ends, the outcome. A gray release job that
    waits for continue_deploy has no end (ends None) until finish() gives it one.
    """

    def __init__(self, project_id, kind, component_id, component_name, started, seconds, queued_seconds,
                 status_lag, previous_status, outcome=None, gray=False, waits_for_continue=False):
        outcome = outcome or JobOutcome()
        self.job_id = "JOB" + str(uuid.uuid4())
        self.project_id = project_id
        self.kind = kind
        self.job_type = "PROVISION" if kind == "create" else "DAILY_OPERATION"
        self.component_id = component_id
        self.component_name = component_name
        self.started = started
        self.queued_until = started + min(queued_seconds, seconds)
        self.run_until = started + seconds
        self.status_lag = status_lag
        # The component's status when the job started (None for a create): what it shows during the lag.
        self.previous_status = previous_status
        self.gray = gray
        self.outcome = outcome.outcome
        self.leaves = outcome.leaves
        self.waits_for_continue = waits_for_continue and self.outcome == "SUCCEEDED" and self.leaves == "requested"
        self.ends = None if self.waits_for_continue else self.run_until
        names = list(TASKS["gray_upgrade" if gray else kind])
        if self.outcome == "SUCCEEDED":
            self.failing = None
        elif outcome.task_name in names:
            self.failing = names.index(outcome.task_name)
        else:
            self.failing = len(names) - 1
            names[-1] = outcome.task_name or names[-1]
        self.messages = outcome.messages if outcome.messages is not None else DEFAULT_FAILURE_MESSAGES.get(self.outcome, "")
        self.tasks = [(str(uuid.uuid4()), name) for name in names]
        self.extra_task_ids = (str(uuid.uuid4()), str(uuid.uuid4()))
        # The continue_deploy job ends the gray release job it continues (gray_release_job "running") ...
        self.continues = None
        # ... and a rollback or rollback_current job the one whose canary it ends (ROLLBACKED).
        self.ends_gray = None
        # The deployment record to put back when the job ends ROLLBACKED (an upgrade or rollback).
        self.restores = None
        self.settled = False

    def finish(self, other_job, outcome=None, messages=None):
        """End a waiting gray release job when the job that continued it (continue_deploy: with its outcome)
        or ended its canary (a rollback: with the outcome given) ended."""
        self.ends = other_job.ends
        self.outcome = outcome or other_job.outcome
        self.messages = messages if messages is not None else other_job.messages

    def has_ended(self, now):
        return self.ends is not None and now >= self.ends

    def is_waiting_for_continue(self, now):
        return self.waits_for_continue and self.ends is None and now >= self.run_until

    def execution_status(self, now):
        if self.has_ended(now):
            return self.outcome
        return "SUBMITTED" if now < self.queued_until else "RUNNING"

    def task_list(self, now):
        """The tasks as GET /jobs/{id} shows them at time now."""
        if now < self.queued_until and not self.has_ended(now):
            return []
        ran = len(self.tasks) if self.failing is None or self.outcome == "PARTIALLY_FAILED" else self.failing + 1
        slot = (self.run_until - self.queued_until) / ran if ran else 0.0
        ended = self.has_ended(now)
        listed = []
        for index, (task_id, name) in enumerate(self.tasks):
            begin = self.queued_until + index * slot
            end = begin + slot
            if not ended and (index >= ran or begin > now):
                break
            if index >= ran:
                status, messages, begin, end = "SKIPPED", "", self.ends, self.ends
            elif ended and index == self.failing:
                status, messages, end = FAILING_TASK_STATUS[self.outcome], self.messages, self.ends
            elif ended or end <= now:
                status, messages = "SUCCEEDED", ""
            else:
                status, messages, end = "RUNNING", "", begin
            listed.append(_task(task_id, name, status, messages, begin, end))
        if self.waits_for_continue and now >= self.run_until:
            status = FAILING_TASK_STATUS[self.outcome] if ended else "RUNNING"
            messages = self.messages if ended and self.outcome != "SUCCEEDED" else ""
            listed.append(_task(self.extra_task_ids[0], WAIT_FOR_CONTINUE_TASK, status, messages, self.run_until,
                                self.ends if ended else self.run_until))
        if ended and self.outcome == "ROLLBACKED":
            listed.append(_task(self.extra_task_ids[1], ROLLBACK_TASK, "SUCCEEDED", "", self.ends, self.ends))
        return listed

    def answer(self, now, offset=0, limit=None, descending=False):
        tasks = self.task_list(now)
        count = len(tasks)
        if descending:
            tasks.reverse()
        tasks = tasks[offset:] if limit is None else tasks[offset:offset + limit]
        return {"task_count": count,
                "job": {"execution_status": self.execution_status(now), "job_id": self.job_id,
                        "job_type": self.job_type, "rollback_enabled": False},
                "tasks": tasks}


def _task(task_id, name, status, messages, begin, end):
    return {"task_id": task_id, "task_name": name, "task_status": status, "messages": messages,
            "created_at": str(_ms(begin)), "update_at": str(_ms(end)), "task_type": "kube"}


def _upper_keys(value):
    if isinstance(value, dict):
        return dict((key.upper(), _upper_keys(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_upper_keys(item) for item in value]
    return value


class JobEngine:
    """Every job (they stay queryable after they end) and the injected outcomes."""

    def __init__(self):
        self.jobs = {}
        self.outcomes = []

    def reset(self):
        self.jobs.clear()
        del self.outcomes[:]

    def add_outcomes(self, rules):
        """Append rules (JobOutcome or dicts of its arguments): all of them, or none when one is refused."""
        self.outcomes.extend([rule if isinstance(rule, JobOutcome) else JobOutcome(**rule) for rule in rules])

    def start(self, project_id, kind, component, now, config, previous_status, gray=False):
        outcome = None
        for rule in self.outcomes:
            if rule.matches(project_id, component.spec["name"], kind):
                rule.times -= 1
                rule.hits += 1
                outcome = rule
                break
        seconds = config["job_seconds"]
        if outcome is not None and outcome.running_seconds is not None:
            seconds = float(outcome.running_seconds)
        job = Job(project_id, kind, component.id, component.spec["name"], now, seconds, config["job_queued_seconds"],
                  config["status_lag_seconds"], previous_status, outcome, gray=gray,
                  waits_for_continue=gray and config["gray_release_job"] == "running")
        self.jobs[job.job_id] = job
        return job

    def due(self, now):
        """The jobs that have ended and whose end was not yet applied to their component, in order."""
        ended = [job for job in self.jobs.values() if not job.settled and job.has_ended(now)]
        return sorted(ended, key=lambda job: job.ends)

    def unsettled_for(self, component_id):
        return [job for job in self.jobs.values() if not job.settled and job.component_id == component_id]


class Application:
    def __init__(self, project_id, body, now, seq, application_id=None):
        self.id = application_id or str(uuid.uuid4())
        self.project_id = project_id
        self.name = body["name"]
        self.description = body.get("description", "")
        self.labels = list(body.get("labels") or [])
        self.enterprise_project_id = body.get("enterprise_project_id") or "0"
        self.create_time = self.update_time = _ms(now)
        self.seq = seq

    def view(self, component_count):
        return {"id": self.id, "name": self.name, "creator": CREATOR, "project_id": self.project_id,
                "enterprise_project_id": self.enterprise_project_id, "create_time": self.create_time,
                "update_time": self.update_time, "description": self.description,
                "labels": copy.deepcopy(self.labels), "component_count": component_count}


class Environment:
    def __init__(self, project_id, body, now, seq, environment_id=None):
        self.id = environment_id or str(uuid.uuid4())
        self.project_id = project_id
        self.name = body["name"]
        self.vpc_id = body["vpc_id"]
        self.deploy_mode = body.get("deploy_mode") or "mixed"
        self.description = body.get("description", "")
        self.labels = list(body.get("labels") or [])
        self.enterprise_project_id = body.get("enterprise_project_id") or "0"
        self.resources = copy.deepcopy(list(body.get("resources") or []))
        self.create_time = self.update_time = _ms(now)
        self.seq = seq

    def view(self, with_resources=True):
        view = {"id": self.id, "project_id": self.project_id, "name": self.name, "description": self.description,
                "enterprise_project_id": self.enterprise_project_id, "vpc_id": self.vpc_id, "creator": CREATOR,
                "create_time": self.create_time, "update_time": self.update_time, "deploy_mode": self.deploy_mode,
                "labels": copy.deepcopy(self.labels)}
        if with_resources:
            view["resources"] = copy.deepcopy(self.resources)
        return view


class Record:
    """One deployment record: a version, the spec it deployed, and the jobs that deployed it."""

    def __init__(self, component_id, version, spec, deploy_type, begin):
        self.instance_id = component_id
        self.version = version
        self.spec = copy.deepcopy(spec)
        self.deploy_type = deploy_type
        self.begin = begin
        self.current_used = False
        # [(job_id, deploy_type)]; none for a seeded record
        self.jobs = []

    def view(self, engine, now):
        last = engine.jobs.get(self.jobs[-1][0]) if self.jobs else None
        status = last.execution_status(now) if last else "SUCCEEDED"
        end = (last.ends if last.has_ended(now) else None) if last else self.begin
        return {"begin_time": str(_ms(self.begin)), "end_time": None if end is None else str(_ms(end)),
                "description": {"en_us": "%s %s" % (self.deploy_type, self.version)},
                "instance_id": self.instance_id, "version": self.version, "current_used": self.current_used,
                "status": status, "deploy_type": self.deploy_type,
                "jobs": [{"sequence": index + 1, "deploy_type": deploy_type, "job_id": job_id,
                          "job_info": _job_info(self.spec, deploy_type)}
                         for index, (job_id, deploy_type) in enumerate(self.jobs)]}


def _job_info(spec, deploy_type):
    strategy = spec.get("deploy_strategy") or {}
    gray = strategy.get("gray_release") or {}
    rolling = strategy.get("rolling_release") or {}
    source = spec.get("source") or {}
    return {"deploy_type": strategy.get("type", "OneBatchRelease") if deploy_type != "rollback" else "rollback",
            "source_url": source.get("url") or source.get("repo_url", ""),
            "first_batch_weight": gray.get("first_batch_weight", 0),
            "first_batch_replica": gray.get("first_batch_replica", 0),
            "replica": spec.get("replica", 1),
            "remaining_batch": gray.get("remaining_batch", rolling.get("batches", 0))}


class Component:
    def __init__(self, project_id, application_id, environment_id, spec, now, seq, component_id=None):
        self.id = component_id or str(uuid.uuid4())
        self.project_id = project_id
        self.application_id = application_id
        self.environment_id = environment_id
        self.spec = spec
        # The status between jobs (what a job's end leaves); ComponentStore.shown_status() is what GET shows.
        self.status = "INITIALIZING"
        self.available_replica = 0
        self.fail_detail = None
        self.last_job_id = None
        self.create_time = self.update_time = _ms(now)
        self.records = []
        self.deleting_until = None
        self.seq = seq

    @property
    def name(self):
        return self.spec["name"]

    def current_record(self):
        for record in self.records:
            if record.current_used:
                return record
        return None

    def make_current(self, record):
        for other in self.records:
            other.current_used = other is record


class Project:
    def __init__(self):
        self.applications = {}
        self.environments = {}
        self.components = {}


class ComponentStore:
    """Components of every project: create, PUT, actions, delete, views, records, and job ends."""

    def __init__(self, v3):
        self.v3 = v3

    @property
    def engine(self):
        return self.v3.engine

    @property
    def config(self):
        return self.v3.config

    # Looking things up -------------------------------------------------------------------------
    def find(self, project_id, application_id, component_id):
        self.v3.find_application(project_id, application_id)
        component = self.v3.project(project_id).components.get(component_id)
        if component is None or component.application_id != application_id:
            raise self.v3.not_found("component", component_id)
        return component

    def shown_status(self, component, now):
        if component.deleting_until is not None:
            return "DELETING"
        jobs = self.engine.unsettled_for(component.id)
        if not jobs:
            return component.status
        job = jobs[-1]
        if job.is_waiting_for_continue(now):
            return "GRAYING"
        if job.previous_status is not None and now < job.started + job.status_lag:
            return job.previous_status
        return STATUS_WHILE_RUNNING.get(job.kind, job.previous_status or component.status)

    def refuse_if_busy(self, component, kind, now):
        jobs = self.engine.unsettled_for(component.id)
        if component.deleting_until is not None:
            raise ApiError(self.config["busy_status"], self.config["busy_code"], "the component is being deleted")
        passes = GRAY_ACTIONS + ENDS_GRAY_RELEASE
        if not jobs or (kind in passes and all(job.is_waiting_for_continue(now) for job in jobs)):
            return
        raise ApiError(self.config["busy_status"], self.config["busy_code"],
                       "the component has a job in progress (%s); try again when it has ended" % jobs[-1].job_id)

    # Views -------------------------------------------------------------------------------------
    def status_view(self, component, now):
        source = component.spec.get("source") or {}
        virtual_machine = component.spec["runtime_stack"].get("deploy_mode") == "virtualmachine"
        if source.get("kind") == "code":
            artifact_url = "swr.cn-north-4.myhuaweicloud.com/servicestage/%s:%s" % (component.name, component.spec["version"])
        else:
            artifact_url = source.get("url", "")
        return {"component_status": self.shown_status(component, now),
                "available_replica": component.available_replica,
                "replica": component.spec.get("replica", 1),
                "fail_detail": component.fail_detail,
                "last_job_id": component.last_job_id,
                "creator": CREATOR,
                "create_time": component.create_time,
                "update_time": component.update_time,
                "artifact": {"type": "package" if virtual_machine else "image", "url": artifact_url}}

    def view(self, component, now, with_id=None):
        """The GET answer: the spec plus what the server adds."""
        view = copy.deepcopy(component.spec)
        view.pop("workload_content", None)
        view["runtime_stack"] = self._filled_runtime_stack(component.spec["runtime_stack"])
        envs = list(view.get("envs") or [])
        if view.get("timezone"):
            envs.append({"name": "TZ", "value": view["timezone"]})
        envs.append({"name": "PAAS_APP_NAME", "value": component.name, "inner": True})
        envs.append({"name": "PAAS_PROJECT_ID", "value": component.project_id, "inner": True})
        view["envs"] = envs
        accesses = list(view.get("external_accesses") or [])
        port = accesses[0].get("forward_port", 8080) if accesses else 8080
        accesses.append({"protocol": "TCP", "address": "%s.%s.svc.cluster.local:%s" % (
            component.name, self._namespace(component), port), "forward_port": port})
        view["external_accesses"] = accesses
        view.setdefault("labels", [])
        # by_identity: what the server adds takes its place in the server's order too
        self.v3.stored(view, "component")
        view["application_id"] = component.application_id
        view["environment_id"] = component.environment_id
        view["status"] = self.status_view(component, now)
        if with_id is None:
            with_id = self.config["component_get_includes_id"]
        if with_id:
            view["id"] = component.id
        return view

    def list_item(self, component, now):
        project = self.v3.project(component.project_id)
        application = project.applications.get(component.application_id)
        environment = project.environments.get(component.environment_id)
        full = self.view(component, now, with_id=True)
        item = dict((key, full[key]) for key in LIST_ITEM_KEYS if key in full)
        item.update(application_name=application.name if application else "",
                    environment_name=environment.name if environment else "",
                    creator=CREATOR, build=full.get("build"))
        return item

    @staticmethod
    def _filled_runtime_stack(stack):
        filled = dict(stack)
        if not filled.get("version"):
            known = _runtime_stack_in_catalog(stack)
            filled["version"] = known["version"] if known else ""
        return filled

    @staticmethod
    def _namespace(component):
        for resource in component.spec.get("refer_resources") or []:
            if resource.get("type") == "cce":
                return (resource.get("parameters") or {}).get("namespace", "default")
        return "default"

    # Validation --------------------------------------------------------------------------------
    def check_spec(self, project_id, body, creating, stored=None):
        """Refuse a create or PUT body as the API would (ApiError); stored: the spec a PUT replaces."""
        for key in ("name", "runtime_stack", "source", "version") + (("refer_resources",) if creating else ()):
            if key not in body:
                raise invalid("%s is required" % key)
        if not creating and "replica" not in body and body.get("config_mode") != "yaml":
            raise invalid("replica is required")
        yaml_mode = body.get("config_mode", (stored or {}).get("config_mode")) == "yaml"
        if yaml_mode and "workload_content" not in body:
            raise invalid("workload_content is required for a component in yaml mode (config_mode: yaml): "
                          "send the Kubernetes Deployment again (GET does not return it)")
        content = body.get("workload_content", "-")
        if not isinstance(content, str) or not content.strip():
            raise invalid("workload_content must be a Kubernetes Deployment as JSON or YAML text")
        _check_numbers(body)
        if not isinstance(body["name"], str) or not NAME_PATTERN.match(body["name"]):
            raise invalid("name must be 2 to 64 letters, digits, - or _, starting with a letter")
        stack = body["runtime_stack"]
        if not isinstance(stack, dict) or any(not isinstance(stack.get(key), str) for key in ("name", "type", "deploy_mode")):
            raise invalid("runtime_stack needs name, type and deploy_mode")
        if creating and _runtime_stack_in_catalog(stack) is None:
            raise ApiError(400, "SVCSTG.00100420", "runtime not supported: %s/%s/%s" % (
                stack["type"], stack["name"], stack["deploy_mode"]))
        self._check_source(project_id, body["source"])
        if not isinstance(body["version"], str) or not VERSION_PATTERN.match(body["version"]):
            raise invalid("version must be n.n.n or n.n.n.n")
        if "refer_resources" in body:
            _check_resources(body["refer_resources"], "refer_resources", component=True)
        replica = body.get("replica", 1)
        if isinstance(replica, bool) or not isinstance(replica, int) or replica < 0:
            raise invalid("replica must be an integer >= 0")
        _check_labels(body.get("labels"))
        if "description" in body and (not isinstance(body["description"], str) or len(body["description"]) > MAX_DESCRIPTION):
            raise invalid("description must be text of at most %d characters" % MAX_DESCRIPTION)
        strategy = body.get("deploy_strategy")
        if strategy is not None and (not isinstance(strategy, dict) or strategy.get("type") not in DEPLOY_STRATEGIES):
            raise invalid("deploy_strategy.type must be one of %s" % ", ".join(DEPLOY_STRATEGIES))
        if strategy is not None and strategy.get("gray_release") is not None:
            _check_gray_release(strategy["gray_release"], "deploy_strategy.gray_release")
        envs = body.get("envs")
        if envs is not None and (not isinstance(envs, list)
                                 or any(not isinstance(env, dict) or not isinstance(env.get("name"), str) for env in envs)):
            raise invalid("envs must be a list of {name, value}")

    def _check_source(self, project_id, source):
        if not isinstance(source, dict) or source.get("kind") not in SOURCE_KINDS:
            raise invalid("source.kind must be one of %s" % ", ".join(SOURCE_KINDS))
        if source["kind"] == "code":
            if not isinstance(source.get("repo_url"), str) or not isinstance(source.get("repo_auth"), str):
                raise invalid("a code source needs repo_url and repo_auth")
            if source["repo_auth"] not in self.v3.git_auth_names(project_id):
                raise ApiError(400, "SVCSTG.REPO.0450", "no repository authorization named %s" % source["repo_auth"])
        elif not isinstance(source.get("url"), str) or not source["url"]:
            raise invalid("an %s source needs url and storage" % source["kind"])

    def refuse_duplicate_name(self, project_id, application_id, environment_id, name, other_than=None):
        for component in self.v3.project(project_id).components.values():
            same_scope = component.application_id == application_id and (
                self.config["component_name_scope"] == "application" or component.environment_id == environment_id)
            if same_scope and component is not other_than and self.v3.same_name(component.name, name):
                raise invalid("component name %s is already used in this application" % name)

    # Writes ------------------------------------------------------------------------------------
    def create(self, project_id, query, body, application_id):
        now = self.v3.clock()
        self.v3.find_application(project_id, application_id)
        self.check_spec(project_id, body, creating=True)
        environment_id = body.get("environment_id")
        if not isinstance(environment_id, str) or environment_id not in self.v3.project(project_id).environments:
            raise invalid("environment_id must name an existing environment")
        self.refuse_duplicate_name(project_id, application_id, environment_id, body["name"])
        component = self.add(project_id, application_id, environment_id, body, now)
        job = self.engine.start(project_id, "create", component, now, self.config, previous_status=None)
        component.last_job_id = job.job_id
        record = Record(component.id, component.spec["version"], component.spec, "create", now)
        record.jobs.append((job.job_id, "create"))
        component.records.append(record)
        component.make_current(record)
        return 200, {"component_id": component.id, "job_id": job.job_id}

    def add_defaults(self, body):
        """The spec stored from a create body: without the server-owned keys, replica 1 when not sent, its
        lists in the stored order (stored_list_order)."""
        spec = dict((key, copy.deepcopy(value)) for key, value in body.items() if key not in SERVER_OWNED_KEYS)
        spec.setdefault("replica", 1)
        return self.v3.stored(spec, "component")

    def add(self, project_id, application_id, environment_id, body, now, component_id=None):
        spec = self.add_defaults(body)
        component = Component(project_id, application_id, environment_id, spec, now, self.v3.next_seq(), component_id)
        self.v3.project(project_id).components[component.id] = component
        return component

    def modify(self, project_id, query, body, application_id, component_id):
        now = self.v3.clock()
        component = self.find(project_id, application_id, component_id)
        self.refuse_if_busy(component, "upgrade", now)
        self.check_spec(project_id, body, creating=False, stored=component.spec)
        if body["name"] != component.name:
            raise invalid("name cannot be modified")
        stack, stored = body["runtime_stack"], self._filled_runtime_stack(component.spec["runtime_stack"])
        if any(stack.get(key) != stored.get(key) for key in ("name", "type", "deploy_mode")) or (
                stack.get("version") and stack["version"] != stored["version"]):
            raise invalid("runtime_stack cannot be modified")
        reused = [record for record in component.records if record.version == body["version"]]
        if reused and self.config["version_reuse"] == "reject":
            raise ApiError(400, "SVCSTG.00100441", "instance version is already used: %s" % body["version"])
        previous_record = component.current_record()
        spec = dict((key, copy.deepcopy(value)) for key, value in body.items() if key not in SERVER_OWNED_KEYS)
        spec["runtime_stack"] = component.spec["runtime_stack"]
        if "refer_resources" not in spec:
            spec["refer_resources"] = component.spec.get("refer_resources", [])
        spec.setdefault("replica", component.spec.get("replica", 1))
        component.spec = spec = self.v3.stored(spec, "component")
        component.update_time = _ms(now)
        gray = (spec.get("deploy_strategy") or {}).get("type") == "GrayRelease"
        job = self.engine.start(project_id, "upgrade", component, now, self.config, component.status, gray=gray)
        job.restores = previous_record
        component.last_job_id = job.job_id
        for record in reused:
            component.records.remove(record)
        record = Record(component.id, spec["version"], spec, "upgrade", now)
        record.jobs.append((job.job_id, "upgrade"))
        component.records.append(record)
        component.make_current(record)
        return 200, {"job_id": job.job_id}

    def act(self, project_id, query, body, application_id, component_id):
        now = self.v3.clock()
        component = self.find(project_id, application_id, component_id)
        action = body.get("action")
        if action not in ACTIONS:
            raise ApiError(400, "SVCSTG.00100418", "component instance action not defined: %s" % json.dumps(action))
        parameters = body.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise invalid("parameters must be an object")
        self.refuse_if_busy(component, action, now)
        target = None
        if action == "scale":
            replica = parameters.get("replica")
            if isinstance(replica, bool) or not isinstance(replica, int) or replica < 0:
                raise invalid("scale needs parameters.replica, an integer >= 0")
            component.spec["replica"] = replica
        elif action == "rollback":
            matching = [record for record in component.records if record.version == parameters.get("version")]
            if not matching:
                raise invalid("no deployment record of version %s to roll back to" % json.dumps(parameters.get("version")))
            target = matching[-1]
        elif action == "rollback_current":
            current = component.current_record()
            index = component.records.index(current) if current else 0
            if index == 0:
                raise invalid("no previous version to roll back to")
            target = component.records[index - 1]
        elif action in ("continue_deploy", "modify_gray_rule") and self.shown_status(component, now) != "GRAYING":
            raise invalid("%s needs a component in a gray release (status GRAYING)" % action)
        rule = None
        if action in ("modify_gray_rule", "check_gray_release"):
            rule = self._gray_rule(component, action, parameters)
        waiting = [job for job in self.engine.unsettled_for(component.id) if job.is_waiting_for_continue(now)]
        previous_status = "GRAYING" if action in GRAY_ACTIONS + ENDS_GRAY_RELEASE and waiting else component.status
        job = self.engine.start(project_id, action, component, now, self.config, previous_status)
        if action == "continue_deploy" and waiting:
            job.continues = waiting[0]
        if action in ENDS_GRAY_RELEASE and waiting:
            job.ends_gray = waiting[0]
        current = component.current_record()
        if target is not None:
            job.restores = current
            component.spec = copy.deepcopy(target.spec)
            target.jobs.append((job.job_id, "rollback"))
            component.make_current(target)
        elif action in ("continue_deploy", "modify_gray_rule") and current:
            current.jobs.append((job.job_id, action))
        if action == "modify_gray_rule":
            for spec in [component.spec] + ([current.spec] if current else []):
                strategy = spec.setdefault("deploy_strategy", {"type": "GrayRelease"})
                strategy["gray_release"] = copy.deepcopy(rule)
        component.last_job_id = job.job_id
        component.update_time = _ms(now)
        if self.config["action_answer"] == "result":
            return 200, {"job_id": job.job_id, "result": "succeeded"}
        return 200, {"job_id": job.job_id, "component_id": component.id}

    def _gray_rule(self, component, action, parameters):
        """The gray_release object a modify_gray_rule or check_gray_release carries (in the form the
        gray_rule_parameters switch reads), merged over the stored one and checked; None for a check
        without one. ApiError for a missing rule, the other form, both forms, or a refusal."""
        mode = self.config["gray_rule_parameters"]
        flat_keys = [key for key in GRAY_RELEASE_KEYS if key in parameters]
        if "gray_release" not in parameters and not flat_keys:
            if action == "modify_gray_rule":
                raise invalid("modify_gray_rule needs the new rule: %s" % (
                    "parameters.gray_release {type, first_batch_weight, rules...}" if mode != "flat"
                    else "the gray_release keys in parameters (type, first_batch_weight, rules...)"))
            return None
        if mode == "refuse":
            status, code = GRAY_RULE_REFUSAL
            raise ApiError(status, code, "component instance action not defined: %s cannot change the rule of a gray "
                           "release (the rule is fixed while the component is GRAYING)" % action)
        if "gray_release" in parameters and flat_keys:
            raise invalid("%s: the rule is given twice (parameters.gray_release and %s)"
                          % (action, ", ".join(flat_keys)))
        if mode == "nested" and flat_keys:
            raise invalid("%s takes the rule as parameters.gray_release {...}, not its keys directly in parameters (%s)"
                          % (action, ", ".join(flat_keys)))
        if mode == "flat" and "gray_release" in parameters:
            raise invalid("%s takes the gray_release keys directly in parameters (type, first_batch_weight, rules...), "
                          "not parameters.gray_release" % action)
        sent = parameters["gray_release"] if mode == "nested" else dict((key, parameters[key]) for key in flat_keys)
        field = "parameters.gray_release" if mode == "nested" else "parameters"
        if not isinstance(sent, dict):
            raise invalid("%s must be an object" % field)
        rule = copy.deepcopy((component.spec.get("deploy_strategy") or {}).get("gray_release") or {})
        rule.update(copy.deepcopy(sent))
        _check_gray_release(rule, field)
        return rule

    def delete(self, project_id, query, body, application_id, component_id):
        now = self.v3.clock()
        component = self.find(project_id, application_id, component_id)
        if component.deleting_until is None:
            self.refuse_if_busy(component, "delete", now)
            component.deleting_until = now + self.config["delete_seconds"]
            component.update_time = _ms(now)
        return 200, {"component_id": component.id}

    # What a job's end does ---------------------------------------------------------------------
    def settle(self, job):
        job.settled = True
        component = self.v3.project(job.project_id).components.get(job.component_id)
        if job.continues is not None:
            job.continues.finish(job)
            job.continues.settled = True
        if job.ends_gray is not None:
            if job.outcome == "SUCCEEDED":
                message = "the gray release was rolled back (%s %s)" % (job.kind, job.job_id)
                job.ends_gray.finish(job, "ROLLBACKED", message)
            else:
                job.ends_gray.finish(job)
            job.ends_gray.settled = True
        if component is None:
            return
        before = job.previous_status or "FAILED"
        # the spec of the record current before the job comes back: ROLLBACKED always, a success that left
        # the old version running (leaves "previous"), a failure when failed_upgrade_spec says "previous"
        restore = job.kind in SPEC_KINDS and job.restores is not None and (
            job.outcome == "ROLLBACKED" or (job.outcome == "SUCCEEDED" and job.leaves == "previous")
            or (job.outcome != "SUCCEEDED" and self.config["failed_upgrade_spec"] == "previous"))
        if restore:
            self._restore(component, job.restores)
        replica = component.spec.get("replica", 1)
        if job.outcome == "SUCCEEDED":
            if job.leaves == "previous":
                component.status = "RUNNING"
            elif job.kind == "upgrade" and job.gray and not job.waits_for_continue:
                component.status = "GRAYING"
            else:
                component.status = STATUS_AFTER_SUCCESS.get(job.kind, component.status)
            component.available_replica = 0 if component.status == "STOPPED" else replica
            component.fail_detail = None
        elif job.outcome in ("FAILED", "PARTIALLY_FAILED", "UNKNOWN"):
            component.status = job.outcome
            component.available_replica = replica // 2 if job.outcome == "PARTIALLY_FAILED" else 0
            component.fail_detail = "create_failed" if job.kind == "create" and job.outcome == "FAILED" else None
        else:
            component.status = before
        component.update_time = _ms(job.ends)

    @staticmethod
    def _restore(component, record):
        """Put a record's spec back and make it current; a record that a PUT of the same version overwrote
        meanwhile takes the place of the one that overwrote it."""
        if record not in component.records:
            component.records = [other for other in component.records if other.version != record.version]
            component.records.append(record)
            component.records.sort(key=lambda other: other.begin)
        component.spec = copy.deepcopy(record.spec)
        component.make_current(record)


def _ordered_by_identity(value, identities):
    """value (a spec, an application, an environment: a dict) with its lists of objects sorted by identity,
    in place; a list that holds anything but objects is left as it is."""
    def sort(container, path, keys):
        if not isinstance(container, dict):
            return
        if len(path) > 1 and path[1] == "*":
            for item in container.get(path[0]) or []:
                sort(item, path[2:], keys)
            return
        if len(path) > 1:
            sort(container.get(path[0]), path[1:], keys)
            return
        items = container.get(path[0])
        if isinstance(items, list) and all(isinstance(item, dict) for item in items):
            container[path[0]] = sorted(items, key=lambda item: tuple(str(item.get(key, "")) for key in keys))
    for path, keys in identities:
        sort(value, path, keys)
    return value


def _values_at(container, path, prefix=""):
    """(field name, value) for every value at path ("*": each item of a list) that is present."""
    if not isinstance(container, dict) or path[0] not in container:
        return []
    value = container[path[0]]
    name = prefix + path[0]
    if len(path) == 1:
        return [(name, value)]
    if path[1] == "*":
        if not isinstance(value, list):
            return []
        found = []
        for index, item in enumerate(value):
            if len(path) == 2:
                found.append(("%s[%d]" % (name, index), item))
            else:
                found.extend(_values_at(item, path[2:], "%s[%d]." % (name, index)))
        return found
    return _values_at(value, path[1:], name + ".")


def _check_number(field, value, kind):
    wrong_type = not isinstance(value, int if kind == "integer" else (int, float))
    if isinstance(value, bool) or wrong_type:
        wanted = "an integer" if kind == "integer" else "a number"
        raise invalid("%s must be %s, not %s" % (field, wanted, json.dumps(value)))


def _check_numbers(body):
    """Refuse what a typed backend cannot read into its number fields (NUMBER_FIELDS): text, true or false."""
    for path, kind in NUMBER_FIELDS:
        for field, value in _values_at(body, path):
            if value is not None:
                _check_number(field, value, kind)


def _check_gray_release(gray, field):
    """The gray_release object as the fact sheet lists it; only type is required (Terraform and the
    modules send {"type": "WEIGHT"} alone)."""
    if not isinstance(gray, dict):
        raise invalid("%s must be an object" % field)
    if gray.get("type") not in GRAY_TYPES:
        raise invalid("%s.type must be one of %s" % (field, ", ".join(GRAY_TYPES)))
    choices = (("replica_surge_mode", GRAY_SURGE_MODES), ("rule_match_mode", GRAY_RULE_MATCH_MODES))
    for key, allowed in choices:
        if key in gray and gray[key] not in allowed:
            raise invalid("%s.%s must be one of %s" % (field, key, ", ".join(allowed)))
    for key in ("deployment_mode", "first_batch_weight", "first_batch_replica", "remaining_batch"):
        if key in gray:
            _check_number("%s.%s" % (field, key), gray[key], "integer")
    if "deployment_mode" in gray and gray["deployment_mode"] not in GRAY_DEPLOYMENT_MODES:
        raise invalid("%s.deployment_mode must be one of 1, 3, 4, 6" % field)
    if not 0 <= gray.get("first_batch_weight", 0) <= 100:
        raise invalid("%s.first_batch_weight must be 0 to 100" % field)
    for key in ("first_batch_replica", "remaining_batch"):
        if gray.get(key, 0) < 0:
            raise invalid("%s.%s must be >= 0" % (field, key))
    rules = gray.get("rules")
    if rules is not None:
        if not isinstance(rules, list):
            raise invalid("%s.rules must be a list of {type, key, value, condition}" % field)
        for index, rule in enumerate(rules):
            if not isinstance(rule, dict) or any(not isinstance(rule.get(key), str) or not rule[key]
                                                 for key in ("type", "key", "value", "condition")):
                raise invalid("%s.rules[%d] needs type, key, value and condition (text)" % (field, index))
            if rule["condition"] not in GRAY_RULE_CONDITIONS:
                raise invalid("%s.rules[%d].condition must be one of %s"
                              % (field, index, ", ".join(GRAY_RULE_CONDITIONS)))
    if gray["type"] == "CONTENT" and not rules:
        raise invalid("%s: a CONTENT gray release needs rules" % field)


def _check_labels(labels):
    if labels is None:
        return
    if not isinstance(labels, list) or len(labels) > MAX_LABELS or any(
            not isinstance(label, dict) or not isinstance(label.get("key"), str) or not isinstance(label.get("value"), str)
            or not LABEL_KEY_PATTERN.match(label["key"]) or not LABEL_VALUE_PATTERN.match(label["value"])
            for label in labels):
        raise invalid("labels must be at most %d {key, value} (key 1-36, value 2-43 characters)" % MAX_LABELS)


def _check_resources(resources, field, component=False):
    if not isinstance(resources, list):
        raise invalid("%s must be a list" % field)
    if component and not resources:
        raise ApiError(400, "SVCSTG.00100422", "base resource can not empty")
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("id"), str) or resource.get("type") not in RESOURCE_TYPES:
            raise invalid("%s items need an id and a type of %s" % (field, ", ".join(RESOURCE_TYPES)))
        if component and resource["type"] == "cce" and not isinstance(resource.get("parameters"), dict):
            raise invalid("a cce resource needs parameters (namespace)")


def _int_query(query, name, low, high=None):
    """An integer query parameter, None when absent; ApiError when out of range or not a number."""
    text = query.get(name)
    if text is None or text == "":
        return None
    try:
        value = int(text)
    except ValueError:
        raise invalid("%s must be an integer" % name)
    if value < low or (high is not None and value > high):
        raise invalid("%s must be %d to %s" % (name, low, high if high is not None else "more"))
    return value


def list_page(items, query, sort_keys=None):
    """Sort and cut a list as the v3 list APIs do: (count, page)."""
    limit = _int_query(query, "limit", 0, 100)
    offset = _int_query(query, "offset", 0) or 0
    if sort_keys is not None:
        order_by = query.get("order_by") if query.get("order_by") in sort_keys else "create_time"
        key = sort_keys[order_by]
        items = sorted(items, key=lambda item: (key(item), item.seq), reverse=query.get("order") != "asc")
    return len(items), items[offset:offset + (limit or UNPAGED_LIMIT)]


SORT_KEYS = {"create_time": lambda item: item.create_time, "name": lambda item: item.name,
             "update_time": lambda item: item.update_time}


class ServiceStageV3:
    """The v3 API's state and routes, and the in-process API (see the module's docstring)."""

    def __init__(self, clock=time.time, git_auth_names=None):
        self.clock = clock
        # project_id -> the names of its v1 git/auths authorizations (code sources name one)
        self.git_auth_names = git_auth_names or (lambda project_id: ())
        self.config = default_config()
        self.lock = threading.RLock()
        self.projects = {}
        self.engine = JobEngine()
        self.components_store = ComponentStore(self)
        # PageEvent rules, in order (used-up ones stay, with times 0, for their hits and errors)
        self.page_events = []
        self._seq = 0
        store = self.components_store
        routes = [
            ("POST", r"/applications", self._create_application),
            ("GET", r"/applications", self._list_applications),
            ("GET", r"/applications/([^/]+)", self._show_application),
            ("PUT", r"/applications/([^/]+)", self._modify_application),
            ("DELETE", r"/applications/([^/]+)", self._delete_application),
            ("POST", r"/applications/([^/]+)/components", store.create),
            ("GET", r"/applications/([^/]+)/components", self._list_components_of_application),
            ("GET", r"/applications/([^/]+)/components/([^/]+)", self._show_component),
            ("PUT", r"/applications/([^/]+)/components/([^/]+)", store.modify),
            ("DELETE", r"/applications/([^/]+)/components/([^/]+)", store.delete),
            ("GET", r"/applications/([^/]+)/components/([^/]+)/records", self._list_records),
            ("POST", r"/applications/([^/]+)/components/([^/]+)/action", store.act),
            ("GET", r"/components", self._list_components),
            ("GET", r"/jobs/([^/]+)", self._show_job),
            ("POST", r"/environments", self._create_environment),
            ("GET", r"/environments", self._list_environments),
            ("GET", r"/environments/([^/]+)", self._show_environment),
            ("PUT", r"/environments/([^/]+)", self._modify_environment),
            ("DELETE", r"/environments/([^/]+)", self._delete_environment),
            ("GET", r"/environments/([^/]+)/resources", self._show_resources),
            ("PUT", r"/environments/([^/]+)/resources", self._modify_resources),
            ("GET", r"/runtimestacks", self._list_runtime_stacks),
        ]
        self._routes = [(method, re.compile(pattern + r"\Z"), handler) for method, pattern, handler in routes]

    # The HTTP entry point ----------------------------------------------------------------------
    def handle(self, method, project_id, path, query, headers, raw_body):
        """(status, payload) for a request to /v3/{project_id}/cas{path}?{query}, already authenticated."""
        with self.lock:
            self._advance()
            for route_method, pattern, handler in self._routes:
                match = pattern.match(path)
                if match is None or route_method != method:
                    continue
                try:
                    body = self._body(headers, raw_body) if method in ("POST", "PUT") else None
                    return handler(project_id, dict(parse_qsl(query, keep_blank_values=True)), body,
                                   *[unquote(group) for group in match.groups()])
                except ApiError as error:
                    return error.status, self.error_body(error)
        return 404, {"error_code": "APIG.0101",
                     "error_msg": "The API does not exist or has not been published in the environment"}

    def error_body(self, error):
        if error.code is None:
            return None
        return {"error_code": error.code, self.config["error_message_key"]: error.message}

    @staticmethod
    def _body(headers, raw_body):
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            raise invalid("Content-Type must be application/json")
        try:
            body = json.loads(raw_body.decode("utf-8"))
        except ValueError:
            raise invalid("the body is not JSON")
        if not isinstance(body, dict):
            raise invalid("the body must be a JSON object")
        return body

    def _advance(self):
        """Apply what the clock says has happened: job ends, deletions done."""
        now = self.clock()
        for job in self.engine.due(now):
            if not job.settled:
                self.components_store.settle(job)
        for project in self.projects.values():
            for component in list(project.components.values()):
                if component.deleting_until is not None and now >= component.deleting_until:
                    del project.components[component.id]

    # Shared helpers ----------------------------------------------------------------------------
    def project(self, project_id):
        return self.projects.setdefault(project_id, Project())

    def next_seq(self):
        self._seq += 1
        return self._seq

    def not_found(self, kind, object_id):
        if self.config["not_found"] == "404":
            return ApiError(404, NOT_FOUND_404_CODES[kind], "%s not found: %s" % (kind, object_id))
        if self.config["not_found"] == "404-empty":
            return ApiError(404, None, None)
        return ApiError(401, "SVCSTG.00100401", "%s not found: %s" % (kind, object_id))

    def stored(self, value, kind):
        """value (a component spec, an application or environment body) as the server stores it: with
        stored_list_order "by_identity", its lists of objects sorted (STORED_LIST_IDENTITIES[kind])."""
        if self.config["stored_list_order"] == "by_identity":
            _ordered_by_identity(value, STORED_LIST_IDENTITIES[kind])
        return value

    def same_name(self, first, second):
        if self.config["name_case"] == "insensitive":
            return first.lower() == second.lower()
        return first == second

    def name_matches(self, name, wanted):
        """A name filter: exact or substring (name_filter), with or without case (name_case)."""
        if wanted is None:
            return True
        if self.config["name_case"] == "insensitive":
            name, wanted = name.lower(), wanted.lower()
        return wanted in name if self.config["name_filter"] == "fuzzy" else name == wanted

    def find_application(self, project_id, application_id):
        application = self.project(project_id).applications.get(application_id)
        if application is None:
            raise self.not_found("application", application_id)
        return application

    def find_environment(self, project_id, environment_id):
        environment = self.project(project_id).environments.get(environment_id)
        if environment is None:
            raise self.not_found("environment", environment_id)
        return environment

    def _component_count(self, project_id, application_id):
        return sum(1 for component in self.project(project_id).components.values()
                   if component.application_id == application_id)

    # Applications ------------------------------------------------------------------------------
    def _check_application(self, project_id, body, other_than=None):
        if "name" in body or other_than is None:
            if not isinstance(body.get("name"), str) or not NAME_PATTERN.match(body["name"]):
                raise invalid("name must be 2 to 64 letters, digits, - or _, starting with a letter")
            for application in self.project(project_id).applications.values():
                if application is not other_than and self.same_name(application.name, body["name"]):
                    raise ApiError(400, "SVCSTG.00100458", "application name is already used: %s" % body["name"])
        _check_labels(body.get("labels"))
        if "description" in body and (not isinstance(body["description"], str) or len(body["description"]) > MAX_DESCRIPTION):
            raise invalid("description must be text of at most %d characters" % MAX_DESCRIPTION)
        if "enterprise_project_id" in body and not isinstance(body["enterprise_project_id"], str):
            raise invalid("enterprise_project_id must be text")

    def _create_application(self, project_id, query, body, application_id=None):
        self._check_application(project_id, body)
        body = self.stored(copy.deepcopy(body), "application")
        application = Application(project_id, body, self.clock(), self.next_seq(), application_id)
        self.project(project_id).applications[application.id] = application
        return 200, application.view(0)

    def _list_applications(self, project_id, query, body):
        count, page = list_page(list(self.project(project_id).applications.values()), query, SORT_KEYS)
        answer = {"count": count,
                  "applications": [item.view(self._component_count(project_id, item.id)) for item in page]}
        self._after_page(project_id, "applications", query)
        return 200, answer

    # Page events -------------------------------------------------------------------------------
    def _after_page(self, project_id, objects, query):
        """Fire the page events for the page just made of a list (its answer is already made)."""
        offset = _int_query(query, "offset", 0) or 0
        for event in self.page_events:
            if event.matches(project_id, objects, offset):
                event.times -= 1
                event.hits += 1
                try:
                    self._carry_out(event, project_id)
                except (ValueError, TypeError) as error:
                    event.errors.append(str(error))

    def _carry_out(self, event, project_id):
        project_id = event.project_id or project_id
        project = self.project(project_id)
        if event.create is not None:
            seed = {"applications": self.seed_application, "environments": self.seed_environment,
                    "components": self.seed_component}[event.objects]
            if event.objects == "components":
                seed(project_id, name=event.create, **event.fields)
            else:
                seed(project_id, event.create, **event.fields)
            return
        objects = {"applications": project.applications, "environments": project.environments,
                   "components": project.components}[event.objects]
        matching = [item for item in sorted(objects.values(), key=lambda item: item.seq) if item.name == event.delete]
        if event.application is not None:
            application_id = _seed_reference(project.applications, event.application, "application")
            matching = [item for item in matching if item.application_id == application_id]
        if not matching:
            raise ValueError("no %s named %r to delete" % (event.objects[:-1], event.delete))
        doomed = matching[0]
        if event.objects == "applications":
            for component in list(project.components.values()):
                if component.application_id == doomed.id:
                    del project.components[component.id]
        del objects[doomed.id]

    def _show_application(self, project_id, query, body, application_id):
        application = self.find_application(project_id, application_id)
        return 200, application.view(self._component_count(project_id, application_id))

    def _modify_application(self, project_id, query, body, application_id):
        application = self.find_application(project_id, application_id)
        self._check_application(project_id, body, other_than=application)
        body = self.stored(copy.deepcopy(body), "application")
        for key in ("name", "description", "labels", "enterprise_project_id"):
            if key in body:
                setattr(application, key, copy.deepcopy(body[key]))
        application.update_time = _ms(self.clock())
        return 200, application.view(self._component_count(project_id, application_id))

    def _delete_application(self, project_id, query, body, application_id):
        self.find_application(project_id, application_id)
        count = self._component_count(project_id, application_id)
        if count:
            raise ApiError(409, "SVCSTG.00100401", "application not empty: delete its %d components first" % count)
        del self.project(project_id).applications[application_id]
        return 204, None

    # Environments ------------------------------------------------------------------------------
    def _check_environment(self, project_id, body, other_than=None):
        if not isinstance(body.get("name"), str) or not NAME_PATTERN.match(body["name"]):
            raise invalid("name must be 2 to 64 letters, digits, - or _, starting with a letter")
        for environment in self.project(project_id).environments.values():
            if environment is not other_than and self.same_name(environment.name, body["name"]):
                raise ApiError(400, "SVCSTG.00100449", "environment name is already used: %s" % body["name"])
        if other_than is None:
            if not isinstance(body.get("vpc_id"), str) or not body["vpc_id"]:
                raise invalid("vpc_id is required")
            if body.get("deploy_mode", "mixed") not in ENVIRONMENT_DEPLOY_MODES:
                raise invalid("deploy_mode must be one of %s" % ", ".join(ENVIRONMENT_DEPLOY_MODES))
            if "resources" in body:
                _check_resources(body["resources"], "resources")
        _check_labels(body.get("labels"))
        if "description" in body and (not isinstance(body["description"], str) or len(body["description"]) > MAX_DESCRIPTION):
            raise invalid("description must be text of at most %d characters" % MAX_DESCRIPTION)

    def _create_environment(self, project_id, query, body, environment_id=None):
        self._check_environment(project_id, body)
        body = self.stored(copy.deepcopy(body), "environment")
        environment = Environment(project_id, body, self.clock(), self.next_seq(), environment_id)
        self.project(project_id).environments[environment.id] = environment
        return 200, environment.view()

    def _list_environments(self, project_id, query, body):
        items = [environment for environment in self.project(project_id).environments.values()
                 if self.name_matches(environment.name, query.get("name"))
                 and query.get("environment_id") in (None, environment.id)
                 and query.get("enterprise_project_id") in (None, environment.enterprise_project_id)]
        count, page = list_page(items, query, SORT_KEYS)
        answer = {"count": count, "environments": [item.view(with_resources=False) for item in page]}
        self._after_page(project_id, "environments", query)
        return 200, answer

    def _show_environment(self, project_id, query, body, environment_id):
        return 200, self.find_environment(project_id, environment_id).view()

    def _modify_environment(self, project_id, query, body, environment_id):
        environment = self.find_environment(project_id, environment_id)
        self._check_environment(project_id, body, other_than=environment)
        body = self.stored(copy.deepcopy(body), "environment")
        for key in ("name", "description", "labels"):
            if key in body:
                setattr(environment, key, copy.deepcopy(body[key]))
        environment.update_time = _ms(self.clock())
        return 200, environment.view()

    def _delete_environment(self, project_id, query, body, environment_id):
        self.find_environment(project_id, environment_id)
        users = [component for component in self.project(project_id).components.values()
                 if component.environment_id == environment_id]
        if users and self.config["environment_delete_in_use"] == "refuse":
            raise ApiError(409, "SVCSTG.00100402", "environment in use: %d components are deployed in it, delete them first"
                           % len(users))
        del self.project(project_id).environments[environment_id]
        return 204, None

    def _show_resources(self, project_id, query, body, environment_id):
        return 200, {"resources": copy.deepcopy(self.find_environment(project_id, environment_id).resources)}

    def _modify_resources(self, project_id, query, body, environment_id):
        environment = self.find_environment(project_id, environment_id)
        if "resources" not in body:
            raise invalid("resources is required")
        _check_resources(body["resources"], "resources")
        environment.resources = self.stored({"resources": copy.deepcopy(body["resources"])}, "environment")["resources"]
        environment.update_time = _ms(self.clock())
        return 200, {"resources": copy.deepcopy(environment.resources)}

    # Components, records, jobs, runtime stacks (reads) -----------------------------------------
    def _show_component(self, project_id, query, body, application_id, component_id):
        component = self.components_store.find(project_id, application_id, component_id)
        return 200, self.components_store.view(component, self.clock())

    def _component_page(self, project_id, components, query):
        now = self.clock()
        count, page = list_page(components, query, SORT_KEYS)
        answer = {"count": count, "components": [self.components_store.list_item(item, now) for item in page]}
        self._after_page(project_id, "components", query)
        return 200, answer

    def _list_components_of_application(self, project_id, query, body, application_id):
        self.find_application(project_id, application_id)
        components = [component for component in self.project(project_id).components.values()
                      if component.application_id == application_id]
        return self._component_page(project_id, components, query)

    def _list_components(self, project_id, query, body):
        project = self.project(project_id)
        items = []
        for component in project.components.values():
            application = project.applications.get(component.application_id)
            if (self.name_matches(component.name, query.get("component_name"))
                    and self.name_matches(application.name if application else "", query.get("application_name"))):
                items.append(component)
        return self._component_page(project_id, items, query)

    def _list_records(self, project_id, query, body, application_id, component_id):
        component = self.components_store.find(project_id, application_id, component_id)
        records = list(component.records)
        if query.get("order") != "asc":
            records.reverse()
        count, page = list_page(records, query)
        now = self.clock()
        return 200, {"count": count, "records": [record.view(self.engine, now) for record in page]}

    def _show_job(self, project_id, query, body, job_id):
        job = self.engine.jobs.get(job_id)
        if job is None or job.project_id != project_id:
            raise ApiError(404, "SVCSTG.00100429", "job not found: %s" % job_id)
        offset = _int_query(query, "offset", 0) or 0
        limit = _int_query(query, "limit", 0) or None
        descending = (query.get("desc") or "false").lower()
        if descending not in ("true", "false"):
            raise invalid("desc must be true or false")
        answer = job.answer(self.clock(), offset, limit, descending == "true")
        return 200, _upper_keys(answer) if self.config["job_key_case"] == "upper" else answer

    def _list_runtime_stacks(self, project_id, query, body):
        return 200, {"runtime_stacks": [dict(stack) for stack in RUNTIME_STACKS], "total": len(RUNTIME_STACKS)}

    # The in-process API ------------------------------------------------------------------------
    def configure(self, **switches):
        checked = checked_switches(switches)
        with self.lock:
            self.config.update(checked)

    def reset(self):
        with self.lock:
            self.projects.clear()
            self.engine.reset()
            del self.page_events[:]

    def add_job_outcomes(self, rules):
        with self.lock:
            self.engine.add_outcomes(rules)

    def add_page_events(self, rules):
        """Append PageEvent rules (or dicts of its arguments): all of them, or none when one is refused."""
        events = [rule if isinstance(rule, PageEvent) else PageEvent(**rule) for rule in rules]
        with self.lock:
            self.page_events.extend(events)

    def seed_application(self, project_id, name, description="", labels=(), enterprise_project_id="0",
                         application_id=None):
        body = {"name": name, "description": description, "labels": list(labels),
                "enterprise_project_id": enterprise_project_id}
        with self.lock:
            return _as_value_error(lambda: self._create_application(project_id, {}, body, application_id)[1])

    def seed_environment(self, project_id, name, vpc_id="vpc-emulated", deploy_mode="container", description="",
                         labels=(), enterprise_project_id="0", resources=(), environment_id=None):
        body = {"name": name, "vpc_id": vpc_id, "deploy_mode": deploy_mode, "description": description,
                "labels": list(labels), "enterprise_project_id": enterprise_project_id, "resources": list(resources)}
        with self.lock:
            return _as_value_error(lambda: self._create_environment(project_id, {}, body, environment_id)[1])

    def seed_component(self, project_id, application, environment, name, version="1.0.0", replica=1, status="RUNNING",
                       available_replica=None, previous_versions=(), component_id=None, **spec):
        """A component made elsewhere, settled in status, with a current record for version and older
        ones for previous_versions (same spec; the default image's tag follows the version)."""
        if status not in COMPONENT_STATUSES:
            raise ValueError("status %r is not one of %s" % (status, ", ".join(COMPONENT_STATUSES)))
        with self.lock:
            self._advance()
            project = self.project(project_id)
            application_id = _seed_reference(project.applications, application, "application")
            environment_id = _seed_reference(project.environments, environment, "environment")
            cce = [resource for resource in project.environments[environment_id].resources if resource.get("type") == "cce"]

            def body_of(seeded_version):
                body = {"name": name, "version": seeded_version, "replica": replica, "environment_id": environment_id,
                        "runtime_stack": {"name": "Docker", "type": "Docker", "deploy_mode": "container", "version": ""},
                        "source": {"kind": "image", "storage": "swr", "auth": "iam",
                                   "url": "swr.cn-north-4.myhuaweicloud.com/emulator/%s:%s" % (name, seeded_version)},
                        "refer_resources": [{"id": cce[0]["id"] if cce else "emulated-cce-cluster", "type": "cce",
                                             "parameters": {"namespace": "default"}}]}
                body.update(copy.deepcopy(spec))
                if body.get("config_mode") == "yaml" and "workload_content" not in body:
                    body["workload_content"] = _deployment(name, body["source"].get("url", ""), replica)
                return body

            def add():
                store = self.components_store
                body = body_of(version)
                store.check_spec(project_id, body, creating=True)
                store.refuse_duplicate_name(project_id, application_id, environment_id, name)
                now = self.clock()
                component = store.add(project_id, application_id, environment_id, body, now, component_id)
                component.status = status
                running = status in ("RUNNING", "GRAYING", "UPGRADING", "RESTARTING", "STOPPING", "PENDING")
                component.available_replica = available_replica if available_replica is not None else (
                    replica if running else 0)
                versions = list(previous_versions) + [version]
                for age, seeded_version in enumerate(reversed(versions)):
                    # older versions began earlier: an hour apart, the current one now
                    spec_of_version = store.add_defaults(body_of(seeded_version))
                    component.records.insert(0, Record(component.id, seeded_version, spec_of_version, "upgrade",
                                                       now - 3600 * age))
                component.make_current(component.records[-1])
                return self._component_summary(component, now)
            return _as_value_error(add)

    def seed(self, project_id, applications=(), environments=(), components=()):
        """Seed from dicts (POST /_emulator/v3/seed): each takes the arguments of its seed_* method, with
        "id" for application_id, environment_id or component_id. Returns the ids and names. All of
        them, or none: a ValueError for the first one refused leaves the state as it was."""
        def renamed(item, id_key):
            item = dict(item)
            if "id" in item:
                item[id_key] = item.pop("id")
            return item
        with self.lock:
            saved = copy.deepcopy(self.projects)
            try:
                return {"applications": [_short(self.seed_application(project_id, **renamed(item, "application_id")))
                                         for item in applications],
                        "environments": [_short(self.seed_environment(project_id, **renamed(item, "environment_id")))
                                         for item in environments],
                        "components": [_short(self.seed_component(project_id, **renamed(item, "component_id")),
                                              "application_id", "environment_id")
                                       for item in components]}
            except (ValueError, TypeError):
                self.projects = saved
                raise

    def _component_summary(self, component, now):
        summary = self.components_store.view(component, now, with_id=True)
        item = self.components_store.list_item(component, now)
        summary.update(application_name=item["application_name"], environment_name=item["environment_name"])
        return summary

    def applications(self, project_id):
        with self.lock:
            self._advance()
            return [self._show_application(project_id, {}, None, item.id)[1]
                    for item in self.project(project_id).applications.values()]

    def environments(self, project_id):
        with self.lock:
            self._advance()
            return [item.view() for item in self.project(project_id).environments.values()]

    def components(self, project_id):
        with self.lock:
            self._advance()
            now = self.clock()
            return [self._component_summary(item, now) for item in self.project(project_id).components.values()]

    def jobs(self, project_id=None):
        with self.lock:
            self._advance()
            now = self.clock()
            return [dict(job.answer(now)["job"], kind=job.kind, component_id=job.component_id,
                         component_name=job.component_name, project_id=job.project_id, started=job.started,
                         ended=job.ends if job.has_ended(now) else None)
                    for job in self.engine.jobs.values() if project_id in (None, job.project_id)]

    def state(self):
        with self.lock:
            self._advance()
            project_ids = list(self.projects)
        return {"config": dict(self.config),
                "projects": dict((project_id, {"applications": self.applications(project_id),
                                               "environments": self.environments(project_id),
                                               "components": self.components(project_id)})
                                 for project_id in project_ids),
                "jobs": self.jobs()}


def _as_value_error(make):
    """Run a seeding step; what the API would refuse is a ValueError for the caller."""
    try:
        return make()
    except ApiError as error:
        raise ValueError(error.message)


def _seed_reference(objects, name_or_id, kind):
    if name_or_id in objects:
        return name_or_id
    for item in objects.values():
        if item.name == name_or_id:
            return item.id
    raise ValueError("no %s named %r" % (kind, name_or_id))


def _deployment(name, image, replica):
    """The Kubernetes Deployment a seeded yaml-mode component runs, as JSON text (its workload_content)."""
    labels = {"app": name}
    return json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
                       "spec": {"replicas": replica, "selector": {"matchLabels": labels},
                                "template": {"metadata": {"labels": labels},
                                             "spec": {"containers": [{"name": name, "image": image}]}}}})


def _short(view, *extra):
    return dict((key, view[key]) for key in ("id", "name") + extra)
