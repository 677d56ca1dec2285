//! The access panes' flows: keys and answers in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent};

use super::{AccessCmd, AccessMsg, PERMISSION_FIELD};
use crate::app::managed_users::tests::users_app;
use crate::app::tests::server;
use crate::app::{App, Cmd, Load, Msg, Pane, RequestId, ServerCmd, TerminalCmd};
use crate::model::access_chain::{
    ProviderEvidence, RoleEvidence, SecretEvidence, SecretPolicy, SecretReader, UserAccessEvidence,
    UserProfile, UserSource,
};
use crate::model::access_report::{ProviderReport, Verdict};
use crate::model::iam::{IamRole, PolicyText};
use crate::model::identity_provider::LambdaFunction;
use crate::model::login_secret::Home;
use crate::model::{AwsError, AwsSettings, IdentityProviderType, Protocol};

pub const TWIN: &str = "s-20305e404fe2964f3";
pub const FIRST: &str = "s-390f710ec792bda79";
pub const FUNCTION: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-partner-b-readonly";

fn server_arn(id: &str) -> String {
    format!("arn:aws:transfer:ap-northeast-1:123456789012:server/{id}")
}

/// The function's policy as the seed writes it: the first server only.
pub fn function_policy() -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"transfer-invoke-{FIRST}","Effect":"Allow","Principal":{{"Service":"transfer.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{FUNCTION}","Condition":{{"ArnLike":{{"AWS:SourceArn":"{}"}},"StringEquals":{{"AWS:SourceAccount":"123456789012"}}}}}}]}}"#,
        server_arn(FIRST)
    )
}

pub fn lambda_evidence(policy: Option<String>) -> ProviderEvidence {
    ProviderEvidence::Lambda {
        function: FUNCTION.into(),
        config: Ok(Box::new(LambdaFunction {
            name: "transfer-ftp-idp".into(),
            arn: FUNCTION.into(),
            state: Some("Active".into()),
            runtime: Some("python3.12".into()),
            timeout_seconds: Some(10),
            last_modified: Some("2026-11-20T08:15:00.000+0000".into()),
            role: Some("arn:aws:iam::123456789012:role/transfer-idp-lambda".into()),
            env_names: vec!["SecretPrefix".into(), "SecretsManagerRegion".into()],
            ..LambdaFunction::default()
        })),
        policy: Ok(policy),
    }
}

