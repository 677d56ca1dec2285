//! Editing text in the operator's `$VISUAL` / `$EDITOR`, through a file
//! only they can read, removed afterwards whatever happens.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::Command;

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
    let path = temp_path()?;
    let result = edit_at(&path, text, editor);
    // Removed on every path: the file holds secret values.
    let _ = std::fs::remove_file(&path);
    result
}

fn edit_at(path: &PathBuf, text: &str, editor: &str) -> Result<Option<String>, String> {
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
    // Through the shell, so that `EDITOR="code --wait"` works; the path is
    // passed as an argument, never pasted into the command line.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .map_err(|err| format!("cannot run the editor {editor:?}: {err}"))?;
    if !status.success() {
        return Err(format!(
            "the editor {editor:?} exited with {status}: nothing saved"
        ));
    }
    let edited = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read the edited file back: {err}"))?;
    Ok((edited.trim() != text.trim()).then_some(edited))
}

/// A fresh name in the temporary directory, unguessable so that nobody can
/// plant a file or link there first (`create_new` refuses one anyway).
fn temp_path() -> Result<PathBuf, String> {
    let mut bytes = [0u8; 12];
    crate::model::password::os_random(&mut bytes)?;
    let tag: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(std::env::temp_dir().join(format!("transfer-console-{tag}.json")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_the_edited_text_and_removes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let seen = dir.path().join("seen");
        // A stand-in editor: records the file's mode and path, then edits it.
        let editor = format!(
            "sh -c 'stat -c %a \"$0\" > {seen}; echo \"$0\" >> {seen}; sed -i s/old/new/ \"$0\"'",
            seen = seen.display()
        );
        let edited = edit("{\"Role\":\"old\"}", &editor).unwrap();
        assert_eq!(edited.as_deref().map(str::trim), Some("{\"Role\":\"new\"}"));
        let record = std::fs::read_to_string(&seen).unwrap();
        let mut lines = record.lines();
        assert_eq!(lines.next(), Some("600"));
        let path = PathBuf::from(lines.next().unwrap());
        assert!(!path.exists(), "the temporary file is removed");
    }

    #[test]
    fn an_unchanged_file_or_a_failing_editor_saves_nothing() {
        assert_eq!(edit("{}", "true"), Ok(None));
        let err = edit("{}", "false").unwrap_err();
        assert!(err.contains("nothing saved"), "{err}");
    }
}
