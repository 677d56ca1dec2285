//! The users pane's part of `App::update`: its keys, its dialogs and the
//! worker's answers.

use crossterm::event::{KeyCode, KeyEvent};

use super::dialog::{self, Pick, PickPurpose, UsersDialog};
use super::keys::{self, ManagedUsersAction};
use super::{ManagedUsersCmd, ManagedUsersPane, UserChange};
use crate::app::fuzzy::FilterKey;
use crate::app::keymap::{self, Action};
use crate::app::objects::Fetch;
use crate::app::{App, Cmd, ConfirmEvent, FormEvent, Listing, NoticeLevel, Pane};
use crate::model::TransferUser;
use crate::model::browse::{home_locations, service_managed_home};

fn cmd(cmd: ManagedUsersCmd) -> Cmd {
    Cmd::ManagedUsers(cmd)
}

impl App {
    /// Opens the users of a SERVICE_MANAGED server and lists them.
    pub fn open_managed_users(&mut self, server_id: &str) -> Vec<Cmd> {
        let req = self.next_request();
        self.open(Pane::ManagedUsers(Box::new(ManagedUsersPane::new(
            server_id, req,
        ))));
        vec![cmd(ManagedUsersCmd::List {
            req,
            server_id: server_id.to_string(),
        })]
    }

    /// `u` on the servers list: the selected server's Transfer users.
    pub(in crate::app) fn managed_users_loading(&self) -> Option<String> {
        match self.stack.last() {
            Some(Pane::ManagedUsers(pane)) => pane.loading(),
            _ => None,
        }
    }

    /// `r`: ListUsers again, and DescribeUser again for the selected row.
    pub(in crate::app) fn managed_users_refresh(&mut self) -> Vec<Cmd> {
        self.managed_users_relist(true)
    }

