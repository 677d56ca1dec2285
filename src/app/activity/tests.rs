//! The Activity pane: reads in, events, summary and commands out.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::update::{FOLLOW_EVERY, FOLLOW_OVERLAP_MS};
use super::*;
use crate::app::tests::server;
use crate::app::{App, Cmd, Msg, Pane};
use crate::model::activity::{ActivityEvent, RawLogEvent, TimeWindow};
use crate::model::{AwsError, AwsSettings, IdentityProviderType, Protocol};

pub const SFTP: &str = "s-0a1b2c3d4e5f60718";
pub const FTP: &str = "s-1b2c3d4e5f6071829";
/// 2026-12-01 09:00:00 UTC.
pub const T0: i64 = 1_796_115_600_000;

pub fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

/// Two described servers: a SERVICE_MANAGED SFTP one writing structured
/// logs to a group of its own, and an FTP one with a Lambda provider.
pub fn app_with_servers() -> App {
    let mut app = App::new(AwsSettings::default(), false);
    let Some(Cmd::ListServers { req }) = app.start().get(1).cloned() else {
        panic!("no listing");
    };
    let mut sftp = server(SFTP, "sftp-morning-drop", &[Protocol::Sftp]);
    sftp.summary.identity_provider_type = IdentityProviderType::ServiceManaged;
    sftp.structured_log_destinations =
        vec!["arn:aws:logs:ap-northeast-1:123456789012:log-group:/transfer/sftp-drop:*".into()];
    let mut ftp = server(FTP, "ftp-legacy", &[Protocol::Ftp]);
    ftp.identity_provider_details.function =
        Some("arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp".into());
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![sftp.summary.clone(), ftp.summary.clone()]),
    });
    for cmd in describes {
        if let Cmd::DescribeServer { req, server_id } = cmd {
            let described = if server_id == SFTP { &sftp } else { &ftp };
            app.update(Msg::ServerDescribed {
                req,
                server_id,
                result: Ok(Box::new(described.clone())),
            });
        }
    }
    app
}

pub fn auth_failure(id: &str, at_ms: i64, user: &str, ip: &str) -> RawLogEvent {
    RawLogEvent {
        event_id: id.into(),
        stream: "ERRORS".into(),
        timestamp_ms: at_ms,
        message: format!(
            r#"ERRORS AUTH_FAILURE Method=password User={user} Message="Invalid user name or password" SourceIP={ip}"#
        ),
    }
}

pub fn upload(id: &str, at_ms: i64, user: &str, path: &str, bytes: u64) -> RawLogEvent {
    RawLogEvent {
        event_id: id.into(),
        stream: format!("{user}.9ca9a0e1cec6ad9d"),
        timestamp_ms: at_ms,
        message: format!(
            r#"{{"activity-type":"CLOSE","user":"{user}","source-ip":"198.51.100.4","session-id":"9ca9a0e1cec6ad9d","path":"{path}","bytes-in":"{bytes}"}}"#
        ),
    }
}

pub fn lambda_line(id: &str, at_ms: i64, message: &str) -> RawLogEvent {
    RawLogEvent {
        event_id: id.into(),
        stream: "2026/12/01/[$LATEST]abc".into(),
        timestamp_ms: at_ms,
        message: message.into(),
    }
}

/// The reads a command list holds: (req, side, group, range, next, delay).
pub fn reads(cmds: &[Cmd]) -> Vec<ActivityCmd> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::Activity(read) => Some(read.clone()),
            _ => None,
        })
        .collect()
}

pub fn read_req(cmd: &ActivityCmd) -> RequestId {
    let ActivityCmd::Read { req, .. } = cmd;
    *req
}

/// Answers `cmd` with `events` (and `next`), the window resolved to
/// T0 - 1 h .. T0.
pub fn answer(
    app: &mut App,
    cmd: &ActivityCmd,
    events: &[RawLogEvent],
    next: Option<&str>,
) -> Vec<Cmd> {
    let ActivityCmd::Read {
        req, side, range, ..
    } = cmd.clone();
    let range = match range {
        LogRange::Last { ms } => LogRange::Between {
            start_ms: T0 - ms,
            end_ms: T0,
        },
        fixed => fixed,
    };
    app.update(Msg::Activity(ActivityMsg::PageRead {
        req,
        side,
        range,
        result: Ok(EventPage {
            events: events.iter().map(ActivityEvent::parse).collect(),
            next: next.map(str::to_string),
        }),
    }))
}

