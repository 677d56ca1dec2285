//! What a server logged (CloudWatch Logs), in one shape for both formats
//! AWS writes: structured JSON (one object per event) and the legacy text
//! lines (a stream per `<user>.<session-id>` and an `ERRORS` stream).
//!
//! An event keeps only the fields the console sorts, filters and sums by,
//! plus the raw message: every other field is read again from the raw text
//! when an event is opened ([`ActivityEvent::fields`]), so a window of
//! 100,000 events costs little more than their text. A line in neither
//! format is kept as it came, never dropped.

use serde_json::Value;

pub mod groups;
pub mod output;
pub mod summary;
pub mod window;

pub use groups::{group_of_arn, lambda_log_group, server_log_group, server_logs};
pub use output::{SeenEvents, UserFilter, json_line, text_line};
pub use summary::{
    FailureSummary, FileTransfer, IdpMatch, IdpTrouble, IpFailures, SessionSummary, UserActivity,
    UserFailures, nearest_idp_events, session_events,
};
pub use window::{TimeError, TimeWindow};

/// One event as CloudWatch Logs hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLogEvent {
    /// CloudWatch's own id: unique within the log group, used to drop the
    /// duplicates that overlapping reads (follow mode) bring.
    pub event_id: String,
    pub stream: String,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    pub message: String,
}

/// Which of AWS's formats an event was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Structured,
    Legacy,
    /// Neither: shown as it came.
    Unparsed,
}

/// `activity-type`, as AWS names it. Types the console does not know yet
/// are kept by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActivityKind {
    AuthFailure,
    Connected,
    ConnectionRejected,
    Disconnected,
    Error,
    ExitReason,
    Open,
    Close,
    PartialClose,
    Delete,
    Mkdir,
    Rename,
    Rmdir,
    Setstat,
    CreateSymlink,
    TlsResumeFailure,
    Other(Box<str>),
}

const KINDS: [(&str, ActivityKind); 16] = [
    ("AUTH_FAILURE", ActivityKind::AuthFailure),
    ("CONNECTED", ActivityKind::Connected),
    ("CONNECTION_REJECTED", ActivityKind::ConnectionRejected),
    ("DISCONNECTED", ActivityKind::Disconnected),
    ("ERROR", ActivityKind::Error),
    ("EXIT_REASON", ActivityKind::ExitReason),
    ("OPEN", ActivityKind::Open),
    ("CLOSE", ActivityKind::Close),
    ("PARTIAL_CLOSE", ActivityKind::PartialClose),
    ("DELETE", ActivityKind::Delete),
    ("MKDIR", ActivityKind::Mkdir),
    ("RENAME", ActivityKind::Rename),
    ("RMDIR", ActivityKind::Rmdir),
    ("SETSTAT", ActivityKind::Setstat),
    ("CREATE_SYMLINK", ActivityKind::CreateSymlink),
    ("TLS_RESUME_FAILURE", ActivityKind::TlsResumeFailure),
];

impl ActivityKind {
    /// The kind AWS writes as `name`, or `None` when `name` does not look
    /// like an activity type at all (upper-case letters and `_`).
    pub fn parse(name: &str) -> Option<Self> {
        if let Some((_, kind)) = KINDS.iter().find(|(known, _)| *known == name) {
            return Some(kind.clone());
        }
        let looks_like_one = !name.is_empty()
            && name.len() <= 40
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
        looks_like_one.then(|| Self::Other(name.into()))
    }

    /// The name AWS writes.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(name) => name,
            known => KINDS
                .iter()
                .find(|(_, kind)| kind == known)
                .map(|(name, _)| *name)
                .unwrap_or("UNKNOWN"),
        }
    }

    /// A failure an operator is asked about: a refused login or
    /// connection, an error, a failed TLS resumption.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Self::AuthFailure | Self::ConnectionRejected | Self::Error | Self::TlsResumeFailure
        )
    }
}

/// One event of a server's log, whichever format it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEvent {
    pub event_id: Box<str>,
    pub timestamp_ms: i64,
    pub stream: Box<str>,
    pub format: LogFormat,
    /// `None` for an unparsed line.
    pub kind: Option<ActivityKind>,
    pub user: Option<Box<str>>,
    pub source_ip: Option<Box<str>>,
    pub session_id: Option<Box<str>>,
    pub message: Option<Box<str>>,
    pub path: Option<Box<str>>,
    pub bytes_in: Option<u64>,
    pub bytes_out: Option<u64>,
    /// The message exactly as logged.
    pub raw: Box<str>,
}

