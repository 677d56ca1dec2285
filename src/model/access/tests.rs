//! The checks against the broken links the seeds carry: a twin server
//! missing from the function's policy, a role trusting ec2, a role allowing
//! GetObject only, a secret fenced to a VPC endpoint.

use super::*;
use crate::model::policy::testing::policy_json;
use crate::model::policy::{NOT_EVALUATED, PolicyDocument};
use proptest::prelude::*;

const ACCOUNT: &str = "111122223333";
const SERVER_A: &str = "arn:aws:transfer:us-east-1:111122223333:server/s-aaaaaaaaaaaaaaaaa";
const SERVER_B: &str = "arn:aws:transfer:us-east-1:111122223333:server/s-bbbbbbbbbbbbbbbbb";
const FUNCTION: &str = "arn:aws:lambda:us-east-1:111122223333:function:transfer-idp";
const IDP_ROLE: &str = "arn:aws:iam::111122223333:role/transfer-idp-lambda";
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:aws/transfer/s-aaaaaaaaaaaaaaaaa/partner-a-AbCdEf";

fn policy(name: &str, json: &str) -> NamedPolicy {
    NamedPolicy::new(
        name,
        PolicyDocument::parse(json).expect("test policy parses"),
    )
}

fn home() -> HomeTarget {
    HomeTarget::from_path("/acme-transfer/home/partner-a").expect("a bucket")
}

/// The statement a decision names, as `(policy, index)`.
fn by(decision: &Decision) -> Option<(&str, usize)> {
    decision.statement().map(|s| (s.policy.as_str(), s.index))
}

// ---- HomeTarget ----

#[test]
fn home_targets_from_path_and_logical_homes() {
    assert_eq!(
        HomeTarget::from_path("/acme-transfer/home/partner-a/"),
        Some(HomeTarget {
            bucket: "acme-transfer".to_string(),
            prefix: "home/partner-a".to_string()
        })
    );
    assert_eq!(
        HomeTarget::from_path("/acme-transfer"),
        Some(HomeTarget {
            bucket: "acme-transfer".to_string(),
            prefix: String::new()
        })
    );
    assert_eq!(HomeTarget::from_path("/"), None);
    let logical = UserHome::Logical(vec![
        HomeMapping {
            entry: "/".to_string(),
            target: "/acme-transfer/home/${transfer:UserName}".to_string(),
        },
        HomeMapping {
            entry: "/shared".to_string(),
            target: "/acme-shared/drop".to_string(),
        },
        HomeMapping {
            entry: "/again".to_string(),
            target: "/acme-shared/drop/".to_string(),
        },
    ]);
    let targets = HomeTarget::from_home(&logical, "partner-a");
    assert_eq!(
        targets.iter().map(HomeTarget::display).collect::<Vec<_>>(),
        ["acme-transfer/home/partner-a", "acme-shared/drop"]
    );
}

// ---- check_home ----

const READ_WRITE: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-transfer"},
  {"Sid":"Objects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],
   "Resource":"arn:aws:s3:::acme-transfer/home/*"}]}"#;

const GET_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-transfer",
   "Condition":{"StringLike":{"s3:prefix":["home/partner-a/*","home/partner-a"]}}},
  {"Sid":"ReadOnly","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/partner-a/*"}]}"#;

fn decisions(rows: &[AccessRow]) -> Vec<(&str, bool)> {
    rows.iter()
        .map(|row| (row.action.as_str(), row.decision.is_allowed()))
        .collect()
}

#[test]
fn a_read_write_role_reaches_the_whole_home() {
    let rows = check_home(
        &[policy("inline ReadWrite", READ_WRITE)],
        None,
        &home(),
        &Context::new(),
    );
    assert_eq!(
        decisions(&rows),
        [
            ("s3:ListBucket", true),
            ("s3:GetObject", true),
            ("s3:PutObject", true),
            ("s3:DeleteObject", true)
        ]
    );
    assert_eq!(by(&rows[2].decision), Some(("inline ReadWrite", 1)));
    assert_eq!(
        rows[2].resource,
        "arn:aws:s3:::acme-transfer/home/partner-a/*"
    );
    assert!(rows[0].resource.contains("\"home/partner-a/\""));
    assert!(rows.iter().all(|row| row.note.is_none()));
}

