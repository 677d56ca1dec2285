//! The Probe pane: each step live with its time and verdict, grouped by
//! address and protocol; the findings (what it means, the fix) below; and
//! the question before a login that was withheld for its risks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, draw_form};
use crate::app::{LiveStep, ProbeFocus, ProbePane, ProbeState};
use crate::probe::Verdict;

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

pub fn draw(frame: &mut Frame, area: Rect, pane: &ProbePane, spinner: usize, theme: &Theme) {
    let summary = pane.summary();
    let counts = format!(
        "{} passed, {} failed, {} skipped",
        summary.passed, summary.failed, summary.skipped
    );
    let status = match &pane.state {
        ProbeState::Asking => "where and as whom?".to_string(),
        ProbeState::Preparing => "reading the server's addresses…".to_string(),
        ProbeState::Running => format!("running ({counts}) · Esc cancels"),
        ProbeState::Done => counts,
        ProbeState::Cancelled => format!("cancelled ({counts})"),
        ProbeState::Failed(_) => "could not run".to_string(),
    };
    let title = format!(" Probe {}: {status} ", pane.server_id);
    let findings = pane.findings();
    let [steps_area, findings_area] = if findings.is_empty() {
        [area, Rect::default()]
    } else {
        Layout::vertical([Constraint::Min(6), Constraint::Percentage(40)]).areas(area)
    };
    if let ProbeState::Failed(err) = &pane.state {
        let text = Line::from(Span::styled(
            format!("The probe could not run: {err}"),
            theme.error(),
        ));
        frame.render_widget(
            Paragraph::new(text)
                .block(block(title, theme))
                .wrap(Wrap { trim: true }),
            area,
        );
    } else {
        draw_steps(frame, steps_area, pane, title, spinner, theme);
    }
    if !findings.is_empty() {
        let mut lines = Vec::new();
        let mut selected_line = 0;
        for (index, finding) in findings.iter().enumerate() {
            let selected = index == pane.cursor.selected();
            if selected {
                selected_line = lines.len();
            }
            let marker = if selected { "▶ " } else { "  " };
            let style = if selected {
                theme.selection()
            } else {
                theme.text()
            };
            lines.push(Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(
                    format!(
                        "{} {}: {}",
                        finding.protocol, finding.target, finding.meaning
                    ),
                    style,
                ),
            ]));
            if selected {
                lines.push(Line::from(vec![
                    Span::styled("  fix ", theme.dim()),
                    Span::raw(finding.fix.clone()),
                ]));
                if pane.selected_fix().is_some() {
                    lines.push(Line::from(vec![
                        Span::styled("      press ", theme.dim()),
                        Span::styled("f", theme.key()),
                        Span::styled(" to make this change from the console", theme.dim()),
                    ]));
                }
            }
        }
        let title = match pane.focus {
            ProbeFocus::Findings => " What it means (↑/↓, f: fix, Tab: the steps) ",
            ProbeFocus::Steps => " What it means (Tab) ",
        };
        let inner_width = findings_area.width.saturating_sub(2).max(1);
        let visible = findings_area.height.saturating_sub(2);
        let offset = scroll_to_selected(&lines, selected_line, inner_width, visible);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block(title.to_string(), theme))
                .wrap(Wrap { trim: false })
                .scroll((offset, 0)),
            findings_area,
        );
    }
    if let Some(form) = &pane.form {
        draw_form(frame, area, form, theme);
    }
    if pane.confirming {
        draw_withheld(frame, area, pane, theme);
    }
}

