//! Render tests of the Probe pane: the form, and a finished probe that
//! found a wrong PASV address and a server requiring TLS session reuse.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::{App, Msg, Pane, ProbeMsg, ProbePane};
use crate::model::AwsSettings;
use crate::model::Protocol;
use crate::probe::{ProbeEvent, ServerFacts, StepKind, StepResult, Verdict};

const SERVER: &str = "s-1111111111111111a";

fn app_with_probe() -> App {
    let settings = AwsSettings {
        profile: None,
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
        ..Default::default()
    };
    let mut app = App::new(settings, false);
    app.open(Pane::Probe(Box::new(ProbePane::new(SERVER.into()))));
    app
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::from(code)));
}

fn step(target: &str, step: StepKind, verdict: Verdict, ms: u64, detail: &str) -> StepResult {
    StepResult {
        target: target.into(),
        protocol: "FTPS".into(),
        step,
        verdict,
        detail: detail.into(),
        elapsed: Duration::from_millis(ms),
    }
}

fn finished_app() -> App {
    let mut app = app_with_probe();
    press(&mut app, KeyCode::Enter);
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    let req = pane.req.unwrap();
    let facts = ServerFacts {
        server_id: SERVER.into(),
        protocols: vec![Protocol::Ftps],
        passive_ip: Some("AUTO".into()),
        tls_session_resumption_mode: Some("ENFORCED".into()),
        host_key_fingerprint: None,
        host_keys: Vec::new(),
        host_keys_unlisted: None,
        sftp_ports: vec![22],
        hostname: Some("ftps.example.com".into()),
        endpoint_addresses: vec!["10.3.1.66".into(), "203.0.113.10".into()],
        known_hosts: vec!["ftps.example.com".into()],
    };
    app.update(Msg::Probe(ProbeMsg::Prepared {
        req,
        result: Ok(Box::new(facts)),
    }));
    let a = "203.0.113.10:21";
    let steps = [
        step(
            a,
            StepKind::Dns,
            Verdict::Passed,
            0,
            "203.0.113.10 is an address (one of the endpoint's interfaces)",
        ),
        step(
            a,
            StepKind::Connect,
            Verdict::Passed,
            12,
            "connected to 203.0.113.10:21",
        ),
        step(
            a,
            StepKind::Greeting,
            Verdict::Passed,
            30,
            "220 Service ready for new user.",
        ),
        step(
            a,
            StepKind::AuthTls,
            Verdict::Passed,
            41,
            "234 AUTH command ok; TLSv1_2",
        ),
        step(
            a,
            StepKind::Certificate,
            Verdict::Passed,
            0,
            "CN=ftps.example.com, SAN ftps.example.com, valid 2026-01-01 to 2027-01-01, valid for ftps.example.com",
        ),
        step(
            a,
            StepKind::Login,
            Verdict::Passed,
            220,
            "ext-logistics: 230 User logged in, proceed.",
        ),
        step(
            a,
            StepKind::Pasv,
            Verdict::Failed,
            15,
            "227 names 10.3.1.66:8193; PassiveIp AUTO answers the private 10.3.1.66, but this client reached 203.0.113.10: clients outside the VPC cannot follow it",
        ),
        step(
            a,
            StepKind::DataConnect,
            Verdict::Passed,
            9,
            "connected to 10.3.1.66:8193",
        ),
        step(
            a,
            StepKind::DataTlsReuse,
            Verdict::Passed,
            60,
            "3 entries, TLS session reused; 226 Transfer complete.",
        ),
        step(
            a,
            StepKind::DataTlsNoReuse,
            Verdict::Failed,
            58,
            "522 Data connection must use cached TLS session",
        ),
    ];
    for result in steps {
        app.update(Msg::Probe(ProbeMsg::Event {
            req,
            event: ProbeEvent::Finished(result),
        }));
    }
    app.update(Msg::Probe(ProbeMsg::Finished { req }));
    app
}

