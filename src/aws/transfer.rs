//! AWS Transfer Family calls.

use super::convert;
use super::{AwsError, Session};
use crate::model::{Server, ServerSummary};

/// ListServers, every page.
pub async fn list_servers(session: &Session) -> Result<Vec<ServerSummary>, AwsError> {
    let mut pages = session.transfer.list_servers().into_paginator().send();
    let mut servers = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "transfer:ListServers"))?;
        servers.extend(page.servers().iter().map(convert::server_summary));
    }
    Ok(servers)
}

pub async fn describe_server(session: &Session, server_id: &str) -> Result<Server, AwsError> {
    let answer = session
        .transfer
        .describe_server()
        .server_id(server_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DescribeServer"))?;
    answer
        .server()
        .map(convert::server)
        .ok_or_else(|| AwsError::NotFound {
            message: format!("DescribeServer gave no server for {server_id}"),
        })
}
