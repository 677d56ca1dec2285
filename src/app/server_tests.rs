//! Flow tests of the server detail pane: inspecting and changing protocol
//! settings, and every refusal.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::{server, summary};
use super::*;
use crate::model::{
    PassiveIp, Protocol, ProtocolChange, ProtocolDetails, ProtocolUpdate, Server, ServerState,
    SetStat, TlsResumption,
};

pub(super) const FTPS: &str = "s-0000000000000ftps";
pub(super) const FTP: &str = "s-00000000000000ftp";

pub(super) fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub(super) fn ftps_server() -> Server {
    let mut ftps = server(FTPS, "exchange", &[Protocol::Ftps]);
    ftps.protocol_details = ProtocolDetails {
        passive_ip: Some("AUTO".into()),
        tls_session_resumption_mode: Some("ENFORCED".into()),
        set_stat_option: Some("ENABLE_NO_OP".into()),
        sftp_ports: Vec::new(),
    };
    ftps
}

/// A console listing an FTPS and an FTP server, the FTPS one selected.
pub(super) fn listed(read_only: bool) -> App {
    let mut app = App::new(AwsSettings::default(), read_only);
    let cmds = app.start();
    let Some(Cmd::ListServers { req }) = cmds.get(1).cloned() else {
        panic!("no listing in {cmds:?}");
    };
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![
            summary(FTPS, ServerState::Online),
            summary(FTP, ServerState::Online),
        ]),
    });
    // The users' secrets are counted too (tests/app for that sweep).
    let describes = describes
        .into_iter()
        .filter(|cmd| !matches!(cmd, Cmd::CountSecretUsers { .. }));
    for cmd in describes {
        let Cmd::DescribeServer { req, server_id } = cmd else {
            panic!("unexpected {cmd:?}");
        };
        let described = if server_id == FTPS {
            ftps_server()
        } else {
            server(FTP, "legacy", &[Protocol::Ftp])
        };
        app.update(Msg::ServerDescribed {
            req,
            server_id,
            result: Ok(Box::new(described)),
        });
    }
    app
}

/// The FTPS server's PassiveIp form filled with `value` and submitted.
pub(super) fn passive_ip_typed(value: &str) -> App {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, value);
    press(&mut app, KeyCode::Enter);
    app
}

fn detail(app: &App) -> &ServerDetailPane {
    match app.pane() {
        Pane::ServerDetail(pane) => pane,
        other => panic!("not the detail pane: {other:?}"),
    }
}

pub(super) fn update_cmd(cmds: &[Cmd]) -> (RequestId, ProtocolChange) {
    match cmds {
        [Cmd::Server(ServerCmd::UpdateProtocol { req, change, .. })] => (*req, *change),
        other => panic!("expected one UpdateProtocol, got {other:?}"),
    }
}

#[test]
fn enter_opens_the_detail_and_a_tls_change_is_confirmed_then_sent_and_audited() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.breadcrumbs(), ["Servers", FTPS]);
    press(&mut app, KeyCode::Char('t'));
    // The chooser starts on the current mode.
    assert!(matches!(
        detail(&app).dialog,
        Some(DetailDialog::Choose {
            member: super::Chooser::TlsResumption,
            cursor: 2
        })
    ));
    press(&mut app, KeyCode::Up);
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "not before the confirmation"
    );
    let Some(DetailDialog::Confirm { confirm, .. }) = &detail(&app).dialog else {
        panic!("no confirmation");
    };
    assert_eq!(
        confirm.lines[0],
        "TlsSessionResumptionMode: ENFORCED → ENABLED"
    );
    let (req, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(
        change,
        ProtocolChange::TlsSessionResumptionMode(TlsResumption::Enabled)
    );

    let mut after = ftps_server();
    after.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
    let cmds = app.update(Msg::Server(ServerMsg::ProtocolUpdated {
        req,
        server_id: FTPS.into(),
        change,
        result: Ok(ProtocolUpdate {
            before: Some("ENFORCED".into()),
            server: Box::new(after),
        }),
        reread: None,
    }));
    // The pane shows the server as AWS now reports it...
    let shown = app.server(FTPS).expect("loaded");
    assert_eq!(
        shown
            .protocol_details
            .tls_session_resumption_mode
            .as_deref(),
        Some("ENABLED")
    );
    assert_eq!(
        shown.protocol_details.set_stat_option.as_deref(),
        Some("ENABLE_NO_OP")
    );
    // ...and the change is in the audit log.
    let [Cmd::Server(ServerCmd::Audit { entry })] = cmds.as_slice() else {
        panic!("expected an audit entry, got {cmds:?}");
    };
    assert_eq!(entry.field, "TlsSessionResumptionMode");
    assert_eq!(entry.before.as_deref(), Some("ENFORCED"));
    assert_eq!(entry.after, "ENABLED");
    assert_eq!(entry.outcome, "ok");
    assert_eq!(entry.server, FTPS);
}

