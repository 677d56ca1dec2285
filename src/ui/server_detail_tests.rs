//! Snapshots of the server detail pane.

use super::tests::render;
use crate::app::tests::{server, summary};
use crate::app::{App, Cmd, Msg, Pane, ServerDetailPane};
use crate::aws::AwsSettings;
use crate::model::{
    EndpointDetails, EndpointType, IdentityProviderDetails, Protocol, ProtocolDetails, ServerState,
};

const ID: &str = "s-4f3a9c0d1e2b5a6c7";

fn app_with_detail() -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
    };
    let mut app = App::new(settings, false);
    let cmds = app.start();
    let Some(Cmd::ListServers { req }) = cmds.get(1).cloned() else {
        panic!("no listing");
    };
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![summary(ID, ServerState::Online)]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describes.first().cloned() else {
        panic!("no describe");
    };
    let mut ftps = server(ID, "ftps-exchange", &[Protocol::Ftps]);
    ftps.summary.endpoint_type = EndpointType::Vpc;
    ftps.summary.logging_role = Some("arn:aws:iam::123456789012:role/transfer-logging".into());
    ftps.protocol_details = ProtocolDetails {
        passive_ip: Some("AUTO".into()),
        tls_session_resumption_mode: Some("ENFORCED".into()),
        set_stat_option: Some("DEFAULT".into()),
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
    app.update(Msg::ServerDescribed {
        req,
        server_id: ID.into(),
        result: Ok(Box::new(ftps)),
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