    /// ListUsers again. `forget_details`: every user is described again
    /// (`r`, and after a change); otherwise (the automatic refresh) only the
    /// users whose row changed are, so the detail does not blink.
    pub(in crate::app) fn managed_users_relist(&mut self, forget_details: bool) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        if matches!(pane.listing, Listing::Loading(_)) {
            return Vec::new(); // a refresh asked twice coalesces
        }
        if forget_details {
            pane.details.clear();
        }
        pane.listing = Listing::Loading(req);
        vec![cmd(ManagedUsersCmd::List {
            req,
            server_id: pane.server_id.clone(),
        })]
    }

    fn users_pane(&mut self) -> Option<&mut ManagedUsersPane> {
        match self.stack.last_mut() {
            Some(Pane::ManagedUsers(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    /// DescribeUser for the selected row, unless its answer is at hand
    /// (or `again`).
    pub(super) fn describe_selected(&mut self, again: bool) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        let Some(user) = pane.selected().map(|row| row.name.clone()) else {
            return Vec::new();
        };
        if !again && pane.details.contains_key(&user) {
            return Vec::new();
        }
        pane.details.insert(user.clone(), Fetch::Loading(req));
        vec![cmd(ManagedUsersCmd::Describe {
            req,
            server_id: pane.server_id.clone(),
            user,
        })]
    }

    /// The pane's keys; `None` leaves the key to the global bindings.
    pub(in crate::app) fn managed_users_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.users_pane()?;
        if pane.dialog.is_some() {
            return Some(self.users_dialog_key(key));
        }
        match pane.list.filter_key(key, &pane.rows) {
            FilterKey::NotMine => {}
            FilterKey::Taken => return Some(Vec::new()),
            FilterKey::Changed => return Some(self.describe_selected(false)),
        }
        let tables = [
            keys::USERS,
            crate::app::activity::keys::USER_LOGS,
            keymap::FILTER_SORT,
            keymap::MOVES,
        ];
        let action = match keymap::action_for(key, &tables)? {
            Action::ManagedUsers(action) => action,
            Action::Logs => {
                let (server_id, user) = (pane.server_id.clone(), pane.selected()?.name.clone());
                return Some(self.open_activity(&server_id, Some(user)));
            }
            other => {
                pane.list.act(other, &pane.rows);
                return Some(self.describe_selected(false));
            }
        };
        Some(self.users_action(action))
    }

    fn users_action(&mut self, action: ManagedUsersAction) -> Vec<Cmd> {
        use ManagedUsersAction as A;
        let what = match action {
            A::Describe => return self.describe_selected(true),
            A::OpenHome => return self.open_user_home(),
            A::TestLogin => {
                self.notify(
                    NoticeLevel::Info,
                    "TestIdentityProvider works only for custom identity providers \
                     (AWS_LAMBDA, API_GATEWAY): a SERVICE_MANAGED login is checked \
                     by connecting with the user's SSH key",
                );
                return Vec::new();
            }
            A::Create => "creating a user",
            A::Edit => "editing a user",
            A::ImportKey => "importing an SSH key",
            A::DeleteKey => "deleting an SSH key",
            A::Delete => "deleting a user",
        };
        if self.refuse_if_read_only(what) {
            return Vec::new();
        }
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        if let Some((_, change)) = &pane.pending {
            let text = format!("one change at a time: still {}", change.describe());
            self.notify(NoticeLevel::Warning, text);
            return Vec::new();
        }
        if action == A::Create {
            pane.dialog = Some(UsersDialog::Create(dialog::create_form()));
            return Vec::new();
        }
        let Some(row) = pane.selected() else {
            self.notify(NoticeLevel::Info, "no user selected");
            return Vec::new();
        };
        let name = row.name.clone();
        let listed_keys = row.ssh_key_count.unwrap_or(0);
        let server_id = pane.server_id.clone();
        if action == A::ImportKey {
            pane.dialog = Some(UsersDialog::ImportKey {
                form: dialog::key_form(&name),
                user: name,
            });
            return Vec::new();
        }
        if action == A::Delete {
            let keys = pane
                .selected_user()
                .map_or(listed_keys as usize, |u| u.ssh_keys.len());
            pane.dialog = Some(UsersDialog::Confirm {
                confirm: dialog::delete_user_question(&server_id, &name, keys),
                change: UserChange::Delete { user: name },
            });
            return Vec::new();
        }
        // Editing and deleting a key start from what DescribeUser said.
        let Some(user) = pane.selected_user().cloned() else {
            self.notify(
                NoticeLevel::Warning,
                format!("{name} is not described yet: wait, or Enter to read it again"),
            );
            return Vec::new();
        };
        pane.dialog = match action {
            A::Edit => Some(UsersDialog::Edit {
                form: dialog::edit_form(&user),
                unchanged: dialog::read_edit(&mut dialog::edit_form(&user), &name),
                before: dialog::role_and_home(
                    user.role.as_deref().unwrap_or("-"),
                    &dialog::home_text(&user),
                ),
                user: name.clone(),
            }),
            _ => key_deletion(user),
        };
        if pane.dialog.is_none() {
            self.notify(NoticeLevel::Info, format!("{name} has no SSH keys"));
        }
        Vec::new()
    }

    /// `o`: the user's home in the S3 browser; several mappings are offered
    /// to choose from, each labelled with its entry as the user sees it.
    fn open_user_home(&mut self) -> Vec<Cmd> {
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        let Some(user) = pane.selected_user() else {
            self.notify(NoticeLevel::Info, "the user is not described yet");
            return Vec::new();
        };
        let home = service_managed_home(
            user.home_directory_type.as_deref(),
            user.home_directory.as_deref(),
            &user.mappings,
        );
        let mut locations = home_locations(&home);
        match locations.len() {
            0 => {
                let text = format!("{} has no home directory in S3 to browse", user.name);
                self.notify(NoticeLevel::Info, text);
                Vec::new()
            }
            1 => {
                let place = locations.remove(0);
                self.open_objects(&place.bucket, &place.prefix, Some(&place.label))
            }
            _ => {
                let options = locations
                    .iter()
                    .map(|l| format!("{:<16} {}", l.label, l.url()))
                    .collect();
                pane.dialog = Some(UsersDialog::Pick(Pick {
                    title: format!("Browse a home entry of {}", user.name),
                    options,
                    cursor: 0,
                    purpose: PickPurpose::Home(locations),
                }));
                Vec::new()
            }
        }
    }

    fn users_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        let Some(dialog) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        let change = match dialog {
            UsersDialog::Create(form) => match form.handle_key(key) {
                FormEvent::Cancel => return close(pane),
                FormEvent::Submit => dialog::read_create(form).map(UserChange::Create),
                FormEvent::Edited | FormEvent::Moved => None,
            },
            UsersDialog::Edit {
                form,
                user,
                before,
                unchanged,
            } => match form.handle_key(key) {
                FormEvent::Cancel => return close(pane),
                FormEvent::Submit => match dialog::read_edit(form, user) {
                    Some(spec) if Some(&spec) == unchanged.as_ref() => {
                        let text = format!("{user}: nothing changed, nothing sent");
                        pane.dialog = None;
                        self.notify(NoticeLevel::Info, text);
                        return Vec::new();
                    }
                    spec => spec.map(|spec| UserChange::Update {
                        spec,
                        before: before.clone(),
                    }),
                },
                FormEvent::Edited | FormEvent::Moved => None,
            },
            UsersDialog::ImportKey { form, user } => match form.handle_key(key) {
                FormEvent::Cancel => return close(pane),
                FormEvent::Submit => dialog::read_key(form).map(|body| UserChange::ImportKey {
                    user: user.clone(),
                    body,
                }),
                FormEvent::Edited | FormEvent::Moved => None,
            },
            UsersDialog::Pick(_) => return self.pick_key(key),
            UsersDialog::Confirm { confirm, change } => match confirm.handle_key(key) {
                ConfirmEvent::Cancelled => return close(pane),
                ConfirmEvent::Pending => None,
                ConfirmEvent::Confirmed => {
                    let change = change.clone();
                    pane.dialog = None;
                    // Checked again where the change is sent, not only where it began.
                    if self.refuse_if_read_only("changing users") {
                        return Vec::new();
                    }
                    return self.send_change(change);
                }
            },
        };
        match change {
            // A deletion of a key asks first; the forms were the question.
            Some(change) => self.send_change(change),
            None => Vec::new(),
        }
    }

    /// Keys of a list to choose from (keys to delete, home entries).
    fn pick_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        let Some(UsersDialog::Pick(pick)) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        match keymap::action_for(key, &[keymap::LIST]) {
            Some(Action::Up) => pick.cursor = pick.cursor.saturating_sub(1),
            Some(Action::Down) => {
                pick.cursor = (pick.cursor + 1).min(pick.options.len().saturating_sub(1))
            }
            Some(Action::Open) => {
                let Some(UsersDialog::Pick(pick)) = pane.dialog.take() else {
                    return Vec::new();
                };
                return self.picked(pick);
            }
            _ if key.code == KeyCode::Esc => pane.dialog = None,
            _ => {}
        }
        Vec::new()
    }

    fn picked(&mut self, pick: Pick) -> Vec<Cmd> {
        match pick.purpose {
            PickPurpose::Home(locations) => match locations.get(pick.cursor) {
                Some(place) => self.open_objects(&place.bucket, &place.prefix, Some(&place.label)),
                None => Vec::new(),
            },
            PickPurpose::DeleteKey { user, keys } => {
                if let (Some(key), Some(pane)) = (keys.get(pick.cursor), self.users_pane()) {
                    pane.dialog = Some(key_question(&user, key));
                }
                Vec::new()
            }
        }
    }

    fn send_change(&mut self, change: UserChange) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.users_pane() else {
            return Vec::new();
        };
        pane.dialog = None;
        pane.pending = Some((req, change.clone()));
        vec![cmd(ManagedUsersCmd::Change {
            req,
            server_id: pane.server_id.clone(),
            change,
        })]
    }
}

fn close(pane: &mut ManagedUsersPane) -> Vec<Cmd> {
    pane.dialog = None;
    Vec::new()
}

/// The dialog that deletes one of `user`'s keys: the question itself for
/// one key, a choice first for several, nothing without keys.
fn key_deletion(user: TransferUser) -> Option<UsersDialog> {
    match user.ssh_keys.as_slice() {
        [] => None,
        [key] => Some(key_question(&user.name, key)),
        keys => Some(UsersDialog::Pick(Pick {
            title: format!("Which SSH key of {} to delete?", user.name),
            options: keys.iter().map(dialog::key_label).collect(),
            cursor: 0,
            purpose: PickPurpose::DeleteKey {
                user: user.name.clone(),
                keys: keys.to_vec(),
            },
        })),
    }
}

fn key_question(user: &str, key: &crate::model::SshKey) -> UsersDialog {
    UsersDialog::Confirm {
        confirm: dialog::delete_key_question(user, key),
        change: UserChange::DeleteKey {
            user: user.to_string(),
            key_id: key.id.clone(),
            label: dialog::key_label(key),
        },
    }
}
