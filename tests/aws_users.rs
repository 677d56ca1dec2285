//! Users calls of the `aws` layer against the emulator: Transfer users of a
//! SERVICE_MANAGED server and the Secrets Manager secrets of custom-IdP ones.

mod support;

use support::emulator::{Emulator, seeded_server, shared};
use transfer_console::aws::secrets::{self, WriteError};
use transfer_console::aws::{self, AwsError};
use transfer_console::model::login_secret::{DEFAULT_PREFIX, LEGACY_PREFIX, LoginSecret, ROLE};
use transfer_console::model::{UserHome, UserSpec};

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/transfer-user";
/// A login secret as the sample identity provider reads it.
fn login_secret(password: &str, home: &str) -> LoginSecret {
    let mut secret = LoginSecret::new();
    secret.set("Password", password);
    secret.set(ROLE, ROLE_ARN);
    secret.set("HomeDirectory", home);
    secret
}

/// TestIdentityProvider for an FTP login.
async fn ftp_login(
    session: &aws::Session,
    server_id: &str,
    user: &str,
    password: &str,
) -> transfer_console::model::LoginTest {
    aws::transfer::test_identity_provider(session, server_id, user, Some(password), Some("FTP"))
        .await
        .expect("TestIdentityProvider")
}

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy op@bastion";
/// Another key, for a user with two.
const SECOND_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBWfNAVmPR/3nsSxK1RIhzeckkpP12dYQn+7eHD59yA8 second@bastion";

#[tokio::test]
async fn lists_and_describes_the_seeded_transfer_users() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let id = seeded_server(estate, "sftp_public");
    let users = aws::transfer::list_users(&session, id)
        .await
        .expect("ListUsers");
    let names: Vec<_> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["auditor", "partner-a", "partner-b"]);
    let auditor = aws::transfer::describe_user(&session, id, "auditor")
        .await
        .expect("DescribeUser");
    assert_eq!(auditor.home_directory_type.as_deref(), Some("LOGICAL"));
    assert!(!auditor.mappings.is_empty());
    let partner = aws::transfer::describe_user(&session, id, "partner-a")
        .await
        .expect("DescribeUser");
    let key = partner.ssh_keys.first().expect("a seeded key");
    assert!(key.id.starts_with("key-"), "{key:?}");
    assert!(key.imported.is_some());
}

#[tokio::test]
async fn one_sweep_lists_every_servers_secrets_without_values() {
    // Its own emulator: the shared one's log holds the other tests' calls,
    // some of which read secret values.
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let (emulator, estate) = (&emulator, &estate);
    let session = emulator.session().await;
    emulator.control("DELETE", "requests", None);
    let entries = secrets::list_login_secrets(&session, &[DEFAULT_PREFIX, LEGACY_PREFIX])
        .await
        .expect("ListSecrets");
    let ftp = seeded_server(estate, "ftp_vpc");
    let mut users: Vec<_> = entries
        .iter()
        .filter(|e| e.belongs_to(ftp))
        .filter_map(|e| e.parsed.as_ref().map(|n| n.user.clone()))
        .collect();
    users.sort();
    assert_eq!(
        users,
        [
            "edi-partner",
            "legacy-erp",
            "nightly-batch",
            "scanner01",
            "warehouse"
        ]
    );
    assert!(entries.iter().all(|e| e.last_changed.is_some()));
    // The locked secret is outside the prefix; the orphan is inside.
    assert!(!entries.iter().any(|e| e.name == estate["locked_secret"]));
    let orphan = estate["orphan_secret"].as_str().expect("orphan");
    let servers: Vec<&str> = estate["servers"]
        .as_object()
        .expect("servers")
        .values()
        .filter_map(|v| v.as_str())
        .collect();
    let orphans: Vec<_> = entries.iter().filter(|e| e.is_orphan(&servers)).collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].name, orphan);
    let ops: Vec<_> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert!(!ops.iter().any(|op| op == "GetSecretValue"), "{ops:?}");
}

