//! Runs `Cmd`s as tokio tasks and sends their results back as `Msg`s.
//!
//! This is the bridge between `app` (which only speaks in commands and
//! messages) and `aws` (which only speaks SDK calls and model types): neither
//! knows the other. Concurrency is bounded so that a list of a hundred
//! servers does not open a hundred connections at once.

mod cancel;
mod idp_users;
mod managed_users;
mod objects;
mod probe;

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OnceCell, Semaphore, mpsc};

use crate::app::{Cmd, DoctorCmd, DoctorMsg, Identity, Msg};
use crate::aws::{self, AwsError, AwsSettings, Session};
use crate::doctor::gather;

mod servers;

/// AWS calls in flight at once.
const MAX_CONCURRENT_CALLS: usize = 8;

/// The settings and the session they load, replaced as a whole when the
/// operator switches region or profile.
type SessionSlot = (Arc<AwsSettings>, Arc<OnceCell<Session>>);

#[derive(Clone)]
pub struct Worker {
    /// The session new commands use. Each task takes a copy when it is
    /// dispatched, so a task started before a switch finishes against the
    /// session it began with (its answer is then dropped by request id).
    current: Arc<Mutex<SessionSlot>>,
    settings: Arc<AwsSettings>,
    /// Loaded once, on the first command, off the UI loop. A failed load is
    /// not kept, so a refresh tries again after the operator fixes things.
    session: Arc<OnceCell<Session>>,
    permits: Arc<Semaphore>,
    tx: mpsc::UnboundedSender<Msg>,
    /// Where changes are recorded; `None` when no state directory exists.
    audit_log: Option<Arc<std::path::PathBuf>>,
    /// The secret prefix and prices the Doctor and the probe check with.
    pub(crate) doctor: Arc<gather::Options>,
    downloads: cancel::Cancellable,
    probes: cancel::Cancellable,
}

impl Worker {
    pub fn new(settings: AwsSettings, tx: mpsc::UnboundedSender<Msg>) -> Self {
        let settings = Arc::new(settings);
        let session = Arc::new(OnceCell::new());
        Self {
            current: Arc::new(Mutex::new((settings.clone(), session.clone()))),
            settings,
            session,
            permits: Arc::new(Semaphore::new(MAX_CONCURRENT_CALLS)),
            tx,
            audit_log: None,
            doctor: Arc::default(),
            downloads: cancel::Cancellable::default(),
            probes: cancel::Cancellable::default(),
        }
    }

    /// Checks with `--secret-prefix` and `--hourly-rate`.
    pub fn with_doctor_options(mut self, options: gather::Options) -> Self {
        self.doctor = Arc::new(options);
        self
    }

    /// Records every change in the audit log at `path`.
    pub fn with_audit_log(mut self, path: Option<std::path::PathBuf>) -> Self {
        self.audit_log = path.map(Arc::new);
        self
    }

    /// Starts the command in its own task and returns at once.
    pub fn dispatch(&self, cmd: Cmd) {
        let mut worker = self.clone();
        {
            // A poisoned lock only means a panic elsewhere: the slot is whole.
            let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
            if let Cmd::Reconnect { settings, .. } = &cmd {
                // Every command from now on loads the new configuration.
                *current = (Arc::new(settings.clone()), Arc::new(OnceCell::new()));
            }
            (worker.settings, worker.session) = current.clone();
        }
        tokio::spawn(async move {
            // A scheduled poll waits without holding one of the call slots.
            if let Some(delay) = servers::delay_of(&cmd) {
                tokio::time::sleep(delay).await;
            }
            let Ok(_permit) = worker.permits.acquire().await else {
                return; // the semaphore is never closed; nothing to report
            };
            if let Some(msg) = worker.run(cmd).await {
                // The receiver is gone only when the console is shutting down.
                let _ = worker.tx.send(msg);
            }
        });
    }

    async fn session(&self) -> Result<&Session, AwsError> {
        self.session
            .get_or_try_init(|| Session::connect(&self.settings))
            .await
    }

    /// `call` with the session, or why there is none (no credentials, no
    /// region): then nothing is sent.
    pub(crate) async fn with_session<'a, T, F>(
        &'a self,
        call: impl FnOnce(&'a Session) -> F,
    ) -> Result<T, AwsError>
    where
        F: Future<Output = Result<T, AwsError>>,
    {
        call(self.session().await?).await
    }

    /// The answer to `cmd`; `None` for the terminal's own commands, which
    /// `tui::perform` runs itself and never sends here.
    async fn run(&self, cmd: Cmd) -> Option<Msg> {
        let msg = match cmd {
            Cmd::Connect => Msg::Connected {
                result: self.identify().await,
            },
            Cmd::Reconnect { req, .. } => Msg::Reconnected {
                req,
                result: self.identify().await,
            },
            Cmd::ListServers { req } => Msg::ServersListed {
                req,
                result: self.with_session(aws::transfer::list_servers).await,
            },
            Cmd::CountSecretUsers { req, prefix } => Msg::SecretUsersCounted {
                req,
                result: self
                    .with_session(|session| async move {
                        aws::secrets::list_login_secrets(session, &[&prefix]).await
                    })
                    .await
                    .map(|entries| count_by_server(&entries)),
            },
            Cmd::Doctor(cmd) => self.doctor(cmd).await,
            Cmd::DescribeServer { req, server_id } => Msg::ServerDescribed {
                result: self
                    .with_session(|session| aws::transfer::describe_server(session, &server_id))
                    .await
                    .map(Box::new),
                req,
                server_id,
            },
            Cmd::Server(cmd) => Msg::Server(servers::run(self, cmd).await),
            Cmd::Objects(cmd) => objects::run(self, cmd).await,
            Cmd::Probe(cmd) => probe::run(self, cmd).await,
            Cmd::ManagedUsers(cmd) => managed_users::run(self, cmd).await,
            Cmd::Idp(cmd) => idp_users::run(self, cmd).await,
            Cmd::Terminal(_) => return None,
        };
        Some(msg)
    }

    async fn doctor(&self, cmd: DoctorCmd) -> Msg {
        let DoctorCmd::Gather { req, server_id } = cmd;
        let result = self
            .with_session(|session| gather::gather(session, server_id.as_deref(), &self.doctor))
            .await
            .map(Box::new);
        Msg::Doctor(DoctorMsg::Gathered { req, result })
    }

    async fn identify(&self) -> Result<Identity, AwsError> {
        let session = self.session().await?;
        Ok(Identity {
            region: session.region.clone(),
            account: session.account_id().await?,
        })
    }
}

/// Login secrets per server id; secrets in their recovery window and those
/// naming no server (legacy `SFTP/` names, shared by all) are not counted.
fn count_by_server(
    entries: &[crate::model::SecretEntry],
) -> std::collections::HashMap<String, i32> {
    let mut counts = std::collections::HashMap::new();
    for entry in entries.iter().filter(|entry| entry.deleted.is_none()) {
        if let Some(server_id) = entry.parsed.as_ref().and_then(|n| n.server_id.clone()) {
            *counts.entry(server_id).or_insert(0) += 1;
        }
    }
    counts
}
