//! A Transfer server's SSH host keys: ListHostKeys, DescribeHostKey,
//! ImportHostKey, UpdateHostKey and DeleteHostKey.

use aws_sdk_transfer::types::{DescribedHostKey, ListedHostKey};

use super::secrets::rfc3339;
use super::{AwsError, Session};
use crate::model::{HostKey, PrivateHostKey};

/// ListHostKeys, every page, in AWS's order (oldest first).
pub async fn list_host_keys(session: &Session, server_id: &str) -> Result<Vec<HostKey>, AwsError> {
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = session
            .transfer
            .list_host_keys()
            .server_id(server_id)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "transfer:ListHostKeys"))?;
        keys.extend(page.host_keys().iter().map(listed));
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(keys),
        }
    }
}

pub async fn describe_host_key(
    session: &Session,
    server_id: &str,
    key_id: &str,
) -> Result<HostKey, AwsError> {
    let answer = session
        .transfer
        .describe_host_key()
        .server_id(server_id)
        .host_key_id(key_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DescribeHostKey"))?;
    answer
        .host_key()
        .map(described)
        .ok_or_else(|| AwsError::NotFound {
            message: format!("DescribeHostKey gave no key {key_id} on {server_id}"),
        })
}

/// Sends the private key (its only trip); returns the new key's id.
pub async fn import_host_key(
    session: &Session,
    server_id: &str,
    key: &PrivateHostKey,
    description: &str,
) -> Result<String, AwsError> {
    let answer = session
        .transfer
        .import_host_key()
        .server_id(server_id)
        .host_key_body(key.expose())
        .description(description)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:ImportHostKey"))?;
    Ok(answer.host_key_id().to_string())
}

pub async fn update_host_key(
    session: &Session,
    server_id: &str,
    key_id: &str,
    description: &str,
) -> Result<(), AwsError> {
    session
        .transfer
        .update_host_key()
        .server_id(server_id)
        .host_key_id(key_id)
        .description(description)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:UpdateHostKey"))?;
    Ok(())
}

pub async fn delete_host_key(
    session: &Session,
    server_id: &str,
    key_id: &str,
) -> Result<(), AwsError> {
    session
        .transfer
        .delete_host_key()
        .server_id(server_id)
        .host_key_id(key_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DeleteHostKey"))?;
    Ok(())
}

fn listed(key: &ListedHostKey) -> HostKey {
    HostKey {
        id: key.host_key_id().unwrap_or_default().to_string(),
        fingerprint: key.fingerprint().unwrap_or_default().to_string(),
        kind: key.r#type().unwrap_or_default().to_string(),
        description: key.description().unwrap_or_default().to_string(),
        imported: key.date_imported().and_then(rfc3339),
    }
}

fn described(key: &DescribedHostKey) -> HostKey {
    HostKey {
        id: key.host_key_id().unwrap_or_default().to_string(),
        fingerprint: key.host_key_fingerprint().unwrap_or_default().to_string(),
        kind: key.r#type().unwrap_or_default().to_string(),
        description: key.description().unwrap_or_default().to_string(),
        imported: key.date_imported().and_then(rfc3339),
    }
}
