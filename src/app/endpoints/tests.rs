//! `:endpoints`: one filtered DescribeVpcEndpoints, the Transfer endpoints
//! matched to their servers, then one call each for their interfaces and
//! groups; Enter on a Transfer endpoint opens the endpoint view.

use crossterm::event::{KeyCode, KeyEvent};

use crate::app::endpoints::EndpointColumn;
use crate::app::server_detail::ServerMsg;
use crate::app::tests::server;
use crate::app::{App, Cmd, Msg, NetworkAnswer, NetworkQuery, Pane, RequestId, ServerCmd};
use crate::model::network::{
    EndpointService, IngressRule, NetworkInterface, PortRange, SecurityGroup, VpcEndpoint,
};
use crate::model::{AwsSettings, EndpointDetails, EndpointType, Protocol};

pub const FTPS: &str = "s-4f3a9c0d1e2b5a6c7";
pub const FTPS_VPCE: &str = "vpce-0a1b2c3d4e5f60718";
const REGION: &str = "ap-northeast-1";

pub fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn network(cmd: &Cmd) -> (RequestId, NetworkQuery) {
    match cmd {
        Cmd::Server(ServerCmd::Network { req, query }) => (*req, query.clone()),
        other => panic!("expected an EC2 call, got {other:?}"),
    }
}

fn answer(app: &mut App, req: RequestId, answer: NetworkAnswer) -> Vec<Cmd> {
    app.update(Msg::Server(ServerMsg::Network { req, answer }))
}

/// An FTPS server in a VPC, listed and described.
fn app_with_vpc_server() -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some(REGION.into()),
        ..Default::default()
    };
    let mut app = App::new(settings, false);
    let Some(Cmd::ListServers { req }) = app.start().get(1).cloned() else {
        panic!("no listing");
    };
    let mut ftps = server(FTPS, "ftps-exchange", &[Protocol::Ftps]);
    ftps.summary.endpoint_type = EndpointType::Vpc;
    ftps.endpoint_details = Some(EndpointDetails {
        vpc_id: Some("vpc-0dmz".into()),
        vpc_endpoint_id: Some(FTPS_VPCE.into()),
        subnet_ids: vec!["subnet-0a".into(), "subnet-0c".into()],
        address_allocation_ids: Vec::new(),
    });
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![ftps.summary.clone()]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describes.first().cloned() else {
        panic!("no describe");
    };
    app.update(Msg::ServerDescribed {
        req,
        server_id: FTPS.into(),
        result: Ok(Box::new(ftps)),
    });
    app
}

fn endpoint(id: &str, service: &str, kind: &str) -> VpcEndpoint {
    VpcEndpoint {
        id: id.into(),
        state: "available".into(),
        vpc_id: "vpc-0dmz".into(),
        subnet_ids: vec!["subnet-0a".into(), "subnet-0c".into()],
        service_name: format!("com.amazonaws.{REGION}.{service}"),
        endpoint_type: kind.into(),
        private_dns: Some(true),
        ..Default::default()
    }
}

