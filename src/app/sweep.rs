//! The servers list across several regions and profiles (`--region all`,
//! `--region a,b`, `--profile a,b`). Rows arrive region by region as each
//! answers; a region or profile that fails is one row saying why. The
//! console keeps one active session for its panes: opening anything from a
//! row of another scope first switches the session to that row's scope.

use crossterm::event::KeyEvent;

use super::keymap::{self, Action};
use super::message::{Cmd, RequestId};
use super::servers::{Detail, Listing, ServerRow};
use super::{App, Connection, NoticeLevel, Pane};
use crate::model::scope::{Regions, Scope, SweepPlan};
use crate::model::{AwsError, AwsSettings, Server, ServerSummary};

/// Answers of a sweep, scope by scope.
#[derive(Debug, Clone)]
pub enum SweepMsg {
    /// One region of one profile listed (or failed: one row says why).
    Listed {
        req: RequestId,
        scope: Scope,
        result: Result<Vec<ServerSummary>, AwsError>,
    },
    /// One server of a listed scope described.
    Described {
        req: RequestId,
        scope: Scope,
        server_id: String,
        result: Result<Box<Server>, AwsError>,
    },
    /// Opt-in regions this profile's account has not enabled: not listed.
    Skipped {
        req: RequestId,
        profile: Option<String>,
        regions: Vec<String>,
    },
    /// Which regions are enabled could not be read (DescribeRegions
    /// denied): every region is tried.
    RegionsUnknown {
        req: RequestId,
        profile: Option<String>,
        error: AwsError,
    },
    /// The account a profile's credentials belong to (GetCallerIdentity),
    /// sent before that profile's rows.
    Account {
        req: RequestId,
        profile: Option<String>,
        account: String,
    },
    /// Every scope has answered; `error`: the sweep itself broke off.
    Done {
        req: RequestId,
        error: Option<AwsError>,
    },
}

/// A sweep's plan and how far it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sweep {
    pub plan: SweepPlan,
    /// The run under way or last finished.
    pub req: Option<RequestId>,
    /// The scopes that failed, one row each, in the order they answered.
    pub failed: Vec<(Scope, AwsError)>,
    /// Scopes listed in the run under way, failed ones included.
    pub answered: usize,
    /// Each profile's account, as GetCallerIdentity answered.
    pub accounts: std::collections::BTreeMap<Option<String>, String>,
}

impl Sweep {
    pub fn new(plan: SweepPlan) -> Self {
        Self {
            plan,
            req: None,
            failed: Vec::new(),
            answered: 0,
            accounts: Default::default(),
        }
    }
}

/// The ACCOUNT cell of a row: its profile's account, else the one in its
/// ARN, else its profile.
pub fn account_label(row: &ServerRow) -> String {
    row.account
        .clone()
        .or_else(|| crate::model::scope::account_of_arn(&row.summary.arn).map(str::to_string))
        .or_else(|| row.scope.as_ref().and_then(|s| s.profile.clone()))
        .unwrap_or_else(|| "-".to_string())
}

impl App {
    /// Lists every scope of the sweep again; the rows already shown stay
    /// until their scope answers.
    pub(super) fn start_sweep(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(sweep) = self.servers.sweep.as_mut() else {
            return Vec::new();
        };
        if matches!(self.servers.listing, Listing::Loading(_)) {
            return Vec::new(); // one sweep at a time: a second `r` coalesces
        }
        sweep.req = Some(req);
        sweep.answered = 0;
        let plan = sweep.plan.clone();
        self.servers.listing = Listing::Loading(req);
        vec![Cmd::Sweep { req, plan }]
    }

    /// `:region all`, `:region a,b`, `:profile a,b`: the list becomes a
    /// sweep; the active session (for panes) stays as it is.
    pub(super) fn begin_sweep(&mut self, plan: SweepPlan) -> Vec<Cmd> {
        let (sort, descending) = (self.servers.list.sort, self.servers.list.descending);
        self.servers = super::ServersPane::default();
        (self.servers.list.sort, self.servers.list.descending) = (sort, descending);
        self.servers.sweep = Some(Sweep::new(plan));
        self.stack.truncate(1);
        self.start_sweep()
    }

