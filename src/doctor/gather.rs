//! Gathering the evidence for the rules through the `aws` layer. The APIs
//! are batched: one DescribeVpcEndpoints, one DescribeNetworkInterfaces and
//! one DescribeSecurityGroups for every server checked, and one ListSecrets
//! sweep of the login prefix for all servers (which also finds orphans),
//! whose values are read twenty a call with BatchGetSecretValue. With a
//! Lambda identity provider, one DescribeNetworkInterfaces (Lambda's
//! interfaces for the functions) and one DescribeVpcEndpoints (Secrets
//! Manager's). The event rules read each logging server's group and each
//! Lambda provider's over the last 24 hours, a few pages at most
//! ([`activity`]). The access chain is `gather_access.rs`.

use std::collections::{BTreeMap, BTreeSet};

use futures::{StreamExt, TryStreamExt, stream};

use super::{
    ActivityEvidence, Estate, Gathered, GroupLog, LambdaNetwork, SecretEvidence, ServerEvidence,
};
use crate::aws::{self, AwsError, Session};
use crate::model::cost::Rates;
use crate::model::login_secret::DEFAULT_PREFIX;
use crate::model::network::{self, EndpointService, NetworkInterface, SecurityGroup, VpcEndpoint};
use crate::model::{EndpointType, IdentityProviderType, Server};

/// Calls in flight at once for per-item calls (DescribeServer).
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
    let (endpoints, secrets, buckets, lambda_network, activity) = futures::join!(
        aws::ec2::describe_vpc_endpoints(session, &endpoint_ids),
        login_secrets(session, &servers, &options.secret_prefix),
        aws::s3::list_buckets(session),
        lambda_network(session, &servers),
        activity(session, &servers, now_ms()),
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

    let (secrets, secrets_read_one_at_a_time) = match secrets {
        Ok((secrets, one_at_a_time)) => (Ok(secrets), one_at_a_time),
        Err(err) => (Err(err), None),
    };
    let secrets: Gathered<Vec<SecretEvidence>> = secrets.into();
    let access = super::gather_access::gather(session, &servers, &secrets).await;
    let servers = servers
        .into_iter()
        .map(|server| server_evidence(server, &endpoints, &interfaces, &groups))
        .collect();
    Ok(Estate {
        region: session.region.clone(),
        scope: scope.map(str::to_string),
        servers,
        all_server_ids,
        secrets,
        secrets_read_one_at_a_time,
        buckets: buckets
            .map(|buckets| buckets.into_iter().map(|bucket| bucket.name).collect())
            .into(),
        hourly_rate_usd: options.hourly_rates.for_region(&session.region),
        lambda_network,
        activity,
        access,
    })
}

/// How far back the event rules look.
pub const ACTIVITY_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// Pages read per log group: a busy group's day is sampled, not read whole
/// (the rules say when they saw only part of it).
const ACTIVITY_PAGES: usize = 5;

/// Each logging server's group and each Lambda provider's group over the
/// last 24 hours, eight groups at a time.
async fn activity(session: &Session, servers: &[Server], now_ms: i64) -> ActivityEvidence {
    use crate::model::activity::{lambda_log_group, server_log_group, server_logs};
    let start_ms = now_ms - ACTIVITY_WINDOW_MS;
    let logging: Vec<(String, String)> = servers
        .iter()
        .filter(|server| server_logs(server))
        .map(|server| (server.id().to_string(), server_log_group(server)))
        .collect();
    let mut functions: Vec<(String, String)> = servers
        .iter()
        .filter(|s| s.summary.identity_provider_type == IdentityProviderType::AwsLambda)
        .filter_map(|s| s.identity_provider_details.function.clone())
        .filter_map(|function| Some((lambda_log_group(&function)?, function)))
        .map(|(group, function)| (function, group))
        .collect();
    functions.sort();
    functions.dedup();
    let read = |(key, group): (String, String)| {
        let session = session.clone();
        async move {
            let log = group_log(&session, group, start_ms, now_ms).await;
            (key, Gathered::from(log))
        }
    };
    let (servers, functions) = futures::join!(
        stream::iter(logging)
            .map(read)
            .buffer_unordered(CONCURRENCY)
            .collect::<BTreeMap<_, _>>(),
        stream::iter(functions)
            .map(read)
            .buffer_unordered(CONCURRENCY)
            .collect::<BTreeMap<_, _>>(),
    );
    ActivityEvidence {
        start_ms,
        end_ms: now_ms,
        servers,
        functions,
    }
}

