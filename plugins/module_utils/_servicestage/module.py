# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every module of the collection uses, and the one way a failure becomes a
result (``guarded``, ``failure_message``): shared connection options, their checks before any
request (masking what must never be shown), authentication, and ``run()``, which turns every
failure, expected or not, into a result that holds no secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import platform
import sys

from ansible.module_utils.basic import AnsibleModule, env_fallback, remove_values

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.auth import (
    IAM_LOGIN,
    AkSkAuth,
    TokenAuth,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.connection import (
    Connection,
    connection_argument_spec,
    connection_errors,
    service_endpoint,
    url_secrets,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.iam import (
    log_in,
    project_id_by_region,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.errors import (
    HuaweiCloudApiError,
    TaskFailure,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud.transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.reconcile import Reconciler
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.result import (
    Run,
    failure_message,
    fail_run,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_git_auths import (
    CREDENTIALS_REFUSED,
    GitAuthorizationClient,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage.api_v3 import (
    JOB_NOT_FOUND,
    NOT_FOUND_401,
    V3Client,
)

# The fixes of a missing requests, the one to copy first: install it for the Python that ran the module.
INTERPRETER_HINT = ("Install it for that Python: %s -m pip install requests. Or, with connection: local, run the "
                    "module with the Python of ansible-playbook, which has it: set ansible_python_interpreter: "
                    "\"{{ ansible_playbook_python }}\" on the play.")
# What an unsupported option's value is shown as in the result's invocation (it may be a misspelled secret).
UNSUPPORTED_VALUE = "VALUE_OF_AN_UNSUPPORTED_OPTION"
# What a secret option's value is shown as (Ansible's own marker).
NO_LOG_VALUE = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def wait_options(wait=True):
    """The options of a module that waits: wait (its default) and wait_timeout, in seconds."""
    return dict(wait=dict(type="bool", default=wait), wait_timeout=dict(type="int", default=1200))


def guarded(action, where):
    """(action's value, None), or (None, the HuaweiCloudApiError it failed with). An exception that is
    not the API's becomes one naming its type and where() (step, service), never its text: it may
    quote request data. The caller fails outside the except clause, so no traceback is captured."""
    try:
        return action(), None
    except (HuaweiCloudApiError, TaskFailure) as error:
        return None, error
    except Exception as error:  # pylint: disable=broad-exception-caught
        step, service = where()
        return None, HuaweiCloudApiError.unexpected(step, error, service=service)


class HuaweiCloudModule(AnsibleModule):
    """AnsibleModule whose every result, a failure of argument validation included, masks the
    credentials of the URL options (proxy, endpoint, iam_endpoint, an item's host), and shows the
    values of unsupported options (a misspelled "passwd:" is not known to be secret) as a marker."""

    URL_OPTIONS = ("endpoint", "iam_endpoint", "host")

    def __init__(self, *args, **kwargs):
        # The step in progress and its service, for the message of an unexpected failure.
        self.step, self.service = "input validation", "ServiceStage"
        super(HuaweiCloudModule, self).__init__(*args, **kwargs)

    def exit_json(self, **kwargs):
        self._mask_urls()
        super(HuaweiCloudModule, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._mask_urls()
        kwargs.setdefault("invocation", {"module_args": _without_unsupported(getattr(self, "params", None) or {},
                                                                             self.argument_spec)})
        super(HuaweiCloudModule, self).fail_json(msg, **kwargs)

    def _mask_urls(self):
        def walk(value, key=None):
            if isinstance(value, dict):
                for name, item in value.items():
                    walk(item, name)
            elif isinstance(value, list):
                for item in value:
                    walk(item, key)
            elif key in self.URL_OPTIONS and isinstance(value, str):
                self.mask(url_secrets(value))
            elif key == "proxy" and isinstance(value, str):
                self.mask(url_secrets(value, default_scheme="http", user_alone=False))

        walk(getattr(self, "params", None) or {})

    def mask(self, values):
        """Never show these values in any output of the task."""
        self.no_log_values.update(value for value in values if value)

    def warn(self, warning):
        """A warning with every value that must not be shown masked, as in the result: ansible-core 2.19 keeps
        warnings as objects that its own masking does not reach, and a warning may quote the API's message."""
        self._mask_urls()
        super(HuaweiCloudModule, self).warn(remove_values(warning, self.no_log_values))

    def enter_step(self, step, service):
        self.step, self.service = step, service

    def fail_without_requests(self):
        if not HAS_REQUESTS:
            self.fail_json(msg="Failed to import the required Python library (requests) on %s's Python %s. %s" % (
                platform.node(), sys.executable, INTERPRETER_HINT % sys.executable), exception=REQUESTS_IMPORT_ERROR)

    def check_connection(self, errors=(), reaches_servicestage=True):
        """Fail with every input problem at once, before any request is sent; set auth_method,
        credentials and tls_verify."""
        self.auth_method, self.credentials, problems, masks, self.tls_verify = connection_errors(
            self.params, os.environ, reaches_servicestage)
        self.mask(masks)
        problems.extend(error for error in errors if error)
        if problems:
            self.fail_json(msg="Invalid input, nothing was sent: " + "; ".join(problems) + ".")

    def connection(self):
        """The task's one connection (requests session)."""
        return Connection(self.params, self.tls_verify, warn=self.warn, on_step=self.enter_step)

    def fail_api(self, error, **result):
        """fail_json for an API error (what failed, what to do, and what the API said) or a TaskFailure."""
        if isinstance(error, TaskFailure):
            if error.error is not None:
                result.update(error.error.details())
            result.setdefault("changed", False)
            self.fail_json(msg=result.pop("msg", error.message.rstrip(".") + "."), **result)
        result.update(error.details())
        self.fail_json(msg=result.pop("msg", failure_message(error)), **result)


def _without_unsupported(params, spec):
    """params as a failure's invocation shows them: the value of every option that spec does not know (at any
    depth) and of every secret option as a marker, and a value with suboptions that is not of their shape (a
    text where a list of items was expected, say) too, since it may hold their secrets. A failure of argument
    validation can come before Ansible knows which values are secret."""
    if not isinstance(params, dict):
        return UNSUPPORTED_VALUE
    aliases = dict((alias, option) for option in spec.values() for alias in option.get("aliases") or ())
    shown = {}
    for name, value in params.items():
        option = spec.get(name) or aliases.get(name)
        if option is None and not name.startswith("_ansible_"):
            shown[name] = UNSUPPORTED_VALUE
        elif option and option.get("no_log") and value is not None:
            shown[name] = NO_LOG_VALUE
        elif option and option.get("options") and isinstance(value, list):
            shown[name] = [_without_unsupported(item, option["options"]) for item in value]
        elif option and option.get("options") and value is not None:
            shown[name] = _without_unsupported(value, option["options"])
        else:
            shown[name] = value
    return shown


class ServiceStageApi:
    """What a module's action works with: the ServiceStage transport of the task and its project."""

    def __init__(self, transport, project_id):
        self.transport = transport
        self.project_id = project_id

    @property
    def git_auths(self):
        return GitAuthorizationClient(self.transport, self.project_id)

    @property
    def v3(self):
        return V3Client(self.transport, self.project_id)


class ServiceStageModule(HuaweiCloudModule):
    """AnsibleModule with the shared connection options and API error handling."""

    # The permissions a 403 names: the git/auths family's by default, the v3 modules give theirs.
    PERMISSIONS = "servicestage:repositoryAuth:list, create or delete"

    def __init__(self, argument_spec, permissions=None, **kwargs):
        spec = connection_argument_spec(env_fallback)
        spec.update(argument_spec)
        super(ServiceStageModule, self).__init__(argument_spec=spec, **kwargs)
        self.permissions = permissions or self.PERMISSIONS
        self.tls_verify = True
        self.fail_without_requests()

    def run(self, action, input_errors=None):
        """Check the input, connect, and call action(api) with a ServiceStageApi.

        input_errors: a callable returning this module's own input problems (None for none).
        Every failure becomes fail_json with the error's fields, never a secret.
        """
        def connect_and_act():
            self.check_connection(list(input_errors()) if input_errors else [])
            action(self.connect())

        dummy, failure = guarded(connect_and_act, lambda: (self.step, self.service))
        if failure is not None:
            self.fail_api(failure)

    def reconcile(self, describe, render, input_errors=None, wait=True, wait_timeout=1200, max_parallel=1,
                  stop_on_failure=True, order=None, follow_up=None):
        """The one call of a module that keeps resources as wanted: check the input, connect, describe(api) -> the
        items (resource descriptions), the reconcile loop, follow_up(api, runs, reconciler) when given (what a set
        does after its writes, such as rolling back on a failure), then render(module, runs), which exits. A
        failure of the rendering itself still says what was written."""
        runs = []

        def act(api):
            reconciler = Reconciler(api, self.check_mode, wait=wait, wait_timeout=wait_timeout,
                                    where=lambda: (self.step, self.service))
            runs.extend(Run(description) for description in describe(api))
            reconciler.reconcile(runs, max_parallel=max_parallel, stop_on_failure=stop_on_failure, order=order)
            try:
                if follow_up is not None:
                    follow_up(api, runs, reconciler)
                render(self, runs)
            except Exception as error:  # pylint: disable=broad-exception-caught
                written = [run for run in runs if run.changed]
                if not written:
                    raise
                written[0].failure = HuaweiCloudApiError.unexpected("report", error)
                fail_run(self, written[0], {})

        self.run(act, input_errors)

    def connect(self):
        """Authenticate (IAM login or project lookup when needed) on the task's one session."""
        params, credentials = self.params, self.credentials
        connection = self.connection()
        project_id = params["project_id"]
        self.step = "authentication"
        if self.auth_method == "auth_token":
            auth = TokenAuth(credentials["auth_token"])
        elif self.auth_method == IAM_LOGIN:
            login = log_in(connection, credentials, warn=self.warn if params["project_id"] else None)
            self.mask([login["token"]])
            project_id = login["project_id"]
            auth = TokenAuth(login["token"])
        else:
            auth = AkSkAuth(credentials["access_key"], credentials["secret_key"], credentials.get("security_token"))
            if not project_id:
                project_id = project_id_by_region(connection, auth)
            auth.project_id = project_id
        return ServiceStageApi(connection.transport(service_endpoint(params), auth, self.service_hints(project_id)),
                               project_id)

    def service_hints(self, project_id):
        """What to check after a 401, 403 or 404 from ServiceStage: what was used, never a credential."""
        params = self.params
        used = "project_id %s%s, endpoint %s" % (
            project_id, " in region %s" % params["region"] if params["region"] else "", service_endpoint(params))
        return {
            401: "Check the credentials, and that they belong to this project and region: a token lasts 24 hours "
                 "and is valid only for the project it was issued for (used: %s)" % used,
            403: "The credentials lack a ServiceStage permission for this project, such as %s (used: %s)"
                 % (self.permissions, used),
            404: "Check project_id and the endpoint or region (used: %s)" % used,
            # ServiceStage answers a missing application, environment or component with 401 and this code
            NOT_FOUND_401: "ServiceStage answers 401 %s for an application, environment or component that does not "
                           "exist, not for wrong credentials" % NOT_FOUND_401,
            JOB_NOT_FOUND: "No job has this id in this project: check the job id (JOB and a UUID, as a module "
                           "returned it in job.job_id) and that project_id is the project the job ran in",
            CREDENTIALS_REFUSED: "The repository did not accept the credentials: check the user and password (or "
                                 "token), and that the repository host lets this user in",
        }
