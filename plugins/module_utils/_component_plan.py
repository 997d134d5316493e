# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What to do about a ServiceStage v3 component, decided without I/O.

The task names some fields of the component's body; the API reports the whole component (its
spec, plus what the server adds). A field the task names is compared with the API's normalisations:
numbers as numbers, ``envs`` as a set of name and value, objects (``source``, anything in ``spec``)
as a subset (a key the task gives is compared, a key the server fills in is not), lists of objects
item by item, in any order. What the server adds (``inner`` envs, the ``TZ`` env of ``timezone``,
non-HTTP external accesses, the status and ids) is never compared and never sent back. ``plan()``
says create, upgrade (a PUT of the whole spec), scale (``replica`` alone goes through the scale
action, as Terraform refuses a changed replica in the PUT), both, delete, or nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

# What the GET answer holds that is not the component's spec: never sent back in a PUT.
SERVER_FIELDS = ("status", "id", "application_id", "environment_id", "creator", "create_time", "update_time",
                 "workload_content", "platform_type", "application_name", "environment_name")
# Fields the module has options for; spec holds any other field of the body.
OPTION_FIELDS = ("version", "source", "replica", "limit_cpu", "limit_memory", "envs", "refer_resources",
                 "deploy_strategy")
# How a deploy is rolled out, not what is deployed: sent with every write, never compared.
NOT_COMPARED = ("deploy_strategy",)
# Fields that cannot change, or belong to the API: never in spec.
NOT_IN_SPEC = ("name", "runtime_stack", "environment_id") + SERVER_FIELDS
NUMBER_FIELDS = ("limit_cpu", "limit_memory", "request_cpu", "request_memory")
VERSION_PATTERN = re.compile(r"\d+\.\d+\.\d+(\.\d+)?\Z")
SOURCE_KINDS = ("image", "package", "code")
# A component with a job in progress: a write waits for the job, or is refused.
BUSY_STATUSES = ("INITIALIZING", "UPGRADING", "STARTING", "STOPPING", "RESTARTING", "DELETING", "ROLLBACKING")
GRAYING = "GRAYING"
# A component on its way out (DELETED: documented, not seen yet; read as gone but for the wait until not-found).
GOING = ("DELETING", "DELETED")
# The statuses of a component whose last deploy did not come up.
FAILED_STATUSES = ("FAILED", "PARTIALLY_FAILED", "UNKNOWN")
HTTP_PROTOCOLS = ("http", "https")


def merged_source(given, component):
    """The source a write would leave: the task's, over the component's when both are of the same kind (a
    source is compared, and overlaid, as a subset); the task's alone for a new component or another kind."""
    if not given:
        return None
    current = (component or {}).get("source")
    if isinstance(current, dict) and current.get("kind") == given.get("kind"):
        return dict(current, **given)
    return dict(given)


def source_errors(source):
    """What a source lacks to be deployed, or None: a code source needs repo_url and repo_auth, the others url."""
    if not source:
        return None
    if source.get("kind") == "code" and not (source.get("repo_url") and source.get("repo_auth")):
        return "a code source needs repo_url and repo_auth (the name of a repository authorization)"
    if source.get("kind") != "code" and not source.get("url"):
        return "%s %s source needs url" % ("an" if source.get("kind") == "image" else "a", source.get("kind"))
    return None


def status_of(component):
    status = component.get("status") if isinstance(component.get("status"), dict) else {}
    return status.get("component_status"), status.get("last_job_id")


def env_list(envs):
    """The API's [{name, value}] from the task's dict; a value that is an object (value_from) is kept as it is."""
    listed = []
    for name, value in envs.items():
        if isinstance(value, dict):
            listed.append(dict(value, name=name))
        else:
            listed.append({"name": name, "value": _text(value)})
    return listed


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def user_envs(component):
    """The component's own envs: without those the server adds (inner ones, and TZ when timezone is set)."""
    envs = component.get("envs") if isinstance(component.get("envs"), list) else []
    return [env for env in envs if isinstance(env, dict) and not env.get("inner")
            and not (env.get("name") == "TZ" and component.get("timezone"))]


def user_external_accesses(component):
    accesses = component.get("external_accesses") if isinstance(component.get("external_accesses"), list) else []
    return [access for access in accesses if isinstance(access, dict)
            and str(access.get("protocol", "")).lower() in HTTP_PROTOCOLS]


def comparable(component):
    """The component as compared and as sent back: its spec, without what the server adds."""
    spec = dict((key, copy.deepcopy(value)) for key, value in component.items() if key not in SERVER_FIELDS)
    if "envs" in spec:
        spec["envs"] = user_envs(component)
    if "external_accesses" in spec:
        spec["external_accesses"] = user_external_accesses(component)
    return spec


