use super::*;
use crate::model::server::{EndpointDetails, EndpointType, ServerState, ServerSummary, SftpPort};

const REGION: &str = "ap-northeast-1";
const LAMBDA: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:idp";
const CERT: &str =
    "arn:aws:acm:ap-northeast-1:123456789012:certificate/0f2d5c1e-1111-2222-3333-444455556666";
const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-logging";

fn known() -> Known {
    Known {
        subnets: vec![
            KnownSubnet {
                id: "subnet-0000000a".into(),
                vpc_id: "vpc-0000000a".into(),
                availability_zone: "ap-northeast-1a".into(),
            },
            KnownSubnet {
                id: "subnet-0000000c".into(),
                vpc_id: "vpc-0000000a".into(),
                availability_zone: "ap-northeast-1c".into(),
            },
            KnownSubnet {
                id: "subnet-0000000d".into(),
                vpc_id: "vpc-0000000a".into(),
                availability_zone: "ap-northeast-1c".into(),
            },
            KnownSubnet {
                id: "subnet-000000bb".into(),
                vpc_id: "vpc-000000bb".into(),
                availability_zone: "ap-northeast-1a".into(),
            },
        ],
        security_groups: vec![
            ("sg-0000000a".into(), "vpc-0000000a".into()),
            ("sg-000000bb".into(), "vpc-000000bb".into()),
        ],
        free_elastic_ips: Some(vec!["eipalloc-0000000a".into(), "eipalloc-0000000c".into()]),
    }
}

/// Article 001's private FTP server: VPC, Lambda provider.
fn private_ftp() -> ServerSpec {
    ServerSpec {
        protocols: vec![Protocol::Ftp],
        endpoint: EndpointSpec::Vpc(VpcSpec {
            vpc_id: "vpc-0000000a".into(),
            subnet_ids: vec!["subnet-0000000a".into()],
            security_group_ids: vec!["sg-0000000a".into()],
            address_allocation_ids: Vec::new(),
        }),
        identity: IdentitySpec::Lambda {
            function: LAMBDA.into(),
        },
        logging_role: Some(ROLE.into()),
        ..ServerSpec::default()
    }
}

fn fields(errors: &[SpecError]) -> Vec<&str> {
    errors.iter().map(|e| e.field).collect()
}

#[test]
fn the_daily_sftp_server_and_the_private_ftp_server_pass() {
    assert_eq!(validate(&ServerSpec::default(), REGION, &known()), vec![]);
    assert_eq!(validate(&private_ftp(), REGION, &known()), vec![]);
}

#[test]
fn ftp_on_a_public_endpoint_with_service_managed_users_breaks_both_rules_at_once() {
    let spec = ServerSpec {
        protocols: vec![Protocol::Ftp],
        ..ServerSpec::default()
    };
    let errors = validate(&spec, REGION, &known());
    assert_eq!(fields(&errors), ["EndpointType", "IdentityProviderType"]);
    assert_eq!(errors[0].step, Step::Endpoint);
    assert_eq!(errors[1].step, Step::IdentityProvider);
}

#[test]
fn ftps_needs_a_certificate_in_the_servers_region() {
    let mut spec = private_ftp();
    spec.protocols = vec![Protocol::Ftps];
    assert_eq!(fields(&validate(&spec, REGION, &known())), ["Certificate"]);
    spec.certificate = Some(CERT.replace("ap-northeast-1", "us-east-1"));
    let errors = validate(&spec, REGION, &known());
    assert!(
        errors[0].message.contains("it is in us-east-1"),
        "{errors:?}"
    );
    spec.certificate = Some(CERT.into());
    assert_eq!(validate(&spec, REGION, &known()), vec![]);
}

#[test]
fn ftp_cannot_have_elastic_ips_but_ftps_can() {
    let mut spec = private_ftp();
    spec.vpc_mut().unwrap().address_allocation_ids = vec!["eipalloc-0000000a".into()];
    assert_eq!(
        fields(&validate(&spec, REGION, &known())),
        ["AddressAllocationIds"]
    );
    spec.protocols = vec![Protocol::Ftps];
    spec.certificate = Some(CERT.into());
    assert_eq!(validate(&spec, REGION, &known()), vec![]);
}

#[test]
fn subnets_must_be_of_the_vpc_and_one_per_zone() {
    let mut spec = private_ftp();
    spec.vpc_mut().unwrap().subnet_ids = vec![
        "subnet-000000bb".into(),
        "subnet-0000000c".into(),
        "subnet-0000000d".into(),
    ];
    let errors = validate(&spec, REGION, &known());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].message.contains("is in vpc-000000bb"));
    assert!(
        errors[1]
            .message
            .contains("one subnet per Availability Zone")
    );
}

