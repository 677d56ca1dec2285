"""The EC2 side of a VPC-hosted server, as Transfer Family builds it: an
interface VPC endpoint holding the security groups, one network interface per
subnet (a private IP of that subnet, in its AZ), and, for an internet-facing
server, its Elastic IPs associated with those interfaces.

moto's own CreateVpcEndpoint gives the interfaces random IPs outside the
subnet and the VPC's default group, so the resources are built here.
"""

import ipaddress

from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import ec2_backends
from moto.ec2.models.vpcs import VPCEndPoint
from moto.ec2.utils import random_vpc_ep_id
from moto.moto_api._internal import mock_random

from .errors import InvalidRequest

RESERVED_LOW, RESERVED_HIGH = 4, 1  # addresses AWS keeps in every subnet


def _ec2(server):
    return ec2_backends[server.account_id][server.region_name]


def check(server, old: dict | None, new: dict, security_group_ids: list | None) -> None:
    """Refuse, before anything changes, what AWS would refuse."""
    old_details = (old or {}).get("EndpointDetails", {})
    if old and security_group_ids is not None and old["EndpointType"] == "VPC":
        raise InvalidRequest(
            "SecurityGroupIds can only be given when changing EndpointType to VPC; "
            "change the VPC endpoint's groups with EC2 ModifyVpcEndpoint"
        )
    if new["EndpointType"] != "VPC":
        return
    ec2 = _ec2(server)
    details = new["EndpointDetails"]
    vpc_id = details["VpcId"]
    if vpc_id not in ec2.vpcs:
        raise InvalidRequest(f"VPC {vpc_id} does not exist")
    zones: dict[str, str] = {}
    for subnet_id in details["SubnetIds"]:
        try:
            subnet = ec2.get_subnet(subnet_id)
        except EC2ClientError:
            raise InvalidRequest(f"Subnet {subnet_id} does not exist") from None
        if subnet.vpc_id != vpc_id:
            raise InvalidRequest(f"Subnet {subnet_id} is not in {vpc_id}")
        # An interface VPC endpoint takes one subnet per Availability Zone.
        if subnet.availability_zone in zones:
            raise InvalidRequest(
                f"Subnets {zones[subnet.availability_zone]} and {subnet_id} are both in "
                f"{subnet.availability_zone}: only one subnet per Availability Zone"
            )
        zones[subnet.availability_zone] = subnet_id
    for group_id in security_group_ids or []:
        group = ec2.get_security_group_from_id(group_id)
        if group is None or group.vpc_id != vpc_id:
            raise InvalidRequest(f"Security group {group_id} does not exist in {vpc_id}")
    eips = details.get("AddressAllocationIds") or []
    ours = set(old_details.get("AddressAllocationIds") or [])
    for allocation_id in eips:
        try:
            (eip,) = ec2.address_by_allocation([allocation_id])
        except EC2ClientError:
            raise InvalidRequest(f"Elastic IP {allocation_id} does not exist") from None
        if eip.association_id and allocation_id not in ours:
            raise InvalidRequest(f"Elastic IP {allocation_id} is already associated")
    if old and eips != (old_details.get("AddressAllocationIds") or []):
        if server.state != "OFFLINE":
            raise InvalidRequest("The server must be OFFLINE to change AddressAllocationIds")
        if details["SubnetIds"] != old_details.get("SubnetIds"):
            raise InvalidRequest("SubnetIds and AddressAllocationIds cannot be updated together")


def sync(server, old: dict | None, new: dict, security_group_ids: list | None) -> None:
    """Make EC2 match the server's new endpoint configuration."""
    ec2 = _ec2(server)
    old_id = (old or {}).get("EndpointDetails", {}).get("VpcEndpointId")
    endpoint = ec2.vpc_end_points.get(old_id) if old_id else None
    if new["EndpointType"] != "VPC":
        if endpoint:
            _delete(ec2, endpoint)
        return
    details = new["EndpointDetails"]
    if endpoint and endpoint.vpc_id != details["VpcId"]:
        _delete(ec2, endpoint)
        endpoint = None
    if endpoint is None:
        groups = security_group_ids or [ec2.get_default_security_group(details["VpcId"]).id]
        endpoint = _create(ec2, server, details["VpcId"], groups)
    _set_subnets(ec2, endpoint, details["SubnetIds"])
    _set_elastic_ips(ec2, endpoint, details.get("AddressAllocationIds") or [])
    details["VpcEndpointId"] = endpoint.id


