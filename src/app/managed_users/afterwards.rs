//! After a failed user write: whether it took effect all the same. A write
//! answered with a 5xx, or whose answer was lost, may have been applied;
//! the user is described again and compared with what was asked.

use super::UserChange;
use crate::model::AwsError;
use crate::model::{TransferUser, UserHome};

/// What the user looks like after a write that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Afterwards {
    /// AWS has the change although it answered with an error.
    ChangedAnyway,
    /// AWS has the user as it was.
    Unchanged,
    /// The user could not be read again.
    Unknown(AwsError),
}

impl Afterwards {
    /// Judges `change` by DescribeUser's answer after it failed.
    pub fn judge(change: &UserChange, reread: Result<TransferUser, AwsError>) -> Self {
        let user = match reread {
            Ok(user) => Some(user),
            Err(AwsError::NotFound { .. }) => None,
            Err(err) => return Self::Unknown(err),
        };
        let changed = match (change, &user) {
            (UserChange::Create(_), found) => found.is_some(),
            (UserChange::Delete { .. }, found) => found.is_none(),
            (_, None) => false,
            (UserChange::Update { spec, .. }, Some(user)) => {
                user.role.as_deref() == Some(spec.role.as_str()) && has_home(user, &spec.home)
            }
            (UserChange::ImportKey { body, .. }, Some(user)) => user
                .ssh_keys
                .iter()
                .any(|key| key.body.trim() == body.trim()),
            (UserChange::DeleteKey { key_id, .. }, Some(user)) => {
                user.ssh_keys.iter().all(|key| &key.id != key_id)
            }
        };
        if changed {
            Self::ChangedAnyway
        } else {
            Self::Unchanged
        }
    }
}

fn has_home(user: &TransferUser, home: &UserHome) -> bool {
    match home {
        UserHome::Path(path) => user.home_directory.as_deref() == Some(path.as_str()),
        UserHome::Logical(mappings) => &user.mappings == mappings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SshKey, UserSpec};

    fn user(role: &str, home: &str, keys: &[(&str, &str)]) -> TransferUser {
        TransferUser {
            name: "erp".into(),
            arn: String::new(),
            role: Some(role.into()),
            home_directory_type: Some("PATH".into()),
            home_directory: Some(home.into()),
            mappings: Vec::new(),
            policy: None,
            posix_profile: None,
            ssh_keys: keys
                .iter()
                .map(|(id, body)| SshKey {
                    id: (*id).into(),
                    body: (*body).into(),
                    imported: None,
                })
                .collect(),
            tags: Vec::new(),
        }
    }

    fn spec(role: &str, home: &str) -> UserSpec {
        UserSpec {
            name: "erp".into(),
            role: role.into(),
            home: UserHome::Path(home.into()),
            policy: None,
            ssh_key: None,
        }
    }

    fn gone() -> Result<TransferUser, AwsError> {
        Err(AwsError::NotFound {
            message: "Unknown user".into(),
        })
    }

    #[test]
    fn a_create_took_effect_when_the_user_exists() {
        let create = UserChange::Create(spec("r", "/b/h"));
        assert_eq!(
            Afterwards::judge(&create, Ok(user("r", "/b/h", &[]))),
            Afterwards::ChangedAnyway
        );
        assert_eq!(Afterwards::judge(&create, gone()), Afterwards::Unchanged);
    }

    #[test]
    fn a_delete_took_effect_when_the_user_is_gone() {
        let delete = UserChange::Delete { user: "erp".into() };
        assert_eq!(
            Afterwards::judge(&delete, gone()),
            Afterwards::ChangedAnyway
        );
        assert_eq!(
            Afterwards::judge(&delete, Ok(user("r", "/b/h", &[]))),
            Afterwards::Unchanged
        );
    }

    #[test]
    fn an_update_took_effect_when_role_and_home_are_the_new_ones() {
        let update = UserChange::Update {
            spec: spec("new", "/b/new"),
            before: String::new(),
        };
        assert_eq!(
            Afterwards::judge(&update, Ok(user("new", "/b/new", &[]))),
            Afterwards::ChangedAnyway
        );
        assert_eq!(
            Afterwards::judge(&update, Ok(user("old", "/b/new", &[]))),
            Afterwards::Unchanged
        );
    }

    #[test]
    fn keys_are_judged_by_body_and_id() {
        let import = UserChange::ImportKey {
            user: "erp".into(),
            body: "ssh-ed25519 AAAA x".into(),
        };
        let with_key = || Ok(user("r", "/b/h", &[("key-1", "ssh-ed25519 AAAA x")]));
        assert_eq!(
            Afterwards::judge(&import, with_key()),
            Afterwards::ChangedAnyway
        );
        let delete_key = UserChange::DeleteKey {
            user: "erp".into(),
            key_id: "key-1".into(),
            label: String::new(),
        };
        assert_eq!(
            Afterwards::judge(&delete_key, with_key()),
            Afterwards::Unchanged
        );
    }

    #[test]
    fn an_unreadable_user_leaves_it_unknown() {
        let create = UserChange::Create(spec("r", "/b/h"));
        let err = AwsError::Network {
            detail: "refused".into(),
        };
        assert_eq!(
            Afterwards::judge(&create, Err(err.clone())),
            Afterwards::Unknown(err)
        );
    }
}
