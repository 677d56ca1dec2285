//! Runs a server's deletion: the survey, then DeleteServer followed until
//! AWS no longer knows the server, then the chosen secrets' deletion.

use std::time::Duration;

use super::Worker;
use crate::app::Msg;
use crate::app::deletion::{DeletionCmd, DeletionMsg};
use crate::app::managed_users::Afterwards;
use crate::aws::{self, AwsError};

/// How often, and how long, a deletion is followed.
const EVERY: Duration = Duration::from_secs(3);
const LIMIT: Duration = Duration::from_secs(600);

pub(super) async fn run(worker: &Worker, cmd: DeletionCmd) -> Msg {
    let msg = match cmd {
        DeletionCmd::Survey {
            req,
            server,
            secret_prefix,
        } => {
            let survey = match worker.session().await {
                Ok(session) => {
                    aws::lifecycle::survey_deletion(session, &server, &secret_prefix).await
                }
                Err(err) => {
                    crate::model::deletion::DeletionSurvey::unread(server.id(), &err.to_string())
                }
            };
            DeletionMsg::Surveyed {
                req,
                survey: Box::new(survey),
            }
        }
        DeletionCmd::Delete {
            req,
            server_id,
            secrets,
            recovery_days,
        } => {
            let session = match worker.session().await {
                Ok(session) => session,
                Err(err) => {
                    return Msg::Deletion(DeletionMsg::Deleted {
                        req,
                        server_id,
                        result: Err(err),
                        afterwards: None,
                        secrets: Vec::new(),
                    });
                }
            };
            let sent = aws::lifecycle::delete_server(session, &server_id).await;
            let (result, afterwards) = match sent {
                Ok(()) => (
                    aws::lifecycle::wait_until_gone(session, &server_id, EVERY, LIMIT).await,
                    None,
                ),
                Err(err) if err.is_setup_problem() || is_refusal(&err) => (Err(err), None),
                // A 5xx or a lost answer: AWS may have deleted it all the same.
                Err(err) => {
                    let judged = match aws::transfer::describe_server(session, &server_id).await {
                        Err(AwsError::NotFound { .. }) => Afterwards::ChangedAnyway,
                        Ok(_) => Afterwards::Unchanged,
                        Err(reread) => Afterwards::Unknown(reread),
                    };
                    (Err(err), Some(judged))
                }
            };
            let gone = matches!(
                (&result, &afterwards),
                (Ok(true), _) | (Err(_), Some(Afterwards::ChangedAnyway))
            );
            // Secrets go only once the server is gone: a server that stays
            // keeps its logins.
            let mut scheduled = Vec::new();
            if gone {
                for name in secrets {
                    let answer = aws::secrets::delete_secret(session, &name, recovery_days).await;
                    scheduled.push((name, answer));
                }
            }
            DeletionMsg::Deleted {
                req,
                server_id,
                result,
                afterwards,
                secrets: scheduled,
            }
        }
    };
    Msg::Deletion(msg)
}

/// AWS's answers that say the deletion was not made.
fn is_refusal(err: &AwsError) -> bool {
    matches!(
        err,
        AwsError::AccessDenied { .. } | AwsError::NotFound { .. }
    ) || matches!(err, AwsError::Service { code, .. } if code == "InvalidRequestException"
            || code == "ValidationException")
}
