//! The Condition element: each operator and key against the request
//! context, per AWS's documented rules:
//! - several operators, and several keys under one operator: AND;
//! - several values for one key: OR, and NOR for a negated operator;
//! - a key absent from the context: false, but true for a negated operator
//!   (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...); `...IfExists`
//!   is true and `Null` tests the absence itself;
//! - `ForAnyValue:` needs one context value to satisfy the operator (false
//!   when the key is absent), `ForAllValues:` needs every one (true when the
//!   key is absent or empty);
//! - a key whose value is Unknown, or an operator not evaluated here,
//!   leaves the condition open (Maybe) rather than guessed.

use std::net::IpAddr;

use super::context::{Context, ContextValue};
use super::document::Condition;
use super::pattern::{self, Tok};
use super::tri::Tri;
use super::variables::{Resolved, resolve};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    IpAddress,
    Arn,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetOp {
    AnyValue,
    AllValues,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Operator {
    base: Base,
    negated: bool,
    if_exists: bool,
    set: Option<SetOp>,
}

/// The operators evaluated here, without qualifier or IfExists.
pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

fn operator(name: &str) -> Option<Operator> {
    let (set, rest) = if let Some(rest) = strip_prefix_ci(name, "ForAnyValue:") {
        (Some(SetOp::AnyValue), rest)
    } else if let Some(rest) = strip_prefix_ci(name, "ForAllValues:") {
        (Some(SetOp::AllValues), rest)
    } else {
        (None, name)
    };
    let (if_exists, base) = match strip_suffix_ci(rest, "IfExists") {
        Some(base) => (true, base),
        None => (false, rest),
    };
    let (base, negated) = match base.to_ascii_lowercase().as_str() {
        "stringequals" => (Base::StringEquals, false),
        "stringnotequals" => (Base::StringEquals, true),
        "stringequalsignorecase" => (Base::StringEqualsIgnoreCase, false),
        "stringnotequalsignorecase" => (Base::StringEqualsIgnoreCase, true),
        "stringlike" => (Base::StringLike, false),
        "stringnotlike" => (Base::StringLike, true),
        "numericequals" => (Base::Numeric(Cmp::Eq), false),
        "numericnotequals" => (Base::Numeric(Cmp::Eq), true),
        "numericlessthan" => (Base::Numeric(Cmp::Lt), false),
        "numericlessthanequals" => (Base::Numeric(Cmp::Le), false),
        "numericgreaterthan" => (Base::Numeric(Cmp::Gt), false),
        "numericgreaterthanequals" => (Base::Numeric(Cmp::Ge), false),
        "dateequals" => (Base::Date(Cmp::Eq), false),
        "datenotequals" => (Base::Date(Cmp::Eq), true),
        "datelessthan" => (Base::Date(Cmp::Lt), false),
        "datelessthanequals" => (Base::Date(Cmp::Le), false),
        "dategreaterthan" => (Base::Date(Cmp::Gt), false),
        "dategreaterthanequals" => (Base::Date(Cmp::Ge), false),
        "bool" => (Base::Bool, false),
        "ipaddress" => (Base::IpAddress, false),
        "notipaddress" => (Base::IpAddress, true),
        "arnequals" | "arnlike" => (Base::Arn, false),
        "arnnotequals" | "arnnotlike" => (Base::Arn, true),
        "null" => (Base::Null, false),
        _ => return None,
    };
    // Null tests presence itself: neither IfExists nor a set qualifier.
    if base == Base::Null && (if_exists || set.is_some()) {
        return None;
    }
    Some(Operator {
        base,
        negated,
        if_exists,
        set,
    })
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

/// One `"Operator": {"key": values}` entry against the context.
pub fn evaluate(condition: &Condition, context: &Context, variables: bool) -> Tri {
    let Some(op) = operator(&condition.operator) else {
        return Tri::Maybe(format!("operator {}", condition.operator));
    };
    let values = match context.get(&condition.key) {
        Some(ContextValue::Unknown) => return Tri::Maybe(condition.key.clone()),
        Some(ContextValue::Values(values)) if !values.is_empty() => values,
        // Absent (an empty set counts as absent).
        _ => return absent(op, &condition.values),
    };
    if op.base == Base::Null {
        // Present: true only where the policy says "false".
        return Tri::any(
            condition
                .values
                .iter()
                .map(|want| Tri::from_bool(want.eq_ignore_ascii_case("false"))),
        );
    }
    let one = |value: &str| {
        let matched = Tri::any(
            condition
                .values
                .iter()
                .map(|want| matches(op.base, value, want, context, variables)),
        );
        if op.negated {
            matched.negate()
        } else {
            matched
        }
    };
    match op.set {
        Some(SetOp::AnyValue) => Tri::any(values.iter().map(|value| one(value))),
        Some(SetOp::AllValues) => Tri::all(values.iter().map(|value| one(value))),
        None if values.len() == 1 => one(&values[0]),
        // Several values for a key tested as single-valued: AWS leaves the
        // reading to the set qualifiers, so this is not decided here.
        None => Tri::Maybe(format!(
            "{} (several values, and {} without ForAnyValue/ForAllValues)",
            condition.key, condition.operator
        )),
    }
}

/// The key is not in the request.
fn absent(op: Operator, wanted: &[String]) -> Tri {
    if op.base == Base::Null {
        return Tri::any(
            wanted
                .iter()
                .map(|want| Tri::from_bool(want.eq_ignore_ascii_case("true"))),
        );
    }
    Tri::from_bool(match op.set {
        Some(SetOp::AllValues) => true,
        Some(SetOp::AnyValue) => op.if_exists,
        None => op.if_exists || op.negated,
    })
}

/// Whether the context value matches one policy value (before negation).
fn matches(base: Base, value: &str, want: &str, context: &Context, variables: bool) -> Tri {
    match base {
        Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike | Base::Arn => {
            let tokens = match resolve(want, context, variables) {
                Resolved::Pattern(tokens) => tokens,
                Resolved::NoValue => return Tri::No,
                Resolved::Unknown(key) => return Tri::Maybe(key),
            };
            Tri::from_bool(match base {
                Base::StringEquals => literal(&tokens) == value,
                Base::StringEqualsIgnoreCase => {
                    literal(&tokens).to_lowercase() == value.to_lowercase()
                }
                Base::StringLike => pattern::matches(&tokens, value, false),
                _ => pattern::arn_matches(&tokens, value),
            })
        }
        Base::Numeric(cmp) => match (number(value), number(want)) {
            (Some(have), Some(want)) => Tri::from_bool(compare(cmp, have, want)),
            _ => Tri::No,
        },
        Base::Date(cmp) => match (date(value), date(want)) {
            (Some(have), Some(want)) => Tri::from_bool(compare(cmp, have as f64, want as f64)),
            // A policy date this reader does not understand: not guessed.
            (_, None) => Tri::Maybe(format!("date {want:?} not understood")),
            (None, Some(_)) => Tri::No,
        },
        Base::Bool => Tri::from_bool(
            (value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"))
                && value.eq_ignore_ascii_case(want),
        ),
        Base::IpAddress => match (value.trim().parse::<IpAddr>(), cidr(want)) {
            (Ok(address), Some((network, bits))) => {
                Tri::from_bool(in_network(address, network, bits))
            }
            _ => Tri::No,
        },
        Base::Null => Tri::No,
    }
}

/// The policy value as plain text: in the Equals operators a `*` is a star.
fn literal(tokens: &[Tok]) -> String {
    tokens
        .iter()
        .map(|tok| match tok {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::One => '?',
        })
        .collect()
}

fn compare(cmp: Cmp, have: f64, want: f64) -> bool {
    match cmp {
        Cmp::Eq => have == want,
        Cmp::Lt => have < want,
        Cmp::Le => have <= want,
        Cmp::Gt => have > want,
        Cmp::Ge => have >= want,
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Seconds since the epoch, in milliseconds: an integer of seconds, or ISO
/// 8601 `YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z|±hh:mm]` (no zone means UTC).
pub(crate) fn date(text: &str) -> Option<i64> {
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
fn cidr(text: &str) -> Option<(IpAddr, u32)> {
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

fn in_network(address: IpAddr, network: IpAddr, bits: u32) -> bool {
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

    #[test]
    fn operator_names() {
        assert!(operator("ForAnyValue:StringLikeIfExists").is_some());
        assert!(operator("stringequals").is_some());
        assert!(operator("BinaryEquals").is_none());
        assert!(operator("NullIfExists").is_none());
        assert!(operator("ForAllValues:Null").is_none());
        for name in OPERATORS {
            assert!(operator(name).is_some(), "{name}");
        }
    }
}
