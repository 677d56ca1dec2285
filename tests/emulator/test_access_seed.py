"""The access chain of the demo estate (FIELD-NOTES.md §4): the identity
providers' Lambda functions and their permissions, the users' roles, the
fenced login secret; and Lambda's REST calls named in the request log."""

import json
import subprocess
import sys

import pytest
from botocore.exceptions import ClientError

from conftest import HERE, Emulator
from test_emulator import ACCOUNT, error_of


@pytest.fixture(scope="module")
def seeded():
    emu = Emulator("--transition-delay", "0.1")
    run = subprocess.run(
        [sys.executable, str(HERE / "seed.py"), "--endpoint", emu.url, "--objects", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    yield emu, json.loads(run.stdout)
    emu.close()


def statements(emu, function: str) -> list[dict]:
    return json.loads(emu.client("lambda").get_policy(FunctionName=function)["Policy"])["Statement"]


def test_the_twin_shares_a_function_that_admits_only_the_first_server(seeded):
    emu, estate = seeded
    transfer = emu.client("transfer")
    servers = estate["servers"]
    functions = {
        transfer.describe_server(ServerId=servers[key])["Server"]["IdentityProviderDetails"][
            "Function"
        ]
        for key in ("ftp_vpc", "ftp_vpc_twin")
    }
    assert len(functions) == 1
    (function,) = functions
    config = emu.client("lambda").get_function_configuration(FunctionName=function)
    assert config["State"] == "Active"
    assert config["Role"] == estate["identity_providers"]["execution_role"]
    sources = [s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in statements(emu, function)]
    assert sources == [f"arn:aws:transfer:{estate['region']}:{ACCOUNT}:server/{servers['ftp_vpc']}"]
    assert estate["identity_providers"]["functions"]["transfer-ftp-idp"] == {
        "admits": "ftp_vpc",
        "missing": "ftp_vpc_twin",
    }


def test_user_roles_break_the_chain_where_the_estate_says(seeded):
    emu, estate = seeded
    iam = emu.client("iam")
    roles = estate["access"]["roles"]

    def trusted(name: str) -> str:
        document = iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"]
        return document["Statement"][0]["Principal"]["Service"]

    assert trusted("ec2-batch-instance") == "ec2.amazonaws.com"
    assert trusted("transfer-partner-drop") == "transfer.amazonaws.com"
    readonly = iam.get_role_policy(RoleName="transfer-partner-b-readonly", PolicyName="home")
    assert [s["Action"] for s in readonly["PolicyDocument"]["Statement"]] == ["s3:GetObject"]
    attached = iam.list_attached_role_policies(RoleName="transfer-partner-drop")
    assert [p["PolicyArn"] for p in attached["AttachedPolicies"]] == [
        estate["access"]["managed_policy"]
    ]

    partner_b = emu.client("transfer").describe_user(
        ServerId=estate["servers"]["sftp_public"], UserName="partner-b"
    )["User"]
    assert partner_b["Role"] == roles["transfer-partner-b-readonly"]
    ec2_batch = f"aws/transfer/{estate['servers']['ftps_internet']}/ec2-batch"
    value = json.loads(emu.client("secretsmanager").get_secret_value(SecretId=ec2_batch)["SecretString"])
    assert value["Role"] == roles["ec2-batch-instance"]


def test_the_fenced_login_secret_denies_reads_outside_its_endpoint(seeded):
    emu, estate = seeded
    fenced = estate["access"]["fenced_login"]
    name = f"aws/transfer/{estate['servers'][fenced['server']]}/{fenced['user']}"
    policy = json.loads(emu.client("secretsmanager").get_resource_policy(SecretId=name)["ResourcePolicy"])
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"]["StringNotEquals"]["aws:sourceVpce"] == estate["vpc_endpoints"]["secretsmanager"]


def test_lambda_calls_are_named_in_the_request_log_and_take_faults(seeded):
    emu, _ = seeded
    lam = emu.client("lambda")
    emu.control("DELETE", "requests")
    lam.get_function_configuration(FunctionName="transfer-ftps-idp")
    lam.get_policy(FunctionName="transfer-ftps-idp")
    log = emu.control("GET", "requests")[1]
    assert [(r["service"], r["operation"]) for r in log][-2:] == [
        ("lambda", "GetFunctionConfiguration"),
        ("lambda", "GetPolicy"),
    ]
    emu.control(
        "POST",
        "faults",
        {"service": "lambda", "operation": "GetPolicy", "kind": "access_denied", "count": 1},
    )
    with pytest.raises(ClientError) as e:
        lam.get_policy(FunctionName="transfer-ftps-idp")
    assert error_of(e)[0] == "AccessDeniedException"
    assert "lambda:GetPolicy" in error_of(e)[2]
