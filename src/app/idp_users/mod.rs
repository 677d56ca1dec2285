//! Users of custom identity provider servers (AWS_LAMBDA, API_GATEWAY):
//! Secrets Manager secrets named `<prefix><server-id>/<user>` (and the older
//! `SFTP/<user>`), as the AWS sample provider reads them.
//!
//! Listing never reads a value; a value is read when its row is selected.
//! Every change is confirmed, version-guarded where it overwrites, audited,
//! and refused in read-only mode. Passwords reach the screen only on an
//! explicit reveal (`p`), which ends by itself.

mod afterwards;
mod dialog_keys;
mod dialogs;
pub mod keys;
mod message;
mod update;
mod user_form;
mod writes;

pub use afterwards::{Afterwards, Reread};
pub use dialogs::IdpDialog;
pub use keys::IdpAction;
pub use message::{IdpCmd, IdpMsg, ListFilter, NewPassword, Verb, Write, Written};

use std::borrow::Cow;
use std::cmp::Ordering;

use super::list_view::{Column, ListRow, ListView};
use super::message::RequestId;
use crate::model::AwsError;
use crate::model::SecretEntry;
use crate::model::login_secret::LoginSecret;
use crate::model::secret_value::SecretValue;

/// Ticks (250 ms each) a revealed password stays on screen.
pub const REVEAL_TICKS: u16 = 40;

/// What the pane lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The users of one server.
    Server { server_id: String },
    /// Secrets under the prefix whose server no longer exists.
    Orphans,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueState {
    NotRead,
    Reading(RequestId),
    Read(SecretValue),
    /// AccessDenied (a resource policy, IAM) and the like: shown on the row.
    Failed(AwsError),
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub entry: SecretEntry,
    pub value: ValueState,
}

impl UserRow {
    /// Where the row sorts by state: problems first (see [`IdpColumn::State`]).
    fn state_rank(&self) -> u8 {
        match (&self.entry.deleted, &self.value) {
            (Some(_), _) => 4,
            (None, ValueState::Failed(_)) => 0,
            // Not JSON, or a login without the Role the provider must return.
            (None, ValueState::Read(value)) => match &value.content {
                Ok(secret) if secret.role().is_some() || secret.is_pgp_only() => 2,
                _ => 1,
            },
            (None, ValueState::NotRead | ValueState::Reading(_)) => 3,
        }
    }

    pub fn user(&self) -> &str {
        self.entry
            .parsed
            .as_ref()
            .map_or(self.entry.name.as_str(), |name| name.user.as_str())
    }

    pub fn is_deleted(&self) -> bool {
        self.entry.deleted.is_some()
    }

    /// The value, when it was read and is a JSON object.
    pub fn secret(&self) -> Option<&LoginSecret> {
        match &self.value {
            ValueState::Read(value) => value.content.as_ref().ok(),
            _ => None,
        }
    }

    pub fn version(&self) -> Option<&str> {
        match &self.value {
            ValueState::Read(value) => Some(&value.version_id),
            _ => None,
        }
    }
}

/// The table's columns, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdpColumn {
    /// The user (or the secret's name for orphans and legacy names).
    Name,
    LastChanged,
    /// The VALUE (or STATE) column: unreadable values first, then broken
    /// logins (not JSON, no Role), good ones, values not read yet, and
    /// deleted secrets last.
    State,
}

impl Column for IdpColumn {
    const FIRST: Self = Self::Name;

    fn next(self) -> Self {
        match self {
            Self::Name => Self::LastChanged,
            Self::LastChanged => Self::State,
            Self::State => Self::Name,
        }
    }
}

