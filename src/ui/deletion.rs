//! A server's deletion: what goes with it, what stays behind, and the
//! typed confirmation. Names from AWS are made inert.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::deletion::{DeletionPane, Survey};
use crate::model::deletion::{DeletionSurvey, Found};
use crate::model::secret_value::DEFAULT_RECOVERY_DAYS;
use crate::model::text::inert;

pub fn draw(frame: &mut Frame, area: Rect, pane: &DeletionPane, theme: &Theme) {
    let title = match &pane.name {
        Some(name) => format!(" Delete {} ({}) ", pane.server_id, inert(name)),
        None => format!(" Delete {} ", pane.server_id),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Survey::Read(survey) = &pane.survey else {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "Reading what goes with the server and what stays…",
                theme.dim(),
            )),
            inner,
        );
        return;
    };
    let [body, prompt] = Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(inner);
    frame.render_widget(
        Paragraph::new(survey_lines(pane, survey, theme)).wrap(Wrap { trim: false }),
        body,
    );
    let typed = pane.confirm.typed.as_ref();
    let mut lines = vec![Line::from(Span::styled(
        match typed {
            Some(typed) => format!("{} (Esc cancels):", typed.prompt()),
            None => String::new(),
        },
        theme.key(),
    ))];
    let input = typed.map(|t| t.input.value()).unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled("▏", theme.border()),
        Span::raw(input.to_string()),
    ]));
    if let Some(error) = typed.and_then(|t| t.error.as_ref()) {
        lines.push(Line::from(Span::styled(
            format!("✗ {error}"),
            theme.error(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), prompt);
    if pane.pending.is_none()
        && let Some(typed) = typed
    {
        frame.set_cursor_position(Position::new(
            prompt.x + 1 + typed.input.visual_cursor() as u16,
            prompt.y + 1,
        ));
    }
}

fn survey_lines<'a>(
    pane: &'a DeletionPane,
    survey: &'a DeletionSurvey,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let heading = |text: &'a str| Line::from(Span::styled(text, theme.header()));
    let item = |label: &str, text: String| Line::from(format!("  {label:<16}{text}"));
    let mut lines = vec![heading("Goes with the server")];
    let logins_are_secrets = survey.secrets.as_ref().is_ok_and(|s| !s.is_empty());
    lines.push(item(
        "Users",
        found(&survey.users, |users| {
            if users.is_empty() && logins_are_secrets {
                "none in Transfer (the logins are the secrets below)".to_string()
            } else if users.is_empty() {
                "none".to_string()
            } else {
                format!("{}: {}", users.len(), inert(&users.join(", ")))
            }
        }),
    ));
    match &survey.vpc_endpoint {
        None => lines.push(item("VPC endpoint", "none (PUBLIC endpoint)".into())),
        Some(vpce) => {
            lines.push(item("VPC endpoint", vpce.clone()));
            lines.push(item(
                "Interfaces",
                found(&survey.interfaces, |i| i.join(", ")),
            ));
        }
    }
    if !survey.elastic_ips.is_empty() {
        lines.push(item(
            "Elastic IPs",
            format!(
                "{} (released from the server; they stay allocated, and billed, until released)",
                survey.elastic_ips.join(", ")
            ),
        ));
    }
    lines.push(item(
        "Running cost",
        format!("≈ ${:.0}/month saved", pane.monthly_cost),
    ));
    lines.push(item(
        "Host keys",
        found(&survey.host_keys, |keys| {
            if keys.is_empty() {
                return "none listed".to_string();
            }
            let prints: Vec<&str> = keys.iter().map(|k| k.fingerprint.as_str()).collect();
            format!(
                "{} deleted with it: {} (keep the private keys to import into a successor)",
                keys.len(),
                prints.join(", ")
            )
        }),
    ));
    if !pane.tags.is_empty() {
        let tags: Vec<String> = pane
            .tags
            .iter()
            .map(|(k, v)| format!("{}={}", inert(k), inert(v)))
            .collect();
        lines.push(item("Tags", tags.join("  ")));
    }
    lines.push(Line::default());
    lines.push(heading("Stays behind"));
    let secrets = match &survey.secrets {
        Err(why) => format!("not checked: {why}"),
        Ok(names) if names.is_empty() => "none".to_string(),
        Ok(names) => {
            let what = if pane.delete_secrets {
                format!("deletion scheduled ({DEFAULT_RECOVERY_DAYS}-day recovery window)")
            } else {
                "kept, listed as orphans".to_string()
            };
            format!(
                "{}: {what}  [Tab: {}]",
                names.len(),
                if pane.delete_secrets {
                    "keep them"
                } else {
                    "delete them"
                }
            )
        }
    };
    lines.push(item("Login secrets", secrets));
    if let Ok(names) = &survey.secrets {
        for name in names {
            lines.push(Line::from(Span::styled(
                format!("  {:<16}{}", "", inert(name)),
                theme.dim(),
            )));
        }
    }
    match &survey.dns {
        Err(why) => lines.push(item("DNS (Route 53)", format!("not checked: {why}"))),
        Ok(records) if records.is_empty() => lines.push(item(
            "DNS (Route 53)",
            "no record in a readable hosted zone points at it".into(),
        )),
        Ok(records) => {
            lines.push(item(
                "DNS (Route 53)",
                format!("{} record(s) will dangle:", records.len()),
            ));
            for record in records {
                lines.push(Line::from(Span::styled(
                    format!(
                        "  {:<16}{} {} → {} (zone {})",
                        "",
                        inert(&record.name),
                        record.kind,
                        inert(&record.value),
                        inert(&record.zone)
                    ),
                    theme.error(),
                )));
            }
        }
    }
    lines
}

fn found<T>(part: &Found<T>, show: impl Fn(&T) -> String) -> String {
    match part {
        Ok(value) => show(value),
        Err(why) => format!("not read: {why}"),
    }
}
