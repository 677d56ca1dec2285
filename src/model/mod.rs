//! Plain domain types and their validation. Nothing here knows the AWS SDK
//! or the terminal: `aws/` converts into these types and `ui/` draws them.

pub mod access;
pub mod access_chain;
pub mod access_report;
pub mod activity;
pub mod audit;
pub mod aws_error;
pub mod browse;
pub mod cost;
pub mod deletion;
pub mod endpoint_url;
pub mod host_key;
pub mod iam;
pub mod identity_provider;
pub mod login_secret;
pub mod network;
pub mod objects;
pub mod passive_ip;
pub mod password;
pub mod policy;
pub mod preview;
pub mod protocol_change;
pub mod regions;
pub mod scope;
pub mod secret_value;
pub mod server;
pub mod server_spec;
pub mod settings;
pub mod tags;
pub mod text;
pub mod user;
pub mod user_copy;
pub mod validate;

pub use aws_error::AwsError;
pub use host_key::{HostKey, PrivateHostKey};
pub use passive_ip::{PassiveIp, PassiveIpError};
pub use protocol_change::{ProtocolChange, ProtocolUpdate, SetStat, TlsResumption};
pub use server::{
    EndpointDetails, EndpointType, IdentityProviderDetails, IdentityProviderType, Protocol,
    ProtocolDetails, Server, ServerOptions, ServerState, ServerSummary, SftpPort,
};
pub use settings::{AwsSettings, CallTimeout};
pub use user::{
    LoginTest, PosixProfile, SecretEntry, SshKey, TransferUser, UserHome, UserSpec, UserSummary,
};
