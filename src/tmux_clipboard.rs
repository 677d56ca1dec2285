//! Whether a copy made with OSC 52 inside tmux can reach a clipboard.
//!
//! tmux takes an application's OSC 52 into its paste buffer (and passes it
//! on to the outer terminal) only with `set-clipboard on`; its default,
//! `external`, ignores applications' sequences, as `off` does. The copy
//! wrapped for passthrough reaches the outer terminal only with
//! `allow-passthrough on` (or `all`). With neither, nothing is copied, and
//! the operator is told what to set instead of "copied".

use std::process::Command;

/// What to tell the operator when tmux drops the copy; `None` when it
/// reaches a clipboard (or the console is not inside tmux).
pub fn check() -> Option<String> {
    std::env::var_os("TMUX")?;
    // An option tmux cannot tell (an old tmux, a server gone) is taken as
    // working: a false warning would be worse than the old behaviour.
    let set_clipboard = show("set-clipboard")?;
    let passthrough = show("allow-passthrough").unwrap_or_default();
    verdict(&set_clipboard, &passthrough)
}

/// `tmux show -gv OPTION`, through the server named in `$TMUX`.
fn show(option: &str) -> Option<String> {
    let output = Command::new("tmux")
        .args(["show", "-gv", option])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The warning for these option values, if the copy cannot get through.
pub fn verdict(set_clipboard: &str, allow_passthrough: &str) -> Option<String> {
    if set_clipboard == "on" || matches!(allow_passthrough, "on" | "all") {
        return None;
    }
    Some(format!(
        "not copied: tmux ignores the terminal copy (set-clipboard {set_clipboard}); \
         run `tmux set -g set-clipboard on` and copy again"
    ))
}

/// The answer of `check`, read once at start and again only while it says
/// the copy is dropped, so that following its advice takes effect at the
/// next copy without a restart.
#[derive(Debug, Default)]
pub struct TmuxClipboard {
    dropped: Option<String>,
}

impl TmuxClipboard {
    pub fn at_start() -> Self {
        Self { dropped: check() }
    }

    /// Why the copy just made was dropped, if it was.
    pub fn dropped(&mut self) -> Option<String> {
        if self.dropped.is_some() {
            self.dropped = check();
        }
        self.dropped.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_or_passthrough_lets_the_copy_through() {
        assert_eq!(verdict("on", "off"), None);
        assert_eq!(verdict("external", "on"), None);
        assert_eq!(verdict("off", "all"), None);
        for dropped in [("external", "off"), ("off", ""), ("external", "")] {
            let warning = verdict(dropped.0, dropped.1).expect("dropped");
            assert!(
                warning.contains("tmux set -g set-clipboard on"),
                "{warning}"
            );
            assert!(warning.starts_with("not copied"), "{warning}");
        }
    }
}
