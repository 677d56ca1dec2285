//! What the user copy pane asks of the worker and what comes back.

use crate::app::RequestId;
use crate::app::idp_users::Write;
use crate::model::scope::ScopedServer;
use crate::model::user_copy::{CopyOutcome, Survey};
use crate::model::{AwsError, TransferUser};

#[derive(Debug)]
pub enum UserCopyMsg {
    Surveyed {
        req: RequestId,
        result: Result<Survey, AwsError>,
    },
    /// One user's copy ended (its failure read back).
    Copied {
        req: RequestId,
        user: String,
        outcome: CopyOutcome,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserCopyCmd {
    /// Both servers' kinds, the source's users in full, the target's names.
    Survey {
        req: RequestId,
        from: ScopedServer,
        to: ScopedServer,
        /// Where login secrets are named (`--secret-prefix`).
        prefix: String,
    },
    /// One user written to `to`.
    Copy {
        req: RequestId,
        to: ScopedServer,
        user: String,
        write: CopyWrite,
    },
}

/// The write that copies one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyWrite {
    /// CreateUser with everything DescribeUser gave, then
    /// ImportSshPublicKey for each key.
    Managed(Box<TransferUser>),
    /// The secret as the users pane's `C` writes it (`idp_users::copy_write`).
    Secret(Write),
}

impl CopyWrite {
    /// The audit log's field and value.
    pub fn audit_fields(&self, user: &str) -> (&'static str, String) {
        match self {
            Self::Managed(transfer_user) => (
                "User:copy",
                format!(
                    "{user} (role, home, policy, POSIX, {} tags, {} SSH keys)",
                    transfer_user.tags.len(),
                    transfer_user.ssh_keys.len()
                ),
            ),
            Self::Secret(write) => {
                let name = match write {
                    Write::Create { name, .. }
                    | Write::Update { name, .. }
                    | Write::Delete { name, .. }
                    | Write::Restore { name } => name.clone(),
                };
                (crate::app::idp_users::Verb::Copy.audit_field(), name)
            }
        }
    }
}
