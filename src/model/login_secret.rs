//! The Secrets Manager secret a custom identity provider (the AWS sample
//! Lambda) reads to log a user in: `aws/transfer/<server-id>/<user>`.
//!
//! The secret is a JSON object. The console reads and changes the keys it
//! knows and keeps every other key as it found it. Its `Debug` output never
//! shows a secret value.

use std::fmt;

use serde_json::{Map, Value};

use super::server::is_server_id;

/// The default name prefix; older AWS samples used `SFTP/<user>`.
pub const DEFAULT_PREFIX: &str = "aws/transfer/";
pub const LEGACY_PREFIX: &str = "SFTP/";

pub const PASSWORD: &str = "Password";
pub const PUBLIC_KEY: &str = "PublicKey";
pub const ROLE: &str = "Role";
pub const POLICY: &str = "Policy";
pub const HOME_DIRECTORY: &str = "HomeDirectory";
pub const HOME_DIRECTORY_DETAILS: &str = "HomeDirectoryDetails";
/// Keys of PGP decryption workflows, which share the naming scheme.
pub const PGP_KEYS: &[&str] = &["PGPPrivateKey", "PGPPassphrase"];
/// Keys whose values are never shown, logged or printed.
const SENSITIVE: &[&str] = &[PASSWORD, "PGPPrivateKey", "PGPPassphrase"];

/// Who a secret is for, read from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretName {
    /// `None` for the legacy `SFTP/<user>` names, which serve any server.
    pub server_id: Option<String>,
    pub user: String,
}

impl SecretName {
    /// Reads `<prefix><server-id>/<user>` or `SFTP/<user>`. Names such as
    /// `aws/transfer/<id>/@pgp-default` (a server's default PGP key) are not
    /// users and give `None`.
    pub fn parse(name: &str, prefix: &str) -> Option<Self> {
        if let Some(user) = name.strip_prefix(LEGACY_PREFIX) {
            return is_user(user).then(|| Self {
                server_id: None,
                user: user.to_string(),
            });
        }
        let (server_id, user) = name.strip_prefix(prefix)?.split_once('/')?;
        (is_server_id(server_id) && is_user(user)).then(|| Self {
            server_id: Some(server_id.to_string()),
            user: user.to_string(),
        })
    }

    pub fn secret_name(server_id: &str, user: &str, prefix: &str) -> String {
        format!("{prefix}{server_id}/{user}")
    }
}

