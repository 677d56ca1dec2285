//! Gathering the evidence for the rules through the `aws` layer. The APIs
//! are batched: one DescribeVpcEndpoints, one DescribeNetworkInterfaces and
//! one DescribeSecurityGroups for every server checked, and one ListSecrets
//! sweep of the login prefix for all servers (which also finds orphans).

use std::collections::{BTreeMap, BTreeSet};

use futures::{StreamExt, TryStreamExt, stream};

use super::{Estate, Gathered, SecretEvidence, ServerEvidence};
use crate::aws::{self, AwsError, Session};
use crate::model::Server;
use crate::model::cost::Rates;
use crate::model::login_secret::DEFAULT_PREFIX;
use crate::model::network::{NetworkInterface, SecurityGroup, VpcEndpoint};

/// Calls in flight at once for per-item calls (DescribeServer, GetSecretValue).
const CONCURRENCY: usize = 8;

/// What a check needs beyond AWS's answers: `--secret-prefix` and
/// `--hourly-rate`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the login secrets are (`aws/transfer/` unless configured).
    pub secret_prefix: String,
    pub hourly_rates: Rates,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            secret_prefix: DEFAULT_PREFIX.to_string(),
            hourly_rates: Rates::default(),
        }
    }
}

/// Gathers one server (`scope`) or all. Fails only when the servers cannot
/// be listed or described: every other gap becomes "could not check".
pub async fn gather(
    session: &Session,
    scope: Option<&str>,
    options: &Options,
) -> Result<Estate, AwsError> {
    let listed = aws::transfer::list_servers(session).await?;
    let all_server_ids: BTreeSet<String> = listed.iter().map(|s| s.id.clone()).collect();
    let ids: Vec<String> = match scope {
        Some(id) if !all_server_ids.contains(id) => {
            return Err(AwsError::NotFound {
                message: format!("no server {id} in {}", session.region),
            });
        }
        Some(id) => vec![id.to_string()],
        None => all_server_ids.iter().cloned().collect(),
    };
    // Owned captures: futures borrowing across the stream would not be `Send`.
    let servers: Vec<Server> = stream::iter(ids)
        .map(|id| {
            let session = session.clone();
            async move { aws::transfer::describe_server(&session, &id).await }
        })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;

    let endpoint_ids: Vec<String> = servers
        .iter()
        .filter_map(|s| s.endpoint_details.as_ref()?.vpc_endpoint_id.clone())
        .collect();
    let (endpoints, secrets, buckets) = futures::join!(
        aws::ec2::describe_vpc_endpoints(session, &endpoint_ids),
        login_secrets(session, &servers, &options.secret_prefix),
        aws::s3::list_buckets(session),
    );
    let (interfaces, groups) = match &endpoints {
        Ok(endpoints) => {
            let eni_ids: Vec<String> = endpoints
                .iter()
                .flat_map(|e| e.network_interface_ids.clone())
                .collect();
            let group_ids: Vec<String> = endpoints
                .iter()
                .flat_map(|e| e.security_group_ids.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            futures::join!(
                aws::ec2::describe_network_interfaces(session, &eni_ids),
                aws::ec2::describe_security_groups(session, &group_ids),
            )
        }
        Err(err) => (Err(err.clone()), Err(err.clone())),
    };

    let servers = servers
        .into_iter()
        .map(|server| server_evidence(server, &endpoints, &interfaces, &groups))
        .collect();
    Ok(Estate {
        region: session.region.clone(),
        servers,
        all_server_ids,
        secrets: secrets.into(),
        buckets: buckets
            .map(|buckets| buckets.into_iter().map(|bucket| bucket.name).collect())
            .into(),
        hourly_rate_usd: options.hourly_rates.for_region(&session.region),
    })
}

/// Puts together what the batched calls said about one server.
fn server_evidence(
    server: Server,
    endpoints: &Result<Vec<VpcEndpoint>, AwsError>,
    interfaces: &Result<Vec<NetworkInterface>, AwsError>,
    groups: &Result<Vec<SecurityGroup>, AwsError>,
) -> ServerEvidence {
    let endpoint_id = server
        .endpoint_details
        .as_ref()
        .and_then(|d| d.vpc_endpoint_id.clone());
    let endpoint: Option<Gathered<VpcEndpoint>> = endpoint_id.map(|id| match endpoints {
        Ok(found) => match found.iter().find(|e| e.id == id) {
            Some(endpoint) => Gathered::Read(endpoint.clone()),
            None => Gathered::Unreadable(AwsError::NotFound {
                message: format!("the VPC endpoint {id} does not exist"),
            }),
        },
        Err(err) => Gathered::Unreadable(err.clone()),
    });
    let own = |pick: &dyn Fn(&VpcEndpoint) -> &Vec<String>| -> BTreeSet<String> {
        match &endpoint {
            Some(Gathered::Read(endpoint)) => pick(endpoint).iter().cloned().collect(),
            _ => BTreeSet::new(),
        }
    };
    let eni_ids = own(&|e| &e.network_interface_ids);
    let group_ids = own(&|e| &e.security_group_ids);
    ServerEvidence {
        server,
        endpoint,
        interfaces: interfaces
            .clone()
            .map(|all| {
                all.into_iter()
                    .filter(|eni| eni_ids.contains(&eni.id))
                    .collect()
            })
            .into(),
        security_groups: groups
            .clone()
            .map(|all| {
                all.into_iter()
                    .filter(|g| group_ids.contains(&g.id))
                    .collect()
            })
            .into(),
    }
}

/// One sweep of the login prefix; values are read only for the secrets of
/// custom identity provider servers being checked (orphans need no value).
async fn login_secrets(
    session: &Session,
    servers: &[Server],
    prefix: &str,
) -> Result<Vec<SecretEvidence>, AwsError> {
    let checked: BTreeSet<&str> = servers
        .iter()
        .filter(|s| s.summary.identity_provider_type.is_custom())
        .map(Server::id)
        .collect();
    let entries = aws::secrets::list_login_secrets(session, &[prefix]).await?;
    let wanted: Vec<_> = entries
        .into_iter()
        .filter(|entry| entry.deleted.is_none())
        .filter_map(|entry| Some((entry.parsed?, entry.name)))
        .collect();
    let to_read: Vec<String> = wanted
        .iter()
        .filter(|(parsed, _)| {
            parsed
                .server_id
                .as_deref()
                .is_some_and(|id| checked.contains(id))
        })
        .map(|(_, name)| name.clone())
        .collect();
    // Owned captures: futures borrowing across the stream would not be `Send`.
    let values: BTreeMap<String, Gathered<_>> = stream::iter(to_read)
        .map(|name| {
            let session = session.clone();
            async move {
                let value = match aws::secrets::get_login_secret(&session, &name).await {
                    Ok(value) => value.content.map_err(|err| AwsError::Invalid {
                        message: err.to_string(),
                    }),
                    Err(err) => Err(err),
                };
                (name, Gathered::from(value))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    Ok(wanted
        .into_iter()
        .map(|(parsed, name)| SecretEvidence {
            value: values.get(&name).cloned().unwrap_or_else(|| {
                // Not read: an orphan, or a server outside the check.
                Gathered::Unreadable(AwsError::NotFound {
                    message: "not read".into(),
                })
            }),
            parsed,
            name,
        })
        .collect())
}
