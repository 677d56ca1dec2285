//! The terminal is given back after SIGTERM, SIGHUP and a panic on the UI
//! thread: checked in tmux by what the shell that started the console sees
//! afterwards (no alternate screen, a visible cursor, canonical mode and
//! echo back on). A worker task's panic leaves the running UI alone.

mod support;

use std::process::Command;
use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(20);

/// After the console exits, the shell prints its exit status and the
/// terminal modes that raw mode turns off.
const SCRIPT: &str = "\"$0\" \"$@\"; echo \"exit status $?\"; \
    stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | \
    sed 's/^/mode /'; sleep 60";

fn console(emulator: &Emulator, extra_env: &[(&'static str, String)]) -> Console {
    let console = Console::start_in_shell(emulator, Some(SCRIPT), &[], extra_env, 140, 40);
    console.tmux.wait_for("Servers (4)", WAIT);
    assert_eq!(
        console.tmux.display("#{alternate_on}"),
        "1",
        "the console draws on the alternate screen"
    );
    console
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
        let console = console(&emulator, &[]);
        let tmux = &console.tmux;
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &console_pid(tmux)])
            .status()
            .expect("kill");
        assert!(status.success());
        let screen = assert_restored(tmux, "130");
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
    let console = console(
        &emulator,
        &[
            // Debug builds only: `~` panics on the UI thread.
            ("TRANSFER_CONSOLE_TEST_PANIC", "~".to_string()),
            // A backtrace would push the message off the screen.
            ("RUST_BACKTRACE", "0".to_string()),
        ],
    );
    let tmux = &console.tmux;
    // A secret read and revealed first, so that it is on the screen and in
    // the console's memory when the panic comes.
    let id = seeded_server(&estate, "ftp_vpc");
    let warehouse = estate["passwords"][format!("aws/transfer/{id}/warehouse")]
        .as_str()
        .expect("warehouse's password");
    console.select_server(id);
    tmux.send(&["u"]);
    tmux.wait_for("warehouse", WAIT);
    for _ in 0..4 {
        tmux.send(&["Down"]);
    }
    tmux.wait_for(&format!("{id}/warehouse  version"), WAIT);
    tmux.send(&["p"]);
    let revealed = tmux.wait_for(warehouse, WAIT);
    assert!(revealed.contains("masked again"), "{revealed}");

    tmux.send(&["~"]);
    let screen = assert_restored(tmux, "101");
    // The message comes after the screen is restored, so it is readable.
    assert!(
        screen.contains("test-only panic on a key press"),
        "{screen}"
    );
    let passwords = estate["passwords"].as_object().expect("seeded passwords");
    assert!(!passwords.is_empty());
    let log = std::fs::read_to_string(console.log_path()).unwrap_or_default();
    for password in passwords.values().filter_map(|p| p.as_str()) {
        assert!(!screen.contains(password), "a password on the screen");
        assert!(!log.contains(password), "a password in the log");
    }
}

#[test]
fn a_worker_panic_is_an_error_on_its_pane_and_the_ui_goes_on() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    // Debug builds only: every ListServers task panics.
    let env = [
        ("TRANSFER_CONSOLE_TEST_PANIC", "worker".to_string()),
        ("RUST_BACKTRACE", "0".to_string()),
    ];
    let console = Console::start_in_shell(&emulator, Some(SCRIPT), &[], &env, 140, 40);
    let tmux = &console.tmux;
    tmux.wait_for("internal error: a test-only panic in the worker", WAIT);
    // The terminal was not given back under the running UI, and nothing
    // was printed over it.
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    assert!(!tmux.screen().contains("panicked at"), "{}", tmux.screen());
    tmux.send(&["?"]);
    tmux.wait_for("Keys", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("Keys"))
        .unwrap_or_else(|screen| panic!("help did not close:\n{screen}"));
    tmux.send(&["q"]);
    assert_restored(tmux, "0");
    let log = std::fs::read_to_string(console.log_path()).unwrap_or_default();
    assert!(log.contains("a test-only panic in the worker"), "{log}");
}
