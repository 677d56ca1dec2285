//! What deleting a server takes with it and what it leaves behind, as
//! gathered before the operator is asked.

use super::HostKey;

/// One part of the survey: what was found, or why it could not be read.
pub type Found<T> = Result<T, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionSurvey {
    pub server_id: String,
    /// The Transfer users (SERVICE_MANAGED): deleted with the server.
    pub users: Found<Vec<String>>,
    pub vpc_endpoint: Option<String>,
    /// The endpoint's network interfaces (`eni-… 10.0.1.5`): deleted with it.
    pub interfaces: Found<Vec<String>>,
    /// Elastic IP allocations the endpoint used: released from the server,
    /// kept (and billed) in the account.
    pub elastic_ips: Vec<String>,
    /// The custom identity provider's login secrets for this server: they
    /// stay in Secrets Manager unless deleted too.
    pub secrets: Found<Vec<String>>,
    /// Deleted with the server: a successor gets new keys unless these are
    /// imported into it.
    pub host_keys: Found<Vec<HostKey>>,
    /// DNS records that point at the server's hostnames or addresses.
    pub dns: Found<Vec<DnsRecord>>,
}

impl DeletionSurvey {
    /// Nothing read, each part saying `why`.
    pub fn unread(server_id: &str, why: &str) -> Self {
        Self {
            server_id: server_id.to_string(),
            users: Err(why.to_string()),
            vpc_endpoint: None,
            interfaces: Err(why.to_string()),
            elastic_ips: Vec::new(),
            secrets: Err(why.to_string()),
            host_keys: Err(why.to_string()),
            dns: Err(why.to_string()),
        }
    }
}

/// A Route 53 record that points at something of the server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    pub zone: String,
    pub name: String,
    pub kind: String,
    /// The value that names the server.
    pub value: String,
}

/// Whether `value` (a record's value or alias target) names one of
/// `targets` (hostnames or addresses), trailing dots and case aside.
pub fn points_at(value: &str, targets: &[String]) -> bool {
    let value = value.trim().trim_end_matches('.');
    targets
        .iter()
        .any(|target| target.trim_end_matches('.').eq_ignore_ascii_case(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_points_at_a_target_whatever_its_case_and_trailing_dot() {
        let targets = vec![
            "s-0123456789abcdef0.server.transfer.ap-northeast-1.amazonaws.com".to_string(),
            "203.0.113.10".to_string(),
        ];
        assert!(points_at(
            "S-0123456789ABCDEF0.server.transfer.ap-northeast-1.amazonaws.com.",
            &targets
        ));
        assert!(points_at("203.0.113.10", &targets));
        assert!(!points_at("203.0.113.11", &targets));
        assert!(!points_at("other.example.com", &targets));
    }
}
