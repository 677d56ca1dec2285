//! Copying a server's users to another server in bulk (`:copy-users
//! <target>`, and after a clone comes ONLINE): both servers are read, a
//! plan says for every user what will be copied or why it is skipped, `y`
//! starts it, and each user's copy runs with a few at once, its result
//! shown as it comes, then a summary. Every copy is a write followed in
//! `in_flight` and audited; a failed one is read back.

mod message;
mod update;

pub use message::{CopyWrite, UserCopyCmd, UserCopyMsg};
pub use update::{check_target, outcome_text};

use crossterm::event::KeyCode;

use super::keymap::{Action, Binding};
use super::{Cursor, RequestId};
use crate::model::AwsError;
use crate::model::scope::ScopedServer;
use crate::model::user_copy::{CopyOutcome, Step};

/// User copies in flight at once.
pub const COPY_AT_ONCE: usize = 4;

#[derive(Debug)]
pub struct UserCopyPane {
    pub from: ScopedServer,
    pub to: ScopedServer,
    pub stage: Stage,
    pub rows: Vec<CopyRow>,
    pub cursor: Cursor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Both servers being read.
    Surveying(RequestId),
    SurveyFailed(AwsError),
    /// The plan on screen, awaiting `y`.
    Planned,
    Copying,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyRow {
    pub user: String,
    pub step: Step,
    pub state: RowState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// In the plan (or skipped by it).
    Planned,
    /// Confirmed, waiting for a place among the copies at once.
    Waiting,
    Copying(RequestId),
    Done(CopyOutcome),
}

impl CopyRow {
    /// The row's outcome: its copy's, or the plan's skip.
    pub fn outcome(&self) -> Option<CopyOutcome> {
        match (&self.state, &self.step) {
            (RowState::Done(outcome), _) => Some(outcome.clone()),
            (_, Step::Skip { why }) => Some(CopyOutcome::Skipped { why: why.clone() }),
            _ => None,
        }
    }
}

/// What a key asks of the user copy pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserCopyAction {
    Start,
}

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Char('y')],
    label: "y",
    action: Action::UserCopy(UserCopyAction::Start),
    help: "copy the users the plan copies",
}];

impl UserCopyPane {
    pub fn new(from: ScopedServer, to: ScopedServer, req: RequestId) -> Self {
        Self {
            from,
            to,
            stage: Stage::Surveying(req),
            rows: Vec::new(),
            cursor: Cursor::default(),
        }
    }

    /// Users the plan copies.
    pub fn to_copy(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| matches!(row.step, Step::Copy { .. }))
            .count()
    }

    /// `N copied, M skipped, K failed` once every row has its outcome.
    pub fn summary(&self) -> Option<String> {
        let outcomes: Vec<CopyOutcome> = self.rows.iter().filter_map(CopyRow::outcome).collect();
        (self.stage == Stage::Done).then(|| crate::model::user_copy::summary(outcomes.iter()))
    }

    /// Copies sent and not answered.
    pub fn copying(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| matches!(row.state, RowState::Copying(_)))
            .count()
    }

    /// What the status bar says while this pane waits.
    pub fn loading(&self) -> Option<String> {
        match &self.stage {
            Stage::Surveying(_) => Some(format!(
                "reading the users of {} and {}",
                self.from.server_id, self.to.server_id
            )),
            Stage::Copying => {
                let done = self
                    .rows
                    .iter()
                    .filter(|row| matches!(row.state, RowState::Done(_)))
                    .count();
                Some(format!("copying users ({done} of {} done)", self.to_copy()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
