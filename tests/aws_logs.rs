//! The `aws` layer's CloudWatch Logs calls against the emulator: pages,
//! both of AWS's formats, stream prefixes, log groups, and the faults an
//! operator meets (AccessDenied naming the action, throttling).

mod support;

use std::collections::HashSet;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use serde_json::json;
use support::emulator::{Emulator, shared};
use transfer_console::aws::logs::{self, LogQuery};
use transfer_console::aws::{AwsError, Session};
use transfer_console::model::activity::{
    ActivityEvent, ActivityKind, FailureSummary, LogFormat, UserActivity,
};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// A group of its own with `count` events a second apart, ending now.
async fn group_with(session: &Session, group: &str, count: usize) -> i64 {
    session
        .logs
        .create_log_group()
        .log_group_name(group)
        .send()
        .await
        .expect("CreateLogGroup");
    session
        .logs
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name("ERRORS")
        .send()
        .await
        .expect("CreateLogStream");
    let start = now_ms() - count as i64 * 1000;
    let events = (0..count).map(|n| {
        InputLogEvent::builder()
            .timestamp(start + n as i64 * 1000)
            .message(format!(
                "ERRORS AUTH_FAILURE Method=password User=u{n} Message=\"n{n}\" SourceIP=192.0.2.1"
            ))
            .build()
            .expect("event")
    });
    session
        .logs
        .put_log_events()
        .log_group_name(group)
        .log_stream_name("ERRORS")
        .set_log_events(Some(events.collect()))
        .send()
        .await
        .expect("PutLogEvents");
    start
}

fn query(group: &str, start_ms: i64) -> LogQuery {
    LogQuery {
        group: group.into(),
        start_ms,
        ..LogQuery::default()
    }
}

fn filter_calls(emulator: &Emulator) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|(service, op)| service == "logs" && op == "FilterLogEvents")
        .count()
}

#[tokio::test]
async fn a_window_is_read_across_three_pages_with_no_event_twice() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let start = group_with(&session, "/aws/transfer/s-pages", 25).await;
    let mut query = query("/aws/transfer/s-pages", start);
    query.limit = Some(10);

    let mut sizes = Vec::new();
    let mut ids = HashSet::new();
    let mut next = None;
    loop {
        let page = logs::filter_page(&session, &query, next)
            .await
            .expect("a page");
        sizes.push(page.events.len());
        ids.extend(page.events.into_iter().map(|e| e.event_id));
        match page.next {
            Some(token) => next = Some(token),
            None => break,
        }
    }
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(ids.len(), 25);

    emulator.control("DELETE", "requests", None);
    let read = logs::filter_window(&session, &query, 3)
        .await
        .expect("read");
    assert_eq!((read.events.len(), read.truncated), (25, false));
    assert_eq!(filter_calls(&emulator), 3, "one request a page");
    let cut = logs::filter_window(&session, &query, 2)
        .await
        .expect("read");
    assert_eq!((cut.events.len(), cut.truncated), (20, true));
}

#[tokio::test]
async fn the_window_s_end_is_kept() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let start = group_with(&session, "/aws/transfer/s-end", 10).await;
    let mut query = query("/aws/transfer/s-end", start);
    query.end_ms = Some(start + 4_000);
    let read = logs::filter_window(&session, &query, 5)
        .await
        .expect("read");
    assert_eq!(read.events.len(), 5, "0 to 4 s, both ends inclusive");
}

#[tokio::test]
async fn the_seeded_legacy_log_parses_into_a_burst_of_failures() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let seeded = &estate["logs"];
    let group = seeded["groups"]["ftp_vpc"].as_str().expect("group");
    let read = logs::filter_window(&session, &query(group, now_ms() - 86_400_000), 10)
        .await
        .expect("read");
    let events: Vec<ActivityEvent> = read.events.iter().map(ActivityEvent::parse).collect();
    assert!(events.iter().all(|e| e.format == LogFormat::Legacy));
    let summary = FailureSummary::of(&events);
    let first = &summary.by_user[0];
    assert_eq!(Some(&*first.user), seeded["failing"]["user"].as_str());
    assert_eq!(
        first.count as u64,
        seeded["failing"]["count"].as_u64().unwrap_or(0)
    );
    assert_eq!(
        first.source_ips.first().map(|ip| &**ip),
        seeded["failing"]["source_ip"].as_str()
    );
    let denied = seeded["denied"]["user"].as_str().expect("user");
    let activity = UserActivity::of(&events, denied);
    assert_eq!(activity.sessions.len(), 2);
    assert!(
        activity
            .sessions
            .iter()
            .all(|s| s.denied_every_file_operation())
    );
}

