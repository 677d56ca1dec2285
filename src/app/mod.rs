//! The console's state and its one transition function, `App::update`.
//!
//! `update` is synchronous and does no I/O: it takes a `Msg`, changes the
//! state and returns the `Cmd`s for the AWS worker. Everything the console
//! does can be tested by feeding it messages.

mod cursor;
pub mod keymap;
mod message;
mod servers;

pub use cursor::Cursor;
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

#[derive(Debug)]
pub struct App {
    pub settings: AwsSettings,
    pub read_only: bool,
    pub connection: Connection,
    pub servers: ServersPane,
    pub show_help: bool,
    pub should_quit: bool,
    /// A one-line notice for the status bar (e.g. a theme that failed to load).
    pub notice: Option<String>,
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
        }
    }

    /// What is waiting on AWS, for the status bar; `None` when idle.
    pub fn loading(&self) -> Option<String> {
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

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let Some(action) = keymap::action_for(&key, &[keymap::GLOBAL, keymap::LIST]) else {
            return Vec::new();
        };
        if self.show_help && !matches!(action, Action::Quit | Action::Help) {
            // Any other key just closes the help, as pagers do.
            self.show_help = false;
            return Vec::new();
        }
        let len = self.servers.rows.len();
        let cursor = &mut self.servers.cursor;
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.show_help = !self.show_help,
            Action::Back => {}
            Action::Refresh => {
                if matches!(self.connection, Connection::Failed(_)) {
                    // The set-up may have been fixed (e.g. `aws sso login`).
                    self.connection = Connection::Connecting;
                    let mut cmds = vec![Cmd::Connect];
                    cmds.extend(self.refresh_servers());
                    return cmds;
                }
                return self.refresh_servers();
            }
            Action::Up => cursor.up(1),
            Action::Down => cursor.down(1, len),
            Action::PageUp => cursor.page_up(),
            Action::PageDown => cursor.page_down(len),
            Action::Top => cursor.top(),
            Action::Bottom => cursor.bottom(len),
        }
        Vec::new()
    }
}

#[cfg(test)]
pub(crate) mod tests;
