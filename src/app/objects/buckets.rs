//! The bucket list (ListBuckets), the way in for an operator who knows the
//! bucket but not the user.

use std::borrow::Cow;
use std::cmp::Ordering;

use crossterm::event::KeyEvent;

use crate::app::fuzzy::FilterKey;
use crate::app::keymap::{self, Action};
use crate::app::list_view::{Column, ListRow, ListView};
use crate::app::message::RequestId;
use crate::model::AwsError;
use crate::model::objects::BucketSummary;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BucketsState {
    Loading(RequestId),
    Loaded,
    Failed(AwsError),
}

/// The bucket table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketColumn {
    Name,
    Created,
}

impl Column for BucketColumn {
    const FIRST: Self = Self::Name;

    fn next(self) -> Self {
        match self {
            Self::Name => Self::Created,
            Self::Created => Self::Name,
        }
    }
}

impl ListRow for BucketSummary {
    type Column = BucketColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.name)
    }

    fn filter_texts(&self) -> Vec<&str> {
        vec![&self.name]
    }

    fn compare(&self, other: &Self, by: BucketColumn) -> Ordering {
        match by {
            BucketColumn::Name => self.name.cmp(&other.name),
            BucketColumn::Created => self.created.cmp(&other.created),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BucketsPane {
    /// By name, as ListBuckets answers.
    pub buckets: Vec<BucketSummary>,
    /// The buckets shown (`/`, `s`/`S`) and the selected one.
    pub list: ListView<BucketColumn>,
    pub state: BucketsState,
}

impl BucketsPane {
    pub fn new(req: RequestId) -> Self {
        Self {
            buckets: Vec::new(),
            list: ListView::default(),
            state: BucketsState::Loading(req),
        }
    }

    pub fn selected(&self) -> Option<&BucketSummary> {
        self.list.selected(&self.buckets)
    }

    /// The buckets on screen, filter applied.
    pub fn shown(&self) -> impl Iterator<Item = &BucketSummary> {
        self.list.shown(&self.buckets)
    }

    /// The filter, the order and the moves; `false` leaves the key to the
    /// other bindings.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        match self.list.filter_key(key, &self.buckets) {
            FilterKey::Taken | FilterKey::Changed => true,
            FilterKey::NotMine => keymap::action_for(key, &[keymap::FILTER_SORT, keymap::MOVES])
                .is_some_and(|action| self.list.act(action, &self.buckets)),
        }
    }

    pub fn move_cursor(&mut self, action: Action) {
        self.list.act(action, &self.buckets);
    }

    pub fn on_listed(&mut self, req: RequestId, result: Result<Vec<BucketSummary>, AwsError>) {
        if self.state != BucketsState::Loading(req) {
            return;
        }
        match result {
            Ok(mut buckets) => {
                buckets.sort_by(|a, b| a.name.cmp(&b.name));
                let keep = self.list.selected_key(&self.buckets);
                self.buckets = buckets;
                self.list.rebuild(&self.buckets, keep.as_deref());
                self.state = BucketsState::Loaded;
            }
            Err(err) => self.state = BucketsState::Failed(err),
        }
    }
}
