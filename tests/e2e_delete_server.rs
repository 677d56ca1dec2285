//! The real binary in tmux deletes the seeded FTP twin: the pane shows what
//! goes with it and what stays, nothing is sent until its id is typed, the
//! server is followed until AWS no longer knows it, and the login secrets
//! kept behind show up as orphans in `:secrets`.

mod support;

use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws::{self, AwsError};
use transfer_console::model::login_secret::DEFAULT_PREFIX;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn delete_the_twin_and_find_its_secrets_as_orphans() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let twin = seeded_server(&estate, "ftp_vpc_twin").to_string();
    let session = emulator.session().await;
    let secrets = aws::secrets::list_server_secrets(&session, DEFAULT_PREFIX, &twin)
        .await
        .expect("ListSecrets");
    // Its logins (the orphans list shows logins, not `@pgp-default`).
    let own: Vec<String> = secrets
        .iter()
        .filter(|e| e.parsed.is_some() && e.name.contains(&twin))
        .map(|e| e.name.clone())
        .collect();
    assert!(!own.is_empty(), "the seed gives the twin secrets");

    let console = Console::start(&emulator, &[], &[], 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(&twin);
    tmux.send(&["X"]);
    tmux.wait_for(&format!("Delete {twin}"), WAIT);
    tmux.wait_for("Stays behind", WAIT);
    let screen = tmux.wait_for("kept, listed as orphans", WAIT);
    assert!(screen.contains("VPC endpoint    vpce-"), "{screen}");
    assert!(screen.contains("Running cost"), "{screen}");
    assert!(screen.contains(&own[0]), "{screen}");

    // Enter alone and a wrong id send nothing.
    tmux.send(&["Enter"]);
    tmux.wait_for("✗ type", WAIT);
    assert!(
        !emulator
            .requests()
            .iter()
            .any(|(_, operation)| operation == "DeleteServer")
    );
    tmux.type_text(&twin);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("deleted {twin}: AWS no longer lists it"), WAIT);
    tmux.wait_for("orphans now", WAIT);
    tmux.wait_for("Servers (3)", WAIT);

    let gone = aws::transfer::describe_server(&session, &twin)
        .await
        .expect_err("deleted");
    assert!(matches!(gone, AwsError::NotFound { .. }), "{gone:?}");
    let audit = console.audit_entries();
    let last = audit.last().expect("audited");
    assert_eq!(last["field"], "Server");
    assert_eq!(last["server"], twin.as_str());
    assert_eq!(last["outcome"], "ok");

    // The secrets stayed, and are the orphans now.
    tmux.send(&[":"]);
    tmux.type_text("secrets");
    tmux.send(&["Enter"]);
    tmux.wait_for("Login secrets under", WAIT);
    tmux.send(&["O"]);
    let screen = tmux.wait_for("Orphaned secrets under", WAIT);
    for name in &own {
        let user = name.rsplit('/').next().unwrap_or_default();
        assert!(screen.contains(user), "{user} not an orphan:\n{screen}");
    }
}
