//! The real binary in tmux while the emulator injects faults: throttling,
//! 5xx answers, AccessDenied, expired credentials, 5 s of latency, a call
//! that never answers, the emulator killed mid-session and a write answered
//! with a 500 after it was applied. In each, the console keeps drawing and
//! answering keys, says what failed, and recovers with `r` once the fault is
//! gone.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

/// The automatic refresh is off: the tests count the calls of one `r`.
fn console(emulator: &Emulator) -> Console {
    Console::start(emulator, &["--refresh", "0"], &[], 120, 40)
}

/// The console answers a key while the fault lasts: `?` opens the help and
/// Esc closes it again.
fn assert_answers_keys(tmux: &Tmux) {
    tmux.send(&["?"]);
    tmux.wait_for("Keys", Duration::from_secs(5));
    tmux.send(&["Escape"]);
    tmux.wait_until(Duration::from_secs(5), |screen| !screen.contains("Keys"))
        .unwrap_or_else(|screen| panic!("help did not close:\n{screen}"));
}

fn fault(emulator: &Emulator, operation: &str, kind: &str, extra: Value) {
    let mut body =
        json!({"service": "transfer", "operation": operation, "kind": kind, "count": null});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    emulator.control("POST", "faults", Some(body));
}

/// How many times the emulator was asked for `operation`.
fn calls(emulator: &Emulator, operation: &str) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|(_, op)| op == operation)
        .count()
}

/// Each fault on ListServers: what the console says, and how many attempts
/// the SDK makes for one `r` (transient errors are retried with back-off,
/// the others are not).
const LIST_FAULTS: &[(&str, &str, usize)] = &[
    (
        "access_denied",
        "access denied: this needs the IAM action transfer:ListServers",
        1,
    ),
    (
        "throttle",
        "throttled by AWS on transfer:ListServers, still after retries",
        3,
    ),
    (
        "server_error",
        "transfer:ListServers failed: InternalServiceError",
        3,
    ),
];

#[test]
fn listing_faults_are_shown_keys_keep_working_and_r_recovers() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let console = console(&emulator);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    for &(kind, message, attempts) in LIST_FAULTS {
        fault(&emulator, "ListServers", kind, json!({}));
        emulator.control("DELETE", "requests", None);
        tmux.send(&["r"]);
        let screen = tmux.wait_for(message, WAIT);
        assert!(screen.contains("refresh failed"), "{kind}:\n{screen}");
        assert_answers_keys(tmux);
        // No hot loop: the attempts of one `r`, then nothing until the next.
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(calls(&emulator, "ListServers"), attempts, "{kind}");

        emulator.control("DELETE", "faults", None);
        tmux.send(&["r"]);
        tmux.wait_until(WAIT, |screen| {
            screen.contains("Servers (4)") && !screen.contains(message)
        })
        .unwrap_or_else(|screen| panic!("{kind}: r did not recover:\n{screen}"));
    }

    // AccessDenied on DescribeServer: the affected rows say which action.
    fault(&emulator, "DescribeServer", "access_denied", json!({}));
    tmux.send(&["r"]);
    tmux.wait_for("denied: transfer:DescribeServer", WAIT);
    assert_answers_keys(tmux);
    emulator.control("DELETE", "faults", None);
    tmux.send(&["r"]);
    // The rows keep their last answer until described again.
    tmux.wait_until(WAIT, |screen| {
        screen.contains("Servers (4)") && !screen.contains("denied:") && !screen.contains('…')
    })
    .unwrap_or_else(|screen| panic!("r did not recover the rows:\n{screen}"));
}

#[test]
fn expired_credentials_get_a_clear_message_and_r_recovers() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    fault(&emulator, "ListServers", "expired_token", json!({}));
    let console = console(&emulator);
    let tmux = &console.tmux;
    let screen = tmux.wait_for("no usable AWS credentials", WAIT);
    assert!(
        screen.contains("security token included in the request is expired"),
        "{screen}"
    );
    assert_answers_keys(tmux);
    emulator.control("DELETE", "faults", None);
    tmux.send(&["r"]);
    console.wait_for_servers(4);
}

#[test]
fn five_seconds_of_latency_keep_the_console_answering_keys() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let console = console(&emulator);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    fault(
        &emulator,
        "ListServers",
        "latency",
        json!({"latency_ms": 5000, "count": 1}),
    );
    tmux.send(&["r"]);
    tmux.wait_for("listing servers", Duration::from_secs(5));
    // Help opens and closes while ListServers is still waiting.
    tmux.send(&["?"]);
    let screen = tmux.wait_for("Keys", Duration::from_secs(2));
    assert!(screen.contains("listing servers"), "{screen}");
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| {
        screen.contains("Servers (4)") && !screen.contains("listing servers")
    })
    .unwrap_or_else(|screen| panic!("the slow listing never arrived:\n{screen}"));
}

