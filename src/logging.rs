//! Logs go to a file that only the user can read, never to the terminal the
//! UI is drawing on.

use std::fs::OpenOptions;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The variable that sets the log level (`debug`, `transfer_console=trace`).
pub const LEVEL_VAR: &str = "TRANSFER_CONSOLE_LOG";

/// The SDK and HTTP layers can log request and response bodies at debug and
/// trace levels, and those carry secret values: they are capped whatever
/// the user asks for.
const CAPPED_TARGETS: &[&str] = &[
    "aws_smithy_runtime",
    "aws_smithy_http",
    "aws_sdk_secretsmanager",
    "hyper",
    "h2",
    "rustls",
];

pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "transfer-console")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("transfer-console.log"))
}

/// Starts logging to `path`; the guard flushes the log when dropped.
pub fn init(path: &Path) -> anyhow::Result<WorkerGuard> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("opening the log file {}", path.display()))?;
    // `mode` applies only to new files: tighten an existing one too.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("restricting {}", path.display()))?;

    let mut filter = EnvFilter::try_from_env(LEVEL_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    for target in CAPPED_TARGETS {
        if let Ok(directive) = format!("{target}=warn").parse() {
            filter = filter.add_directive(directive);
        }
    }
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .init();
    Ok(guard)
}