impl ListRow for UserRow {
    type Column = IdpColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.entry.name)
    }

    /// The user and the server apart: the shared prefix of the full name
    /// would match almost any fuzzy filter.
    fn filter_texts(&self) -> Vec<&str> {
        match &self.entry.parsed {
            Some(name) => {
                let legacy = name.server_id.is_none().then_some(self.entry.name.as_str());
                [Some(name.user.as_str()), name.server_id.as_deref(), legacy]
                    .into_iter()
                    .flatten()
                    .collect()
            }
            None => vec![self.entry.name.as_str()],
        }
    }

    fn compare(&self, other: &Self, by: IdpColumn) -> Ordering {
        match by {
            IdpColumn::Name => self.entry.name.cmp(&other.entry.name),
            IdpColumn::LastChanged => self.entry.last_changed.cmp(&other.entry.last_changed),
            IdpColumn::State => self.state_rank().cmp(&other.state_rank()),
        }
        .then_with(|| self.entry.name.cmp(&other.entry.name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    Loading(RequestId),
    Loaded,
    Failed(AwsError),
}

/// A password on screen, until the ticks run out or the row changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    pub name: String,
    pub ticks_left: u16,
}

#[derive(Debug)]
pub struct IdpUsersPane {
    pub scope: Scope,
    /// The name prefix, `aws/transfer/` unless configured.
    pub prefix: String,
    pub listing: Listing,
    /// Every secret listed, in ListSecrets order.
    pub rows: Vec<UserRow>,
    /// The rows shown (`/` over the secret name; `s`/`S` by column) and
    /// the selected one.
    pub list: ListView<IdpColumn>,
    pub dialog: Option<IdpDialog>,
    pub reveal: Option<Reveal>,
    /// The write in flight and what it does, for the status bar.
    pub pending: Option<(RequestId, String)>,
    /// The TestIdentityProvider in flight.
    pub testing: Option<RequestId>,
    /// `$EDITOR` is open on this request.
    pub editing: Option<RequestId>,
    /// The listing under way keeps the values of unchanged secrets.
    keep_values: bool,
    /// A copy met the user on the twin: the twin's secret being read to
    /// compare, `(request, source secret, twin secret)`.
    pub twin_read: Option<(RequestId, String, String)>,
    /// The user to select once listed (opened from a doctor's finding),
    /// and whether to open its edit form once its value is read.
    pub(in crate::app) wanted: Option<Wanted>,
}

/// A user the pane was opened for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The secret's full name.
    pub name: String,
    pub edit: bool,
}

impl IdpUsersPane {
    pub fn new(scope: Scope, prefix: &str, req: RequestId) -> Self {
        Self {
            scope,
            prefix: prefix.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            list: ListView::default(),
            dialog: None,
            reveal: None,
            pending: None,
            testing: None,
            editing: None,
            keep_values: false,
            twin_read: None,
            wanted: None,
        }
    }

    pub fn server_id(&self) -> Option<&str> {
        match &self.scope {
            Scope::Server { server_id } => Some(server_id),
            Scope::Orphans => None,
        }
    }

    pub fn title(&self) -> String {
        match &self.scope {
            Scope::Server { .. } => "Users".to_string(),
            Scope::Orphans => "Orphaned secrets".to_string(),
        }
    }

    pub fn selected(&self) -> Option<&UserRow> {
        self.list.selected(&self.rows)
    }

    /// The rows on screen, filter applied.
    pub fn shown(&self) -> impl Iterator<Item = &UserRow> {
        self.list.shown(&self.rows)
    }

    pub fn list_filter(&self) -> ListFilter {
        match &self.scope {
            Scope::Server { server_id } => ListFilter::Server {
                prefix: self.prefix.clone(),
                server_id: server_id.clone(),
            },
            Scope::Orphans => ListFilter::All {
                prefix: self.prefix.clone(),
            },
        }
    }

    /// The password on screen now, if the operator asked for it.
    pub fn revealed(&self) -> Option<&str> {
        let reveal = self.reveal.as_ref()?;
        let row = self.selected()?;
        (row.entry.name == reveal.name)
            .then(|| row.secret().and_then(LoginSecret::password))
            .flatten()
    }

    /// Whether an answer with this id belongs to this pane.
    fn awaits(&self, req: RequestId) -> bool {
        self.listing == Listing::Loading(req)
            || self.pending.as_ref().is_some_and(|(r, _)| *r == req)
            || self.testing == Some(req)
            || self.editing == Some(req)
            || self.twin_read.as_ref().is_some_and(|(r, _, _)| *r == req)
            || self
                .rows
                .iter()
                .any(|row| row.value == ValueState::Reading(req))
    }

    /// Nothing typed, open or written: an automatic refresh may list again.
    pub fn is_idle(&self) -> bool {
        self.dialog.is_none()
            && self.pending.is_none()
            && self.testing.is_none()
            && self.editing.is_none()
            && !self.list.filter.is_typing()
    }

    /// What the status bar says while this pane waits on AWS.
    pub fn loading(&self) -> Option<String> {
        if let Some((_, what)) = &self.pending {
            return Some(what.clone());
        }
        if self.testing.is_some() {
            return Some("testing the login".into());
        }
        if matches!(self.listing, Listing::Loading(_)) {
            return Some("listing secrets".into());
        }
        self.rows
            .iter()
            .any(|row| matches!(row.value, ValueState::Reading(_)))
            .then(|| "reading the secret".into())
    }
}

#[cfg(test)]
pub(crate) mod tests;
