//! What a window of events adds up to: failures by user and by source IP,
//! one session's events, one user's sessions and files, and the identity
//! provider's lines nearest a failed login. Pure functions over parsed
//! events, shared by the Activity pane, the `logs` command and the doctor.

use std::collections::{BTreeMap, HashMap};

use super::{ActivityEvent, ActivityKind};

/// Failures counted by user and by source IP, most first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailureSummary {
    pub total: usize,
    pub by_user: Vec<UserFailures>,
    pub by_ip: Vec<IpFailures>,
}

/// One user's failures in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFailures {
    pub user: Box<str>,
    pub count: usize,
    /// Where they came from, most failures first.
    pub source_ips: Vec<Box<str>>,
    /// The newest failure's message, when it had one.
    pub last_message: Option<Box<str>>,
    pub last_ms: i64,
}

/// One source address's failures in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpFailures {
    pub source_ip: Box<str>,
    pub count: usize,
    /// The users it tried, by name.
    pub users: Vec<Box<str>>,
}

impl FailureSummary {
    /// The failures ([`ActivityKind::is_failure`]) among `events`, in any
    /// order. A failure without a user or an address counts in `total`
    /// only.
    pub fn of<'a>(events: impl IntoIterator<Item = &'a ActivityEvent>) -> Self {
        let mut users: HashMap<&str, UserTally<'_>> = HashMap::new();
        let mut ips: HashMap<&str, IpTally<'_>> = HashMap::new();
        let mut total = 0;
        for event in events {
            if !event.kind.as_ref().is_some_and(ActivityKind::is_failure) {
                continue;
            }
            total += 1;
            if let Some(user) = event.user.as_deref() {
                users.entry(user).or_default().add(event);
            }
            if let Some(ip) = event.source_ip.as_deref() {
                let tally = ips.entry(ip).or_default();
                tally.count += 1;
                if let Some(user) = event.user.as_deref() {
                    *tally.users.entry(user).or_default() += 1;
                }
            }
        }
        let mut by_user: Vec<UserFailures> = users
            .into_iter()
            .map(|(user, tally)| UserFailures {
                user: user.into(),
                count: tally.count,
                source_ips: most_first(tally.ips),
                last_message: tally.last.and_then(|last| last.message.clone()),
                last_ms: tally.last.map_or(0, |last| last.timestamp_ms),
            })
            .collect();
        by_user.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.user.cmp(&b.user)));
        let mut by_ip: Vec<IpFailures> = ips
            .into_iter()
            .map(|(ip, tally)| IpFailures {
                source_ip: ip.into(),
                count: tally.count,
                users: most_first(tally.users),
            })
            .collect();
        by_ip.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.source_ip.cmp(&b.source_ip))
        });
        Self {
            total,
            by_user,
            by_ip,
        }
    }
}

#[derive(Default)]
struct UserTally<'a> {
    count: usize,
    ips: BTreeMap<&'a str, usize>,
    last: Option<&'a ActivityEvent>,
}

impl<'a> UserTally<'a> {
    fn add(&mut self, event: &'a ActivityEvent) {
        self.count += 1;
        if let Some(ip) = event.source_ip.as_deref() {
            *self.ips.entry(ip).or_default() += 1;
        }
        // Ties go to the later id, so the answer does not depend on order.
        let newer = self.last.is_none_or(|last| {
            (event.timestamp_ms, &event.event_id) > (last.timestamp_ms, &last.event_id)
        });
        if newer {
            self.last = Some(event);
        }
    }
}

#[derive(Default)]
struct IpTally<'a> {
    count: usize,
    users: BTreeMap<&'a str, usize>,
}

/// Names by count, most first, then by name.
fn most_first(counts: BTreeMap<&str, usize>) -> Vec<Box<str>> {
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts.into_iter().map(|(name, _)| name.into()).collect()
}

/// The events of one session, oldest first.
pub fn session_events<'a>(
    events: impl IntoIterator<Item = &'a ActivityEvent>,
    session_id: &str,
) -> Vec<&'a ActivityEvent> {
    let mut found: Vec<&ActivityEvent> = events
        .into_iter()
        .filter(|event| event.session_id.as_deref() == Some(session_id))
        .collect();
    found.sort_by(|a, b| oldest_first(a, b));
    found
}

fn oldest_first(a: &ActivityEvent, b: &ActivityEvent) -> std::cmp::Ordering {
    a.timestamp_ms
        .cmp(&b.timestamp_ms)
        .then_with(|| a.event_id.cmp(&b.event_id))
}

