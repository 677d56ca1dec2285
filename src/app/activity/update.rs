//! The Activity pane's side of `App`: opening it, its answers, its keys.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keys::{ActivityAction, DETAIL};
use super::message::{ActivityCmd, ActivityMsg, EventPage, LogRange, LogSide};
use super::window;
use super::{ActivityPane, EventColumn, EventDetail, Follow, LogRead, Reading};
use crate::app::fuzzy::FilterKey;
use crate::app::keymap::{self, Action};
use crate::app::list_view::ListView;
use crate::app::{App, Cmd, Pane, RequestId};
use crate::model::activity::{
    ActivityEvent, TimeWindow, UserFilter, lambda_log_group, server_log_group,
};
use crate::model::{AwsError, IdentityProviderType, Server};

/// How long follow mode waits between polls.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(3);
/// After a failed poll (throttling among them), the next waits longer.
pub const FOLLOW_BACKOFF: Duration = Duration::from_secs(15);
/// A poll reads again this far before the newest event held: CloudWatch
/// may index an event a little after a later one.
pub const FOLLOW_OVERLAP_MS: i64 = 10_000;

/// The server's log group (`model::activity::server_log_group`), also
/// before its DescribeServer has answered.
pub fn log_group(server_id: &str, server: Option<&Server>) -> String {
    server.map_or_else(|| format!("/aws/transfer/{server_id}"), server_log_group)
}

/// The Lambda identity provider's log group, for an AWS_LAMBDA server.
pub fn lambda_group(server: Option<&Server>) -> Option<String> {
    let server = server?;
    if server.summary.identity_provider_type != IdentityProviderType::AwsLambda {
        return None;
    }
    lambda_log_group(server.identity_provider_details.function.as_deref()?)
}

fn read(req: RequestId, side: LogSide, group: &str, range: LogRange) -> Cmd {
    Cmd::Activity(ActivityCmd::Read {
        req,
        side,
        group: group.to_string(),
        range,
        next: None,
        delay: None,
    })
}

impl App {
    /// `l` on a server (or `user`'s activity, `l` on a user), `:activity`.
    pub fn open_activity(&mut self, server_id: &str, user: Option<String>) -> Vec<Cmd> {
        let server = self.server(server_id);
        let group = log_group(server_id, server);
        let lambda = lambda_group(server);
        let window = TimeWindow::LastHour;
        let req = self.next_request();
        let mut cmds = vec![read(req, LogSide::Server, &group, window::range(&window))];
        let lambda = lambda.map(|group| {
            let req = self.next_request();
            cmds.push(read(req, LogSide::Lambda, &group, window::range(&window)));
            LogRead::new(group, req)
        });
        let mut list = ListView::default();
        list.sort = Some(EventColumn::Time);
        list.descending = true;
        self.open(Pane::Activity(Box::new(ActivityPane {
            server_id: server_id.to_string(),
            user_filter: user.as_deref().map(UserFilter::new),
            user,
            window,
            log: LogRead::new(group, req),
            lambda,
            list,
            follow: None,
            detail: None,
            window_input: None,
            window_error: None,
        })));
        cmds
    }

    /// The pane that awaits `req`, wherever it is in the stack.
    fn activity_awaiting(&mut self, req: RequestId) -> Option<&mut ActivityPane> {
        self.stack.iter_mut().rev().find_map(|pane| match pane {
            Pane::Activity(pane)
                if pane.log.reading.awaits(req)
                    || pane.lambda.as_ref().is_some_and(|l| l.reading.awaits(req))
                    || pane
                        .follow
                        .as_ref()
                        .is_some_and(|f| f.awaiting == Some(req)) =>
            {
                Some(pane.as_mut())
            }
            _ => None,
        })
    }

    pub(crate) fn on_activity_msg(&mut self, msg: ActivityMsg) -> Vec<Cmd> {
        let ActivityMsg::PageRead {
            req,
            side,
            range,
            result,
        } = msg;
        let next_req = self.next_request();
        let Some(pane) = self.activity_awaiting(req) else {
            return Vec::new(); // the pane closed, or the window changed
        };
        pane.on_page(req, next_req, side, range, result)
    }

