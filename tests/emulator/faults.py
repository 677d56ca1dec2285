"""Fault injection: which requests fail, and how each AWS protocol spells
the failure (so the SDK classifies it exactly as it would a real one)."""

import functools
import json
import threading
import uuid
from dataclasses import asdict, dataclass
from xml.sax.saxutils import escape

import botocore.session
from botocore.exceptions import UnknownServiceError

from awsreq import AwsCall

HTTP_KINDS = frozenset(
    {"throttle", "server_error", "access_denied", "expired_token", "unrecognized_client"}
)
# latency delays a request; hang takes it and never answers (until the faults
# are cleared); stop_failed/start_failed change how a transition ends.
KINDS = HTTP_KINDS | {"latency", "hang", "stop_failed", "start_failed"}

# A hung request is let go after this long at the latest, so that a fault
# left behind does not hold the emulator's threads for ever.
HANG_LIMIT_S = 600

PRINCIPAL = "arn:aws:iam::{account}:user/operator"


@dataclass
class Fault:
    service: str  # signing name, e.g. "transfer"; "*" for any
    operation: str  # e.g. "ListServers"; "*" for any
    kind: str
    count: int | None = None  # None: until cleared
    latency_ms: int = 0
    # HTTP kinds: let moto apply the request first, then answer the fault
    # anyway (a write that took effect although the caller saw it fail).
    after: bool = False
    # Only the requests signed for this region (a region that denies, in a
    # sweep of several); "*" for any.
    region: str = "*"

    def matches(self, service: str, operation: str, kinds: frozenset, region: str = "*") -> bool:
        return (
            self.kind in kinds
            and self.service in ("*", service)
            and self.operation in ("*", operation)
            and self.region in ("*", region)
        )


class FaultBook:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        # Set (and replaced) by clear(): lets the requests that hang go.
        self._released = threading.Event()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._released.set()
            self._released = threading.Event()

    def hang(self) -> None:
        """Blocks the calling request until the faults are cleared (or
        HANG_LIMIT_S has passed)."""
        with self._lock:
            released = self._released
        released.wait(HANG_LIMIT_S)

    def listing(self) -> list[dict]:
        with self._lock:
            return [asdict(f) for f in self._faults]

    def take(
        self, service: str, operation: str, kinds: frozenset, region: str = "*"
    ) -> Fault | None:
        """The first fault that applies, using up one of its count."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(service, operation, kinds, region):
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
                    return fault
        return None


@functools.lru_cache(maxsize=None)
def protocol_of(service: str) -> str:
    try:
        model = botocore.session.get_session().get_service_model(service)
        return model.metadata["protocol"]
    except UnknownServiceError:  # JSON is the most common protocol
        return "json"


# (HTTP status, code, message) per kind and protocol family.
_ERRORS = {
    "json": {
        "throttle": (400, "ThrottlingException", "Rate exceeded"),
        "server_error": (500, "InternalServiceError", "Internal service error"),
        "access_denied": (400, "AccessDeniedException", None),
        "expired_token": (
            400,
            "ExpiredTokenException",
            "The security token included in the request is expired",
        ),
        "unrecognized_client": (
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
    },
    "query": {
        "throttle": (400, "Throttling", "Rate exceeded"),
        "server_error": (500, "InternalFailure", "An internal error occurred"),
        "access_denied": (403, "AccessDenied", None),
        "expired_token": (403, "ExpiredToken", "The security token included in the request is expired"),
        "unrecognized_client": (
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        ),
    },
    "ec2": {
        "throttle": (503, "RequestLimitExceeded", "Request limit exceeded."),
        "server_error": (500, "InternalError", "An internal error has occurred"),
        "access_denied": (403, "UnauthorizedOperation", None),
        "expired_token": (400, "RequestExpired", "Request has expired."),
        "unrecognized_client": (
            401,
            "AuthFailure",
            "AWS was not able to validate the provided access credentials",
        ),
    },
    "rest-xml": {
        "throttle": (503, "SlowDown", "Please reduce your request rate."),
        "server_error": (
            500,
            "InternalError",
            "We encountered an internal error. Please try again.",
        ),
        "access_denied": (403, "AccessDenied", None),
        "expired_token": (400, "ExpiredToken", "The provided token has expired."),
        "unrecognized_client": (
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        ),
    },
}

# S3 authorizes several operations under another IAM action name.
_S3_ACTIONS = {
    "ListBuckets": "ListAllMyBuckets",
    "ListObjectsV2": "ListBucket",
    "ListObjects": "ListBucket",
    "HeadBucket": "ListBucket",
    "HeadObject": "GetObject",
}


def _iam_action(call: AwsCall) -> str:
    if call.service == "s3":
        return "s3:" + _S3_ACTIONS.get(call.operation, call.operation)
    return f"{call.service}:{call.operation}"


def _resource(call: AwsCall, account: str) -> str | None:
    p = call.params
    if call.service == "transfer":
        base = f"arn:aws:transfer:{call.region}:{account}"
        if p.get("ServerId") and p.get("UserName"):
            return f"{base}:user/{p['ServerId']}/{p['UserName']}"
        return f"{base}:server/{p.get('ServerId', '*')}"
    if call.service == "secretsmanager" and p.get("SecretId"):
        return p["SecretId"]
    if call.service == "s3" and call.bucket:
        return '"arn:aws:s3:::' + "/".join(filter(None, [call.bucket, call.key])) + '"'
    return None


def denied_message(call: AwsCall, account: str) -> str:
    action = _iam_action(call)
    resource = _resource(call, account)
    on = f" on resource: {resource}" if resource else ""
    text = (
        f"User: {PRINCIPAL.format(account=account)} is not authorized to perform: "
        f"{action}{on} because no identity-based policy allows the {action} action"
    )
    if call.service == "ec2":
        return "You are not authorized to perform this operation. " + text
    return text


def render(kind: str, call: AwsCall, account: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """The (status, headers, body) AWS would send for this fault."""
    protocol = protocol_of(call.service)
    family = protocol if protocol in _ERRORS else "json"
    status, code, message = _ERRORS[family][kind]
    message = message or denied_message(call, account)
    request_id = str(uuid.uuid4())
    if family == "json":
        body = json.dumps({"__type": code, "Message": message})
        headers = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-ErrorType", code),
            ("x-amzn-RequestId", request_id),
        ]
        return status, headers, body.encode()
    msg = escape(message)
    if family == "ec2":
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
            f"<Code>{code}</Code><Message>{msg}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        return status, [("Content-Type", "text/xml;charset=UTF-8")], body.encode()
    if family == "query":
        side = "Receiver" if status >= 500 else "Sender"
        body = (
            f"<ErrorResponse><Error><Type>{side}</Type><Code>{code}</Code>"
            f"<Message>{msg}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return (
            status,
            [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)],
            body.encode(),
        )
    headers = [("Content-Type", "application/xml"), ("x-amz-request-id", request_id[:16].upper())]
    if call.method == "HEAD":  # S3 answers HEAD errors with the status alone
        return status, headers, b""
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
        f"<Message>{msg}</Message><RequestId>{request_id[:16].upper()}</RequestId></Error>"
    )
    return status, headers, body.encode()