pub fn pane(app: &App) -> &ActivityPane {
    match app.pane() {
        Pane::Activity(pane) => pane,
        other => panic!("not the Activity pane: {}", other.title()),
    }
}

/// The ids of the events on screen, in order.
pub fn shown_ids(app: &App) -> Vec<String> {
    let pane = pane(app);
    pane.list
        .shown(pane.events())
        .map(|event| event.event_id().to_string())
        .collect()
}

fn select_server(app: &mut App, id: &str) {
    while app.servers.selected().map(|row| row.summary.id.as_str()) != Some(id) {
        press(app, KeyCode::Down);
    }
}

#[test]
fn l_reads_the_structured_group_and_a_lambda_servers_function_log() {
    let mut app = app_with_servers();
    select_server(&mut app, SFTP);
    let cmds = reads(&press(&mut app, KeyCode::Char('l')));
    assert!(
        matches!(
            cmds.as_slice(),
            [ActivityCmd::Read { side: LogSide::Server, group, range: LogRange::Last { ms: 3_600_000 }, next: None, delay: None, .. }]
                if group == "/transfer/sftp-drop"
        ),
        "{cmds:?}"
    );
    app.back();
    select_server(&mut app, FTP);
    let cmds = reads(&press(&mut app, KeyCode::Char('l')));
    let groups: Vec<(LogSide, String)> = cmds
        .iter()
        .map(|ActivityCmd::Read { side, group, .. }| (*side, group.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            (LogSide::Server, format!("/aws/transfer/{FTP}")),
            (LogSide::Lambda, "/aws/lambda/transfer-ftp-idp".to_string()),
        ]
    );
}

#[test]
fn the_first_page_shows_at_once_and_the_rest_is_read_in_the_background() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(FTP, None));
    let first = &cmds[0];
    let more = reads(&answer(
        &mut app,
        first,
        &[
            auth_failure("1", T0 - 50_000, "partner-a", "203.0.113.7"),
            auth_failure("2", T0 - 40_000, "partner-a", "203.0.113.7"),
            upload("3", T0 - 30_000, "partner-b", "/in/a.csv", 2048),
        ],
        Some("page-2"),
    ));
    // Newest first, on screen before the rest of the window is read.
    assert_eq!(shown_ids(&app), ["3", "2", "1"]);
    assert_eq!(app.loading().as_deref(), Some("reading more…"));
    let [ActivityCmd::Read { next, range, .. }] = more.as_slice() else {
        panic!("one further page: {more:?}");
    };
    assert_eq!(next.as_deref(), Some("page-2"));
    // The window resolved once: every page reads the same ends.
    assert_eq!(
        *range,
        LogRange::Between {
            start_ms: T0 - 3_600_000,
            end_ms: T0
        }
    );
    let after = answer(
        &mut app,
        &more[0],
        &[auth_failure("4", T0 - 10_000, "legacy-erp", "198.51.100.9")],
        None,
    );
    assert!(reads(&after).is_empty(), "the window is read: {after:?}");
    assert_eq!(app.loading(), None);
    let store = &pane(&app).log.events;
    assert_eq!(store.len(), 4);
    assert_eq!(store.top_users(5), [("partner-a", 2), ("legacy-erp", 1)]);
    assert_eq!(store.top_ips(5), [("203.0.113.7", 2), ("198.51.100.9", 1)]);
}

