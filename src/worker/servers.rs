//! Runs the server detail pane's commands.

use super::Worker;
use crate::app::{NetworkAnswer, NetworkQuery, ServerCmd, ServerMsg};
use crate::aws::{AwsError, Session};
use crate::{audit, aws};

/// How long a command waits before it runs: a poll is scheduled.
pub(super) fn delay_of(cmd: &crate::app::Cmd) -> Option<std::time::Duration> {
    match cmd {
        crate::app::Cmd::Server(ServerCmd::Poll { delay, .. }) => Some(*delay),
        _ => None,
    }
}

pub(super) async fn run(worker: &Worker, cmd: ServerCmd) -> ServerMsg {
    match cmd {
        ServerCmd::UpdateProtocol {
            req,
            server_id,
            change,
        } => {
            let session = worker.session().await;
            let result = match &session {
                Ok(session) => {
                    aws::transfer::update_protocol_details(session, &server_id, &change).await
                }
                Err(err) => Err(err.clone()),
            };
            let reread = match (&result, session) {
                // Without usable credentials nothing was sent, and no read can work.
                (Err(err), Ok(session)) if !err.is_setup_problem() => Some(
                    aws::transfer::describe_server(session, &server_id)
                        .await
                        .map(Box::new),
                ),
                _ => None,
            };
            ServerMsg::ProtocolUpdated {
                result,
                reread,
                req,
                server_id,
                change,
            }
        }
        ServerCmd::Power {
            req,
            server_id,
            start,
        } => ServerMsg::PowerRequested {
            req,
            result: worker
                .with_session(|session| async move {
                    if start {
                        aws::transfer::start_server(session, &server_id).await
                    } else {
                        aws::transfer::stop_server(session, &server_id).await
                    }
                })
                .await,
        },
        // The delay has passed already (see `delay_of`).
        ServerCmd::Poll { req, server_id, .. } => ServerMsg::Polled {
            result: worker
                .with_session(|session| aws::transfer::describe_server(session, &server_id))
                .await
                .map(Box::new),
            req,
            server_id,
        },
        ServerCmd::Network { req, query } => ServerMsg::Network {
            req,
            answer: match worker.session().await {
                Ok(session) => network(session, query).await,
                Err(err) => failed(query, err),
            },
        },
        ServerCmd::Audit { entry } => {
            let Some(path) = worker.audit_log.clone() else {
                return ServerMsg::AuditFailed {
                    error: "no state directory for the audit log (use --audit-log)".into(),
                };
            };
            // A small append; off the async threads all the same.
            let written = tokio::task::spawn_blocking(move || audit::append(&path, &entry)).await;
            match written {
                Ok(Ok(())) => ServerMsg::Audited,
                Ok(Err(err)) => ServerMsg::AuditFailed {
                    error: err.to_string(),
                },
                Err(err) => ServerMsg::AuditFailed {
                    error: err.to_string(),
                },
            }
        }
    }
}

async fn network(session: &Session, query: NetworkQuery) -> NetworkAnswer {
    use aws::ec2;
    match query {
        NetworkQuery::VpcEndpoints(ids) => {
            NetworkAnswer::VpcEndpoints(ec2::describe_vpc_endpoints(session, &ids).await)
        }
        NetworkQuery::NetworkInterfaces(ids) => {
            NetworkAnswer::NetworkInterfaces(ec2::describe_network_interfaces(session, &ids).await)
        }
        NetworkQuery::SecurityGroups(ids) => {
            NetworkAnswer::SecurityGroups(ec2::describe_security_groups(session, &ids).await)
        }
        NetworkQuery::Addresses(ids) => {
            NetworkAnswer::Addresses(ec2::describe_addresses(session, &ids).await)
        }
        NetworkQuery::ServiceEndpoints(names) => {
            NetworkAnswer::ServiceEndpoints(ec2::describe_service_endpoints(session, &names).await)
        }
    }
}

/// The answer a query gets when no call could be made.
pub(super) fn failed(query: NetworkQuery, err: AwsError) -> NetworkAnswer {
    match query {
        NetworkQuery::VpcEndpoints(_) => NetworkAnswer::VpcEndpoints(Err(err)),
        NetworkQuery::NetworkInterfaces(_) => NetworkAnswer::NetworkInterfaces(Err(err)),
        NetworkQuery::SecurityGroups(_) => NetworkAnswer::SecurityGroups(Err(err)),
        NetworkQuery::Addresses(_) => NetworkAnswer::Addresses(Err(err)),
        NetworkQuery::ServiceEndpoints(_) => NetworkAnswer::ServiceEndpoints(Err(err)),
    }
}
