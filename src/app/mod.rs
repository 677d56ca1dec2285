//! The console's state and its one transition function, `App::update`.
//!
//! `update` is synchronous and does no I/O: it takes a `Msg`, changes the
//! state and returns the `Cmd`s for the AWS worker. Everything the console
//! does can be tested by feeding it messages.

mod confirm;
mod cursor;
mod form;
pub mod keymap;
mod message;
pub mod objects;
mod servers;

pub use confirm::{Confirm, ConfirmEvent, TypedConfirmation};
pub use cursor::Cursor;
pub use form::{Field, Form, FormEvent};
pub use message::{Cmd, Identity, Msg, RequestId};
pub use servers::{Detail, Listing, ServerRow, ServersPane};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::aws::{AwsError, AwsSettings};
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
    /// S3 buckets (ListBuckets).
    Buckets(objects::BucketsPane),
    /// One S3 prefix of the object browser.
    Objects(Box<objects::ObjectsPane>),
}

impl Pane {
    /// The pane's name in the breadcrumbs.
    pub fn title(&self) -> String {
        match self {
            Self::Servers => "Servers".to_string(),
            Self::Buckets(_) => "Buckets".to_string(),
            Self::Objects(pane) => pane.title(),
        }
    }

    /// The pane's own keys, for handling and for the help.
    pub fn keys(&self) -> &'static [keymap::Binding] {
        match self {
            Self::Servers => objects::keys::SERVERS,
            Self::Buckets(_) => objects::keys::BUCKETS,
            Self::Objects(_) => objects::keys::OBJECTS,
        }
    }
}

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
    pub connection: Connection,
    pub servers: ServersPane,
    /// Panes on screen, bottom first; never empty.
    pub stack: Vec<Pane>,
    pub show_help: bool,
    pub should_quit: bool,
    pub notice: Option<Notice>,
    /// Advances with each tick while something is loading.
    pub spinner: usize,
    next_request: u64,
}

impl App {
    pub fn new(settings: AwsSettings, read_only: bool) -> Self {
        Self {
            settings,
            read_only,
            connection: Connection::Connecting,
            servers: ServersPane::default(),
            stack: vec![Pane::Servers],
            show_help: false,
            should_quit: false,
            notice: None,
            spinner: 0,
            next_request: 0,
        }
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
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Resize => Vec::new(),
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::Connected { result } => {
                self.connection = match result {
                    Ok(identity) => Connection::Connected(identity),
                    Err(err) => Connection::Failed(err),
                };
                Vec::new()
            }
            Msg::ServersListed { req, result } => {
                let mut next = self.next_request;
                let describes = self.servers.on_listed(req, result, || {
                    next += 1;
                    RequestId(next)
                });
                self.next_request = next;
                describes
                    .into_iter()
                    .map(|(req, server_id)| Cmd::DescribeServer { req, server_id })
                    .collect()
            }
            Msg::ServerDescribed {
                req,
                server_id,
                result,
            } => {
                self.servers.on_described(req, &server_id, result);
                Vec::new()
            }
            Msg::Objects(msg) => self.on_objects_msg(msg),
        }
    }

    /// What is waiting on AWS, for the status bar; `None` when idle.
    pub fn loading(&self) -> Option<String> {
        if let Some(objects) = self.objects_loading() {
            return Some(objects);
        }
        if self.servers.is_listing() {
            return Some("listing servers".to_string());
        }
        match self.servers.describing() {
            0 => None,
            n => Some(format!(
                "describing {n} server{}",
                if n == 1 { "" } else { "s" }
            )),
        }
    }

    /// Whether anything on screen changes with time (and needs ticks).
    pub fn animating(&self) -> bool {
        self.loading().is_some()
    }

    /// A problem that stops every call until the operator fixes the set-up
    /// (no region, no credentials, an endpoint that does not answer).
    pub fn blocking_problem(&self) -> Option<&AwsError> {
        let from_connection = match &self.connection {
            Connection::Failed(err) => Some(err),
            _ => None,
        };
        let from_listing = match &self.servers.listing {
            Listing::Failed(err) if self.servers.rows.is_empty() => Some(err),
            _ => None,
        };
        from_connection
            .into_iter()
            .chain(from_listing)
            .find(|err| err.is_setup_problem() || matches!(err, AwsError::Network { .. }))
    }

    fn next_request(&mut self) -> RequestId {
        self.next_request += 1;
        RequestId(self.next_request)
    }

    fn refresh_servers(&mut self) -> Vec<Cmd> {
        if self.servers.is_listing() {
            return Vec::new(); // one listing at a time: a second `r` coalesces
        }
        let req = self.next_request();
        self.servers.start_listing(req);
        vec![Cmd::ListServers { req }]
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
        self.notice = Some(Notice {
            level,
            text: text.into(),
        });
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
        let action = keymap::action_for(&key, &[keymap::GLOBAL]);
        if action == Some(Action::Quit) && key.code != crossterm::event::KeyCode::Char('q') {
            self.should_quit = true; // Ctrl-C works even inside a form
            return Vec::new();
        }
        if self.show_help {
            // Any key closes the help, as pagers do; only q still quits.
            self.show_help = false;
            self.should_quit = action == Some(Action::Quit);
            return Vec::new();
        }
        // The pane goes first: a form open in it takes every key (typing
        // `q` in a field must not quit).
        if let Some(cmds) = self.pane_key(&key) {
            return cmds;
        }
        match action {
            Some(Action::Quit) => self.should_quit = true,
            Some(Action::Help) => self.show_help = true,
            Some(Action::Back) => self.back(),
            Some(Action::Refresh) => return self.refresh(),
            _ => {
                if let Some(action) = keymap::action_for(&key, &[self.pane().keys()]) {
                    self.move_cursor(action);
                }
            }
        }
        Vec::new()
    }

    /// Keys the pane on top handles itself; `None` leaves the key to the
    /// global bindings.
    fn pane_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        match self.pane() {
            Pane::Servers | Pane::Buckets(_) | Pane::Objects(_) => self.objects_key(key),
        }
    }

    fn refresh(&mut self) -> Vec<Cmd> {
        if matches!(self.connection, Connection::Failed(_)) {
            // The set-up may have been fixed meanwhile (e.g. `aws sso login`).
            self.connection = Connection::Connecting;
            let mut cmds = vec![Cmd::Connect];
            cmds.extend(self.refresh_servers());
            return cmds;
        }
        match self.pane() {
            Pane::Servers => self.refresh_servers(),
            Pane::Buckets(_) | Pane::Objects(_) => self.objects_refresh(),
        }
    }

    fn move_cursor(&mut self, action: Action) {
        let (cursor, len) = match self.stack.last_mut() {
            Some(Pane::Buckets(pane)) => (&mut pane.cursor, pane.buckets.len()),
            Some(Pane::Objects(pane)) => (&mut pane.cursor, pane.listing.len()),
            Some(Pane::Servers) | None => (&mut self.servers.cursor, self.servers.rows.len()),
        };
        match action {
            Action::Up => cursor.up(1),
            Action::Down => cursor.down(1, len),
            Action::PageUp => cursor.page_up(),
            Action::PageDown => cursor.page_down(len),
            Action::Top => cursor.top(),
            Action::Bottom => cursor.bottom(len),
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
