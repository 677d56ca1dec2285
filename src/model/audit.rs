//! One change the console made (or tried to make), as the audit log keeps it.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// `default` when no profile was named.
    pub profile: String,
    pub region: String,
    /// The account the credentials belong to (STS GetCallerIdentity);
    /// `null` before it is known.
    pub account: Option<String>,
    /// The endpoint the calls went to, when not AWS's own (an emulator or
    /// a VPC endpoint): such changes are told from real ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub server: String,
    /// The API member changed (`PassiveIp`), or `State` for a stop or start.
    pub field: String,
    pub before: Option<String>,
    pub after: String,
    /// `ok`, or what went wrong (`STOP_FAILED`, an AWS error, a time-out,
    /// `abandoned: ...` when the console quit mid-way).
    pub outcome: String,
}

impl AuditEntry {
    /// The entry with every field made inert ([`crate::model::text::inert`]):
    /// values and outcomes quote AWS data and error messages, and the log
    /// is read with `cat`, `tail -f` and `jq -r`, which would pass a control
    /// character on to the terminal.
    pub fn inert(&self) -> Self {
        use crate::model::text::inert;
        Self {
            profile: inert(&self.profile).into_owned(),
            region: inert(&self.region).into_owned(),
            account: self.account.as_deref().map(|a| inert(a).into_owned()),
            endpoint: self.endpoint.as_deref().map(|e| inert(e).into_owned()),
            server: inert(&self.server).into_owned(),
            field: inert(&self.field).into_owned(),
            before: self.before.as_deref().map(|b| inert(b).into_owned()),
            after: inert(&self.after).into_owned(),
            outcome: inert(&self.outcome).into_owned(),
        }
    }
}
