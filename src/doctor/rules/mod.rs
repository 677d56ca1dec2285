//! One file per concern; each rule reads the estate and returns findings.

mod access;
mod activity;
mod cost;
mod logging;
mod passive_ip;
mod ports;
mod protocols;
mod secrets_endpoint;
mod state;
mod users;

#[cfg(test)]
pub(crate) mod testing;

use super::{Estate, Finding};

pub fn all(estate: &Estate) -> Vec<Finding> {
    let mut findings = Vec::new();
    for evidence in &estate.servers {
        findings.extend(ports::check(evidence));
        findings.extend(protocols::check(evidence));
        findings.extend(passive_ip::check(evidence));
        findings.extend(state::check(evidence));
        findings.extend(logging::check(&evidence.server));
        findings.extend(users::check_server(estate, &evidence.server));
        findings.extend(secrets_endpoint::check(estate, &evidence.server));
        findings.extend(access::check_provider(estate, &evidence.server));
        findings.extend(access::check_users(estate, &evidence.server));
        findings.push(cost::check(&evidence.server, estate.hourly_rate_usd));
        let sharing = estate
            .servers
            .iter()
            .filter(|other| {
                other.server.identity_provider_details.function.is_some()
                    && other.server.identity_provider_details.function
                        == evidence.server.identity_provider_details.function
            })
            .count();
        findings.extend(activity::check(&estate.activity, &evidence.server, sharing));
    }
    findings.extend(users::check_orphans(estate));
    findings.extend(users::check_batch_reads(estate));
    findings
}

#[cfg(test)]
pub(crate) fn testing_estate() -> Estate {
    let mut estate = testing::estate(vec![testing::ftp_vpc(vec![testing::group(&[
        (21, 21),
        (8192, 8195),
    ])])]);
    // A user secret, so the only error is the ports'.
    let name = "aws/transfer/s-0123456789abcdef0/erp".to_string();
    estate.secrets = super::Gathered::Read(vec![super::SecretEvidence {
        parsed: crate::model::login_secret::SecretName::parse(&name, crate::model::login_secret::DEFAULT_PREFIX)
            .expect("user secret"),
        name,
        value: super::Gathered::Read(
            crate::model::login_secret::LoginSecret::parse(
                r#"{"Password":"p","Role":"arn:aws:iam::123456789012:role/r","HomeDirectory":"/acme-legacy-ftp/in"}"#,
            )
            .expect("json"),
        ),
    }]);
    estate
}
