//! The servers list of a sweep: REGION and ACCOUNT columns, and a failed
//! region as one row.

use super::tests::render;
use crate::app::tests::{server, summary};
use crate::app::{App, Cmd, Msg, Sweep, SweepMsg};
use crate::model::scope::{Regions, Scope, SweepPlan};
use crate::model::{AwsError, AwsSettings, Protocol, ServerState};

fn swept_app() -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        ..Default::default()
    };
    let mut app = App::new(settings, true);
    app.servers.sweep = Some(Sweep::new(SweepPlan {
        profiles: vec![Some("ops".into()), Some("audit".into())],
        regions: Regions::All,
    }));
    let req = app
        .start()
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Sweep { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a sweep");
    let scope = |profile: &str, region: &str| Scope {
        profile: Some(profile.into()),
        region: region.into(),
    };
    let rows = [
        (
            "ops",
            "ap-northeast-1",
            "111111111111",
            "s-1111111111111111a",
            "partner-ftp",
        ),
        (
            "ops",
            "us-east-1",
            "111111111111",
            "s-2222222222222222b",
            "east-sftp",
        ),
        (
            "audit",
            "eu-west-1",
            "222222222222",
            "s-3333333333333333c",
            "audit-drop",
        ),
    ];
    for (profile, region, account, id, name) in rows {
        let mut listed = summary(id, ServerState::Online);
        listed.arn = format!("arn:aws:transfer:{region}:{account}:server/{id}");
        app.update(Msg::Sweep(SweepMsg::Listed {
            req,
            scope: scope(profile, region),
            result: Ok(vec![listed.clone()]),
        }));
        let mut described = server(id, name, &[Protocol::Sftp]);
        described.summary = listed;
        app.update(Msg::Sweep(SweepMsg::Described {
            req,
            scope: scope(profile, region),
            server_id: id.into(),
            result: Ok(Box::new(described)),
        }));
    }
    app.update(Msg::Sweep(SweepMsg::Listed {
        req,
        scope: scope("audit", "ap-south-1"),
        result: Err(AwsError::AccessDenied {
            action: "transfer:ListServers".into(),
            message: "explicit deny in a service control policy".into(),
        }),
    }));
    app.update(Msg::Sweep(SweepMsg::Done { req, error: None }));
    app
}

#[test]
fn a_sweep_shows_region_and_account_and_a_failed_region_as_one_row() {
    let app = swept_app();
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("REGION") && screen.contains("ACCOUNT"),
        "{screen}"
    );
    assert!(screen.contains("ap-south-1"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn without_a_sweep_there_is_no_region_column() {
    let app = super::tests::seeded_app();
    let screen = render(&app, 120, 40);
    assert!(!screen.contains("REGION"), "{screen}");
}
