//! The real binary in tmux checks the access chain of the seeded estate:
//! `A` on the user whose role allows GetObject only shows PutObject denied
//! and the statement that decided; `i` on the FTP twin shows it missing
//! from the shared function's policy, and `f` adds it (asked, audited);
//! a denied iam:GetRole is named while the rest of the check runs.

mod support;

use std::time::Duration;

use serde_json::json;
use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;

const WAIT: Duration = Duration::from_secs(15);

/// `A` on partner-b of the SFTP server.
fn check_partner_b(console: &Console, id: &str) -> String {
    let tmux = &console.tmux;
    console.open_users(id);
    tmux.wait_for("partner-b", WAIT);
    tmux.send(&["Down", "Down"]);
    tmux.send(&["A"]);
    tmux.wait_for("Access of partner-b", WAIT);
    tmux.wait_for("s3:DeleteObject", WAIT)
}

#[test]
fn a_on_the_get_object_only_user_shows_put_object_denied_and_the_statement() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "sftp_public");
    let console = Console::start(&emulator, &[], &[], 140, 45);
    let screen = check_partner_b(&console, id);
    let line = |action: &str| {
        screen
            .lines()
            .find(|line| line.contains(action))
            .unwrap_or_else(|| panic!("no {action} row:\n{screen}"))
            .to_string()
    };
    assert!(line("s3:PutObject").contains("✗ denied"), "{screen}");
    let get = line("s3:GetObject");
    assert!(
        get.contains("✓ allowed") && get.contains("(ReadInvoices)"),
        "{screen}"
    );
    assert!(
        screen.contains("✓ transfer.amazonaws.com may assume it"),
        "{screen}"
    );
    assert!(
        screen.contains("not evaluated: service control policies"),
        "{screen}"
    );
}

#[test]
fn a_denied_get_role_is_named_and_the_rest_of_the_check_runs() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "sftp_public");
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "iam", "operation": "GetRole", "kind": "access_denied"})),
    );
    let console = Console::start(&emulator, &[], &[], 140, 45);
    let screen = check_partner_b(&console, id);
    assert!(
        screen.contains("the trust policy could not be read: access denied: this needs the IAM action iam:GetRole"),
        "{screen}"
    );
    let put = screen
        .lines()
        .find(|line| line.contains("s3:PutObject"))
        .unwrap_or_else(|| panic!("no PutObject row:\n{screen}"));
    assert!(put.contains("✗ denied"), "{screen}");
}

#[tokio::test]
async fn i_on_the_twin_shows_the_missing_permission_and_f_adds_it() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let twin = seeded_server(&estate, "ftp_vpc_twin").to_string();
    let twin_arn = format!("arn:aws:transfer:ap-northeast-1:123456789012:server/{twin}");
    let console = Console::start(&emulator, &[], &[], 140, 45);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(&twin);
    tmux.send(&["i"]);
    tmux.wait_for(&format!("Identity provider of {twin}"), WAIT);
    let screen = tmux.wait_for("✗ no statement lets transfer.amazonaws.com invoke it", WAIT);
    assert!(
        screen.contains("SecretPrefix, SecretsManagerRegion (names only)"),
        "{screen}"
    );
    assert!(
        screen.contains("aws lambda add-permission --function-name"),
        "{screen}"
    );

    tmux.send(&["f"]);
    let question = tmux.wait_for("Add the Lambda permission?", WAIT);
    assert!(question.contains("lambda:InvokeFunction"), "{question}");
    tmux.send(&["Enter"]); // not an answer
    tmux.send(&["y"]);
    tmux.wait_for("may now invoke", WAIT);
    tmux.wait_for(
        "✓ transfer.amazonaws.com may invoke it for this server",
        WAIT,
    );

    let session = emulator.session().await;
    let policy = aws::lambda::resource_policy(&session, "transfer-ftp-idp")
        .await
        .expect("GetPolicy")
        .expect("a policy");
    assert!(policy.contains(&twin_arn), "{policy}");
    let audit = console.audit_entries();
    let entry = audit
        .iter()
        .find(|entry| entry["field"] == "LambdaPermission")
        .unwrap_or_else(|| panic!("not audited: {audit:?}"));
    assert_eq!(entry["outcome"], "ok");
    assert_eq!(entry["server"], twin.as_str());
}
