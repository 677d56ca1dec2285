//! The console's state and its one transition function, `App::update`.
//!
//! `update` is synchronous and does no I/O: it takes a `Msg`, changes the
//! state and returns the `Cmd`s for the AWS worker. Everything the console
//! does can be tested by feeding it messages.

pub mod access;
pub mod activity;
pub mod command_line;
mod confirm;
mod copy;
pub mod create;
mod cursor;
pub mod deletion;
mod doctor;
mod endpoint;
pub mod endpoints;
mod form;
pub mod fuzzy;
pub mod host_keys;
pub mod idp_users;
mod in_flight;
pub mod keymap;
#[cfg(test)]
mod keys_page;
pub mod list_view;
pub mod managed_users;
mod message;
pub mod message_log;
mod navigation;
pub mod objects;
mod power;
mod probe;
mod quitting;
mod server_detail;
mod servers;
pub mod sweep;
pub mod tags;
pub mod user_copy;

pub use confirm::{Confirm, ConfirmEvent, TypedConfirmation};
pub use copy::CopyChoice;
pub use cursor::Cursor;
pub use doctor::{DoctorCmd, DoctorMsg, DoctorPane, DoctorState, FindingColumn};
pub use endpoint::{EndpointPane, Load, NetworkAnswer, NetworkQuery};
pub use endpoints::EndpointsPane;
pub use form::{Field, Form, FormEvent};
pub use in_flight::{ABANDONED, InFlight};
pub use message::{Cmd, Identity, Msg, RequestId, TerminalCmd};
pub use navigation::AutoRefresh;
pub use power::{PowerFlow, PowerFlows, PowerPlan, Unfinished};
pub use probe::{LiveStep, ProbeCmd, ProbeFocus, ProbeMsg, ProbePane, ProbeState};
pub use quitting::QuitQuestion;
pub use server_detail::{
    Chooser, DetailDialog, ServerAction, ServerCmd, ServerDetailPane, ServerMsg,
};
pub use servers::{Detail, Listing, SecretUsers, ServerColumn, ServerRow, ServersPane};
pub use sweep::{Sweep, SweepMsg};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::model::{AwsError, AwsSettings};
use keymap::Action;

/// Where the console stands with AWS as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected(Identity),
    Failed(AwsError),
}

/// A screen of the console. The servers list is always at the bottom of the
/// stack; Enter opens a pane on top and Esc goes back.
#[derive(Debug)]
pub enum Pane {
    Servers,
    Doctor(Box<DoctorPane>),
    ServerDetail(Box<ServerDetailPane>),
    Endpoint(Box<EndpointPane>),
    /// The region's Transfer and service VPC endpoints (`:endpoints`).
    Endpoints(Box<EndpointsPane>),
    /// S3 buckets (ListBuckets).
    Buckets(Box<objects::BucketsPane>),
    /// One S3 prefix of the object browser.
    Objects(Box<objects::ObjectsPane>),
    /// A client's path to a server, step by step.
    Probe(Box<ProbePane>),
    /// The Transfer users of a SERVICE_MANAGED server.
    ManagedUsers(Box<managed_users::ManagedUsersPane>),
    /// Users of a custom identity provider server (Secrets Manager), or the
    /// list of every login secret (`:secrets`).
    IdpUsers(Box<idp_users::IdpUsersPane>),
    /// What happened on a server, from CloudWatch Logs.
    Activity(Box<activity::ActivityPane>),
    /// A server's SSH host keys.
    HostKeys(Box<host_keys::HostKeysPane>),
    /// What goes with a server and what stays, and the typed confirmation
    /// of its deletion.
    DeleteServer(Box<deletion::DeletionPane>),
    /// The create form, new or cloned.
    Create(Box<create::CreatePane>),
    /// A server's identity provider (`i`).
    Provider(Box<access::ProviderPane>),
    /// A user's access chain (`A`).
    Access(Box<access::AccessPane>),
    /// Copying a server's users to another server (`:copy-users`).
    UserCopy(Box<user_copy::UserCopyPane>),
    /// A server's tags (`T` on its detail).
    Tags(Box<tags::TagsPane>),
}

impl Pane {
    /// The pane's name in the breadcrumbs.
    pub fn title(&self) -> String {
        match self {
            Self::Servers => "Servers".to_string(),
            Self::Doctor(pane) => match &pane.scope {
                Some(server_id) => format!("Doctor {server_id}"),
                None => "Doctor".to_string(),
            },
            Self::ServerDetail(pane) => pane.server_id.clone(),
            Self::Endpoint(_) => "Endpoint".to_string(),
            Self::Endpoints(_) => "Endpoints".to_string(),
            Self::Buckets(_) => "Buckets".to_string(),
            Self::Objects(pane) => pane.title(),
            Self::Probe(pane) => format!("Probe {}", pane.server_id),
            Self::ManagedUsers(_) => "Users".to_string(),
            Self::IdpUsers(pane) => pane.title(),
            Self::Activity(pane) => match &pane.user {
                Some(user) => format!("Activity {user}"),
                None => "Activity".to_string(),
            },
            Self::HostKeys(_) => "Host keys".to_string(),
            Self::DeleteServer(pane) => format!("Delete {}", pane.server_id),
            Self::Create(pane) => pane.title(),
            Self::Provider(pane) => format!("Identity provider {}", pane.server_id),
            Self::Access(pane) => format!("Access {}", pane.subject.user),
            Self::UserCopy(pane) => format!("Copy users to {}", pane.to.server_id),
            Self::Tags(_) => "Tags".to_string(),
        }
    }

