//! A VPC server's network: its VPC endpoint, the endpoint's interfaces and
//! security groups, and whether the groups let each protocol's ports in.
//!
//! Security groups live on the VPC endpoint (DescribeVpcEndpoints' `Groups`),
//! not in DescribeServer, and can change behind Transfer's back.

use std::collections::BTreeSet;
use std::fmt;

use super::Protocol;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpcEndpoint {
    pub id: String,
    pub state: String,
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub dns_names: Vec<String>,
    /// `com.amazonaws.<region>.<service>`; a Transfer server's own endpoint
    /// carries a suffix (`…transfer.server.c-…`).
    pub service_name: String,
    /// `Interface`, `Gateway` or `GatewayLoadBalancer`.
    pub endpoint_type: String,
    /// Whether the service's public name resolves to the endpoint inside
    /// the VPC; `None` when AWS does not say.
    pub private_dns: Option<bool>,
}

/// A network interface Lambda made in a VPC for a function: its
/// description names the function (`AWS Lambda VPC ENI-<function>`).
/// Interfaces are shared between functions with the same subnets and
/// groups, so a function may run in a VPC without one naming it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LambdaInterface {
    pub description: String,
    pub vpc_id: String,
}

impl LambdaInterface {
    pub const DESCRIPTION_PREFIX: &str = "AWS Lambda VPC ENI-";

    /// The DescribeNetworkInterfaces `description` filter values for
    /// the functions named `functions`.
    pub fn filter_values(functions: &[String]) -> Vec<String> {
        functions
            .iter()
            .flat_map(|name| {
                [
                    format!("{}{name}", Self::DESCRIPTION_PREFIX),
                    format!("{}{name}-*", Self::DESCRIPTION_PREFIX),
                ]
            })
            .collect()
    }

    /// Whether Lambda made this interface for `function` (a name, not an
    /// ARN): the description is the prefix and the name, or the name and a
    /// UUID (so `idp` does not match `idp-admin`'s interfaces).
    pub fn serves(&self, function: &str) -> bool {
        let Some(rest) = self.description.strip_prefix(Self::DESCRIPTION_PREFIX) else {
            return false;
        };
        match rest.strip_prefix(function) {
            Some("") => true,
            Some(tail) => tail.strip_prefix('-').is_some_and(is_uuid),
            None => false,
        }
    }
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The function name of a Lambda ARN (`…:function:<name>[:qualifier]`), or
/// the text itself when it is a bare name.
pub fn function_name(arn_or_name: &str) -> &str {
    match arn_or_name.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => arn_or_name,
    }
}

/// The AWS services a private Transfer set-up reaches through VPC endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EndpointService {
    /// A Transfer server's own endpoint.
    Transfer,
    /// For a Lambda identity provider in a VPC, and fenced secrets.
    SecretsManager,
    S3,
    Logs,
    Lambda,
    Sts,
}

impl EndpointService {
    pub const ALL: [Self; 6] = [
        Self::Transfer,
        Self::SecretsManager,
        Self::S3,
        Self::Logs,
        Self::Lambda,
        Self::Sts,
    ];

    /// The service's part of `com.amazonaws.<region>.<part>`.
    fn part(self) -> &'static str {
        match self {
            Self::Transfer => "transfer.server",
            Self::SecretsManager => "secretsmanager",
            Self::S3 => "s3",
            Self::Logs => "logs",
            Self::Lambda => "lambda",
            Self::Sts => "sts",
        }
    }

    /// A column's worth: at most eight characters.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::SecretsManager => "Secrets",
            Self::Logs => "Logs",
            other => other.label(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Transfer => "Transfer",
            Self::SecretsManager => "Secrets Manager",
            Self::S3 => "S3",
            Self::Logs => "CloudWatch Logs",
            Self::Lambda => "Lambda",
            Self::Sts => "STS",
        }
    }

    /// The `service-name` filter values of one DescribeVpcEndpoints call
    /// for every service: Transfer's with a wildcard, for the per-server
    /// suffix.
    pub fn filter_values(region: &str) -> Vec<String> {
        Self::ALL
            .iter()
            .map(|service| match service {
                Self::Transfer => format!("com.amazonaws.{region}.{}*", service.part()),
                _ => format!("com.amazonaws.{region}.{}", service.part()),
            })
            .collect()
    }

    /// `com.amazonaws.<region>.<service>`, exactly.
    pub fn service_name(self, region: &str) -> String {
        format!("com.amazonaws.{region}.{}", self.part())
    }

    /// Which service `service_name` is, if one of these.
    pub fn of(service_name: &str) -> Option<Self> {
        let rest = service_name.strip_prefix("com.amazonaws.")?;
        let (_region, part) = rest.split_once('.')?;
        Self::ALL.into_iter().find(|service| match service {
            Self::Transfer => {
                part == service.part() || part.starts_with(&format!("{}.", service.part()))
            }
            _ => part == service.part(),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub private_ip: String,
    /// The Elastic IP of an internet-facing endpoint.
    pub public_ip: Option<String>,
}

/// An Elastic IP, as DescribeAddresses reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElasticIp {
    pub allocation_id: String,
    pub public_ip: String,
    /// The interface it is associated with; `None` when it is free.
    pub network_interface_id: Option<String>,
    pub private_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub ingress: Vec<IngressRule>,
}

/// One ingress permission. `ports` is `None` for "all traffic".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    pub ports: Option<PortRange>,
    /// CIDRs, prefix lists and security group ids the rule admits.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const fn single(port: u16) -> Self {
        Self {
            from: port,
            to: port,
        }
    }

    pub const fn new(from: u16, to: u16) -> Self {
        Self { from, to }
    }

    pub fn contains(&self, port: u16) -> bool {
        (self.from..=self.to).contains(&port)
    }

    fn ports(&self) -> impl Iterator<Item = u16> {
        self.from..=self.to
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// FTP and FTPS: control on 21, passive data on 8192-8200 (AWS's fixed range).
pub const FTP_CONTROL: PortRange = PortRange::single(21);
pub const FTP_PASSIVE: PortRange = PortRange::new(8192, 8200);
pub const SFTP: PortRange = PortRange::single(22);

/// A port range a protocol needs, with what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortNeed {
    pub purpose: &'static str,
    pub ports: PortRange,
}

