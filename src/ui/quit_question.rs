//! The question `q` asks while a restart is between stop and start.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::QuitQuestion;

pub fn draw(frame: &mut Frame, area: Rect, question: &QuitQuestion, theme: &Theme) {
    let mut lines: Vec<Line> = question
        .lines()
        .into_iter()
        .map(|line| Line::from(Span::styled(line, theme.text())))
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::styled(" quit, leaving it OFFLINE   ", theme.error()),
        Span::styled("Enter / Esc / n", theme.key()),
        Span::styled(" stay", theme.dim()),
    ]));
    super::dialog::popup_of_width(frame, area, 72, question.title(), lines, theme);
}
