//! The user form, for a new user and for an existing one: filled from the
//! secret, read back onto it so that keys the console does not know stay.

use super::NewPassword;
use super::dialogs::{
    AGAIN, HOME, KEYS, LENGTH, MAPPINGS, PASSWORD, POLICY_JSON, ROLE_ARN, USER, at, error, value,
};
use crate::app::Form;
use crate::model::login_secret::{Home, LoginSecret, POLICY, PUBLIC_KEY, ROLE};
use crate::model::password::{self, Password};
use crate::model::validate;

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
        .masked_field(PASSWORD, "empty: generate one (shown when saved)")
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
