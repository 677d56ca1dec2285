//! The users pane's key bindings, which also feed the `?` help.

use crossterm::event::KeyCode;

use crate::app::keymap::{Action, Binding};

/// What a key asks of the users pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManagedUsersAction {
    /// DescribeUser again for the selected row.
    Describe,
    Create,
    Edit,
    ImportKey,
    DeleteKey,
    Delete,
    OpenHome,
    /// Explains why a login cannot be tested on this kind of server.
    TestLogin,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: ManagedUsersAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::ManagedUsers(action),
        help,
    }
}

pub const USERS: &[Binding] = &[
    bind(
        &[KeyCode::Enter],
        "Enter",
        ManagedUsersAction::Describe,
        "read the user again",
    ),
    bind(
        &[KeyCode::Char('n')],
        "n",
        ManagedUsersAction::Create,
        "new user",
    ),
    bind(
        &[KeyCode::Char('e')],
        "e",
        ManagedUsersAction::Edit,
        "edit role, home, policy",
    ),
    bind(
        &[KeyCode::Char('a')],
        "a",
        ManagedUsersAction::ImportKey,
        "add (import) an SSH key",
    ),
    bind(
        &[KeyCode::Char('K')],
        "K",
        ManagedUsersAction::DeleteKey,
        "delete an SSH key",
    ),
    bind(
        &[KeyCode::Char('x'), KeyCode::Delete],
        "x / Del",
        ManagedUsersAction::Delete,
        "delete the user",
    ),
    bind(
        &[KeyCode::Char('o')],
        "o",
        ManagedUsersAction::OpenHome,
        "browse the home in S3",
    ),
    bind(
        &[KeyCode::Char('t')],
        "t",
        ManagedUsersAction::TestLogin,
        "test a login (why not here)",
    ),
];
