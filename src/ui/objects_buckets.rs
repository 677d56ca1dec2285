//! The bucket list, the way into the S3 browser.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, list_filter};
use crate::app::objects::{BucketColumn, BucketsPane, BucketsState};
use crate::model::AwsError;
use crate::model::objects::utc_second;

pub fn draw(frame: &mut Frame, area: Rect, pane: &BucketsPane, theme: &Theme) {
    let title = match &pane.state {
        BucketsState::Loading(_) => " Buckets (loading…) ".to_string(),
        BucketsState::Loaded => format!(
            " Buckets ({}) ",
            list_filter::count(&pane.list, pane.buckets.len())
        ),
        BucketsState::Failed(_) => " Buckets (failed) ".to_string(),
    };
    let block = list_filter::block(frame, area, title, &pane.list, theme);
    if let BucketsState::Failed(err) = &pane.state {
        let mut lines = vec![Line::from(Span::styled(format!("✗ {err}"), theme.error()))];
        if matches!(err, AwsError::AccessDenied { .. }) {
            lines.push(Line::default());
            lines.push(Line::from(
                "Roles without s3:ListAllMyBuckets can still browse one bucket:",
            ));
            lines.push(Line::from(Span::styled(
                "  transfer-console --bucket NAME",
                theme.key(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    if pane.buckets.is_empty() {
        let text = match pane.state {
            BucketsState::Loading(_) => "Listing buckets…",
            _ => "No buckets in this account.",
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim())).block(block),
            area,
        );
        return;
    }
    let rows = pane.shown().map(|bucket| {
        Row::new([
            Cell::from(bucket.name.as_str()),
            Cell::from(bucket.created.map_or_else(|| "-".into(), utc_second)),
        ])
    });
    let table = Table::new(rows, [Constraint::Min(20), Constraint::Length(19)])
        .header(
            Row::new([
                pane.list.header(BucketColumn::Name, "BUCKET"),
                pane.list.header(BucketColumn::Created, "CREATED (UTC)"),
            ])
            .style(theme.header()),
        )
        .block(block)
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}
