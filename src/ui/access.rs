//! The identity provider view and the access check: each link of the
//! chain with its verdict and what decided it. Everything from AWS (names,
//! policy statements' Sids) goes through `inert` first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, draw_confirm};
use crate::app::Load;
use crate::app::access::{AccessPane, ProviderPane};
use crate::model::access_report::{Check, ProviderReport, UserAccessReport, Verdict};
use crate::model::policy::NOT_EVALUATED;
use crate::model::text::inert;

fn text(value: &str) -> String {
    inert(value).into_owned()
}

fn heading<'a>(title: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(title.to_string(), theme.header()))
}

fn field<'a>(name: &str, value: &str) -> Line<'a> {
    Line::from(format!("  {name:<14} {}", text(value)))
}

fn mark(verdict: Verdict, theme: &Theme) -> (&'static str, Style) {
    match verdict {
        Verdict::Pass => ("✓", theme.ok()),
        Verdict::Fail => ("✗", theme.error()),
        Verdict::Unknown => ("?", theme.warning()),
    }
}

fn check_line<'a>(check: &Check, theme: &Theme) -> Line<'a> {
    let (sign, style) = mark(check.verdict, theme);
    Line::from(vec![
        Span::styled(format!("  {sign} "), style),
        Span::styled(text(&check.detail), style),
    ])
}

fn status_line<'a, T>(load: &Load<T>, what: &str, theme: &Theme) -> Option<Line<'a>> {
    match load {
        Load::Loading(_) => Some(Line::from(Span::styled(
            format!("  reading {what}…"),
            theme.dim(),
        ))),
        Load::Failed(err) => Some(Line::from(Span::styled(
            format!("  {}", text(&err.to_string())),
            theme.error(),
        ))),
        Load::NotNeeded | Load::Loaded(_) => None,
    }
}

/// The pane in its frame. `command`, when there is one, keeps one line at
/// the bottom, never wrapped: a command broken over lines runs broken when
/// pasted (`y` copies all of it), as in the Doctor pane.
fn framed(
    frame: &mut Frame,
    area: Rect,
    title: String,
    lines: Vec<Line>,
    command: Option<Line>,
    scroll: u16,
    theme: &Theme,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(format!(" {} ", text(&title)), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let command_rows = u16::from(command.is_some());
    let [text_area, command_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(command_rows)]).areas(inner);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        text_area,
    );
    if let Some(command) = command {
        frame.render_widget(Paragraph::new(command), command_area);
    }
}

pub fn draw_provider(frame: &mut Frame, area: Rect, pane: &ProviderPane, theme: &Theme) {
    let mut lines = vec![field("type", pane.kind.as_str())];
    if let Some(status) = status_line(&pane.report, "the identity provider", theme) {
        lines.push(status);
    }
    let command = match &pane.report {
        Load::Loaded(report) => provider_lines(&mut lines, report, theme),
        _ => None,
    };
    framed(
        frame,
        area,
        format!("Identity provider of {}", pane.server_id),
        lines,
        command,
        pane.scroll,
        theme,
    );
    if let Some(confirm) = &pane.confirm {
        draw_confirm(frame, area, confirm, theme);
    }
}

