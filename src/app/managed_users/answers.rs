//! The worker's answers to the users pane: listings and descriptions fill
//! the pane, and every change is audited, then read back from AWS (or, when
//! refused, its form comes back with the reason).

use super::dialog::{self, UsersDialog};
use super::{Afterwards, ManagedUsersCmd, ManagedUsersMsg, ManagedUsersPane, UserChange};
use crate::app::objects::Fetch;
use crate::app::{App, Cmd, Listing, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::UserSummary;
use crate::model::validate::user_home_text;

fn cmd(cmd: ManagedUsersCmd) -> Cmd {
    Cmd::ManagedUsers(cmd)
}

impl App {
    pub(in crate::app) fn on_managed_users_msg(&mut self, msg: ManagedUsersMsg) -> Vec<Cmd> {
        match msg {
            ManagedUsersMsg::Listed { req, result } => self.on_users_listed(req, result),
            ManagedUsersMsg::Described { req, user, result } => {
                if let Some(pane) = self.pane_awaiting(req)
                    && pane.details.get(&user) == Some(&Fetch::Loading(req))
                {
                    let fetch = match result {
                        Ok(described) => Fetch::Loaded(described),
                        Err(err) => Fetch::Failed(err),
                    };
                    pane.details.insert(user, fetch);
                }
                Vec::new()
            }
            ManagedUsersMsg::Changed {
                req,
                server_id,
                change,
                result,
                afterwards,
            } => self.on_user_changed(req, &server_id, change, result, afterwards),
        }
    }

    fn pane_awaiting(&mut self, req: RequestId) -> Option<&mut ManagedUsersPane> {
        self.stack.iter_mut().find_map(|pane| match pane {
            Pane::ManagedUsers(pane) if pane.awaits(req) => Some(pane.as_mut()),
            _ => None,
        })
    }

    fn on_users_listed(
        &mut self,
        req: RequestId,
        result: Result<Vec<UserSummary>, AwsError>,
    ) -> Vec<Cmd> {
        let Some(pane) = self.pane_awaiting(req) else {
            return Vec::new(); // the pane is gone or listed again since
        };
        match result {
            Ok(rows) => {
                let keep = pane
                    .select_after_listing
                    .take()
                    .or_else(|| pane.selected().map(|row| row.name.clone()));
                pane.listing = Listing::Loaded;
                pane.set_rows(rows, keep);
            }
            // The rows shown before stay: a failed refresh loses nothing.
            Err(err) => pane.listing = Listing::Failed(err),
        }
        if matches!(self.stack.last(), Some(Pane::ManagedUsers(p)) if p.listing == Listing::Loaded)
        {
            return self.describe_selected(false);
        }
        Vec::new()
    }

    fn on_user_changed(
        &mut self,
        req: RequestId,
        server_id: &str,
        change: UserChange,
        result: Result<Option<String>, AwsError>,
        afterwards: Option<Afterwards>,
    ) -> Vec<Cmd> {
        // AWS refuses a key the user already has: nothing was imported, and
        // the key found on reading the user again is the one already there.
        if let (UserChange::ImportKey { user, .. }, Err(err)) = (&change, &result)
            && is_already_there(err)
        {
            let text = format!("that SSH key is already there for {user}: nothing imported");
            let (field, before, after) = audit_fields(&change, None);
            let entry = self.audit_entry(server_id, field, before, after, text.clone());
            if let Some(pane) = self.pane_awaiting(req) {
                pane.pending = None;
            }
            self.notify(NoticeLevel::Info, text);
            return vec![Cmd::Server(ServerCmd::Audit { entry })];
        }
        // A failed write that AWS applied all the same is shown as done
        // (the list is read again), and said to have failed on the way.
        let (result, anyway) = match (result, afterwards) {
            (Err(err), Some(Afterwards::ChangedAnyway)) => (Ok(None), Some(err)),
            (result, afterwards) => (result.map_err(|err| (err, afterwards)), None),
        };
        let (field, before, after) = audit_fields(&change, result.as_ref().ok());
        let outcome = match (&result, &anyway) {
            (Ok(_), Some(err)) => format!("changed anyway despite: {err}"),
            (Ok(_), None) => "ok".to_string(),
            (Err((err, Some(Afterwards::Unchanged))), _) => format!("failed: {err}; unchanged"),
            (Err((err, Some(Afterwards::Unknown(_)))), _) => {
                format!("failed: {err}; unknown whether applied")
            }
            (Err((err, _)), _) => format!("failed: {err}"),
        };
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(server_id, field, before, after, outcome),
        })];
        let relist = self.next_request();
        let pane = self.pane_awaiting(req);
        match result {
            Ok(key_id) => {
                let text = match (&change, key_id) {
                    (UserChange::ImportKey { user, .. }, Some(id)) => {
                        format!("imported SSH key {id} for {user}")
                    }
                    (UserChange::Create(spec), _) => format!("created user {}", spec.name),
                    (UserChange::Update { spec, .. }, _) => format!("updated user {}", spec.name),
                    (UserChange::DeleteKey { user, key_id, .. }, _) => {
                        format!("deleted SSH key {key_id} of {user}")
                    }
                    (UserChange::Delete { user }, _) => format!("deleted user {user}"),
                    (UserChange::ImportKey { user, .. }, None) => {
                        format!("imported an SSH key for {user}")
                    }
                };
                if let Some(pane) = pane {
                    pane.pending = None;
                    // Read from AWS again: the list and the detail show what
                    // AWS now has, not what the console expects.
                    pane.details.remove(change.user());
                    if let UserChange::Create(spec) = &change {
                        pane.select_after_listing = Some(spec.name.clone());
                    }
                    pane.listing = Listing::Loading(relist);
                    cmds.push(cmd(ManagedUsersCmd::List {
                        req: relist,
                        server_id: server_id.to_string(),
                    }));
                }
                match anyway {
                    Some(err) => self.notify(
                        NoticeLevel::Warning,
                        format!("{text} (took effect although AWS answered {err})"),
                    ),
                    None => self.notify(NoticeLevel::Info, text),
                }
            }
            Err((err, afterwards)) => {
                if let Some(pane) = pane {
                    pane.pending = None;
                    // The form comes back as it was sent, with AWS's answer.
                    let error = format!("AWS refused: {err}");
                    pane.dialog = match &change {
                        UserChange::Create(spec) => {
                            Some(UsersDialog::Create(dialog::create_form_again(spec, error)))
                        }
                        UserChange::Update { spec, before } => Some(UsersDialog::Edit {
                            form: dialog::edit_form_again(spec, error),
                            user: spec.name.clone(),
                            before: before.clone(),
                            unchanged: None,
                        }),
                        UserChange::ImportKey { user, body } => Some(UsersDialog::ImportKey {
                            form: dialog::key_form_again(user, body, error),
                            user: user.clone(),
                        }),
                        UserChange::DeleteKey { .. } | UserChange::Delete { .. } => None,
                    };
                }
                let said = match afterwards {
                    Some(Afterwards::Unchanged) => "; AWS has it unchanged".to_string(),
                    Some(Afterwards::Unknown(reread)) => format!(
                        "; unknown whether it took effect (reading the user again failed: \
                         {reread})"
                    ),
                    _ => String::new(),
                };
                let text = format!("{} failed: {err}{said}", change.describe());
                self.notify(NoticeLevel::Error, text);
            }
        }
        cmds
    }
}

