//! `:endpoints`: the region's Transfer and service VPC endpoints on top,
//! what the selected one serves below (interfaces, groups and port
//! verdicts for a Transfer endpoint; subnets and private DNS for the rest).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, list_filter};
use crate::app::endpoints::{EndpointColumn, EndpointRow, EndpointsPane, verdict_text};
use crate::app::{App, Load};
use crate::model::network::{EndpointService, PortVerdict, port_verdict, required_ports};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: &EndpointsPane, theme: &Theme) {
    let count = list_filter::count(&pane.list, pane.rows.len());
    let title = format!(" VPC endpoints of Transfer and the services it uses ({count}) ");
    let block = list_filter::block(frame, area, title, &pane.list, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, detail, hint] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(7),
        Constraint::Length(1),
    ])
    .areas(inner);
    draw_list(frame, list, app, pane, theme);
    if let Some(row) = pane.selected() {
        draw_detail(frame, detail, app, pane, row, theme);
    }
    let keys = "Enter endpoint view (Transfer) · / filter · s sort · r refresh · ? all keys";
    frame.render_widget(Paragraph::new(Span::styled(keys, theme.dim())), hint);
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App, pane: &EndpointsPane, theme: &Theme) {
    let empty = match &pane.endpoints {
        Load::Loading(_) => Some(("Listing VPC endpoints…".to_string(), theme.dim())),
        Load::Failed(err) => Some((
            format!("✗ listing the VPC endpoints failed: {err}"),
            theme.error(),
        )),
        _ if pane.rows.is_empty() => Some((
            "No VPC endpoint of Transfer, Secrets Manager, S3, CloudWatch Logs, Lambda or STS \
             in this region."
                .to_string(),
            theme.dim(),
        )),
        _ => None,
    };
    if let Some((text, style)) = empty {
        frame.render_widget(
            Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let wide = area.width >= 110;
    let mut columns = vec![
        (Some(EndpointColumn::Id), "ENDPOINT", Constraint::Length(22)),
        (
            Some(EndpointColumn::Service),
            "SERVICE",
            Constraint::Length(8),
        ),
        (
            Some(EndpointColumn::Server),
            "SERVER",
            Constraint::Length(if wide { 20 } else { 14 }),
        ),
        (Some(EndpointColumn::State), "STATE", Constraint::Length(10)),
        (Some(EndpointColumn::Vpc), "VPC", Constraint::Length(21)),
        (None, "PORTS / PRIVATE DNS", Constraint::Min(16)),
    ];
    if !wide {
        columns.remove(4);
    }
    let header = columns.iter().map(|(column, name, _)| match column {
        Some(column) => pane.list.header(*column, name),
        None => name.to_string(),
    });
    let widths: Vec<Constraint> = columns.iter().map(|(_, _, width)| *width).collect();
    let rows = pane.shown().map(|row| {
        let server = row
            .server_id
            .as_deref()
            .map(|id| {
                app.server(id)
                    .and_then(|server| server.name())
                    .unwrap_or(id)
                    .to_string()
            })
            .unwrap_or_else(|| "-".into());
        let state_style = if row.endpoint.state == "available" {
            theme.text()
        } else {
            theme.warning()
        };
        let (summary, summary_style) = summary(app, pane, row, theme);
        let mut cells = vec![
            Cell::from(row.endpoint.id.clone()),
            Cell::from(row.service.short_label()),
            Cell::from(server),
            Cell::from(Span::styled(row.endpoint.state.clone(), state_style)),
            Cell::from(row.endpoint.vpc_id.clone()),
            Cell::from(Span::styled(summary, summary_style)),
        ];
        if !wide {
            cells.remove(4);
        }
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(pane.list.cursor.selected()));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The last column: a Transfer endpoint's port verdicts, else the
/// endpoint's private DNS setting (or that a gateway needs none).
fn summary(
    app: &App,
    pane: &EndpointsPane,
    row: &EndpointRow,
    theme: &Theme,
) -> (String, ratatui::style::Style) {
    if row.service != EndpointService::Transfer {
        return (private_dns(row), theme.text());
    }
    let Some(groups) = pane.groups_of(&row.endpoint) else {
        return match &pane.groups {
            Load::Failed(_) => ("groups unreadable".into(), theme.error()),
            _ => ("…".into(), theme.dim()),
        };
    };
    let Some(server_id) = row.server_id.as_deref() else {
        return ("no listed server".into(), theme.dim());
    };
    let Some(server) = app.server(server_id) else {
        return ("server not described yet".into(), theme.dim());
    };
    let text = verdict_text(&server.protocols, &groups);
    let style = if text.contains("closed") || text.contains("partly") {
        theme.error()
    } else {
        theme.ok()
    };
    (text, style)
}

fn private_dns(row: &EndpointRow) -> String {
    if row.endpoint.endpoint_type == "Gateway" {
        return "gateway (route tables)".into();
    }
    match row.endpoint.private_dns {
        Some(true) => "private DNS on".into(),
        Some(false) => "private DNS off".into(),
        None => "private DNS ?".into(),
    }
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    pane: &EndpointsPane,
    row: &EndpointRow,
    theme: &Theme,
) {
    let label = |text: &str| Span::styled(format!("{text:<10}"), theme.dim());
    let endpoint = &row.endpoint;
    let kind = if endpoint.endpoint_type.is_empty() {
        "?"
    } else {
        &endpoint.endpoint_type
    };
    let mut lines = vec![Line::from(vec![
        label("Service"),
        Span::raw(format!("{}  ({kind})", endpoint.service_name)),
    ])];
    let subnets = if endpoint.subnet_ids.is_empty() {
        "-".to_string()
    } else {
        endpoint.subnet_ids.join(", ")
    };
    lines.push(Line::from(vec![
        label("VPC"),
        Span::raw(format!(
            "{}  subnets {subnets}  {}",
            endpoint.vpc_id,
            private_dns(row)
        )),
    ]));
    if row.service == EndpointService::Transfer {
        let where_ = match pane.interfaces_of(endpoint) {
            Some(interfaces) if !interfaces.is_empty() => interfaces
                .iter()
                .map(|i| format!("{} {}", i.availability_zone, i.private_ip))
                .collect::<Vec<_>>()
                .join(" · "),
            Some(_) => "-".into(),
            None => match &pane.interfaces {
                Load::Failed(err) => format!("✗ {err}"),
                _ => "…".into(),
            },
        };
        lines.push(Line::from(vec![label("AZs, IPs"), Span::raw(where_)]));
        match pane.groups_of(endpoint) {
            Some(groups) => {
                let names = groups
                    .iter()
                    .map(|g| format!("{} ({})", g.id, g.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                lines.push(Line::from(vec![label("Groups"), Span::raw(names)]));
                let protocols = row
                    .server_id
                    .as_deref()
                    .and_then(|id| app.server(id))
                    .map(|server| server.protocols.clone())
                    .unwrap_or_default();
                let mut spans = vec![label("Ports")];
                for (i, need) in required_ports(&protocols).into_iter().enumerate() {
                    let (verdict, style) = match port_verdict(need.ports, &groups) {
                        PortVerdict::Open { .. } => ("open", theme.ok()),
                        PortVerdict::Partial { .. } => ("partly open", theme.warning()),
                        PortVerdict::Closed => ("closed", theme.error()),
                    };
                    if i > 0 {
                        spans.push(Span::raw(" · "));
                    }
                    spans.push(Span::raw(format!("{} {} ", need.purpose, need.ports)));
                    spans.push(Span::styled(verdict, style));
                }
                lines.push(Line::from(spans));
            }
            None => {
                let text = match &pane.groups {
                    Load::Failed(err) => format!("✗ {err}"),
                    _ => "…".into(),
                };
                lines.push(Line::from(vec![label("Groups"), Span::raw(text)]));
            }
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
