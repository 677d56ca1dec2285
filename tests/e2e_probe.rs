//! The real binary in tmux probes the seeded FTPS server, aimed at a real
//! vsftpd on loopback that requires TLS session reuse; the console asks
//! before it sends the password to that unverified host, and the verdicts
//! are read off the screen.

mod support;

use std::time::Duration;

use support::emulator::{Emulator, seeded_server};
use support::loopback::{CertKind, FtpSetup, Vsftpd, passive_range_lock};
use support::tmux::Tmux;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");
const PASSWORD: &str = "probe-Pa55-e2e";

fn open_detail(tmux: &Tmux, id: &str) {
    let screen = tmux.screen();
    let rows: Vec<&str> = screen.lines().filter(|line| line.contains("│s-")).collect();
    let index = rows
        .iter()
        .position(|row| row.contains(id))
        .unwrap_or_else(|| panic!("{id} not listed:\n{screen}"));
    for _ in 0..index {
        tmux.send(&["Down"]);
    }
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("› Servers › {id}"), Duration::from_secs(5));
}

#[test]
fn the_probe_runs_from_the_console_and_shows_the_522_finding() {
    let _lock = passive_range_lock();
    let ftps = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        require_ssl_reuse: true,
        ..FtpSetup::default()
    });
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftps_internet").to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("console.log");
    let tmux = Tmux::start(
        CONSOLE,
        &[
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            &log.to_string_lossy(),
        ],
        &emulator.console_env(),
        140,
        45,
    );
    tmux.wait_for("Servers (4)", Duration::from_secs(20));
    tmux.wait_until(Duration::from_secs(20), |screen| !screen.contains('…'))
        .unwrap_or_else(|screen| panic!("servers never described:\n{screen}"));
    open_detail(&tmux, &id);

    tmux.send(&["P"]);
    tmux.wait_for("Password", Duration::from_secs(5));
    tmux.type_text(&format!("127.0.0.1:{}", ftps.port));
    tmux.send(&["Tab"]);
    tmux.type_text("anonymous");
    tmux.send(&["Tab"]);
    tmux.type_text(PASSWORD);
    let form = tmux.wait_for("•••", Duration::from_secs(5));
    assert!(!form.contains(PASSWORD), "{form}");
    tmux.send(&["Enter"]);

    // A self-signed certificate on an address that is not the server's: the
    // probe asks before it sends the password, naming the risk.
    let question = tmux.wait_for("Send the password?", Duration::from_secs(30));
    let flat = question.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("sends anonymous's password to 127.0.0.1"),
        "{question}"
    );
    assert!(
        flat.contains("whose certificate does not verify"),
        "{question}"
    );
    assert!(!question.contains(PASSWORD), "{question}");
    tmux.send(&["y"]);

    let screen = tmux
        .wait_until(Duration::from_secs(30), |screen| {
            let login_ran = screen
                .lines()
                .any(|l| l.contains(" login ") && !l.contains("skipped"));
            login_ran && screen.contains("data TLS, no reuse") && !screen.contains("running (")
        })
        .unwrap_or_else(|screen| panic!("the probe never finished:\n{screen}"));
    let line = |step: &str| {
        screen
            .lines()
            .find(|l| l.contains(step))
            .unwrap_or_else(|| panic!("no {step} on screen:\n{screen}"))
            .to_string()
    };
    assert!(line("greeting").contains("passed"), "{screen}");
    assert!(line("login").contains("passed"), "{screen}");
    assert!(
        line("data TLS, session reused").contains("passed"),
        "{screen}"
    );
    let no_reuse = line("data TLS, no reuse");
    assert!(
        no_reuse.contains("FAILED") && no_reuse.contains("522"),
        "{screen}"
    );
    assert!(screen.contains("requires TLS session reuse"), "{screen}");
    assert!(screen.contains("TlsSessionResumptionMode"), "{screen}");
    assert!(!screen.contains(PASSWORD), "{screen}");

    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(10), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!logged.contains(PASSWORD), "the password reached the log");
}
