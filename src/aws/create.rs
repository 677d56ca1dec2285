//! Creating a server: CreateServer from a `ServerSpec`, the creation tag
//! looked for after a failed answer, and the create form's pick lists
//! (EC2's network, ACM's certificates).

use aws_sdk_transfer::types as sdk;

use super::{AwsError, Session, transfer};
use crate::model::server::Protocol;
use crate::model::server_spec::{
    CREATION_TAG, Choice, Choices, EndpointSpec, IdentitySpec, ServerSpec,
};

/// CreateServer for `spec`, tagged with `token` under [`CREATION_TAG`];
/// the new server's id.
pub async fn create_server(
    session: &Session,
    spec: &ServerSpec,
    token: &str,
) -> Result<String, AwsError> {
    let mut request = session
        .transfer
        .create_server()
        .set_protocols(Some(
            spec.protocols
                .iter()
                .map(|p| sdk::Protocol::from(p.as_str()))
                .collect(),
        ))
        .identity_provider_type(sdk::IdentityProviderType::from(
            spec.identity.kind().as_str(),
        ))
        .set_certificate(spec.certificate.clone())
        .set_logging_role(spec.logging_role.clone())
        .set_security_policy_name(spec.security_policy_name.clone())
        .set_pre_authentication_login_banner(spec.options.pre_authentication_login_banner.clone())
        .set_post_authentication_login_banner(spec.options.post_authentication_login_banner.clone())
        .set_domain(spec.domain.as_deref().map(sdk::Domain::from))
        .set_ip_address_type(
            spec.options
                .ip_address_type
                .as_deref()
                .map(sdk::IpAddressType::from),
        )
        .protocol_details(protocol_details(spec)?);
    if !spec.structured_log_destinations.is_empty() {
        request =
            request.set_structured_log_destinations(Some(spec.structured_log_destinations.clone()));
    }
    if let Some(optimization) = &spec.options.directory_listing_optimization {
        request = request.s3_storage_options(
            sdk::S3StorageOptions::builder()
                .directory_listing_optimization(optimization.as_str().into())
                .build(),
        );
    }
    request = match &spec.endpoint {
        EndpointSpec::Public => request.endpoint_type(sdk::EndpointType::Public),
        EndpointSpec::Vpc(vpc) => {
            let mut details = sdk::EndpointDetails::builder()
                .vpc_id(&vpc.vpc_id)
                .set_subnet_ids(Some(vpc.subnet_ids.clone()));
            if !vpc.security_group_ids.is_empty() {
                details = details.set_security_group_ids(Some(vpc.security_group_ids.clone()));
            }
            if !vpc.address_allocation_ids.is_empty() {
                details =
                    details.set_address_allocation_ids(Some(vpc.address_allocation_ids.clone()));
            }
            request
                .endpoint_type(sdk::EndpointType::Vpc)
                .endpoint_details(details.build())
        }
    };
    if let Some(details) = identity_details(spec) {
        request = request.identity_provider_details(details);
    }
    for (key, value) in spec.request_tags(token) {
        let tag = sdk::Tag::builder()
            .key(key)
            .value(value)
            .build()
            .map_err(|err| internal(&err))?;
        request = request.tags(tag);
    }
    // CreateServer has no idempotency token: a retry after an answer lost
    // or a 5xx that applied would make a second server. The caller reads
    // back by the creation tag instead.
    let answer = request
        .customize()
        .config_override(
            aws_sdk_transfer::config::Builder::default()
                .retry_config(aws_smithy_types::retry::RetryConfig::disabled()),
        )
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "transfer:CreateServer"))?;
    Ok(answer.server_id().to_string())
}

fn internal(err: &dyn std::fmt::Display) -> AwsError {
    AwsError::Internal {
        detail: format!("CreateServer request: {err}"),
    }
}

fn protocol_details(spec: &ServerSpec) -> Result<sdk::ProtocolDetails, AwsError> {
    let details = &spec.protocol_details;
    let mut builder = sdk::ProtocolDetails::builder()
        .set_passive_ip(details.passive_ip.clone())
        .set_tls_session_resumption_mode(
            details
                .tls_session_resumption_mode
                .as_deref()
                .map(sdk::TlsSessionResumptionMode::from),
        )
        .set_set_stat_option(
            details
                .set_stat_option
                .as_deref()
                .map(sdk::SetStatOption::from),
        );
    for port in &details.sftp_ports {
        builder = builder.sftp_ports(
            sdk::SftpPortWithOptions::builder()
                .sftp_port(i32::from(port.port))
                .set_communication_mode(
                    port.communication_mode
                        .as_deref()
                        .map(sdk::CommunicationMode::from),
                )
                .build()
                .map_err(|err| internal(&err))?,
        );
    }
    Ok(builder.build())
}

fn identity_details(spec: &ServerSpec) -> Option<sdk::IdentityProviderDetails> {
    let builder = sdk::IdentityProviderDetails::builder();
    let builder = match &spec.identity {
        IdentitySpec::ServiceManaged => return None,
        IdentitySpec::Lambda { function } => builder.function(function),
        IdentitySpec::ApiGateway {
            url,
            invocation_role,
        } => builder.url(url).invocation_role(invocation_role),
        IdentitySpec::Directory { directory_id } => builder.directory_id(directory_id),
    };
    // AWS answers SftpAuthenticationMethods only for custom providers
    // serving SFTP; sent elsewhere it is refused.
    let methods = spec
        .options
        .sftp_authentication_methods
        .as_deref()
        .filter(|_| spec.has(&Protocol::Sftp))
        .map(sdk::SftpAuthenticationMethods::from);
    Some(builder.set_sftp_authentication_methods(methods).build())
}

