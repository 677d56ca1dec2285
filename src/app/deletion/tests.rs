//! A server's deletion: keys and answers in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent};

use super::{DeletionCmd, DeletionMsg, Survey};
use crate::app::managed_users::Afterwards;
use crate::app::tests::{listing_one, server};
use crate::app::{App, Cmd, Msg, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::deletion::{DeletionSurvey, DnsRecord};
use crate::model::{AwsError, AwsSettings, Protocol};

const ID: &str = "s-0123456789abcdef0";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert!(press(app, KeyCode::Char(c)).is_empty());
    }
}

/// One FTP server listed and described.
fn listed(read_only: bool) -> App {
    listing_one(
        AwsSettings::default(),
        read_only,
        server(ID, "ftp-legacy-1a", &[Protocol::Ftp]),
    )
}

pub(crate) fn survey() -> DeletionSurvey {
    DeletionSurvey {
        server_id: ID.into(),
        users: Ok(Vec::new()),
        vpc_endpoint: Some("vpce-0a1b2c3d4e5f60718".into()),
        interfaces: Ok(vec!["eni-0a1b2c3d4e5f60718 10.2.1.5".into()]),
        elastic_ips: vec!["eipalloc-0a1b2c3d4e5f60718".into()],
        secrets: Ok(vec![
            format!("aws/transfer/{ID}/legacy-erp"),
            format!("aws/transfer/{ID}/edi-partner"),
        ]),
        host_keys: Ok(vec![crate::model::HostKey {
            id: "hostkey-0123456789abcdef0".into(),
            fingerprint: "SHA256:QQWdZ6BeYBG6CQOKkjtzqVSLWNVZEX1KlmyHPK86EBg".into(),
            kind: "ssh-rsa".into(),
            description: String::new(),
            imported: None,
        }]),
        dns: Ok(vec![DnsRecord {
            zone: "acme-logistics.example.com".into(),
            name: "ftp-1a.acme-logistics.example.com".into(),
            kind: "CNAME".into(),
            value: "vpce-0a1b2c3d4e5f60718-abc.vpce-svc.amazonaws.com".into(),
        }]),
    }
}

/// `X` on the server, and its survey read.
pub(crate) fn asked(read_only: bool) -> App {
    let mut app = listed(read_only);
    let cmds = press(&mut app, KeyCode::Char('X'));
    let [Cmd::Deletion(DeletionCmd::Survey { req, server, .. })] = cmds.as_slice() else {
        panic!("X reads what goes first: {cmds:?}");
    };
    assert_eq!(server.id(), ID);
    let req = *req;
    app.update(Msg::Deletion(DeletionMsg::Surveyed {
        req,
        survey: Box::new(survey()),
    }));
    app
}

fn delete_cmd(cmds: &[Cmd]) -> (RequestId, Vec<String>) {
    match cmds {
        [
            Cmd::Deletion(DeletionCmd::Delete {
                req,
                server_id,
                secrets,
                ..
            }),
        ] => {
            assert_eq!(server_id, ID);
            (*req, secrets.clone())
        }
        other => panic!("not a deletion: {other:?}"),
    }
}

fn audits(cmds: &[Cmd]) -> Vec<crate::model::audit::AuditEntry> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn read_only_refuses_a_deletion_before_anything_is_read() {
    let mut app = listed(true);
    assert!(press(&mut app, KeyCode::Char('X')).is_empty());
    assert!(matches!(app.pane(), Pane::Servers));
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("deleting a server") && notice.text.contains("read-only"));
}

#[test]
fn nothing_is_sent_until_the_id_or_name_is_typed_and_secrets_are_kept_by_default() {
    let mut app = asked(false);
    let Pane::DeleteServer(pane) = app.pane() else {
        panic!("the deletion pane");
    };
    assert!(matches!(pane.survey, Survey::Read(_)));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "empty never confirms"
    );
    type_text(&mut app, "s-wrong");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    for _ in 0.."s-wrong".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "ftp-legacy-1a");
    let (_, secrets) = delete_cmd(&press(&mut app, KeyCode::Enter));
    assert!(secrets.is_empty(), "kept unless asked: {secrets:?}");
    assert_eq!(app.writes_in_flight().len(), 1);
}

#[test]
fn tab_schedules_the_secrets_deletion_with_the_server() {
    let mut app = asked(false);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, ID);
    let (_, secrets) = delete_cmd(&press(&mut app, KeyCode::Enter));
    assert_eq!(secrets, survey().secrets.expect("listed"));
}

#[test]
fn a_deletion_is_audited_the_kept_secrets_named_orphans_and_the_list_read_again() {
    let mut app = asked(false);
    type_text(&mut app, ID);
    let (req, _) = delete_cmd(&press(&mut app, KeyCode::Enter));
    let cmds = app.update(Msg::Deletion(DeletionMsg::Deleted {
        req,
        server_id: ID.into(),
        result: Ok(true),
        afterwards: None,
        secrets: Vec::new(),
    }));
    let entries = audits(&cmds);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].field, "Server");
    assert_eq!(entries[0].after, "(deleted)");
    assert_eq!(entries[0].outcome, "ok");
    assert!(
        cmds.iter()
            .any(|cmd| matches!(cmd, Cmd::ListServers { .. }))
    );
    assert!(matches!(app.pane(), Pane::Servers));
    assert!(app.writes_in_flight().is_empty());
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("2 login secret(s) kept, orphans now"),
        "{}",
        notice.text
    );
}

#[test]
fn each_scheduled_secret_is_audited() {
    let mut app = asked(false);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, ID);
    let (req, secrets) = delete_cmd(&press(&mut app, KeyCode::Enter));
    let denied = AwsError::AccessDenied {
        action: "secretsmanager:DeleteSecret".into(),
        message: "no".into(),
    };
    let cmds = app.update(Msg::Deletion(DeletionMsg::Deleted {
        req,
        server_id: ID.into(),
        result: Ok(true),
        afterwards: None,
        secrets: vec![
            (secrets[0].clone(), Ok(Some("2026-12-08T04:00:00Z".into()))),
            (secrets[1].clone(), Err(denied)),
        ],
    }));
    let entries = audits(&cmds);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[1].field, "LoginSecret");
    assert_eq!(entries[1].outcome, "ok");
    assert!(
        entries[2].outcome.starts_with("failed:"),
        "{}",
        entries[2].outcome
    );
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("1 failed"), "{}", notice.text);
}

#[test]
fn a_deletion_answered_500_but_applied_says_deleted_anyway() {
    let mut app = asked(false);
    type_text(&mut app, ID);
    let (req, _) = delete_cmd(&press(&mut app, KeyCode::Enter));
    let err = AwsError::Service {
        action: "transfer:DeleteServer".into(),
        code: "InternalServerError".into(),
        message: "boom".into(),
    };
    let cmds = app.update(Msg::Deletion(DeletionMsg::Deleted {
        req,
        server_id: ID.into(),
        result: Err(err),
        afterwards: Some(Afterwards::ChangedAnyway),
        secrets: Vec::new(),
    }));
    let entries = audits(&cmds);
    assert!(
        entries[0].outcome.starts_with("deleted anyway despite"),
        "{}",
        entries[0].outcome
    );
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warning);
    assert!(notice.text.contains("anyway"), "{}", notice.text);
}

#[test]
fn esc_while_deleting_does_not_close_the_pane() {
    let mut app = asked(false);
    type_text(&mut app, ID);
    delete_cmd(&press(&mut app, KeyCode::Enter));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::DeleteServer(_)));
}
