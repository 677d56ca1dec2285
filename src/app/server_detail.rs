//! The server detail pane: everything DescribeServer says, and the two
//! protocol settings an operator changes most (TlsSessionResumptionMode and
//! PassiveIp), each shown as before → after and confirmed before UpdateServer.

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{Action, Binding};
use super::{App, Cmd, Confirm, ConfirmEvent, Connection, Form, FormEvent, NoticeLevel};
use super::{Pane, PowerPlan, RequestId};
use crate::model::AwsError;
use crate::model::audit::AuditEntry;
use crate::model::passive_ip::private_address_warning;
use crate::model::{
    PassiveIp, Protocol, ProtocolChange, ProtocolUpdate, Server, SetStat, TlsResumption,
};

/// Answers to the detail pane's commands.
#[derive(Debug)]
pub enum ServerMsg {
    ProtocolUpdated {
        req: RequestId,
        server_id: String,
        change: ProtocolChange,
        result: Result<ProtocolUpdate, AwsError>,
        /// After a failed update, DescribeServer again: a write cut short by
        /// a 5xx or a dropped connection may have taken effect all the same.
        reread: Option<Result<Box<Server>, AwsError>>,
    },
    /// StopServer or StartServer answered.
    PowerRequested {
        req: RequestId,
        result: Result<(), AwsError>,
    },
    /// A scheduled DescribeServer answered.
    Polled {
        req: RequestId,
        server_id: String,
        result: Result<Box<Server>, AwsError>,
    },
    /// An EC2 answer for the endpoint view.
    Network {
        req: RequestId,
        answer: super::NetworkAnswer,
    },
    /// The audit log has the entry.
    Audited,
    AuditFailed {
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerCmd {
    /// DescribeServer, then UpdateServer with that ProtocolDetails and one
    /// member changed, then DescribeServer again.
    UpdateProtocol {
        req: RequestId,
        server_id: String,
        change: ProtocolChange,
    },
    /// StartServer (`start`) or StopServer.
    Power {
        req: RequestId,
        server_id: String,
        start: bool,
    },
    /// DescribeServer after `delay`, to follow a state change.
    Poll {
        req: RequestId,
        server_id: String,
        delay: std::time::Duration,
    },
    /// One EC2 Describe call for many ids.
    Network {
        req: RequestId,
        query: super::NetworkQuery,
    },
    /// Appends to the local audit log.
    Audit { entry: AuditEntry },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerAction {
    TlsMode,
    PassiveIp,
    SetStat,
    Start,
    Stop,
    Restart,
    Endpoint,
    /// The server's SSH host keys.
    HostKeys,
    /// The server's tags.
    Tags,
    /// Its users copied to another server: `:copy-users ` typed for the id.
    CopyUsers,
}

/// Scrolling a text pane.
pub const SCROLL: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        label: "↑ / k",
        action: Action::Up,
        help: "scroll up",
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        label: "↓ / j",
        action: Action::Down,
        help: "scroll down",
    },
];

/// The detail pane's keys (↑/↓ scroll).
pub const DETAIL: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        label: "↑ / k",
        action: Action::Up,
        help: "scroll up",
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        label: "↓ / j",
        action: Action::Down,
        help: "scroll down",
    },
    Binding {
        keys: &[KeyCode::Char('t')],
        label: "t",
        action: Action::Server(ServerAction::TlsMode),
        help: "TLS session resumption (FTPS)",
    },
    Binding {
        keys: &[KeyCode::Char('p')],
        label: "p",
        action: Action::Server(ServerAction::PassiveIp),
        help: "edit PassiveIp (FTP/FTPS)",
    },
    Binding {
        keys: &[KeyCode::Char('o')],
        label: "o",
        action: Action::Server(ServerAction::SetStat),
        help: "SetStatOption: ignore SETSTAT",
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        label: "s",
        action: Action::Server(ServerAction::Start),
        help: "start the server",
    },
    Binding {
        keys: &[KeyCode::Char('x')],
        label: "x",
        action: Action::Server(ServerAction::Stop),
        help: "stop the server (type its id)",
    },
    Binding {
        keys: &[KeyCode::Char('a')],
        label: "a",
        action: Action::Server(ServerAction::Restart),
        help: "apply PassiveIp: stop, then start (type its id)",
    },
    Binding {
        keys: &[KeyCode::Char('P')],
        label: "P",
        action: Action::Probe,
        help: "probe: what a client meets",
    },
    Binding {
        keys: &[KeyCode::Char('e')],
        label: "e",
        action: Action::Server(ServerAction::Endpoint),
        help: "VPC endpoint, interfaces, ports",
    },
    Binding {
        keys: &[KeyCode::Char('K')],
        label: "K",
        action: Action::Server(ServerAction::HostKeys),
        help: "SSH host keys: list, import, delete",
    },
    Binding {
        keys: &[KeyCode::Char('T')],
        label: "T",
        action: Action::Server(ServerAction::Tags),
        help: "tags: list, add, change, remove",
    },
    Binding {
        keys: &[KeyCode::Char('U')],
        label: "U",
        action: Action::Server(ServerAction::CopyUsers),
        help: "copy the users to another server",
    },
    Binding {
        keys: &[KeyCode::Char('u')],
        label: "u",
        action: Action::Users,
        help: "the server's users",
    },
    Binding {
        keys: &[KeyCode::Char('d')],
        label: "d",
        action: Action::DoctorServer,
        help: "doctor: check this server",
    },
];

