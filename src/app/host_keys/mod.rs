//! A server's SSH host keys (`K` on its detail): ListHostKeys fills the
//! rows with each key's type, fingerprint, date and description; a key is
//! imported from a file or `$EDITOR`, its description changed, or deleted
//! after its id is typed. The private key travels only inside a
//! `PrivateHostKey`, whose `Debug` is redacted, and is never drawn.

mod message;
mod update;

pub use message::{HostKeyChange, HostKeysCmd, HostKeysMsg, judge};

use crossterm::event::KeyCode;

use super::keymap::{Action, Binding};
use super::{Confirm, Cursor, Form, Listing, RequestId};
use crate::model::HostKey;

#[derive(Debug)]
pub struct HostKeysPane {
    pub server_id: String,
    pub listing: Listing,
    /// Every key, oldest first (AWS's order: the oldest of a type is the
    /// one clients are shown).
    pub rows: Vec<HostKey>,
    pub cursor: Cursor,
    pub dialog: Option<HostKeysDialog>,
    /// The change in flight: one at a time.
    pub pending: Option<(RequestId, HostKeyChange)>,
    /// The key file read, or `$EDITOR` open, for an import.
    pub reading: Option<(RequestId, String)>,
}

#[derive(Debug, Clone)]
pub enum HostKeysDialog {
    /// Where the private key comes from (a file, or `$EDITOR` when empty)
    /// and its description.
    Import(Form),
    Describe {
        form: Form,
        key_id: String,
        before: String,
    },
    Confirm {
        confirm: Confirm,
        change: HostKeyChange,
    },
}

/// What a key asks of the host keys pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKeysAction {
    Import,
    Describe,
    Delete,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: HostKeysAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::HostKeys(action),
        help,
    }
}

pub const KEYS: &[Binding] = &[
    bind(
        &[KeyCode::Char('i')],
        "i",
        HostKeysAction::Import,
        "import a host key (file or $EDITOR)",
    ),
    bind(
        &[KeyCode::Char('e')],
        "e",
        HostKeysAction::Describe,
        "edit the key's description",
    ),
    bind(
        &[KeyCode::Char('x'), KeyCode::Delete],
        "x / Del",
        HostKeysAction::Delete,
        "delete the key (type its id)",
    ),
];

/// The import form's fields.
pub const FILE: usize = 0;
pub const DESCRIPTION: usize = 1;

pub fn import_form() -> Form {
    Form::new("Import a host key")
        .submit("read the key")
        .field(
            "Private key file",
            "",
            "path to an unencrypted private key; empty: paste it in $EDITOR",
        )
        .field(
            "Description",
            "",
            "optional, up to 200 printable characters",
        )
}

impl HostKeysPane {
    pub fn new(server_id: &str, req: RequestId) -> Self {
        Self {
            server_id: server_id.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            cursor: Cursor::default(),
            dialog: None,
            pending: None,
            reading: None,
        }
    }

    pub fn selected(&self) -> Option<&HostKey> {
        self.rows.get(self.cursor.selected())
    }

    fn awaits(&self, req: RequestId) -> bool {
        self.listing == Listing::Loading(req)
            || self.pending.as_ref().is_some_and(|(r, _)| *r == req)
            || self.reading.as_ref().is_some_and(|(r, _)| *r == req)
    }

    /// What the status bar says while this pane waits.
    pub fn loading(&self) -> Option<String> {
        if let Some((_, change)) = &self.pending {
            return Some(change.describe());
        }
        if self.reading.is_some() {
            return Some("reading the private key".to_string());
        }
        matches!(self.listing, Listing::Loading(_))
            .then(|| format!("listing host keys of {}", self.server_id))
    }
}

#[cfg(test)]
pub(crate) mod tests;