    /// The pane's own key tables, for handling and for the help.
    /// A dialog, form or overlay of the pane takes the keys, so that the
    /// pane's own keys do not apply meanwhile.
    pub fn takes_keys(&self) -> bool {
        match self {
            Self::ServerDetail(pane) => pane.dialog.is_some(),
            Self::IdpUsers(pane) => pane.dialog.is_some(),
            Self::ManagedUsers(pane) => pane.dialog.is_some(),
            Self::Objects(pane) => pane.dialog.is_some() || pane.overlay.is_some(),
            Self::Probe(pane) => pane.form.is_some(),
            Self::Activity(pane) => pane.detail.is_some() || pane.window_input.is_some(),
            Self::HostKeys(pane) => pane.dialog.is_some(),
            Self::DeleteServer(_) | Self::Create(_) => true,
            Self::Provider(pane) => pane.confirm.is_some(),
            Self::Tags(pane) => pane.dialog.is_some(),
            Self::UserCopy(_)
            | Self::Access(_)
            | Self::Servers
            | Self::Doctor(_)
            | Self::Endpoint(_)
            | Self::Endpoints(_)
            | Self::Buckets(_) => false,
        }
    }

    pub fn keys(&self) -> &'static [&'static [keymap::Binding]] {
        match self {
            Self::Servers => SERVERS_KEYS,
            Self::Doctor(_) => DOCTOR_KEYS,
            Self::ServerDetail(_) => DETAIL_KEYS,
            Self::Endpoint(_) => ENDPOINT_KEYS,
            Self::Endpoints(_) => ENDPOINTS_KEYS,
            Self::Buckets(_) => BUCKETS_KEYS,
            Self::Objects(_) => OBJECTS_KEYS,
            Self::Probe(_) => PROBE_KEYS,
            Self::ManagedUsers(_) => MANAGED_USERS_KEYS,
            Self::Activity(_) => ACTIVITY_KEYS,
            Self::IdpUsers(pane) => match pane.scope {
                idp_users::Scope::Server { .. } => IDP_USERS_KEYS,
                idp_users::Scope::Secrets => SECRETS_KEYS,
            },
            Self::HostKeys(_) => HOST_KEYS_KEYS,
            Self::DeleteServer(_) => DELETE_SERVER_KEYS,
            Self::Create(_) => CREATE_KEYS,
            Self::Provider(_) => PROVIDER_KEYS,
            Self::Access(_) => ACCESS_KEYS,
            // `y` only while the plan awaits it.
            Self::UserCopy(pane) if pane.stage == user_copy::Stage::Planned => USER_COPY_KEYS,
            Self::UserCopy(_) => USER_COPY_RESULT_KEYS,
            Self::Tags(_) => TAGS_KEYS,
        }
    }
}

type KeyTables = &'static [&'static [keymap::Binding]];

