//! Rule `ports`: a VPC endpoint's security groups must let each protocol's
//! ports in (22 for SFTP; 21 and all of 8192-8200 for FTP/FTPS).

use crate::doctor::{Finding, ServerEvidence, Severity};
use crate::model::EndpointType;
use crate::model::network::{PortVerdict, port_verdict, required_ports};

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
                    need.ports.to_string(),
                ),
                PortVerdict::Partial { missing, sources } => {
                    let missing = missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                    (
                        format!(
                            "tcp {missing} of {} ({}) is closed; the rest is open",
                            need.ports, need.purpose
                        ),
                        sources,
                        missing,
                    )
                }
            };
            let source = sources.first().cloned().unwrap_or_else(|| "<client CIDR>".to_string());
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
                format!("allow tcp {missing} from the clients' networks on the endpoint's security group"),
                Some(format!(
                    "aws ec2 authorize-security-group-ingress --group-id {group} --protocol tcp --port {} --cidr {source}",
                    missing.split(", ").next().unwrap_or(&missing)
                )),
                None,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Gathered;
    use crate::doctor::rules::testing::{ftp_vpc, group};
    use crate::model::Protocol;

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
        let cli = findings[0]
            .fix
            .as_ref()
            .and_then(|f| f.cli.clone())
            .unwrap_or_default();
        assert!(
            cli.contains("--port 8196-8200") && cli.contains("--cidr 10.1.0.0/16"),
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
    fn unreadable_groups_say_which_permission_is_missing() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.security_groups = Gathered::Unreadable(crate::aws::AwsError::AccessDenied {
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