#[tokio::test]
async fn a_denied_value_is_access_denied_naming_get_secret_value() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let locked = estate["locked_secret"].as_str().expect("locked");
    let err = secrets::get_login_secret(&session, locked)
        .await
        .expect_err("the resource policy denies it");
    assert!(
        matches!(&err, AwsError::AccessDenied { action, .. } if action == "secretsmanager:GetSecretValue"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_edit_keeps_unknown_keys_and_refuses_a_newer_version() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let name = format!(
        "aws/transfer/{}/scanner01",
        seeded_server(&estate, "ftp_vpc")
    );
    let read = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    let mut secret = read.content.clone().expect("JSON");
    let unknown = secret
        .other_keys()
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>();
    assert!(
        !unknown.is_empty(),
        "the seed gives scanner01 an unknown key"
    );
    secret.set(ROLE, ROLE_ARN);
    let version = secrets::put_login_secret(&session, &name, &secret, &read.version_id)
        .await
        .expect("put");
    let again = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    assert_eq!(again.version_id, version);
    let stored = again.content.expect("JSON");
    assert_eq!(stored.role(), Some(ROLE_ARN));
    assert_eq!(stored.other_keys(), unknown);

    // Someone else writes meanwhile: the stale version is refused.
    let mut behind = stored.clone();
    behind.set("Note", "changed elsewhere");
    session
        .secrets
        .put_secret_value()
        .secret_id(&name)
        .secret_string(behind.to_json())
        .send()
        .await
        .expect("a write behind the console's back");
    let err = secrets::put_login_secret(&session, &name, &stored, &version)
        .await
        .expect_err("stale");
    assert!(matches!(err, WriteError::Changed { .. }), "{err:?}");
    let now = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    assert_eq!(
        now.content.expect("JSON"),
        behind,
        "nothing was overwritten"
    );
}

#[tokio::test]
async fn create_test_login_delete_and_restore_a_secret_user() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "ftp_vpc");
    let name = format!("aws/transfer/{id}/newuser");
    let secret = login_secret("Correct-Horse-42", "/acme-legacy-ftp/newuser");
    secrets::create_login_secret(&session, &name, &secret)
        .await
        .expect("create");

    let ok = ftp_login(&session, id, "newuser", "Correct-Horse-42").await;
    assert!(ok.succeeded(), "{ok:?}");
    assert_eq!(ok.home().as_deref(), Some("/acme-legacy-ftp/newuser"));
    assert!(!ok.response.contains("Correct-Horse-42"));
    let refused = ftp_login(&session, id, "newuser", "wrong").await;
    assert!(!refused.succeeded());

    let gone = secrets::delete_secret(&session, &name, secrets::DEFAULT_RECOVERY_DAYS)
        .await
        .expect("delete");
    assert!(gone.is_some(), "a recovery window gives a deletion date");
    let listed = secrets::list_login_secrets(&session, &[DEFAULT_PREFIX])
        .await
        .expect("list");
    let entry = listed
        .iter()
        .find(|e| e.name == name)
        .expect("still listed");
    assert!(entry.deleted.is_some());
    secrets::restore_secret(&session, &name)
        .await
        .expect("restore");
    let back = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    assert_eq!(
        back.content.expect("JSON").password(),
        Some("Correct-Horse-42")
    );
}

#[tokio::test]
async fn a_service_managed_server_cannot_test_logins() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let err = aws::transfer::test_identity_provider(
        &session,
        seeded_server(estate, "sftp_public"),
        "partner-a",
        Some("x"),
        None,
    )
    .await
    .expect_err("not a custom IdP");
    assert!(matches!(err, AwsError::Invalid { .. }), "{err:?}");
}

