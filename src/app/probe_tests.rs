//! Flow tests of the Probe pane inside the console: opening it from the
//! servers list and the detail, running, cancelling, running again, and
//! the fix of a finding.

use std::time::Duration;

use crossterm::event::KeyCode;

use super::server_tests::{FTPS, listed, press, type_text};
use super::*;
use crate::probe::{ProbeEvent, ServerFacts, StepKind, StepResult, Verdict};

fn probe(app: &App) -> &ProbePane {
    match app.pane() {
        Pane::Probe(pane) => pane,
        other => panic!("not the probe pane: {other:?}"),
    }
}

/// The run `req` ends: the data channel passed with TLS session reuse and
/// failed (522) without it.
fn finish_requiring_session_reuse(app: &mut App, req: RequestId) {
    for (step, verdict) in [
        (StepKind::DataTlsReuse, Verdict::Passed),
        (StepKind::DataTlsNoReuse, Verdict::Failed),
    ] {
        app.update(Msg::Probe(ProbeMsg::Event {
            req,
            event: ProbeEvent::Finished(StepResult {
                target: "127.0.0.1:21".into(),
                protocol: "FTPS".into(),
                step,
                verdict,
                detail: "522 session reuse required".into(),
                elapsed: Duration::from_millis(5),
            }),
        }));
    }
    app.update(Msg::Probe(ProbeMsg::Finished { req }));
}

fn run_req(cmds: &[Cmd]) -> RequestId {
    match cmds {
        [Cmd::Probe(ProbeCmd::Run { req, server_id, .. })] => {
            assert_eq!(server_id, FTPS);
            *req
        }
        other => panic!("expected one probe run, got {other:?}"),
    }
}

#[test]
fn shift_p_on_the_list_asks_then_runs_and_esc_cancels() {
    let mut app = listed(true); // read-only: the probe changes nothing
    press(&mut app, KeyCode::Char('P'));
    assert!(probe(&app).form.is_some());
    type_text(&mut app, "127.0.0.1:2121");
    let req = run_req(&press(&mut app, KeyCode::Enter));
    assert!(app.loading().is_some_and(|l| l.contains("Esc cancels")));
    let cmds = press(&mut app, KeyCode::Esc);
    assert_eq!(cmds, vec![Cmd::Probe(ProbeCmd::Cancel { req })]);
    assert_eq!(probe(&app).state, ProbeState::Cancelled);
    // Esc again goes back to the list.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn esc_in_the_form_closes_the_pane_without_running() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('P'));
    assert!(probe(&app).form.is_some());
    assert_eq!(press(&mut app, KeyCode::Esc), vec![]);
    assert!(matches!(app.pane(), Pane::ServerDetail(_)));
}

#[test]
fn r_runs_the_same_probe_again_and_f_opens_the_tls_dialog() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('P'));
    let req = run_req(&press(&mut app, KeyCode::Enter));
    app.update(Msg::Probe(ProbeMsg::Prepared {
        req,
        result: Ok(Box::new(ServerFacts {
            server_id: FTPS.into(),
            ..ServerFacts::default()
        })),
    }));
    finish_requiring_session_reuse(&mut app, req);
    assert_eq!(probe(&app).state, ProbeState::Done);
    assert_eq!(probe(&app).findings().len(), 1);

    let again = run_req(&press(&mut app, KeyCode::Char('r')));
    assert_ne!(again, req);
    assert!(probe(&app).steps.is_empty());
    // The old run's last word changes nothing.
    app.update(Msg::Probe(ProbeMsg::Finished { req }));
    assert_eq!(probe(&app).state, ProbeState::Preparing);
    app.update(Msg::Probe(ProbeMsg::Prepared {
        req: again,
        result: Ok(Box::default()),
    }));
    finish_requiring_session_reuse(&mut app, again);
    assert_eq!(probe(&app).state, ProbeState::Done);

    // `f` goes back to the detail the probe was opened from, with the
    // TLS chooser open; Esc closes the chooser, then the detail.
    press(&mut app, KeyCode::Char('f'));
    match app.pane() {
        Pane::ServerDetail(pane) => assert!(
            matches!(
                pane.dialog,
                Some(DetailDialog::Choose {
                    member: crate::app::Chooser::TlsResumption,
                    ..
                })
            ),
            "{:?}",
            pane.dialog
        ),
        other => panic!("not the detail: {other:?}"),
    }
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::ServerDetail(pane) if pane.dialog.is_none()));
}

