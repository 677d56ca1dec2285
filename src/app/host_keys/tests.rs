//! The host keys pane's flows: keys and answers in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent};

use super::{HostKeyChange, HostKeysCmd, HostKeysDialog, HostKeysMsg, judge};
use crate::app::managed_users::Afterwards;
use crate::app::{App, Cmd, Msg, NoticeLevel, Pane, RequestId, ServerCmd, ServerDetailPane};
use crate::app::{Listing, TerminalCmd};
use crate::model::{AwsError, AwsSettings, HostKey, PrivateHostKey};

const SERVER: &str = "s-0123456789abcdef0";
const PRIVATE: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END OPENSSH PRIVATE KEY-----\n";

fn host_key(id: &str, kind: &str, description: &str) -> HostKey {
    HostKey {
        id: id.into(),
        fingerprint: format!("SHA256:{}Xq3v9w0aLk2pT7mZrN4sB8cD1eF6gH", &id[8..20]),
        kind: kind.into(),
        description: description.into(),
        imported: Some("2026-11-20T08:15:00Z".into()),
    }
}

const FIRST: &str = "hostkey-0123456789abcdef0";
const SECOND: &str = "hostkey-fedcba98765432100";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert!(press(app, KeyCode::Char(c)).is_empty());
    }
}

fn keys_cmd(cmds: &[Cmd]) -> &HostKeysCmd {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::HostKeys(cmd) => Some(cmd),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no host keys command in {cmds:?}"))
}

fn pane(app: &App) -> &super::HostKeysPane {
    match app.pane() {
        Pane::HostKeys(pane) => pane,
        other => panic!("not on the host keys pane: {}", other.title()),
    }
}

/// `K` on the server's detail, with two keys listed.
pub(crate) fn keys_app(read_only: bool) -> App {
    let mut app = App::new(AwsSettings::default(), read_only);
    app.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
        SERVER.into(),
    ))));
    let cmds = press(&mut app, KeyCode::Char('K'));
    let HostKeysCmd::List { req, server_id } = keys_cmd(&cmds) else {
        panic!("K lists the keys: {cmds:?}");
    };
    assert_eq!(server_id, SERVER);
    let req = *req;
    app.update(Msg::HostKeys(HostKeysMsg::Listed {
        req,
        result: Ok(vec![
            host_key(FIRST, "ssh-rsa", ""),
            host_key(SECOND, "ssh-ed25519", "rotation 2026"),
        ]),
    }));
    assert_eq!(pane(&app).listing, Listing::Loaded);
    app
}

fn change_of(cmds: &[Cmd]) -> (RequestId, HostKeyChange) {
    match keys_cmd(cmds) {
        HostKeysCmd::Change {
            req,
            change,
            server_id,
        } => {
            assert_eq!(server_id, SERVER);
            (*req, change.clone())
        }
        other => panic!("not a change: {other:?}"),
    }
}

fn audit_of(cmds: &[Cmd]) -> crate::model::audit::AuditEntry {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no audit in {cmds:?}"))
}

#[test]
fn k_on_the_detail_lists_the_keys_in_a_pane_of_their_own() {
    let app = keys_app(false);
    assert_eq!(pane(&app).rows.len(), 2);
    assert_eq!(app.pane().title(), "Host keys");
}

#[test]
fn an_import_from_a_file_reads_it_then_asks_then_sends_and_audits() {
    let mut app = keys_app(false);
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    type_text(&mut app, "/etc/ssh/new_host_key");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "rotation 2027");
    let cmds = press(&mut app, KeyCode::Enter);
    let HostKeysCmd::ReadKeyFile { req, path } = keys_cmd(&cmds) else {
        panic!("the file is read first: {cmds:?}");
    };
    assert_eq!(path, "/etc/ssh/new_host_key");
    let req = *req;
    let key = PrivateHostKey::parse(PRIVATE).expect("a key");
    app.update(Msg::HostKeys(HostKeysMsg::KeyRead {
        req,
        result: Ok(key.clone()),
    }));
    let Some(HostKeysDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("a question before the import");
    };
    let asked = confirm.lines.join("\n");
    assert!(
        asked.contains("from file /etc/ssh/new_host_key (not shown)"),
        "{asked}"
    );
    assert!(
        !asked.contains("c2VjcmV0"),
        "the key is never shown: {asked}"
    );
    // Enter is not yes.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let cmds = press(&mut app, KeyCode::Char('y'));
    let (req, change) = change_of(&cmds);
    assert_eq!(
        change,
        HostKeyChange::Import {
            key,
            description: "rotation 2027".into(),
            source: "file /etc/ssh/new_host_key".into(),
        }
    );
    // Followed as a write, and nothing of the key in its Debug.
    assert_eq!(app.writes_in_flight().len(), 1);
    assert!(!format!("{cmds:?}").contains("c2VjcmV0"));

    let cmds = app.update(Msg::HostKeys(HostKeysMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Ok(Some("hostkey-aaaaaaaaaaaaaaaaa".into())),
        afterwards: None,
    }));
    let entry = audit_of(&cmds);
    assert_eq!(entry.field, "HostKey");
    assert_eq!(
        entry.after,
        "hostkey-aaaaaaaaaaaaaaaaa imported from file /etc/ssh/new_host_key; description rotation 2027"
    );
    assert_eq!(entry.outcome, "ok");
    assert!(!format!("{entry:?}").contains("c2VjcmV0"));
    assert!(
        matches!(keys_cmd(&cmds), HostKeysCmd::List { .. }),
        "listed again"
    );
    assert!(app.writes_in_flight().is_empty());
}

