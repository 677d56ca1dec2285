//! A login secret's value as read, with its version, and why a write of
//! one did not happen.

use crate::model::aws_error::AwsError;
use crate::model::login_secret::{LoginSecret, SecretFormatError};
use crate::model::password::Password;

/// The recovery window of a deletion unless the operator picks another.
pub const DEFAULT_RECOVERY_DAYS: i64 = 7;

/// A secret's value as read, with the version it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretValue {
    pub version_id: String,
    /// A value that is not a JSON object cannot be edited field by field.
    pub content: Result<LoginSecret, SecretFormatError>,
    /// Such a value as stored, so that `$EDITOR` can repair it; its `Debug`
    /// never shows it, and nothing else does.
    pub unparsed: Option<Password>,
}

impl SecretValue {
    /// A value read as `text` (`None`: a binary secret).
    pub fn from_text(version_id: impl Into<String>, text: Option<&str>) -> Self {
        let content = match text {
            Some(text) => LoginSecret::parse(text),
            None => Err(SecretFormatError::NotJson("the secret is binary".into())),
        };
        let unparsed = match (&content, text) {
            (Err(_), Some(text)) => Some(Password(text.to_string())),
            _ => None,
        };
        Self {
            version_id: version_id.into(),
            content,
            unparsed,
        }
    }
}

/// Why a write did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("the secret changed since it was read (now version {current}): reload it first")]
    Changed { current: String },
    #[error(transparent)]
    Aws(#[from] AwsError),
}

/// Each secret's value, or why it could not be read.
pub type Values = Vec<(String, Result<SecretValue, AwsError>)>;

/// Values of many secrets, each read or failed on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesRead {
    /// In the order of the names asked for.
    pub values: Values,
    /// Why BatchGetSecretValue could not be used (denied): the values were
    /// then read one at a time with GetSecretValue.
    pub one_at_a_time: Option<AwsError>,
}
