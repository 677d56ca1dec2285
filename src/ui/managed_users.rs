//! The users of a SERVICE_MANAGED server: the ListUsers rows above, the
//! selected user's DescribeUser answer below, dialogs over both.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, draw_confirm, draw_form, list_filter};
use crate::app::Listing;
use crate::app::managed_users::{ManagedUsersPane, Pick, UserColumn, UsersDialog};
use crate::app::objects::Fetch;
use crate::model::TransferUser;

pub fn draw(frame: &mut Frame, area: Rect, pane: &ManagedUsersPane, theme: &Theme) {
    let title = match &pane.listing {
        Listing::Loading(_) if pane.rows.is_empty() => {
            format!(" Users of {} (listing…) ", pane.server_id)
        }
        _ => format!(
            " Users of {} ({}) ",
            pane.server_id,
            list_filter::count(&pane.list, pane.rows.len())
        ),
    };
    let block = list_filter::block(frame, area, title, &pane.list, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let failed = matches!(pane.listing, Listing::Failed(_));
    // The list takes what its rows need, up to half; the detail the rest.
    let wanted = pane.rows.len().max(1) as u16 + 1;
    let [problem, list, rule, detail] = Layout::vertical([
        Constraint::Length(u16::from(failed)),
        Constraint::Length(wanted.clamp(3, inner.height / 2)),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    if let Listing::Failed(err) = &pane.listing {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("✗ ListUsers failed: {err}"),
                theme.error(),
            )),
            problem,
        );
    }
    draw_rows(frame, list, pane, theme);
    let name = pane.selected().map_or("", |row| row.name.as_str());
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!("── {name} {}", "─".repeat(rule.width as usize)),
            theme.border(),
        )),
        rule,
    );
    frame.render_widget(
        Paragraph::new(detail_lines(pane, theme)).wrap(Wrap { trim: false }),
        detail,
    );

    match &pane.dialog {
        None => {}
        Some(
            UsersDialog::Create(form)
            | UsersDialog::Edit { form, .. }
            | UsersDialog::ImportKey { form, .. },
        ) => draw_form(frame, area, form, theme),
        Some(UsersDialog::Confirm { confirm, .. }) => draw_confirm(frame, area, confirm, theme),
        Some(UsersDialog::Pick(pick)) => draw_pick(frame, area, pick, theme),
    }
}

fn draw_rows(frame: &mut Frame, area: Rect, pane: &ManagedUsersPane, theme: &Theme) {
    if pane.rows.is_empty() {
        let text = match pane.listing {
            Listing::Loading(_) | Listing::NotStarted => "Listing users…",
            Listing::Failed(_) => "Nothing to show.",
            Listing::Loaded => "No users on this server: n creates one.",
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), area);
        return;
    }
    let rows = pane.shown().map(|user| {
        Row::new([
            Cell::from(user.name.as_str()),
            Cell::from(match user.home_directory_type.as_deref() {
                Some("LOGICAL") => "LOGICAL (mappings)".to_string(),
                _ => user.home_directory.clone().unwrap_or_else(|| "-".into()),
            }),
            Cell::from(user.role.as_deref().map_or("-", short_role)),
            Cell::from(
                Line::from(user.ssh_key_count.map_or("-".into(), |n| n.to_string()))
                    .right_aligned(),
            ),
        ])
    });
    // The sorted column carries the order's arrow.
    // The home matters most: the role gets what its names need, at most
    // half of what is left.
    let rest = area.width.saturating_sub(16 + 4 + 3);
    let longest = pane
        .rows
        .iter()
        .filter_map(|user| user.role.as_deref())
        .map(|arn| short_role(arn).chars().count())
        .max()
        .unwrap_or(4) as u16;
    let role = longest.clamp(4, 24).min(rest / 2);
    let title = |column: UserColumn, name: &str, width| pane.list.header_in(column, name, width);
    let header = Row::new([
        Cell::from(title(UserColumn::Name, "USER", 16)),
        Cell::from(title(UserColumn::Home, "HOME DIRECTORY", rest - role)),
        Cell::from(title(UserColumn::Role, "ROLE", role)),
        Cell::from(Line::from(title(UserColumn::Keys, "KEYS", 4)).right_aligned()),
    ])
    .style(theme.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(rest - role),
            Constraint::Length(role),
            Constraint::Length(4),
        ],
    )
    .header(header)
    .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// `arn:aws:iam::123456789012:role/path/name` → `name`.