const SERVERS_KEYS: KeyTables = &[
    keymap::SERVERS,
    activity::keys::SERVER_LOGS,
    objects::keys::SERVERS,
    deletion::SERVERS,
    create::SERVERS,
    access::keys::SERVER,
    keymap::FILTER_SORT,
    keymap::COPY,
    keymap::LIST,
];
const DOCTOR_KEYS: KeyTables = &[keymap::DOCTOR, keymap::FILTER_SORT, keymap::LIST];
const DETAIL_KEYS: KeyTables = &[
    server_detail::DETAIL,
    create::DETAIL,
    activity::keys::SERVER_LOGS,
    access::keys::SERVER,
    keymap::COPY,
];
const ENDPOINT_KEYS: KeyTables = &[server_detail::SCROLL, keymap::COPY];
const ENDPOINTS_KEYS: KeyTables = &[keymap::LIST, keymap::FILTER_SORT];
const BUCKETS_KEYS: KeyTables = &[objects::keys::BUCKETS, keymap::FILTER_SORT, keymap::MOVES];
const OBJECTS_KEYS: KeyTables = &[objects::keys::OBJECTS, keymap::MOVES];
// The findings are moved over, never opened: no Enter.
const PROBE_KEYS: KeyTables = &[keymap::PROBE, keymap::MOVES];
const MANAGED_USERS_KEYS: KeyTables = &[
    managed_users::keys::USERS,
    activity::keys::USER_LOGS,
    access::keys::USER,
    keymap::FILTER_SORT,
    keymap::MOVES,
];
// `l` and `A` are in the pane's own table (beside `t`): its help fits 80×24.
const IDP_USERS_KEYS: KeyTables = &[
    idp_users::keys::USERS,
    activity::keys::IDP_USER_LOGS,
    keymap::FILTER_SORT,
    keymap::MOVES,
];
const ACTIVITY_KEYS: KeyTables = &[activity::keys::ACTIVITY, keymap::FILTER_SORT, keymap::LIST];
// The confirmation takes every key; Tab and Esc are said on the pane.
const DELETE_SERVER_KEYS: KeyTables = &[];
// The form takes every key; its keys are said on the pane.
const CREATE_KEYS: KeyTables = &[];
const HOST_KEYS_KEYS: KeyTables = &[host_keys::KEYS, keymap::MOVES];
const PROVIDER_KEYS: KeyTables = &[access::keys::PROVIDER, server_detail::SCROLL];
const ACCESS_KEYS: KeyTables = &[server_detail::SCROLL, keymap::COPY];
const USER_COPY_KEYS: KeyTables = &[user_copy::KEYS, keymap::MOVES];
const USER_COPY_RESULT_KEYS: KeyTables = &[keymap::MOVES];
const TAGS_KEYS: KeyTables = &[tags::KEYS, keymap::MOVES];
const SECRETS_KEYS: KeyTables = &[idp_users::keys::SECRETS, keymap::FILTER_SORT, keymap::MOVES];

/// Every pane's keys under the name the keys page gives the pane, in the
/// order an operator meets them (docs/keys.md is made from this).
pub const PANE_KEYS: &[(&str, KeyTables)] = &[
    ("Servers", SERVERS_KEYS),
    ("Server detail", DETAIL_KEYS),
    ("Endpoint view", ENDPOINT_KEYS),
    ("VPC endpoints (:endpoints)", ENDPOINTS_KEYS),
    ("Doctor", DOCTOR_KEYS),
    ("Users of a SERVICE_MANAGED server", MANAGED_USERS_KEYS),
    ("Users of a custom identity provider server", IDP_USERS_KEYS),
    ("Login secrets (:secrets)", SECRETS_KEYS),
    ("Host keys of a server", HOST_KEYS_KEYS),
    ("Tags of a server", TAGS_KEYS),
    (
        "Copying users to another server (:copy-users)",
        USER_COPY_KEYS,
    ),
    ("Identity provider view", PROVIDER_KEYS),
    ("Access check of a user", ACCESS_KEYS),
    ("S3 buckets", BUCKETS_KEYS),
    ("S3 objects", OBJECTS_KEYS),
    ("Probe", PROBE_KEYS),
    ("Activity (CloudWatch Logs)", ACTIVITY_KEYS),
];

/// A one-line message in the status bar, until the next key press.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warning,
    Error,
}

#[derive(Debug)]
pub struct App {
    pub settings: AwsSettings,
    pub read_only: bool,
    /// The notice that secret values are read one call each (BatchGetSecretValue
    /// denied) was shown: it is shown once.
    pub(crate) said_one_at_a_time: bool,
    pub connection: Connection,
    pub servers: ServersPane,
    /// USD per protocol endpoint-hour, per region.
    pub hourly_rates: crate::model::cost::Rates,
    /// Stops, starts and restarts under way.
    pub power: PowerFlows,
    /// Panes on screen, bottom first; never empty.
    pub stack: Vec<Pane>,
    pub show_help: bool,
    /// The first line of the help drawn, when it is taller than the screen.
    pub help_scroll: u16,
    pub should_quit: bool,
    pub notice: Option<Notice>,
    /// Every notice, with its time (`:messages`).
    pub messages: message_log::MessageLog,
    /// Advances with each tick while something is loading.
    pub spinner: usize,
    /// The `:` line, while open.
    pub command_line: Option<command_line::CommandLine>,
    /// Profiles from the shared config file, for `:profile` completion.
    pub profiles: Vec<String>,
    /// The config file as the operator knows it (`~/.aws/config`).
    pub profiles_file: String,
    /// AWS_ACCESS_KEY_ID is set: the SDK uses those credentials whatever
    /// the profile, so no profile is shown or switched to.
    pub env_credentials: bool,
    /// `y` with several things to copy: which one.
    pub copy_choice: Option<CopyChoice>,
    /// Running inside AWS CloudShell (shown in the status bar).
    pub cloudshell: bool,
    /// Where downloads are offered: the user's download directory when it
    /// exists (`main` looks), else `None`: the working directory.
    pub download_dir: Option<std::path::PathBuf>,
    pub auto_refresh: AutoRefresh,
    /// The session switch (`:region`, `:profile`) awaiting its identity;
    /// once set, answers to the start-up `Connect` are stale.
    reconnecting: Option<RequestId>,
    /// Where custom-IdP user secrets live: `<prefix><server-id>/<user>`.
    pub secret_prefix: String,
    /// Writes sent to AWS and not answered yet.
    in_flight: Vec<InFlight>,
    /// `q` while a restart is between stop and start: the question asked.
    pub quit_question: Option<QuitQuestion>,
    next_request: u64,
}

