//! Deleting a server: what goes with it and what stays (gathered before
//! the operator is asked), DeleteServer, and following it until it is gone.

use std::time::Duration;

use super::{AwsError, Session, ec2, host_keys, route53, secrets, transfer};
use crate::model::deletion::DeletionSurvey;
use crate::model::{IdentityProviderType, Server};

/// Everything the deletion question shows, each part read on its own so
/// that one denied call leaves the others (and says why it is missing).
pub async fn survey_deletion(
    session: &Session,
    server: &Server,
    secret_prefix: &str,
) -> DeletionSurvey {
    let id = server.id();
    let details = server.endpoint_details.clone().unwrap_or_default();
    let managed = server.summary.identity_provider_type == IdentityProviderType::ServiceManaged;
    let custom = matches!(
        server.summary.identity_provider_type,
        IdentityProviderType::AwsLambda | IdentityProviderType::ApiGateway
    );
    let users = async {
        if managed {
            transfer::list_users(session, id)
                .await
                .map(|users| users.into_iter().map(|u| u.name).collect())
                .map_err(|err| err.to_string())
        } else {
            Ok(Vec::new())
        }
    };
    let endpoint = async {
        match &details.vpc_endpoint_id {
            None => Ok((Vec::new(), Vec::new())),
            Some(vpce) => {
                let endpoints = ec2::describe_vpc_endpoints(session, std::slice::from_ref(vpce))
                    .await
                    .map_err(|err| err.to_string())?;
                let endpoint = endpoints.into_iter().next();
                let (enis, names) = endpoint
                    .map(|e| (e.network_interface_ids, e.dns_names))
                    .unwrap_or_default();
                let interfaces = ec2::describe_network_interfaces(session, &enis)
                    .await
                    .map_err(|err| err.to_string())?;
                Ok((interfaces, names))
            }
        }
    };
    let secrets = async {
        if custom {
            secrets::list_server_secrets(session, secret_prefix, id)
                .await
                .map(|entries| {
                    entries
                        .into_iter()
                        .filter(|e| e.deleted.is_none() && e.name.contains(id))
                        .map(|e| e.name)
                        .collect()
                })
                .map_err(|err| err.to_string())
        } else {
            Ok(Vec::new())
        }
    };
    let keys = async {
        host_keys::list_host_keys(session, id)
            .await
            .map_err(|err| err.to_string())
    };
    let (users, endpoint, secrets, keys) = tokio::join!(users, endpoint, secrets, keys);
    let (interfaces, mut targets) = match endpoint {
        Ok((interfaces, names)) => (
            Ok(interfaces
                .iter()
                .map(|i| match &i.public_ip {
                    Some(public) => format!("{} {} ({public})", i.id, i.private_ip),
                    None => format!("{} {}", i.id, i.private_ip),
                })
                .collect::<Vec<_>>()),
            names
                .into_iter()
                .chain(interfaces.iter().filter_map(|i| i.public_ip.clone()))
                .collect::<Vec<_>>(),
        ),
        Err(err) => (Err(err), Vec::new()),
    };
    targets.extend(server.public_hostname(&session.region));
    let dns = route53::records_pointing_at(session, &targets)
        .await
        .map_err(|err| err.to_string());
    DeletionSurvey {
        server_id: id.to_string(),
        users,
        vpc_endpoint: details.vpc_endpoint_id.clone(),
        interfaces,
        elastic_ips: details.address_allocation_ids.clone(),
        secrets,
        host_keys: keys,
        dns,
    }
}

pub async fn delete_server(session: &Session, server_id: &str) -> Result<(), AwsError> {
    session
        .transfer
        .delete_server()
        .server_id(server_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DeleteServer"))?;
    Ok(())
}

/// DescribeServer every `every` until AWS no longer knows the server:
/// `Ok(true)` once it is gone, `Ok(false)` if it is still there after
/// `limit`, `Err` when it cannot be read.
pub async fn wait_until_gone(
    session: &Session,
    server_id: &str,
    every: Duration,
    limit: Duration,
) -> Result<bool, AwsError> {
    let start = tokio::time::Instant::now();
    loop {
        match transfer::describe_server(session, server_id).await {
            Err(AwsError::NotFound { .. }) => return Ok(true),
            Err(err) => return Err(err),
            Ok(_) if start.elapsed() >= limit => return Ok(false),
            Ok(_) => tokio::time::sleep(every).await,
        }
    }
}