fn short_role(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn detail_lines<'a>(pane: &'a ManagedUsersPane, theme: &Theme) -> Vec<Line<'a>> {
    match pane.selected_detail() {
        None if pane.rows.is_empty() => Vec::new(),
        None | Some(Fetch::Loading(_)) => {
            vec![Line::from(Span::styled("Describing…", theme.dim()))]
        }
        Some(Fetch::Failed(err)) => vec![Line::from(Span::styled(
            format!("✗ DescribeUser failed: {err}"),
            theme.error(),
        ))],
        Some(Fetch::Loaded(user)) => user_lines(user, theme),
    }
}

fn field<'a>(label: &'a str, value: impl Into<String>, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<15}"), theme.header()),
        Span::styled(value.into(), theme.text()),
    ])
}

fn user_lines<'a>(user: &'a TransferUser, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![field("Role", user.role.as_deref().unwrap_or("-"), theme)];
    let home_type = user.home_directory_type.as_deref().unwrap_or("PATH");
    if home_type == "LOGICAL" {
        lines.push(field("Home", "LOGICAL (entry → target)", theme));
        for mapping in &user.mappings {
            lines.push(field(
                "",
                format!("  {} → {}", mapping.entry, mapping.target),
                theme,
            ));
        }
    } else {
        let path = user.home_directory.as_deref().unwrap_or("(not set)");
        lines.push(field("Home", format!("{home_type} {path}"), theme));
    }
    lines.push(field(
        "Policy",
        match user.policy.as_deref().map(str::trim) {
            Some(policy) if !policy.is_empty() => {
                policy.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => "(none)".to_string(),
        },
        theme,
    ));
    lines.push(field(
        "POSIX profile",
        match &user.posix_profile {
            Some(p) if p.secondary_gids.is_empty() => format!("uid {} gid {}", p.uid, p.gid),
            Some(p) => format!(
                "uid {} gid {} secondary {}",
                p.uid,
                p.gid,
                p.secondary_gids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            None => "(none)".into(),
        },
        theme,
    ));
    lines.push(field(
        "SSH keys",
        match user.ssh_keys.len() {
            0 => "(none: a key-only SFTP user cannot log in)".to_string(),
            n => n.to_string(),
        },
        theme,
    ));
    for key in &user.ssh_keys {
        // Two lines a key, so that 80 columns show it whole.
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", key.id), theme.text()),
            Span::styled(
                format!("  imported {}", key.imported.as_deref().unwrap_or("?")),
                theme.dim(),
            ),
        ]));
        let comment: Vec<&str> = key.body.split_whitespace().skip(2).collect();
        lines.push(Line::from(Span::styled(
            format!("    {}  {}", key.short(), comment.join(" ")),
            theme.text(),
        )));
    }
    lines
}

fn draw_pick(frame: &mut Frame, area: Rect, pick: &Pick, theme: &Theme) {
    let options = pick.options.iter().cloned();
    let cursor = (pick.cursor, "take");
    super::dialog::draw_choice(frame, area, (100, &pick.title), options, cursor, theme);
}

#[cfg(test)]
mod tests {
    #[test]
    fn roles_are_shortened_to_their_name() {
        assert_eq!(
            super::short_role("arn:aws:iam::123456789012:role/ops/transfer-drop"),
            "transfer-drop"
        );
        assert_eq!(super::short_role("odd"), "odd");
    }
}
