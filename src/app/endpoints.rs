//! `:endpoints`: every VPC endpoint of the region that serves Transfer, and
//! the service endpoints a private set-up depends on (Secrets Manager, S3,
//! CloudWatch Logs, Lambda, STS). One DescribeVpcEndpoints call filtered by
//! service name; then, for the Transfer endpoints only, one
//! DescribeNetworkInterfaces (AZs, private IPs) and one
//! DescribeSecurityGroups (the port verdicts), at once.

use std::borrow::Cow;
use std::cmp::Ordering;

use crossterm::event::KeyEvent;

use super::endpoint::{Load, NetworkAnswer, NetworkQuery};
use super::fuzzy::FilterKey;
use super::keymap::{self, Action};
use super::list_view::{Column, ListRow, ListView};
use super::{App, Cmd, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::network::{
    EndpointService, NetworkInterface, PortVerdict, SecurityGroup, VpcEndpoint, port_verdict,
    required_ports,
};

/// One endpoint and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRow {
    pub endpoint: VpcEndpoint,
    pub service: EndpointService,
    /// The Transfer server whose DescribeServer names this endpoint.
    pub server_id: Option<String>,
}

/// The columns `s` steps through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointColumn {
    Id,
    /// Transfer first, then the services a private set-up needs.
    Service,
    /// The server it belongs to (Transfer endpoints).
    Server,
    State,
    Vpc,
}

impl Column for EndpointColumn {
    const FIRST: Self = Self::Id;

    fn next(self) -> Self {
        match self {
            Self::Id => Self::Service,
            Self::Service => Self::Server,
            Self::Server => Self::State,
            Self::State => Self::Vpc,
            Self::Vpc => Self::Id,
        }
    }
}

impl ListRow for EndpointRow {
    type Column = EndpointColumn;

    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.endpoint.id)
    }

    fn filter_texts(&self) -> Vec<&str> {
        let mut texts = vec![
            self.endpoint.id.as_str(),
            self.service.label(),
            self.endpoint.vpc_id.as_str(),
            self.endpoint.state.as_str(),
        ];
        texts.extend(self.server_id.as_deref());
        texts
    }

    fn compare(&self, other: &Self, by: EndpointColumn) -> Ordering {
        match by {
            EndpointColumn::Id => Ordering::Equal,
            EndpointColumn::Service => self.service.cmp(&other.service),
            EndpointColumn::Server => self.server_id.cmp(&other.server_id),
            EndpointColumn::State => self.endpoint.state.cmp(&other.endpoint.state),
            EndpointColumn::Vpc => self.endpoint.vpc_id.cmp(&other.endpoint.vpc_id),
        }
        .then_with(|| self.endpoint.id.cmp(&other.endpoint.id))
    }
}

#[derive(Debug)]
pub struct EndpointsPane {
    pub endpoints: Load<()>,
    pub rows: Vec<EndpointRow>,
    pub list: ListView<EndpointColumn>,
    /// The Transfer endpoints' interfaces and groups.
    pub interfaces: Load<Vec<NetworkInterface>>,
    pub groups: Load<Vec<SecurityGroup>>,
}

impl EndpointsPane {
    pub fn selected(&self) -> Option<&EndpointRow> {
        self.list.selected(&self.rows)
    }

    pub fn shown(&self) -> impl Iterator<Item = &EndpointRow> {
        self.list.shown(&self.rows)
    }

    /// The interfaces of `endpoint`, once read.
    pub fn interfaces_of(&self, endpoint: &VpcEndpoint) -> Option<Vec<&NetworkInterface>> {
        let Load::Loaded(interfaces) = &self.interfaces else {
            return None;
        };
        Some(
            interfaces
                .iter()
                .filter(|interface| endpoint.network_interface_ids.contains(&interface.id))
                .collect(),
        )
    }

    /// The groups of `endpoint`, once read.
    pub fn groups_of(&self, endpoint: &VpcEndpoint) -> Option<Vec<SecurityGroup>> {
        let Load::Loaded(groups) = &self.groups else {
            return None;
        };
        Some(
            groups
                .iter()
                .filter(|group| endpoint.security_group_ids.contains(&group.id))
                .cloned()
                .collect(),
        )
    }