/// The server tagged with `token` under [`CREATION_TAG`], if any: after a
/// CreateServer that failed, it is the one created anyway. Every server is
/// described (tags are in DescribeServer), so this is for failures only.
pub async fn find_created(session: &Session, token: &str) -> Result<Option<String>, AwsError> {
    for listed in transfer::list_servers(session).await? {
        let server = match transfer::describe_server(session, &listed.id).await {
            Ok(server) => server,
            // Deleted between the two calls.
            Err(AwsError::NotFound { .. }) => continue,
            Err(err) => return Err(err),
        };
        if server.tags.get(CREATION_TAG).map(String::as_str) == Some(token) {
            return Ok(Some(listed.id));
        }
    }
    Ok(None)
}

/// The pick lists of `session`'s region, each read on its own.
pub async fn choices(session: &Session) -> Choices {
    let (vpcs, subnets, security_groups, elastic_ips, certificates) = tokio::join!(
        vpcs(session),
        subnets(session),
        security_groups(session),
        free_elastic_ips(session),
        certificates(session),
    );
    Choices {
        region: session.region.clone(),
        vpcs,
        subnets,
        security_groups,
        elastic_ips,
        certificates,
    }
}

fn name_tag(tags: &[aws_sdk_ec2::types::Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value())
        .map(str::to_string)
}

fn labelled(name: Option<String>, detail: &str) -> String {
    match name {
        Some(name) => format!("{name} ({detail})"),
        None => detail.to_string(),
    }
}

async fn vpcs(session: &Session) -> Result<Vec<Choice>, AwsError> {
    let mut pages = session.ec2.describe_vpcs().into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeVpcs"))?;
        found.extend(page.vpcs().iter().map(|vpc| Choice {
            id: vpc.vpc_id().unwrap_or_default().to_string(),
            label: labelled(name_tag(vpc.tags()), vpc.cidr_block().unwrap_or_default()),
            vpc_id: vpc.vpc_id().map(str::to_string),
            zone: None,
        }));
    }
    Ok(found)
}

async fn subnets(session: &Session) -> Result<Vec<Choice>, AwsError> {
    let mut pages = session.ec2.describe_subnets().into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeSubnets"))?;
        found.extend(page.subnets().iter().map(|subnet| {
            let zone = subnet.availability_zone().unwrap_or_default();
            Choice {
                id: subnet.subnet_id().unwrap_or_default().to_string(),
                label: labelled(
                    name_tag(subnet.tags()),
                    &format!("{zone} {}", subnet.cidr_block().unwrap_or_default()),
                ),
                vpc_id: subnet.vpc_id().map(str::to_string),
                zone: Some(zone.to_string()),
            }
        }));
    }
    found.sort_by(|a, b| (&a.vpc_id, &a.zone, &a.id).cmp(&(&b.vpc_id, &b.zone, &b.id)));
    Ok(found)
}

async fn security_groups(session: &Session) -> Result<Vec<Choice>, AwsError> {
    let mut pages = session
        .ec2
        .describe_security_groups()
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeSecurityGroups"))?;
        found.extend(page.security_groups().iter().map(|group| Choice {
            id: group.group_id().unwrap_or_default().to_string(),
            label: group.group_name().unwrap_or_default().to_string(),
            vpc_id: group.vpc_id().map(str::to_string),
            zone: None,
        }));
    }
    Ok(found)
}

async fn free_elastic_ips(session: &Session) -> Result<Vec<Choice>, AwsError> {
    let answer = session
        .ec2
        .describe_addresses()
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "ec2:DescribeAddresses"))?;
    Ok(answer
        .addresses()
        .iter()
        .filter(|a| a.association_id().is_none() && a.network_interface_id().is_none())
        .filter_map(|a| {
            Some(Choice {
                id: a.allocation_id()?.to_string(),
                label: labelled(name_tag(a.tags()), a.public_ip().unwrap_or_default()),
                vpc_id: None,
                zone: None,
            })
        })
        .collect())
}

async fn certificates(session: &Session) -> Result<Vec<Choice>, AwsError> {
    let mut pages = session
        .acm
        .list_certificates()
        .certificate_statuses(aws_sdk_acm::types::CertificateStatus::Issued)
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "acm:ListCertificates"))?;
        found.extend(page.certificate_summary_list().iter().filter_map(|c| {
            Some(Choice {
                id: c.certificate_arn()?.to_string(),
                label: c.domain_name().unwrap_or_default().to_string(),
                vpc_id: None,
                zone: None,
            })
        }));
    }
    Ok(found)
}

/// What a clone starts from: the server as described, and the security
/// groups of its VPC endpoint (DescribeServer never gives them).
pub async fn clone_source(
    session: &Session,
    server_id: &str,
) -> Result<(crate::model::Server, Vec<String>), AwsError> {
    let server = transfer::describe_server(session, server_id).await?;
    let endpoint = server
        .endpoint_details
        .as_ref()
        .and_then(|d| d.vpc_endpoint_id.clone());
    let groups = match endpoint {
        Some(id) => super::ec2::describe_vpc_endpoints(session, std::slice::from_ref(&id))
            .await?
            .into_iter()
            .next()
            .map(|e| e.security_group_ids)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok((server, groups))
}
