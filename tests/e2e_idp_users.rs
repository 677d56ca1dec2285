//! The custom-IdP users pane in the real binary: a user is created, its
//! login tested, its password rotated, then deleted and restored, with the
//! emulator's state checked through the AWS API after each step; and from
//! a seeded user to the upload in their home directory.

mod support;

use std::time::Duration;

use support::console::{Console, editor_env, shown_password};
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws::secrets;
use transfer_console::model::login_secret::DEFAULT_PREFIX;

const WAIT: Duration = Duration::from_secs(15);

fn console(emulator: &Emulator) -> Console {
    let trace = [("TRANSFER_CONSOLE_LOG", "trace".to_string())];
    Console::start(emulator, &[], &trace, 140, 40)
}

#[tokio::test]
async fn create_test_rotate_delete_and_restore_a_custom_idp_user() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let name = format!("{DEFAULT_PREFIX}{id}/e2e-user");
    let console = console(&emulator);
    let tmux = &console.tmux;
    let session = emulator.session().await;
    console.open_users(&id);
    tmux.wait_for("legacy-erp", WAIT);

    // Create: a bad role is refused at the field, then a generated password.
    tmux.send(&["n"]);
    tmux.wait_for("New user of", WAIT);
    tmux.type_text("e2e-user");
    tmux.send(&["Tab"]);
    tmux.type_text("transfer-role");
    tmux.send(&["Tab"]);
    tmux.type_text("/acme-legacy-ftp/e2e");
    tmux.send(&["Enter"]);
    tmux.wait_for("an IAM role ARN", WAIT);
    for _ in 0.."transfer-role".len() {
        tmux.send(&["BSpace"]);
    }
    tmux.type_text("arn:aws:iam::123456789012:role/transfer-legacy-ftp");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("New password of e2e-user", WAIT);
    let first = shown_password(&screen);
    let stored = secrets::get_login_secret(&session, &name)
        .await
        .expect("created")
        .content
        .expect("JSON");
    assert_eq!(stored.password(), Some(first.as_str()));
    assert_eq!(
        stored.role(),
        Some("arn:aws:iam::123456789012:role/transfer-legacy-ftp")
    );
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("New password of"))
        .unwrap_or_else(|screen| panic!("the password stayed on screen:\n{screen}"));
    assert!(!tmux.screen().contains(&first), "masked once dismissed");

    // e2e-user sorts first; its login is tested with the stored password.
    tmux.wait_for("e2e-user", WAIT);
    tmux.send(&["g"]);
    tmux.wait_for(&format!("{id}/e2e-user  version"), WAIT);
    tmux.send(&["t"]);
    tmux.wait_for("Test a login", WAIT);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("login accepted", WAIT);
    assert!(screen.contains("/acme-legacy-ftp/e2e"), "{screen}");
    assert!(!screen.contains(&first), "{screen}");
    // Escape and the next key at once would read as an Alt chord.
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("login accepted"))
        .unwrap_or_else(|screen| panic!("the result stayed:\n{screen}"));

    // Rotate: a new password, shown once, stored.
    tmux.send(&["R"]);
    tmux.wait_for("Rotate the password of e2e-user", WAIT);
    tmux.wait_for("Type e2e-user to confirm", WAIT);
    tmux.type_text("e2e-user");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("New password of e2e-user", WAIT);
    let second = shown_password(&screen);
    assert_ne!(first, second);
    let stored = secrets::get_login_secret(&session, &name)
        .await
        .expect("read")
        .content
        .expect("JSON");
    assert_eq!(stored.password(), Some(second.as_str()));
    tmux.send(&["Enter"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("New password of"))
        .unwrap_or_else(|screen| panic!("the password stayed on screen:\n{screen}"));

    // Delete with the default recovery window, after typing the name.
    tmux.send(&["x"]);
    tmux.wait_for("Delete e2e-user", WAIT);
    tmux.type_text("e2e-user");
    tmux.send(&["Enter"]);
    tmux.wait_for("scheduled for deletion", WAIT);
    let listed = secrets::list_login_secrets(&session, &[DEFAULT_PREFIX])
        .await
        .expect("list");
    let entry = listed.iter().find(|e| e.name == name).expect("listed");
    assert!(entry.deleted.is_some(), "deleted, with a recovery window");
    tmux.wait_for("U restores", WAIT);

    // Restore.
    tmux.send(&["U"]);
    tmux.wait_for("Restore the secret", WAIT);
    tmux.send(&["y"]);
    tmux.wait_for("e2e-user: restored", WAIT);
    let listed = secrets::list_login_secrets(&session, &[DEFAULT_PREFIX])
        .await
        .expect("list");
    let entry = listed.iter().find(|e| e.name == name).expect("listed");
    assert!(entry.deleted.is_none());
    let back = secrets::get_login_secret(&session, &name)
        .await
        .expect("readable again");
    assert_eq!(
        back.content.expect("JSON").password(),
        Some(second.as_str())
    );

    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));

    let audit = std::fs::read_to_string(console.audit_path()).expect("audit log");
    let fields: Vec<String> = audit
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .map(|line| {
            assert_eq!(line["outcome"], "ok", "{line}");
            assert_eq!(line["server"], id.as_str());
            line["field"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        fields,
        [
            "LoginSecret:create",
            "LoginSecret:Password",
            "LoginSecret:delete",
            "LoginSecret:restore"
        ]
    );
    for password in [&first, &second] {
        assert!(!audit.contains(password.as_str()));
        let log = std::fs::read_to_string(console.log_path()).unwrap_or_default();
        assert!(
            !log.contains(password.as_str()),
            "a password reached the log"
        );
    }
}

#[test]
fn walks_from_a_seeded_user_to_the_upload_in_their_home() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let console = console(&emulator);
    let tmux = &console.tmux;
    console.open_users(&id);
    // edi-partner, then legacy-erp (home /acme-legacy-ftp/erp).
    tmux.wait_for("edi-partner", WAIT);
    tmux.send(&["Down"]);
    tmux.wait_for("/acme-legacy-ftp/erp", WAIT);
    tmux.send(&["o"]);
    let screen = tmux.wait_for("daily-20261122.log", WAIT);
    assert!(screen.contains("s3://acme-legacy-ftp/erp/"), "{screen}");
    assert!(screen.contains("Users › /acme-legacy-ftp/erp"), "{screen}");
    tmux.send(&["q"]);
}

