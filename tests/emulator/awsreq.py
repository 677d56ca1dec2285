"""Name the AWS call a WSGI request carries (service, region, operation and
parameters), the way each protocol encodes it: X-Amz-Target for JSON,
Action= for the query protocols, method + path for S3."""

import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

# SigV4 credential scope: AKID/yyyymmdd/region/service/aws4_request, found in
# the Authorization header or, for presigned URLs, in X-Amz-Credential.
_SCOPE = re.compile(r"([^/\s,=]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass
class AwsCall:
    service: str
    region: str
    operation: str
    method: str
    params: dict = field(default_factory=dict)
    bucket: str = ""
    key: str = ""
    access_key: str = ""  # the signing key id; "" for an unsigned request


def identify(environ: dict) -> AwsCall:
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    scope = _SCOPE.search(
        environ.get("HTTP_AUTHORIZATION", "") + " " + query.get("X-Amz-Credential", [""])[0]
    )
    access_key, region, service = scope.groups() if scope else ("", "us-east-1", "unknown")
    method = environ.get("REQUEST_METHOD", "GET")
    call = AwsCall(
        service=service, region=region, operation="unknown", method=method, access_key=access_key
    )

    target = environ.get("HTTP_X_AMZ_TARGET")
    content_type = environ.get("CONTENT_TYPE", "")
    if target:
        call.operation = target.rsplit(".", 1)[-1]
        call.params = _json_object(_read_body(environ))
    elif content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(_read_body(environ).decode("utf-8", "replace"))
        call.params = {k: v[0] for k, v in form.items()}
        call.operation = call.params.get("Action") or query.get("Action", ["unknown"])[0]
    elif "Action" in query:
        call.operation = query["Action"][0]
    elif service == "lambda":
        path = environ.get("PATH_INFO", "/")
        call.operation, function = lambda_operation(method, path)
        call.params = {**_json_object(_read_body(environ)), "FunctionName": function}
    elif service == "s3":
        path = environ.get("PATH_INFO", "/").lstrip("/")
        call.bucket, _, call.key = path.partition("/")
        copy = "HTTP_X_AMZ_COPY_SOURCE" in environ
        call.operation = s3_operation(method, call.bucket, call.key, query, copy)
    return call


def _read_body(environ: dict) -> bytes:
    """Read the body and put it back, so moto can still read it."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


_LAMBDA_PATH = re.compile(r"^/[\d-]+/functions(?:/([^/]+)(?:/(\w+)(?:/[^/]+)?)?)?/?$")


def lambda_operation(method: str, path: str) -> tuple[str, str]:
    """Lambda's REST paths (`/2015-03-31/functions/NAME/policy`) to the
    operation and the function they name."""
    match = _LAMBDA_PATH.match(path)
    if not match:
        return "unknown", ""
    function, sub = match.group(1) or "", match.group(2) or ""
    operation = {
        ("GET", ""): "GetFunction" if function else "ListFunctions",
        ("POST", ""): "CreateFunction",
        ("DELETE", ""): "DeleteFunction",
        ("GET", "configuration"): "GetFunctionConfiguration",
        ("GET", "policy"): "GetPolicy",
        ("POST", "policy"): "AddPermission",
        ("DELETE", "policy"): "RemovePermission",
    }.get((method, sub), "unknown")
    return operation, function


# Subresources that turn a bucket request into Get/Put/Delete<Name>.
_BUCKET_SUBRESOURCES = {
    "location": "BucketLocation",
    "versioning": "BucketVersioning",
    "policy": "BucketPolicy",
    "policyStatus": "BucketPolicyStatus",
    "tagging": "BucketTagging",
    "acl": "BucketAcl",
    "encryption": "BucketEncryption",
    "lifecycle": "BucketLifecycleConfiguration",
    "cors": "BucketCors",
    "notification": "BucketNotificationConfiguration",
    "publicAccessBlock": "PublicAccessBlock",
    "ownershipControls": "BucketOwnershipControls",
    "logging": "BucketLogging",
    "website": "BucketWebsite",
    "replication": "BucketReplication",
    "object-lock": "ObjectLockConfiguration",
}
_OBJECT_SUBRESOURCES = {
    "tagging": "ObjectTagging",
    "acl": "ObjectAcl",
    "retention": "ObjectRetention",
    "legal-hold": "ObjectLegalHold",
    "attributes": "ObjectAttributes",
}
_VERBS = {"GET": "Get", "PUT": "Put", "DELETE": "Delete"}


def s3_operation(method: str, bucket: str, key: str, query: dict, copy: bool) -> str:
    if "x-id" in query:  # the SDKs name ambiguous operations themselves
        return query["x-id"][0]
    if not bucket:
        return "ListBuckets"
    verb = _VERBS.get(method, "")
    if not key:
        for sub, name in _BUCKET_SUBRESOURCES.items():
            if sub in query and verb:
                return verb + name
        if method == "GET":
            if query.get("list-type") == ["2"]:
                return "ListObjectsV2"
            if "uploads" in query:
                return "ListMultipartUploads"
            if "versions" in query:
                return "ListObjectVersions"
            return "ListObjects"
        if method == "POST" and "delete" in query:
            return "DeleteObjects"
        return {"HEAD": "HeadBucket", "PUT": "CreateBucket", "DELETE": "DeleteBucket"}.get(
            method, "unknown"
        )
    for sub, name in _OBJECT_SUBRESOURCES.items():
        if sub in query and verb:
            return verb + name
    if "uploadId" in query:
        return {
            "GET": "ListParts",
            "PUT": "UploadPart",
            "POST": "CompleteMultipartUpload",
            "DELETE": "AbortMultipartUpload",
        }.get(method, "unknown")
    if method == "POST" and "uploads" in query:
        return "CreateMultipartUpload"
    if method == "PUT":
        return "CopyObject" if copy else "PutObject"
    return {"GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}.get(
        method, "unknown"
    )
