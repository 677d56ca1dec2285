//! The pane's time window (`model::activity::TimeWindow`): how it is
//! named on screen, what it asks the worker for, and the typed start and
//! end split into the two times the model parses.

use super::message::LogRange;
use crate::model::activity::TimeWindow;
use crate::model::activity::window::format_utc;

const MINUTE_MS: i64 = 60_000;

/// "last 1 h", or a typed range's two ends.
pub fn label(window: &TimeWindow) -> String {
    match *window {
        TimeWindow::Range { start_ms, end_ms } => {
            format!("{} – {}", format_utc(start_ms), format_utc(end_ms))
        }
        TimeWindow::Last15Minutes => "last 15 min".into(),
        TimeWindow::LastHour => "last 1 h".into(),
        TimeWindow::Last24Hours => "last 24 h".into(),
        TimeWindow::Last7Days => "last 7 d".into(),
        TimeWindow::Recent { minutes } => format!("last {minutes} min"),
    }
}

/// What the worker reads: a recent window is resolved against its clock.
pub fn range(window: &TimeWindow) -> LogRange {
    match (*window, window.minutes()) {
        (TimeWindow::Range { start_ms, end_ms }, _) => LogRange::Between { start_ms, end_ms },
        (_, minutes) => LogRange::Last {
            ms: i64::from(minutes.unwrap_or(60)) * MINUTE_MS,
        },
    }
}

/// A typed window: `START END`, `START .. END`, each as the model reads a
/// time (`2026-12-01T09:00`, `2026-12-01 09:00`, `09:12`, `now`); a time
/// alone is of the day of `now_ms`.
pub fn parse_typed(text: &str, now_ms: i64) -> Result<TimeWindow, String> {
    let (start, end) = match text.split_once("..") {
        Some((start, end)) => (start.trim().to_string(), end.trim().to_string()),
        None => {
            let words: Vec<&str> = text.split_whitespace().collect();
            match words.as_slice() {
                [start, end] => (start.to_string(), end.to_string()),
                // Each a date and a time with a space between.
                [d1, t1, d2, t2] => (format!("{d1} {t1}"), format!("{d2} {t2}")),
                _ => {
                    return Err(
                        "type a start and an end, e.g. 2026-12-01T09:00 2026-12-01T09:30".into(),
                    );
                }
            }
        }
    };
    TimeWindow::parse_range(&start, &end, now_ms).map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-01 09:00:00 UTC.
    const T0: i64 = 1_796_115_600_000;

    #[test]
    fn a_typed_window_reads_both_spellings_in_utc() {
        let err = parse_typed("2026-12-01T09:00 2026-12-01 09:30:15", T0).unwrap_err();
        assert!(err.contains("start and an end"), "{err}");
        let window = TimeWindow::Range {
            start_ms: T0,
            end_ms: T0 + 1_815_000,
        };
        assert_eq!(
            parse_typed("2026-12-01T09:00Z .. 2026-12-01T09:30:15", T0),
            Ok(window)
        );
        assert_eq!(
            parse_typed("2026-12-01 09:00 2026-12-01 09:30:15", T0),
            Ok(window)
        );
        assert_eq!(parse_typed("09:00 09:30:15", T0 + 3_600_000), Ok(window));
        assert_eq!(
            label(&window),
            "2026-12-01 09:00:00Z – 2026-12-01 09:30:15Z"
        );
        assert_eq!(
            range(&window),
            LogRange::Between {
                start_ms: T0,
                end_ms: T0 + 1_815_000
            }
        );
        assert_eq!(
            range(&TimeWindow::Last24Hours),
            LogRange::Last { ms: 86_400_000 }
        );
    }

    #[test]
    fn a_bad_window_says_what_is_wrong() {
        for (typed, says) in [
            ("2026-12-01T09:00 2026-12-01T08:00", "2026-12-01T08:00"),
            ("yesterday", "start and an end"),
            ("2026-12-01T25:00 2026-12-02T01:00", "25:00"),
        ] {
            let err = parse_typed(typed, T0).expect_err(typed);
            assert!(err.contains(says), "{typed}: {err}");
        }
    }
}
