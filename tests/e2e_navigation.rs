//! The real binary in tmux, driven only by `:` commands and `/` filters:
//! servers, a filter, the users of a SERVICE_MANAGED server and of a custom
//! identity provider, the S3 buckets, the doctor's findings, a region
//! switch that lists the other region's server, and the `:endpoints` and
//! `:secrets` lists.

mod support;

use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use support::tmux::Tmux;

const WAIT: Duration = Duration::from_secs(15);
const OTHER_REGION: &str = "us-west-2";

/// Types a command line and runs it.
fn command(tmux: &Tmux, line: &str) {
    tmux.send(&[":"]);
    tmux.wait_for("Tab completes", WAIT);
    tmux.type_text(line);
    tmux.send(&["Enter"]);
}

/// A server that exists only in the other region, named `west-only`.
async fn server_in_other_region(emulator: &Emulator) -> String {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(OTHER_REGION))
        .endpoint_url(&emulator.url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "tests",
        ))
        .load()
        .await;
    let tag = aws_sdk_transfer::types::Tag::builder()
        .key("Name")
        .value("west-only")
        .build()
        .expect("tag");
    aws_sdk_transfer::Client::new(&config)
        .create_server()
        .tags(tag)
        .send()
        .await
        .expect("CreateServer in the other region")
        .server_id()
        .to_string()
}

#[tokio::test]
async fn navigates_with_commands_and_filters_only() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let managed = seeded_server(&estate, "sftp_public").to_string();
    let twin = seeded_server(&estate, "ftp_vpc_twin").to_string();
    let west = server_in_other_region(&emulator).await;
    // tmux does not always report a dead pane's exit status: the shell
    // writes it down instead.
    let status_dir = tempfile::tempdir().expect("tempdir");
    let status_file = status_dir.path().join("exit-status");
    let console = Console::start_in_shell(
        &emulator,
        Some("\"$0\" \"$@\"; echo $? > \"$STATUS_FILE\""),
        &[],
        &[("STATUS_FILE", status_file.to_string_lossy().into_owned())],
        120,
        40,
    );
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    // tmux's default, set-clipboard external, drops an application's copy:
    // the console says what to set instead of "copied".
    assert_eq!(
        tmux.command(&["show", "-gv", "set-clipboard"]).trim(),
        "external"
    );
    tmux.send(&["y"]);
    let screen = tmux.wait_for("not copied", WAIT);
    assert!(!screen.contains("copied s-"), "{screen}");
    command(tmux, "messages");
    tmux.wait_for("tmux set -g set-clipboard on", WAIT);
    tmux.send(&["Escape"]);
    // tmux takes OSC 52 into its own clipboard with set-clipboard on, and
    // the console sees the new setting at the next copy.
    tmux.command(&["set-option", "-s", "set-clipboard", "on"]);

    // A fuzzy filter leaves the morning drop only, and `:users` opens its
    // users through the same dispatch as `u`.
    tmux.send(&["/"]);
    tmux.type_text("mrngdrop");
    tmux.wait_for("Servers (1 of 4)", WAIT);
    tmux.send(&["Enter"]);
    // `y` copies the selected server's id through the terminal (OSC 52).
    tmux.send(&["y"]);
    tmux.wait_for(&format!("copied {managed}"), WAIT);
    let copied = tmux.command(&["show-buffer"]);
    assert_eq!(copied.trim(), managed);
    command(tmux, "users");
    tmux.wait_for(&format!("Users of {managed} (3)"), WAIT);

    // Back to the servers: the filter is still there; Esc clears it.
    command(tmux, "servers");
    let screen = tmux.wait_for("Servers (1 of 4)", WAIT);
    assert!(screen.contains("sftp-morning-drop"), "{screen}");
    tmux.send(&["Escape"]);
    tmux.wait_for("Servers (4)", WAIT);

    // A custom identity provider's users (secrets) filter the same way.
    tmux.send(&["/"]);
    tmux.type_text("legacy1a");
    tmux.wait_for("Servers (1 of 4)", WAIT);
    tmux.send(&["Enter"]);
    command(tmux, "users");
    tmux.wait_for(&format!("Users of {twin} (5)"), WAIT);
    tmux.send(&["/"]);
    tmux.type_text("whse");
    let screen = tmux.wait_for(&format!("Users of {twin} (1 of 5)"), WAIT);
    assert!(screen.contains("warehouse"), "{screen}");
    assert!(!screen.contains("scanner01"), "{screen}");
    tmux.send(&["Escape"]);
    tmux.wait_for(&format!("Users of {twin} (5)"), WAIT);
    command(tmux, "servers");
    tmux.wait_for("Servers (1 of 4)", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_for("Servers (4)", WAIT);

    // An unknown command says so in the line and does nothing.
    command(tmux, "bukets");
    tmux.wait_for("unknown command \"bukets\"", WAIT);
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains("unknown command"))
        .unwrap_or_else(|screen| panic!("the line did not close:\n{screen}"));

    command(tmux, "objects");
    tmux.wait_for("acme-partner-drop", WAIT);
    tmux.wait_for("› Buckets", WAIT);

    command(tmux, "doctor");
    tmux.wait_for("› Doctor", WAIT);
    // Both the pane's title and the status bar say so while it gathers.
    tmux.wait_until(Duration::from_secs(30), |screen| {
        !screen.contains("gathering")
    })
    .unwrap_or_else(|screen| panic!("the doctor never finished:\n{screen}"));
    // The findings filter too: only the user-secret rule's are left.
    tmux.send(&["/"]);
    tmux.type_text("user-secret");
    let screen = tmux.wait_for("filter: user-secret ", WAIT);
    assert!(screen.contains(" shown "), "{screen}");
    let findings: Vec<&str> = screen
        .lines()
        .filter(|line| {
            ["│ERROR", "│WARNING", "│INFO"]
                .iter()
                .any(|s| line.starts_with(s))
        })
        .collect();
    assert!(!findings.is_empty(), "{screen}");
    // (The seed's fenced login secret cannot be read: a note of the same rule.)
    assert!(
        findings
            .iter()
            .all(|line| line.contains("user secret") || line.contains("could not read the secret")),
        "{screen}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains(" shown"))
        .unwrap_or_else(|screen| panic!("Esc did not clear the filter:\n{screen}"));

    // Tab completes the region; the other region lists its one server and
    // the status bar says where the console now is.
    tmux.send(&[":"]);
    tmux.wait_for("Tab completes", WAIT);
    tmux.type_text("reg");
    tmux.send(&["Tab"]);
    // (tmux trims the blank after `:region`; the candidates show it took.)
    tmux.wait_for("region af-south-1", WAIT);
    tmux.type_text("us-west-");
    tmux.wait_for("region us-west-2", WAIT);
    tmux.type_text("2");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for(&west, WAIT);
    assert!(screen.contains("Servers (1)"), "{screen}");
    assert!(!screen.contains(&managed), "{screen}");
    assert!(
        !screen.contains("› Doctor"),
        "the old panes closed:\n{screen}"
    );
    tmux.wait_for(
        &format!("region {OTHER_REGION} │ account 123456789012"),
        WAIT,
    );
    tmux.wait_for("west-only", WAIT);

    command(tmux, "quit");
    tmux.wait_until(WAIT, |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("did not quit:\n{screen}"));
    let status = std::fs::read_to_string(&status_file).expect("the exit status");
    assert_eq!(status.trim(), "0");
}

