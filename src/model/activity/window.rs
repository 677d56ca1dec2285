//! The span of time a log is read over: one of the usual recent windows,
//! or a typed start and end.
//!
//! Typed times are UTC unless they carry an offset. The grammar is small on
//! purpose, so that an operator can tell from the error what to type:
//!
//! - `now`
//! - RFC 3339: `2026-11-30T09:00:00Z`, `2026-11-30T10:00:00+01:00`
//!   (fractions of a second accepted)
//! - a date and a time in UTC: `2026-11-30 09:00`, `2026-11-30 09:00:30`
//!   (`T` in place of the space too)
//! - a date alone: `2026-11-30` (midnight UTC)
//! - a time alone: `09:12`, `09:12:30` (today, UTC)
//!
//! A `--since` style duration is a number and a unit: `15m`, `1h`, `24h`,
//! `7d`.

use std::fmt;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

const MINUTE_MS: i64 = 60_000;
const DAY_MINUTES: u32 = 24 * 60;
/// How far back a `--since` may reach: CloudWatch keeps what retention
/// says, but a window past a year is a typing slip.
const LONGEST_MINUTES: u32 = 366 * DAY_MINUTES;

/// A window of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeWindow {
    Last15Minutes,
    LastHour,
    Last24Hours,
    Last7Days,
    /// Any other recent span (`--since 90m`).
    Recent {
        minutes: u32,
    },
    /// A typed start and end, milliseconds since the Unix epoch, both
    /// inclusive, start before end.
    Range {
        start_ms: i64,
        end_ms: i64,
    },
}

impl TimeWindow {
    /// The windows offered in turn (the pane cycles through them).
    pub const PRESETS: [TimeWindow; 4] = [
        Self::Last15Minutes,
        Self::LastHour,
        Self::Last24Hours,
        Self::Last7Days,
    ];

    /// Where the window starts and ends at `now_ms`.
    pub fn bounds(&self, now_ms: i64) -> (i64, i64) {
        match *self {
            Self::Range { start_ms, end_ms } => (start_ms, end_ms),
            recent => {
                let minutes = i64::from(recent.minutes().unwrap_or(0));
                (now_ms.saturating_sub(minutes * MINUTE_MS), now_ms)
            }
        }
    }

    /// How many minutes back a recent window reaches; `None` for a range.
    pub fn minutes(&self) -> Option<u32> {
        match *self {
            Self::Last15Minutes => Some(15),
            Self::LastHour => Some(60),
            Self::Last24Hours => Some(DAY_MINUTES),
            Self::Last7Days => Some(7 * DAY_MINUTES),
            Self::Recent { minutes } => Some(minutes),
            Self::Range { .. } => None,
        }
    }

    /// Whether the window moves with the clock (follow mode needs one).
    pub fn is_recent(&self) -> bool {
        !matches!(self, Self::Range { .. })
    }

    /// The next preset after this one, wrapping; a typed range goes back to
    /// the first.
    pub fn next_preset(&self) -> Self {
        let at = Self::PRESETS.iter().position(|preset| preset == self);
        match at {
            Some(at) => Self::PRESETS[(at + 1) % Self::PRESETS.len()],
            None => Self::PRESETS[0],
        }
    }

    /// A `--since` duration: a whole number and `m`, `h` or `d`.
    pub fn parse_since(text: &str) -> Result<Self, TimeError> {
        let text = text.trim();
        let Some(unit) = text.chars().last() else {
            return Err(TimeError::Empty);
        };
        let per_unit = match unit {
            'm' => 1,
            'h' => 60,
            'd' => DAY_MINUTES,
            _ => return Err(TimeError::SinceShape(text.to_string())),
        };
        let number = &text[..text.len() - 1];
        let count: u32 = match number.parse() {
            Ok(count) if number.chars().all(|c| c.is_ascii_digit()) => count,
            _ => return Err(TimeError::SinceShape(text.to_string())),
        };
        let minutes = count
            .checked_mul(per_unit)
            .filter(|minutes| (1..=LONGEST_MINUTES).contains(minutes))
            .ok_or_else(|| TimeError::SinceTooLong(text.to_string()))?;
        Ok(Self::of_minutes(minutes))
    }

    /// A typed start and end (see the module's grammar), read at `now_ms`.
    pub fn parse_range(start: &str, end: &str, now_ms: i64) -> Result<Self, TimeError> {
        let start_ms = parse_instant(start, now_ms).map_err(|err| err.at("start"))?;
        let end_ms = parse_instant(end, now_ms).map_err(|err| err.at("end"))?;
        if start_ms >= end_ms {
            return Err(TimeError::Backwards {
                start: start.trim().to_string(),
                end: end.trim().to_string(),
            });
        }
        Ok(Self::Range { start_ms, end_ms })
    }

