//! After a failed secret write: whether it took effect all the same. A
//! write answered with a 5xx, or whose answer was lost, may have been
//! applied; the secret is read again and compared with what was meant.

use super::Write;
use crate::model::AwsError;
use crate::model::password::Password;
use crate::model::secret_value::SecretValue;

/// The secret as read again after a failed write: its value for creations
/// and edits, whether it is scheduled for deletion otherwise.
#[derive(Debug, Clone, PartialEq)]
pub enum Reread {
    Value(SecretValue),
    /// DescribeSecret's DeletedDate, if any.
    DeletionDate(Option<String>),
}

/// What the secret looks like after a write that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Afterwards {
    /// AWS has the change although it answered with an error. A password
    /// the worker generated is live now and must be shown once.
    ChangedAnyway { generated: Option<Password> },
    /// AWS has the secret as it was.
    Unchanged,
    /// The secret could not be read again.
    Unknown(AwsError),
}

impl Afterwards {
    /// Judges `write` (as sent, password set) by the secret read again.
    pub fn judge(write: &Write, reread: Result<Reread, AwsError>) -> Self {
        let reread = match reread {
            Ok(reread) => Some(reread),
            Err(AwsError::NotFound { .. }) => None,
            Err(err) => return Self::Unknown(err),
        };
        let changed = match (write, &reread) {
            // Parsed JSON is compared, so key order and spacing do not count.
            (
                Write::Create { secret, .. } | Write::Update { secret, .. },
                Some(Reread::Value(value)),
            ) => value
                .content
                .as_ref()
                .is_ok_and(|content| content == secret),
            (Write::Delete { .. }, Some(Reread::DeletionDate(date))) => date.is_some(),
            (Write::Restore { .. }, Some(Reread::DeletionDate(date))) => date.is_none(),
            // A secret that is not there was neither created nor written.
            (_, None) => false,
            // The worker reads what fits the write; anything else says nothing.
            (_, Some(_)) => {
                return Self::Unknown(AwsError::Service {
                    action: "judging the write".into(),
                    code: "WrongRead".into(),
                    message: "the secret was read the wrong way for this write".into(),
                });
            }
        };
        if changed {
            Self::ChangedAnyway { generated: None }
        } else {
            Self::Unchanged
        }
    }

    /// How the audit log and the notice put it.
    pub fn said(&self) -> &'static str {
        match self {
            Self::ChangedAnyway { .. } => "changed anyway",
            Self::Unchanged => "not changed",
            Self::Unknown(_) => "unknown (the re-read failed too)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::idp_users::NewPassword;
    use crate::model::login_secret::LoginSecret;

    fn secret(text: &str) -> LoginSecret {
        LoginSecret::parse(text).unwrap()
    }

    fn value(text: &str) -> Result<Reread, AwsError> {
        Ok(Reread::Value(SecretValue::from_text("v2", Some(text))))
    }

    fn put(text: &str) -> Write {
        Write::Update {
            name: "aws/transfer/s-1/erp".into(),
            secret: secret(text),
            read_version: "v1".into(),
            password: NewPassword::Keep,
        }
    }

    fn gone() -> Result<Reread, AwsError> {
        Err(AwsError::NotFound {
            message: "Secrets Manager can't find the specified secret.".into(),
        })
    }

    #[test]
    fn a_put_took_effect_when_the_value_is_the_one_sent_in_any_spelling() {
        let put = put(r#"{"Password":"a","Role":"r"}"#);
        assert_eq!(
            Afterwards::judge(&put, value(r#"{ "Role": "r", "Password": "a" }"#)),
            Afterwards::ChangedAnyway { generated: None }
        );
        assert_eq!(
            Afterwards::judge(&put, value(r#"{"Password":"old","Role":"r"}"#)),
            Afterwards::Unchanged
        );
        assert_eq!(
            Afterwards::judge(&put, value("not json")),
            Afterwards::Unchanged
        );
        assert_eq!(Afterwards::judge(&put, gone()), Afterwards::Unchanged);
    }

    #[test]
    fn a_create_took_effect_when_the_secret_exists_with_the_content_sent() {
        let create = Write::Create {
            name: "aws/transfer/s-1/new".into(),
            secret: secret(r#"{"Password":"a"}"#),
            password: NewPassword::Keep,
        };
        assert_eq!(
            Afterwards::judge(&create, value(r#"{"Password":"a"}"#)),
            Afterwards::ChangedAnyway { generated: None }
        );
        assert_eq!(Afterwards::judge(&create, gone()), Afterwards::Unchanged);
    }

    #[test]
    fn delete_and_restore_are_judged_by_the_deletion_date() {
        let delete = Write::Delete {
            name: "n".into(),
            recovery_days: 7,
        };
        let restore = Write::Restore { name: "n".into() };
        let dated = || Ok(Reread::DeletionDate(Some("2026-12-03T00:00:00Z".into())));
        let undated = || Ok(Reread::DeletionDate(None));
        let changed = Afterwards::ChangedAnyway { generated: None };
        assert_eq!(Afterwards::judge(&delete, dated()), changed);
        assert_eq!(Afterwards::judge(&delete, undated()), Afterwards::Unchanged);
        assert_eq!(Afterwards::judge(&restore, undated()), changed);
        assert_eq!(Afterwards::judge(&restore, dated()), Afterwards::Unchanged);
    }

    #[test]
    fn an_unreadable_secret_leaves_it_unknown() {
        let err = AwsError::Network {
            detail: "refused".into(),
        };
        assert_eq!(
            Afterwards::judge(&put("{}"), Err(err.clone())),
            Afterwards::Unknown(err)
        );
    }
}
