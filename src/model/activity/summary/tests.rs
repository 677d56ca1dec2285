use super::*;
use crate::model::activity::RawLogEvent;

fn event(id: &str, at: i64, stream: &str, message: &str) -> ActivityEvent {
    ActivityEvent::parse(&RawLogEvent {
        event_id: id.into(),
        stream: stream.into(),
        timestamp_ms: at,
        message: message.into(),
    })
}

fn auth_failure(id: &str, at: i64, user: &str, ip: &str, message: &str) -> ActivityEvent {
    event(
        id,
        at,
        "ERRORS",
        &format!(
            "ERRORS AUTH_FAILURE Method=password User={user} Message=\"{message}\" SourceIP={ip}"
        ),
    )
}

#[test]
fn failures_are_counted_by_user_and_by_address_most_first() {
    let events = [
        auth_failure(
            "1",
            100,
            "partner-a",
            "203.0.113.7",
            "Invalid user name or password",
        ),
        auth_failure("2", 300, "partner-a", "203.0.113.7", "Last try"),
        auth_failure("3", 200, "partner-a", "198.51.100.4", "Middle"),
        auth_failure(
            "4",
            150,
            "tester01",
            "203.0.113.7",
            "The user is unrecognized",
        ),
        event(
            "5",
            160,
            "s.1",
            r#"{"activity-type":"CLOSE","path":"/a","bytes-in":"1","session-id":"1"}"#,
        ),
        event("6", 170, "x", "START RequestId: 42"),
    ];
    let summary = FailureSummary::of(&events);
    assert_eq!(summary.total, 4);
    let first = &summary.by_user[0];
    assert_eq!(&*first.user, "partner-a");
    assert_eq!(first.count, 3);
    assert_eq!(first.last_message.as_deref(), Some("Last try"));
    assert_eq!(first.last_ms, 300);
    assert_eq!(
        first.source_ips,
        vec![Box::from("203.0.113.7"), Box::from("198.51.100.4")]
    );
    assert_eq!(&*summary.by_user[1].user, "tester01");
    assert_eq!(&*summary.by_ip[0].source_ip, "203.0.113.7");
    assert_eq!(summary.by_ip[0].count, 3);
    assert_eq!(
        summary.by_ip[0].users,
        vec![Box::from("partner-a"), Box::from("tester01")]
    );
}

#[test]
fn no_failures_sum_to_nothing() {
    let events = [event(
        "1",
        1,
        "u.1",
        "u.1 CONNECTED SourceIP=1.2.3.4 User=u",
    )];
    assert_eq!(FailureSummary::of(&events), FailureSummary::default());
}

#[test]
fn the_summary_does_not_depend_on_the_order_events_came_in() {
    let mut events = vec![
        auth_failure("1", 100, "a", "1.1.1.1", "one"),
        auth_failure("2", 100, "a", "1.1.1.1", "two"),
        auth_failure("3", 50, "b", "2.2.2.2", "three"),
    ];
    let forwards = FailureSummary::of(&events);
    events.reverse();
    assert_eq!(FailureSummary::of(&events), forwards);
    assert_eq!(forwards.by_user[0].last_message.as_deref(), Some("two"));
}