    /// The plan of `:region all|a,b` with the current profile.
    pub(super) fn sweep_of_regions(&self, regions: Regions) -> SweepPlan {
        let profiles = match &self.servers.sweep {
            Some(sweep) => sweep.plan.profiles.clone(),
            None => vec![self.settings.profile.clone()],
        };
        SweepPlan { profiles, regions }
    }

    /// The plan of `:profile a,b` in the current region(s).
    pub(super) fn sweep_of_profiles(&self, profiles: Vec<String>) -> SweepPlan {
        let regions = match (&self.servers.sweep, self.region()) {
            (Some(sweep), _) => sweep.plan.regions.clone(),
            (None, Some(region)) => Regions::Listed(vec![region.to_string()]),
            (None, None) => Regions::Configured,
        };
        SweepPlan {
            profiles: profiles.into_iter().map(Some).collect(),
            regions,
        }
    }

    pub(super) fn on_sweep_msg(&mut self, msg: SweepMsg) -> Vec<Cmd> {
        let Some(sweep) = self.servers.sweep.as_mut() else {
            return Vec::new();
        };
        let running = sweep.req;
        let current = |req: &RequestId| running == Some(*req);
        match msg {
            SweepMsg::Listed { req, scope, result } if current(&req) => {
                sweep.answered += 1;
                sweep.failed.retain(|(failed, _)| *failed != scope);
                match result {
                    Ok(summaries) => {
                        let account = sweep.accounts.get(&scope.profile).cloned();
                        self.servers.put_scope_rows(&scope, summaries, req, account);
                    }
                    // The rows of a scope that fails a refresh stay: the row
                    // saying why is added.
                    Err(err) => {
                        let text = format!("{}{}: {err}", scope.region, of_profile(&scope.profile));
                        sweep.failed.push((scope, err));
                        self.messages.push(NoticeLevel::Warning, &text);
                    }
                }
            }
            SweepMsg::Described {
                req,
                scope,
                server_id,
                result,
            } if current(&req) => self
                .servers
                .on_scope_described(&scope, &server_id, req, result),
            SweepMsg::Skipped {
                req,
                profile,
                regions,
            } if current(&req) && !regions.is_empty() => {
                let text = format!(
                    "skipped {} opt-in region{} not enabled{}: {}",
                    regions.len(),
                    if regions.len() == 1 { "" } else { "s" },
                    of_profile(&profile),
                    regions.join(", ")
                );
                self.notify(NoticeLevel::Info, text);
            }
            SweepMsg::RegionsUnknown {
                req,
                profile,
                error,
            } if current(&req) => {
                let text = format!(
                    "which regions are enabled is unknown{} ({}): trying every region",
                    of_profile(&profile),
                    error.short_label()
                );
                self.notify(NoticeLevel::Warning, text);
            }
            SweepMsg::Account {
                req,
                profile,
                account,
            } if current(&req) => {
                sweep.accounts.insert(profile, account);
            }
            SweepMsg::Done { req, error } if current(&req) => {
                if let Some(err) = error {
                    let scope = Scope {
                        profile: sweep.plan.profiles.first().cloned().flatten(),
                        region: Scope::EVERY_REGION.to_string(),
                    };
                    sweep.failed.push((scope, err));
                }
                self.servers.listing = Listing::Loaded;
            }
            _ => {} // an answer to a sweep since replaced
        }
        Vec::new()
    }

