//! Runs a bulk user copy: the survey of both servers, then each user's
//! write, in the session of the scope each server lives in. A failed
//! write is read back (DescribeUser, or the secret read again through the
//! users pane's own write) before it is reported.

use super::Worker;
use crate::app::Msg;
use crate::app::idp_users::{Afterwards as SecretAfterwards, Write};
use crate::app::user_copy::{CopyWrite, UserCopyCmd, UserCopyMsg};
use crate::aws::secrets::WriteError;
use crate::aws::{self, AwsError, Session};
use crate::model::TransferUser;
use crate::model::user_copy::CopyOutcome;

pub(super) async fn run(worker: &Worker, cmd: UserCopyCmd) -> Msg {
    let msg = match cmd {
        UserCopyCmd::Survey {
            req,
            from,
            to,
            prefix,
        } => {
            let result = async {
                let from_session = worker.session_for(&from.scope).await?;
                let to_session = worker.session_for(&to.scope).await?;
                aws::user_copy::survey(
                    &from_session,
                    &from.server_id,
                    &to_session,
                    &to.server_id,
                    &prefix,
                )
                .await
            }
            .await;
            UserCopyMsg::Surveyed { req, result }
        }
        UserCopyCmd::Copy {
            req,
            to,
            user,
            write,
        } => {
            let outcome = match worker.session_for(&to.scope).await {
                Ok(session) => match write {
                    CopyWrite::Managed(source) => {
                        copy_managed(&session, &to.server_id, &source).await
                    }
                    CopyWrite::Secret(write) => copy_secret(&session, write).await,
                },
                Err(err) => CopyOutcome::Failed {
                    why: format!("{err}; nothing sent"),
                },
            };
            UserCopyMsg::Copied { req, user, outcome }
        }
    };
    Msg::UserCopy(msg)
}

/// CreateUser, then ImportSshPublicKey for each key; each failure read
/// back with DescribeUser.
async fn copy_managed(session: &Session, server_id: &str, source: &TransferUser) -> CopyOutcome {
    let name = source.name.as_str();
    let mut outcome = match aws::user_copy::create_user_copy(session, server_id, source).await {
        Ok(()) => CopyOutcome::Copied { anyway: None },
        // The SDK retries a 5xx: "exists" may answer a retry of this very
        // CreateUser that AWS had carried out. The same user is this copy's.
        Err(err) if is_exists(&err) => {
            match aws::transfer::describe_user(session, server_id, name).await {
                Ok(found) if same_user(source, &found) => CopyOutcome::Copied {
                    anyway: Some(format!(
                        "created although AWS answered: {err} (a retried request had made it)"
                    )),
                },
                _ => return CopyOutcome::exists_already(),
            }
        }
        Err(err) if err.is_setup_problem() || super::host_keys::is_refusal(&err) => {
            return CopyOutcome::Failed {
                why: format!("{err}; not created"),
            };
        }
        Err(err) => {
            let found = aws::user_copy::user_exists(session, server_id, name).await;
            CopyOutcome::after_failure(&err, found)
        }
    };
    if !matches!(outcome, CopyOutcome::Copied { .. }) {
        return outcome;
    }
    for (n, key) in source.ssh_keys.iter().enumerate() {
        let Err(err) =
            aws::transfer::import_ssh_public_key(session, server_id, name, &key.body).await
        else {
            continue;
        };
        // Even "exists" is read back: it may answer a retry of this import.
        let imported = match err {
            AwsError::AccessDenied { .. } => Ok(false),
            _ if err.is_setup_problem() => Ok(false),
            _ => aws::user_copy::has_key(session, server_id, name, &key.body).await,
        };
        match imported {
            Ok(true) => {
                outcome = CopyOutcome::Copied {
                    anyway: Some(format!(
                        "SSH key {} imported anyway although AWS answered: {err}",
                        n + 1
                    )),
                }
            }
            Ok(false) => {
                return CopyOutcome::Failed {
                    why: format!(
                        "user created, but SSH key {} of {} not imported: {err}",
                        n + 1,
                        source.ssh_keys.len()
                    ),
                };
            }
            Err(reread) => {
                return CopyOutcome::Failed {
                    why: format!(
                        "user created; SSH key {} of {}: {err}; unknown whether imported \
                         (reading the user again failed: {reread})",
                        n + 1,
                        source.ssh_keys.len()
                    ),
                };
            }
        }
    }
    outcome
}

/// The users pane's own secret write (CreateSecret, read back after a
/// failure), judged as a copy.
async fn copy_secret(session: &Session, write: Write) -> CopyOutcome {
    let (result, afterwards) = super::idp_users::write_secret(session, write).await;
    match (result, afterwards) {
        (Ok(_), _) => CopyOutcome::Copied { anyway: None },
        (Err(WriteError::Aws(err)), _) if is_exists(&err) => CopyOutcome::exists_already(),
        (Err(WriteError::Aws(err)), Some(SecretAfterwards::ChangedAnyway { .. })) => {
            CopyOutcome::after_failure(&err, Ok(true))
        }
        (Err(WriteError::Aws(err)), Some(SecretAfterwards::Unchanged)) => {
            CopyOutcome::after_failure(&err, Ok(false))
        }
        (Err(WriteError::Aws(err)), Some(SecretAfterwards::Unknown(reread))) => {
            CopyOutcome::after_failure(&err, Err(reread))
        }
        (Err(err), _) => CopyOutcome::Failed {
            why: format!("{err}; not created"),
        },
    }
}

/// Whether `found` on the target is `source` as this copy makes it.
fn same_user(source: &TransferUser, found: &TransferUser) -> bool {
    source.role == found.role
        && source.home_directory_type == found.home_directory_type
        && source.home_directory == found.home_directory
        && source.mappings == found.mappings
        && source.policy == found.policy
        && source.posix_profile == found.posix_profile
}

fn is_exists(err: &AwsError) -> bool {
    matches!(err, AwsError::Service { code, .. } if code == "ResourceExistsException")
}
