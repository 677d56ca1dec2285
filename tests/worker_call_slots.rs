//! The worker against the emulator while every AWS call slot is held by a
//! call that never answers: an audit line, cancelling a download and
//! cancelling a probe (both still waiting for a slot) are answered at once.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::emulator::{Emulator, REGION};
use tokio::sync::mpsc;
use transfer_console::app::objects::{ObjectsCmd, ObjectsMsg};
use transfer_console::app::{Cmd, Msg, ProbeCmd, ProbeMsg, RequestId, ServerCmd, ServerMsg};
use transfer_console::aws::AwsSettings;
use transfer_console::aws::s3::DownloadError;
use transfer_console::aws::session::CallTimeout;
use transfer_console::model::audit::AuditEntry;
use transfer_console::worker::Worker;

/// The worker's call slots (`MAX_CONCURRENT_CALLS`).
const SLOTS: u64 = 8;
/// A liveness bound: work that needs no slot is answered long before this.
const PROMPTLY: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread")]
async fn work_without_an_aws_call_never_waits_behind_stalled_calls() {
    let emulator = Emulator::start(&[]);
    // The worker loads configuration the way the console does: from the
    // environment. This binary holds this one test, so nothing races it.
    for (name, value) in emulator.console_env() {
        // SAFETY: set before any other thread of this test reads the environment.
        unsafe { std::env::set_var(name, value) };
    }
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "ListServers", "kind": "hang"})),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let audit_log = dir.path().join("audit.jsonl");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let settings = AwsSettings {
        region: Some(REGION.into()),
        endpoint_url: Some(emulator.url.clone()),
        // Longer than the test: the stalled calls hold their slots throughout.
        call_timeout: CallTimeout(Duration::from_secs(600)),
        ..AwsSettings::default()
    };
    let worker = Worker::new(settings, tx).with_audit_log(Some(audit_log.clone()));

    for n in 1..=SLOTS {
        worker.dispatch(Cmd::ListServers { req: RequestId(n) });
    }
    let held = Instant::now() + Duration::from_secs(30);
    while emulator.requests().len() < SLOTS as usize {
        assert!(
            Instant::now() < held,
            "the stalled calls never reached the emulator"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Both wait for a slot; each is cancelled before it gets one.
    let (download, probe) = (RequestId(20), RequestId(21));
    worker.dispatch(Cmd::Objects(ObjectsCmd::Download {
        req: download,
        bucket: "acme-reports".into(),
        key: "in/a.csv".into(),
        dest: dir.path().join("a.csv"),
        overwrite: false,
    }));
    worker.dispatch(Cmd::Probe(ProbeCmd::Run {
        req: probe,
        server_id: "s-0123456789abcdef0".into(),
        hosts: Vec::new(),
        login: None,
        consent: Default::default(),
    }));
    worker.dispatch(Cmd::Server(ServerCmd::Audit {
        entry: AuditEntry {
            profile: "default".into(),
            region: REGION.into(),
            account: None,
            endpoint: None,
            server: "s-0123456789abcdef0".into(),
            field: "PassiveIp".into(),
            before: Some("AUTO".into()),
            after: "10.0.0.1".into(),
            outcome: "ok".into(),
        },
    }));
    worker.dispatch(Cmd::Objects(ObjectsCmd::CancelDownload { req: download }));
    worker.dispatch(Cmd::Probe(ProbeCmd::Cancel { req: probe }));

    let (mut audited, mut cancel_seen, mut download_ended, mut probe_ended) =
        (false, false, false, false);
    let deadline = tokio::time::Instant::now() + PROMPTLY;
    while !(audited && cancel_seen && download_ended && probe_ended) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "still waiting behind the stalled calls: audited {audited}, \
                     cancel {cancel_seen}, download ended {download_ended}, probe ended {probe_ended}"
                )
            })
            .expect("the worker is alive");
        match msg {
            Msg::Server(ServerMsg::Audited) => audited = true,
            Msg::Server(ServerMsg::AuditFailed { error }) => panic!("audit failed: {error}"),
            Msg::Objects(ObjectsMsg::CancelRequested { req }) => cancel_seen = req == download,
            Msg::Objects(ObjectsMsg::Downloaded { req, result, .. }) => {
                assert_eq!(req, download);
                assert!(
                    matches!(result, Err(DownloadError::Cancelled)),
                    "{result:?}"
                );
                download_ended = true;
            }
            Msg::Probe(ProbeMsg::Finished { req }) => probe_ended = req == probe,
            Msg::Probe(ProbeMsg::Prepared { result, .. }) => {
                panic!("the cancelled probe was prepared: {result:?}")
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let written = std::fs::read_to_string(&audit_log).expect("the audit log");
    assert!(written.contains("\"PassiveIp\""), "{written}");
    // Nothing but the stalled listings reached AWS: the cancelled work
    // never made its calls.
    let requests = emulator.requests();
    assert!(
        requests.iter().all(|(_, op)| op == "ListServers"),
        "{requests:?}"
    );
    emulator.control("DELETE", "faults", None);
}
