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
use crate::model::login_secret::{LoginSecret, SecretFormatError, SecretName};

/// A secret's value as read, with the version it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretValue {
    pub version_id: String,
    /// A value that is not a JSON object cannot be edited field by field.
    pub content: Result<LoginSecret, SecretFormatError>,
}

/// Every secret whose name starts with one of `prefixes` (server-side name
/// filter), every page, deleted ones included. One sweep of `aws/transfer/`
/// serves all servers and finds orphans.
pub async fn list_login_secrets(
    session: &Session,
    prefixes: &[&str],
) -> Result<Vec<SecretEntry>, AwsError> {
    let filter = Filter::builder()
        .key(FilterNameStringType::Name)
        .set_values(Some(prefixes.iter().map(|p| p.to_string()).collect()))
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
    let content = match answer.secret_string() {
        Some(text) => LoginSecret::parse(text),
        None => Err(SecretFormatError::NotJson("the secret is binary".into())),
    };
    Ok(SecretValue {
        version_id: answer.version_id().unwrap_or_default().to_string(),
        content,
    })
}