def _number(value):
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def matches(want, have):
    """Whether have satisfies want: numbers as numbers, objects as a subset, lists item by item in any order."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(matches(value, have.get(key)) for key, value in want.items())
    if isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            return False
        left = list(have)
        for item in want:
            found = next((index for index, candidate in enumerate(left) if matches(item, candidate)), None)
            if found is None:
                return False
            left.pop(found)
        return True
    if isinstance(want, bool):
        return have is want or (isinstance(have, str) and have.lower() == str(want).lower())
    if isinstance(want, (int, float)):
        return _number(have) is not None and _number(have) == float(want)
    return want == have


def envs_match(want, have):
    """envs as a set of name and value (an object value, value_from, as a subset)."""
    by_name = dict((env.get("name"), env) for env in have)
    return len(by_name) == len(want) and all(
        env["name"] in by_name and matches(dict((key, value) for key, value in env.items() if key != "name"),
                                           by_name[env["name"]]) for env in want)


def differences(wanted, component):
    """The wanted fields that differ from what the API reports (sorted), never one of NOT_COMPARED."""
    have = comparable(component)
    differing = []
    for key, value in wanted.items():
        if key in NOT_COMPARED:
            continue
        same = envs_match(value, have.get("envs") or []) if key == "envs" else matches(value, have.get(key))
        if not same:
            differing.append(key)
    return sorted(differing)


def _overlay(have, want):
    """want over have: objects merged (recursively); a list of objects item by item, each wanted item over the
    reported item it matches (as the comparison does) or, else, the one of the same identity (id and type, or
    name, or path), so that a key the task leaves out of an item is kept; anything else replaced."""
    if isinstance(want, dict) and isinstance(have, dict):
        merged = copy.deepcopy(have)
        for key, value in want.items():
            merged[key] = _overlay(have.get(key), value)
        return merged
    if isinstance(want, list) and isinstance(have, list) and all(isinstance(item, dict) for item in want):
        left = [item for item in have if isinstance(item, dict)]
        merged = []
        for item in want:
            counterpart = next((candidate for candidate in left if matches(item, candidate)), None)
            if counterpart is None:
                counterpart = next((candidate for candidate in left if _same_identity(item, candidate)), None)
            if counterpart is None:
                merged.append(copy.deepcopy(item))
            else:
                left.remove(counterpart)
                merged.append(_overlay(counterpart, item))
        return merged
    return copy.deepcopy(want)


def _same_identity(want, have):
    """Whether two list items are the same thing: the same id (and type, when given), else name, else path."""
    if "id" in want:
        return want["id"] == have.get("id") and want.get("type", have.get("type")) == have.get("type")
    for key in ("name", "path"):
        if key in want:
            return want[key] == have.get(key)
    return False


def overlaid(component, wanted):
    """What the component would be with the wanted fields: a source of another kind replaces the old one
    whole (none of its keys carry over); other objects are merged, the rest replaced."""
    spec = comparable(component)
    for key, value in wanted.items():
        old_source = spec.get("source") if isinstance(spec.get("source"), dict) else {}
        if key == "source" and value.get("kind") != old_source.get("kind"):
            spec[key] = copy.deepcopy(value)
        else:
            spec[key] = _overlay(spec.get(key), value)
    return spec


def put_body(component, wanted):
    """The PUT of an upgrade: the whole spec as the API reports it (so nothing the task does not name is
    lost), without what the server adds, with the wanted fields over it; the replica stays as it is (a
    change of it is the scale action's)."""
    body = overlaid(component, dict((key, value) for key, value in wanted.items() if key != "replica"))
    body["replica"] = component.get("replica", (component.get("status") or {}).get("replica"))
    return body


def create_body(name, environment_id, runtime_stack, wanted):
    body = dict(copy.deepcopy(wanted), name=name, environment_id=environment_id, runtime_stack=dict(runtime_stack))
    return body


class ComponentPlan:
    """What a task does to a component: writes, in order (create, upgrade, scale, delete), the fields that
    differ, and why."""

    def __init__(self, writes, differing=(), reason=""):
        self.writes = list(writes)
        self.differing = list(differing)
        self.reason = reason


def plan(wanted, component, present=True):
    """Decide for one component: wanted, the fields the task names (see wanted_fields); component, what
    the API reports (None: it does not exist)."""
    if not present:
        return ComponentPlan(["delete"] if component else [], reason="it exists" if component else "it does not exist")
    if component is None:
        return ComponentPlan(["create"], reason="it does not exist")
    differing = differences(wanted, component)
    writes = []
    if [key for key in differing if key != "replica"]:
        writes.append("upgrade")
    if "replica" in differing:
        writes.append("scale")
    if not writes:
        return ComponentPlan([], reason="it matches")
    return ComponentPlan(writes, differing, "%s differ%s" % (", ".join(differing), "s" if len(differing) == 1 else ""))


def runtime_stack_errors(wanted, component):
    """A runtime stack cannot change: the keys the task gives that differ from the component's."""
    have = component.get("runtime_stack") if isinstance(component.get("runtime_stack"), dict) else {}
    return sorted(key for key, value in wanted.items() if value not in (None, "") and have.get(key) != value)


def diff_view(component, wanted, compared_only=False):
    """(before, after) of the given fields: what the API reports, and what the task makes of it; compared_only
    leaves out what is never compared (deploy_strategy: a task that writes nothing shows no change of it)."""
    if component is None:
        return {}, dict(copy.deepcopy(wanted), envs=_env_dict(wanted["envs"])) if "envs" in wanted else copy.deepcopy(wanted)
    have = comparable(component)
    after = overlaid(component, wanted)
    keys = sorted(key for key in wanted if not (compared_only and key in NOT_COMPARED))
    before = dict((key, _env_dict(have.get("envs") or []) if key == "envs" else have.get(key)) for key in keys)
    after = dict((key, _env_dict(after.get("envs") or []) if key == "envs" else after.get(key)) for key in keys)
    return before, after


def _env_dict(envs):
    return dict((env.get("name"), env.get("value") if "value_from" not in env else dict(
        (key, value) for key, value in env.items() if key != "name")) for env in envs)
