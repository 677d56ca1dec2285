//! The bulk user copy through the worker against the emulator: service-
//! managed users with their SSH keys, POSIX profiles and tags, compared
//! field by field; custom-IdP secrets under the new id with the same value
//! (a fenced one skipped naming the action); servers of different kinds;
//! a CreateUser answered 500 after it applied ("created anyway"); and a
//! server's tags added, changed and removed.

mod support;

use std::time::Duration;

use serde_json::json;
use support::emulator::{Emulator, REGION, seeded_server};
use tokio::sync::mpsc;
use transfer_console::app::user_copy::{CopyWrite, UserCopyCmd, UserCopyMsg};
use transfer_console::app::{Cmd, Msg, RequestId};
use transfer_console::aws::{self, AwsSettings, Session};
use transfer_console::model::login_secret::{DEFAULT_PREFIX, SecretName};
use transfer_console::model::scope::{Scope, ScopedServer};
use transfer_console::model::tags::{Tag, TagChange};
use transfer_console::model::user_copy::{self, CopyItem, CopyOutcome, Step, Survey};
use transfer_console::model::{IdentityProviderType, TransferUser};
use transfer_console::worker::Worker;

const PATIENCE: Duration = Duration::from_secs(60);

/// A worker talking to `emulator`, as the console's would. Every test of
/// this binary sets the same credentials, so setting them races nothing.
fn worker(emulator: &Emulator) -> (Worker, mpsc::UnboundedReceiver<Msg>) {
    for (name, value) in emulator.console_env() {
        if name != "AWS_ENDPOINT_URL" {
            // SAFETY: every test sets the same values.
            unsafe { std::env::set_var(name, value) };
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let settings = AwsSettings {
        region: Some(REGION.into()),
        endpoint_url: Some(emulator.url.clone()),
        ..AwsSettings::default()
    };
    (Worker::new(settings, tx), rx)
}

fn here(server_id: &str) -> ScopedServer {
    ScopedServer {
        scope: Scope {
            profile: None,
            region: REGION.into(),
        },
        server_id: server_id.into(),
    }
}

async fn answer(rx: &mut mpsc::UnboundedReceiver<Msg>) -> UserCopyMsg {
    match tokio::time::timeout(PATIENCE, rx.recv()).await {
        Ok(Some(Msg::UserCopy(msg))) => msg,
        other => panic!("no user copy answer: {other:?}"),
    }
}

async fn survey(
    worker: &Worker,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    from: &str,
    to: &str,
) -> Survey {
    worker.dispatch(Cmd::UserCopy(UserCopyCmd::Survey {
        req: RequestId(1),
        from: here(from),
        to: here(to),
        prefix: DEFAULT_PREFIX.into(),
    }));
    match answer(rx).await {
        UserCopyMsg::Surveyed { result, .. } => result.expect("the survey"),
        other => panic!("{other:?}"),
    }
}

/// Copies every user the plan copies, as the app sends them; the outcomes
/// by user.
async fn copy_all(
    worker: &Worker,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    survey: &Survey,
    to: &str,
) -> Vec<(String, CopyOutcome)> {
    let mut outcomes = Vec::new();
    for (n, planned) in user_copy::plan(survey).into_iter().enumerate() {
        let Step::Copy { item, .. } = planned.step else {
            continue;
        };
        let write = match item {
            CopyItem::Managed(user) => CopyWrite::Managed(user),
            CopyItem::Secret { secret, .. } => {
                CopyWrite::Secret(transfer_console::app::idp_users::copy_write(
                    to,
                    &planned.user,
                    DEFAULT_PREFIX,
                    secret,
                ))
            }
        };
        worker.dispatch(Cmd::UserCopy(UserCopyCmd::Copy {
            req: RequestId(100 + n as u64),
            to: here(to),
            user: planned.user.clone(),
            write,
        }));
        match answer(rx).await {
            UserCopyMsg::Copied { user, outcome, .. } => outcomes.push((user, outcome)),
            other => panic!("{other:?}"),
        }
    }
    outcomes
}

async fn new_server(session: &Session, kind: &str) -> String {
    let mut request = session
        .transfer
        .create_server()
        .protocols(aws_sdk_transfer::types::Protocol::Sftp)
        .identity_provider_type(kind.into());
    if kind == "AWS_LAMBDA" {
        request = request.identity_provider_details(
            aws_sdk_transfer::types::IdentityProviderDetails::builder()
                .function("arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp")
                .build(),
        );
    }
    request
        .send()
        .await
        .expect("CreateServer")
        .server_id()
        .to_string()
}

async fn user(session: &Session, server: &str, name: &str) -> TransferUser {
    aws::transfer::describe_user(session, server, name)
        .await
        .unwrap_or_else(|err| panic!("DescribeUser {name}: {err}"))
}

/// Everything a copy must keep: all but the ARN and the keys' ids and dates.
fn copied_fields(user: &TransferUser) -> impl PartialEq + std::fmt::Debug + use<> {
    let mut keys: Vec<String> = user.ssh_keys.iter().map(|k| k.body.clone()).collect();
    keys.sort();
    let mut tags = user.tags.clone();
    tags.sort();
    (
        user.name.clone(),
        user.role.clone(),
        user.home_directory_type.clone(),
        user.home_directory.clone(),
        user.mappings.clone(),
        user.policy.clone(),
        user.posix_profile.clone(),
        tags,
        keys,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn service_managed_users_are_copied_with_their_keys_field_by_field() {
    let emulator = Emulator::start(&["--transition-delay", "0"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let from = seeded_server(&estate, "sftp_public").to_string();
    let to = new_server(&session, "SERVICE_MANAGED").await;
    // A second key, a POSIX profile, a policy and tags on partner-a.
    let partner_a = user(&session, &from, "partner-a").await;
    let second_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBWq0rX3yQe8N8p6cT4ZJ2X9m0n5c3d7q1w2e3r4t5y6 second@acme";
    aws::transfer::import_ssh_public_key(&session, &from, "partner-a", second_key)
        .await
        .expect("a second key");
    session
        .transfer
        .update_user()
        .server_id(&from)
        .user_name("partner-a")
        .posix_profile(
            aws_sdk_transfer::types::PosixProfile::builder()
                .uid(1001)
                .gid(1001)
                .secondary_gids(2001)
                .build()
                .expect("a POSIX profile"),
        )
        .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .expect("UpdateUser");
    aws::tags::tag_resource(&session, &partner_a.arn, "Team", "partners")
        .await
        .expect("TagResource on the user");
    // partner-b is on the target already, differently: never overwritten.
    session
        .transfer
        .create_user()
        .server_id(&to)
        .user_name("partner-b")
        .role("arn:aws:iam::123456789012:role/someone-else")
        .home_directory("/elsewhere")
        .send()
        .await
        .expect("CreateUser on the target");

    let (worker, mut rx) = worker(&emulator);
    let survey = survey(&worker, &mut rx, &from, &to).await;
    assert_eq!(survey.on_target, ["partner-b"]);
    let plan = user_copy::plan(&survey);
    assert!(
        matches!(&plan.iter().find(|p| p.user == "partner-a").unwrap().step,
        Step::Copy { what, .. } if what == "role, home PATH, policy, POSIX, 1 tag, 2 SSH keys")
    );
    let outcomes = copy_all(&worker, &mut rx, &survey, &to).await;
    let names: Vec<&str> = outcomes.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(names, ["auditor", "partner-a"]);
    assert!(
        outcomes
            .iter()
            .all(|(_, o)| *o == CopyOutcome::Copied { anyway: None }),
        "{outcomes:?}"
    );
    for name in ["auditor", "partner-a"] {
        assert_eq!(
            copied_fields(&user(&session, &to, name).await),
            copied_fields(&user(&session, &from, name).await),
            "{name}"
        );
    }
    let kept = user(&session, &to, "partner-b").await;
    assert_eq!(kept.home_directory.as_deref(), Some("/elsewhere"));
}

#[tokio::test(flavor = "multi_thread")]
async fn custom_idp_secrets_are_copied_under_the_new_id_with_the_same_value() {
    let emulator = Emulator::start(&["--transition-delay", "0"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let from = seeded_server(&estate, "ftps_internet").to_string();
    let to = new_server(&session, "AWS_LAMBDA").await;
    let (worker, mut rx) = worker(&emulator);

    let survey = survey(&worker, &mut rx, &from, &to).await;
    assert_eq!(survey.to_kind, IdentityProviderType::AwsLambda);
    let plan = user_copy::plan(&survey);
    // ext-logistics's secret is fenced to a VPC endpoint: not readable here.
    let fenced = plan
        .iter()
        .find(|p| p.user == "ext-logistics")
        .expect("planned");
    assert!(
        matches!(&fenced.step, Step::Skip { why } if why.contains("secretsmanager:GetSecretValue")),
        "{fenced:?}"
    );
    let outcomes = copy_all(&worker, &mut rx, &survey, &to).await;
    assert_eq!(
        outcomes,
        [(
            "ec2-batch".to_string(),
            CopyOutcome::Copied { anyway: None }
        )]
    );
    let source = aws::secrets::get_login_secret(
        &session,
        &SecretName::secret_name(&from, "ec2-batch", DEFAULT_PREFIX),
    )
    .await
    .expect("the source secret");
    let copied = aws::secrets::get_login_secret(
        &session,
        &SecretName::secret_name(&to, "ec2-batch", DEFAULT_PREFIX),
    )
    .await
    .expect("the copied secret");
    assert_eq!(copied.content, source.content);
    assert!(copied.content.as_ref().is_ok_and(|s| s.has_password()));

    // From a service-managed server: every user skipped, saying why.
    let managed = seeded_server(&estate, "sftp_public").to_string();
    let survey = self::survey(&worker, &mut rx, &managed, &to).await;
    let plan = user_copy::plan(&survey);
    assert_eq!(plan.len(), 3);
    assert!(
        plan.iter()
            .all(|p| matches!(&p.step, Step::Skip { why } if why.contains("cannot copy")))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_user_answered_500_after_it_applied_is_created_anyway() {
    let emulator = Emulator::start(&["--transition-delay", "0"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let from = seeded_server(&estate, "sftp_public").to_string();
    let to = new_server(&session, "SERVICE_MANAGED").await;
    let (worker, mut rx) = worker(&emulator);
    let survey = survey(&worker, &mut rx, &from, &to).await;
    emulator.control(
        "POST",
        "faults",
        Some(json!({
            "service": "transfer",
            "operation": "CreateUser",
            "kind": "server_error",
            "count": null,
            "after": true,
        })),
    );
    let outcomes = copy_all(&worker, &mut rx, &survey, &to).await;
    assert_eq!(outcomes.len(), 3);
    for (name, outcome) in &outcomes {
        let CopyOutcome::Copied { anyway: Some(note) } = outcome else {
            panic!("{name}: {outcome:?}");
        };
        assert!(note.starts_with("created anyway"), "{note}");
        // The keys went in after it.
        assert_eq!(
            copied_fields(&user(&session, &to, name).await),
            copied_fields(&user(&session, &from, name).await)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_answered_exists_after_the_first_attempt_applied_is_this_copy() {
    let emulator = Emulator::start(&["--transition-delay", "0"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let from = seeded_server(&estate, "sftp_public").to_string();
    let to = new_server(&session, "SERVICE_MANAGED").await;
    let (worker, mut rx) = worker(&emulator);
    let survey = survey(&worker, &mut rx, &from, &to).await;
    // Each user's first CreateUser applies and answers 500; the SDK's
    // retry meets the user it made.
    let outcomes = {
        let mut outcomes = Vec::new();
        for planned in user_copy::plan(&survey) {
            let Step::Copy {
                item: CopyItem::Managed(user),
                ..
            } = planned.step
            else {
                continue;
            };
            emulator.control(
                "POST",
                "faults",
                Some(json!({
                    "service": "transfer",
                    "operation": "CreateUser",
                    "kind": "server_error",
                    "count": 1,
                    "after": true,
                })),
            );
            worker.dispatch(Cmd::UserCopy(UserCopyCmd::Copy {
                req: RequestId(7),
                to: here(&to),
                user: planned.user.clone(),
                write: CopyWrite::Managed(user),
            }));
            match answer(&mut rx).await {
                UserCopyMsg::Copied { user, outcome, .. } => outcomes.push((user, outcome)),
                other => panic!("{other:?}"),
            }
        }
        outcomes
    };
    assert_eq!(outcomes.len(), 3);
    for (name, outcome) in &outcomes {
        assert!(
            matches!(outcome, CopyOutcome::Copied { anyway: Some(note) } if note.contains("a retried request had made it")),
            "{name}: {outcome:?}"
        );
        assert_eq!(
            copied_fields(&user(&session, &to, name).await),
            copied_fields(&user(&session, &from, name).await)
        );
    }
}

#[tokio::test]
async fn a_server_tag_is_added_changed_and_removed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public");
    let arn = aws::transfer::describe_server(&session, id)
        .await
        .expect("DescribeServer")
        .summary
        .arn;
    let tag = |key: &str, value: &str| Tag {
        key: key.into(),
        value: value.into(),
    };
    let listed = aws::tags::list_tags(&session, &arn).await.expect("listed");
    assert_eq!(listed, [tag("Name", "sftp-morning-drop")]);
    aws::tags::tag_resource(&session, &arn, "Team", "ops")
        .await
        .expect("added");
    aws::tags::tag_resource(&session, &arn, "Team", "partners")
        .await
        .expect("changed");
    let mut listed = aws::tags::list_tags(&session, &arn).await.expect("listed");
    listed.sort();
    assert_eq!(
        listed,
        [tag("Name", "sftp-morning-drop"), tag("Team", "partners")]
    );
    let change = TagChange::Set {
        key: "Team".into(),
        value: "partners".into(),
        before: Some("ops".into()),
    };
    assert!(change.is_in(&listed));
    aws::tags::untag_resource(&session, &arn, "Team")
        .await
        .expect("removed");
    let listed = aws::tags::list_tags(&session, &arn).await.expect("listed");
    assert_eq!(listed, [tag("Name", "sftp-morning-drop")]);
    // DescribeServer says the same.
    let server = aws::transfer::describe_server(&session, id)
        .await
        .expect("described");
    assert!(!server.tags.contains_key("Team"));
}
