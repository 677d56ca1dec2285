//! The Probe pane: a form for where and as whom (all optional), then every
//! step live as the worker reports it, with its time and verdict, and the
//! report's findings below. Esc cancels a running probe; `f` opens the
//! console's dialog for the selected finding's fix; `r` runs it again.
//! A login withheld for a risk not accepted (plain FTP, a certificate that
//! does not verify, an address not the server's) is asked about once the
//! run ends: `y` runs the probe again with exactly those logins accepted.

use crossterm::event::{KeyCode, KeyEvent};

use super::cursor::Cursor;
use super::form::{Form, FormEvent};
use super::message::RequestId;
use crate::doctor::FixAction;
use crate::probe::plan::{Password, Target, parse_host};
use crate::probe::prepare::PasswordSource;
use crate::probe::report::{self, Finding, Summary};
use crate::probe::{Consent, Exposure, ProbeEvent, ServerFacts, StepKind, StepResult};

const HOST: usize = 0;
const USER: usize = 1;
const PASSWORD: usize = 2;

/// A login: the user and where the password comes from.
pub type Login = (String, PasswordSource);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeCmd {
    Run {
        req: RequestId,
        server_id: String,
        hosts: Vec<Target>,
        login: Option<Login>,
        /// The risks the operator accepted for the login.
        consent: Consent,
    },
    Cancel {
        req: RequestId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeMsg {
    /// The plan was made (or AWS could not say what to probe).
    Prepared {
        req: RequestId,
        result: Result<Box<ServerFacts>, String>,
    },
    Event {
        req: RequestId,
        event: ProbeEvent,
    },
    Finished {
        req: RequestId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeState {
    Asking,
    Preparing,
    Running,
    Done,
    Cancelled,
    Failed(String),
}

/// A step on screen: running until its result comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveStep {
    pub target: String,
    pub protocol: String,
    pub step: StepKind,
    pub result: Option<StepResult>,
}

/// Which of the probe's two lists the moving keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeFocus {
    Steps,
    Findings,
}

#[derive(Debug, Clone)]
pub struct ProbePane {
    pub server_id: String,
    pub form: Option<Form>,
    pub state: ProbeState,
    pub req: Option<RequestId>,
    pub facts: Option<ServerFacts>,
    pub steps: Vec<LiveStep>,
    /// Over the findings, for `f`.
    pub cursor: Cursor,
    /// Where the keys go: the steps or what they mean (Tab).
    pub focus: ProbeFocus,
    /// The step the operator scrolled to; `None` follows the newest.
    pub steps_cursor: Option<Cursor>,
    /// Logins the last run did not send, for want of acceptance.
    pub withheld: Vec<Exposure>,
    /// The question "send it anyway?" is open over the pane.
    pub confirming: bool,
    /// The last run's inputs, for `r`.
    last: Option<(Vec<Target>, Option<Login>, Consent)>,
}

impl ProbePane {
    pub fn new(server_id: String) -> Self {
        let form = Form::new(format!(" Probe {server_id} "))
            .field(
                "Host",
                "",
                "blank: every address AWS reports; or host, host:port, sftp://host:port",
            )
            .field(
                "User",
                "",
                "blank: no login (stops after the greeting and TLS)",
            )
            .masked_field("Password", "blank with a user: read from the user's secret");
        Self {
            server_id,
            form: Some(form),
            state: ProbeState::Asking,
            req: None,
            facts: None,
            steps: Vec::new(),
            cursor: Cursor::default(),
            focus: ProbeFocus::Findings,
            steps_cursor: None,
            withheld: Vec::new(),
            confirming: false,
            last: None,
        }
    }

    /// Tab: the keys move the other list. The steps keep their place.
    pub fn switch_focus(&mut self) {
        self.focus = match self.focus {
            ProbeFocus::Steps => ProbeFocus::Findings,
            ProbeFocus::Findings => ProbeFocus::Steps,
        };
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, ProbeState::Preparing | ProbeState::Running)
    }

    pub fn results(&self) -> Vec<StepResult> {
        self.steps.iter().filter_map(|s| s.result.clone()).collect()
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.results())
    }

    pub fn findings(&self) -> Vec<Finding> {
        match &self.facts {
            Some(facts) => report::findings(facts, &self.results()),
            None => Vec::new(),
        }
    }

    /// The console's change for the selected finding, if it has one.
    pub fn selected_fix(&self) -> Option<FixAction> {
        let finding = self.findings().into_iter().nth(self.cursor.selected())?;
        let server_id = self.server_id.clone();
        match finding.step {
            StepKind::Pasv | StepKind::DataConnect => Some(FixAction::EditPassiveIp { server_id }),
            StepKind::DataTlsNoReuse => Some(FixAction::SetTlsSessionResumption {
                server_id,
                mode: "ENABLED".into(),
            }),
            _ => None,
        }
    }

    /// A key while the form is open; `None` once the form is gone and the
    /// pane should close (cancelled before any run).
    pub fn form_key(&mut self, key: &KeyEvent, next_req: RequestId) -> Option<Vec<ProbeCmd>> {
        let form = self.form.as_mut()?;
        match form.handle_key(key) {
            FormEvent::Cancel => {
                self.form = None;
                None
            }
            FormEvent::Submit => Some(self.submit(next_req)),
            FormEvent::Edited | FormEvent::Moved => Some(Vec::new()),
        }
    }

    fn submit(&mut self, req: RequestId) -> Vec<ProbeCmd> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let host = form.value(HOST).to_string();
        let hosts = if host.is_empty() {
            Vec::new()
        } else {
            match parse_host(&host) {
                Ok(target) => vec![target],
                Err(err) => {
                    form.set_error(HOST, err);
                    return Vec::new();
                }
            }
        };
        let user = form.value(USER).to_string();
        if user.contains(char::is_whitespace) {
            form.set_error(USER, "a user name has no blanks");
            return Vec::new();
        }
        // The password is taken untrimmed: blanks may be part of it.
        let password = form
            .fields
            .get(PASSWORD)
            .map(|f| f.input.value().to_string())
            .unwrap_or_default();
        let login = match (user.is_empty(), password.is_empty()) {
            (true, _) => None,
            (false, true) => Some((user, PasswordSource::Secret)),
            (false, false) => Some((user, PasswordSource::Given(Password::new(password)))),
        };
        self.form = None;
        self.run(req, hosts, login, Consent::default())
    }

    fn run(
        &mut self,
        req: RequestId,
        hosts: Vec<Target>,
        login: Option<Login>,
        consent: Consent,
    ) -> Vec<ProbeCmd> {
        self.state = ProbeState::Preparing;
        self.req = Some(req);
        self.steps.clear();
        self.withheld.clear();
        self.confirming = false;
        self.facts = None;
        self.cursor = Cursor::default();
        self.steps_cursor = None;
        self.last = Some((hosts.clone(), login.clone(), consent.clone()));
        vec![ProbeCmd::Run {
            req,
            server_id: self.server_id.clone(),
            hosts,
            login,
            consent,
        }]
    }

    /// `y` on the question: the same probe again, sending the logins
    /// withheld (and only those, with the risks shown).
    pub fn accept_withheld(&mut self, req: RequestId) -> Vec<ProbeCmd> {
        if !self.confirming {
            return Vec::new();
        }
        let Some((hosts, login, mut consent)) = self.last.clone() else {
            return Vec::new();
        };
        consent.exposures.append(&mut self.withheld);
        self.run(req, hosts, login, consent)
    }

    /// `n` or Esc on the question: the logins stay unsent.
    pub fn decline_withheld(&mut self) {
        self.confirming = false;
    }

    /// `r`: the same probe again.
    pub fn rerun(&mut self, req: RequestId) -> Vec<ProbeCmd> {
        if self.is_running() || self.form.is_some() {
            return Vec::new();
        }
        match self.last.clone() {
            Some((hosts, login, consent)) => self.run(req, hosts, login, consent),
            None => Vec::new(),
        }
    }

    /// Esc while running: stop, keep what was seen.
    pub fn cancel(&mut self) -> Vec<ProbeCmd> {
        match (self.is_running(), self.req) {
            (true, Some(req)) => {
                self.state = ProbeState::Cancelled;
                vec![ProbeCmd::Cancel { req }]
            }
            _ => Vec::new(),
        }
    }

    pub fn on_msg(&mut self, msg: ProbeMsg) {
        let req = match &msg {
            ProbeMsg::Prepared { req, .. }
            | ProbeMsg::Event { req, .. }
            | ProbeMsg::Finished { req } => *req,
        };
        if self.req != Some(req) {
            return; // an earlier run's answer
        }
        match msg {
            ProbeMsg::Prepared { result, .. } => match result {
                Ok(facts) => {
                    self.facts = Some(*facts);
                    if self.state == ProbeState::Preparing {
                        self.state = ProbeState::Running;
                    }
                }
                Err(err) => self.state = ProbeState::Failed(err),
            },
            ProbeMsg::Event { event, .. } => self.on_event(event),
            ProbeMsg::Finished { .. } => {
                if self.is_running() {
                    self.state = ProbeState::Done;
                    self.confirming = !self.withheld.is_empty();
                }
            }
        }
    }

    fn on_event(&mut self, event: ProbeEvent) {
        match event {
            ProbeEvent::Withheld(exposure) => self.withheld.push(exposure),
            ProbeEvent::Started {
                target,
                protocol,
                step,
            } => self.add_step(LiveStep {
                target,
                protocol,
                step,
                result: None,
            }),
            ProbeEvent::Finished(result) => {
                let running = self.steps.iter_mut().rev().find(|s| {
                    s.result.is_none()
                        && s.step == result.step
                        && s.target == result.target
                        && s.protocol == result.protocol
                });
                match running {
                    Some(step) => step.result = Some(result),
                    None => self.add_step(LiveStep {
                        target: result.target.clone(),
                        protocol: result.protocol.clone(),
                        step: result.step,
                        result: Some(result),
                    }),
                }
            }
        }
    }

    /// Addresses are probed a few at once: a step joins the others of its
    /// address and protocol, so each stays one block on screen.
    fn add_step(&mut self, step: LiveStep) {
        let at = self
            .steps
            .iter()
            .rposition(|s| s.target == step.target && s.protocol == step.protocol)
            .map_or(self.steps.len(), |last| last + 1);
        self.steps.insert(at, step);
    }

    /// Keys of the pane itself (not the form): Esc cancels a running probe.
    pub fn is_cancel_key(&self, key: &KeyEvent) -> bool {
        key.code == KeyCode::Esc && self.is_running()
    }
}

