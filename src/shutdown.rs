//! The way out, once the terminal is given back. AWS may already have
//! applied a write whose answer has not come: the answers are awaited for a
//! few seconds and audited as usual, and the writes still unanswered are
//! audited as abandoned. After SIGTERM or SIGHUP nobody can be asked, so a
//! restart that has stopped its server is carried on until the server is
//! started again, within a bound. Every stop, start or restart left
//! unfinished is then said and audited with the state AWS reports at exit
//! (a DescribeServer, time-limited), never the last one the console saw.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::app::{App, Cmd, Msg, ServerCmd};
use crate::audit;
use crate::model::audit::AuditEntry;
use crate::model::text::inert;
use crate::worker::Worker;

/// How long each part of the way out may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Waiting for the answers to writes in flight.
    pub writes: Duration,
    /// Carrying a restart on after a signal (stop, OFFLINE, start, ONLINE).
    pub restarts: Duration,
    /// The DescribeServer calls that read the state at exit.
    pub reads: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            writes: Duration::from_secs(5),
            restarts: Duration::from_secs(60),
            reads: Duration::from_secs(5),
        }
    }
}

/// Awaits what is in flight, then says and audits what is left.
/// `finish_restarts`: carry restarts on (a signal: nobody to ask); after an
/// explicit quit the operator chose to leave them.
pub async fn wind_down(
    app: &mut App,
    worker: &Worker,
    answers: &mut UnboundedReceiver<Msg>,
    finish_restarts: bool,
    audit_log: Option<&Path>,
    limits: Limits,
) {
    let out = Out { audit_log };
    // After the terminal is given back, Ctrl-C (or a second SIGTERM) means
    // "stop waiting": what is left is then recorded as it stands. SIGHUP is
    // not among them: a dropped link can send it twice.
    let mut interrupts = Interrupts::new();
    let start = Instant::now();
    let writes_until = start + limits.writes;
    let restarts_until = start + limits.restarts;
    let writes = app.writes_in_flight().len();
    if writes > 0 {
        out.say(&format!(
            "waiting up to {}s for AWS to answer {writes} change{} (Ctrl-C stops waiting)",
            limits.writes.as_secs(),
            if writes == 1 { "" } else { "s" }
        ));
    }
    let finish_restarts = finish_restarts && app.restarting();
    if finish_restarts {
        out.say(&format!(
            "carrying on the restart under way so the server is started again: up to {}s \
             (Ctrl-C stops waiting)",
            limits.restarts.as_secs()
        ));
    }
    loop {
        let now = Instant::now();
        let wait_writes = !app.writes_in_flight().is_empty() && now < writes_until;
        let wait_restarts = finish_restarts && app.restarting() && now < restarts_until;
        let until = match (wait_writes, wait_restarts) {
            (false, false) => break,
            (true, false) => writes_until,
            (false, true) => restarts_until,
            (true, true) => writes_until.min(restarts_until),
        };
        tokio::select! {
            answer = answers.recv() => match answer {
                Some(msg) => handle(app, worker, &out, msg, finish_restarts),
                None => break,
            },
            _ = tokio::time::sleep_until(until) => {}
            _ = interrupts.next() => break,
        }
    }
    let states = read_at_exit(app, worker, answers, &out, &mut interrupts, limits).await;
    for write in app.writes_in_flight() {
        out.say(&format!(
            "{} of {} ({}): AWS had not answered at exit; recorded as abandoned",
            write.audit.field, write.audit.server, write.audit.after
        ));
        out.audit(&write.audit);
    }
    let at_exit = |server_id: &str| {
        states
            .get(server_id)
            .cloned()
            .unwrap_or_else(|| "unknown".to_string())
    };
    for unfinished in app.unfinished_work(&at_exit) {
        out.say(&unfinished.message);
        out.audit(&unfinished.audit);
    }
}

/// An answer that came on the way out: its audit entry is written, and a
/// restart being finished goes on; everything else the console would do
/// next (reads, listings) is dropped.
fn handle(app: &mut App, worker: &Worker, out: &Out, msg: Msg, finish_restarts: bool) {
    for cmd in app.update(msg) {
        match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => out.audit(&entry),
            cmd @ Cmd::Server(ServerCmd::Power { .. } | ServerCmd::Poll { .. })
                if finish_restarts =>
            {
                worker.dispatch(cmd)
            }
            _ => {}
        }
    }
}

/// DescribeServer for every server a flow left unfinished: the state AWS
/// reports now, as text, per server id (missing: not read in time).
async fn read_at_exit(
    app: &mut App,
    worker: &Worker,
    answers: &mut UnboundedReceiver<Msg>,
    out: &Out<'_>,
    interrupts: &mut Interrupts,
    limits: Limits,
) -> HashMap<String, String> {
    let reads = app.exit_reads();
    let mut states = HashMap::new();
    if reads.is_empty() {
        return states;
    }
    for (req, server_id) in &reads {
        worker.dispatch(Cmd::DescribeServer {
            req: *req,
            server_id: server_id.clone(),
        });
    }
    let until = Instant::now() + limits.reads;
    while states.len() < reads.len() {
        tokio::select! {
            answer = answers.recv() => match answer {
                Some(Msg::ServerDescribed { req, server_id, result })
                    if reads.iter().any(|(asked, _)| *asked == req) =>
                {
                    let state = match result {
                        Ok(server) => server.summary.state.to_string(),
                        Err(err) => format!("unknown (DescribeServer failed: {err})"),
                    };
                    states.insert(server_id, state);
                }
                // A write answered late is still audited with its outcome.
                Some(msg) => handle(app, worker, out, msg, false),
                None => break,
            },
            _ = tokio::time::sleep_until(until) => break,
            _ = interrupts.next() => break,
        }
    }
    states
}

/// Where the way out reports: stderr (the terminal is back) and the audit log.
struct Out<'a> {
    audit_log: Option<&'a Path>,
}

impl Out<'_> {
    /// A line on stderr. The terminal may be gone (SIGHUP): a failed
    /// write is not worth a panic.
    fn say(&self, text: &str) {
        // Server ids, states and AWS's messages: text from outside.
        let _ = writeln!(std::io::stderr(), "transfer-console: {}", inert(text));
    }

    fn audit(&self, entry: &AuditEntry) {
        let Some(path) = self.audit_log else {
            self.say("audit log not written: no state directory (use --audit-log)");
            return;
        };
        if let Err(err) = audit::append(path, entry) {
            self.say(&format!("audit log not written: {err}"));
        }
    }
}

/// Ctrl-C and SIGTERM while the console winds down.
struct Interrupts {
    int: Option<Signal>,
    term: Option<Signal>,
}

impl Interrupts {
    fn new() -> Self {
        Self {
            int: signal(SignalKind::interrupt()).ok(),
            term: signal(SignalKind::terminate()).ok(),
        }
    }

    async fn next(&mut self) {
        let int = async {
            match &mut self.int {
                Some(signal) => signal.recv().await,
                None => std::future::pending().await,
            }
        };
        let term = async {
            match &mut self.term {
                Some(signal) => signal.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = int => {}
            _ = term => {}
        }
    }
}
