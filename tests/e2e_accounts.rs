//! `--profile first,second` in tmux against the seeded emulator, where each
//! profile's key belongs to another account (moto takes the account from
//! the key): both accounts' servers in one list with the ACCOUNT column
//! right for each row, a row of the second account opened on that account,
//! and a profile whose key AWS does not know as one row.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::console::Console;
use support::emulator::{Emulator, seeded_ids};
use support::profiles::Profiles;
use support::tmux::row;

const FIRST_ACCOUNT: &str = "123456789012";

fn start(emulator: &Emulator, profiles: &Profiles, list: &str) -> Console {
    Console::start(emulator, &["--profile", list], &profiles.env(), 140, 40)
}

#[test]
fn two_profiles_list_both_accounts_and_a_row_opens_on_its_own_account() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let profiles = Profiles::write(&emulator, &estate);
    let second_account = estate["second_account"]["account"]
        .as_str()
        .expect("the second account's id");
    let console = start(&emulator, &profiles, "first,second");

    let first = seeded_ids(&estate, "servers");
    let second = seeded_ids(&estate, "second_account");
    assert_eq!((first.len(), second.len()), (4, 2));
    let screen = console
        .tmux
        .wait_until(Duration::from_secs(60), |screen| {
            first
                .iter()
                .chain(&second)
                .all(|id| screen.contains(id.as_str()))
                && screen.contains("Servers (6)")
                && !screen.contains('…')
        })
        .unwrap_or_else(|screen| panic!("not both accounts' servers:\n{screen}"));
    assert!(screen.contains("ACCOUNT"), "{screen}");
    for id in &first {
        assert!(row(&screen, id).contains(FIRST_ACCOUNT), "{screen}");
    }
    for id in &second {
        assert!(row(&screen, id).contains(second_account), "{screen}");
    }

    // Enter on the second account's server: the detail is that server's,
    // read with the second profile's key.
    let server = estate["second_account"]["servers"]["subsidiary_sftp"]
        .as_str()
        .expect("the subsidiary's server");
    emulator.control("DELETE", "requests", None);
    console.select_server(server);
    console.tmux.send(&["Enter"]);
    let detail = console
        .tmux
        .wait_until(Duration::from_secs(20), |screen| {
            screen.contains(&format!("› Servers › {server}"))
                && screen.contains("acme-subsidiary-sftp")
        })
        .unwrap_or_else(|screen| panic!("the second account's detail:\n{screen}"));
    assert!(detail.contains("Tags"), "{detail}");
    // The status bar names the row's profile and its account.
    let second_session =
        format!("profile second │ region ap-northeast-1 │ account {second_account}");
    console
        .tmux
        .wait_for(&second_session, Duration::from_secs(10));
    // `u`: its users, listed in the second account.
    console.tmux.send(&["u"]);
    console
        .tmux
        .wait_until(Duration::from_secs(20), |screen| {
            screen.contains(&format!("Users of {server}")) && screen.contains("subsidiary-partner")
        })
        .unwrap_or_else(|screen| panic!("the second account's users:\n{screen}"));
    let calls = emulator.control("GET", "requests", None);
    let opened: Vec<&Value> = calls
        .as_array()
        .expect("the request log")
        .iter()
        .filter(|r| r["operation"] == "DescribeServer" || r["operation"] == "ListUsers")
        .collect();
    assert!(!opened.is_empty(), "{calls}");
    for call in opened {
        assert_eq!(call["account"], second_account, "{call}");
        assert_eq!(call["status"], 200, "{call}");
    }

    // Back on the list, a row of the first account opens on the first again.
    console.tmux.send(&["Escape"]);
    console.tmux.send(&["Escape"]);
    console
        .tmux
        .wait_until(Duration::from_secs(20), |screen| {
            screen.contains("Servers (6") && !screen.contains("› Servers ›")
        })
        .unwrap_or_else(|screen| panic!("back on the list:\n{screen}"));
    let sftp_public = support::emulator::seeded_server(&estate, "sftp_public");
    emulator.control("DELETE", "requests", None);
    console.tmux.send(&["Home"]); // select_server counts rows from the top
    console.select_server(sftp_public);
    console.tmux.send(&["Enter"]);
    console
        .tmux
        .wait_until(Duration::from_secs(20), |screen| {
            screen.contains(&format!("› Servers › {sftp_public}"))
                && screen.contains("sftp-morning-drop")
        })
        .unwrap_or_else(|screen| panic!("the first account's detail:\n{screen}"));
    // The row's own description is shown; the session is the first's again.
    let first_session = format!("profile first │ region ap-northeast-1 │ account {FIRST_ACCOUNT}");
    console
        .tmux
        .wait_for(&first_session, Duration::from_secs(10));
    let calls = emulator.control("GET", "requests", None);
    let calls = calls.as_array().expect("the request log");
    assert!(!calls.is_empty());
    for call in calls {
        assert_eq!(call["account"], FIRST_ACCOUNT, "{call}");
    }
    console.tmux.send(&["q"]);
}

