//! CloudWatch Logs: a server's log group and its identity provider's, read
//! a page at a time so a long window never has to be held at once.

use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsOutput;

use super::{AwsError, Session};
use crate::model::activity::RawLogEvent;

/// One page of FilterLogEvents, and where the next one starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogPage {
    pub events: Vec<RawLogEvent>,
    /// `None` once the window is read to its end.
    pub next: Option<String>,
}

/// What to read of a log group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQuery {
    pub group: String,
    /// Milliseconds since the Unix epoch, both inclusive.
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    /// Streams whose names start with this (a legacy user's streams are
    /// `<user>.<session-id>`).
    pub stream_prefix: Option<String>,
    /// A plain-term filter pattern (AWS's syntax). JSON patterns are not
    /// sent: the emulator treats them as match-all, so JSON fields are
    /// filtered in the console.
    pub pattern: Option<String>,
    /// At most this many events a page (AWS's own cap is 10,000).
    pub limit: Option<i32>,
}

/// One page of `query`, from the start or from `next`.
pub async fn filter_page(
    session: &Session,
    query: &LogQuery,
    next: Option<String>,
) -> Result<LogPage, AwsError> {
    let answer = session
        .logs
        .filter_log_events()
        .log_group_name(&query.group)
        .start_time(query.start_ms)
        .set_end_time(query.end_ms)
        .set_log_stream_name_prefix(query.stream_prefix.clone())
        .set_filter_pattern(query.pattern.clone())
        .set_limit(query.limit)
        .set_next_token(next)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "logs:FilterLogEvents"))?;
    Ok(page_of(answer))
}

fn page_of(answer: FilterLogEventsOutput) -> LogPage {
    let events = answer
        .events()
        .iter()
        .filter_map(|event| {
            Some(RawLogEvent {
                event_id: event.event_id()?.to_string(),
                stream: event.log_stream_name().unwrap_or_default().to_string(),
                timestamp_ms: event.timestamp()?,
                message: event.message().unwrap_or_default().to_string(),
            })
        })
        .collect();
    LogPage {
        events,
        next: answer.next_token().map(str::to_string),
    }
}
