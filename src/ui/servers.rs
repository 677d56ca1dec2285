//! The servers table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::Theme;
use crate::app::{Detail, Listing, SecretUsers, ServerColumn, ServerRow, ServersPane};
use crate::model::text::inert;
use crate::model::{ServerState, ServerSummary, cost};

/// A column: its header, width, and the priority with which it stays when
/// the terminal is narrow (lower goes first).
struct Column {
    header: &'static str,
    width: u16,
    priority: u8,
}

const COLUMNS: &[Column] = &[
    Column {
        header: "SERVER ID",
        width: 19,
        priority: 9,
    },
    Column {
        header: "NAME",
        width: 18,
        priority: 7,
    },
    Column {
        header: "STATE",
        width: 12,
        priority: 8,
    },
    Column {
        header: "ENDPOINT",
        width: 8,
        priority: 5,
    },
    Column {
        header: "PROTOCOLS",
        width: 15,
        priority: 6,
    },
    Column {
        header: "IDENTITY",
        width: 9,
        priority: 3,
    },
    Column {
        header: "USERS",
        width: 5,
        priority: 2,
    },
    Column {
        header: "COST/MO",
        width: 8,
        priority: 4,
    },
    // A sweep's, shown after the id.
    Column {
        header: "REGION",
        width: 14,
        priority: 8,
    },
    Column {
        header: "ACCOUNT",
        width: 12,
        priority: 7,
    },
];

const REGION: usize = 8;
const ACCOUNT: usize = 9;

/// The columns in display order: a sweep's REGION (and ACCOUNT with
/// several profiles) after the id; without a sweep, the list as always.
fn column_order(pane: &ServersPane) -> Vec<usize> {
    let Some(sweep) = &pane.sweep else {
        return (0..REGION).collect();
    };
    let mut order = vec![0, REGION];
    if sweep.plan.several_profiles() {
        order.push(ACCOUNT);
    }
    order.extend(1..REGION);
    order
}

pub fn draw(frame: &mut Frame, area: Rect, pane: &ServersPane, rate: f64, theme: &Theme) {
    let title = match &pane.listing {
        Listing::Loading(_) if pane.sweep.is_some() => format!(
            " Servers ({}, listing…) ",
            super::list_filter::count(&pane.list, pane.rows.len())
        ),
        Listing::Loaded | Listing::NotStarted => format!(
            " Servers ({}) ",
            super::list_filter::count(&pane.list, pane.rows.len())
        ),
        Listing::Loading(_) => " Servers (loading…) ".to_string(),
        Listing::Failed(_) => " Servers (refresh failed) ".to_string(),
    };
    let block = super::list_filter::block(frame, area, title, &pane.list, theme);

    if let Listing::Failed(err) = &pane.listing {
        // Rows from before stay visible; the failure goes in the bottom edge.
        let line = Line::from(Span::styled(format!(" {err} "), theme.error()));
        if pane.rows.is_empty() {
            frame.render_widget(Paragraph::new(line).block(block), area);
            return;
        }
        let block = block.title_bottom(line);
        return draw_table(frame, area, pane, block, rate, theme);
    }
    let failed_scopes = pane.sweep.as_ref().is_some_and(|s| !s.failed.is_empty());
    if pane.rows.is_empty() && !failed_scopes {
        let text = match pane.listing {
            Listing::Loading(_) | Listing::NotStarted => "Listing servers…",
            _ if pane.sweep.is_some() => "No Transfer Family servers in these regions.",
            _ => "No Transfer Family servers in this region.",
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim())).block(block),
            area,
        );
        return;
    }
    draw_table(frame, area, pane, block, rate, theme);
}

