//! Seeded passwords never reach the log file, the audit log or the screen,
//! except while the operator has asked to reveal one; and a value denied by
//! Secrets Manager shows on its row while the listing goes on.

mod support;

use std::time::Duration;

use serde_json::json;
use support::console::Console;
use support::emulator::{Emulator, seeded_server};

const WAIT: Duration = Duration::from_secs(15);

fn no_password_in(passwords: &[String], text: &str, what: &str) {
    for password in passwords {
        assert!(
            !text.contains(password.as_str()),
            "a seeded password reached {what}:\n{text}"
        );
    }
}

#[test]
fn seeded_passwords_appear_only_while_revealed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let passwords: Vec<String> = estate["passwords"]
        .as_object()
        .expect("seeded passwords")
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(passwords.len() >= 8, "{passwords:?}");
    let id = seeded_server(&estate, "ftp_vpc");
    let warehouse = estate["passwords"][format!("aws/transfer/{id}/warehouse")]
        .as_str()
        .expect("warehouse's password")
        .to_string();
    // Batch reads are denied, so each value is read on its own, and the
    // first of those reads is denied, as a resource policy would. Four
    // reads run at once: warehouse's, the fifth, starts after the denial.
    emulator.control(
        "POST",
        "faults",
        Some(
            json!({"service": "secretsmanager", "operation": "BatchGetSecretValue",
                    "kind": "access_denied"}),
        ),
    );
    emulator.control(
        "POST",
        "faults",
        Some(
            json!({"service": "secretsmanager", "operation": "GetSecretValue",
                    "kind": "access_denied", "count": 1}),
        ),
    );

    let trace = [("TRANSFER_CONSOLE_LOG", "trace".to_string())];
    let console = Console::start(&emulator, &[], &trace, 140, 40);
    let tmux = &console.tmux;
    let mut screens = Vec::new();
    console.wait_for_servers(4);
    // tmux passes the copy on only with set-clipboard on (the console says
    // "not copied" otherwise).
    tmux.command(&["set-option", "-s", "set-clipboard", "on"]);
    console.select_server(id);
    tmux.send(&["u"]);
    let screen = tmux.wait_for("value denied (secretsmanager:GetSecretValue)", WAIT);
    assert!(
        screen.contains("warehouse"),
        "the listing goes on:\n{screen}"
    );
    screens.push(screen);

    // Every row selected, each shown as read or, for the one whose read
    // was denied (whichever of the first four reached AWS first), as denied.
    for _ in 0..4 {
        tmux.send(&["Down"]);
        let screen = tmux
            .wait_until(WAIT, |s| {
                (s.contains("version ") || s.contains("Value         value denied"))
                    && !s.contains("reading…")
            })
            .unwrap_or_else(|s| panic!("value not read:\n{s}"));
        screens.push(screen);
    }

    // A login test with the stored password (warehouse, the last row, once
    // its value is on screen: the waits above may have seen the row before).
    tmux.wait_for(&format!("{id}/warehouse  version"), WAIT);
    tmux.send(&["t"]);
    tmux.wait_for("Test a login", WAIT);
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("login accepted", WAIT));
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |s| !s.contains("login accepted"))
        .unwrap_or_else(|s| panic!("result stayed:\n{s}"));

    // The edit form, then copying to the clipboard.
    tmux.send(&["e"]);
    screens.push(tmux.wait_for("Edit warehouse", WAIT));
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |s| !s.contains("Edit warehouse"))
        .unwrap_or_else(|s| panic!("form stayed:\n{s}"));
    tmux.send(&["c"]);
    screens.push(tmux.wait_for("copied to the clipboard", WAIT));

    // The explicit reveal shows it, and it goes by itself.
    tmux.send(&["p"]);
    let revealed = tmux.wait_for(&warehouse, WAIT);
    assert!(revealed.contains("masked again"), "{revealed}");
    screens.push(
        tmux.wait_until(Duration::from_secs(20), |s| !s.contains(&warehouse))
            .unwrap_or_else(|s| panic!("never masked again:\n{s}")),
    );

    // The orphans view, then quit.
    tmux.send(&["O"]);
    screens.push(tmux.wait_for("olduser", WAIT));
    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|s| panic!("still running after q:\n{s}"));
    screens.push(tmux.screen());

    for screen in &screens {
        no_password_in(&passwords, screen, "the screen");
    }
    let log_text = std::fs::read_to_string(console.log_path()).expect("the log file");
    assert!(log_text.contains("starting"), "the log was written");
    no_password_in(&passwords, &log_text, "the log file");
    no_password_in(
        &passwords,
        &std::fs::read_to_string(console.audit_path()).unwrap_or_default(),
        "the audit log",
    );
}
