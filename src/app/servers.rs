//! The servers pane: ListServers fills the rows, then one DescribeServer per
//! row fills in the details as the answers arrive.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::list_view::{Column, ListRow, ListView};
use super::message::RequestId;
use super::sweep::Sweep;
use crate::model::AwsError;
use crate::model::scope::Scope;
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
    /// The DescribeServer in flight. During a refresh the previous answer
    /// stays in `detail`, so the table does not blank out every interval.
    pub describing: Option<RequestId>,
    /// The profile and region a sweep listed the row in; `None` outside a
    /// sweep (the active session's).
    pub scope: Option<Scope>,
    /// A sweep's: the account its profile's credentials belong to.
    pub account: Option<String>,
}

impl ServerRow {
    pub fn server(&self) -> Option<&Server> {
        match &self.detail {
            Detail::Loaded(server) => Some(server),
            _ => None,
        }
    }

    /// The row shows `server` as DescribeServer (or a write's answer)
    /// gave it: its state wins, but not its user count for a custom
    /// identity provider, always 0 at AWS, where the console's own count
    /// from the secrets sweep stays.
    pub fn show_described(&mut self, server: Box<Server>) {
        let counted = self.summary.user_count;
        self.summary = server.summary.clone();
        if self.summary.identity_provider_type.is_custom() {
            self.summary.user_count = counted;
        }
        self.detail = Detail::Loaded(server);
    }
}

/// The servers table's columns, in display order: what `s` sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerColumn {
    Id,
    Name,
    State,
    Endpoint,
    Protocols,
    Identity,
    Users,
    Cost,
    /// A sweep's: the row's region.
    Region,
    /// A sweep's: the row's account (its profile when unknown).
    Account,
}

impl ServerColumn {
    pub const ALL: [Self; 10] = [
        Self::Id,
        Self::Name,
        Self::State,
        Self::Endpoint,
        Self::Protocols,
        Self::Identity,
        Self::Users,
        Self::Cost,
        Self::Region,
        Self::Account,
    ];
}

impl Column for ServerColumn {
    const FIRST: Self = Self::Id;

    fn next(self) -> Self {
        let at = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

impl ListRow for ServerRow {
    type Column = ServerColumn;

    fn key(&self) -> Cow<'_, str> {
        // Ids are unique in one account and region, ARNs everywhere.
        match self.scope {
            Some(_) => Cow::Borrowed(&self.summary.arn),
            None => Cow::Borrowed(&self.summary.id),
        }
    }

    /// The id, name, state, endpoint type, identity provider and each
    /// protocol (`/ftps` finds the FTPS servers).
    fn filter_texts(&self) -> Vec<&str> {
        let summary = &self.summary;
        let protocols = self.server().into_iter().flat_map(|s| &s.protocols);
        [
            Some(summary.id.as_str()),
            self.server().and_then(|s| s.name()),
            Some(summary.state.as_str()),
            Some(summary.endpoint_type.as_str()),
            Some(summary.identity_provider_type.as_str()),
        ]
        .into_iter()
        .flatten()
        .chain(protocols.map(|p| p.as_str()))
        .chain(self.scope.iter().flat_map(|scope| {
            [Some(scope.region.as_str()), scope.profile.as_deref()]
                .into_iter()
                .flatten()
                .chain(crate::model::scope::account_of_arn(&summary.arn))
        }))
        .collect()
    }

    /// Orders two rows by this column; rows still loading go last, and
    /// ties by id.
    fn compare(&self, other: &Self, by: ServerColumn) -> Ordering {
        let (a, b) = (self, other);
        let (x, y) = (&a.summary, &b.summary);
        match by {
            ServerColumn::Id => x.id.cmp(&y.id),
            ServerColumn::Name => {
                let name =
                    |row: &ServerRow| row.server().and_then(|s| s.name()).map(str::to_lowercase);
                by_known(name(a), name(b))
            }
            ServerColumn::State => x.state.as_str().cmp(y.state.as_str()),
            ServerColumn::Endpoint => x.endpoint_type.as_str().cmp(y.endpoint_type.as_str()),
            ServerColumn::Protocols => by_known(
                a.server().map(|s| s.protocols_label()),
                b.server().map(|s| s.protocols_label()),
            ),
            ServerColumn::Identity => x
                .identity_provider_type
                .as_str()
                .cmp(y.identity_provider_type.as_str()),
            ServerColumn::Users => by_known(x.user_count, y.user_count),
            // The cost follows the number of protocol endpoints.
            ServerColumn::Cost => by_known(
                a.server().map(|s| s.protocols.len()),
                b.server().map(|s| s.protocols.len()),
            ),
            ServerColumn::Region => by_known(
                a.scope.as_ref().map(|s| &s.region),
                b.scope.as_ref().map(|s| &s.region),
            ),
            ServerColumn::Account => {
                let account =
                    |row: &ServerRow| row.scope.as_ref().map(|_| super::sweep::account_label(row));
                by_known(account(a), account(b))
            }
        }
        .then_with(|| x.id.cmp(&y.id))
    }
}

/// Known values in order, unknown ones after them.
fn by_known<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[derive(Debug, Clone)]
pub struct ServersPane {
    /// Every server, in ListServers order.
    pub rows: Vec<ServerRow>,
    /// The server to select when the next listing has it (one just created).
    pub select_after_listing: Option<String>,
    /// The rows shown (`/`, `s`/`S`) and the selected one.
    pub list: ListView<ServerColumn>,
    pub listing: Listing,
    /// The users of custom identity provider servers: their login secrets,
    /// counted in one ListSecrets sweep after each listing.
    pub secret_users: SecretUsers,
    /// The listing under way describes every row, not only changed ones.
    describe_all: bool,
    /// Several regions or profiles at once; `None`: the active session's.
    pub sweep: Option<Sweep>,
}

/// Where the count of custom identity provider users stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SecretUsers {
    #[default]
    NotAsked,
    Counting(RequestId),
    /// Login secrets per server id.
    Counted(std::collections::HashMap<String, i32>),
    Failed(AwsError),
}

