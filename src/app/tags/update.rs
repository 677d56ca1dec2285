//! Keys, dialogs and answers of the tags view.

use crossterm::event::KeyEvent;

use super::{KEY, KEYS, TagsAction, TagsCmd, TagsDialog, TagsMsg, TagsPane, VALUE, tag_form};
use crate::app::keymap::{self, Action};
use crate::app::managed_users::Afterwards;
use crate::app::{App, Cmd, Confirm, ConfirmEvent, FormEvent, Listing, NoticeLevel, Pane};
use crate::app::{RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::tags::{self, TagChange};
use crate::model::text::inert;

impl App {
    /// `T` on a server's detail.
    pub(in crate::app) fn open_tags(&mut self, server_id: &str) -> Vec<Cmd> {
        let Some(arn) = self
            .servers
            .rows
            .iter()
            .find(|row| row.summary.id == server_id)
            .map(|row| row.summary.arn.clone())
            .filter(|arn| !arn.is_empty())
        else {
            self.notify(
                NoticeLevel::Info,
                "the server's ARN is not known yet: r refreshes",
            );
            return Vec::new();
        };
        let req = self.next_request();
        self.open(Pane::Tags(Box::new(TagsPane::new(server_id, &arn, req))));
        vec![Cmd::Tags(TagsCmd::List { req, arn })]
    }

    fn tags_pane(&mut self) -> Option<&mut TagsPane> {
        match self.stack.last_mut() {
            Some(Pane::Tags(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    fn tags_awaiting(&mut self, req: RequestId) -> Option<&mut TagsPane> {
        self.stack.iter_mut().find_map(|pane| match pane {
            Pane::Tags(pane) if pane.awaits(req) => Some(pane.as_mut()),
            _ => None,
        })
    }

    /// `r` on the view: the tags listed again.
    pub(in crate::app) fn tags_relist(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.tags_pane() else {
            return Vec::new();
        };
        pane.listing = Listing::Loading(req);
        let arn = pane.arn.clone();
        vec![Cmd::Tags(TagsCmd::List { req, arn })]
    }

    pub(in crate::app) fn tags_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.tags_pane()?;
        if pane.dialog.is_some() {
            return Some(self.tags_dialog_key(key));
        }
        match keymap::action_for(key, &[KEYS, keymap::MOVES])? {
            Action::Tags(action) => Some(self.tags_action(action)),
            other => {
                let len = pane.rows.len();
                pane.cursor.apply(other, len).then(Vec::new)
            }
        }
    }

    fn tags_action(&mut self, action: TagsAction) -> Vec<Cmd> {
        let what = match action {
            TagsAction::Add => "adding a tag",
            TagsAction::Change => "changing a tag",
            TagsAction::Remove => "removing a tag",
        };
        if self.refuse_if_read_only(what) {
            return Vec::new();
        }
        let Some(pane) = self.tags_pane() else {
            return Vec::new();
        };
        if pane.pending.is_some() {
            self.notify(
                NoticeLevel::Warning,
                "a tag change is under way: one at a time",
            );
            return Vec::new();
        }
        let selected = pane.selected().cloned();
        match (action, selected) {
            (TagsAction::Add, _) => {
                pane.dialog = Some(TagsDialog::Edit(tag_form("Add a tag", "", "")));
            }
            (TagsAction::Change, Some(tag)) => {
                let mut form = tag_form(
                    &format!("Change tag {}", inert(&tag.key)),
                    &inert(&tag.key),
                    &inert(&tag.value),
                );
                form.focus = VALUE;
                pane.dialog = Some(TagsDialog::Edit(form));
            }
            (TagsAction::Remove, Some(tag)) => {
                let lines = vec![
                    format!("UntagResource on {}", pane.server_id),
                    format!("Key:   {}", inert(&tag.key)),
                    format!("Value: {}", inert(&tag.value)),
                ];
                pane.dialog = Some(TagsDialog::Confirm {
                    confirm: Confirm::new("Remove a tag", lines),
                    change: TagChange::Remove {
                        key: tag.key,
                        before: tag.value,
                    },
                });
            }
            (_, None) => self.notify(NoticeLevel::Info, "no tag selected"),
        }
        Vec::new()
    }

    fn tags_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.tags_pane() else {
            return Vec::new();
        };
        let (server_id, arn) = (pane.server_id.clone(), pane.arn.clone());
        let rows = pane.rows.clone();
        let Some(dialog) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        match dialog {
            TagsDialog::Edit(form) => match form.handle_key(key) {
                FormEvent::Cancel => pane.dialog = None,
                FormEvent::Submit => {
                    let key = match tags::key(form.value(KEY)) {
                        Ok(key) => key,
                        Err(err) => {
                            form.set_error(KEY, err);
                            return Vec::new();
                        }
                    };
                    let value = match tags::value(form.value(VALUE)) {
                        Ok(value) => value,
                        Err(err) => {
                            form.set_error(VALUE, err);
                            return Vec::new();
                        }
                    };
                    match tags::set(&rows, &key, &value) {
                        Err(err) => form.set_error(KEY, err),
                        Ok(change) => {
                            let mut lines = vec![format!("TagResource on {server_id}")];
                            if let TagChange::Set {
                                before: Some(before),
                                ..
                            } = &change
                            {
                                lines.push(format!("{key}: {} → {value}", inert(before)));
                            } else {
                                lines.push(format!("{key} = {value} (new)"));
                            }
                            pane.dialog = Some(TagsDialog::Confirm {
                                confirm: Confirm::new(change_title(&change), lines),
                                change,
                            });
                        }
                    }
                }
                _ => {}
            },
            TagsDialog::Confirm { confirm, change } => match confirm.handle_key(key) {
                ConfirmEvent::Cancelled => pane.dialog = None,
                ConfirmEvent::Pending => {}
                ConfirmEvent::Confirmed => {
                    let change = change.clone();
                    pane.dialog = None;
                    pane.pending = Some((req, change.clone()));
                    return vec![Cmd::Tags(TagsCmd::Change {
                        req,
                        server_id,
                        arn,
                        change,
                    })];
                }
            },
        }
        Vec::new()
    }

    pub(in crate::app) fn on_tags_msg(&mut self, msg: TagsMsg) -> Vec<Cmd> {
        match msg {
            TagsMsg::Listed { req, result } => {
                if let Some(pane) = self.tags_awaiting(req) {
                    match result {
                        Ok(mut rows) => {
                            rows.sort();
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
            TagsMsg::Changed {
                req,
                server_id,
                change,
                result,
                afterwards,
            } => self.on_tag_changed(req, &server_id, change, result, afterwards),
        }
    }

    fn on_tag_changed(
        &mut self,
        req: RequestId,
        server_id: &str,
        change: TagChange,
        result: Result<(), AwsError>,
        afterwards: Option<Afterwards>,
    ) -> Vec<Cmd> {
        let (field, before, after) = change.audit_fields();
        let what = change.describe();
        let (level, text, outcome) = match (&result, &afterwards) {
            (Ok(()), _) => (NoticeLevel::Info, done(&change), "ok".to_string()),
            (Err(err), Some(Afterwards::ChangedAnyway)) => (
                NoticeLevel::Warning,
                format!(
                    "{} (took effect although AWS answered {err})",
                    done(&change)
                ),
                format!("changed anyway despite: {err}"),
            ),
            (Err(err), Some(Afterwards::Unchanged)) => (
                NoticeLevel::Error,
                format!("{what} failed: {err}; AWS has the tags unchanged"),
                format!("failed: {err}; unchanged"),
            ),
            (Err(err), Some(Afterwards::Unknown(reread))) => (
                NoticeLevel::Error,
                format!(
                    "{what} failed: {err}; unknown whether it took effect (reading the tags \
                     again failed: {reread})"
                ),
                format!("failed: {err}; unknown whether applied"),
            ),
            (Err(err), None) => (
                NoticeLevel::Error,
                format!("{what} failed: {err}"),
                format!("failed: {err}"),
            ),
        };
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(server_id, field, before, after, outcome),
        })];
        let relist = self.next_request();
        if let Some(pane) = self.tags_awaiting(req) {
            pane.pending = None;
            pane.listing = Listing::Loading(relist);
            cmds.push(Cmd::Tags(TagsCmd::List {
                req: relist,
                arn: pane.arn.clone(),
            }));
        }
        self.notify(level, text);
        // The detail and the list show the Name tag: read the server again.
        cmds.extend(self.redescribe(server_id));
        cmds
    }
}

fn change_title(change: &TagChange) -> &'static str {
    match change {
        TagChange::Set { before: None, .. } => "Add a tag",
        TagChange::Set { .. } => "Change a tag",
        TagChange::Remove { .. } => "Remove a tag",
    }
}

fn done(change: &TagChange) -> String {
    match change {
        TagChange::Set {
            key, before: None, ..
        } => format!("added tag {key}"),
        TagChange::Set { key, .. } => format!("changed tag {key}"),
        TagChange::Remove { key, .. } => format!("removed tag {key}"),
    }
}