    /// The pane's keys: the event detail, the typed window, the filter,
    /// then its own table and the list's.
    pub(crate) fn activity_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let Some(Pane::Activity(pane)) = self.stack.last_mut() else {
            return None;
        };
        if let Some(detail) = &mut pane.detail {
            match keymap::action_for(key, &[DETAIL]) {
                Some(Action::Up) => detail.scroll = detail.scroll.saturating_sub(1),
                Some(Action::Down) => detail.scroll = detail.scroll.saturating_add(1).min(500),
                _ if key.code == KeyCode::Esc || key.code == KeyCode::Enter => pane.detail = None,
                _ => return None,
            }
            return Some(Vec::new());
        }
        let now_ms = pane.now_ms();
        if let Some(input) = &mut pane.window_input {
            match key.code {
                KeyCode::Esc => {
                    pane.window_input = None;
                    pane.window_error = None;
                }
                KeyCode::Enter => match window::parse_typed(input.value(), now_ms) {
                    Ok(window) => {
                        pane.window_input = None;
                        pane.window_error = None;
                        return Some(self.change_window(window));
                    }
                    Err(err) => pane.window_error = Some(err),
                },
                _ => {
                    input.handle_event(&Event::Key(*key));
                    pane.window_error = None;
                }
            }
            return Some(Vec::new());
        }
        if pane.list.filter_key(key, pane.log.events.events()) != FilterKey::NotMine {
            return Some(Vec::new());
        }
        let action = keymap::action_for(
            key,
            &[super::keys::ACTIVITY, keymap::LIST, keymap::FILTER_SORT],
        )?;
        match action {
            Action::Activity(ActivityAction::NextWindow) => {
                let window = pane.window.next_preset();
                Some(self.change_window(window))
            }
            Action::Activity(ActivityAction::TypeWindow) => {
                pane.window_input = Some(Input::default());
                pane.window_error = None;
                Some(Vec::new())
            }
            Action::Activity(ActivityAction::Follow) => {
                let req = self.next_request();
                let Some(Pane::Activity(pane)) = self.stack.last_mut() else {
                    return None;
                };
                Some(pane.toggle_follow(req))
            }
            Action::Open => {
                pane.open_detail();
                Some(Vec::new())
            }
            other => pane
                .list
                .act(other, pane.log.events.events())
                .then(Vec::new),
        }
    }

    /// Reads the pane on top again over `window`.
    fn change_window(&mut self, window: TimeWindow) -> Vec<Cmd> {
        let (req, lambda_req) = (self.next_request(), self.next_request());
        let Some(Pane::Activity(pane)) = self.stack.last_mut() else {
            return Vec::new();
        };
        pane.window = window;
        pane.detail = None;
        pane.user_filter = pane.user.as_deref().map(UserFilter::new);
        let range = window::range(&window);
        let mut cmds = vec![read(req, LogSide::Server, &pane.log.group, range)];
        pane.log = LogRead::new(pane.log.group.clone(), req);
        if let Some(lambda) = &mut pane.lambda {
            cmds.push(read(lambda_req, LogSide::Lambda, &lambda.group, range));
            *lambda = LogRead::new(lambda.group.clone(), lambda_req);
        }
        if let Some(follow) = &mut pane.follow {
            // The new window's polls start once it is read.
            follow.awaiting = None;
            follow.next = None;
        }
        pane.list.rebuild(pane.log.events.events(), None);
        cmds
    }

    /// `r`: the window read again.
    pub(crate) fn activity_refresh(&mut self) -> Vec<Cmd> {
        match self.stack.last() {
            Some(Pane::Activity(pane)) => {
                let window = pane.window;
                self.change_window(window)
            }
            _ => Vec::new(),
        }
    }

    /// For the status bar.
    pub(crate) fn activity_loading(&self) -> Option<String> {
        let Pane::Activity(pane) = self.pane() else {
            return None;
        };
        match pane.log.reading {
            Reading::First(_) => Some(format!("reading {}", pane.log.group)),
            Reading::More(_) => Some("reading more…".into()),
            _ => None,
        }
    }
}

impl ActivityPane {
    /// The clock as of the last read (the app reads none): a typed time
    /// alone is of that day.
    fn now_ms(&self) -> i64 {
        let read_at = self.log.range.map(|(_, end)| end);
        read_at.max(self.log.events.newest_ms()).unwrap_or(0)
    }