#[test]
fn tls_mode_is_refused_for_a_server_without_ftps_and_says_why() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Char('t')).is_empty());
    assert!(detail(&app).dialog.is_none());
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("only to FTPS"), "{}", notice.text);
    assert!(notice.text.contains("FTP"), "{}", notice.text);
}

#[test]
fn a_bad_passive_ip_is_an_error_at_the_field_and_nothing_is_sent() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "10.0.0.300");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(DetailDialog::PassiveIp(form)) = &detail(&app).dialog else {
        panic!("the form must stay open");
    };
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("dotted-quad")
    );
    // Typing `q` in the field is text, not quit.
    type_text(&mut app, "q");
    assert!(!app.should_quit);
}

#[test]
fn a_good_passive_ip_is_confirmed_and_sent() {
    let mut app = passive_ip_typed("10.2.1.200");
    let Some(DetailDialog::Confirm { confirm, .. }) = &detail(&app).dialog else {
        panic!("no confirmation");
    };
    assert_eq!(confirm.lines[0], "PassiveIp: AUTO → 10.2.1.200");
    assert!(
        confirm
            .lines
            .iter()
            .any(|l| l.contains("stopped and started"))
    );
    // The Enter that sent the form does not carry on into a yes.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let (_, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(
        change,
        ProtocolChange::PassiveIp(PassiveIp::parse("10.2.1.200").expect("valid"))
    );
}

#[test]
fn a_private_passive_ip_on_an_internet_facing_server_is_warned_in_the_confirmation() {
    let mut app = listed(false);
    for row in &mut app.servers.rows {
        if let Detail::Loaded(server) = &mut row.detail {
            server.endpoint_details = Some(crate::model::EndpointDetails {
                address_allocation_ids: vec!["eipalloc-1".into(), "eipalloc-2".into()],
                ..Default::default()
            });
        }
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "10.3.1.58");
    press(&mut app, KeyCode::Enter);
    let Some(DetailDialog::Confirm { confirm, .. }) = &detail(&app).dialog else {
        panic!("no confirmation");
    };
    assert!(
        confirm
            .lines
            .iter()
            .any(|l| l.starts_with("Warning: 10.3.1.58 is a private address")
                && l.contains("single-AZ")),
        "{:?}",
        confirm.lines
    );
    // Without Elastic IPs a private address is what internal clients use.
    let app = passive_ip_typed("10.3.1.58");
    let Some(DetailDialog::Confirm { confirm, .. }) = &detail(&app).dialog else {
        panic!("no confirmation");
    };
    assert!(confirm.lines.iter().all(|l| !l.starts_with("Warning")));
}

#[test]
fn no_question_that_changes_the_server_opens_with_yes_under_enter() {
    // Each key that leads to a write, then Enter pressed again and again:
    // a chooser or a form leads to a question, never through it.
    let opening: [&[KeyCode]; 6] = [
        &[KeyCode::Char('t'), KeyCode::Up],
        &[KeyCode::Char('o'), KeyCode::Up],
        &[KeyCode::Char('p'), KeyCode::Backspace, KeyCode::Char('1')],
        &[KeyCode::Char('s')],
        &[KeyCode::Char('x')],
        &[KeyCode::Char('a')],
    ];
    for keys in opening {
        let mut app = listed(false);
        press(&mut app, KeyCode::Enter);
        for key in keys {
            press(&mut app, *key);
        }
        for _ in 0..3 {
            assert!(press(&mut app, KeyCode::Enter).is_empty(), "{keys:?}");
        }
        assert!(detail(&app).dialog.is_some(), "{keys:?}: still asking");
    }
}