#[tokio::test]
async fn an_edit_behind_the_consoles_back_is_refused_then_the_json_is_edited_in_the_editor() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let name = format!("{DEFAULT_PREFIX}{id}/scanner01");
    let dir = tempfile::tempdir().expect("tempdir");
    // A stand-in editor: notes the file's mode, changes a key the console
    // does not know.
    let mode = dir.path().join("mode");
    let env = editor_env(
        dir.path(),
        &format!(
            "stat -c %a \"$1\" > {}\nsed -i 's#10.1.2.0/24#10.1.3.0/24#' \"$1\"",
            mode.display()
        ),
    );
    let console = Console::start(&emulator, &[], &env, 140, 40);
    let tmux = &console.tmux;
    let session = emulator.session().await;
    console.open_users(&id);
    tmux.wait_for("edi-partner", WAIT);
    for _ in 0..3 {
        tmux.send(&["Down"]);
    }
    tmux.wait_for("AllowedClientCidr (kept as they are)", WAIT);

    // Someone changes the secret after the console read it.
    let read = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    let mut behind = read.content.clone().expect("JSON");
    behind.set("Note", "changed elsewhere");
    session
        .secrets
        .put_secret_value()
        .secret_id(&name)
        .secret_string(behind.to_json())
        .send()
        .await
        .expect("a write behind the console's back");
    tmux.send(&["e"]);
    tmux.wait_for("Edit scanner01", WAIT);
    tmux.send(&["Enter"]);
    tmux.wait_for("The secret changed meanwhile", WAIT);
    let now = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    assert_eq!(
        now.content.clone().expect("JSON"),
        behind,
        "not overwritten"
    );
    tmux.send(&["y"]);
    tmux.wait_for(&format!("version {}", now.version_id), WAIT);

    // The whole JSON in $EDITOR: validated, saved over the version reloaded.
    tmux.send(&["E"]);
    tmux.wait_for("scanner01: saved", WAIT);
    assert_eq!(
        std::fs::read_to_string(&mode).expect("editor ran").trim(),
        "600"
    );
    let saved = secrets::get_login_secret(&session, &name)
        .await
        .expect("read")
        .content
        .expect("JSON");
    assert!(saved.to_json().contains("10.1.3.0/24"), "{saved:?}");
    assert_eq!(saved.password(), behind.password(), "the password is kept");
    let mut keys = saved.other_keys();
    keys.sort();
    assert_eq!(keys, ["AllowedClientCidr", "Note"]);
    // The UI is back and still answers keys.
    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
}

