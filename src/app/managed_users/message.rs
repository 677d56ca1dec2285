//! The users pane's commands (Transfer user calls) and their answers.

use crate::app::RequestId;
use crate::model::AwsError;
use crate::model::{TransferUser, UserSpec, UserSummary};

#[derive(Debug)]
pub enum ManagedUsersMsg {
    Listed {
        req: RequestId,
        result: Result<Vec<UserSummary>, AwsError>,
    },
    Described {
        req: RequestId,
        user: String,
        result: Result<TransferUser, AwsError>,
    },
    /// A change answered; `Ok` carries the new key's id for an import.
    /// The change travels back so that it is audited even when its pane
    /// was closed meanwhile.
    Changed {
        req: RequestId,
        server_id: String,
        change: UserChange,
        result: Result<Option<String>, AwsError>,
        /// After a failed write: the user read again, judged.
        afterwards: Option<super::Afterwards>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManagedUsersCmd {
    /// ListUsers, every page.
    List { req: RequestId, server_id: String },
    Describe {
        req: RequestId,
        server_id: String,
        user: String,
    },
    Change {
        req: RequestId,
        server_id: String,
        change: UserChange,
    },
}

/// One change to a server's users, as sent and as audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChange {
    /// CreateUser, with the first SSH key if one was given.
    Create(UserSpec),
    /// UpdateUser: role, home and policy (`before` describes them as they were).
    Update {
        spec: UserSpec,
        before: String,
    },
    ImportKey {
        user: String,
        body: String,
    },
    DeleteKey {
        user: String,
        key_id: String,
        /// The key's type, tail and comment, for the audit log.
        label: String,
    },
    Delete {
        user: String,
    },
}

impl UserChange {
    /// The user the change is about.
    pub fn user(&self) -> &str {
        match self {
            Self::Create(spec) | Self::Update { spec, .. } => &spec.name,
            Self::ImportKey { user, .. } | Self::DeleteKey { user, .. } | Self::Delete { user } => {
                user
            }
        }
    }

    /// What is under way, for the status bar and messages.
    pub fn describe(&self) -> String {
        let user = self.user();
        match self {
            Self::Create(_) => format!("creating user {user}"),
            Self::Update { .. } => format!("updating user {user}"),
            Self::ImportKey { .. } => format!("importing an SSH key for {user}"),
            Self::DeleteKey { key_id, .. } => format!("deleting SSH key {key_id} of {user}"),
            Self::Delete { .. } => format!("deleting user {user}"),
        }
    }
}