fn draw_table(
    frame: &mut Frame,
    area: Rect,
    pane: &ServersPane,
    block: Block,
    rate: f64,
    theme: &Theme,
) {
    let shown = visible_columns(area.width.saturating_sub(2), column_order(pane));
    let header = Row::new(shown.iter().map(|&i| {
        let name = COLUMNS[i].header;
        match ServerColumn::ALL.get(i) {
            Some(&column) => Cell::from(pane.list.header_in(column, name, COLUMNS[i].width)),
            None => Cell::from(name),
        }
    }))
    .style(theme.header());
    let rows = pane.shown().map(|row| {
        let cells = cells(row, &pane.secret_users, rate, theme);
        Row::new(shown.iter().map(|&i| cells[i].clone()))
    });
    // A region or profile that failed: one row saying why, after the servers.
    let failed = pane
        .sweep
        .iter()
        .flat_map(|sweep| &sweep.failed)
        .map(|(scope, err)| {
            let mut cells = vec![Cell::from(""); COLUMNS.len()];
            cells[0] = Cell::from(Span::styled("⚠ failed", theme.error()));
            cells[REGION] = Cell::from(inert(&scope.region).into_owned());
            cells[ACCOUNT] =
                Cell::from(inert(scope.profile.as_deref().unwrap_or("-")).into_owned());
            // A few words here; the whole sentence is in `:messages`.
            cells[1] = Cell::from(Span::styled(
                inert(&err.short_label()).into_owned(),
                theme.error(),
            ));
            Row::new(shown.iter().map(|&i| cells[i].clone()))
        });
    let rows = rows.chain(failed);
    let widths = shown.iter().map(|&i| match COLUMNS[i].header {
        "NAME" => Constraint::Min(COLUMNS[i].width),
        _ => Constraint::Length(COLUMNS[i].width),
    });
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The columns that fit in `width`, in their display order.
fn visible_columns(width: u16, order: Vec<usize>) -> Vec<usize> {
    let mut shown = order;
    let needed =
        |shown: &[usize]| -> u16 { shown.iter().map(|&i| COLUMNS[i].width + 1).sum::<u16>() };
    while needed(&shown) > width && shown.len() > 1 {
        let Some(lowest) = shown.iter().copied().min_by_key(|&i| COLUMNS[i].priority) else {
            break;
        };
        shown.retain(|&i| i != lowest);
    }
    shown
}

/// Transfer's own count for SERVICE_MANAGED servers; for custom identity
/// providers, whose users are secrets, the secrets sweep's count (AWS's is
/// always 0 there and would mislead), `?` when the sweep was refused.
fn users_cell<'a>(summary: &ServerSummary, secret_users: &SecretUsers, theme: &Theme) -> Cell<'a> {
    let custom = summary.identity_provider_type.is_custom();
    match (custom, secret_users, summary.user_count) {
        (false, _, Some(n)) | (true, SecretUsers::Counted(_), Some(n)) => Cell::from(n.to_string()),
        (true, SecretUsers::Failed(_), _) => Cell::from(Span::styled("?", theme.warning())),
        _ => Cell::from("-"),
    }
}

fn cells<'a>(
    row: &'a ServerRow,
    secret_users: &SecretUsers,
    rate: f64,
    theme: &Theme,
) -> Vec<Cell<'a>> {
    let summary = &row.summary;
    let pending = || Cell::from(Span::styled("…", theme.dim()));
    let (name, protocols, cost) = match &row.detail {
        Detail::Loaded(server) => (
            Cell::from(server.name().unwrap_or("-").to_string()),
            Cell::from(server.protocols_label()),
            Cell::from(format!(
                "${:.0}",
                cost::monthly_usd(server.protocols.len(), rate)
            )),
        ),
        Detail::Loading(_) => (pending(), pending(), pending()),
        Detail::Failed(err) => (
            Cell::from(Span::styled(
                format!("⚠ {}", err.short_label()),
                theme.error(),
            )),
            Cell::from(Span::styled("?", theme.error())),
            Cell::from(Span::styled("?", theme.error())),
        ),
    };
    let state_style = match summary.state {
        ServerState::Online => theme.ok(),
        ServerState::StartFailed | ServerState::StopFailed => theme.error(),
        _ => theme.warning(),
    };
    vec![
        Cell::from(summary.id.as_str()),
        name,
        Cell::from(Span::styled(summary.state.to_string(), state_style)),
        Cell::from(summary.endpoint_type.as_str()),
        protocols,
        Cell::from(summary.identity_provider_type.short_label()),
        users_cell(summary, secret_users, theme),
        cost,
        Cell::from(row.scope.as_ref().map_or("", |s| s.region.as_str())),
        Cell::from(inert(&crate::app::sweep::account_label(row)).into_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_keep_the_most_useful_columns() {
        let all = visible_columns(200, (0..REGION).collect());
        assert_eq!(all.len(), REGION);
        let narrow = visible_columns(78, (0..REGION).collect());
        let headers: Vec<_> = narrow.iter().map(|&i| COLUMNS[i].header).collect();
        assert!(headers.contains(&"SERVER ID") && headers.contains(&"STATE"));
        assert!(!headers.contains(&"USERS"));
        assert_eq!(visible_columns(10, (0..REGION).collect()), vec![0]);
    }

    fn shown(cell: Cell) -> String {
        let mut buffer = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 4, 1));
        ratatui::widgets::Widget::render(
            Table::new([Row::new([cell])], [Constraint::Length(4)]),
            buffer.area,
            &mut buffer,
        );
        buffer
            .content
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
            .trim()
            .to_string()
    }

    #[test]
    fn custom_identity_providers_show_their_secrets_count_once_known() {
        let theme = Theme::monochrome();
        let mut lambda = crate::app::tests::summary("s-0000000000000000b", ServerState::Online);
        lambda.user_count = Some(0); // AWS's own count for a custom provider
        assert_eq!(
            shown(users_cell(&lambda, &SecretUsers::NotAsked, &theme)),
            "-"
        );
        lambda.user_count = Some(5);
        let counted = SecretUsers::Counted(Default::default());
        assert_eq!(shown(users_cell(&lambda, &counted, &theme)), "5");
        let denied = SecretUsers::Failed(crate::model::AwsError::AccessDenied {
            action: "secretsmanager:ListSecrets".into(),
            message: String::new(),
        });
        assert_eq!(shown(users_cell(&lambda, &denied, &theme)), "?");
        let mut managed = lambda.clone();
        managed.identity_provider_type = crate::model::IdentityProviderType::ServiceManaged;
        managed.user_count = Some(3);
        assert_eq!(shown(users_cell(&managed, &denied, &theme)), "3");
    }
}