#[tokio::test]
async fn creates_updates_keys_and_deletes_a_transfer_user() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public");
    let spec = UserSpec {
        name: "new.partner".into(),
        role: ROLE_ARN.into(),
        home: UserHome::Path("/acme-partner-drop/new".into()),
        policy: None,
        ssh_key: Some(KEY.into()),
    };
    aws::transfer::create_user(&session, id, &spec)
        .await
        .expect("create");
    let user = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect("describe");
    assert_eq!(
        user.home_directory.as_deref(),
        Some("/acme-partner-drop/new")
    );
    assert_eq!(user.ssh_keys.len(), 1);

    let moved = UserSpec {
        home: UserHome::Path("/acme-partner-drop/moved".into()),
        ..spec.clone()
    };
    aws::transfer::update_user(&session, id, &moved)
        .await
        .expect("update");
    // A second, different key is added beside the first...
    let second = aws::transfer::import_ssh_public_key(&session, id, &spec.name, SECOND_KEY)
        .await
        .expect("a second key");
    // ...and the same key again is refused, leaving the user's keys as they were.
    let again = aws::transfer::import_ssh_public_key(&session, id, &spec.name, SECOND_KEY).await;
    assert!(again.is_err(), "the same key imported twice: {again:?}");
    let user = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect("describe");
    assert_eq!(
        user.home_directory.as_deref(),
        Some("/acme-partner-drop/moved")
    );
    let ids: Vec<&str> = user.ssh_keys.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&second.as_str()), "{ids:?}");
    let first = ids
        .iter()
        .find(|k| **k != second)
        .expect("the first key")
        .to_string();
    aws::transfer::delete_ssh_public_key(&session, id, &spec.name, &first)
        .await
        .expect("delete key");
    let user = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect("describe");
    let ids: Vec<&str> = user.ssh_keys.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, [second.as_str()]);

    aws::transfer::delete_user(&session, id, &spec.name)
        .await
        .expect("delete");
    let err = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect_err("gone");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn a_logical_user_with_a_policy_round_trips_and_keeps_its_policy_on_update() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public");
    let mappings = transfer_console::model::validate::home_mappings(
        "/inbound=/acme-partner-drop/logical/in, /reports=/acme-reports/monthly",
    )
    .expect("mappings");
    let policy = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let spec = UserSpec {
        name: "logical.user".into(),
        role: ROLE_ARN.into(),
        home: UserHome::Logical(mappings.clone()),
        policy: Some(policy.into()),
        ssh_key: None,
    };
    aws::transfer::create_user(&session, id, &spec)
        .await
        .expect("create");
    let user = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect("describe");
    assert_eq!(user.home_directory_type.as_deref(), Some("LOGICAL"));
    assert_eq!(user.mappings, mappings);
    assert_eq!(user.policy.as_deref(), Some(policy));
    assert!(user.ssh_keys.is_empty());
    let listed = aws::transfer::list_users(&session, id).await.expect("list");
    let row = listed.iter().find(|u| u.name == spec.name).expect("listed");
    assert_eq!(row.ssh_key_count, Some(0));
    assert_eq!(row.home_directory_type.as_deref(), Some("LOGICAL"));

    // Back to a PATH home: the policy sent back stays.
    let path = UserSpec {
        home: UserHome::Path("/acme-partner-drop/logical".into()),
        ..spec.clone()
    };
    aws::transfer::update_user(&session, id, &path)
        .await
        .expect("update");
    let user = aws::transfer::describe_user(&session, id, &spec.name)
        .await
        .expect("describe");
    assert_eq!(user.home_directory_type.as_deref(), Some("PATH"));
    assert_eq!(
        user.home_directory.as_deref(),
        Some("/acme-partner-drop/logical")
    );
    assert_eq!(user.policy.as_deref(), Some(policy));
}

#[tokio::test]
async fn an_imported_key_gets_an_aws_style_id_and_a_duplicate_is_refused() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public");
    let key_id = aws::transfer::import_ssh_public_key(&session, id, "partner-b", KEY)
        .await
        .expect("import");
    let hex = key_id.strip_prefix("key-").expect("key- prefix");
    assert_eq!(hex.len(), 17, "{key_id}");
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{key_id}");
    let user = aws::transfer::describe_user(&session, id, "partner-b")
        .await
        .expect("describe");
    let key = user
        .ssh_keys
        .iter()
        .find(|k| k.id == key_id)
        .expect("the new key");
    assert_eq!(key.body, KEY);
    assert!(key.imported.as_deref().is_some_and(|d| d.ends_with('Z')));

    let err = aws::transfer::import_ssh_public_key(&session, id, "partner-b", KEY)
        .await
        .expect_err("the same key twice");
    assert!(
        matches!(&err, AwsError::Service { code, action, .. }
            if code == "ResourceExistsException" && action == "transfer:ImportSshPublicKey"),
        "{err:?}"
    );
    let again = aws::transfer::describe_user(&session, id, "partner-b")
        .await
        .expect("describe");
    assert_eq!(again.ssh_keys.len(), user.ssh_keys.len());

    let err = aws::transfer::create_user(
        &session,
        id,
        &UserSpec {
            name: "partner-b".into(),
            role: ROLE_ARN.into(),
            home: UserHome::Path("/acme-partner-drop/other".into()),
            policy: None,
            ssh_key: None,
        },
    )
    .await
    .expect_err("an existing name");
    assert!(
        matches!(&err, AwsError::Service { code, .. } if code == "ResourceExistsException"),
        "{err:?}"
    );
    let kept = aws::transfer::describe_user(&session, id, "partner-b")
        .await
        .expect("describe");
    assert_eq!(
        kept.home_directory.as_deref(),
        Some("/acme-partner-drop/partner-b"),
        "the existing user is untouched"
    );
}

