use super::*;
use crate::doctor::rules::testing::{SERVER_ID, ftp_vpc};
use crate::model::activity::RawLogEvent;

const NOW: i64 = 1_796_034_600_000;
const FUNCTION: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:idp";

fn event(n: usize, at: i64, stream: &str, message: &str) -> ActivityEvent {
    ActivityEvent::parse(&RawLogEvent {
        event_id: format!("{n:06}"),
        stream: stream.into(),
        timestamp_ms: at,
        message: message.into(),
    })
}

fn log(events: Vec<ActivityEvent>) -> GroupLog {
    GroupLog {
        group: format!("/aws/transfer/{SERVER_ID}"),
        exists: true,
        events,
        truncated: false,
    }
}

fn activity(server: Gathered<GroupLog>) -> ActivityEvidence {
    ActivityEvidence {
        start_ms: NOW - 24 * 3_600_000,
        end_ms: NOW,
        servers: BTreeMap::from([(SERVER_ID.to_string(), server)]),
        functions: BTreeMap::new(),
    }
}

fn server() -> Server {
    ftp_vpc(vec![]).server
}

fn rules(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule).collect()
}

fn burst(count: usize, user: &str) -> Vec<ActivityEvent> {
    (0..count)
        .map(|n| {
            event(
                n,
                NOW - 600_000 + n as i64 * 1000,
                "ERRORS",
                &format!(
                    r#"ERRORS AUTH_FAILURE Method=password User={user} Message="Invalid user name or password n{n}" SourceIP=10.1.2.57"#
                ),
            )
        })
        .collect()
}

fn clean_session() -> Vec<ActivityEvent> {
    let s = "erp.0009";
    vec![
        event(
            100,
            NOW - 5_000,
            s,
            &format!("{s} CONNECTED SourceIP=10.1.1.15 User=erp"),
        ),
        event(
            101,
            NOW - 4_000,
            s,
            &format!("{s} OPEN Path=/b/x Mode=CREATE|TRUNCATE|WRITE"),
        ),
        event(
            102,
            NOW - 3_000,
            s,
            &format!("{s} CLOSE Path=/b/x BytesIn=10"),
        ),
    ]
}

