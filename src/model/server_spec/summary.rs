//! The CreateServer request as the operator reads it before it is sent:
//! one line per member, in the API's names, every value made inert.

use super::{CREATION_TAG, EndpointSpec, IdentitySpec, ServerSpec};
use crate::model::text::inert;

/// `(member, value)` lines of the CreateServer request for `spec` in
/// `region`; members left to AWS's defaults say so.
pub fn summary(spec: &ServerSpec, region: &str) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut line =
        |name: &str, value: String| lines.push((name.to_string(), inert(&value).into_owned()));
    line("Region", region.to_string());
    line(
        "Protocols",
        spec.protocols
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    match &spec.endpoint {
        EndpointSpec::Public => line("EndpointType", "PUBLIC".into()),
        EndpointSpec::Vpc(vpc) => {
            let facing = if vpc.address_allocation_ids.is_empty() {
                "VPC (internal: private addresses only)"
            } else {
                "VPC (internet-facing: Elastic IPs)"
            };
            line("EndpointType", facing.into());
            line("VpcId", vpc.vpc_id.clone());
            line("SubnetIds", list(&vpc.subnet_ids, "none"));
            line(
                "SecurityGroupIds",
                list(&vpc.security_group_ids, "the VPC's default group"),
            );
            line(
                "AddressAllocationIds",
                list(&vpc.address_allocation_ids, "none"),
            );
        }
    }
    line("IdentityProviderType", spec.identity.kind().to_string());
    match &spec.identity {
        IdentitySpec::ServiceManaged => {}
        IdentitySpec::Lambda { function } => line("Function", function.clone()),
        IdentitySpec::ApiGateway {
            url,
            invocation_role,
        } => {
            line("Url", url.clone());
            line("InvocationRole", invocation_role.clone());
        }
        IdentitySpec::Directory { directory_id } => line("DirectoryId", directory_id.clone()),
    }
    if let Some(methods) = &spec.options.sftp_authentication_methods {
        line("SftpAuthenticationMethods", methods.clone());
    }
    line("Certificate", or_default(&spec.certificate, "none"));
    line(
        "LoggingRole",
        or_default(
            &spec.logging_role,
            "none: the server writes no CloudWatch logs",
        ),
    );
    if !spec.structured_log_destinations.is_empty() {
        line(
            "StructuredLogDestinations",
            spec.structured_log_destinations.join(", "),
        );
    }
    line(
        "SecurityPolicyName",
        or_default(&spec.security_policy_name, "AWS's default"),
    );
    let details = &spec.protocol_details;
    line(
        "PassiveIp",
        or_default(&details.passive_ip, "AUTO (default)"),
    );
    line(
        "TlsSessionResumptionMode",
        or_default(&details.tls_session_resumption_mode, "ENFORCED (default)"),
    );
    line(
        "SetStatOption",
        or_default(&details.set_stat_option, "DEFAULT (default)"),
    );
    if !details.sftp_ports.is_empty() {
        line(
            "SftpPorts",
            details
                .sftp_ports
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    for (name, value) in [
        ("Domain", &spec.domain),
        ("IpAddressType", &spec.options.ip_address_type),
        (
            "DirectoryListingOptimization",
            &spec.options.directory_listing_optimization,
        ),
        (
            "PreAuthenticationLoginBanner",
            &spec.options.pre_authentication_login_banner,
        ),
        (
            "PostAuthenticationLoginBanner",
            &spec.options.post_authentication_login_banner,
        ),
    ] {
        if let Some(value) = value {
            line(name, value.clone());
        }
    }
    let mut tags: Vec<String> = spec
        .tags
        .iter()
        .filter(|(key, _)| super::copyable_tag(key))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    tags.push(format!("{CREATION_TAG}=(unique to this request)"));
    line("Tags", tags.join(", "));
    lines
}

fn list(ids: &[String], empty: &str) -> String {
    if ids.is_empty() {
        empty.to_string()
    } else {
        ids.join(", ")
    }
}

fn or_default(value: &Option<String>, default: &str) -> String {
    value.clone().unwrap_or_else(|| default.to_string())
}
