//! The real binary in tmux copies a server's users to another server:
//! `:copy-users <id>` on the source's detail shows the plan (a user the
//! target has is skipped), `y` copies, the summary says what happened,
//! and the target's users pane lists the copies. Each copy is audited.

mod support;

use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn copy_users_from_one_seeded_server_to_another() {
    let emulator = Emulator::start(&["--transition-delay", "0"]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let from = seeded_server(&estate, "sftp_public").to_string();
    let to = session
        .transfer
        .create_server()
        .protocols(aws_sdk_transfer::types::Protocol::Sftp)
        .identity_provider_type(aws_sdk_transfer::types::IdentityProviderType::ServiceManaged)
        .send()
        .await
        .expect("CreateServer")
        .server_id()
        .to_string();
    // partner-b is on the target already: the plan skips it.
    session
        .transfer
        .create_user()
        .server_id(&to)
        .user_name("partner-b")
        .role("arn:aws:iam::123456789012:role/transfer-partner-drop")
        .home_directory("/acme-partner-drop/other")
        .send()
        .await
        .expect("CreateUser on the target");

    emulator.control("DELETE", "requests", None);
    let console = Console::start(&emulator, &[], &[], 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(5);
    console.open_detail(&from);
    tmux.send(&[":"]);
    tmux.type_text(&format!("copy-users {to}"));
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("Copy users: {from} → {to}"), WAIT);
    let plan = tmux.wait_for(&format!("y copies 2 users to {to}"), WAIT);
    assert!(
        plan.contains("already on the target: skipped, never overwritten"),
        "{plan}"
    );
    assert!(
        plan.contains("role, home LOGICAL (2 mappings), 1 SSH key"),
        "{plan}"
    );
    // Nothing written before y.
    assert!(
        !emulator
            .requests()
            .iter()
            .any(|(_, op)| op == "CreateUser" || op == "ImportSshPublicKey"),
        "a write before y"
    );

    tmux.send(&["y"]);
    let done = tmux.wait_for("Done: 2 copied, 1 skipped, 0 failed.", WAIT);
    assert!(
        done.contains("users copied: 2 copied, 1 skipped, 0 failed"),
        "{done}"
    );

    // The copies in the target's users pane.
    tmux.send(&["Escape"]);
    tmux.wait_for(&format!("› Servers › {from}"), WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains(&format!("› {from}")))
        .unwrap_or_else(|screen| panic!("still on the detail:\n{screen}"));
    console.select_server(&to);
    tmux.send(&["u"]);
    tmux.wait_for(&format!("Users of {to}"), WAIT);
    let users = tmux.wait_for("partner-a", WAIT);
    assert!(users.contains("auditor"), "{users}");
    assert!(
        users.contains("/acme-partner-drop/other"),
        "partner-b kept: {users}"
    );

    let copied = aws::transfer::describe_user(&session, &to, "partner-a")
        .await
        .expect("the copy");
    assert_eq!(copied.ssh_keys.len(), 1);
    let entries = console.audit_entries();
    let copies: Vec<_> = entries
        .iter()
        .filter(|entry| entry["field"] == "User:copy")
        .collect();
    assert_eq!(copies.len(), 2, "{entries:?}");
    assert!(
        copies
            .iter()
            .all(|e| e["outcome"] == "ok" && e["server"] == to.as_str())
    );
}