#[test]
fn a_get_object_only_role_denies_put_and_delete_implicitly() {
    let rows = check_home(
        &[policy("inline GetOnly", GET_ONLY)],
        None,
        &home(),
        &Context::new(),
    );
    assert_eq!(
        decisions(&rows),
        [
            ("s3:ListBucket", true),
            ("s3:GetObject", true),
            ("s3:PutObject", false),
            ("s3:DeleteObject", false)
        ]
    );
    assert_eq!(rows[2].decision, Decision::ImplicitDeny);
    assert_eq!(
        rows[2].note.as_deref(),
        Some(
            "no statement allows s3:PutObject; inline GetOnly statement 2 (ReadOnly) allows s3:GetObject here"
        )
    );
    assert_eq!(by(&rows[1].decision), Some(("inline GetOnly", 1)));
    assert_eq!(
        rows[1].decision.statement().and_then(|s| s.sid.as_deref()),
        Some("ReadOnly")
    );
}

#[test]
fn a_role_for_another_home_names_the_condition_that_fails() {
    let other = HomeTarget::from_path("/acme-transfer/home/partner-b").expect("a bucket");
    let rows = check_home(
        &[policy("inline GetOnly", GET_ONLY)],
        None,
        &other,
        &Context::new(),
    );
    assert_eq!(rows[0].decision, Decision::ImplicitDeny);
    assert_eq!(
        rows[0].note.as_deref(),
        Some(
            "inline GetOnly statement 1 (List) allows s3:ListBucket here only when its Condition on s3:prefix holds, and it does not"
        )
    );
    // Its objects are out of the statement's Resource: nothing comes close.
    assert_eq!(rows[1].decision, Decision::ImplicitDeny);
    assert_eq!(rows[1].note, None);
}

#[test]
fn a_listing_fenced_to_the_home_itself_is_named() {
    let exact = policy(
        "inline ListExact",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket",
            "Resource":"arn:aws:s3:::acme-transfer","Condition":{"StringEquals":{"s3:prefix":"home/partner-a/"}}}}"#,
    );
    let rows = check_home(&[exact], None, &home(), &Context::new());
    assert!(rows[0].decision.is_allowed());
    let note = rows[0].note.as_deref().unwrap_or_default();
    assert!(
        note.contains("folders below the home cannot be listed"),
        "{note}"
    );
    assert!(note.contains("\"home/partner-a/any-folder/\""), "{note}");
    // GET_ONLY's StringLike home/partner-a/* admits them: no note.
    let rows = check_home(
        &[policy("inline GetOnly", GET_ONLY)],
        None,
        &home(),
        &Context::new(),
    );
    assert_eq!(rows[0].note, None);
}

#[test]
fn an_explicit_deny_names_its_statement() {
    let deny = policy(
        "arn:aws:iam::111122223333:policy/NoDeletes",
        r#"{"Version":"2012-10-17","Statement":{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}}"#,
    );
    let rows = check_home(
        &[policy("inline ReadWrite", READ_WRITE), deny],
        None,
        &home(),
        &Context::new(),
    );
    assert_eq!(
        rows[3].decision,
        Decision::ExplicitDeny {
            by: StatementRef {
                policy: "arn:aws:iam::111122223333:policy/NoDeletes".to_string(),
                index: 0,
                sid: Some("NoDeletes".to_string())
            }
        }
    );
    assert!(rows[2].decision.is_allowed());
}

