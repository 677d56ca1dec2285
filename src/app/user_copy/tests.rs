//! The bulk user copy's flows: the plan, `y`, bounded copies, results,
//! the summary, the audit of each copy, and what is refused.

use crossterm::event::{KeyCode, KeyEvent};

use super::{COPY_AT_ONCE, CopyWrite, RowState, Stage, UserCopyCmd, UserCopyMsg, UserCopyPane};
use crate::app::{App, Cmd, Msg, NoticeLevel, Pane, RequestId, ServerCmd, ServerDetailPane};
use crate::model::login_secret::LoginSecret;
use crate::model::scope::{Scope, ScopedServer};
use crate::model::user_copy::{CopyOutcome, SourceSecret, SourceUsers, Survey};
use crate::model::{AwsError, AwsSettings, IdentityProviderType, TransferUser};

pub(crate) const FROM: &str = "s-0123456789abcdef0";
pub(crate) const TO: &str = "s-fedcba9876543210f";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn scoped(id: &str, region: &str) -> ScopedServer {
    ScopedServer {
        scope: Scope {
            profile: None,
            region: region.into(),
        },
        server_id: id.into(),
    }
}

fn app(read_only: bool) -> App {
    App::new(
        AwsSettings {
            region: Some("ap-northeast-1".into()),
            ..AwsSettings::default()
        },
        read_only,
    )
}

fn pane(app: &App) -> &UserCopyPane {
    match app.pane() {
        Pane::UserCopy(pane) => pane,
        other => panic!("not on the user copy: {}", other.title()),
    }
}

fn user(name: &str) -> TransferUser {
    crate::app::managed_users::tests::described(name, &format!("/bucket/{name}"), Vec::new())
}

pub(crate) fn managed_survey(names: &[&str], on_target: &[&str]) -> Survey {
    Survey {
        from_kind: IdentityProviderType::ServiceManaged,
        to_kind: IdentityProviderType::ServiceManaged,
        source: SourceUsers::Managed(names.iter().map(|n| (n.to_string(), Ok(user(n)))).collect()),
        on_target: on_target.iter().map(|n| n.to_string()).collect(),
    }
}

/// Opened and planned from `survey`.
pub(crate) fn planned(survey: Survey) -> App {
    let mut app = app(false);
    let cmds = app.open_user_copy(scoped(FROM, "ap-northeast-1"), scoped(TO, "ap-northeast-1"));
    let [Cmd::UserCopy(UserCopyCmd::Survey { req, prefix, .. })] = cmds.as_slice() else {
        panic!("the servers are read first: {cmds:?}");
    };
    assert_eq!(prefix, "aws/transfer/");
    let req = *req;
    assert!(
        app.update(Msg::UserCopy(UserCopyMsg::Surveyed {
            req,
            result: Ok(survey)
        }))
        .is_empty()
    );
    assert_eq!(pane(&app).stage, Stage::Planned);
    app
}

pub(crate) fn copies(cmds: &[Cmd]) -> Vec<(RequestId, String, CopyWrite)> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::UserCopy(UserCopyCmd::Copy {
                req, user, write, ..
            }) => Some((*req, user.clone(), write.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_plan_skips_users_the_target_has_and_nothing_is_written_before_y() {
    let mut app = planned(managed_survey(&["erp", "partner-a"], &["erp"]));
    let rows = &pane(&app).rows;
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0]
            .outcome()
            .is_some_and(|o| matches!(o, CopyOutcome::Skipped { .. }))
    );
    assert_eq!(pane(&app).to_copy(), 1);
    // Enter is not yes.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(app.writes_in_flight().is_empty());
    let cmds = press(&mut app, KeyCode::Char('y'));
    let sent = copies(&cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, "partner-a");
    assert!(matches!(&sent[0].2, CopyWrite::Managed(u) if u.name == "partner-a"));
    assert_eq!(
        app.writes_in_flight().len(),
        1,
        "each copy is followed until answered"
    );
    // Quitting now would audit it as abandoned, under the target.
    let abandoned = &app.writes_in_flight()[0].audit;
    assert!(abandoned.outcome.starts_with("abandoned"), "{abandoned:?}");
    assert_eq!(
        (abandoned.server.as_str(), abandoned.field.as_str()),
        (TO, "User:copy")
    );
}

#[test]
fn copies_go_a_few_at_a_time_each_result_shown_then_the_summary_and_audits() {
    let names: Vec<String> = (0..6).map(|n| format!("user{n}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut app = planned(managed_survey(&refs, &["user5"]));
    let first = copies(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(first.len(), COPY_AT_ONCE);
    assert_eq!(pane(&app).copying(), COPY_AT_ONCE);
    let mut outstanding = first;
    let mut answered = 0;
    while let Some((req, user, _)) = outstanding.pop() {
        let outcome = if answered == 0 {
            CopyOutcome::Failed {
                why: "access denied: this needs the IAM action transfer:CreateUser; not created"
                    .into(),
            }
        } else {
            CopyOutcome::Copied { anyway: None }
        };
        answered += 1;
        let cmds = app.update(Msg::UserCopy(UserCopyMsg::Copied {
            req,
            user: user.clone(),
            outcome: outcome.clone(),
        }));
        let audit = cmds.iter().find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        });
        let audit = audit.expect("every copy is audited");
        assert_eq!(audit.server, TO);
        assert_eq!(audit.field, "User:copy");
        assert_eq!(audit.outcome, outcome.audit());
        assert!(pane(&app).copying() <= COPY_AT_ONCE);
        outstanding.extend(copies(&cmds));
    }
    assert_eq!(answered, 5);
    assert_eq!(pane(&app).stage, Stage::Done);
    assert_eq!(
        pane(&app).summary().as_deref(),
        Some("4 copied, 1 skipped, 1 failed")
    );
    assert!(app.writes_in_flight().is_empty());
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.text, "users copied: 4 copied, 1 skipped, 1 failed");
}

