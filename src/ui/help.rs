//! The `?` overlay, built from the live keymap so that it cannot drift from
//! what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
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
    super::dialog::popup_of_width(frame, area, 44, "Keys", lines, theme);
}

fn binding_line<'a>(binding: &'a Binding, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("  {:<12}", binding.label), theme.key()),
        Span::styled(binding.help, theme.text()),
    ])
}
