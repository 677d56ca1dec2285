//! A server's tags (`T` on its detail): ListTagsForResource fills the
//! rows; a tag is added, its value changed, or removed, each checked where
//! typed against AWS's limits, confirmed with `y`, audited, and after a
//! failure judged by the tags read again. `--read-only` refuses changes.

mod update;

use crossterm::event::KeyCode;

use super::keymap::{Action, Binding};
use super::managed_users::Afterwards;
use super::{Confirm, Cursor, Form, Listing, RequestId};
use crate::model::AwsError;
use crate::model::tags::{Tag, TagChange};

#[derive(Debug)]
pub struct TagsPane {
    pub server_id: String,
    /// The server's ARN, which the tag calls name.
    pub arn: String,
    pub listing: Listing,
    /// Sorted by key.
    pub rows: Vec<Tag>,
    pub cursor: Cursor,
    pub dialog: Option<TagsDialog>,
    /// The change in flight: one at a time.
    pub pending: Option<(RequestId, TagChange)>,
}

#[derive(Debug, Clone)]
pub enum TagsDialog {
    /// Key and value: a new tag, or a new value for the selected one.
    Edit(Form),
    Confirm {
        confirm: Confirm,
        change: TagChange,
    },
}

/// What a key asks of the tags view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagsAction {
    Add,
    Change,
    Remove,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: TagsAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::Tags(action),
        help,
    }
}

pub const KEYS: &[Binding] = &[
    bind(&[KeyCode::Char('n')], "n", TagsAction::Add, "add a tag"),
    bind(
        &[KeyCode::Char('e'), KeyCode::Enter],
        "e / Enter",
        TagsAction::Change,
        "change the tag's value",
    ),
    bind(
        &[KeyCode::Char('x'), KeyCode::Delete],
        "x / Del",
        TagsAction::Remove,
        "remove the tag",
    ),
];

/// The form's fields.
pub const KEY: usize = 0;
pub const VALUE: usize = 1;

pub fn tag_form(title: &str, key: &str, value: &str) -> Form {
    Form::new(title)
        .field(
            "Key",
            key,
            "1-128 letters, digits, spaces, _.:/=+-@; not aws:",
        )
        .field("Value", value, "0-256 of the same characters")
}

#[derive(Debug)]
pub enum TagsMsg {
    Listed {
        req: RequestId,
        result: Result<Vec<Tag>, AwsError>,
    },
    Changed {
        req: RequestId,
        server_id: String,
        change: TagChange,
        result: Result<(), AwsError>,
        /// After a failed change: the tags read again, judged.
        afterwards: Option<Afterwards>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagsCmd {
    /// ListTagsForResource, every page.
    List { req: RequestId, arn: String },
    /// TagResource or UntagResource, read back after a failure.
    Change {
        req: RequestId,
        server_id: String,
        arn: String,
        change: TagChange,
    },
}

impl TagsPane {
    pub fn new(server_id: &str, arn: &str, req: RequestId) -> Self {
        Self {
            server_id: server_id.to_string(),
            arn: arn.to_string(),
            listing: Listing::Loading(req),
            rows: Vec::new(),
            cursor: Cursor::default(),
            dialog: None,
            pending: None,
        }
    }

    pub fn selected(&self) -> Option<&Tag> {
        self.rows.get(self.cursor.selected())
    }

    fn awaits(&self, req: RequestId) -> bool {
        self.listing == Listing::Loading(req)
            || self.pending.as_ref().is_some_and(|(r, _)| *r == req)
    }

    /// What the status bar says while this pane waits.
    pub fn loading(&self) -> Option<String> {
        if let Some((_, change)) = &self.pending {
            return Some(change.describe());
        }
        matches!(self.listing, Listing::Loading(_))
            .then(|| format!("listing the tags of {}", self.server_id))
    }
}

#[cfg(test)]
pub(crate) mod tests;
