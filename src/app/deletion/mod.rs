//! Deleting a server (`X` on the servers list). Before anything is asked,
//! the console reads what goes with the server and what stays behind; the
//! pane shows it, the login secrets that would be left are kept (listed as
//! orphans) or deleted with their recovery window (Tab), and the server id
//! or Name is typed to confirm. DeleteServer is then followed until AWS no
//! longer knows the server, and audited.

mod update;

use crossterm::event::KeyCode;

use super::keymap::{Action, Binding};
use super::{Confirm, RequestId};
use crate::app::managed_users::Afterwards;
use crate::model::deletion::DeletionSurvey;
use crate::model::{AwsError, Server};

/// The servers list's key for a deletion.
pub const SERVERS: &[Binding] = &[Binding {
    keys: &[KeyCode::Char('X')],
    label: "X",
    action: Action::DeleteServer,
    help: "delete the server (type its id)",
}];

#[derive(Debug)]
pub struct DeletionPane {
    pub server_id: String,
    pub name: Option<String>,
    /// What the server costs a month while it exists: saved by deleting it.
    pub monthly_cost: f64,
    pub tags: Vec<(String, String)>,
    pub survey: Survey,
    /// Schedule the deletion of the login secrets left behind (with the
    /// recovery window) instead of keeping them.
    pub delete_secrets: bool,
    pub confirm: Confirm,
    /// The DeleteServer in flight (and its following).
    pub pending: Option<RequestId>,
}

#[derive(Debug)]
pub enum Survey {
    Reading(RequestId),
    Read(Box<DeletionSurvey>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeletionCmd {
    /// Reads what goes with the server and what stays.
    Survey {
        req: RequestId,
        server: Box<Server>,
        secret_prefix: String,
    },
    /// DeleteServer, followed until it is gone; then the chosen secrets'
    /// deletion is scheduled with `recovery_days`.
    Delete {
        req: RequestId,
        server_id: String,
        secrets: Vec<String>,
        recovery_days: i64,
    },
}

#[derive(Debug)]
pub enum DeletionMsg {
    Surveyed {
        req: RequestId,
        survey: Box<DeletionSurvey>,
    },
    Deleted {
        req: RequestId,
        server_id: String,
        /// `Ok(true)`: gone; `Ok(false)`: still listed when the following
        /// gave up.
        result: Result<bool, AwsError>,
        /// After a failed DeleteServer: the server read again, judged.
        afterwards: Option<Afterwards>,
        /// Each secret whose deletion was scheduled: when it goes, or why not.
        secrets: Vec<(String, Result<Option<String>, AwsError>)>,
    },
}

impl DeletionPane {
    pub fn loading(&self) -> Option<String> {
        if self.pending.is_some() {
            return Some(format!(
                "deleting {} (until AWS no longer lists it)",
                self.server_id
            ));
        }
        matches!(self.survey, Survey::Reading(_))
            .then(|| format!("reading what goes with {}", self.server_id))
    }

    /// The login secrets the survey found.
    pub fn secrets(&self) -> &[String] {
        match &self.survey {
            Survey::Read(survey) => survey.secrets.as_deref().unwrap_or(&[]),
            Survey::Reading(_) => &[],
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
