"""Servers: AWS's defaults and protocol rules, UpdateServer, the
STARTING/STOPPING state machine, host-key fingerprints and ListServers paging.

Each server keeps its described configuration in `server.config`, a dict in
DescribeServer's own shape; moto's snake_case attributes are left unused.
"""

import copy
import ipaddress
import json
import time

from moto.transfer.types import Server, prune_unset

import state

from . import endpoints, host_keys, paging
from .errors import InvalidRequest
from .validation import input_members

# What AWS fills in when CreateServer leaves a member out.
DEFAULTS = {
    "Domain": "S3",
    "EndpointType": "PUBLIC",
    "IdentityProviderType": "SERVICE_MANAGED",
    "Protocols": ["SFTP"],
    "SecurityPolicyName": "TransferSecurityPolicy-2018-11",
    "IpAddressType": "IPV4",
    "ProtocolDetails": {
        "PassiveIp": "AUTO",
        "TlsSessionResumptionMode": "ENFORCED",
        "SetStatOption": "DEFAULT",
        "As2Transports": ["HTTP"],
    },
    "S3StorageOptions": {"DirectoryListingOptimization": "DISABLED"},
}
# Structures whose given members replace the stored ones, the rest kept.
MERGED = {"ProtocolDetails", "IdentityProviderDetails", "S3StorageOptions", "EndpointDetails"}
# Request members that are not part of the described configuration.
NOT_CONFIG = {"ServerId", "HostKey", "HostKeyStorageType", "Tags"}
# moto's Server fields that server.config replaces.
MOTO_FIELDS = (
    "certificate",
    "domain",
    "endpoint_type",
    "host_key_fingerprint",
    "identity_provider_type",
    "logging_role",
    "post_authentication_login_banner",
    "pre_authentication_login_banner",
    "protocols",
    "security_policy_name",
    "structured_log_destinations",
)
CUSTOM_IDPS = {"AWS_LAMBDA", "API_GATEWAY", "AWS_DIRECTORY_SERVICE"}
# The only aws: tags AWS lets a caller write: the custom hostname's.
WRITABLE_AWS_TAGS = {"aws:transfer:customHostname", "aws:transfer:route53HostedZoneId"}
REQUIRED_IDP_DETAILS = {
    "AWS_LAMBDA": ["Function"],
    "API_GATEWAY": ["Url", "InvocationRole"],
    "AWS_DIRECTORY_SERVICE": ["DirectoryId"],
}


def apply_request(config: dict, params: dict, operation: str) -> None:
    """Fold a CreateServer/UpdateServer request into a configuration."""
    for name in input_members(operation) & (params.keys() - NOT_CONFIG):
        value = copy.deepcopy(params[name])
        if name in MERGED:
            config.setdefault(name, {}).update(value)
        elif name == "LoggingRole" and value == "":
            config.pop(name, None)  # an empty role removes logging
        else:
            config[name] = value
    config.get("EndpointDetails", {}).pop("SecurityGroupIds", None)  # they live on the VPC endpoint
    if config["EndpointType"] != "VPC":
        config.pop("EndpointDetails", None)
    if (
        config["IdentityProviderType"] in ("AWS_LAMBDA", "API_GATEWAY")
        and "SFTP" in config["Protocols"]
    ):
        config.setdefault("IdentityProviderDetails", {}).setdefault(
            "SftpAuthenticationMethods", "PUBLIC_KEY_OR_PASSWORD"
        )
    if "HostKey" in params or "HostKeyFingerprint" not in config:
        config["HostKeyFingerprint"] = host_key_fingerprint(params.get("HostKey"))