#[tokio::test]
async fn denied_user_calls_name_their_iam_action_and_change_nothing() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public");
    for operation in [
        "ListUsers",
        "DescribeUser",
        "CreateUser",
        "UpdateUser",
        "DeleteUser",
        "ImportSshPublicKey",
        "DeleteSshPublicKey",
    ] {
        emulator.control(
            "POST",
            "faults",
            Some(serde_json::json!({"service": "transfer", "operation": operation, "kind": "access_denied"})),
        );
    }
    let spec = UserSpec {
        name: "partner-a".into(),
        role: ROLE_ARN.into(),
        home: UserHome::Path("/acme-partner-drop/elsewhere".into()),
        policy: None,
        ssh_key: None,
    };
    let denied = |err: AwsError, action: &str| {
        assert!(
            matches!(&err, AwsError::AccessDenied { action: a, .. } if a == action),
            "{action}: {err:?}"
        );
    };
    denied(
        aws::transfer::list_users(&session, id)
            .await
            .expect_err("denied"),
        "transfer:ListUsers",
    );
    denied(
        aws::transfer::describe_user(&session, id, "partner-a")
            .await
            .expect_err("denied"),
        "transfer:DescribeUser",
    );
    denied(
        aws::transfer::create_user(
            &session,
            id,
            &UserSpec {
                name: "someone.new".into(),
                ..spec.clone()
            },
        )
        .await
        .expect_err("denied"),
        "transfer:CreateUser",
    );
    denied(
        aws::transfer::update_user(&session, id, &spec)
            .await
            .expect_err("denied"),
        "transfer:UpdateUser",
    );
    denied(
        aws::transfer::import_ssh_public_key(&session, id, "partner-a", KEY)
            .await
            .expect_err("denied"),
        "transfer:ImportSshPublicKey",
    );
    denied(
        aws::transfer::delete_ssh_public_key(&session, id, "partner-a", "key-00000000000000000")
            .await
            .expect_err("denied"),
        "transfer:DeleteSshPublicKey",
    );
    denied(
        aws::transfer::delete_user(&session, id, "partner-a")
            .await
            .expect_err("denied"),
        "transfer:DeleteUser",
    );
    emulator.control("DELETE", "faults", None);
    let users = aws::transfer::list_users(&session, id).await.expect("list");
    let names: Vec<_> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["auditor", "partner-a", "partner-b"]);
    let partner = aws::transfer::describe_user(&session, id, "partner-a")
        .await
        .expect("describe");
    assert_eq!(
        partner.home_directory.as_deref(),
        Some("/acme-partner-drop/partner-a")
    );
    assert_eq!(partner.ssh_keys.len(), 1);
}

#[tokio::test]
async fn a_servers_listing_is_filtered_by_aws_to_its_own_and_legacy_secrets() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "ftp_vpc");
    let mut legacy = LoginSecret::new();
    legacy.set(ROLE, ROLE_ARN);
    secrets::create_login_secret(&session, "SFTP/old-scanner", &legacy)
        .await
        .expect("a legacy secret");
    emulator.control("DELETE", "requests", None);
    let entries = secrets::list_server_secrets(&session, DEFAULT_PREFIX, id)
        .await
        .expect("ListSecrets");
    let names: Vec<_> = entries
        .iter()
        .filter_map(|e| e.parsed.as_ref().map(|p| p.user.clone()))
        .collect();
    assert_eq!(
        names,
        [
            "old-scanner",
            "edi-partner",
            "legacy-erp",
            "nightly-batch",
            "scanner01",
            "warehouse"
        ]
    );
    assert!(
        entries
            .iter()
            .filter(|e| e.parsed.is_some())
            .all(|e| e.belongs_to(id)),
        "{entries:?}"
    );
    let twin = seeded_server(&estate, "ftp_vpc_twin");
    assert!(!entries.iter().any(|e| e.name.contains(twin)));
    // The @pgp-default secret is listed but is not a user.
    assert!(
        entries
            .iter()
            .any(|e| e.parsed.is_none() && e.name.ends_with("@pgp-default"))
    );
    let ops: Vec<_> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert_eq!(ops, ["ListSecrets"], "one call, no value read");
}

