//! The few facts of an X.509 certificate the probe reports: subject, names
//! (SANs), expiry, and whether a hostname matches. A small DER walk: the
//! certificate parsers on crates.io would change the feature set of crates
//! the AWS SDK shares, which costs a full SDK rebuild.

use std::net::IpAddr;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    /// The subject's common name, if any.
    pub subject_cn: Option<String>,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<IpAddr>,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
}

impl CertFacts {
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        now > self.not_after
    }

    pub fn is_not_yet_valid(&self, now: OffsetDateTime) -> bool {
        now < self.not_before
    }

    /// Whether a client connecting to `host` accepts the name (SANs only,
    /// as browsers and current FTP clients do; `*.` covers one label).
    pub fn matches(&self, host: &str) -> bool {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return self.ip_addresses.contains(&ip);
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.dns_names.iter().any(|name| {
            let name = name.to_ascii_lowercase();
            match name.strip_prefix("*.") {
                Some(suffix) => host
                    .split_once('.')
                    .is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
                None => name == host,
            }
        })
    }

    /// `CN=ftp.example.com, SAN ftp.example.com, *.example.com`.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = self.dns_names.clone();
        names.extend(self.ip_addresses.iter().map(IpAddr::to_string));
        format!(
            "CN={}, SAN {}, valid {} to {}",
            self.subject_cn.as_deref().unwrap_or("-"),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            },
            date(self.not_before),
            date(self.not_after),
        )
    }
}

pub fn date(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

/// One DER element: its tag and contents.
struct Element<'a> {
    tag: u8,
    body: &'a [u8],
}

/// Splits the first element off `input`.
fn next(input: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[count..])
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Element {
            tag,
            body: &rest[..len],
        },
        &rest[len..],
    ))
}

fn children(mut body: &[u8]) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    while let Some((element, rest)) = next(body) {
        out.push(element);
        body = rest;
    }
    out
}

const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_SAN: &[u8] = &[0x55, 0x1d, 0x11];

/// Reads a DER certificate; `None` when it is not one.
pub fn parse(der: &[u8]) -> Option<CertFacts> {
    let (cert, _) = next(der)?;
    let (tbs, _) = next(cert.body)?;
    let mut fields = children(tbs.body).into_iter();
    let mut field = fields.next()?;
    if field.tag == 0xa0 {
        field = fields.next()?; // the version; the serial follows
    }
    let _serial = field;
    let _algorithm = fields.next()?;
    let _issuer = fields.next()?;
    let validity = children(fields.next()?.body);
    let subject = fields.next()?;
    let _key = fields.next()?;
    let not_before = asn1_time(validity.first()?)?;
    let not_after = asn1_time(validity.get(1)?)?;
    let mut facts = CertFacts {
        subject_cn: common_name(subject.body),
        dns_names: Vec::new(),
        ip_addresses: Vec::new(),
        not_before,
        not_after,
    };
    for field in fields.filter(|f| f.tag == 0xa3) {
        let Some((extensions, _)) = next(field.body) else {
            continue;
        };
        for extension in children(extensions.body) {
            let parts = children(extension.body);
            let is_san = parts.first().is_some_and(|oid| oid.body == OID_SAN);
            let Some(value) = parts.iter().rev().find(|p| p.tag == 0x04) else {
                continue;
            };
            if !is_san {
                continue;
            }
            let Some((names, _)) = next(value.body) else {
                continue;
            };
            for name in children(names.body) {
                match name.tag {
                    0x82 => facts
                        .dns_names
                        .push(String::from_utf8_lossy(name.body).into_owned()),
                    0x87 => facts.ip_addresses.extend(ip(name.body)),
                    _ => {}
                }
            }
        }
    }
    Some(facts)
}

fn common_name(name: &[u8]) -> Option<String> {
    children(name).into_iter().find_map(|set| {
        children(set.body).into_iter().find_map(|pair| {
            let parts = children(pair.body);
            if parts.first()?.body != OID_CN {
                return None;
            }
            Some(String::from_utf8_lossy(parts.get(1)?.body).into_owned())
        })
    })
}

fn ip(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
        _ => None,
    }
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
fn asn1_time(element: &Element<'_>) -> Option<OffsetDateTime> {
    let text = std::str::from_utf8(element.body).ok()?.strip_suffix('Z')?;
    let digits = |range: std::ops::Range<usize>| text.get(range)?.parse::<i32>().ok();
    let (year, rest) = match (element.tag, text.len()) {
        (0x17, 12) => {
            let yy = digits(0..2)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
        }
        (0x18, 14) => (digits(0..4)?, 4),
        _ => return None,
    };
    let part = |i: usize| digits(rest + 2 * i..rest + 2 * i + 2).and_then(|v| u8::try_from(v).ok());
    let date = Date::from_calendar_date(year, Month::try_from(part(0)?).ok()?, part(1)?).ok()?;
    let time = Time::from_hms(part(2)?, part(3)?, part(4)?).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(names: &[&str]) -> CertFacts {
        CertFacts {
            subject_cn: None,
            dns_names: names.iter().map(|n| n.to_string()).collect(),
            ip_addresses: vec!["127.0.0.1".parse().unwrap()],
            not_before: OffsetDateTime::UNIX_EPOCH,
            not_after: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn names_match_like_a_client_would() {
        let cert = facts(&["ftp.example.com", "*.corp.example.com"]);
        assert!(cert.matches("ftp.example.com"));
        assert!(cert.matches("FTP.example.com."));
        assert!(cert.matches("a.corp.example.com"));
        assert!(!cert.matches("a.b.corp.example.com"));
        assert!(!cert.matches("corp.example.com"));
        assert!(!cert.matches("other.example.com"));
        assert!(cert.matches("127.0.0.1"));
        assert!(!cert.matches("10.0.0.1"));
    }

    #[test]
    fn garbage_is_not_a_certificate() {
        assert_eq!(parse(&[]), None);
        assert_eq!(parse(&[0x30, 0x82, 0xff]), None);
        assert_eq!(parse(b"not a certificate at all"), None);
    }
}