#[test]
fn an_empty_path_opens_the_editor_and_a_bad_key_comes_back_on_the_form() {
    let mut app = keys_app(false);
    press(&mut app, KeyCode::Char('i'));
    let cmds = press(&mut app, KeyCode::Enter);
    let [Cmd::Terminal(TerminalCmd::EditHostKey { req })] = cmds.as_slice() else {
        panic!("the editor opens: {cmds:?}");
    };
    let cmds = app.update(Msg::HostKeys(HostKeysMsg::KeyRead {
        req: *req,
        result: Err("this is a public key: ImportHostKey takes the server's PRIVATE key".into()),
    }));
    assert!(cmds.is_empty(), "nothing sent: {cmds:?}");
    let Some(HostKeysDialog::Import(form)) = &pane(&app).dialog else {
        panic!("the form stays");
    };
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("PRIVATE"))
    );
}

#[test]
fn a_description_too_long_is_refused_at_the_field() {
    let mut app = keys_app(false);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, &"x".repeat(201));
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(HostKeysDialog::Import(form)) = &pane(&app).dialog else {
        panic!("the form stays");
    };
    assert!(form.fields[1].error.is_some());
}

#[test]
fn a_description_change_asks_then_sends_and_audits_before_and_after() {
    let mut app = keys_app(false);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."rotation 2026".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "in use");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let cmds = press(&mut app, KeyCode::Char('y'));
    let (req, change) = change_of(&cmds);
    assert_eq!(
        change,
        HostKeyChange::Describe {
            key_id: SECOND.into(),
            before: "rotation 2026".into(),
            after: "in use".into(),
        }
    );
    let err = AwsError::Service {
        action: "transfer:UpdateHostKey".into(),
        code: "InternalServerError".into(),
        message: "boom".into(),
    };
    let cmds = app.update(Msg::HostKeys(HostKeysMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Err(err),
        afterwards: Some(Afterwards::ChangedAnyway),
    }));
    let entry = audit_of(&cmds);
    assert_eq!(entry.field, "HostKeyDescription");
    assert_eq!(
        entry.before.as_deref(),
        Some(&*format!("{SECOND}: rotation 2026"))
    );
    assert_eq!(entry.after, format!("{SECOND}: in use"));
    assert!(
        entry.outcome.starts_with("changed anyway despite"),
        "{}",
        entry.outcome
    );
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warning);
    assert!(
        notice.text.contains("took effect although"),
        "{}",
        notice.text
    );
}

#[test]
fn a_deletion_takes_the_typed_key_id_only() {
    let mut app = keys_app(false);
    assert!(press(&mut app, KeyCode::Char('x')).is_empty());
    // Enter on an empty answer, then a wrong id, confirm nothing.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    type_text(&mut app, SECOND);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    for _ in 0..SECOND.len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, FIRST);
    let cmds = press(&mut app, KeyCode::Enter);
    let (req, change) = change_of(&cmds);
    assert!(matches!(&change, HostKeyChange::Delete { key_id, .. } if key_id == FIRST));
    let cmds = app.update(Msg::HostKeys(HostKeysMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Ok(None),
        afterwards: None,
    }));
    let entry = audit_of(&cmds);
    assert_eq!(entry.after, "(deleted)");
    assert!(
        entry
            .before
            .as_deref()
            .is_some_and(|b| b.starts_with(FIRST))
    );
}

#[test]
fn read_only_refuses_every_change_with_its_name() {
    let mut app = keys_app(true);
    for (key, what) in [
        ('i', "importing a host key"),
        ('e', "changing a host key's description"),
        ('x', "deleting a host key"),
    ] {
        assert!(press(&mut app, KeyCode::Char(key)).is_empty());
        assert!(pane(&app).dialog.is_none());
        let notice = app.notice.clone().expect("a notice");
        assert!(
            notice.text.contains(what) && notice.text.contains("read-only"),
            "{}",
            notice.text
        );
    }
}

#[test]
fn a_failed_write_is_judged_from_the_keys_read_again() {
    let before = vec![host_key(FIRST, "ssh-rsa", "")];
    let import = HostKeyChange::Import {
        key: PrivateHostKey::parse(PRIVATE).expect("a key"),
        description: String::new(),
        source: "$EDITOR".into(),
    };
    let grown = vec![before[0].clone(), host_key(SECOND, "ssh-ed25519", "")];
    assert_eq!(
        judge(&import, Some(&before), Ok(grown)),
        Afterwards::ChangedAnyway
    );
    assert_eq!(
        judge(&import, Some(&before), Ok(before.clone())),
        Afterwards::Unchanged
    );
    assert!(matches!(
        judge(&import, None, Ok(before.clone())),
        Afterwards::Unknown(_)
    ));
    let delete = HostKeyChange::Delete {
        key_id: FIRST.into(),
        label: String::new(),
    };
    assert_eq!(
        judge(&delete, None, Ok(Vec::new())),
        Afterwards::ChangedAnyway
    );
    assert_eq!(
        judge(&delete, None, Ok(before.clone())),
        Afterwards::Unchanged
    );
    let err = AwsError::Network {
        detail: "refused".into(),
    };
    assert_eq!(
        judge(&delete, None, Err(err.clone())),
        Afterwards::Unknown(err)
    );
}
