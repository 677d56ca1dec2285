//! Runs the create form's work: pick lists and clone sources, CreateServer
//! (read back by its creation mark after a failure), and the new server's
//! polls, each in the form's target region.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Worker;
use crate::app::Msg;
use crate::app::create::{CreateCmd, CreateMsg, CreatedAfter};
use crate::aws::{self, AwsError, Session};

/// The scheduled wait of a poll, taken before a call slot.
pub(super) fn delay_of(cmd: &crate::app::Cmd) -> Option<Duration> {
    match cmd {
        crate::app::Cmd::Create(CreateCmd::Poll { delay, .. }) => Some(*delay),
        _ => None,
    }
}

pub(super) async fn run(worker: &Worker, cmd: CreateCmd) -> Msg {
    let msg = match cmd {
        CreateCmd::Choices { req, region } => {
            let choices = match worker.session_in(&region).await {
                Ok(session) => aws::create::choices(&session).await,
                Err(err) => crate::model::server_spec::Choices {
                    region: region.clone(),
                    vpcs: Err(err.clone()),
                    subnets: Err(err.clone()),
                    security_groups: Err(err.clone()),
                    elastic_ips: Err(err.clone()),
                    certificates: Err(err),
                },
            };
            CreateMsg::Choices {
                req,
                choices: Box::new(choices),
            }
        }
        CreateCmd::Source { req, server_id } => CreateMsg::Source {
            req,
            result: worker
                .with_session(|session| aws::create::clone_source(session, &server_id))
                .await
                .map(Box::new),
        },
        CreateCmd::Create { req, region, spec } => {
            let token = creation_token(req.0);
            let (result, afterwards) = match worker.session_in(&region).await {
                Err(err) => (Err(err), None),
                Ok(session) => {
                    let sent = aws::create::create_server(&session, &spec, &token).await;
                    let afterwards = match &sent {
                        Err(err) if may_have_applied(err) => {
                            Some(read_back(&session, &token).await)
                        }
                        _ => None,
                    };
                    (sent, afterwards)
                }
            };
            CreateMsg::Created {
                req,
                result,
                afterwards,
            }
        }
        CreateCmd::Poll {
            req,
            region,
            server_id,
            ..
        } => CreateMsg::Polled {
            req,
            result: match worker.session_in(&region).await {
                Ok(session) => aws::transfer::describe_server(&session, &server_id)
                    .await
                    .map(Box::new),
                Err(err) => Err(err),
            },
        },
    };
    Msg::Create(msg)
}

async fn read_back(session: &Session, token: &str) -> CreatedAfter {
    match aws::create::find_created(session, token).await {
        Ok(Some(id)) => CreatedAfter::Found(id),
        Ok(None) => CreatedAfter::NotFound,
        Err(err) => CreatedAfter::Unknown(err),
    }
}

/// A failure after which the server may exist all the same: a 5xx, a lost
/// or late answer. A refusal (denied, invalid) made nothing.
fn may_have_applied(err: &AwsError) -> bool {
    !(err.is_setup_problem()
        || matches!(
            err,
            AwsError::AccessDenied { .. }
                | AwsError::NotFound { .. }
                | AwsError::Invalid { .. }
                | AwsError::Throttled { .. }
        )
        || matches!(err, AwsError::Service { code, .. }
            if code == "InvalidRequestException"
                || code == "ValidationException"
                || code == "ResourceExistsException"))
}

/// A value unique to one CreateServer: the time, the process and the
/// request, so two consoles never share one.
fn creation_token(request: u64) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}-{:x}-{request}", std::process::id())
}
