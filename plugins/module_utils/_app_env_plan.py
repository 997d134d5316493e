# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What to do about a ServiceStage v3 application or environment, decided without I/O.

A task names some fields (``description``, ``labels``, and for an environment ``vpc_id``,
``deploy_mode`` and ``resources``); the API reports the whole object. Labels are compared as a
dictionary (the API lists them as ``[{key, value}]``), resources as a set of ``(type, id)`` (a
resource's ``name`` is not compared, nor the order), a description with a missing one taken as
empty. ``plan()`` says create (and, with resources, set them), update (a ``PUT`` of name,
description and labels, each as the API reports it unless the task gives it), replace the
resources, or nothing; a field that cannot change (``vpc_id``, ``deploy_mode``) and differs is
refused before any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import re

# Labels (fact sheet 4.1 and 8): keys 1-36 letters, digits, '_' or '-'; values 2-43, also '.'; at most 20.
LABEL_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,36}\Z")
LABEL_VALUE_PATTERN = re.compile(r"[A-Za-z0-9_.-]{2,43}\Z")
MAX_LABELS = 20
MAX_DESCRIPTION = 128
DEPLOY_MODES = ("container", "virtualmachine", "mixed")
# Resource types the documentation and the SDK name; others are sent as given.
RESOURCE_TYPES = ("cce", "ecs", "as", "elb", "eip", "vpc", "cse", "dcs", "rds", "nacos", "ms_gateway", "subnet", "acl")
# Fields an environment takes only when it is created: its PUT does not take them.
CREATE_ONLY = {"application": (), "environment": ("vpc_id", "deploy_mode")}
# Fields a PUT changes.
UPDATED = ("description", "labels")
# What a diff and a "deleted" view show of each kind, in this order.
SHOWN = {"application": ("id", "name", "description", "labels"),
         "environment": ("id", "name", "vpc_id", "deploy_mode", "description", "labels", "resources")}


def label_text(value):
    """A label value as the API takes it: text (YAML's 10, true or 1.5 as '10', 'true', '1.5')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def label_errors(labels):
    """What is wrong with the task's labels (a dict), before any request."""
    if labels is None:
        return []
    errors = []
    if len(labels) > MAX_LABELS:
        errors.append("labels: at most %d are allowed, %d are given" % (MAX_LABELS, len(labels)))
    for key in sorted(labels, key=str):
        value = labels[key]
        if not isinstance(key, str) or not LABEL_KEY_PATTERN.match(key):
            errors.append("label key %r is not valid: use 1 to 36 letters, digits, '_' or '-'" % (key,))
        if value is None or isinstance(value, (dict, list)):
            errors.append("label %s must have a text value" % key)
        elif not LABEL_VALUE_PATTERN.match(label_text(value)):
            errors.append("label %s: value %r is not valid: use 2 to 43 letters, digits, '_', '-' or '.'"
                          % (key, label_text(value)))
    return errors


def label_list(labels):
    """The API's [{key, value}] from the task's dict, in the dict's order."""
    return [{"key": key, "value": label_text(value)} for key, value in labels.items()]


def label_dict(listed):
    """{key: value} from the API's [{key, value}] (anything else in the list is left out)."""
    if not isinstance(listed, list):
        return {}
    return dict((item.get("key"), item.get("value")) for item in listed if isinstance(item, dict) and "key" in item)


def description_errors(description):
    if description is not None and len(description) > MAX_DESCRIPTION:
        return ["description is %d characters long: at most %d are allowed" % (len(description), MAX_DESCRIPTION)]
    return []


def resource_errors(resources):
    """What is wrong with the task's resources, before any request: an empty id or type, one listed twice."""
    if resources is None:
        return []
    errors, seen = [], set()
    for index, resource in enumerate(resources):
        if not (resource.get("id") or "").strip() or not (resource.get("type") or "").strip():
            errors.append("resources[%d] needs a non-empty id and type" % index)
            continue
        key = resource_key(resource)
        if key in seen:
            errors.append("resource %s %s is listed more than once" % key)
        seen.add(key)
    return errors


def resource_key(resource):
    return (resource.get("type"), resource.get("id"))


def resource_set(resources):
    """What is compared of a resource list: the set of (type, id); names and order are not."""
    return set(resource_key(resource) for resource in resources or () if isinstance(resource, dict))


def resources_body(wanted, current):
    """The resource list a PUT sends: the task's, each {id, type} with its name when the task gives one, or
    else the name the API lists for that (type, id), so that a PUT does not drop a name it was not told to."""
    names = dict((resource_key(resource), resource.get("name")) for resource in current or ()
                 if isinstance(resource, dict) and resource.get("name"))
    body = []
    for resource in wanted:
        item = {"id": resource["id"], "type": resource["type"]}
        name = resource.get("name") or names.get(resource_key(resource))
        if name:
            item["name"] = name
        body.append(item)
    return body


