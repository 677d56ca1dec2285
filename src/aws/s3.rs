//! Amazon S3 calls.

use super::{AwsError, Session};
use crate::model::objects::BucketSummary;

/// ListBuckets, every page.
pub async fn list_buckets(session: &Session) -> Result<Vec<BucketSummary>, AwsError> {
    let mut pages = session.s3.list_buckets().into_paginator().send();
    let mut buckets = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "s3:ListAllMyBuckets"))?;
        buckets.extend(page.buckets().iter().map(|bucket| BucketSummary {
            name: bucket.name().unwrap_or_default().to_string(),
            created: bucket.creation_date().map(|d| d.secs()),
        }));
    }
    Ok(buckets)
}
