//! The events of a window, kept once each (follow mode's overlapping reads
//! bring duplicates), with the failure counts kept as events arrive so
//! that drawing never walks the whole window.
//!
//! An event is kept compact: its id, stream and raw text in one
//! allocation, the path and message as places in that text, and the user,
//! source IP and session shared between the events that name them (a
//! window of 100,000 events names a few hundred). The full event is read
//! again from the raw text when it is opened.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::model::activity::{ActivityEvent, ActivityKind, LogFormat, RawLogEvent};

/// Where a field's text is in [`StoredEvent`]'s one allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

/// One event of a window, compact (see the module's comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub timestamp_ms: i64,
    /// The event id, the stream, the raw message, then the path and the
    /// message when the raw text does not hold them as they are.
    text: Box<str>,
    id_end: u32,
    stream_end: u32,
    raw_end: u32,
    pub format: LogFormat,
    pub kind: Option<ActivityKind>,
    pub user: Option<Arc<str>>,
    pub source_ip: Option<Arc<str>>,
    pub session_id: Option<Arc<str>>,
    path: Option<Span>,
    message: Option<Span>,
    pub bytes_in: Option<u64>,
    pub bytes_out: Option<u64>,
}

impl StoredEvent {
    pub fn event_id(&self) -> &str {
        self.text.get(..self.id_end as usize).unwrap_or_default()
    }

    pub fn stream(&self) -> &str {
        self.text
            .get(self.id_end as usize..self.stream_end as usize)
            .unwrap_or_default()
    }

    /// The message exactly as logged.
    pub fn raw(&self) -> &str {
        self.text
            .get(self.stream_end as usize..self.raw_end as usize)
            .unwrap_or_default()
    }

    pub fn path(&self) -> Option<&str> {
        self.span(self.path)
    }

    pub fn message(&self) -> Option<&str> {
        self.span(self.message)
    }

    fn span(&self, span: Option<Span>) -> Option<&str> {
        let Span { start, len } = span?;
        self.text.get(start as usize..(start + len) as usize)
    }

    /// The whole event, read again from its raw text (for its detail).
    pub fn event(&self) -> ActivityEvent {
        ActivityEvent::parse(&RawLogEvent {
            event_id: self.event_id().to_string(),
            stream: self.stream().to_string(),
            timestamp_ms: self.timestamp_ms,
            message: self.raw().to_string(),
        })
    }
}

/// One shared copy of each user name, IP and session id.
#[derive(Debug, Default)]
struct Names(HashSet<Arc<str>>);

impl Names {
    fn share(&mut self, name: Option<Box<str>>) -> Option<Arc<str>> {
        let name = name?;
        if let Some(shared) = self.0.get(&*name) {
            return Some(shared.clone());
        }
        let shared: Arc<str> = name.into();
        self.0.insert(shared.clone());
        Some(shared)
    }
}

fn compact(event: ActivityEvent, names: &mut Names) -> StoredEvent {
    let mut text =
        String::with_capacity(event.event_id.len() + event.stream.len() + event.raw.len());
    text.push_str(&event.event_id);
    let id_end = text.len() as u32;
    text.push_str(&event.stream);
    let stream_end = text.len() as u32;
    text.push_str(&event.raw);
    let raw_end = text.len() as u32;
    let mut place = |value: Option<&str>| -> Option<Span> {
        let value = value?;
        let len = value.len() as u32;
        // Most values are in the raw text as written; a value that was
        // quoted with escapes is kept after it.
        let raw = &text[stream_end as usize..raw_end as usize];
        let start = match raw.find(value) {
            Some(at) => stream_end + at as u32,
            None => {
                let at = text.len() as u32;
                text.push_str(value);
                at
            }
        };
        Some(Span { start, len })
    };
    let path = place(event.path.as_deref());
    let message = place(event.message.as_deref());
    StoredEvent {
        timestamp_ms: event.timestamp_ms,
        text: text.into_boxed_str(),
        id_end,
        stream_end,
        raw_end,
        format: event.format,
        kind: event.kind,
        user: names.share(event.user),
        source_ip: names.share(event.source_ip),
        session_id: names.share(event.session_id),
        path,
        message,
        bytes_in: event.bytes_in,
        bytes_out: event.bytes_out,
    }
}