    /// Keys on the servers list go through here: a key that opens something
    /// from a row of another region or profile first switches the active
    /// session to the row's (refused, like `:region`, while writes are
    /// unanswered); the list stays as it is.
    pub(super) fn key_in_row_scope(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(scope) = self.row_scope_to_follow(&key) else {
            return self.on_key(key);
        };
        if self.refuse_session_switch() {
            return Vec::new();
        }
        let settings = AwsSettings {
            profile: scope.profile,
            region: Some(scope.region),
            ..self.settings.clone()
        };
        self.settings = settings.clone();
        self.connection = Connection::Connecting;
        let req = self.next_request();
        self.reconnecting = Some(req);
        let mut cmds = vec![Cmd::Reconnect { req, settings }];
        cmds.extend(self.on_key(key));
        cmds
    }

    /// The scope to switch to before `key` acts: a key that opens from the
    /// selected row, on a row of a scope that is not the active one.
    fn row_scope_to_follow(&self, key: &KeyEvent) -> Option<Scope> {
        let idle = self.command_line.is_none()
            && !self.show_help
            && !self.messages.open
            && self.copy_choice.is_none()
            && self.quit_question.is_none()
            && !self.servers.list.filter.is_typing();
        if !idle || !matches!(self.pane(), Pane::Servers) {
            return None;
        }
        // Every key of the servers pane acts on the row, except moving,
        // sorting, filtering and copying, and the two below.
        let opens = match keymap::action_for(key, super::SERVERS_KEYS)? {
            Action::Open => true,
            // Not about the row: a new server goes to the active scope.
            Action::DoctorAll | Action::NewServer => false,
            action => keymap::action_for(key, NOT_ABOUT_THE_ROW) != Some(action),
        };
        let scope = self.servers.selected()?.scope.clone()?;
        (opens && !self.is_active_scope(&scope)).then_some(scope)
    }

    /// Whether the active session is `scope`'s.
    pub fn is_active_scope(&self, scope: &Scope) -> bool {
        scope.profile == self.settings.profile && self.region() == Some(scope.region.as_str())
    }
}

/// The servers pane's tables whose keys do not open anything about the
/// selected row.
const NOT_ABOUT_THE_ROW: &[&[keymap::Binding]] = &[keymap::LIST, keymap::FILTER_SORT, keymap::COPY];

fn of_profile(profile: &Option<String>) -> String {
    profile
        .as_deref()
        .map(|name| format!(" for profile {name}"))
        .unwrap_or_default()
}

impl super::ServersPane {
    /// A scope's listing replaces that scope's rows; each new row awaits
    /// its DescribeServer, sent by the sweep itself.
    fn put_scope_rows(
        &mut self,
        scope: &Scope,
        summaries: Vec<ServerSummary>,
        req: RequestId,
        account: Option<String>,
    ) {
        let selected = self
            .list
            .selected_key(&self.rows)
            .map(|key| key.to_string());
        self.rows.retain(|row| row.scope.as_ref() != Some(scope));
        self.rows
            .extend(summaries.into_iter().map(|summary| ServerRow {
                summary,
                detail: Detail::Loading(req),
                describing: Some(req),
                scope: Some(scope.clone()),
                account: account.clone(),
            }));
        self.list.rebuild(&self.rows, selected.as_deref());
    }

    fn on_scope_described(
        &mut self,
        scope: &Scope,
        server_id: &str,
        req: RequestId,
        result: Result<Box<Server>, AwsError>,
    ) {
        let Some(row) = self.rows.iter_mut().find(|row| {
            row.summary.id == server_id
                && row.scope.as_ref() == Some(scope)
                && row.describing == Some(req)
        }) else {
            return;
        };
        row.describing = None;
        match result {
            Ok(server) => row.show_described(server),
            Err(err) => row.detail = Detail::Failed(err),
        }
        self.list.refilter(&self.rows);
    }

    /// How many scopes a running sweep has heard from.
    pub fn sweep_progress(&self) -> Option<usize> {
        let sweep = self.sweep.as_ref()?;
        matches!(self.listing, Listing::Loading(_)).then_some(sweep.answered)
    }
}
