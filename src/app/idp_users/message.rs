//! What the custom-IdP users pane asks of the worker and what comes back.

use super::Afterwards;
use crate::app::RequestId;
use crate::model::AwsError;
use crate::model::login_secret::LoginSecret;
use crate::model::password::Password;
use crate::model::secret_value::{Values, WriteError};
use crate::model::{LoginTest, SecretEntry};

#[derive(Debug)]
pub enum IdpMsg {
    Listed {
        req: RequestId,
        result: Result<Vec<SecretEntry>, AwsError>,
    },
    /// The values of the rows, read twenty a call when listed.
    Read {
        req: RequestId,
        values: Values,
        /// BatchGetSecretValue was denied: read one at a time instead.
        one_at_a_time: Option<AwsError>,
    },
    Written {
        req: RequestId,
        verb: Verb,
        name: String,
        result: Result<Written, WriteError>,
        /// After a failed write (not a refused one): whether it took
        /// effect, by the secret read again.
        afterwards: Option<Afterwards>,
    },
    Tested {
        req: RequestId,
        result: Result<LoginTest, AwsError>,
    },
    /// The operator closed `$EDITOR` (run by the terminal loop).
    EditedJson {
        req: RequestId,
        name: String,
        read_version: String,
        /// `Ok(None)`: the file was left as it was.
        result: Result<Option<LoginSecret>, String>,
    },
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// The new version (creations and edits).
    pub version: Option<String>,
    /// When a deleted secret goes for good.
    pub deletion_date: Option<String>,
    /// A password the worker generated: shown once, then forgotten.
    pub generated: Option<Password>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdpCmd {
    /// ListSecrets, every page, never a value.
    List { req: RequestId, filter: ListFilter },
    /// The values of these secrets (BatchGetSecretValue, or GetSecretValue
    /// each where that is denied).
    Read { req: RequestId, names: Vec<String> },
    Write {
        req: RequestId,
        verb: Verb,
        write: Write,
    },
    /// TestIdentityProvider.
    TestLogin {
        req: RequestId,
        server_id: String,
        user: String,
        password: Option<Password>,
        protocol: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFilter {
    /// `<prefix><server-id>/` and the legacy `SFTP/` names.
    Server { prefix: String, server_id: String },
    /// Everything under `prefix`, to find orphans.
    All { prefix: String },
}

/// A change to one secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Create {
        name: String,
        secret: LoginSecret,
        password: NewPassword,
    },
    /// PutSecretValue, unless the secret is no longer at `read_version`.
    Update {
        name: String,
        secret: LoginSecret,
        read_version: String,
        password: NewPassword,
    },
    /// DeleteSecret with a recovery window, never forced.
    Delete {
        name: String,
        recovery_days: i64,
    },
    Restore {
        name: String,
    },
}

/// Where a new password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewPassword {
    /// The secret's own (or none): nothing to set.
    Keep,
    /// From the OS random source, in the worker, of this length.
    Generate(usize),
    Typed(Password),
}

/// What a write was for, in messages and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Create,
    Edit,
    Rotate,
    Copy,
    Delete,
    Restore,
}

impl Verb {
    pub fn past(&self) -> &'static str {
        match self {
            Self::Create => "created",
            Self::Edit => "saved",
            Self::Rotate => "password rotated",
            Self::Copy => "copied",
            Self::Delete => "scheduled for deletion",
            Self::Restore => "restored",
        }
    }

    /// The audit log's `field`.
    pub fn audit_field(&self) -> &'static str {
        match self {
            Self::Create => "LoginSecret:create",
            Self::Edit => "LoginSecret:edit",
            Self::Rotate => "LoginSecret:Password",
            Self::Copy => "LoginSecret:copy",
            Self::Delete => "LoginSecret:delete",
            Self::Restore => "LoginSecret:restore",
        }
    }
}
