//! Rule `passive-ip`: a PassiveIp other than AUTO must be an address clients
//! reach (a load balancer's); rule `single-az`: a VPC endpoint in one AZ.

use std::collections::BTreeSet;

use crate::doctor::{Finding, FixAction, ServerEvidence, Severity};
use crate::model::passive_ip::{PassiveTarget, private_address_warning};
use crate::model::{EndpointType, PassiveIp, Protocol};

pub fn check(evidence: &ServerEvidence) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(passive_ip(evidence));
    findings.extend(single_az(evidence));
    findings
}

fn passive_ip(evidence: &ServerEvidence) -> Option<Finding> {
    const RULE: &str = "passive-ip";
    let server = &evidence.server;
    if !server
        .protocols
        .iter()
        .any(|p| matches!(p, Protocol::Ftp | Protocol::Ftps))
    {
        return None;
    }
    let setting = server.protocol_details.passive_ip.as_deref()?;
    let id = server.id();
    let address = match PassiveIp::parse(setting) {
        Ok(PassiveIp::Auto) => return None,
        Ok(ip) if ip.reuses_control_address() => return None,
        Ok(PassiveIp::Address(address)) => address.to_string(),
        Err(err) => {
            return Some(
                Finding::new(
                    RULE,
                    Severity::Error,
                    id,
                    format!("PassiveIp {setting:?} is not valid"),
                )
                .evidence(err.to_string())
                .fix(
                    "set PassiveIp to AUTO or the address clients reach",
                    None,
                    Some(edit(id)),
                ),
            );
        }
    };
    let Some(interfaces) = evidence.interfaces.read() else {
        return Some(Finding::new(
            RULE,
            Severity::Info,
            id,
            format!(
                "could not check PassiveIp {address} against the endpoint's addresses: {}",
                evidence.interfaces.unreadable_reason().unwrap_or_default()
            ),
        ));
    };
    let private = interfaces.iter().map(|eni| eni.private_ip.as_str());
    let public = interfaces.iter().filter_map(|eni| eni.public_ip.as_deref());
    let own: BTreeSet<&str> = private.clone().chain(public.clone()).collect();
    let ip = PassiveIp::parse(&address).ok()?;
    match PassiveTarget::of(ip, private, public) {
        PassiveTarget::OwnPrivate if internet_facing(evidence) => Some(
            Finding::new(
                RULE,
                Severity::Warning,
                id,
                format!("PassiveIp {address} is private, on an internet-facing server"),
            )
            .evidence(private_address_warning(&address))
            .evidence(format!("the endpoint's addresses: {}", own.into_iter().collect::<Vec<_>>().join(", ")))
            .fix(
                "set PassiveIp to AUTO: each Elastic IP then hands out its own address; a change takes effect only after the server is stopped and started",
                Some(format!("aws transfer update-server --server-id {id} --protocol-details PassiveIp=AUTO")),
                Some(edit(id)),
            ),
        ),
        PassiveTarget::Elsewhere => Some(
            Finding::new(
                RULE,
                Severity::Warning,
                id,
                format!("PassiveIp {address} is not an address of this server's endpoint"),
            )
            .evidence(format!("the endpoint's addresses: {}", own.into_iter().collect::<Vec<_>>().join(", ")))
            .evidence(format!(
                "clients are told to open data connections to {address} (227 Entering Passive Mode): if it does not reach this server, logins work and `ls`/`put` hang"
            ))
            .evidence("an NLB in front hides client IPs from the server and limits FTPS to 300 connections; AWS advises a VPC endpoint with Elastic IPs instead")
            .fix(
                "make sure it is the load balancer's address clients reach (or AUTO without one); a change takes effect only after the server is stopped and started",
                Some(format!("aws transfer update-server --server-id {id} --protocol-details PassiveIp=AUTO")),
                Some(edit(id)),
            ),
        ),
        _ => None,
    }
}

/// Elastic IPs on the endpoint: clients come from the internet.
fn internet_facing(evidence: &ServerEvidence) -> bool {
    let has_allocations = evidence.server.has_elastic_ips();
    let has_public = evidence
        .interfaces
        .read()
        .is_some_and(|enis| enis.iter().any(|eni| eni.public_ip.is_some()));
    has_allocations || has_public
}

