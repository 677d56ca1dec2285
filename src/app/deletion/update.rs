//! The deletion's keys and answers.

use crossterm::event::{KeyCode, KeyEvent};

use super::{DeletionCmd, DeletionMsg, DeletionPane, Survey};
use crate::app::managed_users::Afterwards;
use crate::app::{App, Cmd, Confirm, ConfirmEvent, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::secret_value::DEFAULT_RECOVERY_DAYS;

impl App {
    /// `X` on the servers list: reads what goes with the selected server.
    pub(in crate::app) fn begin_server_deletion(&mut self) -> Vec<Cmd> {
        if self.refuse_if_read_only("deleting a server") {
            return Vec::new();
        }
        let Some(row) = self.servers.selected() else {
            return Vec::new();
        };
        let Some(server) = row.server().cloned() else {
            self.notify(
                NoticeLevel::Warning,
                "the server's details are not loaded yet",
            );
            return Vec::new();
        };
        let id = server.id().to_string();
        let name = server.name().map(str::to_string);
        let rate = self
            .hourly_rates
            .for_region(self.region().unwrap_or_default());
        let req = self.next_request();
        let confirm = Confirm::typed(
            format!("Delete {id}"),
            Vec::new(),
            std::iter::once(id.clone()).chain(name.clone()).collect(),
        );
        self.open(Pane::DeleteServer(Box::new(DeletionPane {
            server_id: id,
            name,
            monthly_cost: crate::model::cost::monthly_usd(server.protocols.len(), rate),
            tags: server
                .tags
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            survey: Survey::Reading(req),
            delete_secrets: false,
            confirm,
            pending: None,
        })));
        vec![Cmd::Deletion(DeletionCmd::Survey {
            req,
            server: Box::new(server),
            secret_prefix: self.secret_prefix.clone(),
        })]
    }

    pub(in crate::app) fn deletion_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let req = self.next_request();
        let Some(Pane::DeleteServer(pane)) = self.stack.last_mut() else {
            return None;
        };
        if pane.pending.is_some() {
            // The pane stays until AWS answers: closing it would hide how
            // the deletion ended.
            if key.code == KeyCode::Esc {
                self.notify(
                    NoticeLevel::Warning,
                    "a server is being deleted: this closes when AWS has answered",
                );
            }
            return Some(Vec::new());
        }
        if matches!(pane.survey, Survey::Reading(_)) {
            return (key.code != KeyCode::Esc).then(Vec::new);
        }
        if key.code == KeyCode::Tab {
            if !pane.secrets().is_empty() {
                pane.delete_secrets = !pane.delete_secrets;
            }
            return Some(Vec::new());
        }
        match pane.confirm.handle_key(key) {
            ConfirmEvent::Pending => Some(Vec::new()),
            ConfirmEvent::Cancelled => {
                self.back();
                Some(Vec::new())
            }
            ConfirmEvent::Confirmed => {
                pane.pending = Some(req);
                let secrets = if pane.delete_secrets {
                    pane.secrets().to_vec()
                } else {
                    Vec::new()
                };
                Some(vec![Cmd::Deletion(DeletionCmd::Delete {
                    req,
                    server_id: pane.server_id.clone(),
                    secrets,
                    recovery_days: DEFAULT_RECOVERY_DAYS,
                })])
            }
        }
    }

    pub(in crate::app) fn on_deletion_msg(&mut self, msg: DeletionMsg) -> Vec<Cmd> {
        match msg {
            DeletionMsg::Surveyed { req, survey } => {
                for pane in &mut self.stack {
                    if let Pane::DeleteServer(pane) = pane
                        && matches!(pane.survey, Survey::Reading(r) if r == req)
                    {
                        pane.survey = Survey::Read(survey.clone());
                    }
                }
                Vec::new()
            }
            DeletionMsg::Deleted {
                req,
                server_id,
                result,
                afterwards,
                secrets,
            } => self.on_server_deleted(req, &server_id, result, afterwards, secrets),
        }
    }

    fn on_server_deleted(
        &mut self,
        req: RequestId,
        server_id: &str,
        result: Result<bool, AwsError>,
        afterwards: Option<Afterwards>,
        secrets: Vec<(String, Result<Option<String>, AwsError>)>,
    ) -> Vec<Cmd> {
        let kept: Vec<String> = self
            .stack
            .iter()
            .find_map(|pane| match pane {
                Pane::DeleteServer(pane) if pane.pending == Some(req) && !pane.delete_secrets => {
                    Some(pane.secrets().to_vec())
                }
                _ => None,
            })
            .unwrap_or_default();
        let (level, text, outcome) = match (&result, &afterwards) {
            (Ok(true), _) => (
                NoticeLevel::Info,
                format!("deleted {server_id}: AWS no longer lists it"),
                "ok".to_string(),
            ),
            (Ok(false), _) => (
                NoticeLevel::Warning,
                format!(
                    "DeleteServer {server_id} accepted, but AWS still lists it: r to look again"
                ),
                "accepted; still listed when the console stopped following".to_string(),
            ),
            (Err(err), Some(Afterwards::ChangedAnyway)) => (
                NoticeLevel::Warning,
                format!(
                    "deleted {server_id} anyway: AWS no longer knows it although it answered {err}"
                ),
                format!("deleted anyway despite: {err}"),
            ),
            (Err(err), Some(Afterwards::Unchanged)) => (
                NoticeLevel::Error,
                format!("{server_id} not deleted (AWS still describes it): {err}"),
                format!("failed: {err}; not deleted"),
            ),
            (Err(err), Some(Afterwards::Unknown(reread))) => (
                NoticeLevel::Error,
                format!(
                    "{server_id}: unknown whether deleted (reading it again failed: {reread}): {err}"
                ),
                format!("failed: {err}; unknown whether applied"),
            ),
            (Err(err), None) => (
                NoticeLevel::Error,
                format!("{server_id} not deleted: {err}"),
                format!("failed: {err}"),
            ),
        };
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(
                server_id,
                "Server",
                Some(server_id.to_string()),
                "(deleted)".to_string(),
                outcome,
            ),
        })];
        for (name, scheduled) in &secrets {
            let outcome = match scheduled {
                Ok(_) => "ok".to_string(),
                Err(err) => format!("failed: {err}"),
            };
            cmds.push(Cmd::Server(ServerCmd::Audit {
                entry: self.audit_entry(
                    server_id,
                    "LoginSecret",
                    Some(name.clone()),
                    format!("deletion scheduled ({DEFAULT_RECOVERY_DAYS}-day recovery window)"),
                    outcome,
                ),
            }));
        }
        let failed_secrets = secrets.iter().filter(|(_, r)| r.is_err()).count();
        let mut text = text;
        if !secrets.is_empty() {
            text.push_str(&format!(
                "; {} login secret(s) scheduled for deletion ({DEFAULT_RECOVERY_DAYS}-day recovery)",
                secrets.len() - failed_secrets
            ));
            if failed_secrets > 0 {
                text.push_str(&format!(", {failed_secrets} failed (see :messages)"));
            }
        }
        let gone = matches!(
            (&result, &afterwards),
            (Ok(true), _) | (Err(_), Some(Afterwards::ChangedAnyway))
        );
        if gone && !kept.is_empty() {
            text.push_str(&format!(
                "; {} login secret(s) kept, orphans now (:secrets lists them)",
                kept.len()
            ));
        }
        // The pane has said its piece: the list shows what AWS has now.
        let on_top =
            matches!(self.stack.last(), Some(Pane::DeleteServer(p)) if p.pending == Some(req));
        for pane in &mut self.stack {
            if let Pane::DeleteServer(pane) = pane
                && pane.pending == Some(req)
            {
                pane.pending = None;
            }
        }
        if on_top {
            self.back();
        }
        self.notify(level, text);
        cmds.extend(self.refresh_servers());
        cmds
    }
}