#[test]
fn a_new_window_reads_again_and_drops_the_old_windows_answers() {
    let mut app = app_with_servers();
    let old = reads(&app.open_activity(SFTP, None));
    let cmds = reads(&press(&mut app, KeyCode::Char('w')));
    assert_eq!(pane(&app).window, TimeWindow::Last24Hours);
    assert!(
        matches!(
            cmds.as_slice(),
            [ActivityCmd::Read {
                range: LogRange::Last { ms: 86_400_000 },
                ..
            }]
        ),
        "{cmds:?}"
    );
    // The hour's answer arrives late: it is not the day's.
    answer(
        &mut app,
        &old[0],
        &[upload("old", T0, "partner-a", "/x", 1)],
        None,
    );
    assert!(shown_ids(&app).is_empty());
    answer(
        &mut app,
        &cmds[0],
        &[upload("new", T0, "partner-a", "/y", 1)],
        None,
    );
    assert_eq!(shown_ids(&app), ["new"]);

    // A typed window: a mistake is said where typed, and nothing is read.
    press(&mut app, KeyCode::Char('W'));
    for c in "2026-12-01T09:00 2026-12-01T08:00".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(reads(&press(&mut app, KeyCode::Enter)).is_empty());
    let error = pane(&app).window_error.clone().unwrap_or_default();
    assert!(error.contains("is not before the end"), "{error}");
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    for c in "10:00".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let typed = reads(&press(&mut app, KeyCode::Enter));
    assert_eq!(
        typed,
        [ActivityCmd::Read {
            req: read_req(&typed[0]),
            side: LogSide::Server,
            group: "/transfer/sftp-drop".into(),
            range: LogRange::Between {
                start_ms: T0,
                end_ms: T0 + 3_600_000
            },
            next: None,
            delay: None,
        }]
    );
    assert!(pane(&app).window_input.is_none());
}

#[test]
fn follow_polls_from_the_newest_event_drops_duplicates_and_places_late_arrivals() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(SFTP, None));
    answer(
        &mut app,
        &cmds[0],
        &[
            upload("a", T0 - 30_000, "partner-a", "/in/a", 1),
            upload("b", T0 - 20_000, "partner-a", "/in/b", 1),
        ],
        None,
    );
    let poll = reads(&press(&mut app, KeyCode::Char('F')));
    let [ActivityCmd::Read { range, delay, .. }] = poll.as_slice() else {
        panic!("one poll: {poll:?}");
    };
    // From the window's end (the newest held is older), with an overlap.
    assert_eq!(
        *range,
        LogRange::Since {
            start_ms: T0 - FOLLOW_OVERLAP_MS
        }
    );
    assert_eq!(*delay, Some(Duration::ZERO));
    assert!(pane(&app).is_following());

    // The overlap brings "b" again; "c" is new; "late" is older than "b"
    // but was indexed after it.
    let next = reads(&answer(
        &mut app,
        &poll[0],
        &[
            upload("b", T0 - 20_000, "partner-a", "/in/b", 1),
            upload("c", T0 + 5_000, "partner-a", "/in/c", 1),
            upload("late", T0 - 25_000, "partner-a", "/in/late", 1),
        ],
        None,
    ));
    assert_eq!(shown_ids(&app), ["c", "b", "late", "a"]);
    let [ActivityCmd::Read { range, delay, .. }] = next.as_slice() else {
        panic!("the next poll: {next:?}");
    };
    assert_eq!(
        *range,
        LogRange::Since {
            start_ms: T0 + 5_000 - FOLLOW_OVERLAP_MS
        }
    );
    assert_eq!(*delay, Some(FOLLOW_EVERY));

    // F again stops: the poll in flight is dropped, and no other is sent.
    assert!(reads(&press(&mut app, KeyCode::Char('F'))).is_empty());
    let late = answer(
        &mut app,
        &next[0],
        &[upload("d", T0 + 9_000, "partner-a", "/in/d", 1)],
        None,
    );
    assert!(reads(&late).is_empty());
    assert_eq!(shown_ids(&app).len(), 4);
}

#[test]
fn a_failed_poll_keeps_the_events_says_why_and_polls_again_later() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(SFTP, None));
    answer(
        &mut app,
        &cmds[0],
        &[upload("a", T0, "partner-a", "/in/a", 1)],
        None,
    );
    let poll = reads(&press(&mut app, KeyCode::Char('F')));
    let next = reads(&app.update(Msg::Activity(ActivityMsg::PageRead {
        req: read_req(&poll[0]),
        side: LogSide::Server,
        range: LogRange::Since { start_ms: T0 },
        result: Err(AwsError::Throttled {
            action: "logs:FilterLogEvents".into(),
        }),
    })));
    assert!(matches!(
        next.as_slice(),
        [ActivityCmd::Read { delay: Some(delay), .. }] if *delay == super::update::FOLLOW_BACKOFF
    ));
    assert!(
        pane(&app)
            .follow
            .as_ref()
            .is_some_and(|f| f.error.is_some())
    );
    assert_eq!(shown_ids(&app), ["a"]);
}

