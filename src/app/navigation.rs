//! Getting around: the `:` command line, the servers list's filter and
//! order, switching region or profile, copying an id, and the automatic
//! refresh of the visible pane.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::command_line::{self, Command, CommandLine};
use super::fuzzy::FilterKey;
use super::keymap::Action;
use super::{App, Cmd, Connection, NoticeLevel, Pane, ServerColumn, ServersPane};
use crate::model::{AwsError, AwsSettings};

/// The longest the automatic refresh waits after AWS throttled it.
const MAX_REFRESH_INTERVAL: Duration = Duration::from_secs(300);

/// `--refresh`: how often the visible pane is read again, and how far it
/// has backed off after throttling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutoRefresh {
    /// `None`: off.
    pub every: Option<Duration>,
    /// The interval doubles this many times; a successful answer resets it.
    pub backoff: u32,
}

impl AutoRefresh {
    pub fn every(seconds: u64) -> Self {
        Self {
            every: (seconds > 0).then(|| Duration::from_secs(seconds)),
            backoff: 0,
        }
    }

    /// How long until the next refresh; `None` when off.
    pub fn interval(&self) -> Option<Duration> {
        let every = self.every?;
        let factor = 1u32 << self.backoff.min(16);
        Some(
            every
                .saturating_mul(factor)
                .min(MAX_REFRESH_INTERVAL.max(every)),
        )
    }

    /// Doubles the interval after a throttled answer, resets it after a
    /// successful one (`None`: no error).
    pub fn observe(&mut self, error: Option<&AwsError>) {
        match error {
            Some(AwsError::Throttled { .. }) => {
                if self.interval() < Some(MAX_REFRESH_INTERVAL) {
                    self.backoff += 1;
                }
            }
            None => self.backoff = 0,
            Some(_) => {}
        }
    }
}

impl App {
    pub(super) fn open_command_line(&mut self) {
        self.command_line = Some(CommandLine::new(&self.profiles));
    }

