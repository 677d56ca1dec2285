//! Users of a SERVICE_MANAGED server, as Transfer Family keeps them, and
//! the custom-IdP users kept as Secrets Manager secrets.

use super::login_secret::{HomeMapping, SecretName};

/// A row of ListUsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub role: Option<String>,
    pub home_directory: Option<String>,
    /// `PATH` or `LOGICAL`, kept as AWS wrote it.
    pub home_directory_type: Option<String>,
    pub ssh_key_count: Option<i32>,
}

/// DescribeUser's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferUser {
    pub name: String,
    pub arn: String,
    pub role: Option<String>,
    pub home_directory_type: Option<String>,
    pub home_directory: Option<String>,
    pub mappings: Vec<HomeMapping>,
    pub policy: Option<String>,
    pub posix_profile: Option<PosixProfile>,
    pub ssh_keys: Vec<SshKey>,
    pub tags: Vec<super::tags::Tag>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosixProfile {
    pub uid: i64,
    pub gid: i64,
    pub secondary_gids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshKey {
    pub id: String,
    pub body: String,
    /// RFC 3339, to the second.
    pub imported: Option<String>,
}

impl SshKey {
    /// The key's type and the end of its text: enough to tell keys apart.
    pub fn short(&self) -> String {
        let mut parts = self.body.split_whitespace();
        let kind = parts.next().unwrap_or("?");
        let data = parts.next().unwrap_or("");
        let tail: String = data
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{kind} …{tail}")
    }
}

/// What a new or changed Transfer user is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSpec {
    pub name: String,
    pub role: String,
    pub home: UserHome,
    pub policy: Option<String>,
    pub ssh_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserHome {
    Path(String),
    Logical(Vec<HomeMapping>),
}

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

impl SecretEntry {
    /// Whether this secret is a login of `server_id` (legacy `SFTP/` names
    /// serve any server).
    pub fn belongs_to(&self, server_id: &str) -> bool {
        self.parsed
            .as_ref()
            .is_some_and(|name| name.server_id.as_deref().is_none_or(|id| id == server_id))
    }

    /// Whether this secret names a server that is not in `known`.
    pub fn is_orphan(&self, known: &[&str]) -> bool {
        self.parsed
            .as_ref()
            .and_then(|name| name.server_id.as_deref())
            .is_some_and(|id| !known.contains(&id))
    }
}

/// TestIdentityProvider's answer, with any secret in the response redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginTest {
    pub status_code: i32,
    pub message: String,
    pub url: Option<String>,
    /// The provider's answer; `{}` means it refused the login.
    pub response: String,
}

impl LoginTest {
    /// AWS reports success as a Role in the response.
    pub fn role(&self) -> Option<String> {
        self.field("Role")
    }

    pub fn home(&self) -> Option<String> {
        self.field("HomeDirectory")
            .or_else(|| self.field("HomeDirectoryDetails"))
    }

    pub fn succeeded(&self) -> bool {
        self.status_code == 200 && self.role().is_some_and(|role| !role.is_empty())
    }

    fn field(&self, key: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(&self.response).ok()?;
        match value.get(key)? {
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The response with password-like keys blanked, for the screen.
    pub fn redacted(response: &str) -> String {
        let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str(response) else {
            return response.to_string();
        };
        for (key, value) in map.iter_mut() {
            let lower = key.to_ascii_lowercase();
            if lower.contains("password") || lower.contains("passphrase") || lower.contains("pgp") {
                *value = serde_json::Value::String("<redacted>".into());
            }
        }
        serde_json::Value::Object(map).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::login_secret::DEFAULT_PREFIX;

    fn entry(name: &str) -> SecretEntry {
        SecretEntry {
            name: name.into(),
            parsed: SecretName::parse(name, DEFAULT_PREFIX),
            last_changed: None,
            deleted: None,
        }
    }

    #[test]
    fn secrets_belong_to_their_server_and_legacy_ones_to_any() {
        let own = entry("aws/transfer/s-0123456789abcdef0/erp");
        assert!(own.belongs_to("s-0123456789abcdef0"));
        assert!(!own.belongs_to("s-0123456789abcdef1"));
        assert!(entry("SFTP/erp").belongs_to("s-0123456789abcdef1"));
        assert!(
            !entry("aws/transfer/s-0123456789abcdef0/@pgp-default")
                .belongs_to("s-0123456789abcdef0")
        );
        assert!(own.is_orphan(&["s-0123456789abcdef1"]));
        assert!(!own.is_orphan(&["s-0123456789abcdef0"]));
        assert!(!entry("SFTP/erp").is_orphan(&[]));
    }

    #[test]
    fn a_login_test_reads_role_and_hides_passwords() {
        let test = LoginTest {
            status_code: 200,
            message: String::new(),
            url: None,
            response: LoginTest::redacted(
                r#"{"Role":"arn:aws:iam::1:role/r","HomeDirectory":"/b/p","Password":"pw-x"}"#,
            ),
        };
        assert!(test.succeeded());
        assert_eq!(test.home().as_deref(), Some("/b/p"));
        assert!(!test.response.contains("pw-x"));
        let refused = LoginTest {
            response: "{}".into(),
            ..test
        };
        assert!(!refused.succeeded());
    }

    #[test]
    fn ssh_keys_are_shortened_to_type_and_tail() {
        let key = SshKey {
            id: "key-1".into(),
            body: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabcdefghijkl user@host".into(),
            imported: None,
        };
        assert_eq!(key.short(), "ssh-ed25519 …abcdefghijkl");
    }
}