impl App {
    pub fn new(settings: AwsSettings, read_only: bool) -> Self {
        let cleartext = settings
            .endpoint_url
            .as_deref()
            .and_then(crate::model::endpoint_url::cleartext_warning);
        let mut app = Self {
            settings,
            read_only,
            said_one_at_a_time: false,
            connection: Connection::Connecting,
            servers: ServersPane::default(),
            power: PowerFlows::default(),
            hourly_rates: Default::default(),
            stack: vec![Pane::Servers],
            show_help: false,
            help_scroll: 0,
            should_quit: false,
            notice: None,
            messages: Default::default(),
            spinner: 0,
            command_line: None,
            profiles: Vec::new(),
            profiles_file: "~/.aws/config".to_string(),
            env_credentials: false,
            copy_choice: None,
            cloudshell: false,
            download_dir: None,
            auto_refresh: AutoRefresh::default(),
            reconnecting: None,
            secret_prefix: crate::model::login_secret::DEFAULT_PREFIX.to_string(),
            in_flight: Vec::new(),
            quit_question: None,
            next_request: 0,
        };
        // Said once in words here; the status bar keeps a marker after.
        if let Some(warning) = cleartext {
            app.notify(NoticeLevel::Warning, warning);
        }
        app
    }

    /// The commands to run when the console starts: the UI is drawn before
    /// any of them answers.
    pub fn start(&mut self) -> Vec<Cmd> {
        let mut cmds = vec![Cmd::Connect];
        cmds.extend(self.refresh_servers());
        cmds.extend(self.start_objects_panes());
        cmds
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        // Every write is followed from the command that sends it to the
        // answer, so quitting knows what AWS has not answered yet.
        let deletion_audit = self.deletion_audit(&msg);
        let copy_audit = self.user_copy_audit(&msg);
        self.untrack_write(&msg);
        let mut cmds = self.transition(msg);
        cmds.extend(deletion_audit);
        cmds.extend(copy_audit);
        self.track_writes(&cmds);
        cmds
    }

    fn transition(&mut self, msg: Msg) -> Vec<Cmd> {
        // Throttled reads slow the automatic refresh; good answers restore it.
        if let Some(error) = msg.refresh_outcome() {
            self.auto_refresh.observe(error);
        }
        match msg {
            Msg::Key(key) => self.key_in_row_scope(key),
            Msg::Resize => Vec::new(),
            Msg::CopyDropped { why } => {
                self.notify(NoticeLevel::Warning, why);
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                self.idp_tick();
                Vec::new()
            }
            Msg::Connected { result } => {
                if self.reconnecting.is_none() {
                    self.connection = match result {
                        Ok(identity) => Connection::Connected(identity),
                        Err(err) => Connection::Failed(err),
                    };
                }
                Vec::new()
            }
            Msg::Reconnected { req, result } => {
                if self.reconnecting == Some(req) {
                    self.connection = match result {
                        Ok(identity) => Connection::Connected(identity),
                        Err(err) => Connection::Failed(err),
                    };
                }
                Vec::new()
            }
            Msg::AutoRefresh => self.auto_refresh(),
            Msg::ServersListed { req, result } => {
                // A stale or failed answer leaves the rows, so no new sweep.
                let listed = result.is_ok() && self.servers.listing == Listing::Loading(req);
                let mut next = self.next_request;
                let describes = self.servers.on_listed(req, result, || {
                    next += 1;
                    RequestId(next)
                });
                self.next_request = next;
                let mut cmds: Vec<Cmd> = describes
                    .into_iter()
                    .map(|(req, server_id)| Cmd::DescribeServer { req, server_id })
                    .collect();
                if listed && self.servers.has_custom_identity_provider() {
                    let req = self.next_request();
                    self.servers.secret_users = SecretUsers::Counting(req);
                    cmds.push(Cmd::CountSecretUsers {
                        req,
                        prefix: self.secret_prefix.clone(),
                    });
                }
                cmds
            }
            Msg::SecretUsersCounted { req, result } => {
                self.servers.on_secret_users(req, result);
                Vec::new()
            }
            Msg::ServerDescribed {
                req,
                server_id,
                result,
            } => {
                self.servers.on_described(req, &server_id, result);
                self.poll_if_transitional(&server_id)
            }
            Msg::Doctor(msg) => {
                // The answer goes to the Doctor pane that asked, wherever it is.
                for pane in &mut self.stack {
                    if let Pane::Doctor(doctor) = pane {
                        doctor.on_msg(msg.clone());
                    }
                }
                Vec::new()
            }
            Msg::Server(msg) => self.on_server_msg(msg),
            Msg::Objects(msg) => self.on_objects_msg(msg),
            Msg::Probe(msg) => {
                for pane in &mut self.stack {
                    if let Pane::Probe(probe) = pane {
                        probe.on_msg(msg.clone());
                    }
                }
                Vec::new()
            }
            Msg::ManagedUsers(msg) => self.on_managed_users_msg(msg),
            Msg::Idp(msg) => self.on_idp_msg(msg),
            Msg::Activity(msg) => self.on_activity_msg(msg),
            Msg::HostKeys(msg) => self.on_host_keys_msg(msg),
            Msg::Deletion(msg) => self.on_deletion_msg(msg),
            Msg::Create(msg) => self.on_create_msg(msg),
            Msg::Access(msg) => self.on_access_msg(msg),
            Msg::Sweep(msg) => self.on_sweep_msg(msg),
            Msg::UserCopy(msg) => self.on_user_copy_msg(msg),
            Msg::Tags(msg) => self.on_tags_msg(msg),
        }
    }

