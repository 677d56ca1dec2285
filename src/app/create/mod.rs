//! Creating a server (`N` on the servers list, `:new`) and cloning one
//! (`C` on a server, in the list or its detail): a form in five steps and
//! a summary of the CreateServer request. Pick lists come from EC2 and ACM
//! of the target region; every rule is checked before anything is sent
//! (`model::server_spec`). After `y`, CreateServer is sent once, the new
//! server followed from STARTING to ONLINE, and the outcome audited.

mod rows;
mod update;

use crossterm::event::KeyCode;

pub use rows::{Row, RowKind, TextField};
pub use update::{AUDIT_CREATED, AUDIT_FIELD, POLL_EVERY, POLL_LIMIT};

use super::RequestId;
use super::keymap::{Action, Binding};
use crate::model::server_spec::{Choices, Known, ServerSpec, SpecError, Step};
use crate::model::{AwsError, Server, ServerState};

/// The servers list's keys: a new server, a clone of the selected one
/// (one line of help for both, so the list's help still fits 80×24).
pub const SERVERS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Char('N')],
        label: "N · C",
        action: Action::NewServer,
        help: "new server · clone this one",
    },
    Binding {
        keys: &[KeyCode::Char('C')],
        label: "",
        action: Action::CloneServer,
        help: "",
    },
];

/// The server detail's key for a clone.
pub const DETAIL: &[Binding] = &[Binding {
    keys: &[KeyCode::Char('C')],
    label: "C",
    action: Action::CloneServer,
    help: "clone this server",
}];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    New,
    Clone { source_id: String },
}

/// Where the form stands with AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// A clone waits for its source's DescribeServer.
    ReadingSource(RequestId),
    Editing,
    /// CreateServer sent.
    Creating(RequestId),
    /// Created: DescribeServer polled until it settles.
    Following {
        req: RequestId,
        server_id: String,
        seen: Vec<ServerState>,
        polls: u32,
    },
    /// How it ended, said on the pane until Esc.
    Done {
        server_id: Option<String>,
        text: String,
    },
}

#[derive(Debug)]
pub struct CreatePane {
    pub mode: Mode,
    /// The region the server is created in (a clone may go elsewhere).
    pub region: String,
    pub spec: ServerSpec,
    /// 0..=4 the steps, 5 the summary.
    pub step: usize,
    pub cursor: usize,
    pub choices: Option<Box<Choices>>,
    /// The pick lists being read, and for which region.
    pub reading: Option<RequestId>,
    /// The field being typed, with its text.
    pub input: Option<(TextField, String)>,
    pub phase: Phase,
}

/// The last step's index: the summary.
pub const SUMMARY: usize = 5;

impl CreatePane {
    pub fn title(&self) -> String {
        match &self.mode {
            Mode::New => "New server".to_string(),
            Mode::Clone { source_id } => format!("Clone {source_id}"),
        }
    }

    pub fn known(&self) -> Known {
        self.choices
            .as_ref()
            .filter(|c| c.region == self.region)
            .map(|c| c.known())
            .unwrap_or_default()
    }

    /// Every broken rule of the spec as it stands.
    pub fn errors(&self) -> Vec<SpecError> {
        crate::model::server_spec::validate(&self.spec, &self.region, &self.known())
    }

    pub fn current_step(&self) -> Option<Step> {
        Step::ALL.get(self.step).copied()
    }

    /// The rows of the step on screen.
    pub fn rows(&self) -> Vec<Row> {
        match self.current_step() {
            Some(step) => rows::rows(self, step),
            None => Vec::new(),
        }
    }

    pub fn loading(&self) -> Option<String> {
        match &self.phase {
            Phase::ReadingSource(_) => Some("reading the server to clone".into()),
            Phase::Creating(_) => Some(format!("creating the server in {}", self.region)),
            Phase::Following {
                server_id, seen, ..
            } => Some(format!(
                "{server_id}: {} (until ONLINE)",
                seen.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" → ")
            )),
            _ => self
                .reading
                .map(|_| format!("reading VPCs, subnets and certificates of {}", self.region)),
        }
    }
}

/// What became of a CreateServer answered with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreatedAfter {
    /// The server carrying this request's mark exists: created anyway.
    Found(String),
    /// No server carries the mark: not created.
    NotFound,
    /// The servers could not be read again.
    Unknown(AwsError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateCmd {
    /// The pick lists of `region`.
    Choices { req: RequestId, region: String },
    /// The server to clone and its endpoint's security groups.
    Source { req: RequestId, server_id: String },
    /// CreateServer in `region`; the worker makes the creation mark.
    Create {
        req: RequestId,
        region: String,
        spec: Box<ServerSpec>,
    },
    /// DescribeServer of the new server after `delay`.
    Poll {
        req: RequestId,
        region: String,
        server_id: String,
        delay: std::time::Duration,
    },
}

#[derive(Debug)]
pub enum CreateMsg {
    Choices {
        req: RequestId,
        choices: Box<Choices>,
    },
    Source {
        req: RequestId,
        result: Result<Box<(Server, Vec<String>)>, AwsError>,
    },
    Created {
        req: RequestId,
        result: Result<String, AwsError>,
        /// After a failed CreateServer: looked for by the creation mark.
        afterwards: Option<CreatedAfter>,
    },
    Polled {
        req: RequestId,
        result: Result<Box<Server>, AwsError>,
    },
}

#[cfg(test)]
pub(crate) mod tests;
