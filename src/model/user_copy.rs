//! Copying a server's users to another server: what is read from both
//! (the survey), the plan made from it before anything is written (each
//! user copied, or skipped and why), and how each copy ended.
//!
//! Service-managed users are copied as Transfer users (role, home, policy,
//! POSIX profile, tags, SSH keys); a custom identity provider's users as
//! their login secret under the target's id. A user the target already has
//! is never overwritten.

use super::aws_error::AwsError;
use super::login_secret::LoginSecret;
use super::server::IdentityProviderType;
use super::user::TransferUser;

/// What a user copy reads before planning.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub from_kind: IdentityProviderType,
    pub to_kind: IdentityProviderType,
    pub source: SourceUsers,
    /// The users the target has already (Transfer users, or the users
    /// named by its login secrets, those awaiting deletion included).
    pub on_target: Vec<String>,
}

/// The source's users, each read or failed on its own.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceUsers {
    /// DescribeUser of each listed user.
    Managed(Vec<(String, Result<TransferUser, AwsError>)>),
    /// Each login secret of the source: the user and the secret's value.
    Secrets(Vec<SourceSecret>),
}

/// One login secret of the source server. Its `Debug` never shows the
/// value ([`LoginSecret`]'s is redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSecret {
    pub user: String,
    pub name: String,
    pub value: Result<LoginSecret, String>,
}

/// One source user in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedUser {
    pub user: String,
    pub step: Step,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `what`: what will be copied, named without any secret value.
    Copy {
        what: String,
        item: CopyItem,
    },
    Skip {
        why: String,
    },
}

/// What is copied for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyItem {
    Managed(Box<TransferUser>),
    /// The source's secret value, written under the target's id.
    Secret {
        from_name: String,
        secret: LoginSecret,
    },
}

/// Why nothing of a user is written when the target already has it.
pub const EXISTS: &str = "already on the target: skipped, never overwritten";

/// The plan: every source user, in name order, copied or skipped with the
/// reason.
pub fn plan(survey: &Survey) -> Vec<PlannedUser> {
    let mismatch = kind_mismatch(&survey.from_kind, &survey.to_kind);
    let exists = |user: &str| survey.on_target.iter().any(|u| u == user);
    let mut planned: Vec<PlannedUser> = match &survey.source {
        SourceUsers::Managed(users) => users
            .iter()
            .map(|(name, read)| {
                let step = match (read, &mismatch) {
                    (_, Some(why)) => Step::Skip { why: why.clone() },
                    (_, None) if exists(name) => Step::Skip { why: EXISTS.into() },
                    (Err(err), None) => Step::Skip {
                        why: format!("cannot be read: {err}"),
                    },
                    (Ok(user), None) => Step::Copy {
                        what: managed_contents(user),
                        item: CopyItem::Managed(Box::new(user.clone())),
                    },
                };
                PlannedUser {
                    user: name.clone(),
                    step,
                }
            })
            .collect(),
        SourceUsers::Secrets(secrets) => secrets
            .iter()
            .map(|source| {
                let step = match (&source.value, &mismatch) {
                    (_, Some(why)) => Step::Skip { why: why.clone() },
                    (_, None) if exists(&source.user) => Step::Skip { why: EXISTS.into() },
                    (Err(err), None) => Step::Skip {
                        why: format!("its secret cannot be read: {err}"),
                    },
                    (Ok(secret), None) => Step::Copy {
                        what: secret_contents(secret),
                        item: CopyItem::Secret {
                            from_name: source.name.clone(),
                            secret: secret.clone(),
                        },
                    },
                };
                PlannedUser {
                    user: source.user.clone(),
                    step,
                }
            })
            .collect(),
    };
    planned.sort_by(|a, b| a.user.cmp(&b.user));
    planned
}

/// Why no user can go from a server of one kind to one of the other.
pub fn kind_mismatch(from: &IdentityProviderType, to: &IdentityProviderType) -> Option<String> {
    let managed = |kind: &IdentityProviderType| *kind == IdentityProviderType::ServiceManaged;
    let copyable = |kind: &IdentityProviderType| managed(kind) || kind.is_custom();
    if !copyable(from) || !copyable(to) {
        let odd = if copyable(from) { to } else { from };
        return Some(format!(
            "cannot copy: {odd} users live in a directory, not in Transfer or Secrets Manager"
        ));
    }
    match (managed(from), managed(to)) {
        (true, false) => Some(format!(
            "cannot copy: the source is SERVICE_MANAGED (a Transfer user) and the target is \
             {to} (users are login secrets its identity provider reads)"
        )),
        (false, true) => Some(format!(
            "cannot copy: the source is {from} (a login secret) and the target is \
             SERVICE_MANAGED (Transfer users); a secret's password has no place there"
        )),
        _ => None,
    }
}

