//! AWS Transfer Family calls.

use aws_sdk_transfer::types::DescribedServer;

use super::convert;
use super::{AwsError, Session};
use crate::model::{ProtocolChange, ProtocolUpdate, Server, ServerSummary};

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
    describe_sdk_server(session, server_id)
        .await
        .map(|described| convert::server(&described))
}

/// DescribeServer's answer as the SDK gives it, for updates that must send
/// back members the model does not hold.
async fn describe_sdk_server(
    session: &Session,
    server_id: &str,
) -> Result<DescribedServer, AwsError> {
    let answer = session
        .transfer
        .describe_server()
        .server_id(server_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DescribeServer"))?;
    answer.server.ok_or_else(|| AwsError::NotFound {
        message: format!("DescribeServer gave no server for {server_id}"),
    })
}

/// Changes one ProtocolDetails member. The server is read again right
/// before the update and its ProtocolDetails sent back whole with only that
/// member changed, so every other member (SftpPorts, As2Transports,
/// ProxyConfig and whatever AWS adds later) survives. Returns the member's
/// value before the change and the server as AWS describes it afterwards.
pub async fn update_protocol_details(
    session: &Session,
    server_id: &str,
    change: &ProtocolChange,
) -> Result<ProtocolUpdate, AwsError> {
    let current = describe_sdk_server(session, server_id).await?;
    let mut details = current
        .protocol_details()
        .cloned()
        .unwrap_or_else(|| aws_sdk_transfer::types::ProtocolDetails::builder().build());
    let before = match change {
        ProtocolChange::PassiveIp(ip) => details.passive_ip.replace(ip.to_string()),
        ProtocolChange::TlsSessionResumptionMode(mode) => details
            .tls_session_resumption_mode
            .replace(mode.as_str().into())
            .map(|mode| mode.as_str().to_string()),
    };
    session
        .transfer
        .update_server()
        .server_id(server_id)
        .protocol_details(details)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:UpdateServer"))?;
    Ok(ProtocolUpdate {
        before,
        server: Box::new(describe_server(session, server_id).await?),
    })
}

/// StopServer: the server goes STOPPING, then OFFLINE (or STOP_FAILED).
pub async fn stop_server(session: &Session, server_id: &str) -> Result<(), AwsError> {
    session
        .transfer
        .stop_server()
        .server_id(server_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:StopServer"))?;
    Ok(())
}

/// StartServer: the server goes STARTING, then ONLINE (or START_FAILED).
pub async fn start_server(session: &Session, server_id: &str) -> Result<(), AwsError> {
    session
        .transfer
        .start_server()
        .server_id(server_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:StartServer"))?;
    Ok(())
}