/// Whether a load balancer stands in front of the server, as far as the
/// evidence shows: PassiveIp `0.0.0.0`, or an address not the endpoint's.
/// `None` when the endpoint's addresses could not be read.
pub fn load_balancer_in_front(evidence: &ServerEvidence) -> Option<bool> {
    let setting = evidence.server.protocol_details.passive_ip.as_deref();
    let ip = match setting.map(PassiveIp::parse) {
        None | Some(Err(_)) | Some(Ok(PassiveIp::Auto)) => return Some(false),
        Some(Ok(ip)) if ip.reuses_control_address() => return Some(true),
        Some(Ok(ip)) => ip,
    };
    let interfaces = evidence.interfaces.read()?;
    let target = PassiveTarget::of(
        ip,
        interfaces.iter().map(|eni| eni.private_ip.as_str()),
        interfaces.iter().filter_map(|eni| eni.public_ip.as_deref()),
    );
    Some(target.implies_load_balancer())
}

fn edit(server_id: &str) -> FixAction {
    FixAction::EditPassiveIp {
        server_id: server_id.to_string(),
    }
}

fn single_az(evidence: &ServerEvidence) -> Option<Finding> {
    const RULE: &str = "single-az";
    if evidence.server.summary.endpoint_type != EndpointType::Vpc {
        return None;
    }
    // Missing interfaces are said by the ports rule; nothing to add here.
    let interfaces = evidence.interfaces.read()?;
    let zones: BTreeSet<&str> = interfaces
        .iter()
        .map(|eni| eni.availability_zone.as_str())
        .collect();
    if zones.len() != 1 {
        return None;
    }
    let zone = zones.into_iter().next().unwrap_or_default();
    Some(
        Finding::new(
            RULE,
            Severity::Warning,
            evidence.server.id(),
            format!("the VPC endpoint sits in one Availability Zone only ({zone})"),
        )
        .evidence(format!("{} subnet(s), all in {zone}", interfaces.len()))
        .fix("add a subnet in another Availability Zone to the server's endpoint so one AZ failing does not stop transfers", None, None),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Gathered;
    use crate::doctor::rules::testing::{ftp_vpc, interface};
    use crate::model::network::NetworkInterface;

    #[test]
    fn auto_and_own_addresses_pass() {
        let mut evidence = ftp_vpc(vec![]);
        assert!(check(&evidence).is_empty());
        evidence.server.protocol_details.passive_ip = Some("10.2.1.10".into());
        assert!(check(&evidence).is_empty());
        evidence.server.protocol_details.passive_ip = Some("0.0.0.0".into());
        assert!(check(&evidence).is_empty());
    }

    #[test]
    fn a_foreign_address_warns_and_mentions_the_restart() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.server.protocol_details.passive_ip = Some("10.2.1.200".into());
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].title.contains("10.2.1.200"));
        let fix = findings[0].fix.clone().expect("fix");
        assert!(fix.advice.contains("stopped and started"));
        assert!(matches!(fix.action, Some(FixAction::EditPassiveIp { .. })));
    }

    #[test]
    fn an_own_private_address_on_an_internet_facing_server_warns() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.server.protocols = vec![Protocol::Ftps];
        if let Some(details) = evidence.server.endpoint_details.as_mut() {
            details.address_allocation_ids = vec!["eipalloc-1".into(), "eipalloc-2".into()];
        }
        evidence.server.protocol_details.passive_ip = Some("10.2.1.10".into());
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].title.contains("private, on an internet-facing"));
        assert!(
            findings[0]
                .evidence
                .iter()
                .any(|e| e.contains("private, single-AZ address"))
        );
        // The Elastic IP itself, or AUTO, is no private address.
        evidence.interfaces = Gathered::Read(vec![NetworkInterface {
            public_ip: Some("203.0.113.10".into()),
            ..interface("10.2.1.10", "ap-northeast-1a")
        }]);
        evidence.server.protocol_details.passive_ip = Some("203.0.113.10".into());
        assert!(check(&evidence).iter().all(|f| f.rule != "passive-ip"));
    }

    #[test]
    fn unread_addresses_say_the_check_could_not_run() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.server.protocol_details.passive_ip = Some("10.2.1.200".into());
        evidence.interfaces = Gathered::Missing("DescribeServer names no VPC endpoint".into());
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0]
                .title
                .starts_with("could not check PassiveIp 10.2.1.200")
        );
        assert!(findings[0].title.contains("names no VPC endpoint"));
    }

    #[test]
    fn one_zone_warns() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.interfaces = Gathered::Read(vec![interface("10.2.1.10", "ap-northeast-1a")]);
        let findings = check(&evidence);
        assert_eq!(findings[0].rule, "single-az");
    }
}
