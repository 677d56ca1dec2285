//! Render tests of the SERVICE_MANAGED users pane, compared with reviewed
//! snapshots at a normal and a small size.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::managed_users::tests::users_app;
use crate::app::{App, Msg};

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::from(code)));
}

#[test]
fn users_at_120_by_40() {
    insta::assert_snapshot!(render(&users_app(false), 120, 40));
}

#[test]
fn users_at_80_by_24() {
    insta::assert_snapshot!(render(&users_app(false), 80, 24));
}

#[test]
fn a_logical_home_lists_its_mappings() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Up);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("/reports → /acme-reports/monthly"),
        "{screen}"
    );
}

#[test]
fn create_form_with_errors_at_80_by_24() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('n'));
    for c in "x".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn create_form_at_120_by_40() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn key_question_names_the_key_at_80_by_24() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('K'));
    let picker = render(&app, 80, 24);
    assert!(
        picker.contains("›key-11111111111111111  ssh-ed25519 …ZXlkYXRh1111  partner-a@laptop"),
        "{picker}"
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn user_deletion_asks_for_the_name_at_80_by_24() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('x'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn the_help_lists_the_pane_keys_at_80_by_24() {
    let mut app = users_app(false);
    app.show_help = true;
    let screen = render(&app, 80, 24);
    for text in [
        "new user",
        "add (import) an SSH key",
        "delete an SSH key",
        "browse the home",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    assert!(screen.contains('└'), "{screen}");
}
