//! Snapshots of the server detail pane.

use super::tests::render;
use crate::app::tests::server;
use crate::app::{App, Cmd, Msg, Pane, ServerDetailPane};
use crate::model::AwsSettings;
use crate::model::{
    EndpointDetails, EndpointType, IdentityProviderDetails, Protocol, ProtocolDetails,
};

const ID: &str = "s-4f3a9c0d1e2b5a6c7";

fn app_with_detail() -> App {
    let mut ftps = server(ID, "ftps-exchange", &[Protocol::Ftps]);
    ftps.summary.endpoint_type = EndpointType::Vpc;
    ftps.summary.logging_role = Some("arn:aws:iam::123456789012:role/transfer-logging".into());
    ftps.protocol_details = ProtocolDetails {
        passive_ip: Some("AUTO".into()),
        tls_session_resumption_mode: Some("ENFORCED".into()),
        set_stat_option: Some("DEFAULT".into()),
        sftp_ports: Vec::new(),
    };
    ftps.endpoint_details = Some(EndpointDetails {
        vpc_id: Some("vpc-0dmz".into()),
        vpc_endpoint_id: Some("vpce-0a1b2c3d4e5f60718".into()),
        subnet_ids: vec!["subnet-0a".into(), "subnet-0c".into()],
        address_allocation_ids: vec!["eipalloc-01".into(), "eipalloc-02".into()],
    });
    ftps.identity_provider_details = IdentityProviderDetails {
        function: Some("arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-idp".into()),
        ..Default::default()
    };
    ftps.certificate = Some("arn:aws:acm:ap-northeast-1:123456789012:certificate/193b1f2c".into());
    ftps.security_policy_name = Some("TransferSecurityPolicy-2024-01".into());
    ftps.host_key_fingerprint = Some("SHA256:3Kx8Qv9w0a".into());
    ftps.domain = Some("S3".into());
    ftps.tags.insert(
        "aws:transfer:customHostname".into(),
        "ftps.acme-logistics.example.com".into(),
    );
    app_showing(ftps)
}

/// The console with `shown` listed, described and its detail open.
fn app_showing(shown: crate::model::Server) -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
        ..Default::default()
    };
    let mut app = App::new(settings, false);
    let cmds = app.start();
    let Some(Cmd::ListServers { req }) = cmds.get(1).cloned() else {
        panic!("no listing");
    };
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![shown.summary.clone()]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describes.first().cloned() else {
        panic!("no describe");
    };
    app.update(Msg::ServerDescribed {
        req,
        server_id: ID.into(),
        result: Ok(Box::new(shown)),
    });
    app.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
        ID.into(),
    ))));
    app
}

#[test]
fn server_detail_at_120_by_40() {
    insta::assert_snapshot!(render(&app_with_detail(), 120, 40));
}

#[test]
fn sftp_ports_are_shown_with_their_communication_mode() {
    let mut sftp = server(ID, "sftp-partners", &[Protocol::Sftp]);
    sftp.protocol_details.sftp_ports = vec![
        crate::model::SftpPort {
            port: 22,
            communication_mode: None,
        },
        crate::model::SftpPort {
            port: 2222,
            communication_mode: Some("CLIENT_TALK_FIRST".into()),
        },
    ];
    let screen = render(&app_showing(sftp), 120, 40);
    assert!(
        screen.contains("SftpPorts                 22, 2222 (CLIENT_TALK_FIRST)"),
        "{screen}"
    );
    // No FTP or FTPS: no PassiveIp, no TLS resumption.
    assert!(!screen.contains("│  PassiveIp"), "{screen}");
    assert!(!screen.contains("│  TlsSessionResumptionMode"), "{screen}");
    let ftp = render(&app_showing(server(ID, "ftp", &[Protocol::Ftp])), 120, 40);
    assert!(ftp.contains("│  PassiveIp"), "{ftp}");
    assert!(!ftp.contains("│  TlsSessionResumptionMode"), "{ftp}");
    // Without SftpPorts (22 only), the line is left out.
    let screen = render(&app_with_detail(), 120, 40);
    assert!(!screen.contains("SftpPorts"), "{screen}");
}

