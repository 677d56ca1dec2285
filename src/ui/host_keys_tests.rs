//! Render tests of a server's host keys pane, compared with reviewed
//! snapshots at a normal and a small size.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::host_keys::HostKeysMsg;
use crate::app::host_keys::tests::keys_app;
use crate::app::{App, Cmd, Msg};
use crate::model::HostKey;

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

#[test]
fn host_keys_at_120_by_40() {
    insta::assert_snapshot!(render(&keys_app(false), 120, 40));
}

#[test]
fn host_keys_at_80_by_24() {
    insta::assert_snapshot!(render(&keys_app(false), 80, 24));
}

#[test]
fn delete_question_at_120_by_40() {
    let mut app = keys_app(false);
    press(&mut app, KeyCode::Char('x'));
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn a_description_from_aws_is_drawn_inert() {
    let mut app = keys_app(false);
    let cmds = press(&mut app, KeyCode::Char('r'));
    let Some(Cmd::HostKeys(crate::app::host_keys::HostKeysCmd::List { req, .. })) = cmds.first()
    else {
        panic!("r lists again: {cmds:?}");
    };
    app.update(Msg::HostKeys(HostKeysMsg::Listed {
        req: *req,
        result: Ok(vec![HostKey {
            id: "hostkey-0123456789abcdef0".into(),
            fingerprint: "SHA256:abc".into(),
            kind: "ssh-rsa".into(),
            description: "evil\u{1b}[2Jtext".into(),
            imported: None,
        }]),
    }));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("evil\\x1b[2Jtext"), "{screen}");
}
