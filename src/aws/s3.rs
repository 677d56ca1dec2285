//! Amazon S3 calls for the object browser: one listing page at a time, the
//! object's head, a ranged preview, a streamed download and a delete.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

use super::{AwsError, Session};
pub use crate::model::objects::DownloadError;
use crate::model::objects::{
    BucketSummary, Entries, EntryKind, ListingFull, ObjectDetail, ObjectPage,
};
use crate::model::preview::{PREVIEW_BYTES, Preview};

/// Keys per ListObjectsV2 page, the most S3 gives.
pub const PAGE_KEYS: i32 = 1000;

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

/// One page of `prefix` with the `/` delimiter: folders and objects, their
/// names without the prefix. `token` is the previous page's `next_token`.
pub async fn list_page(
    session: &Session,
    bucket: &str,
    prefix: &str,
    token: Option<String>,
) -> Result<ObjectPage, AwsError> {
    let answer = session
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .delimiter("/")
        // XML 1.0 cannot carry most control characters: one such key would
        // make the whole page unreadable. URL-encoded keys can carry any.
        .encoding_type(aws_sdk_s3::types::EncodingType::Url)
        .max_keys(PAGE_KEYS)
        .set_continuation_token(token)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "s3:ListBucket"))?;
    let mut entries = Entries::default();
    // S3 sorts both lists by key; merging them keeps the page in key order.
    let mut folders = answer
        .common_prefixes()
        .iter()
        .filter_map(|p| p.prefix())
        .map(url_decoded);
    let mut objects = answer
        .contents()
        .iter()
        .filter_map(|o| Some((url_decoded(o.key()?), o)));
    let mut next_folder = folders.next();
    let mut next_object = objects.next();
    loop {
        let object_first = match (&next_folder, &next_object) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(folder), Some((key, _))) => key < folder,
        };
        if object_first {
            if let Some((key, object)) = &next_object {
                entries
                    .push(
                        key.strip_prefix(prefix).unwrap_or(key),
                        EntryKind::Object,
                        object.size().unwrap_or(0).max(0) as u64,
                        object.last_modified().map_or(0, |d| d.secs()),
                    )
                    .map_err(page_too_large)?;
            }
            next_object = objects.next();
        } else {
            if let Some(folder) = &next_folder {
                entries
                    .push(
                        folder.strip_prefix(prefix).unwrap_or(folder),
                        EntryKind::Folder,
                        0,
                        0,
                    )
                    .map_err(page_too_large)?;
            }
            next_folder = folders.next();
        }
    }
    let next_token = match answer.is_truncated() {
        Some(true) => answer.next_continuation_token().map(str::to_string),
        _ => None,
    };
    Ok(ObjectPage {
        entries,
        next_token,
    })
}

/// A page cannot come near the limit (1,000 keys of at most 1 KiB), but
/// an endpoint that is not S3 could send anything.
fn page_too_large(full: ListingFull) -> AwsError {
    AwsError::Service {
        action: "s3:ListBucket".into(),
        code: "PageTooLarge".into(),
        message: full.to_string(),
    }
}

pub async fn head_object(
    session: &Session,
    bucket: &str,
    key: &str,
) -> Result<ObjectDetail, AwsError> {
    let head = session
        .s3
        .head_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|err| classify_by_status(err, "s3:GetObject", bucket, key))?;
    Ok(ObjectDetail {
        key: key.to_string(),
        size: head.content_length().unwrap_or(0).max(0) as u64,
        modified: head.last_modified().map(|d| d.secs()),
        etag: head.e_tag().map(str::to_string),
        storage_class: Some(
            head.storage_class()
                .map_or("STANDARD", |class| class.as_str())
                .to_string(),
        ),
        content_type: head.content_type().map(str::to_string),
        metadata: head
            .metadata()
            .map(|meta| meta.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    })
}

/// The first 64 KiB of an object (one ranged GET), judged text or binary.
pub async fn preview(session: &Session, bucket: &str, key: &str) -> Result<Preview, AwsError> {
    let answer = session
        .s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .range(format!("bytes=0-{}", PREVIEW_BYTES - 1))
        .send()
        .await
        .map_err(|err| classify_by_status(err, "s3:GetObject", bucket, key))?;
    let total = answer
        .content_range()
        .and_then(|range| range.rsplit('/').next())
        .and_then(|total| total.parse::<u64>().ok());
    let length = answer.content_length().unwrap_or(0).max(0) as u64;
    let idle = body_idle_bound(session);
    let bytes = tokio::time::timeout(idle, answer.body.collect())
        .await
        .map_err(|_| body_stalled(idle))?
        .map_err(|err| AwsError::Network {
            detail: err.to_string(),
        })?
        .into_bytes();
    let limit = bytes.len().min(PREVIEW_BYTES as usize);
    Ok(Preview::from_bytes(
        &bytes[..limit],
        total.unwrap_or(length),
    ))
}

