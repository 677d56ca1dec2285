//! The `?` overlay, built from the live keymap so that it cannot drift from
//! what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Theme, centered};
use crate::app::keymap::{Binding, GLOBAL};

/// Draws the global keys and those of the pane on top.
pub fn draw(frame: &mut Frame, area: Rect, pane_keys: &[&[Binding]], theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled("Everywhere", theme.header()))];
    lines.extend(GLOBAL.iter().map(|binding| binding_line(binding, theme)));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("This pane", theme.header())));
    lines.extend(
        pane_keys
            .iter()
            .flat_map(|table| table.iter())
            .map(|binding| binding_line(binding, theme)),
    );
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

fn binding_line<'a>(binding: &'a Binding, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("  {:<12}", binding.label), theme.key()),
        Span::styled(binding.help, theme.text()),
    ])
}