#[tokio::test]
async fn a_user_copied_to_the_twin_server_logs_in_there() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let (id, twin) = (
        seeded_server(&estate, "ftp_vpc"),
        seeded_server(&estate, "ftp_vpc_twin"),
    );
    let mut secret = login_secret("Twin-Copy-Pass-1", "/acme-legacy-ftp/only-one");
    secret.set("Team", "night shift");
    secrets::create_login_secret(&session, &format!("{DEFAULT_PREFIX}{id}/only-one"), &secret)
        .await
        .expect("create");
    let read = secrets::get_login_secret(&session, &format!("{DEFAULT_PREFIX}{id}/only-one"))
        .await
        .expect("read");
    let copy = format!("{DEFAULT_PREFIX}{twin}/only-one");
    secrets::create_login_secret(&session, &copy, &read.content.expect("JSON"))
        .await
        .expect("copy");
    let test = ftp_login(&session, twin, "only-one", "Twin-Copy-Pass-1").await;
    assert!(test.succeeded(), "{test:?}");
    let copied = secrets::get_login_secret(&session, &copy)
        .await
        .expect("read")
        .content
        .expect("JSON");
    assert_eq!(copied.other_keys(), ["Team"]);
    // A second copy is refused by AWS, not silently overwritten.
    let again = secrets::create_login_secret(&session, &copy, &copied).await;
    assert!(again.is_err(), "{again:?}");
}

#[tokio::test]
async fn values_are_read_twenty_a_call_a_fenced_one_denied_and_one_by_one_when_batches_are_denied()
{
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let locked = estate["locked_secret"]
        .as_str()
        .expect("locked")
        .to_string();
    let mut passwords = estate["passwords"].as_object().expect("passwords").clone();
    // The login secret the seed fences to a VPC endpoint is denied as well.
    let fenced = &estate["access"]["fenced_login"];
    let fenced = format!(
        "aws/transfer/{}/{}",
        seeded_server(&estate, fenced["server"].as_str().expect("server")),
        fenced["user"].as_str().expect("user")
    );
    assert!(passwords.contains_key(&fenced), "{fenced}");
    let server = seeded_server(&estate, "ftp_vpc");
    for n in 0..secrets::BATCH_SIZE {
        let name = format!("aws/transfer/{server}/batch-{n:02}");
        let password = format!("Batch-Pass-{n:02}");
        secrets::create_login_secret(&session, &name, &login_secret(&password, "/b/in"))
            .await
            .expect("create");
        passwords.insert(name, password.into());
    }
    let mut names: Vec<String> = passwords.keys().cloned().collect();
    names.sort();
    assert!(names.len() > secrets::BATCH_SIZE, "more than one batch");
    names.insert(1, locked.clone());

    let check = |read: &secrets::ValuesRead| {
        let got: Vec<&str> = read.values.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got, names.iter().map(String::as_str).collect::<Vec<_>>());
        for (name, value) in &read.values {
            if *name == locked || *name == fenced {
                assert!(
                    matches!(value, Err(AwsError::AccessDenied { action, .. }) if action == "secretsmanager:GetSecretValue"),
                    "{value:?}"
                );
            } else {
                let secret = value
                    .as_ref()
                    .expect("read")
                    .content
                    .as_ref()
                    .expect("JSON");
                assert_eq!(secret.password(), passwords[name].as_str(), "{name}");
            }
        }
    };

    emulator.control("DELETE", "requests", None);
    let read = secrets::get_login_secrets(&session, &names).await;
    check(&read);
    assert_eq!(read.one_at_a_time, None);
    let ops: Vec<_> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert_eq!(
        ops.iter().filter(|op| *op == "BatchGetSecretValue").count(),
        names.len().div_ceil(secrets::BATCH_SIZE),
        "{ops:?}"
    );
    assert!(!ops.iter().any(|op| op == "GetSecretValue"), "{ops:?}");

    emulator.control(
        "POST",
        "faults",
        Some(serde_json::json!({"service": "secretsmanager", "operation": "BatchGetSecretValue", "kind": "access_denied"})),
    );
    emulator.control("DELETE", "requests", None);
    let read = secrets::get_login_secrets(&session, &names).await;
    check(&read);
    assert!(
        matches!(&read.one_at_a_time, Some(AwsError::AccessDenied { action, .. }) if action == "secretsmanager:BatchGetSecretValue"),
        "{:?}",
        read.one_at_a_time
    );
    let ops: Vec<_> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert_eq!(
        ops.iter().filter(|op| *op == "GetSecretValue").count(),
        names.len(),
        "{ops:?}"
    );
    assert_eq!(
        ops.iter().filter(|op| *op == "BatchGetSecretValue").count(),
        1,
        "one denial is enough: {ops:?}"
    );
}
