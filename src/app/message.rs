//! What flows into `App::update` (`Msg`) and what comes out of it (`Cmd`).

use crossterm::event::KeyEvent;

use super::access::{AccessCmd, AccessMsg};
use super::activity::{ActivityCmd, ActivityMsg};
use super::create::{CreateCmd, CreateMsg};
use super::deletion::{DeletionCmd, DeletionMsg};
use super::doctor::{DoctorCmd, DoctorMsg};
use super::host_keys::{HostKeysCmd, HostKeysMsg};
use super::idp_users::{IdpCmd, IdpMsg};
use super::managed_users::{ManagedUsersCmd, ManagedUsersMsg};
use super::objects::{ObjectsCmd, ObjectsMsg};
use super::probe::{ProbeCmd, ProbeMsg};
use super::server_detail::{ServerCmd, ServerMsg};
use super::sweep::SweepMsg;
use super::tags::{TagsCmd, TagsMsg};
use super::user_copy::{UserCopyCmd, UserCopyMsg};
use crate::model::password::Password;
use crate::model::scope::SweepPlan;
use crate::model::{AwsError, AwsSettings};
use crate::model::{Server, ServerSummary};

/// Identifies one request, so that an answer to a request the user has moved
/// away from (or refreshed since) is recognised and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Everything that can change the console's state.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// The terminal was resized: the next draw uses the new size.
    Resize,
    /// The terminal dropped the copy just made (tmux's `set-clipboard`):
    /// `why` says what to set.
    CopyDropped {
        why: String,
    },
    /// Time passed: advances animations. Sent only while `App::animating`.
    Tick,
    /// The AWS configuration was loaded and the caller identified.
    Connected {
        result: Result<Identity, AwsError>,
    },
    /// The session of a region or profile switch was loaded.
    Reconnected {
        req: RequestId,
        result: Result<Identity, AwsError>,
    },
    /// Time for the visible pane's automatic refresh (`--refresh`).
    AutoRefresh,
    ServersListed {
        req: RequestId,
        result: Result<Vec<ServerSummary>, AwsError>,
    },
    /// Login secrets per custom identity provider server.
    SecretUsersCounted {
        req: RequestId,
        result: Result<std::collections::HashMap<String, i32>, AwsError>,
    },
    ServerDescribed {
        req: RequestId,
        server_id: String,
        result: Result<Box<Server>, AwsError>,
    },
    Doctor(DoctorMsg),
    /// Answers for the server detail pane.
    Server(ServerMsg),
    /// Answers for the S3 browser.
    Objects(ObjectsMsg),
    /// The probe's steps as they happen.
    Probe(ProbeMsg),
    /// Answers for the users pane of a SERVICE_MANAGED server.
    ManagedUsers(ManagedUsersMsg),
    /// Answers for the custom-IdP users pane.
    Idp(IdpMsg),
    /// Pages of CloudWatch Logs for the Activity pane.
    Activity(ActivityMsg),
    /// Answers for a server's host keys pane.
    HostKeys(HostKeysMsg),
    /// Answers for a server's deletion.
    Deletion(DeletionMsg),
    /// Answers for the create and clone form.
    Create(CreateMsg),
    /// Answers for the identity provider view and the access check.
    Access(AccessMsg),
    /// A sweep's answers, scope by scope.
    Sweep(SweepMsg),
    /// Answers for a bulk user copy.
    UserCopy(UserCopyMsg),
    /// Answers for a server's tags view.
    Tags(TagsMsg),
}

impl Msg {
    /// The outcome of an answer to a read that the automatic refresh also
    /// makes (a listing, a describe, the Doctor's check): `Some(error)` or
    /// `Some(None)` on success; `None` for every other message.
    pub fn refresh_outcome(&self) -> Option<Option<&AwsError>> {
        fn of<T>(result: &Result<T, AwsError>) -> Option<Option<&AwsError>> {
            Some(result.as_ref().err())
        }
        match self {
            Msg::ServersListed { result, .. } => of(result),
            Msg::ServerDescribed { result, .. } => of(result),
            Msg::Doctor(DoctorMsg::Gathered { result, .. }) => of(result),
            Msg::Objects(ObjectsMsg::PageListed { result, .. }) => of(result),
            Msg::ManagedUsers(ManagedUsersMsg::Listed { result, .. }) => of(result),
            Msg::Idp(IdpMsg::Listed { result, .. }) => of(result),
            _ => None,
        }
    }
}

/// Who the console is talking to AWS as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub region: String,
    pub account: String,
}

/// Work for the AWS worker. Commands are data so that flows can be tested
/// by asserting on them, without a terminal and without AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Connect,
    /// Replace the AWS session (another region or profile) and identify
    /// the caller again.
    Reconnect {
        req: RequestId,
        settings: AwsSettings,
    },
    ListServers {
        req: RequestId,
    },
    /// One ListSecrets sweep of `prefix`, counted per server.
    CountSecretUsers {
        req: RequestId,
        prefix: String,
    },
    DescribeServer {
        req: RequestId,
        server_id: String,
    },
    Doctor(DoctorCmd),
    Server(ServerCmd),
    /// S3 browser work.
    Objects(ObjectsCmd),
    /// Run or cancel a probe.
    Probe(ProbeCmd),
    /// Transfer user calls of a SERVICE_MANAGED server.
    ManagedUsers(ManagedUsersCmd),
    /// Custom-IdP users (Secrets Manager) work.
    Idp(IdpCmd),
    /// CloudWatch Logs reads for the Activity pane.
    Activity(ActivityCmd),
    /// A server's host keys.
    HostKeys(HostKeysCmd),
    /// Deleting a server.
    Deletion(DeletionCmd),
    /// Creating or cloning a server.
    Create(CreateCmd),
    /// The identity provider view and the access check.
    Access(AccessCmd),
    /// Lists and describes the servers of every scope of `plan`, each
    /// with its own session, answering scope by scope (`SweepMsg`).
    Sweep {
        req: RequestId,
        plan: SweepPlan,
    },
    /// Work for the terminal loop itself (clipboard, `$EDITOR`).
    Terminal(TerminalCmd),
    /// A bulk user copy's reads and writes.
    UserCopy(UserCopyCmd),
    /// A server's tags.
    Tags(TagsCmd),
}

/// Work for the terminal loop rather than the AWS worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminalCmd {
    /// Puts text on the clipboard with OSC 52 (works over SSH and in
    /// CloudShell); the text is never drawn.
    Copy { text: Password },
    /// Suspends the UI and opens `$EDITOR` on the secret's value (its JSON,
    /// or the text of a value that is not JSON, to repair); answers with
    /// `IdpMsg::EditedJson`.
    EditSecret {
        req: RequestId,
        name: String,
        read_version: String,
        text: Password,
    },
    /// Suspends the UI and opens `$EDITOR` on an empty file in a private
    /// directory for a private host key to be pasted; answers with
    /// `HostKeysMsg::KeyRead`.
    EditHostKey { req: RequestId },
}
