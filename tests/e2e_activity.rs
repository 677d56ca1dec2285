//! The Activity pane in the real binary against the emulator's CloudWatch
//! Logs: the failure summary of a server's log, an event put while the
//! pane follows, and the Lambda's error beside a failed login. The events
//! are put by the test through the emulator (PutLogEvents), stamped now,
//! so that the pane's default window (the last hour) holds them.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use support::console::Console;
use support::emulator::{seeded_server, shared};
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// Puts `events` (milliseconds ago, message) into `group`/`stream`,
/// making both if needed.
async fn put(group: &str, stream: &str, events: &[(i64, String)]) {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let logs = &session.logs;
    // Already there from another test of this binary: fine.
    let _ = logs.create_log_group().log_group_name(group).send().await;
    let _ = logs
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await;
    let now = now_ms();
    let mut put = logs
        .put_log_events()
        .log_group_name(group)
        .log_stream_name(stream);
    for (ago, message) in events {
        put = put.log_events(
            InputLogEvent::builder()
                .timestamp(now - ago)
                .message(message)
                .build()
                .expect("an event"),
        );
    }
    put.send().await.expect("PutLogEvents");
}

fn auth_failure(user: &str, ip: &str) -> String {
    format!(
        r#"ERRORS AUTH_FAILURE Method=password User={user} Message="Invalid user name or password" SourceIP={ip}"#
    )
}

/// The console on the shared emulator, the Activity pane of `server` open.
fn open_activity(server: &str) -> Console {
    let (emulator, _) = shared();
    let console = Console::start(emulator, &[], &[], 140, 40);
    console.wait_for_servers(4);
    console.select_server(server);
    console.tmux.send(&["l"]);
    console
        .tmux
        .wait_for(&format!("/aws/transfer/{server}"), WAIT);
    console
}

/// The line of the screen that starts with `label` (inside the pane's box).
fn line_of(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|line| line.trim_start_matches('│').starts_with(label))
        .unwrap_or_default()
        .to_string()
}

fn wait_line(tmux: &Tmux, label: &str, wanted: &[&str]) -> String {
    let screen = tmux
        .wait_until(WAIT, |screen| {
            let line = line_of(screen, label);
            wanted.iter().all(|text| line.contains(text))
        })
        .unwrap_or_else(|screen| panic!("{label} never said {wanted:?}:\n{screen}"));
    line_of(&screen, label)
}

#[tokio::test]
async fn l_on_a_server_shows_its_failures_by_user_and_by_source_ip() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "sftp_public").to_string();
    let group = format!("/aws/transfer/{server}");
    let mut burst: Vec<(i64, String)> = (0..4)
        .map(|i| {
            (
                600_000 - i * 1_000,
                auth_failure("partner-a", "203.0.113.7"),
            )
        })
        .collect();
    burst.push((300_000, auth_failure("auditor", "198.51.100.23")));
    put(&group, "ERRORS", &burst).await;
    put(
        &group,
        "partner-b.0f1e2d3c4b5a6978",
        &[(
            200_000,
            "partner-b.0f1e2d3c4b5a6978 CLOSE Path=/acme-partner-drop/partner-b/in.csv BytesIn=4096"
                .to_string(),
        )],
    )
    .await;

    let console = open_activity(&server);
    let tmux = &console.tmux;
    wait_line(tmux, "Failures by user", &["partner-a 4", "auditor 1"]);
    wait_line(
        tmux,
        "Failures by source IP",
        &["203.0.113.7 4", "198.51.100.23 1"],
    );
    let screen = tmux.wait_for("6 events, 5 failures", WAIT);
    // The upload, with its size, among the events.
    assert!(screen.contains("↑ 4.0 KiB"), "{screen}");
}

#[tokio::test]
async fn an_event_put_while_following_shows_up_without_a_key_pressed() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "ftps_internet").to_string();
    let group = format!("/aws/transfer/{server}");
    put(
        &group,
        "ERRORS",
        &[(60_000, auth_failure("ext-logistics", "192.0.2.10"))],
    )
    .await;
    let console = open_activity(&server);
    let tmux = &console.tmux;
    tmux.wait_for("1 event, 1 failure", WAIT);
    tmux.send(&["F"]);
    tmux.wait_for("following (F stops)", WAIT);

    let upload = r#"{"activity-type":"CLOSE","user":"ext-logistics","source-ip":"192.0.2.10","session-id":"c0ffee0123456789","path":"/acme-ftps-exchange/ext-logistics/followed.csv","bytes-in":"512"}"#;
    put(&group, "ERRORS", &[(0, upload.to_string())]).await;
    // No key is pressed: the poll brings it.
    let screen = tmux.wait_for("followed.csv", WAIT);
    assert!(screen.contains("2 events, 1 failure"), "{screen}");
    // Polls read again a little before the newest event: nothing twice.
    std::thread::sleep(Duration::from_secs(4));
    let screen = tmux.screen();
    assert_eq!(screen.matches("followed.csv").count(), 1, "{screen}");
    assert!(screen.contains("2 events, 1 failure"), "{screen}");
}

#[tokio::test]
async fn the_lambdas_error_is_shown_beside_the_failed_login() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc").to_string();
    put(
        "/aws/lambda/transfer-ftp-idp",
        "2026/12/01/[$LATEST]5d1c0b7e",
        &[
            (
                120_500,
                "START RequestId: 5d1c Version: $LATEST".to_string(),
            ),
            (
                120_400,
                format!(
                    "[ERROR] AccessDeniedException: not authorized to perform \
                     secretsmanager:GetSecretValue on aws/transfer/{server}/scanner01"
                ),
            ),
            (120_300, "END RequestId: 5d1c".to_string()),
        ],
    )
    .await;
    put(
        &format!("/aws/transfer/{server}"),
        "ERRORS",
        &[(120_000, auth_failure("scanner01", "10.1.2.9"))],
    )
    .await;

    let console = open_activity(&server);
    let tmux = &console.tmux;
    // The failed login is the newest event: selected when the pane opens.
    tmux.wait_for("AUTH_FAILURE", WAIT);
    let screen = tmux.wait_for("Identity provider: /aws/lambda/transfer-ftp-idp", WAIT);
    let screen = if screen.contains("AccessDeniedException") {
        screen
    } else {
        tmux.wait_for("AccessDeniedException", WAIT)
    };
    assert!(screen.contains("START RequestId: 5d1c"), "{screen}");
}