#[test]
fn a_quiet_healthy_log_passes() {
    let findings = check(
        &activity(Gathered::Read(log(clean_session()))),
        &server(),
        1,
    );
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn no_evidence_means_no_event_rule_speaks() {
    // A server without logging is not read: `logging` speaks for it.
    let findings = check(&ActivityEvidence::default(), &server(), 1);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn an_unreadable_log_is_one_could_not_check_naming_the_action() {
    let denied = Gathered::Unreadable(crate::model::AwsError::AccessDenied {
        action: "logs:FilterLogEvents".into(),
        message: String::new(),
    });
    let findings = check(&activity(denied), &server(), 1);
    assert_eq!(rules(&findings), ["activity-unread"]);
    assert_eq!(findings[0].severity, Severity::Info);
    assert!(findings[0].title.contains("needs logs:FilterLogEvents"));
}

#[test]
fn repeated_failures_for_one_user_name_the_addresses_and_the_last_message() {
    let mut events = burst(REPEATED_FAILURES, "scanner01");
    events.extend(burst(REPEATED_FAILURES - 1, "erp"));
    let findings = check(&activity(Gathered::Read(log(events))), &server(), 1);
    assert_eq!(rules(&findings), ["auth-failures"]);
    let finding = &findings[0];
    assert_eq!(finding.severity, Severity::Warning);
    assert!(
        finding
            .title
            .starts_with("5 failed logins for scanner01 in the last 24 hours")
    );
    assert_eq!(finding.evidence[0], "from 10.1.2.57");
    assert!(
        finding.evidence[1].ends_with("Invalid user name or password n4"),
        "{finding:?}"
    );
    // Fewer than the threshold: nothing.
    let findings = check(
        &activity(Gathered::Read(log(burst(
            REPEATED_FAILURES - 1,
            "scanner01",
        )))),
        &server(),
        1,
    );
    assert!(findings.is_empty());
}

#[test]
fn a_sampled_window_says_the_counts_are_a_floor() {
    let mut sampled = log(burst(6, "scanner01"));
    sampled.truncated = true;
    let findings = check(&activity(Gathered::Read(sampled)), &server(), 1);
    assert!(findings[0].evidence.iter().any(|e| e.contains("at least")));
}

fn tls_failures() -> Vec<ActivityEvent> {
    let s = "ext.0002";
    (0..3)
        .map(|n| {
            event(
                n,
                NOW - 60_000 + n as i64,
                s,
                &format!(
                    r#"{s} TLS_RESUME_FAILURE SourceIP=198.51.100.80 User=ext Message="Data connection did not resume the TLS session""#
                ),
            )
        })
        .collect()
}

#[test]
fn tls_resume_failures_while_enforced_are_an_error_with_the_fix() {
    let mut server = server();
    server.protocol_details.tls_session_resumption_mode = Some("ENFORCED".into());
    let findings = check(&activity(Gathered::Read(log(tls_failures()))), &server, 1);
    assert_eq!(rules(&findings), ["tls-resume-failures"]);
    assert_eq!(findings[0].severity, Severity::Error);
    assert!(
        findings[0]
            .evidence
            .contains(&"ext from 198.51.100.80: 3".to_string())
    );
    let fix = findings[0].fix.clone().expect("a fix");
    assert!(
        matches!(fix.action, Some(FixAction::SetTlsSessionResumption { ref mode, .. }) if mode == "ENABLED")
    );

    // ENABLED: the server does not refuse them; nothing to say.
    server.protocol_details.tls_session_resumption_mode = Some("ENABLED".into());
    assert!(check(&activity(Gathered::Read(log(tls_failures()))), &server, 1).is_empty());
}

#[test]
fn a_missing_group_with_logging_set_says_what_cannot_be_told() {
    let missing = GroupLog {
        group: "/aws/transfer/gone".into(),
        exists: false,
        ..GroupLog::default()
    };
    let findings = check(&activity(Gathered::Read(missing)), &server(), 1);
    assert_eq!(rules(&findings), ["log-group"]);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert!(
        findings[0]
            .title
            .contains("/aws/transfer/gone does not exist")
    );
    assert!(findings[0].evidence[0].starts_with("LoggingRole = "));
    assert!(
        findings[0]
            .evidence
            .iter()
            .any(|e| e.contains("cannot tell"))
    );
}

#[test]
fn a_silent_group_is_said_only_while_the_server_is_online() {
    let findings = check(&activity(Gathered::Read(log(Vec::new()))), &server(), 1);
    assert_eq!(rules(&findings), ["log-group"]);
    assert_eq!(findings[0].severity, Severity::Info);
    assert!(findings[0].title.contains("no event in the last 24 hours"));
    let mut stopped = server();
    stopped.summary.state = ServerState::Offline;
    assert!(check(&activity(Gathered::Read(log(Vec::new()))), &stopped, 1).is_empty());
}

fn denied_session(stream: &str, first: usize) -> Vec<ActivityEvent> {
    vec![
        event(
            first,
            NOW - 9_000,
            stream,
            &format!(
                "{stream} CONNECTED SourceIP=10.1.1.40 User=edi Role=arn:aws:iam::123456789012:role/edi"
            ),
        ),
        event(
            first + 1,
            NOW - 8_000,
            stream,
            &format!("{stream} OPEN Path=/b/edi/in/a.edi Mode=CREATE|TRUNCATE|WRITE"),
        ),
        event(
            first + 2,
            NOW - 7_000,
            stream,
            &format!(
                r#"{stream} ERROR Message="Access denied" Operation=OPEN Path=/b/edi/in/a.edi"#
            ),
        ),
        event(
            first + 3,
            NOW - 6_000,
            stream,
            &format!(
                r#"{stream} ERROR Message="Access denied" Operation=OPEN Path=/b/edi/in/b.edi"#
            ),
        ),
    ]
}

#[test]
fn sessions_refused_every_file_operation_blame_the_role_not_the_password() {
    let mut events = denied_session("edi.0001", 0);
    events.extend(denied_session("edi.0002", 10));
    events.extend(clean_session());
    let findings = check(&activity(Gathered::Read(log(events))), &server(), 1);
    assert_eq!(rules(&findings), ["denied-sessions"]);
    let finding = &findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding
            .title
            .starts_with("edi logged in and was refused every file operation (4 in 2 session(s))"),
        "{}",
        finding.title
    );
    assert_eq!(
        finding.evidence[0],
        "role at login: arn:aws:iam::123456789012:role/edi"
    );
    assert!(finding.evidence[1].contains("Access denied on /b/edi/in/a.edi"));

    // One download went through in the session: not the rule's pattern.
    let mut events = denied_session("edi.0001", 0);
    events.push(event(
        9,
        NOW - 5_000,
        "edi.0001",
        "edi.0001 CLOSE Path=/b/edi/out/x BytesOut=3",
    ));
    assert!(check(&activity(Gathered::Read(log(events))), &server(), 1).is_empty());
}

fn lambda(lines: &[(i64, &str)]) -> GroupLog {
    GroupLog {
        group: "/aws/lambda/idp".into(),
        exists: true,
        events: lines
            .iter()
            .enumerate()
            .map(|(n, (at, line))| event(n, *at, "2026/11/30/[$LATEST]ab", line))
            .collect(),
        truncated: false,
    }
}

fn with_function(log: Gathered<GroupLog>) -> ActivityEvidence {
    ActivityEvidence {
        start_ms: NOW - 24 * 3_600_000,
        end_ms: NOW,
        servers: BTreeMap::new(),
        functions: BTreeMap::from([(FUNCTION.to_string(), log)]),
    }
}

#[test]
fn lambda_errors_and_time_outs_are_counted_and_quoted() {
    let evidence = with_function(Gathered::Read(lambda(&[
        (
            NOW - 9_000,
            "START RequestId: 1c7e6f2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b Version: $LATEST",
        ),
        (
            NOW - 8_900,
            "[ERROR]\t2026-11-30T10:29:51.100Z\t1c7e6f2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b\tAccessDeniedException: when calling the GetSecretValue operation: not authorized to perform: secretsmanager:GetSecretValue on resource: aws/transfer/s-1/scanner01",
        ),
        (
            NOW - 5_000,
            "2026-11-30T10:29:55.000Z 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a Task timed out after 3.00 seconds",
        ),
        (NOW - 1_000, "[INFO] Authenticated erp"),
    ])));
    let findings = check(&evidence, &server(), 1);
    assert_eq!(rules(&findings), ["idp-errors"]);
    let finding = &findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.title.contains("1 error(s) and 1 time-out(s)"),
        "{}",
        finding.title
    );
    assert!(finding.evidence[0].contains("serves this server only"));
    assert!(
        finding.evidence[1].contains("Task timed out"),
        "newest first"
    );
    assert!(!finding.evidence[2].contains('\t'));
    let fix = finding.fix.clone().expect("fix");
    assert!(fix.advice.contains("secretsmanager:GetSecretValue"));
}

