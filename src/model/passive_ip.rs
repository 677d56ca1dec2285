//! `ProtocolDetails.PassiveIp`: `AUTO`, or the IPv4 address FTP clients are
//! told to open data connections to (`0.0.0.0` means "reuse the control
//! connection's address").

use std::fmt;
use std::net::Ipv4Addr;

/// The API model allows at most 15 characters: a dotted quad fits exactly.
const MAX_LEN: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassiveIp {
    Auto,
    Address(Ipv4Addr),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassiveIpError {
    #[error("PassiveIp is empty: type AUTO or an IPv4 address such as 10.0.1.15")]
    Empty,
    #[error("PassiveIp is {0} characters long; at most 15 are allowed")]
    TooLong(usize),
    #[error("{0:?} is neither AUTO nor an IPv4 address in dotted-quad form (a.b.c.d)")]
    NotAnAddress(String),
}

impl PassiveIp {
    /// Parses what an operator typed. Surrounding blanks are forgiven;
    /// `auto` in any case means AUTO.
    pub fn parse(input: &str) -> Result<Self, PassiveIpError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(PassiveIpError::Empty);
        }
        if text.chars().count() > MAX_LEN {
            return Err(PassiveIpError::TooLong(text.chars().count()));
        }
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        // std's parser accepts only the strict a.b.c.d form (no octal, no
        // shortened forms), which is what AWS accepts.
        text.parse::<Ipv4Addr>()
            .map(Self::Address)
            .map_err(|_| PassiveIpError::NotAnAddress(text.to_string()))
    }

    /// "Reuse the control connection's address": the value for an NLB
    /// spread over several subnets.
    pub fn reuses_control_address(&self) -> bool {
        matches!(self, Self::Address(ip) if ip.is_unspecified())
    }
}

/// Where a PassiveIp sends FTP clients' data connections, judged against
/// the addresses of the server's own VPC endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassiveTarget {
    /// AUTO: each endpoint address hands out its own.
    Auto,
    /// `0.0.0.0`: the control connection's address, as an NLB spread over
    /// several subnets needs.
    ControlAddress,
    /// One of the endpoint's private addresses: one subnet in one AZ.
    OwnPrivate,
    /// One of the endpoint's Elastic IPs: one AZ's.
    OwnPublic,
    /// Not the endpoint's: a load balancer in front, or a mistake.
    Elsewhere,
}

impl PassiveTarget {
    /// `private` and `public` are the endpoint's interfaces' addresses.
    pub fn of<'a>(
        passive_ip: PassiveIp,
        private: impl IntoIterator<Item = &'a str>,
        public: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let PassiveIp::Address(ip) = passive_ip else {
            return Self::Auto;
        };
        if ip.is_unspecified() {
            return Self::ControlAddress;
        }
        let ip = ip.to_string();
        if private.into_iter().any(|own| own == ip) {
            Self::OwnPrivate
        } else if public.into_iter().any(|own| own == ip) {
            Self::OwnPublic
        } else {
            Self::Elsewhere
        }
    }

    /// Whether the setting only makes sense with a load balancer in front.
    pub fn implies_load_balancer(&self) -> bool {
        matches!(self, Self::ControlAddress | Self::Elsewhere)
    }
}

/// The warning for a private endpoint address given to internet clients.
pub fn private_address_warning(address: &str) -> String {
    format!(
        "{address} is a private address of one subnet: internet clients would be sent a private, single-AZ address and their data connections would fail"
    )
}

impl fmt::Display for PassiveIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("AUTO"),
            Self::Address(ip) => write!(f, "{ip}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_auto_in_any_case_and_dotted_quads() {
        assert_eq!(PassiveIp::parse("AUTO"), Ok(PassiveIp::Auto));
        assert_eq!(PassiveIp::parse(" auto "), Ok(PassiveIp::Auto));
        assert_eq!(
            PassiveIp::parse("10.2.1.151"),
            Ok(PassiveIp::Address(Ipv4Addr::new(10, 2, 1, 151)))
        );
        assert!(
            PassiveIp::parse("0.0.0.0")
                .unwrap()
                .reuses_control_address()
        );
    }

    #[test]
    fn rejects_what_aws_rejects() {
        for bad in [
            "10.0.0.300",
            "foo",
            "1.2.3",
            "1.2.3.4.5",
            "010.1.1.1",
            "::1",
            "-1.2.3.4",
        ] {
            assert!(PassiveIp::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(PassiveIp::parse(""), Err(PassiveIpError::Empty));
        assert_eq!(
            PassiveIp::parse("1234567890123456"),
            Err(PassiveIpError::TooLong(16))
        );
    }

    proptest! {
        #[test]
        fn every_ipv4_address_round_trips(a: u8, b: u8, c: u8, d: u8) {
            let ip = Ipv4Addr::new(a, b, c, d);
            let parsed = PassiveIp::parse(&ip.to_string()).unwrap();
            prop_assert_eq!(parsed, PassiveIp::Address(ip));
            prop_assert_eq!(parsed.to_string(), ip.to_string());
        }

        #[test]
        fn never_panics_and_accepts_only_short_values(s in "\\PC{0,40}") {
            if let Ok(value) = PassiveIp::parse(&s) {
                prop_assert!(value.to_string().len() <= MAX_LEN);
            }
        }
    }
}