/// The view's lines, and the fix's command line when there is one.
fn provider_lines(
    lines: &mut Vec<Line>,
    report: &ProviderReport,
    theme: &Theme,
) -> Option<Line<'static>> {
    let mut command = None;
    match report {
        ProviderReport::Lambda {
            function,
            config,
            permission,
            fix,
        } => {
            lines.push(heading("Lambda function", theme));
            lines.push(field("function", function));
            match config {
                Ok(config) => {
                    let or_dash = |value: &Option<String>| value.clone().unwrap_or("-".into());
                    lines.push(field("state", &or_dash(&config.state)));
                    if let Some(reason) = &config.state_reason {
                        lines.push(field("state reason", reason));
                    }
                    lines.push(field("runtime", &or_dash(&config.runtime)));
                    lines.push(field(
                        "timeout",
                        &config
                            .timeout_seconds
                            .map_or("-".into(), |seconds| format!("{seconds} s")),
                    ));
                    lines.push(field("last modified", &or_dash(&config.last_modified)));
                    lines.push(field("role", &or_dash(&config.role)));
                    let vpc = config.vpc.as_ref().map_or("none".to_string(), |vpc| {
                        format!(
                            "{} ({} subnet(s))",
                            vpc.vpc_id.as_deref().unwrap_or("-"),
                            vpc.subnet_ids.len()
                        )
                    });
                    lines.push(field("VPC", &vpc));
                    let names = if config.env_names.is_empty() {
                        "none".to_string()
                    } else {
                        config.env_names.join(", ")
                    };
                    lines.push(field("environment", &format!("{names} (names only)")));
                }
                Err(err) => lines.push(Line::from(Span::styled(
                    format!("  {}", text(err)),
                    theme.error(),
                ))),
            }
            lines.push(heading(
                "Permission for this server (resource policy)",
                theme,
            ));
            lines.push(check_line(permission, theme));
            if let Some(fix) = fix {
                lines.push(Line::from(Span::styled(
                    "  fix: f adds the statement; y copies the command (below):",
                    theme.dim(),
                )));
                command = Some(Line::from(vec![
                    Span::styled("$ ", theme.dim()),
                    Span::styled(text(&fix.cli_command()), theme.key()),
                ]));
            }
        }
        ProviderReport::ApiGateway {
            url,
            invocation_role,
            trust,
        } => {
            lines.push(heading("API Gateway", theme));
            lines.push(field("URL", url.as_deref().unwrap_or("-")));
            lines.push(field(
                "invocation role",
                invocation_role.as_deref().unwrap_or("-"),
            ));
            lines.push(heading("Trust of the invocation role", theme));
            lines.push(check_line(trust, theme));
        }
        ProviderReport::NoProvider { kind } => lines.push(Line::from(format!(
            "  {}: there is no identity provider to check; users are Transfer users (u)",
            text(kind)
        ))),
    }
    command
}

pub fn draw_access(frame: &mut Frame, area: Rect, pane: &AccessPane, theme: &Theme) {
    let mut lines = vec![field("server", &pane.subject.server_id)];
    if let Some(status) = status_line(&pane.report, "the access chain", theme) {
        lines.push(status);
    }
    if let Load::Loaded(report) = &pane.report {
        access_lines(&mut lines, report, area.width, theme);
    }
    framed(
        frame,
        area,
        format!("Access of {}", pane.subject.user),
        lines,
        None,
        pane.scroll,
        theme,
    );
}

fn access_lines(lines: &mut Vec<Line>, report: &UserAccessReport, width: u16, theme: &Theme) {
    lines.push(heading("Login", theme));
    lines.push(check_line(&report.profile, theme));
    lines.push(heading("Role trust", theme));
    lines.push(check_line(&report.trust, theme));
    for condition in &report.trust_conditions {
        lines.push(Line::from(Span::styled(
            format!("    condition {}", text(condition)),
            theme.dim(),
        )));
    }
    lines.push(heading("Policies", theme));
    if report.policies.is_empty() && report.policy_errors.is_empty() {
        lines.push(Line::from("  none read"));
    }
    for policy in &report.policies {
        lines.push(Line::from(format!("  {}", text(policy))));
    }
    for error in &report.policy_errors {
        lines.push(Line::from(Span::styled(
            format!("  ✗ {}", text(error)),
            theme.error(),
        )));
    }
    lines.push(heading("Home", theme));
    if let Some(problem) = &report.home_problem {
        lines.push(Line::from(Span::styled(
            format!("  {}", text(problem)),
            theme.warning(),
        )));
    }
    // The resource beside the verdict only where both fit on one line.
    let narrow = width < 140;
    let mut home = None;
    for line in &report.lines {
        if home != Some(&line.home) {
            lines.push(Line::from(format!("  {}", text(&line.home))));
            home = Some(&line.home);
        }
        let (sign, style) = mark(line.verdict, theme);
        let word = match line.verdict {
            Verdict::Pass => "allowed",
            Verdict::Fail => "denied",
            Verdict::Unknown => "unknown",
        };
        let mut spans = vec![
            Span::raw(format!("    {:<15} ", line.action)),
            Span::styled(format!("{sign} {word:<8}"), style),
            Span::raw(format!(" {}", text(&line.by))),
        ];
        if narrow {
            lines.push(Line::from(spans));
            lines.push(Line::from(Span::styled(
                format!("      on {}", text(&line.resource)),
                theme.dim(),
            )));
        } else {
            spans.push(Span::styled(
                format!("  on {}", text(&line.resource)),
                theme.dim(),
            ));
            lines.push(Line::from(spans));
        }
    }
    if let Some(secret) = &report.secret {
        lines.push(heading("Login secret's resource policy", theme));
        lines.push(check_line(secret, theme));
    }
    lines.push(Line::from(Span::styled(
        format!("  not evaluated: {}", NOT_EVALUATED.join("; ")),
        theme.dim(),
    )));
}