#[derive(Debug)]
pub struct ServerDetailPane {
    pub server_id: String,
    pub scroll: u16,
    pub dialog: Option<DetailDialog>,
    /// The UpdateServer in flight.
    pub pending: Option<RequestId>,
}

#[derive(Debug)]
pub enum DetailDialog {
    /// One value out of a member's few (TLS mode, SetStatOption).
    Choose {
        member: Chooser,
        cursor: usize,
    },
    PassiveIp(Form),
    Confirm {
        change: ProtocolChange,
        confirm: Confirm,
    },
    Power {
        plan: PowerPlan,
        confirm: Confirm,
    },
}

/// The ProtocolDetails members picked from a short list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chooser {
    TlsResumption,
    SetStat,
}

impl Chooser {
    pub fn title(self) -> &'static str {
        match self {
            Self::TlsResumption => "TlsSessionResumptionMode",
            Self::SetStat => "SetStatOption",
        }
    }

    /// Each value with what it means, in the chooser's order.
    pub fn options(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Self::TlsResumption => TlsResumption::ALL
                .iter()
                .map(|mode| (mode.as_str(), mode.meaning()))
                .collect(),
            Self::SetStat => SetStat::ALL
                .iter()
                .map(|option| (option.as_str(), option.meaning()))
                .collect(),
        }
    }

    /// The change the value at `index` makes.
    fn change(self, index: usize) -> Option<ProtocolChange> {
        match self {
            Self::TlsResumption => TlsResumption::ALL
                .get(index)
                .map(|mode| ProtocolChange::TlsSessionResumptionMode(*mode)),
            Self::SetStat => SetStat::ALL
                .get(index)
                .map(|option| ProtocolChange::SetStatOption(*option)),
        }
    }
}

impl ServerDetailPane {
    pub fn new(server_id: String) -> Self {
        Self {
            server_id,
            scroll: 0,
            dialog: None,
            pending: None,
        }
    }
}

fn has_ftps(server: &Server) -> bool {
    server.protocols.contains(&Protocol::Ftps)
}

fn has_ftp(server: &Server) -> bool {
    server
        .protocols
        .iter()
        .any(|p| matches!(p, Protocol::Ftp | Protocol::Ftps))
}

impl App {
    /// The loaded DescribeServer answer of a server in the list.
    pub fn server(&self, server_id: &str) -> Option<&Server> {
        self.servers
            .rows
            .iter()
            .find(|row| row.summary.id == server_id)
            .and_then(|row| row.server())
    }

