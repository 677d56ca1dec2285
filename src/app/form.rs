//! A form of text fields, for every pane that asks for input. Validation
//! belongs to the pane that owns the form: it reads the values on submit and
//! puts errors back on the fields, so bad input is reported where it was
//! typed and nothing is sent.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone)]
pub struct Field {
    pub label: String,
    pub input: Input,
    /// Shown as dots (passwords): the value never reaches the screen.
    pub masked: bool,
    /// A short line under the field saying what it accepts.
    pub hint: String,
    pub error: Option<String>,
}

/// A masked field's value never reaches `Debug` output (logs, panics).
impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.masked {
            "<redacted>"
        } else {
            self.input.value()
        };
        f.debug_struct("Field")
            .field("label", &self.label)
            .field("value", &value)
            .field("masked", &self.masked)
            .field("error", &self.error)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem with the whole form, such as AWS refusing it.
    pub error: Option<String>,
    /// What Enter does, named in the footer ("Enter save").
    pub submit: &'static str,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Submit,
    Cancel,
    Edited,
    Moved,
}

impl Form {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            fields: Vec::new(),
            focus: 0,
            error: None,
            submit: "save",
        }
    }

    /// Names what Enter does when it is not saving (test, delete, ...).
    pub fn submit(mut self, action: &'static str) -> Self {
        self.submit = action;
        self
    }

    /// Adds a field with an initial value and a hint.
    pub fn field(mut self, label: &str, value: &str, hint: &str) -> Self {
        self.fields.push(Field {
            label: label.to_string(),
            input: Input::new(value.to_string()),
            masked: false,
            hint: hint.to_string(),
            error: None,
        });
        self
    }

    /// Adds a field whose value is never drawn.
    pub fn masked_field(mut self, label: &str, hint: &str) -> Self {
        self = self.field(label, "", hint);
        if let Some(field) = self.fields.last_mut() {
            field.masked = true;
        }
        self
    }

    /// Enter submits, Esc cancels, Tab/↓ and Shift-Tab/↑ move between
    /// fields; every other key edits the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent) -> FormEvent {
        match key.code {
            KeyCode::Enter => FormEvent::Submit,
            KeyCode::Esc => FormEvent::Cancel,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % self.fields.len().max(1);
                FormEvent::Moved
            }
            KeyCode::BackTab | KeyCode::Up => {
                let len = self.fields.len().max(1);
                self.focus = (self.focus + len - 1) % len;
                FormEvent::Moved
            }
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    field.input.handle_event(&Event::Key(*key));
                    field.error = None;
                }
                self.error = None;
                FormEvent::Edited
            }
        }
    }

    /// The value of field `index`, surrounding blanks removed.
    pub fn value(&self, index: usize) -> &str {
        self.fields
            .get(index)
            .map_or("", |field| field.input.value().trim())
    }

    /// Puts an error on a field and moves the focus there.
    pub fn set_error(&mut self, index: usize, message: impl Into<String>) {
        if let Some(field) = self.fields.get_mut(index) {
            field.error = Some(message.into());
            self.focus = index;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|field| field.error.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(&KeyEvent::from(KeyCode::Char(c)));
        }
    }

    #[test]
    fn debug_output_hides_masked_values() {
        let mut form = Form::new("t")
            .field("User", "erp", "")
            .masked_field("Password", "");
        form.focus = 1;
        typed(&mut form, "Hunter2-secret");
        let shown = format!("{form:?}");
        assert!(!shown.contains("Hunter2"), "{shown}");
        assert!(shown.contains("erp"), "{shown}");
    }

    #[test]
    fn typing_edits_the_focused_field_and_clears_its_error() {
        let mut form = Form::new("t").field("A", "", "").field("B", "x", "");
        form.set_error(1, "bad");
        assert_eq!(form.focus, 1);
        typed(&mut form, "yz");
        assert_eq!(form.value(1), "xyz");
        assert!(!form.has_errors());
        assert_eq!(
            form.handle_key(&KeyEvent::from(KeyCode::Tab)),
            FormEvent::Moved
        );
        typed(&mut form, "q");
        assert_eq!(form.value(0), "q", "q is text in a form, not quit");
        assert_eq!(
            form.handle_key(&KeyEvent::from(KeyCode::Enter)),
            FormEvent::Submit
        );
        assert_eq!(
            form.handle_key(&KeyEvent::from(KeyCode::Esc)),
            FormEvent::Cancel
        );
    }
}