impl super::App {
    /// `P` on a server: the probe's form over a new pane.
    pub(super) fn open_probe(&mut self, server_id: String) {
        self.open(super::Pane::Probe(Box::new(ProbePane::new(server_id))));
    }

    /// Keys the Probe pane takes before the key tables: the form's, and Esc
    /// while a probe runs.
    pub(super) fn probe_key(&mut self, key: &KeyEvent) -> Option<Vec<super::Cmd>> {
        let req = self.next_request();
        let Some(super::Pane::Probe(pane)) = self.stack.last_mut() else {
            return None;
        };
        if pane.confirming {
            let cmds = match key.code {
                KeyCode::Char('y') => pane.accept_withheld(req),
                KeyCode::Char('n') | KeyCode::Esc => {
                    pane.decline_withheld();
                    self.notify(
                        super::NoticeLevel::Info,
                        "the login was not sent: its steps stay skipped",
                    );
                    return Some(Vec::new());
                }
                _ => Vec::new(), // the question waits for y or n
            };
            return Some(cmds.into_iter().map(super::Cmd::Probe).collect());
        }
        if pane.form.is_some() {
            return match pane.form_key(key, req) {
                Some(cmds) => Some(cmds.into_iter().map(super::Cmd::Probe).collect()),
                None => {
                    self.back(); // cancelled before running: nothing to show
                    Some(Vec::new())
                }
            };
        }
        if pane.is_cancel_key(key) {
            let cmds = pane.cancel();
            self.notify(
                super::NoticeLevel::Info,
                "probe cancelled: the steps seen so far stay",
            );
            return Some(cmds.into_iter().map(super::Cmd::Probe).collect());
        }
        None
    }

