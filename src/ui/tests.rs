//! Render tests: panes drawn into ratatui's TestBackend, compared with
//! reviewed snapshots (src/ui/snapshots/), at a normal and a small size.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::app::tests::{server, summary};
use crate::app::{App, Msg, RequestId};
use crate::model::{AwsError, AwsSettings};
use crate::model::{Protocol, ServerState};

pub(super) fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw(frame, app, &Theme::default_theme()))
        .expect("draw");
    terminal.backend().to_string()
}

pub(super) fn seeded_app() -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
        ..Default::default()
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
        .filter(|cmd| !matches!(cmd, crate::app::Cmd::CountSecretUsers { .. }))
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

mod objects {
    use super::render;
    use crate::app::objects::{ObjectsCmd, ObjectsMsg};
    use crate::app::{App, Cmd, Msg, RequestId};
    use crate::model::objects::{Entries, EntryKind, ObjectDetail, ObjectPage};
    use crate::model::preview::Preview;
    use crate::model::{AwsError, AwsSettings};
    use crossterm::event::{KeyCode, KeyEvent};

    fn first_req(cmds: &[Cmd]) -> RequestId {
        match cmds.first() {
            Some(Cmd::Objects(
                ObjectsCmd::ListPage { req, .. }
                | ObjectsCmd::Head { req, .. }
                | ObjectsCmd::Preview { req, .. },
            )) => *req,
            other => panic!("unexpected {other:?}"),
        }
    }

    /// A home prefix with a folder and uploads, first page of two.
    fn browser() -> App {
        let mut app = App::new(AwsSettings::default(), false);
        let req = first_req(&app.open_objects("acme-partner-drop", "partner-a/", Some("/inbound")));
        let mut entries = Entries::default();
        entries.push("archive/", EntryKind::Folder, 0, 0).unwrap();
        for (i, size) in [47u64, 36, 1_843_200, 0].iter().enumerate() {
            entries
                .push(
                    &format!("orders-202611{:02}.csv", 20 + i),
                    EntryKind::Object,
                    *size,
                    1_795_312_980 + i as i64 * 86_400,
                )
                .unwrap();
        }
        app.update(Msg::Objects(ObjectsMsg::PageListed {
            req,
            result: Ok(ObjectPage {
                entries,
                next_token: None,
            }),
        }));
        app.update(Msg::Key(KeyEvent::from(KeyCode::Down)));
        app
    }

    #[test]
    fn browser_at_120_by_40() {
        insta::assert_snapshot!(render(&browser(), 120, 40));
    }

    #[test]
    fn browser_at_80_by_24() {
        insta::assert_snapshot!(render(&browser(), 80, 24));
    }

    #[test]
    fn a_denied_prefix_says_which_action() {
        let mut app = App::new(AwsSettings::default(), false);
        let req = first_req(&app.open_objects("acme-legacy-ftp", "batch/", None));
        app.update(Msg::Objects(ObjectsMsg::PageListed {
            req,
            result: Err(AwsError::AccessDenied {
                action: "s3:ListBucket".into(),
                message: String::new(),
            }),
        }));
        insta::assert_snapshot!(render(&app, 80, 24));
    }

    #[test]
    fn detail_at_80_by_24() {
        let mut app = browser();
        let req = first_req(&app.update(Msg::Key(KeyEvent::from(KeyCode::Char('i')))));
        app.update(Msg::Objects(ObjectsMsg::Described {
            req,
            result: Ok(ObjectDetail {
                key: "partner-a/orders-20261120.csv".into(),
                size: 47,
                modified: Some(1_795_312_980),
                etag: Some("\"9b2cf535f27731c974343645a3985328\"".into()),
                storage_class: Some("STANDARD".into()),
                content_type: Some("text/csv".into()),
                metadata: [("uploaded-by".to_string(), "partner-a".to_string())].into(),
            }),
        }));
        insta::assert_snapshot!(render(&app, 80, 24));
    }