    fn awaits(&self, req: RequestId) -> bool {
        self.endpoints == Load::Loading(req)
            || self.interfaces == Load::Loading(req)
            || self.groups == Load::Loading(req)
    }

    pub fn loading(&self) -> Option<String> {
        match (&self.endpoints, &self.interfaces, &self.groups) {
            (Load::Loading(_), ..) => Some("listing VPC endpoints".into()),
            (_, Load::Loading(_), _) | (.., Load::Loading(_)) => {
                Some("reading the endpoints' interfaces and groups".into())
            }
            _ => None,
        }
    }
}

/// A port verdict in a few words: `21 open`, `8192-8200 closed`.
pub fn verdict_text(protocols: &[crate::model::Protocol], groups: &[SecurityGroup]) -> String {
    required_ports(protocols)
        .into_iter()
        .map(|need| {
            let verdict = match port_verdict(need.ports, groups) {
                PortVerdict::Open { .. } => "open",
                PortVerdict::Partial { .. } => "partly open",
                PortVerdict::Closed => "closed",
            };
            format!("{} {verdict}", need.ports)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl App {
    /// `:endpoints`: the region's Transfer and service endpoints.
    pub fn open_endpoints(&mut self) -> Vec<Cmd> {
        let Some(region) = self.region().map(str::to_string) else {
            self.notify(
                NoticeLevel::Warning,
                "endpoints: no region yet (:region NAME chooses one)",
            );
            return Vec::new();
        };
        let req = self.next_request();
        self.open(Pane::Endpoints(Box::new(EndpointsPane {
            endpoints: Load::Loading(req),
            rows: Vec::new(),
            list: ListView::default(),
            interfaces: Load::NotNeeded,
            groups: Load::NotNeeded,
        })));
        vec![Cmd::Server(ServerCmd::Network {
            req,
            query: NetworkQuery::ServiceEndpoints(EndpointService::filter_values(&region)),
        })]
    }

    fn endpoints_pane(&mut self) -> Option<&mut EndpointsPane> {
        self.stack.iter_mut().rev().find_map(|pane| match pane {
            Pane::Endpoints(pane) => Some(pane.as_mut()),
            _ => None,
        })
    }

    /// An EC2 answer for the list; `None` when it is not the list's.
    pub(super) fn on_endpoints_network(
        &mut self,
        req: RequestId,
        answer: NetworkAnswer,
    ) -> Result<Vec<Cmd>, NetworkAnswer> {
        if !self.endpoints_pane().is_some_and(|pane| pane.awaits(req)) {
            return Err(answer);
        }
        let owners: Vec<(String, String)> = self
            .servers
            .rows
            .iter()
            .filter_map(|row| {
                let vpce = row
                    .server()?
                    .endpoint_details
                    .as_ref()?
                    .vpc_endpoint_id
                    .clone()?;
                Some((vpce, row.summary.id.clone()))
            })
            .collect();
        let Some(pane) = self.endpoints_pane() else {
            return Ok(Vec::new());
        };
        match answer {
            NetworkAnswer::ServiceEndpoints(Ok(endpoints)) => {
                let selected = pane.list.selected_key(&pane.rows);
                pane.rows = endpoints
                    .into_iter()
                    .filter_map(|endpoint| {
                        // A server's own endpoint is Transfer's whatever its name.
                        let server_id = owners
                            .iter()
                            .find(|(vpce, _)| *vpce == endpoint.id)
                            .map(|(_, id)| id.clone());
                        let service = match server_id {
                            Some(_) => EndpointService::Transfer,
                            None => EndpointService::of(&endpoint.service_name)?,
                        };
                        Some(EndpointRow {
                            endpoint,
                            service,
                            server_id,
                        })
                    })
                    .collect();
                pane.list.rebuild(&pane.rows, selected.as_deref());
                pane.endpoints = Load::Loaded(());
                let transfer: Vec<&VpcEndpoint> = pane
                    .rows
                    .iter()
                    .filter(|row| row.service == EndpointService::Transfer)
                    .map(|row| &row.endpoint)
                    .collect();
                let interfaces: Vec<String> = transfer
                    .iter()
                    .flat_map(|e| e.network_interface_ids.iter().cloned())
                    .collect();
                let mut groups: Vec<String> = transfer
                    .iter()
                    .flat_map(|e| e.security_group_ids.iter().cloned())
                    .collect();
                groups.sort();
                groups.dedup();
                let mut cmds = Vec::new();
                let interfaces =
                    self.ask_unless_empty(&mut cmds, interfaces, NetworkQuery::NetworkInterfaces);
                let groups = self.ask_unless_empty(&mut cmds, groups, NetworkQuery::SecurityGroups);
                if let Some(pane) = self.endpoints_pane() {
                    pane.interfaces = interfaces;
                    pane.groups = groups;
                }
                Ok(cmds)
            }
            NetworkAnswer::ServiceEndpoints(Err(err)) => {
                pane.endpoints = Load::Failed(err);
                Ok(Vec::new())
            }
            NetworkAnswer::NetworkInterfaces(result) => {
                settle(&mut pane.interfaces, req, result);
                Ok(Vec::new())
            }
            NetworkAnswer::SecurityGroups(result) => {
                settle(&mut pane.groups, req, result);
                Ok(Vec::new())
            }
            other => Err(other),
        }
    }

    fn ask_unless_empty<T>(
        &mut self,
        cmds: &mut Vec<Cmd>,
        ids: Vec<String>,
        query: impl FnOnce(Vec<String>) -> NetworkQuery,
    ) -> Load<T> {
        if ids.is_empty() {
            return Load::NotNeeded;
        }
        let req = self.next_request();
        cmds.push(Cmd::Server(ServerCmd::Network {
            req,
            query: query(ids),
        }));
        Load::Loading(req)
    }

    /// The list's keys: filter, sort, moves, Enter.
    pub(super) fn endpoints_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let Some(Pane::Endpoints(pane)) = self.stack.last_mut() else {
            return None;
        };
        if pane.list.filter_key(key, &pane.rows) != FilterKey::NotMine {
            return Some(Vec::new());
        }
        let action = keymap::action_for(key, &[keymap::LIST, keymap::FILTER_SORT])?;
        if action == Action::Open {
            return Some(self.open_selected_endpoint());
        }
        pane.list.act(action, &pane.rows).then(Vec::new)
    }

    /// Enter: a Transfer endpoint opens its server's endpoint view.
    fn open_selected_endpoint(&mut self) -> Vec<Cmd> {
        let Some(Pane::Endpoints(pane)) = self.stack.last() else {
            return Vec::new();
        };
        let Some(row) = pane.selected() else {
            return Vec::new();
        };
        match (&row.server_id, row.service) {
            (Some(server_id), _) => {
                let server_id = server_id.clone();
                self.open_endpoint(&server_id)
            }
            (None, EndpointService::Transfer) => {
                let text = format!(
                    "{}: no listed server names this endpoint in its DescribeServer",
                    row.endpoint.id
                );
                self.notify(NoticeLevel::Info, text);
                Vec::new()
            }
            (None, service) => {
                let text = format!(
                    "{} is a {} endpoint: the endpoint view is for Transfer servers",
                    row.endpoint.id,
                    service.label()
                );
                self.notify(NoticeLevel::Info, text);
                Vec::new()
            }
        }
    }

    pub(super) fn endpoints_refresh(&mut self) -> Vec<Cmd> {
        self.back();
        self.open_endpoints()
    }
}

fn settle<T: PartialEq>(load: &mut Load<T>, req: RequestId, result: Result<T, AwsError>) {
    if *load == Load::Loading(req) {
        *load = match result {
            Ok(value) => Load::Loaded(value),
            Err(err) => Load::Failed(err),
        };
    }
}

#[cfg(test)]
pub(crate) mod tests;