/// Whether an event says the operation was refused by a permission: the
/// user's role or session policy, not the password. AWS writes "Access
/// denied" (and S3's `AccessDenied` shows through in some messages).
pub fn is_access_denied(event: &ActivityEvent) -> bool {
    if !event.kind.as_ref().is_some_and(ActivityKind::is_failure) {
        return false;
    }
    let Some(message) = event.message.as_deref() else {
        return false;
    };
    let lower = message.to_ascii_lowercase();
    lower.contains("access denied") || lower.contains("accessdenied")
}

/// A file written or read in a session (a CLOSE with its byte count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTransfer {
    pub path: Box<str>,
    pub bytes: u64,
    pub at_ms: i64,
}

/// One session of a user, from its events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionSummary {
    pub session_id: Box<str>,
    pub source_ip: Option<Box<str>>,
    pub first_ms: i64,
    pub last_ms: i64,
    /// A CONNECTED event was seen: the user authenticated.
    pub logged_in: bool,
    pub uploads: Vec<FileTransfer>,
    pub downloads: Vec<FileTransfer>,
    /// File operations that completed (CLOSE, DELETE, MKDIR, RENAME, ...).
    pub file_ops_done: usize,
    /// File operations refused with access denied.
    pub file_ops_denied: usize,
    /// Failure events of the session, oldest first.
    pub errors: Vec<ActivityEvent>,
}

impl SessionSummary {
    /// The user logged in and every file operation tried was refused with
    /// access denied: the role or the session policy, not the password.
    pub fn denied_every_file_operation(&self) -> bool {
        self.logged_in && self.file_ops_denied > 0 && self.file_ops_done == 0
    }

    pub fn bytes_uploaded(&self) -> u64 {
        self.uploads.iter().map(|file| file.bytes).sum()
    }

    pub fn bytes_downloaded(&self) -> u64 {
        self.downloads.iter().map(|file| file.bytes).sum()
    }
}

/// What one user did in a window: sessions, failed logins, files, errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserActivity {
    pub user: Box<str>,
    /// Oldest first.
    pub sessions: Vec<SessionSummary>,
    /// Failures outside any session (AUTH_FAILURE, CONNECTION_REJECTED),
    /// oldest first.
    pub login_failures: Vec<ActivityEvent>,
}

impl UserActivity {
    /// `user`'s activity among `events`. Structured logs name the user only
    /// on some events of a session (CONNECTED, AUTH_FAILURE): the other
    /// events of a session that names the user are theirs too.
    pub fn of<'a>(events: impl IntoIterator<Item = &'a ActivityEvent> + Clone, user: &str) -> Self {
        let mut session_ids: Vec<&str> = events
            .clone()
            .into_iter()
            .filter(|event| event.user.as_deref() == Some(user))
            .filter_map(|event| event.session_id.as_deref())
            .collect();
        session_ids.sort_unstable();
        session_ids.dedup();
        let mut sessions: BTreeMap<&str, Vec<&ActivityEvent>> = BTreeMap::new();
        let mut login_failures = Vec::new();
        for event in events {
            match event.session_id.as_deref() {
                Some(id) if session_ids.binary_search(&id).is_ok() => {
                    sessions.entry(id).or_default().push(event);
                }
                None if event.user.as_deref() == Some(user)
                    && event.kind.as_ref().is_some_and(ActivityKind::is_failure) =>
                {
                    login_failures.push(event.clone());
                }
                _ => {}
            }
        }
        login_failures.sort_by(oldest_first);
        let mut sessions: Vec<SessionSummary> = sessions
            .into_iter()
            .map(|(id, events)| summarise_session(id, events))
            .collect();
        sessions.sort_by(|a, b| {
            a.first_ms
                .cmp(&b.first_ms)
                .then_with(|| a.session_id.cmp(&b.session_id))
        });
        Self {
            user: user.into(),
            sessions,
            login_failures,
        }
    }

    pub fn logins(&self) -> usize {
        self.sessions.iter().filter(|s| s.logged_in).count()
    }

    pub fn failures(&self) -> usize {
        self.login_failures.len() + self.sessions.iter().map(|s| s.errors.len()).sum::<usize>()
    }
}

/// The sessions among `events`, whoever they belong to, oldest first.
pub fn sessions<'a>(events: impl IntoIterator<Item = &'a ActivityEvent>) -> Vec<SessionSummary> {
    let mut grouped: BTreeMap<&str, Vec<&ActivityEvent>> = BTreeMap::new();
    for event in events {
        if let Some(id) = event.session_id.as_deref() {
            grouped.entry(id).or_default().push(event);
        }
    }
    let mut sessions: Vec<SessionSummary> = grouped
        .into_iter()
        .map(|(id, events)| summarise_session(id, events))
        .collect();
    sessions.sort_by_key(|session| session.first_ms);
    sessions
}

