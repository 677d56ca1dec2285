//! `:messages`: the last messages with their times, newest at the bottom,
//! over the pane. Long messages wrap here, so what the status bar cut can
//! be read in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::NoticeLevel;
use crate::app::message_log::MessageLog;
use crate::model::text::inert;

/// `HH:MM:SS  ` before each message.
const TIME_WIDTH: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, log: &MessageLog, theme: &Theme) {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" Messages ({}, times UTC) ", log.len()),
            theme.title(),
        ))
        .title_bottom(Span::styled(
            " ↑↓ PgUp PgDn scroll · Esc closes ",
            theme.dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_width = usize::from(inner.width).saturating_sub(TIME_WIDTH).max(10);
    let mut lines: Vec<Line> = Vec::new();
    if log.is_empty() {
        lines.push(Line::from(Span::styled(" no messages yet", theme.dim())));
    }
    // The newest `scroll` messages are scrolled off the bottom.
    let shown = log.len().saturating_sub(log.scroll);
    for message in log.entries().take(shown) {
        let style = match message.level {
            NoticeLevel::Info => theme.text(),
            NoticeLevel::Warning => theme.warning(),
            NoticeLevel::Error => theme.error(),
        };
        let text = inert(&message.text);
        for (i, piece) in wrap(&text, text_width).into_iter().enumerate() {
            let time = if i == 0 {
                format!("{:<TIME_WIDTH$}", message.at)
            } else {
                " ".repeat(TIME_WIDTH)
            };
            lines.push(Line::from(vec![
                Span::styled(time, theme.dim()),
                Span::styled(piece, style),
            ]));
        }
    }
    let skip = lines.len().saturating_sub(usize::from(inner.height));
    frame.render_widget(Paragraph::new(lines.split_off(skip)), inner);
}

/// `text` in pieces of at most `width` characters, broken at spaces
/// where one is near.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > width {
        let cut = rest[..=width]
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|at| *at > width / 2)
            .unwrap_or(width);
        pieces.push(rest[..cut].iter().collect::<String>());
        rest.drain(..cut);
        while rest.first() == Some(&' ') {
            rest.remove(0);
        }
    }
    pieces.push(rest.into_iter().collect());
    pieces
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        assert_eq!(wrap("aaa bbb ccc", 7), ["aaa bbb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("short", 10), ["short"]);
    }
}