/// A structured session: the user is named only on CONNECTED.
fn structured_session() -> Vec<ActivityEvent> {
    let s = "9ca9a0e1cec6ad9d";
    vec![
        event(
            "10",
            1_000,
            "ERRORS",
            &format!(
                r#"{{"activity-type":"CONNECTED","user":"partner-a","source-ip":"203.0.113.7","session-id":"{s}"}}"#
            ),
        ),
        event(
            "12",
            3_000,
            "ERRORS",
            &format!(
                r#"{{"activity-type":"CLOSE","path":"/acme/in/a.csv","bytes-in":"2048","session-id":"{s}"}}"#
            ),
        ),
        event(
            "11",
            2_000,
            "ERRORS",
            &format!(
                r#"{{"activity-type":"OPEN","path":"/acme/in/a.csv","mode":"CREATE|TRUNCATE|WRITE","session-id":"{s}"}}"#
            ),
        ),
        event(
            "13",
            4_000,
            "ERRORS",
            &format!(
                r#"{{"activity-type":"CLOSE","path":"/acme/out/b.csv","bytes-out":"512","session-id":"{s}"}}"#
            ),
        ),
        event(
            "14",
            5_000,
            "ERRORS",
            &format!(r#"{{"activity-type":"DISCONNECTED","session-id":"{s}"}}"#),
        ),
        event(
            "20",
            1_500,
            "ERRORS",
            r#"{"activity-type":"CONNECTED","user":"other","session-id":"ffff"}"#,
        ),
    ]
}

#[test]
fn a_session_s_events_come_oldest_first() {
    let events = structured_session();
    let ids: Vec<&str> = session_events(&events, "9ca9a0e1cec6ad9d")
        .iter()
        .map(|event| &*event.event_id)
        .collect();
    assert_eq!(ids, ["10", "11", "12", "13", "14"]);
    assert!(session_events(&events, "nope").is_empty());
}

#[test]
fn a_user_s_activity_takes_the_session_events_that_do_not_name_them() {
    let mut events = structured_session();
    events.push(auth_failure(
        "30",
        500,
        "partner-a",
        "198.51.100.4",
        "Invalid",
    ));
    let activity = UserActivity::of(&events, "partner-a");
    assert_eq!(activity.sessions.len(), 1);
    assert_eq!(activity.logins(), 1);
    assert_eq!(activity.failures(), 1);
    let session = &activity.sessions[0];
    assert_eq!(session.source_ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(
        session.uploads,
        vec![FileTransfer {
            path: "/acme/in/a.csv".into(),
            bytes: 2048,
            at_ms: 3_000
        }]
    );
    assert_eq!(session.bytes_downloaded(), 512);
    assert_eq!((session.first_ms, session.last_ms), (1_000, 5_000));
    assert!(!session.denied_every_file_operation());
    assert_eq!(activity.login_failures[0].event_id.as_ref(), "30");
    assert!(UserActivity::of(&events, "nobody").sessions.is_empty());
}

#[test]
fn a_legacy_session_is_read_from_its_stream() {
    let stream = "partner-b.3f1a2b4c5d6e7f80";
    let events = [
        event(
            "1",
            10,
            stream,
            &format!("{stream} CONNECTED SourceIP=198.51.100.9 User=partner-b HomeDir=/acme/b"),
        ),
        event(
            "2",
            20,
            stream,
            &format!("{stream} OPEN Path=/acme/b/x.bin Mode=CREATE|TRUNCATE|WRITE"),
        ),
        event(
            "3",
            30,
            stream,
            &format!("{stream} CLOSE Path=/acme/b/x.bin BytesIn=4096"),
        ),
    ];
    let activity = UserActivity::of(&events, "partner-b");
    assert_eq!(activity.sessions.len(), 1);
    assert_eq!(activity.sessions[0].bytes_uploaded(), 4096);
    assert!(activity.sessions[0].logged_in);
}

fn denied_session(stream: &str) -> Vec<ActivityEvent> {
    vec![
        event(
            "1",
            10,
            stream,
            &format!("{stream} CONNECTED SourceIP=192.0.2.10 User=partner-c"),
        ),
        event(
            "2",
            20,
            stream,
            &format!(
                "{stream} ERROR Message=\"Access denied\" Operation=OPEN Path=/acme/c/in/x.csv"
            ),
        ),
        event(
            "3",
            30,
            stream,
            &format!("{stream} ERROR Message=\"Access denied\" Operation=MKDIR Path=/acme/c/new"),
        ),
    ]
}

#[test]
fn a_session_refused_every_file_operation_is_told_apart() {
    let events = denied_session("partner-c.aaaa");
    let all = sessions(&events);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].file_ops_denied, 2);
    assert!(all[0].denied_every_file_operation());
    assert_eq!(all[0].errors.len(), 2);

    // One operation that went through: the permissions are not the whole
    // story.
    let mut events = denied_session("partner-c.aaaa");
    events.push(event(
        "4",
        40,
        "partner-c.aaaa",
        "partner-c.aaaa CLOSE Path=/acme/c/out/y.csv BytesOut=10",
    ));
    assert!(!sessions(&events)[0].denied_every_file_operation());

    // No login: a refused password, not a refused operation.
    let events = &denied_session("partner-c.aaaa")[1..];
    assert!(!sessions(events)[0].denied_every_file_operation());
}

