//! Keys, dialogs and answers of the host keys pane. Every change is
//! refused under `--read-only`, confirmed (a deletion by typing the key's
//! id), audited, and after a failure judged from the keys read again.

use crossterm::event::KeyEvent;

use super::{DESCRIPTION, FILE, HostKeyChange, HostKeysAction, HostKeysCmd, HostKeysDialog};
use super::{HostKeysMsg, HostKeysPane, KEYS, import_form};
use crate::app::keymap::{self, Action};
use crate::app::managed_users::Afterwards;
use crate::app::{App, Cmd, Confirm, ConfirmEvent, Form, FormEvent, Listing, NoticeLevel};
use crate::app::{Pane, RequestId, ServerCmd, TerminalCmd};
use crate::model::host_key::description;
use crate::model::text::inert;
use crate::model::{AwsError, HostKey, PrivateHostKey};

fn cmd(cmd: HostKeysCmd) -> Cmd {
    Cmd::HostKeys(cmd)
}

/// A key as the operator tells it apart.
fn label(key: &HostKey) -> String {
    let mut text = format!("{} {} {}", key.id, key.kind, key.fingerprint);
    if !key.description.is_empty() {
        text.push_str(&format!(" ({})", inert(&key.description)));
    }
    text
}

impl App {
    /// `K` on a server's detail.
    pub(in crate::app) fn open_host_keys(&mut self, server_id: &str) -> Vec<Cmd> {
        let req = self.next_request();
        self.open(Pane::HostKeys(Box::new(HostKeysPane::new(server_id, req))));
        vec![cmd(HostKeysCmd::List {
            req,
            server_id: server_id.to_string(),
        })]
    }

