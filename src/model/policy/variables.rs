//! Policy variables: `${aws:username}`, `${transfer:HomeDirectory}`, with an
//! optional default (`${aws:username, 'nobody'}`) and the escapes `${*}`,
//! `${?}` and `${$}`. Only documents of Version 2012-10-17 have them; in
//! others the text is literal.

use super::context::{Context, ContextValue};
use super::pattern::{Tok, glob};

/// A policy value once its variables are replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Wildcards from the policy text stay wildcards; text from a variable
    /// and the escapes are literal.
    Pattern(Vec<Tok>),
    /// A variable has no value and no default: AWS documents the value as
    /// null, equal to and like nothing, so the element matches nothing.
    NoValue,
    /// A variable names a key the console cannot know.
    Unknown(String),
}

pub fn resolve(text: &str, context: &Context, variables: bool) -> Resolved {
    if !variables || !text.contains("${") {
        return Resolved::Pattern(glob(text));
    }
    let mut out = Vec::new();
    let mut unknown = None;
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.extend(glob(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // No closing brace: not a variable, literal text.
            out.extend(glob(&rest[start..]));
            rest = "";
            break;
        };
        let inner = &after[..end];
        match variable(inner, context) {
            Some(Found::Text(value)) => out.extend(value.chars().map(Tok::Lit)),
            Some(Found::Nothing) => return Resolved::NoValue,
            Some(Found::Unknown(key)) => {
                unknown.get_or_insert(key);
            }
            None => out.extend(glob(&rest[start..start + 2 + end + 1])),
        }
        rest = &after[end + 1..];
    }
    out.extend(glob(rest));
    match unknown {
        Some(key) => Resolved::Unknown(key),
        None => Resolved::Pattern(out),
    }
}

enum Found {
    Text(String),
    Nothing,
    Unknown(String),
}

/// The value of one `${...}`; `None` when it is not a well-formed variable
/// (then it is literal text).
fn variable(inner: &str, context: &Context) -> Option<Found> {
    let inner = inner.trim();
    match inner {
        "*" | "?" | "$" => return Some(Found::Text(inner.to_string())),
        "" => return None,
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        None => (inner, None),
        Some((key, default)) => (key.trim(), Some(quoted(default.trim())?)),
    };
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    Some(match context.get(key) {
        Some(ContextValue::Values(values)) if values.len() == 1 => Found::Text(values[0].clone()),
        Some(ContextValue::Unknown) => Found::Unknown(key.to_string()),
        // Absent, or multivalued (which cannot be a variable).
        _ => match default {
            Some(default) => Found::Text(default),
            None => Found::Nothing,
        },
    })
}

/// `'text'`, with `''` for a quote inside.
fn quoted(text: &str) -> Option<String> {
    let body = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Vec<Tok> {
        text.chars().map(Tok::Lit).collect()
    }

    #[test]
    fn replaces_variables_with_literal_text() {
        let context = Context::new()
            .with("aws:username", "a*b")
            .with_unknown("aws:sourceVpce");
        let Resolved::Pattern(tokens) = resolve("home/${aws:username}/*", &context, true) else {
            panic!("not resolved");
        };
        let mut want = lit("home/a*b/");
        want.push(Tok::Star);
        assert_eq!(tokens, want);
        assert_eq!(resolve("${aws:userid}", &context, true), Resolved::NoValue);
        assert_eq!(
            resolve("${aws:userid, 'it''s'}", &context, true),
            Resolved::Pattern(lit("it's"))
        );
        assert_eq!(
            resolve("${*}${?}${$}", &context, true),
            Resolved::Pattern(lit("*?$"))
        );
        assert_eq!(
            resolve("${aws:SOURCEVPCE}", &context, true),
            Resolved::Unknown("aws:SOURCEVPCE".to_string())
        );
        // Version 2008-10-17: literal text.
        assert_eq!(
            resolve("${aws:username}", &context, false),
            Resolved::Pattern(lit("${aws:username}"))
        );
        assert_eq!(
            resolve("${unclosed", &context, true),
            Resolved::Pattern(lit("${unclosed"))
        );
    }
}
