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

pub mod summary;
pub mod window;

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
mod tests {
    use super::*;

    fn raw(stream: &str, message: &str) -> RawLogEvent {
        RawLogEvent {
            event_id: "1".into(),
            stream: stream.into(),
            timestamp_ms: 1_764_000_000_000,
            message: message.into(),
        }
    }

    #[test]
    fn a_structured_upload_keeps_its_fields() {
        let event = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"{"mode":"CREATE|TRUNCATE|WRITE","path":"/acme/in/a.csv","activity-type":"CLOSE","bytes-in":"1024","session-id":"9ca9a0e1cec6ad9d","user":"partner-a","source-ip":"203.0.113.7"}"#,
        ));
        assert_eq!(event.format, LogFormat::Structured);
        assert_eq!(event.kind, Some(ActivityKind::Close));
        assert_eq!(event.user.as_deref(), Some("partner-a"));
        assert_eq!(event.session_id.as_deref(), Some("9ca9a0e1cec6ad9d"));
        assert_eq!(event.path.as_deref(), Some("/acme/in/a.csv"));
        assert_eq!(event.bytes_in, Some(1024));
        assert!(
            event
                .fields()
                .contains(&("mode".into(), "CREATE|TRUNCATE|WRITE".into()))
        );
    }

    #[test]
    fn a_legacy_auth_failure_reads_its_quoted_message() {
        let event = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"ERRORS AUTH_FAILURE Method=password User=partner-a Message="Invalid user name or password" SourceIP=203.0.113.7"#,
        ));
        assert_eq!(event.format, LogFormat::Legacy);
        assert_eq!(event.kind, Some(ActivityKind::AuthFailure));
        assert_eq!(event.user.as_deref(), Some("partner-a"));
        assert_eq!(event.source_ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(
            event.message.as_deref(),
            Some("Invalid user name or password")
        );
    }

    #[test]
    fn a_legacy_session_line_takes_user_and_session_from_its_stream() {
        let event = ActivityEvent::parse(&raw(
            "partner-a.3f1a2b4c5d6e7f80",
            "partner-a.3f1a2b4c5d6e7f80 CLOSE Path=/acme/in/a.csv BytesIn=2048",
        ));
        assert_eq!(event.kind, Some(ActivityKind::Close));
        assert_eq!(event.user.as_deref(), Some("partner-a"));
        assert_eq!(event.session_id.as_deref(), Some("3f1a2b4c5d6e7f80"));
        assert_eq!(event.bytes_in, Some(2048));
    }

    #[test]
    fn a_line_in_neither_format_is_kept_as_it_came() {
        for message in [
            "START RequestId: 42 Version: $LATEST",
            "{\"a\":1}",
            "",
            "OPEN Path=\"/x",
        ] {
            let event = ActivityEvent::parse(&raw("s", message));
            assert_eq!(event.format, LogFormat::Unparsed, "{message}");
            assert_eq!(&*event.raw, message);
            assert!(event.fields().is_empty());
        }
    }

    // The shapes below follow AWS's "CloudWatch log structure" and "Example
    // CloudWatch log entries" pages of the Transfer Family user guide.

    #[test]
    fn aws_s_structured_connected_example_reads_every_field() {
        let event = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"{"role":"arn:aws:iam::500655546075:role/transfer-s3","activity-type":"CONNECTED","ciphers":"chacha20-poly1305@openssh.com,chacha20-poly1305@openssh.com","client":"SSH-2.0-OpenSSH_7.4","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","home-dir":"/test/log-me","ssh-public-key":"AAAAC3NzaC1lZDI1NTE5AAAAIA9OY0qV6XYVHaaOiWAcj2spDJVbgjrqDPY4pxd6GnHl","ssh-public-key-fingerprint":"SHA256:BY3gNMHwTfjd4n2VuT4pTyLOk82zWZj4KEYEu7y4r/0","ssh-public-key-type":"ssh-ed25519","user":"log-me","kex":"ecdh-sha2-nistp256","session-id":"9ca9a0e1cec6ad9d"}"#,
        ));
        assert_eq!(event.format, LogFormat::Structured);
        assert_eq!(event.kind, Some(ActivityKind::Connected));
        assert_eq!(event.user.as_deref(), Some("log-me"));
        assert_eq!(event.source_ip.as_deref(), Some("52.94.133.133"));
        let fields = event.fields();
        assert_eq!(fields.len(), 13);
        assert!(fields.contains(&("kex".into(), "ecdh-sha2-nistp256".into())));
        assert!(fields.contains(&("home-dir".into(), "/test/log-me".into())));
    }

    #[test]
    fn aws_s_structured_session_examples_read() {
        let cases: [(&str, ActivityKind, Option<&str>); 6] = [
            (
                r#"{"mode":"CREATE|TRUNCATE|WRITE","path":"/test/log-me/config-file","activity-type":"OPEN","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","session-id":"9ca9a0e1cec6ad9d"}"#,
                ActivityKind::Open,
                Some("/test/log-me/config-file"),
            ),
            (
                r#"{"path":"/test/log-me/config-file","activity-type":"CLOSE","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","bytes-in":"121","session-id":"9ca9a0e1cec6ad9d"}"#,
                ActivityKind::Close,
                Some("/test/log-me/config-file"),
            ),
            (
                r#"{"activity-type":"DISCONNECTED","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","session-id":"9ca9a0e1cec6ad9d"}"#,
                ActivityKind::Disconnected,
                None,
            ),
            (
                r#"{"method":"password","activity-type":"AUTH_FAILURE","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","message":"Invalid user name or password","user":"log-me"}"#,
                ActivityKind::AuthFailure,
                None,
            ),
            (
                r#"{"activity-type":"TLS_RESUME_FAILURE","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","message":"TLS session resumption required","session-id":"77aa"}"#,
                ActivityKind::TlsResumeFailure,
                None,
            ),
            (
                r#"{"activity-type":"CONNECTION_REJECTED","source-ip":"198.51.100.1","message":"Too many connections"}"#,
                ActivityKind::ConnectionRejected,
                None,
            ),
        ];
        for (message, kind, path) in cases {
            let event = ActivityEvent::parse(&raw("ERRORS", message));
            assert_eq!(event.format, LogFormat::Structured, "{message}");
            assert_eq!(event.kind, Some(kind), "{message}");
            assert_eq!(event.path.as_deref(), path, "{message}");
        }
    }

    #[test]
    fn numbers_written_as_numbers_count_too() {
        let event = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"{"activity-type":"CLOSE","bytes-out":23094032490328,"session-id":"1"}"#,
        ));
        assert_eq!(event.bytes_out, Some(23_094_032_490_328));
    }

    #[test]
    fn legacy_session_lines_read() {
        let stream = "log-me.914984e553bcddb6";
        let cases = [
            (
                format!(
                    "{stream} CONNECTED SourceIP=72.21.198.65 User=log-me HomeDir=/test/log-me Client=SSH-2.0-OpenSSH_7.4 Role=arn:aws:iam::123456789012:role/transfer-s3"
                ),
                ActivityKind::Connected,
            ),
            (
                format!("{stream} OPEN Path=/test/log-me/config-file Mode=CREATE|TRUNCATE|WRITE"),
                ActivityKind::Open,
            ),
            (
                format!("{stream} CLOSE Path=/test/log-me/config-file BytesIn=121"),
                ActivityKind::Close,
            ),
            (format!("{stream} DISCONNECTED"), ActivityKind::Disconnected),
            (
                format!(
                    "{stream} ERROR Message=\"Access denied\" Operation=OPEN Path=/test/log-me/x"
                ),
                ActivityKind::Error,
            ),
            // Without the stream repeated in front.
            ("CLOSE Path=/x BytesOut=7".to_string(), ActivityKind::Close),
        ];
        for (message, kind) in cases {
            let event = ActivityEvent::parse(&raw(stream, &message));
            assert_eq!(event.format, LogFormat::Legacy, "{message}");
            assert_eq!(event.kind, Some(kind), "{message}");
            assert_eq!(event.user.as_deref(), Some("log-me"), "{message}");
            assert_eq!(
                event.session_id.as_deref(),
                Some("914984e553bcddb6"),
                "{message}"
            );
        }
    }

    #[test]
    fn legacy_error_stream_lines_read() {
        let event = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"ERRORS AUTH_FAILURE Method=publickey User=tester01 Message="The user is unrecognized" SourceIP=198.51.100.4"#,
        ));
        assert_eq!(event.kind, Some(ActivityKind::AuthFailure));
        assert_eq!(event.user.as_deref(), Some("tester01"));
        assert_eq!(event.session_id, None);
        assert!(
            event
                .fields()
                .contains(&("Method".into(), "publickey".into()))
        );
        let tls = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"ERRORS TLS_RESUME_FAILURE User=partner-f SourceIP=192.0.2.44 Message="Data channel did not resume the control channel's TLS session""#,
        ));
        assert_eq!(tls.kind, Some(ActivityKind::TlsResumeFailure));
        assert!(tls.kind.as_ref().is_some_and(ActivityKind::is_failure));
        let quoted = ActivityEvent::parse(&raw(
            "ERRORS",
            r#"ERRORS ERROR Message="said \"no\" \\ twice""#,
        ));
        assert_eq!(quoted.message.as_deref(), Some(r#"said "no" \ twice"#));
    }

    #[test]
    fn an_unknown_activity_type_is_kept_by_name() {
        let event = ActivityEvent::parse(&raw("ERRORS", r#"{"activity-type":"NEW_THING"}"#));
        assert_eq!(event.kind, Some(ActivityKind::Other("NEW_THING".into())));
        assert_eq!(
            event.kind.as_ref().map(ActivityKind::as_str),
            Some("NEW_THING")
        );
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_line_parses_without_panic_and_keeps_its_text(
            stream in "\\PC{0,30}",
            message in "\\PC{0,200}",
        ) {
            let event = ActivityEvent::parse(&raw(&stream, &message));
            prop_assert_eq!(&*event.raw, message.as_str());
            prop_assert_eq!(&*event.stream, stream.as_str());
            let fields = event.fields();
            if event.format == LogFormat::Unparsed {
                prop_assert!(fields.is_empty());
                prop_assert!(event.kind.is_none());
            } else {
                prop_assert!(event.kind.is_some());
            }
        }

        #[test]
        fn lines_close_to_both_formats_never_panic(
            message in "(ERRORS )?[A-Z_]{0,12}( [A-Za-z]{1,6}=(\"[^\"]{0,8}\"?|[^ ]{0,8})){0,4}|\\{\"activity-type\":.{0,20}",
        ) {
            let event = ActivityEvent::parse(&raw("ERRORS", &message));
            prop_assert_eq!(&*event.raw, message.as_str());
        }

        #[test]
        fn a_legacy_line_gives_back_the_values_written(
            user in "[a-z][a-z0-9-]{0,12}",
            ip in "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
            message in "[^\\p{Cc}]{0,40}",
        ) {
            let escaped = message.replace('\\', "\\\\").replace('"', "\\\"");
            let line = format!(
                "ERRORS AUTH_FAILURE Method=password User={user} Message=\"{escaped}\" SourceIP={ip}"
            );
            let event = ActivityEvent::parse(&raw("ERRORS", &line));
            prop_assert_eq!(event.format, LogFormat::Legacy);
            prop_assert_eq!(event.user.as_deref(), Some(user.as_str()));
            prop_assert_eq!(event.source_ip.as_deref(), Some(ip.as_str()));
            let expected = (!message.is_empty()).then_some(message.as_str());
            prop_assert_eq!(event.message.as_deref(), expected);
        }

        #[test]
        fn a_structured_event_gives_back_the_values_written(
            user in "\\PC{1,20}",
            path in "\\PC{1,40}",
            bytes in any::<u64>(),
        ) {
            let line = serde_json::json!({
                "activity-type": "CLOSE",
                "user": user,
                "path": path,
                "bytes-in": bytes.to_string(),
            })
            .to_string();
            let event = ActivityEvent::parse(&raw("ERRORS", &line));
            prop_assert_eq!(event.format, LogFormat::Structured);
            prop_assert_eq!(event.user.as_deref(), Some(user.as_str()));
            prop_assert_eq!(event.path.as_deref(), Some(path.as_str()));
            prop_assert_eq!(event.bytes_in, Some(bytes));
        }
    }
}