    fn of_minutes(minutes: u32) -> Self {
        Self::PRESETS
            .into_iter()
            .find(|preset| preset.minutes() == Some(minutes))
            .unwrap_or(Self::Recent { minutes })
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Last15Minutes => f.write_str("last 15 minutes"),
            Self::LastHour => f.write_str("last hour"),
            Self::Last24Hours => f.write_str("last 24 hours"),
            Self::Last7Days => f.write_str("last 7 days"),
            Self::Recent { minutes } if minutes % DAY_MINUTES == 0 => {
                write!(f, "last {} days", minutes / DAY_MINUTES)
            }
            Self::Recent { minutes } if minutes % 60 == 0 => {
                write!(f, "last {} hours", minutes / 60)
            }
            Self::Recent { minutes } => write!(f, "last {minutes} minutes"),
            Self::Range { start_ms, end_ms } => {
                write!(f, "{} to {}", format_utc(start_ms), format_utc(end_ms))
            }
        }
    }
}

/// Why a typed time or duration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("no time given: type e.g. 2026-11-30 09:00, 09:12 (today, UTC) or now")]
    Empty,
    #[error(
        "{0:?} is not a time: use 2026-11-30 09:00 (UTC), 2026-11-30T09:00:00Z, 2026-11-30, 09:12 (today, UTC) or now"
    )]
    Shape(String),
    #[error("{0:?} is not a date: {1}")]
    BadDate(String, &'static str),
    #[error("{0:?} is not a time of day: {1}")]
    BadTime(String, &'static str),
    #[error("{0:?} is out of the range of dates the console reads")]
    OutOfRange(String),
    #[error("{0:?} is not a duration: use a whole number and m, h or d (15m, 1h, 24h, 7d)")]
    SinceShape(String),
    #[error("{0:?} is not a window: from 1 minute to 366 days")]
    SinceTooLong(String),
    #[error("the start ({start}) is not before the end ({end})")]
    Backwards { start: String, end: String },
    #[error("{which}: {error}")]
    In {
        which: &'static str,
        error: Box<TimeError>,
    },
}

impl TimeError {
    fn at(self, which: &'static str) -> Self {
        Self::In {
            which,
            error: Box::new(self),
        }
    }
}

/// One typed instant (the module's grammar) in milliseconds since the
/// Unix epoch, reading a time alone as today in UTC at `now_ms`.
pub fn parse_instant(text: &str, now_ms: i64) -> Result<i64, TimeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeError::Empty);
    }
    if text.eq_ignore_ascii_case("now") {
        return Ok(now_ms);
    }
    if !text.is_ascii() {
        return Err(TimeError::Shape(text.to_string()));
    }
    // A time alone: HH:MM or HH:MM:SS.
    if text.len() <= 8 && text.as_bytes().get(2) == Some(&b':') {
        let today = utc(now_ms)
            .ok_or_else(|| TimeError::OutOfRange(text.to_string()))?
            .date();
        let (time, rest) = time_of_day(text, text)?;
        if !rest.is_empty() {
            return Err(TimeError::Shape(text.to_string()));
        }
        return Ok(millis(PrimitiveDateTime::new(today, time).assume_utc()));
    }
    let (date, rest) = date(text)?;
    if rest.is_empty() {
        return Ok(millis(date.midnight().assume_utc()));
    }
    let Some(rest) = rest.strip_prefix(['T', 't', ' ']) else {
        return Err(TimeError::Shape(text.to_string()));
    };
    let (time, rest) = time_of_day(rest, text)?;
    let rest = skip_fraction(rest);
    let offset_seconds = offset(rest, text)?;
    let at = PrimitiveDateTime::new(date, time).assume_utc();
    Ok(millis(at) - offset_seconds * 1000)
}

