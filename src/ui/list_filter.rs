//! A list's `/` filter in the bottom edge of its box, shared by the lists
//! that filter (servers, users, findings).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::Theme;
use crate::app::fuzzy::ListFilter;
use crate::app::list_view::{Column, ListView};

const PROMPT: &str = " filter: ";

/// The bottom edge while a filter is typed or applied.
pub fn bottom_line<'a>(filter: &ListFilter, theme: &Theme) -> Option<Line<'a>> {
    if let Some(input) = &filter.input {
        return Some(Line::from(vec![
            Span::styled(PROMPT, theme.key()),
            Span::raw(input.value().to_string()),
            Span::styled("  Enter keep · Esc clear ", theme.dim()),
        ]));
    }
    (!filter.text.is_empty()).then(|| {
        Line::from(vec![
            Span::styled(format!(" filter \"{}\" ", filter.text), theme.key()),
            Span::styled("(/ edit · Esc clear) ", theme.dim()),
        ])
    })
}

/// The box of a list drawn at `area`: its title on top, the filter in the
/// bottom edge, and the typing cursor there while the filter is typed.
pub fn block<C: Column>(
    frame: &mut Frame,
    area: Rect,
    title: String,
    list: &ListView<C>,
    theme: &Theme,
) -> Block<'static> {
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    if let Some(line) = bottom_line(&list.filter, theme) {
        block = block.title_bottom(line);
    }
    place_cursor(frame, area, &list.filter);
    block
}

/// A list's count for its title: "12", or "3 of 12" while the filter
/// hides rows.
pub fn count<C: Column>(list: &ListView<C>, total: usize) -> String {
    if list.is_filtered() {
        format!("{} of {total}", list.len())
    } else {
        total.to_string()
    }
}

/// Puts the typing cursor after the filter text in the bottom edge of `area`.
pub fn place_cursor(frame: &mut Frame, area: Rect, filter: &ListFilter) {
    let Some(input) = &filter.input else {
        return;
    };
    let x = area.x + 1 + PROMPT.len() as u16 + input.visual_cursor() as u16;
    if x < area.right() && area.height > 0 {
        frame.set_cursor_position((x, area.bottom() - 1));
    }
}
