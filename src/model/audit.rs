//! One change the console made (or tried to make), as the audit log keeps it.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// `default` when no profile was named.
    pub profile: String,
    pub region: String,
    pub server: String,
    /// The API member changed (`PassiveIp`), or `State` for a stop or start.
    pub field: String,
    pub before: Option<String>,
    pub after: String,
    /// `ok`, or what went wrong (`STOP_FAILED`, an AWS error, a time-out,
    /// `abandoned: ...` when the console quit mid-way).
    pub outcome: String,
}
