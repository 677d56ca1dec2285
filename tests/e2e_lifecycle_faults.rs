//! Lifecycle writes answered 500 after AWS applied them: the console reads
//! the server or its keys again and says the change took effect anyway, on
//! screen and in the audit log.

mod support;

use std::time::Duration;

use serde_json::json;
use support::console::{Console, editor_env};
use support::emulator::{Emulator, seeded_server};
use support::loopback::new_host_key;
use transfer_console::aws::{self, AwsError};

const WAIT: Duration = Duration::from_secs(30);

fn fault_after(emulator: &Emulator, operation: &str) {
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": operation,
                    "kind": "server_error", "count": null, "after": true})),
    );
}

#[tokio::test]
async fn a_deletion_and_a_host_key_import_answered_500_after_applying_are_said_done_anyway() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let sftp = seeded_server(&estate, "sftp_public").to_string();
    let twin = seeded_server(&estate, "ftp_vpc_twin").to_string();
    let session = emulator.session().await;
    let keys_dir = tempfile::tempdir().expect("tempdir");
    let (key, fingerprint) = new_host_key(keys_dir.path(), "pasted");
    let editor = editor_env(
        keys_dir.path(),
        &format!("cat '{}' > \"$1\"", key.display()),
    );
    let console = Console::start(&emulator, &["--refresh", "0"], &editor, 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    // ImportHostKey applied, answered 500.
    fault_after(&emulator, "ImportHostKey");
    console.open_detail(&sftp);
    tmux.send(&["K"]);
    tmux.wait_for(&format!("Host keys of {sftp} (1)"), WAIT);
    tmux.send(&["i"]);
    tmux.wait_for("Import a host key", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("(not shown)", WAIT);
    tmux.send(&["y"]);
    tmux.wait_for("took effect although AWS answered", WAIT);
    let keys = aws::host_keys::list_host_keys(&session, &sftp)
        .await
        .expect("ListHostKeys");
    assert!(
        keys.iter().any(|k| k.fingerprint == fingerprint),
        "{keys:?}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("Running cost", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_for("Servers (4)", WAIT);

    // DeleteServer applied, answered 500.
    fault_after(&emulator, "DeleteServer");
    console.select_server(&twin);
    tmux.send(&["X"]);
    tmux.wait_for("Stays behind", WAIT);
    tmux.type_text(&twin);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("deleted {twin} anyway"), WAIT);
    let gone = aws::transfer::describe_server(&session, &twin)
        .await
        .expect_err("deleted");
    assert!(matches!(gone, AwsError::NotFound { .. }), "{gone:?}");

    let audit = console.audit_entries();
    let outcomes: Vec<(&str, &str)> = audit
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default(),
                e["outcome"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(outcomes.len(), 2, "{audit:#?}");
    assert_eq!(outcomes[0].0, "HostKey");
    assert!(
        outcomes[0].1.starts_with("changed anyway despite"),
        "{audit:#?}"
    );
    assert_eq!(outcomes[1].0, "Server");
    assert!(
        outcomes[1].1.starts_with("deleted anyway despite"),
        "{audit:#?}"
    );
}