def check_rules(config: dict, region: str | None = None) -> None:
    """The protocol and endpoint rules the API model documents; with
    `region`, the ARNs that must be in the server's own region."""
    protocols = set(config["Protocols"])
    endpoint = config["EndpointType"]
    idp = config["IdentityProviderType"]
    details = config.get("EndpointDetails", {})
    if endpoint == "VPC_ENDPOINT":
        raise InvalidRequest("EndpointType VPC_ENDPOINT is no longer supported; use VPC")
    if protocols & {"FTP", "FTPS"}:
        if endpoint != "VPC":
            raise InvalidRequest("FTP and FTPS require EndpointType VPC")
        if idp not in CUSTOM_IDPS:
            raise InvalidRequest(
                "FTP and FTPS require IdentityProviderType AWS_DIRECTORY_SERVICE, "
                "AWS_LAMBDA or API_GATEWAY"
            )
    if "FTPS" in protocols and not config.get("Certificate"):
        raise InvalidRequest("A Certificate is required when Protocols include FTPS")
    certificate = config.get("Certificate")
    if certificate and region and not certificate.startswith(f"arn:aws:acm:{region}:"):
        raise InvalidRequest(f"Certificate must be an ACM certificate ARN in {region}")
    function = config.get("IdentityProviderDetails", {}).get("Function")
    if function and region and f":lambda:{region}:" not in function:
        raise InvalidRequest(f"IdentityProviderDetails.Function must be a Lambda function in {region}")
    if "FTP" in protocols and details.get("AddressAllocationIds"):
        raise InvalidRequest("AddressAllocationIds cannot be associated when Protocols include FTP")
    if "AS2" in protocols and (endpoint != "VPC" or config["Domain"] != "S3"):
        raise InvalidRequest("AS2 requires EndpointType VPC and Domain S3")
    for member in REQUIRED_IDP_DETAILS.get(idp, []):
        if not config.get("IdentityProviderDetails", {}).get(member):
            raise InvalidRequest(f"IdentityProviderDetails.{member} is required for {idp}")
    if endpoint == "VPC":
        if not details.get("VpcId") or not details.get("SubnetIds"):
            raise InvalidRequest("EndpointType VPC requires EndpointDetails VpcId and SubnetIds")
        eips = details.get("AddressAllocationIds") or []
        if eips and len(eips) != len(details["SubnetIds"]):
            raise InvalidRequest("AddressAllocationIds must be as many as SubnetIds")
    _check_protocol_details(config["ProtocolDetails"], endpoint)


def check_tags(tags: list) -> None:
    for tag in tags:
        key = tag.get("Key", "")
        if key.startswith("aws:") and key not in WRITABLE_AWS_TAGS:
            raise InvalidRequest(f"Tag keys starting with aws: are reserved: {key}")


def _check_protocol_details(details: dict, endpoint: str) -> None:
    passive_ip = details.get("PassiveIp")
    if passive_ip is not None and passive_ip != "AUTO":
        try:
            ipaddress.IPv4Address(passive_ip)
        except ValueError:
            raise InvalidRequest(
                f"PassiveIp must be AUTO or an IPv4 address, not '{passive_ip}'"
            ) from None
    ports = details.get("SftpPorts") or []
    for port in ports:
        if port["SftpPort"] != 22 and not 2000 <= port["SftpPort"] <= 65535:
            raise InvalidRequest(f"SftpPort must be 22 or 2000-65535, not {port['SftpPort']}")
    if ports and endpoint != "PUBLIC":
        raise InvalidRequest("SftpPorts can only be set on PUBLIC endpoints")


def host_key_fingerprint(host_key: str | None) -> str:
    """SHA256 fingerprint of the host key's public half, as `ssh-keygen -l`
    shows it; AWS generates a key when none is given."""
    return host_keys.key_facts(host_key)[1]


# --- state machine: intermediate states end lazily, when next looked at ---


def settle(server: Server) -> None:
    transition = getattr(server, "transition", None)
    if transition and time.time() >= transition[1]:
        server.state, server.transition = transition[0], None


def _begin(server: Server, passing: str, end: str) -> None:
    server.state = passing
    server.transition = (end, time.time() + state.SETTINGS.transition_delay)
    settle(server)


def start(server: Server) -> None:
    settle(server)
    if server.state == "ONLINE":
        return  # documented: no impact on a server that is already ONLINE
    if server.state not in ("OFFLINE", "START_FAILED"):
        raise InvalidRequest(f"Server {server.server_id} cannot be started while {server.state}")
    failed = state.FAULTS.take("transfer", "StartServer", frozenset({"start_failed"}))
    _begin(server, "STARTING", "START_FAILED" if failed else "ONLINE")


