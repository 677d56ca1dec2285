//! The `/` filter of the lists: a fuzzy (subsequence) match, so that `s4f`
//! finds `s-0123456789abcdef4f` and `prdsftp` finds `prod-sftp`, and the
//! typing of it, shared by the servers and the users lists.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// A list's filter: the text applied, and the line while it is typed.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub text: String,
    /// Open from `/` until Enter (keep) or Esc (clear).
    pub input: Option<Input>,
}

/// What a key did to a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    /// Not a filter key: the list handles it.
    NotMine,
    /// Taken; the rows shown are the same.
    Taken,
    /// Taken; the text changed, so the view must be rebuilt.
    Changed,
}

impl ListFilter {
    /// `/`: starts typing, from the filter applied.
    pub fn start(&mut self) {
        self.input = Some(Input::new(self.text.clone()));
    }

    pub fn is_typing(&self) -> bool {
        self.input.is_some()
    }

    /// Every key while typing; Esc clears an applied filter before it goes back.
    pub fn handle_key(&mut self, key: &KeyEvent) -> FilterKey {
        let Some(input) = &mut self.input else {
            if key.code == KeyCode::Esc && !self.text.is_empty() {
                self.text.clear();
                return FilterKey::Changed;
            }
            return FilterKey::NotMine;
        };
        match key.code {
            KeyCode::Enter => {
                self.input = None;
                FilterKey::Taken
            }
            KeyCode::Esc => {
                self.input = None;
                self.text.clear();
                FilterKey::Changed
            }
            _ => {
                input.handle_event(&Event::Key(*key));
                self.text = input.value().to_string();
                FilterKey::Changed
            }
        }
    }
}

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
    fn typing_enter_keeps_and_esc_clears() {
        let mut filter = ListFilter::default();
        let key = |code| KeyEvent::from(code);
        assert_eq!(filter.handle_key(&key(KeyCode::Esc)), FilterKey::NotMine);
        filter.start();
        assert_eq!(
            filter.handle_key(&key(KeyCode::Char('a'))),
            FilterKey::Changed
        );
        assert_eq!(filter.handle_key(&key(KeyCode::Enter)), FilterKey::Taken);
        assert_eq!((filter.text.as_str(), filter.is_typing()), ("a", false));
        assert_eq!(
            filter.handle_key(&key(KeyCode::Char('b'))),
            FilterKey::NotMine
        );
        assert_eq!(filter.handle_key(&key(KeyCode::Esc)), FilterKey::Changed);
        assert_eq!(filter.text, "");
    }

    #[test]
    fn a_row_matches_when_one_column_does() {
        assert!(any_matches(["s-1", "ONLINE"], "onl"));
        assert!(!any_matches(["s-1", "ONLINE"], "off"));
        assert!(any_matches([], ""));
    }
}
