//! The S3 browser in the real binary: from the bucket list into a user's
//! home prefix, to the upload that arrived.

mod support;

use std::time::Duration;

use support::emulator::Emulator;
use support::tmux::Tmux;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

/// The console on the emulator, logging into `dir`, with `extra` flags.
fn console(
    emulator: &Emulator,
    dir: &std::path::Path,
    extra: &[&str],
    width: u16,
    height: u16,
) -> Tmux {
    let log = dir.join("console.log");
    let log = log.to_string_lossy();
    let mut args = vec!["--endpoint-url", &emulator.url, "--log-file", &log];
    args.extend_from_slice(extra);
    Tmux::start(CONSOLE, &args, &emulator.console_env(), width, height)
}

#[tokio::test]
async fn walks_from_the_bucket_list_to_a_partners_upload() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    // S3 times have whole seconds: the 21st's upload comes again a second
    // later, so newest first (21st, 20th) is the reverse of key order.
    std::thread::sleep(Duration::from_millis(1100));
    let session = emulator.session().await;
    session
        .s3
        .put_object()
        .bucket("acme-partner-drop")
        .key("partner-a/inbound/orders-20261121.csv")
        .body(b"order_id,sku,qty\n1003,SKU-002,12\n".to_vec().into())
        .send()
        .await
        .expect("PutObject");
    let dir = tempfile::tempdir().expect("tempdir");
    // No automatic refresh: the test counts one listing per prefix.
    let tmux = console(&emulator, dir.path(), &["--refresh", "0"], 120, 40);
    tmux.wait_for("Servers (4)", Duration::from_secs(20));
    tmux.send(&["b"]);
    tmux.wait_for("acme-partner-drop", Duration::from_secs(15));
    // Buckets are sorted: ftps-exchange, legacy-ftp, partner-drop, reports.
    tmux.send(&["Down", "Down", "Enter"]);
    tmux.wait_for("partner-a/", Duration::from_secs(15));
    tmux.send(&["Enter"]); // partner-a/ is the first folder
    tmux.wait_for("inbound/", Duration::from_secs(15));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("orders-20261121.csv", Duration::from_secs(15));
    assert!(
        screen.contains("s3://acme-partner-drop/partner-a/inbound/"),
        "{screen}"
    );
    assert!(screen.contains("2 objects"), "{screen}");
    assert!(
        screen.contains("Buckets › acme-partner-drop › partner-a/ › inbound/"),
        "{screen}"
    );

    // The screen lines of the two uploads, when both are on screen.
    let rows = |screen: &str| {
        let row_of = |name| screen.lines().position(|line| line.contains(name));
        row_of("orders-20261120.csv").zip(row_of("orders-20261121.csv"))
    };
    assert!(
        rows(&screen).is_some_and(|(old, new)| old < new),
        "key order first:\n{screen}"
    );

    // Newest first, then the newest object's head.
    tmux.send(&["n"]);
    let screen = tmux
        .wait_until(Duration::from_secs(5), |screen| {
            rows(screen).is_some_and(|(old, new)| new < old)
        })
        .unwrap_or_else(|screen| panic!("not newest first after n:\n{screen}"));
    assert!(screen.contains("newest first"), "{screen}");
    tmux.send(&["i"]);
    let screen = tmux.wait_for("STANDARD", Duration::from_secs(15));
    assert!(screen.contains("ETag"), "{screen}");
    // One key at a time: two Escapes at once read as an Alt chord.
    tmux.send(&["Escape"]);
    tmux.wait_until(Duration::from_secs(5), |screen| !screen.contains("ETag"))
        .unwrap_or_else(|screen| panic!("the detail stayed open:\n{screen}"));
    tmux.send(&["Escape"]);
    tmux.wait_for("s3://acme-partner-drop/partner-a/ ", Duration::from_secs(5));

    let operations: Vec<String> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert!(operations.iter().any(|op| op == "ListBuckets"));
    assert_eq!(
        operations
            .iter()
            .filter(|op| *op == "ListObjectsV2")
            .count(),
        3,
        "one page per prefix visited: {operations:?}"
    );
    assert!(operations.iter().any(|op| op == "HeadObject"));

    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
}

#[test]
fn bucket_flag_opens_the_browser_for_roles_that_cannot_list_buckets() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    // A role that may read one bucket but not list them all.
    emulator.control(
        "POST",
        "faults",
        Some(serde_json::json!({"service": "s3", "operation": "ListBuckets", "kind": "access_denied"})),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = console(
        &emulator,
        dir.path(),
        &["--bucket", "acme-legacy-ftp"],
        100,
        30,
    );
    let screen = tmux.wait_for("scanners/", Duration::from_secs(20));
    assert!(screen.contains("warehouse/"), "{screen}");
    tmux.send(&["q"]);
}

#[tokio::test]
async fn a_new_upload_shows_up_by_itself_with_the_automatic_refresh() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = console(
        &emulator,
        dir.path(),
        &["--bucket", "acme-partner-drop", "--refresh", "1"],
        120,
        40,
    );
    tmux.wait_for("partner-a/", Duration::from_secs(20));
    tmux.send(&["Enter"]);
    tmux.wait_for("inbound/", Duration::from_secs(15));
    tmux.send(&["Enter"]);
    tmux.wait_for("2 objects", Duration::from_secs(15));

    // The partner uploads while the operator watches; no key is pressed.
    emulator
        .session()
        .await
        .s3
        .put_object()
        .bucket("acme-partner-drop")
        .key("partner-a/inbound/orders-20261126.csv")
        .body(b"id,qty\n1,4\n".to_vec().into())
        .send()
        .await
        .expect("PutObject");
    let screen = tmux.wait_for("orders-20261126.csv", Duration::from_secs(15));
    assert!(screen.contains("3 objects"), "{screen}");
}
