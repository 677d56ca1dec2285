//! Drawing only: a pure function of the state. One file per pane plus the
//! shared pieces (status bar, help, problem message).

mod access;
mod activity;
pub mod clipboard;
mod command_line;
mod copy_choice;
mod create;
mod deletion;
mod dialog;
mod doctor;
mod endpoint;
mod endpoints;
mod help;
mod hint;
mod host_keys;
mod idp_users;
mod list_filter;
mod managed_users;
mod message_log;
mod objects;
mod objects_buckets;
mod objects_view;
mod probe;
mod problem;
mod quit_question;
mod server_detail;
mod servers;
mod status_bar;
mod tags;
pub mod theme;
mod user_copy;

pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Pane};
pub use dialog::{draw_confirm, draw_form};

/// Below this the panes cannot show a row of data: say so instead of
/// drawing garbage.
const MIN_WIDTH: u16 = 40;
const MIN_HEIGHT: u16 = 6;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = format!(
            "Terminal too small ({}×{}): transfer-console needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_bar::height(app, area.width, theme)),
    ])
    .areas(area);
    draw_title(frame, title, app, theme);
    match (app.blocking_problem(), app.pane()) {
        (Some(problem), _) => problem::draw(frame, body, problem, &app.settings, theme),
        (None, Pane::Doctor(pane)) => doctor::draw(frame, body, pane, theme),
        (None, Pane::Servers) => {
            let rate = app
                .hourly_rates
                .for_region(app.region().unwrap_or_default());
            servers::draw(frame, body, &app.servers, rate, theme)
        }
        (None, Pane::ServerDetail(pane)) => server_detail::draw(frame, body, app, pane, theme),
        (None, Pane::Endpoint(pane)) => endpoint::draw(frame, body, app, pane, theme),
        (None, Pane::Endpoints(pane)) => endpoints::draw(frame, body, app, pane, theme),
        (None, Pane::Buckets(pane)) => objects_buckets::draw(frame, body, pane, theme),
        (None, Pane::Objects(pane)) => objects::draw(frame, body, pane, theme),
        (None, Pane::Probe(pane)) => probe::draw(frame, body, pane, app.spinner, theme),
        (None, Pane::ManagedUsers(pane)) => managed_users::draw(frame, body, pane, theme),
        (None, Pane::IdpUsers(pane)) => idp_users::draw(frame, body, app, pane, theme),
        (None, Pane::Activity(pane)) => activity::draw(frame, body, app, pane, theme),
        (None, Pane::HostKeys(pane)) => host_keys::draw(frame, body, pane, theme),
        (None, Pane::DeleteServer(pane)) => deletion::draw(frame, body, pane, theme),
        (None, Pane::Create(pane)) => create::draw(frame, body, pane, theme),
        (None, Pane::Provider(pane)) => access::draw_provider(frame, body, pane, theme),
        (None, Pane::Access(pane)) => access::draw_access(frame, body, pane, theme),
        (None, Pane::UserCopy(pane)) => user_copy::draw(frame, body, pane, theme),
        (None, Pane::Tags(pane)) => tags::draw(frame, body, pane, theme),
    }
    // Under a box drawn over the pane the hint would show in pieces, and
    // while a dialog takes the keys the pane's keys do not apply.
    let covered = app.show_help
        || app.command_line.is_some()
        || app.copy_choice.is_some()
        || app.quit_question.is_some()
        || app.pane().takes_keys();
    if app.blocking_problem().is_none() && !covered {
        hint::draw(frame, body, app.pane().keys(), theme);
    }
    status_bar::draw(frame, status, app, theme);
    if app.show_help {
        // The whole screen: the busiest pane's keys then fit 80×24 unscrolled.
        help::draw(
            frame,
            frame.area(),
            app.pane().keys(),
            app.help_scroll,
            theme,
        );
    }
    if let Some(choice) = &app.copy_choice {
        copy_choice::draw(frame, body, choice, theme);
    }
    if let Some(question) = &app.quit_question {
        quit_question::draw(frame, body, question, theme);
    }
    if app.messages.open {
        message_log::draw(frame, body, &app.messages, theme);
    }
    if let Some(line) = &app.command_line {
        // Over the status bar, as in vim: the line and what it completes to.
        let last = Rect {
            y: status.bottom().saturating_sub(1),
            height: 1,
            ..status
        };
        command_line::draw(frame, body, last, line, theme);
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let right = Line::from(vec![
        Span::styled("?", theme.key()),
        Span::styled(" help  ", theme.dim()),
        Span::styled("q", theme.key()),
        Span::styled(" quit ", theme.dim()),
    ])
    .right_aligned();
    // The crumbs get what the keys leave: on a narrow screen the first
    // ones give way to "…", the pane at hand stays.
    let room = usize::from(area.width).saturating_sub(right.width() + 1);
    let name = Span::styled(" transfer-console ", theme.title());
    let crumbs: Vec<Span> = app
        .breadcrumbs()
        .iter()
        .map(|crumb| Span::styled(format!("› {crumb} "), theme.text()))
        .collect();
    let elided = Span::styled("› … ", theme.dim());
    let mut skip = 0;
    while skip < crumbs.len() {
        let shown = crumbs[skip..].iter().map(Span::width).sum::<usize>();
        let mark = if skip > 0 { elided.width() } else { 0 };
        if name.width() + mark + shown <= room {
            break;
        }
        skip += 1;
    }
    let mut spans = vec![name];
    if skip > 0 {
        spans.push(elided);
    }
    spans.extend(crumbs.into_iter().skip(skip));
    let left = Line::from(spans);
    let [left_area, _] =
        Layout::horizontal([Constraint::Length(room as u16), Constraint::Min(0)]).areas(area);
    frame.render_widget(left, left_area);
    frame.render_widget(right, area);
}

