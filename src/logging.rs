//! Logs go to a file that only the user can read, never to the terminal the
//! UI is drawing on. Events quote AWS answers and servers' replies: each
//! one is written with its control characters made inert, so a CR or LF in
//! a field cannot forge a line and `tail -f` cannot be sent an escape.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use crate::model::text::inert;
use crate::private_file;

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
/// The file is kept at 0600 when it is the user's own ([`private_file`]).
pub fn init(path: &Path) -> anyhow::Result<WorkerGuard> {
    let file = private_file::open_append(path)
        .with_context(|| format!("opening the log file {}", path.display()))?;
    let mut filter = EnvFilter::try_from_env(LEVEL_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    for target in CAPPED_TARGETS {
        if let Ok(directive) = format!("{target}=warn").parse() {
            filter = filter.add_directive(directive);
        }
    }
    let (writer, guard) = tracing_appender::non_blocking(file);
    subscriber(filter, writer).init();
    Ok(guard)
}

fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(InertEvents(writer))
        .with_ansi(false)
        .finish()
}

/// Hands out writers that make each formatted event inert.
struct InertEvents<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for InertEvents<M> {
    type Writer = InertEvent<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        InertEvent(self.0.make_writer())
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        InertEvent(self.0.make_writer_for(meta))
    }
}

/// The formatter writes one whole event per `write`: everything in it but
/// the final newline is made inert.
struct InertEvent<W>(W);

impl<W: Write> Write for InertEvent<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, end) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (&*text, ""),
        };
        match (&text, inert(body)) {
            (Cow::Borrowed(_), Cow::Borrowed(_)) => self.0.write_all(buf)?,
            (_, clean) => self.0.write_all(format!("{clean}{end}").as_bytes())?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Self;

        fn make_writer(&'a self) -> Self {
            self.clone()
        }
    }

    #[test]
    fn a_field_cannot_forge_a_log_line_or_reach_a_terminal() {
        let captured = Captured::default();
        let subscriber = subscriber(EnvFilter::new("info"), captured.clone());
        tracing::subscriber::with_default(subscriber, || {
            let reply =
                "530 no\r\n1999-01-01T00:00:00Z  INFO forged: ok\x1b]52;c;ZXZpbA==\x07\u{9b}2J";
            tracing::info!(%reply, "server answered");
            tracing::warn!("greeting {reply}");
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 2, "{log}");
        assert!(log.ends_with('\n'));
        assert!(!log.lines().any(|line| line.starts_with("1999")), "{log}");
        let raw: Vec<char> = log
            .chars()
            .filter(|&c| c != '\n' && c.is_control())
            .collect();
        assert!(raw.is_empty(), "{raw:?} in {log:?}");
        assert!(log.contains("530 no\\r\\n1999"), "{log}");
    }
}
