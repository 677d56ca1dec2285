//! Trip, pass and could-not-check for the access rules, on evidence built
//! by hand (the same fixtures as the access panes' tests).

use super::*;
use crate::app::access::tests::{
    FIRST, GET_ONLY, TWIN, function_policy, lambda_evidence, role_evidence, user_evidence,
};
use crate::doctor::rules::testing;
use crate::model::AwsError;
use crate::model::access_chain::{
    ProviderEvidence, SecretEvidence, SecretPolicy, SecretReader, UserAccessEvidence,
};

const HOME_ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-partner-drop"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::acme-partner-drop/*"}]}"#;

/// The testing server with the given id (its ARN follows).
fn server(id: &str) -> Server {
    let mut server = testing::ftp_vpc(vec![]).server;
    server.summary.id = id.into();
    server.summary.arn = format!("arn:aws:transfer:ap-northeast-1:123456789012:server/{id}");
    server
}

fn estate_with_provider(id: &str, evidence: ProviderEvidence) -> (Estate, Server) {
    let server = server(id);
    let mut estate = testing::estate(vec![]);
    estate.access.providers.insert(id.into(), evidence);
    (estate, server)
}

fn rules_of(findings: &[Finding]) -> Vec<(&'static str, Severity)> {
    findings.iter().map(|f| (f.rule, f.severity)).collect()
}

#[test]
fn lambda_permission_trips_on_the_twin_with_the_command_and_the_fix() {
    let (estate, twin) = estate_with_provider(TWIN, lambda_evidence(Some(function_policy())));
    let findings = check_provider(&estate, &twin);
    assert_eq!(rules_of(&findings), [(LAMBDA_PERMISSION, Severity::Error)]);
    let fix = findings[0].fix.as_ref().expect("a fix");
    assert!(
        fix.cli
            .as_deref()
            .is_some_and(|cli| cli.starts_with("aws lambda add-permission") && cli.contains(TWIN)),
        "{fix:?}"
    );
    assert_eq!(
        fix.action,
        Some(FixAction::AddLambdaPermission {
            server_id: TWIN.into()
        })
    );
}

#[test]
fn lambda_permission_passes_for_the_server_the_policy_names() {
    let (estate, first) = estate_with_provider(FIRST, lambda_evidence(Some(function_policy())));
    assert!(check_provider(&estate, &first).is_empty());
}

#[test]
fn lambda_permission_could_not_check_a_denied_get_policy() {
    let mut evidence = lambda_evidence(None);
    if let ProviderEvidence::Lambda { policy, .. } = &mut evidence {
        *policy = Err(AwsError::AccessDenied {
            action: "lambda:GetPolicy".into(),
            message: "denied".into(),
        });
    }
    let (estate, twin) = estate_with_provider(TWIN, evidence);
    let findings = check_provider(&estate, &twin);
    assert_eq!(rules_of(&findings), [(LAMBDA_PERMISSION, Severity::Info)]);
    assert!(
        findings[0].title.contains("lambda:GetPolicy"),
        "{findings:?}"
    );
}

#[test]
fn nothing_gathered_says_nothing() {
    let estate = testing::estate(vec![]);
    assert!(check_provider(&estate, &server(TWIN)).is_empty());
    assert!(check_users(&estate, &server(TWIN)).is_empty());
}

fn estate_with_users(users: Gathered<Vec<UserAccessEvidence>>) -> (Estate, Server) {
    let server = server(FIRST);
    let mut estate = testing::estate(vec![]);
    estate.access.users.insert(FIRST.into(), users);
    (estate, server)
}

fn users_findings(evidence: UserAccessEvidence) -> Vec<Finding> {
    let (estate, server) = estate_with_users(Gathered::Read(vec![evidence]));
    check_users(&estate, &server)
}

