"""Build the demo estate of FIELD-NOTES.md §1 in a running emulator, through
the AWS API (boto3) and the control API for bulk objects, then print ONE JSON
document describing what was made.

    python tests/emulator/seed.py --endpoint URL [--region ap-northeast-1] [--objects 20000]
"""

import argparse
import base64
import io
import json
import os
import secrets
import sys
import time
import urllib.request
import zipfile

import boto3
import seed_logs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

ACCOUNT = "123456789012"  # moto's default account
SECOND_ACCOUNT = "210987654321"  # a subsidiary's, reached with a key of its own
PEERED_CIDRS = ["10.1.1.0/24", "10.1.2.0/24"]  # the clients' subnets across the peering
NLB_IP = "10.2.1.200"
CUSTOM_HOSTNAME = "ftps.acme-logistics.example.com"
FTP_PORTS, FTP_PORTS_SHORT = (8192, 8200), (8192, 8195)  # the twin's group misses 8196-8200
# Users whose role is one of the broken links of FIELD-NOTES.md §4.
ROLE_OF_USER = {
    "partner-b": "transfer-partner-b-readonly",  # s3:GetObject only: every upload refused
    "ec2-batch": "ec2-batch-instance",  # trusts ec2.amazonaws.com, not Transfer
}
FENCED_LOGIN_USER = "ext-logistics"  # its ftps_internet secret is fenced to a VPC endpoint


def role(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def ssh_public_key(kind: str, comment: str) -> str:
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return f"{public.decode()} {comment}"


def fake_pgp_key() -> str:
    body = base64.encodebytes(os.urandom(240)).decode()
    return f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}-----END PGP PRIVATE KEY BLOCK-----\n"


def trust(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
            ],
        }
    )


