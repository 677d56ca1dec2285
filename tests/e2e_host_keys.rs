//! The real binary in tmux manages a server's host keys: imports one from
//! `$EDITOR` and one from a file, changes a description, deletes a key by
//! typing its id. After each step the emulator's state is read through the
//! AWS API; the private keys never reach the screen, the log or the audit.

mod support;

use std::time::Duration;

use support::console::{Console, editor_env};
use support::emulator::{Emulator, seeded_server};
use support::loopback::new_host_key;
use transfer_console::aws;

const WAIT: Duration = Duration::from_secs(15);

/// The base64 body of a private key file (the lines between BEGIN and END).
fn private_lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("the key")
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn import_from_the_editor_and_a_file_describe_and_delete_a_host_key() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "sftp_public").to_string();
    let session = emulator.session().await;
    let keys_dir = tempfile::tempdir().expect("tempdir");
    let (pasted, pasted_fp) = new_host_key(keys_dir.path(), "pasted");
    let (filed, filed_fp) = new_host_key(keys_dir.path(), "filed");
    // The stand-in editor "pastes" the key into the file it is given.
    let editor = editor_env(
        keys_dir.path(),
        &format!("cat '{}' > \"$1\"", pasted.display()),
    );
    let console = Console::start(&emulator, &[], &editor, 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.open_detail(&id);
    tmux.send(&["K"]);
    tmux.wait_for(&format!("Host keys of {id} (1)"), WAIT);
    let first = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    tmux.wait_for(&first[0].fingerprint, WAIT);

    // From $EDITOR: an empty path opens it.
    tmux.send(&["i"]);
    tmux.wait_for("Import a host key", WAIT);
    tmux.send(&["Tab"]);
    tmux.type_text("pasted 2026");
    tmux.send(&["Enter"]);
    tmux.wait_for("from $EDITOR (not shown)", WAIT);
    tmux.send(&["y"]);
    tmux.wait_for("imported host key hostkey-", WAIT);
    tmux.wait_for(&format!("Host keys of {id} (2)"), WAIT);
    tmux.wait_for(&pasted_fp, WAIT);

    // From a file, after a path that is no key is refused at the field.
    tmux.send(&["i"]);
    tmux.wait_for("Import a host key", WAIT);
    tmux.type_text(&format!("{}.pub", filed.display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("this is a public key", WAIT);
    tmux.send(&["BSpace"; 4]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("from file {} (not shown)", filed.display()), WAIT);
    tmux.send(&["y"]);
    tmux.wait_for(&format!("Host keys of {id} (3)"), WAIT);
    tmux.wait_for(&filed_fp, WAIT);

    let keys = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    let fingerprints: Vec<&str> = keys.iter().map(|k| k.fingerprint.as_str()).collect();
    assert_eq!(
        fingerprints,
        [first[0].fingerprint.as_str(), &pasted_fp, &filed_fp]
    );
    assert_eq!(keys[1].description, "pasted 2026");

    // The pasted key gets a new description.
    tmux.send(&["Down"]);
    tmux.send(&["e"]);
    tmux.wait_for("Description of hostkey-", WAIT);
    tmux.send(&["BSpace"; 11]);
    tmux.type_text("in use");
    tmux.send(&["Enter"]);
    tmux.wait_for("pasted 2026 → in use", WAIT);
    tmux.send(&["y"]);
    tmux.wait_for("changed the description of", WAIT);

    // The first key is deleted by typing its id; Enter alone does nothing.
    tmux.send(&["Up"]);
    tmux.send(&["x"]);
    tmux.wait_for(&format!("Delete host key {}", first[0].id), WAIT);
    tmux.send(&["Enter"]);
    tmux.type_text(&first[0].id);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("deleted host key {}", first[0].id), WAIT);
    tmux.wait_for(&format!("Host keys of {id} (2)"), WAIT);

    let keys = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].fingerprint, pasted_fp);
    assert_eq!(keys[0].description, "in use");
    // DescribeServer now names the oldest key left.
    let server = aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    assert_eq!(server.host_key_fingerprint.as_deref(), Some(&*pasted_fp));

    let audit = console.audit_entries();
    let fields: Vec<(&str, &str)> = audit
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default(),
                e["outcome"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("HostKey", "ok"),
            ("HostKey", "ok"),
            ("HostKeyDescription", "ok"),
            ("HostKey", "ok")
        ],
        "{audit:#?}"
    );
    assert!(
        audit[0]["after"]
            .as_str()
            .unwrap_or_default()
            .contains("imported from $EDITOR")
    );
    assert_eq!(audit[3]["after"], "(deleted)");

    // Not a line of either private key on screen, in the log or the audit.
    let screen = tmux.screen();
    let log = std::fs::read_to_string(console.log_path()).unwrap_or_default();
    let audit_text = std::fs::read_to_string(console.audit_path()).unwrap_or_default();
    for line in private_lines(&pasted).iter().chain(&private_lines(&filed)) {
        assert!(!screen.contains(line.as_str()), "on screen: {line}");
        assert!(!log.contains(line.as_str()), "in the log: {line}");
        assert!(!audit_text.contains(line.as_str()), "in the audit: {line}");
    }
}
