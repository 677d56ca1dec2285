//! The server detail pane: DescribeServer's fields an operator needs, and
//! the pane's dialogs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, draw_confirm, draw_form};
use crate::app::{App, Chooser, Detail, DetailDialog, PowerFlow, ServerDetailPane};
use crate::model::{Protocol, Server, cost};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: &ServerDetailPane, theme: &Theme) {
    let row = app
        .servers
        .rows
        .iter()
        .find(|row| row.summary.id == pane.server_id);
    let title = match row.and_then(|row| row.server()).and_then(Server::name) {
        Some(name) => format!(" {} ({name}) ", pane.server_id),
        None => format!(" {} ", pane.server_id),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let lines = match row.map(|row| &row.detail) {
        Some(Detail::Loaded(server)) => {
            let flow = app.power.for_server(&pane.server_id);
            server_lines(server, &region(app), pane, flow, &app.hourly_rates, theme)
        }
        Some(Detail::Loading(_)) => vec![Line::from(Span::styled("Describing…", theme.dim()))],
        Some(Detail::Failed(err)) => vec![Line::from(Span::styled(
            format!("DescribeServer failed: {err}"),
            theme.error(),
        ))],
        None => vec![Line::from(Span::styled(
            "This server is no longer listed.",
            theme.dim(),
        ))],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((pane.scroll, 0)),
        area,
    );
    match &pane.dialog {
        None => {}
        Some(DetailDialog::Choose { member, cursor }) => {
            draw_chooser(frame, area, *member, *cursor, theme)
        }
        Some(DetailDialog::PassiveIp(form)) => draw_form(frame, area, form, theme),
        Some(DetailDialog::Confirm { confirm, .. } | DetailDialog::Power { confirm, .. }) => {
            draw_confirm(frame, area, confirm, theme)
        }
    }
}

fn region(app: &App) -> String {
    app.region().unwrap_or_default().to_string()
}

fn field<'a>(label: &'a str, value: impl Into<String>, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<28}"), theme.header()),
        Span::styled(value.into(), theme.text()),
    ])
}

fn or_none(value: Option<&str>) -> String {
    value.unwrap_or("-").to_string()
}

fn server_lines<'a>(
    server: &'a Server,
    region: &str,
    pane: &ServerDetailPane,
    flow: Option<&PowerFlow>,
    rates: &cost::Rates,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let summary = &server.summary;
    let mut lines = vec![field("State", summary.state.to_string(), theme)];
    if let Some(flow) = flow {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<28}", format!("  {}", flow.plan.verb())),
                theme.header(),
            ),
            Span::styled(format!("{} …", flow.path()), theme.warning()),
        ]));
    }
    lines.extend([field(
        "Endpoint type",
        summary.endpoint_type.to_string(),
        theme,
    )]);
    if let Some(host) = server.public_hostname(region) {
        lines.push(field("Public hostname", host, theme));
    }
    if let Some(host) = server.custom_hostname() {
        lines.push(field("Custom hostname", host, theme));
    }
    if let Some(endpoint) = &server.endpoint_details {
        lines.push(field("VPC", or_none(endpoint.vpc_id.as_deref()), theme));
        lines.push(field(
            "VPC endpoint",
            or_none(endpoint.vpc_endpoint_id.as_deref()),
            theme,
        ));
        lines.push(field("Subnets", endpoint.subnet_ids.join(", "), theme));
        if !endpoint.address_allocation_ids.is_empty() {
            lines.push(field(
                "Elastic IPs",
                endpoint.address_allocation_ids.join(", "),
                theme,
            ));
        }
    }
    let details = &server.protocol_details;
    lines.push(field("Protocols", server.protocols_label(), theme));
    // PassiveIp matters only to FTP and FTPS, TLS resumption only to FTPS:
    // an SFTP-only server shows neither.
    let ftps = server.protocols.contains(&Protocol::Ftps);
    if ftps || server.protocols.contains(&Protocol::Ftp) {
        lines.push(field(
            "  PassiveIp",
            or_none(details.passive_ip.as_deref()),
            theme,
        ));
    }
    if ftps {
        lines.push(field(
            "  TlsSessionResumptionMode",
            or_none(details.tls_session_resumption_mode.as_deref()),
            theme,
        ));
    }
    lines.push(field(
        "  SetStatOption",
        or_none(details.set_stat_option.as_deref()),
        theme,
    ));
    if !details.sftp_ports.is_empty() {
        let ports: Vec<String> = details.sftp_ports.iter().map(|p| p.to_string()).collect();
        lines.push(field("  SftpPorts", ports.join(", "), theme));
    }
    let idp = &server.identity_provider_details;
    lines.push(field(
        "Identity provider",
        summary.identity_provider_type.to_string(),
        theme,
    ));
    for (label, value) in [
        ("  Function", &idp.function),
        ("  URL", &idp.url),
        ("  Invocation role", &idp.invocation_role),
        ("  Directory", &idp.directory_id),
    ] {
        if let Some(value) = value {
            lines.push(field(label, value.clone(), theme));
        }
    }
    lines.push(field(
        "Certificate",
        or_none(server.certificate.as_deref()),
        theme,
    ));
    lines.push(field(
        "Security policy",
        or_none(server.security_policy_name.as_deref()),
        theme,
    ));
    match (
        &summary.logging_role,
        server.structured_log_destinations.is_empty(),
    ) {
        (None, true) => lines.push(Line::from(vec![
            Span::styled(format!("{:<28}", "Logging"), theme.header()),
            Span::styled(
                "none: no CloudWatch logs, failed logins leave no trace",
                theme.warning(),
            ),
        ])),
        (role, _) => {
            lines.push(field("Logging role", or_none(role.as_deref()), theme));
            if !server.structured_log_destinations.is_empty() {
                lines.push(field(
                    "Log destinations",
                    server.structured_log_destinations.join(", "),
                    theme,
                ));
            }
        }
    }
    lines.push(field(
        "Host key",
        or_none(server.host_key_fingerprint.as_deref()),
        theme,
    ));
    lines.push(field("Domain", or_none(server.domain.as_deref()), theme));
    let rate = rates.for_region(region);
    lines.push(field(
        "Running cost",
        format!(
            "{} protocol(s) × ${rate:.2}/h ≈ ${:.0}/month, billed while the server exists, even stopped",
            server.protocols.len(),
            cost::monthly_usd(server.protocols.len(), rate)
        ),
        theme,
    ));
    let tags: Vec<String> = server
        .tags
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    lines.push(field("Tags", tags.join("  "), theme));
    if pane.pending.is_some() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Sending UpdateServer…",
            theme.warning(),
        )));
    }
    lines
}

fn draw_chooser(frame: &mut Frame, area: Rect, member: Chooser, cursor: usize, theme: &Theme) {
    let options = member
        .options()
        .into_iter()
        .map(|(value, meaning)| format!("{value:<12} {meaning}"));
    let title = (76, member.title());
    super::dialog::draw_choice(frame, area, title, options, (cursor, "next"), theme);
}
