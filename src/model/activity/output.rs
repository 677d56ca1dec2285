//! Events as lines for scripts and tickets (`transfer-console logs`), one
//! user's share of a log, and the bookkeeping of follow mode.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::window::format_rfc3339;
use super::{ActivityEvent, LogFormat};
use crate::model::text::{inert, inert_json};

/// One greppable line: time, stream, activity type, then `name=value` for
/// each field the event has (`message="..."` quoted), or the raw text of a
/// line in neither format. Every field is made inert.
pub fn text_line(event: &ActivityEvent) -> String {
    let mut line = format!(
        "{} {} {}",
        format_rfc3339(event.timestamp_ms),
        word(&event.stream),
        event.kind.as_ref().map_or("-", |kind| kind.as_str())
    );
    if event.format == LogFormat::Unparsed {
        line.push(' ');
        line.push_str(&inert(&event.raw));
        return line;
    }
    let fields: [(&str, Option<&str>); 5] = [
        ("user", event.user.as_deref()),
        ("source-ip", event.source_ip.as_deref()),
        ("session-id", event.session_id.as_deref()),
        ("path", event.path.as_deref()),
        ("message", event.message.as_deref()),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            line.push_str(&format!(" {name}={}", value_text(value)));
        }
        if name == "path" {
            for (name, bytes) in [("bytes-in", event.bytes_in), ("bytes-out", event.bytes_out)] {
                if let Some(bytes) = bytes {
                    line.push_str(&format!(" {name}={bytes}"));
                }
            }
        }
    }
    line
}

/// A value as it goes after `name=`: bare when it is one plain word,
/// otherwise quoted with `"` and `\` escaped, so a line splits the same
/// way whatever the value holds.
fn value_text(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '\\' && !c.is_control());
    if plain {
        return value.to_string();
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{}\"", inert(&escaped))
}

/// A stream name as one word (AWS allows spaces in names).
fn word(text: &str) -> String {
    if text.is_empty() {
        return "-".into();
    }
    inert(text).replace(' ', "_")
}

/// One JSON object: the fields every event has, the ones it was parsed
/// into, every field as logged (`fields`), and the raw text.
pub fn json_line(event: &ActivityEvent) -> String {
    let fields: Map<String, Value> = event
        .fields()
        .into_iter()
        .map(|(name, value)| (name, Value::String(value)))
        .collect();
    let format = match event.format {
        LogFormat::Structured => "structured",
        LogFormat::Legacy => "legacy",
        LogFormat::Unparsed => "unparsed",
    };
    let object = json!({
        "time": format_rfc3339(event.timestamp_ms),
        "timestamp_ms": event.timestamp_ms,
        "event_id": &*event.event_id,
        "stream": &*event.stream,
        "format": format,
        "activity_type": event.kind.as_ref().map(|kind| kind.as_str()),
        "user": event.user.as_deref(),
        "source_ip": event.source_ip.as_deref(),
        "session_id": event.session_id.as_deref(),
        "path": event.path.as_deref(),
        "bytes_in": event.bytes_in,
        "bytes_out": event.bytes_out,
        "message": event.message.as_deref(),
        "fields": fields,
        "raw": &*event.raw,
    });
    inert_json(&object.to_string()).into_owned()
}

/// Which events are one user's: those that name the user, and the other
/// events of the sessions those name (structured logs name the user on
/// CONNECTED only). Fed in time order, it learns the sessions as they
/// start, so follow mode can use it as events arrive.
#[derive(Debug, Clone)]
pub struct UserFilter {
    user: Box<str>,
    sessions: HashSet<Box<str>>,
}

impl UserFilter {
    pub fn new(user: &str) -> Self {
        Self {
            user: user.into(),
            sessions: HashSet::new(),
        }
    }

    /// Whether `event` is the user's; learns its session when it names
    /// the user.
    pub fn admit(&mut self, event: &ActivityEvent) -> bool {
        if event.user.as_deref() == Some(&*self.user) {
            if let Some(session) = &event.session_id {
                self.sessions.insert(session.clone());
            }
            return true;
        }
        event
            .session_id
            .as_ref()
            .is_some_and(|session| self.sessions.contains(session))
    }
}

/// The event ids already shown, so that overlapping reads (follow mode
/// reads again from a little before the newest event) show each once.
#[derive(Debug, Clone, Default)]
pub struct SeenEvents {
    ids: HashMap<Box<str>, i64>,
}

impl SeenEvents {
    /// `true` the first time an id is offered.
    pub fn first_time(&mut self, event: &ActivityEvent) -> bool {
        if self.ids.contains_key(&event.event_id) {
            return false;
        }
        self.ids.insert(event.event_id.clone(), event.timestamp_ms);
        true
    }