def remove(server) -> None:
    endpoint_id = server.config.get("EndpointDetails", {}).get("VpcEndpointId")
    ec2 = _ec2(server)
    if endpoint_id in ec2.vpc_end_points:
        _delete(ec2, ec2.vpc_end_points[endpoint_id])


def _create(ec2, server, vpc_id: str, groups: list) -> VPCEndPoint:
    region = server.region_name
    endpoint = VPCEndPoint(
        ec2,
        random_vpc_ep_id(),
        vpc_id,
        f"com.amazonaws.{region}.transfer.server.c-{mock_random.get_random_hex(17)}",
        "Interface",
        None,
        [],
        subnet_ids=[],
        security_group_ids=list(groups),
        private_dns_enabled=False,
    )
    endpoint.requester_managed = True  # created by Transfer, not by the account
    endpoint.dns_stem = (
        f"{endpoint.id}-{mock_random.get_random_string(8, lower_case=True)}",
        f"vpce-svc-{mock_random.get_random_hex(17)}.{region}.vpce.amazonaws.com",
        "Z" + mock_random.get_random_string(12, lower_case=False).upper(),
    )
    ec2.vpc_end_points[endpoint.id] = endpoint
    return endpoint


def _delete(ec2, endpoint: VPCEndPoint) -> None:
    _set_elastic_ips(ec2, endpoint, [])
    for eni_id in endpoint.network_interface_ids:
        ec2.enis.pop(eni_id, None)
    del ec2.vpc_end_points[endpoint.id]


def _set_subnets(ec2, endpoint: VPCEndPoint, subnet_ids: list) -> None:
    by_subnet = {ec2.enis[i].subnet.id: ec2.enis[i] for i in endpoint.network_interface_ids}
    for subnet_id, eni in by_subnet.items():
        if subnet_id not in subnet_ids:
            _set_elastic_ips(ec2, endpoint, [], only=eni)
            ec2.enis.pop(eni.id)
    enis = [by_subnet.get(s) or _new_interface(ec2, endpoint, s) for s in subnet_ids]
    endpoint.subnet_ids = list(subnet_ids)
    endpoint.network_interface_ids = [eni.id for eni in enis]
    stem, service, zone = endpoint.dns_stem
    names = [f"{stem}.{service}"] + [
        f"{stem}-{eni.subnet.availability_zone}.{service}" for eni in enis
    ]
    endpoint.dns_entries = [{"dns_name": n, "hosted_zone_id": zone} for n in names]


def _new_interface(ec2, endpoint: VPCEndPoint, subnet_id: str):
    subnet = ec2.get_subnet(subnet_id)
    eni = ec2.create_network_interface(
        subnet,
        _free_address(ec2, subnet),
        group_ids=endpoint.security_group_ids,
        description=f"VPC Endpoint Interface {endpoint.id}",
    )
    eni.interface_type = "vpc_endpoint"
    eni.requester_managed = True
    return eni


def _free_address(ec2, subnet) -> str:
    network = ipaddress.IPv4Network(subnet.cidr_block)
    used = {eni.private_ip_address for eni in ec2.enis.values()}
    first, last = RESERVED_LOW, network.num_addresses - 1 - RESERVED_HIGH
    for _ in range(1000):
        address = str(network[mock_random.randint(first, last)])
        if address not in used:
            return address
    raise InvalidRequest(f"Subnet {subnet.id} has no free IP addresses")


def _set_elastic_ips(ec2, endpoint: VPCEndPoint, allocation_ids: list, only=None) -> None:
    """Associate allocation_ids[i] with the endpoint's i-th interface (or
    disassociate, for an empty list), touching only `only` when given."""
    for i, eni_id in enumerate(endpoint.network_interface_ids):
        eni = ec2.enis[eni_id]
        if only is not None and eni is not only:
            continue
        wanted = allocation_ids[i] if i < len(allocation_ids) else None
        current = next((a for a in ec2.addresses if a.eni is eni), None)
        if current and current.allocation_id != wanted:
            ec2.disassociate_address(association_id=current.association_id)
        if wanted and (current is None or current.allocation_id != wanted):
            ec2.associate_address(eni=eni, allocation_id=wanted)
