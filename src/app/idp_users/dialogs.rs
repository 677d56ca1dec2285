//! The pane's dialogs and the forms behind them. A form is read into a
//! change only when every field passes its check; otherwise the errors go
//! back on the fields and nothing is sent.

use super::NewPassword;
use crate::app::{Confirm, Form};
use crate::model::browse::Location;
use crate::model::login_secret::{Home, LoginSecret, POLICY, PUBLIC_KEY, ROLE};
use crate::model::password::{self, Password};
use crate::model::{LoginTest, validate};

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
}

/// The secret an edit starts from.
#[derive(Debug, Clone)]
pub struct EditTarget {
    pub name: String,
    pub read_version: String,
    pub secret: LoginSecret,
}

/// A new user's form.
pub fn create_form(server_id: &str) -> Form {
    let form = Form::new(format!("New user of {server_id}")).field(
        USER,
        "",
        "3-100 letters, digits, _ @ . -",
    );
    user_fields(form, &LoginSecret::new())
        .field(
            LENGTH,
            &password::DEFAULT_LENGTH.to_string(),
            "a password of this length is generated, unless typed below",
        )
        .masked_field(PASSWORD, "empty: generate one (shown once)")
        .masked_field(AGAIN, "the same password again")
}

/// The form of an existing user, filled from its secret.
pub fn edit_form(user: &str, secret: &LoginSecret) -> Form {
    user_fields(Form::new(format!("Edit {user}")), secret)
        .masked_field(PASSWORD, "empty: keep the current password")
        .masked_field(AGAIN, "the same password again")
}