impl Default for ServersPane {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            select_after_listing: None,
            list: ListView::default(),
            listing: Listing::NotStarted,
            secret_users: SecretUsers::NotAsked,
            describe_all: true,
            sweep: None,
        }
    }
}

impl ServersPane {
    pub fn is_listing(&self) -> bool {
        matches!(self.listing, Listing::Loading(_))
    }

    pub fn selected(&self) -> Option<&ServerRow> {
        self.list.selected(&self.rows)
    }

    /// The rows on screen, in display order.
    pub fn shown(&self) -> impl Iterator<Item = &ServerRow> {
        self.list.shown(&self.rows)
    }

    /// How many rows are on screen.
    pub fn shown_len(&self) -> usize {
        self.list.len()
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.list.filter.text = filter.to_string();
        self.list.refilter(&self.rows);
    }

    /// How many DescribeServer answers are still awaited.
    pub fn describing(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.describing.is_some())
            .count()
    }

    /// `describe_all`: see [`super::App::list_servers`].
    pub fn start_listing(&mut self, req: RequestId, describe_all: bool) {
        self.listing = Listing::Loading(req);
        self.describe_all = describe_all;
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
        // A server just created is selected once it is listed.
        let selected_id = match self.select_after_listing.take() {
            Some(id) if summaries.iter().any(|s| s.id == id) => Some(id),
            kept => {
                self.select_after_listing = kept;
                self.list.selected_key(&self.rows)
            }
        };
        self.listing = Listing::Loaded;
        let mut previous: std::collections::HashMap<String, ServerRow> =
            std::mem::take(&mut self.rows)
                .into_iter()
                .map(|row| (row.summary.id.clone(), row))
                .collect();
        let describe_all = self.describe_all;
        self.rows = summaries
            .into_iter()
            .map(|summary| match previous.remove(&summary.id) {
                // Unchanged since it was described: no DescribeServer.
                Some(row)
                    if !describe_all
                        && row.describing.is_none()
                        && row.server().is_some()
                        && same_listing(&row.summary, &summary) =>
                {
                    row
                }
                previous => {
                    let req = next_req();
                    let detail = match previous.map(|row| row.detail) {
                        Some(Detail::Loaded(server)) => Detail::Loaded(server),
                        _ => Detail::Loading(req),
                    };
                    ServerRow {
                        detail,
                        describing: Some(req),
                        summary,
                        scope: None,
                        account: None,
                    }
                }
            })
            .collect();
        self.list.rebuild(&self.rows, selected_id.as_deref());
        self.apply_secret_users();
        self.rows
            .iter()
            .filter_map(|row| Some((row.describing?, row.summary.id.clone())))
            .collect()
    }

    /// Whether a listed server keeps its users in Secrets Manager.
    pub fn has_custom_identity_provider(&self) -> bool {
        self.rows
            .iter()
            .any(|row| row.summary.identity_provider_type.is_custom())
    }

    /// The answer to the secrets sweep: each custom identity provider
    /// server's user count becomes its number of login secrets.
    pub fn on_secret_users(
        &mut self,
        req: RequestId,
        result: Result<std::collections::HashMap<String, i32>, AwsError>,
    ) {
        if self.secret_users != SecretUsers::Counting(req) {
            return; // an answer to a sweep since replaced
        }
        self.secret_users = match result {
            Ok(counts) => SecretUsers::Counted(counts),
            Err(err) => SecretUsers::Failed(err),
        };
        self.apply_secret_users();
    }

    /// Puts the last counts into the rows (again after a re-listing, whose
    /// summaries carry AWS's own count, 0 for custom identity providers).
    fn apply_secret_users(&mut self) {
        let SecretUsers::Counted(counts) = &self.secret_users else {
            return;
        };
        for row in &mut self.rows {
            if row.summary.identity_provider_type.is_custom() {
                row.summary.user_count = Some(counts.get(&row.summary.id).copied().unwrap_or(0));
            }
        }
        self.list.refilter(&self.rows);
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
            .find(|row| row.summary.id == server_id && row.describing == Some(req))
        else {
            return;
        };
        row.describing = None;
        match result {
            // DescribeServer is newer than the listing.
            Ok(server) => row.show_described(server),
            Err(err) => row.detail = Detail::Failed(err),
        };
        // A described row may move (its name, state or cost is now known).
        self.list.refilter(&self.rows);
    }
}

/// Whether ListServers says the same of a row as before. A custom identity
/// provider's user count is the console's own (from the secrets sweep),
/// never AWS's.
fn same_listing(before: &ServerSummary, now: &ServerSummary) -> bool {
    let counted_by_aws = !now.identity_provider_type.is_custom();
    before.id == now.id
        && before.state == now.state
        && before.endpoint_type == now.endpoint_type
        && before.identity_provider_type == now.identity_provider_type
        && before.logging_role == now.logging_role
        && (!counted_by_aws || before.user_count == now.user_count)
}