/// `role, home PATH, policy, POSIX, 2 tags, 1 SSH key`.
fn managed_contents(user: &TransferUser) -> String {
    let mut parts = Vec::new();
    if user.role.is_some() {
        parts.push("role".to_string());
    }
    match user.home_directory_type.as_deref() {
        Some("LOGICAL") => parts.push(format!(
            "home LOGICAL ({} mapping{})",
            user.mappings.len(),
            plural(user.mappings.len())
        )),
        _ if user.home_directory.is_some() => parts.push("home PATH".into()),
        _ => {}
    }
    if user.policy.is_some() {
        parts.push("policy".into());
    }
    if user.posix_profile.is_some() {
        parts.push("POSIX".into());
    }
    if !user.tags.is_empty() {
        parts.push(format!(
            "{} tag{}",
            user.tags.len(),
            plural(user.tags.len())
        ));
    }
    parts.push(format!(
        "{} SSH key{}",
        user.ssh_keys.len(),
        plural(user.ssh_keys.len())
    ));
    parts.join(", ")
}

/// `secret: HomeDirectory, Password, Role` (key names, never values).
fn secret_contents(secret: &LoginSecret) -> String {
    let keys = secret.differing_keys(&LoginSecret::new());
    format!("secret: {}", keys.join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// How one user's copy ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// `anyway`: AWS answered with an error, and reading the user (or
    /// secret) again found it made all the same.
    Copied {
        anyway: Option<String>,
    },
    Skipped {
        why: String,
    },
    Failed {
        why: String,
    },
}

impl CopyOutcome {
    /// A write that failed, judged by reading the target again: `found`
    /// says whether the user (or secret) is there now.
    pub fn after_failure(err: &AwsError, found: Result<bool, AwsError>) -> Self {
        match found {
            Ok(true) => Self::Copied {
                anyway: Some(format!("created anyway although AWS answered: {err}")),
            },
            Ok(false) => Self::Failed {
                why: format!("{err}; not created"),
            },
            Err(reread) => Self::Failed {
                why: format!("{err}; unknown whether created (reading it again failed: {reread})"),
            },
        }
    }

    /// The target had the user by the time it was written (made meanwhile).
    pub fn exists_already() -> Self {
        Self::Skipped {
            why: format!("{EXISTS} (made meanwhile)"),
        }
    }

    /// The audit log's outcome.
    pub fn audit(&self) -> String {
        match self {
            Self::Copied { anyway: None } => "ok".into(),
            Self::Copied { anyway: Some(note) } => note.clone(),
            Self::Skipped { why } => format!("skipped: {why}"),
            Self::Failed { why } => format!("failed: {why}"),
        }
    }

    /// A few words for the results table.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Copied { anyway: None } => "copied",
            Self::Copied { anyway: Some(_) } => "created anyway",
            Self::Skipped { .. } => "skipped",
            Self::Failed { .. } => "failed",
        }
    }
}