/// `ms` as `2026-11-30 09:00:00Z`, for windows, reports and text lines.
pub fn format_utc(ms: i64) -> String {
    let Some(at) = utc(ms) else {
        return format!("{ms}ms");
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `ms` as RFC 3339 with milliseconds (`2026-11-30T09:00:00.123Z`), for
/// JSON output.
pub fn format_rfc3339(ms: i64) -> String {
    let Some(at) = utc(ms) else {
        return format!("{ms}ms");
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

fn utc(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

fn millis(at: OffsetDateTime) -> i64 {
    at.unix_timestamp() * 1000 + i64::from(at.millisecond())
}

/// `YYYY-MM-DD` at the start of `text`, and what follows.
fn date(text: &str) -> Result<(Date, &str), TimeError> {
    let shape = || TimeError::Shape(text.to_string());
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(shape());
    }
    let year: i32 = digits(&text[0..4]).ok_or_else(shape)? as i32;
    let month = digits(&text[5..7]).ok_or_else(shape)?;
    let day = digits(&text[8..10]).ok_or_else(shape)?;
    let month = u8::try_from(month)
        .ok()
        .and_then(|month| Month::try_from(month).ok())
        .ok_or_else(|| TimeError::BadDate(text.to_string(), "the month is not 01 to 12"))?;
    let day = u8::try_from(day).unwrap_or(0);
    let date = Date::from_calendar_date(year, month, day)
        .map_err(|_| TimeError::BadDate(text.to_string(), "that month has no such day"))?;
    Ok((date, &text[10..]))
}

/// `HH:MM` or `HH:MM:SS` at the start of `text`, and what follows.
fn time_of_day<'a>(text: &'a str, whole: &str) -> Result<(Time, &'a str), TimeError> {
    let shape = || TimeError::Shape(whole.to_string());
    let bytes = text.as_bytes();
    if bytes.len() < 5 || bytes[2] != b':' {
        return Err(shape());
    }
    let hour = digits(&text[0..2]).ok_or_else(shape)?;
    let minute = digits(&text[3..5]).ok_or_else(shape)?;
    let (second, rest) = if bytes.get(5) == Some(&b':') {
        let second = text.get(6..8).and_then(digits).ok_or_else(shape)?;
        (second, &text[8..])
    } else {
        (0, &text[5..])
    };
    if hour > 23 {
        return Err(TimeError::BadTime(
            whole.to_string(),
            "the hour is not 00 to 23",
        ));
    }
    if minute > 59 {
        return Err(TimeError::BadTime(
            whole.to_string(),
            "the minute is not 00 to 59",
        ));
    }
    if second > 59 {
        return Err(TimeError::BadTime(
            whole.to_string(),
            "the second is not 00 to 59",
        ));
    }
    // Each is checked above, so the conversion cannot fail.
    let time = Time::from_hms(hour as u8, minute as u8, second as u8).map_err(|_| shape())?;
    Ok((time, rest))
}

fn skip_fraction(text: &str) -> &str {
    match text.strip_prefix('.') {
        Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => text,
    }
}

/// `Z`, `+HH:MM`, `-HH:MM` or nothing (UTC), in seconds east of UTC.
fn offset(text: &str, whole: &str) -> Result<i64, TimeError> {
    let shape = || TimeError::Shape(whole.to_string());
    match text {
        "" | "Z" | "z" => return Ok(0),
        _ => {}
    }
    let (sign, rest) = match text.as_bytes()[0] {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return Err(shape()),
    };
    if rest.len() != 5 || rest.as_bytes()[2] != b':' {
        return Err(shape());
    }
    let hours = digits(&rest[0..2]).ok_or_else(shape)?;
    let minutes = digits(&rest[3..5]).ok_or_else(shape)?;
    if hours > 23 || minutes > 59 {
        return Err(TimeError::BadTime(
            whole.to_string(),
            "the offset is not -23:59 to +23:59",
        ));
    }
    Ok(sign * i64::from(hours * 3600 + minutes * 60))
}

/// A run of ASCII digits only (no sign, no space).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-11-30 10:30:00Z.
    const NOW: i64 = 1_796_034_600_000;

    #[test]
    fn now_is_what_the_tests_think_it_is() {
        assert_eq!(format_utc(NOW), "2026-11-30 10:30:00Z");
    }

    #[test]
    fn presets_reach_back_from_now() {
        assert_eq!(
            TimeWindow::Last15Minutes.bounds(NOW),
            (NOW - 15 * 60_000, NOW)
        );
        assert_eq!(TimeWindow::Last7Days.bounds(NOW).0, NOW - 7 * 86_400_000);
        assert_eq!(TimeWindow::LastHour.to_string(), "last hour");
    }

    #[test]
    fn since_maps_onto_the_presets_and_keeps_other_spans() {
        assert_eq!(TimeWindow::parse_since("1h"), Ok(TimeWindow::LastHour));
        assert_eq!(TimeWindow::parse_since("60m"), Ok(TimeWindow::LastHour));
        assert_eq!(TimeWindow::parse_since("1d"), Ok(TimeWindow::Last24Hours));
        assert_eq!(TimeWindow::parse_since("7d"), Ok(TimeWindow::Last7Days));
        assert_eq!(
            TimeWindow::parse_since("90m"),
            Ok(TimeWindow::Recent { minutes: 90 })
        );
        assert_eq!(
            TimeWindow::Recent { minutes: 120 }.to_string(),
            "last 2 hours"
        );
    }

    #[test]
    fn since_refuses_what_it_cannot_read() {
        for bad in [
            "",
            "1",
            "h",
            "1w",
            "-1h",
            "+1h",
            "0m",
            "1.5h",
            "400d",
            "99999999999d",
        ] {
            let err = TimeWindow::parse_since(bad).expect_err(bad);
            assert!(!err.to_string().is_empty());
        }
        assert!(
            TimeWindow::parse_since("1w")
                .unwrap_err()
                .to_string()
                .contains("m, h or d")
        );
    }

    #[test]
    fn each_shape_of_the_grammar_reads() {
        let nine = NOW - 90 * 60_000; // 2026-11-30 09:00:00Z
        for text in [
            "2026-11-30 09:00",
            "2026-11-30T09:00",
            "2026-11-30 09:00:00",
            "2026-11-30T09:00:00Z",
            "2026-11-30T09:00:00.000Z",
            "2026-11-30T10:00:00+01:00",
            "2026-11-30T04:30:00-04:30",
            "09:00",
            "09:00:00",
            " 09:00 ",
        ] {
            assert_eq!(parse_instant(text, NOW), Ok(nine), "{text}");
        }
        assert_eq!(parse_instant("now", NOW), Ok(NOW));
        assert_eq!(
            parse_instant("2026-11-30", NOW),
            Ok(NOW - (10 * 60 + 30) * 60_000)
        );
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let cases = [
            ("", "no time given"),
            ("yesterday", "is not a time"),
            ("2026-13-01", "month is not 01 to 12"),
            ("2026-02-30", "no such day"),
            ("24:00", "hour is not 00 to 23"),
            ("09:60", "minute is not 00 to 59"),
            ("2026-11-30 09:00:61", "second is not 00 to 59"),
            ("2026-11-30T09:00+25:00", "offset"),
            ("2026-11-30X09:00", "is not a time"),
            ("09:12 pm", "is not a time"),
            ("é9:12", "is not a time"),
        ];
        for (text, says) in cases {
            let err = parse_instant(text, NOW).expect_err(text).to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }

    #[test]
    fn a_range_names_the_end_that_is_wrong_and_refuses_going_backwards() {
        assert_eq!(
            TimeWindow::parse_range("09:00", "10:00", NOW),
            Ok(TimeWindow::Range {
                start_ms: NOW - 90 * 60_000,
                end_ms: NOW - 30 * 60_000
            })
        );
        let err = TimeWindow::parse_range("09:00", "10:61", NOW).unwrap_err();
        assert!(err.to_string().starts_with("end: "), "{err}");
        let err = TimeWindow::parse_range("bad", "10:00", NOW).unwrap_err();
        assert!(err.to_string().starts_with("start: "), "{err}");
        let err = TimeWindow::parse_range("10:00", "09:00", NOW).unwrap_err();
        assert!(err.to_string().contains("not before"), "{err}");
        let window = TimeWindow::parse_range("09:00", "10:00", NOW).unwrap();
        assert_eq!(
            window.to_string(),
            "2026-11-30 09:00:00Z to 2026-11-30 10:00:00Z"
        );
        assert!(!window.is_recent());
        assert_eq!(window.next_preset(), TimeWindow::Last15Minutes);
    }

    #[test]
    fn presets_cycle() {
        let mut window = TimeWindow::Last15Minutes;
        for _ in 0..4 {
            window = window.next_preset();
        }
        assert_eq!(window, TimeWindow::Last15Minutes);
    }

    #[test]
    fn rfc3339_output_keeps_milliseconds() {
        assert_eq!(format_rfc3339(NOW + 7), "2026-11-30T10:30:00.007Z");
    }

    proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(text in "\\PC{0,40}", now in any::<i64>()) {
            let _ = parse_instant(&text, now);
            let _ = TimeWindow::parse_since(&text);
        }

        #[test]
        fn near_misses_of_the_grammar_never_panic(text in "[0-9T:Z+ .-]{0,30}") {
            let _ = parse_instant(&text, NOW);
        }

        #[test]
        fn a_formatted_time_reads_back(ms in 0i64..4_102_444_800_000) {
            let whole_seconds = ms - ms.rem_euclid(1000);
            let text = format_utc(whole_seconds).replace('Z', "");
            prop_assert_eq!(parse_instant(&text, NOW), Ok(whole_seconds));
            prop_assert_eq!(parse_instant(&format_rfc3339(ms), NOW), Ok(whole_seconds));
        }
    }
}