    /// A page for this pane; the commands that read on.
    fn on_page(
        &mut self,
        req: RequestId,
        next_req: RequestId,
        side: LogSide,
        range: LogRange,
        result: Result<EventPage, AwsError>,
    ) -> Vec<Cmd> {
        if self
            .follow
            .as_ref()
            .is_some_and(|f| f.awaiting == Some(req))
        {
            return self.on_poll(next_req, result);
        }
        let log = match side {
            LogSide::Server => &mut self.log,
            LogSide::Lambda => match &mut self.lambda {
                Some(lambda) => lambda,
                None => return Vec::new(),
            },
        };
        if !log.reading.awaits(req) {
            return Vec::new();
        }
        if let LogRange::Between { start_ms, end_ms } = range {
            log.range = Some((start_ms, end_ms));
        }
        let page = match result {
            Ok(page) => page,
            Err(err) => {
                log.reading = Reading::Failed(err);
                return Vec::new();
            }
        };
        let filter = match side {
            LogSide::Server => self.user_filter.as_mut(),
            LogSide::Lambda => None,
        };
        let added = keep(log, page.events, filter);
        let more = page.next.filter(|_| !log.events.is_full());
        let mut cmds = Vec::new();
        match more {
            Some(next) => {
                log.reading = Reading::More(next_req);
                cmds.push(Cmd::Activity(ActivityCmd::Read {
                    req: next_req,
                    side,
                    group: log.group.clone(),
                    range,
                    next: Some(next),
                    delay: None,
                }));
            }
            None => log.reading = Reading::Done,
        }
        if side == LogSide::Server {
            if added {
                self.relist();
            }
            if self.log.reading == Reading::Done {
                cmds.extend(self.poll(next_req, None));
            }
        }
        cmds
    }

    fn relist(&mut self) {
        let events = self.log.events.events();
        let keep = self.list.selected_key(events);
        self.list.rebuild(events, keep.as_deref());
    }

    /// `F`: follow on (polling once the window is read) or off.
    fn toggle_follow(&mut self, req: RequestId) -> Vec<Cmd> {
        if self.follow.take().is_some() {
            return Vec::new();
        }
        self.follow = Some(Follow {
            awaiting: None,
            since_ms: 0,
            next: None,
            error: None,
        });
        if self.log.reading == Reading::Done {
            return self.poll(req, Some(Duration::ZERO));
        }
        Vec::new()
    }

    /// The next poll of follow mode, if following and none is awaited:
    /// from the newest event held (or the window's end), with an overlap.
    fn poll(&mut self, req: RequestId, delay: Option<Duration>) -> Vec<Cmd> {
        let newest = self.log.events.newest_ms();
        let window_end = self.log.range.map(|(_, end)| end);
        let Some(follow) = &mut self.follow else {
            return Vec::new();
        };
        if follow.awaiting.is_some() {
            return Vec::new();
        }
        let from = newest.max(window_end).unwrap_or(0);
        follow.since_ms = (from - FOLLOW_OVERLAP_MS).max(0);
        follow.next = None;
        follow.awaiting = Some(req);
        vec![Cmd::Activity(ActivityCmd::Read {
            req,
            side: LogSide::Server,
            group: self.log.group.clone(),
            range: LogRange::Since {
                start_ms: follow.since_ms,
            },
            next: None,
            delay: Some(delay.unwrap_or(FOLLOW_EVERY)),
        })]
    }

    fn on_poll(&mut self, next_req: RequestId, result: Result<EventPage, AwsError>) -> Vec<Cmd> {
        let Some(follow) = &mut self.follow else {
            return Vec::new();
        };
        follow.awaiting = None;
        let page = match result {
            Ok(page) => page,
            Err(err) => {
                follow.error = Some(err);
                return self.poll(next_req, Some(FOLLOW_BACKOFF));
            }
        };
        follow.error = None;
        let since_ms = follow.since_ms;
        if keep(&mut self.log, page.events, self.user_filter.as_mut()) {
            self.relist();
        }
        match page.next.filter(|_| !self.log.events.is_full()) {
            // The rest of this poll, at once.
            Some(next) => {
                if let Some(follow) = &mut self.follow {
                    follow.awaiting = Some(next_req);
                    follow.next = Some(next.clone());
                }
                vec![Cmd::Activity(ActivityCmd::Read {
                    req: next_req,
                    side: LogSide::Server,
                    group: self.log.group.clone(),
                    range: LogRange::Since { start_ms: since_ms },
                    next: Some(next),
                    delay: None,
                })]
            }
            None => self.poll(next_req, None),
        }
    }

    /// Enter: the selected event's fields and its session's events.
    fn open_detail(&mut self) {
        let Some(at) = self.list.selected_index() else {
            return;
        };
        let events = self.log.events.events();
        let session = events
            .get(at)
            .and_then(|event| event.session_id.as_deref())
            .map(|session| self.log.events.session(session))
            .unwrap_or_default();
        self.detail = Some(EventDetail {
            event: at,
            session,
            scroll: 0,
        });
    }
}

/// Adds a page's events to `log`; a user's pane keeps only that user's
/// (`UserFilter`: the events naming them and their sessions' others).
/// Whether any was new.
fn keep(
    log: &mut LogRead,
    events: Vec<ActivityEvent>,
    mut filter: Option<&mut UserFilter>,
) -> bool {
    let mut added = false;
    for event in events {
        if filter.as_mut().is_none_or(|filter| filter.admit(&event)) {
            added |= log.events.insert(event);
        }
    }
    added
}
