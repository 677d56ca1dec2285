//! One change to a server's ProtocolDetails. The console changes one member
//! at a time; the `aws` layer sends every other member exactly as AWS last
//! described it, so nothing the console does not model is reset.

use std::fmt;

use super::{PassiveIp, ProtocolDetails, Server};

/// `ProtocolDetails.TlsSessionResumptionMode` (FTPS only). ENFORCED is AWS's
/// default; ENABLED also lets clients in that cannot reuse TLS sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsResumption {
    Disabled,
    Enabled,
    Enforced,
}

impl TlsResumption {
    pub const ALL: [Self; 3] = [Self::Disabled, Self::Enabled, Self::Enforced];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Disabled => "DISABLED",
            Self::Enabled => "ENABLED",
            Self::Enforced => "ENFORCED",
        }
    }

    /// What the mode means to the FTPS clients, for the chooser.
    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Disabled => "no TLS session resumption",
            Self::Enabled => "resumption offered; clients that cannot resume still work",
            Self::Enforced => "clients must reuse the TLS session (522 otherwise)",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == text)
    }
}

impl fmt::Display for TlsResumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `ProtocolDetails.SetStatOption`. Some SFTP clients (WinSCP among them)
/// send SETSTAT after an upload to set its time or mode, which S3 cannot
/// store: the upload then fails unless the server ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetStat {
    Default,
    EnableNoOp,
}

impl SetStat {
    pub const ALL: [Self; 2] = [Self::Default, Self::EnableNoOp];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Default => "DEFAULT",
            Self::EnableNoOp => "ENABLE_NO_OP",
        }
    }

    /// What the option means to the clients, for the chooser.
    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Default => "SETSTAT is refused: uploads from clients that send it fail",
            Self::EnableNoOp => "SETSTAT is ignored: those uploads succeed",
        }
    }
}

impl fmt::Display for SetStat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolChange {
    TlsSessionResumptionMode(TlsResumption),
    PassiveIp(PassiveIp),
    SetStatOption(SetStat),
}

impl ProtocolChange {
    /// The member's name as the API spells it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::TlsSessionResumptionMode(_) => "TlsSessionResumptionMode",
            Self::PassiveIp(_) => "PassiveIp",
            Self::SetStatOption(_) => "SetStatOption",
        }
    }

    /// The new value as it is sent.
    pub fn value(&self) -> String {
        match self {
            Self::TlsSessionResumptionMode(mode) => mode.to_string(),
            Self::PassiveIp(ip) => ip.to_string(),
            Self::SetStatOption(option) => option.to_string(),
        }
    }

    /// The member this change is about, as `details` have it now.
    pub fn current(&self, details: &ProtocolDetails) -> Option<String> {
        match self {
            Self::TlsSessionResumptionMode(_) => details.tls_session_resumption_mode.clone(),
            Self::PassiveIp(_) => details.passive_ip.clone(),
            Self::SetStatOption(_) => details.set_stat_option.clone(),
        }
    }

    /// A new PassiveIp reaches clients only after a stop and a start.
    pub fn needs_restart(&self) -> bool {
        matches!(self, Self::PassiveIp(_))
    }
}

/// What an update did: the member's value before it, and the server as AWS
/// describes it afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolUpdate {
    pub before: Option<String>,
    pub server: Box<Server>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip_and_unknown_text_is_not_a_mode() {
        for mode in TlsResumption::ALL {
            assert_eq!(TlsResumption::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(TlsResumption::parse("enabled"), None);
    }

    #[test]
    fn only_passive_ip_needs_a_restart() {
        assert!(ProtocolChange::PassiveIp(PassiveIp::Auto).needs_restart());
        let tls = ProtocolChange::TlsSessionResumptionMode(TlsResumption::Enabled);
        assert!(!tls.needs_restart());
        assert_eq!(tls.field(), "TlsSessionResumptionMode");
        assert_eq!(tls.value(), "ENABLED");
    }
}