pub fn trust(service: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

pub const GET_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadInvoices","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-partner-drop/partner-b/*"}]}"#;

pub fn role_evidence(trusted: &str, policy: &str) -> RoleEvidence {
    RoleEvidence {
        arn: ROLE.into(),
        role: Ok(IamRole {
            name: "transfer-partner-b-readonly".into(),
            arn: ROLE.into(),
            trust_policy: trust(trusted),
        }),
        inline: Ok(vec![PolicyText {
            name: "home".into(),
            document: policy.into(),
        }]),
        attached: Ok(Vec::new()),
    }
}

pub fn user_evidence(role: RoleEvidence) -> UserAccessEvidence {
    UserAccessEvidence {
        server_id: FIRST.into(),
        server_arn: server_arn(FIRST),
        user: "partner-b".into(),
        profile: Ok(UserProfile {
            role: Some(ROLE.into()),
            session_policy: None,
            home: Home::Path("/acme-partner-drop/partner-b".into()),
        }),
        role: Some(role),
        secret: None,
    }
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

/// The twin (AWS_LAMBDA) listed and described.
fn app_with_twin(read_only: bool) -> App {
    let mut app = App::new(AwsSettings::default(), read_only);
    let Some(Cmd::ListServers { req }) = app.start().get(1).cloned() else {
        panic!("no listing");
    };
    let mut twin = server(TWIN, "ftp-legacy-1a", &[Protocol::Ftp]);
    twin.identity_provider_details.function = Some(FUNCTION.into());
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![twin.summary.clone()]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describes.first().cloned() else {
        panic!("no describe");
    };
    app.update(Msg::ServerDescribed {
        req,
        server_id: TWIN.into(),
        result: Ok(Box::new(twin)),
    });
    app
}

fn access_cmd(cmds: &[Cmd]) -> &AccessCmd {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Access(cmd) => Some(cmd),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no access command in {cmds:?}"))
}

/// `i` on the twin, answered with the seed's function policy.
pub(crate) fn twin_provider(read_only: bool) -> App {
    let mut app = app_with_twin(read_only);
    let cmds = press(&mut app, KeyCode::Char('i'));
    let AccessCmd::ReadProvider { req, kind, details } = access_cmd(&cmds) else {
        panic!("not a provider read: {cmds:?}");
    };
    assert_eq!(*kind, IdentityProviderType::AwsLambda);
    assert_eq!(details.function.as_deref(), Some(FUNCTION));
    let req = *req;
    app.update(Msg::Access(AccessMsg::ProviderRead {
        req,
        result: Ok(lambda_evidence(Some(function_policy()))),
    }));
    app
}

fn provider(app: &App) -> &super::ProviderPane {
    match app.pane() {
        Pane::Provider(pane) => pane,
        other => panic!("not the provider view: {}", other.title()),
    }
}

#[test]
fn i_on_the_twin_shows_its_missing_permission_with_the_command() {
    let app = twin_provider(false);
    let pane = provider(&app);
    let Load::Loaded(ProviderReport::Lambda {
        permission, fix, ..
    }) = &pane.report
    else {
        panic!("no Lambda report: {:?}", pane.report);
    };
    assert_eq!(permission.verdict, Verdict::Fail, "{permission:?}");
    assert!(
        permission.detail.contains(&server_arn(TWIN)),
        "{permission:?}"
    );
    let fix = fix.as_ref().expect("the missing statement");
    assert_eq!(fix.server_arn, server_arn(TWIN));
    assert_eq!(fix.function, FUNCTION);
}

#[test]
fn the_first_server_passes_and_offers_no_fix() {
    let mut app = app_with_twin(false);
    press(&mut app, KeyCode::Char('i'));
    let req = match app.pane() {
        Pane::Provider(pane) => match pane.report {
            Load::Loading(req) => req,
            _ => panic!("not loading"),
        },
        _ => panic!("no provider view"),
    };
    // The same policy, judged for a server it names.
    let policy = function_policy().replace(FIRST, TWIN);
    app.update(Msg::Access(AccessMsg::ProviderRead {
        req,
        result: Ok(lambda_evidence(Some(policy))),
    }));
    let pane = provider(&app);
    assert!(pane.fix().is_none());
    let cmds = press(&mut app, KeyCode::Char('f'));
    assert!(cmds.is_empty());
    assert!(provider(&app).confirm.is_none());
}

#[test]
fn y_copies_the_add_permission_command() {
    let mut app = twin_provider(false);
    let cmds = press(&mut app, KeyCode::Char('y'));
    let copied = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Terminal(TerminalCmd::Copy { text }) => Some(text.0.clone()),
            _ => None,
        })
        .expect("a copy");
    assert!(
        copied.starts_with("aws lambda add-permission --function-name "),
        "{copied}"
    );
    assert!(
        copied.contains(&format!("--source-arn {}", server_arn(TWIN))),
        "{copied}"
    );
}

#[test]
fn f_asks_naming_what_is_added_then_adds_audits_and_reads_again() {
    let mut app = twin_provider(false);
    assert!(press(&mut app, KeyCode::Char('f')).is_empty());
    let confirm = provider(&app).confirm.clone().expect("a question");
    let text = confirm.lines.join("\n");
    assert!(text.contains(FUNCTION), "{text}");
    assert!(text.contains(&server_arn(TWIN)), "{text}");
    assert!(text.contains("lambda:InvokeFunction"), "{text}");
    // Enter does not confirm.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let cmds = press(&mut app, KeyCode::Char('y'));
    let AccessCmd::AddPermission {
        req,
        server_id,
        permission,
    } = access_cmd(&cmds).clone()
    else {
        panic!("not AddPermission: {cmds:?}");
    };
    assert_eq!(server_id, TWIN);
    assert_eq!(app.writes_in_flight().len(), 1);
    assert_eq!(app.writes_in_flight()[0].audit.field, PERMISSION_FIELD);

    let cmds = app.update(Msg::Access(AccessMsg::PermissionAdded {
        req,
        server_id: TWIN.into(),
        permission,
        result: Ok("{}".into()),
        afterwards: None,
    }));
    assert!(app.writes_in_flight().is_empty());
    let audit = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .expect("audited");
    assert_eq!(audit.outcome, "ok");
    assert_eq!(audit.server, TWIN);
    assert!(audit.after.contains(&server_arn(TWIN)), "{audit:?}");
    assert!(matches!(access_cmd(&cmds), AccessCmd::ReadProvider { .. }));
}

#[test]
fn a_failed_add_that_was_applied_anyway_says_so() {
    let mut app = twin_provider(false);
    press(&mut app, KeyCode::Char('f'));
    let cmds = press(&mut app, KeyCode::Char('y'));
    let AccessCmd::AddPermission {
        req, permission, ..
    } = access_cmd(&cmds).clone()
    else {
        panic!("not AddPermission");
    };
    let err = AwsError::Service {
        action: "lambda:AddPermission".into(),
        code: "ServiceException".into(),
        message: "internal".into(),
    };
    let cmds = app.update(Msg::Access(AccessMsg::PermissionAdded {
        req,
        server_id: TWIN.into(),
        permission,
        result: Err(err),
        afterwards: Some(Ok(true)),
    }));
    let Some(Cmd::Server(ServerCmd::Audit { entry })) = cmds.first() else {
        panic!("no audit: {cmds:?}");
    };
    assert!(entry.outcome.starts_with("changed anyway"), "{entry:?}");
}

#[test]
fn read_only_refuses_the_fix_where_f_was_pressed() {
    let mut app = twin_provider(true);
    assert!(press(&mut app, KeyCode::Char('f')).is_empty());
    assert!(provider(&app).confirm.is_none());
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice
            .text
            .contains("read-only: adding a Lambda permission"),
        "{notice:?}"
    );
}

#[test]
fn a_service_managed_server_has_no_provider_to_check() {
    let mut app = app_with_twin(false);
    let req = match access_cmd(&press(&mut app, KeyCode::Char('i'))) {
        AccessCmd::ReadProvider { req, .. } => *req,
        other => panic!("{other:?}"),
    };
    app.update(Msg::Access(AccessMsg::ProviderRead {
        req,
        result: Ok(ProviderEvidence::NoProvider {
            kind: "SERVICE_MANAGED".into(),
        }),
    }));
    assert!(matches!(
        provider(&app).report,
        Load::Loaded(ProviderReport::NoProvider { .. })
    ));
}

/// The access pane of partner-b (GetObject only) over the users pane.
pub(crate) fn access_app() -> App {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Down);
    checked(
        &mut app,
        user_evidence(role_evidence("transfer.amazonaws.com", GET_ONLY)),
    );
    app
}

fn checked(
    app: &mut App,
    evidence: UserAccessEvidence,
) -> crate::model::access_report::UserAccessReport {
    let cmds = press(app, KeyCode::Char('A'));
    let AccessCmd::CheckUser { req, subject } = access_cmd(&cmds).clone() else {
        panic!("not a check: {cmds:?}");
    };
    assert_eq!(subject.source, UserSource::Managed);
    assert_eq!(subject.server_id, crate::app::managed_users::tests::SERVER);
    app.update(Msg::Access(AccessMsg::UserChecked {
        req,
        result: Ok(Box::new(evidence)),
    }));
    match app.pane() {
        Pane::Access(pane) => match &pane.report {
            Load::Loaded(report) => report.clone(),
            other => panic!("not loaded: {other:?}"),
        },
        other => panic!("not the access pane: {}", other.title()),
    }
}

fn line<'a>(
    report: &'a crate::model::access_report::UserAccessReport,
    action: &str,
) -> &'a crate::model::access_report::AccessLine {
    report
        .lines
        .iter()
        .find(|line| line.action == action)
        .unwrap_or_else(|| panic!("no {action} line: {report:?}"))
}

#[test]
fn a_on_a_get_object_only_user_shows_put_object_denied() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Down);
    let report = checked(
        &mut app,
        user_evidence(role_evidence("transfer.amazonaws.com", GET_ONLY)),
    );
    assert_eq!(report.trust.verdict, Verdict::Pass, "{report:?}");
    let get = line(&report, "s3:GetObject");
    assert_eq!(get.verdict, Verdict::Pass);
    assert!(get.by.contains("ReadInvoices"), "{get:?}");
    let put = line(&report, "s3:PutObject");
    assert_eq!(put.verdict, Verdict::Fail, "{put:?}");
    assert_eq!(line(&report, "s3:ListBucket").verdict, Verdict::Fail);
}

#[test]
fn a_role_that_trusts_ec2_fails_its_trust_and_names_whom_it_trusts() {
    let mut app = users_app(false);
    let report = checked(
        &mut app,
        user_evidence(role_evidence("ec2.amazonaws.com", GET_ONLY)),
    );
    assert_eq!(report.trust.verdict, Verdict::Fail);
    assert!(
        report.trust.detail.contains("ec2.amazonaws.com"),
        "{:?}",
        report.trust
    );
}

#[test]
fn a_denied_get_role_is_named_and_the_rest_of_the_check_runs() {
    let mut app = users_app(false);
    let mut role = role_evidence("transfer.amazonaws.com", GET_ONLY);
    role.role = Err(AwsError::AccessDenied {
        action: "iam:GetRole".into(),
        message: "denied".into(),
    });
    let report = checked(&mut app, user_evidence(role));
    assert_eq!(report.trust.verdict, Verdict::Unknown);
    assert!(
        report.trust.detail.contains("iam:GetRole"),
        "{:?}",
        report.trust
    );
    assert_eq!(line(&report, "s3:PutObject").verdict, Verdict::Fail);
}

#[test]
fn a_fenced_secret_names_the_providers_role_and_the_deny() {
    let mut evidence = user_evidence(role_evidence("transfer.amazonaws.com", GET_ONLY));
    let fence = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThroughTheEndpoint","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-0123"}}}]}"#;
    let reader = |in_vpc| {
        SecretEvidence {
        name: "aws/transfer/s-1/ext-logistics".into(),
        policy: Ok(SecretPolicy {
            arn: Some("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:aws/transfer/s-1/ext-logistics-AbCdEf".into()),
            policy: Some(fence.into()),
        }),
        reader: Ok(Some(SecretReader {
            role: Some("arn:aws:iam::123456789012:role/transfer-idp-lambda".into()),
            in_vpc,
        })),
    }
    };
    evidence.secret = Some(reader(false));
    let report = crate::model::access_report::user_report(&evidence);
    let secret = report.secret.expect("a secret check");
    assert_eq!(secret.verdict, Verdict::Fail, "{secret:?}");
    assert!(secret.detail.contains("transfer-idp-lambda"), "{secret:?}");
    assert!(
        secret.detail.contains("OnlyThroughTheEndpoint"),
        "{secret:?}"
    );
    // In a VPC, the endpoint the call takes is not known.
    evidence.secret = Some(reader(true));
    let report = crate::model::access_report::user_report(&evidence);
    assert_eq!(report.secret.expect("a check").verdict, Verdict::Unknown);
}

#[test]
fn an_unreadable_login_says_why_and_checks_nothing_else() {
    let mut evidence = user_evidence(role_evidence("transfer.amazonaws.com", GET_ONLY));
    evidence.profile = Err(AwsError::AccessDenied {
        action: "secretsmanager:GetSecretValue".into(),
        message: "denied".into(),
    });
    evidence.role = None;
    let report = crate::model::access_report::user_report(&evidence);
    assert_eq!(report.profile.verdict, Verdict::Unknown);
    assert!(
        report
            .profile
            .detail
            .contains("secretsmanager:GetSecretValue")
    );
    assert!(report.lines.is_empty());
}

#[test]
fn a_stale_answer_is_dropped() {
    let mut app = twin_provider(false);
    let before = format!("{:?}", provider(&app).report);
    app.update(Msg::Access(AccessMsg::ProviderRead {
        req: RequestId(9999),
        result: Ok(ProviderEvidence::NoProvider {
            kind: "SERVICE_MANAGED".into(),
        }),
    }));
    assert_eq!(format!("{:?}", provider(&app).report), before);
}

#[test]
fn f_on_a_lambda_permission_finding_opens_the_identity_provider_view() {
    use crate::app::DoctorCmd;
    use crate::app::DoctorMsg;
    use crate::doctor::rules_testing_estate;
    let mut app = app_with_twin(false);
    let Some(Cmd::Doctor(DoctorCmd::Gather { req, .. })) =
        press(&mut app, KeyCode::Char('D')).first().cloned()
    else {
        panic!("no Gather");
    };
    let mut estate = rules_testing_estate();
    let mut twin = estate.servers[0].clone();
    twin.server.summary.id = TWIN.into();
    twin.server.summary.arn = server_arn(TWIN);
    estate.servers = vec![twin];
    estate
        .access
        .providers
        .insert(TWIN.into(), lambda_evidence(Some(function_policy())));
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(estate)),
    }));
    let Pane::Doctor(doctor) = app.pane() else {
        panic!("not the Doctor");
    };
    let position = doctor
        .findings()
        .iter()
        .position(|f| f.rule == "lambda-permission")
        .expect("a lambda-permission finding");
    for _ in 0..position {
        press(&mut app, KeyCode::Down);
    }
    let cmds = press(&mut app, KeyCode::Char('f'));
    assert!(matches!(access_cmd(&cmds), AccessCmd::ReadProvider { .. }));
    assert_eq!(provider(&app).server_id, TWIN);
}

#[test]
fn a_trust_condition_on_the_source_is_judged_with_the_users_arn_or_left_unknown() {
    let conditioned = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"transfer.amazonaws.com"}},"Action":"sts:AssumeRole","Condition":{{"ArnLike":{{"aws:SourceArn":"arn:aws:transfer:ap-northeast-1:123456789012:user/{FIRST}/*"}}}}}}]}}"#
    );
    let mut role = role_evidence("transfer.amazonaws.com", GET_ONLY);
    if let Ok(iam_role) = &mut role.role {
        iam_role.trust_policy = conditioned;
    }
    // A Transfer user: the source is the user's ARN, under the condition.
    let report = crate::model::access_report::user_report(&user_evidence(role.clone()));
    assert_eq!(report.trust.verdict, Verdict::Pass, "{:?}", report.trust);
    assert_eq!(report.trust_conditions.len(), 1, "{report:?}");
    // A custom identity provider's user: the source is not known.
    let mut evidence = user_evidence(role);
    evidence.secret = Some(SecretEvidence {
        name: format!("aws/transfer/{FIRST}/partner-b"),
        policy: Ok(SecretPolicy::default()),
        reader: Ok(None),
    });
    let report = crate::model::access_report::user_report(&evidence);
    assert_eq!(report.trust.verdict, Verdict::Unknown, "{:?}", report.trust);
    assert!(
        report.trust.detail.contains("aws:SourceArn"),
        "{:?}",
        report.trust
    );
}
