//! Render tests of a server's tags view at a normal and a small size.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::Msg;
use crate::app::tags::tests::tags_app;
use crate::model::tags::Tag;

fn tags() -> Vec<Tag> {
    [
        ("Name", "sftp-morning-drop"),
        ("CostCentre", "ops-1234"),
        ("aws:transfer:customHostname", "files.example.com"),
        ("Evil", "x\u{1b}[2Jy"),
    ]
    .into_iter()
    .map(|(key, value)| Tag {
        key: key.into(),
        value: value.into(),
    })
    .collect()
}

#[test]
fn tags_at_120_by_40() {
    let screen = render(&tags_app(false, tags()), 120, 40);
    assert!(
        screen.contains("x\\x1b[2Jy"),
        "a value from AWS is inert: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn tags_at_80_by_24() {
    insta::assert_snapshot!(render(&tags_app(false, tags()), 80, 24));
}

#[test]
fn tag_form_at_80_by_24() {
    let mut app = tags_app(false, tags());
    app.update(Msg::Key(KeyEvent::from(KeyCode::Char('n'))));
    insta::assert_snapshot!(render(&app, 80, 24));
}