#[tokio::test]
async fn a_secret_that_is_not_json_is_repaired_in_the_editor() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let name = format!("{DEFAULT_PREFIX}{id}/broken");
    let session = emulator.session().await;
    session
        .secrets
        .create_secret()
        .name(&name)
        .secret_string("Password=Fix-Me-Pass-1")
        .send()
        .await
        .expect("a secret written by hand, not as JSON");
    let dir = tempfile::tempdir().expect("tempdir");
    // A stand-in editor: notes what it was given, writes the JSON.
    let given = dir.path().join("given");
    let env = editor_env(
        dir.path(),
        &format!(
            "cp \"$1\" {}\nprintf '%s' '{{\"Password\":\"Fix-Me-Pass-1\",\"Role\":\"arn:aws:iam::123456789012:role/transfer-legacy-ftp\",\"HomeDirectory\":\"/acme-legacy-ftp/broken\"}}' > \"$1\"",
            given.display()
        ),
    );
    let console = Console::start(&emulator, &["--refresh", "0"], &env, 140, 40);
    let tmux = &console.tmux;
    console.open_users(&id);
    tmux.send(&["/"]);
    tmux.type_text("broken");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the secret is not JSON", WAIT);
    assert!(!screen.contains("Fix-Me-Pass-1"), "{screen}");

    tmux.send(&["E"]);
    tmux.wait_for("broken: saved", WAIT);
    assert_eq!(
        std::fs::read_to_string(&given).expect("the editor ran"),
        "Password=Fix-Me-Pass-1",
        "the editor got the value as stored"
    );
    let repaired = secrets::get_login_secret(&session, &name)
        .await
        .expect("read")
        .content
        .expect("JSON now");
    assert_eq!(repaired.password(), Some("Fix-Me-Pass-1"));
    assert!(repaired.role().is_some());
    tmux.send(&["q"]);
}

#[tokio::test]
async fn ctrl_c_in_the_editor_spares_the_console_and_no_file_of_the_secret_is_left() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let name = format!("{DEFAULT_PREFIX}{id}/scanner01");
    let dir = tempfile::tempdir().expect("tempdir");
    // The console's temporary directory, to see what it leaves there.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let interrupted = dir.path().join("interrupted");
    // A stand-in editor that leaves an Emacs-like backup and a vim-like
    // swap file beside the file; the first time it is interrupted as
    // Ctrl-C would (SIGINT to the whole foreground process group), the
    // second time it saves.
    let mut env = editor_env(
        dir.path(),
        &format!(
            "cp \"$1\" \"$1~\"\n\
             cp \"$1\" \"$(dirname \"$1\")/.$(basename \"$1\").swp\"\n\
             if [ ! -e {marker} ]; then touch {marker}; kill -INT 0; fi\n\
             sed -i 's#10.1.2.0/24#10.1.3.0/24#' \"$1\"",
            marker = interrupted.display()
        ),
    )
    .to_vec();
    env.push(("TMPDIR", tmp.to_string_lossy().into_owned()));
    let console = Console::start(&emulator, &[], &env, 140, 40);
    let tmux = &console.tmux;
    let session = emulator.session().await;
    console.open_users(&id);
    tmux.wait_for("edi-partner", WAIT);
    for _ in 0..3 {
        tmux.send(&["Down"]);
    }
    tmux.wait_for("AllowedClientCidr (kept as they are)", WAIT);
    let before = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");

    let left = || -> Vec<_> { std::fs::read_dir(&tmp).expect("tmp").collect() };
    tmux.send(&["E"]);
    tmux.wait_for("(SIGINT): nothing saved", WAIT);
    assert!(interrupted.exists(), "the editor ran");
    assert!(!tmux.exited(), "the console survived the interrupt");
    assert!(left().is_empty(), "left in TMPDIR: {:?}", left());
    let after = secrets::get_login_secret(&session, &name)
        .await
        .expect("read");
    assert_eq!(after.version_id, before.version_id, "nothing written");

    // Still drawing and answering keys: the next edit goes through.
    tmux.send(&["E"]);
    tmux.wait_for("scanner01: saved", WAIT);
    assert!(left().is_empty(), "left in TMPDIR: {:?}", left());
    let saved = secrets::get_login_secret(&session, &name)
        .await
        .expect("read")
        .content
        .expect("JSON");
    assert!(saved.to_json().contains("10.1.3.0/24"), "{saved:?}");
    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
}
