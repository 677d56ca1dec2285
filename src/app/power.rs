//! Stopping, starting and restarting a server (a restart applies a new
//! PassiveIp). Each is a flow driven by messages: StopServer/StartServer,
//! then DescribeServer polls the worker schedules after a delay, until the
//! state AWS reports ends the phase. `update` stays pure and the UI keeps
//! answering; a time limit (a number of polls) ends a flow that hangs.

use std::time::Duration;

use super::{App, Cmd, NoticeLevel, RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::audit::AuditEntry;
use crate::model::{Server, ServerState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerPlan {
    Start,
    Stop,
    /// Stop, wait for OFFLINE, start, wait for ONLINE.
    Restart,
}

impl PowerPlan {
    pub fn verb(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Stop => "stop",
            Self::Restart => "restart",
        }
    }

    /// "stopping a server", as the read-only refusal says it.
    pub fn gerund(&self) -> &'static str {
        match self {
            Self::Start => "starting",
            Self::Stop => "stopping",
            Self::Restart => "restarting",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerFlow {
    pub server_id: String,
    pub plan: PowerPlan,
    /// The phase under way: starting (true) or stopping.
    pub starting: bool,
    /// StartServer was accepted: AWS brings the server up without the console.
    pub start_accepted: bool,
    pub awaiting: RequestId,
    pub polls: u32,
    /// Every state seen, oldest first.
    pub seen: Vec<ServerState>,
}

/// A stop, start or restart cut short by quitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub message: String,
    pub audit: AuditEntry,
}

impl PowerFlow {
    fn last(&self) -> Option<&ServerState> {
        self.seen.last()
    }

    /// The last state seen, or `unknown`.
    fn last_state(&self) -> String {
        self.last()
            .map_or("unknown".to_string(), ServerState::to_string)
    }

    /// The state the flow ends in when it succeeds.
    fn target(&self) -> ServerState {
        match self.plan {
            PowerPlan::Stop => ServerState::Offline,
            _ => ServerState::Online,
        }
    }

    /// `ONLINE → STOPPING → OFFLINE`.
    pub fn path(&self) -> String {
        self.seen
            .iter()
            .map(ServerState::to_string)
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// What a person who leaves now must know: `at_exit` is the state AWS
    /// reported as the console quit (`unknown` when it could not be read).
    pub fn left_in(&self, at_exit: &str) -> String {
        let next = match (self.plan, self.starting) {
            (PowerPlan::Restart, false) => "; it will not be started again by this console",
            _ => "",
        };
        format!(
            "{} of {} unfinished: AWS reports {at_exit} at exit{next}",
            self.plan.verb(),
            self.server_id
        )
    }
}

/// The running flows and how they poll.
#[derive(Debug, Clone)]
pub struct PowerFlows {
    pub flows: Vec<PowerFlow>,
    /// Servers in the list polled because they were STARTING/STOPPING.
    pub list_polls: Vec<(RequestId, String)>,
    pub interval: Duration,
    /// Polls per phase before the flow reports a time-out.
    pub limit: u32,
}

impl Default for PowerFlows {
    fn default() -> Self {
        Self {
            flows: Vec::new(),
            list_polls: Vec::new(),
            interval: Duration::from_secs(3),
            limit: 300, // 15 minutes at 3 s
        }
    }
}

impl PowerFlows {
    pub fn for_server(&self, server_id: &str) -> Option<&PowerFlow> {
        self.flows.iter().find(|flow| flow.server_id == server_id)
    }
}

impl App {
    /// Starts a stop, start or restart (already confirmed).
    pub(super) fn begin_power(&mut self, server_id: &str, plan: PowerPlan) -> Vec<Cmd> {
        if self.power.for_server(server_id).is_some() {
            self.notify(
                NoticeLevel::Warning,
                format!("{server_id} is already being stopped or started"),
            );
            return Vec::new();
        }
        let req = self.next_request();
        let state = self.server(server_id).map(|s| s.summary.state.clone());
        let starting = plan == PowerPlan::Start;
        self.power.flows.push(PowerFlow {
            server_id: server_id.to_string(),
            plan,
            starting,
            start_accepted: false,
            awaiting: req,
            polls: 0,
            seen: state.into_iter().collect(),
        });
        vec![Cmd::Server(ServerCmd::Power {
            req,
            server_id: server_id.to_string(),
            start: starting,
        })]
    }

    pub(super) fn on_power_requested(
        &mut self,
        req: RequestId,
        result: Result<(), AwsError>,
    ) -> Vec<Cmd> {
        let Some(index) = self.power.flows.iter().position(|f| f.awaiting == req) else {
            return Vec::new();
        };
        match result {
            Ok(()) => {
                let flow = &mut self.power.flows[index];
                flow.start_accepted = flow.starting;
                self.poll_flow(index)
            }
            Err(err) => {
                let call = if self.power.flows[index].starting {
                    "StartServer"
                } else {
                    "StopServer"
                };
                self.finish_flow(index, format!("{call} failed: {err}"))
            }
        }
    }

    fn poll_flow(&mut self, index: usize) -> Vec<Cmd> {
        let req = self.next_request();
        let delay = self.power.interval;
        let flow = &mut self.power.flows[index];
        flow.awaiting = req;
        vec![Cmd::Server(ServerCmd::Poll {
            req,
            server_id: flow.server_id.clone(),
            delay,
        })]
    }

    pub(super) fn on_polled(
        &mut self,
        req: RequestId,
        server_id: &str,
        result: Result<Box<Server>, AwsError>,
    ) -> Vec<Cmd> {
        if let Ok(server) = &result
            && let Some(row) = self
                .servers
                .rows
                .iter_mut()
                .find(|r| r.summary.id == server_id)
        {
            row.show_described(server.clone());
        }
        let Some(index) = self.power.flows.iter().position(|f| f.awaiting == req) else {
            return self.on_list_polled(req, server_id, &result);
        };
        let state = match result {
            Ok(server) => server.summary.state,
            Err(err) if err.is_transient() => return self.poll_again(index),
            Err(err) => return self.finish_flow(index, format!("DescribeServer failed: {err}")),
        };
        let flow = &mut self.power.flows[index];
        if flow.last() != Some(&state) {
            flow.seen.push(state.clone());
        }
        match (flow.starting, state) {
            (false, ServerState::Offline) if flow.plan == PowerPlan::Restart => {
                let req = self.next_request();
                let flow = &mut self.power.flows[index];
                flow.starting = true;
                flow.polls = 0;
                flow.awaiting = req;
                vec![Cmd::Server(ServerCmd::Power {
                    req,
                    server_id: server_id.to_string(),
                    start: true,
                })]
            }
            (false, ServerState::Offline) | (true, ServerState::Online) => {
                self.finish_flow(index, "ok".to_string())
            }
            (_, failed @ (ServerState::StopFailed | ServerState::StartFailed)) => {
                self.finish_flow(index, failed.to_string())
            }
            _ => self.poll_again(index),
        }
    }

    fn poll_again(&mut self, index: usize) -> Vec<Cmd> {
        let flow = &mut self.power.flows[index];
        flow.polls += 1;
        if flow.polls >= self.power.limit {
            let waited = self.power.interval * self.power.limit;
            return self.finish_flow(index, format!("timed out after {}s", waited.as_secs()));
        }
        self.poll_flow(index)
    }

    /// Ends a flow: says how it ended and what state the server is in, and
    /// records it in the audit log.
    fn finish_flow(&mut self, index: usize, outcome: String) -> Vec<Cmd> {
        let flow = self.power.flows.remove(index);
        let last = flow.last_state();
        if outcome == "ok" {
            self.notify(
                NoticeLevel::Info,
                format!(
                    "{} of {}: {} (done)",
                    flow.plan.verb(),
                    flow.server_id,
                    flow.path()
                ),
            );
        } else {
            self.notify(
                NoticeLevel::Error,
                format!(
                    "{} of {} ended {outcome}: the server is {last}",
                    flow.plan.verb(),
                    flow.server_id
                ),
            );
        }
        let entry = self.audit_entry(
            &flow.server_id,
            "State",
            flow.seen.first().map(ServerState::to_string),
            flow.target().to_string(),
            outcome,
        );
        vec![Cmd::Server(ServerCmd::Audit { entry })]
    }

    /// A row found STARTING or STOPPING is polled until it settles, so the
    /// list stays truthful.
    pub(super) fn poll_if_transitional(&mut self, server_id: &str) -> Vec<Cmd> {
        let transitional = self.servers.rows.iter().any(|row| {
            // A swept row of another scope is polled by its next sweep.
            let active = row.scope.as_ref().is_none_or(|s| self.is_active_scope(s));
            row.summary.id == server_id && row.summary.state.is_transitional() && active
        });
        let polled = self.power.for_server(server_id).is_some()
            || self.power.list_polls.iter().any(|(_, id)| id == server_id);
        if !transitional || polled {
            return Vec::new();
        }
        let req = self.next_request();
        self.power.list_polls.push((req, server_id.to_string()));
        vec![Cmd::Server(ServerCmd::Poll {
            req,
            server_id: server_id.to_string(),
            delay: self.power.interval,
        })]
    }

    fn on_list_polled(
        &mut self,
        req: RequestId,
        server_id: &str,
        result: &Result<Box<Server>, AwsError>,
    ) -> Vec<Cmd> {
        let before = self.power.list_polls.len();
        self.power.list_polls.retain(|(r, _)| *r != req);
        if before == self.power.list_polls.len() || result.is_err() {
            return Vec::new();
        }
        self.poll_if_transitional(server_id)
    }

    /// The servers of the flows still running, each with a request id for
    /// the DescribeServer that reads its state as the console quits.
    pub fn exit_reads(&mut self) -> Vec<(RequestId, String)> {
        let servers: Vec<String> = self
            .power
            .flows
            .iter()
            .map(|flow| flow.server_id.clone())
            .collect();
        servers
            .into_iter()
            .map(|server_id| (self.next_request(), server_id))
            .collect()
    }

    /// Flows the console leaves half-done as it quits: what to tell the
    /// operator, and the audit entry that records it. `at_exit` gives the
    /// state AWS reported at exit per server (`unknown` when it could not
    /// be read), never the last one seen.
    pub fn unfinished_work(&self, at_exit: &dyn Fn(&str) -> String) -> Vec<Unfinished> {
        self.power
            .flows
            .iter()
            .map(|flow| {
                let state = at_exit(&flow.server_id);
                Unfinished {
                    message: flow.left_in(&state),
                    audit: self.audit_entry(
                        &flow.server_id,
                        "State",
                        flow.seen.first().map(ServerState::to_string),
                        state.clone(),
                        format!("abandoned: the console quit; AWS reported {state} at exit"),
                    ),
                }
            })
            .collect()
    }

    /// Whether a restart is still under way (a signal's exit finishes it).
    pub fn restarting(&self) -> bool {
        self.power
            .flows
            .iter()
            .any(|flow| flow.plan == PowerPlan::Restart)
    }
}