    fn host_keys_pane(&mut self) -> Option<&mut HostKeysPane> {
        match self.stack.last_mut() {
            Some(Pane::HostKeys(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    fn host_keys_awaiting(&mut self, req: RequestId) -> Option<&mut HostKeysPane> {
        self.stack.iter_mut().find_map(|pane| match pane {
            Pane::HostKeys(pane) if pane.awaits(req) => Some(pane.as_mut()),
            _ => None,
        })
    }

    /// `r` on the pane: ListHostKeys again.
    pub(in crate::app) fn host_keys_relist(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.host_keys_pane() else {
            return Vec::new();
        };
        pane.listing = Listing::Loading(req);
        let server_id = pane.server_id.clone();
        vec![cmd(HostKeysCmd::List { req, server_id })]
    }

    pub(in crate::app) fn host_keys_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.host_keys_pane()?;
        if pane.dialog.is_some() {
            return Some(self.host_keys_dialog_key(key));
        }
        match keymap::action_for(key, &[KEYS, keymap::MOVES])? {
            Action::HostKeys(action) => Some(self.host_keys_action(action)),
            other => {
                let len = pane.rows.len();
                pane.cursor.apply(other, len).then(Vec::new)
            }
        }
    }

    fn host_keys_action(&mut self, action: HostKeysAction) -> Vec<Cmd> {
        let what = match action {
            HostKeysAction::Import => "importing a host key",
            HostKeysAction::Describe => "changing a host key's description",
            HostKeysAction::Delete => "deleting a host key",
        };
        if self.refuse_if_read_only(what) {
            return Vec::new();
        }
        let Some(pane) = self.host_keys_pane() else {
            return Vec::new();
        };
        if pane.pending.is_some() || pane.reading.is_some() {
            self.notify(
                NoticeLevel::Warning,
                "a host key change is under way: one at a time",
            );
            return Vec::new();
        }
        let count = pane.rows.len();
        let selected = pane.selected().cloned();
        match (action, selected) {
            (HostKeysAction::Import, _) => {
                pane.dialog = Some(HostKeysDialog::Import(import_form()))
            }
            (HostKeysAction::Describe, Some(key)) => {
                let form = Form::new(format!("Description of {}", key.id)).field(
                    "Description",
                    &inert(&key.description),
                    "up to 200 printable characters; empty removes it",
                );
                pane.dialog = Some(HostKeysDialog::Describe {
                    form,
                    key_id: key.id.clone(),
                    before: key.description.clone(),
                });
            }
            (HostKeysAction::Delete, Some(key)) => {
                let mut lines = vec![
                    format!("Key id:      {}", key.id),
                    format!("Type:        {}", key.kind),
                    format!("Fingerprint: {}", key.fingerprint),
                    format!("Description: {}", inert(&key.description)),
                    format!(
                        "Imported:    {}",
                        key.imported.as_deref().unwrap_or("(unknown)")
                    ),
                    "Clients that trust this key will warn of a changed host key.".into(),
                ];
                if count == 1 {
                    lines.push("It is the server's only host key.".into());
                }
                let confirm = Confirm::typed(
                    format!("Delete host key {}", key.id),
                    lines,
                    vec![key.id.clone()],
                );
                pane.dialog = Some(HostKeysDialog::Confirm {
                    confirm,
                    change: HostKeyChange::Delete {
                        key_id: key.id.clone(),
                        label: label(&key),
                    },
                });
            }
            (_, None) => self.notify(NoticeLevel::Info, "no host key selected"),
        }
        Vec::new()
    }

    fn host_keys_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.host_keys_pane() else {
            return Vec::new();
        };
        let server_id = pane.server_id.clone();
        let Some(dialog) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        match dialog {
            HostKeysDialog::Import(form) => match form.handle_key(key) {
                FormEvent::Cancel => pane.dialog = None,
                FormEvent::Submit => {
                    if let Err(err) = description(form.value(DESCRIPTION)) {
                        form.set_error(DESCRIPTION, err);
                        return Vec::new();
                    }
                    let path = form.value(FILE).trim().to_string();
                    // The form stays (hidden) for its description until the
                    // key is read.
                    let source = if path.is_empty() {
                        "$EDITOR".to_string()
                    } else {
                        format!("file {path}")
                    };
                    pane.reading = Some((req, source));
                    return vec![if path.is_empty() {
                        Cmd::Terminal(TerminalCmd::EditHostKey { req })
                    } else {
                        cmd(HostKeysCmd::ReadKeyFile { req, path })
                    }];
                }
                _ => {}
            },
            HostKeysDialog::Describe {
                form,
                key_id,
                before,
            } => match form.handle_key(key) {
                FormEvent::Cancel => pane.dialog = None,
                FormEvent::Submit => match description(form.value(0)) {
                    Err(err) => form.set_error(0, err),
                    Ok(after) if after == *before => {
                        pane.dialog = None;
                        self.notify(NoticeLevel::Info, "the description is unchanged");
                    }
                    Ok(after) => {
                        let lines = vec![
                            format!("Host key {key_id}"),
                            format!(
                                "Description: {} → {}",
                                or_none(&inert(before)),
                                or_none(&after)
                            ),
                        ];
                        let change = HostKeyChange::Describe {
                            key_id: key_id.clone(),
                            before: before.clone(),
                            after,
                        };
                        pane.dialog = Some(HostKeysDialog::Confirm {
                            confirm: Confirm::new("Change the description", lines),
                            change,
                        });
                    }
                },
                _ => {}
            },
            HostKeysDialog::Confirm { confirm, change } => match confirm.handle_key(key) {
                ConfirmEvent::Cancelled => pane.dialog = None,
                ConfirmEvent::Pending => {}
                ConfirmEvent::Confirmed => {
                    let change = change.clone();
                    pane.dialog = None;
                    pane.pending = Some((req, change.clone()));
                    return vec![cmd(HostKeysCmd::Change {
                        req,
                        server_id,
                        change,
                    })];
                }
            },
        }
        Vec::new()
    }

    pub(in crate::app) fn on_host_keys_msg(&mut self, msg: HostKeysMsg) -> Vec<Cmd> {
        match msg {
            HostKeysMsg::Listed { req, result } => {
                if let Some(pane) = self.host_keys_awaiting(req) {
                    match result {
                        Ok(rows) => {
                            pane.listing = Listing::Loaded;
                            let len = rows.len();
                            pane.rows = rows;
                            let at = pane.cursor.selected();
                            pane.cursor.select(at, len);
                        }
                        Err(err) => pane.listing = Listing::Failed(err),
                    }
                }
                Vec::new()
            }
            HostKeysMsg::KeyRead { req, result } => self.on_key_read(req, result),
            HostKeysMsg::Changed {
                req,
                server_id,
                change,
                result,
                afterwards,
            } => self.on_host_key_changed(req, &server_id, change, result, afterwards),
        }
    }

    fn on_key_read(&mut self, req: RequestId, result: Result<PrivateHostKey, String>) -> Vec<Cmd> {
        let Some(pane) = self.host_keys_awaiting(req) else {
            return Vec::new();
        };
        let source = pane.reading.take().map(|(_, source)| source);
        let Some(HostKeysDialog::Import(form)) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        match result {
            Err(err) => {
                // Back on the form, where the key was asked for.
                form.set_error(FILE, err);
            }
            Ok(key) => {
                let text = form.value(DESCRIPTION).trim().to_string();
                let source = source.unwrap_or_else(|| "$EDITOR".to_string());
                let lines = vec![
                    format!("ImportHostKey on {}", pane.server_id),
                    format!("Key:         from {source} (not shown)"),
                    format!("Description: {}", or_none(&text)),
                    "Clients are shown the oldest key of each type; a new type is offered too."
                        .into(),
                ];
                pane.dialog = Some(HostKeysDialog::Confirm {
                    confirm: Confirm::new("Import a host key", lines),
                    change: HostKeyChange::Import {
                        key,
                        description: text,
                        source,
                    },
                });
            }
        }
        Vec::new()
    }

    fn on_host_key_changed(
        &mut self,
        req: RequestId,
        server_id: &str,
        change: HostKeyChange,
        result: Result<Option<String>, AwsError>,
        afterwards: Option<Afterwards>,
    ) -> Vec<Cmd> {
        let new_id = result.as_ref().ok().and_then(|id| id.clone());
        let (field, before, after) = change.audit_fields(new_id.as_deref());
        let (level, text, outcome) = match (&result, &afterwards) {
            (Ok(_), _) => (
                NoticeLevel::Info,
                done(&change, new_id.as_deref()),
                "ok".to_string(),
            ),
            (Err(err), Some(Afterwards::ChangedAnyway)) => (
                NoticeLevel::Warning,
                format!(
                    "{} (took effect although AWS answered {err})",
                    done(&change, None)
                ),
                format!("changed anyway despite: {err}"),
            ),
            (Err(err), Some(Afterwards::Unchanged)) => (
                NoticeLevel::Error,
                format!(
                    "{} failed: {err}; AWS has the keys unchanged",
                    change.describe()
                ),
                format!("failed: {err}; unchanged"),
            ),
            (Err(err), Some(Afterwards::Unknown(reread))) => (
                NoticeLevel::Error,
                format!(
                    "{} failed: {err}; unknown whether it took effect (reading the keys \
                     again failed: {reread})",
                    change.describe()
                ),
                format!("failed: {err}; unknown whether applied"),
            ),
            (Err(err), None) => (
                NoticeLevel::Error,
                format!("{} failed: {err}", change.describe()),
                format!("failed: {err}"),
            ),
        };
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(server_id, field, before, after, outcome),
        })];
        let relist = self.next_request();
        if let Some(pane) = self.host_keys_awaiting(req) {
            pane.pending = None;
            pane.listing = Listing::Loading(relist);
            cmds.push(cmd(HostKeysCmd::List {
                req: relist,
                server_id: server_id.to_string(),
            }));
        }
        self.notify(level, text);
        // DescribeServer's HostKeyFingerprint is the oldest key's: it may
        // have changed with this.
        cmds.extend(self.redescribe(server_id));
        cmds
    }
}

fn done(change: &HostKeyChange, new_id: Option<&str>) -> String {
    match change {
        HostKeyChange::Import { .. } => match new_id {
            Some(id) => format!("imported host key {id}"),
            None => "imported a host key".to_string(),
        },
        HostKeyChange::Describe { key_id, .. } => format!("changed the description of {key_id}"),
        HostKeyChange::Delete { key_id, .. } => format!("deleted host key {key_id}"),
    }
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}
