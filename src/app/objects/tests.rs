//! Flow tests of the S3 browser: messages in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::app::{App, Cmd, Msg, Pane};
use crate::model::objects::{Entries, ObjectPage};
use crate::model::{AwsError, AwsSettings};

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn page_req(cmds: &[Cmd]) -> (RequestId, Option<String>) {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Objects(ObjectsCmd::ListPage { req, token, .. }) => Some((*req, token.clone())),
            _ => None,
        })
        .expect("a ListPage command")
}

/// A page of `count` objects `file-<from>.csv`..., newest last.
fn page(from: usize, count: usize, more: bool) -> ObjectPage {
    let mut entries = Entries::default();
    for i in from..from + count {
        entries
            .push(
                &format!("file-{i:06}.csv"),
                EntryKind::Object,
                (i % 7) as u64 * 100,
                i as i64,
            )
            .unwrap();
    }
    ObjectPage {
        entries,
        next_token: more.then(|| format!("after-{}", from + count)),
    }
}

fn pane(app: &App) -> &ObjectsPane {
    match app.pane() {
        Pane::Objects(pane) => pane,
        other => panic!("not an objects pane: {other:?}"),
    }
}

fn opened(read_only: bool) -> (App, RequestId) {
    let mut app = App::new(AwsSettings::default(), read_only);
    let cmds = app.open_objects("acme-legacy-ftp", "warehouse/archive", None);
    let (req, token) = page_req(&cmds);
    assert_eq!(token, None);
    (app, req)
}

#[test]
fn the_first_page_is_shown_and_the_next_comes_when_scrolling_near_the_end() {
    let (mut app, req) = opened(false);
    assert_eq!(pane(&app).prefix, "warehouse/archive/");
    assert_eq!(app.breadcrumbs(), ["Servers", "archive/"]);
    let cmds = app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 1000, true)),
    }));
    assert!(cmds.is_empty(), "no second page before the user scrolls");
    assert_eq!(pane(&app).listing.len(), 1000);
    assert!(app.loading().is_none());

    // Scrolling down: nothing until the cursor is within LOOKAHEAD rows.
    assert!(press(&mut app, KeyCode::PageDown).is_empty());
    let cmds = press(&mut app, KeyCode::End);
    let (req, token) = page_req(&cmds);
    assert_eq!(token.as_deref(), Some("after-1001"));
    assert!(
        press(&mut app, KeyCode::Up).is_empty(),
        "one page at a time"
    );
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1001, 500, false)),
    }));
    let pane = pane(&app);
    assert_eq!(pane.listing.len(), 1500);
    assert_eq!(pane.paging, Paging::Complete);
    assert_eq!(pane.cursor.selected(), 998, "the selection stays put");
}

#[test]
fn a_loads_every_page_one_after_the_other() {
    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 1000, true)),
    }));
    let (mut req, _) = page_req(&press(&mut app, KeyCode::Char('a')));
    for n in 1..5 {
        let cmds = app.update(Msg::Objects(ObjectsMsg::PageListed {
            req,
            result: Ok(page(1 + n * 1000, 1000, n < 4)),
        }));
        if n < 4 {
            req = page_req(&cmds).0;
        } else {
            assert!(cmds.is_empty());
        }
    }
    assert_eq!(pane(&app).listing.objects, 5000);
    assert_eq!(pane(&app).pages, 5);
}

#[test]
fn answers_for_a_pane_refreshed_since_are_dropped() {
    let (mut app, old) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req: old,
        result: Ok(page(1, 10, false)),
    }));
    let (new, _) = page_req(&press(&mut app, KeyCode::Char('r')));
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req: old,
        result: Ok(page(1, 99, false)),
    }));
    assert!(pane(&app).listing.is_empty());
    assert_eq!(pane(&app).paging, Paging::Loading(new));
}

