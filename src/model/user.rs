//! Users kept as Secrets Manager secrets by custom identity providers.

use super::login_secret::SecretName;

/// One secret under the users' prefix, as ListSecrets gives it: never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretEntry {
    pub name: String,
    /// `None` for secrets that are not logins (`@pgp-default`).
    pub parsed: Option<SecretName>,
    /// RFC 3339, to the second.
    pub last_changed: Option<String>,
    /// Set while the secret waits out its recovery window.
    pub deleted: Option<String>,
}
