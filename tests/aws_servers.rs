//! Servers and their network against the emulator: EC2 lookups, protocol
//! setting changes that keep the other settings, stop and start.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::emulator::{Emulator, seeded_server, shared};
use transfer_console::aws::{self, Session};
use transfer_console::model::network::{FTP_CONTROL, FTP_PASSIVE, PortVerdict, port_verdict};
use transfer_console::model::{PassiveIp, ProtocolChange, ServerState, SetStat, TlsResumption};

async fn wait_for_state(session: &Session, id: &str, wanted: &ServerState) -> ServerState {
    let start = Instant::now();
    loop {
        let state = aws::transfer::describe_server(session, id)
            .await
            .expect("DescribeServer")
            .summary
            .state;
        if &state == wanted || !state.is_transitional() || start.elapsed() > Duration::from_secs(20)
        {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn the_endpoint_of_an_internet_facing_ftps_server_is_seen_whole() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let id = seeded_server(estate, "ftps_internet").to_string();
    let server = aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    let details = server.endpoint_details.expect("a VPC server");
    let vpce_id = details.vpc_endpoint_id.clone().expect("an endpoint id");

    let endpoints = aws::ec2::describe_vpc_endpoints(&session, std::slice::from_ref(&vpce_id))
        .await
        .expect("DescribeVpcEndpoints");
    assert_eq!(endpoints.len(), 1);
    let endpoint = &endpoints[0];
    assert_eq!(endpoint.id, vpce_id);
    assert_eq!(endpoint.state, "available");
    assert!(!endpoint.dns_names.is_empty());
    assert_eq!(
        endpoint.security_group_ids,
        [estate["security_groups"]["ftps_internet"]
            .as_str()
            .expect("seeded group")]
    );

    let (interfaces, groups, addresses) = tokio::join!(
        aws::ec2::describe_network_interfaces(&session, &endpoint.network_interface_ids),
        aws::ec2::describe_security_groups(&session, &endpoint.security_group_ids),
        aws::ec2::describe_addresses(&session, &details.address_allocation_ids),
    );
    let interfaces = interfaces.expect("DescribeNetworkInterfaces");
    assert_eq!(interfaces.len(), endpoint.network_interface_ids.len());
    let mut public: Vec<_> = interfaces
        .iter()
        .filter_map(|i| i.public_ip.clone())
        .collect();
    public.sort();
    assert_eq!(public, ["203.0.113.10", "203.0.113.20"]);
    assert!(interfaces.iter().all(|i| !i.availability_zone.is_empty()));

    let addresses = addresses.expect("DescribeAddresses");
    assert_eq!(addresses.len(), 2);
    assert!(addresses.iter().all(|a| a.network_interface_id.is_some()));

    let groups = groups.expect("DescribeSecurityGroups");
    assert_eq!(groups.len(), 1);
    assert!(matches!(
        port_verdict(FTP_CONTROL, &groups),
        PortVerdict::Open { .. }
    ));
}

#[tokio::test]
async fn the_twin_ftp_servers_group_is_only_partly_open() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let group = estate["security_groups"]["ftp_vpc_twin"]
        .as_str()
        .expect("seeded group")
        .to_string();
    let groups = aws::ec2::describe_security_groups(&session, &[group])
        .await
        .expect("DescribeSecurityGroups");
    assert!(
        matches!(port_verdict(FTP_PASSIVE, &groups), PortVerdict::Partial { ref missing, .. } if missing[0].from == 8196),
        "{groups:?}"
    );
}

#[tokio::test]
async fn no_ids_make_no_call() {
    // Its own emulator: the shared one's log holds the other tests' calls.
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let none: &[String] = &[];
    let endpoints = aws::ec2::describe_vpc_endpoints(&session, none).await;
    let interfaces = aws::ec2::describe_network_interfaces(&session, none).await;
    let groups = aws::ec2::describe_security_groups(&session, none).await;
    let addresses = aws::ec2::describe_addresses(&session, none).await;
    assert!(endpoints.expect("nothing to ask").is_empty());
    assert!(interfaces.expect("nothing to ask").is_empty());
    assert!(groups.expect("nothing to ask").is_empty());
    assert!(addresses.expect("nothing to ask").is_empty());
    assert_eq!(emulator.requests(), Vec::new());
}

/// The ProtocolDetails of the emulator's last UpdateServer request, as sent.
fn last_sent_protocol_details(emulator: &Emulator) -> serde_json::Value {
    let log = emulator.control("GET", "requests", None);
    log.as_array()
        .and_then(|entries| {
            entries
                .iter()
                .rev()
                .find(|entry| entry["operation"] == "UpdateServer")
        })
        .map(|entry| entry["params"]["ProtocolDetails"].clone())
        .expect("an UpdateServer request in the emulator's log")
}

#[tokio::test]
async fn changing_one_protocol_setting_keeps_the_others() {
    let emulator = Emulator::start(&["--transition-delay", "1"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "ftps_internet").to_string();
    // Settings the console does not change must survive: set some first.
    let custom = aws_sdk_transfer::types::ProtocolDetails::builder()
        .passive_ip("10.2.1.50")
        .set_stat_option(aws_sdk_transfer::types::SetStatOption::EnableNoOp)
        .tls_session_resumption_mode(aws_sdk_transfer::types::TlsSessionResumptionMode::Enforced)
        .as2_transports(aws_sdk_transfer::types::As2Transport::Http)
        .proxy_config(
            aws_sdk_transfer::types::ProxyConfig::builder()
                .sftp_mode(aws_sdk_transfer::types::ProxyMode::None)
                .build(),
        )
        .build();
    session
        .transfer
        .update_server()
        .server_id(&id)
        .protocol_details(custom)
        .send()
        .await
        .expect("UpdateServer");

    // Each change in turn. Every member goes out with the request, not just
    // the changed one, so AWS has nothing to reset; the answer shows each
    // member as AWS now has it.
    let steps = [
        (
            ProtocolChange::TlsSessionResumptionMode(TlsResumption::Enabled),
            "ENFORCED",
            ["10.2.1.50", "ENABLED", "ENABLE_NO_OP"],
        ),
        (
            ProtocolChange::PassiveIp(PassiveIp::parse("10.2.1.200").expect("valid")),
            "10.2.1.50",
            ["10.2.1.200", "ENABLED", "ENABLE_NO_OP"],
        ),
        (
            ProtocolChange::SetStatOption(SetStat::Default),
            "ENABLE_NO_OP",
            ["10.2.1.200", "ENABLED", "DEFAULT"],
        ),
    ];
    for (change, before, [passive_ip, tls, set_stat]) in steps {
        let update = aws::transfer::update_protocol_details(&session, &id, &change)
            .await
            .expect("update");
        assert_eq!(
            last_sent_protocol_details(&emulator),
            json!({
                "PassiveIp": passive_ip,
                "TlsSessionResumptionMode": tls,
                "SetStatOption": set_stat,
                "As2Transports": ["HTTP"],
                "ProxyConfig": {"SftpMode": "NONE"},
            }),
            "{change:?}"
        );
        assert_eq!(update.before.as_deref(), Some(before), "{change:?}");
        let details = &update.server.protocol_details;
        assert_eq!(
            (
                details.passive_ip.as_deref(),
                details.tls_session_resumption_mode.as_deref(),
                details.set_stat_option.as_deref(),
            ),
            (Some(passive_ip), Some(tls), Some(set_stat)),
            "{change:?}"
        );
    }

    // SFTP ports (PUBLIC endpoints only) survive a change too.
    let sftp = seeded_server(&estate, "sftp_public").to_string();
    let ports = aws_sdk_transfer::types::ProtocolDetails::builder()
        .sftp_ports(
            aws_sdk_transfer::types::SftpPortWithOptions::builder()
                .sftp_port(2222)
                .communication_mode(aws_sdk_transfer::types::CommunicationMode::ClientTalkFirst)
                .build()
                .expect("a port with options"),
        )
        .build();
    session
        .transfer
        .update_server()
        .server_id(&sftp)
        .protocol_details(ports)
        .send()
        .await
        .expect("UpdateServer");
    let update = aws::transfer::update_protocol_details(
        &session,
        &sftp,
        &ProtocolChange::PassiveIp(PassiveIp::Auto),
    )
    .await
    .expect("update");
    assert_eq!(
        last_sent_protocol_details(&emulator)["SftpPorts"],
        json!([{"SftpPort": 2222, "CommunicationMode": "CLIENT_TALK_FIRST"}])
    );
    // The console reads them too: the detail shows them, the probe tries them.
    let details = &update.server.protocol_details;
    assert_eq!(
        details.sftp_ports,
        [transfer_console::model::SftpPort {
            port: 2222,
            communication_mode: Some("CLIENT_TALK_FIRST".into()),
        }]
    );
    assert_eq!(details.sftp_port_numbers(), [2222]);

    // A refused update changes nothing and says so.
    let err = aws::transfer::update_protocol_details(
        &session,
        "s-0000000000000dead",
        &ProtocolChange::PassiveIp(PassiveIp::Auto),
    )
    .await
    .expect_err("no such server");
    assert!(matches!(err, aws::AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn stop_then_start_ends_online_and_a_failed_stop_says_so() {
    let emulator = Emulator::start(&["--transition-delay", "1"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "ftp_vpc").to_string();

    aws::transfer::stop_server(&session, &id)
        .await
        .expect("StopServer");
    assert_eq!(
        wait_for_state(&session, &id, &ServerState::Offline).await,
        ServerState::Offline
    );
    aws::transfer::start_server(&session, &id)
        .await
        .expect("StartServer");
    assert_eq!(
        wait_for_state(&session, &id, &ServerState::Online).await,
        ServerState::Online
    );

    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "StopServer", "kind": "stop_failed"})),
    );
    aws::transfer::stop_server(&session, &id)
        .await
        .expect("StopServer");
    assert_eq!(
        wait_for_state(&session, &id, &ServerState::Offline).await,
        ServerState::StopFailed
    );
}

#[tokio::test]
async fn one_filtered_call_finds_transfers_and_the_service_endpoints_only() {
    use transfer_console::model::network::EndpointService;
    // Its own emulator: the test adds endpoints and counts requests.
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let vpc = session
        .ec2
        .create_vpc()
        .cidr_block("10.99.0.0/16")
        .send()
        .await
        .expect("CreateVpc")
        .vpc
        .and_then(|vpc| vpc.vpc_id)
        .expect("a VPC id");
    for (service, kind) in [("s3", "Gateway"), ("ec2", "Interface")] {
        session
            .ec2
            .create_vpc_endpoint()
            .vpc_id(&vpc)
            .service_name(format!("com.amazonaws.{}.{service}", session.region))
            .vpc_endpoint_type(kind.into())
            .send()
            .await
            .expect("CreateVpcEndpoint");
    }
    emulator.control("DELETE", "requests", None);

    let found = aws::ec2::describe_service_endpoints(
        &session,
        &EndpointService::filter_values(&session.region),
    )
    .await
    .expect("DescribeVpcEndpoints");

    let calls: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|(service, _)| service == "ec2")
        .collect();
    assert_eq!(
        calls,
        [("ec2".to_string(), "DescribeVpcEndpoints".to_string())]
    );
    let kinds: Vec<_> = found
        .iter()
        .map(|e| EndpointService::of(&e.service_name))
        .collect();
    assert!(
        !kinds.contains(&None),
        "the EC2 endpoint is filtered out: {found:?}"
    );
    // Every server's own endpoint, whose service name carries a suffix.
    for id in estate["vpc_endpoints"]
        .as_object()
        .expect("endpoints")
        .values()
    {
        let id = id.as_str().expect("an id");
        assert!(found.iter().any(|e| e.id == id), "{id} missing: {found:?}");
    }
    let server_endpoint = estate["vpc_endpoints"]["ftps_internet"]
        .as_str()
        .expect("ftps");
    let server_endpoint = found
        .iter()
        .find(|e| e.id == server_endpoint)
        .expect("found");
    assert_eq!(
        EndpointService::of(&server_endpoint.service_name),
        Some(EndpointService::Transfer)
    );
    assert_eq!(server_endpoint.endpoint_type, "Interface");
    assert_eq!(server_endpoint.private_dns, Some(false));
    let secrets = estate["vpc_endpoints"]["secretsmanager"]
        .as_str()
        .expect("sm");
    let secrets = found.iter().find(|e| e.id == secrets).expect("found");
    assert_eq!(
        EndpointService::of(&secrets.service_name),
        Some(EndpointService::SecretsManager)
    );
    assert!(!secrets.subnet_ids.is_empty());
    let s3 = found
        .iter()
        .find(|e| EndpointService::of(&e.service_name) == Some(EndpointService::S3))
        .expect("the S3 gateway");
    assert_eq!(
        (s3.endpoint_type.as_str(), s3.vpc_id.as_str()),
        ("Gateway", vpc.as_str())
    );
}
