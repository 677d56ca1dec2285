//! Transfer users: SDK types into `model` types.

use aws_sdk_transfer::types as sdk;

use super::secrets::rfc3339;
use crate::model::login_secret::HomeMapping;
use crate::model::tags::Tag;
use crate::model::{PosixProfile, SshKey, TransferUser, UserSummary};

pub fn user_summary(listed: &sdk::ListedUser) -> UserSummary {
    UserSummary {
        name: listed.user_name().unwrap_or_default().to_string(),
        role: listed.role().map(str::to_string),
        home_directory: listed.home_directory().map(str::to_string),
        home_directory_type: listed.home_directory_type().map(|t| t.as_str().to_string()),
        ssh_key_count: listed.ssh_public_key_count(),
    }
}

pub fn user(described: &sdk::DescribedUser) -> TransferUser {
    TransferUser {
        name: described.user_name().unwrap_or_default().to_string(),
        arn: described.arn().to_string(),
        role: described.role().map(str::to_string),
        home_directory_type: described
            .home_directory_type()
            .map(|t| t.as_str().to_string()),
        home_directory: described.home_directory().map(str::to_string),
        mappings: described
            .home_directory_mappings()
            .iter()
            .map(|m| HomeMapping {
                entry: m.entry().to_string(),
                target: m.target().to_string(),
            })
            .collect(),
        policy: described.policy().map(str::to_string),
        posix_profile: described.posix_profile().map(|p| PosixProfile {
            uid: p.uid(),
            gid: p.gid(),
            secondary_gids: p.secondary_gids().to_vec(),
        }),
        ssh_keys: described
            .ssh_public_keys()
            .iter()
            .map(|k| SshKey {
                id: k.ssh_public_key_id().to_string(),
                body: k.ssh_public_key_body().to_string(),
                imported: rfc3339(k.date_imported()),
            })
            .collect(),
        tags: described
            .tags()
            .iter()
            .map(|t| Tag {
                key: t.key().to_string(),
                value: t.value().to_string(),
            })
            .collect(),
    }
}

pub fn mappings(mappings: &[HomeMapping]) -> Vec<sdk::HomeDirectoryMapEntry> {
    mappings
        .iter()
        .filter_map(|m| {
            sdk::HomeDirectoryMapEntry::builder()
                .entry(&m.entry)
                .target(&m.target)
                .build()
                .ok()
        })
        .collect()
}
