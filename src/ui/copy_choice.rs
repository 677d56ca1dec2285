//! The `y` chooser: what to copy, when a pane offers several things.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::CopyChoice;

pub fn draw(frame: &mut Frame, area: Rect, choice: &CopyChoice, theme: &Theme) {
    let mut lines: Vec<Line> = choice
        .options
        .iter()
        .enumerate()
        .map(|(i, (what, text))| {
            let style = if i == choice.selected {
                theme.selection()
            } else {
                theme.text()
            };
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme.key()),
                Span::styled(format!("{what:<16}"), theme.dim()),
                Span::styled(text.clone(), style),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Enter or 1-9 copies · Esc cancels",
        theme.dim(),
    )));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 2;
    super::dialog::popup_of_width(frame, area, width, "Copy", lines, theme);
}