def comparable(kind, found):
    """The object as the task's fields see it: labels as a dict, resources as listed, the shown fields only."""
    if found is None:
        return None
    view = dict((key, copy.deepcopy(found.get(key))) for key in SHOWN[kind] if key in found or key in UPDATED)
    view["description"] = found.get("description") or ""
    view["labels"] = label_dict(found.get("labels"))
    if kind == "environment":
        view["resources"] = copy.deepcopy(found.get("resources") or [])
    return view


def differences(kind, want, found):
    """The fields the task gives that differ from what the API reports (sorted)."""
    have = comparable(kind, found)
    differing = []
    for key, value in want.items():
        if key == "resources":
            same = resource_set(value) == resource_set(have.get("resources"))
        elif key == "description":
            same = (value or "") == have["description"]
        elif key == "labels":
            same = dict((label, label_text(text)) for label, text in value.items()) == have["labels"]
        else:
            same = value == have.get(key)
        if not same:
            differing.append(key)
    return sorted(differing)


class ObjectPlan:
    """What a task does to an application or environment: its writes, in order (create, update,
    resources, delete), the fields that differ, why, and the fields refused (that cannot change)."""

    def __init__(self, writes, differing=(), reason="", refused=()):
        self.writes = list(writes)
        self.differing = list(differing)
        self.reason = reason
        self.refused = list(refused)


def plan(kind, want, found, present=True):
    """Decide for one object. want: the fields the task gives (see wanted()); found: what the API reports
    (an environment with its resources), None when it does not exist."""
    if not present:
        return ObjectPlan(["delete"] if found else [], reason="it exists" if found else "it does not exist")
    if found is None:
        writes = ["create"] + (["resources"] if want.get("resources") else [])
        return ObjectPlan(writes, reason="it does not exist")
    differing = differences(kind, want, found)
    refused = [key for key in differing if key in CREATE_ONLY[kind]]
    if refused:
        return ObjectPlan([], differing, "%s cannot change" % " and ".join(refused), refused)
    writes = []
    if [key for key in differing if key in UPDATED]:
        writes.append("update")
    if "resources" in differing:
        writes.append("resources")
    if not writes:
        return ObjectPlan([], reason="it matches")
    return ObjectPlan(writes, differing, "%s differ%s" % (", ".join(differing), "" if len(differing) > 1 or
                                                          differing[0].endswith("s") else "s"))


def wanted(kind, params):
    """The fields the task gives, in the module's terms (labels a dict of text, resources a list)."""
    keys = UPDATED + CREATE_ONLY[kind] + (("resources",) if kind == "environment" else ())
    want = {}
    for key in keys:
        value = params.get(key)
        if value is None:
            continue
        if key == "labels":
            value = dict((label, label_text(text)) for label, text in value.items())
        elif key == "resources":
            value = [dict((field, item[field]) for field in ("id", "type", "name") if item.get(field))
                     for item in value]
        want[key] = value
    return want


def create_body(kind, name, want):
    """The POST: the name and the fields the task gives (resources go in their own PUT after it)."""
    body = {"name": name}
    for key in UPDATED + CREATE_ONLY[kind]:
        if key in want:
            body[key] = label_list(want[key]) if key == "labels" else want[key]
    return body


def update_body(found, want):
    """The PUT: name, description and labels, each as the API reports it unless the task gives it, so that
    nothing the task does not name is cleared."""
    labels = label_list(want["labels"]) if "labels" in want else [
        {"key": key, "value": value} for key, value in label_dict(found.get("labels")).items()]
    return {"name": found["name"], "description": want.get("description", found.get("description") or ""),
            "labels": labels}


def diff_view(kind, name, want, found):
    """(before, after) of the fields the task gives (and the name): what the API reports, and what the task
    makes of it; resources as the lists the API shows and the task sends."""
    if found is None:
        after = dict(copy.deepcopy(want), name=name)
        if "resources" in after:
            after["resources"] = resources_body(want["resources"], [])
        return {}, after
    have = comparable(kind, found)
    keys = ["name"] + sorted(want)
    before = dict((key, copy.deepcopy(have.get(key))) for key in keys)
    after = dict(before)
    for key, value in want.items():
        if key != "resources":
            after[key] = copy.deepcopy(value)
        elif resource_set(value) != resource_set(have.get("resources")):
            after[key] = resources_body(value, have.get("resources"))
    return before, after


def deleted_view(kind, found):
    """(before, after) of a delete: what the API reports, and nothing."""
    return (comparable(kind, found) if found else {}), {}
