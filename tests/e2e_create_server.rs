//! The real binary in tmux creates a private FTP server from the form (VPC
//! from EC2's pick lists, a Lambda identity provider), sees it go from
//! STARTING to ONLINE, then clones it into the other Availability Zone and
//! sees the twin come ONLINE too: equal to the original but for its subnet
//! and name, with the original's login copied under the twin's id.

mod support;

use std::time::Duration;

use support::console::{Console, form_pick};
use support::emulator::Emulator;
use support::tmux::Tmux;
use transfer_console::aws;
use transfer_console::model::ServerState;

const WAIT: Duration = Duration::from_secs(20);
const LAMBDA: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";

fn pick(tmux: &Tmux, label: &str) {
    form_pick(tmux, label, WAIT);
    std::thread::sleep(Duration::from_millis(150));
}

fn type_field(tmux: &Tmux, label: &str, text: &str) {
    pick(tmux, &format!("{label}:"));
    tmux.send(&["C-u"]);
    tmux.type_text(text);
    tmux.send(&["Enter"]);
    std::thread::sleep(Duration::from_millis(150));
}

fn next(tmux: &Tmux) {
    tmux.send(&["Tab"]);
    std::thread::sleep(Duration::from_millis(150));
}

/// `y` on the summary, then the new server followed until ONLINE; its id.
fn create_and_follow(tmux: &Tmux) -> String {
    tmux.send(&["Tab"; 6]);
    let screen = tmux.wait_for("Every rule is met", WAIT);
    assert!(
        screen.contains("CreateServer will be sent with:"),
        "{screen}"
    );
    tmux.send(&["y"]);
    let screen = tmux.wait_for("(ONLINE)", Duration::from_secs(60));
    let line = screen
        .lines()
        .find(|l| l.contains("STARTING → ONLINE (ONLINE)"))
        .unwrap_or_else(|| panic!("followed from STARTING:\n{screen}"));
    let at = line.find("s-").expect("the new id");
    line[at..at + 19].to_string()
}

