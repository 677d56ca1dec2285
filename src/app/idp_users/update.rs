//! The pane's keys: opening it, moving, and the dialogs that start changes.

use crossterm::event::KeyEvent;

use super::dialogs::{self, EditTarget, IdpDialog, Then};
use super::keys::{SECRETS, USERS};
use super::user_form;
use super::{
    IdpAction, IdpCmd, IdpColumn, IdpUsersPane, Owner, REVEAL_TICKS, Reveal, Scope, ValueState,
};
use crate::app::fuzzy::FilterKey;
use crate::app::keymap::{self, Action, GLOBAL};
use crate::app::{App, Cmd, NoticeLevel, Pane, TerminalCmd};
use crate::model::IdentityProviderType;
use crate::model::browse::home_locations;
use crate::model::password::Password;

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
            Some(IdentityProviderType::ServiceManaged) => self.open_managed_users(server_id),
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

    /// A user in its server's users pane, selected once listed; with
    /// `edit`, its edit form opens once the value is read.
    pub fn open_user(&mut self, server_id: &str, name: &str, edit: bool) -> Vec<Cmd> {
        let cmds = self.open_users(server_id);
        // Not when the pane could not open (a change under way elsewhere).
        if let Some(pane) = self.idp_pane()
            && pane.server_id() == Some(server_id)
        {
            pane.wanted = Some(super::Wanted {
                name: name.to_string(),
                edit,
            });
        }
        cmds
    }

    /// Opens the edit form the pane was opened for, once the wanted
    /// user's value is read (or says why it cannot be edited).
    pub(in crate::app) fn edit_wanted(&mut self) -> Vec<Cmd> {
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let ready = pane.wanted.as_ref().is_some_and(|wanted| {
            wanted.edit
                && pane.selected().is_some_and(|row| {
                    row.entry.name == wanted.name
                        && matches!(row.value, ValueState::Read(_) | ValueState::Failed(_))
                })
        });
        if !ready {
            return Vec::new();
        }
        pane.wanted = None;
        self.idp_action(IdpAction::Edit)
    }

    /// `:secrets`: every login secret under the prefix, across servers;
    /// `orphans_only` opens it narrowed to secrets whose server is gone.
    pub fn open_secrets(&mut self, orphans_only: bool) -> Vec<Cmd> {
        // Owners are judged against the servers listed: without a complete
        // list every secret would look orphaned.
        if !matches!(self.servers.listing, crate::app::Listing::Loaded) {
            self.notify(
                NoticeLevel::Warning,
                "the servers are not all listed yet: the secrets' servers cannot be told \
                 (r on the servers list)",
            );
            return Vec::new();
        }
        // Leaving the view masks a revealed password.
        if let Some(pane) = self.idp_pane() {
            pane.reveal = None;
        }
        let req = self.next_request();
        let mut pane = IdpUsersPane::new(Scope::Secrets, &self.secret_prefix, req);
        pane.orphans_only = orphans_only;
        let filter = pane.list_filter();
        self.open(Pane::IdpUsers(Box::new(pane)));
        vec![Cmd::Idp(IdpCmd::List { req, filter })]
    }

    /// The secrets list narrowed to the orphans (`O`, the doctor's
    /// `orphan-secret` fix).
    pub fn open_orphans(&mut self) -> Vec<Cmd> {
        self.open_secrets(true)
    }

    /// Enter in `:secrets`: the user in its server's users pane.
    fn open_secret_user(&mut self) -> Vec<Cmd> {
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let Some(row) = pane.selected() else {
            return Vec::new();
        };
        let name = row.entry.name.clone();
        let server_id = match &row.owner {
            Some(Owner::Listed { server_id, .. }) => server_id.clone(),
            Some(Owner::Gone { server_id }) => {
                let text = format!(
                    "{server_id} no longer exists: x deletes its secret, U restores a deleted one"
                );
                self.notify(NoticeLevel::Info, text);
                return Vec::new();
            }
            _ => {
                let text = format!(
                    "{name} serves every custom identity provider server: u on one opens its users"
                );
                self.notify(NoticeLevel::Info, text);
                return Vec::new();
            }
        };
        self.open_user(&server_id, &name, false)
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
            Scope::Secrets => SECRETS,
        };
        let moved = match pane.list.filter_key(key, &pane.rows) {
            FilterKey::Taken => return Some(Vec::new()),
            FilterKey::Changed => true,
            FilterKey::NotMine => {
                let logs = match pane.scope {
                    Scope::Server { .. } => crate::app::activity::keys::IDP_USER_LOGS,
                    Scope::Secrets => &[],
                };
                let tables = [GLOBAL, table, logs, keymap::FILTER_SORT, keymap::MOVES];
                match keymap::action_for(key, &tables)? {
                    Action::Refresh => return Some(self.idp_refresh()),
                    Action::Logs => return Some(self.idp_user_activity(None)),
                    Action::Idp(action) => return Some(self.idp_action(action)),
                    Action::Access(action) => return Some(self.access_action(action)),
                    Action::Sort => pane.sort_next(),
                    other => pane.list.act(other, &pane.rows),
                }
            }
        };
        if !moved {
            return None;
        }
        // Another row, or the same one re-ordered: a reveal ends either way.
        pane.reveal = None;
        Some(self.read_values())
    }

    /// `l`: the activity of `user` (the one a login test tried), else of
    /// the selected user.
    pub(in crate::app) fn idp_user_activity(&mut self, user: Option<String>) -> Vec<Cmd> {
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        let Scope::Server { server_id } = &pane.scope else {
            return Vec::new();
        };
        let server_id = server_id.clone();
        let user = user.or_else(|| {
            let row = pane.selected()?;
            Some(row.entry.parsed.as_ref()?.user.clone())
        });
        match user {
            Some(user) => self.open_activity(&server_id, Some(user)),
            None => Vec::new(),
        }
    }

    /// Lists the pane's secrets again (`r`, and after every change).
    pub(in crate::app) fn idp_refresh(&mut self) -> Vec<Cmd> {
        self.idp_relist(false)
    }

    /// ListSecrets again; `keep_values`: see [`IdpUsersPane::relist`].
    pub(in crate::app) fn idp_relist(&mut self, keep_values: bool) -> Vec<Cmd> {
        let req = self.next_request();
        self.idp_pane()
            .and_then(|pane| pane.relist(req, keep_values))
            .map(Cmd::Idp)
            .into_iter()
            .collect()
    }

    /// `$EDITOR` on `text`, the value of `name` as read at `read_version`.
    fn open_editor(&mut self, name: String, read_version: String, text: Password) -> Vec<Cmd> {
        let req = self.next_request();
        if let Some(pane) = self.idp_pane() {
            pane.editing = Some(req);
            pane.reveal = None;
        }
        vec![Cmd::Terminal(TerminalCmd::EditSecret {
            req,
            name,
            read_version,
            text,
        })]
    }

    /// Reads the selected secret's value, once.
    pub(in crate::app) fn read_values(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        if pane.scope == Scope::Secrets {
            return Vec::new(); // the list shows names and dates, never values
        }
        let mut names = Vec::new();
        for row in pane.rows.iter_mut() {
            if row.value == ValueState::NotRead && !row.is_deleted() {
                row.value = ValueState::Reading(req);
                names.push(row.entry.name.clone());
            }
        }
        if names.is_empty() {
            return Vec::new();
        }
        vec![Cmd::Idp(IdpCmd::Read { req, names })]
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
                    form: user_form::create_form(&server_id),
                    edit: None,
                });
                Vec::new()
            }
            A::Orphans if pane.scope == Scope::Secrets => {
                pane.toggle_orphans_only();
                Vec::new()
            }
            A::Orphans => self.open_orphans(),
            A::OpenUser => self.open_secret_user(),
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
            // A value that is not JSON can still be repaired as text.
            (ValueState::Read(value), ..) if action == A::EditJson && !row.is_deleted() => {
                let Some(text) = value.unparsed.clone() else {
                    self.notify(NoticeLevel::Error, format!("{user}: the secret is binary"));
                    return Vec::new();
                };
                let version = value.version_id.clone();
                return self.open_editor(name, version, text);
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
                    form: user_form::edit_form(&user, &secret),
                    edit: Some(EditTarget {
                        name,
                        read_version: version,
                        secret,
                    }),
                });
            }
            A::EditJson => {
                return self.open_editor(name, version, Password(secret.to_pretty_json()));
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

impl IdpUsersPane {
    /// `s`: the next column this pane shows.
    fn sort_next(&mut self) -> bool {
        loop {
            self.list.act(crate::app::keymap::Action::Sort, &self.rows);
            let shown = self.scope == Scope::Secrets
                || self.list.sort.is_none_or(IdpColumn::in_server_scope);
            if shown {
                return true;
            }
        }
    }
}
