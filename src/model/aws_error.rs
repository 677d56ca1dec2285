//! A failed AWS call, classified so that the operator knows what to do
//! next. `aws::error` makes these from the SDK's errors; everything else
//! only reads them.

/// A failed AWS call, said so that the operator knows what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error("no AWS region: pass --region, set AWS_REGION, or set a region in the profile")]
    NoRegion,
    #[error("no usable AWS credentials: {detail}")]
    Credentials {
        detail: String,
        /// AWS's code when AWS answered that it takes none of these
        /// credentials (a key it does not know, an expired token); `None`
        /// when none could be had at all.
        code: Option<String>,
    },
    #[error("access denied: this needs the IAM action {action}")]
    AccessDenied { action: String, message: String },
    #[error("throttled by AWS on {action}, still after retries: press r to try again")]
    Throttled { action: String },
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("AWS refused the request: {message}")]
    Invalid { message: String },
    #[error("cannot reach AWS: {detail}")]
    Network { detail: String },
    /// The call was sent but no answer came in time (`--aws-timeout`).
    #[error("{} did not answer within {}", operation(action), within(*after))]
    Timeout {
        action: String,
        after: Option<std::time::Duration>,
    },
    /// The console's own fault (a task that panicked), not AWS's.
    #[error("internal error: {detail}")]
    Internal { detail: String },
    #[error("{action} failed: {code}: {message}")]
    Service {
        action: String,
        code: String,
        message: String,
    },
}

impl AwsError {
    /// Maps an AWS error code (as the JSON, query and XML protocols spell it)
    /// to a class.
    pub fn from_code(action: &str, code: &str, message: String) -> Self {
        match code {
            "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
                Self::AccessDenied {
                    action: denied_action(&message).unwrap_or_else(|| action.to_string()),
                    message,
                }
            }
            "ThrottlingException"
            | "Throttling"
            | "RequestLimitExceeded"
            | "SlowDown"
            | "TooManyRequestsException" => Self::Throttled {
                action: action.to_string(),
            },
            "ResourceNotFoundException"
            | "NoSuchBucket"
            | "NoSuchKey"
            | "NotFound"
            | "NoSuchEntity" => Self::NotFound { message },
            "InvalidRequestException" | "ValidationException" | "InvalidParameterException" => {
                Self::Invalid { message }
            }
            "ExpiredToken"
            | "ExpiredTokenException"
            | "RequestExpired"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "AuthFailure"
            | "InvalidAccessKeyId"
            | "SignatureDoesNotMatch" => Self::Credentials {
                detail: message,
                code: Some(code.to_string()),
            },
            _ => Self::Service {
                action: action.to_string(),
                code: code.to_string(),
                message,
            },
        }
    }

    /// A few words for a table cell; the full sentence is `Display`.
    pub fn short_label(&self) -> String {
        match self {
            Self::NoRegion => "no region".into(),
            Self::Credentials { code: None, .. } => "no credentials".into(),
            Self::Credentials {
                code: Some(code), ..
            } if code.contains("Expired") => "credentials expired".into(),
            Self::Credentials { code: Some(_), .. } => "credentials refused".into(),
            Self::AccessDenied { action, .. } => format!("denied: {action}"),
            Self::Throttled { .. } => "throttled".into(),
            Self::NotFound { .. } => "not found".into(),
            Self::Invalid { .. } => "refused".into(),
            Self::Network { .. } => "unreachable".into(),
            Self::Timeout { .. } => "timed out".into(),
            Self::Internal { .. } => "internal error".into(),
            Self::Service { code, .. } => code.clone(),
        }
    }

    /// Worth trying again by itself, later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Throttled { .. } | Self::Network { .. } | Self::Timeout { .. }
        )
    }

    /// Errors that mean no call can work until the operator fixes the set-up.
    pub fn is_setup_problem(&self) -> bool {
        matches!(self, Self::NoRegion | Self::Credentials { .. })
    }
}

/// `ListServers` for the IAM action `transfer:ListServers`.
fn operation(action: &str) -> &str {
    action.rsplit_once(':').map_or(action, |(_, name)| name)
}

fn within(after: Option<std::time::Duration>) -> String {
    match after {
        Some(after) if after.subsec_millis() == 0 => format!("{} s", after.as_secs()),
        Some(after) => format!("{:.1} s", after.as_secs_f64()),
        None => "the time allowed".to_string(),
    }
}

/// AWS names the action in its message: "... is not authorized to perform:
/// transfer:ListServers on resource: ...".
fn denied_action(message: &str) -> Option<String> {
    let rest = message.split("to perform: ").nth(1)?;
    let action: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect();
    action.contains(':').then_some(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_aws_refuses_are_said_apart_from_none_at_all() {
        let label = |code: &str| AwsError::from_code("transfer:ListServers", code, "m".into());
        for code in [
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "AuthFailure",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
        ] {
            let error = label(code);
            assert!(error.is_setup_problem(), "{code}");
            assert_eq!(error.short_label(), "credentials refused", "{code}");
        }
        for code in ["ExpiredToken", "ExpiredTokenException", "RequestExpired"] {
            assert_eq!(label(code).short_label(), "credentials expired", "{code}");
        }
        let none = AwsError::Credentials {
            detail: "no providers in chain".into(),
            code: None,
        };
        assert_eq!(none.short_label(), "no credentials");
    }
}
