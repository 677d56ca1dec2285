//! The Activity pane's commands and answers.

use std::time::Duration;

use crate::app::RequestId;
use crate::model::AwsError;
use crate::model::activity::ActivityEvent;

/// Which log a read is for: the server's own, or its Lambda identity
/// provider's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSide {
    Server,
    Lambda,
}

/// The time span of a read. `Last` is resolved against the clock by the
/// worker (the app reads no clock); the answer says what it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogRange {
    /// The last `ms` milliseconds up to now.
    Last { ms: i64 },
    /// Both ends inclusive, milliseconds since the epoch.
    Between { start_ms: i64, end_ms: i64 },
    /// From `start_ms` with no end (follow mode's polls).
    Since { start_ms: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityCmd {
    /// One FilterLogEvents page of `group` over `range`, from `next`.
    Read {
        req: RequestId,
        side: LogSide,
        group: String,
        range: LogRange,
        next: Option<String>,
        /// A follow poll waits this long first, holding no call slot.
        delay: Option<Duration>,
    },
}

/// One page, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventPage {
    pub events: Vec<ActivityEvent>,
    pub next: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ActivityMsg {
    PageRead {
        req: RequestId,
        side: LogSide,
        /// The range as read: `Last` resolved to its two ends.
        range: LogRange,
        result: Result<EventPage, AwsError>,
    },
}