/// At most this many events are kept for one window; past it the pane says
/// the window holds more and a narrower one shows them.
pub const MAX_EVENTS: usize = 100_000;

#[derive(Debug, Default)]
pub struct EventStore {
    /// In arrival order: the list view orders them.
    events: Vec<StoredEvent>,
    names: Names,
    /// A hash of each event id to the event's index; a hash hit is checked
    /// against the id itself, so a collision never drops an event.
    ids: HashMap<u64, u32>,
    failures_by_user: HashMap<Box<str>, u32>,
    failures_by_ip: HashMap<Box<str>, u32>,
    failures: usize,
    newest_ms: Option<i64>,
    oldest_ms: Option<i64>,
    /// Events left out because the store was full.
    pub left_out: usize,
}

/// A name and how many failures it has.
pub type Tally<'a> = (&'a str, u32);

impl EventStore {
    pub fn events(&self) -> &[StoredEvent] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.events.len() >= MAX_EVENTS
    }

    pub fn failures(&self) -> usize {
        self.failures
    }

    /// The newest timestamp held, where a follow poll starts from.
    pub fn newest_ms(&self) -> Option<i64> {
        self.newest_ms
    }

    /// Keeps `event` unless it is already held; whether it was new.
    pub fn insert(&mut self, event: ActivityEvent) -> bool {
        let hash = id_hash(&event.event_id);
        let held = self
            .ids
            .get(&hash)
            .and_then(|&at| self.events.get(at as usize));
        if held.is_some_and(|held| held.event_id() == &*event.event_id) {
            return false;
        }
        if self.is_full() {
            self.left_out += 1;
            return false;
        }
        if self.events.capacity() == 0 {
            // Room for a full window at once: growing by doubling would
            // hold the old and the new copy together at the peak. Untouched
            // room costs address space, not memory.
            self.events.reserve_exact(MAX_EVENTS);
        }
        let at = self.events.len() as u32;
        self.ids.entry(hash).or_insert(at);
        if event.kind.as_ref().is_some_and(|kind| kind.is_failure()) {
            self.failures += 1;
            let user = event.user.as_deref().unwrap_or("(no user)");
            *self.failures_by_user.entry(user.into()).or_default() += 1;
            let ip = event.source_ip.as_deref().unwrap_or("(no IP)");
            *self.failures_by_ip.entry(ip.into()).or_default() += 1;
        }
        self.newest_ms = self.newest_ms.max(Some(event.timestamp_ms));
        self.oldest_ms = Some(
            self.oldest_ms
                .map_or(event.timestamp_ms, |oldest| oldest.min(event.timestamp_ms)),
        );
        let event = compact(event, &mut self.names);
        self.events.push(event);
        true
    }

    /// The users with most failures, most first (then by name).
    pub fn top_users(&self, n: usize) -> Vec<Tally<'_>> {
        top(&self.failures_by_user, n)
    }

    /// The source IPs with most failures, most first.
    pub fn top_ips(&self, n: usize) -> Vec<Tally<'_>> {
        top(&self.failures_by_ip, n)
    }

    /// The oldest and newest timestamps held.
    pub fn span(&self) -> Option<(i64, i64)> {
        Some((self.oldest_ms?, self.newest_ms?))
    }

    /// The indexes of the events of `session`, oldest first.
    pub fn session(&self, session: &str) -> Vec<usize> {
        let mut found: Vec<usize> = (0..self.events.len())
            .filter(|&i| self.events[i].session_id.as_deref() == Some(session))
            .collect();
        found.sort_by_key(|&i| self.events[i].timestamp_ms);
        found
    }
}

fn top(counts: &HashMap<Box<str>, u32>, n: usize) -> Vec<Tally<'_>> {
    let mut all: Vec<Tally<'_>> = counts.iter().map(|(k, v)| (&**k, *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    all.truncate(n);
    all
}

fn id_hash(id: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}
