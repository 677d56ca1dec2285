//! Secrets Manager calls for custom identity provider users.
//!
//! Listing never reads a value; values are read twenty at a time with
//! BatchGetSecretValue, or one at a time where that is denied. Writes refuse to overwrite a version newer than
//! the one read, and deletions keep a recovery window.

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use super::{AwsError, Session};
use crate::model::SecretEntry;
use crate::model::access_chain::SecretPolicy;
use crate::model::login_secret::{LEGACY_PREFIX, LoginSecret, SecretName};
pub use crate::model::secret_value::{
    DEFAULT_RECOVERY_DAYS, SecretValue, Values, ValuesRead, WriteError,
};

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

/// The most secrets one BatchGetSecretValue reads.
pub const BATCH_SIZE: usize = 20;
/// Calls in flight at once while reading many values.
const READ_CONCURRENCY: usize = 4;

/// Reads the values of `names`, twenty a call. A secret denied on its own
/// (a resource policy) is AccessDenied naming GetSecretValue, as when read
/// alone. Where BatchGetSecretValue itself is denied, each value is read
/// with GetSecretValue instead.
pub async fn get_login_secrets(session: &Session, names: &[String]) -> ValuesRead {
    use futures::StreamExt;

    let mut chunks = names.chunks(BATCH_SIZE).map(<[String]>::to_vec);
    // The first batch alone: if BatchGetSecretValue is denied, the others
    // are not sent to be denied too.
    let mut answers = Vec::new();
    if let Some(first) = chunks.next() {
        let answer = batch_get(session, &first).await;
        if let Err(err @ AwsError::AccessDenied { .. }) = &answer {
            let rest: Vec<String> = chunks.by_ref().flatten().collect();
            answers.push((rest, Err(err.clone())));
        }
        answers.push((first, answer));
    }
    let more: Vec<(Vec<String>, Result<Values, AwsError>)> = futures::stream::iter(chunks)
        .map(|chunk| {
            let session = session.clone();
            async move {
                let answer = batch_get(&session, &chunk).await;
                (chunk, answer)
            }
        })
        .buffered(READ_CONCURRENCY)
        .collect()
        .await;
    answers.extend(more);
    let mut read = ValuesRead {
        values: Vec::with_capacity(names.len()),
        one_at_a_time: None,
    };
    let mut single: Vec<String> = Vec::new();
    for (chunk, answer) in answers {
        match answer {
            Ok(values) => read.values.extend(values),
            Err(err @ AwsError::AccessDenied { .. }) => {
                read.one_at_a_time.get_or_insert(err);
                single.extend(chunk);
            }
            Err(err) => read
                .values
                .extend(chunk.into_iter().map(|name| (name, Err(err.clone())))),
        }
    }
    let singles: Values = futures::stream::iter(single)
        .map(|name| {
            let session = session.clone();
            async move {
                let value = get_login_secret(&session, &name).await;
                (name, value)
            }
        })
        .buffered(READ_CONCURRENCY)
        .collect()
        .await;
    read.values.extend(singles);
    let order = |name: &str| names.iter().position(|n| n == name);
    read.values.sort_by_key(|(name, _)| order(name));
    read
}

/// One BatchGetSecretValue of at most [`BATCH_SIZE`] names, every page.
async fn batch_get(session: &Session, names: &[String]) -> Result<Values, AwsError> {
    let mut found: Values = Vec::new();
    let mut next_token: Option<String> = None;
    loop {
        let answer = session
            .secrets
            .batch_get_secret_value()
            .set_secret_id_list(Some(names.to_vec()))
            .set_next_token(next_token.take())
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "secretsmanager:BatchGetSecretValue"))?;
        for entry in answer.secret_values() {
            let Some(name) = matching(names, entry.name(), entry.arn()) else {
                continue;
            };
            let value = SecretValue::from_text(
                entry.version_id().unwrap_or_default(),
                entry.secret_string(),
            );
            found.push((name, Ok(value)));
        }
        for error in answer.errors() {
            let Some(name) = matching(names, error.secret_id(), error.secret_id()) else {
                continue;
            };
            // Denied one by one: what reading it alone would have said.
            let err = AwsError::from_code(
                "secretsmanager:GetSecretValue",
                error.error_code().unwrap_or("Unknown"),
                error.message().unwrap_or_default().to_string(),
            );
            found.push((name, Err(err)));
        }
        match answer.next_token() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_string()),
            _ => break,
        }
    }
    for name in names {
        if !found.iter().any(|(n, _)| n == name) {
            found.push((
                name.clone(),
                Err(AwsError::NotFound {
                    message: format!("{name} was not in BatchGetSecretValue's answer"),
                }),
            ));
        }
    }
    Ok(found)
}

/// Which of `names` an answer's entry is: by name, or by its ARN, which
/// ends with `:secret:<name>-` and six random characters.
fn matching(names: &[String], name: Option<&str>, arn: Option<&str>) -> Option<String> {
    if let Some(name) = name.filter(|n| names.iter().any(|m| m == n)) {
        return Some(name.to_string());
    }
    let tail = arn?.split_once(":secret:")?.1;
    let (stem, suffix) = tail.rsplit_once('-')?;
    (suffix.len() == 6)
        .then(|| names.iter().find(|n| n.as_str() == stem).cloned())
        .flatten()
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

/// A secret's ARN and resource policy as JSON text (GetResourcePolicy);
/// the policy is `None` when it has none.
pub async fn resource_policy(session: &Session, name: &str) -> Result<SecretPolicy, AwsError> {
    let answer = session
        .secrets
        .get_resource_policy()
        .secret_id(name)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "secretsmanager:GetResourcePolicy"))?;
    Ok(SecretPolicy {
        arn: answer.arn().map(str::to_string),
        policy: answer
            .resource_policy()
            .filter(|policy| !policy.trim().is_empty())
            .map(str::to_string),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_names_its_secret_by_name_or_by_arn() {
        let names = vec![
            "aws/transfer/s-1/erp".to_string(),
            "aws/transfer/s-1/b".to_string(),
        ];
        let arn =
            "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:aws/transfer/s-1/erp-AbCdEf";
        assert_eq!(
            matching(&names, None, Some(arn)).as_deref(),
            Some("aws/transfer/s-1/erp")
        );
        assert_eq!(
            matching(&names, Some("aws/transfer/s-1/b"), None).as_deref(),
            Some("aws/transfer/s-1/b")
        );
        assert_eq!(matching(&names, Some("other"), Some("other")), None);
    }
}
