"""TestIdentityProvider for custom identity providers, answered as AWS's
sample Lambda/API Gateway provider would from the Secrets Manager secret
`aws/transfer/<server-id>/<user>` (same account and region).

A failed login is the provider returning `{}`: Transfer then reports
StatusCode 200, Response "{}" and an empty Message (the API model: "If an
empty string is returned, the most likely cause is that the authentication
failed due to an incorrect username or password").
"""

import json

from moto.core.exceptions import JsonRESTError
from moto.secretsmanager.models import secretsmanager_backends

from .errors import InvalidRequest


def secret_name(server_id: str, user_name: str) -> str:
    return f"aws/transfer/{server_id}/{user_name}"


def _secret_string(account: str, region: str, name: str) -> str | None:
    try:
        value = secretsmanager_backends[account][region].get_secret_value(name, None, None)
    except JsonRESTError:  # missing, deleted or denied: the sample answers {} alike
        return None
    return value.get("SecretString")


def sample_provider(secret: dict | None, password: str | None, protocol: str) -> dict:
    """The AWS sample provider's answer: {} refuses the login."""
    if secret is None:
        return {}
    if password == "" and protocol in ("FTP", "FTPS"):
        return {}  # empty passwords are refused for FTP/FTPS
    answer = {}
    if password:
        if secret.get("Password") != password:
            return {}
    elif secret.get("PublicKey"):  # no password: SFTP key authentication
        answer["PublicKeys"] = secret["PublicKey"].split(",")
    else:
        return {}
    answer["Role"] = secret.get("Role", "")
    if "Policy" in secret:
        answer["Policy"] = secret["Policy"]
    if "HomeDirectoryDetails" in secret:
        answer["HomeDirectoryDetails"] = secret["HomeDirectoryDetails"]
        answer["HomeDirectoryType"] = "LOGICAL"
    elif "HomeDirectory" in secret:
        answer["HomeDirectory"] = secret["HomeDirectory"]
    return answer


class IdentityProviderResponses:
    """Methods grafted onto moto's TransferResponse."""

    def test_identity_provider(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        idp = server.config["IdentityProviderType"]
        details = server.config.get("IdentityProviderDetails", {})
        if idp == "SERVICE_MANAGED":
            raise InvalidRequest(f"{server.server_id} not configured for external auth")
        url = details.get("Function") or details.get("Url") or details.get("DirectoryId", "")
        if idp == "AWS_DIRECTORY_SERVICE":
            return json.dumps(
                {
                    "StatusCode": 500,
                    "Message": "Unable to call identity provider: the emulator has no directory service",
                    "Url": url,
                }
            )
        raw = _secret_string(
            self.current_account, self.region, secret_name(server.server_id, p["UserName"])
        )
        try:
            secret = json.loads(raw) if raw is not None else None
        except ValueError:  # the sample Lambda crashes on a secret that is not JSON
            return json.dumps(
                {
                    "StatusCode": 200,
                    "Response": "",
                    "Message": "Unable to call identity provider: the function failed "
                    "(the user's secret is not valid JSON)",
                    "Url": url,
                }
            )
        answer = sample_provider(
            secret if isinstance(secret, dict) else None,
            p.get("UserPassword"),
            p.get("ServerProtocol", "SFTP"),
        )
        return json.dumps(
            {"StatusCode": 200, "Response": json.dumps(answer), "Message": "", "Url": url}
        )
