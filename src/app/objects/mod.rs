//! The S3 browser: a bucket list and one pane per prefix, folder-style over
//! the `/` delimiter. Listing is lazy (one ListObjectsV2 page per request,
//! the next one when the cursor nears the end or on `a`), so the first
//! rows are on screen as soon as the first page arrives.

mod buckets;
mod dialog;
pub mod keys;
mod listing;
mod message;
mod update;

pub use buckets::{BucketColumn, BucketsPane, BucketsState};
pub use dialog::{Deletion, Dialog, Download};
pub use keys::ObjectsAction;
pub use listing::{Listing, Sort};
pub use message::{ObjectsCmd, ObjectsMsg};

use tui_input::Input;

use super::cursor::Cursor;
use super::message::RequestId;
use crate::model::AwsError;
use crate::model::objects::{EntryKind, ObjectDetail, ObjectPage};
use crate::model::preview::Preview;

/// Rows left below the cursor when the next page is asked for.
pub const LOOKAHEAD: usize = 200;

/// Where the listing of a prefix stands with S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    NotStarted,
    Loading(RequestId),
    /// The last answer said there is more, from this token.
    More(String),
    Complete,
    /// The rows loaded before stay; `r` lists again from the start.
    Failed(AwsError),
    /// The listing holds as many names as it can (`MAX_NAME_BYTES`); the
    /// pages after are not asked for.
    Full,
}

/// An answer that fills a view over the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch<T> {
    Loading(RequestId),
    Loaded(T),
    Failed(AwsError),
}

/// A view over the list: the object's detail or its first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Detail {
        key: String,
        fetch: Fetch<ObjectDetail>,
    },
    Preview {
        key: String,
        fetch: Fetch<Preview>,
        /// The first line drawn.
        scroll: usize,
    },
}

#[derive(Debug)]
pub struct ObjectsPane {
    pub bucket: String,
    /// Empty, or ending with `/`.
    pub prefix: String,
    /// How the operator reached this place (a home entry), if not by bucket.
    pub label: Option<String>,
    pub listing: Listing,
    pub cursor: Cursor,
    pub paging: Paging,
    pub pages: usize,
    /// `a` was pressed: every page is fetched, one after the other.
    pub load_all: bool,
    /// The filter being typed (`/`), until Enter or Esc.
    pub filter_input: Option<Input>,
    pub overlay: Option<Overlay>,
    pub dialog: Option<Dialog>,
    pub download: Option<Download>,
    pub deleting: Option<Deletion>,
    /// The automatic refresh's listing, whose answer replaces the rows in place.
    pub relisting: Option<RequestId>,
}

impl ObjectsPane {
    /// A pane at `bucket`/`prefix`, not yet listed: `App::start` or
    /// `App::open_objects` asks for the first page.
    pub fn at(bucket: &str, prefix: &str, label: Option<&str>) -> Self {
        let prefix = prefix.trim_start_matches('/');
        Self {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() || prefix.ends_with('/') {
                prefix.to_string()
            } else {
                format!("{prefix}/")
            },
            label: label.map(str::to_string),
            listing: Listing::default(),
            cursor: Cursor::default(),
            paging: Paging::NotStarted,
            pages: 0,
            load_all: false,
            filter_input: None,
            overlay: None,
            dialog: None,
            download: None,
            deleting: None,
            relisting: None,
        }
    }

