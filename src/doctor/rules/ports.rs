//! Rule `ports`: a VPC endpoint's security groups must let each protocol's
//! ports in (22 for SFTP; 21 and all of 8192-8200 for FTP/FTPS).

use crate::doctor::{Finding, ServerEvidence, Severity};
use crate::model::EndpointType;
use crate::model::network::{PortRange, PortVerdict, port_verdict, required_ports};

const RULE: &str = "ports";

pub fn check(evidence: &ServerEvidence) -> Vec<Finding> {
    let server = &evidence.server;
    if server.summary.endpoint_type != EndpointType::Vpc {
        return Vec::new(); // PUBLIC endpoints have no security groups of ours
    }
    let groups = match evidence.security_groups.read() {
        Some(groups) => groups,
        None => {
            let reason = evidence
                .security_groups
                .unreadable_reason()
                .unwrap_or_default();
            return vec![Finding::new(
                RULE,
                Severity::Info,
                server.id(),
                format!("could not check the security groups: {reason}"),
            )];
        }
    };
    let group_ids = groups
        .iter()
        .map(|g| g.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    required_ports(&server.protocols)
        .into_iter()
        .filter_map(|need| {
            let (title, sources, missing) = match port_verdict(need.ports, groups) {
                PortVerdict::Open { .. } => return None,
                PortVerdict::Closed => (
                    format!("tcp {} ({}) is closed to every client", need.ports, need.purpose),
                    Vec::new(),
                    vec![need.ports],
                ),
                PortVerdict::Partial { missing, sources } => {
                    let label = ranges_label(&missing);
                    (
                        format!(
                            "tcp {label} of {} ({}) is closed; the rest is open",
                            need.ports, need.purpose
                        ),
                        sources,
                        missing,
                    )
                }
            };
            let missing_label = ranges_label(&missing);
            let group = groups.first().map_or("<group>", |g| g.id.as_str());
            let mut finding = Finding::new(RULE, Severity::Error, server.id(), title)
                .evidence(format!("security groups on the VPC endpoint: {group_ids}"));
            if !sources.is_empty() {
                finding = finding.evidence(format!("the open ports admit: {}", sources.join(", ")));
            }
            if need.ports.from == 8192 {
                finding = finding.evidence(
                    "clients log in on 21, then `ls`/`put` hang on the closed data ports".to_string(),
                );
            }
            Some(finding.fix(
                format!("allow tcp {missing_label} from the clients' networks on the endpoint's security group"),
                Some(authorize_command(group, &missing, &sources)),
                None,
            ))
        })
        .collect()
}

/// One `authorize-security-group-ingress` with an `IpPermissions` entry per
/// missing range, each admitting every source network the open ports admit
/// (or a placeholder when nothing is open yet). Each entry is quoted: the
/// shorthand's brackets are glob characters to a shell.
fn authorize_command(group: &str, missing: &[PortRange], sources: &[String]) -> String {
    let admitted = if sources.is_empty() {
        "IpRanges=[{CidrIp=<client CIDR>}]".to_string()
    } else {
        shorthand_sources(sources)
    };
    let permissions: Vec<String> = missing
        .iter()
        .map(|range| {
            format!(
                "'IpProtocol=tcp,FromPort={},ToPort={},{admitted}'",
                range.from, range.to
            )
        })
        .collect();
    format!(
        "aws ec2 authorize-security-group-ingress --group-id {group} --ip-permissions {}",
        permissions.join(" ")
    )
}

/// Sources in the CLI's shorthand, by kind: IPv4 and IPv6 CIDRs, prefix
/// lists and security groups each have their own list.
fn shorthand_sources(sources: &[String]) -> String {
    let of_kind = |key: &str, field: &str, pick: &dyn Fn(&str) -> bool| {
        let entries: Vec<String> = sources
            .iter()
            .filter(|source| pick(source))
            .map(|source| format!("{{{field}={source}}}"))
            .collect();
        (!entries.is_empty()).then(|| format!("{key}=[{}]", entries.join(",")))
    };
    let is_prefix_list = |s: &str| s.starts_with("pl-");
    let is_group = |s: &str| s.starts_with("sg-");
    let is_v6 = |s: &str| s.contains(':');
    [
        of_kind("IpRanges", "CidrIp", &|s| {
            !is_prefix_list(s) && !is_group(s) && !is_v6(s)
        }),
        of_kind("Ipv6Ranges", "CidrIpv6", &|s| is_v6(s)),
        of_kind("PrefixListIds", "PrefixListId", &|s| is_prefix_list(s)),
        of_kind("UserIdGroupPairs", "GroupId", &|s| is_group(s)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(",")
}

fn ranges_label(ranges: &[PortRange]) -> String {
    ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Gathered;
    use crate::doctor::rules::testing::{ftp_vpc, group};
    use crate::model::Protocol;

    fn fix_command(finding: &Finding) -> String {
        finding
            .fix
            .as_ref()
            .and_then(|f| f.cli.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_partly_open_passive_range_is_an_error_naming_the_ports() {
        let evidence = ftp_vpc(vec![group(&[(21, 21), (8192, 8195)])]);
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Error);
        assert!(
            findings[0].title.contains("8196-8200"),
            "{}",
            findings[0].title
        );
        let cli = fix_command(&findings[0]);
        assert_eq!(
            cli,
            "aws ec2 authorize-security-group-ingress --group-id sg-0aaa --ip-permissions \
             'IpProtocol=tcp,FromPort=8196,ToPort=8200,IpRanges=[{CidrIp=10.1.0.0/16}]'"
        );
    }

    #[test]
    fn the_fix_admits_every_source_network_on_every_missing_range() {
        let mut open = group(&[(21, 21), (8192, 8193), (8195, 8196)]);
        for rule in &mut open.ingress {
            rule.sources = vec![
                "10.1.1.0/24".into(),
                "10.1.2.0/24".into(),
                "pl-0abc".into(),
                "sg-0peer".into(),
            ];
        }
        let findings = check(&ftp_vpc(vec![open]));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].title.contains("8194, 8197-8200"),
            "{}",
            findings[0].title
        );
        let cli = fix_command(&findings[0]);
        let admitted = "IpRanges=[{CidrIp=10.1.1.0/24},{CidrIp=10.1.2.0/24}],\
                        PrefixListIds=[{PrefixListId=pl-0abc}],UserIdGroupPairs=[{GroupId=sg-0peer}]";
        assert_eq!(
            cli,
            format!(
                "aws ec2 authorize-security-group-ingress --group-id sg-0aaa --ip-permissions \
                 'IpProtocol=tcp,FromPort=8194,ToPort=8194,{admitted}' \
                 'IpProtocol=tcp,FromPort=8197,ToPort=8200,{admitted}'"
            )
        );
    }

    #[test]
    fn a_closed_port_s_fix_leaves_the_client_network_to_fill_in() {
        let findings = check(&ftp_vpc(vec![group(&[(8192, 8200)])]));
        let cli = fix_command(&findings[0]);
        assert!(
            cli.ends_with(
                "'IpProtocol=tcp,FromPort=21,ToPort=21,IpRanges=[{CidrIp=<client CIDR>}]'"
            ),
            "{cli}"
        );
    }

    #[test]
    fn a_fully_open_ftp_server_passes() {
        assert!(check(&ftp_vpc(vec![group(&[(21, 21), (8192, 8200)])])).is_empty());
    }

    #[test]
    fn sftp_on_a_vpc_endpoint_needs_22() {
        let mut evidence = ftp_vpc(vec![group(&[(21, 21)])]);
        evidence.server.protocols = vec![Protocol::Sftp];
        let findings = check(&evidence);
        assert!(findings[0].title.starts_with("tcp 22 (SFTP) is closed"));
    }

    #[test]
    fn a_vpc_server_without_an_endpoint_is_not_reported_closed() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.endpoint = None;
        evidence.security_groups = Gathered::Missing(
            "DescribeServer names no VPC endpoint (AWS answers so while one is being created)"
                .into(),
        );
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0].title.starts_with(
                "could not check the security groups: DescribeServer names no VPC endpoint"
            ),
            "{}",
            findings[0].title
        );
    }

    #[test]
    fn unreadable_groups_say_which_permission_is_missing() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.security_groups = Gathered::Unreadable(crate::model::AwsError::AccessDenied {
            action: "ec2:DescribeSecurityGroups".into(),
            message: String::new(),
        });
        let findings = check(&evidence);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0]
                .title
                .contains("needs ec2:DescribeSecurityGroups")
        );
    }
}
