//! The events of a window, kept once each (follow mode's overlapping reads
//! bring duplicates), with the failure counts kept as events arrive so
//! that drawing never walks the whole window.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::model::activity::ActivityEvent;

/// At most this many events are kept for one window; past it the pane says
/// the window holds more and a narrower one shows them.
pub const MAX_EVENTS: usize = 100_000;

#[derive(Debug, Default)]
pub struct EventStore {
    /// In arrival order: the list view orders them.
    events: Vec<ActivityEvent>,
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
    pub fn events(&self) -> &[ActivityEvent] {
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
        if held.is_some_and(|held| held.event_id == event.event_id) {
            return false;
        }
        if self.is_full() {
            self.left_out += 1;
            return false;
        }
        let at = self.events.len() as u32;
        self.ids.entry(hash).or_insert(at);
        if event.kind.as_ref().is_some_and(|kind| kind.is_failure()) {
            self.failures += 1;
            let user = event.user.as_deref().unwrap_or("-");
            *self.failures_by_user.entry(user.into()).or_default() += 1;
            let ip = event.source_ip.as_deref().unwrap_or("-");
            *self.failures_by_ip.entry(ip.into()).or_default() += 1;
        }
        self.newest_ms = self.newest_ms.max(Some(event.timestamp_ms));
        self.oldest_ms = Some(
            self.oldest_ms
                .map_or(event.timestamp_ms, |oldest| oldest.min(event.timestamp_ms)),
        );
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
