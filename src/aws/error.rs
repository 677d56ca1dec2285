//! Classifying SDK errors into the model's [`AwsError`], which says what an
//! operator can act on.

use std::error::Error as StdError;

use aws_sdk_transfer::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

pub use crate::model::aws_error::AwsError;

impl AwsError {
    /// Classifies an SDK error. `action` is the IAM action of the call made
    /// (`transfer:ListServers`), which AccessDenied answers do not always name.
    pub fn classify<E, R>(err: SdkError<E, R>, action: &str) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        if let Some(detail) = credentials_problem(&err) {
            // The SDK's own account (provider by provider, raw answers
            // included) is for the log; the screen gets one sentence.
            tracing::warn!(action, error = %DisplayErrorContext(&err), "no credentials");
            return Self::Credentials { detail, code: None };
        }
        match &err {
            SdkError::DispatchFailure(failure) if failure.is_timeout() => {
                return Self::timeout(action, &err);
            }
            SdkError::TimeoutError(_) => return Self::timeout(action, &err),
            SdkError::DispatchFailure(failure) => {
                return Self::Network {
                    detail: deepest_cause(
                        failure
                            .as_connector_error()
                            .map(|err| err as &(dyn StdError + 'static)),
                    ),
                };
            }
            _ => {}
        }
        let Some(code) = err.code() else {
            // Not an AWS error document: something else answered (a proxy,
            // a wrong --endpoint-url). Its status says enough on screen.
            tracing::warn!(action, error = %DisplayErrorContext(&err), "answer without an AWS error code");
            let status = http_status(&err);
            if status == Some(403) {
                // S3 answers a HEAD it refuses with a bare 403.
                return Self::AccessDenied {
                    action: action.to_string(),
                    message: "HTTP 403 without an AWS error".into(),
                };
            }
            return Self::Service {
                action: action.to_string(),
                code: status.map_or("no AWS error".into(), |status| format!("HTTP {status}")),
                message: "the answer is not from an AWS service: check the endpoint (--endpoint-url) and any proxy".into(),
            };
        };
        let message = err
            .message()
            .map(str::to_string)
            .unwrap_or_else(|| {
                tracing::warn!(action, error = %DisplayErrorContext(&err), "AWS error without a message");
                "no message".to_string()
            });
        Self::from_code(action, code, message)
    }

    /// A call that timed out, with the limit that ran out: the SDK says it
    /// only in its message ("... timeout occurred after 30s").
    fn timeout(action: &str, err: &(dyn StdError + 'static)) -> Self {
        let mut after = None;
        let mut current = Some(err);
        while let Some(err) = current {
            let text = err.to_string();
            if let Some((_, limit)) = text.rsplit_once("occurred after ") {
                after = after.or_else(|| parse_duration(limit.trim()));
            }
            current = err.source();
        }
        Self::Timeout {
            action: action.to_string(),
            after,
        }
    }
}

/// A `Duration` as its `Debug` writes it: `30s`, `1.5s`, `500ms`.
fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let number = |digits: &str| {
        digits
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    if let Some(ms) = text.strip_suffix("ms") {
        return number(ms).map(|ms| std::time::Duration::from_secs_f64(ms / 1000.0));
    }
    text.strip_suffix('s')
        .and_then(number)
        .map(std::time::Duration::from_secs_f64)
}

/// The HTTP status of the answer, when there was one.
fn http_status<E, R>(err: &SdkError<E, R>) -> Option<u16>
where
    R: 'static,
{
    let raw = err.raw_response()? as &dyn std::any::Any;
    raw.downcast_ref::<aws_sdk_transfer::config::http::HttpResponse>()
        .map(|response| response.status().as_u16())
}

/// Why no credentials could be had, in one clause (the SDK's full chain of
/// causes goes to the log).
fn credentials_problem<E, R>(err: &SdkError<E, R>) -> Option<String>
where
    E: StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    use aws_credential_types::provider::error::CredentialsError;
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(current) = source {
        if let Some(creds) = current.downcast_ref::<CredentialsError>() {
            return Some(match creds {
                CredentialsError::CredentialsNotLoaded(_) => {
                    "none found in the environment, the profile or an instance role".into()
                }
                CredentialsError::ProviderTimedOut(_) => {
                    "the credential provider did not answer in time".into()
                }
                CredentialsError::InvalidConfiguration(_) => {
                    "the profile's configuration is not valid (details in the log)".into()
                }
                _ => "the credential provider failed (details in the log)".into(),
            });
        }
        source = current.source();
    }
    None
}

fn deepest_cause(err: Option<&(dyn StdError + 'static)>) -> String {
    let Some(mut current) = err else {
        return "the request could not be sent".to_string();
    };
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_names_the_action_aws_quoted() {
        let message = "User: arn:aws:iam::123456789012:user/op is not authorized to perform: \
                       secretsmanager:GetSecretValue on resource: x"
            .to_string();
        let err = AwsError::from_code("transfer:ListServers", "AccessDeniedException", message);
        assert!(
            matches!(&err, AwsError::AccessDenied { action, .. } if action == "secretsmanager:GetSecretValue")
        );
        assert_eq!(
            err.to_string(),
            "access denied: this needs the IAM action secretsmanager:GetSecretValue"
        );
    }

    #[test]
    fn access_denied_without_an_action_names_the_call_made() {
        let err = AwsError::from_code(
            "ec2:DescribeVpcEndpoints",
            "UnauthorizedOperation",
            String::new(),
        );
        assert!(
            matches!(err, AwsError::AccessDenied { action, .. } if action == "ec2:DescribeVpcEndpoints")
        );
    }

    #[test]
    fn a_timeout_names_the_operation_and_the_limit() {
        let err = AwsError::Timeout {
            action: "transfer:ListServers".into(),
            after: parse_duration("30s"),
        };
        assert_eq!(err.to_string(), "ListServers did not answer within 30 s");
        assert_eq!(
            parse_duration("1.5s"),
            Some(std::time::Duration::from_millis(1500))
        );
        assert_eq!(
            parse_duration("500ms"),
            Some(std::time::Duration::from_millis(500))
        );
        assert_eq!(parse_duration("soon"), None);
        let unknown = AwsError::Timeout {
            action: "s3:GetObject".into(),
            after: None,
        };
        assert_eq!(
            unknown.to_string(),
            "GetObject did not answer within the time allowed"
        );
    }

    #[test]
    fn throttling_in_every_protocol_is_transient() {
        for code in ["ThrottlingException", "RequestLimitExceeded", "SlowDown"] {
            assert!(AwsError::from_code("x:Y", code, String::new()).is_transient());
        }
    }
}