#[tokio::test]
async fn the_endpoints_and_secrets_lists_come_from_aws() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let ftps = seeded_server(&estate, "ftps_internet").to_string();
    let ftps_endpoint = estate["vpc_endpoints"]["ftps_internet"]
        .as_str()
        .expect("the FTPS server's endpoint")
        .to_string();
    let secrets_endpoint = estate["vpc_endpoints"]["secretsmanager"]
        .as_str()
        .expect("the Secrets Manager endpoint")
        .to_string();
    let orphan = estate["orphan_secret"]
        .as_str()
        .expect("orphan")
        .to_string();
    let console = Console::start(&emulator, &[], &[], 120, 40);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    // Every Transfer endpoint and the Secrets Manager one, from AWS.
    command(tmux, "endpoints");
    let screen = tmux.wait_for(&secrets_endpoint, WAIT);
    assert!(screen.contains(&ftps_endpoint), "{screen}");
    assert!(screen.contains("Secrets"), "{screen}");
    // Enter on the FTPS server's endpoint opens its endpoint view.
    tmux.send(&["/"]);
    tmux.type_text(&ftps_endpoint);
    tmux.wait_for("(1 of ", WAIT);
    tmux.send(&["Enter"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("Endpoint of {ftps}"), WAIT);

    // Every login secret, the orphan's server "gone"; `O` leaves the orphan.
    command(tmux, "secrets");
    let screen = tmux.wait_for("Login secrets under aws/transfer/", WAIT);
    assert!(
        !screen.contains("› Endpoint"),
        "a view replaces the stack:\n{screen}"
    );
    let screen = tmux.wait_for(&orphan, WAIT);
    assert!(screen.contains("legacy-erp"), "{screen}");
    let orphan_row = screen
        .lines()
        .find(|line| line.contains(&orphan))
        .expect("the orphan's row");
    assert!(orphan_row.contains("gone"), "{orphan_row}");
    tmux.send(&["O"]);
    let screen = tmux.wait_for("Orphaned secrets under aws/transfer/ (1)", WAIT);
    assert!(!screen.contains("legacy-erp"), "{screen}");
}
