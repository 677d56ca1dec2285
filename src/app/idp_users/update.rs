//! The pane's keys: opening it, moving, and the dialogs that start changes.

use crossterm::event::{KeyCode, KeyEvent};

use super::dialogs::{self, EditTarget, IdpDialog, Then};
use super::keys::{ORPHANS, USERS};
use super::{
    IdpAction, IdpCmd, IdpUsersPane, NewPassword, REVEAL_TICKS, Reveal, Scope, TerminalCmd,
    ValueState, Verb, Write,
};
use crate::app::keymap::{self, Action, GLOBAL};
use crate::app::{App, Cmd, ConfirmEvent, FormEvent, NoticeLevel, Pane};
use crate::model::browse::home_locations;
use crate::model::login_secret::SecretName;
use crate::model::password::{self, Password};
use crate::model::{IdentityProviderType, Protocol};

impl App {
    /// `u` on a server: its users, wherever they live.
    pub fn open_users(&mut self, server_id: &str) -> Vec<Cmd> {
        let kind = self
            .servers
            .rows
            .iter()
            .find(|row| row.summary.id == server_id)
            .map(|row| row.summary.identity_provider_type.clone());
        match kind {
            Some(kind) if kind.is_custom() => {
                let req = self.next_request();
                let pane = IdpUsersPane::new(
                    Scope::Server {
                        server_id: server_id.to_string(),
                    },
                    &self.secret_prefix,
                    req,
                );
                let filter = pane.list_filter();
                self.open(Pane::IdpUsers(Box::new(pane)));
                vec![Cmd::Idp(IdpCmd::List { req, filter })]
            }
            Some(IdentityProviderType::ServiceManaged) => {
                // The service-managed users pane is wired in here at merge.
                self.notify(
                    NoticeLevel::Info,
                    "SERVICE_MANAGED users are Transfer users (ListUsers); \
                     TestIdentityProvider does not apply to them",
                );
                Vec::new()
            }
            Some(IdentityProviderType::AwsDirectoryService) => {
                self.notify(
                    NoticeLevel::Info,
                    "users of an AWS_DIRECTORY_SERVICE server live in the directory \
                     (AWS Managed Microsoft AD), not in Transfer or Secrets Manager",
                );
                Vec::new()
            }
            Some(other) => {
                self.notify(
                    NoticeLevel::Warning,
                    format!("identity provider {other}: the console does not know its users"),
                );
                Vec::new()
            }
            None => {
                self.notify(NoticeLevel::Warning, format!("{server_id} is not listed"));
                Vec::new()
            }
        }
    }

    /// Secrets under the prefix whose server no longer exists.
    pub fn open_orphans(&mut self) -> Vec<Cmd> {
        // Orphans are judged against the servers listed: without a complete
        // list every secret would look orphaned.
        if !matches!(self.servers.listing, crate::app::Listing::Loaded) {
            self.notify(
                NoticeLevel::Warning,
                "the servers are not all listed yet: orphans cannot be told (r on the servers list)",
            );
            return Vec::new();
        }
        let req = self.next_request();
        let pane = IdpUsersPane::new(Scope::Orphans, &self.secret_prefix, req);
        let filter = pane.list_filter();
        self.open(Pane::IdpUsers(Box::new(pane)));
        vec![Cmd::Idp(IdpCmd::List { req, filter })]
    }

