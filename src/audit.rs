//! The local audit log: every change the console makes, one JSON object a
//! line, appended to a file only the user can read.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::audit::AuditEntry;

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

/// Appends `entry`, stamped with the current UTC time.
pub fn append(path: &Path, entry: &AuditEntry) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let time = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| OffsetDateTime::now_utc().unix_timestamp().to_string());
    let mut line = serde_json::to_string(&Line { time, entry }).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    // One write per line, so that two consoles appending at once never
    // interleave inside a line.
    file.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_one_json_object_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/audit.jsonl");
        let entry = AuditEntry {
            profile: "ops".into(),
            region: "ap-northeast-1".into(),
            server: "s-0123456789abcdef0".into(),
            field: "PassiveIp".into(),
            before: Some("AUTO".into()),
            after: "10.2.1.200".into(),
            outcome: "ok".into(),
        };
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
        assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
    }
}
