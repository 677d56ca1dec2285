//! A test-only AWS config and credentials pair for `--profile a,b`: every
//! profile points at the same emulator, each with its own key, and moto
//! takes the account from the key (tests/emulator/accounts.py).
//!
//! - `first`: a free-form key, moto's default account (the seeded estate);
//! - `second`: the key seed.py made in the second account's IAM;
//! - `stranger`: a key in AWS's format that no account issued, which the
//!   emulator refuses as AWS does (UnrecognizedClientException).

use serde_json::Value;
use tempfile::TempDir;

use super::emulator::{Emulator, REGION};

/// The key of `stranger`: AWS's format, issued by no account.
pub const UNKNOWN_KEY: &str = "AKIAUNKNOWNKEY000000";

pub struct Profiles {
    /// Holds `config` and `credentials`; removed with the value.
    dir: TempDir,
}

impl Profiles {
    /// Writes the pair for `emulator`, whose seeded `estate` names the
    /// second account's key.
    pub fn write(emulator: &Emulator, estate: &Value) -> Self {
        let second = &estate["second_account"];
        let key = |name: &str| {
            second[name]
                .as_str()
                .unwrap_or_else(|| panic!("the seed names no second_account.{name}"))
                .to_string()
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = String::new();
        for name in ["first", "second", "stranger"] {
            config.push_str(&format!(
                "[profile {name}]\nregion = {REGION}\nendpoint_url = {}\n\n",
                emulator.url
            ));
        }
        let credentials = format!(
            "[first]\naws_access_key_id = testing\naws_secret_access_key = testing\n\n\
             [second]\naws_access_key_id = {}\naws_secret_access_key = {}\n\n\
             [stranger]\naws_access_key_id = {UNKNOWN_KEY}\naws_secret_access_key = not-a-secret\n",
            key("access_key_id"),
            key("secret_access_key"),
        );
        std::fs::write(dir.path().join("config"), config).expect("writing the config");
        std::fs::write(dir.path().join("credentials"), credentials)
            .expect("writing the credentials");
        Self { dir }
    }

    /// Environment that makes the SDK read these files, and no credentials
    /// from the environment (a blank key counts as none, and would
    /// otherwise win over every profile's). Given after
    /// `Emulator::console_env`, it overrides it.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let path = |name: &str| self.dir.path().join(name).to_string_lossy().into_owned();
        vec![
            ("AWS_CONFIG_FILE", path("config")),
            ("AWS_SHARED_CREDENTIALS_FILE", path("credentials")),
            ("AWS_ACCESS_KEY_ID", String::new()),
            ("AWS_SECRET_ACCESS_KEY", String::new()),
        ]
    }
}
