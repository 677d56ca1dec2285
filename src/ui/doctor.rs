//! The Doctor pane: findings on top, the selected one's evidence and fix
//! below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, list_filter};
use crate::app::{DoctorPane, DoctorState, FindingColumn};
use crate::doctor::{Finding, FixAction, Severity};
use crate::model::text::inert;

/// Characters of the RESOURCE column.
const RESOURCE_WIDTH: usize = 28;

/// Wide enough for WARNING and ERROR.
const SEVERITY_WIDTH: u16 = 8;

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
            Cell::from(resource_label(&finding.resource, RESOURCE_WIDTH)),
            Cell::from(finding.title.as_str()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(SEVERITY_WIDTH),
            Constraint::Length(RESOURCE_WIDTH as u16),
            Constraint::Min(20),
        ],
    )
    .header(
        Row::new([
            // SEVERITY fills its column: the sort arrow takes its last letter.
            pane.list
                .header_in(FindingColumn::Severity, "SEVERITY", SEVERITY_WIDTH),
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
        if let Some(action) = &fix.action {
            let what = match action {
                FixAction::EditUserSecret { .. } => " to edit the user's secret in its users pane",
                FixAction::ReviewOrphanSecrets => " to review the orphaned secrets",
                _ => " to make this change from the console",
            };
            unwrapped.push(Line::from(vec![
                Span::styled("      press ", theme.dim()),
                Span::styled("f", theme.key()),
                Span::styled(what, theme.dim()),
            ]));
        }
    }
    unwrapped.push(Line::from(vec![
        Span::styled("      press ", theme.dim()),
        Span::styled("Enter", theme.key()),
        Span::styled(" to open ", theme.dim()),
        Span::raw(inert(&finding.resource).into_owned()),
    ]));
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

/// The RESOURCE cell: a user secret as `user · s-6be7…a5f` (the user
/// first: it tells rows apart), anything longer than `width` cut in the
/// middle, so that both ends stay. The detail's title has the full name.
fn resource_label(resource: &str, width: usize) -> String {
    let resource = inert(resource);
    let parts: Vec<&str> = resource.split('/').collect();
    let label = match parts.iter().position(|part| is_server_id(part)) {
        Some(at) if at + 1 < parts.len() => {
            format!("{} · {}", parts[at + 1..].join("/"), short_id(parts[at]))
        }
        _ => resource.to_string(),
    };
    super::cut_middle(&label, width)
}

fn is_server_id(text: &str) -> bool {
    text.strip_prefix("s-")
        .is_some_and(|hex| hex.len() == 17 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `s-6be756271a1b2a5f` as `s-6be7…a5f`.
fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 3..].iter().collect();
    format!("{head}…{tail}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_secret_shows_its_user_first_and_rows_stay_apart() {
        let erp = resource_label("aws/transfer/s-6be756271a1b2ca5f/erp", RESOURCE_WIDTH);
        let batch = resource_label(
            "aws/transfer/s-6be756271a1b2ca5f/nightly-batch",
            RESOURCE_WIDTH,
        );
        assert_eq!(erp, "erp · s-6be7…a5f");
        assert_eq!(batch, "nightly-batch · s-6be7…a5f");
        let long = resource_label(
            "aws/transfer/s-6be756271a1b2ca5f/a-very-long-user-name-for-sure",
            RESOURCE_WIDTH,
        );
        assert_eq!(long.chars().count(), RESOURCE_WIDTH, "{long}");
        assert!(
            long.starts_with("a-very-long") && long.ends_with("…a5f"),
            "{long}"
        );
        assert_eq!(
            resource_label("s-6be756271a1b2ca5f", 24),
            "s-6be756271a1b2ca5f"
        );
        assert_eq!(crate::ui::cut_middle("abcdefghij", 5), "ab…ij");
        assert!(
            !resource_label("aws/transfer/s-6be756271a1b2ca5f/\u{1b}[2J", 28).contains('\u{1b}')
        );
    }
}