    /// `f` on a probe finding: the same dialog as the key on the server.
    pub(super) fn start_probe_fix(&mut self) {
        let super::Pane::Probe(pane) = self.pane() else {
            return;
        };
        match pane.selected_fix() {
            Some(action) => self.open_detail_for_fix(&action),
            None => self.notify(
                super::NoticeLevel::Info,
                "no change the console can make for this one: its fix says what to do",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Verdict;
    use std::time::Duration;

    fn typed(pane: &mut ProbePane, text: &str) {
        for c in text.chars() {
            pane.form_key(&KeyEvent::from(KeyCode::Char(c)), RequestId(1));
        }
    }

    fn key(pane: &mut ProbePane, code: KeyCode) -> Option<Vec<ProbeCmd>> {
        pane.form_key(&KeyEvent::from(code), RequestId(7))
    }

    #[test]
    fn a_bad_host_is_refused_at_the_field_and_nothing_runs() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        typed(&mut pane, "host:99999");
        assert_eq!(key(&mut pane, KeyCode::Enter), Some(vec![]));
        let form = pane.form.as_ref().unwrap();
        assert!(form.fields[HOST].error.is_some());
        assert_eq!(pane.state, ProbeState::Asking);
    }

    #[test]
    fn the_form_gives_hosts_and_a_login_with_a_redacted_password() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        typed(&mut pane, "127.0.0.1:2121");
        key(&mut pane, KeyCode::Tab);
        typed(&mut pane, "alice");
        key(&mut pane, KeyCode::Tab);
        typed(&mut pane, "hunter2");
        assert!(!format!("{pane:?}").contains("hunter2"), "{pane:?}");
        let cmds = key(&mut pane, KeyCode::Enter).unwrap();
        let [
            ProbeCmd::Run {
                req, hosts, login, ..
            },
        ] = cmds.as_slice()
        else {
            panic!("{cmds:?}")
        };
        assert_eq!(*req, RequestId(7));
        assert_eq!(hosts[0].port, Some(2121));
        let (user, PasswordSource::Given(password)) = login.clone().unwrap() else {
            panic!()
        };
        assert_eq!((user.as_str(), password.expose()), ("alice", "hunter2"));
        assert!(!format!("{cmds:?}").contains("hunter2"));
        assert_eq!(pane.state, ProbeState::Preparing);
    }

    #[test]
    fn a_user_without_password_reads_the_secret() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        key(&mut pane, KeyCode::Tab);
        typed(&mut pane, "alice");
        let cmds = key(&mut pane, KeyCode::Enter).unwrap();
        let [ProbeCmd::Run { hosts, login, .. }] = cmds.as_slice() else {
            panic!()
        };
        assert!(hosts.is_empty());
        assert_eq!(login.clone().unwrap().1, PasswordSource::Secret);
    }