#[test]
fn folders_open_as_panes_and_esc_comes_back_with_the_rows_kept() {
    let (mut app, req) = opened(false);
    let mut entries = Entries::default();
    entries.push("2026/", EntryKind::Folder, 0, 0).unwrap();
    entries.push("readme.txt", EntryKind::Object, 5, 1).unwrap();
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(ObjectPage {
            entries,
            next_token: None,
        }),
    }));
    let cmds = press(&mut app, KeyCode::Enter);
    let (_, token) = page_req(&cmds);
    assert_eq!(token, None);
    assert_eq!(pane(&app).prefix, "warehouse/archive/2026/");
    assert_eq!(app.breadcrumbs(), ["Servers", "archive/", "2026/"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(pane(&app).listing.len(), 2);
}

#[test]
fn recent_uploads_sort_and_filter_are_one_key_away() {
    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 30, false)),
    }));
    for _ in 0..25 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(pane(&app).listing.sort, Sort::Modified);
    assert_eq!(
        pane(&app).listing.row(0).map(|r| r.1),
        Some("file-000030.csv")
    );
    // The view starts at the top, on the newest upload.
    assert_eq!(selected_name(&app).as_deref(), Some("file-000030.csv"));
    // S reverses the order, oldest first now, from the top.
    press(&mut app, KeyCode::Char('S'));
    assert!(pane(&app).listing.reversed);
    assert_eq!(selected_name(&app).as_deref(), Some("file-000001.csv"));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(pane(&app).listing.sort, Sort::Name);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "-00002");
    assert!(!app.should_quit);
    assert_eq!(pane(&app).listing.len(), 10, "file-000020 .. 29");
    press(&mut app, KeyCode::Enter);
    assert!(pane(&app).filter_input.is_none());
    assert_eq!(pane(&app).listing.filter, "-00002");
    // Esc clears the filter before it goes back.
    press(&mut app, KeyCode::Esc);
    assert_eq!(pane(&app).listing.len(), 30);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn a_denied_listing_stays_in_the_pane_with_the_action() {
    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Err(AwsError::AccessDenied {
            action: "s3:ListBucket".into(),
            message: String::new(),
        }),
    }));
    assert!(
        matches!(&pane(&app).paging, Paging::Failed(AwsError::AccessDenied { action, .. }) if action == "s3:ListBucket")
    );
    assert!(app.blocking_problem().is_none());
}

fn with_one_object(read_only: bool) -> App {
    let (mut app, req) = opened(read_only);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 1, false)),
    }));
    app
}

#[test]
fn read_only_refuses_delete_before_asking() {
    let mut app = with_one_object(true);
    assert!(press(&mut app, KeyCode::Char('x')).is_empty());
    assert!(pane(&app).dialog.is_none());
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("read-only"), "{}", notice.text);
}

#[test]
fn delete_needs_the_typed_name() {
    let mut app = with_one_object(false);
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "q");
    assert!(!app.should_quit, "the dialog takes every key");
    press(&mut app, KeyCode::Backspace);
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "nothing typed");
    type_text(&mut app, "file-000001.csv");
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Objects(ObjectsCmd::Delete { req, bucket, key })) = cmds.first() else {
        panic!("a delete: {cmds:?}");
    };
    assert_eq!(bucket, "acme-legacy-ftp");
    assert_eq!(key, "warehouse/archive/file-000001.csv");
    let cmds = app.update(Msg::Objects(ObjectsMsg::Deleted {
        req: *req,
        result: Ok(()),
    }));
    page_req(&cmds); // listed again
}

#[test]
fn a_folder_marker_cannot_be_deleted_with_an_empty_answer() {
    // The zero-byte object `warehouse/archive/` S3 consoles create for a
    // folder, listed in its own prefix with an empty name.
    let (mut app, req) = opened(false);
    let mut entries = Entries::default();
    entries
        .push("", EntryKind::Object, 0, 1)
        .expect("far under the limit");
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(ObjectPage {
            entries,
            next_token: None,
        }),
    }));
    press(&mut app, KeyCode::Char('x'));
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "nothing typed");
    assert!(press(&mut app, KeyCode::Char(' ')).is_empty());
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "a blank typed");
    assert!(matches!(pane(&app).dialog, Some(Dialog::Delete { .. })));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "archive/");
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Objects(ObjectsCmd::Delete { key, .. })) = cmds.first() else {
        panic!("a delete: {cmds:?}");
    };
    assert_eq!(key, "warehouse/archive/");
}