    #[test]
    fn preview_shows_text_without_escapes() {
        let mut app = browser();
        let req = first_req(&app.update(Msg::Key(KeyEvent::from(KeyCode::Char('p')))));
        app.update(Msg::Objects(ObjectsMsg::Previewed {
            req,
            result: Ok(Preview::from_bytes(
                b"order_id,sku,qty\n1001,SKU-001,4\n\x1b[31mred\x1b[0m\n",
                100_000,
            )),
        }));
        let screen = render(&app, 80, 24);
        assert!(!screen.contains('\u{1b}'));
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn binary_preview_is_a_note() {
        let mut app = browser();
        let req = first_req(&app.update(Msg::Key(KeyEvent::from(KeyCode::Char('p')))));
        app.update(Msg::Objects(ObjectsMsg::Previewed {
            req,
            result: Ok(Preview::from_bytes(b"\x00\x01\x02", 3)),
        }));
        let screen = render(&app, 80, 24);
        assert!(screen.contains("Binary object"), "{screen}");
    }
}

#[test]
fn a_finding_s_command_is_one_line_however_narrow_the_pane() {
    use crate::app::{Cmd, DoctorCmd, DoctorMsg};
    use crossterm::event::{KeyCode, KeyEvent};
    let mut app = seeded_app();
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Char('D'))));
    let Some(Cmd::Doctor(DoctorCmd::Gather { req, .. })) = cmds.first().cloned() else {
        panic!("no Gather in {cmds:?}");
    };
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(crate::doctor::rules_testing_estate())),
    }));
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|row| row.contains("$ aws ec2 authorize-security-group-ingress"))
        .unwrap_or_else(|| panic!("no command line in\n{screen}"));
    // Sorted by severity, the narrow column keeps its arrow.
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('s'))));
    let sorted = render(&app, 80, 24);
    assert!(
        sorted.contains("SEVERIT▲") || sorted.contains("SEVERIT▼"),
        "{sorted}"
    );
    // The next row is the copy hint, not the command's continuation.
    assert!(
        rows[at + 1].contains("press y to copy the whole command"),
        "{screen}"
    );
}

#[test]
fn two_user_secrets_of_one_server_are_told_apart_with_the_full_name_in_the_detail() {
    use crate::app::{Cmd, DoctorCmd, DoctorMsg, Pane};
    use crate::doctor::{Finding, Severity};
    use crossterm::event::{KeyCode, KeyEvent};
    let mut app = seeded_app();
    let cmds = app.update(Msg::Key(KeyEvent::from(KeyCode::Char('D'))));
    let Some(Cmd::Doctor(DoctorCmd::Gather { req, .. })) = cmds.first().cloned() else {
        panic!("no Gather in {cmds:?}");
    };
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(crate::doctor::rules_testing_estate())),
    }));
    let erp = "aws/transfer/s-6be756271a1b2ca5f/erp";
    let batch = "aws/transfer/s-6be756271a1b2ca5f/nightly-batch";
    if let Some(Pane::Doctor(doctor)) = app.stack.last_mut() {
        let summary = crate::doctor::report::Summary {
            servers_checked: 1,
            errors: 2,
            warnings: 0,
            info: 0,
            monthly_cost_usd: 0.0,
        };
        doctor.show(
            vec![
                Finding::new("user-secret", Severity::Error, erp, "no Role"),
                Finding::new("user-secret", Severity::Error, batch, "no Role"),
            ],
            summary,
        );
    }
    let screen = render(&app, 80, 24);
    assert!(screen.contains("erp · s-6be7…a5f"), "{screen}");
    assert!(screen.contains("nightly-batch · s-6be7…a5f"), "{screen}");
    assert!(
        screen.contains(&format!("user-secret · {erp}")),
        "the detail's title: {screen}"
    );
    assert!(screen.contains("press Enter to open"), "{screen}");
}

