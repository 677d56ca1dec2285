//! Runs the server detail pane's commands.

use super::Worker;
use crate::app::{ServerCmd, ServerMsg};
use crate::{audit, aws};

pub(super) async fn run(worker: &Worker, cmd: ServerCmd) -> ServerMsg {
    match cmd {
        ServerCmd::UpdateProtocol {
            req,
            server_id,
            change,
        } => ServerMsg::ProtocolUpdated {
            result: match worker.session().await {
                Ok(session) => {
                    aws::transfer::update_protocol_details(session, &server_id, &change).await
                }
                Err(err) => Err(err),
            },
            req,
            server_id,
            change,
        },
        ServerCmd::Power {
            req,
            server_id,
            start,
        } => ServerMsg::PowerRequested {
            req,
            result: match worker.session().await {
                Ok(session) if start => aws::transfer::start_server(session, &server_id).await,
                Ok(session) => aws::transfer::stop_server(session, &server_id).await,
                Err(err) => Err(err),
            },
        },
        ServerCmd::Poll {
            req,
            server_id,
            delay,
        } => {
            tokio::time::sleep(delay).await;
            ServerMsg::Polled {
                result: match worker.session().await {
                    Ok(session) => aws::transfer::describe_server(session, &server_id)
                        .await
                        .map(Box::new),
                    Err(err) => Err(err),
                },
                req,
                server_id,
            }
        }
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
