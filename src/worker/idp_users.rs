//! Runs the custom-IdP users pane's commands: Secrets Manager calls and
//! TestIdentityProvider. New passwords are generated here, off the UI
//! loop, from the OS random source.

use super::Worker;
use crate::app::Msg;
use crate::app::idp_users::{IdpCmd, IdpMsg, ListFilter, NewPassword, Write, Written};
use crate::aws::secrets::{self, WriteError};
use crate::aws::{self, AwsError, Session};
use crate::model::login_secret::{LEGACY_PREFIX, LoginSecret, PASSWORD};
use crate::model::password::{self, Password};

pub(super) async fn run(worker: &Worker, cmd: IdpCmd) -> Msg {
    let session = worker.session().await;
    let msg = match cmd {
        IdpCmd::List { req, filter } => IdpMsg::Listed {
            req,
            result: match session {
                Ok(session) => list(session, &filter).await,
                Err(err) => Err(err),
            },
        },
        IdpCmd::Read { req, name } => IdpMsg::Read {
            result: match session {
                Ok(session) => secrets::get_login_secret(session, &name).await,
                Err(err) => Err(err),
            },
            req,
            name,
        },
        IdpCmd::Write { req, verb, write } => {
            let name = match &write {
                Write::Create { name, .. }
                | Write::Update { name, .. }
                | Write::Delete { name, .. }
                | Write::Restore { name } => name.clone(),
            };
            IdpMsg::Written {
                result: match session {
                    Ok(session) => perform(session, write).await,
                    Err(err) => Err(WriteError::Aws(err)),
                },
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
            result: match session {
                Ok(session) => {
                    aws::transfer::test_identity_provider(
                        session,
                        &server_id,
                        &user,
                        password.as_ref().map(|p| p.0.as_str()),
                        protocol.as_deref(),
                    )
                    .await
                }
                Err(err) => Err(err),
            },
        },
    };
    Msg::Idp(msg)
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

async fn perform(session: &Session, write: Write) -> Result<Written, WriteError> {
    match write {
        Write::Create {
            name,
            mut secret,
            password,
        } => {
            let generated = set_password(&mut secret, password)?;
            let version = secrets::create_login_secret(session, &name, &secret).await?;
            Ok(Written {
                version: Some(version),
                generated,
                ..Written::default()
            })
        }
        Write::Update {
            name,
            mut secret,
            read_version,
            password,
        } => {
            let generated = set_password(&mut secret, password)?;
            let version = secrets::put_login_secret(session, &name, &secret, &read_version).await?;
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
            deletion_date: secrets::delete_secret(session, &name, recovery_days).await?,
            ..Written::default()
        }),
        Write::Restore { name } => {
            secrets::restore_secret(session, &name).await?;
            Ok(Written::default())
        }
    }
}

/// Puts the new password into the secret; a generated one is returned to
/// be shown once.
fn set_password(
    secret: &mut LoginSecret,
    password: NewPassword,
) -> Result<Option<Password>, WriteError> {
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
