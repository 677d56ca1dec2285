//! The Activity pane in the real binary against the emulator's CloudWatch
//! Logs (the demo estate's, seeded from now by seed_logs.py): the failure
//! summary of a server's log, an event put through PutLogEvents while the
//! pane follows, and the Lambda's error beside a failed login.

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

/// "N events" on the pane's coverage line.
fn events_counted(screen: &str) -> Option<usize> {
    let line = screen.lines().find(|line| line.contains(" event"))?;
    let words: Vec<&str> = line.trim_start_matches('│').split_whitespace().collect();
    let at = words.iter().position(|word| word.starts_with("event"))?;
    words.get(at.checked_sub(1)?)?.replace(',', "").parse().ok()
}

#[test]
fn l_on_a_seeded_server_shows_its_failures_by_user_and_by_source_ip() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc").to_string();
    let failing = &estate["logs"]["failing"];
    let (user, ip) = (
        failing["user"].as_str().expect("the seed's failing user"),
        failing["source_ip"].as_str().expect("its address"),
    );
    let burst = failing["count"].as_u64().expect("how many");
    let console = open_activity(&server);
    let tmux = &console.tmux;
    let by_user = format!("{user} {burst}");
    let by_ip = format!("{ip} {burst}");
    wait_line(tmux, "Failures by user", &[&by_user]);
    wait_line(tmux, "Failures by source IP", &[&by_ip]);
    // The burst's failures are among the events, newest first.
    let screen = tmux.wait_for("AUTH_FAILURE", WAIT);
    assert!(
        screen.contains(&format!("AUTH_FAILURE       {user}")),
        "{screen}"
    );
}

#[tokio::test]
async fn an_event_put_while_following_shows_up_without_a_key_pressed() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "ftps_internet").to_string();
    let group = format!("/aws/transfer/{server}");
    let console = open_activity(&server);
    let tmux = &console.tmux;
    // The seeded window, read to its end.
    let screen = tmux
        .wait_until(WAIT, |screen| {
            events_counted(screen).is_some() && !screen.contains("reading")
        })
        .unwrap_or_else(|screen| panic!("the window was never read:\n{screen}"));
    let before = events_counted(&screen).expect("a count");
    tmux.send(&["F"]);
    tmux.wait_for("following (F stops)", WAIT);

    let upload = r#"{"activity-type":"CLOSE","user":"ext-logistics","source-ip":"192.0.2.10","session-id":"c0ffee0123456789","path":"/acme-ftps-exchange/ext-logistics/followed.csv","bytes-in":"512"}"#;
    put(&group, "ERRORS", &[(0, upload.to_string())]).await;
    // No key is pressed: the poll brings it.
    let screen = tmux.wait_for("followed.csv", WAIT);
    assert_eq!(events_counted(&screen), Some(before + 1), "{screen}");
    // Polls read again a little before the newest event: nothing twice.
    std::thread::sleep(Duration::from_secs(4));
    let screen = tmux.screen();
    assert_eq!(screen.matches("followed.csv").count(), 1, "{screen}");
    assert_eq!(events_counted(&screen), Some(before + 1), "{screen}");
}

#[test]
fn the_lambdas_error_is_shown_beside_the_failed_login() {
    let (_, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc").to_string();
    let lambda = estate["logs"]["lambda_groups"]["ftp_vpc"]
        .as_str()
        .expect("the seeded Lambda's group");
    let console = open_activity(&server);
    let tmux = &console.tmux;
    // The burst's last refused login is the newest event: selected when
    // the pane opens, the Lambda's lines of that invocation beside it.
    tmux.wait_for("AUTH_FAILURE", WAIT);
    tmux.wait_for(&format!("Identity provider: {lambda}"), WAIT);
    let screen = tmux.wait_for("AccessDeniedException", WAIT);
    assert!(screen.contains("START RequestId:"), "{screen}");
    assert!(screen.contains("secretsmanager:GetSecretValue"), "{screen}");
}
