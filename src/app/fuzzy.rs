//! The `/` filter of the lists: a fuzzy (subsequence) match, so that `s4f`
//! finds `s-0123456789abcdef4f` and `prdsftp` finds `prod-sftp`.

/// Whether every character of `needle` appears in `haystack` in order,
/// ignoring ASCII case. An empty needle matches everything.
pub fn matches(haystack: &str, needle: &str) -> bool {
    let mut rest = haystack.chars();
    needle
        .chars()
        .all(|wanted| rest.any(|c| c.eq_ignore_ascii_case(&wanted)))
}

/// Whether any of `fields` matches `needle` (a row matches when one of its
/// columns does).
pub fn any_matches<'a>(fields: impl IntoIterator<Item = &'a str>, needle: &str) -> bool {
    needle.is_empty() || fields.into_iter().any(|field| matches(field, needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subsequence_matches_in_any_case() {
        assert!(matches("prod-sftp", "prdsftp"));
        assert!(matches("prod-sftp", "PROD"));
        assert!(matches("anything", ""));
        assert!(!matches("prod-sftp", "ptfs"));
        assert!(!matches("", "a"));
    }

    #[test]
    fn a_row_matches_when_one_column_does() {
        assert!(any_matches(["s-1", "ONLINE"], "onl"));
        assert!(!any_matches(["s-1", "ONLINE"], "off"));
        assert!(any_matches([], ""));
    }
}