/// "Log in anyway?", naming each risk; no answer is preselected.
fn draw_withheld(frame: &mut Frame, area: Rect, pane: &ProbePane, theme: &Theme) {
    let mut lines = vec![Line::from(
        "The probe did not log in where the password could be read or land elsewhere:",
    )];
    for exposure in &pane.withheld {
        lines.push(Line::from(Span::styled(
            format!("- {} {}", exposure.protocol, exposure.describe()),
            theme.error(),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(
        "Run the probe again and send it there, accepting these risks?",
    ));
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::styled(" yes, send it   ", theme.dim()),
        Span::styled("n / Esc", theme.key()),
        Span::styled(" no", theme.dim()),
    ]));
    super::dialog::popup_of_width(frame, area, 76, "Send the password?", lines, theme);
}

fn draw_steps(
    frame: &mut Frame,
    area: Rect,
    pane: &ProbePane,
    title: String,
    spinner: usize,
    theme: &Theme,
) {
    let mut rows = Vec::new();
    let mut group = (String::new(), String::new());
    // The table row of each step (group headings take rows of their own).
    let mut row_of_step = Vec::with_capacity(pane.steps.len());
    for step in &pane.steps {
        if (step.protocol.clone(), step.target.clone()) != group {
            group = (step.protocol.clone(), step.target.clone());
            rows.push(Row::new([
                Cell::from(""),
                Cell::from(Span::styled(
                    format!("{} {}", step.protocol, step.target),
                    theme.header(),
                )),
            ]));
        }
        row_of_step.push(rows.len());
        rows.push(step_row(step, spinner, theme));
    }
    let count = rows.len();
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(26),
            Constraint::Length(8),
            Constraint::Min(20),
        ],
    )
    .header(Row::new(["VERDICT", "STEP", "TIME", "WHAT ANSWERED"]).style(theme.header()))
    .block(block(title, theme));
    if count == 0 {
        let text = match pane.state {
            ProbeState::Asking => "",
            _ => "Reading the server's addresses from AWS…",
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim()))
                .block(block(format!(" Probe {} ", pane.server_id), theme)),
            area,
        );
        return;
    }
    // The step the operator moved to (Tab, then ↑/↓, g, PgUp), else the
    // newest, kept in view.
    let focused = pane.focus == ProbeFocus::Steps;
    let selected = pane
        .steps_cursor
        .and_then(|cursor| row_of_step.get(cursor.selected()).copied())
        .unwrap_or(count - 1);
    let table = if focused {
        table.row_highlight_style(theme.selection())
    } else {
        table
    };
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn step_row(step: &LiveStep, spinner: usize, theme: &Theme) -> Row<'static> {
    let (verdict, style, time, detail) = match &step.result {
        None => (
            SPINNER[spinner % SPINNER.len()].to_string(),
            theme.dim(),
            String::new(),
            "…".to_string(),
        ),
        Some(result) => (
            result.verdict.label().to_string(),
            verdict_style(result.verdict, theme),
            format!("{} ms", result.elapsed.as_millis()),
            result.detail.clone(),
        ),
    };
    Row::new([
        Cell::from(Span::styled(verdict, style)),
        Cell::from(step.step.label()),
        Cell::from(Span::styled(time, theme.dim())),
        Cell::from(detail),
    ])
}

/// How far to scroll the findings so the selected one (from `selected`,
/// its three lines at most) is in view: wrapped lines are counted by width,
/// which is what a word wrap needs at least.
fn scroll_to_selected(lines: &[Line], selected: usize, width: u16, visible: u16) -> u16 {
    let height = |line: &Line| -> u16 {
        let chars = u16::try_from(line.width()).unwrap_or(u16::MAX);
        chars.div_ceil(width).max(1)
    };
    let before: u16 = lines.iter().take(selected).map(height).sum();
    let own: u16 = lines.iter().skip(selected).take(3).map(height).sum();
    if before.saturating_add(own) <= visible {
        0
    } else {
        before
    }
}

fn verdict_style(verdict: Verdict, theme: &Theme) -> Style {
    match verdict {
        Verdict::Passed => theme.ok(),
        Verdict::Failed => theme.error(),
        Verdict::Skipped => theme.dim(),
    }
}

fn block(title: String, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()))
}
