//! The real binary in tmux changes protocol settings of the seeded FTPS
//! server (TLS resumption, SetStatOption, PassiveIp), applies PassiveIp
//! with a restart; the result is checked through
//! the AWS API and the audit log.

mod support;

use std::time::Duration;

use support::console::Console;
use support::emulator::{Emulator, seeded_server};
use transfer_console::aws;

/// A ProtocolDetails member as the detail pane draws it.
fn shown(member: &str, value: &str) -> String {
    format!("  {member:<26}{value}")
}

#[tokio::test]
async fn tls_resumption_set_stat_and_passive_ip_change_on_the_ftps_server() {
    let emulator = Emulator::start(&["--transition-delay", "1"]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftps_internet").to_string();
    let console = Console::start(&emulator, &[], &[], 120, 40);
    let tmux = &console.tmux;
    tmux.wait_for("Servers (4)", Duration::from_secs(20));
    tmux.wait_until(Duration::from_secs(20), |screen| !screen.contains('…'))
        .unwrap_or_else(|screen| panic!("servers never described:\n{screen}"));
    console.open_detail(&id);
    tmux.wait_for(
        &shown("TlsSessionResumptionMode", "ENFORCED"),
        Duration::from_secs(5),
    );

    // ENFORCED → ENABLED: the chooser starts on the current mode.
    tmux.send(&["t"]);
    tmux.wait_for("›ENFORCED", Duration::from_secs(5));
    tmux.send(&["Up", "Enter"]);
    tmux.wait_for(
        "TlsSessionResumptionMode: ENFORCED → ENABLED",
        Duration::from_secs(5),
    );
    tmux.send(&["y"]);
    tmux.wait_for("(as AWS now reports it)", Duration::from_secs(15));
    tmux.wait_for(
        &shown("TlsSessionResumptionMode", "ENABLED"),
        Duration::from_secs(5),
    );

    // SetStatOption DEFAULT → ENABLE_NO_OP, for clients that send SETSTAT.
    tmux.send(&["o"]);
    tmux.wait_for("›DEFAULT", Duration::from_secs(5));
    tmux.send(&["Down", "Enter"]);
    tmux.wait_for(
        "SetStatOption: DEFAULT → ENABLE_NO_OP",
        Duration::from_secs(5),
    );
    tmux.send(&["y"]);
    tmux.wait_for(
        &shown("SetStatOption", "ENABLE_NO_OP"),
        Duration::from_secs(15),
    );

    // A bad PassiveIp is refused at the field; a good one goes through.
    tmux.send(&["p"]);
    tmux.wait_for(
        "AUTO, or the address of a load balancer",
        Duration::from_secs(5),
    );
    tmux.send(&["BSpace", "BSpace", "BSpace", "BSpace"]);
    tmux.type_text("10.2.1.999");
    tmux.send(&["Enter"]);
    tmux.wait_for("dotted-quad", Duration::from_secs(5));
    tmux.send(&["BSpace", "BSpace", "BSpace"]);
    tmux.type_text("200");
    tmux.send(&["Enter"]);
    tmux.wait_for("PassiveIp: AUTO → 10.2.1.200", Duration::from_secs(5));
    tmux.send(&["y"]);
    tmux.wait_for(&shown("PassiveIp", "10.2.1.200"), Duration::from_secs(15));

    // "Apply now": stop, wait for OFFLINE, start, wait for ONLINE. The
    // question opened by itself: Enter restarts nothing, the id is typed.
    tmux.wait_for("Apply now: restart", Duration::from_secs(5));
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("✗ type {id}"), Duration::from_secs(5));
    assert_eq!(emulator.power_calls(), Vec::<String>::new());
    tmux.type_text(&id);
    tmux.send(&["Enter"]);
    tmux.wait_for("(done)", Duration::from_secs(40));
    // The server ends ONLINE as it started: only the calls show the restart,
    // a stop then a start, both after the PassiveIp change.
    assert_eq!(emulator.power_calls(), ["StopServer", "StartServer"]);
    let transfer_writes: Vec<String> = emulator
        .requests()
        .into_iter()
        .filter(|(service, op)| service == "transfer" && !op.starts_with("Describe"))
        .filter(|(_, op)| !op.starts_with("List"))
        .map(|(_, op)| op)
        .collect();
    assert_eq!(
        transfer_writes.last_chunk::<3>().map(|ops| ops.to_vec()),
        Some(vec![
            "UpdateServer".to_string(),
            "StopServer".to_string(),
            "StartServer".to_string()
        ]),
        "{transfer_writes:?}"
    );

    tmux.send(&["q"]);
    tmux.wait_until(Duration::from_secs(5), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));

    let session = emulator.session().await;
    let server = aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    let details = server.protocol_details;
    assert_eq!(
        details.tls_session_resumption_mode.as_deref(),
        Some("ENABLED")
    );
    assert_eq!(details.passive_ip.as_deref(), Some("10.2.1.200"));
    assert_eq!(details.set_stat_option.as_deref(), Some("ENABLE_NO_OP"));
    assert_eq!(
        server.summary.state,
        transfer_console::model::ServerState::Online
    );

    let lines = console.audit_entries();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0]["field"], "TlsSessionResumptionMode");
    assert_eq!(lines[0]["before"], "ENFORCED");
    assert_eq!(lines[1]["field"], "SetStatOption");
    assert_eq!(lines[1]["after"], "ENABLE_NO_OP");
    assert_eq!(lines[2]["after"], "10.2.1.200");
    assert_eq!(lines[2]["region"], "ap-northeast-1");
    assert_eq!(lines[3]["field"], "State");
    assert!(lines.iter().all(|line| line["outcome"] == "ok"));
    // The account (STS) and the emulator's endpoint: told from real changes.
    for line in &lines {
        let account = line["account"].as_str().unwrap_or_default();
        assert!(
            account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()),
            "{line}"
        );
        let endpoint = line["endpoint"].as_str().unwrap_or_default();
        assert!(endpoint.starts_with("http://127.0.0.1:"), "{line}");
    }
}

