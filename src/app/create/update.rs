//! The create form's keys and answers.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::rows::{RowKind, TextField};
use super::{CreateCmd, CreateMsg, CreatePane, CreatedAfter, Mode, Phase, SUMMARY};
use crate::app::{App, Cmd, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::scope::{Scope, ScopedServer};
use crate::model::server_spec::{self, EndpointSpec, IdentitySpec, ServerSpec, VpcSpec};
use crate::model::{AwsError, Protocol, Server, ServerState};

/// How often, and how many times, a new server is polled until it settles.
pub const POLL_EVERY: Duration = Duration::from_secs(5);
pub const POLL_LIMIT: u32 = 120;

/// The audit log's field for a server's creation.
pub const AUDIT_FIELD: &str = "Server";
pub const AUDIT_CREATED: &str = "(created)";

impl App {
    /// `N` on the servers list, `:new`.
    pub(in crate::app) fn begin_create(&mut self) -> Vec<Cmd> {
        if self.refuse_if_read_only("creating a server") {
            return Vec::new();
        }
        let Some(region) = self.region().map(str::to_string) else {
            self.notify(
                NoticeLevel::Warning,
                "no region yet: a server is created in one",
            );
            return Vec::new();
        };
        self.open_create_pane(Mode::New, region, ServerSpec::default(), Phase::Editing)
    }

    /// `C` on a server (the list's selected row, or the detail's server).
    pub(in crate::app) fn begin_clone(&mut self, server_id: Option<String>) -> Vec<Cmd> {
        if self.refuse_if_read_only("cloning a server") {
            return Vec::new();
        }
        let Some(source_id) = server_id else {
            return Vec::new();
        };
        let Some(region) = self.region().map(str::to_string) else {
            return Vec::new();
        };
        let req = self.next_request();
        let mut cmds = self.open_create_pane(
            Mode::Clone {
                source_id: source_id.clone(),
            },
            region,
            ServerSpec::default(),
            Phase::ReadingSource(req),
        );
        cmds.push(Cmd::Create(CreateCmd::Source {
            req,
            server_id: source_id,
        }));
        cmds
    }

    fn open_create_pane(
        &mut self,
        mode: Mode,
        region: String,
        spec: ServerSpec,
        phase: Phase,
    ) -> Vec<Cmd> {
        let req = self.next_request();
        self.open(Pane::Create(Box::new(CreatePane {
            mode,
            region: region.clone(),
            spec,
            step: 0,
            cursor: 0,
            choices: None,
            reading: Some(req),
            input: None,
            phase,
        })));
        vec![Cmd::Create(CreateCmd::Choices { req, region })]
    }

    pub(in crate::app) fn create_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let req = self.next_request();
        let active_region = self.region().map(str::to_string);
        let Some(Pane::Create(pane)) = self.stack.last_mut() else {
            return None;
        };
        match &pane.phase {
            Phase::Creating(_) => {
                if key.code == KeyCode::Esc {
                    self.notify(
                        NoticeLevel::Warning,
                        "CreateServer was sent: this closes when AWS has answered",
                    );
                }
                return Some(Vec::new());
            }
            Phase::Following { server_id, .. } if key.code == KeyCode::Esc => {
                // The list polls a STARTING row of its region until it settles.
                let server_id = server_id.clone();
                let here = active_region.as_deref() == Some(pane.region.as_str());
                self.back();
                self.notify(
                    NoticeLevel::Info,
                    format!("{server_id} is still starting: its state stays in the servers list"),
                );
                if !here {
                    return Some(Vec::new());
                }
                self.servers.select_after_listing = Some(server_id.clone());
                return Some(self.refresh_servers());
            }
            Phase::ReadingSource(_) | Phase::Following { .. } | Phase::Done { .. } => {
                return (key.code != KeyCode::Esc).then(Vec::new);
            }
            Phase::Editing => {}
        }
        if let Some((field, text)) = &mut pane.input {
            match key.code {
                // As in a shell: Ctrl-U clears what is typed.
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => text.clear(),
                KeyCode::Char(c) => text.push(c),
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Esc => pane.input = None,
                KeyCode::Enter => {
                    let (field, text) = (*field, text.clone());
                    pane.input = None;
                    return Some(self.apply_text(field, &text, req));
                }
                _ => {}
            }
            return Some(Vec::new());
        }
        let rows = pane.rows().len();
        match key.code {
            KeyCode::Esc => return None,
            KeyCode::Tab | KeyCode::Right => {
                pane.step = (pane.step + 1).min(SUMMARY);
                pane.cursor = 0;
            }
            KeyCode::BackTab | KeyCode::Left => {
                pane.step = pane.step.saturating_sub(1);
                pane.cursor = 0;
            }
            KeyCode::Down | KeyCode::Char('j') => {
                pane.cursor = (pane.cursor + 1).min(rows.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => pane.cursor = pane.cursor.saturating_sub(1),
            KeyCode::Char('y') if pane.step == SUMMARY => return Some(self.send_create(req)),
            KeyCode::Char(' ') | KeyCode::Enter if pane.step < SUMMARY => {
                if let Some(row) = pane.rows().get(pane.cursor).cloned() {
                    choose(pane, &row.kind);
                }
            }
            _ => {}
        }
        Some(Vec::new())
    }

    /// A typed field kept: into the spec, checked where typed.
    fn apply_text(&mut self, field: TextField, text: &str, req: RequestId) -> Vec<Cmd> {
        let Some(Pane::Create(pane)) = self.stack.last_mut() else {
            return Vec::new();
        };
        let text = text.trim();
        let value = (!text.is_empty()).then(|| text.to_string());
        let spec = &mut pane.spec;
        match field {
            TextField::Region => {
                if !crate::model::regions::is_region_name(text) {
                    self.notify(
                        NoticeLevel::Error,
                        format!(
                            "Region: {text:?} is not a region name (ap-northeast-1 and the like)"
                        ),
                    );
                    return Vec::new();
                }
                if pane.region != text {
                    // The pick lists of the other region replace these.
                    pane.region = text.to_string();
                    pane.reading = Some(req);
                    return vec![Cmd::Create(CreateCmd::Choices {
                        req,
                        region: text.to_string(),
                    })];
                }
            }
            TextField::Function => {
                spec.identity = IdentitySpec::Lambda {
                    function: text.to_string(),
                }
            }
            TextField::Url | TextField::InvocationRole => {
                let (mut url, mut role) = match &spec.identity {
                    IdentitySpec::ApiGateway {
                        url,
                        invocation_role,
                    } => (url.clone(), invocation_role.clone()),
                    _ => (String::new(), String::new()),
                };
                if field == TextField::Url {
                    url = text.to_string();
                } else {
                    role = text.to_string();
                }
                spec.identity = IdentitySpec::ApiGateway {
                    url,
                    invocation_role: role,
                };
            }
            TextField::Certificate => spec.certificate = value,
            TextField::Name => spec.set_name(text),
            TextField::LoggingRole => spec.logging_role = value,
            TextField::SecurityPolicy => spec.security_policy_name = value,
            TextField::PassiveIp => spec.protocol_details.passive_ip = value,
            TextField::Tags => match parse_tags(text) {
                Ok(tags) => {
                    let name = spec.tags.get("Name").cloned();
                    spec.tags = tags;
                    if let Some(name) = name {
                        spec.tags.insert("Name".into(), name);
                    }
                }
                Err(err) => {
                    self.notify(NoticeLevel::Error, format!("Tags: {err}"));
                    return Vec::new();
                }
            },
        }
        // Said where typed: the rule this field breaks, if any.
        let broken: Vec<String> = pane
            .errors()
            .into_iter()
            .filter(|e| Some(e.step) == pane.current_step() && field_of(e.field) == Some(field))
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        if let Some(first) = broken.first() {
            let first = first.clone();
            self.notify(NoticeLevel::Error, first);
        }
        Vec::new()
    }

    /// `y` on the summary: CreateServer, if no rule is broken.
    fn send_create(&mut self, req: RequestId) -> Vec<Cmd> {
        if self.read_only {
            self.refuse_if_read_only("creating a server");
            return Vec::new();
        }
        let Some(Pane::Create(pane)) = self.stack.last_mut() else {
            return Vec::new();
        };
        let errors = pane.errors();
        if let Some(first) = errors.first() {
            let text = format!(
                "not sent: {} problem(s), the first at step {} ({}): {}: {}",
                errors.len(),
                first.step as usize + 1,
                first.step.title(),
                first.field,
                first.message
            );
            self.notify(NoticeLevel::Error, text);
            return Vec::new();
        }
        pane.phase = Phase::Creating(req);
        vec![Cmd::Create(CreateCmd::Create {
            req,
            region: pane.region.clone(),
            spec: Box::new(pane.spec.clone()),
        })]
    }

    pub(in crate::app) fn on_create_msg(&mut self, msg: CreateMsg) -> Vec<Cmd> {
        match msg {
            CreateMsg::Choices { req, choices } => {
                for pane in &mut self.stack {
                    if let Pane::Create(pane) = pane
                        && pane.reading == Some(req)
                    {
                        pane.reading = None;
                        pane.choices = Some(choices.clone());
                    }
                }
                Vec::new()
            }
            CreateMsg::Source { req, result } => self.on_source(req, result),
            CreateMsg::Created {
                req,
                result,
                afterwards,
            } => self.on_created(req, result, afterwards),
            CreateMsg::Polled { req, result } => self.on_new_server_polled(req, result),
        }
    }

    fn on_source(
        &mut self,
        req: RequestId,
        result: Result<Box<(Server, Vec<String>)>, AwsError>,
    ) -> Vec<Cmd> {
        let Some(pane) = self.create_pane_in(|p| p.phase == Phase::ReadingSource(req)) else {
            return Vec::new();
        };
        match result {
            Ok(source) => {
                let (server, groups) = *source;
                pane.spec = server_spec::from_described(&server, &groups);
                let name = server.name().unwrap_or(server.id());
                pane.spec.set_name(&format!("{name}-clone"));
                pane.phase = Phase::Editing;
            }
            Err(err) => {
                let text = format!("the server to clone could not be read: {err}");
                pane.phase = Phase::Done {
                    server_id: None,
                    text: text.clone(),
                };
                self.notify(NoticeLevel::Error, text);
            }
        }
        Vec::new()
    }

    fn create_pane_in(&mut self, wanted: impl Fn(&CreatePane) -> bool) -> Option<&mut CreatePane> {
        self.stack.iter_mut().find_map(|pane| match pane {
            Pane::Create(pane) if wanted(pane) => Some(pane.as_mut()),
            _ => None,
        })
    }

    fn on_created(
        &mut self,
        req: RequestId,
        result: Result<String, AwsError>,
        afterwards: Option<CreatedAfter>,
    ) -> Vec<Cmd> {
        let Some(pane) = self.create_pane_in(|p| p.phase == Phase::Creating(req)) else {
            return Vec::new();
        };
        let region = pane.region.clone();
        let (level, text, outcome, created) = match (&result, &afterwards) {
            (Ok(id), _) => (
                NoticeLevel::Info,
                format!("created {id} in {region}: following it until ONLINE"),
                format!("ok: {id}"),
                Some(id.clone()),
            ),
            (Err(err), Some(CreatedAfter::Found(id))) => (
                NoticeLevel::Warning,
                format!("created anyway: {id} exists although AWS answered {err}"),
                format!("created anyway: {id} despite: {err}"),
                Some(id.clone()),
            ),
            (Err(err), Some(CreatedAfter::NotFound)) => (
                NoticeLevel::Error,
                format!("not created (no server carries this request's mark): {err}"),
                format!("failed: {err}; not created"),
                None,
            ),
            (Err(err), Some(CreatedAfter::Unknown(reread))) => (
                NoticeLevel::Error,
                format!("unknown whether created (listing the servers failed: {reread}): {err}"),
                format!("failed: {err}; unknown whether created"),
                None,
            ),
            (Err(err), None) => (
                NoticeLevel::Error,
                format!("not created: {err}"),
                format!("failed: {err}"),
                None,
            ),
        };
        let after = created.clone().unwrap_or_else(|| AUDIT_CREATED.to_string());
        let poll = self.next_request();
        let Some(pane) = self.create_pane_in(|p| p.phase == Phase::Creating(req)) else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        match &created {
            Some(id) => {
                pane.phase = Phase::Following {
                    req: poll,
                    server_id: id.clone(),
                    seen: Vec::new(),
                    polls: 0,
                };
                cmds.push(Cmd::Create(CreateCmd::Poll {
                    req: poll,
                    region: region.clone(),
                    server_id: id.clone(),
                    delay: Duration::ZERO,
                }));
            }
            None => {
                // Back to the form: nothing was made, the spec is kept.
                pane.phase = Phase::Editing;
            }
        }
        let mut entry = self.audit_entry(
            created.as_deref().unwrap_or("(new server)"),
            AUDIT_FIELD,
            None,
            after,
            outcome,
        );
        entry.region = region;
        cmds.push(Cmd::Server(ServerCmd::Audit { entry }));
        self.notify(level, text);
        cmds
    }

    fn on_new_server_polled(
        &mut self,
        req: RequestId,
        result: Result<Box<Server>, AwsError>,
    ) -> Vec<Cmd> {
        let next = self.next_request();
        let same_region = self.region().map(str::to_string);
        let Some(pane) = self
            .create_pane_in(|p| matches!(&p.phase, Phase::Following { req: r, .. } if *r == req))
        else {
            return Vec::new();
        };
        let Phase::Following {
            server_id,
            seen,
            polls,
            ..
        } = &mut pane.phase
        else {
            return Vec::new();
        };
        let server_id = server_id.clone();
        let state = match &result {
            Ok(server) => Some(server.summary.state.clone()),
            Err(err) if err.is_transient() => None,
            Err(err) => {
                let text = format!("{server_id} created; reading its state failed: {err}");
                pane.phase = Phase::Done {
                    server_id: Some(server_id),
                    text: text.clone(),
                };
                self.notify(NoticeLevel::Warning, text);
                return Vec::new();
            }
        };
        if let Some(state) = &state
            && seen.last() != Some(state)
        {
            seen.push(state.clone());
        }
        let path = seen
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" → ");
        let settled = match &state {
            Some(ServerState::Online) => Some((NoticeLevel::Info, "ONLINE")),
            Some(ServerState::StartFailed) => Some((NoticeLevel::Error, "START_FAILED")),
            Some(ServerState::Offline) => Some((NoticeLevel::Warning, "OFFLINE")),
            _ => None,
        };
        *polls += 1;
        if settled.is_none() && *polls < POLL_LIMIT {
            let region = pane.region.clone();
            if let Phase::Following { req, .. } = &mut pane.phase {
                *req = next;
            }
            return vec![Cmd::Create(CreateCmd::Poll {
                req: next,
                region,
                server_id,
                delay: POLL_EVERY,
            })];
        }
        let (level, end) = settled.unwrap_or((NoticeLevel::Warning, "still not ONLINE"));
        let mut text = format!("{server_id}: {path} ({end})");
        // A twin sharing its original's function is not admitted by the
        // function's policy, which names one server (FIELD-NOTES 4).
        if matches!(pane.mode, Mode::Clone { .. })
            && matches!(pane.spec.identity, IdentitySpec::Lambda { .. })
        {
            text.push_str("; its Lambda function may not admit it yet: i then f on it");
        }
        let in_this_region = same_region.as_deref() == Some(pane.region.as_str());
        let region = pane.region.clone();
        // A twin wants its original's users: the copy's plan is the offer,
        // nothing is written before its `y`.
        let copy_users_from = match (&pane.mode, &state) {
            (Mode::Clone { source_id }, Some(ServerState::Online)) => Some(source_id.clone()),
            _ => None,
        };
        pane.phase = Phase::Done {
            server_id: Some(server_id.clone()),
            text: text.clone(),
        };
        let mut entry = self.audit_entry(&server_id, "State", None, "ONLINE".into(), end.into());
        entry.region = region.clone();
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit { entry })];
        if in_this_region {
            self.notify(level, text);
            // The new server is the list's selection once listed.
            self.servers.select_after_listing = Some(server_id.clone());
            if matches!(self.stack.last(), Some(Pane::Create(_))) {
                self.back();
            }
            cmds.extend(self.refresh_servers());
        } else {
            self.notify(
                level,
                format!("{text}: it is in {region} (:region {region} shows it)"),
            );
        }
        if let Some(source_id) = copy_users_from {
            if matches!(self.stack.last(), Some(Pane::Create(_))) {
                self.back();
            }
            let from = ScopedServer {
                scope: self.scope_of(&source_id),
                server_id: source_id,
            };
            let to = ScopedServer {
                scope: Scope {
                    profile: self.settings.profile.clone(),
                    region,
                },
                server_id,
            };
            cmds.extend(self.open_user_copy(from, to));
        }
        cmds
    }
}

