//! The identity provider view (`i` on a server) and a user's access check
//! (`A` on a user): the links between a login and the files that AWS's
//! Transfer API does not show. The worker reads the evidence; the
//! evaluator (`model::access`) judges it here, once per answer.

pub mod keys;
#[cfg(test)]
pub(crate) mod tests;

use crossterm::event::KeyEvent;

use super::{App, Cmd, Confirm, ConfirmEvent, Load, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::access_chain::{AccessSubject, ProviderEvidence, UserAccessEvidence, UserSource};
use crate::model::access_report::{self, ProviderReport, UserAccessReport};
use crate::model::identity_provider::InvokePermission;
use crate::model::{AwsError, IdentityProviderDetails, IdentityProviderType};
use keys::AccessAction;

/// The audit log's field for an added Lambda permission.
pub const PERMISSION_FIELD: &str = "LambdaPermission";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessCmd {
    /// GetFunctionConfiguration and GetPolicy (AWS_LAMBDA), or GetRole of
    /// the invocation role (API_GATEWAY).
    ReadProvider {
        req: RequestId,
        kind: IdentityProviderType,
        details: IdentityProviderDetails,
    },
    /// Every read of one user's access chain.
    CheckUser {
        req: RequestId,
        subject: AccessSubject,
    },
    /// AddPermission: the console's fix for a server missing from its
    /// function's resource policy.
    AddPermission {
        req: RequestId,
        server_id: String,
        permission: InvokePermission,
    },
}

#[derive(Debug)]
pub enum AccessMsg {
    ProviderRead {
        req: RequestId,
        result: Result<ProviderEvidence, AwsError>,
    },
    UserChecked {
        req: RequestId,
        result: Result<Box<UserAccessEvidence>, AwsError>,
    },
    /// The permission travels back so that it is audited even when the
    /// pane was closed meanwhile.
    PermissionAdded {
        req: RequestId,
        server_id: String,
        permission: InvokePermission,
        result: Result<String, AwsError>,
        /// After a failed AddPermission: the policy read again, and whether
        /// it now holds the statement.
        afterwards: Option<Result<bool, AwsError>>,
    },
}

/// `i`: one server's identity provider.
#[derive(Debug)]
pub struct ProviderPane {
    pub server_id: String,
    pub server_arn: String,
    pub kind: IdentityProviderType,
    details: IdentityProviderDetails,
    pub report: Load<ProviderReport>,
    pub scroll: u16,
    pub confirm: Option<Confirm>,
    /// The AddPermission in flight.
    pub adding: Option<RequestId>,
}

impl ProviderPane {
    /// The statement the console would add, when one is missing.
    pub fn fix(&self) -> Option<&InvokePermission> {
        match &self.report {
            Load::Loaded(ProviderReport::Lambda { fix, .. }) => fix.as_ref(),
            _ => None,
        }
    }
}

/// `A`: one user's access chain.
#[derive(Debug)]
pub struct AccessPane {
    pub subject: AccessSubject,
    pub report: Load<UserAccessReport>,
    pub scroll: u16,
}

impl App {
    /// Keys of the access panes and of the panes that open them.
    pub(super) fn access_action(&mut self, action: AccessAction) -> Vec<Cmd> {
        match action {
            AccessAction::OpenProvider => match self.server_in_view() {
                Some(server_id) => self.open_provider(&server_id),
                None => Vec::new(),
            },
            AccessAction::CheckUser => self.open_access_check(),
            AccessAction::FixPermission => {
                self.ask_permission_fix();
                Vec::new()
            }
            AccessAction::CopyCommand => self.copy_selected(),
        }
    }

    /// The server of the detail on top, or the one selected in the list.
    fn server_in_view(&self) -> Option<String> {
        match self.pane() {
            Pane::ServerDetail(pane) => Some(pane.server_id.clone()),
            _ => self.servers.selected().map(|row| row.summary.id.clone()),
        }
    }

    fn server_arn(&self, server_id: &str) -> Option<String> {
        self.servers
            .rows
            .iter()
            .find(|row| row.summary.id == server_id)
            .map(|row| row.summary.arn.clone())
    }

    /// `i`: opens the identity provider view of `server_id`.
    pub(super) fn open_provider(&mut self, server_id: &str) -> Vec<Cmd> {
        let Some(server) = self.server(server_id) else {
            self.notify(
                NoticeLevel::Warning,
                "the server's details are not loaded yet: its identity provider is in DescribeServer",
            );
            return Vec::new();
        };
        let kind = server.summary.identity_provider_type.clone();
        let details = server.identity_provider_details.clone();
        let server_arn = server.summary.arn.clone();
        let req = self.next_request();
        self.open(Pane::Provider(Box::new(ProviderPane {
            server_id: server_id.to_string(),
            server_arn,
            kind: kind.clone(),
            details: details.clone(),
            report: Load::Loading(req),
            scroll: 0,
            confirm: None,
            adding: None,
        })));
        vec![Cmd::Access(AccessCmd::ReadProvider { req, kind, details })]
    }

    /// `A` on a user of either users pane.
    fn open_access_check(&mut self) -> Vec<Cmd> {
        let Some(subject) = self.selected_subject() else {
            self.notify(NoticeLevel::Info, "no user selected");
            return Vec::new();
        };
        let req = self.next_request();
        self.open(Pane::Access(Box::new(AccessPane {
            subject: subject.clone(),
            report: Load::Loading(req),
            scroll: 0,
        })));
        vec![Cmd::Access(AccessCmd::CheckUser { req, subject })]
    }

    /// The user selected in the users pane on top, as an access check's subject.
    fn selected_subject(&self) -> Option<AccessSubject> {
        let (server_id, user, source) = match self.pane() {
            Pane::ManagedUsers(pane) => {
                let row = pane.list.selected(&pane.rows)?;
                (
                    pane.server_id.clone(),
                    row.name.clone(),
                    UserSource::Managed,
                )
            }
            Pane::IdpUsers(pane) => {
                let super::idp_users::Scope::Server { server_id } = &pane.scope else {
                    return None;
                };
                let row = pane.list.selected(&pane.rows)?;
                let user = row.entry.parsed.as_ref()?.user.clone();
                let function = self
                    .server(server_id)
                    .and_then(|server| server.identity_provider_details.function.clone());
                let source = UserSource::Secret {
                    name: row.entry.name.clone(),
                    function,
                };
                (server_id.clone(), user, source)
            }
            _ => return None,
        };
        Some(AccessSubject {
            server_arn: self.server_arn(&server_id).unwrap_or_default(),
            server_id,
            user,
            source,
        })
    }

    fn provider_pane(&mut self) -> Option<&mut ProviderPane> {
        match self.stack.last_mut() {
            Some(Pane::Provider(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    /// `f`: asks before adding the missing permission.
    fn ask_permission_fix(&mut self) {
        let Some(pane) = self.provider_pane() else {
            return;
        };
        if pane.adding.is_some() {
            return self.notify(NoticeLevel::Info, "the permission is being added");
        }
        let Some(fix) = pane.fix().cloned() else {
            return self.notify(
                NoticeLevel::Info,
                "nothing to add: the function's policy is not missing a statement for this server",
            );
        };
        if self.refuse_if_read_only("adding a Lambda permission") {
            return;
        }
        let mut lines = vec![
            format!("Adds to the resource policy of {}:", fix.function),
            format!("  statement {}", fix.statement_id),
            format!(
                "  allow {} to call {}",
                crate::model::identity_provider::TRANSFER_PRINCIPAL,
                InvokePermission::ACTION
            ),
            format!("  when aws:SourceArn is {}", fix.server_arn),
        ];
        if !fix.account_id.is_empty() {
            lines.push(format!("  and aws:SourceAccount is {}", fix.account_id));
        }
        if let Some(pane) = self.provider_pane() {
            pane.confirm = Some(Confirm::new("Add the Lambda permission?", lines));
        }
    }

    /// Keys while the provider view asks its question.
    pub(super) fn provider_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let pane = self.provider_pane()?;
        let confirm = pane.confirm.as_mut()?;
        match confirm.handle_key(key) {
            ConfirmEvent::Pending => Some(Vec::new()),
            ConfirmEvent::Cancelled => {
                pane.confirm = None;
                Some(Vec::new())
            }
            ConfirmEvent::Confirmed => {
                pane.confirm = None;
                let (server_id, fix) = (pane.server_id.clone(), pane.fix().cloned());
                let Some(permission) = fix else {
                    return Some(Vec::new());
                };
                let req = self.next_request();
                if let Some(pane) = self.provider_pane() {
                    pane.adding = Some(req);
                }
                Some(vec![Cmd::Access(AccessCmd::AddPermission {
                    req,
                    server_id,
                    permission,
                })])
            }
        }
    }

    /// `r` in either pane: everything read again.
    pub(super) fn access_refresh(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        match self.stack.last_mut() {
            Some(Pane::Provider(pane)) => {
                pane.report = Load::Loading(req);
                vec![Cmd::Access(AccessCmd::ReadProvider {
                    req,
                    kind: pane.kind.clone(),
                    details: pane.details.clone(),
                })]
            }
            Some(Pane::Access(pane)) => {
                pane.report = Load::Loading(req);
                vec![Cmd::Access(AccessCmd::CheckUser {
                    req,
                    subject: pane.subject.clone(),
                })]
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn on_access_msg(&mut self, msg: AccessMsg) -> Vec<Cmd> {
        match msg {
            AccessMsg::ProviderRead { req, result } => {
                for pane in &mut self.stack {
                    if let Pane::Provider(pane) = pane
                        && pane.report == Load::Loading(req)
                    {
                        pane.report = match &result {
                            Ok(evidence) => Load::Loaded(access_report::provider_report(
                                evidence,
                                &pane.server_arn,
                            )),
                            Err(err) => Load::Failed(err.clone()),
                        };
                    }
                }
                Vec::new()
            }
            AccessMsg::UserChecked { req, result } => {
                for pane in &mut self.stack {
                    if let Pane::Access(pane) = pane
                        && pane.report == Load::Loading(req)
                    {
                        pane.report = match &result {
                            Ok(evidence) => Load::Loaded(access_report::user_report(evidence)),
                            Err(err) => Load::Failed(err.clone()),
                        };
                    }
                }
                Vec::new()
            }
            AccessMsg::PermissionAdded {
                req,
                server_id,
                permission,
                result,
                afterwards,
            } => self.on_permission_added(req, &server_id, &permission, result, afterwards),
        }
    }

    fn on_permission_added(
        &mut self,
        req: RequestId,
        server_id: &str,
        permission: &InvokePermission,
        result: Result<String, AwsError>,
        afterwards: Option<Result<bool, AwsError>>,
    ) -> Vec<Cmd> {
        let (outcome, notice) = match (&result, &afterwards) {
            (Ok(_), _) => (
                "ok".to_string(),
                (
                    NoticeLevel::Info,
                    format!("{server_id} may now invoke {}", permission.function),
                ),
            ),
            (Err(err), Some(Ok(true))) => (
                format!("changed anyway despite: {err}"),
                (
                    NoticeLevel::Warning,
                    format!(
                        "AddPermission failed ({err}) but the statement is there: {server_id} may invoke the function"
                    ),
                ),
            ),
            (Err(err), Some(Ok(false))) => (
                format!("failed: {err}; unchanged"),
                (
                    NoticeLevel::Error,
                    format!("AddPermission failed: {err}; the policy is unchanged"),
                ),
            ),
            (Err(err), Some(Err(_))) => (
                format!("failed: {err}; unknown whether applied"),
                (
                    NoticeLevel::Error,
                    format!(
                        "AddPermission failed: {err}; reading the policy again failed too: press r"
                    ),
                ),
            ),
            (Err(err), None) => (
                format!("failed: {err}"),
                (NoticeLevel::Error, format!("AddPermission failed: {err}")),
            ),
        };
        let (field, after) = permission_audit(permission);
        let mut cmds = vec![Cmd::Server(ServerCmd::Audit {
            entry: self.audit_entry(server_id, field, None, after, outcome),
        })];
        self.notify(notice.0, notice.1);
        let read_again = self
            .stack
            .iter()
            .any(|pane| matches!(pane, Pane::Provider(p) if p.adding == Some(req)));
        if read_again {
            let again = self.next_request();
            for pane in &mut self.stack {
                if let Pane::Provider(pane) = pane
                    && pane.adding == Some(req)
                {
                    pane.adding = None;
                    pane.report = Load::Loading(again);
                    cmds.push(Cmd::Access(AccessCmd::ReadProvider {
                        req: again,
                        kind: pane.kind.clone(),
                        details: pane.details.clone(),
                    }));
                }
            }
        }
        cmds
    }

    /// What waits on AWS in the access panes, for the status bar.
    pub(super) fn access_loading(&self) -> Option<String> {
        match self.pane() {
            Pane::Provider(pane) if pane.adding.is_some() => {
                Some("adding the Lambda permission".into())
            }
            Pane::Provider(pane) if matches!(pane.report, Load::Loading(_)) => {
                Some("reading the identity provider".into())
            }
            Pane::Access(pane) if matches!(pane.report, Load::Loading(_)) => {
                Some(format!("checking {}'s access", pane.subject.user))
            }
            _ => None,
        }
    }
}

/// The audit log's field and `after` for an added permission.
pub(super) fn permission_audit(permission: &InvokePermission) -> (&'static str, String) {
    (
        PERMISSION_FIELD,
        format!(
            "{} {}: {} for {} when aws:SourceArn is {}",
            permission.function,
            permission.statement_id,
            InvokePermission::ACTION,
            crate::model::identity_provider::TRANSFER_PRINCIPAL,
            permission.server_arn
        ),
    )
}
