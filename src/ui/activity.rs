//! The Activity pane: the window and the failure summary on top, the
//! events (newest first) below, and for a failed login of a Lambda
//! identity provider's server the function's events nearest it. Only the
//! rows on screen are formatted, so a window of 100,000 events draws as
//! fast as one of ten.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Theme, list_filter};
use crate::app::App;
use crate::app::activity::StoredEvent;
use crate::app::activity::window::label;
use crate::app::activity::{ActivityPane, EventColumn, LogRead, Reading};
use crate::model::activity::TimeWindow;
use crate::model::activity::{ActivityEvent, IdpTrouble, LogFormat};
use crate::model::objects::{human_size, utc_second};
use crate::model::text::inert;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: &ActivityPane, theme: &Theme) {
    // The group names the server's id; its name says which one it is.
    let server = app
        .server(&pane.server_id)
        .and_then(|server| server.name())
        .map_or_else(|| pane.server_id.clone(), |name| inert(name).into_owned());
    let whose = match &pane.user {
        Some(user) => format!("{} on {server}", inert(user)),
        None => server,
    };
    let count = list_filter::count(&pane.list, pane.log.events.len());
    let title = format!(
        " {whose}: {} · {} ({count}) ",
        inert(&pane.log.group),
        label(&pane.window)
    );
    let block = list_filter::block(frame, area, title, &pane.list, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(detail) = &pane.detail {
        draw_detail(frame, inner, pane, detail, theme);
        return;
    }
    let nearest = pane.nearest_lambda();
    let lambda_height = match &nearest {
        Some(events) => (events.len().max(1) as u16 + 2).min(8),
        None => 0,
    };
    let [head, list, lambda] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(3),
        Constraint::Length(lambda_height),
    ])
    .areas(inner);
    draw_head(frame, head, pane, theme);
    draw_events(frame, list, pane, theme);
    if let (Some(events), Some(read)) = (nearest, &pane.lambda) {
        draw_lambda(frame, lambda, read, &events, theme);
    }
}

/// The window chooser, the failures by user and by source IP, and what
/// the summary covers.
fn draw_head(frame: &mut Frame, area: Rect, pane: &ActivityPane, theme: &Theme) {
    let mut lines = vec![window_line(pane, theme)];
    let store = &pane.log.events;
    let tallies = |label: &str, tally: Vec<(&str, u32)>| {
        let mut spans = vec![Span::styled(format!("{label:<22}"), theme.header())];
        if tally.is_empty() {
            spans.push(Span::styled("none", theme.dim()));
        }
        for (i, (name, count)) in tally.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.dim()));
            }
            spans.push(Span::styled(inert(name).into_owned(), theme.error()));
            spans.push(Span::raw(format!(" {count}")));
        }
        Line::from(spans)
    };
    lines.push(tallies("Failures by user", store.top_users(6)));
    lines.push(tallies("Failures by source IP", store.top_ips(6)));
    lines.push(coverage_line(pane, theme));
    frame.render_widget(Paragraph::new(lines), area);
}