#[tokio::test]
async fn the_seeded_structured_log_parses_with_its_uploads() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let seeded = &estate["logs"];
    let group = seeded["groups"]["sftp_public"].as_str().expect("group");
    let read = logs::filter_window(&session, &query(group, now_ms() - 86_400_000), 10)
        .await
        .expect("read");
    let events: Vec<ActivityEvent> = read.events.iter().map(ActivityEvent::parse).collect();
    assert!(events.iter().all(|e| e.format == LogFormat::Structured));
    let uploader = seeded["uploader"]["user"].as_str().expect("user");
    let activity = UserActivity::of(&events, uploader);
    assert_eq!(
        activity.sessions.len() as u64,
        seeded["uploader"]["sessions"].as_u64().unwrap_or(0)
    );
    assert!(
        activity
            .sessions
            .iter()
            .all(|s| s.uploads.len() == 1 && s.bytes_uploaded() > 0)
    );
}

#[tokio::test]
async fn a_stream_prefix_reads_one_legacy_user_s_sessions() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let seeded = &estate["logs"];
    let group = seeded["groups"]["ftp_vpc"].as_str().expect("group");
    let user = seeded["denied"]["user"].as_str().expect("user");
    let mut query = query(group, now_ms() - 86_400_000);
    query.stream_prefix = Some(format!("{user}."));
    let read = logs::filter_window(&session, &query, 5)
        .await
        .expect("read");
    assert!(!read.events.is_empty());
    assert!(
        read.events
            .iter()
            .all(|e| e.stream.starts_with(&format!("{user}.")))
    );
    let kinds: HashSet<_> = read
        .events
        .iter()
        .filter_map(|e| ActivityEvent::parse(e).kind)
        .collect();
    assert!(kinds.contains(&ActivityKind::Error) && kinds.contains(&ActivityKind::Connected));
}

#[tokio::test]
async fn log_groups_are_listed_by_prefix_and_a_missing_one_is_told() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let seeded = &estate["logs"];
    let listed = logs::log_groups(&session, "/aws/transfer/")
        .await
        .expect("DescribeLogGroups");
    for role in ["sftp_public", "ftp_vpc", "ftps_internet"] {
        let group = seeded["groups"][role].as_str().expect("group");
        assert!(listed.iter().any(|g| g.name == group), "{role}: {group}");
    }
    let missing = seeded["missing_group"]["group"].as_str().expect("group");
    assert!(
        !logs::log_group_exists(&session, missing)
            .await
            .expect("asked")
    );
    let lambda = seeded["lambda_groups"]["ftp_vpc"].as_str().expect("group");
    assert!(
        logs::log_group_exists(&session, lambda)
            .await
            .expect("asked")
    );
}

#[tokio::test]
async fn a_missing_group_is_not_found() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let err = logs::filter_page(&session, &query("/aws/transfer/none", 0), None)
        .await
        .expect_err("no such group");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn access_denied_on_filter_log_events_names_the_action() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let start = group_with(&session, "/aws/transfer/s-denied", 3).await;
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "FilterLogEvents", "kind": "access_denied"})),
    );
    let err = logs::filter_window(&session, &query("/aws/transfer/s-denied", start), 3)
        .await
        .expect_err("denied");
    match &err {
        AwsError::AccessDenied { action, .. } => assert_eq!(action, "logs:FilterLogEvents"),
        other => panic!("not access denied: {other:?}"),
    }
    assert!(err.to_string().contains("logs:FilterLogEvents"), "{err}");
}

#[tokio::test]
async fn access_denied_on_describe_log_groups_names_the_action() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "DescribeLogGroups", "kind": "access_denied"})),
    );
    let err = logs::log_groups(&session, "/aws/transfer/")
        .await
        .expect_err("denied");
    assert!(err.to_string().contains("logs:DescribeLogGroups"), "{err}");
}

#[tokio::test]
async fn throttling_backs_off_and_then_reads() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    let start = group_with(&session, "/aws/transfer/s-throttled", 4).await;
    emulator.control("DELETE", "requests", None);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "FilterLogEvents", "kind": "throttle", "count": 2})),
    );
    let read = logs::filter_window(&session, &query("/aws/transfer/s-throttled", start), 3)
        .await
        .expect("read after the SDK's retries");
    assert_eq!(read.events.len(), 4);
    assert_eq!(filter_calls(&emulator), 3, "two throttled, then answered");

    // Throttled past the retries: said as throttling, naming the call.
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "FilterLogEvents", "kind": "throttle"})),
    );
    let err = logs::filter_page(&session, &query("/aws/transfer/s-throttled", start), None)
        .await
        .expect_err("throttled");
    assert_eq!(
        err,
        AwsError::Throttled {
            action: "logs:FilterLogEvents".into()
        }
    );
}
