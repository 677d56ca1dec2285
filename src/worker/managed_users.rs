//! Runs the users pane's commands: each one an `aws::transfer` user call.

use super::Worker;
use crate::app::Msg;
use crate::app::managed_users::{Afterwards, ManagedUsersCmd, ManagedUsersMsg, UserChange};
use crate::aws::{self, AwsError, Session};

pub(super) async fn run(worker: &Worker, cmd: ManagedUsersCmd) -> Msg {
    let msg = match cmd {
        ManagedUsersCmd::List { req, server_id } => ManagedUsersMsg::Listed {
            req,
            result: worker
                .with_session(|session| aws::transfer::list_users(session, &server_id))
                .await,
        },
        ManagedUsersCmd::Describe {
            req,
            server_id,
            user,
        } => ManagedUsersMsg::Described {
            req,
            result: worker
                .with_session(|session| aws::transfer::describe_user(session, &server_id, &user))
                .await,
            user,
        },
        ManagedUsersCmd::Change {
            req,
            server_id,
            change,
        } => {
            let session = worker.session().await;
            let result = match &session {
                Ok(session) => apply(session, &server_id, &change).await,
                Err(err) => Err(err.clone()),
            };
            let afterwards = match (&result, session) {
                // Without usable credentials nothing was sent, and no read can work.
                (Err(err), Ok(session)) if !err.is_setup_problem() => {
                    let reread =
                        aws::transfer::describe_user(session, &server_id, change.user()).await;
                    Some(Afterwards::judge(&change, reread))
                }
                _ => None,
            };
            ManagedUsersMsg::Changed {
                req,
                result,
                afterwards,
                server_id,
                change,
            }
        }
    };
    Msg::ManagedUsers(msg)
}

/// Makes one change; an import answers with the new key's id.
async fn apply(
    session: &Session,
    server_id: &str,
    change: &UserChange,
) -> Result<Option<String>, AwsError> {
    use aws::transfer;
    match change {
        UserChange::Create(spec) => transfer::create_user(session, server_id, spec)
            .await
            .map(|()| None),
        UserChange::Update { spec, .. } => transfer::update_user(session, server_id, spec)
            .await
            .map(|()| None),
        UserChange::ImportKey { user, body } => {
            transfer::import_ssh_public_key(session, server_id, user, body)
                .await
                .map(Some)
        }
        UserChange::DeleteKey { user, key_id, .. } => {
            transfer::delete_ssh_public_key(session, server_id, user, key_id)
                .await
                .map(|()| None)
        }
        UserChange::Delete { user } => transfer::delete_user(session, server_id, user)
            .await
            .map(|()| None),
    }
}
