//! The `?` overlay, built from the live keymap so that it cannot drift from
//! what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::keymap::{Action, Binding, GLOBAL};

/// Draws the global keys and those of the pane on top.
pub fn draw(frame: &mut Frame, area: Rect, pane_keys: &[&[Binding]], theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled("Everywhere", theme.header()))];
    lines.extend(
        GLOBAL
            .iter()
            .filter(|b| !b.label.is_empty())
            .map(|binding| binding_line(binding, theme)),
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("This pane", theme.header())));
    let bindings: Vec<&Binding> = pane_keys.iter().flat_map(|table| table.iter()).collect();
    // The movement keys of a list share one line, so that 80×24 shows the
    // pane's own keys in full.
    let moves: Vec<&str> = bindings
        .iter()
        .filter(|b| is_movement(b.action))
        .map(|b| b.label)
        .collect();
    if !moves.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("  move  ", theme.key()),
            Span::styled(moves.join(" ").replace(" / ", "/"), theme.text()),
        ]));
    }
    lines.extend(
        bindings
            .iter()
            // A key documented on its sibling's line has no label of its own.
            .filter(|b| !b.label.is_empty() && !is_movement(b.action))
            .map(|binding| binding_line(binding, theme)),
    );
    super::dialog::popup_of_width(frame, area, 44, "Keys", lines, theme);
}

fn is_movement(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
    )
}

fn binding_line<'a>(binding: &'a Binding, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("  {:<12}", binding.label), theme.key()),
        Span::styled(binding.help, theme.text()),
    ])
}
