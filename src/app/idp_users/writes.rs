//! The worker's answers: listings, values, writes (each audited), login
//! tests and the `$EDITOR` round trip.

use super::dialogs::{IdpDialog, Then, reload_question};
use super::{
    Afterwards, IdpMsg, IdpUsersPane, Listing, Owner, Scope, UserRow, ValueState, Verb, Write,
    Written,
};
use crate::app::server_detail::ServerCmd;
use crate::app::{App, Cmd, NoticeLevel, Pane, RequestId};
use crate::model::AwsError;
use crate::model::login_secret::SecretName;
use crate::model::secret_value::WriteError;
use crate::model::{SecretEntry, validate};

impl App {
    pub(in crate::app) fn on_idp_msg(&mut self, msg: IdpMsg) -> Vec<Cmd> {
        match msg {
            IdpMsg::Listed { req, result } => {
                let known: Vec<Owner> = self
                    .servers
                    .rows
                    .iter()
                    .map(|row| Owner::Listed {
                        server_id: row.summary.id.clone(),
                        name: row.server().and_then(|s| s.name()).map(str::to_string),
                        state: row.summary.state.clone(),
                    })
                    .collect();
                let Some(pane) = self.idp_pane_awaiting(req) else {
                    return Vec::new();
                };
                match result {
                    Ok(entries) => pane.fill(entries, &known),
                    Err(err) => pane.listing = Listing::Failed(err),
                }
                if self
                    .idp_pane()
                    .is_some_and(|pane| pane.listing == Listing::Loaded)
                {
                    let mut cmds = self.read_values();
                    cmds.extend(self.edit_wanted());
                    return cmds;
                }
                Vec::new()
            }
            IdpMsg::Read {
                req,
                values,
                one_at_a_time,
            } => {
                if let Some(pane) = self.idp_pane_awaiting(req)
                    && let Some((_, source, twin)) =
                        pane.twin_read.take_if(|(read, _, _)| *read == req)
                {
                    let result = values
                        .into_iter()
                        .find(|(name, _)| *name == twin)
                        .map(|(_, result)| result)
                        .unwrap_or_else(|| {
                            Err(AwsError::NotFound {
                                message: format!("{twin} was not read"),
                            })
                        });
                    return self.on_twin_read(&source, &twin, result);
                }
                let Some(pane) = self.idp_pane_awaiting(req) else {
                    return Vec::new();
                };
                for (name, result) in values {
                    if let Some(row) = pane
                        .rows
                        .iter_mut()
                        .find(|row| row.entry.name == name && row.value == ValueState::Reading(req))
                    {
                        row.value = match result {
                            Ok(value) => ValueState::Read(value),
                            Err(err) => ValueState::Failed(err),
                        };
                    }
                }
                if let Some(why) = one_at_a_time
                    && !self.said_one_at_a_time
                {
                    // Said once: every listing would otherwise say it again.
                    self.said_one_at_a_time = true;
                    self.notify(
                        NoticeLevel::Info,
                        format!(
                            "secret values are read one call each ({}): allow secretsmanager:BatchGetSecretValue to read 20 a call",
                            why.short_label()
                        ),
                    );
                }
                self.edit_wanted()
            }
            IdpMsg::Written {
                req,
                verb,
                name,
                result,
                afterwards,
            } => self.on_written(req, verb, &name, result, afterwards),
            IdpMsg::Tested { req, result } => {
                let Some(pane) = self.idp_pane_awaiting(req) else {
                    return Vec::new();
                };
                pane.testing = None;
                match result {
                    Ok(test) => pane.dialog = Some(IdpDialog::LoginResult(test)),
                    Err(err) => {
                        self.notify(NoticeLevel::Error, format!("login test failed: {err}"))
                    }
                }
                Vec::new()
            }
            IdpMsg::EditedJson {
                req,
                name,
                read_version,
                result,
            } => {
                let Some(pane) = self.idp_pane_awaiting(req) else {
                    return Vec::new();
                };
                pane.editing = None;
                match result {
                    Ok(None) => {
                        self.notify(NoticeLevel::Info, "the JSON was not changed: nothing saved");
                        Vec::new()
                    }
                    Ok(Some(secret)) => match validate::login_secret(&secret) {
                        Ok(()) => self.idp_write_from_editor(name, secret, read_version),
                        Err(problems) => {
                            pane.dialog = Some(IdpDialog::Message {
                                title: "Not saved: the JSON needs fixing".into(),
                                lines: problems,
                                password: None,
                            });
                            Vec::new()
                        }
                    },
                    Err(err) => {
                        self.notify(NoticeLevel::Error, format!("not saved: {err}"));
                        Vec::new()
                    }
                }
            }
        }
    }

