//! Passwords for custom-IdP users, drawn from the operating system's random
//! source.

/// Letters and digits without the look-alikes (0/O, 1/l/I), plus a few
/// symbols that survive shells, URLs and FTP clients.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.";

/// A password (or other secret text) on its way to AWS, a login or the
/// clipboard: its `Debug` never shows it, so it cannot reach a log, a panic
/// message or the screen by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(pub String);

impl Password {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

pub const DEFAULT_LENGTH: usize = 24;
pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// A new password of `length` characters (kept within MIN..=MAX).
pub fn generate(length: usize) -> Result<String, String> {
    let length = length.clamp(MIN_LENGTH, MAX_LENGTH);
    let mut password = String::with_capacity(length);
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - (256 % ALPHABET.len());
    let mut buf = [0u8; 64];
    while password.len() < length {
        os_random(&mut buf)?;
        for &byte in &buf {
            if (byte as usize) < limit && password.len() < length {
                password.push(char::from(ALPHABET[byte as usize % ALPHABET.len()]));
            }
        }
    }
    Ok(password)
}

/// Fills `buf` from the kernel's random source (/dev/urandom), which never
/// blocks once the system has booted.
pub fn os_random(buf: &mut [u8]) -> Result<(), String> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut source| source.read_exact(buf))
        .map_err(|err| format!("the system's random source failed: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_have_the_asked_length_and_differ() {
        let a = generate(20).unwrap();
        let b = generate(20).unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!(generate(3).unwrap().len(), MIN_LENGTH);
        assert_eq!(generate(10_000).unwrap().len(), MAX_LENGTH);
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let shown = format!("{:?}", Password("Correct-Horse-42".into()));
        assert!(!shown.contains("Correct"), "{shown}");
    }
}
