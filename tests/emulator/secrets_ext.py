"""Secrets Manager: enforce the resource policy operators use to fence a
secret (FIELD-NOTES, article 004): Deny secretsmanager:GetSecretValue unless
the request comes through a given VPC endpoint (or VPC). moto stores resource
policies without enforcing them; requests to the emulator never come through
a VPC endpoint, so such a policy denies the value while listing still works.

BatchGetSecretValue honours the same fence as AWS does: the batch succeeds
and each fenced secret comes back in its `Errors` list with
AccessDeniedException (moto's own version would fail the whole batch)."""

import fnmatch
import json

from moto.core.exceptions import JsonRESTError
from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend, _matches

from faults import PRINCIPAL

NETWORK_KEYS = {"aws:sourcevpce", "aws:sourcevpc"}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def fenced(policy: str | None) -> bool:
    """Whether the policy denies GetSecretValue to callers outside a VPC endpoint."""
    try:
        statements = _as_list(json.loads(policy or "{}").get("Statement", []))
    except (ValueError, AttributeError):
        return False
    for statement in statements:
        actions = [a.lower() for a in _as_list(statement.get("Action", []))]
        if statement.get("Effect") != "Deny" or not any(
            fnmatch.fnmatch("secretsmanager:getsecretvalue", a) for a in actions
        ):
            continue
        for operator, condition in (statement.get("Condition") or {}).items():
            if operator.lower().startswith("stringnotequals") and any(
                key.lower() in NETWORK_KEYS for key in condition
            ):
                return True
    return False


def install() -> None:
    moto_get_secret_value = SecretsManagerBackend.get_secret_value

    def get_secret_value(self, secret_id, version_id, version_stage):
        if self._is_valid_identifier(secret_id) and fenced(
            getattr(self.secrets[secret_id], "policy", None)
        ):
            raise JsonRESTError(
                "AccessDeniedException",
                f"User: {PRINCIPAL.format(account=self.account_id)} is not authorized to perform: "
                f"secretsmanager:GetSecretValue on resource: {secret_id} "
                "with an explicit deny in a resource-based policy",
            )
        return moto_get_secret_value(self, secret_id, version_id, version_stage)

    SecretsManagerBackend.get_secret_value = get_secret_value

    def batch_get_secret_value(
        self, secret_id_list=None, filters=None, max_results=None, next_token=None
    ):
        if secret_id_list and filters:
            raise JsonRESTError(
                "InvalidParameterException",
                "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
            )
        if max_results and not filters:
            raise JsonRESTError(
                "InvalidParameterException",
                "'Filters' not specified. 'Filters' must also be specified when "
                "'MaxResults' is provided.",
            )
        if secret_id_list and len(secret_id_list) > 20:
            raise JsonRESTError(
                "InvalidParameterException", "SecretIdList holds at most 20 secrets."
            )
        if filters:
            ids = [
                s.secret_id
                for s in self.secrets.values()
                if isinstance(s, FakeSecret) and not s.is_deleted() and _matches(s, filters)
            ]
        else:
            ids = list(secret_id_list or [])
        values, errors = [], []
        for secret_id in ids:
            try:
                values.append(self.get_secret_value(secret_id, "", ""))
            except JsonRESTError as err:  # one secret's failure is not the batch's
                errors.append(
                    {"SecretId": secret_id, "ErrorCode": err.error_type, "Message": err.message}
                )
        page, new_next_token = self._get_secret_values_page_and_next_token(
            values, max_results, next_token
        )
        return page, errors, new_next_token

    SecretsManagerBackend.batch_get_secret_value = batch_get_secret_value
