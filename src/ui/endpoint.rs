//! The endpoint view: the VPC endpoint, its interfaces and groups, and a
//! verdict per port the server's protocols need.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::{App, EndpointPane, Load};
use crate::model::network::{PortVerdict, port_verdict, required_ports};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: &EndpointPane, theme: &Theme) {
    let mut lines = Vec::new();
    let heading = |text: &str| Line::from(Span::styled(text.to_string(), theme.header()));
    lines.push(heading("VPC endpoint"));
    match &pane.endpoint {
        Load::Loaded(endpoint) => {
            lines.push(Line::from(format!(
                "  {}  {}  in {}",
                endpoint.id, endpoint.state, endpoint.vpc_id
            )));
            lines.push(Line::from(format!(
                "  subnets {}",
                endpoint.subnet_ids.join(", ")
            )));
            for name in &endpoint.dns_names {
                lines.push(Line::from(format!("  dns {name}")));
            }
        }
        other => lines.push(status(other, theme)),
    }
    lines.push(heading("Network interfaces"));
    match &pane.interfaces {
        Load::Loaded(interfaces) => {
            for interface in interfaces {
                let public = interface
                    .public_ip
                    .as_deref()
                    .map(|ip| format!("  public {ip}"))
                    .unwrap_or_default();
                lines.push(Line::from(format!(
                    "  {}  {}  {}  {}{public}",
                    interface.id,
                    interface.private_ip,
                    interface.availability_zone,
                    interface.subnet_id
                )));
            }
        }
        other => lines.push(status(other, theme)),
    }
    if let Load::Loaded(addresses) = &pane.addresses {
        lines.push(heading("Elastic IPs"));
        for address in addresses {
            lines.push(Line::from(format!(
                "  {}  {}  → {}",
                address.public_ip,
                address.allocation_id,
                address
                    .network_interface_id
                    .as_deref()
                    .unwrap_or("not associated")
            )));
        }
    } else if !matches!(pane.addresses, Load::NotNeeded) {
        lines.push(heading("Elastic IPs"));
        lines.push(status(&pane.addresses, theme));
    }
    lines.push(heading("Security groups"));
    match &pane.groups {
        Load::Loaded(groups) => {
            for group in groups {
                lines.push(Line::from(format!("  {} ({})", group.id, group.name)));
                for rule in &group.ingress {
                    let ports = rule
                        .ports
                        .map_or("all ports".to_string(), |range| range.to_string());
                    lines.push(Line::from(Span::styled(
                        format!(
                            "    {} {ports} from {}",
                            rule.protocol,
                            rule.sources.join(", ")
                        ),
                        theme.dim(),
                    )));
                }
            }
            lines.push(heading("Ports the protocols need"));
            let protocols = app
                .server(&pane.server_id)
                .map(|server| server.protocols.clone())
                .unwrap_or_default();
            for need in required_ports(&protocols) {
                let (text, style) = match port_verdict(need.ports, groups) {
                    PortVerdict::Open { sources } => {
                        (format!("open to {}", sources.join(", ")), theme.ok())
                    }
                    PortVerdict::Partial { missing, sources } => (
                        format!(
                            "partly open (from {}); missing {}",
                            sources.join(", "),
                            missing
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        theme.warning(),
                    ),
                    PortVerdict::Closed => ("closed".to_string(), theme.error()),
                };
                lines.push(Line::from(vec![
                    Span::raw(format!(
                        "  {:<17} {:<10} ",
                        need.purpose,
                        need.ports.to_string()
                    )),
                    Span::styled(text, style),
                ]));
            }
        }
        other => lines.push(status(other, theme)),
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(
            format!(" Endpoint of {} ", pane.server_id),
            theme.title(),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((pane.scroll, 0)),
        area,
    );
}

fn status<'a, T>(load: &Load<T>, theme: &Theme) -> Line<'a> {
    match load {
        Load::Failed(err) => Line::from(Span::styled(format!("  {err}"), theme.error())),
        Load::Loading(_) => Line::from(Span::styled("  loading…", theme.dim())),
        _ => Line::from(Span::styled("  -", theme.dim())),
    }
}