/// `:profile first,second` typed in a console started on one profile: the
/// list becomes both accounts', each row with its own.
#[test]
fn profile_command_with_two_profiles_lists_both_accounts() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let profiles = Profiles::write(&emulator, &estate);
    let second_account = estate["second_account"]["account"]
        .as_str()
        .expect("the second account's id");
    let console = start(&emulator, &profiles, "first");
    console.wait_for_servers(4);
    let before = console.tmux.screen();
    assert!(!before.contains(second_account), "{before}");

    console.tmux.send(&[":"]);
    console.tmux.type_text("profile first,second");
    console.tmux.send(&["Enter"]);
    let second = seeded_ids(&estate, "second_account");
    let screen = console
        .tmux
        .wait_until(Duration::from_secs(60), |screen| {
            second.iter().all(|id| screen.contains(id.as_str()))
                && screen.contains("Servers (6)")
                && screen.contains("ACCOUNT")
        })
        .unwrap_or_else(|screen| panic!(":profile first,second:\n{screen}"));
    for id in &second {
        assert!(row(&screen, id).contains(second_account), "{screen}");
    }
    for id in seeded_ids(&estate, "servers") {
        assert!(row(&screen, &id).contains(FIRST_ACCOUNT), "{screen}");
    }
    console.tmux.send(&["q"]);
}

#[test]
fn a_profile_whose_key_aws_does_not_know_is_one_row_and_the_others_are_listed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let profiles = Profiles::write(&emulator, &estate);
    let console = start(&emulator, &profiles, "first,stranger,second");

    let listed: Vec<String> = seeded_ids(&estate, "servers")
        .into_iter()
        .chain(seeded_ids(&estate, "second_account"))
        .collect();
    let screen = console
        .tmux
        .wait_until(Duration::from_secs(60), |screen| {
            listed.iter().all(|id| screen.contains(id.as_str()))
                && screen.contains("Servers (6)")
                && screen.contains("⚠ failed")
        })
        .unwrap_or_else(|screen| panic!("the stranger is not one row:\n{screen}"));
    let failed: Vec<&str> = screen.lines().filter(|l| l.contains("⚠ failed")).collect();
    assert_eq!(failed.len(), 1, "{screen}");
    assert!(failed[0].contains("stranger"), "{screen}");
    assert!(failed[0].contains("credentials refused"), "{screen}");
    // The whole sentence, AWS's words included, is in the messages.
    console.tmux.send(&[":"]);
    console.tmux.type_text("messages");
    console.tmux.send(&["Enter"]);
    console.tmux.wait_for(
        "The security token included in the request is invalid",
        Duration::from_secs(10),
    );
    console.tmux.send(&["Escape"]);
    console.tmux.send(&["q"]);
}

/// Credentials in the environment come before any profile's: `--profile
/// first,second` would list one account twice under two names, so it is
/// refused before any call, for the console and the doctor alike.
#[test]
fn several_profiles_with_a_key_in_the_environment_are_refused_before_any_call() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let profiles = Profiles::write(&emulator, &estate);
    emulator.control("DELETE", "requests", None);
    for command in [&[][..], &["doctor"][..]] {
        let output = std::process::Command::new(support::console::CONSOLE)
            .args(command)
            .args(["--profile", "first,second", "--endpoint-url", &emulator.url])
            .env_clear()
            .envs(emulator.console_env())
            .envs(profiles.env())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .output()
            .expect("running the console");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.contains("AWS_ACCESS_KEY_ID is set"),
            "{command:?}: {stderr}"
        );
    }
    assert_eq!(emulator.requests(), Vec::<(String, String)>::new());
}