    /// Keys while the command line is open: it takes every key.
    pub(super) fn command_line_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let parsed = self
            .command_line
            .as_ref()
            .map(|line| command_line::parse(line.input.value()))?;
        // A profile that would not be used is refused where it was typed.
        let parsed = match parsed {
            Ok(Command::Profile(profile)) => match self.profile_refusal(&profile) {
                Some(refusal) => Err(refusal),
                None => Ok(Command::Profile(profile)),
            },
            Ok(Command::Profiles(profiles)) => {
                match profiles.iter().find_map(|p| self.profile_refusal(p)) {
                    Some(refusal) => Err(refusal),
                    None => Ok(Command::Profiles(profiles)),
                }
            }
            other => other,
        };
        let line = self.command_line.as_mut()?;
        match key.code {
            KeyCode::Esc => self.command_line = None,
            KeyCode::Tab => line.complete(&self.profiles),
            KeyCode::Enter => match parsed {
                Ok(command) => {
                    self.command_line = None;
                    return Some(self.run_command(command));
                }
                // The line stays as typed, with the reason; nothing runs.
                Err(error) => line.error = Some(error),
            },
            _ => {
                line.input.handle_event(&Event::Key(*key));
                line.error = None;
                line.update_candidates(&self.profiles);
            }
        }
        Some(Vec::new())
    }

    /// Why `:profile NAME` would not do what it says: an unknown name, or
    /// credentials in the environment, which the SDK takes before any
    /// profile's.
    fn profile_refusal(&self, profile: &str) -> Option<String> {
        if self.env_credentials {
            return Some(
                "AWS_ACCESS_KEY_ID is set: its credentials are used whatever the profile \
                 (unset it and start again to use profiles)"
                    .to_string(),
            );
        }
        command_line::unknown_profile(profile, &self.profiles, &self.profiles_file)
    }

    /// A `:view` replaces the panes above the servers list, as in k9s,
    /// rather than stacking on whatever is open: Esc then always leads
    /// back to the servers.
    pub fn run_command(&mut self, command: Command) -> Vec<Cmd> {
        let view_of_server = matches!(command, Command::Users | Command::Activity);
        let server_id = self.current_server_id();
        let is_view = view_of_server
            || matches!(
                command,
                Command::Servers
                    | Command::Endpoints
                    | Command::Secrets
                    | Command::Objects
                    | Command::Doctor
            );
        if is_view {
            if view_of_server && server_id.is_none() {
                let what = if command == Command::Users {
                    "users"
                } else {
                    "activity"
                };
                return self.need_server(what);
            }
            if self.refuse_to_close_busy_panes() {
                return Vec::new();
            }
            self.stack.truncate(1);
        }
        match command {
            Command::Servers => Vec::new(),
            Command::Endpoints => self.open_endpoints(),
            Command::Users => server_id.map_or_else(Vec::new, |id| self.open_users(&id)),
            Command::Activity => {
                server_id.map_or_else(Vec::new, |id| self.open_activity(&id, None))
            }
            Command::Secrets => self.open_secrets(false),
            Command::New => self.begin_create(),
            Command::Objects => self.open_buckets(),
            Command::Doctor => self.open_doctor(None),
            Command::Messages => {
                self.messages.show();
                Vec::new()
            }
            Command::Region(region) => {
                let settings = AwsSettings {
                    region: Some(region),
                    ..self.settings.clone()
                };
                self.switch_session(settings)
            }
            Command::Regions(regions) => {
                let plan = self.sweep_of_regions(regions);
                self.begin_sweep(plan)
            }
            Command::Profiles(profiles) => {
                let plan = self.sweep_of_profiles(profiles);
                self.begin_sweep(plan)
            }
            Command::Profile(profile) => {
                let settings = AwsSettings {
                    profile: Some(profile),
                    ..self.settings.clone()
                };
                self.switch_session(settings)
            }
            Command::Quit => {
                self.request_quit();
                Vec::new()
            }
            Command::CopyUsers(target) => self.copy_users_to(&target),
        }
    }

    /// A pane waiting on a change or a download keeps its place: closing
    /// it would hide how the change ended. Says which and returns true.
    fn refuse_to_close_busy_panes(&mut self) -> bool {
        let busy = self.stack.iter().find_map(|pane| match pane {
            Pane::Objects(objects) if objects.download.is_some() => {
                Some("a download is running (c cancels it)")
            }
            Pane::Objects(objects) if objects.deleting.is_some() => {
                Some("an object is being deleted")
            }
            Pane::ServerDetail(detail) if detail.pending.is_some() => {
                Some("a server change is under way")
            }
            Pane::ManagedUsers(users) if users.pending.is_some() => {
                Some("a user change is under way")
            }
            Pane::DeleteServer(deletion) if deletion.pending.is_some() => {
                Some("a server is being deleted")
            }
            Pane::HostKeys(keys) if keys.pending.is_some() => {
                Some("a host key change is under way")
            }
            Pane::Tags(tags) if tags.pending.is_some() => Some("a tag change is under way"),
            Pane::UserCopy(copy) if copy.stage == super::user_copy::Stage::Copying => {
                Some("users are being copied")
            }
            _ => None,
        });
        if let Some(why) = busy {
            self.notify(
                NoticeLevel::Warning,
                format!("{why}: try again when it has finished"),
            );
        }
        busy.is_some()
    }

    pub(super) fn need_server(&mut self, what: &str) -> Vec<Cmd> {
        self.notify(
            NoticeLevel::Warning,
            format!("{what}: select a server first (:servers)"),
        );
        Vec::new()
    }

    /// The server the operator is looking at: the open detail's, else the
    /// selected row's.
    pub(super) fn current_server_id(&self) -> Option<String> {
        self.stack
            .iter()
            .rev()
            .find_map(|pane| match pane {
                Pane::ServerDetail(detail) => Some(detail.server_id.clone()),
                Pane::Endpoint(endpoint) => Some(endpoint.server_id.clone()),
                Pane::Activity(activity) => Some(activity.server_id.clone()),
                Pane::ManagedUsers(users) => Some(users.server_id.clone()),
                Pane::IdpUsers(users) => users.server_id().map(str::to_string),
                _ => None,
            })
            .or_else(|| self.servers.selected().map(|row| row.summary.id.clone()))
    }

    /// Talks to another region or profile: the panes of the old one close,
    /// its answers still on their way are dropped by request id, and the
    /// servers list and the account id come from the new session.
    pub fn switch_session(&mut self, settings: AwsSettings) -> Vec<Cmd> {
        if self.refuse_session_switch() {
            return Vec::new();
        }
        // The order chosen stays; the filter and the rows were the old region's.
        let (sort, descending) = (self.servers.list.sort, self.servers.list.descending);
        self.servers = ServersPane::default();
        (self.servers.list.sort, self.servers.list.descending) = (sort, descending);
        self.stack.truncate(1);
        self.settings = settings.clone();
        self.connection = Connection::Connecting;
        let req = self.next_request();
        self.reconnecting = Some(req);
        let mut cmds = vec![Cmd::Reconnect { req, settings }];
        cmds.extend(self.refresh_servers());
        cmds
    }

    /// Whether a session switch must wait (says why): a busy pane, a
    /// stop, start or restart, or a write AWS has not answered.
    pub(super) fn refuse_session_switch(&mut self) -> bool {
        if self.refuse_to_close_busy_panes() {
            return true;
        }
        if let Some(flow) = self.power.flows.first() {
            let text = format!(
                "{} of {} is under way: switch when it has finished",
                flow.plan.verb(),
                flow.server_id
            );
            self.notify(NoticeLevel::Warning, text);
            return true;
        }
        // Its answer would be audited under the new region or profile.
        if let Some(write) = self.writes_in_flight().first() {
            let text = format!(
                "{} of {} is being written: switch when AWS has answered",
                write.audit.field, write.audit.server
            );
            self.notify(NoticeLevel::Warning, text);
            return true;
        }
        false
    }

    /// Keys of the servers list's filter, order and moves; `None` for the rest.
    pub(super) fn servers_view_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = &mut self.servers;
        if pane.list.filter_key(key, &pane.rows) != FilterKey::NotMine {
            return Some(Vec::new());
        }
        let action = super::keymap::action_for(key, &[super::keymap::FILTER_SORT])?;
        let acted = pane.list.act(action, &pane.rows);
        // REGION and ACCOUNT are a sweep's columns: without one, `s` passes them.
        while pane.sweep.is_none()
            && action == Action::Sort
            && matches!(
                pane.list.sort,
                Some(ServerColumn::Region | ServerColumn::Account)
            )
        {
            pane.list.act(action, &pane.rows);
        }
        acted.then(Vec::new)
    }

    /// `--refresh`: reads the visible pane again, unless the operator is
    /// typing or the pane has no cheap refresh.
    pub(super) fn auto_refresh(&mut self) -> Vec<Cmd> {
        if self.command_line.is_some() || self.show_help {
            return Vec::new();
        }
        match self.pane() {
            Pane::Servers if !self.servers.list.filter.is_typing() => {
                if matches!(self.connection, Connection::Failed(_)) {
                    self.refresh() // reconnects, and lists everything
                } else {
                    self.list_servers(false)
                }
            }
            Pane::ServerDetail(detail) if detail.dialog.is_none() => {
                let id = detail.server_id.clone();
                self.describe_again_in_place(&id)
            }
            // The users panes keep what they read of unchanged users.
            Pane::ManagedUsers(pane) if pane.is_idle() => self.managed_users_relist(false),
            Pane::IdpUsers(pane) if pane.is_idle() => self.idp_relist(true),
            // The findings stay on screen while the check runs again.
            Pane::Doctor(doctor) if !doctor.is_gathering() && !doctor.list.filter.is_typing() => {
                self.refresh()
            }
            // A prefix that fits one page is listed again in place: "has it
            // arrived yet?" answers itself.
            Pane::Objects(_) => self.objects_auto_refresh(),
            // A probe connects to the server, and the endpoint view redraws
            // from scratch: those refresh on `r` only.
            _ => Vec::new(),
        }
    }

    /// DescribeServer again, the previous answer staying on screen until
    /// the new one arrives (so the detail does not flicker every interval).
    fn describe_again_in_place(&mut self, server_id: &str) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(row) = self
            .servers
            .rows
            .iter_mut()
            .find(|row| row.summary.id == server_id)
        else {
            return Vec::new();
        };
        if row.describing.is_some() {
            return Vec::new(); // one at a time
        }
        row.describing = Some(req);
        vec![Cmd::DescribeServer {
            req,
            server_id: server_id.to_string(),
        }]
    }
}