#[test]
fn the_filter_and_the_sort_work_over_the_events() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(FTP, None));
    answer(
        &mut app,
        &cmds[0],
        &[
            auth_failure("1", T0 - 50_000, "partner-a", "203.0.113.7"),
            upload("2", T0 - 40_000, "partner-b", "/in/report.csv", 10),
            auth_failure("3", T0 - 30_000, "legacy-erp", "198.51.100.9"),
        ],
        None,
    );
    press(&mut app, KeyCode::Char('/'));
    for c in "report".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown_ids(&app), ["2"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(shown_ids(&app), ["3", "2", "1"]);
    // s: by kind, then by user.
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(shown_ids(&app), ["1", "3", "2"]);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(shown_ids(&app), ["3", "1", "2"]);
}

#[test]
fn enter_shows_the_events_fields_and_its_sessions_other_events() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(SFTP, None));
    answer(
        &mut app,
        &cmds[0],
        &[
            upload("1", T0 - 50_000, "partner-a", "/in/a", 1),
            auth_failure("2", T0 - 40_000, "partner-b", "203.0.113.7"),
            upload("3", T0 - 30_000, "partner-a", "/in/b", 2),
        ],
        None,
    );
    press(&mut app, KeyCode::Enter);
    let detail = pane(&app).detail.clone().expect("the event's detail");
    let events = pane(&app).events();
    assert_eq!(events[detail.event].event_id(), "3");
    let session: Vec<&str> = detail
        .session
        .iter()
        .map(|&i| events[i].event_id())
        .collect();
    assert_eq!(session, ["1", "3"]);
    assert!(app.pane().takes_keys());
    press(&mut app, KeyCode::Esc);
    assert!(
        pane(&app).detail.is_none(),
        "Esc closes the detail, not the pane"
    );
}

#[test]
fn l_on_a_user_keeps_only_that_users_events() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(FTP, Some("partner-a".into())));
    answer(
        &mut app,
        &cmds[0],
        &[
            auth_failure("1", T0 - 50_000, "partner-a", "203.0.113.7"),
            auth_failure("2", T0 - 40_000, "partner-b", "203.0.113.7"),
            upload("3", T0 - 30_000, "partner-a", "/in/a", 1),
            // Structured logs name the user on some events only: the
            // session's other events are the user's too.
            RawLogEvent {
                event_id: "4".into(),
                stream: "ERRORS".into(),
                timestamp_ms: T0 - 20_000,
                message: r#"{"activity-type":"CLOSE","session-id":"9ca9a0e1cec6ad9d","path":"/in/b","bytes-out":"7"}"#.into(),
            },
            RawLogEvent {
                event_id: "5".into(),
                stream: "ERRORS".into(),
                timestamp_ms: T0 - 10_000,
                message: r#"{"activity-type":"CLOSE","session-id":"0000000000000000","path":"/in/c","bytes-out":"7"}"#.into(),
            },
        ],
        None,
    );
    assert_eq!(shown_ids(&app), ["4", "3", "1"]);
    assert_eq!(app.pane().title(), "Activity partner-a");
}

#[test]
fn a_failed_login_shows_the_lambdas_events_nearest_it() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(FTP, None));
    answer(
        &mut app,
        &cmds[1],
        &[
            lambda_line("l1", T0 - 600_000, "START RequestId: 1 Version: $LATEST"),
            lambda_line(
                "l2",
                T0 - 40_100,
                "[ERROR] AccessDeniedException reading aws/transfer/s-1/scanner01",
            ),
            lambda_line("l3", T0 - 39_000, "END RequestId: 2"),
            lambda_line("l4", T0 - 41_000, "user legacy-erp authenticated"),
        ],
        None,
    );
    answer(
        &mut app,
        &cmds[0],
        &[
            auth_failure("1", T0 - 40_000, "scanner01", "10.1.2.9"),
            upload("2", T0 - 30_000, "legacy-erp", "/in/a", 1),
        ],
        None,
    );
    // The upload is selected: no Lambda events are offered for it.
    assert!(pane(&app).nearest_lambda().is_none());
    press(&mut app, KeyCode::Down);
    let near: Vec<String> = pane(&app)
        .nearest_lambda()
        .expect("a failed login")
        .iter()
        .map(|event| event.event_id.to_string())
        .collect();
    // Within five minutes, the error first, then oldest first; the one
    // ten minutes off is not.
    assert_eq!(near, ["l2", "l4", "l3"]);
}