#[test]
fn a_quiet_or_unread_lambda_log() {
    let quiet = with_function(Gathered::Read(lambda(&[(
        NOW - 1_000,
        "[INFO] Authenticated erp",
    )])));
    assert!(check(&quiet, &server(), 1).is_empty());
    let unread = with_function(Gathered::Unreadable(crate::model::AwsError::AccessDenied {
        action: "logs:FilterLogEvents".into(),
        message: String::new(),
    }));
    let findings = check(&unread, &server(), 1);
    assert_eq!(rules(&findings), ["activity-unread"]);
    assert!(findings[0].title.contains("identity provider"));
    // A SERVICE_MANAGED server has no provider's log to read.
    let mut managed = server();
    managed.summary.identity_provider_type = IdentityProviderType::ServiceManaged;
    assert!(check(&unread, &managed, 1).is_empty());
}

#[test]
fn long_lines_are_cut_for_evidence() {
    let long = "x".repeat(1000);
    assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 3);
    assert_eq!(quote("\ta\tb "), "a b");
}

#[test]
fn with_the_server_s_log_only_the_errors_beside_its_failed_logins_are_its_own() {
    let mut evidence = with_function(Gathered::Read(lambda(&[
        (
            NOW - 600_050,
            "[ERROR] AccessDeniedException: GetSecretValue scanner01",
        ),
        (
            NOW - 3 * 3_600_000,
            "[ERROR] KeyError: 'Password' for someone else",
        ),
    ])));
    evidence.servers.insert(
        SERVER_ID.to_string(),
        Gathered::Read(log(burst(2, "scanner01"))),
    );
    let findings = check(&evidence, &server(), 2);
    assert_eq!(rules(&findings), ["idp-errors"]);
    assert!(findings[0].title.contains("1 error(s) and 0 time-out(s)"));
    assert!(
        findings[0].evidence[0].starts_with("2 of the server's failed logins had the provider's error within a minute: scanner01 (2)"),
        "{:?}",
        findings[0].evidence
    );
    // No failed login near them: not this server's.
    evidence
        .servers
        .insert(SERVER_ID.to_string(), Gathered::Read(log(clean_session())));
    assert!(check(&evidence, &server(), 2).is_empty());
}

#[test]
fn a_shared_function_is_not_pinned_on_a_server_whose_log_was_not_read() {
    let evidence = with_function(Gathered::Read(lambda(&[(
        NOW - 1_000,
        "2026-11-30T10:29:59.000Z 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a Task timed out after 3.00 seconds",
    )])));
    assert!(check(&evidence, &server(), 2).is_empty());
    let alone = check(&evidence, &server(), 1);
    assert_eq!(rules(&alone), ["idp-errors"]);
    assert!(alone[0].evidence[0].contains("serves this server only"));
}
