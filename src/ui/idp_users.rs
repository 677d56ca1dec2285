//! The users of a custom identity provider server (or every login secret,
//! `:secrets`): the secrets on top, what the selected one holds below. A
//! password is drawn only while revealed; otherwise only that it is set.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, list_filter};
use crate::app::App;
use crate::app::idp_users::{
    IdpColumn, IdpDialog, IdpUsersPane, Listing, Owner, Scope, UserRow, ValueState,
};
use crate::model::ServerState;
use crate::model::login_secret::{Home, LoginSecret};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: &IdpUsersPane, theme: &Theme) {
    let count = list_filter::count(&pane.list, pane.rows.len());
    let title = match &pane.scope {
        Scope::Server { server_id } => {
            let name = app
                .server(server_id)
                .and_then(|server| server.name())
                .map(|name| format!(" · {name}"))
                .unwrap_or_default();
            format!(
                " Users of {server_id} ({count}){name} · secrets {}{server_id}/ ",
                pane.prefix
            )
        }
        Scope::Secrets if pane.orphans_only => format!(
            " Orphaned secrets under {} ({count}): their server no longer exists · O shows all ",
            pane.prefix
        ),
        Scope::Secrets => format!(" Login secrets under {} ({count}) ", pane.prefix),
    };
    let block = list_filter::block(frame, area, title, &pane.list, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let detail_height = match pane.scope {
        Scope::Server { .. } => 9,
        Scope::Secrets => 0,
    };
    // The keys' hint goes on the block's bottom edge (ui::hint), as in
    // every pane.
    let [list, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(inner);
    draw_list(frame, list, pane, theme);
    if let Some(row) = pane.selected()
        && detail_height > 0
    {
        draw_detail(frame, detail, pane, row, theme);
    }
    draw_dialog(frame, area, pane, theme);
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &IdpUsersPane, theme: &Theme) {
    let empty = match &pane.listing {
        Listing::Loading(_) if pane.rows.is_empty() => Some("Listing secrets…".to_string()),
        Listing::Failed(err) => Some(format!("✗ listing the secrets failed: {err}")),
        _ if pane.rows.is_empty() => Some(match pane.scope {
            Scope::Server { .. } => "No user secrets for this server: n creates one.".to_string(),
            Scope::Secrets if pane.orphans_only => {
                "No orphaned secrets (O shows every login secret).".to_string()
            }
            Scope::Secrets => format!("No login secrets under {}.", pane.prefix),
        }),
        _ => None,
    };
    if let Some(text) = empty {
        let style = if matches!(pane.listing, Listing::Failed(_)) {
            theme.error()
        } else {
            theme.dim()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    if pane.scope == Scope::Secrets {
        draw_secrets(frame, area, pane, theme);
        return;
    }
    let (names, widths) = match pane.scope {
        Scope::Server { .. } => (
            ["USER", "LAST CHANGED (UTC)", "VALUE"],
            vec![
                Constraint::Length(20),
                Constraint::Length(18),
                Constraint::Min(20),
            ],
        ),
        Scope::Secrets => return,
    };
    let columns = [IdpColumn::Name, IdpColumn::LastChanged, IdpColumn::State];
    // The sorted column carries the order's arrow.
    let header = columns
        .into_iter()
        .zip(names)
        .map(|(column, name)| pane.list.header(column, name));
    let rows = pane.shown().map(|row| {
        // Legacy `SFTP/<user>` names serve every server: shown as they are.
        let legacy = row
            .entry
            .parsed
            .as_ref()
            .is_some_and(|name| name.server_id.is_none());
        let first = match pane.scope {
            Scope::Server { .. } if !legacy => row.user().to_string(),
            _ => row.entry.name.clone(),
        };
        let (state, style) = row_state(row, theme);
        Row::new([
            Cell::from(first),
            Cell::from(minute(row.entry.last_changed.as_deref())),
            Cell::from(Span::styled(state, style)),
        ])
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// `2026-11-22T02:00:01Z` → `2026-11-22 02:00`.
fn minute(rfc3339: Option<&str>) -> String {
    rfc3339
        .map(|text| text.replace('T', " ").chars().take(16).collect())
        .unwrap_or_else(|| "-".into())
}

fn row_state(row: &UserRow, theme: &Theme) -> (String, ratatui::style::Style) {
    if let Some(date) = &row.entry.deleted {
        return (
            format!("deleted {} (U restores)", minute(Some(date))),
            theme.warning(),
        );
    }
    match &row.value {
        ValueState::NotRead => ("not read yet".into(), theme.dim()),
        ValueState::Reading(_) => ("reading…".into(), theme.dim()),
        ValueState::Failed(crate::model::AwsError::AccessDenied { action, .. }) => {
            (format!("value denied ({action})"), theme.error())
        }
        ValueState::Failed(err) => (format!("✗ {err}"), theme.error()),
        ValueState::Read(value) => match &value.content {
            Ok(secret) => (fields_summary(secret), theme.text()),
            Err(err) => (format!("✗ {err}"), theme.error()),
        },
    }
}

/// Which fields a secret has, never their secret values.
fn fields_summary(secret: &LoginSecret) -> String {
    let mut parts = Vec::new();
    if secret.is_pgp_only() {
        parts.push("PGP keys only (not a login)".to_string());
    }
    if secret.has_password() {
        parts.push("password".into());
    }
    match secret.public_keys().len() {
        0 => {}
        1 => parts.push("1 key".into()),
        n => parts.push(format!("{n} keys")),
    }
    if secret.role().is_some() {
        parts.push("role".into());
    } else if !secret.is_pgp_only() {
        parts.push("NO ROLE".into());
    }
    match secret.home() {
        Home::Path(_) => parts.push("home".into()),
        Home::Logical(mappings) if mappings.len() == 1 => parts.push("1 mapping".into()),
        Home::Logical(mappings) => parts.push(format!("{} mappings", mappings.len())),
        Home::Invalid(_) => parts.push("BAD HOME".into()),
        Home::Unset => {}
    }
    if secret.policy().is_some() {
        parts.push("policy".into());
    }
    if !secret.pgp_keys().is_empty() && !secret.is_pgp_only() {
        parts.push("PGP keys".into());
    }
    if !secret.other_keys().is_empty() {
        parts.push(format!("+{} other", secret.other_keys().len()));
    }
    parts.join(" · ")
}

/// `:secrets`: SECRET, SERVER, USER, LAST CHANGED, SCHEDULED DELETION.
/// Below 100 columns the SECRET column goes: SERVER and USER name it.
fn draw_secrets(frame: &mut Frame, area: Rect, pane: &IdpUsersPane, theme: &Theme) {
    let wide = area.width >= 100;
    let mut columns = vec![
        (IdpColumn::Name, "SECRET", Constraint::Min(24)),
        (IdpColumn::Server, "SERVER", Constraint::Length(24)),
        (IdpColumn::User, "USER", Constraint::Length(14)),
        (
            IdpColumn::LastChanged,
            "LAST CHANGED",
            Constraint::Length(16),
        ),
        (
            IdpColumn::State,
            "SCHEDULED DELETION",
            Constraint::Length(19),
        ),
    ];
    if !wide {
        columns.remove(0);
        columns[0].2 = Constraint::Min(24);
    }
    // What the other columns and their spaces leave to SECRET.
    let fixed: u16 = columns
        .iter()
        .skip(1)
        .map(|(_, _, width)| match width {
            Constraint::Length(n) => n + 1,
            _ => 1,
        })
        .sum();
    let secret_width = usize::from(area.width.saturating_sub(fixed).max(24));
    let header = columns
        .iter()
        .map(|(column, name, _)| pane.list.header(*column, name));
    let widths: Vec<Constraint> = columns.iter().map(|(_, _, width)| *width).collect();
    let rows = pane.shown().map(|row| {
        let (server, server_style) = owner_cell(row.owner.as_ref(), theme);
        let deletion = match &row.entry.deleted {
            Some(date) => Span::styled(minute(Some(date)), theme.warning()),
            None => Span::styled("-", theme.dim()),
        };
        let mut cells = vec![
            Cell::from(Span::styled(server, server_style)),
            Cell::from(row.user().to_string()),
            Cell::from(minute(row.entry.last_changed.as_deref())),
            Cell::from(deletion),
        ];
        if wide {
            // Cut in the middle: the prefix and the user both stay.
            cells.insert(
                0,
                Cell::from(super::cut_middle(&row.entry.name, secret_width)),
            );
        }
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The SERVER cell: `name (id) STATE`, the id alone before it is
/// described, or "gone".
fn owner_cell(owner: Option<&Owner>, theme: &Theme) -> (String, ratatui::style::Style) {
    match owner {
        Some(Owner::Listed {
            server_id,
            name,
            state,
        }) => {
            let style = match state {
                ServerState::Online => theme.text(),
                ServerState::StartFailed | ServerState::StopFailed => theme.error(),
                _ => theme.warning(),
            };
            let who = name.as_deref().unwrap_or(server_id);
            (format!("{who} {state}"), style)
        }
        Some(Owner::Gone { .. }) => ("gone".into(), theme.warning()),
        Some(Owner::Any) => ("any (legacy SFTP/ name)".into(), theme.dim()),
        None => (String::new(), theme.text()),
    }
}

fn draw_detail(frame: &mut Frame, area: Rect, pane: &IdpUsersPane, row: &UserRow, theme: &Theme) {
    let label = |text: &str| Span::styled(format!("{text:<14}"), theme.dim());
    let mut lines = vec![Line::from(vec![
        label("Secret"),
        Span::raw(row.entry.name.clone()),
        Span::styled(
            row.version()
                .map(|v| format!("  version {v}"))
                .unwrap_or_default(),
            theme.dim(),
        ),
    ])];
    match row.secret() {
        Some(secret) => {
            let password = match (pane.revealed(), secret.has_password()) {
                (Some(revealed), _) => Span::styled(
                    format!("{revealed}   (masked again in a few seconds)"),
                    theme.warning(),
                ),
                (None, true) => Span::raw("set ••••••••  (p reveals, c copies)"),
                (None, false) => Span::styled("not set", theme.dim()),
            };
            lines.push(Line::from(vec![label("Password"), password]));
            lines.push(Line::from(vec![
                label("Role"),
                Span::raw(secret.role().unwrap_or("(none: logins fail)").to_string()),
            ]));
            let home = match secret.home() {
                Home::Path(path) => path,
                // Read as "what the user sees → where it is", not the
                // form's `entry=target` syntax.
                Home::Logical(mappings) => mappings
                    .iter()
                    .map(|m| format!("{} → {}", m.entry, m.target))
                    .collect::<Vec<_>>()
                    .join(", "),
                Home::Invalid(why) => format!("✗ {why}"),
                Home::Unset => "(none)".into(),
            };
            lines.push(Line::from(vec![label("Home"), Span::raw(home)]));
            let keys = secret.public_keys();
            let keys = if keys.is_empty() {
                "(none)".to_string()
            } else {
                keys.iter()
                    .map(|key| crate::model::SshKey {
                        id: String::new(),
                        body: key.to_string(),
                        imported: None,
                    })
                    .map(|key| key.short())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            lines.push(Line::from(vec![label("SSH keys"), Span::raw(keys)]));
            lines.push(Line::from(vec![
                label("Policy"),
                Span::raw(if secret.policy().is_some() {
                    "set"
                } else {
                    "(none)"
                }),
            ]));
            let mut others: Vec<String> = secret.pgp_keys().iter().map(|k| k.to_string()).collect();
            others.extend(secret.other_keys().iter().map(|k| k.to_string()));
            if !others.is_empty() {
                lines.push(Line::from(vec![
                    label("Other keys"),
                    Span::raw(format!("{} (kept as they are)", others.join(", "))),
                ]));
            }
        }
        None => {
            let (state, style) = row_state(row, theme);
            lines.push(Line::from(vec![label("Value"), Span::styled(state, style)]));
        }
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border());
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

fn draw_dialog(frame: &mut Frame, area: Rect, pane: &IdpUsersPane, theme: &Theme) {
    let Some(dialog) = &pane.dialog else {
        return;
    };
    match dialog {
        IdpDialog::User { form, .. }
        | IdpDialog::Delete { form, .. }
        | IdpDialog::CopyTo { form, .. }
        | IdpDialog::TestLogin { form } => super::draw_form(frame, area, form, theme),
        IdpDialog::Confirm { confirm, .. } => super::draw_confirm(frame, area, confirm, theme),
        IdpDialog::Message {
            title,
            lines,
            password,
        } => {
            let mut text: Vec<Line> = Vec::new();
            if let Some(password) = password {
                text.push(Line::from(vec![
                    Span::styled("Password  ", theme.key()),
                    Span::styled(password.0.clone(), theme.warning()),
                ]));
                text.push(Line::default());
            }
            text.extend(lines.iter().map(|line| Line::from(line.as_str())));
            text.push(Line::default());
            text.push(Line::from(Span::styled("Enter / Esc close", theme.dim())));
            super::dialog::popup_of_width(frame, area, 72, title, text, theme);
        }
        IdpDialog::LoginResult(test) => {
            let verdict = if test.succeeded() {
                Span::styled("login accepted", theme.ok())
            } else {
                Span::styled("login refused", theme.error())
            };
            let mut text = vec![
                Line::from(vec![Span::raw("Result      "), verdict]),
                Line::from(format!("Status code {}", test.status_code)),
                Line::from(format!(
                    "Message     {}",
                    if test.message.is_empty() {
                        "(none)"
                    } else {
                        &test.message
                    }
                )),
                Line::from(format!(
                    "Role        {}",
                    test.role().unwrap_or_else(|| "(none)".into())
                )),
                Line::from(format!(
                    "Home        {}",
                    test.home().unwrap_or_else(|| "(none)".into())
                )),
            ];
            if let Some(url) = &test.url {
                text.push(Line::from(format!("Provider    {url}")));
            }
            text.push(Line::from(format!("Response    {}", test.response)));
            text.push(Line::default());
            let keys = if test.succeeded() {
                "Enter / Esc close"
            } else {
                "l what the logs say (activity) · Enter / Esc close"
            };
            text.push(Line::from(Span::styled(keys, theme.dim())));
            super::dialog::popup_of_width(frame, area, 90, "Login test", text, theme);
        }
        IdpDialog::ChooseHome { locations, cursor } => {
            let options = locations
                .iter()
                .map(|location| format!("{:<16} {}", location.label, location.url()));
            let title = (72, "Which mapping?");
            super::dialog::draw_choice(frame, area, title, options, (*cursor, "browse"), theme);
        }
    }
}
