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
pub use dialog::{Pick, PickPurpose, UsersDialog, key_label};
pub use keys::ManagedUsersAction;
pub use message::{ManagedUsersCmd, ManagedUsersMsg, UserChange};

use std::collections::HashMap;

use super::objects::Fetch;
use super::{Cursor, Listing, RequestId};
use crate::model::{TransferUser, UserSummary};

#[derive(Debug)]
pub struct ManagedUsersPane {
    pub server_id: String,
    pub listing: Listing,
    /// Every user, in ListUsers order.
    pub rows: Vec<UserSummary>,
    /// Indexes into `rows` that pass the filter; the cursor moves over this.
    view: Vec<usize>,
    /// `/`: fuzzy, over the name, home directory and role.
    pub filter: crate::app::fuzzy::ListFilter,
    /// `s`/`S`: the column sorted by (`None`: ListUsers order) and whether
    /// the order is reversed.
    pub sort: Option<UserColumn>,
    pub descending: bool,
    pub cursor: Cursor,
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

impl UserColumn {
    pub fn next(self) -> Self {
        match self {
            Self::Name => Self::Home,
            Self::Home => Self::Role,
            Self::Role => Self::Keys,
            Self::Keys => Self::Name,
        }
    }

    fn compare(self, a: &UserSummary, b: &UserSummary) -> std::cmp::Ordering {
        match self {
            Self::Name => a.name.cmp(&b.name),
            Self::Home => a.home_directory.cmp(&b.home_directory),
            Self::Role => a.role.cmp(&b.role),
            Self::Keys => a.ssh_key_count.cmp(&b.ssh_key_count),
        }
    }
}

impl ManagedUsersPane {
    pub fn new(server_id: &str, req: RequestId) -> Self {
        Self {
            server_id: server_id.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            view: Vec::new(),
            filter: Default::default(),
            sort: None,
            descending: false,
            cursor: Cursor::default(),
            details: HashMap::new(),
            dialog: None,
            pending: None,
            select_after_listing: None,
        }
    }

    pub fn selected(&self) -> Option<&UserSummary> {
        self.view
            .get(self.cursor.selected())
            .and_then(|&i| self.rows.get(i))
    }

    /// The rows on screen, filter applied.
    pub fn shown(&self) -> impl Iterator<Item = &UserSummary> {
        self.view.iter().filter_map(|&i| self.rows.get(i))
    }

    pub fn shown_len(&self) -> usize {
        self.view.len()
    }

    /// Takes a listing; the selection goes to the user named `keep` if it
    /// is shown, else stays where it was.
    pub(super) fn set_rows(&mut self, rows: Vec<UserSummary>, keep: Option<String>) {
        self.rows = rows;
        self.rebuild_view(keep);
    }

    /// `s`: the next column; `S`: the other way round.
    pub(super) fn sort_by_next_column(&mut self) {
        self.sort = Some(self.sort.map_or(UserColumn::Name, UserColumn::next));
        self.descending = false;
        self.refilter();
    }

    pub(super) fn reverse_order(&mut self) {
        self.descending = !self.descending;
        self.refilter();
    }

    /// After the filter or order changed: the selection stays on its user if shown.
    pub(super) fn refilter(&mut self) {
        let keep = self.selected().map(|row| row.name.clone());
        self.rebuild_view(keep);
    }

    fn rebuild_view(&mut self, keep: Option<String>) {
        let filter = self.filter.text.as_str();
        self.view = (0..self.rows.len())
            .filter(|&i| {
                let row = &self.rows[i];
                let fields = [
                    Some(row.name.as_str()),
                    row.home_directory.as_deref(),
                    row.role.as_deref(),
                ];
                crate::app::fuzzy::any_matches(fields.into_iter().flatten(), filter)
            })
            .collect();
        let (rows, sort, descending) = (&self.rows, self.sort, self.descending);
        self.view.sort_by(|&a, &b| {
            let order = match sort {
                Some(column) => column.compare(&rows[a], &rows[b]),
                None => a.cmp(&b),
            };
            let order = if descending { order.reverse() } else { order };
            order.then_with(|| rows[a].name.cmp(&rows[b].name))
        });
        let at = keep
            .and_then(|name| self.shown().position(|row| row.name == name))
            .unwrap_or(self.cursor.selected());
        self.cursor.select(at, self.view.len());
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
