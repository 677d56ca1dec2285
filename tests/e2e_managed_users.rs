//! The real binary in tmux manages the users of the seeded SERVICE_MANAGED
//! server: creates one, imports an SSH key, deletes the key and the user.
//! After each step the emulator's state is read through the AWS API.

mod support;

use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws::{self, AwsError};

const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-partner-drop";
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy e2e@bastion";
const USER: &str = "e2e.partner";
const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn create_a_user_import_and_delete_a_key_then_delete_the_user() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "sftp_public").to_string();
    let session = emulator.session().await;
    let console = Console::start(&emulator, &[], &[], 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(&id);
    tmux.send(&["u"]);
    tmux.wait_for(&format!("Users of {id} (3)"), WAIT);
    tmux.wait_for("partner-b", WAIT);

    // Create: a bad name is refused at the field, then the user is made.
    tmux.send(&["n"]);
    tmux.wait_for("New user", WAIT);
    tmux.type_text("e2e partner");
    tmux.send(&["Enter"]);
    tmux.wait_for("' ' is not allowed", WAIT);
    tmux.send(&["BSpace"; 8]);
    tmux.type_text(".partner");
    tmux.send(&["Tab"]);
    tmux.type_text(ROLE);
    tmux.send(&["Tab"]);
    tmux.type_text("/acme-partner-drop/e2e");
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("created user {USER}"), WAIT);
    let user = aws::transfer::describe_user(&session, &id, USER)
        .await
        .expect("the user exists");
    assert_eq!(
        user.home_directory.as_deref(),
        Some("/acme-partner-drop/e2e")
    );
    assert_eq!(user.role.as_deref(), Some(ROLE));
    assert!(user.ssh_keys.is_empty());
    tmux.wait_for(&format!("Users of {id} (4)"), WAIT);
    tmux.wait_for("PATH /acme-partner-drop/e2e", WAIT);

    // Its home, in the S3 browser, and back.
    tmux.send(&["o"]);
    tmux.wait_for("s3://acme-partner-drop/e2e/", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_for(&format!("Users of {id} (4)"), WAIT);

    // Import a key: the new user is the selected row.
    tmux.send(&["a"]);
    tmux.wait_for(&format!("Import an SSH key for {USER}"), WAIT);
    tmux.type_text(KEY);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("imported SSH key key-", WAIT);
    let user = aws::transfer::describe_user(&session, &id, USER)
        .await
        .expect("describe");
    assert_eq!(user.ssh_keys.len(), 1, "{screen}");
    let key_id = user.ssh_keys[0].id.clone();
    assert_eq!(user.ssh_keys[0].body, KEY);
    assert!(screen.contains(&key_id), "{screen}");
    tmux.wait_for(&format!("{key_id}  imported"), WAIT);

    // Delete the key: the question names it.
    tmux.send(&["K"]);
    let screen = tmux.wait_for(&format!("Delete SSH key of {USER}"), WAIT);
    assert!(screen.contains(&format!("Key id:  {key_id}")), "{screen}");
    assert!(screen.contains("Comment: e2e@bastion"), "{screen}");
    tmux.send(&["y"]);
    tmux.wait_for(&format!("deleted SSH key {key_id} of {USER}"), WAIT);
    let user = aws::transfer::describe_user(&session, &id, USER)
        .await
        .expect("describe");
    assert!(user.ssh_keys.is_empty(), "{:?}", user.ssh_keys);

    // Delete the user: its name must be typed.
    tmux.wait_for("SSH keys       (none", WAIT);
    tmux.send(&["x"]);
    tmux.wait_for(&format!("Type {USER} to confirm"), WAIT);
    tmux.type_text("partner-a");
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("type {USER} to confirm"), WAIT);
    tmux.send(&["BSpace"; 9]);
    tmux.type_text(USER);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("deleted user {USER}"), WAIT);
    let err = aws::transfer::describe_user(&session, &id, USER)
        .await
        .expect_err("the user is gone");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
    tmux.wait_for(&format!("Users of {id} (3)"), WAIT);

    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));

    let lines = console.audit_entries();
    let fields: Vec<_> = lines.iter().map(|l| l["field"].as_str()).collect();
    assert_eq!(
        fields,
        [
            Some("User"),
            Some("SshPublicKey"),
            Some("SshPublicKey"),
            Some("User")
        ]
    );
    assert!(
        lines
            .iter()
            .all(|l| l["outcome"] == "ok" && l["server"] == id)
    );
    assert_eq!(lines[3]["before"], USER);
}