#[test]
fn a_resource_reaching_only_part_of_the_home_is_not_enough() {
    let csv_only = policy(
        "inline CsvOnly",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:PutObject",
            "Resource":"arn:aws:s3:::acme-transfer/home/partner-a/*.csv"}}"#,
    );
    let rows = check_home(&[csv_only], None, &home(), &Context::new());
    assert_eq!(rows[2].decision, Decision::ImplicitDeny);
    let note = rows[2].note.as_deref().unwrap_or_default();
    assert!(
        note.contains("inline CsvOnly statement 1 allows only part"),
        "{note}"
    );

    let no_tmp = policy(
        "inline NoTmp",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:PutObject",
            "Resource":"arn:aws:s3:::acme-transfer/home/partner-a/tmp/*"}}"#,
    );
    let rows = check_home(
        &[policy("inline ReadWrite", READ_WRITE), no_tmp],
        None,
        &home(),
        &Context::new(),
    );
    assert_eq!(by(&rows[2].decision), Some(("inline NoTmp", 0)));
    assert!(matches!(rows[2].decision, Decision::ExplicitDeny { .. }));
    assert!(
        rows[2]
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("denies part")
    );
}

#[test]
fn a_session_policy_narrows_the_role() {
    let session = policy(
        "session policy",
        r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"AllowListingOfUserFolder","Action":["s3:ListBucket"],"Effect":"Allow",
           "Resource":["arn:aws:s3:::${transfer:HomeBucket}"],
           "Condition":{"StringLike":{"s3:prefix":["${transfer:HomeFolder}/*","${transfer:HomeFolder}"]}}},
          {"Sid":"HomeDirObjectAccess","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion"],
           "Resource":"arn:aws:s3:::${transfer:HomeDirectory}*"}]}"#,
    );
    let target = home();
    let context = target.session_variables("partner-a");
    let rows = check_home(
        &[policy("inline ReadWrite", READ_WRITE)],
        Some(&session),
        &target,
        &context,
    );
    assert_eq!(
        decisions(&rows),
        [
            ("s3:ListBucket", true),
            ("s3:GetObject", true),
            ("s3:PutObject", false),
            ("s3:DeleteObject", false)
        ]
    );
    let note = rows[2].note.as_deref().unwrap_or_default();
    assert!(
        note.contains("the role allows it (inline ReadWrite statement 2 (Objects))"),
        "{note}"
    );
    assert!(note.contains("session policy does not"), "{note}");
    // Without the variables the session policy reaches nothing.
    let rows = check_home(
        &[policy("inline ReadWrite", READ_WRITE)],
        Some(&session),
        &target,
        &Context::new(),
    );
    assert!(
        rows.iter()
            .all(|row| row.decision == Decision::ImplicitDeny)
    );
}

// ---- trust ----

const TRUSTS_TRANSFER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
  "Principal":{"Service":"transfer.amazonaws.com"},"Action":"sts:AssumeRole",
  "Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},
               "ArnLike":{"aws:SourceArn":"arn:aws:transfer:us-east-1:111122223333:server/*"}}}]}"#;

#[test]
fn a_role_trusting_transfer_for_its_account() {
    let check = trust_allows_transfer(&policy("trust policy", TRUSTS_TRANSFER), ACCOUNT, SERVER_A);
    assert!(check.decision.is_allowed());
    assert_eq!(check.trusted, ["Service transfer.amazonaws.com"]);
    assert_eq!(check.conditions.len(), 2);
    assert!(
        check
            .conditions
            .iter()
            .any(|c| c.key == "aws:SourceAccount" && c.values == [ACCOUNT])
    );
    // Another account's server is not admitted.
    let other = trust_allows_transfer(
        &policy("trust policy", TRUSTS_TRANSFER),
        "444455556666",
        "arn:aws:transfer:us-east-1:444455556666:server/s-cccccccccccccccc",
    );
    assert_eq!(other.decision, Decision::ImplicitDeny);
}

