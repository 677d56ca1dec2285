//! A Transfer Family server as the console sees it.
//!
//! Enumerations keep an `Other` variant: AWS adds values over time, and an
//! answer the console does not know yet must be shown, not dropped or
//! turned into a panic.

use std::collections::BTreeMap;
use std::fmt;

/// Declares a string-backed enum with a fallback for values AWS adds later.
macro_rules! aws_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

aws_enum!(
    /// `State` of a server: stop and start pass through STOPPING/STARTING.
    ServerState {
        Online => "ONLINE",
        Offline => "OFFLINE",
        Starting => "STARTING",
        Stopping => "STOPPING",
        StartFailed => "START_FAILED",
        StopFailed => "STOP_FAILED",
    }
);

aws_enum!(EndpointType {
    Public => "PUBLIC",
    Vpc => "VPC",
    VpcEndpoint => "VPC_ENDPOINT",
});

aws_enum!(Protocol {
    Sftp => "SFTP",
    Ftp => "FTP",
    Ftps => "FTPS",
    As2 => "AS2",
});

aws_enum!(IdentityProviderType {
    ServiceManaged => "SERVICE_MANAGED",
    ApiGateway => "API_GATEWAY",
    AwsDirectoryService => "AWS_DIRECTORY_SERVICE",
    AwsLambda => "AWS_LAMBDA",
});

impl ServerState {
    /// A state that will change by itself: worth polling.
    pub fn is_transitional(&self) -> bool {
        matches!(self, Self::Starting | Self::Stopping)
    }
}

impl IdentityProviderType {
    /// Users of these servers live outside Transfer (in Secrets Manager for
    /// the AWS samples), so ListUsers does not see them.
    pub fn is_custom(&self) -> bool {
        matches!(self, Self::ApiGateway | Self::AwsLambda)
    }

    /// The short label used in narrow columns.
    pub fn short_label(&self) -> &str {
        match self {
            Self::ServiceManaged => "service",
            Self::ApiGateway => "api-gw",
            Self::AwsDirectoryService => "directory",
            Self::AwsLambda => "lambda",
            Self::Other(text) => text,
        }
    }
}

/// `s-` and 17 hex digits, as AWS issues them.
pub fn is_server_id(id: &str) -> bool {
    id.strip_prefix("s-")
        .is_some_and(|hex| hex.len() == 17 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// What ListServers says of a server: enough for a row before its
/// DescribeServer answer arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSummary {
    pub id: String,
    pub arn: String,
    pub state: ServerState,
    pub endpoint_type: EndpointType,
    pub identity_provider_type: IdentityProviderType,
    pub user_count: Option<i32>,
    pub logging_role: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProtocolDetails {
    pub passive_ip: Option<String>,
    pub tls_session_resumption_mode: Option<String>,
    pub set_stat_option: Option<String>,
    /// The ports a PUBLIC SFTP server listens on; empty: 22 only.
    pub sftp_ports: Vec<SftpPort>,
}

impl ProtocolDetails {
    /// The ports SFTP clients connect to: SftpPorts, or 22.
    pub fn sftp_port_numbers(&self) -> Vec<u16> {
        match self.sftp_ports.as_slice() {
            [] => vec![SFTP_DEFAULT_PORT],
            ports => ports.iter().map(|p| p.port).collect(),
        }
    }
}

/// SFTP's port when SftpPorts says nothing.
pub const SFTP_DEFAULT_PORT: u16 = 22;

/// One entry of ProtocolDetails.SftpPorts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SftpPort {
    pub port: u16,
    /// `SERVER_TALK_FIRST` (AWS's default) or `CLIENT_TALK_FIRST`: the
    /// server stays silent until the client has sent its identification.
    pub communication_mode: Option<String>,
}

impl std::fmt::Display for SftpPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.communication_mode {
            Some(mode) => write!(f, "{} ({mode})", self.port),
            None => write!(f, "{}", self.port),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointDetails {
    pub vpc_id: Option<String>,
    pub vpc_endpoint_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub address_allocation_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityProviderDetails {
    pub function: Option<String>,
    pub url: Option<String>,
    pub invocation_role: Option<String>,
    pub directory_id: Option<String>,
}

/// What DescribeServer answers beyond the model's `Server` basics that a
/// clone must carry over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerOptions {
    pub pre_authentication_login_banner: Option<String>,
    pub post_authentication_login_banner: Option<String>,
    /// Custom providers serving SFTP: PASSWORD, PUBLIC_KEY, ...
    pub sftp_authentication_methods: Option<String>,
    /// IPV4 or DUALSTACK.
    pub ip_address_type: Option<String>,
    /// S3StorageOptions.DirectoryListingOptimization.
    pub directory_listing_optimization: Option<String>,
}

/// DescribeServer's answer, reduced to what an operator looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub summary: ServerSummary,
    pub protocols: Vec<Protocol>,
    pub protocol_details: ProtocolDetails,
    pub endpoint_details: Option<EndpointDetails>,
    pub identity_provider_details: IdentityProviderDetails,
    pub certificate: Option<String>,
    pub security_policy_name: Option<String>,
    pub host_key_fingerprint: Option<String>,
    pub structured_log_destinations: Vec<String>,
    pub domain: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub options: ServerOptions,
}

impl Server {
    pub fn id(&self) -> &str {
        &self.summary.id
    }

    /// Elastic IPs on the VPC endpoint: clients come from the internet.
    pub fn has_elastic_ips(&self) -> bool {
        self.endpoint_details
            .as_ref()
            .is_some_and(|details| !details.address_allocation_ids.is_empty())
    }

    /// The `Name` tag, which is how the AWS console labels servers.
    pub fn name(&self) -> Option<&str> {
        self.tags.get("Name").map(String::as_str)
    }

    /// The hostname a custom domain points at, kept by AWS in a tag.
    pub fn custom_hostname(&self) -> Option<&str> {
        self.tags
            .get("aws:transfer:customHostname")
            .map(String::as_str)
    }

    /// `SFTP, FTPS` as the AWS console writes it.
    pub fn protocols_label(&self) -> String {
        self.protocols
            .iter()
            .map(Protocol::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The public hostname AWS gives a PUBLIC endpoint.
    pub fn public_hostname(&self, region: &str) -> Option<String> {
        (self.summary.endpoint_type == EndpointType::Public)
            .then(|| format!("{}.server.transfer.{region}.amazonaws.com", self.id()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept_not_dropped() {
        assert_eq!(ServerState::from("ONLINE"), ServerState::Online);
        let later = ServerState::from("HIBERNATING");
        assert_eq!(later, ServerState::Other("HIBERNATING".into()));
        assert_eq!(later.to_string(), "HIBERNATING");
    }

    #[test]
    fn only_lambda_and_api_gateway_are_custom_providers() {
        assert!(IdentityProviderType::AwsLambda.is_custom());
        assert!(IdentityProviderType::ApiGateway.is_custom());
        assert!(!IdentityProviderType::ServiceManaged.is_custom());
        assert!(!IdentityProviderType::AwsDirectoryService.is_custom());
    }
}
