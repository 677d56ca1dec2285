//! Which CloudWatch Logs group holds what: a server's own log and its
//! Lambda identity provider's.

use crate::model::Server;

/// The log group a server writes to: the first group its
/// StructuredLogDestinations names, else `/aws/transfer/<server-id>` (where
/// a LoggingRole writes).
pub fn server_log_group(server: &Server) -> String {
    server
        .structured_log_destinations
        .iter()
        .find_map(|arn| group_of_arn(arn))
        .map(str::to_string)
        .unwrap_or_else(|| format!("/aws/transfer/{}", server.id()))
}

/// Whether the server writes logs at all (a LoggingRole, or a structured
/// destination).
pub fn server_logs(server: &Server) -> bool {
    server.summary.logging_role.is_some() || !server.structured_log_destinations.is_empty()
}

/// The group an ARN names: `arn:aws:logs:<region>:<account>:log-group:<name>`,
/// with or without AWS's trailing `:*`.
pub fn group_of_arn(arn: &str) -> Option<&str> {
    let (_, name) = arn.split_once(":log-group:")?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

/// The log group of a Lambda function given by ARN (a version or alias
/// after the name is dropped) or by name: `/aws/lambda/<function-name>`.
pub fn lambda_log_group(function: &str) -> Option<String> {
    let name = match function.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or_default(),
        None if !function.contains(':') => function,
        None => return None,
    };
    (!name.is_empty()).then(|| format!("/aws/lambda/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_come_from_arns_with_or_without_the_star() {
        let arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/transfer/structured";
        assert_eq!(group_of_arn(arn), Some("/aws/transfer/structured"));
        assert_eq!(
            group_of_arn(&format!("{arn}:*")),
            Some("/aws/transfer/structured")
        );
        assert_eq!(group_of_arn("arn:aws:logs:x:y:log-group:"), None);
        assert_eq!(group_of_arn("not an arn"), None);
    }

    #[test]
    fn lambda_groups_drop_the_qualifier() {
        let arn = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";
        assert_eq!(
            lambda_log_group(arn).as_deref(),
            Some("/aws/lambda/transfer-ftp-idp")
        );
        assert_eq!(
            lambda_log_group(&format!("{arn}:live")).as_deref(),
            Some("/aws/lambda/transfer-ftp-idp")
        );
        assert_eq!(
            lambda_log_group("my-idp").as_deref(),
            Some("/aws/lambda/my-idp")
        );
        assert_eq!(lambda_log_group("arn:aws:iam::1:role/x"), None);
    }
}
