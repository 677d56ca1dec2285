//! Quitting while AWS is mid-change, in the real binary against the
//! emulator: `q` during a restart asks and the default answer lets the
//! restart finish; SIGTERM after the stop starts the server again before
//! exiting; a secret write still in flight when `q` is pressed is awaited
//! and audited.

mod support;

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;
use transfer_console::model::ServerState;

const WAIT: Duration = Duration::from_secs(30);

/// Adds `latency_ms` of latency to the next call of `service`'s `operation`.
fn latency(emulator: &Emulator, service: &str, operation: &str, latency_ms: u64) {
    emulator.control(
        "POST",
        "faults",
        Some(json!({
            "service": service,
            "operation": operation,
            "kind": "latency",
            "latency_ms": latency_ms,
            "count": 1,
        })),
    );
}

async fn state_of(emulator: &Emulator, id: &str) -> ServerState {
    let session = emulator.session().await;
    aws::transfer::describe_server(&session, id)
        .await
        .expect("DescribeServer")
        .summary
        .state
}

fn wait_exited(console: &Console, within: Duration) {
    console
        .tmux
        .wait_until(within, |_| console.tmux.exited())
        .unwrap_or_else(|screen| panic!("still running:\n{screen}"));
}

/// The FTP server's detail open in a console, against an emulator whose
/// state changes take `delay` seconds.
fn ftp_vpc_detail(delay: &str) -> (Emulator, String, Console) {
    let emulator = Emulator::start(&["--transition-delay", delay]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let console = Console::start(&emulator, &[], &[], 120, 40);
    console.wait_for_servers(4);
    console.open_detail(&id);
    (emulator, id, console)
}

#[tokio::test]
async fn q_mid_restart_asks_and_the_default_answer_lets_the_restart_finish() {
    let (emulator, id, console) = ftp_vpc_detail("2");
    let tmux = &console.tmux;
    // StopServer takes its time: `q` comes while it is still on its way.
    latency(&emulator, "transfer", "StopServer", 1500);
    console.confirm_restart(&id);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("Quit during a restart?", Duration::from_secs(5));
    assert!(screen.contains("between stop and start"), "{screen}");
    tmux.send(&["Enter"]);
    // A liveness bound, generous for a loaded machine: the restart takes seconds.
    tmux.wait_for("(done)", Duration::from_secs(120));
    assert!(!tmux.exited());
    // Finished: q quits without asking.
    tmux.send(&["q"]);
    wait_exited(&console, Duration::from_secs(10));

    assert_eq!(state_of(&emulator, &id).await, ServerState::Online);
    assert_eq!(emulator.power_calls(), ["StopServer", "StartServer"]);
    let lines = console.audit_entries();
    let state: Vec<&Value> = lines.iter().filter(|l| l["field"] == "State").collect();
    let [entry] = state.as_slice() else {
        panic!("one State entry expected: {lines:?}");
    };
    assert_eq!(entry["outcome"], "ok");
    assert_eq!(entry["after"], "ONLINE");
}

#[tokio::test]
async fn sigterm_after_the_stop_starts_the_server_again_before_exiting() {
    let (emulator, id, console) = ftp_vpc_detail("3");
    let tmux = &console.tmux;
    console.confirm_restart(&id);
    // The stop has been sent: AWS is stopping the server.
    tmux.wait_until(Duration::from_secs(10), |_| {
        emulator.power_calls() == ["StopServer"]
    })
    .unwrap_or_else(|screen| panic!("StopServer never sent:\n{screen}"));
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-TERM", &tmux.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    wait_exited(&console, Duration::from_secs(60));

    assert_eq!(state_of(&emulator, &id).await, ServerState::Online);
    assert_eq!(emulator.power_calls(), ["StopServer", "StartServer"]);
    let lines = console.audit_entries();
    let [entry] = lines.as_slice() else {
        panic!("one audit entry expected: {lines:?}");
    };
    assert_eq!(entry["field"], "State");
    assert_eq!(entry["outcome"], "ok");
}

/// Rotates edi-partner's password with `latency_ms` on PutSecretValue and
/// presses `q` at once: the audit log's one entry once the console exited.
async fn rotate_then_quit(latency_ms: u64) -> Value {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let console = Console::start(&emulator, &[], &[], 200, 40);
    let tmux = &console.tmux;
    console.open_users(&id);
    // edi-partner sorts first; its value is read when selected.
    tmux.wait_for("edi-partner", WAIT);
    tmux.wait_for("version", WAIT);
    latency(&emulator, "secretsmanager", "PutSecretValue", latency_ms);
    console.confirm_rotation("edi-partner");
    tmux.send(&["q"]);
    wait_exited(&console, Duration::from_secs(20));
    let lines = console.audit_entries();
    let [entry] = lines.as_slice() else {
        panic!("one audit entry expected: {lines:?}");
    };
    assert_eq!(entry["field"], "LoginSecret:Password");
    assert_eq!(entry["server"], id.as_str());
    assert_eq!(entry["region"], "ap-northeast-1");
    entry.clone()
}

#[tokio::test]
async fn a_rotation_answered_soon_after_q_is_audited_with_its_outcome() {
    let entry = rotate_then_quit(2500).await;
    assert_eq!(entry["outcome"], "ok", "{entry}");
}

#[tokio::test]
async fn a_rotation_unanswered_at_exit_is_audited_as_abandoned() {
    let entry = rotate_then_quit(30_000).await;
    let outcome = entry["outcome"].as_str().expect("outcome");
    assert!(outcome.starts_with("abandoned"), "{entry}");
}