/// Space or Enter on a row: choose it, or start typing the field.
fn choose(pane: &mut CreatePane, kind: &RowKind) {
    let spec = &mut pane.spec;
    match kind {
        RowKind::Protocol(protocol) => {
            if let Some(at) = spec.protocols.iter().position(|p| p == protocol) {
                spec.protocols.remove(at);
            } else {
                spec.protocols.push(protocol.clone());
                // AWS's order, so the summary reads the same every time.
                spec.protocols.sort_by_key(|p| match p {
                    Protocol::Sftp => 0,
                    Protocol::Ftp => 1,
                    Protocol::Ftps => 2,
                    _ => 3,
                });
            }
        }
        RowKind::Public => spec.endpoint = EndpointSpec::Public,
        RowKind::Vpc => {
            if !pane.is_vpc() {
                pane.spec.endpoint = EndpointSpec::Vpc(VpcSpec::default());
            }
        }
        RowKind::VpcId(id) => {
            if let Some(vpc) = spec.vpc_mut()
                && vpc.vpc_id != *id
            {
                // Subnets and groups belong to one VPC: a new VPC, new picks.
                *vpc = VpcSpec {
                    vpc_id: id.clone(),
                    ..VpcSpec::default()
                };
            }
        }
        RowKind::Subnet(id) => {
            if let Some(vpc) = spec.vpc_mut() {
                toggle(&mut vpc.subnet_ids, id);
            }
        }
        RowKind::Group(id) => {
            if let Some(vpc) = spec.vpc_mut() {
                toggle(&mut vpc.security_group_ids, id);
            }
        }
        RowKind::ElasticIp(id) => {
            if let Some(vpc) = spec.vpc_mut() {
                toggle(&mut vpc.address_allocation_ids, id);
            }
        }
        RowKind::Identity(name) => {
            spec.identity = match (*name, &spec.identity) {
                ("AWS_LAMBDA", IdentitySpec::Lambda { .. })
                | ("API_GATEWAY", IdentitySpec::ApiGateway { .. }) => spec.identity.clone(),
                ("AWS_LAMBDA", _) => IdentitySpec::Lambda {
                    function: String::new(),
                },
                ("API_GATEWAY", _) => IdentitySpec::ApiGateway {
                    url: String::new(),
                    invocation_role: String::new(),
                },
                _ => IdentitySpec::ServiceManaged,
            }
        }
        RowKind::Certificate(arn) => spec.certificate = arn.clone(),
        RowKind::TlsResumption => {
            let details = &mut spec.protocol_details;
            details.tls_session_resumption_mode =
                match details.tls_session_resumption_mode.as_deref() {
                    None => Some("ENFORCED".into()),
                    Some("ENFORCED") => Some("ENABLED".into()),
                    Some("ENABLED") => Some("DISABLED".into()),
                    _ => None,
                };
        }
        RowKind::Text(field) => pane.input = Some((*field, pane.text_of(*field))),
        RowKind::Note => {}
    }
}

fn toggle(ids: &mut Vec<String>, id: &str) {
    match ids.iter().position(|i| i == id) {
        Some(at) => {
            ids.remove(at);
        }
        None => ids.push(id.to_string()),
    }
}

/// `key=value, key=value`; an empty text is no tags.
fn parse_tags(text: &str) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut tags = std::collections::BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("{pair:?} is not key=value"));
        };
        tags.insert(key.trim().to_string(), value.trim().to_string());
    }
    Ok(tags)
}

/// The typed field a request member is entered in.
fn field_of(member: &str) -> Option<TextField> {
    Some(match member {
        "Function" => TextField::Function,
        "Url" => TextField::Url,
        "InvocationRole" => TextField::InvocationRole,
        "Certificate" => TextField::Certificate,
        "LoggingRole" => TextField::LoggingRole,
        "SecurityPolicyName" => TextField::SecurityPolicy,
        "PassiveIp" => TextField::PassiveIp,
        "Tags" => TextField::Tags,
        _ => return None,
    })
}