    pub(in crate::app) fn idp_pane(&mut self) -> Option<&mut IdpUsersPane> {
        match self.stack.last_mut() {
            Some(Pane::IdpUsers(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    /// The pane's keys; `None` leaves the key to the global bindings.
    pub(in crate::app) fn idp_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.idp_pane()?;
        if pane.dialog.is_some() {
            return Some(self.idp_dialog_key(key));
        }
        let table = match pane.scope {
            Scope::Server { .. } => USERS,
            Scope::Orphans => ORPHANS,
        };
        if keymap::action_for(key, &[GLOBAL]) == Some(Action::Refresh) {
            return Some(self.idp_refresh());
        }
        match keymap::action_for(key, &[table])? {
            Action::Idp(action) => Some(self.idp_action(action)),
            movement => {
                let len = pane.rows.len();
                let cursor = &mut pane.cursor;
                match movement {
                    Action::Up => cursor.up(1),
                    Action::Down => cursor.down(1, len),
                    Action::PageUp => cursor.page_up(),
                    Action::PageDown => cursor.page_down(len),
                    Action::Top => cursor.top(),
                    Action::Bottom => cursor.bottom(len),
                    _ => {}
                }
                pane.reveal = None;
                Some(self.read_selected())
            }
        }
    }

    /// Lists the pane's secrets again (`r`, and after every change).
    pub(in crate::app) fn idp_refresh(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        if matches!(pane.listing, super::Listing::Loading(_)) {
            return Vec::new(); // a refresh asked twice coalesces
        }
        pane.listing = super::Listing::Loading(req);
        vec![Cmd::Idp(IdpCmd::List {
            req,
            filter: pane.list_filter(),
        })]
    }

    /// Reads the selected secret's value, once.
    pub(in crate::app) fn read_selected(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        if pane.scope == Scope::Orphans {
            return Vec::new(); // orphans are judged by name alone
        }
        let Some(row) = pane.selected_mut() else {
            return Vec::new();
        };
        if row.value != ValueState::NotRead || row.is_deleted() {
            return Vec::new();
        }
        row.value = ValueState::Reading(req);
        vec![Cmd::Idp(IdpCmd::Read {
            req,
            name: row.entry.name.clone(),
        })]
    }

    fn idp_action(&mut self, action: IdpAction) -> Vec<Cmd> {
        use IdpAction as A;
        let changes = matches!(
            action,
            A::New | A::Edit | A::EditJson | A::Rotate | A::CopyToServer | A::Delete | A::Restore
        );
        if changes && self.refuse_if_read_only(change_label(action)) {
            return Vec::new();
        }
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let server_id = pane.server_id().unwrap_or_default().to_string();
        match action {
            A::New => {
                pane.dialog = Some(IdpDialog::User {
                    form: dialogs::create_form(&server_id),
                    edit: None,
                });
                Vec::new()
            }
            A::Orphans => self.open_orphans(),
            A::TestLogin => {
                let user = pane.selected().map(|row| row.user().to_string());
                pane.dialog = Some(IdpDialog::TestLogin {
                    form: dialogs::test_form(user.as_deref().unwrap_or_default()),
                });
                Vec::new()
            }
            A::Delete => {
                match pane.selected() {
                    Some(row) if row.is_deleted() => {
                        let text = format!("{} is already deleted: U restores it", row.user());
                        self.notify(NoticeLevel::Info, text);
                    }
                    Some(row) => {
                        let (form, name) =
                            (dialogs::delete_form(row.user()), row.entry.name.clone());
                        pane.dialog = Some(IdpDialog::Delete { form, name });
                    }
                    None => {}
                }
                Vec::new()
            }
            A::Restore => {
                match pane.selected() {
                    Some(row) if row.is_deleted() => {
                        let name = row.entry.name.clone();
                        pane.dialog = Some(IdpDialog::Confirm {
                            confirm: dialogs::restore_question(&name),
                            then: Then::Restore { name },
                        });
                    }
                    Some(row) => {
                        let text = format!("{} is not deleted", row.user());
                        self.notify(NoticeLevel::Info, text);
                    }
                    None => {}
                }
                Vec::new()
            }
            _ => self.idp_value_action(action, &server_id),
        }
    }

    /// Actions that need the selected secret's value.
    fn idp_value_action(&mut self, action: IdpAction, server_id: &str) -> Vec<Cmd> {
        use IdpAction as A;
        let others = self.other_custom_servers(server_id);
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let Some(row) = pane.selected() else {
            return Vec::new();
        };
        let user = row.user().to_string();
        let name = row.entry.name.clone();
        let (secret, version) = match (&row.value, row.secret(), row.version()) {
            (_, Some(secret), Some(version)) => (secret.clone(), version.to_string()),
            (ValueState::Failed(err), ..) => {
                let text = format!("the value of {user} could not be read: {err}");
                self.notify(NoticeLevel::Error, text);
                return Vec::new();
            }
            (ValueState::Read(value), ..) => {
                let why = value
                    .content
                    .as_ref()
                    .err()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                self.notify(NoticeLevel::Error, format!("{user}: {why}"));
                return Vec::new();
            }
            _ if row.is_deleted() => {
                let text = format!("{user} is deleted: U restores it first");
                self.notify(NoticeLevel::Info, text);
                return Vec::new();
            }
            _ => {
                self.notify(NoticeLevel::Info, "the secret's value is being read");
                return Vec::new();
            }
        };
        match action {
            A::Edit => {
                pane.dialog = Some(IdpDialog::User {
                    form: dialogs::edit_form(&user, &secret),
                    edit: Some(EditTarget {
                        name,
                        read_version: version,
                        secret,
                    }),
                });
            }
            A::EditJson => {
                let req = self.next_request();
                if let Some(pane) = self.idp_pane() {
                    pane.editing = Some(req);
                    pane.reveal = None;
                }
                return vec![Cmd::Terminal(TerminalCmd::EditSecret {
                    req,
                    name,
                    read_version: version,
                    secret,
                })];
            }
            A::Rotate => {
                pane.dialog = Some(IdpDialog::Confirm {
                    confirm: dialogs::rotate_question(&user),
                    then: Then::Rotate { name },
                });
            }
            A::CopyToServer => {
                let suggestion = others.first().cloned().unwrap_or_default();
                pane.dialog = Some(IdpDialog::CopyTo {
                    form: dialogs::copy_form(&user, &suggestion, &others),
                    name,
                });
            }
            A::Reveal | A::CopyPassword if !secret.has_password() => {
                self.notify(NoticeLevel::Info, format!("{user} has no Password"));
            }
            A::Reveal => {
                pane.reveal = match pane.reveal {
                    Some(_) => None,
                    None => Some(Reveal {
                        name,
                        ticks_left: REVEAL_TICKS,
                    }),
                };
            }
            A::CopyPassword => {
                let text = Password(secret.password().unwrap_or_default().to_string());
                self.notify(
                    NoticeLevel::Info,
                    format!("password of {user} copied to the clipboard (OSC 52)"),
                );
                return vec![Cmd::Terminal(TerminalCmd::Copy { text })];
            }
            A::OpenHome => {
                let locations = home_locations(&secret.home());
                pane.reveal = None;
                match locations.as_slice() {
                    [] => {
                        let text = format!("{user} has no home directory to browse");
                        self.notify(NoticeLevel::Info, text);
                    }
                    [one] => {
                        let one = one.clone();
                        return self.open_objects(&one.bucket, &one.prefix, Some(&one.label));
                    }
                    _ => {
                        pane.dialog = Some(IdpDialog::ChooseHome {
                            locations,
                            cursor: 0,
                        })
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Custom-IdP servers other than `server_id`, to copy users to.
    fn other_custom_servers(&self, server_id: &str) -> Vec<String> {
        self.servers
            .rows
            .iter()
            .filter(|row| row.summary.identity_provider_type.is_custom())
            .map(|row| row.summary.id.clone())
            .filter(|id| id != server_id)
            .collect()
    }

    fn idp_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
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
                    match dialogs::read_user_form(&mut form, base) {
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
            Then::Reload { name } => {
                if let Some(pane) = self.idp_pane()
                    && let Some(row) = pane.rows.iter_mut().find(|row| row.entry.name == name)
                {
                    row.value = ValueState::NotRead;
                }
                self.read_selected()
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
        let write = Write::Create {
            name: SecretName::secret_name(target, &user, &prefix),
            secret,
            password: NewPassword::Keep,
        };
        self.send_write(Verb::Copy, write)
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
            self.idp_pane()
                .and_then(|pane| pane.selected())
                .filter(|row| row.user() == user)
                .and_then(|row| row.secret())
                .and_then(|secret| secret.password())
                .map(|password| Password(password.to_string()))
        } else {
            Some(Password(typed))
        };
        let req = self.next_request();
        if let Some(pane) = self.idp_pane() {
            pane.testing = Some(req);
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

    /// Advances the reveal's countdown: the password is masked again.
    pub(in crate::app) fn idp_tick(&mut self) {
        for pane in &mut self.stack {
            if let Pane::IdpUsers(pane) = pane
                && let Some(reveal) = &mut pane.reveal
            {
                reveal.ticks_left = reveal.ticks_left.saturating_sub(1);
                if reveal.ticks_left == 0 {
                    pane.reveal = None;
                }
            }
        }
    }

    /// Whether a password is on screen (and ticks must run to hide it).
    pub fn idp_revealing(&self) -> bool {
        matches!(self.pane(), Pane::IdpUsers(pane) if pane.reveal.is_some())
    }

    pub(in crate::app) fn idp_loading(&self) -> Option<String> {
        match self.pane() {
            Pane::IdpUsers(pane) => pane.loading(),
            _ => None,
        }
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

fn change_label(action: IdpAction) -> &'static str {
    match action {
        IdpAction::New => "creating a user",
        IdpAction::Edit | IdpAction::EditJson => "editing a user",
        IdpAction::Rotate => "rotating a password",
        IdpAction::CopyToServer => "copying a user",
        IdpAction::Delete => "deleting a user",
        IdpAction::Restore => "restoring a user",
        _ => "this change",
    }
}
