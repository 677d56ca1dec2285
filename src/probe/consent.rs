//! When the probe may send a password. A login over plain FTP, to a host
//! whose certificate does not verify, or to an address that is not one of
//! the server's own, needs the operator's acceptance of that risk: a flag
//! on the command line, a confirmation in the console. Without it the
//! login is withheld and the step says why.

/// One way a password could be read or land in the wrong hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// Plain FTP: anyone on the path reads it.
    Cleartext,
    /// FTPS whose certificate does not verify for the name probed.
    Unverified { reason: String },
    /// Not one of the addresses AWS reports for the server.
    UnknownAddress,
}

impl Risk {
    fn same_kind(&self, other: &Risk) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The command-line flag that accepts this risk.
    pub fn flag(&self) -> &'static str {
        match self {
            Self::Cleartext => "--allow-cleartext",
            Self::Unverified { .. } | Self::UnknownAddress => "--allow-unverified",
        }
    }
}

/// A login the probe would make, and what it risks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub user: String,
    /// `host:port`, as in the step results.
    pub target: String,
    pub protocol: String,
    pub risks: Vec<Risk>,
}

impl Exposure {
    /// "sends partner-a's password in clear to 10.2.1.5:21, ..."
    pub fn describe(&self) -> String {
        let clear = if self.risks.contains(&Risk::Cleartext) {
            " in clear"
        } else {
            ""
        };
        let mut text = format!("sends {}'s password{clear} to {}", self.user, self.target);
        for risk in &self.risks {
            match risk {
                Risk::Cleartext => {}
                Risk::Unverified { reason } => {
                    text.push_str(&format!(", whose certificate does not verify ({reason})"));
                }
                Risk::UnknownAddress => {
                    text.push_str(", which is not one of the server's known addresses");
                }
            }
        }
        text
    }

    /// The flags that accept every risk of this login.
    pub fn flags(&self) -> String {
        let mut flags: Vec<&str> = self.risks.iter().map(Risk::flag).collect();
        flags.dedup();
        flags.join(" ")
    }
}

/// What the operator accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// Every plain FTP login (`--allow-cleartext`).
    pub cleartext: bool,
    /// Every login to an unverified certificate or an unknown address
    /// (`--allow-unverified`).
    pub unverified: bool,
    /// These logins, each with the risks shown (the console's confirmation).
    pub exposures: Vec<Exposure>,
}

impl Consent {
    /// Whether every risk of `exposure` was accepted.
    pub fn covers(&self, exposure: &Exposure) -> bool {
        let by_flags = exposure.risks.iter().all(|risk| match risk {
            Risk::Cleartext => self.cleartext,
            Risk::Unverified { .. } | Risk::UnknownAddress => self.unverified,
        });
        let shown = self.exposures.iter().any(|accepted| {
            accepted.user == exposure.user
                && accepted.target == exposure.target
                && accepted.protocol == exposure.protocol
                && exposure
                    .risks
                    .iter()
                    .all(|risk| accepted.risks.iter().any(|a| a.same_kind(risk)))
        });
        by_flags || shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exposure(risks: Vec<Risk>) -> Exposure {
        Exposure {
            user: "partner-a".into(),
            target: "10.2.1.5:21".into(),
            protocol: "FTP".into(),
            risks,
        }
    }

    #[test]
    fn the_risk_is_named() {
        let clear = exposure(vec![Risk::Cleartext, Risk::UnknownAddress]);
        assert_eq!(
            clear.describe(),
            "sends partner-a's password in clear to 10.2.1.5:21, which is not one of the server's known addresses"
        );
        assert_eq!(clear.flags(), "--allow-cleartext --allow-unverified");
    }

    #[test]
    fn each_risk_needs_its_own_acceptance() {
        let clear = exposure(vec![Risk::Cleartext]);
        let unknown = exposure(vec![Risk::Cleartext, Risk::UnknownAddress]);
        assert!(!Consent::default().covers(&clear));
        let cleartext = Consent {
            cleartext: true,
            ..Consent::default()
        };
        assert!(cleartext.covers(&clear));
        assert!(!cleartext.covers(&unknown));
        // A confirmed login covers that login only, with the risks shown.
        let confirmed = Consent {
            exposures: vec![clear.clone()],
            ..Consent::default()
        };
        assert!(confirmed.covers(&clear));
        assert!(!confirmed.covers(&unknown));
        let mut elsewhere = clear.clone();
        elsewhere.target = "10.2.1.6:21".into();
        assert!(!confirmed.covers(&elsewhere));
    }
}
