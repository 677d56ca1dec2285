//! Opening a user copy, its keys and its answers. Nothing is written
//! before `y` on the plan; `--read-only` refuses it before anything is read.

use crossterm::event::{KeyCode, KeyEvent};

use super::{COPY_AT_ONCE, CopyRow, CopyWrite, KEYS, RowState, Stage, UserCopyCmd};
use super::{UserCopyAction, UserCopyMsg, UserCopyPane};
use crate::app::keymap::{self, Action};
use crate::app::{App, Cmd, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::audit::AuditEntry;
use crate::model::scope::{Scope, ScopedServer};
use crate::model::server::is_server_id;
use crate::model::user_copy::{self, CopyItem, CopyOutcome, Step};

impl App {
    /// Opens the bulk copy of `from`'s users to `to`: both servers are read
    /// and the plan shown; nothing is written until the operator presses
    /// `y` on it. `from` and `to` name each server with its profile and
    /// region, so a clone in another region is copied to with that
    /// region's session. Service-managed users go as Transfer users with
    /// their SSH keys; a custom identity provider's as their login secrets
    /// under `to`'s id. Refused (with a notice, no command) under
    /// `--read-only` and when both name the same server.
    pub fn open_user_copy(&mut self, from: ScopedServer, to: ScopedServer) -> Vec<Cmd> {
        if self.refuse_if_read_only("copying users to another server") {
            return Vec::new();
        }
        if from == to {
            self.notify(
                NoticeLevel::Error,
                format!("{} is the server the users come from", to.server_id),
            );
            return Vec::new();
        }
        let req = self.next_request();
        let cmd = UserCopyCmd::Survey {
            req,
            from: from.clone(),
            to: to.clone(),
            prefix: self.secret_prefix.clone(),
        };
        self.open(Pane::UserCopy(Box::new(UserCopyPane::new(from, to, req))));
        vec![Cmd::UserCopy(cmd)]
    }

    /// `:copy-users <target>`: from the server on screen (its detail, its
    /// users) to `target`, checked before anything is read.
    pub(in crate::app) fn copy_users_to(&mut self, target: &str) -> Vec<Cmd> {
        let Some(from_id) = self.current_server_id() else {
            return self.need_server("copy-users");
        };
        let from = ScopedServer {
            scope: self.scope_of(&from_id),
            server_id: from_id,
        };
        let to = ScopedServer {
            scope: self.scope_of(target),
            server_id: target.to_string(),
        };
        self.open_user_copy(from, to)
    }

    /// The scope a server is listed in: its sweep row's, else the active
    /// session's.
    pub(in crate::app) fn scope_of(&self, server_id: &str) -> Scope {
        self.servers
            .rows
            .iter()
            .find(|row| row.summary.id == server_id)
            .and_then(|row| row.scope.clone())
            .unwrap_or_else(|| Scope {
                profile: self.settings.profile.clone(),
                region: self.region().unwrap_or_default().to_string(),
            })
    }

    fn user_copy_pane(&mut self) -> Option<&mut UserCopyPane> {
        match self.stack.last_mut() {
            Some(Pane::UserCopy(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    pub(in crate::app) fn user_copy_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.user_copy_pane()?;
        if key.code == KeyCode::Esc && pane.stage == Stage::Copying {
            self.notify(
                NoticeLevel::Warning,
                "users are being copied: the results stay here until every copy has answered",
            );
            return Some(Vec::new());
        }
        if key.code == KeyCode::Enter && pane.stage == Stage::Planned {
            self.notify(NoticeLevel::Info, "press y to copy, Esc to close");
            return Some(Vec::new());
        }
        match keymap::action_for(key, &[KEYS, keymap::MOVES])? {
            Action::UserCopy(UserCopyAction::Start) => Some(self.start_user_copy()),
            action => {
                let len = pane.rows.len();
                pane.cursor.apply(action, len).then(Vec::new)
            }
        }
    }

    /// `y` on the plan: every user to copy waits its turn; the first few go.
    fn start_user_copy(&mut self) -> Vec<Cmd> {
        if self.refuse_if_read_only("copying users to another server") {
            return Vec::new();
        }
        let Some(pane) = self.user_copy_pane() else {
            return Vec::new();
        };
        if pane.stage != Stage::Planned {
            return Vec::new();
        }
        if pane.to_copy() == 0 {
            pane.stage = Stage::Done;
            self.notify(NoticeLevel::Info, "nothing to copy: every user is skipped");
            return Vec::new();
        }
        pane.stage = Stage::Copying;
        for row in &mut pane.rows {
            if matches!(row.step, Step::Copy { .. }) {
                row.state = RowState::Waiting;
            }
        }
        self.next_copies()
    }

    /// Sends waiting copies until `COPY_AT_ONCE` are in flight.
    fn next_copies(&mut self) -> Vec<Cmd> {
        let prefix = self.secret_prefix.clone();
        let mut cmds = Vec::new();
        loop {
            let req = self.next_request();
            let Some(pane) = self.user_copy_awaiting_stage() else {
                return cmds;
            };
            if pane.copying() >= COPY_AT_ONCE {
                return cmds;
            }
            let to = pane.to.clone();
            let Some(row) = pane.rows.iter_mut().find(|r| r.state == RowState::Waiting) else {
                return cmds;
            };
            let Step::Copy { item, .. } = &row.step else {
                return cmds;
            };
            let write = match item {
                CopyItem::Managed(user) => CopyWrite::Managed(user.clone()),
                CopyItem::Secret { secret, .. } => {
                    CopyWrite::Secret(crate::app::idp_users::copy_write(
                        &to.server_id,
                        &row.user,
                        &prefix,
                        secret.clone(),
                    ))
                }
            };
            row.state = RowState::Copying(req);
            cmds.push(Cmd::UserCopy(UserCopyCmd::Copy {
                req,
                to,
                user: row.user.clone(),
                write,
            }));
        }
    }

    /// The user copy pane that is copying, wherever it is in the stack.
    fn user_copy_awaiting_stage(&mut self) -> Option<&mut UserCopyPane> {
        self.stack.iter_mut().find_map(|pane| match pane {
            Pane::UserCopy(pane) if pane.stage == Stage::Copying => Some(pane.as_mut()),
            _ => None,
        })
    }

    pub(in crate::app) fn on_user_copy_msg(&mut self, msg: UserCopyMsg) -> Vec<Cmd> {
        match msg {
            UserCopyMsg::Surveyed { req, result } => {
                let pane = self.stack.iter_mut().find_map(|pane| match pane {
                    Pane::UserCopy(pane) if pane.stage == Stage::Surveying(req) => {
                        Some(pane.as_mut())
                    }
                    _ => None,
                });
                if let Some(pane) = pane {
                    match result {
                        Ok(survey) => {
                            pane.rows = user_copy::plan(&survey)
                                .into_iter()
                                .map(|planned| CopyRow {
                                    user: planned.user,
                                    step: planned.step,
                                    state: RowState::Planned,
                                })
                                .collect();
                            pane.stage = Stage::Planned;
                        }
                        Err(err) => pane.stage = Stage::SurveyFailed(err),
                    }
                }
                Vec::new()
            }
            UserCopyMsg::Copied { req, user, outcome } => {
                let mut finished = None;
                if let Some(pane) = self.stack.iter_mut().find_map(|pane| match pane {
                    Pane::UserCopy(pane) => Some(pane.as_mut()),
                    _ => None,
                }) && let Some(row) = pane
                    .rows
                    .iter_mut()
                    .find(|row| row.state == RowState::Copying(req) && row.user == user)
                {
                    row.state = RowState::Done(outcome);
                    let left = pane
                        .rows
                        .iter()
                        .any(|row| matches!(row.state, RowState::Waiting | RowState::Copying(_)));
                    if !left {
                        pane.stage = Stage::Done;
                        finished = pane.summary();
                    }
                }
                let cmds = self.next_copies();
                if let Some(summary) = finished {
                    self.notify(NoticeLevel::Info, format!("users copied: {summary}"));
                }
                cmds
            }
        }
    }

    /// The audit entry of a copy `msg` answers, made from the entry noted
    /// when it was sent, so that it is written even if the pane is gone.
    pub(in crate::app) fn user_copy_audit(&self, msg: &crate::app::Msg) -> Option<Cmd> {
        let crate::app::Msg::UserCopy(UserCopyMsg::Copied { req, outcome, .. }) = msg else {
            return None;
        };
        let write = self
            .writes_in_flight()
            .iter()
            .find(|write| write.req == *req)?;
        let entry = AuditEntry {
            outcome: outcome.audit(),
            ..write.audit.clone()
        };
        Some(Cmd::Server(ServerCmd::Audit { entry }))
    }

    /// The in-flight entry of a copy: audited under the target's profile
    /// and region, which may not be the active session's.
    pub(in crate::app) fn user_copy_write(
        &self,
        cmd: &UserCopyCmd,
        outcome: String,
    ) -> Option<(RequestId, AuditEntry)> {
        let UserCopyCmd::Copy {
            req,
            to,
            user,
            write,
        } = cmd
        else {
            return None;
        };
        let (field, after) = write.audit_fields(user);
        let mut entry = self.audit_entry(&to.server_id, field, None, after, outcome);
        if !self.is_active_scope(&to.scope) {
            entry.profile = to.scope.profile.clone().unwrap_or_else(|| "default".into());
            entry.region = to.scope.region.clone();
            entry.account = None;
        }
        Some((*req, entry))
    }
}

/// Whether a target typed for `:copy-users` is a server id.
pub fn check_target(typed: &str) -> Result<String, String> {
    let id = typed.trim();
    if is_server_id(id) {
        Ok(id.to_string())
    } else {
        Err(format!(
            "{id:?} is not a server id (s- and 17 hex digits, as in s-0123456789abcdef0)"
        ))
    }
}

/// A row's outcome as the results column says it.
pub fn outcome_text(outcome: &CopyOutcome) -> String {
    match outcome {
        CopyOutcome::Copied { anyway: None } => "copied".into(),
        CopyOutcome::Copied { anyway: Some(note) } => note.clone(),
        CopyOutcome::Skipped { why } => format!("skipped: {why}"),
        CopyOutcome::Failed { why } => format!("failed: {why}"),
    }
}
