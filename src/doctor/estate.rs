//! The evidence the rules read, gathered from AWS beforehand.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::AwsError;
use crate::model::Server;
use crate::model::access_chain::{ProviderEvidence, UserAccessEvidence};
use crate::model::activity::ActivityEvent;
use crate::model::login_secret::{LoginSecret, SecretName};
use crate::model::network::{LambdaInterface, NetworkInterface, SecurityGroup, VpcEndpoint};

/// A piece of evidence, or why it could not be read. A rule whose evidence
/// is missing says "could not check" instead of passing or failing.
#[derive(Debug, Clone, PartialEq)]
pub enum Gathered<T> {
    Read(T),
    Unreadable(AwsError),
    /// Nothing to read: what would lead to it is absent (a VPC server whose
    /// DescribeServer names no VPC endpoint yet). Says what is missing.
    Missing(String),
}

impl<T> Gathered<T> {
    pub fn read(&self) -> Option<&T> {
        match self {
            Self::Read(value) => Some(value),
            Self::Unreadable(_) | Self::Missing(_) => None,
        }
    }

    /// Why a check could not run, naming the IAM action when access was denied.
    pub fn unreadable_reason(&self) -> Option<String> {
        match self {
            Self::Read(_) => None,
            Self::Unreadable(AwsError::AccessDenied { action, .. }) => {
                Some(format!("needs {action}"))
            }
            Self::Unreadable(err) => Some(err.to_string()),
            Self::Missing(what) => Some(what.clone()),
        }
    }
}

impl<T> From<Result<T, AwsError>> for Gathered<T> {
    fn from(result: Result<T, AwsError>) -> Self {
        match result {
            Ok(value) => Self::Read(value),
            Err(err) => Self::Unreadable(err),
        }
    }
}

/// One server and its network.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEvidence {
    pub server: Server,
    /// `None` for PUBLIC endpoints, which have no VPC endpoint.
    pub endpoint: Option<Gathered<VpcEndpoint>>,
    pub interfaces: Gathered<Vec<NetworkInterface>>,
    pub security_groups: Gathered<Vec<SecurityGroup>>,
}

/// One secret under the login prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretEvidence {
    pub name: String,
    pub parsed: SecretName,
    pub value: Gathered<LoginSecret>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Estate {
    pub region: String,
    /// The server checked, or `None` for every server: only a check of
    /// every server reports orphaned secrets.
    pub scope: Option<String>,
    pub servers: Vec<ServerEvidence>,
    /// Every server id in the region, to tell orphaned secrets.
    pub all_server_ids: BTreeSet<String>,
    pub secrets: Gathered<Vec<SecretEvidence>>,
    /// Why BatchGetSecretValue could not read the values (denied): they
    /// were read one at a time with GetSecretValue.
    pub secrets_read_one_at_a_time: Option<AwsError>,
    /// Buckets that exist (ListBuckets), for home directories.
    pub buckets: Gathered<BTreeSet<String>>,
    pub hourly_rate_usd: f64,
    /// Where the Lambda identity providers run and which VPCs reach Secrets
    /// Manager privately; `None` when no server checked has a Lambda
    /// provider.
    pub lambda_network: Option<LambdaNetwork>,
    /// What the servers and their Lambda identity providers logged.
    pub activity: ActivityEvidence,
    /// The identity providers and the users' access chains.
    pub access: AccessEstate,
}

/// The CloudWatch Logs read for the event rules, over one window (the
/// last 24 hours), a bounded number of pages per group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityEvidence {
    /// Milliseconds since the Unix epoch.
    pub start_ms: i64,
    pub end_ms: i64,
    /// By server id: the servers checked that have logging set.
    pub servers: BTreeMap<String, Gathered<GroupLog>>,
    /// By Lambda function ARN (or name), as the servers name it.
    pub functions: BTreeMap<String, Gathered<GroupLog>>,
}

/// One log group over the window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupLog {
    pub group: String,
    /// `false` when FilterLogEvents answered that the group does not exist.
    pub exists: bool,
    /// Oldest first.
    pub events: Vec<ActivityEvent>,
    /// The page limit was reached before the window's end.
    pub truncated: bool,
    /// When the group was made (DescribeLogGroups), read only for a group
    /// without events in the window.
    pub created_ms: Option<i64>,
}

impl ActivityEvidence {
    pub fn server(&self, id: &str) -> Option<&Gathered<GroupLog>> {
        self.servers.get(id)
    }
}

/// The access chain's evidence. A server absent from a map was not
/// gathered (nothing is said of it); one present but unreadable is
/// "could not check".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccessEstate {
    /// Per custom identity provider server: its provider, read once per
    /// function or invocation role.
    pub providers: BTreeMap<String, ProviderEvidence>,
    /// Per server: every user's access evidence (DescribeUser for a
    /// SERVICE_MANAGED server, the login secrets for a custom one).
    pub users: BTreeMap<String, Gathered<Vec<UserAccessEvidence>>>,
}

/// What EC2 shows of Lambda identity providers' networks.
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaNetwork {
    /// The interfaces Lambda made for the providers' functions.
    pub interfaces: Gathered<Vec<LambdaInterface>>,
    /// The region's Secrets Manager VPC endpoints.
    pub secrets_endpoints: Gathered<Vec<VpcEndpoint>>,
}

impl Estate {
    /// The user secrets of one server.
    pub fn secrets_of<'a>(
        &'a self,
        server_id: &'a str,
    ) -> impl Iterator<Item = &'a SecretEvidence> + 'a {
        self.secrets
            .read()
            .into_iter()
            .flatten()
            .filter(move |secret| secret.parsed.server_id.as_deref() == Some(server_id))
    }
}
