//! Render tests of the create form: a step with its pick lists, and the
//! CreateServer summary with the rules still broken.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::Msg;
use crate::app::create::tests::{new_form, next_step, pick};

#[test]
fn endpoint_step_with_pick_lists_at_120_by_40() {
    let mut app = new_form(false);
    pick(&mut app, "FTP");
    next_step(&mut app);
    pick(&mut app, "VPC");
    pick(&mut app, "vpc-0000000a");
    pick(&mut app, "subnet-0000000a");
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn summary_with_broken_rules_at_80_by_24() {
    let mut app = new_form(false);
    pick(&mut app, "FTP");
    for _ in 0..5 {
        app.update(Msg::Key(KeyEvent::from(KeyCode::Tab)));
    }
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn summary_ready_to_send_at_120_by_40() {
    let mut app = new_form(false);
    for _ in 0..5 {
        next_step(&mut app);
    }
    insta::assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn a_long_pick_list_scrolls_to_the_selected_row_at_80_by_24() {
    use crate::model::server_spec::Choice;
    let mut app = new_form(false);
    next_step(&mut app);
    pick(&mut app, "VPC");
    pick(&mut app, "vpc-0000000a");
    // Thirty subnets in the VPC: more rows than the pane has lines.
    if let Some(crate::app::Pane::Create(pane)) = app.stack.last_mut() {
        let choices = pane.choices.as_mut().expect("lists");
        choices.subnets = Ok((0..30)
            .map(|i| Choice {
                id: format!("subnet-{i:08x}"),
                label: format!("acme-{i}"),
                vpc_id: Some("vpc-0000000a".into()),
                zone: Some(format!("ap-northeast-1-zone{i}")),
            })
            .collect());
    }
    pick(&mut app, "subnet-0000001d");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("[x] subnet-0000001d"), "{screen}");
    insta::assert_snapshot!(screen);
}
