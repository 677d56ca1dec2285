//! A server's tags: key and value a row (text from AWS, made inert), and
//! the form and question of a change.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

use super::{Theme, draw_confirm, draw_form};
use crate::app::Listing;
use crate::app::tags::{TagsDialog, TagsPane};
use crate::model::tags::MAX_TAGS;
use crate::model::text::inert;

pub fn draw(frame: &mut Frame, area: Rect, pane: &TagsPane, theme: &Theme) {
    let title = match &pane.listing {
        Listing::Loading(_) if pane.rows.is_empty() => {
            format!(" Tags of {} (listing…) ", pane.server_id)
        }
        _ => format!(
            " Tags of {} ({} of {MAX_TAGS}) ",
            pane.server_id,
            pane.rows.len()
        ),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let failed = matches!(pane.listing, Listing::Failed(_));
    let [problem, list] =
        Layout::vertical([Constraint::Length(u16::from(failed)), Constraint::Min(1)]).areas(inner);
    let texts = (pane.rows.len(), "No tags: n adds one.", "Listing tags…");
    if super::draw_listing_state(
        frame,
        [problem, list],
        &pane.listing,
        "ListTagsForResource",
        texts,
        theme,
    ) {
        let rows = pane.rows.iter().map(|tag| {
            Row::new([
                Cell::from(inert(&tag.key).into_owned()),
                Cell::from(inert(&tag.value).into_owned()),
            ])
        });
        let header = Row::new(["KEY", "VALUE"]).style(theme.header());
        let table = Table::new(rows, [Constraint::Percentage(40), Constraint::Min(10)])
            .header(header)
            .row_highlight_style(theme.selection());
        let mut state = TableState::default().with_selected(Some(pane.cursor.selected()));
        frame.render_stateful_widget(table, list, &mut state);
    }
    match &pane.dialog {
        None => {}
        Some(TagsDialog::Edit(form)) => draw_form(frame, area, form, theme),
        Some(TagsDialog::Confirm { confirm, .. }) => draw_confirm(frame, area, confirm, theme),
    }
}
