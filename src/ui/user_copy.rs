//! A bulk user copy: the plan (each user, what is copied or why it is
//! skipped), then each user's result as it comes, and the summary. User
//! names and reasons quote AWS and are made inert; no secret value is
//! ever at hand here, only key names.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::Theme;
use crate::app::user_copy::{CopyRow, RowState, Stage, UserCopyPane, outcome_text};
use crate::model::text::inert;
use crate::model::user_copy::{CopyOutcome, Step};

pub fn draw(frame: &mut Frame, area: Rect, pane: &UserCopyPane, theme: &Theme) {
    let title = format!(
        " Copy users: {} → {} ",
        pane.from.server_id, pane.to.server_id
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let scopes = if pane.from.scope == pane.to.scope {
        format!("In {}.", scope_label(&pane.from.scope))
    } else {
        format!(
            "From {} to {}.",
            scope_label(&pane.from.scope),
            scope_label(&pane.to.scope)
        )
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(scopes, theme.dim())),
            Line::from(Span::styled(
                "A user the target has already is skipped, never overwritten.",
                theme.dim(),
            )),
        ]),
        head,
    );
    match &pane.stage {
        Stage::Surveying(_) => frame.render_widget(
            Paragraph::new(Span::styled(
                "Reading the users of both servers…",
                theme.dim(),
            )),
            list,
        ),
        Stage::SurveyFailed(err) => frame.render_widget(
            Paragraph::new(Span::styled(
                format!("✗ the servers could not be read: {err}"),
                theme.error(),
            ))
            .wrap(Wrap { trim: true }),
            list,
        ),
        _ if pane.rows.is_empty() => frame.render_widget(
            Paragraph::new(Span::styled("The source has no users.", theme.dim())),
            list,
        ),
        _ => draw_rows(frame, list, pane, theme),
    }
    let (text, style) = footer(pane, theme);
    frame.render_widget(
        Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true }),
        foot,
    );
}

fn draw_rows(frame: &mut Frame, area: Rect, pane: &UserCopyPane, theme: &Theme) {
    // A reason is often longer than its cell: the selected row's is
    // written out whole under the table.
    let [area, whole] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(area);
    if let Some(row) = pane.rows.get(pane.cursor.selected()) {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{}: {}", inert(&row.user), inert(&detail(row))),
                theme.text(),
            ))
            .wrap(Wrap { trim: true }),
            whole,
        );
    }
    let rows = pane.rows.iter().map(|row| {
        let (status, style) = status(row, theme);
        Row::new([
            Cell::from(inert(&row.user).into_owned()),
            Cell::from(Span::styled(status, style)),
            Cell::from(inert(&detail(row)).into_owned()),
        ])
    });
    let header = Row::new(["USER", "STATUS", "COPIED / WHY"]).style(theme.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(15),
            Constraint::Min(10),
        ],
    )
    .header(header)
    .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The status column: what the plan does, then how the copy went.
fn status(row: &CopyRow, theme: &Theme) -> (&'static str, Style) {
    match (&row.state, &row.step) {
        (RowState::Done(outcome), _) => {
            let style = match outcome {
                CopyOutcome::Copied { anyway: None } => theme.ok(),
                CopyOutcome::Copied { .. } | CopyOutcome::Skipped { .. } => theme.warning(),
                CopyOutcome::Failed { .. } => theme.error(),
            };
            (outcome.label(), style)
        }
        (RowState::Copying(_), _) => ("copying…", theme.text()),
        (RowState::Waiting, _) => ("waiting", theme.dim()),
        (RowState::Planned, Step::Copy { .. }) => ("will copy", theme.text()),
        (RowState::Planned, Step::Skip { .. }) => ("skip", theme.warning()),
    }
}

/// What is copied, or why not, or how the copy ended.
fn detail(row: &CopyRow) -> String {
    match (&row.state, &row.step) {
        (RowState::Done(CopyOutcome::Copied { anyway: None }), Step::Copy { what, .. }) => {
            what.clone()
        }
        (RowState::Done(outcome), _) => outcome_text(outcome),
        (_, Step::Copy { what, .. }) => what.clone(),
        (_, Step::Skip { why }) => why.clone(),
    }
}

fn footer(pane: &UserCopyPane, theme: &Theme) -> (String, Style) {
    match &pane.stage {
        Stage::Planned if pane.to_copy() == 0 => (
            "Nothing to copy: every user is skipped. Esc closes.".into(),
            theme.warning(),
        ),
        Stage::Planned => (
            format!(
                "y copies {} user{} to {} · Esc closes without copying",
                pane.to_copy(),
                if pane.to_copy() == 1 { "" } else { "s" },
                pane.to.server_id
            ),
            theme.key(),
        ),
        Stage::Copying => (
            "Copying, a few at a time; each result shows as it comes.".into(),
            theme.dim(),
        ),
        Stage::Done => (
            format!("Done: {}.", pane.summary().unwrap_or_default()),
            theme.title(),
        ),
        Stage::Surveying(_) | Stage::SurveyFailed(_) => (String::new(), theme.dim()),
    }
}

fn scope_label(scope: &crate::model::scope::Scope) -> String {
    match &scope.profile {
        Some(profile) => format!("{} (profile {profile})", scope.region),
        None => scope.region.clone(),
    }
}