pub async fn delete_object(session: &Session, bucket: &str, key: &str) -> Result<(), AwsError> {
    session
        .s3
        .delete_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "s3:DeleteObject"))?;
    Ok(())
}

/// Streams an object to `dest` through `dest.part`, calling `progress` with
/// bytes written and the total. An existing `dest` is replaced only when
/// `overwrite` is set; a cancelled or failed download leaves no file.
pub async fn download(
    session: &Session,
    bucket: &str,
    key: &str,
    dest: &Path,
    overwrite: bool,
    cancel: &CancellationToken,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<u64, DownloadError> {
    if cancel.is_cancelled() {
        return Err(DownloadError::Cancelled);
    }
    if !overwrite && tokio::fs::try_exists(dest).await.unwrap_or(true) {
        return Err(DownloadError::Exists(dest.to_path_buf()));
    }
    let answer = tokio::select! {
        answer = session.s3.get_object().bucket(bucket).key(key).send() => answer
            .map_err(|err| DownloadError::Aws(classify_by_status(err, "s3:GetObject", bucket, key)))?,
        () = cancel.cancelled() => return Err(DownloadError::Cancelled),
    };
    let total = answer.content_length().map(|n| n.max(0) as u64);
    let part = part_path(dest);
    let local = |err: std::io::Error| DownloadError::Local {
        path: dest.to_path_buf(),
        reason: err.to_string(),
    };
    // Every download is 0600 whatever the umask: objects in a Transfer
    // Family bucket are partners' files, and which keys sit under a user's
    // home cannot be told reliably from here (LOGICAL mappings, several
    // users per bucket). The operator can widen the mode of a file they
    // mean to share; a partner's data never starts out readable by others.
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(DOWNLOAD_MODE)
        .open(&part)
        .await
        .map_err(local)?;
    let mut body = answer.body;
    let idle = body_idle_bound(session);
    let mut done = 0u64;
    progress(done, total);
    let outcome: Result<(), DownloadError> = async {
        // `mode` above went through the umask; this sets it exactly.
        file.set_permissions(std::fs::Permissions::from_mode(DOWNLOAD_MODE))
            .await
            .map_err(local)?;
        loop {
            let chunk = tokio::select! {
                chunk = tokio::time::timeout(idle, body.try_next()) => chunk
                    .map_err(|_| DownloadError::Aws(body_stalled(idle)))?
                    .map_err(|err| DownloadError::Aws(AwsError::Network {
                        detail: err.to_string(),
                    }))?,
                () = cancel.cancelled() => return Err(DownloadError::Cancelled),
            };
            let Some(chunk) = chunk else { break };
            file.write_all(&chunk).await.map_err(local)?;
            done += chunk.len() as u64;
            progress(done, total);
        }
        file.flush().await.map_err(local)?;
        file.sync_all().await.map_err(local)?;
        if !overwrite && tokio::fs::try_exists(dest).await.unwrap_or(true) {
            return Err(DownloadError::Exists(dest.to_path_buf()));
        }
        tokio::fs::rename(&part, dest).await.map_err(local)
    }
    .await;
    if outcome.is_err() {
        let _ = tokio::fs::remove_file(&part).await;
    }
    outcome.map(|()| done)
}

/// How long an object's body may go without a byte. The SDK's timeouts end
/// when the answer's head arrives, so a body that stalls halfway would
/// otherwise wait forever: it gets the same bound as the first byte.
fn body_idle_bound(session: &Session) -> Duration {
    session
        .s3
        .config()
        .timeout_config()
        .and_then(|config| config.read_timeout())
        .unwrap_or(DEFAULT_BODY_IDLE)
}

/// The bound when the configuration sets none (a session built without
/// the console's settings).
const DEFAULT_BODY_IDLE: Duration = Duration::from_secs(30);

fn body_stalled(idle: Duration) -> AwsError {
    AwsError::Timeout {
        action: "s3:GetObject".into(),
        after: Some(idle),
    }
}

/// A key or prefix of a listing asked with `EncodingType=url`: S3 encodes
/// a space as `+` (a literal `+` comes as `%2B`), the rest as `%XX`.
fn url_decoded(encoded: &str) -> String {
    let spaced = encoded.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// Owner read and write only: see [`download`].
const DOWNLOAD_MODE: u32 = 0o600;

fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// HEAD answers carry no body, so S3 gives no error code: the status says
/// what happened. GETs go through the same path for one message.
fn classify_by_status<E>(
    err: SdkError<E, HttpResponse>,
    action: &str,
    bucket: &str,
    key: &str,
) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = err.raw_response().map(|raw| raw.status().as_u16());
    let explained = err.message().is_some_and(|m| !m.is_empty());
    match status {
        Some(403) if !explained => AwsError::AccessDenied {
            action: action.to_string(),
            message: format!("403 Forbidden on s3://{bucket}/{key}"),
        },
        Some(404) if !explained => AwsError::NotFound {
            message: format!("no object s3://{bucket}/{key}"),
        },
        _ => AwsError::classify(err, action),
    }
}
