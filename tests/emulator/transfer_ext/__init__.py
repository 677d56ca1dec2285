"""The project's moto extension for AWS Transfer Family: what moto 5.2.5
lacks or answers in another shape than AWS, as documented by AWS and the API
model botocore ships. `install()` grafts it onto moto's classes."""

from moto.transfer import models
from moto.transfer.responses import TransferResponse

from . import errors, validation
from .errors import TransferError
from .host_keys import HostKeyResponses
from .idp import IdentityProviderResponses
from .servers import ServerResponses
from .tags import TagResponses
from .users import UserResponses


def _graft(target: type, source: type) -> None:
    for name, value in vars(source).items():
        if callable(value) and not name.startswith("__"):
            setattr(target, name, value)


def _checked(moto_call_action):
    """Validate every request before moto or the extension sees it, and label
    every answer as awsJson1_1 (moto says text/html)."""

    def call_action(self):
        try:
            validation.validate(self._get_action(), self.body)
        except TransferError as e:
            status, headers, body = e.as_response()
        else:
            status, headers, body = moto_call_action(self)
        headers["Content-Type"] = "application/x-amz-json-1.1"
        return status, headers, body

    return call_action


def install() -> None:
    # moto raises these with its own codes; AWS says ResourceNotFoundException.
    models.ServerNotFound = errors.server_not_found
    models.UserNotFound = errors.user_not_found
    models.PublicKeyNotFound = errors.key_not_found
    for responses in (
        ServerResponses,
        HostKeyResponses,
        UserResponses,
        IdentityProviderResponses,
        TagResponses,
    ):
        _graft(TransferResponse, responses)
    TransferResponse.call_action = _checked(TransferResponse.call_action)
