//! Rule `server-state`: a server not ONLINE; rule `endpoint-state`: a VPC
//! endpoint that is not `available`.

use crate::doctor::{Finding, FixAction, ServerEvidence, Severity};
use crate::model::{EndpointType, ServerState};

pub fn check(evidence: &ServerEvidence) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(server_state(evidence));
    findings.extend(endpoint_state(evidence));
    findings
}

fn server_state(evidence: &ServerEvidence) -> Option<Finding> {
    const RULE: &str = "server-state";
    let id = evidence.server.id();
    let state = &evidence.server.summary.state;
    let start = || {
        (
            Some(format!("aws transfer start-server --server-id {id}")),
            Some(FixAction::StartServer {
                server_id: id.to_string(),
            }),
        )
    };
    let (severity, title, advice, (cli, action)) = match state {
        ServerState::Online => return None,
        ServerState::StartFailed | ServerState::StopFailed => (
            Severity::Error,
            format!("the server is {state}"),
            "check the server's CloudWatch logs and its endpoint, then start it again",
            start(),
        ),
        ServerState::Offline => (
            Severity::Warning,
            "the server is stopped: nobody can log in, and it is still billed".to_string(),
            "start it, or delete it if it is no longer needed",
            start(),
        ),
        _ => (
            Severity::Info,
            format!("the server is {state}"),
            "wait: stop and start take a few minutes",
            (None, None),
        ),
    };
    Some(
        Finding::new(RULE, severity, id, title)
            .evidence(format!("State = {state}"))
            .fix(advice, cli, action),
    )
}

fn endpoint_state(evidence: &ServerEvidence) -> Option<Finding> {
    const RULE: &str = "endpoint-state";
    let id = evidence.server.id();
    let Some(endpoint) = evidence.endpoint.as_ref() else {
        if evidence.server.summary.endpoint_type != EndpointType::Vpc {
            return None;
        }
        return Some(Finding::new(
            RULE,
            Severity::Info,
            id,
            "could not check the VPC endpoint: DescribeServer names none (AWS answers so while one is being created)",
        ));
    };
    match endpoint {
        crate::doctor::Gathered::Read(endpoint) if endpoint.state.eq_ignore_ascii_case("available") => None,
        crate::doctor::Gathered::Read(endpoint) => Some(
            Finding::new(
                RULE,
                Severity::Error,
                id,
                format!("the VPC endpoint {} is {}", endpoint.id, endpoint.state),
            )
            .evidence(format!("DescribeVpcEndpoints: State = {}", endpoint.state))
            .fix("an endpoint that is not available takes no connections: check it in the VPC console", None, None),
        ),
        unreadable => Some(Finding::new(
            RULE,
            Severity::Info,
            id,
            format!(
                "could not check the VPC endpoint: {}",
                unreadable.unreadable_reason().unwrap_or_default()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Gathered;
    use crate::doctor::rules::testing::ftp_vpc;

    #[test]
    fn online_with_an_available_endpoint_passes() {
        assert!(check(&ftp_vpc(vec![])).is_empty());
    }

    #[test]
    fn failed_states_are_errors_and_stopped_is_a_billed_warning() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.server.summary.state = ServerState::StartFailed;
        assert_eq!(check(&evidence)[0].severity, Severity::Error);
        evidence.server.summary.state = ServerState::Offline;
        let finding = &check(&evidence)[0];
        assert_eq!(finding.severity, Severity::Warning);
        assert!(finding.title.contains("still billed"));
    }

    #[test]
    fn a_vpc_server_naming_no_endpoint_could_not_be_checked() {
        let mut evidence = ftp_vpc(vec![]);
        evidence.endpoint = None;
        let findings = check(&evidence);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0]
                .title
                .starts_with("could not check the VPC endpoint")
        );
        evidence.server.summary.endpoint_type = crate::model::EndpointType::Public;
        assert!(check(&evidence).is_empty());
    }

    #[test]
    fn an_endpoint_not_available_is_an_error() {
        let mut evidence = ftp_vpc(vec![]);
        if let Some(Gathered::Read(endpoint)) = evidence.endpoint.as_mut() {
            endpoint.state = "pendingAcceptance".into();
        }
        assert_eq!(check(&evidence)[0].rule, "endpoint-state");
    }
}
