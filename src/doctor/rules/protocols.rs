//! Rule `protocol-combination`: FTP and FTPS need a VPC endpoint, a custom
//! identity provider, FTPS a certificate, and FTP cannot have Elastic IPs.
//! Rule `tls-resumption`: FTPS that enforces TLS session reuse turns away
//! clients that cannot reuse sessions (`522`).

use super::passive_ip;
use crate::doctor::{Finding, FixAction, ServerEvidence, Severity};
use crate::model::{EndpointType, IdentityProviderType, Protocol, Server};

pub fn check(evidence: &ServerEvidence) -> Vec<Finding> {
    let mut findings = combination(&evidence.server);
    findings.extend(tls_resumption(evidence));
    findings
}

fn combination(server: &Server) -> Vec<Finding> {
    const RULE: &str = "protocol-combination";
    let id = server.id();
    let ftp_family: Vec<&Protocol> = server
        .protocols
        .iter()
        .filter(|p| matches!(p, Protocol::Ftp | Protocol::Ftps))
        .collect();
    let mut findings = Vec::new();
    if ftp_family.is_empty() {
        return findings;
    }
    let names = ftp_family
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("/");
    if server.summary.endpoint_type != EndpointType::Vpc {
        findings.push(
            Finding::new(
                RULE,
                Severity::Error,
                id,
                format!("{names} on a {} endpoint", server.summary.endpoint_type),
            )
            .evidence(format!("EndpointType = {}", server.summary.endpoint_type))
            .fix(
                "FTP and FTPS are served only on VPC endpoints: move the server to a VPC endpoint",
                None,
                None,
            ),
        );
    }
    let provider = &server.summary.identity_provider_type;
    if *provider == IdentityProviderType::ServiceManaged {
        findings.push(
            Finding::new(RULE, Severity::Error, id, format!("{names} with service-managed users"))
                .evidence("IdentityProviderType = SERVICE_MANAGED")
                .fix(
                    "service-managed users can only use SFTP: use a Lambda or API Gateway identity provider for FTP/FTPS",
                    None,
                    None,
                ),
        );
    }
    if server.protocols.contains(&Protocol::Ftps) && server.certificate.is_none() {
        findings.push(
            Finding::new(RULE, Severity::Error, id, "FTPS without a certificate")
                .evidence("Certificate is not set")
                .fix(
                    "import or request an ACM certificate for the server's hostname and attach it",
                    Some(format!("aws transfer update-server --server-id {id} --certificate <acm-certificate-arn>")),
                    None,
                ),
        );
    }
    let elastic_ips = server
        .endpoint_details
        .as_ref()
        .map_or(0, |details| details.address_allocation_ids.len());
    if server.protocols.contains(&Protocol::Ftp) && elastic_ips > 0 {
        findings.push(
            Finding::new(RULE, Severity::Error, id, "plain FTP on an internet-facing endpoint")
                .evidence(format!("{elastic_ips} Elastic IP(s) in AddressAllocationIds"))
                .fix("FTP cannot have Elastic IPs: offer FTPS or SFTP to the internet, FTP only inside the VPC", None, None),
        );
    }
    findings
}

