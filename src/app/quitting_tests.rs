//! Quitting while AWS is mid-change: the question a restart asks, and the
//! writes followed from command to answer (audited under the region they
//! were sent to; a region switch waits for them).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command_line::Command;
use super::idp_users::tests::{LAMBDA, users_open};
use super::idp_users::{IdpCmd, IdpMsg, Verb, Written};
use super::server_tests::{FTPS, ftps_server, listed, press, type_text, update_cmd};
use super::*;
use crate::model::ServerState;

/// The detail of the FTPS server with a restart confirmed: the StopServer
/// request. (The confirmation's keys live here alone.)
fn restart_sent(app: &mut App) -> RequestId {
    press(app, KeyCode::Enter);
    press(app, KeyCode::Char('a'));
    type_text(app, FTPS);
    match press(app, KeyCode::Enter).as_slice() {
        [
            Cmd::Server(ServerCmd::Power {
                req, start: false, ..
            }),
        ] => *req,
        other => panic!("expected StopServer, got {other:?}"),
    }
}

/// A password rotation of the selected user confirmed: its write command.
/// (The confirmation's keys live here alone.)
fn rotation_sent(app: &mut App) -> RequestId {
    press(app, KeyCode::Char('R'));
    type_text(app, "legacy-erp");
    match press(app, KeyCode::Enter).as_slice() {
        [Cmd::Idp(IdpCmd::Write { req, .. })] => *req,
        other => panic!("expected a write, got {other:?}"),
    }
}

fn ctrl_c(app: &mut App) {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
}

fn answered(app: &mut App, req: RequestId) -> Vec<Cmd> {
    app.update(Msg::Server(ServerMsg::PowerRequested {
        req,
        result: Ok(()),
    }))
}

fn polled(app: &mut App, cmds: &[Cmd], state: ServerState) -> Vec<Cmd> {
    let [Cmd::Server(ServerCmd::Poll { req, .. })] = cmds else {
        panic!("expected a poll, got {cmds:?}");
    };
    let mut server = ftps_server();
    server.summary.state = state;
    app.update(Msg::Server(ServerMsg::Polled {
        req: *req,
        server_id: FTPS.into(),
        result: Ok(Box::new(server)),
    }))
}

#[test]
fn quitting_between_stop_and_start_asks_and_every_habitual_answer_stays() {
    let mut app = listed(false);
    restart_sent(&mut app);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit, "q mid-restart quit at once");
    let question = app.quit_question.clone().expect("a question");
    assert!(
        question.lines()[0].contains(&format!(
            "the restart of {FTPS} is between stop and start: quit anyway, leaving it OFFLINE?"
        )),
        "{question:?}"
    );
    for answer in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('n'),
        KeyCode::Char('q'),
    ] {
        press(&mut app, answer);
        assert!(!app.should_quit, "{answer:?} quit");
        assert!(
            app.quit_question.is_none(),
            "{answer:?} left the question open"
        );
        press(&mut app, KeyCode::Char('q'));
        assert!(app.quit_question.is_some());
    }
    ctrl_c(&mut app);
    assert!(
        !app.should_quit,
        "Ctrl-C on the question is not an explicit choice"
    );
    ctrl_c(&mut app);
    assert!(
        !app.should_quit && app.quit_question.is_some(),
        "Ctrl-C asks too"
    );
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit, "y is the explicit choice");
}

#[test]
fn once_aws_has_accepted_the_start_q_quits_without_asking() {
    let mut app = listed(false);
    let stop = restart_sent(&mut app);
    let poll = answered(&mut app, stop);
    let start = match polled(&mut app, &poll, ServerState::Offline).as_slice() {
        [
            Cmd::Server(ServerCmd::Power {
                req, start: true, ..
            }),
        ] => *req,
        other => panic!("expected StartServer, got {other:?}"),
    };
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit_question.is_some(), "StartServer not answered yet");
    press(&mut app, KeyCode::Esc);
    answered(&mut app, start);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn a_region_switch_waits_for_a_secret_write_and_its_audit_keeps_the_region() {
    let mut app = users_open(false);
    let req = rotation_sent(&mut app);
    let [write] = app.writes_in_flight() else {
        panic!("the rotation is not followed: {:?}", app.writes_in_flight());
    };
    assert_eq!(write.audit.region, "ap-northeast-1");
    assert_eq!(write.audit.server, LAMBDA);
    assert_eq!(write.audit.outcome, ABANDONED);

    let cmds = app.run_command(Command::Region("eu-west-1".into()));
    assert!(cmds.is_empty(), "switched mid-write: {cmds:?}");
    let notice = app.notice.clone().expect("notice").text;
    assert!(notice.contains("is being written"), "{notice}");
    assert_eq!(app.settings.region.as_deref(), Some("ap-northeast-1"));

    let name = app.writes_in_flight()[0].audit.after.clone();
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb: Verb::Rotate,
        name,
        result: Ok(Written::default()),
        afterwards: None,
    }));
    let audited: Vec<_> = cmds
        .iter()
        .filter_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry),
            _ => None,
        })
        .collect();
    assert_eq!(audited.len(), 1, "{cmds:?}");
    assert_eq!(audited[0].region, "ap-northeast-1");
    assert_eq!(audited[0].outcome, "ok");
    assert!(app.writes_in_flight().is_empty());
    // Answered: the switch goes ahead.
    let cmds = app.run_command(Command::Region("eu-west-1".into()));
    assert!(
        matches!(cmds.first(), Some(Cmd::Reconnect { .. })),
        "{cmds:?}"
    );
}

#[test]
fn a_protocol_change_in_flight_is_followed_with_what_it_changes() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let (req, _) = update_cmd(&press(&mut app, KeyCode::Char('y')));
    let [write] = app.writes_in_flight() else {
        panic!("not followed: {:?}", app.writes_in_flight());
    };
    assert_eq!(write.req, req);
    assert_eq!(write.audit.server, FTPS);
    assert_eq!(write.audit.field, "TlsSessionResumptionMode");
    assert_eq!(write.audit.before.as_deref(), Some("ENFORCED"));
}