#[test]
fn a_download_asks_before_replacing_a_local_file() {
    let mut app = with_one_object(false);
    press(&mut app, KeyCode::Char('d'));
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Objects(ObjectsCmd::Download {
        req,
        dest,
        overwrite,
        ..
    })) = cmds.first()
    else {
        panic!("a download: {cmds:?}");
    };
    assert_eq!(dest.to_str(), Some("file-000001.csv"));
    assert!(!overwrite);
    app.update(Msg::Objects(ObjectsMsg::DownloadProgress {
        req: *req,
        done: 10,
        total: Some(20),
    }));
    assert_eq!(pane(&app).download.as_ref().map(|d| d.done), Some(10));
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(
        matches!(app.pane(), Pane::Objects(_)),
        "Esc keeps a downloading pane"
    );
    app.update(Msg::Objects(ObjectsMsg::Downloaded {
        req: *req,
        dest: dest.clone(),
        result: Err(crate::model::objects::DownloadError::Exists(dest.clone())),
    }));
    assert!(matches!(pane(&app).dialog, Some(Dialog::Overwrite { .. })));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "Enter is not a yes"
    );
    let cmds = press(&mut app, KeyCode::Char('y'));
    assert!(matches!(
        cmds.first(),
        Some(Cmd::Objects(ObjectsCmd::Download {
            overwrite: true,
            ..
        }))
    ));
}

/// The browser on one object named `name`.
fn with_object_named(name: &str) -> App {
    let (mut app, req) = opened(false);
    let mut entries = Entries::default();
    entries.push(name, EntryKind::Object, 5, 1).unwrap();
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(ObjectPage {
            entries,
            next_token: None,
        }),
    }));
    app
}

fn download_dest(cmds: &[Cmd]) -> Option<String> {
    cmds.iter().find_map(|cmd| match cmd {
        Cmd::Objects(ObjectsCmd::Download { dest, .. }) => Some(dest.display().to_string()),
        _ => None,
    })
}

#[test]
fn a_hidden_name_is_not_one_enter_away() {
    let mut app = with_object_named(".bashrc");
    press(&mut app, KeyCode::Char('d'));
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(download_dest(&cmds).as_deref(), Some("_.bashrc"));

    // Typed by the operator, a hidden name is theirs to choose.
    let mut app = with_object_named(".bashrc");
    press(&mut app, KeyCode::Char('d'));
    for _ in 0.."_.bashrc".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, ".bashrc");
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(download_dest(&cmds).as_deref(), Some(".bashrc"));
}

#[test]
fn downloads_are_offered_in_the_download_directory_and_reported_where_they_went() {
    let mut app = with_object_named("orders.csv");
    app.download_dir = Some("/home/op/Downloads".into());
    press(&mut app, KeyCode::Char('d'));
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(
        download_dest(&cmds).as_deref(),
        Some("/home/op/Downloads/orders.csv")
    );

    // A typed directory goes as typed; the worker answers with the file.
    let mut app = with_object_named("orders.csv");
    press(&mut app, KeyCode::Char('d'));
    for _ in 0.."orders.csv".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "~/in/");
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(download_dest(&cmds).as_deref(), Some("~/in/"));
    let Some(Cmd::Objects(ObjectsCmd::Download { req, .. })) = cmds.first() else {
        panic!("a download: {cmds:?}");
    };
    app.update(Msg::Objects(ObjectsMsg::Downloaded {
        req: *req,
        dest: "/home/op/in/orders.csv".into(),
        result: Ok(5),
    }));
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.ends_with("to /home/op/in/orders.csv"),
        "{}",
        notice.text
    );
}

#[test]
fn control_characters_never_reach_a_local_file_name() {
    let mut app = with_object_named("report\x1b]0;pwned\x07\r.csv");
    press(&mut app, KeyCode::Char('d'));
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(download_dest(&cmds).as_deref(), Some("report]0;pwned.csv"));

    // Pasted into the field, one is refused at the field.
    let mut app = with_object_named("report.csv");
    press(&mut app, KeyCode::Char('d'));
    type_text(&mut app, "\x07x");
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(download_dest(&cmds), None);
    let Some(Dialog::DownloadTo { form, .. }) = &pane(&app).dialog else {
        panic!("the form stays open");
    };
    assert!(form.value(0).contains('\x07'), "{:?}", form.value(0));
    assert!(form.has_errors());
}

