use super::*;

fn raw(stream: &str, message: &str) -> RawLogEvent {
    RawLogEvent {
        event_id: "1".into(),
        stream: stream.into(),
        timestamp_ms: 1_764_000_000_000,
        message: message.into(),
    }
}

#[test]
fn a_structured_upload_keeps_its_fields() {
    let event = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"{"mode":"CREATE|TRUNCATE|WRITE","path":"/acme/in/a.csv","activity-type":"CLOSE","bytes-in":"1024","session-id":"9ca9a0e1cec6ad9d","user":"partner-a","source-ip":"203.0.113.7"}"#,
    ));
    assert_eq!(event.format, LogFormat::Structured);
    assert_eq!(event.kind, Some(ActivityKind::Close));
    assert_eq!(event.user.as_deref(), Some("partner-a"));
    assert_eq!(event.session_id.as_deref(), Some("9ca9a0e1cec6ad9d"));
    assert_eq!(event.path.as_deref(), Some("/acme/in/a.csv"));
    assert_eq!(event.bytes_in, Some(1024));
    assert!(
        event
            .fields()
            .contains(&("mode".into(), "CREATE|TRUNCATE|WRITE".into()))
    );
}

#[test]
fn a_legacy_auth_failure_reads_its_quoted_message() {
    let event = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"ERRORS AUTH_FAILURE Method=password User=partner-a Message="Invalid user name or password" SourceIP=203.0.113.7"#,
    ));
    assert_eq!(event.format, LogFormat::Legacy);
    assert_eq!(event.kind, Some(ActivityKind::AuthFailure));
    assert_eq!(event.user.as_deref(), Some("partner-a"));
    assert_eq!(event.source_ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(
        event.message.as_deref(),
        Some("Invalid user name or password")
    );
}

#[test]
fn a_legacy_session_line_takes_user_and_session_from_its_stream() {
    let event = ActivityEvent::parse(&raw(
        "partner-a.3f1a2b4c5d6e7f80",
        "partner-a.3f1a2b4c5d6e7f80 CLOSE Path=/acme/in/a.csv BytesIn=2048",
    ));
    assert_eq!(event.kind, Some(ActivityKind::Close));
    assert_eq!(event.user.as_deref(), Some("partner-a"));
    assert_eq!(event.session_id.as_deref(), Some("3f1a2b4c5d6e7f80"));
    assert_eq!(event.bytes_in, Some(2048));
}

#[test]
fn a_line_in_neither_format_is_kept_as_it_came() {
    for message in [
        "START RequestId: 42 Version: $LATEST",
        "{\"a\":1}",
        "",
        "OPEN Path=\"/x",
    ] {
        let event = ActivityEvent::parse(&raw("s", message));
        assert_eq!(event.format, LogFormat::Unparsed, "{message}");
        assert_eq!(&*event.raw, message);
        assert!(event.fields().is_empty());
    }
}

// The shapes below follow AWS's "CloudWatch log structure" and "Example
// CloudWatch log entries" pages of the Transfer Family user guide.

#[test]
fn aws_s_structured_connected_example_reads_every_field() {
    let event = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"{"role":"arn:aws:iam::500655546075:role/transfer-s3","activity-type":"CONNECTED","ciphers":"chacha20-poly1305@openssh.com,chacha20-poly1305@openssh.com","client":"SSH-2.0-OpenSSH_7.4","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","home-dir":"/test/log-me","ssh-public-key":"AAAAC3NzaC1lZDI1NTE5AAAAIA9OY0qV6XYVHaaOiWAcj2spDJVbgjrqDPY4pxd6GnHl","ssh-public-key-fingerprint":"SHA256:BY3gNMHwTfjd4n2VuT4pTyLOk82zWZj4KEYEu7y4r/0","ssh-public-key-type":"ssh-ed25519","user":"log-me","kex":"ecdh-sha2-nistp256","session-id":"9ca9a0e1cec6ad9d"}"#,
    ));
    assert_eq!(event.format, LogFormat::Structured);
    assert_eq!(event.kind, Some(ActivityKind::Connected));
    assert_eq!(event.user.as_deref(), Some("log-me"));
    assert_eq!(event.source_ip.as_deref(), Some("52.94.133.133"));
    let fields = event.fields();
    assert_eq!(fields.len(), 13);
    assert!(fields.contains(&("kex".into(), "ecdh-sha2-nistp256".into())));
    assert!(fields.contains(&("home-dir".into(), "/test/log-me".into())));
}

