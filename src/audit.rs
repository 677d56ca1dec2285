//! The local audit log: every change the console makes, one JSON object a
//! line, appended to a file only the user can read.

use std::io::Write;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::audit::AuditEntry;
use crate::model::text::inert_json;
use crate::private_file;

/// The variable that moves the audit log (as `--audit-log` does).
pub const PATH_VAR: &str = "TRANSFER_CONSOLE_AUDIT_LOG";

/// `audit.jsonl` in the user's state directory.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "transfer-console")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("audit.jsonl"))
}

#[derive(serde::Serialize)]
struct Line<'a> {
    time: String,
    #[serde(flatten)]
    entry: &'a AuditEntry,
}

/// Appends `entry`, stamped with the current UTC time, its text made
/// inert. The file is kept at 0600 as the log is ([`private_file`]).
pub fn append(path: &Path, entry: &AuditEntry) -> std::io::Result<()> {
    let time = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| OffsetDateTime::now_utc().unix_timestamp().to_string());
    let entry = entry.inert();
    let line = serde_json::to_string(&Line {
        time,
        entry: &entry,
    })
    .map_err(std::io::Error::other)?;
    let mut line = inert_json(&line).into_owned();
    line.push('\n');
    let mut file = private_file::open_append(path)?;
    // One write per line, so that two consoles appending at once never
    // interleave inside a line.
    file.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PassiveIp change against an emulator, as the tests' entry.
    fn passive_ip_change() -> AuditEntry {
        AuditEntry {
            profile: "ops".into(),
            region: "ap-northeast-1".into(),
            account: Some("123456789012".into()),
            endpoint: Some("http://127.0.0.1:5000".into()),
            server: "s-0123456789abcdef0".into(),
            field: "PassiveIp".into(),
            before: Some("AUTO".into()),
            after: "10.2.1.200".into(),
            outcome: "ok".into(),
        }
    }

    #[test]
    fn appends_one_json_object_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/audit.jsonl");
        let entry = passive_ip_change();
        append(&path, &entry).unwrap();
        append(&path, &entry).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["field"], "PassiveIp");
        assert_eq!(lines[0]["before"], "AUTO");
        // An emulator's (or a VPC endpoint's) changes are told from AWS's.
        assert_eq!(lines[0]["account"], "123456789012");
        assert_eq!(lines[0]["endpoint"], "http://127.0.0.1:5000");
        assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
    }

    #[test]
    fn a_hostile_value_or_error_cannot_forge_a_line_or_reach_a_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let entry = AuditEntry {
            field: "HomeDirectory".into(),
            before: Some("/\u{1b}[2J/x".into()),
            after: "/in\u{9b}31m".into(),
            outcome: "failed: \x1b]52;c;ZXZpbA==\x07\r\n{\"forged\":true}\u{85}".into(),
            ..passive_ip_change()
        };
        append(&path, &entry).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            !text.trim_end_matches('\n').chars().any(char::is_control),
            "{text:?}"
        );
        let line: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        // Decoded (`jq -r`), the values are still inert.
        for field in ["before", "after", "outcome"] {
            let value = line[field].as_str().unwrap();
            assert!(!value.chars().any(char::is_control), "{field}: {value:?}");
        }
        assert_eq!(line["before"], "/\\x1b[2J/x");
    }

    #[test]
    fn an_existing_loose_audit_log_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        append(&path, &passive_ip_change()).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
