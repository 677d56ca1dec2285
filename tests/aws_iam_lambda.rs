//! The IAM, Lambda and Secrets Manager calls of the access checks against
//! the emulator: roles and their policies, the identity provider's function
//! and its resource policy, the permission the console adds, a secret's
//! resource policy.

mod support;

use serde_json::{Value, json};
use support::emulator::{Emulator, seeded_server, shared};
use transfer_console::aws::{self, AwsError};
use transfer_console::model::identity_provider::InvokePermission;

fn doc(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

fn server_arn(estate: &Value, key: &str) -> String {
    format!(
        "arn:aws:transfer:{}:{}:server/{}",
        estate["region"].as_str().unwrap_or_default(),
        estate["account"].as_str().unwrap_or_default(),
        seeded_server(estate, key)
    )
}

#[tokio::test]
async fn a_role_comes_with_its_trust_policy_decoded() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let role = aws::iam::role(&session, "ec2-batch-instance")
        .await
        .expect("GetRole");
    assert_eq!(
        role.arn,
        "arn:aws:iam::123456789012:role/ec2-batch-instance"
    );
    let trust = doc(&role.trust_policy);
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );
}

#[tokio::test]
async fn a_missing_role_is_not_found() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let err = aws::iam::role(&session, "no-such-role")
        .await
        .expect_err("GetRole of a missing role");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn inline_and_attached_policies_are_read_at_their_default_version() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let inline = aws::iam::inline_policies(&session, "transfer-partner-drop")
        .await
        .expect("ListRolePolicies + GetRolePolicy");
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].name, "home");
    assert_eq!(
        doc(&inline[0].document)["Statement"][1]["Sid"],
        "ObjectsInHome"
    );

    let attached = aws::iam::attached_policies(&session, "transfer-partner-drop")
        .await
        .expect("ListAttachedRolePolicies + GetPolicy + GetPolicyVersion");
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, estate["access"]["managed_policy"]);
    assert_eq!(
        doc(&attached[0].document)["Statement"][1]["Action"],
        json!(["s3:GetObject"])
    );
    let none = aws::iam::attached_policies(&session, "transfer-partner-b-readonly")
        .await
        .expect("a role without attached policies");
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_function_is_read_with_its_variable_names_only() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let function = aws::lambda::function(&session, "transfer-ftp-idp")
        .await
        .expect("GetFunctionConfiguration");
    assert_eq!(function.state.as_deref(), Some("Active"));
    assert_eq!(function.runtime.as_deref(), Some("python3.12"));
    assert_eq!(function.timeout_seconds, Some(10));
    assert!(function.last_modified.is_some());
    assert_eq!(
        function.role.as_deref(),
        Some("arn:aws:iam::123456789012:role/transfer-idp-lambda")
    );
    assert_eq!(function.env_names, ["SecretPrefix", "SecretsManagerRegion"]);
    // "aws/transfer/" is SecretPrefix's value: it is nowhere.
    assert!(
        !format!("{function:?}").contains("aws/transfer/"),
        "{function:?}"
    );
}

#[tokio::test]
async fn the_shared_function_admits_the_first_server_and_not_its_twin() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let policy = aws::lambda::resource_policy(&session, "transfer-ftp-idp")
        .await
        .expect("GetPolicy")
        .expect("the seeded function has a policy");
    let text = doc(&policy).to_string();
    assert!(text.contains(&server_arn(estate, "ftp_vpc")), "{text}");
    assert!(
        !text.contains(&server_arn(estate, "ftp_vpc_twin")),
        "{text}"
    );
}

#[tokio::test]
async fn add_permission_admits_the_twin_and_a_denied_get_policy_names_its_action() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let twin = server_arn(&estate, "ftp_vpc_twin");
    let function = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";
    let permission = InvokePermission::for_server(function, &twin);
    let statement = aws::lambda::add_permission(&session, &permission)
        .await
        .expect("AddPermission");
    assert_eq!(
        doc(&statement)["Principal"]["Service"],
        "transfer.amazonaws.com"
    );
    let policy = aws::lambda::resource_policy(&session, function)
        .await
        .expect("GetPolicy")
        .expect("a policy");
    assert!(policy.contains(&twin), "{policy}");
    assert!(
        emulator
            .requests()
            .contains(&("lambda".into(), "AddPermission".into()))
    );

    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "lambda", "operation": "GetPolicy", "kind": "access_denied", "count": 1})),
    );
    let err = aws::lambda::resource_policy(&session, function)
        .await
        .expect_err("denied");
    assert!(
        matches!(&err, AwsError::AccessDenied { action, .. } if action == "lambda:GetPolicy"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_function_without_a_resource_policy_answers_none() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let function = "transfer-ftps-idp";
    let sid = format!(
        "transfer-invoke-{}",
        seeded_server(&estate, "ftps_internet")
    );
    // The emulator's own client, not the console's: the console never removes.
    let lambda = aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::config::Builder::from(&session_config(&emulator).await).build(),
    );
    lambda
        .remove_permission()
        .function_name(function)
        .statement_id(sid)
        .send()
        .await
        .expect("RemovePermission");
    let policy = aws::lambda::resource_policy(&session, function)
        .await
        .expect("GetPolicy");
    assert_eq!(policy, None);
}

