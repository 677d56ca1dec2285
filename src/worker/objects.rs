//! The S3 browser's commands: each one an `aws::s3` call. Downloads report
//! progress as they go and can be cancelled by request id.

use std::time::{Duration, Instant};

use super::Worker;
use crate::app::Msg;
use crate::app::objects::{ObjectsCmd, ObjectsMsg};
use crate::aws::s3::{self, DownloadError};

/// At most this many progress messages a second per download.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs one browser command.
pub async fn run(worker: &Worker, cmd: ObjectsCmd) -> Msg {
    let msg = match cmd {
        ObjectsCmd::CancelDownload { req } => {
            worker.downloads.cancel(req);
            ObjectsMsg::CancelRequested { req }
        }
        ObjectsCmd::ListBuckets { req } => ObjectsMsg::BucketsListed {
            req,
            result: worker.with_session(s3::list_buckets).await,
        },
        ObjectsCmd::ListPage {
            req,
            bucket,
            prefix,
            token,
        } => ObjectsMsg::PageListed {
            req,
            result: worker
                .with_session(|session| s3::list_page(session, &bucket, &prefix, token))
                .await,
        },
        ObjectsCmd::Head { req, bucket, key } => ObjectsMsg::Described {
            req,
            result: worker
                .with_session(|session| s3::head_object(session, &bucket, &key))
                .await,
        },
        ObjectsCmd::Preview { req, bucket, key } => ObjectsMsg::Previewed {
            req,
            result: worker
                .with_session(|session| s3::preview(session, &bucket, &key))
                .await,
        },
        ObjectsCmd::Delete { req, bucket, key } => ObjectsMsg::Deleted {
            req,
            result: worker
                .with_session(|session| s3::delete_object(session, &bucket, &key))
                .await,
        },
        ObjectsCmd::Download {
            req,
            bucket,
            key,
            dest,
            overwrite,
        } => {
            let cancel = worker.downloads.start(req);
            let mut last: Option<Instant> = None;
            let tx = worker.tx.clone();
            let progress = |done: u64, total: Option<u64>| {
                if last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
                    last = Some(Instant::now());
                    let _ = tx.send(Msg::Objects(ObjectsMsg::DownloadProgress {
                        req,
                        done,
                        total,
                    }));
                }
            };
            let result = match worker.session().await {
                Ok(session) => {
                    s3::download(session, &bucket, &key, &dest, overwrite, &cancel, progress).await
                }
                Err(err) => Err(DownloadError::Aws(err)),
            };
            worker.downloads.finish(req);
            ObjectsMsg::Downloaded { req, result }
        }
    };
    Msg::Objects(msg)
}