async fn group_log(
    session: &Session,
    group: String,
    start_ms: i64,
    end_ms: i64,
) -> Result<GroupLog, AwsError> {
    use crate::model::activity::ActivityEvent;
    let query = aws::logs::LogQuery {
        group: group.clone(),
        start_ms,
        end_ms: Some(end_ms),
        ..Default::default()
    };
    match aws::logs::filter_window(session, &query, ACTIVITY_PAGES).await {
        Ok(read) => {
            let mut events: Vec<ActivityEvent> =
                read.events.iter().map(ActivityEvent::parse).collect();
            events.sort_by(|a, b| {
                a.timestamp_ms
                    .cmp(&b.timestamp_ms)
                    .then_with(|| a.event_id.cmp(&b.event_id))
            });
            // A silent group: since when it exists tells a little more.
            let created_ms = if events.is_empty() {
                aws::logs::log_groups(session, &group)
                    .await
                    .ok()
                    .and_then(|groups| groups.into_iter().find(|g| g.name == group))
                    .and_then(|found| found.created_ms)
            } else {
                None
            };
            Ok(GroupLog {
                group,
                exists: true,
                events,
                truncated: read.truncated,
                created_ms,
            })
        }
        Err(AwsError::NotFound { .. }) => Ok(GroupLog {
            group,
            exists: false,
            ..GroupLog::default()
        }),
        Err(err) => Err(err),
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
        })
}

