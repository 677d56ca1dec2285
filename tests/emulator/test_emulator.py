"""The emulator against boto3: the Transfer extension, the EC2 resources of
VPC servers, the corrections to moto's answers, fault injection per protocol,
the control API and the demo estate."""

import base64
import hashlib
import ipaddress
import json
import re
import signal
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from conftest import HERE, REGION, Emulator

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/transfer-test"
LAMBDA = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:transfer-idp"
CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/0f6a3c5e-1111-2222-3333-444455556666"
SERVER_ID = re.compile(r"s-[0-9a-f]{17}")
KEY_ID = re.compile(r"key-[0-9a-f]{17}")


def error_of(excinfo) -> tuple[str, int, str]:
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"].get("Message", ""),
    )


def ssh_key(comment: str = "test") -> str:
    public = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    )
    return f"{public.decode()} {comment}"


def raw_json(client, operation: str, **kwargs) -> dict:
    """The response body as sent, before botocore parses it."""
    captured = {}

    def grab(response_dict, **_):
        captured["body"] = response_dict["body"]

    event = f"before-parse.transfer.{operation}"
    client.meta.events.register(event, grab)
    try:
        getattr(client, re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower())(**kwargs)
    finally:
        client.meta.events.unregister(event, grab)
    return json.loads(captured["body"])


def wait_state(transfer, server_id: str, wanted: str, timeout: float = 5) -> None:
    deadline = time.time() + timeout
    while (state := transfer.describe_server(ServerId=server_id)["Server"]["State"]) != wanted:
        assert time.time() < deadline, f"{server_id} stuck in {state}, wanted {wanted}"
        time.sleep(0.05)


@pytest.fixture
def sftp_server(transfer):
    server_id = transfer.create_server(
        Tags=[
            {"Key": "Name", "Value": "sftp-test"},
            {"Key": "aws:transfer:customHostname", "Value": "sftp.example.com"},
        ]
    )["ServerId"]
    wait_state(transfer, server_id, "ONLINE")
    return server_id


@pytest.fixture
def network(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{REGION}{az}")["Subnet"]
        for cidr, az in (("10.20.1.0/24", "a"), ("10.20.2.0/24", "c"))
    ]
    group = ec2.create_security_group(GroupName=f"ftp-{vpc}", Description="ftp", VpcId=vpc)[
        "GroupId"
    ]
    eips = [ec2.allocate_address(Domain="vpc") for _ in subnets]
    return {"vpc": vpc, "subnets": subnets, "group": group, "eips": eips}


def vpc_server(transfer, network, *, protocols=("FTP",), eips=False, **extra) -> str:
    details = {
        "VpcId": network["vpc"],
        "SubnetIds": [s["SubnetId"] for s in network["subnets"]],
        "SecurityGroupIds": [network["group"]],
    }
    if eips:
        details["AddressAllocationIds"] = [e["AllocationId"] for e in network["eips"]]
    return transfer.create_server(
        EndpointType="VPC",
        EndpointDetails=details,
        Protocols=list(protocols),
        IdentityProviderType="AWS_LAMBDA",
        IdentityProviderDetails={"Function": LAMBDA},
        **extra,
    )["ServerId"]


# --- servers ---


def test_create_server_fills_in_awss_defaults(transfer, sftp_server):
    assert SERVER_ID.fullmatch(sftp_server)
    server = transfer.describe_server(ServerId=sftp_server)["Server"]
    assert server["ProtocolDetails"] == {
        "PassiveIp": "AUTO",
        "TlsSessionResumptionMode": "ENFORCED",
        "SetStatOption": "DEFAULT",
        "As2Transports": ["HTTP"],
    }
    assert server["EndpointType"] == "PUBLIC" and server["Protocols"] == ["SFTP"]
    assert server["IdentityProviderType"] == "SERVICE_MANAGED" and server["Domain"] == "S3"
    assert server["SecurityPolicyName"] == "TransferSecurityPolicy-2018-11"
    assert server["HostKeyFingerprint"].startswith("SHA256:")
    assert {t["Key"]: t["Value"] for t in server["Tags"]} == {
        "Name": "sftp-test",
        "aws:transfer:customHostname": "sftp.example.com",
    }


def test_new_server_starts_then_comes_online(transfer):
    server_id = transfer.create_server()["ServerId"]
    assert transfer.describe_server(ServerId=server_id)["Server"]["State"] == "STARTING"
    wait_state(transfer, server_id, "ONLINE")


def test_host_key_fingerprint_is_that_of_the_given_key(transfer):
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    blob = (
        key.public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        .split()[1]
    )
    expected = "SHA256:" + base64.b64encode(
        hashlib.sha256(base64.b64decode(blob)).digest()
    ).decode().rstrip("=")
    server_id = transfer.create_server(HostKey=private)["ServerId"]
    assert transfer.describe_server(ServerId=server_id)["Server"]["HostKeyFingerprint"] == expected


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {
                "Protocols": ["FTP"],
                "IdentityProviderType": "AWS_LAMBDA",
                "IdentityProviderDetails": {"Function": LAMBDA},
            },
            "EndpointType VPC",
        ),
        ({"Protocols": ["FTPS"], "Certificate": CERT}, "EndpointType VPC"),
        ({"Protocols": ["SFTP"], "IdentityProviderType": "AWS_LAMBDA"}, "Function"),
        ({"ProtocolDetails": {"PassiveIp": "10.0.0.300"}}, "PassiveIp"),
    ],
)
def test_create_server_rules(transfer, params, message):
    with pytest.raises(ClientError) as e:
        transfer.create_server(**params)
    code, status, text = error_of(e)
    assert (code, status) == ("InvalidRequestException", 400) and message in text


def test_ftp_needs_custom_idp_ftps_a_certificate_and_ftp_no_elastic_ips(transfer, network):
    with pytest.raises(ClientError) as e:  # SERVICE_MANAGED by default
        transfer.create_server(
            EndpointType="VPC",
            EndpointDetails={
                "VpcId": network["vpc"],
                "SubnetIds": [network["subnets"][0]["SubnetId"]],
            },
            Protocols=["FTP"],
        )
    assert "IdentityProviderType" in error_of(e)[2]
    with pytest.raises(ClientError) as e:
        vpc_server(transfer, network, protocols=("FTPS",))
    assert "Certificate" in error_of(e)[2]
    with pytest.raises(ClientError) as e:
        vpc_server(transfer, network, protocols=("FTP",), eips=True)
    assert (
        error_of(e)[:2] == ("InvalidRequestException", 400)
        and "AddressAllocationIds" in error_of(e)[2]
    )