#[test]
fn read_only_refuses_every_change_where_the_key_was_pressed() {
    let mut app = listed(true);
    press(&mut app, KeyCode::Enter);
    for key in ['t', 'p'] {
        assert!(press(&mut app, KeyCode::Char(key)).is_empty());
        assert!(detail(&app).dialog.is_none());
        let notice = app.notice.clone().expect("a notice");
        assert!(notice.text.starts_with("read-only"), "{}", notice.text);
    }
}

#[test]
fn a_failed_update_keeps_the_server_as_it_was_says_why_and_is_audited() {
    let denied = AwsError::AccessDenied {
        action: "transfer:UpdateServer".into(),
        message: String::new(),
    };
    let (app, cmds) = failed_tls_update(denied, None);
    assert_eq!(
        app.server(FTPS)
            .and_then(|s| s.protocol_details.tls_session_resumption_mode.as_deref()),
        Some("ENFORCED")
    );
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice.text.contains("transfer:UpdateServer"),
        "{}",
        notice.text
    );
    let [Cmd::Server(ServerCmd::Audit { entry })] = cmds.as_slice() else {
        panic!("expected an audit entry, got {cmds:?}");
    };
    assert!(entry.outcome.starts_with("failed"), "{}", entry.outcome);
    assert_eq!(entry.before.as_deref(), Some("ENFORCED"));
}

/// Sends a TLS change ENFORCED → ENABLED and answers it with `error`, and
/// with `reread` as the server read again afterwards.
fn failed_tls_update(
    error: AwsError,
    reread: Option<Result<Box<Server>, AwsError>>,
) -> (App, Vec<Cmd>) {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let (req, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    let cmds = app.update(Msg::Server(ServerMsg::ProtocolUpdated {
        req,
        server_id: FTPS.into(),
        change,
        result: Err(error),
        reread,
    }));
    (app, cmds)
}

/// A 500 from UpdateServer: whether the change took effect is unknown.
fn internal_error() -> AwsError {
    AwsError::Service {
        action: "transfer:UpdateServer".into(),
        code: "InternalServiceError".into(),
        message: "Internal service error".into(),
    }
}

fn audit_outcome(cmds: &[Cmd]) -> String {
    let [Cmd::Server(ServerCmd::Audit { entry })] = cmds else {
        panic!("expected an audit entry, got {cmds:?}");
    };
    entry.outcome.clone()
}

#[test]
fn a_failed_update_that_took_effect_anyway_says_so_and_shows_the_new_value() {
    let mut after = ftps_server();
    after.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
    let (app, cmds) = failed_tls_update(internal_error(), Some(Ok(Box::new(after))));
    assert_eq!(
        app.server(FTPS)
            .and_then(|s| s.protocol_details.tls_session_resumption_mode.as_deref()),
        Some("ENABLED")
    );
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warning);
    assert!(
        notice.text.contains("changed anyway: AWS reports ENABLED"),
        "{}",
        notice.text
    );
    assert!(audit_outcome(&cmds).starts_with("changed anyway"));
}

#[test]
fn a_failed_update_that_did_not_take_effect_says_unchanged() {
    let (app, cmds) = failed_tls_update(internal_error(), Some(Ok(Box::new(ftps_server()))));
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice
            .text
            .contains("not changed (AWS still reports ENFORCED)"),
        "{}",
        notice.text
    );
    assert!(audit_outcome(&cmds).ends_with("unchanged"));
}

#[test]
fn a_failed_update_whose_reread_fails_says_the_outcome_is_unknown() {
    let (app, cmds) = failed_tls_update(
        internal_error(),
        Some(Err(AwsError::Network {
            detail: "connection refused".into(),
        })),
    );
    assert_eq!(
        app.server(FTPS)
            .and_then(|s| s.protocol_details.tls_session_resumption_mode.as_deref()),
        Some("ENFORCED")
    );
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("unknown"), "{}", notice.text);
    assert!(audit_outcome(&cmds).contains("unknown"));
}

