//! A sweep of several regions and profiles: rows by scope as they arrive,
//! one row per failed scope, and opening a row of another scope.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::{server, summary};
use super::*;
use crate::model::ServerState;
use crate::model::scope::{Regions, Scope, SweepPlan};

fn scope(region: &str) -> Scope {
    Scope {
        profile: None,
        region: region.to_string(),
    }
}

fn summary_in(id: &str, region: &str) -> crate::model::ServerSummary {
    let mut summary = summary(id, ServerState::Online);
    summary.arn = format!("arn:aws:transfer:{region}:123456789012:server/{id}");
    summary
}

/// An app connected to ap-northeast-1, sweeping two regions.
fn swept() -> (App, RequestId) {
    let settings = AwsSettings {
        region: Some("ap-northeast-1".into()),
        ..AwsSettings::default()
    };
    let mut app = App::new(settings, false);
    let regions = Regions::Listed(vec!["ap-northeast-1".into(), "us-east-1".into()]);
    app.servers.sweep = Some(Sweep::new(SweepPlan {
        profiles: vec![None],
        regions,
    }));
    let cmds = app.start();
    assert!(
        !cmds
            .iter()
            .any(|cmd| matches!(cmd, Cmd::ListServers { .. }))
    );
    let req = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Sweep { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a sweep on start");
    app.update(Msg::Connected {
        result: Ok(Identity {
            region: "ap-northeast-1".into(),
            account: "123456789012".into(),
        }),
    });
    (app, req)
}

fn listed(req: RequestId, region: &str, ids: &[&str]) -> Msg {
    Msg::Sweep(SweepMsg::Listed {
        req,
        scope: scope(region),
        result: Ok(ids.iter().map(|id| summary_in(id, region)).collect()),
    })
}

#[test]
fn rows_arrive_region_by_region_in_any_order_and_describes_land_on_their_scope() {
    let (mut app, req) = swept();
    // The faster region answers first: its rows show at once.
    app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
    assert_eq!(app.servers.rows.len(), 1);
    assert!(app.loading().is_some_and(|l| l.contains("listing servers")));
    // A describe answers before the slower region has listed.
    app.update(Msg::Sweep(SweepMsg::Described {
        req,
        scope: scope("us-east-1"),
        server_id: "s-east0000000000001".into(),
        result: Ok(Box::new(server("s-east0000000000001", "east", &[]))),
    }));
    app.update(listed(
        req,
        "ap-northeast-1",
        &["s-tokyo000000000001", "s-tokyo000000000002"],
    ));
    app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
    assert_eq!(app.servers.rows.len(), 3);
    assert_eq!(app.servers.listing, Listing::Loaded);
    let east = app
        .servers
        .rows
        .iter()
        .find(|row| row.summary.id == "s-east0000000000001")
        .expect("the east row");
    assert_eq!(east.scope, Some(scope("us-east-1")));
    assert!(east.server().is_some());
    // REGION filters like the other columns.
    app.servers.set_filter("us-east");
    assert_eq!(app.servers.shown_len(), 1);
    // A stale sweep's answer is dropped.
    app.update(listed(
        RequestId(9999),
        "eu-west-1",
        &["s-stale00000000001"],
    ));
    app.servers.set_filter("");
    assert_eq!(app.servers.shown_len(), 3);
}

#[test]
fn a_failed_region_is_one_row_and_the_others_stay() {
    let (mut app, req) = swept();
    app.update(listed(req, "ap-northeast-1", &["s-tokyo000000000001"]));
    app.update(Msg::Sweep(SweepMsg::Listed {
        req,
        scope: scope("us-east-1"),
        result: Err(AwsError::AccessDenied {
            action: "transfer:ListServers".into(),
            message: "denied by an SCP".into(),
        }),
    }));
    app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
    let sweep = app.servers.sweep.as_ref().expect("the sweep");
    assert_eq!(sweep.failed.len(), 1);
    assert_eq!(sweep.failed[0].0, scope("us-east-1"));
    assert_eq!(app.servers.rows.len(), 1);
    assert!(app.blocking_problem().is_none());
}

#[test]
fn opening_a_row_of_another_region_switches_the_session_first_and_keeps_the_list() {
    let (mut app, req) = swept();
    app.update(listed(req, "ap-northeast-1", &["s-tokyo000000000001"]));
    app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
    app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
    // The first row is the active region's: Enter opens it as always.
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(!cmds.iter().any(|cmd| matches!(cmd, Cmd::Reconnect { .. })));
    app.back();
    app.update(Msg::Key(KeyEvent::from(KeyCode::Down)));
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Char('u'))));
    match cmds.first() {
        Some(Cmd::Reconnect { settings, .. }) => {
            assert_eq!(settings.region.as_deref(), Some("us-east-1"));
        }
        other => panic!("a switch to the row's region first: {other:?}"),
    }
    assert!(cmds.len() > 1, "then the pane's own commands: {cmds:?}");
    assert_eq!(app.servers.rows.len(), 2, "the swept list stays");
    assert_eq!(app.region(), Some("us-east-1"));
}