def test_update_server_keeps_protocol_details_not_given(transfer, network):
    server_id = vpc_server(transfer, network, protocols=("FTPS",), Certificate=CERT)
    transfer.update_server(ServerId=server_id, ProtocolDetails={"PassiveIp": "10.20.1.200"})
    transfer.update_server(
        ServerId=server_id, ProtocolDetails={"TlsSessionResumptionMode": "ENABLED"}
    )
    transfer.update_server(ServerId=server_id, ProtocolDetails={"SetStatOption": "ENABLE_NO_OP"})
    details = transfer.describe_server(ServerId=server_id)["Server"]["ProtocolDetails"]
    assert details == {
        "PassiveIp": "10.20.1.200",
        "TlsSessionResumptionMode": "ENABLED",
        "SetStatOption": "ENABLE_NO_OP",
        "As2Transports": ["HTTP"],
    }


def test_update_server_other_members(transfer, sftp_server):
    transfer.update_server(
        ServerId=sftp_server,
        LoggingRole=ROLE,
        SecurityPolicyName="TransferSecurityPolicy-2024-01",
        StructuredLogDestinations=[f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/transfer/sftp"],
        ProtocolDetails={
            "SftpPorts": [{"SftpPort": 2222, "CommunicationMode": "CLIENT_TALK_FIRST"}],
            "ProxyConfig": {"SftpMode": "NONE"},
        },
        PreAuthenticationLoginBanner="Authorised use only",
    )
    server = transfer.describe_server(ServerId=sftp_server)["Server"]
    assert server["LoggingRole"] == ROLE
    assert server["SecurityPolicyName"] == "TransferSecurityPolicy-2024-01"
    assert server["StructuredLogDestinations"][0].endswith("/aws/transfer/sftp")
    assert server["ProtocolDetails"]["SftpPorts"] == [
        {"SftpPort": 2222, "CommunicationMode": "CLIENT_TALK_FIRST"}
    ]
    assert server["ProtocolDetails"]["ProxyConfig"] == {"SftpMode": "NONE"}
    assert server["ProtocolDetails"]["PassiveIp"] == "AUTO"  # untouched members stay
    assert server["PreAuthenticationLoginBanner"] == "Authorised use only"
    transfer.update_server(ServerId=sftp_server, LoggingRole="")  # an empty role removes logging
    assert "LoggingRole" not in transfer.describe_server(ServerId=sftp_server)["Server"]


def test_request_log_keeps_transfer_parameters(emulator, transfer, sftp_server):
    emulator.control("DELETE", "requests")
    transfer.update_server(ServerId=sftp_server, ProtocolDetails={"SetStatOption": "ENABLE_NO_OP"})
    [entry] = emulator.control("GET", "requests")[1]
    assert entry["operation"] == "UpdateServer"
    assert entry["params"] == {
        "ServerId": sftp_server,
        "ProtocolDetails": {"SetStatOption": "ENABLE_NO_OP"},
    }


@pytest.mark.parametrize("passive_ip", ["10.0.0.300", "foo", "1.2.3.4.5", "10.0.0.", "auto"])
def test_update_server_rejects_a_passive_ip_that_is_not_auto_or_ipv4(
    transfer, sftp_server, passive_ip
):
    with pytest.raises(ClientError) as e:
        transfer.update_server(ServerId=sftp_server, ProtocolDetails={"PassiveIp": passive_ip})
    assert error_of(e)[:2] == ("InvalidRequestException", 400)


@pytest.mark.parametrize("passive_ip", ["AUTO", "0.0.0.0", "10.2.1.200"])
def test_update_server_accepts_auto_and_ipv4_passive_ip(transfer, sftp_server, passive_ip):
    transfer.update_server(ServerId=sftp_server, ProtocolDetails={"PassiveIp": passive_ip})
    assert (
        transfer.describe_server(ServerId=sftp_server)["Server"]["ProtocolDetails"]["PassiveIp"]
        == passive_ip
    )


def test_requests_breaking_the_api_model_get_validation_exception(emulator, sftp_server):
    raw = emulator.client("transfer", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        raw.describe_server(ServerId="s-bad")
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationException", 400)
    assert message == (
        "2 validation errors detected: "
        "Value 's-bad' at 'serverId' failed to satisfy constraint: Member must have length greater than or equal to 19; "
        "Value 's-bad' at 'serverId' failed to satisfy constraint: Member must satisfy regular expression pattern: s-([0-9a-f]{17})"
    )
    with pytest.raises(ClientError) as e:
        raw.update_server(
            ServerId=sftp_server,
            ProtocolDetails={
                "PassiveIp": "192.168.100.1000",
                "TlsSessionResumptionMode": "SOMETIMES",
            },
        )
    message = error_of(e)[2]
    assert (
        "at 'protocolDetails.passiveIp' failed to satisfy constraint: Member must have length less than or equal to 15"
        in message
    )
    assert "Member must satisfy enum value set: [DISABLED, ENABLED, ENFORCED]" in message
    with pytest.raises(ClientError) as e:
        raw.stop_server()
    assert (
        "Value null at 'serverId' failed to satisfy constraint: Member must not be null"
        in error_of(e)[2]
    )


def test_unknown_server_and_user_are_resource_not_found(transfer, sftp_server):
    with pytest.raises(ClientError) as e:
        transfer.describe_server(ServerId="s-0123456789abcdef0")
    assert error_of(e) == ("ResourceNotFoundException", 400, "Unknown server")
    assert e.value.response["ResourceType"] == "Server"
    with pytest.raises(ClientError) as e:
        transfer.describe_user(ServerId=sftp_server, UserName="nobody")
    assert (
        error_of(e)[0] == "ResourceNotFoundException" and e.value.response["Resource"] == "nobody"
    )


def test_stop_and_start_pass_through_stopping_and_starting(transfer, sftp_server):
    transfer.stop_server(ServerId=sftp_server)
    assert transfer.describe_server(ServerId=sftp_server)["Server"]["State"] == "STOPPING"
    with pytest.raises(ClientError) as e:
        transfer.start_server(ServerId=sftp_server)  # not while STOPPING
    assert error_of(e)[0] == "InvalidRequestException"
    wait_state(transfer, sftp_server, "OFFLINE")
    listed = {s["ServerId"]: s["State"] for s in transfer.list_servers()["Servers"]}
    assert listed[sftp_server] == "OFFLINE"
    with pytest.raises(ClientError) as e:
        transfer.stop_server(ServerId=sftp_server)
    assert error_of(e)[0] == "InvalidRequestException"

    transfer.start_server(ServerId=sftp_server)
    assert transfer.describe_server(ServerId=sftp_server)["Server"]["State"] == "STARTING"
    wait_state(transfer, sftp_server, "ONLINE")
    transfer.start_server(ServerId=sftp_server)  # documented: no impact when ONLINE
    assert transfer.describe_server(ServerId=sftp_server)["Server"]["State"] == "ONLINE"


def test_transition_delay_is_configurable(emulator, transfer, sftp_server):
    emulator.control("POST", "config", {"transition_delay": 0})
    transfer.stop_server(ServerId=sftp_server)
    assert transfer.describe_server(ServerId=sftp_server)["Server"]["State"] == "OFFLINE"


def test_stop_failed_and_start_failed_faults(emulator, transfer, sftp_server):
    emulator.control(
        "POST",
        "faults",
        {"service": "transfer", "operation": "StopServer", "kind": "stop_failed", "count": 1},
    )
    transfer.stop_server(ServerId=sftp_server)
    wait_state(transfer, sftp_server, "STOP_FAILED")
    transfer.stop_server(ServerId=sftp_server)  # the fault is used up: a retry succeeds
    wait_state(transfer, sftp_server, "OFFLINE")
    emulator.control(
        "POST",
        "faults",
        {"service": "transfer", "operation": "StartServer", "kind": "start_failed", "count": 1},
    )
    transfer.start_server(ServerId=sftp_server)
    wait_state(transfer, sftp_server, "START_FAILED")


def test_list_servers_pages(transfer):
    for _ in range(3):
        transfer.create_server()
    first = transfer.list_servers(MaxResults=2)
    assert len(first["Servers"]) == 2 and first["NextToken"]
    every = [
        s["ServerId"]
        for p in transfer.get_paginator("list_servers").paginate(PaginationConfig={"PageSize": 2})
        for s in p["Servers"]
    ]
    assert len(every) == len(set(every)) >= 3


def test_delete_server(transfer, sftp_server):
    transfer.delete_server(ServerId=sftp_server)
    with pytest.raises(ClientError) as e:
        transfer.describe_server(ServerId=sftp_server)
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_tags_round_trip(transfer, sftp_server):
    arn = transfer.describe_server(ServerId=sftp_server)["Server"]["Arn"]
    transfer.tag_resource(
        Arn=arn, Tags=[{"Key": "Name", "Value": "renamed"}, {"Key": "team", "Value": "ops"}]
    )
    transfer.untag_resource(Arn=arn, TagKeys=["aws:transfer:customHostname"])
    tags = {t["Key"]: t["Value"] for t in transfer.list_tags_for_resource(Arn=arn)["Tags"]}
    assert tags == {"Name": "renamed", "team": "ops"}


def test_tags_keep_aws_limits(transfer, sftp_server):
    arn = transfer.describe_server(ServerId=sftp_server)["Server"]["Arn"]
    with pytest.raises(ClientError) as e:
        transfer.tag_resource(Arn=arn, Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert error_of(e)[0] == "InvalidRequestException"
    with pytest.raises(ClientError) as e:
        transfer.untag_resource(Arn=arn, TagKeys=["AWS:cost"])
    assert error_of(e)[0] == "InvalidRequestException"
    have = len(transfer.list_tags_for_resource(Arn=arn)["Tags"])
    many = [{"Key": f"k{n}", "Value": "v"} for n in range(50 - have)]
    transfer.tag_resource(Arn=arn, Tags=many)
    # Changing one of 50 adds nothing; a 51st is refused and nothing changes.
    transfer.tag_resource(Arn=arn, Tags=[{"Key": "k0", "Value": "w"}])
    with pytest.raises(ClientError) as e:
        transfer.tag_resource(Arn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_of(e)[0] == "InvalidRequestException"
    assert len(transfer.list_tags_for_resource(Arn=arn, MaxResults=100)["Tags"]) == 50


# --- users ---


def test_ssh_key_ids_and_dates_have_awss_shape(transfer, sftp_server):
    """moto 5.2.5 gives every CreateUser key the literal id
    'mock_ssh_public_key_id_{ssh_public_key_body}_{now}' and sends
    DateImported as a quoted number; AWS: key- + 17 hex, epoch seconds."""
    for name in ("alice", "bob"):
        transfer.create_user(
            ServerId=sftp_server, UserName=name, Role=ROLE, SshPublicKeyBody=ssh_key(name)
        )
    ids = []
    for name in ("alice", "bob"):
        body = raw_json(transfer, "DescribeUser", ServerId=sftp_server, UserName=name)
        (key,) = body["User"]["SshPublicKeys"]
        assert (
            isinstance(key["DateImported"], (int, float))
            and abs(key["DateImported"] - time.time()) < 60
        )
        assert KEY_ID.fullmatch(key["SshPublicKeyId"])
        ids.append(key["SshPublicKeyId"])
    assert ids[0] != ids[1]

    imported = transfer.import_ssh_public_key(
        ServerId=sftp_server, UserName="alice", SshPublicKeyBody=ssh_key("second")
    )
    assert KEY_ID.fullmatch(imported["SshPublicKeyId"])
    transfer.delete_ssh_public_key(
        ServerId=sftp_server, UserName="alice", SshPublicKeyId=imported["SshPublicKeyId"]
    )
    assert (
        len(transfer.describe_user(ServerId=sftp_server, UserName="alice")["User"]["SshPublicKeys"])
        == 1
    )


def test_create_user_rules(transfer, sftp_server, network):
    key = ssh_key()
    transfer.create_user(ServerId=sftp_server, UserName="carol", Role=ROLE, SshPublicKeyBody=key)
    with pytest.raises(ClientError) as e:
        transfer.create_user(ServerId=sftp_server, UserName="carol", Role=ROLE)
    assert error_of(e)[0] == "ResourceExistsException"
    with pytest.raises(ClientError) as e:
        transfer.import_ssh_public_key(ServerId=sftp_server, UserName="carol", SshPublicKeyBody=key)
    assert error_of(e)[0] == "ResourceExistsException"
    with pytest.raises(ClientError) as e:
        transfer.create_user(ServerId=vpc_server(transfer, network), UserName="dave", Role=ROLE)
    assert error_of(e)[0] == "InvalidRequestException"


def test_list_users_pages(transfer, sftp_server):
    names = [f"user{i:02d}" for i in range(7)]
    for name in reversed(names):
        transfer.create_user(
            ServerId=sftp_server, UserName=name, Role=ROLE, HomeDirectory=f"/bucket/{name}"
        )
    pages, token = [], None
    while True:
        page = transfer.list_users(
            ServerId=sftp_server, MaxResults=3, **({"NextToken": token} if token else {})
        )
        pages.append([u["UserName"] for u in page["Users"]])
        if not (token := page.get("NextToken")):
            break
    assert pages == [names[:3], names[3:6], names[6:]]
    assert page["Users"][0] == {
        "Arn": f"arn:aws:transfer:{REGION}:{ACCOUNT}:user/{sftp_server}/user06",
        "HomeDirectory": "/bucket/user06",
        "HomeDirectoryType": "PATH",
        "Role": ROLE,
        "SshPublicKeyCount": 0,
        "UserName": "user06",
    }
    with pytest.raises(ClientError) as e:
        transfer.list_users(ServerId=sftp_server, NextToken="not-a-token")
    assert error_of(e)[0] == "InvalidNextTokenException"


def test_update_user(transfer, sftp_server):
    transfer.create_user(
        ServerId=sftp_server, UserName="erin", Role=ROLE, HomeDirectory="/old/erin"
    )
    mappings = [{"Entry": "/", "Target": "/acme-partner-drop/erin"}]
    answer = transfer.update_user(
        ServerId=sftp_server,
        UserName="erin",
        HomeDirectoryType="LOGICAL",
        HomeDirectoryMappings=mappings,
        Policy="{}",
    )
    assert answer["UserName"] == "erin"
    user = transfer.describe_user(ServerId=sftp_server, UserName="erin")["User"]
    assert user["HomeDirectoryType"] == "LOGICAL" and user["HomeDirectoryMappings"] == mappings
    assert user["Role"] == ROLE and user["Policy"] == "{}"


# --- TestIdentityProvider ---


def test_identity_provider_answers_like_the_sample_lambda(transfer, sm, network):
    server_id = vpc_server(transfer, network)
    secret = f"aws/transfer/{server_id}"
    sm.create_secret(
        Name=f"{secret}/ftpuser",
        SecretString=json.dumps(
            {
                "Password": "s3cret!",
                "Role": ROLE,
                "HomeDirectory": "/acme-legacy-ftp/ftpuser",
                "Extra": "x",
            }
        ),
    )
    sm.create_secret(
        Name=f"{secret}/logical",
        SecretString=json.dumps(
            {
                "Password": "pw",
                "Role": ROLE,
                "HomeDirectoryDetails": '[{"Entry": "/", "Target": "/b/logical"}]',
            }
        ),
    )
    sm.create_secret(
        Name=f"{secret}/keyuser",
        SecretString=json.dumps({"PublicKey": "ssh-ed25519 AAAA k1,ssh-rsa BBBB k2", "Role": ROLE}),
    )

    ok = transfer.test_identity_provider(
        ServerId=server_id, UserName="ftpuser", UserPassword="s3cret!", ServerProtocol="FTP"
    )
    assert (ok["StatusCode"], ok["Url"]) == (200, LAMBDA)
    assert json.loads(ok["Response"]) == {"Role": ROLE, "HomeDirectory": "/acme-legacy-ftp/ftpuser"}

    logical = json.loads(
        transfer.test_identity_provider(ServerId=server_id, UserName="logical", UserPassword="pw")[
            "Response"
        ]
    )
    assert logical["HomeDirectoryType"] == "LOGICAL" and "HomeDirectory" not in logical

    keys = json.loads(
        transfer.test_identity_provider(
            ServerId=server_id, UserName="keyuser", ServerProtocol="SFTP"
        )["Response"]
    )
    assert keys["PublicKeys"] == ["ssh-ed25519 AAAA k1", "ssh-rsa BBBB k2"]

    for user, password, protocol in (
        ("ftpuser", "wrong", "FTP"),  # wrong password
        ("nosuchuser", "pw", "FTP"),  # no secret
        ("ftpuser", "", "FTP"),  # empty passwords are refused for FTP
    ):
        failed = transfer.test_identity_provider(
            ServerId=server_id, UserName=user, UserPassword=password, ServerProtocol=protocol
        )
        assert (failed["StatusCode"], failed["Response"], failed["Message"]) == (200, "{}", "")


def test_identity_provider_is_not_for_service_managed_servers(transfer, sftp_server):
    with pytest.raises(ClientError) as e:
        transfer.test_identity_provider(ServerId=sftp_server, UserName="anyone", UserPassword="pw")
    assert error_of(e) == (
        "InvalidRequestException",
        400,
        f"{sftp_server} not configured for external auth",
    )
    with pytest.raises(ClientError) as e:
        transfer.test_identity_provider(ServerId="s-0123456789abcdef0", UserName="anyone")
    assert error_of(e)[2] == "Unknown server"


# --- EC2 side of VPC servers ---


def test_describe_vpc_endpoints_filters_by_service_name_with_wildcards(transfer, ec2, network):
    """The console's `:endpoints` makes one call filtered by service name;
    a Transfer server's own endpoint carries a per-server suffix, matched by
    a trailing `*`. Other services' endpoints stay out."""
    server_id = vpc_server(transfer, network)
    own = transfer.describe_server(ServerId=server_id)["Server"]["EndpointDetails"][
        "VpcEndpointId"
    ]
    made = {}
    for service, kind in (("s3", "Gateway"), ("secretsmanager", "Interface"), ("ec2", "Interface")):
        made[service] = ec2.create_vpc_endpoint(
            VpcId=network["vpc"],
            ServiceName=f"com.amazonaws.{REGION}.{service}",
            VpcEndpointType=kind,
            PrivateDnsEnabled=service == "secretsmanager",
        )["VpcEndpoint"]["VpcEndpointId"]
    found = ec2.describe_vpc_endpoints(
        Filters=[
            {
                "Name": "service-name",
                "Values": [
                    f"com.amazonaws.{REGION}.transfer.server*",
                    f"com.amazonaws.{REGION}.s3",
                    f"com.amazonaws.{REGION}.secretsmanager",
                ],
            },
            {"Name": "vpc-id", "Values": [network["vpc"]]},
        ]
    )["VpcEndpoints"]
    by_id = {e["VpcEndpointId"]: e for e in found}
    assert set(by_id) == {own, made["s3"], made["secretsmanager"]}
    assert by_id[own]["ServiceName"].startswith(f"com.amazonaws.{REGION}.transfer.server.")
    assert by_id[made["s3"]]["VpcEndpointType"] == "Gateway"
    assert by_id[made["secretsmanager"]]["VpcEndpointType"] == "Interface"
    assert by_id[made["secretsmanager"]]["PrivateDnsEnabled"] is True
    assert by_id[own]["PrivateDnsEnabled"] is False


def test_vpc_server_gets_an_endpoint_with_interfaces_and_elastic_ips(transfer, ec2, network):
    server_id = vpc_server(transfer, network, protocols=("FTPS",), eips=True, Certificate=CERT)
    details = transfer.describe_server(ServerId=server_id)["Server"]["EndpointDetails"]
    assert "SecurityGroupIds" not in details  # AWS never returns them here
    (endpoint,) = ec2.describe_vpc_endpoints(VpcEndpointIds=[details["VpcEndpointId"]])[
        "VpcEndpoints"
    ]
    assert endpoint["State"] == "available" and endpoint["VpcEndpointType"] == "Interface"
    assert [g["GroupId"] for g in endpoint["Groups"]] == [network["group"]]
    assert endpoint["SubnetIds"] == [s["SubnetId"] for s in network["subnets"]]
    assert len(endpoint["DnsEntries"]) == 3  # regional + one per AZ
    assert len(endpoint["NetworkInterfaceIds"]) == 2

    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["NetworkInterfaceIds"])[
        "NetworkInterfaces"
    ]
    by_id = {e["NetworkInterfaceId"]: e for e in enis}
    for eni_id, subnet, eip in zip(
        endpoint["NetworkInterfaceIds"], network["subnets"], network["eips"]
    ):
        eni = by_id[eni_id]
        assert (
            eni["SubnetId"] == subnet["SubnetId"]
            and eni["AvailabilityZone"] == subnet["AvailabilityZone"]
        )
        assert ipaddress.ip_address(eni["PrivateIpAddress"]) in ipaddress.ip_network(
            subnet["CidrBlock"]
        )
        assert [g["GroupId"] for g in eni["Groups"]] == [network["group"]]
        assert eni["Association"]["PublicIp"] == eip["PublicIp"]
    addresses = {a["AllocationId"]: a for a in ec2.describe_addresses()["Addresses"]}
    for eni_id, eip in zip(endpoint["NetworkInterfaceIds"], network["eips"]):
        assert addresses[eip["AllocationId"]]["NetworkInterfaceId"] == eni_id


def test_elastic_ips_change_only_while_offline_and_go_with_the_server(transfer, ec2, network):
    server_id = vpc_server(transfer, network, protocols=("FTPS",), Certificate=CERT)
    wait_state(transfer, server_id, "ONLINE")
    eips = {"AddressAllocationIds": [e["AllocationId"] for e in network["eips"]]}
    with pytest.raises(ClientError) as e:
        transfer.update_server(ServerId=server_id, EndpointDetails=eips)
    assert "OFFLINE" in error_of(e)[2]
    transfer.stop_server(ServerId=server_id)
    wait_state(transfer, server_id, "OFFLINE")
    transfer.update_server(ServerId=server_id, EndpointDetails=eips)
    associated = [a for a in ec2.describe_addresses()["Addresses"] if a.get("NetworkInterfaceId")]
    assert {a["AllocationId"] for a in associated} >= set(eips["AddressAllocationIds"])

    endpoint_id = transfer.describe_server(ServerId=server_id)["Server"]["EndpointDetails"][
        "VpcEndpointId"
    ]
    transfer.delete_server(ServerId=server_id)
    assert endpoint_id not in [
        v["VpcEndpointId"] for v in ec2.describe_vpc_endpoints()["VpcEndpoints"]
    ]
    addresses = {a["AllocationId"]: a for a in ec2.describe_addresses()["Addresses"]}
    assert not any(addresses[a].get("AssociationId") for a in eips["AddressAllocationIds"])


def test_security_groups_only_change_through_ec2(transfer, network):
    server_id = vpc_server(transfer, network)
    with pytest.raises(ClientError) as e:
        transfer.update_server(
            ServerId=server_id, EndpointDetails={"SecurityGroupIds": [network["group"]]}
        )
    assert "ModifyVpcEndpoint" in error_of(e)[2]


# --- faults, latency and the request log ---

FAULTS = [
    ("transfer", "ListServers", "throttle", "ThrottlingException", 400),
    ("transfer", "ListServers", "server_error", "InternalServiceError", 500),
    ("transfer", "ListServers", "access_denied", "AccessDeniedException", 400),
    ("secretsmanager", "ListSecrets", "throttle", "ThrottlingException", 400),
    ("secretsmanager", "ListSecrets", "access_denied", "AccessDeniedException", 400),
    ("ec2", "DescribeVpcEndpoints", "throttle", "RequestLimitExceeded", 503),
    ("ec2", "DescribeVpcEndpoints", "server_error", "InternalError", 500),
    ("ec2", "DescribeVpcEndpoints", "access_denied", "UnauthorizedOperation", 403),
    ("s3", "ListBuckets", "throttle", "SlowDown", 503),
    ("s3", "ListObjectsV2", "access_denied", "AccessDenied", 403),
    ("s3", "GetObject", "server_error", "InternalError", 500),
    ("s3", "HeadObject", "access_denied", "403", 403),  # HEAD errors carry no body
    ("sts", "GetCallerIdentity", "throttle", "Throttling", 400),
    ("sts", "GetCallerIdentity", "access_denied", "AccessDenied", 403),
    ("transfer", "ListServers", "expired_token", "ExpiredTokenException", 400),
    ("secretsmanager", "ListSecrets", "expired_token", "ExpiredTokenException", 400),
    ("ec2", "DescribeVpcEndpoints", "expired_token", "RequestExpired", 400),
    ("s3", "ListBuckets", "expired_token", "ExpiredToken", 400),
    ("sts", "GetCallerIdentity", "expired_token", "ExpiredToken", 403),
]
CALLS = {
    "ListServers": lambda e: e.client("transfer").list_servers(),
    "ListSecrets": lambda e: e.client("secretsmanager").list_secrets(),
    "DescribeVpcEndpoints": lambda e: e.client("ec2").describe_vpc_endpoints(),
    "ListBuckets": lambda e: e.client("s3").list_buckets(),
    "ListObjectsV2": lambda e: e.client("s3").list_objects_v2(Bucket="acme-fault-test"),
    "GetObject": lambda e: e.client("s3").get_object(Bucket="acme-fault-test", Key="a.csv"),
    "HeadObject": lambda e: e.client("s3").head_object(Bucket="acme-fault-test", Key="a.csv"),
    "GetCallerIdentity": lambda e: e.client("sts").get_caller_identity(),
}


@pytest.fixture(scope="module")
def fault_bucket(emulator):
    s3 = emulator.client("s3")
    s3.create_bucket(
        Bucket="acme-fault-test", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    s3.put_object(Bucket="acme-fault-test", Key="a.csv", Body=b"a,b\n")


@pytest.mark.parametrize("service, operation, kind, code, status", FAULTS)
def test_faults_answer_in_each_protocols_own_shape(
    emulator, fault_bucket, service, operation, kind, code, status
):
    emulator.control(
        "POST", "faults", {"service": service, "operation": operation, "kind": kind, "count": 1}
    )
    with pytest.raises(ClientError) as e:
        CALLS[operation](emulator)
    assert error_of(e)[:2] == (code, status)
    CALLS[operation](emulator)  # count 1: the next call goes through
    log = emulator.control("GET", "requests")[1]
    assert [(r["service"], r["operation"], r["status"]) for r in log] == [
        (service, operation, status),
        (service, operation, 200),
    ]


def test_access_denied_names_the_iam_action(emulator, fault_bucket):
    for service, operation in (
        ("transfer", "ListServers"),
        ("s3", "ListObjectsV2"),
        ("ec2", "DescribeVpcEndpoints"),
    ):
        emulator.control(
            "POST", "faults", {"service": service, "operation": operation, "kind": "access_denied"}
        )
    with pytest.raises(ClientError) as e:
        CALLS["ListServers"](emulator)
    assert error_of(e)[2] == (
        "User: arn:aws:iam::123456789012:user/operator is not authorized to perform: transfer:ListServers "
        "on resource: arn:aws:transfer:ap-northeast-1:123456789012:server/* because no identity-based "
        "policy allows the transfer:ListServers action"
    )
    with pytest.raises(ClientError) as e:
        CALLS["ListObjectsV2"](emulator)
    assert 's3:ListBucket on resource: "arn:aws:s3:::acme-fault-test"' in error_of(e)[2]
    with pytest.raises(ClientError) as e:
        CALLS["DescribeVpcEndpoints"](emulator)
    assert "not authorized to perform: ec2:DescribeVpcEndpoints because" in error_of(e)[2]


def test_a_fault_after_applying_changes_the_resource_and_still_fails(
    emulator, transfer, sftp_server
):
    emulator.control(
        "POST",
        "faults",
        {
            "service": "transfer",
            "operation": "UpdateServer",
            "kind": "server_error",
            "count": 1,
            "after": True,
        },
    )
    with pytest.raises(ClientError) as e:
        transfer.update_server(ServerId=sftp_server, LoggingRole="arn:aws:iam::123456789012:role/after")
    assert error_of(e)[:2] == ("InternalServiceError", 500)
    described = transfer.describe_server(ServerId=sftp_server)["Server"]
    assert described["LoggingRole"] == "arn:aws:iam::123456789012:role/after"
    # Without "after", the fault answers instead of moto: nothing changes.
    emulator.control(
        "POST",
        "faults",
        {"service": "transfer", "operation": "UpdateServer", "kind": "server_error", "count": 1},
    )
    with pytest.raises(ClientError):
        transfer.update_server(ServerId=sftp_server, LoggingRole="arn:aws:iam::123456789012:role/not")
    described = transfer.describe_server(ServerId=sftp_server)["Server"]
    assert described["LoggingRole"] == "arn:aws:iam::123456789012:role/after"


def test_a_fault_without_count_lasts_until_cleared(emulator):
    emulator.control(
        "POST",
        "faults",
        {"service": "transfer", "operation": "*", "kind": "throttle", "count": None},
    )
    for _ in range(3):
        with pytest.raises(ClientError):
            CALLS["ListServers"](emulator)
    assert emulator.control("DELETE", "faults") == (200, {"faults": []})
    CALLS["ListServers"](emulator)


def test_latency_fault_and_global_latency(emulator):
    emulator.control(
        "POST",
        "faults",
        {
            "service": "transfer",
            "operation": "ListServers",
            "kind": "latency",
            "latency_ms": 400,
            "count": 1,
        },
    )
    started = time.time()
    CALLS["ListServers"](emulator)
    assert time.time() - started >= 0.4
    started = time.time()
    CALLS["ListServers"](emulator)
    assert time.time() - started < 0.4

    emulator.control("POST", "latency", {"ms": 300})
    started = time.time()
    CALLS["GetCallerIdentity"](emulator)
    assert time.time() - started >= 0.3
    started = time.time()
    emulator.control("GET", "faults")  # control requests are never delayed
    assert time.time() - started < 0.3


def test_hang_fault_never_answers_until_the_faults_are_cleared(emulator):
    from concurrent.futures import ThreadPoolExecutor

    from botocore.exceptions import ReadTimeoutError

    emulator.control(
        "POST",
        "faults",
        {"service": "transfer", "operation": "ListServers", "kind": "hang", "count": None},
    )
    impatient = emulator.client("transfer", read_timeout=1, connect_timeout=1)
    started = time.time()
    with pytest.raises(ReadTimeoutError):
        impatient.list_servers()
    assert time.time() - started >= 1
    # Other operations are answered as usual meanwhile.
    CALLS["GetCallerIdentity"](emulator)
    log = emulator.control("GET", "requests")[1]
    assert [(r["operation"], r["status"]) for r in log] == [
        ("ListServers", 0),
        ("GetCallerIdentity", 200),
    ]

    # A patient client waits until the fault is cleared, then gets a 500:
    # nothing was carried out.
    patient = emulator.client("transfer", read_timeout=60)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(patient.list_servers)
        time.sleep(0.5)
        assert not waiting.done()
        emulator.control("DELETE", "faults")
        with pytest.raises(ClientError) as e:
            waiting.result(timeout=10)
    assert error_of(e)[:2] == ("InternalServiceError", 500)
    CALLS["ListServers"](emulator)


def test_request_log_names_s3_operations(emulator, s3):
    s3.create_bucket(
        Bucket="acme-log-test", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    s3.head_bucket(Bucket="acme-log-test")
    s3.put_object(Bucket="acme-log-test", Key="in/a.csv", Body=b"x")
    s3.head_object(Bucket="acme-log-test", Key="in/a.csv")
    s3.get_object(Bucket="acme-log-test", Key="in/a.csv")["Body"].read()
    s3.list_objects_v2(Bucket="acme-log-test", Prefix="in/")
    s3.list_buckets()
    s3.delete_object(Bucket="acme-log-test", Key="in/a.csv")
    log = emulator.control("GET", "requests")[1]
    assert [r["operation"] for r in log] == [
        "CreateBucket",
        "HeadBucket",
        "PutObject",
        "HeadObject",
        "GetObject",
        "ListObjectsV2",
        "ListBuckets",
        "DeleteObject",
    ]
    assert all(r["service"] == "s3" and r["status"] in (200, 204) and r["time"] > 0 for r in log)
    assert emulator.control("DELETE", "requests") == (200, [])
    assert emulator.control("GET", "requests") == (200, [])


def test_control_api_rejects_bad_input(emulator):
    assert (
        emulator.control(
            "POST", "faults", {"service": "transfer", "operation": "X", "kind": "explode"}
        )[0]
        == 400
    )
    assert emulator.control("POST", "latency", {"ms": -1})[0] == 400
    assert (
        emulator.control(
            "POST",
            "faults",
            {"service": "*", "operation": "*", "kind": "throttle", "after": "yes"},
        )[0]
        == 400
    )
    assert (
        emulator.control("POST", "bulk-objects", {"bucket": "no-such-bucket", "count": 1})[0] == 400
    )
    assert emulator.control("GET", "nothing-here")[0] == 404


def test_bulk_objects_makes_100000_objects_quickly(emulator, s3):
    s3.create_bucket(
        Bucket="acme-bulk-test", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    started = time.time()
    status, body = emulator.control(
        "POST",
        "bulk-objects",
        {"bucket": "acme-bulk-test", "prefix": "archive/", "count": 100000, "size": 512},
    )
    assert status == 200 and body["count"] == 100000
    assert time.time() - started < 30
    page = s3.list_objects_v2(Bucket="acme-bulk-test", Prefix="archive/")
    keys = [o["Key"] for o in page["Contents"]]
    assert (
        keys[:2] == ["archive/file-000001.csv", "archive/file-000002.csv"] and page["IsTruncated"]
    )
    assert len({o["Size"] for o in page["Contents"]}) > 100
    assert len({o["LastModified"] for o in page["Contents"]}) > 100
    last = s3.list_objects_v2(
        Bucket="acme-bulk-test", Prefix="archive/", StartAfter="archive/file-099999.csv"
    )
    assert [o["Key"] for o in last["Contents"]] == ["archive/file-100000.csv"]
    assert (
        s3.get_object(Bucket="acme-bulk-test", Key="archive/file-000001.csv")["Body"]
        .read()
        .startswith(b"order_id,")
    )


# --- the demo estate and the CLI ---


def test_seed_builds_the_estate_and_prints_one_json_document():
    emu = Emulator("--transition-delay", "0.2")
    try:
        run = subprocess.run(
            [sys.executable, str(HERE / "seed.py"), "--endpoint", emu.url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        estate = json.loads(run.stdout)
        transfer, ec2, sm = emu.client("transfer"), emu.client("ec2"), emu.client("secretsmanager")
        assert estate["region"] == REGION and estate["account"] == ACCOUNT
        servers = estate["servers"]
        assert set(servers) == {"sftp_public", "ftp_vpc", "ftp_vpc_twin", "ftps_internet"}
        assert all(
            transfer.describe_server(ServerId=s)["Server"]["State"] == "ONLINE"
            for s in servers.values()
        )
        assert estate["big_prefix"]["count"] == 20000

        twin = transfer.describe_server(ServerId=servers["ftp_vpc_twin"])["Server"]
        assert twin["ProtocolDetails"]["PassiveIp"] == estate["nlb_ip"]
        assert "LoggingRole" not in twin
        twin_ips = [
            e["PrivateIpAddress"]
            for e in ec2.describe_network_interfaces(
                NetworkInterfaceIds=ec2.describe_vpc_endpoints(
                    VpcEndpointIds=[estate["vpc_endpoints"]["ftp_vpc_twin"]]
                )["VpcEndpoints"][0]["NetworkInterfaceIds"]
            )["NetworkInterfaces"]
        ]
        assert estate["nlb_ip"] not in twin_ips
        (group,) = ec2.describe_security_groups(
            GroupIds=[estate["security_groups"]["ftp_vpc_twin"]]
        )["SecurityGroups"]
        assert {(p["FromPort"], p["ToPort"]) for p in group["IpPermissions"]} == {
            (21, 21),
            (8192, 8195),
        }

        ftps = transfer.describe_server(ServerId=servers["ftps_internet"])["Server"]
        assert (
            ftps["ProtocolDetails"]["TlsSessionResumptionMode"] == "ENFORCED"
            and ftps["LoggingRole"]
        )
        assert len(ftps["EndpointDetails"]["AddressAllocationIds"]) == 2

        name, password = next(
            iter(
                (n, p)
                for n, p in estate["passwords"].items()
                if servers["ftp_vpc"] in n and n.endswith("/legacy-erp")
            )
        )
        answer = transfer.test_identity_provider(
            ServerId=servers["ftp_vpc"],
            UserName="legacy-erp",
            UserPassword=password,
            ServerProtocol="FTP",
        )
        assert json.loads(answer["Response"])["Role"]
        assert sm.get_secret_value(SecretId=name)["SecretString"]
        orphan_server = estate["orphan_secret"].split("/")[2]
        assert orphan_server not in servers.values()
        with pytest.raises(ClientError) as e:
            sm.get_secret_value(SecretId=estate["locked_secret"])
        assert "explicit deny in a resource-based policy" in error_of(e)[2]
        assert estate["locked_secret"] in [
            s["Name"] for s in sm.list_secrets(MaxResults=100)["SecretList"]
        ]
        assert len(transfer.list_users(ServerId=servers["sftp_public"])["Users"]) == len(
            estate["users"]["sftp_public"]
        )

        # The second account: its servers only with its own key.
        second = estate["second_account"]
        assert second["account"] != ACCOUNT and second["region"] == REGION
        theirs = boto3.client(
            "transfer",
            endpoint_url=emu.url,
            region_name=REGION,
            aws_access_key_id=second["access_key_id"],
            aws_secret_access_key=second["secret_access_key"],
        )
        listed = {s["ServerId"]: s for s in theirs.list_servers()["Servers"]}
        assert set(listed) == set(second["servers"].values())
        assert all(f":{second['account']}:server/" in s["Arn"] for s in listed.values())
        assert not set(listed) & {s["ServerId"] for s in transfer.list_servers()["Servers"]}
        (user,) = second["users"]["subsidiary_sftp"]
        assert theirs.describe_user(ServerId=second["servers"]["subsidiary_sftp"], UserName=user)
    finally:
        emu.process.send_signal(signal.SIGTERM)  # SIGTERM ends it cleanly, too
        assert emu.process.wait(timeout=10) == 0
        assert emu.process.stdout.read() == ""  # stdout held the READY line only


def test_batch_get_secret_value_puts_a_fenced_secret_in_errors(sm):
    prefix = f"aws/transfer/s-{uuid.uuid4().hex[:17]}/"
    for user in ("open", "fenced"):
        sm.create_secret(Name=prefix + user, SecretString=json.dumps({"Password": user}))
    fence = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-0123456789abcdef0"}},
            }
        ],
    }
    sm.put_resource_policy(SecretId=prefix + "fenced", ResourcePolicy=json.dumps(fence))

    by_id = sm.batch_get_secret_value(
        SecretIdList=[prefix + "open", prefix + "fenced", prefix + "missing"]
    )
    assert [v["Name"] for v in by_id["SecretValues"]] == [prefix + "open"]
    assert json.loads(by_id["SecretValues"][0]["SecretString"]) == {"Password": "open"}
    errors = {e["SecretId"]: e["ErrorCode"] for e in by_id["Errors"]}
    assert errors == {
        prefix + "fenced": "AccessDeniedException",
        prefix + "missing": "ResourceNotFoundException",
    }

    # The name filter of ListSecrets: the same fence, and deleted secrets left out.
    sm.create_secret(Name=prefix + "gone", SecretString="{}")
    sm.delete_secret(SecretId=prefix + "gone", RecoveryWindowInDays=7)
    by_name = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": [prefix]}])
    assert [v["Name"] for v in by_name["SecretValues"]] == [prefix + "open"]
    assert [(e["SecretId"], e["ErrorCode"]) for e in by_name["Errors"]] == [
        (prefix + "fenced", "AccessDeniedException")
    ]

    with pytest.raises(ClientError) as e:
        sm.batch_get_secret_value(SecretIdList=[f"{prefix}{n}" for n in range(21)])
    assert error_of(e)[0] == "InvalidParameterException"


def test_a_fault_for_one_region_leaves_the_others_answering(emulator):
    """A sweep of several regions meets one that denies: the fault names
    its region and only the calls signed for it fail."""
    emulator.control(
        "POST",
        "faults",
        {
            "service": "transfer",
            "operation": "ListServers",
            "kind": "access_denied",
            "region": "us-east-1",
        },
    )
    east = emulator.client("transfer", region="us-east-1")
    with pytest.raises(ClientError) as e:
        east.list_servers()
    assert error_of(e)[0] == "AccessDeniedException"
    emulator.client("transfer").list_servers()  # the default region answers
    assert emulator.control("POST", "faults", {"service": "*", "operation": "*",
                                               "kind": "throttle", "region": 5})[0] == 400


# --- CreateServer: the rules the console's create form checks first ---


def test_create_server_refuses_two_subnets_in_one_zone(transfer, ec2, network):
    extra = ec2.create_subnet(
        VpcId=network["vpc"], CidrBlock="10.20.3.0/24", AvailabilityZone=f"{REGION}a"
    )["Subnet"]["SubnetId"]
    with pytest.raises(ClientError) as e:
        transfer.create_server(
            EndpointType="VPC",
            EndpointDetails={
                "VpcId": network["vpc"],
                "SubnetIds": [network["subnets"][0]["SubnetId"], extra],
            },
            Protocols=["SFTP"],
        )
    code, status, text = error_of(e)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "one subnet per Availability Zone" in text


def test_create_server_refuses_a_subnet_of_another_vpc(transfer, ec2, network):
    other = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=other, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
    with pytest.raises(ClientError) as e:
        transfer.create_server(
            EndpointType="VPC",
            EndpointDetails={"VpcId": network["vpc"], "SubnetIds": [subnet]},
        )
    assert error_of(e)[0] == "InvalidRequestException"
    assert f"is not in {network['vpc']}" in error_of(e)[2]


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            {"Certificate": CERT.replace(REGION, "us-east-1")},
            f"ACM certificate ARN in {REGION}",
        ),
        (
            {"IdentityProviderDetails": {"Function": LAMBDA.replace(REGION, "us-east-1")}},
            f"Lambda function in {REGION}",
        ),
    ],
)
def test_create_server_needs_certificate_and_function_in_its_region(
    transfer, network, extra, message
):
    params = {
        "EndpointType": "VPC",
        "EndpointDetails": {"VpcId": network["vpc"], "SubnetIds": [network["subnets"][0]["SubnetId"]]},
        "Protocols": ["FTPS"],
        "IdentityProviderType": "AWS_LAMBDA",
        "IdentityProviderDetails": {"Function": LAMBDA},
        "Certificate": CERT,
        **extra,
    }
    with pytest.raises(ClientError) as e:
        transfer.create_server(**params)
    code, _, text = error_of(e)
    assert code == "InvalidRequestException" and message in text


def test_create_server_refuses_aws_tags_but_the_custom_hostnames(transfer):
    with pytest.raises(ClientError) as e:
        transfer.create_server(Tags=[{"Key": "aws:cloudformation:stack-name", "Value": "x"}])
    assert error_of(e)[0] == "InvalidRequestException" and "reserved" in error_of(e)[2]
    before = len(transfer.list_servers()["Servers"])
    transfer.create_server(
        Tags=[{"Key": "aws:transfer:route53HostedZoneId", "Value": "/hostedzone/Z1"}]
    )
    assert len(transfer.list_servers()["Servers"]) == before + 1


def test_a_created_vpc_server_starts_then_comes_online_with_its_endpoint(
    transfer, ec2, network
):
    server_id = vpc_server(transfer, network)
    described = transfer.describe_server(ServerId=server_id)["Server"]
    assert described["State"] in ("STARTING", "ONLINE")
    wait_state(transfer, server_id, "ONLINE")
    endpoint_id = described["EndpointDetails"]["VpcEndpointId"]
    (endpoint,) = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    assert endpoint["SubnetIds"] == [s["SubnetId"] for s in network["subnets"]]