/// `:endpoints` with its first answer in: the FTPS server's endpoint,
/// Secrets Manager, an S3 gateway, and a Transfer endpoint no listed
/// server names. Returns the interface and group calls made next.
pub fn endpoints_listed() -> (App, Vec<Cmd>) {
    let mut app = app_with_vpc_server();
    press(&mut app, KeyCode::Char(':'));
    for c in "endpoints".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(cmds.len(), 1, "one DescribeVpcEndpoints: {cmds:?}");
    let (req, query) = network(&cmds[0]);
    let NetworkQuery::ServiceEndpoints(names) = query else {
        panic!("a service-name filter: {query:?}");
    };
    assert_eq!(
        names,
        [
            "com.amazonaws.ap-northeast-1.transfer.server*",
            "com.amazonaws.ap-northeast-1.secretsmanager",
            "com.amazonaws.ap-northeast-1.s3",
            "com.amazonaws.ap-northeast-1.logs",
            "com.amazonaws.ap-northeast-1.lambda",
            "com.amazonaws.ap-northeast-1.sts",
        ]
    );
    let mut ftps = endpoint(
        FTPS_VPCE,
        "transfer.server.c-0123456789abcdef0",
        "Interface",
    );
    ftps.network_interface_ids = vec!["eni-0a".into(), "eni-0c".into()];
    ftps.security_group_ids = vec!["sg-0ftps".into()];
    ftps.private_dns = Some(false);
    let mut stray = endpoint(
        "vpce-0stray",
        "transfer.server.c-0fedcba987654321",
        "Interface",
    );
    stray.network_interface_ids = vec!["eni-0s".into()];
    stray.security_group_ids = vec!["sg-0ftps".into()];
    let mut s3 = endpoint("vpce-0s3", "s3", "Gateway");
    s3.subnet_ids = Vec::new();
    s3.private_dns = None;
    let mut secrets = endpoint("vpce-0secrets", "secretsmanager", "Interface");
    secrets.network_interface_ids = vec!["eni-0sm".into()];
    secrets.security_group_ids = vec!["sg-0sm".into()];
    let next = answer(
        &mut app,
        req,
        NetworkAnswer::ServiceEndpoints(Ok(vec![secrets, ftps, s3, stray])),
    );
    (app, next)
}

/// Every answer in: the FTPS endpoint's passive range only partly open.
pub fn endpoints_loaded() -> App {
    let (mut app, next) = endpoints_listed();
    let (interfaces_req, _) = network(&next[0]);
    let (groups_req, _) = network(&next[1]);
    let interface = |id: &str, ip: &str, az: &str| NetworkInterface {
        id: id.into(),
        subnet_id: "subnet-0a".into(),
        availability_zone: az.into(),
        private_ip: ip.into(),
        public_ip: None,
    };
    answer(
        &mut app,
        interfaces_req,
        NetworkAnswer::NetworkInterfaces(Ok(vec![
            interface("eni-0a", "10.3.1.10", "ap-northeast-1a"),
            interface("eni-0c", "10.3.2.10", "ap-northeast-1c"),
            interface("eni-0s", "10.3.1.99", "ap-northeast-1a"),
        ])),
    );
    let rule = |ports: PortRange| IngressRule {
        protocol: "tcp".into(),
        ports: Some(ports),
        sources: vec!["10.1.0.0/16".into()],
    };
    answer(
        &mut app,
        groups_req,
        NetworkAnswer::SecurityGroups(Ok(vec![SecurityGroup {
            id: "sg-0ftps".into(),
            name: "ftps-partners".into(),
            ingress: vec![
                rule(PortRange::single(21)),
                rule(PortRange::new(8192, 8195)),
            ],
        }])),
    );
    app
}

fn pane(app: &App) -> &crate::app::EndpointsPane {
    match app.pane() {
        Pane::Endpoints(pane) => pane,
        other => panic!("not the endpoints list: {other:?}"),
    }
}

fn shown_ids(app: &App) -> Vec<String> {
    pane(app)
        .shown()
        .map(|row| row.endpoint.id.clone())
        .collect()
}

#[test]
fn endpoints_are_matched_to_servers_and_only_transfers_network_is_read() {
    let (app, next) = endpoints_listed();
    let rows = &pane(&app).rows;
    assert_eq!(rows.len(), 4);
    let ftps = rows
        .iter()
        .find(|r| r.endpoint.id == FTPS_VPCE)
        .expect("ftps");
    assert_eq!(ftps.service, EndpointService::Transfer);
    assert_eq!(ftps.server_id.as_deref(), Some(FTPS));
    let stray = rows
        .iter()
        .find(|r| r.endpoint.id == "vpce-0stray")
        .expect("stray");
    assert_eq!(
        (stray.service, stray.server_id.as_deref()),
        (EndpointService::Transfer, None)
    );
    // The Transfer endpoints' interfaces and groups, one call each: the
    // Secrets Manager endpoint's are not asked for.
    assert_eq!(next.len(), 2, "{next:?}");
    assert_eq!(
        network(&next[0]).1,
        NetworkQuery::NetworkInterfaces(vec!["eni-0a".into(), "eni-0c".into(), "eni-0s".into()])
    );
    assert_eq!(
        network(&next[1]).1,
        NetworkQuery::SecurityGroups(vec!["sg-0ftps".into()])
    );
}

