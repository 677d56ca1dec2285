//! The create form: the steps across the top, the step's rows (pick lists
//! and typed fields), the broken rules of the step, and the last step's
//! CreateServer summary. Everything from AWS or typed is made inert.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::create::{CreatePane, Phase, SUMMARY};
use crate::model::server_spec::{Step, summary};
use crate::model::text::inert;

pub fn draw(frame: &mut Frame, area: Rect, pane: &CreatePane, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(
            format!(" {} in {} ", inert(&pane.title()), inert(&pane.region)),
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [steps, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(step_line(pane, theme)), steps);
    let lines = match &pane.phase {
        Phase::ReadingSource(_) => vec![Line::from(Span::styled(
            "Reading the server to clone…",
            theme.dim(),
        ))],
        Phase::Creating(_) | Phase::Following { .. } | Phase::Done { .. } => {
            phase_lines(pane, theme)
        }
        Phase::Editing if pane.step == SUMMARY => summary_lines(pane, theme),
        Phase::Editing => step_lines(pane, theme),
    };
    // A long pick list scrolls so that the selected row stays in view.
    let offset = match &pane.phase {
        Phase::Editing if pane.step < SUMMARY => {
            (pane.cursor + 1).saturating_sub(usize::from(body.height))
        }
        _ => 0,
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)),
        body,
    );
    let hint = match (&pane.phase, &pane.input) {
        (Phase::Editing, Some(_)) => "Enter keeps · Ctrl-U clears · Esc leaves the field as it was",
        (Phase::Editing, None) if pane.step == SUMMARY => {
            "y create · Shift-Tab back to the steps · Esc cancel"
        }
        (Phase::Editing, None) => {
            "Tab next step · Shift-Tab back · ↑↓ move · Space choose / type · Esc cancel"
        }
        (Phase::Creating(_), _) => "waiting for AWS's answer",
        _ => "Esc closes",
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), keys);
}

fn step_line<'a>(pane: &CreatePane, theme: &Theme) -> Line<'a> {
    let errors = pane.errors();
    let mut spans = Vec::new();
    let names = Step::ALL
        .iter()
        .map(|s| (Some(*s), s.title()))
        .chain(std::iter::once((None, "summary")));
    for (index, (step, name)) in names.enumerate() {
        let broken = step.is_some_and(|s| errors.iter().any(|e| e.step == s));
        let mark = if broken { "✗" } else { "" };
        let text = format!(" {} {name}{mark} ", index + 1);
        let style = if index == pane.step {
            theme.selection()
        } else if broken {
            theme.error()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

fn step_lines<'a>(pane: &CreatePane, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for (index, row) in pane.rows().into_iter().enumerate() {
        let selected = index == pane.cursor;
        let mark = match row.chosen {
            Some(true) => "[x] ",
            Some(false) => "[ ] ",
            None => "    ",
        };
        let label = match (&pane.input, &row.kind) {
            (Some((field, text)), crate::app::create::RowKind::Text(kind)) if field == kind => {
                format!("{}: {}▏", field.label(), text)
            }
            _ => row.label.clone(),
        };
        let style = if selected {
            theme.selection()
        } else if row.chosen.is_none() && matches!(row.kind, crate::app::create::RowKind::Note) {
            theme.header()
        } else {
            theme.text()
        };
        lines.push(Line::from(Span::styled(
            format!("{mark}{}", inert(&label)),
            style,
        )));
    }
    let step = pane.current_step();
    let errors: Vec<_> = pane
        .errors()
        .into_iter()
        .filter(|e| Some(e.step) == step)
        .collect();
    if !errors.is_empty() {
        lines.push(Line::from(""));
        for error in errors {
            lines.push(Line::from(Span::styled(
                format!("✗ {}: {}", error.field, inert(&error.message)),
                theme.error(),
            )));
        }
    }
    lines
}

fn summary_lines<'a>(pane: &CreatePane, theme: &Theme) -> Vec<Line<'a>> {
    // The problems first: on a small terminal they must not fall below.
    let mut lines = problem_lines(pane, theme);
    lines.push(Line::from(Span::styled(
        "CreateServer will be sent with:",
        theme.header(),
    )));
    for (name, value) in summary(&pane.spec, &pane.region) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {name:<26}"), theme.dim()),
            Span::styled(value, theme.text()),
        ]));
    }
    lines
}

fn problem_lines<'a>(pane: &CreatePane, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let errors = pane.errors();
    if errors.is_empty() {
        lines.push(Line::from(Span::styled(
            "Every rule is met: y creates the server (billed while it exists).",
            theme.ok(),
        )));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "{} problem(s): nothing is sent until they are fixed",
                errors.len()
            ),
            theme.error(),
        )));
        for error in errors {
            lines.push(Line::from(Span::styled(
                format!(
                    "✗ {} {}: {}: {}",
                    error.step as usize + 1,
                    error.step.title(),
                    error.field,
                    inert(&error.message)
                ),
                theme.error(),
            )));
        }
    }
    lines.push(Line::from(""));
    lines
}

fn phase_lines<'a>(pane: &CreatePane, theme: &Theme) -> Vec<Line<'a>> {
    match &pane.phase {
        Phase::Creating(_) => vec![Line::from(Span::styled(
            format!("CreateServer sent to {}…", inert(&pane.region)),
            theme.dim(),
        ))],
        Phase::Following {
            server_id, seen, ..
        } => vec![
            Line::from(Span::styled(format!("Created {server_id}"), theme.ok())),
            Line::from(format!(
                "State: {} (followed until ONLINE)",
                if seen.is_empty() {
                    "…".to_string()
                } else {
                    seen.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" → ")
                }
            )),
        ],
        Phase::Done { text, .. } => vec![Line::from(Span::styled(
            inert(text).into_owned(),
            theme.text(),
        ))],
        _ => Vec::new(),
    }
}
