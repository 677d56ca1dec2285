//! Render tests of the bulk user copy: the plan, and the results with
//! their summary, at a normal and a small size.

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::render;
use crate::app::user_copy::UserCopyMsg;
use crate::app::user_copy::tests::{copies, managed_survey, planned};
use crate::app::{App, Msg};
use crate::model::AwsError;
use crate::model::user_copy::{CopyOutcome, SourceUsers};

/// partner-a and auditor to copy, partner-b on the target already,
/// scanner unreadable (DescribeUser denied).
fn plan_app() -> App {
    let mut survey = managed_survey(&["partner-a", "partner-b", "auditor"], &["partner-b"]);
    if let SourceUsers::Managed(users) = &mut survey.source {
        users.push((
            "scanner".into(),
            Err(AwsError::AccessDenied {
                action: "transfer:DescribeUser".into(),
                message: String::new(),
            }),
        ));
    }
    planned(survey)
}

/// The plan confirmed and every copy answered: one created anyway, one
/// failed.
fn done_app() -> App {
    let mut app = plan_app();
    let sent = copies(&app.update(Msg::Key(KeyEvent::from(KeyCode::Char('y')))));
    for (req, user, _) in sent {
        let outcome = if user == "auditor" {
            CopyOutcome::after_failure(
                &AwsError::Service {
                    action: "transfer:CreateUser".into(),
                    code: "InternalServiceError".into(),
                    message: "internal".into(),
                },
                Ok(true),
            )
        } else {
            CopyOutcome::Failed {
                why: "access denied: this needs the IAM action transfer:ImportSshPublicKey".into(),
            }
        };
        app.update(Msg::UserCopy(UserCopyMsg::Copied { req, user, outcome }));
    }
    app
}

#[test]
fn user_copy_plan_at_120_by_40() {
    insta::assert_snapshot!(render(&plan_app(), 120, 40));
}

#[test]
fn user_copy_plan_at_80_by_24() {
    insta::assert_snapshot!(render(&plan_app(), 80, 24));
}

#[test]
fn user_copy_summary_at_120_by_40() {
    let screen = render(&done_app(), 120, 40);
    assert!(screen.contains("1 copied, 2 skipped, 1 failed"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn user_copy_summary_at_80_by_24() {
    insta::assert_snapshot!(render(&done_app(), 80, 24));
}