#[test]
fn a_custom_idp_secret_is_copied_by_the_users_pane_own_write() {
    let secret = LoginSecret::parse(r#"{"Password":"pw-1","Role":"r"}"#).unwrap();
    let survey = Survey {
        from_kind: IdentityProviderType::AwsLambda,
        to_kind: IdentityProviderType::ApiGateway,
        source: SourceUsers::Secrets(vec![
            SourceSecret {
                user: "erp".into(),
                name: format!("aws/transfer/{FROM}/erp"),
                value: Ok(secret.clone()),
            },
            SourceSecret {
                user: "locked".into(),
                name: format!("aws/transfer/{FROM}/locked"),
                value: Err(AwsError::AccessDenied {
                    action: "secretsmanager:GetSecretValue".into(),
                    message: String::new(),
                }
                .to_string()),
            },
        ]),
        on_target: vec![],
    };
    let mut app = planned(survey);
    assert!(
        matches!(&pane(&app).rows[1].step, crate::model::user_copy::Step::Skip { why }
        if why.contains("secretsmanager:GetSecretValue"))
    );
    let sent = copies(&press(&mut app, KeyCode::Char('y')));
    let [(_, user, CopyWrite::Secret(write))] = sent.as_slice() else {
        panic!("{sent:?}");
    };
    assert_eq!(user, "erp");
    assert_eq!(
        *write,
        crate::app::idp_users::copy_write(TO, "erp", "aws/transfer/", secret)
    );
    let audit = &app.writes_in_flight()[0].audit;
    assert_eq!(audit.field, "LoginSecret:copy");
    assert_eq!(audit.after, format!("aws/transfer/{TO}/erp"));
    // The value never reaches Debug output.
    assert!(!format!("{:?}", app).contains("pw-1"));
}

#[test]
fn a_copy_to_a_server_of_another_kind_copies_nothing_and_says_why() {
    let mut survey = managed_survey(&["erp"], &[]);
    survey.to_kind = IdentityProviderType::AwsLambda;
    let mut app = planned(survey);
    assert_eq!(pane(&app).to_copy(), 0);
    assert!(press(&mut app, KeyCode::Char('y')).is_empty());
    assert_eq!(pane(&app).stage, Stage::Done);
    assert_eq!(
        pane(&app).summary().as_deref(),
        Some("0 copied, 1 skipped, 0 failed")
    );
}

#[test]
fn read_only_refuses_the_copy_before_anything_is_read() {
    let mut app = app(true);
    let cmds = app.open_user_copy(scoped(FROM, "ap-northeast-1"), scoped(TO, "ap-northeast-1"));
    assert!(cmds.is_empty());
    assert!(matches!(app.pane(), Pane::Servers));
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warning);
    assert!(
        notice.text.contains("read-only: copying users"),
        "{}",
        notice.text
    );
}

#[test]
fn a_copy_to_another_region_is_audited_under_that_region() {
    let mut app = app(false);
    let cmds = app.open_user_copy(scoped(FROM, "ap-northeast-1"), scoped(TO, "us-east-1"));
    let [Cmd::UserCopy(UserCopyCmd::Survey { req, to, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert_eq!(to.scope.region, "us-east-1");
    let req = *req;
    app.update(Msg::UserCopy(UserCopyMsg::Surveyed {
        req,
        result: Ok(managed_survey(&["erp"], &[])),
    }));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.writes_in_flight()[0].audit.region, "us-east-1");
}

#[test]
fn copy_users_is_typed_from_a_server_detail_and_a_bad_id_stays_on_the_line() {
    let mut app = app(false);
    app.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
        FROM.into(),
    ))));
    press(&mut app, KeyCode::Char(':'));
    for c in "copy-users s-nothex".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "nothing is sent"
    );
    let error = app
        .command_line
        .as_ref()
        .and_then(|line| line.error.clone());
    assert!(error.is_some_and(|e| e.contains("not a server id")));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    for c in format!("copy-users {FROM}").chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "not to itself");
    press(&mut app, KeyCode::Char(':'));
    for c in format!("copy-users {TO}").chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Cmd::UserCopy(UserCopyCmd::Survey { from, to, .. })]
        if from.server_id == FROM && to.server_id == TO && to.scope.region == "ap-northeast-1")
    );
}

#[test]
fn esc_while_copying_keeps_the_results_on_screen() {
    let mut app = planned(managed_survey(&["erp"], &[]));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::UserCopy(_)));
    assert!(matches!(pane(&app).rows[0].state, RowState::Copying(_)));
}

#[test]
fn u_on_a_detail_opens_the_command_line_ready_for_the_target() {
    let mut app = app(false);
    app.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
        FROM.into(),
    ))));
    assert!(press(&mut app, KeyCode::Char('U')).is_empty());
    let line = app.command_line.as_ref().expect("the command line");
    assert_eq!(line.input.value(), "copy-users ");
    for c in TO.chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Cmd::UserCopy(UserCopyCmd::Survey { from, to, .. })]
        if from.server_id == FROM && to.server_id == TO)
    );
}
