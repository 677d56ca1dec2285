//! `:messages`: the last messages of the status bar, with their times, so
//! that one replaced by the next key press or cut to the width of the
//! terminal can still be read in full.

use std::collections::VecDeque;

use super::NoticeLevel;

/// How many messages are kept; older ones are dropped.
pub const KEPT: usize = 200;

/// The time of day a message is stamped with (`HH:MM:SS`, UTC). A plain
/// function so that tests can fix it; reading the clock is no I/O.
pub type Clock = fn() -> String;

pub fn utc_clock() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub at: String,
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Debug)]
pub struct MessageLog {
    entries: VecDeque<Logged>,
    /// Shown over the panes (`:messages`); Esc closes it.
    pub open: bool,
    /// Lines scrolled up from the newest message at the bottom.
    pub scroll: usize,
    pub clock: Clock,
}

impl Default for MessageLog {
    fn default() -> Self {
        Self {
            entries: VecDeque::new(),
            open: false,
            scroll: 0,
            clock: utc_clock,
        }
    }
}

impl MessageLog {
    pub fn push(&mut self, level: NoticeLevel, text: &str) {
        if self.entries.len() == KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back(Logged {
            at: (self.clock)(),
            level,
            text: text.to_string(),
        });
    }

    /// Oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Logged> + ExactSizeIterator {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn show(&mut self) {
        self.open = true;
        self.scroll = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_200_with_their_times() {
        let mut log = MessageLog {
            clock: || "01:02:03".to_string(),
            ..MessageLog::default()
        };
        for n in 0..250 {
            log.push(NoticeLevel::Info, &format!("message {n}"));
        }
        assert_eq!(log.len(), KEPT);
        let first = log.entries().next().expect("entries");
        assert_eq!(first.text, "message 50");
        assert_eq!(first.at, "01:02:03");
        assert_eq!(
            log.entries().last().map(|m| m.text.as_str()),
            Some("message 249")
        );
    }
}