def stop(server: Server) -> None:
    settle(server)
    if server.state not in ("ONLINE", "STOP_FAILED"):
        raise InvalidRequest(f"Server {server.server_id} cannot be stopped while {server.state}")
    failed = state.FAULTS.take("transfer", "StopServer", frozenset({"stop_failed"}))
    _begin(server, "STOPPING", "STOP_FAILED" if failed else "OFFLINE")


# --- answers ---


def described(server: Server) -> dict:
    settle(server)
    return prune_unset(
        {
            **copy.deepcopy(server.config),
            "Arn": server.arn,
            "ServerId": server.server_id,
            "State": server.state,
            "UserCount": len(server._users),
            "Tags": server.tags,
        }
    )


def listed(server: Server) -> dict:
    settle(server)
    names = ("Domain", "IdentityProviderType", "EndpointType", "LoggingRole")
    return prune_unset(
        {
            "Arn": server.arn,
            "ServerId": server.server_id,
            "State": server.state,
            "UserCount": len(server._users),
            **{name: server.config.get(name) for name in names},
        }
    )


class ServerResponses:
    """Methods grafted onto moto's TransferResponse."""

    def create_server(self) -> str:
        params = json.loads(self.body)
        config = copy.deepcopy(DEFAULTS)
        apply_request(config, params, "CreateServer")
        check_rules(config, self.region)
        check_tags(params.get("Tags") or [])
        security_groups = (params.get("EndpointDetails") or {}).get("SecurityGroupIds")
        server = Server(
            region_name=self.region,
            account_id=self.current_account,
            **{name: None for name in MOTO_FIELDS},
            tags=params.get("Tags") or [],
        )
        endpoints.check(server, None, config, security_groups)
        endpoints.sync(server, None, config, security_groups)
        server.config = config
        first = host_keys.new_key(server, params.get("HostKey"))
        first["HostKeyFingerprint"] = config["HostKeyFingerprint"]
        server.host_keys = [first]
        self.transfer_backend.servers[server.server_id] = server
        _begin(server, "STARTING", "ONLINE")
        return json.dumps({"ServerId": server.server_id})

    def describe_server(self) -> str:
        server = self.transfer_backend.describe_server(json.loads(self.body)["ServerId"])
        return json.dumps({"Server": described(server)})

    def list_servers(self) -> str:
        servers = list(self.transfer_backend.servers.values())
        chunk, token = paging.page(servers, json.loads(self.body))
        return json.dumps(paging.with_token({"Servers": [listed(s) for s in chunk]}, token))

    def update_server(self) -> str:
        params = json.loads(self.body)
        server = self.transfer_backend.describe_server(params["ServerId"])
        settle(server)
        config = copy.deepcopy(server.config)
        apply_request(config, params, "UpdateServer")
        check_rules(config)
        security_groups = (params.get("EndpointDetails") or {}).get("SecurityGroupIds")
        endpoints.check(server, server.config, config, security_groups)
        endpoints.sync(server, server.config, config, security_groups)
        server.config = config
        if "HostKey" in params:
            # UpdateServer's HostKey replaces the key clients are shown.
            replaced = host_keys.new_key(server, params["HostKey"])
            replaced["HostKeyFingerprint"] = config["HostKeyFingerprint"]
            server.host_keys = [replaced] + host_keys.keys_of(server)[1:]
        return json.dumps({"ServerId": server.server_id})

    def start_server(self) -> str:
        start(self.transfer_backend.describe_server(json.loads(self.body)["ServerId"]))
        return "{}"

    def stop_server(self) -> str:
        stop(self.transfer_backend.describe_server(json.loads(self.body)["ServerId"]))
        return "{}"

    def delete_server(self) -> str:
        server = self.transfer_backend.describe_server(json.loads(self.body)["ServerId"])
        endpoints.remove(server)
        del self.transfer_backend.servers[server.server_id]
        return "{}"