#[test]
fn server_detail_at_80_by_24() {
    insta::assert_snapshot!(render(&app_with_detail(), 80, 24));
}

#[test]
fn tls_chooser_over_the_detail_at_80_by_24() {
    let mut app = app_with_detail();
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('t'),
    )));
    insta::assert_snapshot!(render(&app, 80, 24));
}

fn key(code: crossterm::event::KeyCode) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::from(code))
}

fn network_req(cmd: &Cmd) -> (crate::app::RequestId, crate::app::NetworkQuery) {
    match cmd {
        Cmd::Server(crate::app::ServerCmd::Network { req, query }) => (*req, query.clone()),
        other => panic!("expected an EC2 call, got {other:?}"),
    }
}

/// The endpoint view with every EC2 answer in; the passive range is only
/// partly open.
fn app_with_endpoint() -> App {
    use crate::app::{NetworkAnswer, NetworkQuery, ServerMsg};
    use crate::model::network::{
        ElasticIp, IngressRule, NetworkInterface, PortRange, SecurityGroup, VpcEndpoint,
    };
    let mut app = app_with_detail();
    let first = app.update(key(crossterm::event::KeyCode::Char('e')));
    // The endpoint and the Elastic IPs are asked for at once.
    assert_eq!(first.len(), 2, "{first:?}");
    let (endpoint_req, _) = network_req(&first[0]);
    let (address_req, query) = network_req(&first[1]);
    assert_eq!(
        query,
        NetworkQuery::Addresses(vec!["eipalloc-01".into(), "eipalloc-02".into()])
    );
    let next = app.update(Msg::Server(ServerMsg::Network {
        req: endpoint_req,
        answer: NetworkAnswer::VpcEndpoints(Ok(vec![VpcEndpoint {
            id: "vpce-0a1b2c3d4e5f60718".into(),
            state: "available".into(),
            vpc_id: "vpc-0dmz".into(),
            subnet_ids: vec!["subnet-0a".into(), "subnet-0c".into()],
            network_interface_ids: vec!["eni-0a".into(), "eni-0c".into()],
            security_group_ids: vec!["sg-0ftps".into()],
            dns_names: vec![
                "vpce-0a1b2c3d4e5f60718-x1.vpce-svc-1.ap-northeast-1.vpce.amazonaws.com".into(),
            ],
            ..Default::default()
        }])),
    }));
    // Then the interfaces and the groups, at once.
    assert_eq!(next.len(), 2, "{next:?}");
    let (interfaces_req, query) = network_req(&next[0]);
    assert_eq!(
        query,
        NetworkQuery::NetworkInterfaces(vec!["eni-0a".into(), "eni-0c".into()])
    );
    let (groups_req, _) = network_req(&next[1]);
    let interface = |id: &str, ip: &str, az: &str, public: &str| NetworkInterface {
        id: id.into(),
        subnet_id: format!("subnet-{}", &id[4..]),
        availability_zone: az.into(),
        private_ip: ip.into(),
        public_ip: Some(public.into()),
    };
    for (req, answer) in [
        (
            interfaces_req,
            NetworkAnswer::NetworkInterfaces(Ok(vec![
                interface("eni-0a", "10.3.1.10", "ap-northeast-1a", "203.0.113.10"),
                interface("eni-0c", "10.3.2.10", "ap-northeast-1c", "203.0.113.20"),
            ])),
        ),
        (
            groups_req,
            NetworkAnswer::SecurityGroups(Ok(vec![SecurityGroup {
                id: "sg-0ftps".into(),
                name: "ftps-internet".into(),
                ingress: vec![
                    IngressRule {
                        protocol: "tcp".into(),
                        ports: Some(PortRange::single(21)),
                        sources: vec!["0.0.0.0/0".into()],
                    },
                    IngressRule {
                        protocol: "tcp".into(),
                        ports: Some(PortRange::new(8192, 8195)),
                        sources: vec!["0.0.0.0/0".into()],
                    },
                ],
            }])),
        ),
        (
            address_req,
            NetworkAnswer::Addresses(Ok(vec![ElasticIp {
                allocation_id: "eipalloc-01".into(),
                public_ip: "203.0.113.10".into(),
                network_interface_id: Some("eni-0a".into()),
                private_ip: Some("10.3.1.10".into()),
            }])),
        ),
    ] {
        assert!(
            app.update(Msg::Server(ServerMsg::Network { req, answer }))
                .is_empty()
        );
    }
    app
}