#[test]
fn the_port_verdicts_are_the_endpoint_views() {
    let app = endpoints_loaded();
    let pane = pane(&app);
    let ftps = pane
        .rows
        .iter()
        .find(|r| r.endpoint.id == FTPS_VPCE)
        .expect("ftps");
    let groups = pane.groups_of(&ftps.endpoint).expect("groups read");
    assert_eq!(
        crate::app::endpoints::verdict_text(&[Protocol::Ftps], &groups),
        "21 open, 8192-8200 partly open"
    );
    let ips: Vec<_> = pane
        .interfaces_of(&ftps.endpoint)
        .expect("interfaces read")
        .iter()
        .map(|i| i.private_ip.clone())
        .collect();
    assert_eq!(ips, ["10.3.1.10", "10.3.2.10"]);
}

#[test]
fn sort_puts_transfer_first_and_filter_finds_a_service() {
    let (mut app, _) = endpoints_listed();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(pane(&app).list.sort, Some(EndpointColumn::Service));
    assert_eq!(
        shown_ids(&app),
        [FTPS_VPCE, "vpce-0stray", "vpce-0secrets", "vpce-0s3"]
    );
    press(&mut app, KeyCode::Char('/'));
    for c in "secrets".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown_ids(&app), ["vpce-0secrets"]);
}

#[test]
fn enter_on_a_transfer_endpoint_opens_its_endpoint_view() {
    let (mut app, _) = endpoints_listed();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(shown_ids(&app)[0], FTPS_VPCE);
    press(&mut app, KeyCode::Char('g'));
    let cmds = press(&mut app, KeyCode::Enter);
    let Pane::Endpoint(view) = app.pane() else {
        panic!("the endpoint view: {:?}", app.pane());
    };
    assert_eq!(view.server_id, FTPS);
    assert_eq!(
        network(&cmds[0]).1,
        NetworkQuery::VpcEndpoints(vec![FTPS_VPCE.into()])
    );
    // Esc goes back to the list.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Endpoints(_)));
}

#[test]
fn enter_elsewhere_says_why_and_opens_nothing() {
    let (mut app, _) = endpoints_listed();
    for (row, says) in [
        (0, "is a Secrets Manager endpoint"),
        (3, "no listed server names this endpoint"),
    ] {
        press(&mut app, KeyCode::Char('g'));
        for _ in 0..row {
            press(&mut app, KeyCode::Down);
        }
        let cmds = press(&mut app, KeyCode::Enter);
        assert!(cmds.is_empty());
        assert!(matches!(app.pane(), Pane::Endpoints(_)));
        let notice = app
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(notice.contains(says), "{notice}");
    }
}

#[test]
fn a_failed_listing_says_why_and_asks_nothing_more() {
    let mut app = app_with_vpc_server();
    let cmds = app.open_endpoints();
    let (req, _) = network(&cmds[0]);
    let next = answer(
        &mut app,
        req,
        NetworkAnswer::ServiceEndpoints(Err(crate::model::AwsError::AccessDenied {
            action: "ec2:DescribeVpcEndpoints".into(),
            message: String::new(),
        })),
    );
    assert!(next.is_empty());
    assert!(matches!(
        pane(&app).endpoints,
        crate::app::Load::Failed(crate::model::AwsError::AccessDenied { .. })
    ));
}