#[test]
fn c_cancels_a_running_download() {
    let mut app = with_one_object(false);
    press(&mut app, KeyCode::Char('d'));
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Objects(ObjectsCmd::Download { req, .. })) = cmds.first() else {
        panic!("a download");
    };
    let req = *req;
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        [Cmd::Objects(ObjectsCmd::CancelDownload { req })]
    );
    app.update(Msg::Objects(ObjectsMsg::Downloaded {
        req,
        dest: "file-000001.csv".into(),
        result: Err(crate::model::objects::DownloadError::Cancelled),
    }));
    assert!(pane(&app).download.is_none());
}

#[test]
fn enter_on_an_object_reads_its_head_and_p_previews_it() {
    let mut app = with_one_object(false);
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        cmds.first(),
        Some(Cmd::Objects(ObjectsCmd::Head { .. }))
    ));
    press(&mut app, KeyCode::Esc);
    assert!(pane(&app).overlay.is_none());
    let cmds = press(&mut app, KeyCode::Char('p'));
    assert!(matches!(
        cmds.first(),
        Some(Cmd::Objects(ObjectsCmd::Preview { .. }))
    ));
}

#[test]
fn g_and_end_go_to_the_end_of_a_preview_and_down_stops_there() {
    let mut app = with_one_object(false);
    let cmds = press(&mut app, KeyCode::Char('p'));
    let Some(Cmd::Objects(ObjectsCmd::Preview { req, .. })) = cmds.first() else {
        panic!("Preview: {cmds:?}");
    };
    let lines: Vec<String> = (1..=100).map(|i| format!("line {i}")).collect();
    app.update(Msg::Objects(ObjectsMsg::Previewed {
        req: *req,
        result: Ok(crate::model::preview::Preview::Text {
            lines,
            truncated: false,
        }),
    }));
    let scroll = |app: &App| match &pane(app).overlay {
        Some(Overlay::Preview { scroll, .. }) => *scroll,
        other => panic!("no preview: {other:?}"),
    };
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(scroll(&app), 80, "the last page: lines 81 to 100");
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(scroll(&app), 0);
    press(&mut app, KeyCode::End);
    assert_eq!(scroll(&app), 80);
    for _ in 0..50 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(scroll(&app), 99, "the last line stays on screen");
    press(&mut app, KeyCode::Up);
    assert_eq!(scroll(&app), 98);
}

#[test]
fn b_opens_the_buckets_and_enter_browses_one() {
    let mut app = App::new(AwsSettings::default(), false);
    let cmds = press(&mut app, KeyCode::Char('b'));
    let Some(Cmd::Objects(ObjectsCmd::ListBuckets { req })) = cmds.first() else {
        panic!("ListBuckets: {cmds:?}");
    };
    app.update(Msg::Objects(ObjectsMsg::BucketsListed {
        req: *req,
        result: Ok(vec![crate::model::objects::BucketSummary {
            name: "acme-reports".into(),
            created: None,
        }]),
    }));
    let cmds = press(&mut app, KeyCode::Enter);
    page_req(&cmds);
    assert_eq!(app.breadcrumbs(), ["Servers", "Buckets", "acme-reports"]);
}

#[test]
fn a_pane_opened_before_start_is_listed_by_start() {
    let mut app = App::new(AwsSettings::default(), false);
    app.open(Pane::Objects(Box::new(ObjectsPane::at(
        "acme-reports",
        "",
        None,
    ))));
    let cmds = app.start();
    page_req(&cmds);
}

#[test]
fn the_buckets_filter_and_sort_and_enter_opens_the_one_selected() {
    use crate::model::objects::BucketSummary;
    let mut app = App::new(AwsSettings::default(), false);
    let cmds = press(&mut app, KeyCode::Char('b'));
    let Some(Cmd::Objects(ObjectsCmd::ListBuckets { req })) = cmds.first() else {
        panic!("ListBuckets: {cmds:?}");
    };
    let bucket = |name: &str, created| BucketSummary {
        name: name.into(),
        created: Some(created),
    };
    app.update(Msg::Objects(ObjectsMsg::BucketsListed {
        req: *req,
        result: Ok(vec![
            bucket("acme-logs", 300),
            bucket("acme-partner-drop", 100),
            bucket("acme-reports", 200),
        ]),
    }));
    let shown = |app: &App| match app.pane() {
        Pane::Buckets(pane) => pane.shown().map(|b| b.name.clone()).collect::<Vec<_>>(),
        other => panic!("not the buckets: {other:?}"),
    };
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(
        shown(&app),
        ["acme-partner-drop", "acme-reports", "acme-logs"]
    );
    press(&mut app, KeyCode::Char('/'));
    for c in "prtdrp".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert_eq!(shown(&app), ["acme-partner-drop"]);
    press(&mut app, KeyCode::Enter); // keeps the filter
    let cmds = press(&mut app, KeyCode::Enter);
    page_req(&cmds);
    assert_eq!(
        app.breadcrumbs(),
        ["Servers", "Buckets", "acme-partner-drop"]
    );
}