    fn idp_write_from_editor(
        &mut self,
        name: String,
        secret: crate::model::login_secret::LoginSecret,
        read_version: String,
    ) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.idp_pane() else {
            return Vec::new();
        };
        pane.pending = Some((req, format!("{name}: saving")));
        let write = Write::Update {
            name,
            secret,
            read_version,
            password: super::NewPassword::Keep,
        };
        vec![Cmd::Idp(super::IdpCmd::Write {
            req,
            verb: Verb::Edit,
            write,
        })]
    }

    /// The users pane, anywhere in the stack, that waits for `req`.
    fn idp_pane_awaiting(&mut self, req: RequestId) -> Option<&mut IdpUsersPane> {
        self.stack.iter_mut().rev().find_map(|pane| match pane {
            Pane::IdpUsers(pane) if pane.awaits(req) => Some(pane.as_mut()),
            _ => None,
        })
    }

    fn on_written(
        &mut self,
        req: RequestId,
        verb: Verb,
        name: &str,
        result: Result<Written, WriteError>,
        afterwards: Option<Afterwards>,
    ) -> Vec<Cmd> {
        // A failed write that AWS applied all the same is shown as done (the
        // list is read again, a generated password shown), and said to have
        // failed on the way.
        let (result, anyway, afterwards) = match (result, afterwards) {
            (Err(WriteError::Aws(err)), Some(Afterwards::ChangedAnyway { generated })) => (
                Ok(Written {
                    generated,
                    ..Written::default()
                }),
                Some(err),
                None,
            ),
            (result, afterwards) => (result, None, afterwards),
        };
        let prefix = self.secret_prefix.clone();
        let parsed = SecretName::parse(name, &prefix);
        let user = parsed
            .as_ref()
            .map_or(name.to_string(), |parsed| parsed.user.clone());
        let server = parsed
            .and_then(|parsed| parsed.server_id)
            .unwrap_or_else(|| name.to_string());
        // The pane that asked, wherever it is now (the operator may have
        // opened the browser on top meanwhile): its dialog shows the result.
        let index = self
            .stack
            .iter()
            .rposition(|pane| matches!(pane, Pane::IdpUsers(pane) if pane.awaits(req)));
        let mut read_version = None;
        let mut twin_cmd = None;
        if let Some(pane) = self.idp_pane_at(index) {
            pane.pending = None;
            read_version = pane
                .rows
                .iter()
                .find(|row| row.entry.name == name)
                .and_then(|row| row.version().map(str::to_string));
        }
        let outcome = match result {
            Ok(written) => {
                let mut text = format!("{user}: {}", verb.past());
                if verb == Verb::Copy {
                    text = format!("{user} copied to {server}");
                }
                if let Some(date) = &written.deletion_date {
                    text.push_str(&format!(" (gone for good on {date} unless restored)"));
                }
                match &anyway {
                    Some(err) => self.notify(
                        NoticeLevel::Warning,
                        format!("{text}: changed anyway (although AWS answered {err})"),
                    ),
                    None => self.notify(NoticeLevel::Info, text),
                }
                if let Some(password) = written.generated
                    && let Some(pane) = self.idp_pane_at(index)
                {
                    pane.dialog = Some(IdpDialog::Message {
                        title: format!("New password of {user}"),
                        lines: vec![
                            "Pass it on now: it stays in the secret, where".into(),
                            "p reveals it again later.".into(),
                        ],
                        password: Some(password),
                    });
                }
                match &anyway {
                    Some(err) => format!("changed anyway despite: {err}"),
                    None => "ok".to_string(),
                }
            }
            Err(WriteError::Changed { current }) => {
                if let Some(pane) = self.idp_pane_at(index) {
                    pane.dialog = Some(IdpDialog::Confirm {
                        confirm: reload_question(name, &current),
                        then: Then::Reload {
                            name: name.to_string(),
                        },
                    });
                }
                format!("refused: changed meanwhile (now version {current})")
            }
            Err(WriteError::Aws(err)) => {
                let said = match &afterwards {
                    Some(Afterwards::Unknown(reread)) => {
                        format!("; unknown (the re-read failed too: {reread})")
                    }
                    Some(afterwards) => format!("; {}", afterwards.said()),
                    None => String::new(),
                };
                let exists = matches!(&err, AwsError::Service { code, .. } if code == "ResourceExistsException");
                let source = self.idp_pane_at(index).and_then(|pane| {
                    pane.rows
                        .iter()
                        .find(|row| row.user() == user && row.entry.name != name)
                        .map(|row| row.entry.name.clone())
                });
                match source {
                    // Not an error to decode: the twin has this user
                    // already. Its secret is read, to show what differs
                    // and offer to update it.
                    Some(source) if verb == Verb::Copy && exists => {
                        let read = self.next_request();
                        if let Some(pane) = self.idp_pane_at(index) {
                            pane.twin_read = Some((read, source, name.to_string()));
                        }
                        twin_cmd = Some(Cmd::Idp(super::IdpCmd::Read {
                            req: read,
                            names: vec![name.to_string()],
                        }));
                        self.notify(
                            NoticeLevel::Info,
                            format!("{user} is already on {server}: reading it to compare"),
                        );
                    }
                    _ => self.notify(
                        NoticeLevel::Error,
                        format!("{user} not {}: {err}{said}", verb.past()),
                    ),
                }
                match &afterwards {
                    Some(afterwards) => format!("failed: {err}; {}", afterwards.said()),
                    None => format!("failed: {err}"),
                }
            }
        };
        let before = matches!(verb, Verb::Edit | Verb::Rotate)
            .then_some(read_version)
            .flatten()
            .map(|version| format!("version {version}"));
        let entry = self.audit_entry(
            &server,
            verb.audit_field(),
            before,
            name.to_string(),
            outcome.clone(),
        );
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit { entry })];
        cmds.extend(twin_cmd);
        if outcome == "ok" || anyway.is_some() {
            let req = self.next_request();
            if let Some(pane) = self.idp_pane_at(index) {
                cmds.extend(pane.relist(req, false).map(Cmd::Idp));
            }
        }
        cmds
    }

    /// The twin's secret, read after copying met it: what differs, and
    /// the offer to update it (guarded by the version read).
    fn on_twin_read(
        &mut self,
        source: &str,
        twin: &str,
        result: Result<crate::model::secret_value::SecretValue, AwsError>,
    ) -> Vec<Cmd> {
        let prefix = self.secret_prefix.clone();
        let parsed = SecretName::parse(twin, &prefix);
        let user = parsed
            .as_ref()
            .map_or(twin.to_string(), |parsed| parsed.user.clone());
        let server = parsed
            .and_then(|parsed| parsed.server_id)
            .unwrap_or_else(|| twin.to_string());
        let ours = self.idp_pane().and_then(|pane| {
            pane.rows
                .iter()
                .find(|row| row.entry.name == source)
                .and_then(|row| row.secret().cloned())
        });
        let (value, ours) = match (result, ours) {
            (Ok(value), Some(ours)) => (value, ours),
            (Err(err), _) => {
                self.notify(
                    NoticeLevel::Error,
                    format!("{user} is already on {server}, and reading it failed: {err}"),
                );
                return Vec::new();
            }
            (Ok(_), None) => {
                self.notify(
                    NoticeLevel::Error,
                    format!("{user} is already on {server}; this user's secret is no longer read"),
                );
                return Vec::new();
            }
        };
        let differing = match &value.content {
            Ok(theirs) => ours.differing_keys(theirs),
            Err(_) => vec!["the whole value (not a JSON object there)".to_string()],
        };
        if differing.is_empty() {
            self.notify(
                NoticeLevel::Info,
                format!("{user} is already on {server}, the same: nothing to copy"),
            );
            return Vec::new();
        }
        if let Some(pane) = self.idp_pane() {
            pane.dialog = Some(IdpDialog::Confirm {
                confirm: super::dialogs::update_twin_question(&user, &server, &differing),
                then: Then::UpdateTwin {
                    source: source.to_string(),
                    twin: twin.to_string(),
                    read_version: value.version_id.clone(),
                },
            });
        }
        Vec::new()
    }

    fn idp_pane_at(&mut self, index: Option<usize>) -> Option<&mut IdpUsersPane> {
        match self.stack.get_mut(index?) {
            Some(Pane::IdpUsers(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }
}

impl IdpUsersPane {
    /// ListSecrets again, unless a listing is under way (they coalesce).
    /// Every value is read again when selected, unless `keep_values`
    /// (the automatic refresh): then only those whose secret changed are.
    pub(in crate::app) fn relist(
        &mut self,
        req: RequestId,
        keep_values: bool,
    ) -> Option<super::IdpCmd> {
        if matches!(self.listing, Listing::Loading(_)) {
            return None;
        }
        self.listing = Listing::Loading(req);
        self.keep_values = keep_values;
        Some(super::IdpCmd::List {
            req,
            filter: self.list_filter(),
        })
    }

    /// Rows from a listing; the cursor stays on the same secret, or goes
    /// to the one the pane was opened for (Enter in `:secrets`, a doctor's
    /// finding).
    fn fill(&mut self, entries: Vec<SecretEntry>, known_servers: &[Owner]) {
        let selected = self
            .wanted
            .as_ref()
            .map(|wanted| wanted.name.clone())
            .or_else(|| self.list.selected_key(&self.rows));
        let mut before = std::mem::take(&mut self.rows);
        let keep_values = self.keep_values;
        let rows: Vec<UserRow> = entries
            .into_iter()
            .filter(|entry| match &self.scope {
                Scope::Server { server_id } => entry.belongs_to(server_id),
                Scope::Secrets => entry.parsed.is_some(),
            })
            .map(|entry| {
                // A secret changed since it was read shows as changed.
                let value = before
                    .iter_mut()
                    .find(|row| keep_values && row.entry == entry)
                    .map_or(ValueState::NotRead, |row| {
                        std::mem::replace(&mut row.value, ValueState::NotRead)
                    });
                let owner = (self.scope == Scope::Secrets).then(|| owner_of(&entry, known_servers));
                UserRow {
                    entry,
                    value,
                    owner,
                }
            })
            .collect();
        match self.scope {
            Scope::Server { .. } => {
                self.rows = rows;
                self.list.rebuild(&self.rows, selected.as_deref());
            }
            Scope::Secrets => {
                self.listed = rows;
                self.show_listed(selected.as_deref());
            }
        }
        self.listing = Listing::Loaded;
        // Only an edit waits for the value; a selection is done.
        if self.wanted.as_ref().is_some_and(|wanted| !wanted.edit) {
            self.wanted = None;
        }
        // A revealed password stays only while its value does.
        if self.selected().and_then(UserRow::secret).is_none() {
            self.reveal = None;
        }
    }
}

/// Whose login `entry` is, from the servers listed.
fn owner_of(entry: &SecretEntry, known_servers: &[Owner]) -> Owner {
    let Some(server_id) = entry.parsed.as_ref().and_then(|n| n.server_id.as_deref()) else {
        return Owner::Any;
    };
    known_servers
        .iter()
        .find(|owner| matches!(owner, Owner::Listed { server_id: id, .. } if id == server_id))
        .cloned()
        .unwrap_or_else(|| Owner::Gone {
            server_id: server_id.to_string(),
        })
}
