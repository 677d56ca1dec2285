//! The Doctor pane: findings on top, the selected one's evidence and fix
//! below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, list_filter};
use crate::app::{DoctorPane, DoctorState, FindingColumn};
use crate::doctor::{Finding, Severity};

pub fn draw(frame: &mut Frame, area: Rect, pane: &DoctorPane, theme: &Theme) {
    let scope = pane.scope.as_deref().unwrap_or("all servers");
    let (title, findings, summary) = match &pane.state {
        DoctorState::Gathering(_) => (format!(" Doctor: {scope} (gathering…) "), &[][..], None),
        DoctorState::Failed(err) => {
            let block = block(format!(" Doctor: {scope} "), theme);
            let text = Line::from(Span::styled(
                format!("The check could not run: {err}"),
                theme.error(),
            ));
            frame.render_widget(
                Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        DoctorState::Ready { findings, summary } => {
            // First, so that a narrow terminal still shows it.
            let shown = if pane.list.is_filtered() {
                format!(" {} of {} shown ·", pane.list.len(), findings.len())
            } else {
                String::new()
            };
            let again = match (&pane.again, &pane.again_failed) {
                (Some(_), _) => " · checking again…".to_string(),
                (None, Some(err)) => format!(" · ✗ checking again failed: {err}"),
                (None, None) => String::new(),
            };
            (
                format!(
                    " Doctor: {scope}:{shown} {} error(s), {} warning(s), {} note(s) · ${:.0}/month{again} ",
                    summary.errors, summary.warnings, summary.info, summary.monthly_cost_usd
                ),
                &findings[..],
                Some(summary),
            )
        }
    };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let list_block = list_filter::block(frame, list_area, title, &pane.list, theme);
    if findings.is_empty() {
        let text = match summary {
            None => "Gathering servers, endpoints, security groups and user secrets…",
            Some(_) => "No findings.",
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim())).block(list_block),
            area,
        );
        return;
    }
    let rows = pane.shown().map(|finding| {
        Row::new([
            Cell::from(Span::styled(
                finding.severity.label().to_uppercase(),
                severity_style(finding.severity, theme),
            )),
            Cell::from(finding.resource.as_str()),
            Cell::from(finding.title.as_str()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(24),
            Constraint::Min(20),
        ],
    )
    .header(
        Row::new([
            pane.list.header(FindingColumn::Severity, "SEVERITY"),
            pane.list.header(FindingColumn::Resource, "RESOURCE"),
            pane.list.header(FindingColumn::Finding, "FINDING"),
        ])
        .style(theme.header()),
    )
    .block(list_block)
    .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, list_area, &mut state);
    if let Some(finding) = pane.selected() {
        draw_detail(frame, detail_area, finding, theme);
    }
}

/// The evidence and advice wrap; the command does not: a command broken
/// over lines runs broken when pasted, so it keeps one line (cut at the
/// pane's edge if need be) and `y` copies all of it.
fn draw_detail(frame: &mut Frame, area: Rect, finding: &Finding, theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled(
        finding.title.clone(),
        severity_style(finding.severity, theme),
    ))];
    for evidence in &finding.evidence {
        lines.push(Line::from(vec![
            Span::styled("seen  ", theme.dim()),
            Span::raw(evidence.clone()),
        ]));
    }
    let mut unwrapped = Vec::new();
    if let Some(fix) = &finding.fix {
        lines.push(Line::from(vec![
            Span::styled("fix   ", theme.dim()),
            Span::raw(fix.advice.clone()),
        ]));
        if let Some(cli) = &fix.cli {
            unwrapped.push(Line::from(vec![
                Span::styled("cli   ", theme.dim()),
                Span::styled(format!("$ {cli}"), theme.key()),
            ]));
            unwrapped.push(Line::from(vec![
                Span::styled("      press ", theme.dim()),
                Span::styled("y", theme.key()),
                Span::styled(" to copy the whole command", theme.dim()),
            ]));
        }
        if fix.action.is_some() {
            unwrapped.push(Line::from(vec![
                Span::styled("      press ", theme.dim()),
                Span::styled("f", theme.key()),
                Span::styled(" to make this change from the console", theme.dim()),
            ]));
        }
    }
    let title = format!(" {} · {} ", finding.rule, finding.resource);
    let block = block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text_area, command_area] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(u16::try_from(unwrapped.len()).unwrap_or(u16::MAX)),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
    frame.render_widget(Paragraph::new(unwrapped), command_area);
}

fn block(title: String, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()))
}

fn severity_style(severity: Severity, theme: &Theme) -> Style {
    match severity {
        Severity::Error => theme.error(),
        Severity::Warning => theme.warning(),
        Severity::Info => theme.dim(),
    }
}
