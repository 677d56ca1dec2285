//! The `?` overlay, built from the live keymap so that it cannot drift from
//! what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::keymap::{Action, Binding, GLOBAL};

const WIDTH: u16 = 56;

/// Draws the global keys and those of the pane on top, from line `scroll`
/// when they do not all fit.
pub fn draw(frame: &mut Frame, area: Rect, pane_keys: &[&[Binding]], scroll: u16, theme: &Theme) {
    let lines = lines(pane_keys, theme);
    let inner = WIDTH.min(area.width).saturating_sub(2);
    let total = lines
        .iter()
        .map(|line| super::dialog::wrapped_rows(line, inner))
        .fold(0u16, u16::saturating_add);
    let height = total.saturating_add(2).min(area.height);
    let visible = height.saturating_sub(2);
    let scroll = scroll.min(total.saturating_sub(visible));
    let title = if total > visible {
        format!(" Keys ({}/{total}, ↑↓ scroll) ", scroll + visible)
    } else {
        " Keys ".to_string()
    };
    let rect = super::centered(area, WIDTH, height);
    super::clear_box(frame, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border())
                    .title(Span::styled(title, theme.title())),
            ),
        rect,
    );
}

fn lines<'a>(pane_keys: &[&'a [Binding]], theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled("Everywhere", theme.header()))];
    lines.extend(
        GLOBAL
            .iter()
            .filter(|b| !b.label.is_empty())
            .map(|binding| binding_line(binding, theme)),
    );
    // No blank line before the pane's keys: with `:` among the global keys
    // the busiest pane (custom-IdP users) still fits 80×24 unscrolled.
    lines.push(Line::from(Span::styled("This pane", theme.header())));
    let bindings: Vec<&Binding> = pane_keys.iter().flat_map(|table| table.iter()).collect();
    // The six ways to move through a list take one line, not six.
    let moves = bindings.iter().filter(|b| is_move(b.action)).count();
    if moves > 0 {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<14}", "↑↓ jk PgUp/Dn"), theme.key()),
            Span::styled("move; g / G first, last", theme.text()),
        ]));
    }
    lines.extend(
        bindings
            .into_iter()
            // A key documented on its sibling's line has no label of its own.
            .filter(|b| !b.label.is_empty() && !is_move(b.action))
            .map(|binding| binding_line(binding, theme)),
    );
    lines
}

fn is_move(action: Action) -> bool {
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
        Span::styled(format!("  {:<14}", binding.label), theme.key()),
        Span::styled(binding.help, theme.text()),
    ])
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::keymap::LIST;

    fn screen(height: u16, scroll: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(60, height)).unwrap();
        terminal
            .draw(|frame| {
                let area = frame.area();
                draw(frame, area, &[LIST], scroll, &Theme::monochrome());
            })
            .unwrap();
        format!("{:?}", terminal.backend().buffer())
    }

    #[test]
    fn a_help_taller_than_its_area_scrolls_and_stops_at_the_end() {
        let last = LIST.last().unwrap().help;
        let top = screen(8, 0);
        assert!(top.contains("↑↓ scroll"), "{top}");
        assert!(!top.contains(last), "{top}");
        let bottom = screen(8, 40); // past the end: clamped
        assert!(bottom.contains(last), "{bottom}");
        // Everywhere (7 lines), This pane, the moves, Enter: 10.
        assert!(bottom.contains("(10/10"), "{bottom}");
        let whole = screen(20, 0);
        assert!(whole.contains(last) && !whole.contains("scroll"), "{whole}");
    }
}