    /// Forgets the ids of events older than `before_ms`: no read asks for
    /// them again, and the set stays small however long follow runs.
    pub fn forget_before(&mut self, before_ms: i64) {
        self.ids.retain(|_, at| *at >= before_ms);
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activity::RawLogEvent;

    fn event(id: &str, at: i64, stream: &str, message: &str) -> ActivityEvent {
        ActivityEvent::parse(&RawLogEvent {
            event_id: id.into(),
            stream: stream.into(),
            timestamp_ms: at,
            message: message.into(),
        })
    }

    /// 2026-11-30 09:12:00.250Z.
    const AT: i64 = 1_796_029_920_250;

    #[test]
    fn a_text_line_names_each_field_and_quotes_what_has_spaces() {
        let line = text_line(&event(
            "1",
            AT,
            "ERRORS",
            r#"ERRORS AUTH_FAILURE Method=password User=partner-a Message="Invalid user name or password" SourceIP=203.0.113.7"#,
        ));
        assert_eq!(
            line,
            r#"2026-11-30T09:12:00.250Z ERRORS AUTH_FAILURE user=partner-a source-ip=203.0.113.7 message="Invalid user name or password""#
        );
        let close = text_line(&event(
            "2",
            AT,
            "partner-a.9ca9",
            "partner-a.9ca9 CLOSE Path=/acme/in/a.csv BytesIn=2048",
        ));
        assert_eq!(
            close,
            "2026-11-30T09:12:00.250Z partner-a.9ca9 CLOSE user=partner-a session-id=9ca9 path=/acme/in/a.csv bytes-in=2048"
        );
    }

    #[test]
    fn an_unparsed_line_is_printed_as_it_came_but_inert() {
        let line = text_line(&event(
            "1",
            AT,
            "2026/11/30/[$LATEST]ab",
            "Task timed out after 3.00 seconds\x1b[2J\r\nforged",
        ));
        assert_eq!(
            line,
            "2026-11-30T09:12:00.250Z 2026/11/30/[$LATEST]ab - Task timed out after 3.00 seconds\\x1b[2J\\r\\nforged"
        );
        assert!(!line.contains('\n') && !line.contains('\x1b'));
    }

    #[test]
    fn hostile_values_stay_on_one_line_and_split_the_same() {
        let line = text_line(&event(
            "1",
            AT,
            "ERRORS",
            "{\"activity-type\":\"ERROR\",\"user\":\"a b\\\" user=root\",\"message\":\"x\\u001b]52;c;AAAA\\u0007\\nfake\"}",
        ));
        assert!(!line.contains('\n') && !line.contains('\x1b') && !line.contains('\x07'));
        assert!(line.contains(r#"user="a b\" user=root""#), "{line}");
    }

    #[test]
    fn a_json_line_is_one_object_with_every_field() {
        let line = json_line(&event(
            "e1",
            AT,
            "ERRORS",
            r#"{"activity-type":"CLOSE","path":"/a\u0085b","bytes-in":"7","mode":"WRITE","session-id":"s1"}"#,
        ));
        assert!(!line.contains('\n') && !line.contains('\u{85}'));
        let value: Value = serde_json::from_str(&line).expect("JSON");
        assert_eq!(value["activity_type"], "CLOSE");
        assert_eq!(value["bytes_in"], 7);
        assert_eq!(value["fields"]["mode"], "WRITE");
        assert_eq!(value["format"], "structured");
        assert_eq!(value["time"], "2026-11-30T09:12:00.250Z");
        assert_eq!(value["path"], "/a\u{85}b", "the same text, escaped");
        let unparsed: Value =
            serde_json::from_str(&json_line(&event("e2", AT, "s", "START RequestId: 1")))
                .expect("JSON");
        assert_eq!(unparsed["raw"], "START RequestId: 1");
        assert_eq!(unparsed["activity_type"], Value::Null);
    }

    #[test]
    fn a_user_s_share_takes_the_sessions_they_started() {
        let events = [
            event(
                "1",
                1,
                "s",
                r#"{"activity-type":"CONNECTED","user":"partner-a","session-id":"A"}"#,
            ),
            event(
                "2",
                2,
                "s",
                r#"{"activity-type":"CONNECTED","user":"other","session-id":"B"}"#,
            ),
            event(
                "3",
                3,
                "s",
                r#"{"activity-type":"CLOSE","session-id":"A","bytes-in":"1"}"#,
            ),
            event("4", 4, "s", r#"{"activity-type":"CLOSE","session-id":"B"}"#),
            event(
                "5",
                5,
                "ERRORS",
                "ERRORS AUTH_FAILURE User=partner-a SourceIP=1.2.3.4",
            ),
            event("6", 6, "s", "START RequestId: partner-a"),
        ];
        let mut filter = UserFilter::new("partner-a");
        let kept: Vec<&str> = events
            .iter()
            .filter(|e| filter.admit(e))
            .map(|e| &*e.event_id)
            .collect();
        assert_eq!(kept, ["1", "3", "5"]);
    }

    #[test]
    fn each_event_is_shown_once_and_old_ids_are_forgotten() {
        let mut seen = SeenEvents::default();
        let a = event("a", 10, "s", "x");
        let b = event("b", 20, "s", "y");
        assert!(seen.first_time(&a));
        assert!(seen.first_time(&b));
        assert!(!seen.first_time(&a));
        seen.forget_before(15);
        assert_eq!(seen.len(), 1);
        assert!(!seen.first_time(&b));
    }
}