    /// The breadcrumb: a home entry, the last folder, or the bucket.
    pub fn title(&self) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        let trimmed = self.prefix.trim_end_matches('/');
        match trimmed.rsplit_once('/') {
            _ if trimmed.is_empty() => self.bucket.clone(),
            Some((_, last)) => format!("{last}/"),
            None => format!("{trimmed}/"),
        }
    }

    pub fn url(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.paging, Paging::Loading(_))
    }

    pub fn has_more(&self) -> bool {
        matches!(self.paging, Paging::More(_))
    }

    /// The full key and kind of the selected row.
    pub fn selected(&self) -> Option<(String, EntryKind)> {
        let (entry, name) = self.listing.row(self.cursor.selected())?;
        Some((format!("{}{name}", self.prefix), entry.kind))
    }

    /// Whether an answer with this id belongs to this pane.
    fn awaits(&self, req: RequestId) -> bool {
        self.paging == Paging::Loading(req)
            || self.relisting == Some(req)
            || matches!(&self.overlay, Some(Overlay::Detail { fetch: Fetch::Loading(r), .. } | Overlay::Preview { fetch: Fetch::Loading(r), .. }) if *r == req)
            || self.download.as_ref().is_some_and(|d| d.req == req)
            || self.deleting.as_ref().is_some_and(|d| d.req == req)
    }

    /// Starts the request for the next page, if one is due: the first page,
    /// or the next one when the cursor is near the end or all were asked for.
    fn next_page(&mut self, req: impl FnOnce() -> RequestId) -> Option<ObjectsCmd> {
        let token = match &self.paging {
            Paging::NotStarted => None,
            Paging::More(token) => {
                let near_end =
                    self.listing.len().saturating_sub(self.cursor.selected()) <= LOOKAHEAD;
                if !(near_end || self.load_all) {
                    return None;
                }
                Some(token.clone())
            }
            _ => return None,
        };
        let req = req();
        self.paging = Paging::Loading(req);
        Some(ObjectsCmd::ListPage {
            req,
            bucket: self.bucket.clone(),
            prefix: self.prefix.clone(),
            token,
        })
    }

    /// The automatic refresh: a prefix that fits one page is listed again
    /// and its rows replaced in place when the answer comes. A longer one,
    /// or a pane in use, refreshes on `r` only.
    pub(super) fn relist_in_place(&mut self, req: RequestId) -> Option<ObjectsCmd> {
        let in_use = self.dialog.is_some()
            || self.overlay.is_some()
            || self.filter_input.is_some()
            || self.download.is_some()
            || self.deleting.is_some();
        if in_use || self.relisting.is_some() || self.paging != Paging::Complete || self.pages != 1
        {
            return None;
        }
        self.relisting = Some(req);
        Some(ObjectsCmd::ListPage {
            req,
            bucket: self.bucket.clone(),
            prefix: self.prefix.clone(),
            token: None,
        })
    }

    /// The answer to [`Self::relist_in_place`]: the selection stays on its
    /// row; a failure keeps the rows and says why.
    pub(super) fn on_relisted(&mut self, result: Result<ObjectPage, AwsError>) {
        self.relisting = None;
        match result {
            Ok(page) if page.next_token.is_none() => {
                let selected = self.cursor.selected();
                let keep = self.listing.row(selected).map(|(_, name)| name.to_string());
                self.listing = self.listing.renewed(&page.entries);
                let at = keep.and_then(|name| self.listing.position_of(&name));
                self.cursor
                    .select(at.unwrap_or(selected), self.listing.len());
            }
            // It outgrew one page: `r` lists it from the start.
            Ok(_) => {}
            Err(err) => self.paging = Paging::Failed(err),
        }
    }

    /// Starts over from the first page (a refresh).
    fn restart(&mut self) {
        // The order and the filter stay; the rows come again.
        self.listing = self.listing.renewed(&Default::default());
        self.paging = Paging::NotStarted;
        self.relisting = None;
        self.pages = 0;
        self.cursor = Cursor::default();
    }

    /// What the status bar says while this pane waits on S3.
    pub fn loading(&self) -> Option<String> {
        if let Some(download) = &self.download {
            return Some(format!("downloading {}", download.key));
        }
        match (&self.paging, &self.overlay) {
            (Paging::Loading(_), _) => {
                Some(format!("listing {} (page {})", self.url(), self.pages + 1))
            }
            (
                _,
                Some(Overlay::Detail {
                    fetch: Fetch::Loading(_),
                    ..
                }),
            ) => Some("reading the object's head".into()),
            (
                _,
                Some(Overlay::Preview {
                    fetch: Fetch::Loading(_),
                    ..
                }),
            ) => Some("fetching the first 64 KiB".into()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
