//! AWS Transfer Family calls.

use aws_sdk_transfer::types::{DescribedServer, HomeDirectoryType};

use super::{AwsError, Session};
use super::{convert, convert_users};
use crate::model::{
    LoginTest, ProtocolChange, ProtocolUpdate, Server, ServerSummary, TransferUser, UserHome,
    UserSpec, UserSummary,
};

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
        ProtocolChange::SetStatOption(option) => details
            .set_stat_option
            .replace(option.as_str().into())
            .map(|option| option.as_str().to_string()),
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

/// ListUsers, every page.
pub async fn list_users(session: &Session, server_id: &str) -> Result<Vec<UserSummary>, AwsError> {
    let mut pages = session
        .transfer
        .list_users()
        .server_id(server_id)
        .into_paginator()
        .send();
    let mut users = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "transfer:ListUsers"))?;
        users.extend(page.users().iter().map(convert_users::user_summary));
    }
    Ok(users)
}

pub async fn describe_user(
    session: &Session,
    server_id: &str,
    user: &str,
) -> Result<TransferUser, AwsError> {
    let answer = session
        .transfer
        .describe_user()
        .server_id(server_id)
        .user_name(user)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DescribeUser"))?;
    answer
        .user()
        .map(convert_users::user)
        .ok_or_else(|| AwsError::NotFound {
            message: format!("DescribeUser gave no user {user} on {server_id}"),
        })
}

pub async fn create_user(
    session: &Session,
    server_id: &str,
    spec: &UserSpec,
) -> Result<(), AwsError> {
    let (home_type, home, mappings) = home_parts(&spec.home);
    session
        .transfer
        .create_user()
        .server_id(server_id)
        .user_name(&spec.name)
        .role(&spec.role)
        .set_policy(spec.policy.clone())
        .set_ssh_public_key_body(spec.ssh_key.clone())
        .home_directory_type(home_type)
        .set_home_directory(home)
        .set_home_directory_mappings(mappings)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:CreateUser"))?;
    Ok(())
}

/// Changes the role, home and policy; SSH keys have their own calls.
pub async fn update_user(
    session: &Session,
    server_id: &str,
    spec: &UserSpec,
) -> Result<(), AwsError> {
    let (home_type, home, mappings) = home_parts(&spec.home);
    session
        .transfer
        .update_user()
        .server_id(server_id)
        .user_name(&spec.name)
        .role(&spec.role)
        .policy(spec.policy.clone().unwrap_or_default())
        .home_directory_type(home_type)
        .set_home_directory(home)
        .set_home_directory_mappings(mappings)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:UpdateUser"))?;
    Ok(())
}

/// A home as Transfer's request members: a PATH home or LOGICAL mappings.
fn home_parts(
    home: &UserHome,
) -> (
    HomeDirectoryType,
    Option<String>,
    Option<Vec<aws_sdk_transfer::types::HomeDirectoryMapEntry>>,
) {
    match home {
        UserHome::Path(path) => (HomeDirectoryType::Path, Some(path.clone()), None),
        UserHome::Logical(mappings) => (
            HomeDirectoryType::Logical,
            None,
            Some(convert_users::mappings(mappings)),
        ),
    }
}

pub async fn delete_user(session: &Session, server_id: &str, user: &str) -> Result<(), AwsError> {
    session
        .transfer
        .delete_user()
        .server_id(server_id)
        .user_name(user)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DeleteUser"))?;
    Ok(())
}

/// Returns the new key's id.
pub async fn import_ssh_public_key(
    session: &Session,
    server_id: &str,
    user: &str,
    key: &str,
) -> Result<String, AwsError> {
    let answer = session
        .transfer
        .import_ssh_public_key()
        .server_id(server_id)
        .user_name(user)
        .ssh_public_key_body(key)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:ImportSshPublicKey"))?;
    Ok(answer.ssh_public_key_id().to_string())
}

pub async fn delete_ssh_public_key(
    session: &Session,
    server_id: &str,
    user: &str,
    key_id: &str,
) -> Result<(), AwsError> {
    session
        .transfer
        .delete_ssh_public_key()
        .server_id(server_id)
        .user_name(user)
        .ssh_public_key_id(key_id)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:DeleteSshPublicKey"))?;
    Ok(())
}

/// Asks the server's custom identity provider whether `user` may log in.
/// The password is sent to AWS only; the answer is redacted before it is kept.
pub async fn test_identity_provider(
    session: &Session,
    server_id: &str,
    user: &str,
    password: Option<&str>,
    protocol: Option<&str>,
) -> Result<LoginTest, AwsError> {
    let answer = session
        .transfer
        .test_identity_provider()
        .server_id(server_id)
        .user_name(user)
        .set_user_password(password.map(str::to_string))
        .set_server_protocol(protocol.map(aws_sdk_transfer::types::Protocol::from))
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:TestIdentityProvider"))?;
    Ok(LoginTest {
        status_code: answer.status_code(),
        message: answer.message().unwrap_or_default().to_string(),
        url: Some(answer.url().to_string()).filter(|u| !u.is_empty()),
        response: LoginTest::redacted(answer.response().unwrap_or_default()),
    })
}
