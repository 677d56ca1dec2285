//! Render tests of the command line, the filtered and sorted servers list
//! and the CloudShell marker.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::{render, seeded_app};
use crate::app::{App, Msg};

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::from(code)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn the_command_line_lists_every_command_at_80_by_24() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Char(':'));
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn the_command_line_completes_region_names() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "region ap-");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn an_unknown_command_is_said_in_the_line() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "srevers");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.contains(":srevers"), "{screen}");
    assert!(last.contains("unknown command"), "{screen}");
}

#[test]
fn a_filtered_sorted_list_says_so_at_80_by_24() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('S'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "s1");
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn cloudshell_is_shown_in_the_status_bar() {
    let mut app = seeded_app();
    app.cloudshell = true;
    let screen = render(&app, 120, 40);
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.contains("CloudShell │ profile ops"), "{screen}");
}

#[test]
fn command_line_and_filter_survive_a_tiny_terminal() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "re");
    for (w, h) in [(40, 6), (41, 7), (50, 8), (1, 1)] {
        render(&app, w, h); // must not panic
    }
}

#[test]
fn the_copy_chooser_at_80_by_24() {
    let mut app = seeded_app();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    insta::assert_snapshot!(render(&app, 80, 24));
}
