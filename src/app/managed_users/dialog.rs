//! The users pane's forms and questions, and how a submitted form becomes a
//! change: every field is checked, errors go back on their fields, and
//! nothing is sent while one remains.

use super::message::UserChange;
use crate::app::{Confirm, Form};
use crate::model::browse::Location;
use crate::model::validate;
use crate::model::{SshKey, TransferUser, UserSpec};

#[derive(Debug, Clone)]
pub enum UsersDialog {
    Create(Form),
    Edit {
        form: Form,
        user: String,
        /// Role and home as they were, for the audit log.
        before: String,
        /// The form's first values as a change: submitting them sends nothing.
        unchanged: Option<UserSpec>,
    },
    ImportKey {
        form: Form,
        user: String,
    },
    /// One of several keys or home locations to choose.
    Pick(Pick),
    /// Asks before `change` is sent.
    Confirm {
        confirm: Confirm,
        change: UserChange,
    },
}

#[derive(Debug, Clone)]
pub struct Pick {
    pub title: String,
    pub options: Vec<String>,
    pub cursor: usize,
    pub purpose: PickPurpose,
}

#[derive(Debug, Clone)]
pub enum PickPurpose {
    DeleteKey { user: String, keys: Vec<SshKey> },
    Home(Vec<Location>),
}

/// The create form's fields, in order.
pub const NAME: usize = 0;
pub const ROLE: usize = 1;
pub const HOME: usize = 2;
pub const SSH_KEY: usize = 3;
pub const POLICY: usize = 4;

const ROLE_HINT: &str = "the session's role: arn:aws:iam::ACCOUNT:role/NAME";
const HOME_HINT: &str = "/bucket/prefix, or LOGICAL: /in=/bucket/in, ...";
const POLICY_HINT: &str = "optional session policy: JSON with a Statement";
const KEY_HINT: &str = "an OpenSSH public key: ssh-ed25519 AAAA... comment";

pub fn create_form() -> Form {
    Form::new("New user")
        .field("User name", "", "3-100 characters: a-z A-Z 0-9 _ @ . -")
        .field("Role ARN", "", ROLE_HINT)
        .field("Home directory", "", HOME_HINT)
        .field(
            "SSH public key",
            "",
            "optional first key: ssh-ed25519 AAAA...",
        )
        .field("Policy", "", POLICY_HINT)
}

/// The create form again, as it was sent, with AWS's refusal on it.
pub fn create_form_again(spec: &UserSpec, error: String) -> Form {
    let mut form = create_form();
    let values = [
        spec.name.clone(),
        spec.role.clone(),
        validate::user_home_text(&spec.home),
        spec.ssh_key.clone().unwrap_or_default(),
        spec.policy.clone().unwrap_or_default(),
    ];
    for (field, value) in form.fields.iter_mut().zip(values) {
        field.input = value.into();
    }
    form.error = Some(error);
    form
}

/// The create form's user, or `None` with the errors on the fields.
pub fn read_create(form: &mut Form) -> Option<UserSpec> {
    let name = form.value(NAME).to_string();
    let role = form.value(ROLE).to_string();
    let key = optional(form.value(SSH_KEY));
    let policy = optional(form.value(POLICY));
    let mut errors = Vec::new();
    check(&mut errors, NAME, validate::user_name(&name));
    check(&mut errors, ROLE, validate::role_arn(&role));
    let home = validate::user_home(form.value(HOME));
    if let Some(key) = &key {
        check(&mut errors, SSH_KEY, validate::ssh_public_key(key));
    }
    if let Some(policy) = &policy {
        check(&mut errors, POLICY, validate::policy_json(policy));
    }
    let home = match home {
        Ok(home) => Some(home),
        Err(err) => {
            errors.push((HOME, err));
            None
        }
    };
    if put_errors(form, errors) {
        return None;
    }
    Some(UserSpec {
        name,
        role,
        home: home?,
        policy,
        ssh_key: key,
    })
}

/// The edit form's fields, in order.
const EDIT_ROLE: usize = 0;
const EDIT_HOME: usize = 1;
const EDIT_POLICY: usize = 2;

/// Role, home and policy of `user`, prefilled as DescribeUser gave them.
pub fn edit_form(user: &TransferUser) -> Form {
    edit_form_of(
        &user.name,
        user.role.as_deref().unwrap_or(""),
        &home_text(user),
        &one_line_policy(user.policy.as_deref()),
    )
}

/// The edit form again, as it was sent, with AWS's refusal on it.
pub fn edit_form_again(spec: &UserSpec, error: String) -> Form {
    let mut form = edit_form_of(
        &spec.name,
        &spec.role,
        &validate::user_home_text(&spec.home),
        spec.policy.as_deref().unwrap_or(""),
    );
    form.error = Some(error);
    form
}

fn edit_form_of(name: &str, role: &str, home: &str, policy: &str) -> Form {
    Form::new(format!("Edit {name}"))
        .field("Role ARN", role, ROLE_HINT)
        .field("Home directory", home, HOME_HINT)
        .field("Policy", policy, POLICY_HINT)
}