/// The tcp ports the server's protocols need open to clients.
pub fn required_ports(protocols: &[Protocol]) -> Vec<PortNeed> {
    let mut needs = Vec::new();
    if protocols.contains(&Protocol::Sftp) {
        needs.push(PortNeed {
            purpose: "SFTP",
            ports: SFTP,
        });
    }
    if protocols
        .iter()
        .any(|p| matches!(p, Protocol::Ftp | Protocol::Ftps))
    {
        needs.push(PortNeed {
            purpose: "FTP control",
            ports: FTP_CONTROL,
        });
        needs.push(PortNeed {
            purpose: "FTP passive data",
            ports: FTP_PASSIVE,
        });
    }
    needs
}

/// Whether the groups together let a port range in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortVerdict {
    /// Every port is allowed, from these sources.
    Open {
        sources: Vec<String>,
    },
    /// Some ports are allowed (from `sources`), these are not.
    Partial {
        missing: Vec<PortRange>,
        sources: Vec<String>,
    },
    Closed,
}

/// Checks a tcp port range against the ingress rules of `groups`.
pub fn port_verdict(needed: PortRange, groups: &[SecurityGroup]) -> PortVerdict {
    let admitting: Vec<&IngressRule> = groups
        .iter()
        .flat_map(|group| &group.ingress)
        .filter(|rule| rule.protocol == "tcp" || rule.protocol == "-1")
        .filter(|rule| match rule.ports {
            None => true,
            Some(range) => range.from <= needed.to && needed.from <= range.to,
        })
        .collect();
    let covered = |port: u16| {
        admitting
            .iter()
            .any(|rule| rule.ports.is_none_or(|range| range.contains(port)))
    };
    let missing = collapse(needed.ports().filter(|port| !covered(*port)));
    let sources: Vec<String> = admitting
        .iter()
        .flat_map(|rule| rule.sources.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    match (
        missing.is_empty(),
        sources.is_empty() && admitting.is_empty(),
    ) {
        (true, _) => PortVerdict::Open { sources },
        (false, true) => PortVerdict::Closed,
        (false, false) if missing == [needed] => PortVerdict::Closed,
        (false, false) => PortVerdict::Partial { missing, sources },
    }
}

/// Runs of consecutive ports as ranges: 8196, 8197, 8198 → 8196-8198.
fn collapse(ports: impl Iterator<Item = u16>) -> Vec<PortRange> {
    let mut ranges: Vec<PortRange> = Vec::new();
    for port in ports {
        match ranges.last_mut() {
            Some(last) if last.to.checked_add(1) == Some(port) => last.to = port,
            _ => ranges.push(PortRange::single(port)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (protocol, ports, source) of each rule.
    type Rule<'a> = (&'a str, Option<(u16, u16)>, &'a str);

    fn group(rules: &[Rule]) -> SecurityGroup {
        SecurityGroup {
            id: "sg-1".into(),
            name: "transfer".into(),
            ingress: rules
                .iter()
                .map(|(protocol, ports, source)| IngressRule {
                    protocol: protocol.to_string(),
                    ports: ports.map(|(from, to)| PortRange::new(from, to)),
                    sources: vec![source.to_string()],
                })
                .collect(),
        }
    }

    #[test]
    fn ftp_needs_control_and_the_whole_passive_range() {
        let needs = required_ports(&[Protocol::Ftp]);
        assert_eq!(
            needs.iter().map(|n| n.ports).collect::<Vec<_>>(),
            [FTP_CONTROL, FTP_PASSIVE]
        );
        assert_eq!(required_ports(&[Protocol::Sftp])[0].ports, SFTP);
    }

    #[test]
    fn a_partly_open_passive_range_names_the_missing_ports() {
        let groups = [group(&[("tcp", Some((8192, 8195)), "10.1.0.0/16")])];
        assert_eq!(
            port_verdict(FTP_PASSIVE, &groups),
            PortVerdict::Partial {
                missing: vec![PortRange::new(8196, 8200)],
                sources: vec!["10.1.0.0/16".into()],
            }
        );
    }

    #[test]
    fn rules_across_groups_add_up_and_all_traffic_counts() {
        let groups = [
            group(&[("tcp", Some((8192, 8196)), "10.1.0.0/16")]),
            group(&[("tcp", Some((8197, 8200)), "10.2.0.0/16")]),
        ];
        assert!(
            matches!(port_verdict(FTP_PASSIVE, &groups), PortVerdict::Open { sources } if sources.len() == 2)
        );
        let all = [group(&[("-1", None, "0.0.0.0/0")])];
        assert!(matches!(port_verdict(SFTP, &all), PortVerdict::Open { .. }));
    }

    #[test]
    fn udp_or_other_ports_do_not_open_tcp_21() {
        let groups = [group(&[
            ("udp", Some((21, 21)), "0.0.0.0/0"),
            ("tcp", Some((22, 22)), "0.0.0.0/0"),
        ])];
        assert_eq!(port_verdict(FTP_CONTROL, &groups), PortVerdict::Closed);
        assert_eq!(port_verdict(FTP_CONTROL, &[]), PortVerdict::Closed);
    }
}