#[test]
fn access_denied_is_read_from_failures_only() {
    let denied = event(
        "1",
        1,
        "ERRORS",
        r#"{"activity-type":"ERROR","message":"Access denied"}"#,
    );
    assert!(is_access_denied(&denied));
    let s3 = event(
        "1",
        1,
        "ERRORS",
        r#"{"activity-type":"ERROR","message":"AccessDenied: s3"}"#,
    );
    assert!(is_access_denied(&s3));
    let close = event(
        "1",
        1,
        "ERRORS",
        r#"{"activity-type":"CLOSE","message":"Access denied"}"#,
    );
    assert!(!is_access_denied(&close));
    let other = event(
        "1",
        1,
        "ERRORS",
        r#"{"activity-type":"ERROR","message":"No such file"}"#,
    );
    assert!(!is_access_denied(&other));
}

fn lambda(id: &str, at: i64, message: &str) -> ActivityEvent {
    event(id, at, "2026/11/30/[$LATEST]abc", message)
}

const REQ_A: &str = "1c7e6f2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const REQ_B: &str = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

fn lambda_log() -> Vec<ActivityEvent> {
    vec![
        lambda(
            "l1",
            9_000,
            &format!("START RequestId: {REQ_A} Version: $LATEST"),
        ),
        lambda(
            "l2",
            9_500,
            &format!(
                "[ERROR]\t2026-11-30T09:12:00.500Z\t{REQ_A}\tAccessDeniedException: secretsmanager:GetSecretValue on aws/transfer/s-1/partner-a"
            ),
        ),
        lambda("l3", 9_900, &format!("END RequestId: {REQ_A}")),
        lambda(
            "l4",
            9_990,
            &format!("START RequestId: {REQ_B} Version: $LATEST"),
        ),
        lambda(
            "l5",
            12_990,
            &format!("2026-11-30T09:12:03.990Z {REQ_B} Task timed out after 3.00 seconds"),
        ),
        lambda("l6", 10_050, "[INFO] user partner-ab looked up"),
        lambda("l7", 500_000, "[ERROR] partner-a far away"),
    ]
}

#[test]
fn lambda_lines_stay_unparsed_and_keep_their_text() {
    for line in lambda_log() {
        assert_eq!(line.format, crate::model::activity::LogFormat::Unparsed);
        assert!(line.kind.is_none());
        assert!(!line.raw.is_empty());
    }
}

#[test]
fn the_provider_s_lines_naming_the_user_come_first_then_the_nearest() {
    let failure = auth_failure("f", 10_000, "partner-a", "203.0.113.7", "Invalid");
    let log = lambda_log();
    let found = nearest_idp_events(&failure, &log, 60_000);
    let ids: Vec<(&str, bool)> = found
        .iter()
        .map(|m| (&*m.event.event_id, m.names_user))
        .collect();
    assert_eq!(
        ids,
        [
            ("l3", true),  // same request, 100 ms away
            ("l2", true),  // names partner-a, 500 ms
            ("l1", true),  // same request, 1 s
            ("l4", false), // 10 ms, another invocation
            ("l6", false), // partner-ab is another user
            ("l5", false),
        ]
    );
    assert_eq!(found[0].distance_ms, 100);
    // A narrower span keeps only what is inside it.
    let near = nearest_idp_events(&failure, &log, 50);
    assert_eq!(near.len(), 2);
}

#[test]
fn a_failure_without_a_user_matches_by_time_only() {
    let failure = event("f", 10_000, "ERRORS", r#"{"activity-type":"ERROR"}"#);
    let log = lambda_log();
    let found = nearest_idp_events(&failure, &log, 60_000);
    assert!(found.iter().all(|m| !m.names_user));
    assert_eq!(&*found[0].event.event_id, "l4");
}

#[test]
fn the_provider_s_trouble_is_read_from_its_lines() {
    let log = lambda_log();
    let trouble: Vec<Option<IdpTrouble>> = log.iter().map(IdpTrouble::of).collect();
    assert_eq!(
        trouble,
        [
            None,
            Some(IdpTrouble::Error),
            None,
            None,
            Some(IdpTrouble::TimedOut),
            None,
            Some(IdpTrouble::Error),
        ]
    );
    assert_eq!(request_id(&log[4].raw), Some(REQ_B));
    assert_eq!(request_id("no id here"), None);
}

#[test]
fn names_are_matched_as_whole_words() {
    assert!(names_word("user partner-a failed", "partner-a"));
    assert!(names_word("/partner-a\t", "partner-a"));
    assert!(!names_word("partner-ab", "partner-a"));
    assert!(!names_word("xpartner-a", "partner-a"));
    assert!(names_word("é partner-a", "partner-a"));
}
