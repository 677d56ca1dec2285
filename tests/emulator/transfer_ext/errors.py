"""Transfer's errors in its own wire shape: awsJson1_1 with `__type`,
`Message` and the extra members the API model gives each error."""

import json

from moto.core.exceptions import JsonRESTError


class TransferError(JsonRESTError):
    code = 400

    def __init__(self, error_type: str, message: str, **members: str) -> None:
        super().__init__(error_type, message)
        self.description = json.dumps({"__type": error_type, "Message": message, **members})

    def as_response(self) -> tuple[int, dict, str]:
        return self.code, dict(self.get_headers()), self.description


class InvalidRequest(TransferError):
    def __init__(self, message: str) -> None:
        super().__init__("InvalidRequestException", message)


class ValidationError(TransferError):
    """What AWS's front end answers when a request breaks the API model."""

    def __init__(self, message: str) -> None:
        super().__init__("ValidationException", message)


class SerializationError(TransferError):
    def __init__(self, message: str) -> None:
        super().__init__("SerializationException", message)


class InvalidNextToken(TransferError):
    def __init__(self) -> None:
        super().__init__("InvalidNextTokenException", "Invalid NextToken")


class ResourceNotFound(TransferError):
    def __init__(self, message: str, resource: str, resource_type: str) -> None:
        super().__init__(
            "ResourceNotFoundException", message, Resource=resource, ResourceType=resource_type
        )


class ResourceExists(TransferError):
    def __init__(self, message: str, resource: str, resource_type: str) -> None:
        super().__init__(
            "ResourceExistsException", message, Resource=resource, ResourceType=resource_type
        )


# Stand-ins for moto's ServerNotFound/UserNotFound/PublicKeyNotFound, whose
# codes are not AWS's (same constructor arguments, so moto can keep raising them).
def server_not_found(server_id: str) -> ResourceNotFound:
    return ResourceNotFound("Unknown server", server_id, "Server")


def user_not_found(user_name: str, server_id: str) -> ResourceNotFound:
    return ResourceNotFound("Unknown user", user_name, "User")


def key_not_found(user_name: str, server_id: str, ssh_public_key_id: str) -> ResourceNotFound:
    return ResourceNotFound("Unknown SSH public key", ssh_public_key_id, "SshPublicKey")
