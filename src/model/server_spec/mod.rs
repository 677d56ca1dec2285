//! A server to be created: what CreateServer will be sent, built by the
//! create form or pre-filled from a described server (clone). Pure: the
//! checks against AWS's rules are in `rules.rs`, the summary shown before
//! sending in `summary.rs`.

mod choices;
mod rules;
mod summary;

use std::collections::BTreeMap;

pub use super::server::ServerOptions;
use super::server::{IdentityProviderType, Protocol, ProtocolDetails, Server};

pub use choices::{Choice, Choices};
pub use rules::{Known, KnownSubnet, SpecError, Step, validate};
pub use summary::summary;

/// The tag a server created by the console carries, whose value is unique
/// to one CreateServer request: after a failed answer, the server that
/// carries it is the one that was created anyway.
pub const CREATION_TAG: &str = "transfer-console:creation";

/// The only `aws:` tags an operator may write: AWS documents them for a
/// server's custom hostname.
pub const WRITABLE_AWS_TAGS: [&str; 2] = [
    "aws:transfer:customHostname",
    "aws:transfer:route53HostedZoneId",
];

/// A tag that CreateServer may carry and a clone copies.
fn copyable_tag(key: &str) -> bool {
    key != CREATION_TAG && (!key.starts_with("aws:") || WRITABLE_AWS_TAGS.contains(&key))
}

/// The network a server listens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointSpec {
    Public,
    Vpc(VpcSpec),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpcSpec {
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    /// On the VPC endpoint Transfer makes (DescribeServer never says them).
    pub security_group_ids: Vec<String>,
    /// One per subnet: the endpoint is internet-facing.
    pub address_allocation_ids: Vec<String>,
}

/// Who checks the users' logins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySpec {
    ServiceManaged,
    Lambda {
        function: String,
    },
    ApiGateway {
        url: String,
        invocation_role: String,
    },
    /// Kept from a described server; the form does not offer it.
    Directory {
        directory_id: String,
    },
}

impl IdentitySpec {
    pub fn kind(&self) -> IdentityProviderType {
        match self {
            Self::ServiceManaged => IdentityProviderType::ServiceManaged,
            Self::Lambda { .. } => IdentityProviderType::AwsLambda,
            Self::ApiGateway { .. } => IdentityProviderType::ApiGateway,
            Self::Directory { .. } => IdentityProviderType::AwsDirectoryService,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSpec {
    pub protocols: Vec<Protocol>,
    pub endpoint: EndpointSpec,
    pub identity: IdentitySpec,
    pub certificate: Option<String>,
    pub logging_role: Option<String>,
    pub structured_log_destinations: Vec<String>,
    pub security_policy_name: Option<String>,
    pub protocol_details: ProtocolDetails,
    /// S3 or EFS; `None` lets AWS choose (S3).
    pub domain: Option<String>,
    pub options: ServerOptions,
    /// Tags sent with CreateServer; `Name` is how consoles label servers.
    pub tags: BTreeMap<String, String>,
}

impl Default for ServerSpec {
    /// The daily SFTP drop: PUBLIC, SERVICE_MANAGED, AWS's defaults.
    fn default() -> Self {
        Self {
            protocols: vec![Protocol::Sftp],
            endpoint: EndpointSpec::Public,
            identity: IdentitySpec::ServiceManaged,
            certificate: None,
            logging_role: None,
            structured_log_destinations: Vec::new(),
            security_policy_name: None,
            protocol_details: ProtocolDetails::default(),
            domain: None,
            options: ServerOptions::default(),
            tags: BTreeMap::new(),
        }
    }
}

impl ServerSpec {
    pub fn name(&self) -> Option<&str> {
        self.tags.get("Name").map(String::as_str)
    }

    /// Sets the `Name` tag; an empty name removes it.
    pub fn set_name(&mut self, name: &str) {
        match name.trim() {
            "" => self.tags.remove("Name"),
            name => self.tags.insert("Name".into(), name.to_string()),
        };
    }

    pub fn vpc(&self) -> Option<&VpcSpec> {
        match &self.endpoint {
            EndpointSpec::Vpc(vpc) => Some(vpc),
            EndpointSpec::Public => None,
        }
    }

    pub fn vpc_mut(&mut self) -> Option<&mut VpcSpec> {
        match &mut self.endpoint {
            EndpointSpec::Vpc(vpc) => Some(vpc),
            EndpointSpec::Public => None,
        }
    }

    pub fn has(&self, protocol: &Protocol) -> bool {
        self.protocols.contains(protocol)
    }

    /// The tags CreateServer is sent: the operator's, without AWS's own
    /// (`aws:` keys other than the custom hostname's cannot be written),
    /// and the creation tag.
    pub fn request_tags(&self, creation_token: &str) -> Vec<(String, String)> {
        self.tags
            .iter()
            .filter(|(key, _)| copyable_tag(key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(std::iter::once((
                CREATION_TAG.to_string(),
                creation_token.to_string(),
            )))
            .collect()
    }
}

/// A spec equal to `server` in everything the console knows of it, for a
/// clone. `security_groups` are the groups of the server's VPC endpoint
/// (DescribeServer does not give them). AWS's own `aws:` tags (but the
/// custom hostname's) and the original's creation tag are left out: they
/// cannot, or must not, be copied.
pub fn from_described(server: &Server, security_groups: &[String]) -> ServerSpec {
    let endpoint = match (&server.summary.endpoint_type, &server.endpoint_details) {
        (super::EndpointType::Public, _) | (_, None) => EndpointSpec::Public,
        (_, Some(details)) => EndpointSpec::Vpc(VpcSpec {
            vpc_id: details.vpc_id.clone().unwrap_or_default(),
            subnet_ids: details.subnet_ids.clone(),
            security_group_ids: security_groups.to_vec(),
            address_allocation_ids: details.address_allocation_ids.clone(),
        }),
    };
    let idp = &server.identity_provider_details;
    let identity = match &server.summary.identity_provider_type {
        IdentityProviderType::AwsLambda => IdentitySpec::Lambda {
            function: idp.function.clone().unwrap_or_default(),
        },
        IdentityProviderType::ApiGateway => IdentitySpec::ApiGateway {
            url: idp.url.clone().unwrap_or_default(),
            invocation_role: idp.invocation_role.clone().unwrap_or_default(),
        },
        IdentityProviderType::AwsDirectoryService => IdentitySpec::Directory {
            directory_id: idp.directory_id.clone().unwrap_or_default(),
        },
        _ => IdentitySpec::ServiceManaged,
    };
    ServerSpec {
        protocols: server.protocols.clone(),
        endpoint,
        identity,
        certificate: server.certificate.clone(),
        logging_role: server.summary.logging_role.clone(),
        structured_log_destinations: server.structured_log_destinations.clone(),
        security_policy_name: server.security_policy_name.clone(),
        protocol_details: server.protocol_details.clone(),
        domain: server.domain.clone(),
        options: server.options.clone(),
        tags: server
            .tags
            .iter()
            .filter(|(key, _)| copyable_tag(key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests;
