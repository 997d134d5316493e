# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ServiceStage v3 API (``/v3/{project_id}/cas/...``): applications, environments, components,
their deployment records, actions and jobs. Its URLs and JSON, the name lookups, and nothing else.

Where the API's sources disagree, every documented variant is read:
- not found is 401 ``SVCSTG.00100401`` (what Terraform handles) or 404 ``SVCSTG.00100403`` /
  ``00100404`` / ``00100411`` (the documented table), or a 404 without a code; a 401 with another code
  (``APIG.*``) is an authentication failure and raised as such;
- the message is ``error_msg`` or ``error_message`` (the transport reads both);
- a job's keys are lowercase (SDK, Terraform, the newest docs) or UPPERCASE (older docs);
- the name filters (``name`` of environments, ``application_name`` / ``component_name`` of
  components) may match exactly or as substrings: every lookup matches the name exactly itself;
- an action answers ``{job_id, component_id}`` or ``{job_id, result}``: only ``job_id`` is read.

Each call sends its request once (the transport re-sends only what is safe); whether a write of
unknown fate was carried out is decided by ``_servicestage.writes.carry_out``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import difflib
import re

from ansible.module_utils.six.moves.urllib.parse import quote, urlencode

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    UNKNOWN,
    HuaweiCloudApiError,
)

# 401 with this code: the object does not exist (per Terraform); 409 with it: the application is not empty.
NOT_FOUND_401 = "SVCSTG.00100401"
APPLICATION_NOT_EMPTY = "SVCSTG.00100401"
NOT_FOUND_404 = ("SVCSTG.00100403", "SVCSTG.00100404", "SVCSTG.00100411")
JOB_NOT_FOUND = "SVCSTG.00100429"
ENVIRONMENT_NAME_IN_USE = "SVCSTG.00100449"
APPLICATION_NAME_IN_USE = "SVCSTG.00100458"
PAGE_SIZE = 100
# A list is never read past this many pages: an API that ignores offset would page forever.
MAX_PAGES = 100
UUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
# A v3 name: 2 to 64 letters, digits, '-' or '_', a letter first, a letter or digit last.
NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,62}[A-Za-z0-9]\Z")
NAME_RULE = "2 to 64 letters, digits, '-' or '_', starting with a letter and ending with a letter or digit"


def is_not_found(error):
    """Whether an API error means "no such application, environment or component", in either documented form:
    401 SVCSTG.00100401, or 404 with one of the not-found codes or with no body at all. A 404 with another
    body (a proxy's or a web server's page, a wrong endpoint) is not taken for "it does not exist"."""
    if error.sent is not None:
        return False
    if error.status == 401:
        return error.error_code == NOT_FOUND_401
    return error.status == 404 and (error.error_code in NOT_FOUND_404
                                    or (error.error_code is None and error.empty_body))


def check_name(kind, name):
    """An error message for a bad application, environment or component name, or None."""
    if not NAME_PATTERN.match(name):
        return "%s name %r is not valid: use %s" % (kind, name, NAME_RULE)
    return None


def lowercase_keys(value):
    """A job answer with every key lowercase (the older English docs print them UPPERCASE)."""
    if isinstance(value, dict):
        return dict((key.lower() if isinstance(key, str) else key, lowercase_keys(item)) for key, item in value.items())
    if isinstance(value, list):
        return [lowercase_keys(item) for item in value]
    return value


