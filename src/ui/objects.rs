//! One S3 prefix: a line of what is loaded so far, then the rows. Only the
//! rows on screen are built, so a frame costs the same for 100 or 100,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Gauge, Paragraph, Row, Table, TableState, Wrap};

use super::Theme;
use crate::app::objects::{Dialog, Download, ObjectsPane, Paging};
use crate::model::objects::{EntryKind, human_size, utc_second};

pub fn draw(frame: &mut Frame, area: Rect, pane: &ObjectsPane, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(format!(" {} ", pane.url()), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let footer = u16::from(pane.filter_input.is_some()) + u16::from(pane.download.is_some());
    let [summary, problem, rows, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2 * u16::from(matches!(pane.paging, Paging::Failed(_)))),
        Constraint::Min(1),
        Constraint::Length(footer),
    ])
    .areas(inner);
    frame.render_widget(summary_line(pane, theme), summary);
    if let Paging::Failed(err) = &pane.paging {
        let line = Line::from(Span::styled(
            format!("✗ listing {} failed: {err}", pane.url()),
            theme.error(),
        ));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), problem);
    }
    draw_rows(frame, rows, pane, theme);
    draw_footer(frame, bottom, pane, theme);

    match &pane.dialog {
        Some(Dialog::DownloadTo { form, .. }) => super::draw_form(frame, area, form, theme),
        Some(Dialog::Overwrite { confirm, .. } | Dialog::Delete { confirm, .. }) => {
            super::draw_confirm(frame, area, confirm, theme)
        }
        None => {}
    }
    if let Some(overlay) = &pane.overlay {
        super::objects_view::draw(frame, area, overlay, theme);
    }
}

/// `1,000 loaded · 3 folders · 997 objects · 2.0 MiB · more below (a: all)`.
fn summary_line<'a>(pane: &ObjectsPane, theme: &Theme) -> Line<'a> {
    let listing = &pane.listing;
    let state = match &pane.paging {
        Paging::NotStarted | Paging::Loading(_) if pane.pages == 0 => "listing…".to_string(),
        Paging::NotStarted | Paging::Loading(_) => format!("loading page {}…", pane.pages + 1),
        Paging::More(_) => "more on scroll (a: all)".to_string(),
        Paging::Complete => "all loaded".to_string(),
        Paging::Failed(_) => "incomplete".to_string(),
        Paging::Full => "stopped: too many names (open a longer prefix)".to_string(),
    };
    let mut spans = vec![
        Span::styled(
            format!(
                "{} · {} · {} ",
                counted(listing.folders, "folder"),
                counted(listing.objects, "object"),
                human_size(listing.bytes)
            ),
            theme.text(),
        ),
        Span::styled(format!("· {state} "), theme.dim()),
        Span::styled(format!("· sort: {} ", listing.order_label()), theme.dim()),
    ];
    if !listing.filter.is_empty() {
        spans.push(Span::styled(
            format!(
                "· filter \"{}\": {} shown",
                listing.filter,
                grouped(listing.len())
            ),
            theme.warning(),
        ));
    }
    Line::from(spans)
}

fn draw_rows(frame: &mut Frame, area: Rect, pane: &ObjectsPane, theme: &Theme) {
    let listing = &pane.listing;
    if listing.is_empty() {
        let text = match &pane.paging {
            Paging::NotStarted | Paging::Loading(_) => "Listing…",
            Paging::Failed(_) => "Nothing to show.",
            _ if !listing.filter.is_empty() => "No name matches the filter.",
            _ => "Nothing here: no objects under this prefix.",
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), area);
        return;
    }
    let height = area.height.saturating_sub(1).max(1) as usize; // minus the header
    let selected = pane.cursor.selected();
    // The selected row stays on screen, at the bottom when scrolling down.
    let offset = selected.saturating_sub(height - 1);
    let rows = (offset..(offset + height).min(listing.len())).filter_map(|position| {
        let (entry, name) = listing.row(position)?;
        Some(match entry.kind {
            EntryKind::Folder => Row::new([
                Cell::from(Span::styled(name, theme.key())),
                Cell::from(""),
                Cell::from(""),
            ]),
            EntryKind::Object => Row::new([
                Cell::from(name),
                Cell::from(Line::from(human_size(entry.size)).right_aligned()),
                Cell::from(utc_second(entry.modified)),
            ]),
        })
    });
    let header = Row::new([
        Cell::from("NAME"),
        Cell::from(Line::from("SIZE").right_aligned()),
        Cell::from("LAST MODIFIED (UTC)"),
    ])
    .style(theme.header());
    let table = Table::new(
        rows,
        [
            Constraint::Min(16),
            Constraint::Length(10),
            Constraint::Length(19),
        ],
    )
    .header(header)
    .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_footer(frame: &mut Frame, area: Rect, pane: &ObjectsPane, theme: &Theme) {
    let mut y = area.y;
    if let Some(input) = &pane.filter_input {
        let line = Line::from(vec![
            Span::styled("filter: ", theme.key()),
            Span::raw(input.value().to_string()),
            Span::styled("   Enter keep · Esc clear", theme.dim()),
        ]);
        frame.render_widget(
            Paragraph::new(line),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        frame.set_cursor_position((area.x + 8 + input.visual_cursor() as u16, y));
        y += 1;
    }
    if let Some(download) = &pane.download {
        draw_progress(
            frame,
            Rect {
                y,
                height: 1,
                ..area
            },
            download,
            theme,
        );
    }
}

fn draw_progress(frame: &mut Frame, area: Rect, download: &Download, theme: &Theme) {
    let name = download.key.rsplit('/').next().unwrap_or(&download.key);
    let (ratio, amount) = match download.total {
        Some(total) if total > 0 => (
            (download.done as f64 / total as f64).clamp(0.0, 1.0),
            format!("{} / {}", human_size(download.done), human_size(total)),
        ),
        _ => (0.0, human_size(download.done)),
    };
    let what = if download.cancelling {
        "cancelling"
    } else {
        "c cancels"
    };
    let label = format!("{name} → {}: {amount} ({what})", download.dest.display());
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme.ok())
            .ratio(ratio)
            .label(label),
        area,
    );
}

/// `100000` → `100,000`.
/// "1 folder", "12,000 objects".
fn counted(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", grouped(n))
}

fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(100_000), "100,000");
    }
}
