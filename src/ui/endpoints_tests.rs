//! Snapshots of the `:endpoints` list.

use super::tests::render;
use crate::app::endpoints::tests::{endpoints_loaded, press};

#[test]
fn endpoints_at_120_by_40() {
    insta::assert_snapshot!(render(&endpoints_loaded(), 120, 40));
}

#[test]
fn endpoints_at_80_by_24() {
    let mut app = endpoints_loaded();
    // The FTPS server's endpoint selected: its ports below the list.
    press(&mut app, crossterm::event::KeyCode::Down);
    insta::assert_snapshot!(render(&app, 80, 24));
}
