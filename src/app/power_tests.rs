//! Flow tests of stop, start and restart: every state AWS can report, AWS
//! errors mid-way, time-outs, and leaving before the end.

use crossterm::event::KeyCode;

use super::server_tests::{
    FTP, FTPS, ftps_server, listed, passive_ip_typed, press, type_text, update_cmd,
};
use super::*;
use crate::model::{ProtocolUpdate, Server, ServerState};

fn power_cmd(cmds: &[Cmd]) -> (RequestId, bool) {
    match cmds {
        [Cmd::Server(ServerCmd::Power { req, start, .. })] => (*req, *start),
        other => panic!("expected StartServer/StopServer, got {other:?}"),
    }
}

fn poll_cmd(cmds: &[Cmd]) -> RequestId {
    match cmds {
        [Cmd::Server(ServerCmd::Poll { req, .. })] => *req,
        other => panic!("expected a poll, got {other:?}"),
    }
}

fn audit(cmds: &[Cmd]) -> &crate::model::audit::AuditEntry {
    match cmds {
        [Cmd::Server(ServerCmd::Audit { entry })] => entry,
        other => panic!("expected an audit entry, got {other:?}"),
    }
}

fn in_state(state: ServerState) -> Box<Server> {
    let mut server = ftps_server();
    server.summary.state = state;
    Box::new(server)
}

fn requested(app: &mut App, req: RequestId) -> RequestId {
    poll_cmd(&app.update(Msg::Server(ServerMsg::PowerRequested {
        req,
        result: Ok(()),
    })))
}

fn polled(app: &mut App, req: RequestId, state: ServerState) -> Vec<Cmd> {
    app.update(Msg::Server(ServerMsg::Polled {
        req,
        server_id: FTPS.into(),
        result: Ok(in_state(state)),
    }))
}

/// The detail of the FTPS server, with a stop confirmed.
fn stopping() -> (App, RequestId) {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('x'));
    // `y` is not enough for a stop: the id or Name must be typed.
    assert!(press(&mut app, KeyCode::Char('y')).is_empty());
    press(&mut app, KeyCode::Backspace);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    type_text(&mut app, "exchange");
    let (req, start) = power_cmd(&press(&mut app, KeyCode::Enter));
    assert!(!start);
    (app, req)
}

#[test]
fn a_stop_is_followed_until_offline_and_audited() {
    let (mut app, req) = stopping();
    let poll = requested(&mut app, req);
    let poll = poll_cmd(&polled(&mut app, poll, ServerState::Stopping));
    assert_eq!(app.loading().as_deref(), Some("stop: ONLINE → STOPPING"));
    // The list shows what AWS reports meanwhile.
    assert_eq!(app.servers.rows[0].summary.state, ServerState::Stopping);
    let cmds = polled(&mut app, poll, ServerState::Offline);
    let entry = audit(&cmds);
    assert_eq!(
        (
            entry.field.as_str(),
            entry.before.as_deref(),
            entry.after.as_str()
        ),
        ("State", Some("ONLINE"), "OFFLINE")
    );
    assert_eq!(entry.outcome, "ok");
    assert!(app.power.flows.is_empty());
    assert!(
        app.notice
            .clone()
            .expect("notice")
            .text
            .contains("OFFLINE (done)")
    );
}

#[test]
fn a_passive_ip_update_offers_apply_now_which_stops_then_starts_until_online() {
    let mut app = passive_ip_typed("10.2.1.200");
    let (req, change) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    let mut after = ftps_server();
    after.protocol_details.passive_ip = Some("10.2.1.200".into());
    app.update(Msg::Server(ServerMsg::ProtocolUpdated {
        req,
        server_id: FTPS.into(),
        change,
        result: Ok(ProtocolUpdate {
            before: Some("AUTO".into()),
            server: Box::new(after),
        }),
        reread: None,
    }));
    let Pane::ServerDetail(pane) = app.pane() else {
        panic!("detail closed");
    };
    let Some(DetailDialog::Power { plan, confirm }) = &pane.dialog else {
        panic!("apply now is not offered");
    };
    assert_eq!(*plan, PowerPlan::Restart);
    assert!(confirm.lines.iter().any(|l| l.contains("cut off")));

    // The question opened by itself: a second Enter, or `y`, restarts
    // nothing; the server's id or Name must be typed.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(press(&mut app, KeyCode::Char('y')).is_empty());
    press(&mut app, KeyCode::Backspace);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(matches!(
        app.pane(),
        Pane::ServerDetail(pane) if matches!(pane.dialog, Some(DetailDialog::Power { .. }))
    ));
    type_text(&mut app, FTPS);
    let (req, start) = power_cmd(&press(&mut app, KeyCode::Enter));
    assert!(!start, "a restart stops first");
    let poll = requested(&mut app, req);
    let (req, start) = power_cmd(&polled(&mut app, poll, ServerState::Offline));
    assert!(start, "then starts");
    let poll = requested(&mut app, req);
    let poll = poll_cmd(&polled(&mut app, poll, ServerState::Starting));
    let cmds = polled(&mut app, poll, ServerState::Online);
    assert_eq!(audit(&cmds).outcome, "ok");
    let notice = app.notice.clone().expect("notice").text;
    assert!(
        notice.contains("ONLINE → OFFLINE → STARTING → ONLINE"),
        "{notice}"
    );
}