#[test]
fn a_plain_http_endpoint_off_this_machine_is_flagged_on_the_status_bar() {
    let at = |url: &str| {
        App::new(
            AwsSettings {
                region: Some("ap-northeast-1".into()),
                endpoint_url: Some(url.into()),
                ..AwsSettings::default()
            },
            false,
        )
    };
    let last_line = |screen: String| screen.lines().last().unwrap_or_default().to_string();

    let mut remote = at("http://10.2.1.5:4566");
    // Too long to follow the context, the warning takes its own line above
    // it: the context is never covered.
    let screen = render(&remote, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let (first, context) = (lines[lines.len() - 2], lines[lines.len() - 1]);
    assert!(
        first.contains("plain HTTP to 10.2.1.5: AWS calls are signed, not encrypted"),
        "{first}"
    );
    assert!(
        context.contains("region ap-northeast-1 │ account … │ endpoint http://10.2.1.5:4566"),
        "{context}"
    );
    // A key clears the notice; the marker stays.
    remote.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('j'),
    )));
    let after = last_line(render(&remote, 80, 24));
    assert!(after.contains("NOT ENCRYPTED"), "{after}");

    for safe in ["http://127.0.0.1:4566", "https://10.2.1.5:4566"] {
        let screen = last_line(render(&at(safe), 120, 40));
        assert!(
            !screen.contains("ENCRYPTED") && !screen.contains("encrypted"),
            "{safe}: {screen}"
        );
    }
}

#[test]
fn at_60_columns_the_breadcrumb_gives_way_before_the_keys() {
    use crate::app::Pane;
    use crate::app::objects::ObjectsPane;
    let mut app = seeded_app();
    for prefix in [
        "warehouse/",
        "warehouse/archive/",
        "warehouse/archive/2026-november/",
    ] {
        app.open(Pane::Objects(Box::new(ObjectsPane::at(
            "acme-legacy-ftp",
            prefix,
            None,
        ))));
    }
    let screen = render(&app, 60, 20);
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("? help  q quit"), "{title}");
    // The pane at hand stays, the first crumbs give way to "…".
    assert!(title.contains("› … › 2026-november/"), "{title}");
    assert!(!title.contains("Servers"), "{title}");
    let wide = render(&app, 120, 40);
    let title = wide.lines().next().unwrap_or_default();
    assert!(title.contains("› Servers › warehouse/"), "{title}");
}

#[test]
fn a_narrow_sorted_column_keeps_its_arrow_and_protocols_outlast_identity() {
    use crossterm::event::{KeyCode, KeyEvent};
    let mut app = seeded_app();
    // s moves the sort to the next column until USERS (5 wide) is sorted.
    for _ in 0..7 {
        app.update(Msg::Key(KeyEvent::from(KeyCode::Char('s'))));
    }
    let screen = render(&app, 120, 40);
    let header = screen.lines().nth(2).unwrap_or_default();
    assert!(
        header.contains("USER▲") || header.contains("USER▼"),
        "{header}"
    );
    // At 80 columns PROTOCOLS stays; IDENTITY and the cost give way.
    let narrow = render(&seeded_app(), 80, 24);
    let header = narrow.lines().nth(2).unwrap_or_default();
    assert!(header.contains("PROTOCOLS"), "{header}");
    assert!(!header.contains("IDENTITY"), "{header}");
}

#[test]
fn every_pane_ends_with_its_key_hint_and_a_dialog_hides_it() {
    use crossterm::event::{KeyCode, KeyEvent};
    let mut app = seeded_app();
    let bottom = |app: &App| {
        let screen = render(app, 120, 40);
        let rows: Vec<String> = screen.lines().map(str::to_string).collect();
        rows[rows.len() - 2].clone()
    };
    let servers = bottom(&app);
    assert!(
        servers.contains("d doctor") && servers.contains("? all keys"),
        "{servers}"
    );
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('D'))));
    let doctor = bottom(&app);
    assert!(
        doctor.contains("f make the selected finding's fix"),
        "{doctor}"
    );
    assert!(doctor.contains("? all keys"), "{doctor}");
    // The command line takes the keys: no hint under it.
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char(':'))));
    assert!(!render(&app, 120, 40).contains("? all keys"));
}

#[test]
fn a_message_follows_the_context_and_the_log_keeps_every_one_with_its_time() {
    let mut app = seeded_app();
    app.messages.clock = || "01:02:03".to_string();
    app.notify(crate::app::NoticeLevel::Info, "copied s-1111111111111111a");
    let screen = render(&app, 120, 40);
    let last = screen.lines().last().unwrap_or_default();
    assert!(
        last.contains("account … ") && last.contains("copied s-1111111111111111a"),
        "{last}"
    );
    app.notify(
        crate::app::NoticeLevel::Error,
        "UpdateServer failed: a message long enough to be cut on the status bar of an 80 column terminal, read in full in the log",
    );
    app.messages.show();
    insta::assert_snapshot!(render(&app, 80, 24));
}
