//! Secrets Manager calls for custom identity provider users.
//!
//! Listing never reads a value; values are read one at a time, when the
//! operator selects a user. Writes refuse to overwrite a version newer than
//! the one read, and deletions keep a recovery window.

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use super::{AwsError, Session};
use crate::model::SecretEntry;
use crate::model::login_secret::{LEGACY_PREFIX, LoginSecret, SecretName};
pub use crate::model::secret_value::{DEFAULT_RECOVERY_DAYS, SecretValue, WriteError};

/// Every secret whose name starts with one of `prefixes` (server-side name
/// filter), every page, deleted ones included. One sweep of `aws/transfer/`
/// serves all servers and finds orphans.
pub async fn list_login_secrets(
    session: &Session,
    prefixes: &[&str],
) -> Result<Vec<SecretEntry>, AwsError> {
    list_named(session, prefixes, prefixes).await
}

/// The login secrets of one server: `<prefix><server-id>/...` and the
/// legacy `SFTP/...` names, filtered by AWS rather than after a full sweep.
pub async fn list_server_secrets(
    session: &Session,
    prefix: &str,
    server_id: &str,
) -> Result<Vec<SecretEntry>, AwsError> {
    let own = format!("{prefix}{server_id}/");
    list_named(session, &[&own, LEGACY_PREFIX], &[prefix]).await
}

/// Secrets whose names start with one of `filters`, names read with the
/// first of `prefixes` that fits.
async fn list_named(
    session: &Session,
    filters: &[&str],
    prefixes: &[&str],
) -> Result<Vec<SecretEntry>, AwsError> {
    let filter = Filter::builder()
        .key(FilterNameStringType::Name)
        .set_values(Some(filters.iter().map(|p| p.to_string()).collect()))
        .build();
    let mut pages = session
        .secrets
        .list_secrets()
        .filters(filter)
        .include_planned_deletion(true)
        .into_paginator()
        .send();
    let mut entries = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "secretsmanager:ListSecrets"))?;
        for secret in page.secret_list() {
            let Some(name) = secret.name() else { continue };
            let parsed = prefixes
                .iter()
                .find_map(|prefix| SecretName::parse(name, prefix));
            entries.push(SecretEntry {
                name: name.to_string(),
                parsed,
                last_changed: secret.last_changed_date().and_then(rfc3339),
                deleted: secret.deleted_date().and_then(rfc3339),
            });
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

pub(crate) fn rfc3339(date: &DateTime) -> Option<String> {
    let whole = DateTime::from_secs(date.secs());
    whole.fmt(Format::DateTime).ok()
}

pub async fn get_login_secret(session: &Session, name: &str) -> Result<SecretValue, AwsError> {
    let answer = session
        .secrets
        .get_secret_value()
        .secret_id(name)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:GetSecretValue"))?;
    Ok(SecretValue::from_text(
        answer.version_id().unwrap_or_default(),
        answer.secret_string(),
    ))
}

/// DescribeSecret: the secret's versions and deletion, never its value.
async fn describe(
    session: &Session,
    name: &str,
) -> Result<aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput, AwsError> {
    session
        .secrets
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:DescribeSecret"))
}

/// The version labelled AWSCURRENT, read without reading the value.
async fn current_version(session: &Session, name: &str) -> Result<Option<String>, AwsError> {
    let answer = describe(session, name).await?;
    Ok(answer.version_ids_to_stages().and_then(|stages| {
        stages
            .iter()
            .find(|(_, labels)| labels.iter().any(|l| l == "AWSCURRENT"))
            .map(|(version, _)| version.clone())
    }))
}

/// When a secret scheduled for deletion goes for good (`None`: it is not
/// scheduled), read without reading the value.
pub async fn deletion_date(session: &Session, name: &str) -> Result<Option<String>, AwsError> {
    let answer = describe(session, name).await?;
    Ok(answer.deleted_date().and_then(rfc3339))
}

/// Writes a new value unless the current version is no longer `read_version`.
/// Secrets Manager has no conditional put: the version is checked just
/// before writing, and the request token makes a retried write land once.
pub async fn put_login_secret(
    session: &Session,
    name: &str,
    secret: &LoginSecret,
    read_version: &str,
) -> Result<String, WriteError> {
    let current = current_version(session, name).await?;
    if current.as_deref() != Some(read_version) {
        return Err(WriteError::Changed {
            current: current.unwrap_or_else(|| "none".into()),
        });
    }
    let answer = session
        .secrets
        .put_secret_value()
        .secret_id(name)
        .secret_string(secret.to_json())
        .client_request_token(request_token()?)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:PutSecretValue"))?;
    Ok(answer.version_id().unwrap_or_default().to_string())
}

pub async fn create_login_secret(
    session: &Session,
    name: &str,
    secret: &LoginSecret,
) -> Result<String, AwsError> {
    let answer = session
        .secrets
        .create_secret()
        .name(name)
        .secret_string(secret.to_json())
        .client_request_token(request_token()?)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:CreateSecret"))?;
    Ok(answer.version_id().unwrap_or_default().to_string())
}

/// Schedules the deletion after `recovery_days` (7 to 30); never forced.
/// Returns when the secret will be gone.
pub async fn delete_secret(
    session: &Session,
    name: &str,
    recovery_days: i64,
) -> Result<Option<String>, AwsError> {
    let answer = session
        .secrets
        .delete_secret()
        .secret_id(name)
        .recovery_window_in_days(recovery_days)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:DeleteSecret"))?;
    Ok(answer.deletion_date().and_then(rfc3339))
}

pub async fn restore_secret(session: &Session, name: &str) -> Result<(), AwsError> {
    session
        .secrets
        .restore_secret()
        .secret_id(name)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:RestoreSecret"))?;
    Ok(())
}

/// 32 hex digits from the OS random source (AWS wants 32 to 64 characters).
fn request_token() -> Result<String, AwsError> {
    let mut bytes = [0u8; 16];
    crate::model::password::os_random(&mut bytes).map_err(|err| AwsError::Service {
        action: "a Secrets Manager request token".into(),
        code: "RandomSource".into(),
        message: err,
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
