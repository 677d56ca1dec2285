//! Render tests: panes drawn into ratatui's TestBackend, compared with
//! reviewed snapshots (src/ui/snapshots/), at a normal and a small size.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::app::tests::{server, summary};
use crate::app::{App, Msg, RequestId};
use crate::aws::{AwsError, AwsSettings};
use crate::model::{Protocol, ServerState};

pub(super) fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw(frame, app, &Theme::default_theme()))
        .expect("draw");
    terminal.backend().to_string()
}

fn seeded_app() -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
    };
    let mut app = App::new(settings, true);
    let cmds = app.start();
    let req = match &cmds[1] {
        crate::app::Cmd::ListServers { req } => *req,
        other => panic!("unexpected {other:?}"),
    };
    let ids = [
        "s-1111111111111111a",
        "s-2222222222222222b",
        "s-3333333333333333c",
    ];
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(ids
            .iter()
            .map(|id| summary(id, ServerState::Online))
            .collect()),
    });
    let reqs: Vec<RequestId> = describes
        .iter()
        .map(|cmd| match cmd {
            crate::app::Cmd::DescribeServer { req, .. } => *req,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    app.update(Msg::ServerDescribed {
        req: reqs[0],
        server_id: ids[0].into(),
        result: Ok(Box::new(server(ids[0], "partner-ftp", &[Protocol::Ftp]))),
    });
    app.update(Msg::ServerDescribed {
        req: reqs[1],
        server_id: ids[1].into(),
        result: Err(AwsError::AccessDenied {
            action: "transfer:DescribeServer".into(),
            message: String::new(),
        }),
    });
    app
}

#[test]
fn servers_pane_at_120_by_40() {
    insta::assert_snapshot!(render(&seeded_app(), 120, 40));
}

#[test]
fn servers_pane_at_80_by_24() {
    insta::assert_snapshot!(render(&seeded_app(), 80, 24));
}

#[test]
fn help_lists_the_keymap() {
    let mut app = seeded_app();
    app.show_help = true;
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn no_region_fills_the_screen_with_what_to_do() {
    let mut app = App::new(AwsSettings::default(), false);
    app.update(Msg::Connected {
        result: Err(AwsError::NoRegion),
    });
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn a_tiny_terminal_gets_a_message_not_garbage() {
    let screen = render(&seeded_app(), 30, 5);
    assert!(screen.contains("Terminal too small"), "{screen}");
}