fn summarise_session(id: &str, mut events: Vec<&ActivityEvent>) -> SessionSummary {
    events.sort_by(|a, b| oldest_first(a, b));
    let mut session = SessionSummary {
        session_id: id.into(),
        first_ms: events.first().map_or(0, |e| e.timestamp_ms),
        last_ms: events.last().map_or(0, |e| e.timestamp_ms),
        ..SessionSummary::default()
    };
    for event in events {
        if session.source_ip.is_none() {
            session.source_ip = event.source_ip.clone();
        }
        let Some(kind) = &event.kind else { continue };
        match kind {
            ActivityKind::Connected => session.logged_in = true,
            ActivityKind::Close => {
                session.file_ops_done += 1;
                let path = event.path.clone().unwrap_or_default();
                if let Some(bytes) = event.bytes_in {
                    session.uploads.push(FileTransfer {
                        path: path.clone(),
                        bytes,
                        at_ms: event.timestamp_ms,
                    });
                }
                if let Some(bytes) = event.bytes_out {
                    session.downloads.push(FileTransfer {
                        path,
                        bytes,
                        at_ms: event.timestamp_ms,
                    });
                }
            }
            ActivityKind::Delete
            | ActivityKind::Mkdir
            | ActivityKind::Rename
            | ActivityKind::Rmdir
            | ActivityKind::Setstat
            | ActivityKind::CreateSymlink => session.file_ops_done += 1,
            _ => {}
        }
        if kind.is_failure() {
            if is_access_denied(event) {
                session.file_ops_denied += 1;
            }
            session.errors.push(event.clone());
        }
    }
    session
}

/// What went wrong in an identity provider's (Lambda's) log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdpTrouble {
    /// `Task timed out after 3.00 seconds`.
    TimedOut,
    /// `[ERROR] ...`, an exception or a traceback.
    Error,
}

impl IdpTrouble {
    /// The trouble `event`'s line reports, if any.
    pub fn of(event: &ActivityEvent) -> Option<Self> {
        let line = &*event.raw;
        if line.contains("Task timed out after") {
            return Some(Self::TimedOut);
        }
        let errorish = line.contains("[ERROR]")
            || line.starts_with("ERROR")
            || line.contains("\"errorMessage\"")
            || line.contains("Traceback (most recent call last)")
            || line.contains("Runtime.")
            || line.contains("Exception")
            || line.contains("AccessDenied");
        errorish.then_some(Self::Error)
    }
}

/// An identity provider log line near a failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdpMatch<'a> {
    pub event: &'a ActivityEvent,
    /// How far from the failure, in milliseconds (either side).
    pub distance_ms: i64,
    /// The line names the user, or belongs to an invocation (request id)
    /// whose lines do.
    pub names_user: bool,
}

/// The identity provider's log lines within `span_ms` of `failure`: those
/// that name the failing user (or share a Lambda request id with a line
/// that does) first, then the rest, each nearest first.
pub fn nearest_idp_events<'a>(
    failure: &ActivityEvent,
    idp_events: &'a [ActivityEvent],
    span_ms: i64,
) -> Vec<IdpMatch<'a>> {
    let span = span_ms.max(0);
    let near: Vec<&ActivityEvent> = idp_events
        .iter()
        .filter(|event| event.timestamp_ms.abs_diff(failure.timestamp_ms) <= span.unsigned_abs())
        .collect();
    let user = failure.user.as_deref().filter(|user| !user.is_empty());
    let names = |event: &ActivityEvent| user.is_some_and(|user| names_word(&event.raw, user));
    let requests: Vec<&str> = near
        .iter()
        .filter(|event| names(event))
        .filter_map(|event| request_id(&event.raw))
        .collect();
    let mut found: Vec<IdpMatch<'a>> = near
        .into_iter()
        .map(|event| IdpMatch {
            event,
            distance_ms: event
                .timestamp_ms
                .saturating_sub(failure.timestamp_ms)
                .saturating_abs(),
            names_user: names(event)
                || request_id(&event.raw).is_some_and(|id| requests.contains(&id)),
        })
        .collect();
    found.sort_by(|a, b| {
        b.names_user
            .cmp(&a.names_user)
            .then_with(|| a.distance_ms.cmp(&b.distance_ms))
            .then_with(|| oldest_first(a.event, b.event))
    });
    found
}

/// Whether `text` holds `word` with no letter, digit, `-`, `_` or `.`
/// touching it (so `partner-a` is not found in `partner-ab`).
fn names_word(text: &str, word: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@');
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

/// The Lambda request id a line carries: `RequestId: <uuid>` on START, END
/// and REPORT lines, and a bare uuid after the time on the function's own.
pub fn request_id(line: &str) -> Option<&str> {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == '"')
        .find(|token| is_uuid(token))
}

fn is_uuid(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(at, b)| match at {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests;
