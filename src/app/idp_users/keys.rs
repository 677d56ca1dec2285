//! The custom-IdP users pane's keys, which also feed the `?` help.

use crossterm::event::KeyCode;

use crate::app::keymap::{Action, Binding};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdpAction {
    New,
    Edit,
    EditJson,
    Reveal,
    CopyPassword,
    Rotate,
    CopyToServer,
    Delete,
    Restore,
    TestLogin,
    OpenHome,
    Orphans,
    OpenUser,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: IdpAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::Idp(action),
        help,
    }
}

const DELETE: Binding = bind(
    &[KeyCode::Char('x'), KeyCode::Delete],
    "x / Del",
    IdpAction::Delete,
    "delete (7-day recovery window)",
);
const RESTORE: Binding = bind(
    &[KeyCode::Char('U')],
    "U",
    IdpAction::Restore,
    "restore a deleted secret",
);

/// The users of one server.
pub const USERS: &[Binding] = &[
    bind(&[KeyCode::Char('n')], "n", IdpAction::New, "new user"),
    bind(
        &[KeyCode::Char('e'), KeyCode::Enter],
        "e / Enter",
        IdpAction::Edit,
        "edit the user",
    ),
    bind(
        &[KeyCode::Char('E')],
        "E",
        IdpAction::EditJson,
        "edit the secret's JSON in $EDITOR",
    ),
    bind(
        &[KeyCode::Char('p')],
        "p",
        IdpAction::Reveal,
        "reveal the password (10 s)",
    ),
    bind(
        &[KeyCode::Char('c')],
        "c",
        IdpAction::CopyPassword,
        "copy the password (OSC 52)",
    ),
    bind(
        &[KeyCode::Char('R')],
        "R",
        IdpAction::Rotate,
        "rotate the password (type the user)",
    ),
    bind(
        &[KeyCode::Char('C')],
        "C",
        IdpAction::CopyToServer,
        "copy the user to another server",
    ),
    DELETE,
    RESTORE,
    // One help line for the ways to ask why a login fails.
    bind(
        &[KeyCode::Char('t')],
        "t · l · A",
        IdpAction::TestLogin,
        // `l` (the Activity pane) and `A` (the access check) are bound in
        // their own tables; one help line for the three keeps the pane's
        // help within 80×24.
        "test a login · its logs · access",
    ),
    crate::app::access::keys::USER_HIDDEN,
    bind(
        &[KeyCode::Char('o')],
        "o",
        IdpAction::OpenHome,
        "browse the home directory",
    ),
    bind(
        &[KeyCode::Char('O')],
        "O",
        IdpAction::Orphans,
        "secrets of deleted servers",
    ),
];

/// Every login secret under the prefix (`:secrets`).
pub const SECRETS: &[Binding] = &[
    bind(
        &[KeyCode::Enter],
        "Enter",
        IdpAction::OpenUser,
        "the user in its server's users",
    ),
    bind(
        &[KeyCode::Char('O')],
        "O",
        IdpAction::Orphans,
        "orphans only / every secret",
    ),
    DELETE,
    RESTORE,
];
