//! S3 buckets and objects.

/// A bucket from ListBuckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSummary {
    pub name: String,
    pub created: Option<i64>,
}
