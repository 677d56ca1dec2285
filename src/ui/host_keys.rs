//! A server's host keys: one row per key, oldest first, with its type,
//! fingerprint, date and description (text from AWS, made inert); the
//! forms and questions over them. The private key is never drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::{Theme, draw_confirm, draw_form};
use crate::app::Listing;
use crate::app::host_keys::{HostKeysDialog, HostKeysPane};
use crate::model::text::inert;

pub fn draw(frame: &mut Frame, area: Rect, pane: &HostKeysPane, theme: &Theme) {
    let title = match &pane.listing {
        Listing::Loading(_) if pane.rows.is_empty() => {
            format!(" Host keys of {} (listing…) ", pane.server_id)
        }
        _ => format!(" Host keys of {} ({}) ", pane.server_id, pane.rows.len()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let failed = matches!(pane.listing, Listing::Failed(_));
    let [problem, list, note] = Layout::vertical([
        Constraint::Length(u16::from(failed)),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let texts = (
        pane.rows.len(),
        "No host keys listed: i imports one.",
        "Listing host keys…",
    );
    if super::draw_listing_state(
        frame,
        [problem, list],
        &pane.listing,
        "ListHostKeys",
        texts,
        theme,
    ) {
        // Two lines a key: the id above its fingerprint (whole even at 80
        // columns), the type above the date imported; the description takes
        // what is left.
        let rows = pane.rows.iter().map(|key| {
            let imported = key.imported.as_deref().unwrap_or("-");
            Row::new([
                Cell::from(Text::from(vec![
                    Line::from(key.id.as_str()),
                    Line::from(key.fingerprint.as_str()),
                ])),
                Cell::from(Text::from(vec![
                    Line::from(key.kind.as_str()),
                    Line::from(imported.get(..10).unwrap_or(imported)),
                ])),
                Cell::from(inert(&key.description).into_owned()),
            ])
            .height(2)
        });
        let header = Row::new(["KEY ID / FINGERPRINT", "TYPE / IMPORTED", "DESCRIPTION"])
            .style(theme.header());
        let table = Table::new(
            rows,
            [
                Constraint::Length(50),
                Constraint::Length(19),
                Constraint::Min(5),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selection());
        let mut state = TableState::default().with_selected(Some(pane.cursor.selected()));
        frame.render_stateful_widget(table, list, &mut state);
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            "Clients are shown the oldest key of each type; DescribeServer's fingerprint is the oldest key's.",
            theme.dim(),
        ))
        .wrap(ratatui::widgets::Wrap { trim: true }),
        note,
    );
    match &pane.dialog {
        None => {}
        Some(HostKeysDialog::Import(form) | HostKeysDialog::Describe { form, .. }) => {
            draw_form(frame, area, form, theme)
        }
        Some(HostKeysDialog::Confirm { confirm, .. }) => draw_confirm(frame, area, confirm, theme),
    }
}
