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
    pub rows: Vec<UserSummary>,
    pub cursor: Cursor,
    /// DescribeUser answers by user name, asked when a row is selected.
    pub details: HashMap<String, Fetch<TransferUser>>,
    pub dialog: Option<UsersDialog>,
    /// The change in flight: one at a time.
    pub pending: Option<(RequestId, UserChange)>,
    /// The row to select when the next listing arrives (a new user).
    select_after_listing: Option<String>,
}

impl ManagedUsersPane {
    pub fn new(server_id: &str, req: RequestId) -> Self {
        Self {
            server_id: server_id.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            cursor: Cursor::default(),
            details: HashMap::new(),
            dialog: None,
            pending: None,
            select_after_listing: None,
        }
    }

    pub fn selected(&self) -> Option<&UserSummary> {
        self.rows.get(self.cursor.selected())
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
