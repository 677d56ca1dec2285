//! Asking before a change. Dangerous changes (stopping or restarting a
//! server, rotating a password, deleting) ask the operator to type the
//! resource's id or name, as the AWS console does, so that muscle memory
//! cannot confirm them. No question opens with its "yes" under Enter: a
//! plain one takes `y`, a typed one never takes an empty answer.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    /// What will happen, e.g. `PassiveIp: AUTO → 10.2.1.200`.
    pub lines: Vec<String>,
    pub typed: Option<TypedConfirmation>,
    /// Why Enter did nothing on a plain question.
    pub hint: Option<String>,
}

/// A name to type. Built only by `Confirm::typed`, so that nothing can
/// make an empty answer confirm.
#[derive(Debug, Clone)]
pub struct TypedConfirmation {
    /// Any of these confirms (a server's id or its Name); none is blank.
    accepted: Vec<String>,
    pub input: Input,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmEvent {
    Confirmed,
    Cancelled,
    Pending,
}

/// Whether `answer` names `expected`: the same text, spaces around either
/// aside, and never an empty one. Every typed confirmation goes through
/// this, also the forms that ask for a name among other fields.
pub fn names(expected: &str, answer: &str) -> bool {
    let expected = expected.trim();
    !expected.is_empty() && expected == answer.trim()
}

impl Confirm {
    /// A yes/no question: `y` confirms, Enter alone does not.
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Self {
        Self {
            title: title.into(),
            lines,
            typed: None,
            hint: None,
        }
    }

    /// A question answered by typing one of `accepted`. Blank ones are
    /// dropped: with none left, nothing confirms and Esc is the way out.
    pub fn typed(title: impl Into<String>, lines: Vec<String>, accepted: Vec<String>) -> Self {
        Self {
            typed: Some(TypedConfirmation {
                accepted: accepted
                    .into_iter()
                    .filter(|name| !name.trim().is_empty())
                    .collect(),
                input: Input::default(),
                error: None,
            }),
            ..Self::new(title, lines)
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> ConfirmEvent {
        if key.code == KeyCode::Esc {
            return ConfirmEvent::Cancelled;
        }
        let Some(typed) = &mut self.typed else {
            return match key.code {
                KeyCode::Char('y') => ConfirmEvent::Confirmed,
                KeyCode::Char('n') => ConfirmEvent::Cancelled,
                KeyCode::Enter => {
                    self.hint = Some("y to confirm, n or Esc to cancel".into());
                    ConfirmEvent::Pending
                }
                _ => ConfirmEvent::Pending,
            };
        };
        if key.code != KeyCode::Enter {
            typed.input.handle_event(&Event::Key(*key));
            typed.error = None;
            return ConfirmEvent::Pending;
        }
        if typed.accepts(typed.input.value()) {
            ConfirmEvent::Confirmed
        } else {
            typed.error = Some(if typed.accepted.is_empty() {
                "nothing typed can confirm this: Esc to cancel".into()
            } else {
                format!("type {} to confirm", typed.accepted.join(" or "))
            });
            ConfirmEvent::Pending
        }
    }
}

impl TypedConfirmation {
    pub fn accepted(&self) -> &[String] {
        &self.accepted
    }

    fn accepts(&self, answer: &str) -> bool {
        self.accepted.iter().any(|name| names(name, answer))
    }

    /// `Type s-1 or ftp to confirm`, or why nothing can.
    pub fn prompt(&self) -> String {
        if self.accepted.is_empty() {
            "Nothing typed can confirm this: Esc to cancel".into()
        } else {
            format!("Type {} to confirm", self.accepted.join(" or "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn a_typed_confirmation_needs_the_exact_name() {
        let mut confirm = Confirm::typed("Stop", vec![], vec!["s-1".into(), "ftp".into()]);
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('y'))),
            ConfirmEvent::Pending
        );
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Enter)),
            ConfirmEvent::Pending
        );
        assert!(
            confirm
                .typed
                .as_ref()
                .and_then(|t| t.error.as_ref())
                .is_some()
        );
        let mut confirm = Confirm::typed("Stop", vec![], vec!["s-1".into(), "ftp".into()]);
        for c in "ftp".chars() {
            confirm.handle_key(&key(KeyCode::Char(c)));
        }
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Enter)),
            ConfirmEvent::Confirmed
        );
    }

    #[test]
    fn a_plain_question_takes_y_or_n_and_enter_alone_does_not_confirm() {
        let mut confirm = Confirm::new("Apply", vec![]);
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('x'))),
            ConfirmEvent::Pending
        );
        assert_eq!(confirm.hint, None);
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Enter)),
            ConfirmEvent::Pending
        );
        assert!(confirm.hint.is_some(), "Enter says which key confirms");
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('n'))),
            ConfirmEvent::Cancelled
        );
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('y'))),
            ConfirmEvent::Confirmed
        );
    }

    fn answer(confirm: &mut Confirm, text: &str) -> ConfirmEvent {
        for c in text.chars() {
            confirm.handle_key(&key(KeyCode::Char(c)));
        }
        confirm.handle_key(&key(KeyCode::Enter))
    }

    #[test]
    fn no_typed_confirmation_takes_an_empty_answer() {
        // A blank name to type (an object key ending in `/` gave one).
        let mut confirm = Confirm::typed("Delete", vec![], vec![String::new(), "  ".into()]);
        assert_eq!(answer(&mut confirm, ""), ConfirmEvent::Pending);
        assert_eq!(answer(&mut confirm, " "), ConfirmEvent::Pending);
        let typed = confirm.typed.as_ref().unwrap();
        assert!(typed.accepted().is_empty());
        assert!(typed.prompt().contains("Esc"), "{}", typed.prompt());
        let mut confirm = Confirm::typed("Rotate", vec![], vec!["partner-a".into()]);
        assert_eq!(answer(&mut confirm, ""), ConfirmEvent::Pending);
        assert_eq!(answer(&mut confirm, "   "), ConfirmEvent::Pending);
        let mut confirm = Confirm::typed("Rotate", vec![], vec!["partner-a".into()]);
        assert_eq!(answer(&mut confirm, " partner-a "), ConfirmEvent::Confirmed);
    }

    #[test]
    fn a_name_is_never_named_by_nothing() {
        assert!(!names("", ""));
        assert!(!names(" ", " "));
        assert!(!names("erp", ""));
        assert!(names("erp", "erp"));
        assert!(!names("erp", "er"));
    }
}