fn is_user(user: &str) -> bool {
    !user.is_empty() && !user.starts_with('@') && !user.contains('/')
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretFormatError {
    #[error("the secret is not JSON: {0}")]
    NotJson(String),
    #[error("the secret is JSON but not an object of keys and values")]
    NotAnObject,
}

/// Where a user lands after login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// No home directory: the IdP gives none (the server's default applies).
    Unset,
    /// `HomeDirectory`: `/bucket/prefix`.
    Path(String),
    /// `HomeDirectoryDetails`: the user sees `entry`, which is `target`.
    Logical(Vec<HomeMapping>),
    /// `HomeDirectoryDetails` that the Lambda cannot use.
    Invalid(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct HomeMapping {
    #[serde(rename = "Entry")]
    pub entry: String,
    #[serde(rename = "Target")]
    pub target: String,
}

#[derive(Clone, PartialEq, Eq)]
pub struct LoginSecret {
    fields: Map<String, Value>,
}

impl LoginSecret {
    pub fn parse(text: &str) -> Result<Self, SecretFormatError> {
        // serde_json's error says where, never what: safe to show.
        let value: Value = serde_json::from_str(text)
            .map_err(|err| SecretFormatError::NotJson(err.to_string()))?;
        match value {
            Value::Object(fields) => Ok(Self { fields }),
            _ => Err(SecretFormatError::NotAnObject),
        }
    }

    pub fn new() -> Self {
        Self { fields: Map::new() }
    }

    /// The JSON to store, with every key the console does not know intact.
    pub fn to_json(&self) -> String {
        Value::Object(self.fields.clone()).to_string()
    }

    /// The same JSON, indented for editing by hand.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(&Value::Object(self.fields.clone()))
            .unwrap_or_else(|_| self.to_json())
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .and_then(Value::as_str)
            .filter(|value| !value.is_empty())
    }

    /// The password, for an explicit reveal or a login test only.
    pub fn password(&self) -> Option<&str> {
        self.text(PASSWORD)
    }

    pub fn has_password(&self) -> bool {
        self.password().is_some()
    }

    /// `PublicKey` holds SSH keys separated by commas.
    pub fn public_keys(&self) -> Vec<&str> {
        self.text(PUBLIC_KEY)
            .map(|keys| {
                keys.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn role(&self) -> Option<&str> {
        self.text(ROLE)
    }

    pub fn policy(&self) -> Option<&str> {
        self.text(POLICY)
    }

    pub fn home(&self) -> Home {
        if let Some(details) = self.fields.get(HOME_DIRECTORY_DETAILS) {
            // The sample stores the list as a JSON string; a list is accepted too.
            let parsed = match details {
                Value::String(text) => serde_json::from_str::<Vec<HomeMapping>>(text),
                other => serde_json::from_value::<Vec<HomeMapping>>(other.clone()),
            };
            return match parsed {
                Ok(mappings) if !mappings.is_empty() => Home::Logical(mappings),
                Ok(_) => Home::Invalid("HomeDirectoryDetails is an empty list".into()),
                Err(err) => Home::Invalid(format!(
                    "HomeDirectoryDetails is not a JSON list of {{\"Entry\", \"Target\"}}: {err}"
                )),
            };
        }
        match self.text(HOME_DIRECTORY) {
            Some(path) => Home::Path(path.to_string()),
            None => Home::Unset,
        }
    }

    /// The PGP keys present (names only).
    pub fn pgp_keys(&self) -> Vec<&'static str> {
        PGP_KEYS
            .iter()
            .copied()
            .filter(|key| self.fields.contains_key(*key))
            .collect()
    }

    /// A secret of a PGP workflow, not a login: judge it as such.
    pub fn is_pgp_only(&self) -> bool {
        !self.pgp_keys().is_empty()
            && !self.has_password()
            && self.public_keys().is_empty()
            && self.role().is_none()
    }

    /// The keys the console does not know, which it keeps as they are.
    pub fn other_keys(&self) -> Vec<&str> {
        const KNOWN: &[&str] = &[
            PASSWORD,
            PUBLIC_KEY,
            ROLE,
            POLICY,
            HOME_DIRECTORY,
            HOME_DIRECTORY_DETAILS,
        ];
        self.fields
            .keys()
            .map(String::as_str)
            .filter(|key| !KNOWN.contains(key) && !PGP_KEYS.contains(key))
            .collect()
    }

    /// The keys whose values differ from `other`'s, or that only one of
    /// the two has, sorted: what an overwrite would change, named without
    /// any value.
    pub fn differing_keys(&self, other: &LoginSecret) -> Vec<String> {
        let mut keys: Vec<String> = self
            .fields
            .keys()
            .chain(other.fields.keys())
            .filter(|key| self.fields.get(*key) != other.fields.get(*key))
            .cloned()
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Sets a text key; an empty value removes it.
    pub fn set(&mut self, key: &str, value: &str) {
        if value.is_empty() {
            self.fields.remove(key);
        } else {
            self.fields
                .insert(key.to_string(), Value::String(value.to_string()));
        }
    }

    /// Sets the home as a path or as mappings, removing the other form.
    pub fn set_home(&mut self, home: &Home) {
        self.fields.remove(HOME_DIRECTORY);
        self.fields.remove(HOME_DIRECTORY_DETAILS);
        match home {
            Home::Path(path) => self.set(HOME_DIRECTORY, path),
            Home::Logical(mappings) => {
                let text = serde_json::to_string(mappings).unwrap_or_default();
                self.set(HOME_DIRECTORY_DETAILS, &text);
            }
            Home::Unset | Home::Invalid(_) => {}
        }
    }
}

impl Default for LoginSecret {
    fn default() -> Self {
        Self::new()
    }
}

/// Keys and harmless values only: this is what reaches logs and panics.
impl fmt::Debug for LoginSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.fields {
            if SENSITIVE.contains(&key.as_str()) {
                map.entry(key, &"<redacted>");
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"Password":"hunter2-Secret","Role":"arn:aws:iam::123456789012:role/ftp","HomeDirectory":"/acme-legacy-ftp/erp","Team":"logistics"}"#;

    #[test]
    fn names_say_which_server_and_user() {
        let name = SecretName::parse("aws/transfer/s-0123456789abcdef0/erp", DEFAULT_PREFIX);
        assert_eq!(
            name,
            Some(SecretName {
                server_id: Some("s-0123456789abcdef0".into()),
                user: "erp".into()
            })
        );
        assert_eq!(
            SecretName::parse("SFTP/erp", DEFAULT_PREFIX).map(|n| n.server_id),
            Some(None)
        );
        assert_eq!(
            SecretName::parse(
                "aws/transfer/s-0123456789abcdef0/@pgp-default",
                DEFAULT_PREFIX
            ),
            None
        );
        assert_eq!(
            SecretName::parse("aws/transfer/not-a-server/erp", DEFAULT_PREFIX),
            None
        );
        assert_eq!(SecretName::parse("other/x", DEFAULT_PREFIX), None);
    }

    #[test]
    fn reads_the_known_keys_and_keeps_the_others() {
        let mut secret = LoginSecret::parse(SAMPLE).unwrap();
        assert!(secret.has_password());
        assert_eq!(secret.home(), Home::Path("/acme-legacy-ftp/erp".into()));
        assert_eq!(secret.other_keys(), ["Team"]);
        secret.set(ROLE, "arn:aws:iam::123456789012:role/other");
        let again = LoginSecret::parse(&secret.to_json()).unwrap();
        assert_eq!(again.other_keys(), ["Team"]);
        assert_eq!(again.role(), Some("arn:aws:iam::123456789012:role/other"));
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let secret = LoginSecret::parse(SAMPLE).unwrap();
        let shown = format!("{secret:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<redacted>") && shown.contains("logistics"));
    }

    #[test]
    fn logical_homes_are_parsed_from_the_samples_string_form() {
        let secret = LoginSecret::parse(
            r#"{"HomeDirectoryDetails":"[{\"Entry\":\"/\",\"Target\":\"/bucket/in\"}]"}"#,
        )
        .unwrap();
        assert_eq!(
            secret.home(),
            Home::Logical(vec![HomeMapping {
                entry: "/".into(),
                target: "/bucket/in".into()
            }])
        );
        let broken =
            LoginSecret::parse(r#"{"HomeDirectoryDetails":"[{\"Entry\":\"/\"}"}"#).unwrap();
        assert!(matches!(broken.home(), Home::Invalid(_)));
    }

    #[test]
    fn pgp_secrets_are_not_broken_logins() {
        let pgp =
            LoginSecret::parse(r#"{"PGPPrivateKey":"-----BEGIN","PGPPassphrase":"x"}"#).unwrap();
        assert!(pgp.is_pgp_only());
        assert!(!LoginSecret::parse(SAMPLE).unwrap().is_pgp_only());
    }

    #[test]
    fn values_that_are_not_objects_are_refused() {
        assert_eq!(
            LoginSecret::parse("[1]"),
            Err(SecretFormatError::NotAnObject)
        );
        assert!(matches!(
            LoginSecret::parse("{"),
            Err(SecretFormatError::NotJson(_))
        ));
    }
}
