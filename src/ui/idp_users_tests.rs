//! Snapshots of the custom-IdP users views: a server's users (one value
//! denied, one read, one not read yet), every login secret, and the
//! orphaned secrets.

use crossterm::event::KeyCode;

use super::tests::render;
use crate::app::App;
use crate::app::idp_users::tests::{
    LAMBDA, PASSWORD, TWIN, entry, listed, pane, press, users_read,
};
use crate::app::idp_users::{IdpCmd, IdpMsg};
use crate::app::{Cmd, Msg};
use crate::model::login_secret::{DEFAULT_PREFIX, SecretName};

#[test]
fn users_at_120_by_40() {
    let screen = render(&users_read(false), 120, 40);
    assert!(!screen.contains(PASSWORD));
    // Every row's VALUE is filled from one read, none waits for a selection.
    assert!(screen.contains("1 key · role"), "{screen}");
    assert!(!screen.contains("not read yet"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn users_at_80_by_24() {
    insta::assert_snapshot!(render(&users_read(false), 80, 24));
}

#[test]
fn a_revealed_password_is_drawn_only_while_revealed() {
    let mut app = users_read(false);
    press(&mut app, KeyCode::Char('p'));
    assert!(render(&app, 120, 40).contains(PASSWORD));
    for _ in 0..crate::app::idp_users::REVEAL_TICKS {
        app.update(Msg::Tick);
    }
    assert!(!render(&app, 120, 40).contains(PASSWORD));
}

#[test]
fn the_new_user_form() {
    let mut app = users_read(false);
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn orphans_at_120_by_40() {
    let mut app = listed(false);
    let cmds = app.open_orphans();
    let [Cmd::Idp(IdpCmd::List { req, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    let mut deleted = entry("s-0000000000000beef", "former");
    deleted.deleted = Some("2026-11-20T09:30:00Z".into());
    app.update(Msg::Idp(IdpMsg::Listed {
        req: *req,
        result: Ok(vec![
            entry(LAMBDA, "legacy-erp"),
            entry("s-0000000000000dead", "olduser"),
            deleted,
        ]),
    }));
    assert_eq!(pane(&app).rows.len(), 2);
    insta::assert_snapshot!(render(&app, 120, 40));
}

/// `:secrets` with a secret of each kind: a listed server's, one pending
/// deletion, an orphan, a legacy `SFTP/` name.
fn every_secret() -> App {
    let mut app = listed(false);
    let cmds = app.open_secrets(false);
    let [Cmd::Idp(IdpCmd::List { req, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    let mut deleted = entry(TWIN, "former");
    deleted.deleted = Some("2026-11-20T09:30:00Z".into());
    let mut legacy = entry(LAMBDA, "x");
    legacy.name = "SFTP/scanner".into();
    legacy.parsed = SecretName::parse("SFTP/scanner", DEFAULT_PREFIX);
    app.update(Msg::Idp(IdpMsg::Listed {
        req: *req,
        result: Ok(vec![
            entry(LAMBDA, "legacy-erp"),
            deleted,
            entry("s-0000000000000dead", "olduser"),
            legacy,
        ]),
    }));
    app
}

#[test]
fn secrets_at_120_by_40() {
    let app = every_secret();
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn secrets_at_80_by_24() {
    let app = every_secret();
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn a_login_test_result() {
    let mut app = users_read(false);
    press(&mut app, KeyCode::Char('t'));
    let cmds = press(&mut app, KeyCode::Enter);
    let [Cmd::Idp(IdpCmd::TestLogin { req, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    app.update(Msg::Idp(IdpMsg::Tested {
        req: *req,
        result: Ok(crate::model::LoginTest {
            status_code: 200,
            message: String::new(),
            url: Some("arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp".into()),
            response: crate::model::LoginTest::redacted(&format!(
                r#"{{"Role":"arn:aws:iam::123456789012:role/ftp","HomeDirectory":"/acme-legacy-ftp/erp","Password":"{PASSWORD}"}}"#
            )),
        }),
    }));
    let screen = render(&app, 120, 40);
    assert!(!screen.contains(PASSWORD), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_help_of_the_users_pane_fits_80_by_24() {
    let mut app = users_read(false);
    press(&mut app, KeyCode::Char('?'));
    let screen = render(&app, 80, 24);
    let moves = crate::app::keymap::LIST;
    for binding in crate::app::idp_users::keys::USERS {
        if !moves.iter().any(|m| m.label == binding.label) {
            assert!(screen.contains(binding.help), "{}: {screen}", binding.help);
        }
    }
    assert!(!screen.contains("scroll"), "{screen}");
}

#[test]
fn a_logical_home_reads_as_entry_then_target() {
    use crate::app::idp_users::tests::{read_answer, reading, users_open, value};
    let mut app = users_open(false);
    // The legacy user, whose value is still being read, is selected.
    press(&mut app, KeyCode::Down);
    let name = "SFTP/scanner".to_string();
    let req = reading(&app, &name);
    let json = r#"{"Password":"x","Role":"arn:aws:iam::123456789012:role/ftp","HomeDirectoryType":"LOGICAL","HomeDirectoryDetails":"[{\"Entry\":\"/\",\"Target\":\"/acme-legacy-ftp/scanner\"}]"}"#;
    app.update(read_answer(req, vec![(name, Ok(value(json, "v1")))]));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("/ → /acme-legacy-ftp/scanner"), "{screen}");
    assert!(!screen.contains("/=/"), "{screen}");
}

#[test]
fn the_test_login_form_says_what_enter_does() {
    let mut app = crate::app::idp_users::tests::users_open(false);
    press(&mut app, KeyCode::Char('t'));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Enter test"), "{screen}");
    assert!(!screen.contains("Enter save"), "{screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('x'));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Enter delete"), "{screen}");
}
