//! The users of a SERVICE_MANAGED server: ListUsers fills the rows, the
//! selected row is described (DescribeUser) into the detail area, and the
//! changes (create, edit, SSH keys, delete) go through checked forms and
//! confirmations. Users of custom identity providers live in Secrets
//! Manager and have their own pane.

mod afterwards;
mod answers;
mod dialog;
pub mod keys;
mod message;
mod update;

pub use afterwards::Afterwards;
pub(in crate::app) use answers::audit_fields;
pub use dialog::{Pick, PickPurpose, UsersDialog, key_label};
pub use keys::ManagedUsersAction;
pub use message::{ManagedUsersCmd, ManagedUsersMsg, UserChange};

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use super::list_view::{Column, ListRow, ListView};
use super::objects::Fetch;
use super::{Listing, RequestId};
use crate::model::{TransferUser, UserSummary};

#[derive(Debug)]
pub struct ManagedUsersPane {
    pub server_id: String,
    pub listing: Listing,
    /// Every user, in ListUsers order.
    pub rows: Vec<UserSummary>,
    /// The rows shown (`/` over the name, home directory and role; `s`/`S`
    /// by column) and the selected one.
    pub list: ListView<UserColumn>,
    /// DescribeUser answers by user name, asked when a row is selected.
    pub details: HashMap<String, Fetch<TransferUser>>,
    pub dialog: Option<UsersDialog>,
    /// The change in flight: one at a time.
    pub pending: Option<(RequestId, UserChange)>,
    /// The row to select when the next listing arrives (a new user).
    select_after_listing: Option<String>,
}

/// The users table's columns, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserColumn {
    Name,
    Home,
    Role,
    Keys,
}

impl Column for UserColumn {
    const FIRST: Self = Self::Name;

    fn next(self) -> Self {
        match self {
            Self::Name => Self::Home,
            Self::Home => Self::Role,
            Self::Role => Self::Keys,
            Self::Keys => Self::Name,
        }
    }
}

impl ListRow for UserSummary {
    type Column = UserColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.name)
    }

    fn filter_texts(&self) -> Vec<&str> {
        [
            Some(self.name.as_str()),
            self.home_directory.as_deref(),
            self.role.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn compare(&self, other: &Self, by: UserColumn) -> Ordering {
        match by {
            UserColumn::Name => self.name.cmp(&other.name),
            UserColumn::Home => self.home_directory.cmp(&other.home_directory),
            UserColumn::Role => self.role.cmp(&other.role),
            UserColumn::Keys => self.ssh_key_count.cmp(&other.ssh_key_count),
        }
        .then_with(|| self.name.cmp(&other.name))
    }
}

impl ManagedUsersPane {
    pub fn new(server_id: &str, req: RequestId) -> Self {
        Self {
            server_id: server_id.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            list: ListView::default(),
            details: HashMap::new(),
            dialog: None,
            pending: None,
            select_after_listing: None,
        }
    }

    pub fn selected(&self) -> Option<&UserSummary> {
        self.list.selected(&self.rows)
    }

    /// The rows on screen, filter applied.
    pub fn shown(&self) -> impl Iterator<Item = &UserSummary> {
        self.list.shown(&self.rows)
    }

    /// Takes a listing; the selection goes to the user named `keep` if it
    /// is shown, else stays where it was.
    pub(super) fn set_rows(&mut self, rows: Vec<UserSummary>, keep: Option<String>) {
        // A user whose row changed is described again when selected.
        let old = std::mem::take(&mut self.rows);
        self.details.retain(|name, _| {
            let before = old.iter().find(|row| &row.name == name);
            let now = rows.iter().find(|row| &row.name == name);
            before.is_some() && before == now
        });
        self.rows = rows;
        self.list.rebuild(&self.rows, keep.as_deref());
    }

    /// The selected user's DescribeUser answer, once loaded.
    pub fn selected_user(&self) -> Option<&TransferUser> {
        match self.details.get(&self.selected()?.name)? {
            Fetch::Loaded(user) => Some(user),
            _ => None,
        }
    }

    pub fn selected_detail(&self) -> Option<&Fetch<TransferUser>> {
        self.details.get(&self.selected()?.name)
    }

    /// Whether an answer with this id belongs to this pane.
    fn awaits(&self, req: RequestId) -> bool {
        self.listing == Listing::Loading(req)
            || self.pending.as_ref().is_some_and(|(r, _)| *r == req)
            || self
                .details
                .values()
                .any(|fetch| *fetch == Fetch::Loading(req))
    }

    /// Nothing typed, open or written: an automatic refresh may list again.
    pub fn is_idle(&self) -> bool {
        self.dialog.is_none() && self.pending.is_none() && !self.list.filter.is_typing()
    }

    /// What the status bar says while this pane waits on AWS.
    pub fn loading(&self) -> Option<String> {
        if let Some((_, change)) = &self.pending {
            return Some(change.describe());
        }
        if matches!(self.listing, Listing::Loading(_)) {
            return Some(format!("listing users of {}", self.server_id));
        }
        matches!(self.selected_detail(), Some(Fetch::Loading(_)))
            .then(|| "describing the user".to_string())
    }
}

#[cfg(test)]
pub(crate) mod tests;
