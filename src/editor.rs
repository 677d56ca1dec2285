//! Editing text in the operator's `$VISUAL` / `$EDITOR`, in a directory
//! only they can enter, removed with everything the editor left in it
//! (swap files, `~` backups) whatever happens.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus};
use std::sync::Mutex;

/// One editor at a time: the terminal is one, and the signal dispositions
/// saved and restored around the child are the process's.
static EDITING: Mutex<()> = Mutex::new(());

/// `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Opens `text` in `editor` (a shell command line, such as `code --wait`)
/// and returns what was saved, or `None` when it was left unchanged.
/// Blocks until the editor exits: the caller suspends its UI around it.
pub fn edit(text: &str, editor: &str) -> Result<Option<String>, String> {
    edit_in(&std::env::temp_dir(), text, editor)
}

/// `edit`, with the file named `file_name` (its extension picks the
/// editor's syntax), in the same private directory.
pub fn edit_named(text: &str, editor: &str, file_name: &str) -> Result<Option<String>, String> {
    edit_in_named(&std::env::temp_dir(), text, editor, file_name)
}

/// `edit`, with the private directory made in `parent`.
fn edit_in(parent: &Path, text: &str, editor: &str) -> Result<Option<String>, String> {
    edit_in_named(parent, text, editor, "secret.json")
}