/// `3 copied, 1 skipped, 0 failed`.
pub fn summary<'a>(outcomes: impl Iterator<Item = &'a CopyOutcome>) -> String {
    let (mut copied, mut skipped, mut failed) = (0, 0, 0);
    for outcome in outcomes {
        match outcome {
            CopyOutcome::Copied { .. } => copied += 1,
            CopyOutcome::Skipped { .. } => skipped += 1,
            CopyOutcome::Failed { .. } => failed += 1,
        }
    }
    format!("{copied} copied, {skipped} skipped, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::login_secret::HomeMapping;
    use crate::model::tags::Tag;
    use crate::model::{PosixProfile, SshKey};

    fn user(name: &str) -> TransferUser {
        TransferUser {
            name: name.into(),
            arn: format!("arn:aws:transfer:ap-northeast-1:123456789012:user/s-1/{name}"),
            role: Some("arn:aws:iam::123456789012:role/r".into()),
            home_directory_type: Some("LOGICAL".into()),
            home_directory: None,
            mappings: vec![HomeMapping {
                entry: "/".into(),
                target: "/bucket/x".into(),
            }],
            policy: None,
            posix_profile: Some(PosixProfile {
                uid: 1,
                gid: 2,
                secondary_gids: vec![],
            }),
            ssh_keys: vec![SshKey {
                id: "key-1".into(),
                body: "ssh-ed25519 AAAA".into(),
                imported: None,
            }],
            tags: vec![Tag {
                key: "Team".into(),
                value: "ops".into(),
            }],
        }
    }

    fn managed(users: Vec<(String, Result<TransferUser, AwsError>)>, on_target: &[&str]) -> Survey {
        Survey {
            from_kind: IdentityProviderType::ServiceManaged,
            to_kind: IdentityProviderType::ServiceManaged,
            source: SourceUsers::Managed(users),
            on_target: on_target.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_user_the_target_has_is_skipped_never_overwritten() {
        let survey = managed(
            vec![("b".into(), Ok(user("b"))), ("a".into(), Ok(user("a")))],
            &["b"],
        );
        let plan = plan(&survey);
        assert_eq!(plan[0].user, "a");
        assert!(matches!(&plan[0].step, Step::Copy { what, .. }
            if what == "role, home LOGICAL (1 mapping), POSIX, 1 tag, 1 SSH key"));
        assert_eq!(plan[1].step, Step::Skip { why: EXISTS.into() });
    }

    #[test]
    fn kinds_that_differ_skip_every_user_saying_why() {
        let mut survey = managed(vec![("a".into(), Ok(user("a")))], &[]);
        survey.to_kind = IdentityProviderType::AwsLambda;
        let plan = plan(&survey);
        assert!(matches!(&plan[0].step, Step::Skip { why }
            if why.contains("source is SERVICE_MANAGED") && why.contains("AWS_LAMBDA")));
        let back = kind_mismatch(
            &IdentityProviderType::ApiGateway,
            &IdentityProviderType::ServiceManaged,
        );
        assert!(back.is_some_and(|why| why.contains("source is API_GATEWAY")));
        assert_eq!(
            kind_mismatch(
                &IdentityProviderType::AwsLambda,
                &IdentityProviderType::ApiGateway
            ),
            None
        );
        assert!(
            kind_mismatch(
                &IdentityProviderType::AwsDirectoryService,
                &IdentityProviderType::ServiceManaged
            )
            .is_some()
        );
    }

    #[test]
    fn an_unreadable_secret_is_skipped_naming_the_action() {
        let denied = AwsError::AccessDenied {
            action: "secretsmanager:GetSecretValue".into(),
            message: String::new(),
        };
        let good = LoginSecret::parse(r#"{"Password":"hunter2","Role":"r"}"#).unwrap();
        let survey = Survey {
            from_kind: IdentityProviderType::AwsLambda,
            to_kind: IdentityProviderType::AwsLambda,
            source: SourceUsers::Secrets(vec![
                SourceSecret {
                    user: "locked".into(),
                    name: "aws/transfer/s-1/locked".into(),
                    value: Err(denied.to_string()),
                },
                SourceSecret {
                    user: "open".into(),
                    name: "aws/transfer/s-1/open".into(),
                    value: Ok(good),
                },
            ]),
            on_target: vec![],
        };
        let plan = plan(&survey);
        assert!(matches!(&plan[0].step, Step::Skip { why }
            if why.contains("secretsmanager:GetSecretValue")));
        let Step::Copy { what, .. } = &plan[1].step else {
            panic!("{plan:?}");
        };
        assert_eq!(what, "secret: Password, Role");
        // Neither the plan nor its Debug output carries the value.
        assert!(!format!("{plan:?}").contains("hunter2"));
    }

    #[test]
    fn a_failed_write_is_judged_by_the_read_back() {
        let err = AwsError::Service {
            action: "transfer:CreateUser".into(),
            code: "InternalServiceError".into(),
            message: "boom".into(),
        };
        let anyway = CopyOutcome::after_failure(&err, Ok(true));
        assert_eq!(anyway.label(), "created anyway");
        assert!(anyway.audit().starts_with("created anyway"));
        assert!(matches!(CopyOutcome::after_failure(&err, Ok(false)),
            CopyOutcome::Failed { why } if why.ends_with("not created")));
        let unknown = CopyOutcome::after_failure(&err, Err(err.clone()));
        assert!(matches!(unknown, CopyOutcome::Failed { why } if why.contains("unknown")));
        let all = [
            CopyOutcome::Copied { anyway: None },
            CopyOutcome::exists_already(),
            CopyOutcome::after_failure(&err, Ok(false)),
        ];
        assert_eq!(summary(all.iter()), "1 copied, 1 skipped, 1 failed");
    }
}