#[test]
fn an_aws_error_mid_restart_says_what_state_the_server_was_left_in() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "exchange");
    let (req, _) = power_cmd(&press(&mut app, KeyCode::Enter));
    let poll = requested(&mut app, req);
    let (req, _) = power_cmd(&polled(&mut app, poll, ServerState::Offline));
    let cmds = app.update(Msg::Server(ServerMsg::PowerRequested {
        req,
        result: Err(AwsError::AccessDenied {
            action: "transfer:StartServer".into(),
            message: String::new(),
        }),
    }));
    assert!(audit(&cmds).outcome.starts_with("StartServer failed"));
    let notice = app.notice.clone().expect("notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice.text.contains("the server is OFFLINE"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains("transfer:StartServer"),
        "{}",
        notice.text
    );
}

#[test]
fn stop_failed_and_time_outs_are_reported_plainly() {
    let (mut app, req) = stopping();
    let poll = requested(&mut app, req);
    let cmds = polled(&mut app, poll, ServerState::StopFailed);
    assert_eq!(audit(&cmds).outcome, "STOP_FAILED");
    assert!(
        app.notice
            .clone()
            .expect("notice")
            .text
            .contains("ended STOP_FAILED")
    );

    let mut app = listed(false);
    app.power.limit = 2;
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('s'));
    let (req, start) = power_cmd(&press(&mut app, KeyCode::Char('y')));
    assert!(start);
    let poll = requested(&mut app, req);
    let poll = poll_cmd(&polled(&mut app, poll, ServerState::Starting));
    let cmds = polled(&mut app, poll, ServerState::Starting);
    assert!(audit(&cmds).outcome.starts_with("timed out"));
    assert!(
        app.notice
            .clone()
            .expect("notice")
            .text
            .contains("the server is STARTING")
    );
}

#[test]
fn leaving_mid_way_says_the_flow_goes_on_and_quitting_reports_the_state() {
    let (mut app, req) = stopping();
    let poll = requested(&mut app, req);
    polled(&mut app, poll, ServerState::Stopping);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.breadcrumbs(), ["Servers"]);
    let notice = app.notice.clone().expect("notice").text;
    assert!(notice.contains("now ONLINE → STOPPING"), "{notice}");
    // What is said and audited is what AWS reports at exit, not what was seen.
    let at_exit = |_: &str| "OFFLINE".to_string();
    let [unfinished] = app.unfinished_work(&at_exit).try_into().expect("one flow");
    assert_eq!(
        unfinished.message,
        format!("stop of {FTPS} unfinished: AWS reports OFFLINE at exit")
    );
    // Quitting now is recorded, not silent.
    assert_eq!(unfinished.audit.server, FTPS);
    assert_eq!(unfinished.audit.field, "State");
    assert_eq!(unfinished.audit.before.as_deref(), Some("ONLINE"));
    assert_eq!(unfinished.audit.after, "OFFLINE");
    assert_eq!(
        unfinished.audit.outcome,
        "abandoned: the console quit; AWS reported OFFLINE at exit"
    );
}

#[test]
fn read_only_refuses_start_stop_and_restart() {
    let mut app = listed(true);
    press(&mut app, KeyCode::Enter);
    for (key, doing) in [('s', "starting"), ('x', "stopping"), ('a', "restarting")] {
        assert!(press(&mut app, KeyCode::Char(key)).is_empty());
        let notice = app.notice.clone().expect("notice").text;
        assert!(
            notice.starts_with(&format!("read-only: {doing} a server")),
            "{notice}"
        );
    }
}

#[test]
fn the_list_polls_rows_that_are_starting_until_they_settle() {
    let mut app = listed(false);
    let req = match press(&mut app, KeyCode::Char('r')).as_slice() {
        [Cmd::ListServers { req }] => *req,
        other => panic!("{other:?}"),
    };
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![super::tests::summary(FTP, ServerState::Starting)]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describes.first().cloned() else {
        panic!("no describe");
    };
    let mut starting = super::tests::server(FTP, "legacy", &[crate::model::Protocol::Ftp]);
    starting.summary.state = ServerState::Starting;
    let cmds = app.update(Msg::ServerDescribed {
        req,
        server_id: FTP.into(),
        result: Ok(Box::new(starting)),
    });
    let poll = poll_cmd(&cmds);
    let mut online = super::tests::server(FTP, "legacy", &[crate::model::Protocol::Ftp]);
    online.summary.state = ServerState::Online;
    let cmds = app.update(Msg::Server(ServerMsg::Polled {
        req: poll,
        server_id: FTP.into(),
        result: Ok(Box::new(online)),
    }));
    assert!(cmds.is_empty(), "settled: no more polls");
    assert_eq!(app.servers.rows[0].summary.state, ServerState::Online);
}
