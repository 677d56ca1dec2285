//! The Doctor pane: what is wrong with one server or all of them, each
//! finding with its evidence and fix, and the console's fix one key away.

use super::cursor::Cursor;
use super::message::RequestId;
use crate::aws::AwsError;
use crate::doctor::report::Summary;
use crate::doctor::{Estate, Finding, diagnose};

#[derive(Debug, Clone, PartialEq)]
pub enum DoctorMsg {
    Gathered {
        req: RequestId,
        result: Result<Box<Estate>, AwsError>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DoctorCmd {
    /// Gathers the evidence for one server (`Some(id)`) or all.
    Gather {
        req: RequestId,
        server_id: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub enum DoctorState {
    Gathering(RequestId),
    Ready {
        findings: Vec<Finding>,
        summary: Summary,
    },
    Failed(AwsError),
}

#[derive(Debug, Clone)]
pub struct DoctorPane {
    /// The server checked, or `None` for every server.
    pub scope: Option<String>,
    pub state: DoctorState,
    pub cursor: Cursor,
}

impl DoctorPane {
    pub fn new(scope: Option<String>, req: RequestId) -> Self {
        Self {
            scope,
            state: DoctorState::Gathering(req),
            cursor: Cursor::default(),
        }
    }

    pub fn gather(&mut self, req: RequestId) -> DoctorCmd {
        self.state = DoctorState::Gathering(req);
        DoctorCmd::Gather {
            req,
            server_id: self.scope.clone(),
        }
    }

    pub fn is_gathering(&self) -> bool {
        matches!(self.state, DoctorState::Gathering(_))
    }

    pub fn findings(&self) -> &[Finding] {
        match &self.state {
            DoctorState::Ready { findings, .. } => findings,
            _ => &[],
        }
    }

    pub fn selected(&self) -> Option<&Finding> {
        self.findings().get(self.cursor.selected())
    }

    pub fn on_msg(&mut self, msg: DoctorMsg) {
        let DoctorMsg::Gathered { req, result } = msg;
        if !matches!(self.state, DoctorState::Gathering(awaited) if awaited == req) {
            return;
        }
        self.state = match result {
            Ok(estate) => {
                let findings = diagnose(&estate);
                let summary = Summary::of(&estate, &findings);
                DoctorState::Ready { findings, summary }
            }
            Err(err) => DoctorState::Failed(err),
        };
        let len = self.findings().len();
        self.cursor.select(self.cursor.selected(), len);
    }
}