fn names(app: &App) -> Vec<String> {
    let listing = &pane(app).listing;
    (0..listing.len())
        .filter_map(|at| listing.row(at).map(|(_, name)| name.to_string()))
        .collect()
}

fn selected_name(app: &App) -> Option<String> {
    let pane = pane(app);
    pane.listing
        .row(pane.cursor.selected())
        .map(|(_, name)| name.to_string())
}

#[test]
fn a_prefix_on_one_page_is_refreshed_in_place_keeping_the_selection() {
    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(2, 3, false)),
    }));
    press(&mut app, KeyCode::Char('n')); // newest first, from the top: file-4
    press(&mut app, KeyCode::Down);
    assert_eq!(selected_name(&app).as_deref(), Some("file-000003.csv"));

    let (req, token) = page_req(&app.update(Msg::AutoRefresh));
    assert_eq!(token, None);
    assert!(app.update(Msg::AutoRefresh).is_empty(), "one at a time");
    assert_eq!(pane(&app).listing.len(), 3, "the rows stay meanwhile");
    // A new upload arrived: it shows on top, the selection stays put.
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(2, 4, false)),
    }));
    assert_eq!(
        names(&app),
        [
            "file-000005.csv",
            "file-000004.csv",
            "file-000003.csv",
            "file-000002.csv"
        ]
    );
    assert_eq!(selected_name(&app).as_deref(), Some("file-000003.csv"));

    // A failed refresh keeps the rows and says why.
    let (req, _) = page_req(&app.update(Msg::AutoRefresh));
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Err(AwsError::AccessDenied {
            action: "s3:ListBucket".into(),
            message: String::new(),
        }),
    }));
    assert_eq!(pane(&app).listing.len(), 4);
    assert!(matches!(pane(&app).paging, Paging::Failed(_)));
    assert!(
        app.update(Msg::AutoRefresh).is_empty(),
        "not after a failure: r lists again"
    );
}

#[test]
fn a_prefix_of_many_pages_or_a_pane_in_use_is_not_refreshed_automatically() {
    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 1000, true)),
    }));
    assert!(app.update(Msg::AutoRefresh).is_empty());

    let (mut app, req) = opened(false);
    app.update(Msg::Objects(ObjectsMsg::PageListed {
        req,
        result: Ok(page(1, 3, false)),
    }));
    press(&mut app, KeyCode::Char('/'));
    assert!(app.update(Msg::AutoRefresh).is_empty(), "a filter is typed");
}

#[test]
fn a_deletion_is_audited_with_its_outcome() {
    let mut app = with_one_object(false);
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "file-000001.csv");
    let cmds = press(&mut app, KeyCode::Enter);
    let Some(Cmd::Objects(ObjectsCmd::Delete { req, .. })) = cmds.first() else {
        panic!("a delete: {cmds:?}");
    };
    assert_eq!(app.writes_in_flight().len(), 1, "not followed");
    let cmds = app.update(Msg::Objects(ObjectsMsg::Deleted {
        req: *req,
        result: Ok(()),
    }));
    let entry = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(crate::app::ServerCmd::Audit { entry }) => Some(entry),
            _ => None,
        })
        .expect("an audit entry");
    assert_eq!(entry.server, "acme-legacy-ftp");
    assert_eq!(
        entry.before.as_deref(),
        Some("warehouse/archive/file-000001.csv")
    );
    assert_eq!(entry.outcome, "ok");
    assert!(app.writes_in_flight().is_empty());
}
