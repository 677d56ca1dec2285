//! The key bindings: one table drives both the handling and the `?` help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::server_detail::ServerAction;

/// What a key asks for, independent of which key it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Back,
    Refresh,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Check the selected server with the doctor.
    DoctorServer,
    /// Check every server with the doctor.
    DoctorAll,
    /// Open the console's fix for the selected finding.
    Fix,
    /// Open the selected row.
    Open,
    /// Open the `:` command line.
    Command,
    /// Filter the list (`/`).
    Filter,
    /// Sort by the next column.
    Sort,
    /// Reverse the order.
    SortReverse,
    /// Copy the selected id, ARN or hostname to the clipboard (OSC 52).
    Copy,
    /// The users of the selected server.
    Users,
    /// A key of the custom-IdP users pane.
    Idp(super::idp_users::IdpAction),
    /// Probe the server: a client's path, step by step.
    Probe,
    /// Move the keys' focus to the pane's other list (the probe's steps and
    /// what they mean).
    SwitchFocus,
    Server(ServerAction),
    /// A key of the S3 browser's panes.
    Objects(super::objects::ObjectsAction),
    /// Activity from CloudWatch Logs: of the selected server, or user.
    Logs,
    /// A key of the Activity pane.
    Activity(super::activity::keys::ActivityAction),
    /// A key of the SERVICE_MANAGED users pane.
    ManagedUsers(super::managed_users::ManagedUsersAction),
    /// A key of a server's host keys pane.
    HostKeys(super::host_keys::HostKeysAction),
    /// Delete the selected server (what goes, what stays, typed id).
    DeleteServer,
    /// The create form (`N`, `:new`).
    NewServer,
    /// The create form pre-filled from the server (`C`).
    CloneServer,
    /// A key of the identity provider view or the access check.
    Access(super::access::keys::AccessAction),
    /// A key of the bulk user copy.
    UserCopy(super::user_copy::UserCopyAction),
    /// A key of a server's tags view.
    Tags(super::tags::TagsAction),
}

/// One line of the keymap: the keys, the action and the help text.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in the help.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
    }
}

/// Keys that work on every pane.
pub const GLOBAL: &[Binding] = &[
    bind(&[KeyCode::Char('q')], "q / Ctrl-C", Action::Quit, "quit"),
    bind(
        &[KeyCode::Char('?')],
        "?",
        Action::Help,
        "show or hide this help",
    ),
    bind(&[KeyCode::Esc], "Esc", Action::Back, "close, or go back"),
    bind(
        &[KeyCode::Char('r')],
        "r",
        Action::Refresh,
        "refresh from AWS",
    ),
    bind(
        &[KeyCode::Char(':')],
        ":",
        Action::Command,
        "command line (Tab completes)",
    ),
    // Typed on the command line, not a key: listed so that it is found.
    bind(
        &[],
        ":messages",
        Action::Command,
        "the last 200 messages, with times",
    ),
];

/// The ways to move through a list; every list pane composes this table.
pub const MOVES: &[Binding] = &[
    bind(
        &[KeyCode::Up, KeyCode::Char('k')],
        "↑ / k",
        Action::Up,
        "move up",
    ),
    bind(
        &[KeyCode::Down, KeyCode::Char('j')],
        "↓ / j",
        Action::Down,
        "move down",
    ),
    bind(&[KeyCode::PageUp], "PgUp", Action::PageUp, "page up"),
    bind(&[KeyCode::PageDown], "PgDn", Action::PageDown, "page down"),
    bind(
        &[KeyCode::Home, KeyCode::Char('g')],
        "Home / g",
        Action::Top,
        "first row",
    ),
    bind(
        &[KeyCode::End, KeyCode::Char('G')],
        "End / G",
        Action::Bottom,
        "last row",
    ),
];

/// Keys of a list pane that opens its rows: the moves, and Enter.
pub const LIST: &[Binding] = &[
    MOVES[0],
    MOVES[1],
    MOVES[2],
    MOVES[3],
    MOVES[4],
    MOVES[5],
    bind(
        &[KeyCode::Enter],
        "Enter",
        Action::Open,
        "open the selected row",
    ),
];

/// Keys of the servers list, on top of the list keys.
pub const SERVERS: &[Binding] = &[
    bind(
        &[KeyCode::Char('d')],
        "d",
        Action::DoctorServer,
        "doctor: check this server",
    ),
    bind(
        &[KeyCode::Char('D')],
        "D",
        Action::DoctorAll,
        "doctor all: check every server",
    ),
    bind(
        &[KeyCode::Char('u')],
        "u",
        Action::Users,
        "the server's users",
    ),
    bind(
        &[KeyCode::Char('P')],
        "P",
        Action::Probe,
        "probe: what a client meets",
    ),
];

/// Keys of the lists that filter and sort (servers, users, findings).
pub const FILTER_SORT: &[Binding] = &[
    // One line of help for the three keys: the busiest pane's help must
    // still fit 80×24.
    bind(
        &[KeyCode::Char('/')],
        "/ · s · S",
        Action::Filter,
        "fuzzy filter · sort · reverse order",
    ),
    bind(&[KeyCode::Char('s')], "", Action::Sort, ""),
    bind(&[KeyCode::Char('S')], "", Action::SortReverse, ""),
];

/// Panes with something worth pasting elsewhere.
pub const COPY: &[Binding] = &[bind(
    &[KeyCode::Char('y')],
    "y",
    Action::Copy,
    "copy id / ARN / hostname",
)];

/// Keys of the Probe pane, on top of the list keys (which move over the
/// findings).
pub const PROBE: &[Binding] = &[
    bind(
        &[KeyCode::Char('f')],
        "f",
        Action::Fix,
        "open the console's fix for the selected finding",
    ),
    bind(
        &[KeyCode::Tab],
        "Tab",
        Action::SwitchFocus,
        "move between the steps and what they mean",
    ),
];

/// Keys of the Doctor pane, on top of the list keys.
pub const DOCTOR: &[Binding] = &[
    bind(
        &[KeyCode::Char('f')],
        "f",
        Action::Fix,
        "make the selected finding's fix",
    ),
    bind(
        &[KeyCode::Char('y')],
        "y",
        Action::Copy,
        "copy the finding's AWS CLI command (its resource if none)",
    ),
];

/// Finds the action a key press means in the given tables, first match wins.
pub fn action_for(key: &KeyEvent, tables: &[&[Binding]]) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Action::Quit);
    }
    tables
        .iter()
        .flat_map(|table| table.iter())
        .find(|binding| binding.keys.contains(&key.code))
        .map(|binding| binding.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_c_quits_and_plain_c_does_not() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ctrl_c, &[GLOBAL]), Some(Action::Quit));
        let c = KeyEvent::from(KeyCode::Char('c'));
        assert_eq!(action_for(&c, &[GLOBAL, LIST]), None);
    }
}
