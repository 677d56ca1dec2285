//! Runs the Activity pane's reads: one FilterLogEvents page each, parsed
//! into activity events here, off the UI loop.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Worker;
use crate::app::Msg;
use crate::app::activity::{ActivityCmd, ActivityMsg, EventPage, LogRange};
use crate::aws;
use crate::aws::logs::LogQuery;
use crate::model::activity::ActivityEvent;

/// Events asked for a page. AWS answers at most 1 MB a page, about this
/// many events of Transfer's; a small page reaches the screen sooner and
/// keeps what is in flight small beside a large window.
const PAGE_EVENTS: i32 = 2_500;

/// A follow poll waits before it runs (holding no call slot).
pub(super) fn delay_of(cmd: &crate::app::Cmd) -> Option<Duration> {
    match cmd {
        crate::app::Cmd::Activity(ActivityCmd::Read { delay, .. }) => *delay,
        _ => None,
    }
}

pub(super) async fn run(worker: &Worker, cmd: ActivityCmd) -> Msg {
    let ActivityCmd::Read {
        req,
        side,
        group,
        range,
        next,
        ..
    } = cmd;
    let (range, start_ms, end_ms) = resolve(range, now_ms());
    let query = LogQuery {
        group,
        start_ms,
        end_ms,
        limit: Some(PAGE_EVENTS),
        ..LogQuery::default()
    };
    let result = worker
        .with_session(|session| aws::logs::filter_page(session, &query, next))
        .await
        .map(|page| EventPage {
            // Each raw event is dropped once parsed: a page is never held twice.
            events: page
                .events
                .into_iter()
                .map(|raw| ActivityEvent::parse(&raw))
                .collect(),
            next: page.next,
        });
    Msg::Activity(ActivityMsg::PageRead {
        req,
        side,
        range,
        result,
    })
}

/// `Last` against the clock (the pane then pages through fixed ends), and
/// the start and end to ask for.
fn resolve(range: LogRange, now_ms: i64) -> (LogRange, i64, Option<i64>) {
    match range {
        LogRange::Last { ms } => {
            let start_ms = now_ms - ms;
            let fixed = LogRange::Between {
                start_ms,
                end_ms: now_ms,
            };
            (fixed, start_ms, Some(now_ms))
        }
        LogRange::Between { start_ms, end_ms } => (range, start_ms, Some(end_ms)),
        LogRange::Since { start_ms } => (range, start_ms, None),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64)
}
