//! The endpoint view of a VPC server: its VPC endpoint, the endpoint's
//! network interfaces and security groups, and the Elastic IPs the server
//! lists. The EC2 calls run concurrently; each takes a list of ids.

use super::{App, Cmd, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::AwsError;
use crate::model::network::{ElasticIp, NetworkInterface, SecurityGroup, VpcEndpoint};

/// One part of the view, as it stands with AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load<T> {
    /// Nothing to ask (no Elastic IPs, say).
    NotNeeded,
    Loading(RequestId),
    Loaded(T),
    Failed(AwsError),
}

/// An EC2 question, with the ids it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkQuery {
    VpcEndpoints(Vec<String>),
    NetworkInterfaces(Vec<String>),
    SecurityGroups(Vec<String>),
    Addresses(Vec<String>),
    /// DescribeVpcEndpoints filtered by `service-name` (`:endpoints`).
    ServiceEndpoints(Vec<String>),
}

#[derive(Debug)]
pub enum NetworkAnswer {
    VpcEndpoints(Result<Vec<VpcEndpoint>, AwsError>),
    NetworkInterfaces(Result<Vec<NetworkInterface>, AwsError>),
    SecurityGroups(Result<Vec<SecurityGroup>, AwsError>),
    Addresses(Result<Vec<ElasticIp>, AwsError>),
    ServiceEndpoints(Result<Vec<VpcEndpoint>, AwsError>),
}

#[derive(Debug)]
pub struct EndpointPane {
    pub server_id: String,
    pub endpoint: Load<VpcEndpoint>,
    pub interfaces: Load<Vec<NetworkInterface>>,
    pub groups: Load<Vec<SecurityGroup>>,
    pub addresses: Load<Vec<ElasticIp>>,
    pub scroll: u16,
}

fn settle<T: PartialEq>(load: &mut Load<T>, req: RequestId, result: Result<T, AwsError>) -> bool {
    if *load != Load::Loading(req) {
        return false; // an answer to a request since replaced
    }
    *load = match result {
        Ok(value) => Load::Loaded(value),
        Err(err) => Load::Failed(err),
    };
    true
}

impl App {
    /// `e` on a server's detail.
    pub(super) fn open_endpoint(&mut self, server_id: &str) -> Vec<Cmd> {
        let Some(details) = self
            .server(server_id)
            .and_then(|server| server.endpoint_details.clone())
        else {
            self.notify(
                NoticeLevel::Warning,
                "no VPC endpoint: this server's endpoint is PUBLIC (or not loaded yet)",
            );
            return Vec::new();
        };
        let Some(vpce) = details.vpc_endpoint_id else {
            self.notify(NoticeLevel::Warning, "DescribeServer names no VPC endpoint");
            return Vec::new();
        };
        let mut cmds = Vec::new();
        let endpoint = self.ask(&mut cmds, NetworkQuery::VpcEndpoints(vec![vpce]));
        let addresses = if details.address_allocation_ids.is_empty() {
            Load::NotNeeded
        } else {
            self.ask(
                &mut cmds,
                NetworkQuery::Addresses(details.address_allocation_ids),
            )
        };
        self.open(Pane::Endpoint(Box::new(EndpointPane {
            server_id: server_id.to_string(),
            endpoint,
            interfaces: Load::NotNeeded,
            groups: Load::NotNeeded,
            addresses,
            scroll: 0,
        })));
        cmds
    }

    fn ask<T>(&mut self, cmds: &mut Vec<Cmd>, query: NetworkQuery) -> Load<T> {
        let req = self.next_request();
        cmds.push(Cmd::Server(ServerCmd::Network { req, query }));
        Load::Loading(req)
    }

    pub(super) fn on_network(&mut self, req: RequestId, answer: NetworkAnswer) -> Vec<Cmd> {
        let answer = match self.on_endpoints_network(req, answer) {
            Ok(cmds) => return cmds,
            Err(answer) => answer,
        };
        let Some(pane) = self.stack.iter_mut().find_map(|pane| match pane {
            Pane::Endpoint(pane) => Some(pane.as_mut()),
            _ => None,
        }) else {
            return Vec::new();
        };
        let found = match answer {
            NetworkAnswer::VpcEndpoints(result) => {
                let result = result.and_then(|mut list| {
                    list.pop().ok_or_else(|| AwsError::NotFound {
                        message: "DescribeVpcEndpoints returned no endpoint".into(),
                    })
                });
                settle(&mut pane.endpoint, req, result)
            }
            NetworkAnswer::NetworkInterfaces(result) => settle(&mut pane.interfaces, req, result),
            NetworkAnswer::SecurityGroups(result) => settle(&mut pane.groups, req, result),
            NetworkAnswer::Addresses(result) => settle(&mut pane.addresses, req, result),
            NetworkAnswer::ServiceEndpoints(_) => false,
        };
        let Load::Loaded(endpoint) = &pane.endpoint else {
            return Vec::new();
        };
        if !found || pane.interfaces != Load::NotNeeded || pane.groups != Load::NotNeeded {
            return Vec::new();
        }
        // The endpoint names its interfaces and groups: ask for both at once.
        let interfaces = endpoint.network_interface_ids.clone();
        let groups = endpoint.security_group_ids.clone();
        let mut cmds = Vec::new();
        let interfaces = self.ask(&mut cmds, NetworkQuery::NetworkInterfaces(interfaces));
        let groups = self.ask(&mut cmds, NetworkQuery::SecurityGroups(groups));
        if let Some(Pane::Endpoint(pane)) = self
            .stack
            .iter_mut()
            .find(|pane| matches!(pane, Pane::Endpoint(_)))
        {
            pane.interfaces = interfaces;
            pane.groups = groups;
        }
        cmds
    }
}
