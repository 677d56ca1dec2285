//! EC2 SDK types into `model::network` types.

use aws_sdk_ec2::types as sdk;

use crate::model::network::{
    ElasticIp, IngressRule, NetworkInterface, PortRange, SecurityGroup, VpcEndpoint,
};

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_string()
}

pub fn vpc_endpoint(endpoint: &sdk::VpcEndpoint) -> VpcEndpoint {
    VpcEndpoint {
        id: text(endpoint.vpc_endpoint_id()),
        state: endpoint
            .state()
            .map(|state| state.as_str().to_string())
            .unwrap_or_else(|| "?".to_string()),
        vpc_id: text(endpoint.vpc_id()),
        subnet_ids: endpoint.subnet_ids().to_vec(),
        network_interface_ids: endpoint.network_interface_ids().to_vec(),
        security_group_ids: endpoint
            .groups()
            .iter()
            .filter_map(|group| group.group_id().map(str::to_string))
            .collect(),
        dns_names: endpoint
            .dns_entries()
            .iter()
            .filter_map(|entry| entry.dns_name().map(str::to_string))
            .collect(),
        service_name: text(endpoint.service_name()),
        endpoint_type: endpoint
            .vpc_endpoint_type()
            .map(|kind| kind.as_str().to_string())
            .unwrap_or_default(),
        private_dns: endpoint.private_dns_enabled(),
    }
}

pub fn network_interface(interface: &sdk::NetworkInterface) -> NetworkInterface {
    NetworkInterface {
        id: text(interface.network_interface_id()),
        subnet_id: text(interface.subnet_id()),
        availability_zone: text(interface.availability_zone()),
        private_ip: text(interface.private_ip_address()),
        public_ip: interface
            .association()
            .and_then(|association| association.public_ip())
            .map(str::to_string),
    }
}

pub fn security_group(group: &sdk::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        id: text(group.group_id()),
        name: text(group.group_name()),
        ingress: group.ip_permissions().iter().map(ingress_rule).collect(),
    }
}

fn ingress_rule(permission: &sdk::IpPermission) -> IngressRule {
    // EC2 accepts protocol numbers as well as names.
    let protocol = match permission.ip_protocol().unwrap_or("-1") {
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        other => other,
    }
    .to_string();
    let ports = match (
        protocol.as_str(),
        permission.from_port(),
        permission.to_port(),
    ) {
        ("tcp" | "udp", Some(from), Some(to)) if from >= 0 && to >= from => {
            match (u16::try_from(from), u16::try_from(to)) {
                (Ok(from), Ok(to)) => Some(PortRange::new(from, to)),
                _ => None,
            }
        }
        _ => None,
    };
    let sources = permission
        .ip_ranges()
        .iter()
        .filter_map(|range| range.cidr_ip().map(str::to_string))
        .chain(
            permission
                .ipv6_ranges()
                .iter()
                .filter_map(|range| range.cidr_ipv6().map(str::to_string)),
        )
        .chain(
            permission
                .prefix_list_ids()
                .iter()
                .filter_map(|list| list.prefix_list_id().map(str::to_string)),
        )
        .chain(
            permission
                .user_id_group_pairs()
                .iter()
                .filter_map(|pair| pair.group_id().map(str::to_string)),
        )
        .collect();
    IngressRule {
        protocol,
        ports,
        sources,
    }
}

pub fn elastic_ip(address: &sdk::Address) -> ElasticIp {
    ElasticIp {
        allocation_id: text(address.allocation_id()),
        public_ip: text(address.public_ip()),
        network_interface_id: address.network_interface_id().map(str::to_string),
        private_ip: address.private_ip_address().map(str::to_string),
    }
}