fn window_line<'a>(pane: &ActivityPane, theme: &Theme) -> Line<'a> {
    if let Some(input) = &pane.window_input {
        let mut spans = vec![
            Span::styled("Start and end (UTC): ", theme.key()),
            Span::raw(input.value().to_string()),
        ];
        match &pane.window_error {
            Some(err) => spans.push(Span::styled(format!("  ✗ {err}"), theme.error())),
            None => spans.push(Span::styled(
                "  e.g. 2026-12-01T09:00 2026-12-01T09:30 · Enter read · Esc cancel",
                theme.dim(),
            )),
        }
        return Line::from(spans);
    }
    let mut spans = vec![Span::styled(format!("{:<22}", "Window"), theme.header())];
    for preset in TimeWindow::PRESETS {
        let name = label(&preset).replace("last ", "");
        let style = if preset == pane.window {
            theme.selection()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {name} "), style));
    }
    if !TimeWindow::PRESETS.contains(&pane.window) {
        spans.push(Span::styled(
            format!(" {} ", label(&pane.window)),
            theme.selection(),
        ));
    }
    spans.push(Span::styled("  w next · W type start and end", theme.dim()));
    Line::from(spans)
}

/// "1,234 events, 12 failures, 09:00:00 – 10:00:00 · reading more… · following".
fn coverage_line<'a>(pane: &ActivityPane, theme: &Theme) -> Line<'a> {
    let store = &pane.log.events;
    let mut spans = Vec::new();
    // First, so that a narrow screen still says it.
    if let Some(follow) = &pane.follow {
        spans.push(Span::styled("● following (F stops) · ", theme.ok()));
        if let Some(err) = &follow.error {
            spans.push(Span::styled(format!("✗ {err} · "), theme.error()));
        }
    }
    spans.push(Span::raw(format!(
        "{} event{}, {} failure{}",
        thousands(store.len()),
        if store.len() == 1 { "" } else { "s" },
        thousands(store.failures()),
        if store.failures() == 1 { "" } else { "s" },
    )));
    if let Some((from, to)) = pane.log.range {
        let (from, to) = (utc_second(from / 1000), utc_second(to / 1000));
        // The end's date is said once when both ends share it.
        let to = match (from.split_once(' '), to.split_once(' ')) {
            (Some((day, _)), Some((same, time))) if day == same => time.to_string(),
            _ => to,
        };
        spans.push(Span::raw(format!(" · {from} – {to}")));
    }
    match &pane.log.reading {
        Reading::First(_) => spans.push(Span::styled(" · reading…", theme.dim())),
        Reading::More(_) => spans.push(Span::styled(" · reading more…", theme.warning())),
        Reading::Failed(err) => spans.push(Span::styled(
            format!(" · ✗ reading {} failed: {err}", inert(&pane.log.group)),
            theme.error(),
        )),
        Reading::Done => {}
    }
    if store.left_out > 0 {
        spans.push(Span::styled(
            format!(
                " · the window holds more than {}: choose a narrower one",
                thousands(store.len())
            ),
            theme.warning(),
        ));
    }
    Line::from(spans)
}

fn draw_events(frame: &mut Frame, area: Rect, pane: &ActivityPane, theme: &Theme) {
    let events = pane.events();
    if pane.list.is_empty() {
        let text = match &pane.log.reading {
            Reading::First(_) => format!("Reading {}…", inert(&pane.log.group)),
            Reading::Failed(_) => "Nothing read.".to_string(),
            _ if !events.is_empty() => "No event matches the filter.".to_string(),
            _ => format!(
                "No event in {} over the {}.",
                inert(&pane.log.group),
                label(&pane.window)
            ),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim())).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let wide = area.width >= 110;
    let columns = [
        (EventColumn::Time, "TIME (UTC)", if wide { 19 } else { 14 }),
        (EventColumn::Kind, "KIND", if wide { 18 } else { 13 }),
        (EventColumn::User, "USER", if wide { 16 } else { 12 }),
        (EventColumn::SourceIp, "SOURCE IP", 15),
    ];
    let mut header: Vec<String> = columns
        .iter()
        .map(|(column, name, width)| pane.list.header_in(*column, name, *width))
        .collect();
    header.push("WHAT".into());
    let mut widths: Vec<Constraint> = columns
        .iter()
        .map(|(.., width)| Constraint::Length(*width))
        .collect();
    widths.push(Constraint::Min(10));
    // Only the rows that fit are formatted; the selection stays in view.
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let selected = pane.list.cursor.selected();
    let offset = (selected + 1).saturating_sub(height);
    let rows = pane
        .list
        .shown(events)
        .skip(offset)
        .take(height)
        .map(|event| event_row(event, wide, theme));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .row_highlight_style(theme.selection());
    let mut state = TableState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

fn event_row<'a>(event: &StoredEvent, wide: bool, theme: &Theme) -> Row<'a> {
    let kind = event.kind.as_ref();
    let kind_style = match kind {
        Some(kind) if kind.is_failure() => theme.error(),
        Some(_) => theme.text(),
        None => theme.dim(),
    };
    let field = |value: &Option<std::sync::Arc<str>>| {
        value
            .as_deref()
            .map_or("-".into(), |v| inert(v).into_owned())
    };
    let mut time = utc_second(event.timestamp_ms.div_euclid(1000));
    if !wide {
        // MM-DD HH:MM:SS: the year is in the window's line above.
        time.drain(..5);
    }
    Row::new(vec![
        Cell::from(time),
        Cell::from(Span::styled(
            kind.map_or("(as logged)", |kind| kind.as_str()).to_string(),
            kind_style,
        )),
        Cell::from(field(&event.user)),
        Cell::from(field(&event.source_ip)),
        Cell::from(what(event)),
    ])
}

/// The last column: a file and its size, a message, or the line as logged.
fn what(event: &StoredEvent) -> String {
    if event.format == LogFormat::Unparsed {
        return inert(event.raw()).into_owned();
    }
    // The size first: a long path must not hide it.
    let mut parts = Vec::new();
    if let Some(bytes) = event.bytes_in {
        parts.push(format!("↑ {}", human_size(bytes)));
    }
    if let Some(bytes) = event.bytes_out {
        parts.push(format!("↓ {}", human_size(bytes)));
    }
    if let Some(path) = event.path() {
        parts.push(inert(path).into_owned());
    }
    if let Some(message) = event.message() {
        parts.push(inert(message).into_owned());
    }
    parts.join("  ")
}

fn draw_lambda(
    frame: &mut Frame,
    area: Rect,
    read: &LogRead,
    events: &[ActivityEvent],
    theme: &Theme,
) {
    let title = format!(
        " Identity provider: {}, nearest this failed login ",
        inert(&read.group)
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border())
        .title(Span::styled(title, theme.title()));
    let mut lines: Vec<Line> = events
        .iter()
        .map(|event| {
            let style = if looks_like_error(event) {
                theme.error()
            } else {
                theme.text()
            };
            Line::from(vec![
                Span::styled(utc_second(event.timestamp_ms.div_euclid(1000)), theme.dim()),
                Span::raw("  "),
                // Lambda's runtime separates its fields with tabs.
                Span::styled(
                    inert(&event.raw.trim_end().replace('\t', "  ")).into_owned(),
                    style,
                ),
            ])
        })
        .collect();
    if lines.is_empty() {
        let text = match &read.reading {
            Reading::Failed(err) => format!("✗ reading the function's log failed: {err}"),
            Reading::Done => "No event of the function within 5 minutes of this one.".into(),
            _ => "Reading the function's log…".into(),
        };
        lines.push(Line::from(Span::styled(text, theme.dim())));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn looks_like_error(event: &ActivityEvent) -> bool {
    IdpTrouble::of(event).is_some()
}

/// Enter: every field of the event, then its session's events.
fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    pane: &ActivityPane,
    detail: &crate::app::activity::EventDetail,
    theme: &Theme,
) {
    let events = pane.events();
    let Some(event) = events.get(detail.event) else {
        return;
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}  {}  (stream {})",
            utc_second(event.timestamp_ms.div_euclid(1000)),
            event
                .kind
                .as_ref()
                .map_or("(as logged)", |kind| kind.as_str()),
            inert(event.stream())
        ),
        theme.title(),
    ))];
    let fields = event.event().fields();
    if fields.is_empty() {
        lines.push(Line::from(inert(event.raw()).into_owned()));
    }
    for (name, value) in fields {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16} ", inert(&name)), theme.header()),
            Span::raw(inert(&value).into_owned()),
        ]));
    }
    lines.push(Line::default());
    match event.session_id.as_deref() {
        Some(session) => {
            lines.push(Line::from(Span::styled(
                format!(
                    "Session {} ({} event{})",
                    inert(session),
                    detail.session.len(),
                    if detail.session.len() == 1 { "" } else { "s" }
                ),
                theme.title(),
            )));
            for &at in &detail.session {
                let Some(other) = events.get(at) else {
                    continue;
                };
                let marker = if at == detail.event { "▶ " } else { "  " };
                lines.push(Line::from(format!(
                    "{marker}{}  {:<14} {}",
                    utc_second(other.timestamp_ms.div_euclid(1000)),
                    other.kind.as_ref().map_or("-", |kind| kind.as_str()),
                    what(other)
                )));
            }
        }
        None => lines.push(Line::from(Span::styled(
            "No session id: no other event to show with it.",
            theme.dim(),
        ))),
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "↑/↓ scroll · Enter / Esc back to the events",
        theme.dim(),
    )));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((detail.scroll, 0)),
        area,
    );
}

/// 12345 as "12,345".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