/// Empties `rect` for a box drawn over the pane. A wide character just
/// left of it (a CJK object key in the list below) would spill onto the
/// box's left border, as the terminal draws it two cells wide: it is
/// blanked.
fn clear_box(frame: &mut Frame, rect: Rect) {
    frame.render_widget(ratatui::widgets::Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        let cell = &mut buffer[(rect.x - 1, y)];
        if Span::raw(cell.symbol()).width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
/// `text` in at most `width` characters, cut in the middle so that both
/// ends stay: a secret's prefix and its user, a resource's kind and id.
fn cut_middle(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width || width < 3 {
        return text.to_string();
    }
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    let mut cut: String = chars[..head].iter().collect();
    cut.push('…');
    cut.extend(&chars[chars.len() - tail..]);
    cut
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod access_tests;
#[cfg(test)]
mod activity_tests;
#[cfg(test)]
mod create_tests;
#[cfg(test)]
mod deletion_tests;
#[cfg(test)]
mod endpoints_tests;
#[cfg(test)]
mod host_keys_tests;
#[cfg(test)]
mod idp_users_tests;
#[cfg(test)]
mod managed_users_tests;
#[cfg(test)]
mod navigation_tests;
#[cfg(test)]
mod probe_tests;
#[cfg(test)]
mod server_detail_tests;
#[cfg(test)]
mod sweep_tests;
#[cfg(test)]
mod tags_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod user_copy_tests;

/// A listing's failure on its own line (`problem`), and, while there are
/// no rows, what the list's place says instead: `loaded` when the listing
/// answered empty, `loading` while it is read. True when rows are to be
/// drawn in `list`.
fn draw_listing_state(
    frame: &mut Frame,
    [problem, list]: [Rect; 2],
    listing: &crate::app::Listing,
    call: &str,
    (rows, loaded, loading): (usize, &str, &str),
    theme: &Theme,
) -> bool {
    use crate::app::Listing;
    if let Listing::Failed(err) = listing {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("✗ {call} failed: {err}"),
                theme.error(),
            )),
            problem,
        );
    }
    if rows > 0 {
        return true;
    }
    let text = match listing {
        Listing::Loaded => loaded,
        Listing::Failed(_) => "Nothing to show.",
        _ => loading,
    };
    frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), list);
    false
}