    fn result(step: StepKind, verdict: Verdict) -> StepResult {
        StepResult {
            target: "127.0.0.1:21".into(),
            protocol: "FTP".into(),
            step,
            verdict,
            detail: "seen".into(),
            elapsed: Duration::from_millis(3),
        }
    }

    #[test]
    fn steps_of_addresses_probed_at_once_stay_grouped_by_address() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        key(&mut pane, KeyCode::Enter);
        let req = RequestId(7);
        let started = |target: &str, step| ProbeMsg::Event {
            req,
            event: ProbeEvent::Started {
                target: target.into(),
                protocol: "FTP".into(),
                step,
            },
        };
        for msg in [
            started("10.0.0.1:21", StepKind::Connect),
            started("10.0.0.2:21", StepKind::Connect),
            started("10.0.0.1:21", StepKind::Greeting),
            started("10.0.0.2:21", StepKind::Greeting),
        ] {
            pane.on_msg(msg);
        }
        let order: Vec<(&str, StepKind)> = pane
            .steps
            .iter()
            .map(|s| (s.target.as_str(), s.step))
            .collect();
        assert_eq!(
            order,
            [
                ("10.0.0.1:21", StepKind::Connect),
                ("10.0.0.1:21", StepKind::Greeting),
                ("10.0.0.2:21", StepKind::Connect),
                ("10.0.0.2:21", StepKind::Greeting),
            ]
        );
    }

    #[test]
    fn steps_show_live_and_answers_of_old_runs_are_dropped() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        key(&mut pane, KeyCode::Enter);
        let req = RequestId(7);
        pane.on_msg(ProbeMsg::Event {
            req,
            event: ProbeEvent::Started {
                target: "127.0.0.1:21".into(),
                protocol: "FTP".into(),
                step: StepKind::Dns,
            },
        });
        assert_eq!(pane.steps.len(), 1);
        assert!(pane.steps[0].result.is_none());
        pane.on_msg(ProbeMsg::Event {
            req,
            event: ProbeEvent::Finished(result(StepKind::Dns, Verdict::Passed)),
        });
        assert!(pane.steps[0].result.is_some());
        pane.on_msg(ProbeMsg::Event {
            req: RequestId(3),
            event: ProbeEvent::Finished(result(StepKind::Connect, Verdict::Failed)),
        });
        assert_eq!(pane.steps.len(), 1, "an old run's step is dropped");
        pane.on_msg(ProbeMsg::Finished { req });
        assert_eq!(pane.state, ProbeState::Done);
        // Prepared arriving late does not undo the end.
        pane.on_msg(ProbeMsg::Prepared {
            req,
            result: Ok(Box::default()),
        });
        assert_eq!(pane.state, ProbeState::Done);
    }

    #[test]
    fn esc_cancels_a_running_probe_and_keeps_what_was_seen() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        key(&mut pane, KeyCode::Enter);
        assert!(pane.is_cancel_key(&KeyEvent::from(KeyCode::Esc)));
        assert_eq!(pane.cancel(), vec![ProbeCmd::Cancel { req: RequestId(7) }]);
        assert_eq!(pane.state, ProbeState::Cancelled);
        assert!(!pane.is_cancel_key(&KeyEvent::from(KeyCode::Esc)));
        assert_eq!(pane.cancel(), vec![]);
    }

    #[test]
    fn findings_offer_the_console_s_fix() {
        let mut pane = ProbePane::new("s-0123456789abcdef0".into());
        key(&mut pane, KeyCode::Enter);
        let req = RequestId(7);
        pane.on_msg(ProbeMsg::Prepared {
            req,
            result: Ok(Box::default()),
        });
        let mut reuse = result(StepKind::DataTlsReuse, Verdict::Passed);
        reuse.protocol = "FTPS".into();
        let mut no_reuse = result(StepKind::DataTlsNoReuse, Verdict::Failed);
        no_reuse.protocol = "FTPS".into();
        for r in [reuse, no_reuse] {
            pane.on_msg(ProbeMsg::Event {
                req,
                event: ProbeEvent::Finished(r),
            });
        }
        assert_eq!(
            pane.selected_fix(),
            Some(FixAction::SetTlsSessionResumption {
                server_id: "s-0123456789abcdef0".into(),
                mode: "ENABLED".into()
            })
        );
    }
}