#[test]
fn elastic_ips_are_one_per_subnet_and_free() {
    let mut spec = private_ftp();
    spec.protocols = vec![Protocol::Sftp];
    let vpc = spec.vpc_mut().unwrap();
    vpc.subnet_ids = vec!["subnet-0000000a".into(), "subnet-0000000c".into()];
    vpc.address_allocation_ids = vec!["eipalloc-000000ff".into()];
    let errors = validate(&spec, REGION, &known());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].message.contains("2 subnet(s), 1 Elastic IP(s)"));
    assert!(errors[1].message.contains("not a free Elastic IP"));
}

#[test]
fn a_security_group_of_another_vpc_is_refused() {
    let mut spec = private_ftp();
    spec.vpc_mut().unwrap().security_group_ids = vec!["sg-000000bb".into()];
    assert_eq!(
        fields(&validate(&spec, REGION, &known())),
        ["SecurityGroupIds"]
    );
}

#[test]
fn unknown_networks_are_not_checked_against_pick_lists() {
    let mut spec = private_ftp();
    spec.vpc_mut().unwrap().subnet_ids = vec!["subnet-00000fff".into()];
    assert_eq!(validate(&spec, REGION, &Known::default()), vec![]);
    assert_eq!(fields(&validate(&spec, REGION, &known())), ["SubnetIds"]);
}

#[test]
fn identity_providers_are_checked_by_kind() {
    let mut spec = private_ftp();
    spec.identity = IdentitySpec::Lambda {
        function: "arn:aws:lambda:eu-west-1:123456789012:function:idp".into(),
    };
    assert_eq!(fields(&validate(&spec, REGION, &known())), ["Function"]);
    spec.identity = IdentitySpec::ApiGateway {
        url: "http://example.com".into(),
        invocation_role: "role".into(),
    };
    assert_eq!(
        fields(&validate(&spec, REGION, &known())),
        ["Url", "InvocationRole"]
    );
}

#[test]
fn settings_are_checked_together() {
    let mut spec = ServerSpec {
        logging_role: Some("arn:aws:iam::1:role/x".into()),
        security_policy_name: Some("Strongest".into()),
        ..ServerSpec::default()
    };
    spec.protocol_details.passive_ip = Some("10.0.0".into());
    spec.protocol_details.sftp_ports = vec![SftpPort {
        port: 23,
        communication_mode: None,
    }];
    spec.tags
        .insert("aws:transfer:customHostname".into(), "x".into());
    spec.tags
        .insert("aws:cloudformation:stack-name".into(), "x".into());
    let errors = validate(&spec, REGION, &known());
    assert_eq!(
        fields(&errors),
        [
            "LoggingRole",
            "SecurityPolicyName",
            "PassiveIp",
            "SftpPorts",
            "Tags"
        ]
    );
    assert!(errors.iter().all(|e| e.step == Step::Settings));
}

#[test]
fn as2_is_said_to_be_unsupported() {
    let mut spec = private_ftp();
    spec.protocols = vec![Protocol::As2];
    let errors = validate(&spec, REGION, &known());
    assert!(errors[0].message.contains("AS2"), "{errors:?}");
}

#[test]
fn security_policy_names_follow_the_models_pattern() {
    for good in [
        "TransferSecurityPolicy-2018-11",
        "TransferSecurityPolicy-FIPS-2024-01",
        "TransferSFTPConnectorSecurityPolicy-2024-03",
    ] {
        assert!(rules_accept_policy(good), "{good}");
    }
    for bad in [
        "",
        "TransferSecurityPolicy-",
        "Transfer-Policy-1",
        "TransferSecurityPolicy-a b",
    ] {
        assert!(!rules_accept_policy(bad), "{bad}");
    }
}

fn rules_accept_policy(name: &str) -> bool {
    let spec = ServerSpec {
        security_policy_name: Some(name.into()),
        ..ServerSpec::default()
    };
    validate(&spec, REGION, &Known::default()).is_empty()
}

