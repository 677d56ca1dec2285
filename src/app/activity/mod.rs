//! The Activity pane: what happened on a server, from its CloudWatch Logs
//! group (and, for a Lambda identity provider, from the function's group),
//! over a time window. The first page is shown as soon as it arrives; the
//! rest of the window is read in the background, and follow mode (`F`)
//! polls for new events.

pub mod keys;
mod message;
mod store;
mod update;
pub mod window;

use std::borrow::Cow;
use std::cmp::Ordering;

pub use message::{ActivityCmd, ActivityMsg, EventPage, LogRange, LogSide};
pub use store::{EventStore, MAX_EVENTS, StoredEvent, Tally};

use super::RequestId;
use super::list_view::{Column, ListRow, ListView};
use crate::model::AwsError;
use crate::model::activity::{
    ActivityEvent, ActivityKind, IdpTrouble, TimeWindow, nearest_idp_events,
};

/// How far from a failed login the Lambda's lines may be and still be shown.
const NEAR_MS: i64 = 5 * 60_000;
/// How many of them are shown.
const NEAREST: usize = 5;

/// The columns `s` steps through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventColumn {
    Time,
    Kind,
    User,
    SourceIp,
}

impl Column for EventColumn {
    const FIRST: Self = Self::Time;

    fn next(self) -> Self {
        match self {
            Self::Time => Self::Kind,
            Self::Kind => Self::User,
            Self::User => Self::SourceIp,
            Self::SourceIp => Self::Time,
        }
    }
}

impl ListRow for StoredEvent {
    type Column = EventColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.event_id())
    }

    fn filter_texts(&self) -> Vec<&str> {
        if self.kind.is_none() {
            return vec![self.raw()];
        }
        let mut texts = vec![self.kind.as_ref().map_or("", |kind| kind.as_str())];
        texts.extend(
            [&self.user, &self.source_ip, &self.session_id]
                .into_iter()
                .filter_map(|field| field.as_deref()),
        );
        texts.extend(self.message());
        texts.extend(self.path());
        texts
    }

    fn compare(&self, other: &Self, by: EventColumn) -> Ordering {
        match by {
            EventColumn::Time => Ordering::Equal,
            EventColumn::Kind => self.kind.cmp(&other.kind),
            EventColumn::User => self.user.cmp(&other.user),
            EventColumn::SourceIp => self.source_ip.cmp(&other.source_ip),
        }
        .then_with(|| self.timestamp_ms.cmp(&other.timestamp_ms))
    }
}

/// Where the reading of one log stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The window's first page is awaited.
    First(RequestId),
    /// A further page of the window is awaited.
    More(RequestId),
    /// The window is read (or the store is full).
    Done,
    Failed(AwsError),
}

impl Reading {
    fn awaits(&self, req: RequestId) -> bool {
        matches!(self, Self::First(r) | Self::More(r) if *r == req)
    }
}

/// One log group read over the window.
#[derive(Debug)]
pub struct LogRead {
    pub group: String,
    pub events: EventStore,
    pub reading: Reading,
    /// The window's ends as read (a preset resolved against the clock).
    pub range: Option<(i64, i64)>,
}

impl LogRead {
    fn new(group: String, req: RequestId) -> Self {
        Self {
            group,
            events: EventStore::default(),
            reading: Reading::First(req),
            range: None,
        }
    }
}

/// Follow mode: the poll awaited, and where the reads start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    pub awaiting: Option<RequestId>,
    /// The poll being paged through: its start and next token.
    pub since_ms: i64,
    pub next: Option<String>,
    /// Why the last poll failed; polls go on, less often.
    pub error: Option<AwsError>,
}

/// Enter on an event: its fields, and the session's other events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDetail {
    /// Index into the store.
    pub event: usize,
    /// The session's events (indexes into the store), oldest first.
    pub session: Vec<usize>,
    pub scroll: u16,
}

#[derive(Debug)]
pub struct ActivityPane {
    pub server_id: String,
    /// Only this user's events are kept (`l` on a user).
    pub user: Option<String>,
    /// Which events are the user's: learns their sessions as they start.
    pub user_filter: Option<crate::model::activity::UserFilter>,
    pub window: TimeWindow,
    pub log: LogRead,
    /// The Lambda identity provider's log, for AWS_LAMBDA servers.
    pub lambda: Option<LogRead>,
    pub list: ListView<EventColumn>,
    pub follow: Option<Follow>,
    pub detail: Option<EventDetail>,
    /// `W`: a start and end being typed.
    pub window_input: Option<tui_input::Input>,
    pub window_error: Option<String>,
}

impl ActivityPane {
    pub fn events(&self) -> &[StoredEvent] {
        self.log.events.events()
    }

    pub fn selected(&self) -> Option<&StoredEvent> {
        self.list.selected(self.events())
    }

    /// Whether more of the window is being read.
    pub fn reading_more(&self) -> bool {
        !matches!(self.log.reading, Reading::Done | Reading::Failed(_))
    }

    pub fn is_following(&self) -> bool {
        self.follow.is_some()
    }

    /// The Lambda's events nearest the selected event (`nearest_idp_events`:
    /// those naming the user first, then by time), errors and time-outs
    /// first, then oldest first, when it
    /// is a failed login and the server's identity provider is a Lambda.
    pub fn nearest_lambda(&self) -> Option<Vec<ActivityEvent>> {
        let lambda = self.lambda.as_ref()?;
        let selected = self.selected()?;
        if selected.kind != Some(ActivityKind::AuthFailure) {
            return None;
        }
        let failure = selected.event();
        // Only the lines in reach are read again in full.
        let near: Vec<ActivityEvent> = lambda
            .events
            .events()
            .iter()
            .filter(|event| event.timestamp_ms.abs_diff(failure.timestamp_ms) <= NEAR_MS as u64)
            .map(StoredEvent::event)
            .collect();
        let mut chosen: Vec<ActivityEvent> = nearest_idp_events(&failure, &near, NEAR_MS)
            .into_iter()
            .take(NEAREST)
            .map(|found| found.event.clone())
            .collect();
        // What went wrong first (it says why), then the rest in time order.
        chosen.sort_by_key(|event| (IdpTrouble::of(event).is_none(), event.timestamp_ms));
        Some(chosen)
    }
}

#[cfg(test)]
pub(crate) mod tests;
