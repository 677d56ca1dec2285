//! `transfer-console logs SERVER`: a server's CloudWatch Logs as lines, for
//! scripts and for pasting into a ticket. Reads the server's log group (its
//! StructuredLogDestinations group, else `/aws/transfer/<id>`) over a
//! window, oldest first; `--follow` then polls from the newest event with
//! an overlap and shows each event id once.

use std::io::Write;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::aws::logs::{self, LogQuery};
use crate::aws::{self, Session};
use crate::model::activity::window::format_utc;
use crate::model::activity::{
    ActivityEvent, SeenEvents, TimeWindow, UserFilter, json_line, server_log_group, server_logs,
    text_line,
};
use crate::model::text::inert;
use crate::model::{AwsError, Server};

/// Exit status when the logs could not be read.
pub const EXIT_COULD_NOT_READ: u8 = 2;
/// Pages read for the window, per stream prefix, before saying it was cut.
const MAX_PAGES: usize = 100;
/// Follow mode reads again from this long before the newest event seen:
/// CloudWatch makes events searchable a little after their timestamp, so
/// a read from exactly the newest one would miss late arrivals.
const OVERLAP_MS: i64 = 30_000;

/// What to print.
#[derive(Debug, Clone)]
pub struct Request {
    pub server: String,
    pub user: Option<String>,
    pub window: TimeWindow,
    /// Poll every this often after the window, until cancelled.
    pub follow: Option<Duration>,
    pub json: bool,
}

/// Where a server's events are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub group: String,
    /// One read per prefix; `None` reads the whole group.
    pub prefixes: Vec<Option<String>>,
}

/// The group, and for one user of a legacy log their streams
/// (`<user>.<session-id>`) and `ERRORS`; a structured log is one stream
/// whose events are filtered in the console.
pub fn plan(server: &Server, user: Option<&str>) -> Plan {
    let structured = !server.structured_log_destinations.is_empty();
    let prefixes = match user {
        Some(user) if !structured => vec![Some(format!("{user}.")), Some("ERRORS".to_string())],
        _ => vec![None],
    };
    Plan {
        group: server_log_group(server),
        prefixes,
    }
}

/// Why the logs could not be printed.
#[derive(Debug)]
pub enum Failure {
    Aws(AwsError),
    /// The group does not exist.
    NoGroup {
        group: String,
        logging_set: bool,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Aws(err) => write!(f, "{err}"),
            Self::NoGroup {
                group,
                logging_set: true,
            } => write!(
                f,
                "the log group {group} does not exist: logging is set, so either nobody has connected since it was set, or the server cannot write there (the logging role's permissions, or a structured destination that was deleted)"
            ),
            Self::NoGroup {
                group,
                logging_set: false,
            } => write!(
                f,
                "the log group {group} does not exist: the server has no LoggingRole and no StructuredLogDestinations, so it writes no logs"
            ),
        }
    }
}

/// Prints the window, then follows when asked. `out` gets the events;
/// `notes` what a person reading along should know (nothing found, a
/// window cut short, a poll that failed and will be tried again).
pub async fn run(
    session: &Session,
    request: &Request,
    out: &mut dyn Write,
    notes: &mut dyn Write,
    cancel: CancellationToken,
) -> Result<(), Failure> {
    let server = aws::transfer::describe_server(session, &request.server)
        .await
        .map_err(Failure::Aws)?;
    let plan = plan(&server, request.user.as_deref());
    let (start_ms, end_ms) = request.window.bounds(now_ms());
    let end = (!request.window.is_recent()).then_some(end_ms);
    let (events, truncated) = match read(session, &plan, start_ms, end).await {
        Ok(read) => read,
        Err(AwsError::NotFound { .. }) => {
            return Err(Failure::NoGroup {
                group: plan.group,
                logging_set: server_logs(&server),
            });
        }
        Err(err) => return Err(Failure::Aws(err)),
    };
    let mut printer = Printer {
        out,
        json: request.json,
        user: request.user.as_deref().map(UserFilter::new),
        seen: SeenEvents::default(),
        newest_ms: start_ms,
        closed: false,
    };
    let shown = printer.show(events);
    if truncated {
        let _ = writeln!(
            notes,
            "transfer-console logs: more than {MAX_PAGES} pages in {}: the newest events of the window were not read; narrow it with --since or --start/--end",
            inert(&plan.group)
        );
    }
    if shown == 0 {
        let _ = writeln!(
            notes,
            "transfer-console logs: no events{} in {} ({})",
            request
                .user
                .as_deref()
                .map(|user| format!(" of {}", inert(user)))
                .unwrap_or_default(),
            inert(&plan.group),
            window_label(&request.window)
        );
    }
    let Some(every) = request.follow else {
        return Ok(());
    };
    while !printer.closed {
        tokio::select! {
            _ = cancel.cancelled() => return Ok(()),
            _ = tokio::time::sleep(every) => {}
        }
        let since = printer.newest_ms.saturating_sub(OVERLAP_MS);
        match read(session, &plan, since, None).await {
            Ok((events, _)) => {
                printer.show(events);
                printer.seen.forget_before(since.saturating_sub(OVERLAP_MS));
            }
            // Passing trouble: said, and tried again at the next poll.
            Err(
                err @ (AwsError::Throttled { .. }
                | AwsError::Network { .. }
                | AwsError::Timeout { .. }),
            ) => {
                let _ = writeln!(
                    notes,
                    "transfer-console logs: {} (trying again)",
                    inert(&err.to_string())
                );
            }
            Err(err) => return Err(Failure::Aws(err)),
        }
    }
    Ok(())
}

