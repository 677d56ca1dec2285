//! Keys while a dialog of the users pane is open: forms read into
//! changes, questions answered, results dismissed.

use crossterm::event::{KeyCode, KeyEvent};

use super::dialogs::{self, IdpDialog, Then};
use super::user_form;
use super::{IdpCmd, NewPassword, ValueState, Verb, Write};
use crate::app::{App, Cmd, ConfirmEvent, FormEvent};
use crate::model::Protocol;
use crate::model::login_secret::SecretName;
use crate::model::password::{self, Password};

impl App {
    pub(super) fn idp_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let Some(dialog) = pane.dialog.take() else {
            return Vec::new();
        };
        let server_id = pane.server_id().unwrap_or_default().to_string();
        let prefix = pane.prefix.clone();
        let (kept, cmds) = match dialog {
            IdpDialog::User { mut form, edit } => match form.handle_key(key) {
                FormEvent::Cancel => (None, Vec::new()),
                FormEvent::Submit => {
                    let base = edit
                        .as_ref()
                        .map(|target| target.secret.clone())
                        .unwrap_or_default();
                    match user_form::read_user_form(&mut form, base) {
                        None => (Some(IdpDialog::User { form, edit }), Vec::new()),
                        Some(change) => match edit {
                            Some(target) => (
                                None,
                                self.send_write(
                                    Verb::Edit,
                                    Write::Update {
                                        name: target.name,
                                        secret: change.secret,
                                        read_version: target.read_version,
                                        password: change.password,
                                    },
                                ),
                            ),
                            None => {
                                let user = change.user.unwrap_or_default();
                                let name = SecretName::secret_name(&server_id, &user, &prefix);
                                if self.idp_has_live(&name) {
                                    form.error = Some(format!("{name} exists already"));
                                    (Some(IdpDialog::User { form, edit: None }), Vec::new())
                                } else {
                                    let write = Write::Create {
                                        name,
                                        secret: change.secret,
                                        password: change.password,
                                    };
                                    (None, self.send_write(Verb::Create, write))
                                }
                            }
                        },
                    }
                }
                _ => (Some(IdpDialog::User { form, edit }), Vec::new()),
            },
            IdpDialog::Delete { mut form, name } => match form.handle_key(key) {
                FormEvent::Cancel => (None, Vec::new()),
                FormEvent::Submit => {
                    let user = user_of(&name, &prefix);
                    match dialogs::read_delete_form(&mut form, &user) {
                        Some(recovery_days) => (
                            None,
                            self.send_write(
                                Verb::Delete,
                                Write::Delete {
                                    name,
                                    recovery_days,
                                },
                            ),
                        ),
                        None => (Some(IdpDialog::Delete { form, name }), Vec::new()),
                    }
                }
                _ => (Some(IdpDialog::Delete { form, name }), Vec::new()),
            },
            IdpDialog::CopyTo { mut form, name } => match form.handle_key(key) {
                FormEvent::Cancel => (None, Vec::new()),
                FormEvent::Submit => match dialogs::read_copy_form(&mut form, &server_id) {
                    Some(target) => (None, self.copy_user(&name, &target)),
                    None => (Some(IdpDialog::CopyTo { form, name }), Vec::new()),
                },
                _ => (Some(IdpDialog::CopyTo { form, name }), Vec::new()),
            },
            IdpDialog::TestLogin { mut form } => match form.handle_key(key) {
                FormEvent::Cancel => (None, Vec::new()),
                FormEvent::Submit => self.test_login(form, &server_id),
                _ => (Some(IdpDialog::TestLogin { form }), Vec::new()),
            },
            IdpDialog::Confirm { mut confirm, then } => match confirm.handle_key(key) {
                ConfirmEvent::Cancelled => (None, Vec::new()),
                ConfirmEvent::Pending => (Some(IdpDialog::Confirm { confirm, then }), Vec::new()),
                ConfirmEvent::Confirmed => (None, self.confirmed(then)),
            },
            IdpDialog::ChooseHome {
                locations,
                mut cursor,
            } => match key.code {
                KeyCode::Up | KeyCode::Char('k') => {
                    cursor = cursor.saturating_sub(1);
                    (
                        Some(IdpDialog::ChooseHome { locations, cursor }),
                        Vec::new(),
                    )
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    cursor = (cursor + 1).min(locations.len().saturating_sub(1));
                    (
                        Some(IdpDialog::ChooseHome { locations, cursor }),
                        Vec::new(),
                    )
                }
                KeyCode::Enter => match locations.get(cursor) {
                    Some(at) => (
                        None,
                        self.open_objects(&at.bucket, &at.prefix, Some(&at.label)),
                    ),
                    None => (None, Vec::new()),
                },
                KeyCode::Esc => (None, Vec::new()),
                _ => (
                    Some(IdpDialog::ChooseHome { locations, cursor }),
                    Vec::new(),
                ),
            },
            // A message stays until Enter or Esc; a shown password then goes.
            // After a refused login, `l` shows what the logs say of it.
            IdpDialog::LoginResult(test) if !test.succeeded() && key.code == KeyCode::Char('l') => {
                let user = self.idp_pane().and_then(|pane| pane.tested_user.clone());
                (None, self.idp_user_activity(user))
            }
            dialog @ (IdpDialog::Message { .. } | IdpDialog::LoginResult(_)) => match key.code {
                KeyCode::Enter | KeyCode::Esc => (None, Vec::new()),
                _ => (Some(dialog), Vec::new()),
            },
        };
        // The dialog goes back where it was (the pane may have changed if
        // the browser was opened).
        if let Some(dialog) = kept
            && let Some(pane) = self.idp_pane()
        {
            pane.dialog = Some(dialog);
        }
        cmds
    }

    /// Whether a secret of that name exists and is not deleted.
    fn idp_has_live(&mut self, name: &str) -> bool {
        self.idp_pane().is_some_and(|pane| {
            pane.rows
                .iter()
                .any(|row| row.entry.name == name && !row.is_deleted())
        })
    }

    fn confirmed(&mut self, then: Then) -> Vec<Cmd> {
        match then {
            Then::Restore { name } => self.send_write(Verb::Restore, Write::Restore { name }),
            Then::Rotate { name } => {
                let Some((secret, version)) = self.idp_value_of(&name) else {
                    return Vec::new();
                };
                let write = Write::Update {
                    name,
                    secret,
                    read_version: version,
                    password: NewPassword::Generate(password::DEFAULT_LENGTH),
                };
                self.send_write(Verb::Rotate, write)
            }
            Then::UpdateTwin {
                source,
                twin,
                read_version,
            } => {
                let Some((secret, _)) = self.idp_value_of(&source) else {
                    return Vec::new();
                };
                let write = Write::Update {
                    name: twin,
                    secret,
                    read_version,
                    password: NewPassword::Keep,
                };
                self.send_write(Verb::Copy, write)
            }
            Then::Reload { name } => {
                if let Some(pane) = self.idp_pane()
                    && let Some(row) = pane.rows.iter_mut().find(|row| row.entry.name == name)
                {
                    row.value = ValueState::NotRead;
                }
                self.read_values()
            }
        }
    }

    /// The read value and version of a secret listed in the pane on top.
    fn idp_value_of(
        &mut self,
        name: &str,
    ) -> Option<(crate::model::login_secret::LoginSecret, String)> {
        let pane = self.idp_pane()?;
        let row = pane.rows.iter().find(|row| row.entry.name == name)?;
        Some((row.secret()?.clone(), row.version()?.to_string()))
    }

    /// Creates the same secret under another server's id.
    fn copy_user(&mut self, name: &str, target: &str) -> Vec<Cmd> {
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let prefix = pane.prefix.clone();
        let user = user_of(name, &prefix);
        let Some((secret, _)) = self.idp_value_of(name) else {
            return Vec::new();
        };
        self.send_write(Verb::Copy, copy_write(target, &user, &prefix, secret))
    }

    /// The password in `user`'s secret, for a login test: `None` when the
    /// secret has none (SFTP key users); an error when it is not at hand.
    fn stored_password(&mut self, user: &str) -> Result<Option<String>, String> {
        let Some(row) = self
            .idp_pane()
            .and_then(|pane| pane.selected())
            .filter(|row| row.user() == user)
        else {
            return Err(format!(
                "type the password: {user} is not the selected user"
            ));
        };
        match &row.value {
            ValueState::Read(value) => match &value.content {
                Ok(secret) => Ok(secret.password().map(str::to_string)),
                Err(err) => Err(format!(
                    "type the password: the secret cannot be read ({err})"
                )),
            },
            ValueState::Failed(err) => Err(format!("type the password: {err}")),
            ValueState::NotRead | ValueState::Reading(_) => {
                Err("the secret is still being read: Enter again in a moment".into())
            }
        }
    }

    fn test_login(
        &mut self,
        form: crate::app::Form,
        server_id: &str,
    ) -> (Option<IdpDialog>, Vec<Cmd>) {
        let user = dialogs::value(&form, dialogs::USER).to_string();
        let typed = form
            .fields
            .get(dialogs::at(&form, dialogs::PASSWORD))
            .map(|field| field.input.value().to_string())
            .unwrap_or_default();
        let protocol = self.server(server_id).and_then(|server| {
            let has = |p: Protocol| server.protocols.contains(&p);
            [Protocol::Ftp, Protocol::Ftps, Protocol::Sftp]
                .into_iter()
                .find(|p| has(p.clone()))
                .map(|p| p.as_str().to_string())
        });
        let password = if typed.is_empty() {
            // "taken from the secret on request": the selected user's own.
            match self.stored_password(&user) {
                Ok(password) => password.map(Password),
                // Testing without it would report a refused login that is
                // not one: the form stays, saying why.
                Err(why) => {
                    let mut form = form;
                    form.set_error(dialogs::at(&form, dialogs::PASSWORD), why);
                    return (Some(IdpDialog::TestLogin { form }), Vec::new());
                }
            }
        } else {
            Some(Password(typed))
        };
        let req = self.next_request();
        if let Some(pane) = self.idp_pane() {
            pane.testing = Some(req);
            pane.tested_user = Some(user.clone());
        }
        (
            None,
            vec![Cmd::Idp(IdpCmd::TestLogin {
                req,
                server_id: server_id.to_string(),
                user,
                password,
                protocol,
            })],
        )
    }

    /// Starts a write from the pane on top.
    fn send_write(&mut self, verb: Verb, write: Write) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let name = match &write {
            Write::Create { name, .. }
            | Write::Update { name, .. }
            | Write::Delete { name, .. }
            | Write::Restore { name } => name.clone(),
        };
        pane.pending = Some((req, format!("{name}: {}", verb_doing(verb))));
        pane.reveal = None;
        vec![Cmd::Idp(IdpCmd::Write { req, verb, write })]
    }
}

/// The write that copies `user`'s secret under `target`'s id, its value
/// as it is: what `C` sends, and each secret of a bulk user copy.
pub fn copy_write(
    target: &str,
    user: &str,
    prefix: &str,
    secret: crate::model::login_secret::LoginSecret,
) -> Write {
    Write::Create {
        name: SecretName::secret_name(target, user, prefix),
        secret,
        password: NewPassword::Keep,
    }
}

/// The user part of a secret's name.
fn user_of(name: &str, prefix: &str) -> String {
    SecretName::parse(name, prefix)
        .map(|parsed| parsed.user)
        .unwrap_or_else(|| name.rsplit('/').next().unwrap_or(name).to_string())
}

fn verb_doing(verb: Verb) -> &'static str {
    match verb {
        Verb::Create => "creating",
        Verb::Edit => "saving",
        Verb::Rotate => "rotating the password",
        Verb::Copy => "copying",
        Verb::Delete => "deleting",
        Verb::Restore => "restoring",
    }
}
