//! Runs the custom-IdP users pane's commands: Secrets Manager calls and
//! TestIdentityProvider. New passwords are generated here, off the UI
//! loop, from the OS random source.

use super::Worker;
use crate::app::Msg;
use crate::app::idp_users::{
    Afterwards, IdpCmd, IdpMsg, ListFilter, NewPassword, Reread, Write, Written,
};
use crate::aws::secrets::{self, WriteError};
use crate::aws::{self, AwsError, Session};
use crate::model::login_secret::{LEGACY_PREFIX, PASSWORD};
use crate::model::password::{self, Password};

pub(super) async fn run(worker: &Worker, cmd: IdpCmd) -> Msg {
    let msg = match cmd {
        IdpCmd::List { req, filter } => IdpMsg::Listed {
            req,
            result: worker.with_session(|session| list(session, &filter)).await,
        },
        IdpCmd::Read { req, names } => {
            let (values, one_at_a_time) = match worker.session().await {
                Ok(session) => {
                    let read = secrets::get_login_secrets(session, &names).await;
                    (read.values, read.one_at_a_time)
                }
                Err(err) => (
                    names
                        .into_iter()
                        .map(|name| (name, Err(err.clone())))
                        .collect(),
                    None,
                ),
            };
            IdpMsg::Read {
                req,
                values,
                one_at_a_time,
            }
        }
        IdpCmd::Write { req, verb, write } => {
            let name = match &write {
                Write::Create { name, .. }
                | Write::Update { name, .. }
                | Write::Delete { name, .. }
                | Write::Restore { name } => name.clone(),
            };
            let (result, afterwards) = match worker.session().await {
                Ok(session) => write_secret(session, write).await,
                Err(err) => (Err(WriteError::Aws(err)), None),
            };
            IdpMsg::Written {
                result,
                afterwards,
                req,
                verb,
                name,
            }
        }
        IdpCmd::TestLogin {
            req,
            server_id,
            user,
            password,
            protocol,
        } => IdpMsg::Tested {
            req,
            result: worker
                .with_session(|session| {
                    aws::transfer::test_identity_provider(
                        session,
                        &server_id,
                        &user,
                        password.as_ref().map(|p| p.0.as_str()),
                        protocol.as_deref(),
                    )
                })
                .await,
        },
    };
    Msg::Idp(msg)
}

/// One secret write as the users pane makes it (also each secret of a
/// bulk user copy): the password set first, so that a failed write is
/// judged by what was actually sent, then the secret read again after a
/// failure.
pub(super) async fn write_secret(
    session: &Session,
    mut write: Write,
) -> (Result<Written, WriteError>, Option<Afterwards>) {
    match set_password(&mut write) {
        Ok(generated) => {
            let result = perform(session, &write, generated.clone()).await;
            let afterwards = judge_failure(session, &write, &result, generated).await;
            (result, afterwards)
        }
        Err(err) => (Err(err), None),
    }
}

async fn list(
    session: &Session,
    filter: &ListFilter,
) -> Result<Vec<crate::model::SecretEntry>, AwsError> {
    match filter {
        ListFilter::Server { prefix, server_id } => {
            secrets::list_server_secrets(session, prefix, server_id).await
        }
        ListFilter::All { prefix } => {
            secrets::list_login_secrets(session, &[prefix.as_str(), LEGACY_PREFIX]).await
        }
    }
}

async fn perform(
    session: &Session,
    write: &Write,
    generated: Option<Password>,
) -> Result<Written, WriteError> {
    match write {
        Write::Create { name, secret, .. } => {
            let version = secrets::create_login_secret(session, name, secret).await?;
            Ok(Written {
                version: Some(version),
                generated,
                ..Written::default()
            })
        }
        Write::Update {
            name,
            secret,
            read_version,
            ..
        } => {
            let version = secrets::put_login_secret(session, name, secret, read_version).await?;
            Ok(Written {
                version: Some(version),
                generated,
                ..Written::default()
            })
        }
        Write::Delete {
            name,
            recovery_days,
        } => Ok(Written {
            deletion_date: secrets::delete_secret(session, name, *recovery_days).await?,
            ..Written::default()
        }),
        Write::Restore { name } => {
            secrets::restore_secret(session, name).await?;
            Ok(Written::default())
        }
    }
}

/// After a write AWS failed (not one refused because the version moved,
/// nor one never sent for want of credentials): reads the secret again
/// and says whether the write took effect all the same.
async fn judge_failure(
    session: &Session,
    write: &Write,
    result: &Result<Written, WriteError>,
    generated: Option<Password>,
) -> Option<Afterwards> {
    match result {
        Err(WriteError::Aws(err)) if !err.is_setup_problem() => {}
        _ => return None,
    }
    let reread = match write {
        Write::Create { name, .. } | Write::Update { name, .. } => {
            secrets::get_login_secret(session, name)
                .await
                .map(Reread::Value)
        }
        Write::Delete { name, .. } | Write::Restore { name } => {
            secrets::deletion_date(session, name)
                .await
                .map(Reread::DeletionDate)
        }
    };
    Some(match Afterwards::judge(write, reread) {
        Afterwards::ChangedAnyway { .. } => Afterwards::ChangedAnyway { generated },
        other => other,
    })
}

/// Puts the new password into the secret about to be written; a generated
/// one is returned to be shown once.
fn set_password(write: &mut Write) -> Result<Option<Password>, WriteError> {
    let (secret, password) = match write {
        Write::Create {
            secret, password, ..
        }
        | Write::Update {
            secret, password, ..
        } => (secret, std::mem::replace(password, NewPassword::Keep)),
        Write::Delete { .. } | Write::Restore { .. } => return Ok(None),
    };
    match password {
        NewPassword::Keep => Ok(None),
        NewPassword::Typed(typed) => {
            secret.set(PASSWORD, &typed.0);
            Ok(None)
        }
        NewPassword::Generate(length) => {
            let new = password::generate(length).map_err(|err| {
                WriteError::Aws(AwsError::Service {
                    action: "generating a password".into(),
                    code: "RandomSource".into(),
                    message: err,
                })
            })?;
            secret.set(PASSWORD, &new);
            Ok(Some(Password(new)))
        }
    }
}
