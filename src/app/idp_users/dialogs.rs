//! The pane's dialogs, and the small forms and questions behind them. A
//! form is read into a change only when every field passes its check;
//! otherwise the errors go back on the fields and nothing is sent.

use crate::app::{Confirm, Form};
use crate::model::LoginTest;
use crate::model::browse::Location;
use crate::model::login_secret::LoginSecret;
use crate::model::password::Password;

pub const USER: &str = "User name";
pub const ROLE_ARN: &str = "Role ARN";
pub const HOME: &str = "Home directory";
pub const MAPPINGS: &str = "Home mappings";
pub const KEYS: &str = "SSH public keys";
pub const POLICY_JSON: &str = "Policy JSON";
pub const LENGTH: &str = "Password length";
pub const PASSWORD: &str = "Password";
pub const AGAIN: &str = "Password again";
pub const CONFIRM_NAME: &str = "Type the user";
pub const RECOVERY: &str = "Recovery days";
pub const TARGET: &str = "Target server";

#[derive(Debug)]
pub enum IdpDialog {
    /// Create a user (`edit: None`) or change one.
    User {
        form: Form,
        edit: Option<EditTarget>,
    },
    Delete {
        form: Form,
        name: String,
    },
    Confirm {
        confirm: Confirm,
        then: Then,
    },
    CopyTo {
        form: Form,
        name: String,
    },
    TestLogin {
        form: Form,
    },
    /// Shown until dismissed; a generated password is shown here once.
    Message {
        title: String,
        lines: Vec<String>,
        password: Option<Password>,
    },
    LoginResult(LoginTest),
    /// A LOGICAL home with several mappings: which one to browse.
    ChooseHome {
        locations: Vec<Location>,
        cursor: usize,
    },
}

/// What a yes/no question leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Rotate {
        name: String,
    },
    Restore {
        name: String,
    },
    /// The secret changed behind the console: read it again.
    Reload {
        name: String,
    },
    /// Copying met the user on the twin: overwrite the twin's secret with
    /// `source`'s, if it is still at `read_version`.
    UpdateTwin {
        source: String,
        twin: String,
        read_version: String,
    },
}

/// The secret an edit starts from.
#[derive(Debug, Clone)]
pub struct EditTarget {
    pub name: String,
    pub read_version: String,
    pub secret: LoginSecret,
}

/// The index of the field labelled `label`.
pub fn at(form: &Form, label: &str) -> usize {
    form.fields
        .iter()
        .position(|field| field.label == label)
        .unwrap_or(usize::MAX)
}

pub fn value<'a>(form: &'a Form, label: &str) -> &'a str {
    form.value(at(form, label))
}

pub(super) fn error(form: &mut Form, label: &str, message: impl Into<String>) {
    let index = at(form, label);
    form.set_error(index, message);
}

/// Deleting asks for the user's name and the recovery window.
pub fn delete_form(user: &str) -> Form {
    Form::new(format!("Delete {user}"))
        .submit("delete")
        .field(CONFIRM_NAME, "", &format!("type {user} to confirm"))
        .field(
            RECOVERY,
            &crate::model::secret_value::DEFAULT_RECOVERY_DAYS.to_string(),
            "7 to 30 days during which U restores it",
        )
}

/// The recovery window, when the name was typed right.
pub fn read_delete_form(form: &mut Form, user: &str) -> Option<i64> {
    if !crate::app::confirm::names(user, value(form, CONFIRM_NAME)) {
        error(form, CONFIRM_NAME, format!("type {user} to confirm"));
    }
    let days = value(form, RECOVERY).parse::<i64>().ok();
    let days = days.filter(|days| (7..=30).contains(days));
    if days.is_none() {
        error(form, RECOVERY, "7 to 30 (days)");
    }
    if form.has_errors() { None } else { days }
}

/// Copying asks for the server to copy to, suggesting another custom-IdP
/// server (the per-AZ twin).
pub fn copy_form(user: &str, suggestion: &str, others: &[String]) -> Form {
    let hint = if others.is_empty() {
        "a server id: s- and 17 hex digits".to_string()
    } else {
        format!("custom-IdP servers: {}", others.join(", "))
    };
    Form::new(format!("Copy {user} to another server"))
        .submit("copy")
        .field(TARGET, suggestion, &hint)
}

pub fn read_copy_form(form: &mut Form, from_server: &str) -> Option<String> {
    let target = value(form, TARGET).to_string();
    if !crate::model::server::is_server_id(&target) {
        error(form, TARGET, "a server id: s- and 17 hex digits");
    } else if target == from_server {
        error(form, TARGET, "that is this user's own server");
    }
    (!form.has_errors()).then_some(target)
}

pub fn test_form(user: &str) -> Form {
    Form::new("Test a login (TestIdentityProvider)")
        .submit("test")
        .field(USER, user, "the user name the client sends")
        .masked_field(PASSWORD, "empty: the password stored in the user's secret")
}

/// Rotating locks out every client with the old password: the user's
/// name is typed.
pub fn rotate_question(user: &str) -> Confirm {
    Confirm::typed(
        format!("Rotate the password of {user}"),
        vec![
            "A new password is generated from the OS random source and saved;".into(),
            "it is shown when saved (p reveals it later). Clients using the old one".into(),
            "can no longer log in.".into(),
        ],
        vec![user.to_string()],
    )
}

pub fn restore_question(name: &str) -> Confirm {
    Confirm::new(
        "Restore the secret?",
        vec![format!(
            "Restore {name}? Its scheduled deletion is cancelled."
        )],
    )
}

/// The twin has the user already, with these keys set otherwise.
pub fn update_twin_question(user: &str, server: &str, differing: &[String]) -> Confirm {
    Confirm::new(
        format!("{user} is already on {server}"),
        vec![
            format!("Keys that differ there: {}.", differing.join(", ")),
            format!("Update {server}'s secret to this one (y)?"),
            "Written only if nobody changed it since it was read.".into(),
        ],
    )
}

pub fn reload_question(name: &str, current: &str) -> Confirm {
    Confirm::new(
        "The secret changed meanwhile",
        vec![
            format!("{name} is now at version {current}, not the one read."),
            "Nothing was written. Reload it (y) and make the change again?".into(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(form: &mut Form, label: &str, text: &str) {
        let index = at(form, label);
        form.fields[index].input = tui_input::Input::new(text.to_string());
    }

    #[test]
    fn deleting_needs_the_name_and_a_window_of_7_to_30_days() {
        let mut form = delete_form("erp");
        assert_eq!(read_delete_form(&mut form, "erp"), None);
        set(&mut form, CONFIRM_NAME, "erp");
        form.fields.iter_mut().for_each(|f| f.error = None);
        assert_eq!(read_delete_form(&mut form, "erp"), Some(7));
        set(&mut form, RECOVERY, "3");
        assert_eq!(read_delete_form(&mut form, "erp"), None);
    }
}
