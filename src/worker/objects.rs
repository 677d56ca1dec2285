//! The S3 browser's commands: each one an `aws::s3` call. Downloads report
//! progress as they go and can be cancelled by request id.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Worker;
use crate::app::Msg;
use crate::app::objects::{ObjectsCmd, ObjectsMsg};
use crate::aws::s3::{self, DownloadError};
use crate::model::objects::download_name;

fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}

/// The file a download writes: a leading `~` is the home directory, a
/// directory means "save into it" under the object's safe name
/// ([`download_name`]: never hidden), and the result is absolute so that
/// the message says exactly where the file went.
async fn local_destination(typed: &Path, key: &str, home: Option<&Path>) -> PathBuf {
    let expanded = match (typed.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => typed.to_path_buf(),
    };
    let is_dir = tokio::fs::metadata(&expanded)
        .await
        .is_ok_and(|meta| meta.is_dir());
    let file = if is_dir {
        expanded.join(download_name(key))
    } else {
        expanded
    };
    std::path::absolute(&file).unwrap_or(file)
}

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
            let dest = local_destination(&dest, &key, home().as_deref()).await;
            let result = match worker.session().await {
                Ok(session) => {
                    s3::download(session, &bucket, &key, &dest, overwrite, &cancel, progress).await
                }
                Err(err) => Err(DownloadError::Aws(err)),
            };
            worker.downloads.finish(req);
            ObjectsMsg::Downloaded { req, dest, result }
        }
    };
    Msg::Objects(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_directory_means_save_into_it_and_every_path_comes_out_absolute() {
        let home = tempfile::tempdir().unwrap();
        let home = home.path();
        std::fs::create_dir(home.join("in")).unwrap();
        let key = "partner-a/.profile";
        let at = |typed: &str| {
            let typed = PathBuf::from(typed);
            async move { local_destination(&typed, key, Some(home)).await }
        };

        assert_eq!(at("~").await, home.join("_.profile"));
        assert_eq!(at("~/in").await, home.join("in/_.profile"));
        assert_eq!(at("~/in/").await, home.join("in/_.profile"));
        assert_eq!(at("~/in/mine.txt").await, home.join("in/mine.txt"));
        let dir = home.join("in").display().to_string();
        assert_eq!(at(&dir).await, home.join("in/_.profile"));
        // Typed, a hidden name is the operator's.
        assert_eq!(at("~/.profile").await, home.join(".profile"));
        // Relative paths are made absolute against the working directory.
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(at("no-such-dir/x.csv").await, cwd.join("no-such-dir/x.csv"));
        // `~user` is not expanded: only the operator's own home is known.
        assert_eq!(at("~bob/x").await, cwd.join("~bob/x"));
    }
}