#[tokio::test]
async fn quitting_mid_restart_anyway_says_and_audits_the_state_aws_reports_at_exit() {
    let emulator = Emulator::start(&["--transition-delay", "10"]);
    let estate = emulator.seed(0);
    let id = seeded_server(&estate, "ftp_vpc").to_string();
    let stderr_dir = tempfile::tempdir().expect("tempdir");
    let stderr = stderr_dir.path().join("stderr");
    // What the console says after it leaves the screen goes to stderr: the
    // shell keeps it in a file.
    let console = Console::start_in_shell(
        &emulator,
        Some("\"$0\" \"$@\" 2> \"$STDERR_FILE\""),
        &[],
        &[("STDERR_FILE", stderr.to_string_lossy().into_owned())],
        120,
        40,
    );
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.open_detail(&id);
    console.confirm_restart(&id);
    tmux.wait_for("STOPPING", Duration::from_secs(10));
    tmux.send(&["q"]);
    tmux.wait_for("Quit during a restart?", Duration::from_secs(5));
    tmux.send(&["y"]);
    tmux.wait_until(Duration::from_secs(15), |_| tmux.exited())
        .unwrap_or_else(|screen| panic!("still running after q, y:\n{screen}"));

    // The emulator confirms the half-done state the console reported.
    let session = emulator.session().await;
    let state = aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer")
        .summary
        .state;
    assert!(
        matches!(
            state,
            transfer_console::model::ServerState::Stopping
                | transfer_console::model::ServerState::Offline
        ),
        "{state:?}"
    );
    let said = std::fs::read_to_string(&stderr).expect("stderr file");
    assert!(
        said.contains(&format!("restart of {id} unfinished: AWS reports ")),
        "{said}"
    );
    assert!(said.contains("will not be started again"), "{said}");
    let lines = console.audit_entries();
    let [entry] = lines.as_slice() else {
        panic!("one audit entry expected: {lines:?}");
    };
    assert_eq!(entry["server"], id.as_str());
    assert_eq!(entry["field"], "State");
    assert_eq!(entry["before"], "ONLINE");
    let after = entry["after"].as_str().expect("after");
    assert!(after == "STOPPING" || after == "OFFLINE", "{entry}");
    assert_eq!(
        entry["outcome"],
        format!("abandoned: the console quit; AWS reported {after} at exit").as_str()
    );
    assert!(
        said.contains(&format!("AWS reports {after} at exit")),
        "{said}"
    );
}
