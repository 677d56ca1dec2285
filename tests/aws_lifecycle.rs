//! Deleting a server, against the emulator: the survey of what goes with
//! it and what stays (users, endpoint interfaces, secrets, host keys, the
//! Route 53 records that point at it), DeleteServer, and its following.

mod support;

use std::time::Duration;

use aws_sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType,
};
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;
use transfer_console::model::login_secret::DEFAULT_PREFIX;

#[tokio::test]
async fn the_survey_finds_what_goes_and_what_stays_then_the_server_is_deleted() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let sftp = seeded_server(&estate, "sftp_public").to_string();
    let twin = seeded_server(&estate, "ftp_vpc_twin").to_string();

    // A CNAME at the public server's hostname, and one elsewhere.
    let hostname = format!("{sftp}.server.transfer.{}.amazonaws.com", session.region);
    let zone = session
        .route53
        .create_hosted_zone()
        .name("acme-logistics.example.com")
        .caller_reference("survey-test")
        .send()
        .await
        .expect("CreateHostedZone");
    let zone_id = zone.hosted_zone().expect("a zone").id().to_string();
    let cname = |name: &str, value: &str| {
        Change::builder()
            .action(ChangeAction::Create)
            .resource_record_set(
                ResourceRecordSet::builder()
                    .name(name)
                    .r#type(RrType::Cname)
                    .ttl(300)
                    .resource_records(ResourceRecord::builder().value(value).build().unwrap())
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    };
    session
        .route53
        .change_resource_record_sets()
        .hosted_zone_id(&zone_id)
        .change_batch(
            ChangeBatch::builder()
                .changes(cname("sftp.acme-logistics.example.com", &hostname))
                .changes(cname(
                    "www.acme-logistics.example.com",
                    "elsewhere.example.com",
                ))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("ChangeResourceRecordSets");

    let server = aws::transfer::describe_server(&session, &sftp)
        .await
        .expect("DescribeServer");
    let survey = aws::lifecycle::survey_deletion(&session, &server, DEFAULT_PREFIX).await;
    assert_eq!(survey.users.as_ref().map(Vec::len), Ok(3), "{survey:?}");
    assert_eq!(survey.host_keys.as_ref().map(Vec::len), Ok(1));
    assert_eq!(survey.secrets, Ok(Vec::new()));
    let dns = survey.dns.expect("Route 53 readable");
    assert_eq!(dns.len(), 1, "{dns:?}");
    assert_eq!(dns[0].name, "sftp.acme-logistics.example.com");
    assert_eq!(dns[0].kind, "CNAME");
    assert_eq!(dns[0].value, hostname);

    // The custom-IdP VPC twin: its secrets stay, its interfaces go.
    let server = aws::transfer::describe_server(&session, &twin)
        .await
        .expect("DescribeServer");
    let survey = aws::lifecycle::survey_deletion(&session, &server, DEFAULT_PREFIX).await;
    let secrets = survey.secrets.clone().expect("secrets listed");
    assert!(!secrets.is_empty(), "{survey:?}");
    assert!(
        secrets
            .iter()
            .all(|name| name.starts_with(&format!("{DEFAULT_PREFIX}{twin}/")))
    );
    let interfaces = survey.interfaces.clone().expect("interfaces read");
    assert!(!interfaces.is_empty(), "{survey:?}");
    assert!(survey.vpc_endpoint.is_some());
    assert_eq!(survey.dns, Ok(Vec::new()));

    aws::lifecycle::delete_server(&session, &twin)
        .await
        .expect("DeleteServer");
    let gone = aws::lifecycle::wait_until_gone(
        &session,
        &twin,
        Duration::from_millis(200),
        Duration::from_secs(10),
    )
    .await
    .expect("followed");
    assert!(gone);
    let left = aws::ec2::describe_vpc_endpoints(&session, &[survey.vpc_endpoint.clone().unwrap()])
        .await
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "the endpoint goes with the server: {left:?}"
    );
    // The secrets stay behind.
    let after = aws::secrets::list_server_secrets(&session, DEFAULT_PREFIX, &twin)
        .await
        .expect("ListSecrets");
    assert!(secrets.iter().all(|s| after.iter().any(|e| &e.name == s)));
}