#[test]
fn aws_s_structured_session_examples_read() {
    let cases: [(&str, ActivityKind, Option<&str>); 6] = [
        (
            r#"{"mode":"CREATE|TRUNCATE|WRITE","path":"/test/log-me/config-file","activity-type":"OPEN","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","session-id":"9ca9a0e1cec6ad9d"}"#,
            ActivityKind::Open,
            Some("/test/log-me/config-file"),
        ),
        (
            r#"{"path":"/test/log-me/config-file","activity-type":"CLOSE","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","bytes-in":"121","session-id":"9ca9a0e1cec6ad9d"}"#,
            ActivityKind::Close,
            Some("/test/log-me/config-file"),
        ),
        (
            r#"{"activity-type":"DISCONNECTED","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","session-id":"9ca9a0e1cec6ad9d"}"#,
            ActivityKind::Disconnected,
            None,
        ),
        (
            r#"{"method":"password","activity-type":"AUTH_FAILURE","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","message":"Invalid user name or password","user":"log-me"}"#,
            ActivityKind::AuthFailure,
            None,
        ),
        (
            r#"{"activity-type":"TLS_RESUME_FAILURE","source-ip":"52.94.133.133","resource-arn":"arn:aws:transfer:us-east-1:500655546075:server/s-3fe215d89f074ed2a","message":"TLS session resumption required","session-id":"77aa"}"#,
            ActivityKind::TlsResumeFailure,
            None,
        ),
        (
            r#"{"activity-type":"CONNECTION_REJECTED","source-ip":"198.51.100.1","message":"Too many connections"}"#,
            ActivityKind::ConnectionRejected,
            None,
        ),
    ];
    for (message, kind, path) in cases {
        let event = ActivityEvent::parse(&raw("ERRORS", message));
        assert_eq!(event.format, LogFormat::Structured, "{message}");
        assert_eq!(event.kind, Some(kind), "{message}");
        assert_eq!(event.path.as_deref(), path, "{message}");
    }
}

#[test]
fn numbers_written_as_numbers_count_too() {
    let event = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"{"activity-type":"CLOSE","bytes-out":23094032490328,"session-id":"1"}"#,
    ));
    assert_eq!(event.bytes_out, Some(23_094_032_490_328));
}

#[test]
fn legacy_session_lines_read() {
    let stream = "log-me.914984e553bcddb6";
    let cases = [
        (
            format!(
                "{stream} CONNECTED SourceIP=72.21.198.65 User=log-me HomeDir=/test/log-me Client=SSH-2.0-OpenSSH_7.4 Role=arn:aws:iam::123456789012:role/transfer-s3"
            ),
            ActivityKind::Connected,
        ),
        (
            format!("{stream} OPEN Path=/test/log-me/config-file Mode=CREATE|TRUNCATE|WRITE"),
            ActivityKind::Open,
        ),
        (
            format!("{stream} CLOSE Path=/test/log-me/config-file BytesIn=121"),
            ActivityKind::Close,
        ),
        (format!("{stream} DISCONNECTED"), ActivityKind::Disconnected),
        (
            format!("{stream} ERROR Message=\"Access denied\" Operation=OPEN Path=/test/log-me/x"),
            ActivityKind::Error,
        ),
        // Without the stream repeated in front.
        ("CLOSE Path=/x BytesOut=7".to_string(), ActivityKind::Close),
    ];
    for (message, kind) in cases {
        let event = ActivityEvent::parse(&raw(stream, &message));
        assert_eq!(event.format, LogFormat::Legacy, "{message}");
        assert_eq!(event.kind, Some(kind), "{message}");
        assert_eq!(event.user.as_deref(), Some("log-me"), "{message}");
        assert_eq!(
            event.session_id.as_deref(),
            Some("914984e553bcddb6"),
            "{message}"
        );
    }
}