fn window_label(window: &TimeWindow) -> String {
    match window {
        TimeWindow::Range { start_ms, end_ms } => {
            format!("{} to {}", format_utc(*start_ms), format_utc(*end_ms))
        }
        recent => recent.to_string(),
    }
}

/// Every prefix's events from `start_ms`, oldest first.
async fn read(
    session: &Session,
    plan: &Plan,
    start_ms: i64,
    end_ms: Option<i64>,
) -> Result<(Vec<ActivityEvent>, bool), AwsError> {
    let mut events = Vec::new();
    let mut truncated = false;
    for prefix in &plan.prefixes {
        let query = LogQuery {
            group: plan.group.clone(),
            start_ms,
            end_ms,
            stream_prefix: prefix.clone(),
            ..LogQuery::default()
        };
        let read = logs::filter_window(session, &query, MAX_PAGES).await?;
        truncated |= read.truncated;
        events.extend(read.events.iter().map(ActivityEvent::parse));
    }
    events.sort_by(|a, b| {
        a.timestamp_ms
            .cmp(&b.timestamp_ms)
            .then_with(|| a.event_id.cmp(&b.event_id))
    });
    Ok((events, truncated))
}

struct Printer<'a> {
    out: &'a mut dyn Write,
    json: bool,
    user: Option<UserFilter>,
    seen: SeenEvents,
    newest_ms: i64,
    /// The reader went away (`| head`): nothing more to print.
    closed: bool,
}

impl Printer<'_> {
    /// Prints the events not shown before; how many it printed.
    fn show(&mut self, events: Vec<ActivityEvent>) -> usize {
        let mut shown = 0;
        for event in events {
            self.newest_ms = self.newest_ms.max(event.timestamp_ms);
            if !self.seen.first_time(&event) {
                continue;
            }
            if let Some(filter) = &mut self.user
                && !filter.admit(&event)
            {
                continue;
            }
            let line = if self.json {
                json_line(&event)
            } else {
                text_line(&event)
            };
            if writeln!(self.out, "{line}").is_err() {
                self.closed = true;
                return shown;
            }
            shown += 1;
        }
        if self.out.flush().is_err() {
            self.closed = true;
        }
        shown
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules_testing_estate;

    fn server() -> Server {
        rules_testing_estate().servers[0].server.clone()
    }

    #[test]
    fn a_legacy_user_is_read_by_stream_prefix_and_errors() {
        let mut server = server();
        server.structured_log_destinations.clear();
        let plan = plan(&server, Some("partner-a"));
        assert_eq!(plan.group, format!("/aws/transfer/{}", server.id()));
        assert_eq!(
            plan.prefixes,
            [Some("partner-a.".to_string()), Some("ERRORS".to_string())]
        );
        assert_eq!(super::plan(&server, None).prefixes, [None]);
    }

    #[test]
    fn a_structured_log_is_read_whole_from_its_destination() {
        let mut server = server();
        server.structured_log_destinations =
            vec!["arn:aws:logs:ap-northeast-1:123456789012:log-group:/custom/transfer:*".into()];
        let plan = plan(&server, Some("partner-a"));
        assert_eq!(plan.group, "/custom/transfer");
        assert_eq!(plan.prefixes, [None]);
    }

    #[test]
    fn a_missing_group_says_what_it_can_mean() {
        let set = Failure::NoGroup {
            group: "/aws/transfer/x".into(),
            logging_set: true,
        };
        assert!(set.to_string().contains("nobody has connected"));
        let unset = Failure::NoGroup {
            group: "/aws/transfer/x".into(),
            logging_set: false,
        };
        assert!(unset.to_string().contains("writes no logs"));
    }
}