async fn session_config(emulator: &Emulator) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .endpoint_url(&emulator.url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "tests",
        ))
        .load()
        .await
}

#[tokio::test]
async fn a_secret_resource_policy_is_read_and_its_absence_is_none() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let fenced = format!(
        "aws/transfer/{}/ext-logistics",
        seeded_server(estate, "ftps_internet")
    );
    let policy = aws::secrets::resource_policy(&session, &fenced)
        .await
        .expect("GetResourcePolicy");
    assert!(
        policy
            .arn
            .as_deref()
            .is_some_and(|arn| arn.contains(&fenced)),
        "{policy:?}"
    );
    let policy = policy.policy.expect("the fenced secret has a policy");
    assert_eq!(doc(&policy)["Statement"][0]["Effect"], "Deny");
    let open = format!(
        "aws/transfer/{}/warehouse",
        seeded_server(estate, "ftp_vpc")
    );
    let none = aws::secrets::resource_policy(&session, &open)
        .await
        .expect("GetResourcePolicy");
    assert_eq!(none.policy, None);
}

#[tokio::test]
async fn access_denied_on_get_role_names_the_action_and_the_policies_are_still_read() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "iam", "operation": "GetRole", "kind": "access_denied"})),
    );
    emulator.seed(0);
    let evidence = aws::iam::role_evidence(
        &session,
        "arn:aws:iam::123456789012:role/transfer-partner-drop",
    )
    .await;
    let err = evidence.role.expect_err("GetRole denied");
    assert!(
        matches!(&err, AwsError::AccessDenied { action, .. } if action == "iam:GetRole"),
        "{err:?}"
    );
    assert_eq!(evidence.inline.expect("inline policies").len(), 1);
    assert_eq!(evidence.attached.expect("attached policies").len(), 1);
}

#[tokio::test]
async fn a_user_evidence_reads_the_profile_role_and_secret_fence() {
    use transfer_console::model::access_chain::{AccessSubject, UserSource};
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let ftps = seeded_server(estate, "ftps_internet");
    let subject = AccessSubject {
        server_id: ftps.to_string(),
        server_arn: server_arn(estate, "ftps_internet"),
        user: "ec2-batch".into(),
        source: UserSource::Secret {
            name: format!("aws/transfer/{ftps}/ec2-batch"),
            function: Some("transfer-ftps-idp".into()),
        },
    };
    let evidence = aws::access::user_evidence(&session, &subject).await;
    let profile = evidence.profile.expect("the secret's value");
    assert_eq!(
        profile.role.as_deref(),
        Some("arn:aws:iam::123456789012:role/ec2-batch-instance")
    );
    let role = evidence
        .role
        .expect("the role is read")
        .role
        .expect("GetRole");
    assert!(role.trust_policy.contains("ec2.amazonaws.com"));
    let secret = evidence
        .secret
        .expect("a custom IdP user has a secret part");
    let reader = secret.reader.expect("the function").expect("a reader");
    assert_eq!(
        reader.role.as_deref(),
        Some("arn:aws:iam::123456789012:role/transfer-idp-lambda")
    );
    assert!(!reader.in_vpc);

    let managed = AccessSubject {
        server_id: seeded_server(estate, "sftp_public").to_string(),
        server_arn: server_arn(estate, "sftp_public"),
        user: "partner-b".into(),
        source: UserSource::Managed,
    };
    let evidence = aws::access::user_evidence(&session, &managed).await;
    assert!(evidence.secret.is_none());
    let inline = evidence.role.expect("role").inline.expect("inline");
    assert!(inline[0].document.contains("ReadInvoices"), "{inline:?}");
}
