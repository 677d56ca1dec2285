//! The bucket list (ListBuckets), the way in for an operator who knows the
//! bucket but not the user.

use crate::app::Cursor;
use crate::app::message::RequestId;
use crate::aws::AwsError;
use crate::model::objects::BucketSummary;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BucketsState {
    Loading(RequestId),
    Loaded,
    Failed(AwsError),
}

#[derive(Debug, Clone)]
pub struct BucketsPane {
    pub buckets: Vec<BucketSummary>,
    pub cursor: Cursor,
    pub state: BucketsState,
}

impl BucketsPane {
    pub fn new(req: RequestId) -> Self {
        Self {
            buckets: Vec::new(),
            cursor: Cursor::default(),
            state: BucketsState::Loading(req),
        }
    }

    pub fn selected(&self) -> Option<&BucketSummary> {
        self.buckets.get(self.cursor.selected())
    }

    pub fn on_listed(&mut self, req: RequestId, result: Result<Vec<BucketSummary>, AwsError>) {
        if self.state != BucketsState::Loading(req) {
            return;
        }
        match result {
            Ok(mut buckets) => {
                buckets.sort_by(|a, b| a.name.cmp(&b.name));
                self.buckets = buckets;
                self.cursor
                    .select(self.cursor.selected(), self.buckets.len());
                self.state = BucketsState::Loaded;
            }
            Err(err) => self.state = BucketsState::Failed(err),
        }
    }
}
