//! One step of the probe and its verdict.

use std::time::Duration;

use serde::Serialize;

/// The steps in the order a client meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Dns,
    Connect,
    Greeting,
    AuthTls,
    Certificate,
    Login,
    Pasv,
    DataConnect,
    Listing,
    DataTlsReuse,
    DataTlsNoReuse,
    SshBanner,
    HostKey,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Dns => "DNS",
            Self::Connect => "TCP connect",
            Self::Greeting => "greeting",
            Self::AuthTls => "AUTH TLS",
            Self::Certificate => "certificate",
            Self::Login => "login",
            Self::Pasv => "PASV",
            Self::DataConnect => "data connect",
            Self::Listing => "listing",
            Self::DataTlsReuse => "data TLS, session reused",
            Self::DataTlsNoReuse => "data TLS, no reuse",
            Self::SshBanner => "SSH banner",
            Self::HostKey => "host key",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Passed,
    Failed,
    /// Not tried: an earlier step failed, or no credentials were given.
    Skipped,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "FAILED",
            Self::Skipped => "skipped",
        }
    }
}

/// A step's outcome: what was seen, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepResult {
    /// The address tried, as shown to the operator (`host:port`).
    pub target: String,
    /// `FTP`, `FTPS` or `SFTP`.
    pub protocol: String,
    pub step: StepKind,
    pub verdict: Verdict,
    /// What answered, in the operator's words (never a secret).
    pub detail: String,
    /// Written as `elapsed_ms` in the JSON report: a number needs its unit.
    #[serde(rename = "elapsed_ms", serialize_with = "millis")]
    pub elapsed: Duration,
}

fn millis<S: serde::Serializer>(elapsed: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}