#[test]
fn a_user_role_fenced_to_the_users_of_one_server() {
    let trust = policy(
        "trust policy",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"TransferUsers","Effect":"Allow",
            "Principal":{"Service":"transfer.amazonaws.com"},"Action":"sts:AssumeRole",
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:transfer:us-east-1:111122223333:user/s-aaaaaaaaaaaaaaaaa/*"}}}]}"#,
    );
    let user_a = "arn:aws:transfer:us-east-1:111122223333:user/s-aaaaaaaaaaaaaaaaa/partner-a";
    let user_b = "arn:aws:transfer:us-east-1:111122223333:user/s-bbbbbbbbbbbbbbbbb/partner-a";
    assert!(
        trust_allows_transfer(&trust, ACCOUNT, user_a)
            .decision
            .is_allowed()
    );
    assert_eq!(
        trust_allows_transfer(&trust, ACCOUNT, user_b).decision,
        Decision::ImplicitDeny
    );
    // A custom identity provider's user has no Transfer user ARN to check.
    let unknown = Context::new()
        .with("aws:SourceAccount", ACCOUNT)
        .with_unknown("aws:SourceArn");
    let check = trust_allows_transfer_in(&trust, &unknown);
    assert_eq!(
        check.decision,
        Decision::Unknown {
            by: StatementRef {
                policy: "trust policy".to_string(),
                index: 0,
                sid: Some("TransferUsers".to_string())
            },
            key: "aws:SourceArn".to_string()
        }
    );
    assert_eq!(check.conditions[0].operator, "ArnLike");
}

#[test]
fn a_role_trusting_ec2_does_not_trust_transfer() {
    let trust = policy(
        "trust policy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    );
    let check = trust_allows_transfer(&trust, ACCOUNT, SERVER_A);
    assert_eq!(check.decision, Decision::ImplicitDeny);
    assert_eq!(check.trusted, ["Service ec2.amazonaws.com"]);
    assert!(check.conditions.is_empty());
}

// ---- the function's policy ----

const ONE_SERVER: &str = r#"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"transfer-invoke-s-a",
  "Effect":"Allow","Principal":{"Service":"transfer.amazonaws.com"},"Action":"lambda:InvokeFunction",
  "Resource":"arn:aws:lambda:us-east-1:111122223333:function:transfer-idp",
  "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:transfer:us-east-1:111122223333:server/s-aaaaaaaaaaaaaaaaa"}}}]}"#;

#[test]
fn the_function_admits_its_server_but_not_the_twin() {
    let function_policy = policy("function policy", ONE_SERVER);
    let decision = lambda_permits_server(&function_policy, FUNCTION, SERVER_A, ACCOUNT);
    assert_eq!(
        decision.statement().and_then(|s| s.sid.as_deref()),
        Some("transfer-invoke-s-a")
    );
    assert!(decision.is_allowed());
    assert_eq!(
        lambda_permits_server(&function_policy, FUNCTION, SERVER_B, ACCOUNT),
        Decision::ImplicitDeny
    );
}

#[test]
fn the_function_admits_its_account_and_nobody_else() {
    let account_wide = policy(
        "function policy",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"any-server","Effect":"Allow",
            "Principal":{"Service":"transfer.amazonaws.com"},"Action":"lambda:InvokeFunction",
            "Resource":"arn:aws:lambda:us-east-1:111122223333:function:transfer-idp",
            "Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"}}}]}"#,
    );
    assert!(lambda_permits_server(&account_wide, FUNCTION, SERVER_B, ACCOUNT).is_allowed());
    assert_eq!(
        lambda_permits_server(&account_wide, FUNCTION, SERVER_B, "444455556666"),
        Decision::ImplicitDeny
    );
    // Another function's policy, or another principal, admits nothing.
    assert_eq!(
        lambda_permits_server(
            &account_wide,
            "arn:aws:lambda:us-east-1:111122223333:function:other",
            SERVER_A,
            ACCOUNT
        ),
        Decision::ImplicitDeny
    );
}

// ---- the secret's policy ----

const FENCED: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThroughTheEndpoint",
  "Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",
  "Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-0a1b2c3d4e5f67890"}}}]}"#;

#[test]
fn a_fenced_secret_hangs_on_the_endpoint_the_console_cannot_know() {
    let fenced = policy("secret policy", FENCED);
    let unknown = Context::new().with_unknown("aws:SourceVpce");
    let decision = secret_policy_blocks(&fenced, IDP_ROLE, SECRET, &unknown);
    assert_eq!(
        decision,
        Decision::Unknown {
            by: StatementRef {
                policy: "secret policy".to_string(),
                index: 0,
                sid: Some("OnlyThroughTheEndpoint".to_string())
            },
            key: "aws:sourceVpce".to_string()
        }
    );
    // A call known to come from another endpoint, or from none, is refused.
    let elsewhere = Context::new().with("aws:sourceVpce", "vpce-99999999999999999");
    assert!(matches!(
        secret_policy_blocks(&fenced, IDP_ROLE, SECRET, &elsewhere),
        Decision::ExplicitDeny { .. }
    ));
    assert!(matches!(
        secret_policy_blocks(&fenced, IDP_ROLE, SECRET, &Context::new()),
        Decision::ExplicitDeny { .. }
    ));
    // Through the endpoint, the policy does not refuse it.
    let through = Context::new().with("aws:sourceVpce", "vpce-0a1b2c3d4e5f67890");
    assert_eq!(
        secret_policy_blocks(&fenced, IDP_ROLE, SECRET, &through),
        Decision::ImplicitDeny
    );
}

#[test]
fn a_secret_policy_naming_other_readers_does_not_refuse_the_role() {
    let deny_one = policy(
        "secret policy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny",
            "Principal":{"AWS":"arn:aws:iam::111122223333:role/someone-else"},
            "Action":"secretsmanager:*","Resource":"*"}]}"#,
    );
    assert_eq!(
        secret_policy_blocks(&deny_one, IDP_ROLE, SECRET, &Context::new()),
        Decision::ImplicitDeny
    );
    let deny_all_but = policy(
        "secret policy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny",
            "NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/someone-else"},
            "Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
    );
    assert!(matches!(
        secret_policy_blocks(&deny_all_but, IDP_ROLE, SECRET, &Context::new()),
        Decision::ExplicitDeny { .. }
    ));
}

#[test]
fn what_is_not_evaluated_is_said() {
    let all = NOT_EVALUATED.join("; ");
    for part in [
        "SCP",
        "permission boundaries",
        "KMS key policies",
        "S3 bucket policies",
    ] {
        assert!(all.contains(part), "{part}");
    }
}

proptest! {
    #[test]
    fn the_checks_never_panic_and_always_give_their_rows(
        role in policy_json(),
        session in prop::option::of(policy_json()),
        path in "[/a-z*?${}:.-]{0,24}",
        arn in "[a-z0-9:/*?-]{0,40}",
    ) {
        let role = NamedPolicy::parse("role", &role).expect("generated policies parse");
        let session = session.map(|json| NamedPolicy::parse("session", &json).expect("parses"));
        if let Some(target) = HomeTarget::from_path(&path) {
            let context = target.session_variables("partner-a");
            let rows = check_home(std::slice::from_ref(&role), session.as_ref(), &target, &context);
            prop_assert_eq!(rows.len(), 1 + OBJECT_ACTIONS.len());
            for row in &rows {
                // A row that is not refused outright never carries ImplicitDeny's
                // "closest statement" note.
                if !row.decision.is_denied() {
                    prop_assert!(!row.note.as_deref().unwrap_or_default().starts_with("no statement allows"));
                }
            }
        }
        let _ = trust_allows_transfer(&role, &arn, &arn);
        let _ = lambda_permits_server(&role, &arn, &arn, &arn);
        let _ = secret_policy_blocks(&role, &arn, &arn, &Context::new().with_unknown("aws:sourceVpce"));
    }
}