#[tokio::test]
async fn create_a_vpc_ftp_server_from_the_form_then_clone_it_into_the_other_zone() {
    let emulator = Emulator::start(&["--transition-delay", "1"]);
    emulator.seed(0);
    let session = emulator.session().await;
    let console = Console::start(&emulator, &[], &[], 160, 48);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    tmux.send(&["N"]);
    tmux.wait_for("New server in ap-northeast-1", WAIT);
    pick(tmux, "[x] SFTP");
    pick(tmux, "] FTP ");
    next(tmux);
    pick(tmux, "] VPC");
    pick(tmux, "acme-transfer ");
    pick(tmux, "acme-transfer-a ");
    pick(tmux, "transfer-ftp ");
    next(tmux);
    pick(tmux, "AWS_LAMBDA");
    type_field(tmux, "Lambda function ARN", LAMBDA);
    next(tmux);
    next(tmux);
    type_field(tmux, "Name", "ftp-legacy-2a");
    let created = create_and_follow(tmux);
    // The list has it, selected.
    tmux.wait_for("Servers (5)", WAIT);
    let original = aws::transfer::describe_server(&session, &created)
        .await
        .expect("DescribeServer");
    assert_eq!(original.summary.state, ServerState::Online);
    assert_eq!(original.name(), Some("ftp-legacy-2a"));
    let audit = console.audit_entries();
    assert!(
        audit
            .iter()
            .any(|e| e["field"] == "Server" && e["outcome"] == format!("ok: {created}")),
        "{audit:?}"
    );

    // A partner's login on the new server, for the clone to take along.
    let login = r#"{"Password":"not-shown","Role":"arn:aws:iam::123456789012:role/transfer-ftp-user","HomeDirectory":"/acme-partner-drop/ftp-partner"}"#;
    session
        .secrets
        .create_secret()
        .name(format!("aws/transfer/{created}/ftp-partner"))
        .secret_string(login)
        .send()
        .await
        .expect("CreateSecret");

    // The clone of the selected (new) server, into the other zone.
    tmux.send(&["C"]);
    tmux.wait_for(&format!("Clone {created}"), WAIT);
    tmux.wait_until(WAIT, |screen| !screen.contains("reading"))
        .unwrap_or_else(|screen| panic!("the clone's source never came:\n{screen}"));
    next(tmux);
    pick(tmux, "acme-transfer-a ");
    pick(tmux, "acme-transfer-c ");
    tmux.send(&["Tab"; 3]);
    type_field(tmux, "Name", "ftp-legacy-2c");
    let twin = create_and_follow(tmux);
    assert_ne!(twin, created);
    // Come ONLINE, the twin is offered its original's users: the plan
    // first, nothing written before `y`.
    tmux.wait_for(&format!("Copy users: {created} → {twin}"), WAIT);
    tmux.wait_for(&format!("y copies 1 user to {twin}"), WAIT);
    tmux.send(&["y"]);
    tmux.wait_for("Done: 1 copied, 0 skipped, 0 failed.", WAIT);
    let copied = session
        .secrets
        .get_secret_value()
        .secret_id(format!("aws/transfer/{twin}/ftp-partner"))
        .send()
        .await
        .expect("the login under the twin's id");
    let parsed = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
    assert_eq!(
        parsed(copied.secret_string().expect("a string")),
        parsed(login)
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("Servers (6)", WAIT);

    let twin = aws::transfer::describe_server(&session, &twin)
        .await
        .expect("DescribeServer");
    let original = aws::transfer::describe_server(&session, &created)
        .await
        .unwrap();
    assert_eq!(twin.name(), Some("ftp-legacy-2c"));
    assert_eq!(twin.protocols, original.protocols);
    assert_eq!(
        twin.identity_provider_details,
        original.identity_provider_details
    );
    assert_eq!(twin.protocol_details, original.protocol_details);
    let (a, b) = (
        twin.endpoint_details.clone().unwrap(),
        original.endpoint_details.clone().unwrap(),
    );
    assert_eq!(a.vpc_id, b.vpc_id);
    assert_ne!(a.subnet_ids, b.subnet_ids);
    let interfaces = |details: &transfer_console::model::EndpointDetails| {
        let id = details.vpc_endpoint_id.clone().unwrap();
        let session = session.clone();
        async move {
            let endpoints = aws::ec2::describe_vpc_endpoints(&session, &[id])
                .await
                .unwrap();
            aws::ec2::describe_network_interfaces(&session, &endpoints[0].network_interface_ids)
                .await
                .unwrap()
        }
    };
    let zone = |list: Vec<transfer_console::model::network::NetworkInterface>| {
        list.into_iter()
            .map(|i| i.availability_zone)
            .collect::<Vec<_>>()
    };
    assert_eq!(zone(interfaces(&b).await), ["ap-northeast-1a"]);
    assert_eq!(zone(interfaces(&a).await), ["ap-northeast-1c"]);
    assert!(!tmux.exited());
}

#[tokio::test]
async fn a_create_server_answered_500_after_it_applied_is_found_and_said_created_anyway() {
    let emulator = Emulator::start(&["--transition-delay", "1"]);
    emulator.seed(0);
    emulator.control("DELETE", "requests", None);
    emulator.control(
        "POST",
        "faults",
        Some(
            serde_json::json!({"service": "transfer", "operation": "CreateServer",
                                "kind": "server_error", "count": 1, "after": true}),
        ),
    );
    let console = Console::start(&emulator, &[], &[], 160, 48);
    let tmux = &console.tmux;
    console.wait_for_servers(4);

    // The morning's daily SFTP server: AWS's defaults and a name.
    tmux.send(&["N"]);
    tmux.wait_for("New server in ap-northeast-1", WAIT);
    tmux.wait_until(WAIT, |screen| !screen.contains("reading"))
        .unwrap_or_else(|screen| panic!("the lists never came:\n{screen}"));
    tmux.send(&["Tab"; 4]);
    type_field(tmux, "Name", "daily-sftp");
    tmux.send(&["Tab"]);
    tmux.wait_for("Every rule is met", WAIT);
    tmux.send(&["y"]);
    let screen = tmux.wait_for("created anyway: s-", WAIT);
    assert!(screen.contains("although AWS answered"), "{screen}");
    tmux.wait_for("(ONLINE)", Duration::from_secs(60));
    // One server was made: CreateServer is not retried.
    tmux.wait_for("Servers (5)", WAIT);
    let creates = emulator
        .requests()
        .into_iter()
        .filter(|(_, op)| op == "CreateServer")
        .count();
    assert_eq!(creates, 1);
    let audit = console.audit_entries();
    assert!(
        audit.iter().any(|e| e["field"] == "Server"
            && e["outcome"]
                .as_str()
                .is_some_and(|o| o.starts_with("created anyway: s-"))),
        "{audit:?}"
    );
}