/// For Lambda identity providers: the interfaces Lambda made for their
/// functions and the region's Secrets Manager endpoints, one call each;
/// no call without such a server.
async fn lambda_network(session: &Session, servers: &[Server]) -> Option<LambdaNetwork> {
    let mut functions: Vec<String> = servers
        .iter()
        .filter(|s| s.summary.identity_provider_type == IdentityProviderType::AwsLambda)
        .filter_map(|s| s.identity_provider_details.function.as_deref())
        .map(|function| network::function_name(function).to_string())
        .collect();
    functions.sort();
    functions.dedup();
    if functions.is_empty() {
        return None;
    }
    let secrets_manager = [EndpointService::SecretsManager.service_name(&session.region)];
    let (interfaces, secrets_endpoints) = futures::join!(
        aws::ec2::describe_lambda_interfaces(session, &functions),
        aws::ec2::describe_service_endpoints(session, &secrets_manager),
    );
    Some(LambdaNetwork {
        interfaces: interfaces.into(),
        secrets_endpoints: secrets_endpoints.into(),
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
    // The interfaces and groups are the endpoint's: without the endpoint
    // there is nothing to judge, which is not the same as "no groups".
    let (interfaces, security_groups) = match &endpoint {
        Some(Gathered::Read(endpoint)) => (
            owned(interfaces, &endpoint.network_interface_ids, |eni| &eni.id),
            owned(groups, &endpoint.security_group_ids, |group| &group.id),
        ),
        Some(unread) => {
            let why = format!(
                "the VPC endpoint could not be read ({})",
                unread.unreadable_reason().unwrap_or_default()
            );
            (Gathered::Missing(why.clone()), Gathered::Missing(why))
        }
        None => {
            let why = if server.summary.endpoint_type == EndpointType::Vpc {
                "DescribeServer names no VPC endpoint (AWS answers so while one is being created)"
            } else {
                "a PUBLIC endpoint has no VPC endpoint"
            };
            (Gathered::Missing(why.into()), Gathered::Missing(why.into()))
        }
    };
    ServerEvidence {
        server,
        endpoint,
        interfaces,
        security_groups,
    }
}

/// The items of a batched answer that belong to one endpoint.
fn owned<T: Clone>(
    all: &Result<Vec<T>, AwsError>,
    ids: &[String],
    id_of: impl Fn(&T) -> &String,
) -> Gathered<Vec<T>> {
    all.clone()
        .map(|all| {
            all.into_iter()
                .filter(|item| ids.contains(id_of(item)))
                .collect()
        })
        .into()
}

/// One sweep of the login prefix; values are read only for the secrets of
/// custom identity provider servers being checked (orphans need no value),
/// twenty a call. Also says why they were read one at a time, if they were.
async fn login_secrets(
    session: &Session,
    servers: &[Server],
    prefix: &str,
) -> Result<(Vec<SecretEvidence>, Option<AwsError>), AwsError> {
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
    let read = aws::secrets::get_login_secrets(session, &to_read).await;
    let values: BTreeMap<String, Gathered<_>> = read
        .values
        .into_iter()
        .map(|(name, value)| {
            let value = value.and_then(|value| {
                value.content.map_err(|err| AwsError::Invalid {
                    message: err.to_string(),
                })
            });
            (name, Gathered::from(value))
        })
        .collect();
    let secrets = wanted
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
        .collect();
    Ok((secrets, read.one_at_a_time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::testing;
    use crate::model::network::IngressRule;

    fn no_endpoint_server() -> Server {
        let mut server = testing::ftp_vpc(vec![]).server;
        if let Some(details) = server.endpoint_details.as_mut() {
            details.vpc_endpoint_id = None;
        }
        server
    }

    #[test]
    fn a_vpc_server_naming_no_endpoint_has_missing_groups_not_empty_ones() {
        let evidence = server_evidence(
            no_endpoint_server(),
            &Ok(Vec::new()),
            &Ok(Vec::new()),
            &Ok(Vec::new()),
        );
        assert_eq!(evidence.endpoint, None);
        assert!(
            matches!(&evidence.security_groups, Gathered::Missing(why) if why.contains("names no VPC endpoint"))
        );
        assert!(matches!(&evidence.interfaces, Gathered::Missing(_)));
    }

    #[test]
    fn an_endpoint_that_does_not_exist_leaves_its_groups_missing() {
        let server = testing::ftp_vpc(vec![]).server;
        let group = SecurityGroup {
            id: "sg-other".into(),
            name: "other".into(),
            ingress: vec![IngressRule {
                protocol: "-1".into(),
                ports: None,
                sources: vec![],
            }],
        };
        let evidence = server_evidence(server, &Ok(Vec::new()), &Ok(Vec::new()), &Ok(vec![group]));
        assert!(matches!(evidence.endpoint, Some(Gathered::Unreadable(_))));
        assert!(
            matches!(&evidence.security_groups, Gathered::Missing(why) if why.contains("does not exist")),
            "{:?}",
            evidence.security_groups
        );
    }

    #[test]
    fn a_read_endpoint_keeps_only_its_own_groups_and_interfaces() {
        let evidence = testing::ftp_vpc(vec![testing::group(&[(21, 21)])]);
        let Some(Gathered::Read(endpoint)) = evidence.endpoint.clone() else {
            panic!("the test server has an endpoint");
        };
        let other = SecurityGroup {
            id: "sg-other".into(),
            ..testing::group(&[])
        };
        let eni = NetworkInterface {
            id: "eni-a".into(),
            ..testing::interface("10.2.1.10", "a")
        };
        let stranger = NetworkInterface {
            id: "eni-x".into(),
            ..eni.clone()
        };
        let gathered = server_evidence(
            evidence.server,
            &Ok(vec![endpoint]),
            &Ok(vec![eni.clone(), stranger]),
            &Ok(vec![testing::group(&[(21, 21)]), other]),
        );
        assert_eq!(gathered.interfaces, Gathered::Read(vec![eni]));
        assert_eq!(
            gathered.security_groups,
            Gathered::Read(vec![testing::group(&[(21, 21)])])
        );
    }
}
