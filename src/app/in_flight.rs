//! Writes sent to AWS and not answered yet, each with the audit entry that
//! records it should the console quit before the answer comes.
//!
//! AWS may apply a write whose answer the console never reads: quitting
//! waits a little for the answers (`shutdown.rs`) and records the rest as
//! abandoned, so no change goes unrecorded. The entries are made when the
//! write is sent, under the region and profile it is sent to; a switch of
//! region or profile is refused while one is in flight.

use super::access::{AccessCmd, AccessMsg};
use super::create::{CreateCmd, CreateMsg};
use super::deletion::{DeletionCmd, DeletionMsg};
use super::host_keys::{HostKeysCmd, HostKeysMsg};
use super::idp_users::{IdpCmd, IdpMsg, Write};
use super::managed_users::{ManagedUsersCmd, ManagedUsersMsg};
use super::objects::{ObjectsCmd, ObjectsMsg};
use super::tags::{TagsCmd, TagsMsg};
use super::user_copy::UserCopyMsg;
use super::{App, Cmd, Msg, RequestId, ServerCmd, ServerMsg};
use crate::model::audit::AuditEntry;
use crate::model::login_secret::SecretName;

/// The outcome recorded for a write AWS had not answered when the console quit.
pub const ABANDONED: &str =
    "abandoned: the console quit before AWS answered; it may have been applied";

/// One write awaiting its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    pub req: RequestId,
    /// The entry written if no answer comes (outcome: [`ABANDONED`]).
    pub audit: AuditEntry,
}

impl App {
    /// Writes sent and not answered yet, oldest first.
    pub fn writes_in_flight(&self) -> &[InFlight] {
        &self.in_flight
    }

    /// Notes the writes among `cmds` as in flight.
    pub(super) fn track_writes(&mut self, cmds: &[Cmd]) {
        for cmd in cmds {
            if let Some(write) = self.write_of(cmd) {
                self.in_flight.push(write);
            }
        }
    }

    /// The write `msg` answers is no longer in flight.
    pub(super) fn untrack_write(&mut self, msg: &Msg) {
        if let Some(req) = answered_write(msg) {
            self.in_flight.retain(|write| write.req != req);
        }
    }

    /// The audit entry of an S3 deletion `msg` answers. The browser keeps
    /// no audit of its own, and its pane may be gone by now.
    pub(super) fn deletion_audit(&self, msg: &Msg) -> Option<Cmd> {
        let Msg::Objects(ObjectsMsg::Deleted { req, result }) = msg else {
            return None;
        };
        let write = self.in_flight.iter().find(|write| write.req == *req)?;
        let outcome = match result {
            Ok(()) => "ok".to_string(),
            Err(err) => format!("failed: {err}"),
        };
        let entry = AuditEntry {
            outcome,
            ..write.audit.clone()
        };
        Some(Cmd::Server(ServerCmd::Audit { entry }))
    }

    fn write_of(&self, cmd: &Cmd) -> Option<InFlight> {
        let (req, server, field, before, after) = match cmd {
            Cmd::Server(ServerCmd::UpdateProtocol {
                req,
                server_id,
                change,
            }) => {
                let before = self
                    .server(server_id)
                    .and_then(|server| change.current(&server.protocol_details));
                (
                    *req,
                    server_id.clone(),
                    change.field(),
                    before,
                    change.value(),
                )
            }
            Cmd::ManagedUsers(ManagedUsersCmd::Change {
                req,
                server_id,
                change,
            }) => {
                let (field, before, after) = super::managed_users::audit_fields(change, None);
                (*req, server_id.clone(), field, before, after)
            }
            Cmd::Idp(IdpCmd::Write { req, verb, write }) => {
                let (name, before) = match write {
                    Write::Update {
                        name, read_version, ..
                    } => (name, Some(format!("version {read_version}"))),
                    Write::Create { name, .. }
                    | Write::Delete { name, .. }
                    | Write::Restore { name } => (name, None),
                };
                let server = SecretName::parse(name, &self.secret_prefix)
                    .and_then(|parsed| parsed.server_id)
                    .unwrap_or_else(|| name.clone());
                (*req, server, verb.audit_field(), before, name.clone())
            }
            Cmd::Deletion(DeletionCmd::Delete { req, server_id, .. }) => (
                *req,
                server_id.clone(),
                "Server",
                Some(server_id.clone()),
                "(deleted)".to_string(),
            ),
            Cmd::HostKeys(HostKeysCmd::Change {
                req,
                server_id,
                change,
            }) => {
                let (field, before, after) = change.audit_fields(None);
                (*req, server_id.clone(), field, before, after)
            }
            Cmd::Access(AccessCmd::AddPermission {
                req,
                server_id,
                permission,
            }) => {
                let (field, after) = super::access::permission_audit(permission);
                (*req, server_id.clone(), field, None, after)
            }
            Cmd::UserCopy(copy) => {
                let (req, audit) = self.user_copy_write(copy, ABANDONED.to_string())?;
                return Some(InFlight { req, audit });
            }
            Cmd::Tags(TagsCmd::Change {
                req,
                server_id,
                change,
                ..
            }) => {
                let (field, before, after) = change.audit_fields();
                (*req, server_id.clone(), field, before, after)
            }
            Cmd::Objects(ObjectsCmd::Delete { req, bucket, key }) => (
                *req,
                bucket.clone(),
                OBJECT_FIELD,
                Some(key.clone()),
                OBJECT_DELETED.to_string(),
            ),
            Cmd::Create(CreateCmd::Create { req, region, .. }) => {
                // Not known before AWS answers: the server's id.
                let mut audit = self.audit_entry(
                    "(new server)",
                    super::create::AUDIT_FIELD,
                    None,
                    super::create::AUDIT_CREATED.to_string(),
                    ABANDONED.to_string(),
                );
                audit.region = region.clone();
                return Some(InFlight { req: *req, audit });
            }
            _ => return None,
        };
        Some(InFlight {
            req,
            audit: self.audit_entry(&server, field, before, after, ABANDONED.to_string()),
        })
    }
}

/// How the audit log names an S3 object deletion: the bucket as `server`,
/// the key as `before`.
pub const OBJECT_FIELD: &str = "S3Object";
pub const OBJECT_DELETED: &str = "(deleted)";

/// The write request `msg` answers; `None` for every other message.
fn answered_write(msg: &Msg) -> Option<RequestId> {
    match msg {
        Msg::Server(ServerMsg::ProtocolUpdated { req, .. })
        | Msg::ManagedUsers(ManagedUsersMsg::Changed { req, .. })
        | Msg::Idp(IdpMsg::Written { req, .. })
        | Msg::HostKeys(HostKeysMsg::Changed { req, .. })
        | Msg::Deletion(DeletionMsg::Deleted { req, .. })
        | Msg::Create(CreateMsg::Created { req, .. })
        | Msg::Objects(ObjectsMsg::Deleted { req, .. })
        | Msg::Access(AccessMsg::PermissionAdded { req, .. })
        | Msg::UserCopy(UserCopyMsg::Copied { req, .. })
        | Msg::Tags(TagsMsg::Changed { req, .. }) => Some(*req),
        _ => None,
    }
}
