//! The Doctor pane: what is wrong with one server or all of them, each
//! finding with its evidence and fix, and the console's fix one key away.

use std::borrow::Cow;
use std::cmp::Ordering;

use crossterm::event::KeyEvent;

use super::fuzzy::FilterKey;
use super::keymap::{self, Action};
use super::list_view::{Column, ListRow, ListView};
use super::message::RequestId;
use crate::doctor::report::Summary;
use crate::doctor::{Estate, Finding, diagnose};
use crate::model::AwsError;

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

/// The findings table's columns, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingColumn {
    /// Errors first.
    Severity,
    Resource,
    /// By rule id, which groups the findings of one rule.
    Finding,
}

impl Column for FindingColumn {
    const FIRST: Self = Self::Severity;

    fn next(self) -> Self {
        match self {
            Self::Severity => Self::Resource,
            Self::Resource => Self::Finding,
            Self::Finding => Self::Severity,
        }
    }
}

impl ListRow for Finding {
    type Column = FindingColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Owned(format!("{} {}", self.rule, self.resource))
    }

    fn filter_texts(&self) -> Vec<&str> {
        vec![
            self.severity.label(),
            self.rule,
            &self.resource,
            &self.title,
        ]
    }

    fn compare(&self, other: &Self, by: FindingColumn) -> Ordering {
        match by {
            FindingColumn::Severity => self.severity.cmp(&other.severity),
            FindingColumn::Resource => self.resource.cmp(&other.resource),
            FindingColumn::Finding => self.rule.cmp(other.rule),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DoctorPane {
    /// The server checked, or `None` for every server.
    pub scope: Option<String>,
    pub state: DoctorState,
    /// A check run again while findings are on screen: they stay until
    /// the new ones arrive.
    pub again: Option<RequestId>,
    /// Why the last check run again failed; the findings are the older ones.
    pub again_failed: Option<AwsError>,
    /// The findings shown (`/`, `s`/`S`) and the selected one.
    pub list: ListView<FindingColumn>,
}

impl DoctorPane {
    pub fn new(scope: Option<String>, req: RequestId) -> Self {
        Self {
            scope,
            state: DoctorState::Gathering(req),
            again: None,
            again_failed: None,
            list: ListView::default(),
        }
    }

    /// Runs the check (again); findings on screen stay until the answer.
    pub fn gather(&mut self, req: RequestId) -> DoctorCmd {
        match self.state {
            DoctorState::Ready { .. } => self.again = Some(req),
            _ => self.state = DoctorState::Gathering(req),
        }
        DoctorCmd::Gather {
            req,
            server_id: self.scope.clone(),
        }
    }

    pub fn is_gathering(&self) -> bool {
        matches!(self.state, DoctorState::Gathering(_)) || self.again.is_some()
    }

    pub fn findings(&self) -> &[Finding] {
        findings(&self.state)
    }

    /// The findings on screen, filter applied.
    pub fn shown(&self) -> impl Iterator<Item = &Finding> {
        self.list.shown(findings(&self.state))
    }

    pub fn selected(&self) -> Option<&Finding> {
        self.list.selected(self.findings())
    }

    /// The filter, the order and the moves; `false` leaves the key to the
    /// other bindings.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        let rows = findings(&self.state);
        match self.list.filter_key(key, rows) {
            FilterKey::Taken | FilterKey::Changed => true,
            FilterKey::NotMine => keymap::action_for(key, &[keymap::FILTER_SORT, keymap::MOVES])
                .is_some_and(|action| self.list.act(action, rows)),
        }
    }

    pub fn move_cursor(&mut self, action: Action) {
        self.list.act(action, findings(&self.state));
    }

    pub fn on_msg(&mut self, msg: DoctorMsg) {
        let DoctorMsg::Gathered { req, result } = msg;
        let first = matches!(self.state, DoctorState::Gathering(awaited) if awaited == req);
        if !first && self.again != Some(req) {
            return;
        }
        self.again = None;
        self.again_failed = None;
        match result {
            Ok(estate) => {
                let findings = diagnose(&estate);
                let summary = Summary::of(&estate, &findings);
                self.show(findings, summary);
            }
            // The findings on screen stay, marked as older.
            Err(err) if !first => self.again_failed = Some(err),
            Err(err) => self.state = DoctorState::Failed(err),
        }
    }

    /// Puts findings on screen; the selection stays on its finding.
    pub fn show(&mut self, findings: Vec<Finding>, summary: Summary) {
        let keep = self.list.selected_key(self.findings());
        self.state = DoctorState::Ready { findings, summary };
        self.list
            .rebuild(self::findings(&self.state), keep.as_deref());
    }
}

fn findings(state: &DoctorState) -> &[Finding] {
    match state {
        DoctorState::Ready { findings, .. } => findings,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::doctor::Severity;

    fn finding(rule: &'static str, severity: Severity, resource: &str) -> Finding {
        Finding::new(rule, severity, resource, "title")
    }

    fn summary() -> Summary {
        Summary {
            servers_checked: 2,
            errors: 1,
            warnings: 1,
            info: 1,
            monthly_cost_usd: 0.0,
        }
    }

    fn ready() -> DoctorPane {
        let mut pane = DoctorPane::new(None, RequestId(1));
        pane.show(
            vec![
                finding("cost", Severity::Info, "s-2"),
                finding("ports", Severity::Error, "s-1"),
                finding("tls-resumption", Severity::Warning, "s-2"),
            ],
            summary(),
        );
        pane
    }

    fn press(pane: &mut DoctorPane, code: KeyCode) -> bool {
        pane.key(&KeyEvent::from(code))
    }

    fn shown(pane: &DoctorPane) -> Vec<&str> {
        pane.shown().map(|finding| finding.rule).collect()
    }

    #[test]
    fn findings_filter_and_sort_by_severity_resource_or_rule() {
        let mut pane = ready();
        assert!(press(&mut pane, KeyCode::Char('s')));
        assert_eq!(shown(&pane), ["ports", "tls-resumption", "cost"]);
        press(&mut pane, KeyCode::Char('s'));
        assert_eq!(shown(&pane), ["ports", "cost", "tls-resumption"]);
        press(&mut pane, KeyCode::Char('S'));
        assert_eq!(shown(&pane), ["cost", "tls-resumption", "ports"]);
        press(&mut pane, KeyCode::Char('/'));
        for c in "warn".chars() {
            press(&mut pane, KeyCode::Char(c));
        }
        assert_eq!(shown(&pane), ["tls-resumption"], "the severity matches too");
        assert_eq!(pane.selected().map(|f| f.rule), Some("tls-resumption"));
        press(&mut pane, KeyCode::Esc);
        press(&mut pane, KeyCode::Esc);
        assert_eq!(pane.list.len(), 3);
        assert!(
            !press(&mut pane, KeyCode::Char('f')),
            "f is the fix, not the list's"
        );
    }

    #[test]
    fn checking_again_keeps_the_findings_on_screen_and_after_a_failure() {
        let mut pane = ready();
        press(&mut pane, KeyCode::Down);
        let DoctorCmd::Gather { req, .. } = pane.gather(RequestId(2));
        assert!(pane.is_gathering());
        assert_eq!(pane.findings().len(), 3, "still shown while gathering");
        pane.on_msg(DoctorMsg::Gathered {
            req,
            result: Err(AwsError::Throttled {
                action: "ec2:DescribeVpcEndpoints".into(),
            }),
        });
        assert!(!pane.is_gathering());
        assert!(pane.again_failed.is_some());
        assert_eq!(
            pane.findings().len(),
            3,
            "a failed check keeps the findings"
        );
        assert_eq!(pane.selected().map(|f| f.rule), Some("ports"));

        // New findings: the selection stays on its finding, wherever it went.
        pane.show(
            vec![
                finding("ports", Severity::Error, "s-1"),
                finding("cost", Severity::Info, "s-2"),
            ],
            summary(),
        );
        assert_eq!(pane.selected().map(|f| f.rule), Some("ports"));
    }
}
