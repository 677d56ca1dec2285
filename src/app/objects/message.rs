//! The S3 browser's messages (answers from the worker) and commands.

use std::path::PathBuf;

use crate::app::RequestId;
use crate::model::AwsError;
use crate::model::objects::DownloadError;
use crate::model::objects::{BucketSummary, ObjectDetail, ObjectPage};
use crate::model::preview::Preview;

#[derive(Debug)]
pub enum ObjectsMsg {
    BucketsListed {
        req: RequestId,
        result: Result<Vec<BucketSummary>, AwsError>,
    },
    PageListed {
        req: RequestId,
        result: Result<ObjectPage, AwsError>,
    },
    Described {
        req: RequestId,
        result: Result<ObjectDetail, AwsError>,
    },
    Previewed {
        req: RequestId,
        result: Result<Preview, AwsError>,
    },
    DownloadProgress {
        req: RequestId,
        done: u64,
        total: Option<u64>,
    },
    /// The worker was told to stop the download.
    CancelRequested { req: RequestId },
    Downloaded {
        req: RequestId,
        /// The file written: the typed path made absolute, `~` expanded,
        /// the object's name added when it named a directory.
        dest: PathBuf,
        result: Result<u64, DownloadError>,
    },
    Deleted {
        req: RequestId,
        result: Result<(), AwsError>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectsCmd {
    ListBuckets {
        req: RequestId,
    },
    /// One ListObjectsV2 page with the `/` delimiter.
    ListPage {
        req: RequestId,
        bucket: String,
        prefix: String,
        token: Option<String>,
    },
    Head {
        req: RequestId,
        bucket: String,
        key: String,
    },
    Preview {
        req: RequestId,
        bucket: String,
        key: String,
    },
    Download {
        req: RequestId,
        bucket: String,
        key: String,
        dest: PathBuf,
        overwrite: bool,
    },
    CancelDownload {
        req: RequestId,
    },
    Delete {
        req: RequestId,
        bucket: String,
        key: String,
    },
}