fn described_ftps() -> Server {
    Server {
        summary: ServerSummary {
            id: "s-0123456789abcdef0".into(),
            arn: "arn:aws:transfer:ap-northeast-1:123456789012:server/s-0123456789abcdef0".into(),
            state: ServerState::Online,
            endpoint_type: EndpointType::Vpc,
            identity_provider_type: IdentityProviderType::AwsLambda,
            user_count: Some(0),
            logging_role: Some(ROLE.into()),
        },
        protocols: vec![Protocol::Ftps, Protocol::Sftp],
        protocol_details: ProtocolDetails {
            passive_ip: Some("0.0.0.0".into()),
            tls_session_resumption_mode: Some("ENABLED".into()),
            set_stat_option: Some("ENABLE_NO_OP".into()),
            sftp_ports: Vec::new(),
        },
        endpoint_details: Some(EndpointDetails {
            vpc_id: Some("vpc-0000000a".into()),
            vpc_endpoint_id: Some("vpce-0123456789abcdef0".into()),
            subnet_ids: vec!["subnet-0000000a".into()],
            address_allocation_ids: vec!["eipalloc-0000000a".into()],
        }),
        identity_provider_details: crate::model::IdentityProviderDetails {
            function: Some(LAMBDA.into()),
            ..Default::default()
        },
        certificate: Some(CERT.into()),
        security_policy_name: Some("TransferSecurityPolicy-2024-01".into()),
        host_key_fingerprint: Some("SHA256:abc".into()),
        structured_log_destinations: vec![
            "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/transfer/x:*".into(),
        ],
        domain: Some("S3".into()),
        tags: [
            ("Name".to_string(), "ftps-a".to_string()),
            ("team".to_string(), "ops".to_string()),
            (
                "aws:transfer:customHostname".to_string(),
                "ftp.example.com".to_string(),
            ),
            (CREATION_TAG.to_string(), "old".to_string()),
        ]
        .into(),
        options: ServerOptions {
            pre_authentication_login_banner: Some("authorised use only".into()),
            post_authentication_login_banner: None,
            sftp_authentication_methods: Some("PASSWORD".into()),
            ip_address_type: Some("IPV4".into()),
            directory_listing_optimization: Some("ENABLED".into()),
        },
    }
}

#[test]
fn a_clone_carries_every_field_the_console_knows() {
    let server = described_ftps();
    let spec = from_described(&server, &["sg-0000000a".to_string()]);
    assert_eq!(spec.protocols, server.protocols);
    assert_eq!(
        spec.endpoint,
        EndpointSpec::Vpc(VpcSpec {
            vpc_id: "vpc-0000000a".into(),
            subnet_ids: vec!["subnet-0000000a".into()],
            security_group_ids: vec!["sg-0000000a".into()],
            address_allocation_ids: vec!["eipalloc-0000000a".into()],
        })
    );
    assert_eq!(
        spec.identity,
        IdentitySpec::Lambda {
            function: LAMBDA.into()
        }
    );
    assert_eq!(spec.certificate, server.certificate);
    assert_eq!(spec.logging_role, server.summary.logging_role);
    assert_eq!(
        spec.structured_log_destinations,
        server.structured_log_destinations
    );
    assert_eq!(spec.security_policy_name, server.security_policy_name);
    assert_eq!(spec.protocol_details, server.protocol_details);
    assert_eq!(spec.domain, server.domain);
    assert_eq!(spec.options, server.options);
    // The custom hostname is kept; the original's creation mark is not.
    assert_eq!(
        spec.tags.keys().collect::<Vec<_>>(),
        ["Name", "aws:transfer:customHostname", "team"],
        "{:?}",
        spec.tags
    );
}

#[test]
fn a_clone_keeping_the_originals_elastic_ip_is_refused_until_a_free_one_is_chosen() {
    let spec = from_described(&described_ftps(), &[]);
    let mut known = known();
    known.free_elastic_ips = Some(vec!["eipalloc-0000000c".into()]);
    let errors = validate(&spec, REGION, &known);
    assert_eq!(fields(&errors), ["AddressAllocationIds"]);
}

#[test]
fn the_summary_names_every_member_and_the_creation_tag() {
    let mut spec = private_ftp();
    spec.set_name("ftp-a\x1b[2J");
    let lines = summary(&spec, REGION);
    let get = |name: &str| {
        lines
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(get("Region"), REGION);
    assert_eq!(
        get("EndpointType"),
        "VPC (internal: private addresses only)"
    );
    assert_eq!(get("SubnetIds"), "subnet-0000000a");
    assert_eq!(get("Function"), LAMBDA);
    assert_eq!(get("PassiveIp"), "AUTO (default)");
    assert!(get("Tags").contains(CREATION_TAG));
    assert!(!get("Tags").contains('\x1b'), "{}", get("Tags"));
}

#[test]
fn request_tags_drop_aws_keys_and_carry_this_requests_token() {
    let mut spec = from_described(&described_ftps(), &[]);
    spec.tags.insert("aws:x".into(), "y".into());
    let tags = spec.request_tags("t-1");
    let aws: Vec<&str> = tags
        .iter()
        .filter(|(k, _)| k.starts_with("aws:"))
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(aws, ["aws:transfer:customHostname"]);
    assert!(tags.contains(&(CREATION_TAG.to_string(), "t-1".to_string())));
    assert_eq!(tags.iter().filter(|(k, _)| k == CREATION_TAG).count(), 1);
}