/// The edited user, or `None` with the errors on the fields.
pub fn read_edit(form: &mut Form, name: &str) -> Option<UserSpec> {
    let role = form.value(EDIT_ROLE).to_string();
    let policy = optional(form.value(EDIT_POLICY));
    let mut errors = Vec::new();
    check(&mut errors, EDIT_ROLE, validate::role_arn(&role));
    let home = validate::user_home(form.value(EDIT_HOME));
    if let Err(err) = &home {
        errors.push((EDIT_HOME, err.clone()));
    }
    if let Some(policy) = &policy {
        check(&mut errors, EDIT_POLICY, validate::policy_json(policy));
    }
    if put_errors(form, errors) {
        return None;
    }
    Some(UserSpec {
        name: name.to_string(),
        role,
        home: home.ok()?,
        policy,
        ssh_key: None,
    })
}

/// What an edit changes, as the audit log's `before` and `after`.
pub fn role_and_home(role: &str, home: &str) -> String {
    format!("role {role}; home {home}")
}

pub fn key_form(user: &str) -> Form {
    Form::new(format!("Import an SSH key for {user}"))
        .submit("import")
        .field("SSH public key", "", KEY_HINT)
}

/// The key form again, with the key sent and AWS's refusal.
pub fn key_form_again(user: &str, key: &str, error: String) -> Form {
    let mut form = key_form(user);
    if let Some(field) = form.fields.first_mut() {
        field.input = key.into();
    }
    form.error = Some(error);
    form
}

/// The key typed, or `None` with the error on the field.
pub fn read_key(form: &mut Form) -> Option<String> {
    let key = form.value(0).to_string();
    match validate::ssh_public_key(&key) {
        Ok(()) => Some(key),
        Err(err) => {
            form.set_error(0, err);
            None
        }
    }
}

/// The user's home as the form's one field writes it.
pub fn home_text(user: &TransferUser) -> String {
    if user.home_directory_type.as_deref() == Some("LOGICAL") {
        validate::mappings_text(&user.mappings)
    } else {
        user.home_directory.clone().unwrap_or_default()
    }
}

/// A key as the operator tells it apart: id, type, tail and comment.
pub fn key_label(key: &SshKey) -> String {
    let comment: Vec<&str> = key.body.split_whitespace().skip(2).collect();
    let mut label = format!("{}  {}", key.id, key.short());
    if !comment.is_empty() {
        label.push_str("  ");
        label.push_str(&comment.join(" "));
    }
    label
}

pub fn delete_user_question(server_id: &str, user: &str, keys: usize) -> Confirm {
    Confirm::typed(
        format!("Delete user {user}"),
        vec![
            format!("DeleteUser {user} on {server_id}, with its {keys} SSH key(s)."),
            "The user can no longer log in. Files in S3 stay where they are.".into(),
        ],
        vec![user.to_string()],
    )
}

pub fn delete_key_question(user: &str, key: &SshKey) -> Confirm {
    let comment: Vec<&str> = key.body.split_whitespace().skip(2).collect();
    Confirm::new(
        format!("Delete SSH key of {user}"),
        vec![
            format!("Key id:  {}", key.id),
            format!("Key:     {}", key.short()),
            format!(
                "Comment: {}",
                if comment.is_empty() {
                    "(none)".to_string()
                } else {
                    comment.join(" ")
                }
            ),
            format!(
                "Imported: {}",
                key.imported.as_deref().unwrap_or("(unknown)")
            ),
            "Logins with this key stop working.".into(),
        ],
    )
}

fn optional(value: &str) -> Option<String> {
    Some(value.to_string()).filter(|v| !v.is_empty())
}

fn check(errors: &mut Vec<(usize, String)>, field: usize, result: Result<(), String>) {
    if let Err(err) = result {
        errors.push((field, err));
    }
}

/// Puts the errors on their fields, the focus on the first; true if any.
fn put_errors(form: &mut Form, mut errors: Vec<(usize, String)>) -> bool {
    errors.sort_by_key(|(field, _)| std::cmp::Reverse(*field));
    let any = !errors.is_empty();
    for (field, error) in errors {
        form.set_error(field, error);
    }
    any
}

/// A policy on one line (the form's fields are single lines), its members
/// in their order: line breaks in JSON fall only between tokens.
fn one_line_policy(policy: Option<&str>) -> String {
    let Some(policy) = policy.filter(|p| !p.trim().is_empty()) else {
        return String::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(policy) else {
        return policy.split_whitespace().collect::<Vec<_>>().join(" ");
    };
    let joined: String = policy.lines().map(str::trim).collect();
    match serde_json::from_str::<serde_json::Value>(&joined) {
        Ok(same) if same == value => joined,
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_line_policy_is_edited_on_one_line() {
        let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";
        assert_eq!(
            one_line_policy(Some(policy)),
            r#"{"Version": "2012-10-17","Statement": []}"#
        );
        assert_eq!(one_line_policy(None), "");
        assert_eq!(one_line_policy(Some("not\njson")), "not json");
    }
}
