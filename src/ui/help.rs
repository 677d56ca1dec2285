//! The `?` overlay, built from the live keymap so that it cannot drift from
//! what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Theme, centered};
use crate::app::keymap::{Binding, GLOBAL};

/// Draws the global keys and those of the pane on top.
pub fn draw(frame: &mut Frame, area: Rect, pane_keys: &[Binding], theme: &Theme) {
    let sections: [(&str, &[Binding]); 2] = [("Everywhere", GLOBAL), ("This pane", pane_keys)];
    let mut lines = Vec::new();
    for (title, bindings) in sections {
        lines.push(Line::from(Span::styled(title, theme.header())));
        for binding in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", binding.label), theme.key()),
                Span::styled(binding.help, theme.text()),
            ]));
        }
        lines.push(Line::default());
    }
    lines.pop();
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 44, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(" Keys ", theme.title())),
        ),
        popup,
    );
}
