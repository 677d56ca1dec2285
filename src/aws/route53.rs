//! Route 53: the records, in every hosted zone the caller can read, that
//! point at a server's hostnames or addresses (a server about to be
//! deleted leaves them dangling).

use aws_sdk_route53::types::ResourceRecordSet;

use super::{AwsError, Session};
use crate::model::deletion::{DnsRecord, points_at};

/// Every record whose value or alias target is one of `targets`.
pub async fn records_pointing_at(
    session: &Session,
    targets: &[String],
) -> Result<Vec<DnsRecord>, AwsError> {
    let mut found = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = session
            .route53
            .list_hosted_zones()
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "route53:ListHostedZones"))?;
        for zone in page.hosted_zones() {
            found.extend(zone_records(session, zone.id(), zone.name(), targets).await?);
        }
        match page.next_marker() {
            Some(next) if page.is_truncated() => marker = Some(next.to_string()),
            _ => return Ok(found),
        }
    }
}

async fn zone_records(
    session: &Session,
    zone_id: &str,
    zone_name: &str,
    targets: &[String],
) -> Result<Vec<DnsRecord>, AwsError> {
    let mut found = Vec::new();
    let mut start: Option<(String, aws_sdk_route53::types::RrType, Option<String>)> = None;
    loop {
        let mut request = session
            .route53
            .list_resource_record_sets()
            .hosted_zone_id(zone_id);
        if let Some((name, kind, identifier)) = start.take() {
            request = request
                .start_record_name(name)
                .start_record_type(kind)
                .set_start_record_identifier(identifier);
        }
        let page = request
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "route53:ListResourceRecordSets"))?;
        for set in page.resource_record_sets() {
            found.extend(pointing(set, zone_name, targets));
        }
        match (
            page.is_truncated(),
            page.next_record_name(),
            page.next_record_type(),
        ) {
            (true, Some(name), Some(kind)) => {
                start = Some((
                    name.to_string(),
                    kind.clone(),
                    page.next_record_identifier().map(str::to_string),
                ));
            }
            _ => return Ok(found),
        }
    }
}

fn pointing(set: &ResourceRecordSet, zone: &str, targets: &[String]) -> Vec<DnsRecord> {
    let record = |value: &str| DnsRecord {
        zone: zone.trim_end_matches('.').to_string(),
        name: set.name().trim_end_matches('.').to_string(),
        kind: set.r#type().as_str().to_string(),
        value: value.trim_end_matches('.').to_string(),
    };
    let mut found: Vec<DnsRecord> = set
        .resource_records()
        .iter()
        .map(|r| r.value())
        .filter(|value| points_at(value, targets))
        .map(record)
        .collect();
    if let Some(alias) = set.alias_target()
        && points_at(alias.dns_name(), targets)
    {
        found.push(record(alias.dns_name()));
    }
    found
}
