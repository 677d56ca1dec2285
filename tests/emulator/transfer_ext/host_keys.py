"""Host keys: ListHostKeys, DescribeHostKey, ImportHostKey, UpdateHostKey and
DeleteHostKey (moto 5.2.5 has none of them).

A server starts with the key CreateServer was given (or one AWS generates);
DescribeServer's HostKeyFingerprint is that of the oldest key. A key is
kept as its public facts only: the private body is never stored.
"""

import base64
import datetime
import hashlib
import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from . import paging
from .errors import InvalidRequest, ResourceExists, ResourceNotFound

MAX_KEYS = 10


def key_facts(body: str | None) -> tuple[str, str]:
    """(type, SHA256 fingerprint) of a private key's public half, as
    `ssh-keygen -l` shows it; a random RSA fingerprint when AWS generates one."""
    if not body:
        digest = os.urandom(32)
        return "ssh-rsa", "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
    data = body.encode()
    try:
        key = serialization.load_ssh_private_key(data, None)
    except (ValueError, TypeError):
        try:
            key = serialization.load_pem_private_key(data, None)
        except (ValueError, TypeError):
            raise InvalidRequest("Invalid host key") from None
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey)):
        raise InvalidRequest("Unsupported host key type")
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    kind, blob = public.split()[:2]
    digest = hashlib.sha256(base64.b64decode(blob)).digest()
    return kind.decode(), "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def new_key(server, body: str | None, description: str = "") -> dict:
    kind, fingerprint = key_facts(body)
    key_id = "hostkey-" + os.urandom(9).hex()[:17]
    return {
        "Arn": f"{server.arn.replace(':server/', ':host-key/')}/{key_id}",
        "HostKeyId": key_id,
        "HostKeyFingerprint": fingerprint,
        "Description": description,
        "Type": kind,
        "DateImported": datetime.datetime.now(datetime.timezone.utc).timestamp(),
        "Tags": [],
    }


def keys_of(server) -> list[dict]:
    """The server's keys, oldest first; a server made before this extension
    knew host keys gets one with its DescribeServer fingerprint."""
    if not hasattr(server, "host_keys"):
        first = new_key(server, None)
        first["HostKeyFingerprint"] = server.config.get("HostKeyFingerprint", first["HostKeyFingerprint"])
        server.host_keys = [first]
    return server.host_keys


def _find(server, key_id: str) -> dict:
    for key in keys_of(server):
        if key["HostKeyId"] == key_id:
            return key
    raise ResourceNotFound("Unknown host key", key_id, "HostKey")


def _after_change(server) -> None:
    keys = keys_of(server)
    if keys:
        server.config["HostKeyFingerprint"] = keys[0]["HostKeyFingerprint"]


def _listed(key: dict) -> dict:
    listed = {k: v for k, v in key.items() if k not in ("Tags", "HostKeyFingerprint")}
    listed["Fingerprint"] = key["HostKeyFingerprint"]
    return listed


class HostKeyResponses:
    """Methods grafted onto moto's TransferResponse."""

    def list_host_keys(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        chunk, token = paging.page(keys_of(server), p)
        answer = {"ServerId": server.server_id, "HostKeys": [_listed(k) for k in chunk]}
        return json.dumps(paging.with_token(answer, token))

    def describe_host_key(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        return json.dumps({"HostKey": _find(server, p["HostKeyId"])})

    def import_host_key(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        keys = keys_of(server)
        key = new_key(server, p["HostKeyBody"], p.get("Description", ""))
        key["Tags"] = p.get("Tags") or []
        if any(k["HostKeyFingerprint"] == key["HostKeyFingerprint"] for k in keys):
            raise ResourceExists("Host key already exists", key["HostKeyFingerprint"], "HostKey")
        if len(keys) >= MAX_KEYS:
            raise InvalidRequest(f"A server can have at most {MAX_KEYS} host keys")
        keys.append(key)
        _after_change(server)
        return json.dumps({"ServerId": server.server_id, "HostKeyId": key["HostKeyId"]})

    def update_host_key(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        key = _find(server, p["HostKeyId"])
        if "Description" in p:
            key["Description"] = p["Description"]
        return json.dumps({"ServerId": server.server_id, "HostKeyId": key["HostKeyId"]})

    def delete_host_key(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        key = _find(server, p["HostKeyId"])
        server.host_keys = [k for k in keys_of(server) if k is not key]
        _after_change(server)
        return "{}"
