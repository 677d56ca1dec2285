//! IAM's wildcards: `*` (any run of characters, none included) and `?`
//! (exactly one character), matched without backtracking so that no policy
//! text, however long or starred, can make a check slow.
//!
//! Besides "does this pattern match this string", it answers "does it match
//! every string that starts with this prefix" (coverage of `home/*`) and
//! "does it match some of them" (a Deny reaching part of a home).

/// One element of a pattern. Text that came from a policy variable, and the
/// escapes `${*}` and `${?}`, are literal characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Lit(char),
    Star,
    One,
}

/// How much of a set of strings a pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    All,
    Part,
    None,
}

/// Reads `*` and `?` as wildcards and everything else literally.
pub fn glob(text: &str) -> Vec<Tok> {
    text.chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            other => Tok::Lit(other),
        })
        .collect()
}

/// The positions of the pattern reachable after reading `text` from the
/// start (a set over `0..=pattern.len()`).
fn run(pattern: &[Tok], text: &str, fold_case: bool) -> Vec<bool> {
    let mut states = vec![false; pattern.len() + 1];
    states[0] = true;
    close(pattern, &mut states);
    for c in text.chars() {
        let mut next = vec![false; pattern.len() + 1];
        let mut any = false;
        for (i, tok) in pattern.iter().enumerate() {
            if !states[i] {
                continue;
            }
            let to = match tok {
                Tok::Star => i,
                Tok::One => i + 1,
                Tok::Lit(l) if same(*l, c, fold_case) => i + 1,
                Tok::Lit(_) => continue,
            };
            next[to] = true;
            any = true;
        }
        if !any {
            return next;
        }
        close(pattern, &mut next);
        states = next;
    }
    states
}

/// A star may match nothing: whoever stands on one also stands after it.
fn close(pattern: &[Tok], states: &mut [bool]) {
    for i in 0..pattern.len() {
        if states[i] && pattern[i] == Tok::Star {
            states[i + 1] = true;
        }
    }
}

fn same(a: char, b: char, fold_case: bool) -> bool {
    if fold_case {
        a.to_lowercase().eq(b.to_lowercase())
    } else {
        a == b
    }
}

/// Whether the pattern matches the whole of `text`.
pub fn matches(pattern: &[Tok], text: &str, fold_case: bool) -> bool {
    run(pattern, text, fold_case)[pattern.len()]
}

/// How much of { `prefix` followed by any string } the pattern matches.
/// All: some position reached after the prefix is followed by stars only.
/// Part: the pattern is still alive after the prefix (any live glob
/// suffix matches at least one string). None: it died inside the prefix.
pub fn reach_under(pattern: &[Tok], prefix: &str, fold_case: bool) -> Reach {
    let states = run(pattern, prefix, fold_case);
    let mut alive = false;
    for (i, on) in states.iter().enumerate() {
        if !on {
            continue;
        }
        alive = true;
        // Stars only, and at least one: every continuation is matched.
        if i < pattern.len() && pattern[i..].iter().all(|tok| *tok == Tok::Star) {
            return Reach::All;
        }
    }
    if alive { Reach::Part } else { Reach::None }
}

/// Splits an ARN pattern into its six colon-separated parts; the last part
/// (the resource) keeps any further colons. `None` when it has fewer.
fn arn_parts(pattern: &[Tok]) -> Option<Vec<&[Tok]>> {
    let mut parts = Vec::with_capacity(6);
    let mut start = 0;
    for (i, tok) in pattern.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *tok == Tok::Lit(':') {
            parts.push(&pattern[start..i]);
            start = i + 1;
        }
    }
    if parts.len() < 5 {
        return None;
    }
    parts.push(&pattern[start..]);
    Some(parts)
}

fn text_parts(text: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    (parts.len() == 6).then_some(parts)
}

/// ARN matching as IAM does it for Resource and the Arn* operators: each of
/// the six parts separately, case-sensitive, so a `*` in the region does not
/// run into the account. A pattern that is not an ARN (`*`) is matched whole.
pub fn arn_matches(pattern: &[Tok], arn: &str) -> bool {
    match (arn_parts(pattern), text_parts(arn)) {
        (Some(pattern), Some(arn)) => pattern
            .iter()
            .zip(arn.iter())
            .all(|(p, t)| matches(p, t, false)),
        (None, _) => matches(pattern, arn, false),
        (Some(_), None) => false,
    }
}

