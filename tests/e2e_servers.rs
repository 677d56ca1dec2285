//! The real binary in tmux against the seeded emulator, read off the screen.

mod support;

use std::time::Duration;

use serde_json::json;
use support::emulator::Emulator;
use support::tmux::Tmux;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn console(emulator: &Emulator, log: &std::path::Path, width: u16, height: u16) -> Tmux {
    let log = log.to_string_lossy();
    Tmux::start(
        CONSOLE,
        &["--endpoint-url", &emulator.url, "--log-file", &log],
        &emulator.console_env(),
        width,
        height,
    )
}

#[test]
fn shows_the_seeded_servers_and_quits_cleanly() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("console.log");
    // tmux does not always report a dead pane's exit status: the shell
    // writes it down instead.
    let status_file = dir.path().join("exit-status");
    let tmux = Tmux::start(
        "sh",
        &[
            "-c",
            "\"$0\" \"$@\"; echo $? > \"$STATUS_FILE\"",
            CONSOLE,
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            &log.to_string_lossy(),
        ],
        &[
            emulator.console_env(),
            vec![("STATUS_FILE", status_file.to_string_lossy().into_owned())],
        ]
        .concat(),
        120,
        40,
    );

    for role in ["sftp_public", "ftp_vpc", "ftp_vpc_twin", "ftps_internet"] {
        let id = estate["servers"][role].as_str().expect("seeded id");
        tmux.wait_for(id, Duration::from_secs(15));
    }
    let screen = tmux.wait_for("account 123456789012", Duration::from_secs(10));
    assert!(screen.contains("Servers (4)"), "{screen}");
    // Protocols come from DescribeServer, which may still be on its way
    // when the list and the account are already drawn.
    tmux.wait_for("FTPS", Duration::from_secs(15));

    // Users: Transfer's count for the SERVICE_MANAGED server, the login
    // secrets for the custom identity provider ones (seed.py: 3, 5, 5, 2).
    let users_of = |screen: &str, role: &str| -> Option<String> {
        let id = estate["servers"][role].as_str()?;
        let row = screen.lines().find(|line| line.contains(id))?;
        let cells: Vec<&str> = row.split_whitespace().collect();
        let identity = cells
            .iter()
            .position(|cell| *cell == "service" || *cell == "lambda")?;
        cells.get(identity + 1).map(|cell| cell.to_string())
    };
    let screen = tmux
        .wait_until(Duration::from_secs(15), |screen| {
            users_of(screen, "ftps_internet").as_deref() == Some("2")
        })
        .unwrap_or_else(|screen| panic!("secret users never counted:\n{screen}"));
    for (role, users) in [
        ("sftp_public", "3"),
        ("ftp_vpc", "5"),
        ("ftp_vpc_twin", "5"),
        ("ftps_internet", "2"),
    ] {
        assert_eq!(
            users_of(&screen, role).as_deref(),
            Some(users),
            "{role}:\n{screen}"
        );
    }

    tmux.send(&["q"]);
    // The shell creates the file before it writes the status: wait for the
    // whole line, not for the file.
    let written = || {
        std::fs::read_to_string(&status_file)
            .ok()
            .filter(|status| status.ends_with('\n'))
    };
    tmux.wait_until(Duration::from_secs(20), |_| written().is_some())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
    assert_eq!(written().as_deref().map(str::trim), Some("0"));
}

#[test]
fn draws_and_answers_keys_while_aws_takes_two_seconds_per_call() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    emulator.control("POST", "latency", Some(json!({"ms": 2000})));
    // The listing itself takes 12 s, so that the help below has several
    // seconds to open while it is still in flight, however slow this host.
    emulator.control(
        "POST",
        "faults",
        Some(json!({
            "service": "transfer",
            "operation": "ListServers",
            "kind": "latency",
            "latency_ms": 10000,
            "count": 1,
        })),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = console(&emulator, &dir.path().join("console.log"), 100, 30);

    // The first frame is there while ListServers is still in flight...
    let screen = tmux.wait_for("Listing servers", Duration::from_secs(5));
    assert!(screen.contains("listing servers"), "{screen}");
    // ...and a key is answered before the listing comes back.
    tmux.send(&["?"]);
    let screen = tmux.wait_for("Keys", Duration::from_secs(4));
    assert!(
        screen.contains("listing servers"),
        "help must open while AWS is still answering:\n{screen}"
    );
    // The rows still arrive afterwards.
    tmux.send(&["Escape"]);
    tmux.wait_for("Servers (4)", Duration::from_secs(30));
}

#[test]
fn missing_credentials_get_one_clear_screen() {
    let emulator = Emulator::start(&[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let env: Vec<_> = emulator
        .console_env()
        .into_iter()
        .filter(|(key, _)| !key.starts_with("AWS_ACCESS_KEY") && !key.starts_with("AWS_SECRET"))
        .collect();
    let log = dir.path().join("console.log");
    let tmux = Tmux::start(
        CONSOLE,
        &[
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            &log.to_string_lossy(),
        ],
        &env,
        100,
        30,
    );
    let screen = tmux.wait_for("no usable AWS credentials", Duration::from_secs(15));
    assert!(screen.contains("aws sso login"), "{screen}");
    // One sentence on screen; the SDK's account of every provider goes to
    // the log.
    for dump in [
        "ProviderError",
        "raw:",
        "CredentialsNotLoaded",
        "Response {",
    ] {
        assert!(!screen.contains(dump), "{dump}: {screen}");
    }
    assert!(!tmux.exited());
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(logged.contains("no credentials"), "{logged}");
}