    /// What is waiting on AWS, for the status bar; `None` when idle.
    pub fn loading(&self) -> Option<String> {
        if let Some(flow) = self.power.flows.first() {
            return Some(format!("{}: {}", flow.plan.verb(), flow.path()));
        }
        if let Pane::Endpoints(pane) = self.pane()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(reading) = self.activity_loading() {
            return Some(reading);
        }
        if let Some(access) = self.access_loading() {
            return Some(access);
        }
        if let Some(users) = self.idp_loading() {
            return Some(users);
        }
        if let Some(objects) = self.objects_loading() {
            return Some(objects);
        }
        if let Some(Pane::DeleteServer(pane)) = self.stack.last()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(Pane::Create(pane)) = self.stack.last()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(Pane::HostKeys(pane)) = self.stack.last()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(Pane::UserCopy(pane)) = self.stack.last()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(Pane::Tags(pane)) = self.stack.last()
            && let Some(what) = pane.loading()
        {
            return Some(what);
        }
        if let Some(users) = self.managed_users_loading() {
            return Some(users);
        }
        if let Some(answered) = self.servers.sweep_progress() {
            return Some(format!("listing servers ({answered} answered)"));
        }
        if self.servers.is_listing() {
            return Some("listing servers".to_string());
        }
        if matches!(self.pane(), Pane::Doctor(doctor) if doctor.is_gathering()) {
            return Some("gathering evidence".to_string());
        }
        if matches!(self.pane(), Pane::Probe(probe) if probe.is_running()) {
            return Some("probing (Esc cancels)".to_string());
        }
        match self.servers.describing() {
            0 => None,
            n => Some(format!(
                "describing {n} server{}",
                if n == 1 { "" } else { "s" }
            )),
        }
    }

    /// The region AWS calls go to: the connected one, else the one asked for.
    pub fn region(&self) -> Option<&str> {
        match &self.connection {
            Connection::Connected(identity) => Some(&identity.region),
            _ => self.settings.region.as_deref(),
        }
    }

    /// Whether anything on screen changes with time (and needs ticks).
    pub fn animating(&self) -> bool {
        self.loading().is_some() || self.idp_revealing()
    }

    /// A problem that stops every call until the operator fixes the set-up
    /// (no region, no credentials, an endpoint that does not answer).
    pub fn blocking_problem(&self) -> Option<&AwsError> {
        let from_connection = match &self.connection {
            // A sweep shows each scope's failure in its own row.
            Connection::Failed(_) if self.servers.sweep.is_some() => None,
            Connection::Failed(err) => Some(err),
            _ => None,
        };
        let from_listing = match &self.servers.listing {
            Listing::Failed(err) if self.servers.rows.is_empty() => Some(err),
            _ => None,
        };
        from_connection.into_iter().chain(from_listing).find(|err| {
            err.is_setup_problem()
                || matches!(err, AwsError::Network { .. } | AwsError::Timeout { .. })
        })
    }

    fn next_request(&mut self) -> RequestId {
        self.next_request += 1;
        RequestId(self.next_request)
    }

    fn refresh_servers(&mut self) -> Vec<Cmd> {
        self.list_servers(true)
    }

    /// ListServers, then DescribeServer for every row (`describe_all`: on
    /// start and `r`) or only for the rows whose listing changed (the
    /// automatic refresh, which then costs one call however many servers).
    fn list_servers(&mut self, describe_all: bool) -> Vec<Cmd> {
        // A sweep lists on `r` only: the automatic refresh would call every
        // region each interval.
        if self.servers.sweep.is_some() {
            return if describe_all {
                self.start_sweep()
            } else {
                Vec::new()
            };
        }
        if self.servers.is_listing() {
            return Vec::new(); // one listing at a time: a second `r` coalesces
        }
        let req = self.next_request();
        self.servers.start_listing(req, describe_all);
        vec![Cmd::ListServers { req }]
    }