#[test]
fn legacy_error_stream_lines_read() {
    let event = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"ERRORS AUTH_FAILURE Method=publickey User=tester01 Message="The user is unrecognized" SourceIP=198.51.100.4"#,
    ));
    assert_eq!(event.kind, Some(ActivityKind::AuthFailure));
    assert_eq!(event.user.as_deref(), Some("tester01"));
    assert_eq!(event.session_id, None);
    assert!(
        event
            .fields()
            .contains(&("Method".into(), "publickey".into()))
    );
    let tls = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"ERRORS TLS_RESUME_FAILURE User=partner-f SourceIP=192.0.2.44 Message="Data channel did not resume the control channel's TLS session""#,
    ));
    assert_eq!(tls.kind, Some(ActivityKind::TlsResumeFailure));
    assert!(tls.kind.as_ref().is_some_and(ActivityKind::is_failure));
    let quoted = ActivityEvent::parse(&raw(
        "ERRORS",
        r#"ERRORS ERROR Message="said \"no\" \\ twice""#,
    ));
    assert_eq!(quoted.message.as_deref(), Some(r#"said "no" \ twice"#));
}

#[test]
fn an_unknown_activity_type_is_kept_by_name() {
    let event = ActivityEvent::parse(&raw("ERRORS", r#"{"activity-type":"NEW_THING"}"#));
    assert_eq!(event.kind, Some(ActivityKind::Other("NEW_THING".into())));
    assert_eq!(
        event.kind.as_ref().map(ActivityKind::as_str),
        Some("NEW_THING")
    );
}

use proptest::prelude::*;

proptest! {
    #[test]
    fn any_line_parses_without_panic_and_keeps_its_text(
        stream in "\\PC{0,30}",
        message in "\\PC{0,200}",
    ) {
        let event = ActivityEvent::parse(&raw(&stream, &message));
        prop_assert_eq!(&*event.raw, message.as_str());
        prop_assert_eq!(&*event.stream, stream.as_str());
        let fields = event.fields();
        if event.format == LogFormat::Unparsed {
            prop_assert!(fields.is_empty());
            prop_assert!(event.kind.is_none());
        } else {
            prop_assert!(event.kind.is_some());
        }
    }

    #[test]
    fn lines_close_to_both_formats_never_panic(
        message in "(ERRORS )?[A-Z_]{0,12}( [A-Za-z]{1,6}=(\"[^\"]{0,8}\"?|[^ ]{0,8})){0,4}|\\{\"activity-type\":.{0,20}",
    ) {
        let event = ActivityEvent::parse(&raw("ERRORS", &message));
        prop_assert_eq!(&*event.raw, message.as_str());
    }

    #[test]
    fn a_legacy_line_gives_back_the_values_written(
        user in "[a-z][a-z0-9-]{0,12}",
        ip in "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
        message in "[^\\p{Cc}]{0,40}",
    ) {
        let escaped = message.replace('\\', "\\\\").replace('"', "\\\"");
        let line = format!(
            "ERRORS AUTH_FAILURE Method=password User={user} Message=\"{escaped}\" SourceIP={ip}"
        );
        let event = ActivityEvent::parse(&raw("ERRORS", &line));
        prop_assert_eq!(event.format, LogFormat::Legacy);
        prop_assert_eq!(event.user.as_deref(), Some(user.as_str()));
        prop_assert_eq!(event.source_ip.as_deref(), Some(ip.as_str()));
        let expected = (!message.is_empty()).then_some(message.as_str());
        prop_assert_eq!(event.message.as_deref(), expected);
    }

    #[test]
    fn a_structured_event_gives_back_the_values_written(
        user in "\\PC{1,20}",
        path in "\\PC{1,40}",
        bytes in any::<u64>(),
    ) {
        let line = serde_json::json!({
            "activity-type": "CLOSE",
            "user": user,
            "path": path,
            "bytes-in": bytes.to_string(),
        })
        .to_string();
        let event = ActivityEvent::parse(&raw("ERRORS", &line));
        prop_assert_eq!(event.format, LogFormat::Structured);
        prop_assert_eq!(event.user.as_deref(), Some(user.as_str()));
        prop_assert_eq!(event.path.as_deref(), Some(path.as_str()));
        prop_assert_eq!(event.bytes_in, Some(bytes));
    }
}