    /// Enter on a server row.
    pub(super) fn open_selected_server(&mut self) {
        if let Some(row) = self.servers.selected() {
            let id = row.summary.id.clone();
            self.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(id))));
        }
    }

    /// Opens a server's detail with the dialog that makes a doctor's fix:
    /// the same dialog, checks and confirmation as the key pressed by hand.
    pub(super) fn open_detail_for_fix(&mut self, action: &crate::doctor::FixAction) {
        use crate::doctor::FixAction;
        let server_id = match action {
            FixAction::SetTlsSessionResumption { server_id, .. }
            | FixAction::EditPassiveIp { server_id }
            | FixAction::StartServer { server_id } => server_id.clone(),
            FixAction::ReviewOrphanSecrets
            | FixAction::EditUserSecret { .. }
            | FixAction::AddLambdaPermission { .. } => return,
        };
        self.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
            server_id.clone(),
        ))));
        match action {
            FixAction::SetTlsSessionResumption { .. } => self.begin_tls_change(&server_id),
            FixAction::EditPassiveIp { .. } => self.begin_passive_ip(&server_id),
            FixAction::StartServer { .. } => self.ask_power(&server_id, PowerPlan::Start),
            FixAction::ReviewOrphanSecrets
            | FixAction::EditUserSecret { .. }
            | FixAction::AddLambdaPermission { .. } => {}
        }
    }

    pub(super) fn detail_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let Some(Pane::ServerDetail(pane)) = self.stack.last_mut() else {
            return None;
        };
        let server_id = pane.server_id.clone();
        if pane.dialog.is_some() {
            return Some(self.dialog_key(key, &server_id));
        }
        if super::keymap::action_for(key, &[super::activity::keys::SERVER_LOGS])
            == Some(Action::Logs)
        {
            return Some(self.open_activity(&server_id, None));
        }
        match super::keymap::action_for(key, &[DETAIL]) {
            Some(Action::Server(ServerAction::TlsMode)) => self.begin_tls_change(&server_id),
            Some(Action::Server(ServerAction::SetStat)) => self.begin_set_stat(&server_id),
            Some(Action::Server(ServerAction::PassiveIp)) => self.begin_passive_ip(&server_id),
            Some(Action::Server(ServerAction::Start)) => {
                self.ask_power(&server_id, PowerPlan::Start)
            }
            Some(Action::Server(ServerAction::Stop)) => self.ask_power(&server_id, PowerPlan::Stop),
            Some(Action::Server(ServerAction::Restart)) => {
                self.ask_power(&server_id, PowerPlan::Restart)
            }
            Some(Action::Server(ServerAction::Endpoint)) => {
                return Some(self.open_endpoint(&server_id));
            }
            Some(Action::Server(ServerAction::HostKeys)) => {
                return Some(self.open_host_keys(&server_id));
            }
            Some(Action::Server(ServerAction::Tags)) => {
                return Some(self.open_tags(&server_id));
            }
            Some(Action::Server(ServerAction::CopyUsers)) => {
                self.open_command_line();
                if let Some(line) = self.command_line.as_mut() {
                    line.input = tui_input::Input::new("copy-users ".to_string());
                    line.update_candidates(&self.profiles);
                }
            }
            Some(Action::Users) => return Some(self.open_users(&server_id)),
            _ if super::keymap::action_for(key, &[super::create::DETAIL])
                == Some(Action::CloneServer) =>
            {
                return Some(self.begin_clone(Some(server_id)));
            }
            Some(Action::DoctorServer) => return Some(self.open_doctor(Some(server_id))),
            Some(Action::Probe) => self.open_probe(server_id.clone()),
            _ if key.code == KeyCode::Esc => {
                if let Some(flow) = self.power.for_server(&server_id) {
                    let text = format!(
                        "{} of {server_id} goes on: now {}; its state stays in the servers list",
                        flow.plan.verb(),
                        flow.path()
                    );
                    self.back();
                    self.notify(NoticeLevel::Warning, text);
                    return Some(Vec::new());
                }
                return None;
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    fn detail_pane(&mut self) -> Option<&mut ServerDetailPane> {
        match self.stack.last_mut() {
            Some(Pane::ServerDetail(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    fn begin_tls_change(&mut self, server_id: &str) {
        if self.refuse_if_read_only("changing TlsSessionResumptionMode") {
            return;
        }
        let Some(server) = self.server(server_id) else {
            return self.notify(
                NoticeLevel::Warning,
                "the server's details are not loaded yet",
            );
        };
        if !has_ftps(server) {
            let text = format!(
                "TlsSessionResumptionMode applies only to FTPS; this server offers {}",
                server.protocols_label()
            );
            return self.notify(NoticeLevel::Warning, text);
        }
        let current = server.protocol_details.tls_session_resumption_mode.clone();
        self.open_chooser(Chooser::TlsResumption, current.as_deref());
    }

    fn begin_set_stat(&mut self, server_id: &str) {
        if self.refuse_if_read_only("changing SetStatOption") {
            return;
        }
        let Some(server) = self.server(server_id) else {
            return self.notify(
                NoticeLevel::Warning,
                "the server's details are not loaded yet",
            );
        };
        let current = server.protocol_details.set_stat_option.clone();
        self.open_chooser(Chooser::SetStat, current.as_deref());
    }

    /// The chooser of `member`, starting on the value the server has.
    fn open_chooser(&mut self, member: Chooser, current: Option<&str>) {
        let cursor = member
            .options()
            .iter()
            .position(|(value, _)| Some(*value) == current)
            .unwrap_or(0);
        if let Some(pane) = self.detail_pane() {
            pane.dialog = Some(DetailDialog::Choose { member, cursor });
        }
    }

    fn begin_passive_ip(&mut self, server_id: &str) {
        if self.refuse_if_read_only("changing PassiveIp") {
            return;
        }
        let Some(server) = self.server(server_id) else {
            return self.notify(
                NoticeLevel::Warning,
                "the server's details are not loaded yet",
            );
        };
        if !has_ftp(server) {
            let text = format!(
                "PassiveIp applies only to FTP and FTPS; this server offers {}",
                server.protocols_label()
            );
            return self.notify(NoticeLevel::Warning, text);
        }
        let current = server
            .protocol_details
            .passive_ip
            .clone()
            .unwrap_or_else(|| "AUTO".to_string());
        let form = Form::new("PassiveIp").field(
            "PassiveIp",
            &current,
            "AUTO, or the address of a load balancer in front, e.g. 198.51.100.10",
        );
        if let Some(pane) = self.detail_pane() {
            pane.dialog = Some(DetailDialog::PassiveIp(form));
        }
    }

    fn dialog_key(&mut self, key: &KeyEvent, server_id: &str) -> Vec<Cmd> {
        let current = self
            .server(server_id)
            .map(|s| s.protocol_details.clone())
            .unwrap_or_default();
        let internet_facing = self.server(server_id).is_some_and(Server::has_elastic_ips);
        let Some(pane) = self.detail_pane() else {
            return Vec::new();
        };
        let Some(dialog) = pane.dialog.as_mut() else {
            return Vec::new();
        };
        let change = match dialog {
            DetailDialog::Choose { member, cursor } => match key.code {
                KeyCode::Up | KeyCode::Char('k') => {
                    *cursor = cursor.saturating_sub(1);
                    None
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    *cursor = (*cursor + 1).min(member.options().len().saturating_sub(1));
                    None
                }
                KeyCode::Esc => {
                    pane.dialog = None;
                    None
                }
                KeyCode::Enter => member.change(*cursor),
                _ => None,
            },
            DetailDialog::PassiveIp(form) => match form.handle_key(key) {
                FormEvent::Cancel => {
                    pane.dialog = None;
                    None
                }
                FormEvent::Submit => match PassiveIp::parse(form.value(0)) {
                    Ok(ip) => Some(ProtocolChange::PassiveIp(ip)),
                    Err(err) => {
                        form.set_error(0, err.to_string());
                        None
                    }
                },
                _ => None,
            },
            DetailDialog::Confirm { change, confirm } => match confirm.handle_key(key) {
                ConfirmEvent::Confirmed => {
                    let change = *change;
                    return self.send_protocol_change(server_id, change);
                }
                ConfirmEvent::Cancelled => {
                    pane.dialog = None;
                    return Vec::new();
                }
                ConfirmEvent::Pending => return Vec::new(),
            },
            DetailDialog::Power { plan, confirm } => match confirm.handle_key(key) {
                ConfirmEvent::Confirmed => {
                    let plan = *plan;
                    pane.dialog = None;
                    return self.begin_power(server_id, plan);
                }
                ConfirmEvent::Cancelled => {
                    pane.dialog = None;
                    return Vec::new();
                }
                ConfirmEvent::Pending => return Vec::new(),
            },
        };
        let Some(change) = change else {
            return Vec::new();
        };
        let before = change.current(&current);
        if before.as_deref() == Some(change.value().as_str()) {
            pane.dialog = None;
            let text = format!(
                "{} is already {}: nothing to change",
                change.field(),
                change.value()
            );
            self.notify(NoticeLevel::Info, text);
            return Vec::new();
        }
        let mut lines = vec![
            format!(
                "{}: {} → {}",
                change.field(),
                before.as_deref().unwrap_or("(not set)"),
                change.value()
            ),
            "The other protocol settings are sent back unchanged.".to_string(),
        ];
        if let ProtocolChange::PassiveIp(PassiveIp::Address(ip)) = change
            && ip.is_private()
            && internet_facing
        {
            lines.push(format!(
                "Warning: {}",
                private_address_warning(&ip.to_string())
            ));
        }
        if change.needs_restart() {
            lines.push(
                "A new PassiveIp takes effect after the server is stopped and started.".into(),
            );
        }
        pane.dialog = Some(DetailDialog::Confirm {
            change,
            confirm: Confirm::new(format!("Change {}", change.field()), lines),
        });
        Vec::new()
    }

    /// Asks before a start, or a stop or a restart (typing the id or Name).
    fn ask_power(&mut self, server_id: &str, plan: PowerPlan) {
        if self.refuse_if_read_only(&format!("{} a server", plan.gerund())) {
            return;
        }
        let name = self
            .server(server_id)
            .and_then(Server::name)
            .map(str::to_string);
        let confirm = match plan {
            PowerPlan::Start => Confirm::new(
                format!("Start {server_id}"),
                vec!["StartServer, then the state is followed until ONLINE.".into()],
            ),
            PowerPlan::Stop => Confirm::typed(
                format!("Stop {server_id}"),
                vec![
                    "Every connected client is cut off.".into(),
                    "A stopped server is still billed while it exists.".into(),
                ],
                std::iter::once(server_id.to_string()).chain(name).collect(),
            ),
            PowerPlan::Restart => Confirm::typed(
                format!("Apply now: restart {server_id}"),
                vec![
                    "Stops the server, waits for OFFLINE, starts it, waits for ONLINE.".into(),
                    "Clients are cut off during the restart.".into(),
                ],
                std::iter::once(server_id.to_string()).chain(name).collect(),
            ),
        };
        if let Some(pane) = self.detail_pane() {
            pane.dialog = Some(DetailDialog::Power { plan, confirm });
        }
    }

    fn send_protocol_change(&mut self, server_id: &str, change: ProtocolChange) -> Vec<Cmd> {
        let req = self.next_request();
        if let Some(pane) = self.detail_pane() {
            pane.dialog = None;
            pane.pending = Some(req);
        }
        vec![Cmd::Server(ServerCmd::UpdateProtocol {
            req,
            server_id: server_id.to_string(),
            change,
        })]
    }

    pub(super) fn on_server_msg(&mut self, msg: ServerMsg) -> Vec<Cmd> {
        match msg {
            ServerMsg::Audited => Vec::new(),
            ServerMsg::Network { req, answer } => self.on_network(req, answer),
            ServerMsg::PowerRequested { req, result } => self.on_power_requested(req, result),
            ServerMsg::Polled {
                req,
                server_id,
                result,
            } => self.on_polled(req, &server_id, result),
            ServerMsg::AuditFailed { error } => {
                self.notify(
                    NoticeLevel::Error,
                    format!("audit log not written: {error}"),
                );
                Vec::new()
            }
            ServerMsg::ProtocolUpdated {
                req,
                server_id,
                change,
                result,
                reread,
            } => self.on_protocol_updated(req, &server_id, change, result, reread),
        }
    }

    fn on_protocol_updated(
        &mut self,
        req: RequestId,
        server_id: &str,
        change: ProtocolChange,
        result: Result<ProtocolUpdate, AwsError>,
        reread: Option<Result<Box<Server>, AwsError>>,
    ) -> Vec<Cmd> {
        let on_screen = matches!(self.stack.last(),
            Some(Pane::ServerDetail(pane)) if pane.pending == Some(req));
        for pane in &mut self.stack {
            if let Pane::ServerDetail(pane) = pane
                && pane.pending == Some(req)
            {
                pane.pending = None;
            }
        }
        let shown_before = self
            .server(server_id)
            .and_then(|server| change.current(&server.protocol_details));
        let (before, outcome) = match result {
            Ok(update) => {
                let mut text = format!(
                    "{} of {server_id}: {} → {} (as AWS now reports it)",
                    change.field(),
                    update.before.as_deref().unwrap_or("(not set)"),
                    change.value()
                );
                if change.needs_restart() {
                    text.push_str("; takes effect after a stop and start");
                    if on_screen {
                        // "Apply now": the restart, behind its own confirmation.
                        self.ask_power(server_id, PowerPlan::Restart);
                    }
                }
                self.notify(NoticeLevel::Info, text);
                if let Some(row) = self
                    .servers
                    .rows
                    .iter_mut()
                    .find(|row| row.summary.id == server_id)
                {
                    row.show_described(update.server);
                }
                (update.before, "ok".to_string())
            }
            Err(err) => {
                self.on_protocol_update_failed(server_id, &change, &err, reread, shown_before)
            }
        };
        vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(server_id, change.field(), before, change.value(), outcome),
        })]
    }

    /// Says whether a failed update took effect, from the re-read server,
    /// and shows the server as AWS now reports it. Returns the audit
    /// entry's before value and outcome.
    fn on_protocol_update_failed(
        &mut self,
        server_id: &str,
        change: &ProtocolChange,
        err: &AwsError,
        reread: Option<Result<Box<Server>, AwsError>>,
        shown_before: Option<String>,
    ) -> (Option<String>, String) {
        let field = change.field();
        let (level, text, outcome) = match reread {
            None => (
                NoticeLevel::Error,
                format!("{field} not changed: {err}"),
                format!("failed: {err}"),
            ),
            Some(Err(reread_err)) => (
                NoticeLevel::Error,
                format!(
                    "{field} of {server_id}: unknown whether changed (reading it again \
                     failed: {reread_err}; press r later): {err}"
                ),
                format!("failed: {err}; unknown whether applied"),
            ),
            Some(Ok(server)) => {
                let now = protocol_member(&server, change);
                let changed = now.as_deref() == Some(change.value().as_str());
                let now_text = now.unwrap_or_else(|| "(not set)".into());
                self.replace_server(*server);
                if changed {
                    (
                        NoticeLevel::Warning,
                        format!(
                            "{field} changed anyway: AWS reports {now_text} although it \
                             answered {err}"
                        ),
                        format!("changed anyway despite: {err}"),
                    )
                } else {
                    (
                        NoticeLevel::Error,
                        format!("{field} not changed (AWS still reports {now_text}): {err}"),
                        format!("failed: {err}; unchanged"),
                    )
                }
            }
        };
        self.notify(level, text);
        (shown_before, outcome)
    }

    /// The server's row shows `server` as AWS described it.
    fn replace_server(&mut self, server: Server) {
        if let Some(row) = self
            .servers
            .rows
            .iter_mut()
            .find(|row| row.summary.id == server.summary.id)
        {
            row.show_described(Box::new(server));
        }
    }

    pub(super) fn audit_entry(
        &self,
        server_id: &str,
        field: &str,
        before: Option<String>,
        after: String,
        outcome: String,
    ) -> AuditEntry {
        let region = self.region().unwrap_or("?").to_string();
        AuditEntry {
            profile: self
                .settings
                .profile
                .clone()
                .unwrap_or_else(|| "default".into()),
            region,
            account: match &self.connection {
                Connection::Connected(identity) => Some(identity.account.clone()),
                _ => None,
            },
            endpoint: self.settings.endpoint_url.clone(),
            server: server_id.to_string(),
            field: field.to_string(),
            before,
            after,
            outcome,
        }
    }
}

/// The ProtocolDetails member a change is about, as the server has it.
fn protocol_member(server: &Server, change: &ProtocolChange) -> Option<String> {
    change.current(&server.protocol_details)
}
