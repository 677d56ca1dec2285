//! Asking before a change. Dangerous changes (stopping a server, deleting)
//! ask the operator to type the resource's id or name, as the AWS console
//! does, so that muscle memory cannot confirm them.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    /// What will happen, e.g. `PassiveIp: AUTO → 10.2.1.200`.
    pub lines: Vec<String>,
    pub typed: Option<TypedConfirmation>,
}

#[derive(Debug, Clone)]
pub struct TypedConfirmation {
    /// Any of these confirms (a server's id or its Name).
    pub accepted: Vec<String>,
    pub input: Input,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmEvent {
    Confirmed,
    Cancelled,
    Pending,
}

impl Confirm {
    /// A yes/no question.
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Self {
        Self {
            title: title.into(),
            lines,
            typed: None,
        }
    }

    /// A question answered by typing one of `accepted`.
    pub fn typed(title: impl Into<String>, lines: Vec<String>, accepted: Vec<String>) -> Self {
        Self {
            typed: Some(TypedConfirmation {
                accepted,
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
                KeyCode::Char('y') | KeyCode::Enter => ConfirmEvent::Confirmed,
                KeyCode::Char('n') => ConfirmEvent::Cancelled,
                _ => ConfirmEvent::Pending,
            };
        };
        if key.code != KeyCode::Enter {
            typed.input.handle_event(&Event::Key(*key));
            typed.error = None;
            return ConfirmEvent::Pending;
        }
        let answer = typed.input.value().trim();
        if typed.accepted.iter().any(|accepted| accepted == answer) {
            ConfirmEvent::Confirmed
        } else {
            typed.error = Some(format!("type {} to confirm", typed.accepted.join(" or ")));
            ConfirmEvent::Pending
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
    fn a_plain_question_takes_y_or_n() {
        let mut confirm = Confirm::new("Apply", vec![]);
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('x'))),
            ConfirmEvent::Pending
        );
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('n'))),
            ConfirmEvent::Cancelled
        );
        assert_eq!(
            confirm.handle_key(&key(KeyCode::Char('y'))),
            ConfirmEvent::Confirmed
        );
    }
}
