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

use super::context::{Context, ContextValue};
use super::document::Condition;
use super::pattern::{self, Tok};
use super::tri::Tri;
use super::values::{cidr, date, in_network, number};
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
        Base::IpAddress => match (value.trim().parse::<std::net::IpAddr>(), cidr(want)) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
