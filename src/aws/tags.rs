//! A Transfer resource's tags: ListTagsForResource, TagResource and
//! UntagResource, by ARN.

use aws_sdk_transfer::types::Tag as SdkTag;

use super::{AwsError, Session};
use crate::model::tags::Tag;

/// Every tag of `arn`, every page, in AWS's order.
pub async fn list_tags(session: &Session, arn: &str) -> Result<Vec<Tag>, AwsError> {
    let mut tags = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = session
            .transfer
            .list_tags_for_resource()
            .arn(arn)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "transfer:ListTagsForResource"))?;
        tags.extend(page.tags().iter().map(|t| Tag {
            key: t.key().to_string(),
            value: t.value().to_string(),
        }));
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(tags),
        }
    }
}

/// Sets `key` to `value` (a new tag, or a new value).
pub async fn tag_resource(
    session: &Session,
    arn: &str,
    key: &str,
    value: &str,
) -> Result<(), AwsError> {
    let tag = SdkTag::builder()
        .key(key)
        .value(value)
        .build()
        .map_err(|err| AwsError::Internal {
            detail: format!("a tag the SDK will not build: {err}"),
        })?;
    session
        .transfer
        .tag_resource()
        .arn(arn)
        .tags(tag)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:TagResource"))?;
    Ok(())
}

pub async fn untag_resource(session: &Session, arn: &str, key: &str) -> Result<(), AwsError> {
    session
        .transfer
        .untag_resource()
        .arn(arn)
        .tag_keys(key)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:UntagResource"))?;
    Ok(())
}
