//! Render tests of a server's deletion: what goes, what stays, the prompt.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::Msg;
use crate::app::deletion::tests::asked;

#[test]
fn deletion_at_120_by_40() {
    insta::assert_snapshot!(render(&asked(false), 120, 40));
}

#[test]
fn deletion_with_secrets_scheduled_at_80_by_24() {
    let mut app = asked(false);
    app.update(Msg::Key(KeyEvent::from(KeyCode::Tab)));
    insta::assert_snapshot!(render(&app, 80, 24));
}
