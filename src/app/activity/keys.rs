//! The Activity pane's key bindings, which also feed the `?` help.

use crossterm::event::KeyCode;

use crate::app::keymap::{Action, Binding};

/// What a key asks of the Activity pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityAction {
    /// The next preset window (15 min, 1 h, 24 h, 7 d).
    NextWindow,
    /// Type a start and an end.
    TypeWindow,
    /// Follow mode on or off.
    Follow,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: ActivityAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::Activity(action),
        help,
    }
}

pub const ACTIVITY: &[Binding] = &[
    bind(
        &[KeyCode::Char('w')],
        "w",
        ActivityAction::NextWindow,
        "next window (15 min, 1 h, 24 h, 7 d)",
    ),
    bind(
        &[KeyCode::Char('W')],
        "W",
        ActivityAction::TypeWindow,
        "type a window: start and end (UTC)",
    ),
    bind(
        &[KeyCode::Char('F')],
        "F",
        ActivityAction::Follow,
        "follow: new events as they arrive",
    ),
];

/// `l` where a server or a user is selected.
pub const OPEN: Binding = Binding {
    keys: &[KeyCode::Char('l')],
    label: "l",
    action: Action::Logs,
    help: "activity (CloudWatch Logs)",
};

/// The servers list's and the server detail's `l`.
pub const SERVER_LOGS: &[Binding] = &[OPEN];

/// The users panes' `l`.
pub const USER_LOGS: &[Binding] = &[Binding {
    help: "the user's activity (CloudWatch Logs)",
    ..OPEN
}];

/// The custom-IdP users pane's `l`, whose help shares the line of `t`.
pub const IDP_USER_LOGS: &[Binding] = &[Binding {
    label: "",
    help: "",
    ..OPEN
}];

/// The event detail's keys: scrolling, as in a server's detail.
pub const DETAIL: &[Binding] = crate::app::server_detail::SCROLL;
