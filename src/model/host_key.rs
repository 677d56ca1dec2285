//! A server's SSH host keys (ListHostKeys, DescribeHostKey) and the private
//! key body on its way to ImportHostKey, which never shows itself.

use super::password::Password;

/// One host key as AWS describes it: only its public facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKey {
    /// `hostkey-` and 17 hex digits.
    pub id: String,
    /// `SHA256:...`, as `ssh-keygen -l` and ssh-keyscan show it.
    pub fingerprint: String,
    /// `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256` ...
    pub kind: String,
    pub description: String,
    /// DateImported, RFC 3339.
    pub imported: Option<String>,
}

/// A private host key to import. Its `Debug` is redacted (it wraps a
/// [`Password`]), so it cannot reach a log, a panic message or the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateHostKey(Password);

/// What ImportHostKey accepts (the API model's HostKey: up to 4096 characters).
const MAX_BODY: usize = 4096;

/// The private key formats AWS Transfer imports, by their first line.
const PRIVATE_KEY_HEADERS: &[&str] = &[
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----",
];

impl PrivateHostKey {
    /// Checks the text's shape (one private key, unencrypted, not too long)
    /// without echoing any of it in the error.
    pub fn parse(text: &str) -> Result<Self, String> {
        let body = text.trim();
        if body.is_empty() {
            return Err("no key: the file is empty".into());
        }
        if body.starts_with("ssh-") || body.starts_with("ecdsa-") {
            return Err(
                "this is a public key: ImportHostKey takes the server's PRIVATE key".into(),
            );
        }
        let first = body.lines().next().unwrap_or("").trim();
        if !PRIVATE_KEY_HEADERS.contains(&first) {
            return Err(
                "not a private key: expected a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)"
                    .into(),
            );
        }
        if body.contains("ENCRYPTED") || body.contains("Proc-Type: 4,ENCRYPTED") {
            return Err("the key has a passphrase: AWS imports only unencrypted keys".into());
        }
        if !body
            .lines()
            .last()
            .is_some_and(|l| l.trim().starts_with("-----END "))
        {
            return Err("the key is cut short: no -----END ... line".into());
        }
        if body.len() > MAX_BODY {
            return Err(format!("longer than {MAX_BODY} characters"));
        }
        Ok(Self(Password::new(format!("{body}\n"))))
    }

    /// The key itself, for the one call that sends it.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// A description as UpdateHostKey takes it: up to 200 printable characters.
pub fn description(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > 200 {
        return Err("longer than 200 characters".into());
    }
    if text.chars().any(char::is_control) {
        return Err("only printable characters".into());
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n";

    #[test]
    fn a_private_key_is_taken_and_never_shown_in_debug() {
        let key = PrivateHostKey::parse(KEY).expect("a key");
        assert_eq!(key.expose(), KEY);
        let debug = format!("{key:?}");
        assert!(!debug.contains("b3BlbnNzaC1rZXktdjEA"), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }

    #[test]
    fn what_is_not_an_unencrypted_private_key_is_refused_without_echoing_it() {
        for (text, why) in [
            ("", "empty"),
            ("ssh-ed25519 AAAAC3Nza secret-comment", "public key"),
            ("hello secret-text", "not a private key"),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nxx\n-----END RSA PRIVATE KEY-----",
                "passphrase",
            ),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl", "cut short"),
        ] {
            let err = PrivateHostKey::parse(text).expect_err(text);
            assert!(err.contains(why), "{err}");
            assert!(!err.contains("secret"), "{err}");
        }
        let long = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
            "A".repeat(5000)
        );
        assert!(PrivateHostKey::parse(&long).is_err());
    }

    #[test]
    fn descriptions_are_printable_and_short() {
        assert_eq!(
            description("  rotation 2026 ").as_deref(),
            Ok("rotation 2026")
        );
        assert!(description(&"x".repeat(201)).is_err());
        assert!(description("a\u{1b}[2Jb").is_err());
    }
}
