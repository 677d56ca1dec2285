//! Rule `logging`: without a logging role or a structured log destination a
//! server writes no CloudWatch logs, and failed logins leave no trace.

use crate::doctor::{Finding, Severity};
use crate::model::Server;

pub fn check(server: &Server) -> Option<Finding> {
    if server.summary.logging_role.is_some() || !server.structured_log_destinations.is_empty() {
        return None;
    }
    let id = server.id();
    Some(
        Finding::new("logging", Severity::Warning, id, "the server writes no logs: failed logins leave no trace")
            .evidence("no LoggingRole and no StructuredLogDestinations")
            .fix(
                "give the server a CloudWatch log group (structured logging) or a logging role",
                Some(format!(
                    "aws transfer update-server --server-id {id} --structured-log-destinations <log-group-arn>"
                )),
                None,
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::testing::ftp_vpc;

    #[test]
    fn a_server_with_either_kind_of_logging_passes() {
        let mut server = ftp_vpc(vec![]).server;
        assert!(check(&server).is_none());
        server.summary.logging_role = None;
        assert!(check(&server).is_some());
        server.structured_log_destinations =
            vec!["arn:aws:logs:ap-northeast-1:123456789012:log-group:transfer".into()];
        assert!(check(&server).is_none());
    }
}