#[test]
fn o_chooses_set_stat_option_and_sends_it_with_a_confirmation() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('o'));
    // The chooser starts on the server's ENABLE_NO_OP.
    assert!(matches!(
        detail(&app).dialog,
        Some(DetailDialog::Choose {
            member: super::Chooser::SetStat,
            cursor: 1
        })
    ));
    // Choosing what it already is sends nothing.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(detail(&app).dialog.is_none());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("already ENABLE_NO_OP"))
    );
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let Some(DetailDialog::Confirm { confirm, .. }) = &detail(&app).dialog else {
        panic!("no confirmation");
    };
    assert_eq!(confirm.lines[0], "SetStatOption: ENABLE_NO_OP → DEFAULT");
    let (_, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(change, ProtocolChange::SetStatOption(SetStat::Default));
}

#[test]
fn set_stat_option_is_refused_in_read_only_mode() {
    let mut app = listed(true);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Char('o')).is_empty());
    assert!(detail(&app).dialog.is_none());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("read-only"))
    );
}

#[test]
fn d_on_the_detail_runs_the_doctor_for_that_server() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let shown = detail(&app).server_id.clone();
    let cmds = press(&mut app, KeyCode::Char('d'));
    let Some(Cmd::Doctor(DoctorCmd::Gather { server_id, .. })) = cmds.first() else {
        panic!("no Gather in {cmds:?}");
    };
    assert_eq!(server_id.as_deref(), Some(shown.as_str()));
    assert!(matches!(app.pane(), Pane::Doctor(_)));
}

#[test]
fn a_change_keeps_the_custom_identity_provider_s_counted_users() {
    let mut app = listed(false);
    // A refresh lists again and sweeps the login secrets: 7 for the FTPS server.
    let cmds = press(&mut app, KeyCode::Char('r'));
    let Some(Cmd::ListServers { req }) = cmds.first().cloned() else {
        panic!("no listing in {cmds:?}");
    };
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![
            summary(FTPS, ServerState::Online),
            summary(FTP, ServerState::Online),
        ]),
    });
    let Some(Cmd::CountSecretUsers { req: sweep, .. }) = cmds.last().cloned() else {
        panic!("no sweep in {cmds:?}");
    };
    app.update(Msg::SecretUsersCounted {
        req: sweep,
        result: Ok([(FTPS.to_string(), 7)].into()),
    });
    let users = |app: &App| {
        app.servers
            .rows
            .iter()
            .find(|row| row.summary.id == FTPS)
            .and_then(|row| row.summary.user_count)
    };
    assert_eq!(users(&app), Some(7));

    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let (req, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    // UpdateServer's answer is DescribeServer's: UserCount 0 for a custom IdP.
    let mut after = ftps_server();
    after.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
    assert_eq!(after.summary.user_count, Some(0));
    app.update(Msg::Server(ServerMsg::ProtocolUpdated {
        req,
        server_id: FTPS.into(),
        change,
        result: Ok(ProtocolUpdate {
            before: Some("ENFORCED".into()),
            server: Box::new(after),
        }),
        reread: None,
    }));
    assert_eq!(
        users(&app),
        Some(7),
        "the counted users stay after a change"
    );
}

#[test]
fn an_audit_entry_names_the_account_and_the_endpoint() {
    let mut app = listed(false);
    app.settings.endpoint_url = Some("http://127.0.0.1:5000".into());
    app.update(Msg::Connected {
        result: Ok(Identity {
            region: "ap-northeast-1".into(),
            account: "123456789012".into(),
        }),
    });
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let (req, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    let cmds = app.update(Msg::Server(ServerMsg::ProtocolUpdated {
        req,
        server_id: FTPS.into(),
        change,
        result: Ok(ProtocolUpdate {
            before: Some("ENFORCED".into()),
            server: Box::new(ftps_server()),
        }),
        reread: None,
    }));
    let [Cmd::Server(ServerCmd::Audit { entry })] = cmds.as_slice() else {
        panic!("expected an audit entry, got {cmds:?}");
    };
    assert_eq!(entry.account.as_deref(), Some("123456789012"));
    assert_eq!(entry.endpoint.as_deref(), Some("http://127.0.0.1:5000"));
}