class V3Client:
    """The v3 API of one project, through the task's ServiceStage transport."""

    # what a read of one object takes for "it does not exist" (_get_or_none)
    not_found = staticmethod(is_not_found)

    def __init__(self, transport, project_id):
        self.transport = transport
        self.base_path = "/v3/%s/cas" % quote(project_id, safe="")
        # how many pages the last list took
        self.pages_read = 0

    # -- plumbing ---------------------------------------------------------------------------------
    def _path(self, *segments, **query):
        path = self.base_path + "".join("/" + quote(segment, safe="") for segment in segments)
        query = dict((key, value) for key, value in query.items() if value is not None)
        return path + ("?" + urlencode(sorted(query.items())) if query else "")

    def _get(self, step, *segments, **query):
        budget, retries = query.pop("budget", None), query.pop("retries", None)
        return self.transport.send("GET", self._path(*segments, **query), step=step, budget=budget, retries=retries)

    def _get_or_none(self, step, what, *segments):
        """The object at segments, None when the API says it does not exist, or a clear error when the answer
        is not an object (an empty body, a list)."""
        try:
            found = self._get(step, *segments)
        except HuaweiCloudApiError as error:
            if self.not_found(error):
                return None
            raise
        return self._object(step, found, what)

    def _object(self, step, payload, what, key=None):
        """payload (or payload[key]) when it is an object, else a clear error."""
        value = payload.get(key) if key and isinstance(payload, dict) else payload
        if not isinstance(value, dict):
            raise self.transport.answer_error(step, "the %s answer holds no %s; check that the endpoint is the "
                                              "ServiceStage API" % (step, what), sent=UNKNOWN if key else None)
        return value

    def _pages(self, step, key, *segments, **query):
        """Every item of a list, read a page of PAGE_SIZE at a time until a short page or count, oldest first: in that
        order an object made while the list is read comes last instead of pushing the others on by one, so that
        none is read twice (and one that shows up twice all the same, by its id, is kept once). An object deleted
        while the list is read can still make the next page skip one: a lookup that finds nothing in a list of
        more than one page reads it once more (see _named)."""
        items, seen = [], set()
        for page in range(MAX_PAGES):
            payload = self._get(step, *segments, limit=PAGE_SIZE, offset=page * PAGE_SIZE, order_by="create_time",
                                order="asc", **query)
            listed = payload.get(key) if isinstance(payload, dict) else None
            if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
                raise self.transport.answer_error(step, "the %s answer holds no '%s' list of objects; check that the "
                                                  "endpoint is the ServiceStage API" % (step, key))
            for item in listed:
                identity = item.get("id")
                if identity is not None and identity in seen:
                    continue
                seen.add(identity)
                items.append(item)
            count = payload.get("count")
            counted = isinstance(count, int) and not isinstance(count, bool)
            if len(listed) < PAGE_SIZE or (counted and (page + 1) * PAGE_SIZE >= count):
                self.pages_read = page + 1
                return items
        raise self.transport.answer_error(step, "the %s answer did not end after %d pages of %d" % (
            step, MAX_PAGES, PAGE_SIZE))

    def _named(self, kind, name, read):
        """The one item read() lists that is called exactly name (a name filter may match more), None, or an error
        when several are. A miss in a list of more than one page is read once more before it counts."""
        for attempt in (1, 2):
            items = read()
            named = [item for item in items if item.get("name") == name]
            if len(named) > 1:
                raise self.transport.answer_error("%s lookup" % kind, "%d %ss are called '%s' (ids %s): give the id "
                                                  "instead" % (len(named), kind, name,
                                                               ", ".join(str(item.get("id")) for item in named)))
            if named or self.pages_read <= 1:
                return named[0] if named else None
        return None

    def _write(self, method, step, segments, body=None, read_body=True):
        return self.transport.send(method, self._path(*segments), step=step, body=body, read_body=read_body)

    # -- applications -------------------------------------------------------------------------------
    def applications(self):
        return self._pages("application lookup", "applications", "applications")

    def application(self, application_id):
        return self._get_or_none("application lookup", "application", "applications", application_id)

    def find_application(self, name_or_id):
        """The application with this id, or else this name; None when there is none. The API has no
        name filter: the applications are paged through."""
        if UUID_PATTERN.match(name_or_id):
            found = self.application(name_or_id)
            if found is not None:
                return found
        return self._named("application", name_or_id, self.applications)

    def create_application(self, body):
        return self._object("create", self._write("POST", "create", ("applications",), body), "application")

    def update_application(self, application_id, body):
        return self._object("update", self._write("PUT", "update", ("applications", application_id), body),
                            "application")

    def delete_application(self, application_id):
        self._write("DELETE", "delete", ("applications", application_id), read_body=False)

    # -- environments -------------------------------------------------------------------------------
    def environments(self, name=None):
        return self._pages("environment lookup", "environments", "environments", name=name)

    def environment(self, environment_id):
        return self._get_or_none("environment lookup", "environment", "environments", environment_id)

    def find_environment(self, name_or_id):
        """The environment with this id (as GET shows it), or else this name (as the list shows it: the API's
        name filter, matched exactly here); None when there is none."""
        if UUID_PATTERN.match(name_or_id):
            found = self.environment(name_or_id)
            if found is not None:
                return found
        return self._named("environment", name_or_id, lambda: self.environments(name=name_or_id))

    def create_environment(self, body):
        return self._object("create", self._write("POST", "create", ("environments",), body), "environment")

    def update_environment(self, environment_id, body):
        return self._object("update", self._write("PUT", "update", ("environments", environment_id), body),
                            "environment")

    def set_environment_resources(self, environment_id, resources):
        self._write("PUT", "resources update", ("environments", environment_id, "resources"), {"resources": resources})

    def environment_resources(self, environment_id):
        payload = self._get("environment lookup", "environments", environment_id, "resources")
        resources = payload.get("resources") if isinstance(payload, dict) else None
        return resources if isinstance(resources, list) else []

    def delete_environment(self, environment_id):
        self._write("DELETE", "delete", ("environments", environment_id), read_body=False)

    # -- components ---------------------------------------------------------------------------------
    def components(self, application_name=None, component_name=None):
        """Components of the project (list items: with id, application_id and names), filtered by the API."""
        return self._pages("component lookup", "components", "components",
                           application_name=application_name, component_name=component_name)

    def components_of(self, application_id):
        return self._pages("component lookup", "components", "applications", application_id, "components")

    def find_component(self, application, name, environment_id=None, strict=False):
        """The list item of the component called name in this application ({id, name, ...}), or None. Where the
        API scopes component names per environment, environment_id tells same-named ones apart; strict: only a
        component in that environment counts (for a delete or an action; a deploy finds the component wherever
        it is, and refuses to move it)."""
        for attempt in (1, 2):
            listed = [item for item in self.components(application_name=application["name"], component_name=name)
                      if item.get("application_id") == application["id"] and item.get("name") == name]
            if environment_id and (strict or len(listed) > 1):
                listed = [item for item in listed if item.get("environment_id") == environment_id]
            if listed or self.pages_read <= 1:
                break
        if len(listed) > 1:
            raise self.transport.answer_error("component lookup", "%d components are called '%s' in application '%s' "
                                              "(in environments %s): give environment to say which" % (
                                                  len(listed), name, application["name"],
                                                  ", ".join(str(item.get("environment_name") or item.get(
                                                      "environment_id")) for item in listed)))
        return listed[0] if listed else None

    def component(self, application_id, component_id):
        """A component as GET shows it (its spec and status), or None when it does not exist."""
        return self._get_or_none("component lookup", "component", "applications", application_id, "components",
                                 component_id)

    def create_component(self, application_id, body):
        payload = self._write("POST", "create", ("applications", application_id, "components"), body)
        return _job_id(self.transport, "create", payload), payload.get("component_id")

    def update_component(self, application_id, component_id, body):
        payload = self._write("PUT", "upgrade", ("applications", application_id, "components", component_id), body)
        return _job_id(self.transport, "upgrade", payload)

    def act(self, application_id, component_id, action, parameters=None):
        body = {"action": action}
        if parameters:
            body["parameters"] = parameters
        payload = self._write("POST", action, ("applications", application_id, "components", component_id, "action"),
                              body)
        return _job_id(self.transport, action, payload)

    def delete_component(self, application_id, component_id):
        self._write("DELETE", "delete", ("applications", application_id, "components", component_id), read_body=False)

    def missing(self, kind, name, application=None):
        """"<kind> 'name' does not exist", naming those that differ from it only in case (names are compared
        exactly): 'Prod' for a task that says 'prod'; or else the closest names there are ('carts' for 'cart'). kind:
        application, environment or component (of application). The list is read only for this hint: when it cannot
        be read, the message goes without. Returns (message, the names that differ only in case)."""
        return self.missing_from(kind, name, lambda: (
            self.applications() if kind == "application" else self.environments() if kind == "environment"
            else self.components_of(application["id"])))

    @staticmethod
    def missing_from(kind, name, read):
        """missing()'s message and case variants, of the list read() returns."""
        text = "%s '%s' does not exist" % (kind, name)
        try:
            items = read()
        except HuaweiCloudApiError:
            return text, []
        others = case_variants(name, items)
        return text + (case_hint(others) or closest_hint(name, items)), others

    def records(self, application_id, component_id):
        return self._pages("records lookup", "records", "applications", application_id, "components", component_id,
                           "records")

    # -- jobs ---------------------------------------------------------------------------------------
    def job(self, job_id, budget=None, poll=False):
        """{job: {execution_status, job_id, ...}, tasks: [...], task_count}, keys lowercase whatever the API sent.
        poll: one round of a wait, sent once (a failure that may pass is left to the wait's next round, paced)."""
        payload = lowercase_keys(self._get("job lookup", "jobs", job_id, budget=budget, retries=0 if poll else None))
        if not isinstance(payload, dict) or not isinstance(payload.get("job"), dict):
            raise self.transport.answer_error("job lookup", "the job answer holds no 'job' object; check that the "
                                              "endpoint is the ServiceStage API")
        tasks = payload.get("tasks")
        payload["tasks"] = [task for task in tasks if isinstance(task, dict)] if isinstance(tasks, list) else []
        return payload