#[test]
fn closing_the_pane_drops_its_answers_and_stops_following() {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(SFTP, None));
    answer(&mut app, &cmds[0], &[], None);
    let poll = reads(&press(&mut app, KeyCode::Char('F')));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Servers));
    let after = answer(&mut app, &poll[0], &[upload("x", T0, "a", "/x", 1)], None);
    assert!(reads(&after).is_empty(), "no poll once the pane is closed");
}

#[test]
fn a_window_of_many_events_keeps_one_copy_each_and_stops_at_the_cap() {
    let mut store = EventStore::default();
    for i in 0..MAX_EVENTS + 10 {
        let raw = upload(&format!("{i}"), T0 + i as i64, "u", "/p", 1);
        store.insert(ActivityEvent::parse(&raw));
    }
    assert_eq!(store.len(), MAX_EVENTS);
    assert_eq!(store.left_out, 10);
    assert!(!store.insert(ActivityEvent::parse(&upload("5", T0 + 5, "u", "/p", 1))));
    assert_eq!(store.left_out, 10, "a duplicate is not counted as left out");
}

#[test]
fn a_compact_event_gives_back_every_field_even_unescaped_ones() {
    let mut store = EventStore::default();
    let raw = RawLogEvent {
        event_id: "e1".into(),
        stream: "ERRORS".into(),
        timestamp_ms: T0,
        message:
            r#"ERRORS AUTH_FAILURE User=partner-a Message="a \"quoted\" word" SourceIP=203.0.113.7"#
                .into(),
    };
    store.insert(ActivityEvent::parse(&raw));
    store.insert(ActivityEvent::parse(&upload(
        "e2",
        T0,
        "partner-a",
        "/in/a.csv",
        9,
    )));
    let [failure, upload] = store.events() else {
        panic!("two events");
    };
    assert_eq!(failure.event_id(), "e1");
    assert_eq!(failure.stream(), "ERRORS");
    assert_eq!(failure.raw(), raw.message);
    assert_eq!(failure.message(), Some(r#"a "quoted" word"#));
    assert_eq!(upload.path(), Some("/in/a.csv"));
    assert_eq!(upload.bytes_in, Some(9));
    // The user is one shared copy.
    let (a, b) = (
        failure.user.as_ref().unwrap(),
        upload.user.as_ref().unwrap(),
    );
    assert!(std::sync::Arc::ptr_eq(a, b));
    assert_eq!(failure.event(), ActivityEvent::parse(&raw));
}

#[test]
fn a_refused_login_test_offers_l_for_that_users_activity() {
    use crate::app::idp_users::IdpCmd;
    use crate::app::idp_users::IdpMsg;
    use crate::app::idp_users::tests::{LAMBDA, users_open};
    use crate::model::LoginTest;

    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('t'));
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Idp(IdpCmd::TestLogin { req, user, .. })) = cmds.first() else {
        panic!("a login test: {cmds:?}");
    };
    assert_eq!(user, "legacy-erp");
    app.update(Msg::Idp(IdpMsg::Tested {
        req: *req,
        result: Ok(LoginTest {
            status_code: 200,
            message: String::new(),
            url: None,
            response: "{}".into(),
        }),
    }));
    let reads = reads(&press(&mut app, KeyCode::Char('l')));
    assert!(
        matches!(reads.first(), Some(ActivityCmd::Read { group, .. }) if *group == format!("/aws/transfer/{LAMBDA}")),
        "{reads:?}"
    );
    assert_eq!(pane(&app).user.as_deref(), Some("legacy-erp"));
    assert_eq!(pane(&app).server_id, LAMBDA);

    // Back in the users pane, `l` on the selected user does the same.
    app.back();
    press(&mut app, KeyCode::Char('l'));
    assert_eq!(pane(&app).user.as_deref(), Some("legacy-erp"));
}
