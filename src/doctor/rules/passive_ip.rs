//! Rule `passive-ip`: a PassiveIp other than AUTO must be an address clients
//! reach (a load balancer's); rule `single-az`: a VPC endpoint in one AZ.

use std::collections::BTreeSet;

use crate::doctor::{Finding, FixAction, ServerEvidence, Severity};
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
    let interfaces = evidence.interfaces.read()?;
    let own: BTreeSet<&str> = interfaces
        .iter()
        .flat_map(|eni| std::iter::once(eni.private_ip.as_str()).chain(eni.public_ip.as_deref()))
        .collect();
    if own.contains(address.as_str()) {
        return None;
    }
    Some(
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
    )
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
    fn one_zone_warns() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.interfaces = Gathered::Read(vec![interface("10.2.1.10", "ap-northeast-1a")]);
        let findings = check(&evidence);
        assert_eq!(findings[0].rule, "single-az");
    }
}
