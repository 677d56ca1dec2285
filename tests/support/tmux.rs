//! Runs the real binary in a real terminal (tmux), types into it and reads
//! the screen, as a person would.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `program args` in a detached tmux of `width`×`height` with
    /// `env` set. Each instance has its own tmux server.
    pub fn start(
        program: &str,
        args: &[&str],
        env: &[(&str, String)],
        width: u16,
        height: u16,
    ) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "tc-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut command = vec!["env".to_string(), "TERM=tmux-256color".to_string()];
        command.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        command.push(program.to_string());
        command.extend(args.iter().map(|a| a.to_string()));
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["--"])
            .args(&command)
            .status()
            .expect("tmux must be installed (make test installs it)");
        assert!(status.success(), "tmux new-session failed");
        // Keep the pane after the program exits so its last screen can be read.
        let tmux = Self { socket };
        tmux.run(&["set-option", "-t", "main", "remain-on-exit", "on"]);
        tmux
    }

    /// Any tmux command against this instance's server (`show-buffer`).
    pub fn command(&self, args: &[&str]) -> String {
        self.run(args)
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("running tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Types keys, in tmux's send-keys syntax (`q`, `Enter`, `C-c`, `Down`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        // `--`: text starting with '-' is not an option.
        self.run(&["send-keys", "-t", "main", "-l", "--", text]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    /// Waits until the screen shows `text`; the screen is in the panic
    /// message when it never does.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(timeout, |screen| screen.contains(text))
            .unwrap_or_else(|screen| {
                panic!("{text:?} did not appear within {timeout:?}; screen:\n{screen}")
            })
    }

    pub fn wait_until(
        &self,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return Ok(self.settled(screen, &ready));
            }
            if start.elapsed() > timeout {
                return Err(screen);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A capture can land while the console is halfway through drawing a
    /// frame, so a ready screen is captured again until two captures agree.
    /// A screen that keeps changing (a live view) gives its last ready
    /// capture after a short while.
    fn settled(&self, mut last: String, ready: &impl Fn(&str) -> bool) -> String {
        let mut last_ready = last.clone();
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(40));
            let next = self.screen();
            let next_ready = ready(&next);
            if next == last && next_ready {
                return next;
            }
            if next_ready {
                last_ready = next.clone();
            }
            last = next;
        }
        last_ready
    }

    /// Whether the program in the pane has exited.
    pub fn exited(&self) -> bool {
        self.run(&["display-message", "-p", "-t", "main", "#{pane_dead}"])
            .trim()
            == "1"
    }

    /// A tmux format about the pane, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "main", format])
            .trim()
            .to_string()
    }

    /// The pane's process id, for sending signals.
    pub fn pid(&self) -> u32 {
        self.run(&["display-message", "-p", "-t", "main", "#{pane_pid}"])
            .trim()
            .parse()
            .expect("pane pid")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// The line of `screen` that shows `id`; the screen is in the panic
/// message when none does.
pub fn row<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(id))
        .unwrap_or_else(|| panic!("no row for {id}:\n{screen}"))
}
