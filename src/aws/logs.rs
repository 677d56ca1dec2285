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

/// What [`filter_window`] read: the events, and whether it stopped at its
/// page limit before the window's end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogRead {
    pub events: Vec<RawLogEvent>,
    pub truncated: bool,
}

/// `query`'s window, page after page, up to `max_pages` pages: enough for
/// a report (the doctor, the `logs` command) without reading a busy
/// group's whole day.
pub async fn filter_window(
    session: &Session,
    query: &LogQuery,
    max_pages: usize,
) -> Result<LogRead, AwsError> {
    let mut read = LogRead::default();
    let mut next = None;
    for _ in 0..max_pages {
        let page = filter_page(session, query, next).await?;
        read.events.extend(page.events);
        match page.next {
            // A token that does not move would loop for ever.
            Some(token) if !token.is_empty() => next = Some(token),
            _ => return Ok(read),
        }
    }
    read.truncated = true;
    Ok(read)
}

/// A log group as DescribeLogGroups lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroup {
    pub name: String,
    /// Milliseconds since the Unix epoch.
    pub created_ms: Option<i64>,
    pub stored_bytes: Option<i64>,
    pub retention_days: Option<i32>,
}

/// Every log group whose name starts with `prefix` (all pages).
pub async fn log_groups(session: &Session, prefix: &str) -> Result<Vec<LogGroup>, AwsError> {
    let mut groups = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let answer = session
            .logs
            .describe_log_groups()
            .log_group_name_prefix(prefix)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "logs:DescribeLogGroups"))?;
        groups.extend(answer.log_groups().iter().filter_map(|group| {
            Some(LogGroup {
                name: group.log_group_name()?.to_string(),
                created_ms: group.creation_time(),
                stored_bytes: group.stored_bytes(),
                retention_days: group.retention_in_days(),
            })
        }));
        match answer.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_string()),
            _ => return Ok(groups),
        }
    }
}

/// Whether the group `name` exists (DescribeLogGroups by prefix: the name
/// itself, and the groups it prefixes).
pub async fn log_group_exists(session: &Session, name: &str) -> Result<bool, AwsError> {
    Ok(log_groups(session, name)
        .await?
        .iter()
        .any(|group| group.name == name))
}