fn user_fields(form: Form, secret: &LoginSecret) -> Form {
    let (home, mappings) = match secret.home() {
        Home::Path(path) => (path, String::new()),
        Home::Logical(mappings) => (String::new(), validate::mappings_text(&mappings)),
        Home::Unset | Home::Invalid(_) => (String::new(), String::new()),
    };
    form.field(
        ROLE_ARN,
        secret.role().unwrap_or_default(),
        "arn:aws:iam::123456789012:role/name (required)",
    )
    .field(HOME, &home, "/bucket/prefix (PATH), or leave empty")
    .field(
        MAPPINGS,
        &mappings,
        "LOGICAL: /entry=/bucket/prefix, separated by commas",
    )
    .field(
        KEYS,
        &secret.public_keys().join(", "),
        "OpenSSH keys separated by commas (SFTP)",
    )
    .field(
        POLICY_JSON,
        secret.policy().unwrap_or_default(),
        "optional session policy document",
    )
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

fn error(form: &mut Form, label: &str, message: impl Into<String>) {
    let index = at(form, label);
    form.set_error(index, message);
}

/// What a valid user form asks for.
#[derive(Debug)]
pub struct UserChange {
    /// The user name (creations only).
    pub user: Option<String>,
    pub secret: LoginSecret,
    pub password: NewPassword,
}

/// Reads the form onto `base` (which keeps every key the console does not
/// know); on any bad field, marks it and returns `None`.
pub fn read_user_form(form: &mut Form, mut base: LoginSecret) -> Option<UserChange> {
    let creating = at(form, USER) != usize::MAX;
    let user = value(form, USER).to_string();
    if creating && let Err(err) = validate::user_name(&user) {
        error(form, USER, err);
    }
    let role = value(form, ROLE_ARN).to_string();
    if let Err(err) = validate::role_arn(&role) {
        error(form, ROLE_ARN, err);
    }
    let (path, mappings) = (
        value(form, HOME).to_string(),
        value(form, MAPPINGS).to_string(),
    );
    let home = match (path.is_empty(), mappings.is_empty()) {
        (true, true) => Home::Unset,
        (false, false) => {
            error(
                form,
                MAPPINGS,
                "either a home directory or mappings, not both",
            );
            Home::Unset
        }
        (false, true) => match validate::home_directory(&path) {
            Ok(()) => Home::Path(path),
            Err(err) => {
                error(form, HOME, err);
                Home::Unset
            }
        },
        (true, false) => match validate::home_mappings(&mappings) {
            Ok(mappings) => Home::Logical(mappings),
            Err(err) => {
                error(form, MAPPINGS, err);
                Home::Unset
            }
        },
    };
    let keys = match validate::ssh_public_keys(value(form, KEYS)) {
        Ok(keys) => keys.join(","),
        Err(err) => {
            error(form, KEYS, err);
            String::new()
        }
    };
    let policy = value(form, POLICY_JSON).to_string();
    if !policy.is_empty()
        && let Err(err) = validate::policy_json(&policy)
    {
        error(form, POLICY_JSON, err);
    }
    let password = read_password(form, creating);
    if form.has_errors() {
        // The cursor goes to the first problem, top down.
        if let Some(first) = form.fields.iter().position(|f| f.error.is_some()) {
            form.focus = first;
        }
        return None;
    }
    base.set(ROLE, &role);
    base.set_home(&home);
    base.set(PUBLIC_KEY, &keys);
    base.set(POLICY, &policy);
    Some(UserChange {
        user: creating.then_some(user),
        secret: base,
        password: password?,
    })
}

/// The typed password (twice, the same), or a length to generate one of.
fn read_password(form: &mut Form, creating: bool) -> Option<NewPassword> {
    // Not trimmed: blanks may be part of a password.
    let raw = |form: &Form, label: &str| {
        form.fields
            .get(at(form, label))
            .map(|field| field.input.value().to_string())
            .unwrap_or_default()
    };
    let (typed, again) = (raw(form, PASSWORD), raw(form, AGAIN));
    if !typed.is_empty() || !again.is_empty() {
        if typed != again {
            error(form, AGAIN, "the two passwords differ");
            return None;
        }
        return Some(NewPassword::Typed(Password(typed)));
    }
    if !creating {
        return Some(NewPassword::Keep);
    }
    match value(form, LENGTH).parse::<usize>() {
        Ok(length) if (password::MIN_LENGTH..=password::MAX_LENGTH).contains(&length) => {
            Some(NewPassword::Generate(length))
        }
        _ => {
            error(
                form,
                LENGTH,
                format!(
                    "a number from {} to {}",
                    password::MIN_LENGTH,
                    password::MAX_LENGTH
                ),
            );
            None
        }
    }
}

/// Deleting asks for the user's name and the recovery window.
pub fn delete_form(user: &str) -> Form {
    Form::new(format!("Delete {user}"))
        .field(CONFIRM_NAME, "", &format!("type {user} to confirm"))
        .field(
            RECOVERY,
            &crate::aws::secrets::DEFAULT_RECOVERY_DAYS.to_string(),
            "7 to 30 days during which U restores it",
        )
}

/// The recovery window, when the name was typed right.
pub fn read_delete_form(form: &mut Form, user: &str) -> Option<i64> {
    if value(form, CONFIRM_NAME) != user {
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
    Form::new(format!("Copy {user} to another server")).field(TARGET, suggestion, &hint)
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
        .field(USER, user, "the user name the client sends")
        .masked_field(PASSWORD, "empty: the password stored in the user's secret")
}

pub fn rotate_question(user: &str) -> Confirm {
    Confirm::new(
        format!("Rotate the password of {user}"),
        vec![
            "A new password is generated from the OS random source and saved;".into(),
            "it is shown once. Clients using the old one can no longer log in.".into(),
        ],
    )
}

pub fn restore_question(name: &str) -> Confirm {
    Confirm::new(
        "Restore the secret",
        vec![format!("{name} is restored: its deletion is cancelled.")],
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
    use crossterm::event::{KeyCode, KeyEvent};

    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy op@bastion";

    fn set(form: &mut Form, label: &str, text: &str) {
        let index = at(form, label);
        form.fields[index].input = tui_input::Input::new(text.to_string());
    }

    #[test]
    fn a_valid_new_user_reads_into_a_secret_with_a_generated_password() {
        let mut form = create_form("s-0123456789abcdef0");
        set(&mut form, USER, "new.user");
        set(&mut form, ROLE_ARN, "arn:aws:iam::123456789012:role/ftp");
        set(&mut form, MAPPINGS, "/=/acme-legacy-ftp/new");
        set(&mut form, KEYS, ED25519);
        let change = read_user_form(&mut form, LoginSecret::new()).expect("valid");
        assert_eq!(change.user.as_deref(), Some("new.user"));
        assert_eq!(change.password, NewPassword::Generate(24));
        assert!(matches!(change.secret.home(), Home::Logical(m) if m.len() == 1));
        assert_eq!(change.secret.public_keys(), [ED25519]);
    }

    #[test]
    fn bad_fields_are_marked_and_nothing_is_read() {
        let mut form = create_form("s-0123456789abcdef0");
        set(&mut form, USER, "ab");
        set(&mut form, ROLE_ARN, "role/ftp");
        set(&mut form, HOME, "/acme-legacy-ftp/x");
        set(&mut form, MAPPINGS, "/=/acme-legacy-ftp/y");
        set(&mut form, KEYS, "ssh-rsa nope");
        set(&mut form, POLICY_JSON, "{");
        set(&mut form, LENGTH, "5");
        assert!(read_user_form(&mut form, LoginSecret::new()).is_none());
        for label in [USER, ROLE_ARN, MAPPINGS, KEYS, POLICY_JSON, LENGTH] {
            assert!(form.fields[at(&form, label)].error.is_some(), "{label}");
        }
    }

    #[test]
    fn typed_passwords_must_match() {
        let mut form = edit_form("erp", &LoginSecret::new());
        set(&mut form, ROLE_ARN, "arn:aws:iam::123456789012:role/ftp");
        set(&mut form, PASSWORD, "one-Password");
        set(&mut form, AGAIN, "another");
        assert!(read_user_form(&mut form, LoginSecret::new()).is_none());
        set(&mut form, AGAIN, "one-Password");
        form.fields.iter_mut().for_each(|f| f.error = None);
        let change = read_user_form(&mut form, LoginSecret::new()).expect("valid");
        assert_eq!(
            change.password,
            NewPassword::Typed(Password("one-Password".into()))
        );
        let mut keep = edit_form("erp", &change.secret);
        assert_eq!(
            read_user_form(&mut keep, change.secret.clone()).map(|c| c.password),
            Some(NewPassword::Keep)
        );
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
        let _ = form.handle_key(&KeyEvent::from(KeyCode::Esc));
    }
}
