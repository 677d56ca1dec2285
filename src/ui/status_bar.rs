//! The bottom line: who and where the console is talking to, and what it is
//! waiting for.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{App, Connection, NoticeLevel};
use crate::model::endpoint_url::cleartext_warning;

const SPINNER: [char; 4] = ['⠋', '⠙', '⠸', '⠴'];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let settings = &app.settings;
    let profile = settings.profile.as_deref().unwrap_or("default");
    let region = app.region().unwrap_or("…");
    let account = match &app.connection {
        Connection::Connected(identity) => identity.account.clone(),
        Connection::Connecting => "…".to_string(),
        Connection::Failed(_) => "?".to_string(),
    };
    // Read-only comes first: it must survive the narrowest terminal.
    let mut spans = Vec::new();
    if app.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.read_only()));
        spans.push(Span::raw("│"));
    }
    // Calls to a plain-HTTP endpoint off this machine can be read and
    // forged: as visible as read-only.
    let cleartext = settings
        .endpoint_url
        .as_deref()
        .and_then(cleartext_warning)
        .is_some();
    if cleartext {
        spans.push(Span::styled(" NOT ENCRYPTED ", theme.warning()));
        spans.push(Span::raw("│"));
    }
    if app.cloudshell {
        spans.push(Span::raw(" CloudShell │"));
    }
    spans.push(Span::raw(format!(
        " profile {profile} │ region {region} │ account {account}"
    )));
    if let Some(url) = &settings.endpoint_url {
        spans.push(Span::raw(format!(" │ endpoint {url}")));
    }
    let right = match (&app.notice, app.loading()) {
        (Some(notice), _) => {
            let style = match notice.level {
                NoticeLevel::Info => theme.ok(),
                NoticeLevel::Warning => theme.warning(),
                NoticeLevel::Error => theme.error(),
            };
            Line::from(Span::styled(format!(" {} ", notice.text), style))
        }
        (None, Some(loading)) => {
            let frame_char = SPINNER[app.spinner % SPINNER.len()];
            Line::from(format!(" {frame_char} {loading} "))
        }
        (None, None) => Line::default(),
    };
    // What is happening now matters more than where: the right part keeps
    // its width and the left one is cut when the terminal is narrow.
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right.width() as u16)])
            .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar()),
        left_area,
    );
    frame.render_widget(Paragraph::new(right).style(theme.status_bar()), right_area);
}