#[test]
fn a_user_whose_role_reaches_the_home_and_trusts_transfer_passes() {
    let findings = users_findings(user_evidence(role_evidence(
        "transfer.amazonaws.com",
        HOME_ALL,
    )));
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn role_trust_trips_on_a_role_that_trusts_ec2() {
    let findings = users_findings(user_evidence(role_evidence("ec2.amazonaws.com", HOME_ALL)));
    assert_eq!(rules_of(&findings), [(ROLE_TRUST, Severity::Error)]);
    assert!(
        findings[0]
            .evidence
            .iter()
            .any(|e| e.contains("ec2.amazonaws.com")),
        "{findings:?}"
    );
    assert_eq!(findings[0].resource, format!("{FIRST}/partner-b"));
}

#[test]
fn role_trust_could_not_check_a_denied_get_role() {
    let mut role = role_evidence("transfer.amazonaws.com", HOME_ALL);
    role.role = Err(AwsError::AccessDenied {
        action: "iam:GetRole".into(),
        message: "denied".into(),
    });
    let findings = users_findings(user_evidence(role));
    assert_eq!(rules_of(&findings), [(ROLE_TRUST, Severity::Info)]);
    assert!(findings[0].title.contains("iam:GetRole"), "{findings:?}");
}

#[test]
fn home_access_trips_on_a_get_object_only_role_and_names_the_statements() {
    let findings = users_findings(user_evidence(role_evidence(
        "transfer.amazonaws.com",
        GET_ONLY,
    )));
    assert_eq!(rules_of(&findings), [(HOME_ACCESS, Severity::Error)]);
    let finding = &findings[0];
    assert!(finding.title.contains("s3:PutObject"), "{finding:?}");
    assert!(!finding.title.contains("s3:GetObject"), "{finding:?}");
}

#[test]
fn home_access_could_not_check_an_unreadable_login_or_listing() {
    let mut evidence = user_evidence(role_evidence("transfer.amazonaws.com", HOME_ALL));
    evidence.profile = Err(AwsError::AccessDenied {
        action: "transfer:DescribeUser".into(),
        message: "denied".into(),
    });
    evidence.role = None;
    let findings = users_findings(evidence);
    assert_eq!(rules_of(&findings), [(HOME_ACCESS, Severity::Info)]);

    let (estate, server) = estate_with_users(Gathered::Unreadable(AwsError::AccessDenied {
        action: "transfer:ListUsers".into(),
        message: "denied".into(),
    }));
    let findings = check_users(&estate, &server);
    assert_eq!(rules_of(&findings), [(HOME_ACCESS, Severity::Info)]);
    assert!(
        findings[0].title.contains("transfer:ListUsers"),
        "{findings:?}"
    );
}

fn fenced(reader: Result<Option<SecretReader>, AwsError>) -> UserAccessEvidence {
    let mut evidence = user_evidence(role_evidence("transfer.amazonaws.com", HOME_ALL));
    evidence.secret = Some(SecretEvidence {
        name: format!("aws/transfer/{FIRST}/partner-b"),
        policy: Ok(SecretPolicy {
            arn: None,
            policy: Some(r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThroughTheEndpoint","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-0sm"}}}]}"#.into()),
        }),
        reader,
    });
    evidence
}

#[test]
fn secret_policy_trips_on_a_fence_the_provider_cannot_pass() {
    let findings = users_findings(fenced(Ok(Some(SecretReader {
        role: Some("arn:aws:iam::123456789012:role/transfer-idp-lambda".into()),
        in_vpc: false,
    }))));
    assert_eq!(rules_of(&findings), [(SECRET_POLICY, Severity::Error)]);
    assert_eq!(
        findings[0].resource,
        format!("aws/transfer/{FIRST}/partner-b")
    );
    assert!(
        findings[0]
            .evidence
            .iter()
            .any(|e| e.contains("OnlyThroughTheEndpoint")),
        "{findings:?}"
    );
}

#[test]
fn secret_policy_passes_without_a_policy_and_could_not_check_without_the_function() {
    let mut evidence = fenced(Ok(None));
    if let Some(secret) = &mut evidence.secret {
        secret.policy = Ok(SecretPolicy::default());
    }
    assert!(users_findings(evidence).is_empty());
    let findings = users_findings(fenced(Err(AwsError::AccessDenied {
        action: "lambda:GetFunctionConfiguration".into(),
        message: "denied".into(),
    })));
    assert_eq!(rules_of(&findings), [(SECRET_POLICY, Severity::Info)]);
    assert!(
        findings[0]
            .title
            .contains("lambda:GetFunctionConfiguration"),
        "{findings:?}"
    );
}