    /// DescribeServer again for one row (`r` on its detail).
    fn redescribe(&mut self, server_id: &str) -> Vec<Cmd> {
        let req = self.next_request();
        match self
            .servers
            .rows
            .iter_mut()
            .find(|row| row.summary.id == server_id)
        {
            Some(row) => {
                row.detail = Detail::Loading(req);
                row.describing = Some(req);
                vec![Cmd::DescribeServer {
                    req,
                    server_id: server_id.to_string(),
                }]
            }
            None => Vec::new(),
        }
    }

    /// The pane on top.
    pub fn pane(&self) -> &Pane {
        self.stack.last().unwrap_or(&Pane::Servers)
    }

    pub fn open(&mut self, pane: Pane) {
        self.stack.push(pane);
    }

    /// Closes the pane on top; the servers list stays.
    pub fn back(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    pub fn breadcrumbs(&self) -> Vec<String> {
        self.stack.iter().map(Pane::title).collect()
    }

    pub fn notify(&mut self, level: NoticeLevel, text: impl Into<String>) {
        let text = text.into();
        self.messages.push(level, &text);
        self.notice = Some(Notice { level, text });
    }

    /// In read-only mode, refuses `what` (a change) and says so where the
    /// key was pressed. Every change must pass through here.
    pub fn refuse_if_read_only(&mut self, what: &str) -> bool {
        if self.read_only {
            self.notify(
                NoticeLevel::Warning,
                format!("read-only: {what} is disabled (started with --read-only)"),
            );
        }
        self.read_only
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        self.notice = None;
        if self.quit_question_key(&key) {
            return Vec::new();
        }
        let action = keymap::action_for(&key, &[keymap::GLOBAL]);
        if action == Some(Action::Quit) && key.code != crossterm::event::KeyCode::Char('q') {
            self.request_quit(); // Ctrl-C works even inside a form
            return Vec::new();
        }
        if self.show_help {
            // The movement keys scroll a help taller than the screen (the
            // drawing clamps it); any other key closes it, as pagers do, and
            // only q still quits.
            match keymap::action_for(&key, &[keymap::LIST]) {
                Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::Down) => self.help_scroll = self.help_scroll.saturating_add(1),
                Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(10),
                Some(Action::PageDown) => self.help_scroll = self.help_scroll.saturating_add(10),
                _ => {
                    self.show_help = false;
                    if action == Some(Action::Quit) {
                        self.request_quit();
                    }
                }
            }
            return Vec::new();
        }
        if self.messages.open {
            // As the help: movement keys scroll, any other key closes.
            match keymap::action_for(&key, &[keymap::LIST]) {
                Some(Action::Up) => self.messages.scroll += 1,
                Some(Action::Down) => self.messages.scroll = self.messages.scroll.saturating_sub(1),
                Some(Action::PageUp) => self.messages.scroll += 10,
                Some(Action::PageDown) => {
                    self.messages.scroll = self.messages.scroll.saturating_sub(10)
                }
                _ => self.messages.open = false,
            }
            self.messages.scroll = self
                .messages
                .scroll
                .min(self.messages.len().saturating_sub(1));
            return Vec::new();
        }
        if let Some(cmds) = self.command_line_key(&key) {
            return cmds;
        }
        if let Some(cmds) = self.copy_choice_key(&key) {
            return cmds;
        }
        // The pane goes first: a form open in it takes every key (typing
        // `q` in a field must not quit).
        if let Some(cmds) = self.pane_key(&key) {
            return cmds;
        }
        match action {
            Some(Action::Quit) => self.request_quit(),
            Some(Action::Help) => {
                self.show_help = true;
                self.help_scroll = 0;
            }
            Some(Action::Back) => self.back(),
            Some(Action::Refresh) => return self.refresh(),
            Some(Action::Command) => self.open_command_line(),
            _ => {
                if let Some(action) = keymap::action_for(&key, self.pane().keys()) {
                    return self.pane_action(action);
                }
            }
        }
        Vec::new()
    }

