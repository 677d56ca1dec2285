//! Snapshots of the Activity pane.

use crossterm::event::KeyCode;

use super::tests::render;
use crate::app::App;
use crate::app::activity::tests::{
    FTP, T0, answer, app_with_servers, auth_failure, lambda_line, press, reads, upload,
};

/// The FTP server's last hour: a burst of refused logins, uploads, a line
/// in neither format, and its Lambda's log; more of the window to read.
fn activity_read(follow: bool) -> App {
    let mut app = app_with_servers();
    let cmds = reads(&app.open_activity(FTP, None));
    answer(
        &mut app,
        &cmds[1],
        &[
            lambda_line("l1", T0 - 40_300, "START RequestId: 7f1c Version: $LATEST"),
            lambda_line(
                "l2",
                T0 - 40_200,
                "[ERROR] AccessDeniedException: secretsmanager:GetSecretValue on aws/transfer/s-1b2c3d4e5f6071829/scanner01",
            ),
            lambda_line("l3", T0 - 40_100, "END RequestId: 7f1c"),
        ],
        None,
    );
    answer(
        &mut app,
        &cmds[0],
        &[
            upload(
                "1",
                T0 - 900_000,
                "legacy-erp",
                "/acme-legacy-ftp/erp/in/orders-0912.csv",
                48_213,
            ),
            auth_failure("2", T0 - 60_000, "partner-a", "203.0.113.7"),
            auth_failure("3", T0 - 50_000, "partner-a", "203.0.113.7"),
            auth_failure("4", T0 - 40_000, "scanner01", "10.1.2.9"),
            crate::model::activity::RawLogEvent {
                event_id: "5".into(),
                stream: "ERRORS".into(),
                timestamp_ms: T0 - 30_000,
                message: "a line in no known format \u{1b}[31m".into(),
            },
        ],
        Some("more"),
    );
    if follow {
        press(&mut app, KeyCode::Char('F'));
    }
    app
}

#[test]
fn activity_at_120_by_40() {
    let mut app = activity_read(false);
    // The scanner's refused login, with its Lambda's events beside it.
    press(&mut app, KeyCode::Down);
    let screen = render(&app, 120, 40);
    assert!(!screen.contains('\u{1b}'), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn activity_at_80_by_24() {
    insta::assert_snapshot!(render(&activity_read(true), 80, 24));
}

#[test]
fn an_events_detail_at_80_by_24() {
    let mut app = activity_read(false);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app, 80, 24));
}
