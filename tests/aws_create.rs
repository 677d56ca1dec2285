//! Creating and cloning servers against the emulator: CreateServer from a
//! spec, a clone into the other zone compared field by field with its
//! original, a CreateServer answered 500 after it applied found again by
//! its creation tag, and the create form's pick lists.

mod support;

use std::time::Duration;

use serde_json::json;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;
use transfer_console::model::server_spec::{
    self, CREATION_TAG, EndpointSpec, IdentitySpec, ServerSpec, VpcSpec,
};
use transfer_console::model::{AwsError, Protocol, Server, ServerState};

async fn online(session: &aws::Session, id: &str) -> Server {
    for _ in 0..100 {
        let server = aws::transfer::describe_server(session, id)
            .await
            .expect("DescribeServer");
        if server.summary.state == ServerState::Online {
            return server;
        }
        assert_eq!(server.summary.state, ServerState::Starting, "{server:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{id} never came ONLINE");
}

#[tokio::test]
async fn a_vpc_ftp_server_is_created_from_a_spec_tagged_and_comes_online() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let (original, groups) =
        aws::create::clone_source(&session, seeded_server(&estate, "ftp_vpc_twin"))
            .await
            .expect("source");
    let details = original.endpoint_details.clone().expect("a VPC server");
    let function = original
        .identity_provider_details
        .function
        .clone()
        .expect("a Lambda");
    let mut spec = ServerSpec {
        protocols: vec![Protocol::Ftp],
        endpoint: EndpointSpec::Vpc(VpcSpec {
            vpc_id: details.vpc_id.clone().unwrap(),
            subnet_ids: details.subnet_ids.clone(),
            security_group_ids: groups.clone(),
            address_allocation_ids: Vec::new(),
        }),
        identity: IdentitySpec::Lambda { function },
        ..ServerSpec::default()
    };
    spec.set_name("ftp-new");
    let choices = aws::create::choices(&session).await;
    let errors = server_spec::validate(&spec, &session.region, &choices.known());
    assert_eq!(errors, vec![]);

    let id = aws::create::create_server(&session, &spec, "token-1")
        .await
        .expect("CreateServer");
    let created = online(&session, &id).await;
    assert_eq!(created.protocols, vec![Protocol::Ftp]);
    assert_eq!(created.name(), Some("ftp-new"));
    assert_eq!(
        created.tags.get(CREATION_TAG).map(String::as_str),
        Some("token-1")
    );
    let new_details = created.endpoint_details.clone().expect("VPC");
    assert_eq!(new_details.subnet_ids, details.subnet_ids);
    assert!(new_details.vpc_endpoint_id.is_some());
    assert_ne!(new_details.vpc_endpoint_id, details.vpc_endpoint_id);
    let (_, new_groups) = aws::create::clone_source(&session, &id).await.unwrap();
    assert_eq!(new_groups, groups, "the groups go on the new VPC endpoint");
    assert_eq!(
        aws::create::find_created(&session, "token-1").await,
        Ok(Some(id))
    );
    assert_eq!(
        aws::create::find_created(&session, "token-2").await,
        Ok(None)
    );
}