fn tls_resumption(evidence: &ServerEvidence) -> Option<Finding> {
    const RULE: &str = "tls-resumption";
    let server = &evidence.server;
    if !server.protocols.contains(&Protocol::Ftps) {
        return None;
    }
    // AWS's default for FTPS servers is ENFORCED.
    let mode = server
        .protocol_details
        .tls_session_resumption_mode
        .as_deref()
        .unwrap_or("ENFORCED");
    if mode != "ENFORCED" {
        return None;
    }
    // Behind a load balancer ENFORCED is what AWS recommends; only one
    // actually seen in front (not any PassiveIp but AUTO) skips the rule.
    let in_front = passive_ip::load_balancer_in_front(evidence);
    if in_front == Some(true) {
        return None;
    }
    let id = server.id();
    Some(
        Finding::new(
            RULE,
            Severity::Warning,
            id,
            "FTPS requires TLS session reuse: clients that cannot reuse sessions fail on the data channel",
        )
        .evidence("TlsSessionResumptionMode = ENFORCED")
        .evidence(if in_front.is_none() {
            "could not tell whether a load balancer is in front (the endpoint's addresses were not read); behind one, ENFORCED is right"
        } else {
            "no load balancer in front: PassiveIp is AUTO or an address of the endpoint"
        })
        .evidence("such clients (e.g. lftp on Amazon Linux 2) log in, then get `522 Data connection must use cached TLS session`")
        .fix(
            "set TlsSessionResumptionMode to ENABLED: it accepts clients with and without session reuse",
            Some(format!(
                "aws transfer update-server --server-id {id} --protocol-details TlsSessionResumptionMode=ENABLED"
            )),
            Some(FixAction::SetTlsSessionResumption {
                server_id: id.to_string(),
                mode: "ENABLED".into(),
            }),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Gathered;
    use crate::doctor::rules::testing::ftp_vpc;

    fn ftp_server() -> ServerEvidence {
        ftp_vpc(vec![])
    }

    #[test]
    fn a_valid_vpc_ftp_server_passes() {
        assert!(check(&ftp_server()).is_empty());
    }

    #[test]
    fn ftp_on_public_with_service_managed_users_is_two_errors() {
        let mut evidence = ftp_server();
        let server = &mut evidence.server;
        server.summary.endpoint_type = EndpointType::Public;
        server.summary.identity_provider_type = IdentityProviderType::ServiceManaged;
        let titles: Vec<_> = check(&evidence).into_iter().map(|f| f.title).collect();
        assert_eq!(
            titles,
            ["FTP on a PUBLIC endpoint", "FTP with service-managed users"]
        );
    }

    #[test]
    fn ftps_without_certificate_and_ftp_with_elastic_ips_are_errors() {
        let mut evidence = ftp_server();
        let server = &mut evidence.server;
        server.protocols = vec![Protocol::Ftps];
        server.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
        assert_eq!(check(&evidence)[0].title, "FTPS without a certificate");
        let mut evidence = ftp_server();
        let server = &mut evidence.server;
        if let Some(details) = server.endpoint_details.as_mut() {
            details.address_allocation_ids = vec!["eipalloc-1".into()];
        }
        assert_eq!(
            check(&evidence)[0].title,
            "plain FTP on an internet-facing endpoint"
        );
    }

    #[test]
    fn enforced_resumption_warns_and_offers_enabled() {
        let mut evidence = ftp_server();
        let server = &mut evidence.server;
        server.protocols = vec![Protocol::Ftps];
        server.certificate = Some("arn:aws:acm:ap-northeast-1:123456789012:certificate/x".into());
        server.protocol_details.tls_session_resumption_mode = Some("ENFORCED".into());
        let findings = check(&evidence);
        let server = &mut evidence.server;
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "tls-resumption");
        let fix = findings[0].fix.clone().expect("a fix");
        assert!(
            matches!(fix.action, Some(FixAction::SetTlsSessionResumption { ref mode, .. }) if mode == "ENABLED")
        );
        // Behind a load balancer ENFORCED is what AWS recommends.
        server.protocol_details.passive_ip = Some("10.2.1.200".into());
        assert!(check(&evidence).is_empty());
        evidence.server.protocol_details.passive_ip = Some("0.0.0.0".into());
        assert!(check(&evidence).is_empty());
        evidence.server.protocol_details.passive_ip = Some("AUTO".into());
        evidence.server.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
        assert!(check(&evidence).is_empty());
    }

    #[test]
    fn one_of_the_endpoint_s_own_addresses_is_no_load_balancer() {
        let mut evidence = ftp_server();
        evidence.server.protocols = vec![Protocol::Ftps];
        evidence.server.certificate =
            Some("arn:aws:acm:ap-northeast-1:123456789012:certificate/x".into());
        evidence.server.protocol_details.passive_ip = Some("10.2.1.10".into());
        let rules: Vec<_> = check(&evidence).into_iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["tls-resumption"]);
        // Unknown addresses: still warned, saying what could not be told.
        evidence.interfaces = Gathered::Missing("no endpoint".into());
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .evidence
                .iter()
                .any(|e| e.contains("could not tell"))
        );
    }
}
