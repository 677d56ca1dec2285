//! The `aws` layer against the emulator: real HTTP, real SDK, real answers.

mod support;

use serde_json::json;
use support::emulator::{Emulator, seeded_server, shared};
use transfer_console::aws::{self, AwsError, AwsSettings, Session};
use transfer_console::model::{EndpointType, Protocol, ServerState};

#[tokio::test]
async fn lists_every_seeded_server() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let listed = aws::transfer::list_servers(&session)
        .await
        .expect("ListServers");
    for role in ["sftp_public", "ftp_vpc", "ftp_vpc_twin", "ftps_internet"] {
        let id = seeded_server(estate, role);
        assert!(listed.iter().any(|s| s.id == id), "{role} {id} not listed");
    }
}

#[tokio::test]
async fn describes_an_ftps_server_as_aws_reports_it() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let id = seeded_server(estate, "ftps_internet");
    let server = aws::transfer::describe_server(&session, id)
        .await
        .expect("DescribeServer");
    assert_eq!(server.id(), id);
    assert_eq!(server.summary.state, ServerState::Online);
    assert_eq!(server.summary.endpoint_type, EndpointType::Vpc);
    assert_eq!(server.protocols, vec![Protocol::Ftps]);
    assert_eq!(
        server
            .protocol_details
            .tls_session_resumption_mode
            .as_deref(),
        Some("ENFORCED")
    );
    assert!(server.certificate.is_some(), "FTPS needs a certificate");
    let endpoint = server.endpoint_details.expect("VPC endpoint details");
    assert!(endpoint.vpc_endpoint_id.is_some());
}

#[tokio::test]
async fn a_public_sftp_server_has_aws_hostname() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let id = seeded_server(estate, "sftp_public");
    let server = aws::transfer::describe_server(&session, id)
        .await
        .expect("DescribeServer");
    assert_eq!(
        server.public_hostname("ap-northeast-1").as_deref(),
        Some(format!("{id}.server.transfer.ap-northeast-1.amazonaws.com").as_str())
    );
    assert!(server.name().is_some(), "the seed names its servers");
}

#[tokio::test]
async fn an_unknown_server_is_not_found() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let err = aws::transfer::describe_server(&session, "s-0000000000000dead")
        .await
        .expect_err("no such server");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn access_denied_names_the_iam_action() {
    let emulator = Emulator::start(&[]);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "ListServers", "kind": "access_denied"})),
    );
    let session = emulator.session().await;
    let err = aws::transfer::list_servers(&session)
        .await
        .expect_err("denied");
    assert!(
        matches!(&err, AwsError::AccessDenied { action, .. } if action == "transfer:ListServers"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_endpoint_that_does_not_answer_is_a_network_problem() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let settings = AwsSettings {
        profile: None,
        region: Some("ap-northeast-1".into()),
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        ..Default::default()
    };
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .endpoint_url(settings.endpoint_url.clone().unwrap_or_default())
        .credentials_provider(aws_credential_types::Credentials::new(
            "t", "t", None, None, "tests",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let session = Session::from_config(&config, true).expect("session");
    let err = aws::transfer::list_servers(&session)
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, AwsError::Network { .. }), "{err:?}");
}
