# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule every ServiceStage module uses: shared connection options, their
validation before any request, one way to fail on an API error, and ``run()``, which
turns every failure, expected or not, into a result that holds no secret."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_auth import (
    IAM_HINTS,
    SECRET_OPTIONS,
    AkSkAuth,
    TokenAuth,
    project_id_by_region,
    resolve_auth,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_connection import (
    Connection,
    connection_argument_spec,
    endpoint_errors,
    iam_endpoint,
    network_errors,
    scope_errors,
    service_endpoint,
    url_secrets,
    uses_tls,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._huaweicloud_transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HuaweiCloudApiError,
)
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._iam_token import scoped_login
from ansible_collections.huaweicloud.servicestage.plugins.module_utils._servicestage_client import (
    CREDENTIALS_REFUSED,
    GitAuthorizationClient,
)

INTERPRETER_HINT = ("With connection: local, set ansible_python_interpreter: \"{{ ansible_playbook_python }}\" "
                    "to run the module with the Python of ansible-playbook, or install requests for %s.")


class HuaweiCloudModule(AnsibleModule):
    """AnsibleModule whose every result, a failure of argument validation included, masks the user
    information (a password) of the URL options (proxy, endpoint, iam_endpoint, an item's host)."""

    URL_OPTIONS = ("proxy", "endpoint", "iam_endpoint", "host")

    def exit_json(self, **kwargs):
        self._mask_urls()
        super(HuaweiCloudModule, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._mask_urls()
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

        walk(getattr(self, "params", None) or {})

    def mask(self, values):
        """Never show these values in any output of the task."""
        self.no_log_values.update(value for value in values if value)

    def fail_without_requests(self):
        if not HAS_REQUESTS:
            self.fail_json(msg="%s. %s" % (missing_required_lib("requests").rstrip("."), INTERPRETER_HINT % sys.executable),
                           exception=REQUESTS_IMPORT_ERROR)


class ServiceStageModule(HuaweiCloudModule):
    """AnsibleModule with the shared connection options and API error handling."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec(env_fallback)
        spec.update(argument_spec)
        super(ServiceStageModule, self).__init__(argument_spec=spec, **kwargs)
        # The step in progress, for the message of an unexpected failure.
        self.step = "input validation"
        self.tls_verify = True
        self.fail_without_requests()

    def run(self, action, input_errors=None):
        """Check the input, connect, and call action(client) with a git/auths client.

        input_errors: a callable returning this module's own input problems (None for none).
        An API error becomes fail_json with its fields. Any other exception becomes fail_json
        with its type and the step only: its text may quote request data, and fail_json is
        called outside the except clause so that no traceback of it is captured either.
        """
        failure = None
        try:
            self.check_input(list(input_errors()) if input_errors else [])
            transport, project_id = self.connect()
            action(GitAuthorizationClient(transport, project_id))
            return
        except HuaweiCloudApiError as error:
            failure = error
        except Exception as error:  # pylint: disable=broad-exception-caught
            failure = HuaweiCloudApiError.unexpected(self.step, error)
        self.fail_api(failure)

    def connection_errors(self):
        """What is wrong with the connection options, found before any request."""
        params = self.params
        self.auth_method, self.credentials, errors = resolve_auth(params, os.environ)
        self.mask(self.credentials.get(option) for option in SECRET_OPTIONS)
        errors.extend(scope_errors(params))
        if not params["project_id"]:
            if self.auth_method == "auth_token":
                errors.append("project_id is required with auth_token (or set HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID)")
            elif self.auth_method and not params["region"]:
                errors.append("project_id or region is required: the project is looked up by the region's name")
        needs_iam = self.auth_method == "IAM password" or (self.auth_method == "access key" and not params["project_id"])
        if needs_iam and not (params["iam_endpoint"] or params["region"]):
            errors.append("iam_endpoint or region is required with %s credentials" % self.auth_method)
        if not params["endpoint"] and not params["region"]:
            errors.append("region is required when endpoint is not given (or set HUAWEICLOUD_SDK_REGION or HW_REGION_NAME)")
        tls = uses_tls(params["endpoint"], *([params["iam_endpoint"]] if needs_iam else []))
        network_problems, masks, self.tls_verify = network_errors(params, os.environ, tls)
        self.mask(masks)

        def endpoints():
            if errors:  # the URLs cannot be built yet
                return []
            return [service_endpoint(params)] + ([iam_endpoint(params)] if needs_iam else [])

        url_problems, masks = endpoint_errors(params, ("endpoint", "iam_endpoint"), endpoints)
        self.mask(masks)
        return errors + url_problems + network_problems

    def check_input(self, errors):
        """Fail with every input problem at once, before any request is sent."""
        errors = self.connection_errors() + [error for error in errors if error]
        if errors:
            self.fail_json(msg="Invalid input, nothing was sent: " + "; ".join(errors) + ".")

    def _enter_step(self, step):
        self.step = step

    def connect(self):
        """Authenticate (IAM login or project lookup when needed) on the task's one session;
        return (the ServiceStage transport, project_id)."""
        params, credentials = self.params, self.credentials
        connection = Connection(params, self.tls_verify, warn=self.warn, on_step=self._enter_step)
        project_id = params["project_id"]
        self.step = "authentication"
        if self.auth_method == "auth_token":
            auth = TokenAuth(credentials["auth_token"])
        elif self.auth_method == "access key":
            auth = AkSkAuth(credentials["access_key"], credentials["secret_key"], credentials.get("security_token"))
            if not project_id:
                project_id = project_id_by_region(connection.transport(iam_endpoint(params), auth, IAM_HINTS),
                                                  params["region"])
            auth.project_id = project_id
        else:
            login = scoped_login(connection, params, credentials)
            self.mask([login["token"]])
            project_id = login["project_id"]
            auth = TokenAuth(login["token"])
        return connection.transport(service_endpoint(params), auth, self.service_hints(project_id)), project_id

    def service_hints(self, project_id):
        """What to check after a 401, 403 or 404 from ServiceStage: what was used, never a credential."""
        params = self.params
        used = "project_id %s%s, endpoint %s" % (
            project_id, " in region %s" % params["region"] if params["region"] else "", service_endpoint(params))
        return {
            401: "Check the credentials, and that they belong to this project and region: a token lasts 24 hours "
                 "and is valid only for the project it was issued for (used: %s)" % used,
            403: "The credentials lack a ServiceStage permission for this project, such as "
                 "servicestage:repositoryAuth:list, create or delete (used: %s)" % used,
            404: "Check project_id and the endpoint or region (used: %s)" % used,
            CREDENTIALS_REFUSED: "The repository did not accept the credentials: check the user and password (or "
                                 "token), and that the repository host lets this user in",
        }

    def fail_api(self, error, **result):
        """fail_json for an API error: what failed, what to do, and what the API said."""
        msg = "ServiceStage %s failed: %s" % (error.step, error.summary())
        result.update(error.details())
        self.fail_json(msg=result.pop("msg", msg), **result)
