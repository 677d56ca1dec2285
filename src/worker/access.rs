//! Runs the access panes' commands: the reads of `aws::access`, and
//! AddPermission with the policy read again when it fails.

use super::Worker;
use crate::app::Msg;
use crate::app::access::{AccessCmd, AccessMsg};
use crate::aws::{self, AwsError, Session};
use crate::model::identity_provider::InvokePermission;

pub(super) async fn run(worker: &Worker, cmd: AccessCmd) -> Msg {
    let msg = match cmd {
        AccessCmd::ReadProvider { req, kind, details } => AccessMsg::ProviderRead {
            req,
            result: worker
                .with_session(|session| async move {
                    Ok(aws::access::provider_evidence(session, &kind, &details).await)
                })
                .await,
        },
        AccessCmd::CheckUser { req, subject } => AccessMsg::UserChecked {
            req,
            result: worker
                .with_session(|session| async move {
                    Ok(Box::new(
                        aws::access::user_evidence(session, &subject).await,
                    ))
                })
                .await,
        },
        AccessCmd::AddPermission {
            req,
            server_id,
            permission,
        } => {
            let session = worker.session().await;
            let result = match &session {
                Ok(session) => aws::lambda::add_permission(session, &permission).await,
                Err(err) => Err(err.clone()),
            };
            let afterwards = match (&result, session) {
                // Without usable credentials nothing was sent.
                (Err(err), Ok(session)) if !err.is_setup_problem() => {
                    Some(has_statement(session, &permission).await)
                }
                _ => None,
            };
            AccessMsg::PermissionAdded {
                req,
                server_id,
                permission,
                result,
                afterwards,
            }
        }
    };
    Msg::Access(msg)
}

/// Whether the function's policy holds the permission's statement now: a
/// failed AddPermission may still have been applied.
async fn has_statement(session: &Session, permission: &InvokePermission) -> Result<bool, AwsError> {
    let policy = aws::lambda::resource_policy(session, &permission.function).await?;
    Ok(policy.is_some_and(|policy| {
        serde_json::from_str::<serde_json::Value>(&policy)
            .ok()
            .and_then(|doc| doc.get("Statement").cloned())
            .and_then(|statements| statements.as_array().cloned())
            .is_some_and(|statements| {
                statements.iter().any(|s| {
                    s.get("Sid").and_then(|sid| sid.as_str()) == Some(&permission.statement_id)
                })
            })
    }))
}