fn edit_in_named(
    parent: &Path,
    text: &str,
    editor: &str,
    file_name: &str,
) -> Result<Option<String>, String> {
    let _one = EDITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // 0700, whatever the umask: the editor's side files land here too, out
    // of the shared temporary directory. Dropping it (also when unwinding
    // from a panic) removes it with everything in it.
    let dir = tempfile::Builder::new()
        .prefix("transfer-console-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(parent)
        .map_err(|err| format!("cannot create a private temporary directory: {err}"))?;
    let result = edit_at(&dir.path().join(file_name), text, editor);
    let path = dir.path().to_path_buf();
    if let Err(err) = dir.close() {
        // Only the path: the files hold secret values.
        tracing::warn!(
            "cannot remove the editor's directory {}: {err}",
            path.display()
        );
    }
    result
}

fn edit_at(path: &Path, text: &str, editor: &str) -> Result<Option<String>, String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|err| format!("cannot create a private temporary file: {err}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|err| format!("cannot write the temporary file: {err}"))?;
    drop(file);
    let status = run(path, editor)?;
    if !status.success() {
        return Err(format!(
            "the editor {editor:?} exited with {status}: nothing saved"
        ));
    }
    let edited = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read the edited file back: {err}"))?;
    Ok((edited.trim() != text.trim()).then_some(edited))
}

/// Runs the editor on `path` and waits for it. Like system(3), the console
/// ignores SIGINT and SIGQUIT meanwhile: Ctrl-C in the editor reaches the
/// whole foreground process group, and must not kill the console and leave
/// the file behind. The editor gets them back as they were.
fn run(path: &Path, editor: &str) -> Result<ExitStatus, String> {
    // Through the shell, so that `EDITOR="code --wait"` works; the path is
    // passed as an argument, never pasted into the command line.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path);
    let ignored = IgnoreInterrupts::new();
    let restore = ignored.child_defaults();
    // SAFETY: the closure runs between fork and exec and calls only
    // signal(2), which is async-signal-safe; it allocates nothing.
    unsafe {
        command.pre_exec(move || {
            for signal in restore.iter().flatten() {
                libc::signal(*signal, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    command
        .status()
        .map_err(|err| format!("cannot run the editor {editor:?}: {err}"))
}

const INTERRUPTS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGQUIT];

/// SIGINT and SIGQUIT ignored until dropped, then put back as they were
/// (a handler installed by anyone else included).
struct IgnoreInterrupts {
    saved: [Option<libc::sigaction>; 2],
}

impl IgnoreInterrupts {
    fn new() -> Self {
        let saved = INTERRUPTS.map(|signal| {
            // SAFETY: plain sigaction(2) calls on zeroed, then filled, structs.
            unsafe {
                let mut ignore: libc::sigaction = std::mem::zeroed();
                ignore.sa_sigaction = libc::SIG_IGN;
                libc::sigemptyset(&mut ignore.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                (libc::sigaction(signal, &ignore, &mut old) == 0).then_some(old)
            }
        });
        Self { saved }
    }

    /// The signals the child resets to their default action: those the
    /// console did not itself ignore before (an ignored one stays ignored,
    /// as system(3) leaves it).
    fn child_defaults(&self) -> [Option<libc::c_int>; 2] {
        let mut signals = [None; 2];
        for (slot, (signal, saved)) in signals.iter_mut().zip(INTERRUPTS.iter().zip(&self.saved)) {
            let was_ignored = saved
                .as_ref()
                .is_some_and(|old| old.sa_sigaction == libc::SIG_IGN);
            if !was_ignored {
                *slot = Some(*signal);
            }
        }
        signals
    }
}

impl Drop for IgnoreInterrupts {
    fn drop(&mut self) {
        for (signal, saved) in INTERRUPTS.iter().zip(&self.saved) {
            if let Some(old) = saved {
                // SAFETY: puts back the disposition sigaction(2) returned.
                unsafe {
                    libc::sigaction(*signal, old, std::ptr::null_mut());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is left in `dir`, by name.
    fn left_in(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn returns_the_edited_text_from_a_private_directory_and_removes_it() {
        let parent = tempfile::tempdir().unwrap();
        let seen = tempfile::tempdir().unwrap();
        let seen = seen.path().join("seen");
        // A stand-in editor: records the modes of the directory and the
        // file, then edits it.
        let editor = format!(
            "sh -c 'stat -c %a \"$(dirname \"$0\")\" \"$0\" > {seen}; sed -i s/old/new/ \"$0\"'",
            seen = seen.display()
        );
        let edited = edit_in(parent.path(), "{\"Role\":\"old\"}", &editor).unwrap();
        assert_eq!(edited.as_deref().map(str::trim), Some("{\"Role\":\"new\"}"));
        let record = std::fs::read_to_string(&seen).unwrap();
        assert_eq!(record.lines().collect::<Vec<_>>(), ["700", "600"]);
        assert_eq!(left_in(parent.path()), Vec::<String>::new());
    }

    #[test]
    fn an_unchanged_file_or_a_failing_editor_saves_nothing() {
        let parent = tempfile::tempdir().unwrap();
        assert_eq!(edit_in(parent.path(), "{}", "true"), Ok(None));
        let err = edit_in(parent.path(), "{}", "false").unwrap_err();
        assert!(err.contains("nothing saved"), "{err}");
        assert_eq!(left_in(parent.path()), Vec::<String>::new());
    }

    #[test]
    fn the_editors_side_files_go_with_the_directory() {
        let parent = tempfile::tempdir().unwrap();
        // An Emacs-like backup and a vim-like swap file beside the file.
        let side_files = "cp \"$1\" \"$1~\"; cp \"$1\" \"$(dirname \"$1\")/.secret.json.swp\"";
        let saved = format!("sh -c '{side_files}; echo {{}} > \"$1\"' sh");
        assert_eq!(
            edit_in(parent.path(), "{\"Password\":\"x\"}", &saved).map(|t| t.is_some()),
            Ok(true)
        );
        let failed = format!("sh -c '{side_files}; exit 1' sh");
        assert!(edit_in(parent.path(), "{\"Password\":\"x\"}", &failed).is_err());
        assert_eq!(left_in(parent.path()), Vec::<String>::new());
    }

    /// The disposition of `signal` now.
    fn disposition(signal: libc::c_int) -> libc::sighandler_t {
        // SAFETY: sigaction(2) with no new action only reads.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            assert_eq!(libc::sigaction(signal, std::ptr::null(), &mut old), 0);
            old.sa_sigaction
        }
    }

    #[test]
    fn an_interrupt_while_the_editor_runs_stops_the_editor_not_the_console() {
        let parent = tempfile::tempdir().unwrap();
        // SIGINT and SIGQUIT to this process (it would die of either), then
        // SIGINT to the editor's own shell, which dies of it only if it got
        // the default action back.
        let editor = format!(
            "kill -INT {pid}; kill -QUIT {pid}; kill -INT $$; :",
            pid = std::process::id()
        );
        let err = edit_in(parent.path(), "{}", &editor).unwrap_err();
        assert!(err.contains("SIGINT"), "{err}");
        assert_eq!(left_in(parent.path()), Vec::<String>::new());
        let _one = EDITING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        assert_eq!(disposition(libc::SIGINT), libc::SIG_DFL);
        assert_eq!(disposition(libc::SIGQUIT), libc::SIG_DFL);
    }
}
