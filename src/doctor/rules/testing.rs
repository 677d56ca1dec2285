//! Evidence built by hand for the rules' tests.

use std::collections::BTreeSet;

use crate::doctor::{Estate, Gathered, ServerEvidence};
use crate::model::network::{IngressRule, NetworkInterface, PortRange, SecurityGroup, VpcEndpoint};
use crate::model::{
    EndpointDetails, EndpointType, IdentityProviderDetails, IdentityProviderType, Protocol,
    ProtocolDetails, Server, ServerState, ServerSummary,
};

pub const SERVER_ID: &str = "s-0123456789abcdef0";

pub fn group(tcp_ranges: &[(u16, u16)]) -> SecurityGroup {
    SecurityGroup {
        id: "sg-0aaa".into(),
        name: "transfer-ftp".into(),
        ingress: tcp_ranges
            .iter()
            .map(|(from, to)| IngressRule {
                protocol: "tcp".into(),
                ports: Some(PortRange::new(*from, *to)),
                sources: vec!["10.1.0.0/16".into()],
            })
            .collect(),
    }
}

pub fn interface(ip: &str, az: &str) -> NetworkInterface {
    NetworkInterface {
        id: format!("eni-{az}"),
        subnet_id: format!("subnet-{az}"),
        availability_zone: az.into(),
        private_ip: ip.into(),
        public_ip: None,
    }
}

/// An FTP server on a VPC endpoint with a Lambda identity provider, two
/// subnets in two AZs, a logging role, and the given security groups.
pub fn ftp_vpc(groups: Vec<SecurityGroup>) -> ServerEvidence {
    let server = Server {
        summary: ServerSummary {
            id: SERVER_ID.into(),
            arn: format!("arn:aws:transfer:ap-northeast-1:123456789012:server/{SERVER_ID}"),
            state: ServerState::Online,
            endpoint_type: EndpointType::Vpc,
            identity_provider_type: IdentityProviderType::AwsLambda,
            user_count: Some(0),
            logging_role: Some("arn:aws:iam::123456789012:role/transfer-logs".into()),
        },
        protocols: vec![Protocol::Ftp],
        protocol_details: ProtocolDetails {
            passive_ip: Some("AUTO".into()),
            tls_session_resumption_mode: None,
            set_stat_option: Some("DEFAULT".into()),
            sftp_ports: Vec::new(),
        },
        endpoint_details: Some(EndpointDetails {
            vpc_id: Some("vpc-1".into()),
            vpc_endpoint_id: Some("vpce-1".into()),
            subnet_ids: vec!["subnet-a".into(), "subnet-c".into()],
            address_allocation_ids: Vec::new(),
        }),
        identity_provider_details: IdentityProviderDetails {
            function: Some("arn:aws:lambda:ap-northeast-1:123456789012:function:idp".into()),
            ..Default::default()
        },
        certificate: None,
        security_policy_name: None,
        host_key_fingerprint: None,
        structured_log_destinations: Vec::new(),
        domain: None,
        tags: Default::default(),
        options: Default::default(),
    };
    ServerEvidence {
        server,
        endpoint: Some(Gathered::Read(VpcEndpoint {
            id: "vpce-1".into(),
            state: "available".into(),
            vpc_id: "vpc-1".into(),
            subnet_ids: vec!["subnet-a".into(), "subnet-c".into()],
            network_interface_ids: vec!["eni-a".into(), "eni-c".into()],
            security_group_ids: groups.iter().map(|g| g.id.clone()).collect(),
            dns_names: vec!["vpce-1.vpce-svc.ap-northeast-1.vpce.amazonaws.com".into()],
            ..Default::default()
        })),
        interfaces: Gathered::Read(vec![
            interface("10.2.1.10", "ap-northeast-1a"),
            interface("10.2.2.10", "ap-northeast-1c"),
        ]),
        security_groups: Gathered::Read(groups),
    }
}

pub fn estate(servers: Vec<ServerEvidence>) -> Estate {
    Estate {
        region: "ap-northeast-1".into(),
        scope: None,
        all_server_ids: servers.iter().map(|s| s.server.id().to_string()).collect(),
        servers,
        secrets: Gathered::Read(Vec::new()),
        secrets_read_one_at_a_time: None,
        buckets: Gathered::Read(BTreeSet::from(["acme-legacy-ftp".to_string()])),
        hourly_rate_usd: 0.30,
        access: Default::default(),
        // The provider `idp` runs in vpc-1, which reaches Secrets Manager.
        lambda_network: Some(crate::doctor::LambdaNetwork {
            interfaces: Gathered::Read(vec![crate::model::network::LambdaInterface {
                description: "AWS Lambda VPC ENI-idp".into(),
                vpc_id: "vpc-1".into(),
            }]),
            secrets_endpoints: Gathered::Read(vec![VpcEndpoint {
                id: "vpce-0sm".into(),
                vpc_id: "vpc-1".into(),
                service_name: "com.amazonaws.ap-northeast-1.secretsmanager".into(),
                endpoint_type: "Interface".into(),
                private_dns: Some(true),
                ..Default::default()
            }]),
        }),
        activity: Default::default(),
    }
}