def home_access(*buckets: str, actions=("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) -> str:
    """A user role's policy: list the buckets, and the given object actions."""
    statements = [
        {
            "Sid": "ListHome",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": [f"arn:aws:s3:::{b}" for b in buckets],
        },
        {
            "Sid": "ObjectsInHome",
            "Effect": "Allow",
            "Action": list(actions),
            "Resource": [f"arn:aws:s3:::{b}/*" for b in buckets],
        },
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def function_zip() -> bytes:
    """A stand-in for the sample identity provider: moto stores it and never runs it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def lambda_handler(event, context):\n    return {}\n")
    return buffer.getvalue()


def tags(**pairs: str) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in pairs.items()]


class Seeder:
    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint, self.region = endpoint, region
        kw = dict(
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        self.ec2, self.s3 = boto3.client("ec2", **kw), boto3.client("s3", **kw)
        self.transfer = boto3.client("transfer", **kw)
        self.sm, self.acm = boto3.client("secretsmanager", **kw), boto3.client("acm", **kw)
        self.logs = boto3.client("logs", **kw)
        self.iam, self.lam = boto3.client("iam", **kw), boto3.client("lambda", **kw)
        self.out: dict = {
            "region": region,
            "account": ACCOUNT,
            "servers": {},
            "vpc_endpoints": {},
            "security_groups": {},
            "users": {},
            "passwords": {},
            "nlb_ip": NLB_IP,
        }

    # --- network ---

    def vpc(self, name: str, cidr: str, subnets: dict[str, str]) -> tuple[str, list[str]]:
        vpc_id = self.ec2.create_vpc(
            CidrBlock=cidr,
            TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(Name=name)}],
        )["Vpc"]["VpcId"]
        subnet_ids = []
        for subnet_cidr, az in subnets.items():
            subnet_ids.append(
                self.ec2.create_subnet(
                    VpcId=vpc_id,
                    CidrBlock=subnet_cidr,
                    AvailabilityZone=f"{self.region}{az}",
                    TagSpecifications=[
                        {"ResourceType": "subnet", "Tags": tags(Name=f"{name}-{az}")}
                    ],
                )["Subnet"]["SubnetId"]
            )
        return vpc_id, subnet_ids

    def ftp_group(self, vpc_id: str, name: str, cidrs: list[str], passive: tuple) -> str:
        group_id = self.ec2.create_security_group(
            GroupName=name, Description=f"{name}: FTP control and passive data ports", VpcId=vpc_id
        )["GroupId"]
        ranges = [{"CidrIp": c} for c in cidrs]
        self.ec2.authorize_security_group_ingress(
            GroupId=group_id,
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 21, "ToPort": 21, "IpRanges": ranges},
                {
                    "IpProtocol": "tcp",
                    "FromPort": passive[0],
                    "ToPort": passive[1],
                    "IpRanges": ranges,
                },
            ],
        )
        return group_id

    def network(self) -> dict:
        net = {}
        net["clients"], _ = self.vpc(
            "acme-clients", "10.1.0.0/16", {PEERED_CIDRS[0]: "a", PEERED_CIDRS[1]: "c"}
        )
        net["transfer"], net["transfer_subnets"] = self.vpc(
            "acme-transfer", "10.2.0.0/16", {"10.2.1.0/24": "a", "10.2.2.0/24": "c"}
        )
        peering = self.ec2.create_vpc_peering_connection(
            VpcId=net["clients"], PeerVpcId=net["transfer"]
        )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        self.ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=peering)
        net["dmz"], net["dmz_subnets"] = self.vpc(
            "acme-dmz", "10.3.0.0/16", {"10.3.1.0/24": "a", "10.3.2.0/24": "c"}
        )
        gateway = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=net["dmz"])

        sgs = self.out["security_groups"]
        sgs["ftp_vpc"] = self.ftp_group(net["transfer"], "transfer-ftp", PEERED_CIDRS, FTP_PORTS)
        sgs["ftp_vpc_twin"] = self.ftp_group(
            net["transfer"], "transfer-ftp-1a", PEERED_CIDRS, FTP_PORTS_SHORT
        )
        sgs["ftps_internet"] = self.ftp_group(net["dmz"], "transfer-ftps", ["0.0.0.0/0"], FTP_PORTS)

        # The twin's NLB, seen in EC2 as its network interface holding NLB_IP.
        self.ec2.create_network_interface(
            SubnetId=net["transfer_subnets"][0],
            PrivateIpAddress=NLB_IP,
            Description="ELB net/ftp-legacy-1a/4f1c0e6a9b2d7c35",
        )
        net["eips"] = [
            self.ec2.allocate_address(
                Domain="vpc",
                Address=address,
                TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": tags(Name=f"ftps-{az}")}],
            )
            for address, az in (("203.0.113.10", "1a"), ("203.0.113.20", "1c"))
        ]
        self.out["elastic_ips"] = {e["AllocationId"]: e["PublicIp"] for e in net["eips"]}
        self.out["vpcs"] = {k: net[k] for k in ("clients", "transfer", "dmz")}
        return net

    # --- storage ---

    def buckets(self) -> None:
        uploads = {
            "acme-partner-drop": {
                "partner-a/inbound/orders-20261120.csv": b"order_id,sku,qty\n1001,SKU-001,4\n1002,SKU-017,1\n",
                "partner-a/inbound/orders-20261121.csv": b"order_id,sku,qty\n1003,SKU-002,12\n",
                "partner-b/invoices/invoice-2026-11.csv": b"invoice,amount,currency\nINV-8841,120000,JPY\n",
                "partner-b/invoices/scan-0001.pdf": b"%PDF-1.4\n" + os.urandom(2048),
            },
            "acme-legacy-ftp": {
                "erp/daily-20261122.log": b"2026-11-22T02:00:01Z export start\n2026-11-22T02:03:44Z export done rows=18211\n",
                "warehouse/stock-20261122.csv": b"sku,on_hand\nSKU-001,40\nSKU-002,0\n",
                "scanners/scanner01/IMG_0001.jpg": b"\xff\xd8\xff\xe0" + os.urandom(4096),
            },
            "acme-ftps-exchange": {
                "ext-logistics/outbound/manifest-20261122.csv": b"shipment,pallets\nSHP-2231,6\n",
            },
            "acme-reports": {"monthly/2026-10.csv": b"partner,files,bytes\npartner-a,62,1840021\n"},
        }
        for bucket, objects in uploads.items():
            self.s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region}
            )
            for key, body in objects.items():
                self.s3.put_object(Bucket=bucket, Key=key, Body=body)
        self.out["buckets"] = list(uploads)

    def bulk_objects(self, bucket: str, prefix: str, count: int) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}/_emulator/bulk-objects",
            data=json.dumps(
                {"bucket": bucket, "prefix": prefix, "count": count, "size": 2048}
            ).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            response.read()
        self.out["big_prefix"] = {"bucket": bucket, "prefix": prefix, "count": count}

    # --- servers and their users ---

    def server(self, key: str, **params) -> str:
        server_id = self.transfer.create_server(**params)["ServerId"]
        self.out["servers"][key] = server_id
        described = self.transfer.describe_server(ServerId=server_id)["Server"]
        if "EndpointDetails" in described:
            self.out["vpc_endpoints"][key] = described["EndpointDetails"]["VpcEndpointId"]
        return server_id

    def secret(self, name: str, value: dict) -> None:
        self.sm.create_secret(Name=name, SecretString=json.dumps(value))
        if "Password" in value:
            self.out["passwords"][name] = value["Password"]

    def logins(self, server_ids: list[str], users: dict[str, dict]) -> list[str]:
        """Custom-IdP users: the secrets the sample Lambda reads, one copy per
        server (the server id is in the name)."""
        for user, fields in users.items():
            if not user.startswith("@"):
                fields = {"Password": secrets.token_urlsafe(12), **fields}
            for server_id in server_ids:
                self.secret(f"aws/transfer/{server_id}/{user}", fields)
        return sorted(u for u in users if not u.startswith("@"))

    def sftp_public(self) -> None:
        server_id = self.server(
            "sftp_public",
            EndpointType="PUBLIC",
            Protocols=["SFTP"],
            IdentityProviderType="SERVICE_MANAGED",
            LoggingRole=role("AWSTransferLoggingAccess"),
            Tags=tags(Name="sftp-morning-drop"),
        )
        users = {
            "partner-a": dict(HomeDirectory="/acme-partner-drop/partner-a", key="ed25519"),
            "partner-b": dict(HomeDirectory="/acme-partner-drop/partner-b", key="rsa"),
            "auditor": dict(
                HomeDirectoryType="LOGICAL",
                HomeDirectoryMappings=[
                    {"Entry": "/inbound", "Target": "/acme-partner-drop/partner-a/inbound"},
                    {"Entry": "/reports", "Target": "/acme-reports/monthly"},
                ],
                key="ed25519",
            ),
        }
        for name, spec in users.items():
            key = ssh_public_key(spec.pop("key"), f"{name}@acme-partner")
            self.transfer.create_user(
                ServerId=server_id,
                UserName=name,
                Role=role(ROLE_OF_USER.get(name, "transfer-partner-drop")),
                SshPublicKeyBody=key,
                **spec,
            )
        self.out["users"]["sftp_public"] = sorted(users)

    def ftp_vpc(self, net: dict) -> None:
        """Article 001: a FTP server in two private subnets and its per-AZ
        twin behind an NLB, with one copy of every user secret each."""
        lambda_idp = f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:transfer-ftp-idp"
        server_ids = []
        for key, subnets, name in (
            ("ftp_vpc", net["transfer_subnets"], "ftp-legacy"),
            ("ftp_vpc_twin", net["transfer_subnets"][:1], "ftp-legacy-1a"),
        ):
            server_ids.append(
                self.server(
                    key,
                    EndpointType="VPC",
                    EndpointDetails={
                        "VpcId": net["transfer"],
                        "SubnetIds": subnets,
                        "SecurityGroupIds": [self.out["security_groups"][key]],
                    },
                    Protocols=["FTP"],
                    ProtocolDetails={"PassiveIp": NLB_IP if key == "ftp_vpc_twin" else "AUTO"},
                    IdentityProviderType="AWS_LAMBDA",
                    IdentityProviderDetails={"Function": lambda_idp},
                    Tags=tags(Name=name),
                )
            )
        ftp_role = role("transfer-legacy-ftp")
        pgp = {"PGPPrivateKey": fake_pgp_key(), "PGPPassphrase": secrets.token_urlsafe(16)}
        users = self.logins(
            server_ids,
            {
                "legacy-erp": {"Role": ftp_role, "HomeDirectory": "/acme-legacy-ftp/erp"},
                "warehouse": {
                    "Role": ftp_role,
                    "HomeDirectoryDetails": json.dumps(
                        [{"Entry": "/", "Target": "/acme-legacy-ftp/warehouse"}]
                    ),
                },
                "scanner01": {
                    "Role": ftp_role,
                    "HomeDirectory": "/acme-legacy-ftp/scanners/scanner01",
                    "AllowedClientCidr": "10.1.2.0/24",  # a key the sample Lambda does not know
                },
                "nightly-batch": {"HomeDirectory": "/acme-legacy-ftp/batch"},  # no Role
                "edi-partner": {"Role": ftp_role, "HomeDirectory": "/acme-legacy-ftp/edi", **pgp},
                "@pgp-default": {
                    "PGPPrivateKey": fake_pgp_key(),
                    "PGPPassphrase": secrets.token_urlsafe(16),
                },
            },
        )
        self.out["users"]["ftp_vpc"] = self.out["users"]["ftp_vpc_twin"] = users

    def ftps_internet(self, net: dict) -> None:
        certificate = self.acm.request_certificate(DomainName=CUSTOM_HOSTNAME)["CertificateArn"]
        server_id = self.server(
            "ftps_internet",
            EndpointType="VPC",
            EndpointDetails={
                "VpcId": net["dmz"],
                "SubnetIds": net["dmz_subnets"],
                "SecurityGroupIds": [self.out["security_groups"]["ftps_internet"]],
                "AddressAllocationIds": [e["AllocationId"] for e in net["eips"]],
            },
            Protocols=["FTPS"],
            Certificate=certificate,
            ProtocolDetails={"PassiveIp": "AUTO", "TlsSessionResumptionMode": "ENFORCED"},
            IdentityProviderType="AWS_LAMBDA",
            IdentityProviderDetails={
                "Function": f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:transfer-ftps-idp"
            },
            LoggingRole=role("AWSTransferLoggingAccess"),
            Tags=tags(Name="ftps-exchange", **{"aws:transfer:customHostname": CUSTOM_HOSTNAME}),
        )
        exchange = role("transfer-ftps-exchange")
        self.out["users"]["ftps_internet"] = self.logins(
            [server_id],
            {
                "ext-logistics": {
                    "Role": exchange,
                    "HomeDirectory": "/acme-ftps-exchange/ext-logistics",
                },
                "ec2-batch": {
                    "Role": role(ROLE_OF_USER["ec2-batch"]),
                    "HomeDirectory": "/acme-ftps-exchange/internal",
                },
            },
        )
        self.out["certificate"] = certificate
        self.out["custom_hostname"] = CUSTOM_HOSTNAME

    def leftovers(self, net: dict) -> None:
        """An orphaned user secret, and article 004's fenced secret."""
        gone = f"s-{secrets.token_hex(9)[:17]}"  # a server deleted long ago
        old = {"Role": role("transfer-legacy-ftp"), "HomeDirectory": "/acme-legacy-ftp/old"}
        self.logins([gone], {"olduser": old})
        self.out["orphan_secret"] = f"aws/transfer/{gone}/olduser"

        endpoint = self.ec2.create_vpc_endpoint(
            VpcId=net["transfer"],
            ServiceName=f"com.amazonaws.{self.region}.secretsmanager",
            VpcEndpointType="Interface",
            SubnetIds=net["transfer_subnets"],
        )["VpcEndpoint"]["VpcEndpointId"]
        self.out["vpc_endpoints"]["secretsmanager"] = endpoint
        locked = "fsx/smb/svc-filecopy"
        self.sm.create_secret(
            Name=locked,
            SecretString=json.dumps(
                {"username": "svc-filecopy", "password": secrets.token_urlsafe(12)}
            ),
        )
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:sourceVpce": endpoint}},
                }
            ],
        }
        self.sm.put_resource_policy(SecretId=locked, ResourcePolicy=json.dumps(policy))
        self.out["locked_secret"] = locked

    # --- the access chain (FIELD-NOTES.md §4) ---

    def user_roles(self) -> None:
        """The roles the users assume: most trust Transfer and reach their
        home; partner-b's allows GetObject only; ec2-batch's trusts EC2."""
        roles = {
            "transfer-partner-drop": (
                trust("transfer.amazonaws.com"),
                home_access("acme-partner-drop", "acme-reports"),
            ),
            "transfer-legacy-ftp": (trust("transfer.amazonaws.com"), home_access("acme-legacy-ftp")),
            "transfer-ftps-exchange": (
                trust("transfer.amazonaws.com"),
                home_access("acme-ftps-exchange"),
            ),
            "transfer-partner-b-readonly": (
                trust("transfer.amazonaws.com"),
                json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "ReadInvoices",
                                "Effect": "Allow",
                                "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::acme-partner-drop/partner-b/*",
                            }
                        ],
                    }
                ),
            ),
            "ec2-batch-instance": (trust("ec2.amazonaws.com"), home_access("acme-ftps-exchange")),
        }
        for name, (trust_policy, policy) in roles.items():
            self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_policy)
            self.iam.put_role_policy(RoleName=name, PolicyName="home", PolicyDocument=policy)
        # One managed policy too, so that attached policies are read.
        reports = self.iam.create_policy(
            PolicyName="acme-reports-read",
            PolicyDocument=home_access("acme-reports", actions=("s3:GetObject",)),
        )["Policy"]["Arn"]
        self.iam.attach_role_policy(RoleName="transfer-partner-drop", PolicyArn=reports)
        self.out["access"] = {
            "roles": {name: role(name) for name in roles},
            "managed_policy": reports,
            "get_object_only": {"server": "sftp_public", "user": "partner-b"},
            "trusts_ec2": {"server": "ftps_internet", "user": "ec2-batch"},
        }

    def identity_providers(self) -> None:
        """The Lambda functions behind the AWS_LAMBDA servers. Each admits
        its first server by SourceArn: ftp_vpc_twin shares ftp_vpc's
        function and is missing from its policy."""
        self.iam.create_role(
            RoleName="transfer-idp-lambda", AssumeRolePolicyDocument=trust("lambda.amazonaws.com")
        )
        self.iam.put_role_policy(
            RoleName="transfer-idp-lambda",
            PolicyName="read-login-secrets",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "secretsmanager:GetSecretValue",
                            "Resource": f"arn:aws:secretsmanager:{self.region}:{ACCOUNT}:secret:aws/transfer/*",
                        }
                    ],
                }
            ),
        )
        functions = {}
        for name, admitted in (
            ("transfer-ftp-idp", "ftp_vpc"),
            ("transfer-ftps-idp", "ftps_internet"),
        ):
            self.lam.create_function(
                FunctionName=name,
                Runtime="python3.12",
                Role=role("transfer-idp-lambda"),
                Handler="index.lambda_handler",
                Code={"ZipFile": function_zip()},
                Timeout=10,
                Environment={
                    "Variables": {
                        "SecretsManagerRegion": self.region,
                        "SecretPrefix": "aws/transfer/",
                    }
                },
            )
            server_id = self.out["servers"][admitted]
            self.lam.add_permission(
                FunctionName=name,
                StatementId=f"transfer-invoke-{server_id}",
                Action="lambda:InvokeFunction",
                Principal="transfer.amazonaws.com",
                SourceArn=f"arn:aws:transfer:{self.region}:{ACCOUNT}:server/{server_id}",
                SourceAccount=ACCOUNT,
            )
            functions[name] = {"admits": admitted}
        functions["transfer-ftp-idp"]["missing"] = "ftp_vpc_twin"
        self.out["identity_providers"] = {
            "functions": functions,
            "execution_role": role("transfer-idp-lambda"),
        }

    def fenced_login(self) -> None:
        """Article 004's fence on a login secret: GetSecretValue denied
        except through the Secrets Manager endpoint, which the identity
        provider (outside any VPC) does not use."""
        endpoint = self.out["vpc_endpoints"]["secretsmanager"]
        name = f"aws/transfer/{self.out['servers']['ftps_internet']}/{FENCED_LOGIN_USER}"
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "OnlyThroughTheEndpoint",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:sourceVpce": endpoint}},
                }
            ],
        }
        self.sm.put_resource_policy(SecretId=name, ResourcePolicy=json.dumps(policy))
        self.out["access"]["fenced_login"] = {"server": "ftps_internet", "user": FENCED_LOGIN_USER}

    def second_region(self, region: str = "us-east-1") -> dict:
        """A few servers in a second region, for `--region all` and comma
        lists: recorded under a key of their own so that the default
        region's estate (and every count of it) stays as it was."""
        transfer = boto3.client(
            "transfer",
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        servers = {}
        for key in ("east_sftp", "east_partners"):
            params = dict(
                Protocols=["SFTP"],
                EndpointType="PUBLIC",
                IdentityProviderType="SERVICE_MANAGED",
                Tags=tags(Name=f"acme-{key.replace('_', '-')}"),
            )
            servers[key] = transfer.create_server(**params)["ServerId"]
        deadline = time.time() + 60
        for server_id in servers.values():
            while transfer.describe_server(ServerId=server_id)["Server"]["State"] != "ONLINE":
                if time.time() > deadline:
                    raise TimeoutError(f"{server_id} did not come ONLINE")
                time.sleep(0.2)
        return {"region": region, "servers": servers}

    def second_account(self) -> dict:
        """A subsidiary's account (SECOND_ACCOUNT) with an access key of its
        own and a small estate in the default region, for `--profile a,b`:
        the key is made in that account's IAM (moto's `x-moto-account-id`
        header), and every call signed with it lands there."""
        iam = boto3.client(
            "iam",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        iam.meta.events.register(
            "before-sign.iam.*",
            lambda request, **_: request.headers.__setitem__("x-moto-account-id", SECOND_ACCOUNT),
        )
        iam.create_user(UserName="operator")
        key = iam.create_access_key(UserName="operator")["AccessKey"]
        iam.create_role(
            RoleName="subsidiary-drop", AssumeRolePolicyDocument=trust("transfer.amazonaws.com")
        )
        kw = dict(
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        transfer = boto3.client("transfer", **kw)
        sts = boto3.client("sts", **kw)
        account = sts.get_caller_identity()["Account"]
        if account != SECOND_ACCOUNT:
            raise RuntimeError(f"the second account's key lands in {account}")
        servers = {}
        for name in ("subsidiary_sftp", "subsidiary_archive"):
            servers[name] = transfer.create_server(
                Protocols=["SFTP"],
                EndpointType="PUBLIC",
                IdentityProviderType="SERVICE_MANAGED",
                Tags=tags(Name=f"acme-{name.replace('_', '-')}"),
            )["ServerId"]
        transfer.create_user(
            ServerId=servers["subsidiary_sftp"],
            UserName="subsidiary-partner",
            Role=f"arn:aws:iam::{SECOND_ACCOUNT}:role/subsidiary-drop",
            HomeDirectory="/acme-subsidiary-drop/subsidiary-partner",
            SshPublicKeyBody=ssh_public_key("ed25519", "subsidiary-partner@acme"),
        )
        deadline = time.time() + 60
        for server_id in servers.values():
            while transfer.describe_server(ServerId=server_id)["Server"]["State"] != "ONLINE":
                if time.time() > deadline:
                    raise TimeoutError(f"{server_id} did not come ONLINE")
                time.sleep(0.2)
        return {
            "account": SECOND_ACCOUNT,
            "region": self.region,
            "access_key_id": key["AccessKeyId"],
            "secret_access_key": key["SecretAccessKey"],
            "servers": servers,
            "users": {"subsidiary_sftp": ["subsidiary-partner"]},
        }

    def wait_online(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        for server_id in self.out["servers"].values():
            while self.transfer.describe_server(ServerId=server_id)["Server"]["State"] != "ONLINE":
                if time.time() > deadline:
                    raise TimeoutError(f"{server_id} did not come ONLINE")
                time.sleep(0.2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="the emulator's URL")
    parser.add_argument("--region", default="ap-northeast-1")
    parser.add_argument("--objects", type=int, default=20000, help="objects in the big prefix")
    args = parser.parse_args(argv)

    seeder = Seeder(args.endpoint.rstrip("/"), args.region)
    net = seeder.network()
    seeder.buckets()
    seeder.bulk_objects("acme-legacy-ftp", "warehouse/archive/", args.objects)
    seeder.user_roles()
    seeder.sftp_public()
    seeder.ftp_vpc(net)
    seeder.ftps_internet(net)
    seeder.leftovers(net)
    seeder.identity_providers()
    seeder.fenced_login()
    seeder.wait_online()
    seeder.out["logs"] = seed_logs.seed(seeder)
    seeder.out["second_region"] = seeder.second_region()
    seeder.out["second_account"] = seeder.second_account()
    json.dump(seeder.out, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
