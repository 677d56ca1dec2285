"""Host keys in the emulator: listed with their facts, imported with the
fingerprint computed from the key, described, updated and deleted, with
AWS's errors for a duplicate, an unknown key and a body that is no key."""

import base64
import hashlib

import botocore.exceptions
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519


def openssh_private(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    ).decode()


def fingerprint(key) -> str:
    blob = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).split()[1]
    return "SHA256:" + base64.b64encode(hashlib.sha256(base64.b64decode(blob)).digest()).decode().rstrip("=")


def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_a_new_server_lists_its_one_key_with_describe_servers_fingerprint(transfer):
    key = ed25519.Ed25519PrivateKey.generate()
    server_id = transfer.create_server(HostKey=openssh_private(key))["ServerId"]
    keys = transfer.list_host_keys(ServerId=server_id)["HostKeys"]
    assert len(keys) == 1
    assert keys[0]["Fingerprint"] == fingerprint(key)
    assert keys[0]["Type"] == "ssh-ed25519"
    assert keys[0]["HostKeyId"].startswith("hostkey-") and len(keys[0]["HostKeyId"]) == 25


def test_import_describe_update_delete(transfer):
    server_id = transfer.create_server()["ServerId"]
    first = transfer.describe_server(ServerId=server_id)["Server"]["HostKeyFingerprint"]
    key = ec.generate_private_key(ec.SECP256R1())
    key_id = transfer.import_host_key(
        ServerId=server_id, HostKeyBody=openssh_private(key), Description="rotation 2026"
    )["HostKeyId"]
    described = transfer.describe_host_key(ServerId=server_id, HostKeyId=key_id)["HostKey"]
    assert described["HostKeyFingerprint"] == fingerprint(key)
    assert described["Type"] == "ecdsa-sha2-nistp256"
    assert described["Description"] == "rotation 2026"
    assert "DateImported" in described
    # The oldest key stays the one DescribeServer shows.
    assert transfer.describe_server(ServerId=server_id)["Server"]["HostKeyFingerprint"] == first

    transfer.update_host_key(ServerId=server_id, HostKeyId=key_id, Description="in use")
    listed = transfer.list_host_keys(ServerId=server_id)["HostKeys"]
    assert [k["Description"] for k in listed] == ["", "in use"]

    transfer.delete_host_key(ServerId=server_id, HostKeyId=listed[0]["HostKeyId"])
    assert transfer.describe_server(ServerId=server_id)["Server"]["HostKeyFingerprint"] == fingerprint(key)
    assert [k["HostKeyId"] for k in transfer.list_host_keys(ServerId=server_id)["HostKeys"]] == [key_id]


def test_the_same_key_twice_is_refused(transfer):
    body = openssh_private(ed25519.Ed25519PrivateKey.generate())
    server_id = transfer.create_server(HostKey=body)["ServerId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        transfer.import_host_key(ServerId=server_id, HostKeyBody=body)
    assert error_code(excinfo) == "ResourceExistsException"


def test_a_body_that_is_no_key_is_refused(transfer):
    server_id = transfer.create_server()["ServerId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        transfer.import_host_key(ServerId=server_id, HostKeyBody="not a key")
    assert error_code(excinfo) == "InvalidRequestException"


def test_an_unknown_key_is_not_found(transfer):
    server_id = transfer.create_server()["ServerId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        transfer.delete_host_key(ServerId=server_id, HostKeyId="hostkey-0123456789abcdef0")
    assert error_code(excinfo) == "ResourceNotFoundException"
