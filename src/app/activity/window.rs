//! The pane's time window: a preset span up to now, or a typed start and
//! end (UTC).

use super::message::LogRange;

const MINUTE_MS: i64 = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Minutes15,
    Hour,
    Day,
    Week,
    /// Typed: both ends inclusive, milliseconds since the epoch.
    Between {
        start_ms: i64,
        end_ms: i64,
    },
}

impl Window {
    /// The presets `w` steps through.
    pub const PRESETS: [Window; 4] = [Self::Minutes15, Self::Hour, Self::Day, Self::Week];

    pub fn label(&self) -> String {
        match self {
            Self::Minutes15 => "last 15 min".into(),
            Self::Hour => "last 1 h".into(),
            Self::Day => "last 24 h".into(),
            Self::Week => "last 7 d".into(),
            Self::Between { start_ms, end_ms } => format!(
                "{} – {}",
                crate::model::objects::utc_second(start_ms / 1000),
                crate::model::objects::utc_second(end_ms / 1000)
            ),
        }
    }

    /// The preset after this one; a typed window goes back to the first.
    pub fn next(self) -> Self {
        match self {
            Self::Minutes15 => Self::Hour,
            Self::Hour => Self::Day,
            Self::Day => Self::Week,
            Self::Week | Self::Between { .. } => Self::Minutes15,
        }
    }

    pub fn range(&self) -> LogRange {
        let minutes = match *self {
            Self::Minutes15 => 15,
            Self::Hour => 60,
            Self::Day => 24 * 60,
            Self::Week => 7 * 24 * 60,
            Self::Between { start_ms, end_ms } => {
                return LogRange::Between { start_ms, end_ms };
            }
        };
        LogRange::Last {
            ms: minutes * MINUTE_MS,
        }
    }
}

/// A typed window, `START END` or `START .. END`, each
/// `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS][Z]`, in UTC.
pub fn parse_between(text: &str) -> Result<Window, String> {
    let text = text.trim().replace(" .. ", "..").replace("..", " ");
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (start, end) = match parts.as_slice() {
        [start, end] => (start.to_string(), end.to_string()),
        // Each given as date and time separated by a space.
        [d1, t1, d2, t2] => (format!("{d1}T{t1}"), format!("{d2}T{t2}")),
        _ => {
            return Err("type a start and an end, e.g. 2026-12-01T09:00 2026-12-01T09:30".into());
        }
    };
    let start_ms = parse_instant(&start)?;
    let end_ms = parse_instant(&end)?;
    if end_ms <= start_ms {
        return Err(format!(
            "the end ({end}) must come after the start ({start})"
        ));
    }
    Ok(Window::Between { start_ms, end_ms })
}

/// `YYYY-MM-DDTHH:MM[:SS][Z]` (UTC) to milliseconds since the epoch.
fn parse_instant(text: &str) -> Result<i64, String> {
    let bad = || format!("{text:?} is not a time such as 2026-12-01T09:00 (UTC)");
    let text = text.strip_suffix('Z').unwrap_or(text);
    let (date, time) = text.split_once('T').ok_or_else(bad)?;
    let date: Vec<i64> = numbers(date, '-').ok_or_else(bad)?;
    let time: Vec<i64> = numbers(time, ':').ok_or_else(bad)?;
    let [year, month, day] = date[..] else {
        return Err(bad());
    };
    let (hour, minute, second) = match time[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return Err(bad()),
    };
    let valid = (1970..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..60).contains(&second);
    if !valid {
        return Err(bad());
    }
    let days = days_from_civil(year, month, day);
    Ok(((days * 24 + hour) * 60 + minute) * MINUTE_MS + second * 1000)
}

fn numbers(text: &str, separator: char) -> Option<Vec<i64>> {
    text.split(separator)
        .map(|part| {
            (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_window_reads_both_spellings_in_utc() {
        let err = parse_between("2026-12-01T09:00 2026-12-01 09:30:15").unwrap_err();
        assert!(err.contains("start and an end"), "{err}");
        assert_eq!(
            parse_between("2026-12-01T09:00Z .. 2026-12-01T09:30:15"),
            Ok(Window::Between {
                start_ms: 1_796_115_600_000,
                end_ms: 1_796_117_415_000
            })
        );
        assert_eq!(
            parse_between("2026-12-01 09:00 2026-12-01 09:30:15"),
            parse_between("2026-12-01T09:00 2026-12-01T09:30:15")
        );
        assert_eq!(
            Window::Between {
                start_ms: 1_796_115_600_000,
                end_ms: 1_796_117_415_000
            }
            .label(),
            "2026-12-01 09:00:00 – 2026-12-01 09:30:15"
        );
    }

    #[test]
    fn a_bad_window_says_what_is_wrong() {
        for (typed, says) in [
            ("2026-02-30T09:00 2026-03-01T09:00", "not a time"),
            ("2026-12-01T09:00 2026-12-01T08:00", "must come after"),
            ("yesterday", "start and an end"),
            ("2026-12-01T25:00 2026-12-02T01:00", "not a time"),
            ("2026-12-01T09:00 2026-12-01T+9:30", "not a time"),
        ] {
            let err = parse_between(typed).expect_err(typed);
            assert!(err.contains(says), "{typed}: {err}");
        }
    }
}
