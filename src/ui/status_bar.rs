//! The bottom line: who and where the console is talking to, and what it is
//! waiting for or has just said. The context is never covered: a message
//! takes the part after it, or a line of its own above it when it does not
//! fit there (`:messages` keeps every message in full).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{App, Connection, NoticeLevel};
use crate::model::endpoint_url::cleartext_warning;

const SPINNER: [char; 4] = ['⠋', '⠙', '⠸', '⠴'];

/// The lines the status bar takes at `width`: two when the message does
/// not fit after the context.
pub fn height(app: &App, width: u16, theme: &Theme) -> u16 {
    // What is loading gets a line of its own only when it does not fit
    // after the context (a long endpoint URL, a narrow terminal): cut, it
    // would no longer say what the console waits for.
    let message = message(app, theme).width();
    if message == 0 {
        return 1;
    }
    if context(app, theme).width() + message > usize::from(width) {
        2
    } else {
        1
    }
}

/// Draws into an area of `height` lines.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let context = context(app, theme);
    let message = message(app, theme);
    let (context_area, message_area) = if area.height >= 2 {
        let [message_area, context_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
        (context_area, message_area)
    } else {
        let [context_area, message_area] = Layout::horizontal([
            Constraint::Length(context.width() as u16),
            Constraint::Min(0),
        ])
        .areas(area);
        (context_area, message_area)
    };
    frame.render_widget(
        Paragraph::new(context).style(theme.status_bar()),
        context_area,
    );
    frame.render_widget(
        Paragraph::new(message).style(theme.status_bar()),
        message_area,
    );
}

/// Who and where: read-only, plain HTTP, CloudShell, the profile (or the
/// environment's credentials), the region, the account and the endpoint.
fn context(app: &App, theme: &Theme) -> Line<'static> {
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
    // Credentials in the environment win over any profile's: naming a
    // profile then would say the wrong thing.
    let who = if app.env_credentials {
        "credentials from environment".to_string()
    } else {
        format!("profile {profile}")
    };
    spans.push(Span::raw(format!(
        " {who} │ region {region} │ account {account}"
    )));
    if let Some(url) = &settings.endpoint_url {
        spans.push(Span::raw(format!(" │ endpoint {url}")));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The notice of the last key, else what is loading; empty when neither.
fn message(app: &App, theme: &Theme) -> Line<'static> {
    match (&app.notice, app.loading()) {
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
    }
}