/// The audit log's field, before and after for a change.
pub(in crate::app) fn audit_fields(
    change: &UserChange,
    key_id: Option<&Option<String>>,
) -> (&'static str, Option<String>, String) {
    match change {
        UserChange::Create(spec) => (
            "User",
            None,
            format!(
                "{}: {}{}",
                spec.name,
                dialog::role_and_home(&spec.role, &user_home_text(&spec.home)),
                if spec.ssh_key.is_some() {
                    "; with an SSH key"
                } else {
                    ""
                }
            ),
        ),
        UserChange::Update { spec, before } => (
            "User",
            Some(format!("{}: {before}", spec.name)),
            format!(
                "{}: {}",
                spec.name,
                dialog::role_and_home(&spec.role, &user_home_text(&spec.home))
            ),
        ),
        UserChange::ImportKey { user, body } => {
            let short = crate::model::SshKey {
                id: String::new(),
                body: body.clone(),
                imported: None,
            }
            .short();
            let id = key_id.cloned().flatten().unwrap_or_else(|| "key".into());
            ("SshPublicKey", None, format!("{user}: {id} {short}"))
        }
        UserChange::DeleteKey { user, label, .. } => (
            "SshPublicKey",
            Some(format!("{user}: {label}")),
            "(deleted)".into(),
        ),
        UserChange::Delete { user } => ("User", Some(user.clone()), "(deleted)".into()),
    }
}

/// AWS's answer to importing a key the user already has.
fn is_already_there(err: &AwsError) -> bool {
    matches!(err, AwsError::Service { code, .. } if code == "ResourceExistsException")
}
