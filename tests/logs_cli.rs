//! `transfer-console logs` against the seeded emulator: text and JSON
//! lines, one user's share, follow mode, and its exit codes.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use serde_json::{Value, json};
use support::emulator::{Emulator, seeded_server, shared};

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn command(emulator: &Emulator, args: &[&str]) -> Command {
    let log = std::env::temp_dir().join(format!("logs-cli-{}.log", std::process::id()));
    let mut command = Command::new(CONSOLE);
    command
        .arg("logs")
        .args(args)
        .args(["--log-file", &log.to_string_lossy()])
        .env_clear()
        .envs(emulator.console_env());
    command
}

fn logs(emulator: &Emulator, args: &[&str]) -> Output {
    command(emulator, args).output().expect("running logs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn text_lines_show_the_failed_logins_of_the_last_hour() {
    let (emulator, estate) = shared();
    let ftp = seeded_server(estate, "ftp_vpc");
    let failing = &estate["logs"]["failing"];
    let user = failing["user"].as_str().expect("user");
    let ip = failing["source_ip"].as_str().expect("ip");
    let output = logs(emulator, &[ftp]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let failures: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" AUTH_FAILURE ") && l.contains(&format!("user={user} ")))
        .collect();
    assert_eq!(
        failures.len() as u64,
        failing["count"].as_u64().unwrap_or(0)
    );
    assert!(
        failures
            .iter()
            .all(|l| l.contains(&format!("source-ip={ip}")))
    );
    assert!(
        failures[0].contains(r#"message="Invalid user name or password""#),
        "{}",
        failures[0]
    );
    // Oldest first, each line a time first.
    let times: Vec<&str> = text.lines().filter_map(|l| l.split(' ').next()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{text}");
    // The last hour only: the 22-hour-old export is not there.
    let all_day = stdout(&logs(emulator, &[ftp, "--since", "24h"]));
    assert!(all_day.lines().count() > text.lines().count());
}

#[test]
fn json_lines_are_one_object_each_with_the_parsed_fields() {
    let (emulator, estate) = shared();
    let sftp = seeded_server(estate, "sftp_public");
    let output = logs(emulator, &[sftp, "--since", "24h", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let objects: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert!(!objects.is_empty());
    assert!(objects.iter().all(|o| o["format"] == "structured"));
    let upload = objects
        .iter()
        .find(|o| o["activity_type"] == "CLOSE" && o["bytes_in"].is_u64())
        .expect("an upload");
    assert!(
        upload["path"]
            .as_str()
            .is_some_and(|p| p.contains("/inbound/"))
    );
    assert_eq!(upload["fields"]["activity-type"], "CLOSE");
}

#[test]
fn one_user_s_legacy_sessions_and_structured_sessions() {
    let (emulator, estate) = shared();
    let ftp = seeded_server(estate, "ftp_vpc");
    let denied = estate["logs"]["denied"]["user"].as_str().expect("user");
    let output = logs(emulator, &[ftp, "--user", denied, "--since", "24h"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(!text.is_empty());
    assert!(
        text.lines().all(|l| l.contains(&format!("user={denied} "))),
        "{text}"
    );
    assert_eq!(text.matches(r#"message="Access denied""#).count(), 6);

    // Structured logs name the user on CONNECTED only: the session's
    // uploads come with it.
    let sftp = seeded_server(estate, "sftp_public");
    let text = stdout(&logs(
        emulator,
        &[sftp, "--user", "partner-a", "--since", "24h"],
    ));
    let connected = text.lines().filter(|l| l.contains(" CONNECTED ")).count();
    let closes = text.lines().filter(|l| l.contains(" CLOSE ")).count();
    assert_eq!(connected, 7, "{text}");
    assert_eq!(closes, 7, "{text}");
    assert!(!text.contains("partner-b"), "{text}");
}

#[test]
fn a_typed_window_reads_between_its_ends() {
    let (emulator, estate) = shared();
    let ftp = seeded_server(estate, "ftp_vpc");
    let first = estate["logs"]["failing"]["first_ms"].as_i64().expect("ms");
    let at = |ms: i64| {
        let seconds = ms / 1000;
        let time = time::OffsetDateTime::from_unix_timestamp(seconds).expect("time");
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            time.year(),
            u8::from(time.month()),
            time.day(),
            time.hour(),
            time.minute(),
            time.second()
        )
    };
    // From 1 s before the burst's first failure to 1 s after it.
    let output = logs(
        emulator,
        &[
            ftp,
            "--start",
            &at(first - 1000),
            "--end",
            &at(first + 1000),
        ],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("AUTH_FAILURE")).count(),
        1,
        "{text}"
    );
}

#[test]
fn a_window_typed_wrong_is_refused_before_any_call() {
    let emulator = Emulator::start(&[]);
    for args in [
        ["--since", "1w"].as_slice(),
        &["--start", "2026-13-01 09:00", "--end", "now"],
        &["--start", "10:00", "--end", "09:00"],
        &["--start", "09:00"],
    ] {
        let mut all = vec!["s-0123456789abcdef0"];
        all.extend_from_slice(args);
        let output = logs(&emulator, &all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty());
    }
    let refused = logs(
        &emulator,
        &["s-0123456789abcdef0", "--start", "10:00", "--end", "09:00"],
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not before"));
    assert_eq!(emulator.requests(), Vec::new(), "no call of any kind");
}

#[test]
fn access_denied_exits_2_naming_the_action() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let ftp = seeded_server(&estate, "ftp_vpc");
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "FilterLogEvents", "kind": "access_denied"})),
    );
    let output = logs(&emulator, &[ftp]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("logs:FilterLogEvents"), "{said}");
    assert!(said.contains("could not be read"), "{said}");
}

#[test]
fn a_missing_group_exits_2_and_says_what_it_can_mean() {
    let (emulator, estate) = shared();
    let twin = seeded_server(estate, "ftp_vpc_twin");
    let output = logs(emulator, &[twin]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    let group = estate["logs"]["missing_group"]["group"]
        .as_str()
        .expect("group");
    assert!(said.contains(group), "{said}");
    assert!(said.contains("logging is set"), "{said}");
}

#[test]
fn follow_prints_an_event_put_after_it_started_once_and_ends_on_ctrl_c() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let ftp = seeded_server(&estate, "ftp_vpc");
    let group = estate["logs"]["groups"]["ftp_vpc"]
        .as_str()
        .expect("group")
        .to_string();
    let mut child = command(&emulator, &[ftp, "--follow"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("logs --follow");
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The window first, until it goes quiet.
    let mut seen = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(2)) {
        seen.push(line);
    }
    let burst = estate["logs"]["failing"]["count"].as_u64().unwrap_or(0) as usize;
    let failures = |seen: &[String]| seen.iter().filter(|l| l.contains("AUTH_FAILURE")).count();
    assert_eq!(failures(&seen), burst, "{seen:?}");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let session = emulator.session().await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("now")
            .as_millis() as i64;
        session
            .logs
            .create_log_stream()
            .log_group_name(&group)
            .log_stream_name("late.0000000000000001")
            .send()
            .await
            .expect("CreateLogStream");
        session
            .logs
            .put_log_events()
            .log_group_name(&group)
            .log_stream_name("late.0000000000000001")
            .log_events(
                InputLogEvent::builder()
                    .timestamp(now)
                    .message("late.0000000000000001 CONNECTED SourceIP=192.0.2.99 User=late")
                    .build()
                    .expect("event"),
            )
            .send()
            .await
            .expect("PutLogEvents");
    });
    // Three polls or more after it arrived: it is there, once.
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
            seen.push(line);
        }
    }
    assert_eq!(
        seen.iter().filter(|l| l.contains("user=late ")).count(),
        1,
        "{seen:?}"
    );
    assert_eq!(
        failures(&seen),
        burst,
        "the window's events again: {seen:?}"
    );
    // Ctrl-C ends it with 0.
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill -INT");
    let status = child.wait().expect("exit");
    assert_eq!(status.code(), Some(0));
}
