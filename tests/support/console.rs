//! The console binary in tmux against an emulator, as the end-to-end tests
//! run it: its log and audit log in a directory of its own, and the moves
//! every test makes (wait for the servers, pick one by id).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::emulator::Emulator;
use super::tmux::Tmux;

pub const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

pub struct Console {
    pub tmux: Tmux,
    /// Holds the log file and the audit log; removed with the console.
    pub dir: TempDir,
}

impl Console {
    /// Starts the console at `width`×`height` against `emulator`, with
    /// `extra` arguments and environment (`TRANSFER_CONSOLE_LOG=trace`, say).
    pub fn start(
        emulator: &Emulator,
        extra_args: &[&str],
        extra_env: &[(&'static str, String)],
        width: u16,
        height: u16,
    ) -> Self {
        Self::start_in_shell(emulator, None, extra_args, extra_env, width, height)
    }

    /// Like `start`, with the console run by `sh -c script`, where the
    /// script names the console and its arguments as `"$0" "$@"`: for what
    /// happens after it exits (its status, what it wrote to stderr).
    pub fn start_in_shell(
        emulator: &Emulator,
        script: Option<&str>,
        extra_args: &[&str],
        extra_env: &[(&'static str, String)],
        width: u16,
        height: u16,
    ) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("console.log");
        let audit = dir.path().join("audit.jsonl");
        let mut args = match script {
            Some(script) => vec!["-c", script, CONSOLE],
            None => Vec::new(),
        };
        args.extend([
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            log.to_str().expect("UTF-8 path"),
            "--audit-log",
            audit.to_str().expect("UTF-8 path"),
        ]);
        args.extend_from_slice(extra_args);
        let mut env = emulator.console_env();
        env.extend_from_slice(extra_env);
        let program = if script.is_some() { "sh" } else { CONSOLE };
        let tmux = Tmux::start(program, &args, &env, width, height);
        Self { tmux, dir }
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("console.log")
    }

    pub fn audit_path(&self) -> PathBuf {
        self.dir.path().join("audit.jsonl")
    }

    /// The audit log's entries, oldest first (none when it was never written).
    pub fn audit_entries(&self) -> Vec<Value> {
        std::fs::read_to_string(self.audit_path())
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("the audit log holds JSON lines"))
            .collect()
    }

    /// Waits until `count` servers are listed and every row is described.
    pub fn wait_for_servers(&self, count: usize) {
        self.tmux
            .wait_for(&format!("Servers ({count})"), Duration::from_secs(20));
        self.tmux
            .wait_until(Duration::from_secs(20), |screen| !screen.contains('…'))
            .unwrap_or_else(|screen| panic!("servers never described:\n{screen}"));
    }

    /// Moves the cursor to the row of server `id` (the listing's order is
    /// AWS's).
    pub fn select_server(&self, id: &str) {
        let screen = self.tmux.screen();
        let rows: Vec<&str> = screen.lines().filter(|line| line.contains("│s-")).collect();
        let index = rows
            .iter()
            .position(|row| row.contains(id))
            .unwrap_or_else(|| panic!("{id} not listed:\n{screen}"));
        for _ in 0..index {
            self.tmux.send(&["Down"]);
        }
    }

    /// Opens the detail of server `id` from the servers list.
    pub fn open_detail(&self, id: &str) {
        self.select_server(id);
        self.tmux.send(&["Enter"]);
        self.tmux
            .wait_for(&format!("› Servers › {id}"), Duration::from_secs(5));
    }

    /// `a` on a server's detail, and the typed confirmation of the restart.
    pub fn confirm_restart(&self, id: &str) {
        self.tmux.send(&["a"]);
        self.tmux.wait_for(
            "Clients are cut off during the restart",
            Duration::from_secs(5),
        );
        self.tmux.type_text(id);
        self.tmux.send(&["Enter"]);
    }

    /// `R` on the selected custom-IdP user, and the typed confirmation.
    pub fn confirm_rotation(&self, user: &str) {
        self.tmux.send(&["R"]);
        self.tmux.wait_for(
            &format!("Rotate the password of {user}"),
            Duration::from_secs(15),
        );
        self.tmux.type_text(user);
        self.tmux.send(&["Enter"]);
    }

    /// Picks server `id` and opens its users (`u`).
    pub fn open_users(&self, id: &str) {
        self.wait_for_servers(4);
        self.select_server(id);
        self.tmux.send(&["u"]);
        self.tmux
            .wait_for(&format!("Users of {id}"), Duration::from_secs(15));
    }
}

/// The password the console shows once (after a create or a rotation).
pub fn shown_password(screen: &str) -> String {
    screen
        .lines()
        .find_map(|line| line.split("Password  ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no password shown:\n{screen}"))
        .trim_end_matches('│')
        .to_string()
}

/// A stand-in `$EDITOR`: `dir/editor.sh` running `script` (the file to edit
/// is `"$1"`), and the environment that makes the console use it.
pub fn editor_env(dir: &Path, script: &str) -> [(&'static str, String); 2] {
    let editor = dir.join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\n{script}\n")).expect("editor script");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("executable");
    [
        ("EDITOR", editor.to_string_lossy().into_owned()),
        ("VISUAL", String::new()),
    ]
}

/// The rows of the create form's step on screen, top first.
pub fn form_rows(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(bar) = lines.iter().position(|l| l.contains(" 1 protocols")) else {
        return Vec::new();
    };
    lines[bar + 1..]
        .iter()
        .take_while(|l| !l.contains("Tab next step") && !l.contains("Enter keeps"))
        .map(|l| l.trim_start_matches('│').to_string())
        .collect()
}

/// Moves to the row containing `label` and presses Space on it.
pub fn form_pick(tmux: &Tmux, label: &str, wait: Duration) {
    let screen = tmux
        .wait_until(wait, |screen| {
            form_rows(screen).iter().any(|r| r.contains(label))
        })
        .unwrap_or_else(|screen| panic!("no row {label:?} in {:?}", form_rows(&screen)));
    let index = form_rows(&screen)
        .iter()
        .position(|r| r.contains(label))
        .expect("found above");
    tmux.send(&["Up"; 60]);
    for _ in 0..index {
        tmux.send(&["Down"]);
    }
    tmux.send(&["Space"]);
}
