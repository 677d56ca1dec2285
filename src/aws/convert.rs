//! SDK types into `model` types. Unknown enum values are kept as text.

use aws_sdk_transfer::types as sdk;

use crate::model::{
    EndpointDetails, IdentityProviderDetails, ProtocolDetails, Server, ServerOptions,
    ServerSummary, SftpPort,
};

fn text<T: AsRef<str>>(value: Option<T>) -> Option<String> {
    value.map(|v| v.as_ref().to_string())
}

pub fn server_summary(listed: &sdk::ListedServer) -> ServerSummary {
    ServerSummary {
        id: listed.server_id().unwrap_or_default().to_string(),
        arn: listed.arn().to_string(),
        state: listed
            .state()
            .map(|s| s.as_str().into())
            .unwrap_or_else(unknown),
        endpoint_type: listed
            .endpoint_type()
            .map(|e| e.as_str().into())
            .unwrap_or_else(unknown),
        identity_provider_type: listed
            .identity_provider_type()
            .map(|i| i.as_str().into())
            .unwrap_or_else(unknown),
        user_count: listed.user_count(),
        logging_role: text(listed.logging_role()),
    }
}

/// The placeholder for a field AWS left out of its answer.
fn unknown<T: From<&'static str>>() -> T {
    T::from("?")
}

pub fn server(described: &sdk::DescribedServer) -> Server {
    let summary = ServerSummary {
        id: described.server_id().unwrap_or_default().to_string(),
        arn: described.arn().to_string(),
        state: described
            .state()
            .map(|s| s.as_str().into())
            .unwrap_or_else(unknown),
        endpoint_type: described
            .endpoint_type()
            .map(|e| e.as_str().into())
            .unwrap_or_else(unknown),
        identity_provider_type: described
            .identity_provider_type()
            .map(|i| i.as_str().into())
            .unwrap_or_else(unknown),
        user_count: described.user_count(),
        logging_role: text(described.logging_role()),
    };
    Server {
        summary,
        protocols: described
            .protocols()
            .iter()
            .map(|p| p.as_str().into())
            .collect(),
        protocol_details: described
            .protocol_details()
            .map(protocol_details)
            .unwrap_or_default(),
        endpoint_details: described.endpoint_details().map(endpoint_details),
        identity_provider_details: described
            .identity_provider_details()
            .map(identity_provider_details)
            .unwrap_or_default(),
        certificate: text(described.certificate()),
        security_policy_name: text(described.security_policy_name()),
        host_key_fingerprint: text(described.host_key_fingerprint()),
        structured_log_destinations: described
            .structured_log_destinations()
            .iter()
            .map(String::clone)
            .collect(),
        domain: described.domain().map(|d| d.as_str().to_string()),
        tags: described
            .tags()
            .iter()
            .map(|tag| (tag.key().to_string(), tag.value().to_string()))
            .collect(),
        options: ServerOptions {
            pre_authentication_login_banner: text(described.pre_authentication_login_banner()),
            post_authentication_login_banner: text(described.post_authentication_login_banner()),
            sftp_authentication_methods: described
                .identity_provider_details()
                .and_then(|d| d.sftp_authentication_methods())
                .map(|m| m.as_str().to_string()),
            ip_address_type: described.ip_address_type().map(|t| t.as_str().to_string()),
            directory_listing_optimization: described
                .s3_storage_options()
                .and_then(|o| o.directory_listing_optimization())
                .map(|o| o.as_str().to_string()),
        },
    }
}

fn protocol_details(details: &sdk::ProtocolDetails) -> ProtocolDetails {
    ProtocolDetails {
        passive_ip: text(details.passive_ip()),
        tls_session_resumption_mode: details
            .tls_session_resumption_mode()
            .map(|m| m.as_str().to_string()),
        set_stat_option: details.set_stat_option().map(|s| s.as_str().to_string()),
        sftp_ports: details
            .sftp_ports()
            .iter()
            // AWS allows 22 and 2000-65535: anything else is no port to try.
            .filter_map(|entry| {
                Some(SftpPort {
                    port: u16::try_from(entry.sftp_port()).ok()?,
                    communication_mode: entry.communication_mode().map(|m| m.as_str().to_string()),
                })
            })
            .collect(),
    }
}

fn endpoint_details(details: &sdk::EndpointDetails) -> EndpointDetails {
    EndpointDetails {
        vpc_id: text(details.vpc_id()),
        vpc_endpoint_id: text(details.vpc_endpoint_id()),
        subnet_ids: details.subnet_ids().to_vec(),
        address_allocation_ids: details.address_allocation_ids().to_vec(),
    }
}

fn identity_provider_details(details: &sdk::IdentityProviderDetails) -> IdentityProviderDetails {
    IdentityProviderDetails {
        function: text(details.function()),
        url: text(details.url()),
        invocation_role: text(details.invocation_role()),
        directory_id: text(details.directory_id()),
    }
}
