//! The one-line key hint on the bottom edge of every pane, made from the
//! pane's key tables (the same ones `?` lists in full), so that it cannot
//! drift from what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::keymap::{Action, Binding};

/// The last item, always shown: where the rest is.
const MORE: (&str, &str) = ("?", "all keys");
const GAP: &str = "  ";

/// Writes the hint over the longest stretch of plain border on the bottom
/// row of `area`, where the pane's block ends. A dialog or a message that
/// covers the edge keeps its place: the hint takes only what is left.
pub fn draw(frame: &mut Frame, area: Rect, tables: &[&[Binding]], theme: &Theme) {
    if area.height < 3 || area.width < 4 {
        return;
    }
    let y = area.bottom() - 1;
    let buffer = frame.buffer_mut();
    let (mut best, mut start) = ((0u16, 0u16), None);
    for x in area.left() + 1..area.right() - 1 {
        if buffer[(x, y)].symbol() == "─" {
            let from = *start.get_or_insert(x);
            if x + 1 - from > best.1 {
                best = (from, x + 1 - from);
            }
        } else {
            start = None;
        }
    }
    // One cell of border on each side of the text.
    let room = usize::from(best.1.saturating_sub(2));
    let Some(line) = line(tables, room, theme) else {
        return;
    };
    let rect = Rect::new(best.0 + 1, y, line.width() as u16, 1);
    frame.render_widget(line, rect);
}

/// The hint as wide as `room` allows, keys in table order, `? all keys`
/// last; `None` when not even that fits.
pub fn line<'a>(tables: &[&'a [Binding]], room: usize, theme: &Theme) -> Option<Line<'a>> {
    let width = |(key, text): (&str, &str)| key.chars().count() + 1 + text.chars().count();
    let mut used = width(MORE) + 2;
    if used > room {
        return None;
    }
    let mut items = Vec::new();
    for item in tables
        .iter()
        .flat_map(|table| table.iter())
        .filter_map(item)
    {
        let more = width(item) + GAP.len();
        if used + more > room {
            break;
        }
        used += more;
        items.push(item);
    }
    items.push(MORE);
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, text)) in items.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(GAP));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {text}"), theme.dim()));
    }
    spans.push(Span::raw(" "));
    Some(Line::from(spans))
}

/// A binding as `(key, what)`: the first of its keys, and its help up to
/// the detail (`edit PassiveIp (FTP/FTPS)` → `edit PassiveIp`, `doctor:
/// check this server` → `doctor`). The moves, which every list shares, and
/// keys documented on a sibling's line are left to `?`.
fn item(binding: &Binding) -> Option<(&str, &str)> {
    let moves = matches!(
        binding.action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
    );
    if moves || binding.label.is_empty() {
        return None;
    }
    let key = binding.label.split(" / ").next().unwrap_or(binding.label);
    let text = binding.help;
    // A closing aside is detail (`reveal the password (10 s)`); one inside
    // the sentence is part of it (`add (import) an SSH key`).
    let text = match text.rsplit_once(" (") {
        Some((before, _)) if text.ends_with(')') => before,
        _ => text,
    };
    let text = text.split(": ").next().unwrap_or(text);
    Some((key, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{COPY, LIST, SERVERS};

    fn text(line: &Line) -> String {
        line.spans
            .iter()
            .map(|span| span.content.as_ref())
            .collect()
    }

    #[test]
    fn the_hint_comes_from_the_tables_and_ends_with_the_way_to_the_rest() {
        let theme = Theme::monochrome();
        let tables: &[&[Binding]] = &[SERVERS, COPY, LIST];
        let wide = text(&line(tables, 200, &theme).unwrap());
        assert_eq!(
            wide,
            " d doctor  D doctor all  u the server's users  P probe  \
             y copy id / ARN / hostname  Enter open the selected row  ? all keys "
        );
        // Narrower: the first keys stay, `?` is never cut.
        let narrow = text(&line(tables, 40, &theme).unwrap());
        assert_eq!(narrow, " d doctor  D doctor all  ? all keys ");
        assert!(line(tables, 5, &theme).is_none());
    }
}