#[test]
fn every_key_that_opens_something_of_a_row_switches_to_its_region_first() {
    // l (activity), i (identity provider), X (delete), C (clone), d, P and b as well.
    for key in ['l', 'i', 'X', 'C', 'd', 'P', 'b'] {
        let (mut app, req) = swept();
        app.update(listed(req, "ap-northeast-1", &["s-tokyo000000000001"]));
        app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
        app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
        app.update(Msg::Key(KeyEvent::from(KeyCode::Down)));
        let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Char(key))));
        match cmds.first() {
            Some(Cmd::Reconnect { settings, .. }) => {
                assert_eq!(settings.region.as_deref(), Some("us-east-1"), "{key}");
            }
            other => panic!("{key}: a switch to the row's region first: {other:?}"),
        }
    }
}

#[test]
fn a_new_server_is_not_about_the_row_and_keeps_the_active_region() {
    let (mut app, req) = swept();
    app.update(listed(req, "ap-northeast-1", &["s-tokyo000000000001"]));
    app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
    app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
    app.update(Msg::Key(KeyEvent::from(KeyCode::Down)));
    let active = app.region().map(str::to_string);
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Char('N'))));
    assert!(
        !cmds.iter().any(|cmd| matches!(cmd, Cmd::Reconnect { .. })),
        "{cmds:?}"
    );
    assert!(matches!(
        app.stack.last(),
        Some(crate::app::Pane::Create(_))
    ));
    assert_eq!(app.region().map(str::to_string), active);
}

#[test]
fn a_switch_to_a_rows_region_waits_for_unanswered_writes() {
    let (mut app, req) = swept();
    app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
    app.power.flows.push(PowerFlow {
        server_id: "s-tokyo000000000009".into(),
        plan: PowerPlan::Restart,
        starting: false,
        start_accepted: false,
        awaiting: RequestId(77),
        polls: 0,
        seen: Vec::new(),
    });
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(app.stack.len(), 1);
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("switch when"))
    );
}

#[test]
fn region_all_and_comma_lists_on_the_command_line_start_a_sweep() {
    let mut app = App::new(AwsSettings::default(), false);
    let cmds = app.run_command(command_line::parse("region all").expect("parses"));
    assert!(
        matches!(&cmds[..], [Cmd::Sweep { plan, .. }] if plan.regions == Regions::All),
        "{cmds:?}"
    );
    let parsed = command_line::parse("region ap-northeast-1,tokyo");
    assert!(parsed.is_err());
}

#[test]
fn rows_take_their_profiles_account_from_get_caller_identity() {
    let (mut app, req) = swept();
    app.update(Msg::Sweep(SweepMsg::Account {
        req,
        profile: None,
        account: "210987654321".into(),
    }));
    app.update(listed(req, "us-east-1", &["s-east0000000000001"]));
    let row = &app.servers.rows[0];
    // The ARN says 123456789012; the profile's own identity wins.
    assert_eq!(sweep::account_label(row), "210987654321");
}
