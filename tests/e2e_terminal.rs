//! The terminal is given back after SIGTERM, SIGHUP and a panic: checked
//! in tmux by what the shell that started the console sees afterwards (no
//! alternate screen, a visible cursor, canonical mode and echo back on).

mod support;

use std::process::Command;
use std::time::Duration;

use support::emulator::Emulator;
use support::tmux::Tmux;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");
const WAIT: Duration = Duration::from_secs(20);

/// After the console exits, the shell prints its exit status and the
/// terminal modes that raw mode turns off.
const SCRIPT: &str = "\"$0\" \"$@\"; echo \"exit status $?\"; \
    stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | \
    sed 's/^/mode /'; sleep 60";

fn console(emulator: &Emulator, dir: &std::path::Path, extra_env: &[(&str, String)]) -> Tmux {
    let log = dir.join("console.log");
    let audit = dir.join("audit.jsonl");
    let env = [emulator.console_env(), extra_env.to_vec()].concat();
    let tmux = Tmux::start(
        "sh",
        &[
            "-c",
            SCRIPT,
            CONSOLE,
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            &log.to_string_lossy(),
            "--audit-log",
            &audit.to_string_lossy(),
        ],
        &env,
        100,
        30,
    );
    tmux.wait_for("Servers (4)", WAIT);
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "1",
        "the console draws on the alternate screen"
    );
    tmux
}

/// The console's process id: the child of the pane's shell.
fn console_pid(tmux: &Tmux) -> String {
    let output = Command::new("pgrep")
        .args(["-P", &tmux.pid().to_string()])
        .output()
        .expect("pgrep");
    let pids = String::from_utf8_lossy(&output.stdout);
    pids.lines()
        .next()
        .expect("the console runs")
        .trim()
        .to_string()
}

/// The shell's screen once the console has gone, checked for a normal
/// terminal.
fn assert_restored(tmux: &Tmux, status: &str) -> String {
    let screen = tmux.wait_for("mode echo", WAIT);
    assert!(
        screen.contains(&format!("exit status {status}")),
        "{screen}"
    );
    assert!(
        screen.contains("mode icanon"),
        "raw mode left on:\n{screen}"
    );
    assert!(!screen.contains("mode -echo"), "{screen}");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
    assert_eq!(
        tmux.display("#{cursor_flag}"),
        "1",
        "the cursor stays hidden"
    );
    screen
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let tmux = console(&emulator, dir.path(), &[]);
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &console_pid(&tmux)])
            .status()
            .expect("kill");
        assert!(status.success());
        let screen = assert_restored(&tmux, "130");
        assert!(
            screen.contains(&format!("stopped by SIG{signal}")),
            "{screen}"
        );
    }
}

#[test]
fn a_panic_gives_the_terminal_back_and_prints_no_secret() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = console(
        &emulator,
        dir.path(),
        &[("TRANSFER_CONSOLE_TEST_PANIC", "1".to_string())],
    );
    tmux.send(&["j"]);
    let screen = assert_restored(&tmux, "101");
    // The message comes after the screen is restored, so it is readable.
    assert!(
        screen.contains("test-only panic on a key press"),
        "{screen}"
    );
    let passwords = estate["passwords"].as_object().expect("seeded passwords");
    assert!(!passwords.is_empty());
    let log = std::fs::read_to_string(dir.path().join("console.log")).unwrap_or_default();
    for password in passwords.values().filter_map(|p| p.as_str()) {
        assert!(!screen.contains(password), "a password on the screen");
        assert!(!log.contains(password), "a password in the log");
    }
}