def closest_hint(name, items):
    """" (the closest names there are: 'carts', 'cart-v2')" for a name that is not there, or ""."""
    names = sorted(set(item["name"] for item in items if isinstance(item, dict) and isinstance(item.get("name"), str)))
    closest = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if not closest:
        return ""
    return " (the closest name%s there %s: %s)" % ("s" if len(closest) > 1 else "", "are" if len(closest) > 1 else "is",
                                                   ", ".join("'%s'" % other for other in closest))


def _job_id(transport, step, payload):
    job_id = payload.get("job_id") if isinstance(payload, dict) else None
    if not isinstance(job_id, str) or not job_id:
        # carried out, most likely, but without the job: reading back decides (writes.carry_out)
        raise transport.answer_error(step, "the %s answer holds no job_id" % step, sent=UNKNOWN)
    return job_id


def case_variants(name, items):
    """The names of items that differ from name only in case, sorted."""
    return sorted(set(item["name"] for item in items if isinstance(item, dict) and isinstance(item.get("name"), str)
                      and item["name"] != name and item["name"].lower() == name.lower()))


def case_hint(others):
    """The part of a message that names what differs only in case: " (but 'Cart' does: ...)", or ""."""
    if not others:
        return ""
    return " (but %s: names are compared exactly)" % " and ".join("'%s' does" % other for other in others)
