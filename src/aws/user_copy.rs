//! The reads and writes of a bulk user copy: both servers' kinds, the
//! source's users in full (DescribeUser, or the login secrets' values),
//! the names the target has already, and a service-managed user created
//! with everything DescribeUser gave (SSH keys are imported one by one).

use futures::StreamExt;

use super::{AwsError, Session, secrets, transfer};
use crate::model::TransferUser;
use crate::model::login_secret::SecretName;
use crate::model::user_copy::{SourceSecret, SourceUsers, Survey};

/// Reads at once while describing many users.
const READ_CONCURRENCY: usize = 4;

/// Everything the plan is made from: `from` read with `from_session`,
/// `to` with `to_session` (they differ when the servers are in different
/// regions or profiles). Secrets are named `<prefix><server-id>/<user>`.
pub async fn survey(
    from_session: &Session,
    from: &str,
    to_session: &Session,
    to: &str,
    prefix: &str,
) -> Result<Survey, AwsError> {
    let from_kind = transfer::describe_server(from_session, from)
        .await?
        .summary
        .identity_provider_type;
    let to_kind = transfer::describe_server(to_session, to)
        .await?
        .summary
        .identity_provider_type;
    let source = if from_kind.is_custom() {
        SourceUsers::Secrets(source_secrets(from_session, from, prefix).await?)
    } else {
        SourceUsers::Managed(source_users(from_session, from).await?)
    };
    let on_target = if to_kind.is_custom() {
        secrets::list_server_secrets(to_session, prefix, to)
            .await?
            .into_iter()
            .filter_map(|entry| entry.parsed)
            .filter(|parsed| parsed.server_id.as_deref() == Some(to))
            .map(|parsed| parsed.user)
            .collect()
    } else if to_kind == crate::model::IdentityProviderType::ServiceManaged {
        transfer::list_users(to_session, to)
            .await?
            .into_iter()
            .map(|user| user.name)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Survey {
        from_kind,
        to_kind,
        source,
        on_target,
    })
}

/// DescribeUser of every user of `server_id`, each answered on its own.
async fn source_users(
    session: &Session,
    server_id: &str,
) -> Result<Vec<(String, Result<TransferUser, AwsError>)>, AwsError> {
    let names: Vec<String> = transfer::list_users(session, server_id)
        .await?
        .into_iter()
        .map(|user| user.name)
        .collect();
    Ok(futures::stream::iter(names)
        .map(|name| async move {
            let user = transfer::describe_user(session, server_id, &name).await;
            (name, user)
        })
        .buffered(READ_CONCURRENCY)
        .collect()
        .await)
}

/// The login secrets named for `server_id` (not the legacy `SFTP/` ones,
/// which serve every server already, nor those awaiting deletion), with
/// their values or why they cannot be read.
async fn source_secrets(
    session: &Session,
    server_id: &str,
    prefix: &str,
) -> Result<Vec<SourceSecret>, AwsError> {
    let entries: Vec<(String, String)> = secrets::list_server_secrets(session, prefix, server_id)
        .await?
        .into_iter()
        .filter(|entry| entry.deleted.is_none())
        .filter_map(|entry| {
            let parsed = SecretName::parse(&entry.name, prefix)?;
            (parsed.server_id.as_deref() == Some(server_id)).then_some((parsed.user, entry.name))
        })
        .collect();
    let names: Vec<String> = entries.iter().map(|(_, name)| name.clone()).collect();
    let read = secrets::get_login_secrets(session, &names).await;
    Ok(entries
        .into_iter()
        .map(|(user, name)| {
            let value = match read.values.iter().find(|(read, _)| *read == name) {
                Some((_, Ok(value))) => value.content.clone().map_err(|err| err.to_string()),
                Some((_, Err(err))) => Err(err.to_string()),
                None => Err("no value came back for it".to_string()),
            };
            SourceSecret { user, name, value }
        })
        .collect())
}

/// CreateUser with the role, home, policy, POSIX profile and tags of
/// `user`; its SSH keys are imported after, one call each.
pub async fn create_user_copy(
    session: &Session,
    server_id: &str,
    user: &TransferUser,
) -> Result<(), AwsError> {
    use aws_sdk_transfer::types::{HomeDirectoryType, PosixProfile, Tag};

    let posix = match &user.posix_profile {
        Some(profile) => Some(
            PosixProfile::builder()
                .uid(profile.uid)
                .gid(profile.gid)
                .set_secondary_gids(
                    Some(profile.secondary_gids.clone()).filter(|gids| !gids.is_empty()),
                )
                .build()
                .map_err(internal)?,
        ),
        None => None,
    };
    let tags = user
        .tags
        .iter()
        .map(|tag| Tag::builder().key(&tag.key).value(&tag.value).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(internal)?;
    let mappings =
        (!user.mappings.is_empty()).then(|| super::convert_users::mappings(&user.mappings));
    session
        .transfer
        .create_user()
        .server_id(server_id)
        .user_name(&user.name)
        .set_role(user.role.clone())
        .set_policy(user.policy.clone())
        .set_home_directory_type(
            user.home_directory_type
                .as_deref()
                .map(HomeDirectoryType::from),
        )
        .set_home_directory(user.home_directory.clone())
        .set_home_directory_mappings(mappings)
        .set_posix_profile(posix)
        .set_tags(Some(tags).filter(|tags| !tags.is_empty()))
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:CreateUser"))?;
    Ok(())
}

/// Whether `server_id` has `user` now (read back after a failed write).
pub async fn user_exists(session: &Session, server_id: &str, user: &str) -> Result<bool, AwsError> {
    match transfer::describe_user(session, server_id, user).await {
        Ok(_) => Ok(true),
        Err(AwsError::NotFound { .. }) => Ok(false),
        Err(err) => Err(err),
    }
}

/// Whether `server_id`'s `user` has an SSH key with `body` now.
pub async fn has_key(
    session: &Session,
    server_id: &str,
    user: &str,
    body: &str,
) -> Result<bool, AwsError> {
    let user = transfer::describe_user(session, server_id, user).await?;
    Ok(user
        .ssh_keys
        .iter()
        .any(|key| key.body.trim() == body.trim()))
}

fn internal(err: impl std::fmt::Display) -> AwsError {
    AwsError::Internal {
        detail: format!("a request the SDK will not build: {err}"),
    }
}