    /// Keys the pane on top handles itself; `None` leaves the key to the
    /// global bindings.
    fn pane_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        match self.pane() {
            Pane::Servers => {
                if let Some(cmds) = self.servers_view_key(key) {
                    return Some(cmds);
                }
                if keymap::action_for(key, &[keymap::LIST]) == Some(Action::Open) {
                    self.open_selected_server();
                    return Some(Vec::new());
                }
                self.objects_key(key)
            }
            Pane::ServerDetail(_) => self.detail_key(key),
            Pane::Endpoint(_) => None,
            Pane::Endpoints(_) => self.endpoints_key(key),
            Pane::Doctor(_) => match self.stack.last_mut() {
                Some(Pane::Doctor(doctor)) => doctor.key(key).then(Vec::new),
                _ => None,
            },
            Pane::IdpUsers(_) => self.idp_key(key),
            Pane::Probe(_) => self.probe_key(key),
            Pane::Buckets(_) | Pane::Objects(_) => self.objects_key(key),
            Pane::ManagedUsers(_) => self.managed_users_key(key),
            Pane::Activity(_) => self.activity_key(key),
            Pane::HostKeys(_) => self.host_keys_key(key),
            Pane::DeleteServer(_) => self.deletion_key(key),
            Pane::Create(_) => self.create_key(key),
            Pane::Provider(_) => self.provider_key(key),
            Pane::Access(_) => None,
            Pane::UserCopy(_) => self.user_copy_key(key),
            Pane::Tags(_) => self.tags_key(key),
        }
    }

    /// Actions of the pane on top, from its key tables.
    fn pane_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::DoctorServer => {
                let Some(server_id) = self.servers.selected().map(|row| row.summary.id.clone())
                else {
                    return Vec::new();
                };
                self.open_doctor(Some(server_id))
            }
            Action::DoctorAll => self.open_doctor(None),
            Action::Logs => match self.servers.selected().map(|row| row.summary.id.clone()) {
                Some(server_id) => self.open_activity(&server_id, None),
                None => Vec::new(),
            },
            Action::DeleteServer => self.begin_server_deletion(),
            Action::NewServer => self.begin_create(),
            Action::CloneServer => {
                let server_id = self.servers.selected().map(|row| row.summary.id.clone());
                self.begin_clone(server_id)
            }
            Action::Users => match self.servers.selected().map(|row| row.summary.id.clone()) {
                Some(server_id) => self.open_users(&server_id),
                None => Vec::new(),
            },
            Action::Probe => {
                if let Some(server_id) = self.servers.selected().map(|row| row.summary.id.clone()) {
                    self.open_probe(server_id);
                }
                Vec::new()
            }
            Action::Fix => {
                if matches!(self.pane(), Pane::Probe(_)) {
                    self.start_probe_fix();
                    Vec::new()
                } else {
                    self.start_fix()
                }
            }
            Action::Copy => self.copy_selected(),
            Action::Access(action) => self.access_action(action),
            Action::SwitchFocus => {
                if let Some(Pane::Probe(pane)) = self.stack.last_mut() {
                    pane.switch_focus();
                }
                Vec::new()
            }
            Action::Open if matches!(self.pane(), Pane::Doctor(_)) => self.open_finding(),
            _ => {
                self.move_cursor(action);
                Vec::new()
            }
        }
    }

    /// `f` in the Doctor pane: the console's dialog for the finding's fix.
    fn start_fix(&mut self) -> Vec<Cmd> {
        let Pane::Doctor(doctor) = self.pane() else {
            return Vec::new();
        };
        let action = doctor
            .selected()
            .and_then(|finding| finding.fix.as_ref())
            .and_then(|fix| fix.action.clone());
        match action {
            Some(crate::doctor::FixAction::ReviewOrphanSecrets) => return self.open_orphans(),
            Some(crate::doctor::FixAction::EditUserSecret { server_id, name }) => {
                return self.open_user(&server_id, &name, true);
            }
            Some(crate::doctor::FixAction::AddLambdaPermission { server_id }) => {
                return self.open_provider(&server_id);
            }
            Some(action) => self.open_detail_for_fix(&action),
            None => self.notify(
                NoticeLevel::Info,
                "no change the console can make for this one: see its advice and CLI command",
            ),
        }
        Vec::new()
    }

    /// Enter in the Doctor pane: what the selected finding is about. A
    /// server's detail, a user in its server's users pane, or the orphans.
    fn open_finding(&mut self) -> Vec<Cmd> {
        let Pane::Doctor(doctor) = self.pane() else {
            return Vec::new();
        };
        let Some(finding) = doctor.selected() else {
            return Vec::new();
        };
        let (rule, resource) = (finding.rule, finding.resource.clone());
        if rule == "orphan-secret" {
            return self.open_orphans();
        }
        let owner = crate::model::login_secret::SecretName::parse(&resource, &self.secret_prefix)
            .and_then(|parsed| parsed.server_id);
        if let Some(server_id) = owner {
            return self.open_user(&server_id, &resource, false);
        }
        if self
            .servers
            .rows
            .iter()
            .any(|row| row.summary.id == resource)
        {
            self.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
                resource,
            ))));
        } else {
            self.notify(NoticeLevel::Info, format!("nothing to open for {resource}"));
        }
        Vec::new()
    }

    fn open_doctor(&mut self, scope: Option<String>) -> Vec<Cmd> {
        let req = self.next_request();
        let mut pane = DoctorPane::new(scope, req);
        let cmd = pane.gather(req);
        self.open(Pane::Doctor(Box::new(pane)));
        vec![Cmd::Doctor(cmd)]
    }

    fn refresh(&mut self) -> Vec<Cmd> {
        if matches!(self.connection, Connection::Failed(_)) {
            // The set-up may have been fixed meanwhile (e.g. `aws sso login`).
            self.connection = Connection::Connecting;
            let mut cmds = match self.reconnecting {
                // After a switch, the switched-to settings are the ones to retry.
                Some(_) => {
                    let req = self.next_request();
                    self.reconnecting = Some(req);
                    vec![Cmd::Reconnect {
                        req,
                        settings: self.settings.clone(),
                    }]
                }
                None => vec![Cmd::Connect],
            };
            cmds.extend(self.refresh_servers());
            return cmds;
        }
        let req = self.next_request();
        match self.stack.last_mut() {
            Some(Pane::Doctor(doctor)) if !doctor.is_gathering() => {
                vec![Cmd::Doctor(doctor.gather(req))]
            }
            Some(Pane::Doctor(_)) => Vec::new(),
            Some(Pane::ServerDetail(pane)) => {
                let id = pane.server_id.clone();
                self.redescribe(&id)
            }
            Some(Pane::Endpoint(pane)) => {
                let id = pane.server_id.clone();
                self.back();
                self.open_endpoint(&id)
            }
            Some(Pane::Endpoints(_)) => self.endpoints_refresh(),
            Some(Pane::Buckets(_) | Pane::Objects(_)) => self.objects_refresh(),
            Some(Pane::Probe(pane)) => pane.rerun(req).into_iter().map(Cmd::Probe).collect(),
            Some(Pane::ManagedUsers(_)) => self.managed_users_refresh(),
            Some(Pane::Activity(_)) => self.activity_refresh(),
            Some(Pane::HostKeys(_)) => self.host_keys_relist(),
            Some(Pane::Tags(_)) => self.tags_relist(),
            Some(Pane::UserCopy(_)) => Vec::new(),
            Some(Pane::Provider(_) | Pane::Access(_)) => self.access_refresh(),
            _ => self.refresh_servers(),
        }
    }

    fn move_cursor(&mut self, action: Action) {
        let (cursor, len) = match self.stack.last_mut() {
            Some(Pane::Doctor(doctor)) => {
                doctor.move_cursor(action);
                return;
            }
            Some(Pane::ServerDetail(pane)) => {
                scroll(&mut pane.scroll, action);
                return;
            }
            Some(Pane::Endpoint(pane)) => {
                scroll(&mut pane.scroll, action);
                return;
            }
            Some(Pane::Provider(pane)) => {
                scroll(&mut pane.scroll, action);
                return;
            }
            Some(Pane::Access(pane)) => {
                scroll(&mut pane.scroll, action);
                return;
            }
            Some(Pane::Buckets(pane)) => {
                pane.move_cursor(action);
                return;
            }
            Some(Pane::Objects(pane)) => (&mut pane.cursor, pane.listing.len()),
            Some(Pane::Probe(pane)) if pane.focus == ProbeFocus::Steps => {
                let len = pane.steps.len();
                // Following the newest step until the operator moves.
                let cursor = pane
                    .steps_cursor
                    .get_or_insert_with(|| Cursor::at(len.saturating_sub(1)));
                (cursor, len)
            }
            Some(Pane::Probe(pane)) => {
                let len = pane.findings().len();
                (&mut pane.cursor, len)
            }
            Some(Pane::ManagedUsers(pane)) => {
                pane.list.act(action, &pane.rows);
                return;
            }
            Some(Pane::IdpUsers(pane)) => {
                pane.list.act(action, &pane.rows);
                return;
            }
            Some(Pane::Endpoints(pane)) => {
                pane.list.act(action, &pane.rows);
                return;
            }
            Some(Pane::Activity(pane)) => {
                pane.list.act(action, pane.log.events.events());
                return;
            }
            Some(Pane::HostKeys(pane)) => (&mut pane.cursor, pane.rows.len()),
            Some(Pane::Tags(pane)) => (&mut pane.cursor, pane.rows.len()),
            Some(Pane::UserCopy(pane)) => (&mut pane.cursor, pane.rows.len()),
            Some(Pane::DeleteServer(_) | Pane::Create(_)) => return,
            Some(Pane::Servers) | None => {
                self.servers.list.act(action, &self.servers.rows);
                return;
            }
        };
        cursor.apply(action, len);
    }
}

/// Moves a text pane's scroll offset.
fn scroll(offset: &mut u16, action: Action) {
    match action {
        Action::Up => *offset = offset.saturating_sub(1),
        Action::Down => *offset = offset.saturating_add(1).min(200),
        _ => {}
    }
}

#[cfg(test)]
mod navigation_tests;
#[cfg(test)]
mod power_tests;
#[cfg(test)]
mod probe_tests;
#[cfg(test)]
mod quitting_tests;
#[cfg(test)]
mod server_tests;
#[cfg(test)]
mod sweep_tests;
#[cfg(test)]
pub(crate) mod tests;