#[tokio::test]
async fn a_clone_into_the_other_zone_equals_its_original_but_for_what_changed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let source_id = seeded_server(&estate, "ftp_vpc_twin");
    let (original, groups) = aws::create::clone_source(&session, source_id)
        .await
        .expect("source");
    let mut spec = server_spec::from_described(&original, &groups);
    let choices = aws::create::choices(&session).await;
    // The twin's subnet is in one zone; the clone goes to another of the VPC.
    let vpc = spec.vpc_mut().expect("a VPC server");
    let own_zone = choices
        .subnets_of(&vpc.vpc_id)
        .iter()
        .find(|s| s.id == vpc.subnet_ids[0])
        .and_then(|s| s.zone.clone())
        .expect("the twin's subnet is listed");
    let other = choices
        .subnets_of(&vpc.vpc_id)
        .into_iter()
        .find(|s| s.zone.as_deref() != Some(own_zone.as_str()))
        .expect("a subnet in another zone")
        .clone();
    vpc.subnet_ids = vec![other.id.clone()];
    spec.set_name("ftp-legacy-1c");
    assert_eq!(
        server_spec::validate(&spec, &session.region, &choices.known()),
        vec![]
    );

    let id = aws::create::create_server(&session, &spec, "clone-1")
        .await
        .expect("CreateServer");
    let clone = online(&session, &id).await;
    let original = aws::transfer::describe_server(&session, source_id)
        .await
        .unwrap();

    // Field by field: equal except ids, ARN, the subnet, the endpoint, the
    // Name and the creation tag.
    assert_ne!(clone.summary.id, original.summary.id);
    assert_ne!(clone.summary.arn, original.summary.arn);
    assert_eq!(clone.summary.state, original.summary.state);
    assert_eq!(clone.summary.endpoint_type, original.summary.endpoint_type);
    assert_eq!(
        clone.summary.identity_provider_type,
        original.summary.identity_provider_type
    );
    assert_eq!(clone.summary.logging_role, original.summary.logging_role);
    assert_eq!(clone.protocols, original.protocols);
    assert_eq!(clone.protocol_details, original.protocol_details);
    assert_eq!(
        clone.identity_provider_details,
        original.identity_provider_details
    );
    assert_eq!(clone.certificate, original.certificate);
    assert_eq!(clone.security_policy_name, original.security_policy_name);
    assert_eq!(
        clone.structured_log_destinations,
        original.structured_log_destinations
    );
    assert_eq!(clone.domain, original.domain);
    assert_eq!(clone.options, original.options);
    let (a, b) = (
        clone.endpoint_details.clone().unwrap(),
        original.endpoint_details.clone().unwrap(),
    );
    assert_eq!(a.vpc_id, b.vpc_id);
    assert_eq!(a.address_allocation_ids, b.address_allocation_ids);
    assert_eq!(a.subnet_ids, vec![other.id]);
    assert_ne!(a.vpc_endpoint_id, b.vpc_endpoint_id);
    let (_, clone_groups) = aws::create::clone_source(&session, &id).await.unwrap();
    assert_eq!(clone_groups, groups);
    let strip = |server: &Server| {
        let mut tags = server.tags.clone();
        tags.remove("Name");
        tags.remove(CREATION_TAG);
        tags
    };
    assert_eq!(strip(&clone), strip(&original));
    assert_eq!(clone.name(), Some("ftp-legacy-1c"));
}

#[tokio::test]
async fn a_create_answered_500_after_it_applied_is_found_by_its_tag() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "CreateServer",
                    "kind": "server_error", "count": 1, "after": true})),
    );
    let mut spec = ServerSpec::default();
    spec.set_name("daily-sftp");
    let err = aws::create::create_server(&session, &spec, "token-500")
        .await
        .expect_err("answered 500");
    assert!(!matches!(err, AwsError::AccessDenied { .. }), "{err:?}");
    let found = aws::create::find_created(&session, "token-500")
        .await
        .expect("listed");
    let id = found.expect("created anyway");
    let server = aws::transfer::describe_server(&session, &id).await.unwrap();
    assert_eq!(server.name(), Some("daily-sftp"));
    // Not retried: a retry would have made a second server.
    let servers = aws::transfer::list_servers(&session).await.unwrap();
    assert_eq!(servers.len(), 1, "{servers:?}");
}

#[tokio::test]
async fn pick_lists_give_zones_free_elastic_ips_and_issued_certificates() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let choices = aws::create::choices(&session).await;
    let subnets = choices.subnets.clone().expect("subnets");
    assert!(
        subnets
            .iter()
            .all(|s| s.zone.is_some() && s.vpc_id.is_some())
    );
    assert!(!choices.vpcs.clone().expect("vpcs").is_empty());
    // The internet-facing server's Elastic IPs are in use: not offered.
    let ftps = aws::transfer::describe_server(&session, seeded_server(&estate, "ftps_internet"))
        .await
        .unwrap();
    let used = ftps.endpoint_details.unwrap().address_allocation_ids;
    assert!(!used.is_empty());
    let free = choices.elastic_ips.clone().expect("addresses");
    assert!(free.iter().all(|e| !used.contains(&e.id)), "{free:?}");
    let certificates = choices.certificates.clone().expect("certificates");
    assert!(
        certificates
            .iter()
            .any(|c| Some(c.id.as_str()) == ftps.certificate.as_deref()),
        "{certificates:?}"
    );

    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "acm", "operation": "ListCertificates", "kind": "access_denied"})),
    );
    let denied = aws::create::choices(&session).await;
    match denied.certificates {
        Err(AwsError::AccessDenied { action, .. }) => assert_eq!(action, "acm:ListCertificates"),
        other => panic!("{other:?}"),
    }
    assert!(denied.subnets.is_ok(), "the other lists are still read");
}
