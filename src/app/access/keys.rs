//! The keys of the identity provider view and the access check, and the
//! keys that open them from the servers and users panes.

use crossterm::event::KeyCode;

use crate::app::keymap::{Action, Binding};

/// What a key asks of the access panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessAction {
    /// The selected server's identity provider (`i`).
    OpenProvider,
    /// The selected user's access chain (`A`).
    CheckUser,
    /// Add the missing invoke permission (AddPermission).
    FixPermission,
    /// Copy the `aws lambda add-permission` command.
    CopyCommand,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: AccessAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::Access(action),
        help,
    }
}

/// On the servers list and a server's detail.
pub const SERVER: &[Binding] = &[bind(
    &[KeyCode::Char('i')],
    "i",
    AccessAction::OpenProvider,
    "the server's identity provider",
)];

/// On both users panes.
pub const USER: &[Binding] = &[bind(
    &[KeyCode::Char('A')],
    "A",
    AccessAction::CheckUser,
    "access check: role, trust, home",
)];

/// `A` without a help line of its own, for a table that names it beside
/// another key (the custom-IdP users pane: `t · A`).
pub const USER_HIDDEN: Binding = bind(&[KeyCode::Char('A')], "", AccessAction::CheckUser, "");

/// The identity provider view's own keys.
pub const PROVIDER: &[Binding] = &[
    bind(
        &[KeyCode::Char('f')],
        "f",
        AccessAction::FixPermission,
        "add the missing invoke permission for this server",
    ),
    bind(
        &[KeyCode::Char('y')],
        "y",
        AccessAction::CopyCommand,
        "copy the aws lambda add-permission command",
    ),
];
