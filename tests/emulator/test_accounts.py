"""Several accounts on one emulator: moto takes the account from the access
key, so a key made in another account's IAM reaches only that account's
resources, and a key in AWS's format that no account issued is refused in
each service's own wire format."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION

OTHER = "210987654321"
UNKNOWN_KEY = "AKIAUNKNOWNKEY000000"


def client(emulator, service: str, key: str, secret: str, region: str = REGION):
    return boto3.client(
        service,
        endpoint_url=emulator.url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": 1}),
    )


@pytest.fixture(scope="module")
def other_key(emulator) -> tuple[str, str]:
    """An access key of account OTHER, made in its IAM."""
    iam = emulator.client("iam")
    iam.meta.events.register(
        "before-sign.iam.*",
        lambda request, **_: request.headers.__setitem__("x-moto-account-id", OTHER),
    )
    iam.create_user(UserName="operator")
    key = iam.create_access_key(UserName="operator")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def sftp(transfer) -> str:
    return transfer.create_server(
        Protocols=["SFTP"], EndpointType="PUBLIC", IdentityProviderType="SERVICE_MANAGED"
    )["ServerId"]


def test_each_account_sees_only_its_own_servers(emulator, transfer, other_key):
    other = client(emulator, "transfer", *other_key)
    assert client(emulator, "sts", *other_key).get_caller_identity()["Account"] == OTHER
    mine, theirs = sftp(transfer), sftp(other)

    listed_by_other = {s["ServerId"]: s["Arn"] for s in other.list_servers()["Servers"]}
    assert mine not in listed_by_other
    assert listed_by_other[theirs] == f"arn:aws:transfer:{REGION}:{OTHER}:server/{theirs}"
    assert theirs not in [s["ServerId"] for s in transfer.list_servers()["Servers"]]
    for reader, server in ((other, mine), (transfer, theirs)):
        with pytest.raises(ClientError) as e:
            reader.describe_server(ServerId=server)
        assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    # The extension's own parts follow the account too: users, host keys, tags.
    other.create_user(
        ServerId=theirs,
        UserName="subsidiary-partner",
        Role=f"arn:aws:iam::{OTHER}:role/drop",
        HomeDirectory="/drop/subsidiary-partner",
    )
    (user,) = other.list_users(ServerId=theirs)["Users"]
    assert user["Arn"] == f"arn:aws:transfer:{REGION}:{OTHER}:user/{theirs}/subsidiary-partner"
    (host_key,) = other.list_host_keys(ServerId=theirs)["HostKeys"]
    assert f":{OTHER}:host-key/{theirs}/" in host_key["Arn"]
    arn = listed_by_other[theirs]
    other.tag_resource(Arn=arn, Tags=[{"Key": "team", "Value": "subsidiary"}])
    assert other.list_tags_for_resource(Arn=arn)["Tags"] == [{"Key": "team", "Value": "subsidiary"}]
    with pytest.raises(ClientError) as e:
        transfer.list_tags_for_resource(Arn=arn)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    for server, owner in ((mine, transfer), (theirs, other)):
        owner.delete_server(ServerId=server)


def test_free_form_keys_and_the_example_key_mean_the_default_account(emulator):
    for key in ("testing", "AKIAIOSFODNN7EXAMPLE"):
        identity = client(emulator, "sts", key, "x").get_caller_identity()
        assert identity["Account"] == "123456789012"


@pytest.mark.parametrize(
    "service, call, status, code",
    [
        ("transfer", lambda c: c.list_servers(), 400, "UnrecognizedClientException"),
        ("secretsmanager", lambda c: c.list_secrets(), 400, "UnrecognizedClientException"),
        ("sts", lambda c: c.get_caller_identity(), 403, "InvalidClientTokenId"),
        ("ec2", lambda c: c.describe_regions(), 401, "AuthFailure"),
        ("s3", lambda c: c.list_buckets(), 403, "InvalidAccessKeyId"),
    ],
)
def test_a_key_no_account_issued_is_refused_as_aws_refuses_it(
    emulator, service, call, status, code
):
    with pytest.raises(ClientError) as e:
        call(client(emulator, service, UNKNOWN_KEY, "x"))
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert e.value.response["Error"]["Code"] == code
    (logged,) = emulator.control("GET", "requests")[1]
    assert (logged["status"], logged["account"]) == (status, None)


def test_a_denied_call_names_the_callers_account(emulator, other_key):
    emulator.control(
        "POST", "faults", {"service": "transfer", "operation": "*", "kind": "access_denied"}
    )
    with pytest.raises(ClientError) as e:
        client(emulator, "transfer", *other_key).list_servers()
    message = e.value.response["Error"]["Message"]
    assert f"arn:aws:iam::{OTHER}:user/operator" in message
    assert f"arn:aws:transfer:{REGION}:{OTHER}:server/*" in message
    (logged,) = emulator.control("GET", "requests")[1]
    assert logged["account"] == OTHER