#[test]
fn f_on_a_session_reuse_finding_opens_the_tls_chooser() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Char('P'));
    let req = run_req(&press(&mut app, KeyCode::Enter));
    app.update(Msg::Probe(ProbeMsg::Prepared {
        req,
        result: Ok(Box::default()),
    }));
    finish_requiring_session_reuse(&mut app, req);
    press(&mut app, KeyCode::Char('f'));
    match app.pane() {
        Pane::ServerDetail(pane) => {
            assert_eq!(pane.server_id, FTPS);
            assert!(
                matches!(
                    pane.dialog,
                    Some(DetailDialog::Choose {
                        member: crate::app::Chooser::TlsResumption,
                        ..
                    })
                ),
                "{:?}",
                pane.dialog
            );
        }
        other => panic!("not the detail: {other:?}"),
    }
}

fn withheld(target: &str) -> crate::probe::Exposure {
    crate::probe::Exposure {
        user: "partner-a".into(),
        target: target.into(),
        protocol: "FTP".into(),
        risks: vec![crate::probe::Risk::Cleartext],
    }
}

/// A run whose FTP login was withheld, ended.
fn run_withholding(app: &mut App, target: &str) -> RequestId {
    press(app, KeyCode::Char('P'));
    type_text(app, "127.0.0.1:2121");
    press(app, KeyCode::Tab);
    type_text(app, "partner-a");
    let req = run_req(&press(app, KeyCode::Enter));
    app.update(Msg::Probe(ProbeMsg::Prepared {
        req,
        result: Ok(Box::default()),
    }));
    app.update(Msg::Probe(ProbeMsg::Event {
        req,
        event: ProbeEvent::Withheld(withheld(target)),
    }));
    // The question waits for the end of the run.
    assert!(!probe(app).confirming);
    app.update(Msg::Probe(ProbeMsg::Finished { req }));
    req
}

#[test]
fn a_withheld_login_is_asked_about_and_y_runs_again_accepting_only_it() {
    let mut app = listed(true);
    let first = run_withholding(&mut app, "127.0.0.1:2121");
    assert!(probe(&app).confirming);
    // Keys other than y and n leave the question open; nothing runs.
    assert_eq!(press(&mut app, KeyCode::Enter), vec![]);
    assert_eq!(press(&mut app, KeyCode::Char('r')), vec![]);
    assert!(probe(&app).confirming);
    let cmds = press(&mut app, KeyCode::Char('y'));
    let [Cmd::Probe(ProbeCmd::Run { req, consent, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert_ne!(*req, first);
    assert_eq!(consent.exposures, vec![withheld("127.0.0.1:2121")]);
    assert!(!consent.cleartext && !consent.unverified, "{consent:?}");
    assert!(!probe(&app).confirming);
}

#[test]
fn n_or_esc_leaves_the_login_unsent() {
    for key in [KeyCode::Char('n'), KeyCode::Esc] {
        let mut app = listed(true);
        run_withholding(&mut app, "127.0.0.1:2121");
        assert_eq!(press(&mut app, key), vec![]);
        assert!(!probe(&app).confirming);
        assert!(
            app.notice
                .as_ref()
                .is_some_and(|n| n.text.contains("not sent")),
            "{:?}",
            app.notice
        );
        // `r` runs the same probe, still without acceptance.
        let cmds = press(&mut app, KeyCode::Char('r'));
        let [Cmd::Probe(ProbeCmd::Run { consent, .. })] = cmds.as_slice() else {
            panic!("{cmds:?}")
        };
        assert_eq!(consent, &crate::probe::Consent::default());
    }
}
