//! The typed values of condition operators: numbers, dates and IP
//! networks, read as IAM reads them (where simple: see `date`).

use std::net::IpAddr;

pub fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Seconds since the epoch, in milliseconds: an integer of seconds, or ISO
/// 8601 `YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z|±hh:mm]` (no zone means UTC).
pub fn date(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let (day, time) = match text.split_once(['T', 't']) {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let mut parts = day.split('-');
    let year: i64 = digits(parts.next()?, 4)?;
    let month: i64 = digits(parts.next()?, 2)?;
    let dom: i64 = digits(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&dom) {
        return None;
    }
    let mut millis = days_from_civil(year, month, dom) * 86_400_000;
    if let Some(time) = time {
        let (clock, offset) = split_zone(time)?;
        let mut fields = clock.split(':');
        let hour: i64 = digits(fields.next()?, 2)?;
        let minute: i64 = digits(fields.next()?, 2)?;
        let (second, frac) = match fields.next() {
            None => (0, 0),
            Some(sec) => match sec.split_once('.') {
                None => (digits(sec, 2)?, 0),
                Some((whole, frac)) => {
                    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let first3: String = frac.chars().chain("000".chars()).take(3).collect();
                    (digits(whole, 2)?, first3.parse::<i64>().ok()?)
                }
            },
        };
        if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        millis += ((hour * 60 + minute) * 60 + second) * 1000 + frac - offset * 60_000;
    }
    Some(millis)
}

/// `hh:mm:ss` and the zone's offset east of UTC in minutes.
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    if let Some(at) = time.rfind(['+', '-']) {
        let (clock, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone[1..].split_once(':').unwrap_or((&zone[1..], "00"));
        let minutes = digits(h, 2)? * 60 + digits(m, 2)?;
        return Some((clock, sign * minutes));
    }
    Some((time, 0))
}

fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `10.0.0.0/8`, `2001:db8::/32`, or a bare address (all of its bits).
pub fn cidr(text: &str) -> Option<(IpAddr, u32)> {
    let text = text.trim();
    let (address, bits) = match text.split_once('/') {
        Some((address, bits)) => (
            address.parse::<IpAddr>().ok()?,
            Some(bits.parse::<u32>().ok()?),
        ),
        None => (text.parse::<IpAddr>().ok()?, None),
    };
    let width = if address.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(width);
    (bits <= width).then_some((address, bits))
}

pub fn in_network(address: IpAddr, network: IpAddr, bits: u32) -> bool {
    let (have, want, width) = match (address, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(u32::from(a)), u128::from(u32::from(n)), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (u128::from(a), u128::from(n), 128),
        _ => return false,
    };
    if bits == 0 {
        return true;
    }
    let shift = width - bits;
    (have >> shift) == (want >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_policies_use() {
        assert_eq!(date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(date("1970-01-02"), Some(86_400_000));
        assert_eq!(date("86400"), Some(86_400_000));
        assert_eq!(
            date("2020-03-01T01:00:00+01:00"),
            date("2020-03-01T00:00:00Z")
        );
        assert_eq!(date("2019-12-31T23:59:59.5Z").map(|m| m % 1000), Some(500));
        assert!(date("2020-02-30x").is_none());
        assert!(date("tomorrow").is_none());
        assert!(date("2020-13-01").is_none());
        assert!(date("2024-06-01T10:00:00Z") > date("2024-05-31T23:59:59Z"));
    }

    #[test]
    fn addresses_in_networks() {
        let (net, bits) = cidr("203.0.113.0/24").unwrap();
        assert!(in_network("203.0.113.9".parse().unwrap(), net, bits));
        assert!(!in_network("203.0.114.9".parse().unwrap(), net, bits));
        let (net, bits) = cidr("2001:db8::/32").unwrap();
        assert!(in_network("2001:db8::1".parse().unwrap(), net, bits));
        assert!(!in_network("10.0.0.1".parse().unwrap(), net, bits));
        assert!(cidr("10.0.0.0/33").is_none());
        let (net, bits) = cidr("0.0.0.0/0").unwrap();
        assert!(in_network("198.51.100.1".parse().unwrap(), net, bits));
    }
}