#[test]
fn probe_form_at_80_by_24() {
    let mut app = app_with_probe();
    press(&mut app, KeyCode::Tab);
    for c in "alice".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Tab);
    for c in "hunter2".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let screen = render(&app, 80, 24);
    assert!(!screen.contains("hunter2"), "the password is drawn as dots");
    insta::assert_snapshot!(screen);
}

#[test]
fn probe_results_at_120_by_40() {
    insta::assert_snapshot!(render(&finished_app(), 120, 40));
}

#[test]
fn probe_results_at_80_by_24() {
    insta::assert_snapshot!(render(&finished_app(), 80, 24));
}

#[test]
fn a_running_step_shows_until_it_answers() {
    let mut app = app_with_probe();
    press(&mut app, KeyCode::Enter);
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    let req = pane.req.unwrap();
    app.update(Msg::Probe(ProbeMsg::Event {
        req,
        event: ProbeEvent::Started {
            target: "127.0.0.1:21".into(),
            protocol: "FTP".into(),
            step: StepKind::Connect,
        },
    }));
    let screen = render(&app, 120, 20);
    assert!(screen.contains("TCP connect"), "{screen}");
    assert!(screen.contains("Esc cancels"), "{screen}");
}

#[test]
fn a_withheld_login_is_asked_about_naming_the_risk() {
    let mut app = app_with_probe();
    press(&mut app, KeyCode::Enter);
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    let req = pane.req.unwrap();
    app.update(Msg::Probe(ProbeMsg::Event {
        req,
        event: ProbeEvent::Withheld(crate::probe::Exposure {
            user: "partner-a".into(),
            target: "10.2.1.5:21".into(),
            protocol: "FTP".into(),
            risks: vec![crate::probe::Risk::Cleartext],
        }),
    }));
    app.update(Msg::Probe(ProbeMsg::Finished { req }));
    let screen = render(&app, 120, 30);
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("sends partner-a's password in clear to 10.2.1.5:21"),
        "{screen}"
    );
    assert!(screen.contains("n / Esc"), "{screen}");
}

/// `count` more addresses' connect steps, each passed or failed.
fn more_connects(app: &mut App, count: usize, verdict: Verdict) {
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    let req = pane.req.unwrap();
    for n in 0..count {
        app.update(Msg::Probe(ProbeMsg::Event {
            req,
            event: ProbeEvent::Finished(step(
                &format!("10.3.9.{n}:21"),
                StepKind::Connect,
                verdict,
                3,
                "connection refused or made",
            )),
        }));
    }
}

#[test]
fn tab_moves_the_keys_to_the_steps_and_g_reaches_the_first() {
    let mut app = finished_app();
    // Many addresses' worth of steps: the first scroll out of view.
    more_connects(&mut app, 12, Verdict::Passed);
    let screen = render(&app, 80, 24);
    assert!(!screen.contains("DNS"), "followed the newest:\n{screen}");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('g'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("DNS"), "the first step in view:\n{screen}");
    assert!(screen.contains("What it means (Tab)"), "{screen}");
    // Tab again: the keys move what it means; the steps keep their place.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    assert_eq!(pane.cursor.selected(), 1);
    assert_eq!(pane.steps_cursor.map(|c| c.selected()), Some(0));
}

#[test]
fn the_selected_finding_stays_in_view() {
    let mut app = finished_app();
    more_connects(&mut app, 6, Verdict::Failed);
    let last = {
        let Pane::Probe(pane) = app.pane() else {
            panic!()
        };
        pane.findings().len() - 1
    };
    for _ in 0..last {
        press(&mut app, KeyCode::Down);
    }
    let Pane::Probe(pane) = app.pane() else {
        panic!()
    };
    assert!(last >= 6, "{last}");
    let fix = pane.findings()[last].fix.clone();
    let screen = render(&app, 80, 24);
    let start: String = fix.chars().take(20).collect();
    assert!(screen.contains(&start), "{start:?} not in view:\n{screen}");
}
