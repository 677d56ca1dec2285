//! Runs `Cmd`s as tokio tasks and sends their results back as `Msg`s.
//!
//! This is the bridge between `app` (which only speaks in commands and
//! messages) and `aws` (which only speaks SDK calls and model types): neither
//! knows the other. Concurrency is bounded so that a list of a hundred
//! servers does not open a hundred connections at once.

mod access;
mod activity;
mod cancel;
mod create;
mod deletion;
mod failure;
mod host_keys;
mod idp_users;
mod managed_users;
mod objects;
mod probe;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};

use futures::FutureExt;
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore, mpsc};
use tokio_util::sync::CancellationToken;

use crate::app::host_keys::HostKeysCmd;
use crate::app::objects::ObjectsCmd;
use crate::app::{Cmd, DoctorCmd, DoctorMsg, Identity, Msg, ProbeCmd, ServerCmd};
use crate::aws::{self, AwsError, AwsSettings, Session};
use crate::doctor::gather;
use crate::model::scope::Scope;

mod servers;
mod sweep;
mod tags;
mod user_copy;

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
    /// Sessions of scopes other than the active one (`session_for`).
    other_scopes: Arc<Mutex<HashMap<Scope, Session>>>,
    tx: mpsc::UnboundedSender<Msg>,
    /// Where changes are recorded; `None` when no state directory exists.
    audit_log: Option<Arc<std::path::PathBuf>>,
    /// The secret prefix and prices the Doctor and the probe check with.
    pub(crate) doctor: Arc<gather::Options>,
    downloads: cancel::Cancellable,
    probes: cancel::Cancellable,
    /// Debug builds only: the commands whose task panics, to prove that a
    /// panic becomes the command's failure (`TRANSFER_CONSOLE_TEST_PANIC`).
    #[cfg(debug_assertions)]
    panic_on: Option<fn(&Cmd) -> bool>,
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
            other_scopes: Arc::default(),
            tx,
            audit_log: None,
            doctor: Arc::default(),
            downloads: cancel::Cancellable::default(),
            probes: cancel::Cancellable::default(),
            #[cfg(debug_assertions)]
            panic_on: test_panic_on(),
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
        // Registered now, so that a cancel sent while the work still waits
        // for a call slot finds it.
        let cancel = worker.cancellation(&cmd);
        let cancellable = cancel.as_ref().and(request_of(&cmd));
        let on_panic = failure::reply_for(&cmd);
        tokio::spawn(async move {
            // A scheduled poll waits without holding one of the call slots.
            if let Some(delay) = servers::delay_of(&cmd)
                .or_else(|| activity::delay_of(&cmd))
                .or_else(|| create::delay_of(&cmd))
            {
                tokio::time::sleep(delay).await;
            }
            let _permit = match makes_aws_calls(&cmd) {
                true => worker.call_slot(cancel.as_ref()).await,
                false => None,
            };
            // A panic in a command's task is that command's failure: the
            // pane that asked says so and the console goes on.
            let answer = match AssertUnwindSafe(worker.run(cmd)).catch_unwind().await {
                Ok(answer) => answer,
                Err(panic) => {
                    if let Some(req) = cancellable {
                        worker.downloads.finish(req);
                        worker.probes.finish(req);
                    }
                    let err = failure::internal_error(panic.as_ref());
                    tracing::error!(%err, "a worker task panicked");
                    on_panic.map(|reply| reply(err))
                }
            };
            if let Some(msg) = answer {
                // The receiver is gone only when the console is shutting down.
                let _ = worker.tx.send(msg);
            }
        });
    }

    /// One of the AWS call slots; none once `cancel` fires while waiting
    /// (the work then ends at once, without a call).
    async fn call_slot(&self, cancel: Option<&CancellationToken>) -> Option<OwnedSemaphorePermit> {
        let acquire = self.permits.clone().acquire_owned();
        match cancel {
            // The semaphore is never closed: `ok()` is always `Some`.
            None => acquire.await.ok(),
            Some(cancel) => tokio::select! {
                permit = acquire => permit.ok(),
                () = cancel.cancelled() => None,
            },
        }
    }

    /// The cancellation token of a download or a probe, registered by request.
    fn cancellation(&self, cmd: &Cmd) -> Option<CancellationToken> {
        match cmd {
            Cmd::Objects(ObjectsCmd::Download { req, .. }) => Some(self.downloads.start(*req)),
            Cmd::Probe(ProbeCmd::Run { req, .. }) => Some(self.probes.start(*req)),
            _ => None,
        }
    }

    /// The session of `region` with the active profile (a clone elsewhere).
    async fn session_in(&self, region: &str) -> Result<Session, AwsError> {
        self.session_for(&Scope {
            profile: self.settings.profile.clone(),
            region: region.to_string(),
        })
        .await
    }

    /// The session of `scope`: the active one when it is that scope's, else
    /// one made for it once and kept, so that a clone's polls and a user
    /// copy's writes do not load the configuration again each time. A
    /// failed load is not kept.
    pub(crate) async fn session_for(&self, scope: &Scope) -> Result<Session, AwsError> {
        if self.settings.profile == scope.profile
            && let Ok(session) = self.session().await
            && session.region == scope.region
        {
            return Ok(session.clone());
        }
        let kept = |others: &Mutex<HashMap<Scope, Session>>| {
            // A poisoned lock only means a panic elsewhere: the map is whole.
            others
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(scope)
                .cloned()
        };
        if let Some(session) = kept(&self.other_scopes) {
            return Ok(session);
        }
        let settings = AwsSettings {
            profile: scope.profile.clone(),
            region: Some(scope.region.clone()),
            ..(*self.settings).clone()
        };
        let session = aws::sweep::ProfileConfig::load(&settings)
            .await
            .session_in(&scope.region)?;
        self.other_scopes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(scope.clone(), session.clone());
        Ok(session)
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
        #[cfg(debug_assertions)]
        if self.panic_on.is_some_and(|panics| panics(&cmd)) {
            panic!("a test-only panic in the worker");
        }
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
            Cmd::Activity(cmd) => activity::run(self, cmd).await,
            Cmd::HostKeys(cmd) => host_keys::run(self, cmd).await,
            Cmd::Deletion(cmd) => deletion::run(self, cmd).await,
            Cmd::Create(cmd) => create::run(self, cmd).await,
            Cmd::Access(cmd) => access::run(self, cmd).await,
            Cmd::Sweep { req, plan } => sweep::run(self, req, plan).await,
            Cmd::UserCopy(cmd) => user_copy::run(self, cmd).await,
            Cmd::Tags(cmd) => tags::run(self, cmd).await,
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

/// Debug builds only: `TRANSFER_CONSOLE_TEST_PANIC=worker` makes every
/// ListServers task panic, so the tmux tests can check that the UI goes on
/// and the terminal is left alone. Never in a release build.
#[cfg(debug_assertions)]
fn test_panic_on() -> Option<fn(&Cmd) -> bool> {
    let wanted = std::env::var("TRANSFER_CONSOLE_TEST_PANIC").is_ok_and(|value| value == "worker");
    wanted.then_some(|cmd| matches!(cmd, Cmd::ListServers { .. }))
}

/// The request of a cancellable command.
fn request_of(cmd: &Cmd) -> Option<crate::app::RequestId> {
    match cmd {
        Cmd::Objects(ObjectsCmd::Download { req, .. }) | Cmd::Probe(ProbeCmd::Run { req, .. }) => {
            Some(*req)
        }
        _ => None,
    }
}

/// Whether `cmd` calls AWS and so waits for one of the call slots. Cancels,
/// audit lines and the terminal's own work never do: they must not wait
/// behind calls that hold every slot.
fn makes_aws_calls(cmd: &Cmd) -> bool {
    match cmd {
        Cmd::Probe(ProbeCmd::Cancel { .. })
        | Cmd::Objects(ObjectsCmd::CancelDownload { .. })
        | Cmd::Server(ServerCmd::Audit { .. })
        | Cmd::HostKeys(HostKeysCmd::ReadKeyFile { .. })
        | Cmd::Terminal(_) => false,
        // Takes a slot for each of its calls, so that regions share the
        // slots in turn rather than one region holding them.
        Cmd::Sweep { .. } => false,
        Cmd::Probe(ProbeCmd::Run { .. })
        | Cmd::Objects(
            ObjectsCmd::ListBuckets { .. }
            | ObjectsCmd::ListPage { .. }
            | ObjectsCmd::Head { .. }
            | ObjectsCmd::Preview { .. }
            | ObjectsCmd::Download { .. }
            | ObjectsCmd::Delete { .. },
        )
        | Cmd::Server(
            ServerCmd::UpdateProtocol { .. }
            | ServerCmd::Power { .. }
            | ServerCmd::Poll { .. }
            | ServerCmd::Network { .. },
        )
        | Cmd::Connect
        | Cmd::Reconnect { .. }
        | Cmd::ListServers { .. }
        | Cmd::CountSecretUsers { .. }
        | Cmd::DescribeServer { .. }
        | Cmd::Doctor(_)
        | Cmd::ManagedUsers(_)
        | Cmd::Idp(_)
        | Cmd::Activity(crate::app::activity::ActivityCmd::Read { .. })
        | Cmd::Access(_)
        | Cmd::UserCopy(_)
        | Cmd::Tags(_)
        | Cmd::Create(_) => true,
        Cmd::HostKeys(HostKeysCmd::List { .. } | HostKeysCmd::Change { .. }) | Cmd::Deletion(_) => {
            true
        }
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

// The test-only panic exists in debug builds alone.
#[cfg(all(test, debug_assertions))]
mod tests {
    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::{App, Listing};

    /// The screen as the operator would see it.
    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        terminal
            .draw(|frame| crate::ui::draw(frame, app, &crate::ui::Theme::default_theme()))
            .expect("draw");
        terminal.backend().to_string()
    }

    #[tokio::test]
    async fn a_task_that_panics_answers_its_pane_with_an_internal_error() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut worker = Worker::new(AwsSettings::default(), tx);
        worker.panic_on = Some(|cmd| matches!(cmd, Cmd::ListServers { .. }));
        let mut app = App::new(AwsSettings::default(), true);
        let listing = app
            .start()
            .into_iter()
            .find(|cmd| matches!(cmd, Cmd::ListServers { .. }))
            .expect("the servers are listed on start");
        worker.dispatch(listing);

        let answer = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an answer, not a task gone silent")
            .expect("the worker is alive");
        assert!(
            matches!(
                &answer,
                Msg::ServersListed { result: Err(AwsError::Internal { detail }), .. }
                    if detail == "a test-only panic in the worker"
            ),
            "{answer:?}"
        );
        app.update(answer);
        assert!(matches!(
            app.servers.listing,
            Listing::Failed(AwsError::Internal { .. })
        ));
        let screen = screen(&app);
        assert!(
            screen.contains("internal error: a test-only panic in the worker"),
            "{screen}"
        );
        assert!(!screen.contains("listing servers"), "{screen}");

        // The worker goes on: the next command is answered as usual.
        worker.dispatch(Cmd::Server(ServerCmd::Audit {
            entry: crate::model::audit::AuditEntry {
                profile: "default".into(),
                region: "ap-northeast-1".into(),
                account: Some("123456789012".into()),
                endpoint: None,
                server: "s-0123456789abcdef0".into(),
                field: "State".into(),
                before: None,
                after: "ONLINE".into(),
                outcome: "ok".into(),
            },
        }));
        let answer = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("an answer")
            .expect("the worker is alive");
        assert!(
            matches!(
                answer,
                Msg::Server(crate::app::ServerMsg::AuditFailed { .. })
            ),
            "no audit log was given: {answer:?}"
        );
    }
}