#[test]
fn a_call_that_never_answers_is_given_up_and_named() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let console = Console::start(
        &emulator,
        &["--refresh", "0", "--aws-timeout", "4"],
        &[],
        120,
        40,
    );
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    fault(&emulator, "ListServers", "hang", json!({}));
    tmux.send(&["r"]);
    tmux.wait_for("listing servers", Duration::from_secs(5));
    assert_answers_keys(tmux);
    // A liveness bound well above the 4 s asked for: without a timeout the
    // listing waits as long as the emulator holds it (10 minutes).
    let screen = tmux.wait_for(
        "ListServers did not answer within 4 s",
        Duration::from_secs(30),
    );
    assert!(!screen.contains("listing servers"), "{screen}");
    assert!(screen.contains("Servers (refresh failed)"), "{screen}");
    emulator.control("DELETE", "faults", None);
    tmux.send(&["r"]);
    console.wait_for_servers(4);
}

#[test]
fn the_emulator_stopped_mid_session_is_said_and_keys_still_work() {
    let mut emulator = Emulator::start(&[]);
    emulator.seed(0);
    let console = console(&emulator);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    emulator.stop();
    tmux.send(&["r"]);
    tmux.wait_for("cannot reach AWS", Duration::from_secs(60));
    assert_answers_keys(tmux);
    // The rows read before are kept.
    assert!(tmux.screen().contains("Servers (refresh failed)"));
    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
}

/// Changes TlsSessionResumptionMode one step up the chooser and confirms.
fn change_tls(tmux: &Tmux, from: &str, to: &str) {
    tmux.send(&["t"]);
    tmux.wait_for(&format!("›{from}"), Duration::from_secs(5));
    tmux.send(&["Up", "Enter"]);
    tmux.wait_for(
        &format!("TlsSessionResumptionMode: {from} → {to}"),
        Duration::from_secs(5),
    );
    tmux.send(&["y"]);
}

#[tokio::test]
async fn a_write_answered_with_a_500_is_read_again_and_reported_as_it_is() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftps_internet").to_string();
    let console = console(&emulator);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.open_detail(&id);

    // Applied, then answered 500: the console says it took effect anyway.
    fault(
        &emulator,
        "UpdateServer",
        "server_error",
        json!({"after": true}),
    );
    change_tls(tmux, "ENFORCED", "ENABLED");
    tmux.wait_for(
        "TlsSessionResumptionMode changed anyway: AWS reports ENABLED",
        WAIT,
    );
    let session = emulator.session().await;
    let mode = |server: transfer_console::model::Server| {
        server.protocol_details.tls_session_resumption_mode
    };
    let server = transfer_console::aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    assert_eq!(mode(server).as_deref(), Some("ENABLED"));

    // Refused with a 500 before applying: the console says it is unchanged.
    emulator.control("DELETE", "faults", None);
    fault(&emulator, "UpdateServer", "server_error", json!({}));
    change_tls(tmux, "ENABLED", "DISABLED");
    tmux.wait_for("not changed (AWS still reports ENABLED)", WAIT);
    let server = transfer_console::aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    assert_eq!(mode(server).as_deref(), Some("ENABLED"));

    // Both are in the audit log as they turned out.
    let outcomes: Vec<String> = console
        .audit_entries()
        .iter()
        .map(|entry| entry["outcome"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(outcomes[0].starts_with("changed anyway"), "{outcomes:?}");
    assert!(outcomes[1].ends_with("unchanged"), "{outcomes:?}");
}

#[tokio::test]
async fn a_user_created_despite_a_500_is_shown_as_created_and_said_so() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "sftp_public").to_string();
    let console = Console::start(&emulator, &[], &[], 200, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(&id);
    tmux.send(&["u"]);
    tmux.wait_for(&format!("Users of {id} (3)"), WAIT);
    let create = |name: &str| {
        tmux.send(&["n"]);
        tmux.wait_for("New user", WAIT);
        tmux.type_text(name);
        tmux.send(&["Tab"]);
        tmux.type_text("arn:aws:iam::123456789012:role/transfer-partner-drop");
        tmux.send(&["Tab"]);
        tmux.type_text(&format!("/acme-partner-drop/{name}"));
        tmux.send(&["Enter"]);
    };

    // Applied, then answered 500 on every attempt: shown as created.
    fault(
        &emulator,
        "CreateUser",
        "server_error",
        json!({"after": true}),
    );
    create("after.fault");
    tmux.wait_for(
        "created user after.fault (took effect although AWS answered",
        WAIT,
    );
    tmux.wait_for(&format!("Users of {id} (4)"), WAIT);
    let session = emulator.session().await;
    transfer_console::aws::transfer::describe_user(&session, &id, "after.fault")
        .await
        .expect("the user exists");

    // Refused with a 500 before applying: said to be unchanged.
    emulator.control("DELETE", "faults", None);
    fault(&emulator, "CreateUser", "server_error", json!({}));
    create("never.made");
    tmux.wait_for(
        "creating user never.made failed: transfer:CreateUser failed: InternalServiceError",
        WAIT,
    );
    tmux.wait_for("AWS has it unchanged", WAIT);
    let err = transfer_console::aws::transfer::describe_user(&session, &id, "never.made")
        .await
        .expect_err("never created");
    assert!(
        matches!(err, transfer_console::aws::AwsError::NotFound { .. }),
        "{err:?}"
    );

    let outcomes: Vec<_> = console
        .audit_entries()
        .iter()
        .map(|entry| entry["outcome"].to_string())
        .collect();
    assert!(
        outcomes[0].contains("changed anyway despite"),
        "{outcomes:?}"
    );
    assert!(outcomes[1].ends_with("; unchanged\""), "{outcomes:?}");
}