#[test]
fn endpoint_view_at_120_by_40() {
    let screen = render(&app_with_endpoint(), 120, 40);
    assert!(screen.contains("missing 8196-8200"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn endpoint_view_at_80_by_24() {
    insta::assert_snapshot!(render(&app_with_endpoint(), 80, 24));
}

fn denied(action: &str) -> crate::model::AwsError {
    crate::model::AwsError::AccessDenied {
        action: action.into(),
        message: format!("not authorized to perform: {action}"),
    }
}

#[test]
fn a_denied_endpoint_lookup_says_which_action_and_asks_nothing_more() {
    use crate::app::{NetworkAnswer, ServerMsg};
    let mut app = app_with_detail();
    let first = app.update(key(crossterm::event::KeyCode::Char('e')));
    let (endpoint_req, _) = network_req(&first[0]);
    let (address_req, _) = network_req(&first[1]);
    let next = app.update(Msg::Server(ServerMsg::Network {
        req: endpoint_req,
        answer: NetworkAnswer::VpcEndpoints(Err(denied("ec2:DescribeVpcEndpoints"))),
    }));
    // Without the endpoint there are no interface or group ids to ask about.
    assert!(next.is_empty(), "{next:?}");
    app.update(Msg::Server(ServerMsg::Network {
        req: address_req,
        answer: NetworkAnswer::Addresses(Err(crate::model::AwsError::Throttled {
            action: "ec2:DescribeAddresses".into(),
        })),
    }));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("ec2:DescribeVpcEndpoints"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_denied_security_group_lookup_keeps_the_interfaces_on_screen() {
    use crate::app::{NetworkAnswer, Pane, ServerMsg};
    let mut app = app_with_endpoint();
    // Asked again, the groups are denied this time.
    let Some(Pane::Endpoint(pane)) = app.stack.last_mut() else {
        panic!("the endpoint view is on top");
    };
    let groups_req = crate::app::RequestId(9_999);
    pane.groups = crate::app::Load::Loading(groups_req);
    app.update(Msg::Server(ServerMsg::Network {
        req: groups_req,
        answer: NetworkAnswer::SecurityGroups(Err(denied("ec2:DescribeSecurityGroups"))),
    }));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("ec2:DescribeSecurityGroups"), "{screen}");
    assert!(screen.contains("10.3.1.10"), "{screen}");
    assert!(screen.contains("203.0.113.20"), "{screen}");
}

#[test]
fn an_answer_to_a_replaced_request_is_dropped() {
    use crate::app::{NetworkAnswer, Pane, ServerMsg};
    let mut app = app_with_endpoint();
    let stale = app.update(Msg::Server(ServerMsg::Network {
        req: crate::app::RequestId(4_242),
        answer: NetworkAnswer::SecurityGroups(Err(denied("ec2:DescribeSecurityGroups"))),
    }));
    assert!(stale.is_empty());
    let Some(Pane::Endpoint(pane)) = app.stack.last() else {
        panic!("the endpoint view is on top");
    };
    assert!(matches!(pane.groups, crate::app::Load::Loaded(_)));
}
