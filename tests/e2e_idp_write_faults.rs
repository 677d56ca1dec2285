//! Secret writes that fail in the real binary: the emulator answers
//! PutSecretValue and DeleteSecret with a 500, once after applying them and
//! once instead of applying them. The console reads the secret again and
//! says "changed anyway" or "not changed", in the notice and the audit log,
//! and AWS (the emulator) agrees.

mod support;

use std::time::Duration;

use serde_json::json;
use support::console::{Console, shown_password};
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws::secrets;
use transfer_console::model::login_secret::DEFAULT_PREFIX;

const WAIT: Duration = Duration::from_secs(30);
const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-legacy-ftp";

/// Every attempt of `operation` fails with a 500 (the SDK retries 5xx);
/// with `after`, each is carried out first.
fn fault(emulator: &Emulator, operation: &str, after: bool) {
    emulator.control("DELETE", "faults", None);
    emulator.control(
        "POST",
        "faults",
        Some(json!({
            "service": "secretsmanager",
            "operation": operation,
            "kind": "server_error",
            "count": null,
            "after": after,
        })),
    );
}

#[tokio::test]
async fn a_failed_secret_write_is_read_again_and_said_changed_anyway_or_not_changed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let name = format!("{DEFAULT_PREFIX}{id}/edi-partner");
    let session = emulator.session().await;
    let stored_password = || async {
        secrets::get_login_secret(&session, &name)
            .await
            .expect("readable")
            .content
            .expect("JSON")
            .password()
            .map(str::to_string)
    };
    let console = Console::start(&emulator, &[], &[], 200, 40);
    let tmux = &console.tmux;
    console.open_users(&id);
    // edi-partner sorts first; its value is read when selected.
    tmux.wait_for("edi-partner", WAIT);
    tmux.wait_for(ROLE, WAIT);

    // Applied, then answered 500: changed anyway, the live password shown.
    fault(&emulator, "PutSecretValue", true);
    tmux.send(&["R"]);
    tmux.wait_for("Type edi-partner to confirm", WAIT);
    tmux.type_text("edi-partner");
    tmux.send(&["Enter"]);
    tmux.wait_for("password rotated: changed anyway", WAIT);
    let screen = tmux.wait_for("New password of edi-partner", WAIT);
    let rotated = shown_password(&screen);
    assert_eq!(stored_password().await, Some(rotated.clone()));
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("New password of"))
        .unwrap_or_else(|screen| panic!("the password stayed on screen:\n{screen}"));
    // The list and the value are read again before the next write.
    tmux.wait_for(ROLE, WAIT);

    // Refused with a 500 before applying: not changed.
    fault(&emulator, "PutSecretValue", false);
    tmux.send(&["R"]);
    tmux.wait_for("Type edi-partner to confirm", WAIT);
    tmux.type_text("edi-partner");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("; not changed", WAIT);
    assert!(
        screen.contains("edi-partner not password rotated"),
        "{screen}"
    );
    assert!(!screen.contains("New password of"), "{screen}");
    assert_eq!(stored_password().await, Some(rotated.clone()));

    // A deletion applied and answered 500: changed anyway.
    fault(&emulator, "DeleteSecret", true);
    tmux.send(&["x"]);
    tmux.wait_for("Delete edi-partner", WAIT);
    tmux.type_text("edi-partner");
    tmux.send(&["Enter"]);
    tmux.wait_for("scheduled for deletion: changed anyway", WAIT);
    let deleted = secrets::deletion_date(&session, &name)
        .await
        .expect("described");
    assert!(deleted.is_some(), "scheduled for deletion");
    emulator.control("DELETE", "faults", None);

    let outcomes: Vec<String> = console
        .audit_entries()
        .iter()
        .map(|entry| entry["outcome"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(
        outcomes[0].starts_with("changed anyway despite"),
        "{outcomes:?}"
    );
    assert!(outcomes[1].starts_with("failed"), "{outcomes:?}");
    assert!(outcomes[1].ends_with("; not changed"), "{outcomes:?}");
    assert!(
        outcomes[2].starts_with("changed anyway despite"),
        "{outcomes:?}"
    );
    let audit = std::fs::read_to_string(console.audit_path()).expect("audit log");
    assert!(
        !audit.contains(&rotated),
        "a password reached the audit log"
    );
}