impl ActivityEvent {
    /// `raw` in whichever format it is written.
    pub fn parse(raw: &RawLogEvent) -> Self {
        let mut event = Self {
            event_id: raw.event_id.as_str().into(),
            timestamp_ms: raw.timestamp_ms,
            stream: raw.stream.as_str().into(),
            format: LogFormat::Unparsed,
            kind: None,
            user: None,
            source_ip: None,
            session_id: None,
            message: None,
            path: None,
            bytes_in: None,
            bytes_out: None,
            raw: raw.message.as_str().into(),
        };
        let fields = match structured_fields(&raw.message) {
            Some(fields) => {
                event.format = LogFormat::Structured;
                fields
            }
            None => match legacy_fields(&raw.stream, &raw.message) {
                Some(fields) => {
                    event.format = LogFormat::Legacy;
                    fields
                }
                None => return event,
            },
        };
        for (name, value) in fields {
            event.take(&name, value);
        }
        if event.format == LogFormat::Legacy {
            event.fill_from_legacy_stream();
        }
        event
    }

    /// Every field as logged, in the order written, for the event's detail.
    /// Read again from the raw text: the event keeps only what lists need.
    pub fn fields(&self) -> Vec<(String, String)> {
        match self.format {
            LogFormat::Structured => structured_fields(&self.raw).unwrap_or_default(),
            LogFormat::Legacy => legacy_fields(&self.stream, &self.raw).unwrap_or_default(),
            LogFormat::Unparsed => Vec::new(),
        }
    }

    fn take(&mut self, name: &str, value: String) {
        let slot = match canonical(name) {
            "activity-type" => {
                self.kind = ActivityKind::parse(&value);
                return;
            }
            "bytes-in" => {
                self.bytes_in = value.parse().ok();
                return;
            }
            "bytes-out" => {
                self.bytes_out = value.parse().ok();
                return;
            }
            "user" => &mut self.user,
            "source-ip" => &mut self.source_ip,
            "session-id" => &mut self.session_id,
            "message" => &mut self.message,
            "path" => &mut self.path,
            _ => return,
        };
        if !value.is_empty() {
            *slot = Some(value.into());
        }
    }

    /// A legacy session stream is named `<user>.<session-id>`: what its
    /// lines do not repeat comes from there.
    fn fill_from_legacy_stream(&mut self) {
        if &*self.stream == "ERRORS" {
            return;
        }
        if let Some((user, session)) = self.stream.rsplit_once('.') {
            if self.user.is_none() && !user.is_empty() {
                self.user = Some(user.into());
            }
            if self.session_id.is_none() && !session.is_empty() {
                self.session_id = Some(session.into());
            }
        }
    }
}

/// A field's name in the structured spelling (`source-ip`), whichever
/// format it came in (`SourceIP`, `BytesIn`, `User`).
fn canonical(name: &str) -> &str {
    match name {
        "activity-type" | "ActivityType" => "activity-type",
        "bytes-in" | "BytesIn" => "bytes-in",
        "bytes-out" | "BytesOut" => "bytes-out",
        "user" | "User" => "user",
        "source-ip" | "SourceIP" | "SourceIp" => "source-ip",
        "session-id" | "SessionId" | "SessionID" => "session-id",
        "message" | "Message" => "message",
        "path" | "Path" => "path",
        other => other,
    }
}

/// The fields of a structured JSON event, or `None` when `message` is not
/// a JSON object with an `activity-type`.
fn structured_fields(message: &str) -> Option<Vec<(String, String)>> {
    let trimmed = message.trim_start();
    if !trimmed.starts_with('{') {
        return None;
    }
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(trimmed) else {
        return None;
    };
    object.get("activity-type")?.as_str()?;
    Some(
        object
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::String(text) => text,
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (name, value)
            })
            .collect(),
    )
}

/// The fields of a legacy line: an optional stream prefix (`ERRORS`), the
/// activity type, then `Name=value` pairs where a value may be quoted.
/// `None` when the line does not have that shape.
fn legacy_fields(stream: &str, message: &str) -> Option<Vec<(String, String)>> {
    let mut rest = message.trim();
    // The ERRORS stream repeats its name before each line; session streams
    // may repeat theirs.
    if let Some(after) = rest.strip_prefix(stream).filter(|_| !stream.is_empty()) {
        rest = after.trim_start();
    } else if let Some(after) = rest.strip_prefix("ERRORS ") {
        rest = after.trim_start();
    }
    let (kind, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
    ActivityKind::parse(kind)?;
    let mut fields = vec![("activity-type".to_string(), kind.to_string())];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Some(fields);
        }
        let (name, after) = rest.split_once('=')?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        let (value, after) = legacy_value(after)?;
        fields.push((name.to_string(), value));
        rest = after;
    }
}

/// A value up to the next space, or a double-quoted one with `\"` and
/// `\\` escapes. `None` for a quote left open.
fn legacy_value(text: &str) -> Option<(String, &str)> {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(' ').unwrap_or(text.len());
        return Some((text[..end].to_string(), &text[end..]));
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, &quoted[at + 1..])),
            '\\' => value.push(chars.next().map(|(_, next)| next)?),
            other => value.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests;
