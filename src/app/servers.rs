//! The servers pane: ListServers fills the rows, then one DescribeServer per
//! row fills in the details as the answers arrive.

use super::cursor::Cursor;
use super::message::RequestId;
use crate::aws::AwsError;
use crate::model::{Server, ServerSummary};

/// Where a list stands with AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    NotStarted,
    Loading(RequestId),
    Loaded,
    Failed(AwsError),
}

/// A row's DescribeServer answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Loading(RequestId),
    Loaded(Box<Server>),
    Failed(AwsError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRow {
    pub summary: ServerSummary,
    pub detail: Detail,
}

impl ServerRow {
    pub fn server(&self) -> Option<&Server> {
        match &self.detail {
            Detail::Loaded(server) => Some(server),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServersPane {
    pub rows: Vec<ServerRow>,
    pub cursor: Cursor,
    pub listing: Listing,
}

impl Default for ServersPane {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            cursor: Cursor::default(),
            listing: Listing::NotStarted,
        }
    }
}

impl ServersPane {
    pub fn is_listing(&self) -> bool {
        matches!(self.listing, Listing::Loading(_))
    }

    pub fn selected(&self) -> Option<&ServerRow> {
        self.rows.get(self.cursor.selected())
    }

    /// How many DescribeServer answers are still awaited.
    pub fn describing(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| matches!(row.detail, Detail::Loading(_)))
            .count()
    }

    pub fn start_listing(&mut self, req: RequestId) {
        self.listing = Listing::Loading(req);
    }

    /// Takes a ListServers answer. Returns the servers to describe, each with
    /// the request id its answer must carry. The selection stays on the same
    /// server when it is still there.
    pub fn on_listed(
        &mut self,
        req: RequestId,
        result: Result<Vec<ServerSummary>, AwsError>,
        mut next_req: impl FnMut() -> RequestId,
    ) -> Vec<(RequestId, String)> {
        if self.listing != Listing::Loading(req) {
            return Vec::new(); // an answer to a request since replaced
        }
        let summaries = match result {
            Ok(summaries) => summaries,
            Err(err) => {
                // The rows already shown stay: a failed refresh loses nothing.
                self.listing = Listing::Failed(err);
                return Vec::new();
            }
        };
        let selected_id = self.selected().map(|row| row.summary.id.clone());
        self.listing = Listing::Loaded;
        self.rows = summaries
            .into_iter()
            .map(|summary| ServerRow {
                detail: Detail::Loading(next_req()),
                summary,
            })
            .collect();
        let index = selected_id
            .and_then(|id| self.rows.iter().position(|row| row.summary.id == id))
            .unwrap_or(0);
        self.cursor.select(index, self.rows.len());
        self.rows
            .iter()
            .filter_map(|row| match row.detail {
                Detail::Loading(req) => Some((req, row.summary.id.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn on_described(
        &mut self,
        req: RequestId,
        server_id: &str,
        result: Result<Box<Server>, AwsError>,
    ) {
        let Some(row) = self
            .rows
            .iter_mut()
            .find(|row| row.summary.id == server_id && row.detail == Detail::Loading(req))
        else {
            return;
        };
        row.detail = match result {
            Ok(server) => {
                // DescribeServer is newer than the listing: its state wins.
                row.summary = server.summary.clone();
                Detail::Loaded(server)
            }
            Err(err) => Detail::Failed(err),
        };
    }
}