/// [`reach_under`] for ARNs: `prefix` must hold all six parts (it ends in
/// the resource part, which the open suffix extends).
pub fn arn_reach_under(pattern: &[Tok], prefix: &str) -> Reach {
    match (arn_parts(pattern), text_parts(prefix)) {
        (Some(pattern), Some(arn)) => {
            let fixed = pattern[..5]
                .iter()
                .zip(arn[..5].iter())
                .all(|(p, t)| matches(p, t, false));
            if fixed {
                reach_under(pattern[5], arn[5], false)
            } else {
                Reach::None
            }
        }
        (None, _) => reach_under(pattern, prefix, false),
        (Some(_), None) => Reach::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches(&glob("s3:Get*"), "s3:GetObject", false));
        assert!(matches(&glob("s3:get*"), "S3:GetObject", true));
        assert!(!matches(&glob("s3:get*"), "s3:GetObject", false));
        assert!(matches(&glob("a?c"), "abc", false));
        assert!(!matches(&glob("a?c"), "ac", false));
        assert!(matches(&glob("*"), "", false));
        assert!(matches(&glob("a**b"), "ab", false));
        assert!(!matches(&glob("a*b"), "abc", false));
    }

    #[test]
    fn reach_of_a_prefix() {
        // A pattern that ends where the prefix ends matches the prefix alone.
        assert_eq!(reach_under(&glob(""), "", false), Reach::Part);
        assert_eq!(reach_under(&glob("home/"), "home/", false), Reach::Part);
        assert_eq!(
            reach_under(&glob("home/*"), "home/alice/", false),
            Reach::All
        );
        assert_eq!(
            reach_under(&glob("home/alice/*"), "home/alice/", false),
            Reach::All
        );
        assert_eq!(
            reach_under(&glob("home/alice/a*"), "home/alice/", false),
            Reach::Part
        );
        assert_eq!(
            reach_under(&glob("home/alice/*.csv"), "home/alice/", false),
            Reach::Part
        );
        assert_eq!(
            reach_under(&glob("home/alice/?*"), "home/alice/", false),
            Reach::Part
        );
        assert_eq!(
            reach_under(&glob("home/bob/*"), "home/alice/", false),
            Reach::None
        );
        assert_eq!(
            reach_under(&glob("home/alice"), "home/alice/", false),
            Reach::None
        );
        assert_eq!(
            reach_under(&glob("*/alice/*"), "home/alice/", false),
            Reach::All
        );
    }

    #[test]
    fn arn_parts_are_matched_apart() {
        let arn = "arn:aws:lambda:us-east-1:111122223333:function:idp";
        assert!(arn_matches(
            &glob("arn:aws:lambda:*:111122223333:function:*"),
            arn
        ));
        assert!(arn_matches(&glob("*"), arn));
        // A star in the region does not run on into the account.
        assert!(!arn_matches(&glob("arn:aws:lambda:*:function:idp"), arn));
        assert!(!arn_matches(
            &glob("arn:aws:lambda:us-east-1:111122223333:function:IDP"),
            arn
        ));
        assert_eq!(
            arn_reach_under(
                &glob("arn:aws:s3:::bucket/home/*"),
                "arn:aws:s3:::bucket/home/alice/"
            ),
            Reach::All
        );
        assert_eq!(
            arn_reach_under(
                &glob("arn:aws:s3:::other/*"),
                "arn:aws:s3:::bucket/home/alice/"
            ),
            Reach::None
        );
    }

    proptest! {
        #[test]
        fn a_literal_pattern_matches_itself_and_a_star_matches_all(s in "\\PC{0,30}") {
            let literal: Vec<Tok> = s.chars().map(Tok::Lit).collect();
            prop_assert!(matches(&literal, &s, false));
            prop_assert!(matches(&glob("*"), &s, false));
            prop_assert_eq!(reach_under(&glob("*"), &s, false), Reach::All);
        }

        #[test]
        fn reach_agrees_with_matching(p in "[ab*?]{0,6}", prefix in "[ab]{0,4}", tail in "[ab]{0,4}") {
            let pattern = glob(&p);
            let full = format!("{prefix}{tail}");
            match reach_under(&pattern, &prefix, false) {
                Reach::All => prop_assert!(matches(&pattern, &full, false)),
                Reach::None => prop_assert!(!matches(&pattern, &full, false)),
                Reach::Part => {}
            }
        }
    }
}
