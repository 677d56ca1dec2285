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
pub use dialog_keys::copy_write;
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
use crate::model::server::ServerState;

/// Ticks (250 ms each) a revealed password stays on screen.
pub const REVEAL_TICKS: u16 = 40;

/// What the pane lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The users of one server.
    Server { server_id: String },
    /// Every login secret under the prefix, across servers; `O` narrows
    /// it to the orphans (secrets whose server no longer exists).
    Secrets,
}

/// Whose login a secret is, as the servers list tells (the `:secrets` list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A listed server: its `Name` tag (once described) and state.
    Listed {
        server_id: String,
        name: Option<String>,
        state: ServerState,
    },
    /// The name's server is not in the (complete) servers list.
    Gone { server_id: String },
    /// A legacy `SFTP/<user>` name, which serves any server.
    Any,
}

impl Owner {
    /// Where the SERVER column sorts: gone first, then by server id.
    fn rank(&self) -> (u8, &str) {
        match self {
            Self::Gone { server_id } => (0, server_id),
            Self::Listed { server_id, .. } => (1, server_id),
            Self::Any => (2, ""),
        }
    }
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
    /// In the `:secrets` list only: whose login it is.
    pub owner: Option<Owner>,
}

impl UserRow {
    /// Where the row sorts by state: problems first (see [`IdpColumn::State`]).
    fn state_rank(&self) -> u8 {
        // The `:secrets` list reads no value: orphans, then secrets
        // waiting out their recovery window, come first.
        if let Some(owner) = &self.owner {
            let gone = matches!(owner, Owner::Gone { .. });
            return match (gone, self.is_deleted()) {
                (true, false) => 0,
                (true, true) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
        }
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

    /// Whether the secret's server no longer exists.
    pub fn is_orphan(&self) -> bool {
        matches!(self.owner, Some(Owner::Gone { .. }))
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
    /// The user (or the secret's full name in the `:secrets` list and for
    /// legacy names).
    Name,
    /// `:secrets` only: the server, those gone first.
    Server,
    /// `:secrets` only: the user the name gives.
    User,
    LastChanged,
    /// The VALUE (or STATE) column: unreadable values first, then broken
    /// logins (not JSON, no Role), good ones, values not read yet, and
    /// deleted secrets last. In `:secrets`, SCHEDULED DELETION: orphans,
    /// then secrets pending deletion, first.
    State,
}

impl IdpColumn {
    /// Whether a users list of one server shows this column.
    pub fn in_server_scope(self) -> bool {
        !matches!(self, Self::Server | Self::User)
    }
}

impl Column for IdpColumn {
    const FIRST: Self = Self::Name;

    fn next(self) -> Self {
        match self {
            Self::Name => Self::Server,
            Self::Server => Self::User,
            Self::User => Self::LastChanged,
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
        // `:secrets` also finds a secret by its server's name.
        if let Some(Owner::Listed {
            name: Some(name), ..
        }) = &self.owner
        {
            let mut texts = self.name_texts();
            texts.push(name.as_str());
            return texts;
        }
        self.name_texts()
    }

    fn compare(&self, other: &Self, by: IdpColumn) -> Ordering {
        match by {
            IdpColumn::Name => self.entry.name.cmp(&other.entry.name),
            IdpColumn::Server => match (&self.owner, &other.owner) {
                (Some(a), Some(b)) => a.rank().cmp(&b.rank()),
                _ => Ordering::Equal,
            },
            IdpColumn::User => self.user().cmp(other.user()),
            IdpColumn::LastChanged => self.entry.last_changed.cmp(&other.entry.last_changed),
            IdpColumn::State => self.state_rank().cmp(&other.state_rank()),
        }
        .then_with(|| self.entry.name.cmp(&other.entry.name))
    }
}

impl UserRow {
    /// The user and the server id apart (and a legacy name whole).
    fn name_texts(&self) -> Vec<&str> {
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
    /// The user the last login test tried (`l` after a refusal).
    pub tested_user: Option<String>,
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
    /// `:secrets`: only the secrets whose server is gone are shown.
    pub orphans_only: bool,
    /// `:secrets`: every row listed; `rows` holds those shown under
    /// `orphans_only`.
    listed: Vec<UserRow>,
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
            tested_user: None,
            editing: None,
            keep_values: false,
            twin_read: None,
            wanted: None,
            orphans_only: false,
            listed: Vec::new(),
        }
    }

    /// `O` in `:secrets`: all login secrets, or the orphans alone.
    pub fn toggle_orphans_only(&mut self) {
        self.orphans_only = !self.orphans_only;
        let selected = self.list.selected_key(&self.rows);
        self.show_listed(selected.as_deref());
    }

    /// `rows` from `listed`, under `orphans_only`; the cursor goes to the
    /// secret `keep` when it is shown.
    fn show_listed(&mut self, keep: Option<&str>) {
        let orphans_only = self.orphans_only;
        self.rows = self
            .listed
            .iter()
            .filter(|row| !orphans_only || row.is_orphan())
            .cloned()
            .collect();
        self.list.rebuild(&self.rows, keep);
    }

    pub fn server_id(&self) -> Option<&str> {
        match &self.scope {
            Scope::Server { server_id } => Some(server_id),
            Scope::Secrets => None,
        }
    }

    pub fn title(&self) -> String {
        match &self.scope {
            Scope::Server { .. } => "Users".to_string(),
            Scope::Secrets if self.orphans_only => "Orphaned secrets".to_string(),
            Scope::Secrets => "Secrets".to_string(),
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
            Scope::Secrets => ListFilter::All {
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

#[cfg(test)]
mod secrets_tests;
