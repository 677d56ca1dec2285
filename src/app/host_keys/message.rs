//! The host keys pane's commands and answers, and how a failed write is
//! judged from what AWS has afterwards.

use crate::app::RequestId;
use crate::app::managed_users::Afterwards;
use crate::model::{AwsError, HostKey, PrivateHostKey};

#[derive(Debug)]
pub enum HostKeysMsg {
    Listed {
        req: RequestId,
        result: Result<Vec<HostKey>, AwsError>,
    },
    /// The private key read from its file or `$EDITOR`; the error never
    /// quotes the text read.
    KeyRead {
        req: RequestId,
        result: Result<PrivateHostKey, String>,
    },
    /// A change answered; `Ok` carries the new key's id for an import.
    Changed {
        req: RequestId,
        server_id: String,
        change: HostKeyChange,
        result: Result<Option<String>, AwsError>,
        /// After a failed write: the keys read again, judged.
        afterwards: Option<Afterwards>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeysCmd {
    /// ListHostKeys, every page.
    List { req: RequestId, server_id: String },
    /// Reads a private key file (no AWS call); answers `KeyRead`.
    ReadKeyFile { req: RequestId, path: String },
    Change {
        req: RequestId,
        server_id: String,
        change: HostKeyChange,
    },
}

/// One change to a server's host keys, as sent and as audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeyChange {
    Import {
        key: PrivateHostKey,
        description: String,
        /// Where the key came from, for the audit log: `file <path>` or `$EDITOR`.
        source: String,
    },
    Describe {
        key_id: String,
        before: String,
        after: String,
    },
    Delete {
        key_id: String,
        /// Type, fingerprint and description, for the audit log.
        label: String,
    },
}

impl HostKeyChange {
    pub fn describe(&self) -> String {
        match self {
            Self::Import { .. } => "importing a host key".to_string(),
            Self::Describe { key_id, .. } => format!("describing host key {key_id}"),
            Self::Delete { key_id, .. } => format!("deleting host key {key_id}"),
        }
    }

    /// The audit log's field, before and after.
    pub fn audit_fields(&self, new_id: Option<&str>) -> (&'static str, Option<String>, String) {
        match self {
            Self::Import {
                description,
                source,
                ..
            } => (
                "HostKey",
                None,
                format!(
                    "{} imported from {source}{}",
                    new_id.unwrap_or("a key"),
                    if description.is_empty() {
                        String::new()
                    } else {
                        format!("; description {description}")
                    }
                ),
            ),
            Self::Describe {
                key_id,
                before,
                after,
            } => (
                "HostKeyDescription",
                Some(format!("{key_id}: {before}")),
                format!("{key_id}: {after}"),
            ),
            Self::Delete { label, .. } => ("HostKey", Some(label.clone()), "(deleted)".into()),
        }
    }
}

/// Judges a failed change by the server's keys read again: `before` is
/// the listing taken just before an import (a key that was not there and
/// now is, was imported all the same).
pub fn judge(
    change: &HostKeyChange,
    before: Option<&[HostKey]>,
    after: Result<Vec<HostKey>, AwsError>,
) -> Afterwards {
    let keys = match after {
        Ok(keys) => keys,
        Err(err) => return Afterwards::Unknown(err),
    };
    let changed = match change {
        HostKeyChange::Import { .. } => match before {
            Some(before) => keys
                .iter()
                .any(|key| before.iter().all(|old| old.id != key.id)),
            None => {
                return Afterwards::Unknown(AwsError::Internal {
                    detail: "the keys could not be listed before the import".into(),
                });
            }
        },
        HostKeyChange::Describe { key_id, after, .. } => keys
            .iter()
            .any(|key| &key.id == key_id && &key.description == after),
        HostKeyChange::Delete { key_id, .. } => keys.iter().all(|key| &key.id != key_id),
    };
    if changed {
        Afterwards::ChangedAnyway
    } else {
        Afterwards::Unchanged
    }
}
