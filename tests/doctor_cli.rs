//! `transfer-console doctor` against the seeded emulator: what it finds,
//! its JSON shape and its exit codes.

mod support;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::emulator::{Emulator, seeded_server, shared};
use support::profiles::Profiles;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn doctor(emulator: &Emulator, args: &[&str]) -> Output {
    doctor_with(emulator, &[], args)
}

/// The doctor with `env` given after the emulator's (a profiles pair's).
fn doctor_with(emulator: &Emulator, env: &[(&'static str, String)], args: &[&str]) -> Output {
    let log = tempfile::NamedTempFile::new().expect("log file");
    Command::new(CONSOLE)
        .arg("doctor")
        .args(args)
        .args(["--log-file", &log.path().to_string_lossy()])
        .env_clear()
        .envs(emulator.console_env())
        .envs(env.iter().cloned())
        .output()
        .expect("running the doctor")
}

fn rules_of(report: &Value, resource_contains: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["resource"]
                .as_str()
                .is_some_and(|r| r.contains(resource_contains))
        })
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_demo_estate_trips_the_rules_it_was_built_to_trip() {
    let (emulator, estate) = shared();
    let output = doctor(emulator, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "errors found means exit 1");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["summary"]["servers_checked"], 4);

    let twin = seeded_server(estate, "ftp_vpc_twin");
    let twin_rules = rules_of(&report, twin);
    for rule in ["ports", "passive-ip", "single-az"] {
        assert!(
            twin_rules.contains(&rule.to_string()),
            "{rule} not found for the twin: {twin_rules:?}"
        );
    }
    let ftps = seeded_server(estate, "ftps_internet");
    assert!(rules_of(&report, ftps).contains(&"tls-resumption".to_string()));
    let orphan = estate["orphan_secret"].as_str().expect("orphan");
    assert_eq!(rules_of(&report, orphan), ["orphan-secret"]);
    // The ports finding says which ports and how to open them.
    let ports = report["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["rule"] == "ports"))
        .expect("a ports finding");
    assert_eq!(ports["severity"], "error");
    assert!(
        ports["title"]
            .as_str()
            .is_some_and(|t| t.contains("8196-8200")),
        "{ports}"
    );
    assert!(
        ports["fix"]["cli"]
            .as_str()
            .is_some_and(|c| c.starts_with("aws ec2 authorize-security-group-ingress"))
    );
    // Secret values never reach the output.
    let stdout = String::from_utf8_lossy(&output.stdout);
    for password in estate["passwords"].as_object().expect("passwords").values() {
        let password = password.as_str().unwrap_or_default();
        assert!(!stdout.contains(password), "a password reached the report");
    }
}

#[test]
fn the_seeded_estate_names_each_broken_link_of_the_access_chain() {
    let (emulator, estate) = shared();
    let output = doctor(emulator, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let twin = seeded_server(estate, "ftp_vpc_twin");
    let first = seeded_server(estate, "ftp_vpc");
    let sftp = seeded_server(estate, "sftp_public");
    let ftps = seeded_server(estate, "ftps_internet");
    assert!(rules_of(&report, twin).contains(&"lambda-permission".to_string()));
    assert!(!rules_of(&report, first).contains(&"lambda-permission".to_string()));
    assert_eq!(
        rules_of(&report, &format!("{sftp}/partner-b")),
        ["home-access"]
    );
    assert!(rules_of(&report, &format!("{sftp}/partner-a")).is_empty());
    assert_eq!(
        rules_of(&report, &format!("aws/transfer/{ftps}/ec2-batch")),
        ["role-trust"]
    );
    assert!(
        rules_of(&report, &format!("aws/transfer/{ftps}/ext-logistics"))
            .contains(&"secret-policy".to_string())
    );
    let findings = report["findings"].as_array().expect("findings");
    let permission = findings
        .iter()
        .find(|f| f["rule"] == "lambda-permission")
        .expect("a lambda-permission finding");
    assert_eq!(permission["severity"], "error");
    assert!(
        permission["fix"]["cli"]
            .as_str()
            .is_some_and(|cli| cli.starts_with("aws lambda add-permission") && cli.contains(twin)),
        "{permission}"
    );
    assert_eq!(permission["fix"]["action"]["kind"], "add_lambda_permission");
    let home = findings
        .iter()
        .find(|f| f["rule"] == "home-access")
        .expect("a home-access finding");
    assert!(
        home["title"]
            .as_str()
            .is_some_and(|t| t.contains("s3:PutObject")),
        "{home}"
    );
}

#[tokio::test]
async fn one_server_without_errors_exits_0_in_text() {
    // The SFTP server's one broken link (partner-b's GetObject-only role)
    // mended, the doctor finds nothing wrong with it.
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let home = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::acme-partner-drop"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::acme-partner-drop/partner-b/*"}
    ]});
    session
        .iam
        .put_role_policy()
        .role_name("transfer-partner-b-readonly")
        .policy_name("home")
        .policy_document(home.to_string())
        .send()
        .await
        .expect("PutRolePolicy");
    let sftp = seeded_server(&estate, "sftp_public");
    let output = doctor(&emulator, &["--server", sftp]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("1 server(s) in ap-northeast-1"), "{text}");
    assert!(text.contains("0 error(s)"), "{text}");
    let orphan = estate["orphan_secret"].as_str().expect("orphan");
    assert!(!text.contains(orphan), "another server's orphan: {text}");
}

#[test]
fn with_batch_reads_denied_the_values_are_read_one_by_one_and_said_once() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "secretsmanager", "operation": "BatchGetSecretValue", "kind": "access_denied"})),
    );
    let output = doctor(&emulator, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let findings = report["findings"].as_array().expect("findings");
    let said: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "secret-reads")
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0]["severity"], "info");
    // The values were read all the same: no "could not read" about a user secret.
    let ftp = seeded_server(&estate, "ftp_vpc");
    assert!(
        !findings
            .iter()
            .any(|f| f["resource"].as_str().is_some_and(|r| r.contains(ftp))
                && f["title"]
                    .as_str()
                    .is_some_and(|t| t.contains("could not read"))),
        "{findings:?}"
    );
    let ops: Vec<_> = emulator.requests().into_iter().map(|(_, op)| op).collect();
    assert!(ops.iter().any(|op| op == "GetSecretValue"), "{ops:?}");
}

#[test]
fn a_bad_server_id_is_refused_before_any_call() {
    // Its own emulator: the shared one's log holds the other tests' calls.
    let emulator = Emulator::start(&[]);
    let output = doctor(&emulator, &["--server", "s-123"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a server id"));
    assert_eq!(emulator.requests(), Vec::new(), "no call of any kind");
}

#[test]
fn a_check_that_cannot_run_exits_2_and_names_the_permission() {
    let emulator = Emulator::start(&[]);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "ListServers", "kind": "access_denied"})),
    );
    let output = doctor(&emulator, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("transfer:ListServers"), "{stderr}");
}

#[test]
fn an_endpoint_that_never_answers_exits_2_within_the_aws_timeout() {
    let emulator = Emulator::start(&[]);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "transfer", "operation": "ListServers", "kind": "hang"})),
    );
    let log = tempfile::NamedTempFile::new().expect("log file");
    let mut child = Command::new(CONSOLE)
        .args(["doctor", "--aws-timeout", "4"])
        .args(["--log-file", &log.path().to_string_lossy()])
        .env_clear()
        .envs(emulator.console_env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running the doctor");
    // A liveness bound, far above the 4 s asked for: without a timeout the
    // doctor would wait as long as the emulator does (10 minutes).
    let deadline = Instant::now() + Duration::from_secs(4 + 30);
    while child.try_wait().expect("waiting").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the doctor still waits for ListServers after 34 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("the doctor's output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the check could not run: ListServers did not answer within 4 s"),
        "{stderr}"
    );
}

#[tokio::test]
async fn secret_prefix_and_hourly_rate_are_the_ones_the_check_uses() {
    let (emulator, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc");
    // A login kept under a prefix of the operator's own, without a Role.
    let name = format!("partners/{server}/bob");
    let secret = transfer_console::model::login_secret::LoginSecret::parse(
        r#"{"Password":"Not-A-Real-Pass-1","HomeDirectory":"/acme-legacy-ftp/bob"}"#,
    )
    .expect("a login secret");
    transfer_console::aws::secrets::create_login_secret(&emulator.session().await, &name, &secret)
        .await
        .expect("CreateSecret");

    let args = ["--server", server, "--format", "json"];
    let output = doctor(
        emulator,
        &[&args[..], &["--secret-prefix", "partners/"]].concat(),
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(rules_of(&report, &name), ["user-secret"], "{report}");

    let output = doctor(emulator, &args);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert!(
        rules_of(&report, &name).is_empty(),
        "not under the default prefix"
    );
    assert_eq!(report["summary"]["monthly_cost_usd"], 219.0, "0.30 × 730 h");

    let output = doctor(emulator, &[&args[..], &["--hourly-rate", "1"]].concat());
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["summary"]["monthly_cost_usd"], 730.0, "1.00 × 730 h");
}

#[tokio::test]
async fn an_escape_sequence_in_a_secret_reaches_no_report_raw() {
    let (emulator, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc");
    let name = format!("hostile/{server}/mallory");
    let secret = transfer_console::model::login_secret::LoginSecret::parse(
        r#"{"Password":"Not-A-Real-Pass-1","Role":"arn:aws:iam::123456789012:role/r","HomeDirectory":"/\u001b[2J/x"}"#,
    )
    .expect("a login secret");
    transfer_console::aws::secrets::create_login_secret(&emulator.session().await, &name, &secret)
        .await
        .expect("CreateSecret");
    let args = ["--server", server, "--secret-prefix", "hostile/"];

    let output = doctor(emulator, &args);
    let text = String::from_utf8_lossy(&output.stdout);
    let finding = text
        .lines()
        .find(|line| line.contains(&name))
        .unwrap_or_else(|| panic!("no finding for {name}: {text}"));
    assert!(
        finding.contains(r"bucket \x1b[2J does not exist"),
        "{finding}"
    );
    assert!(!text.contains('\x1b'), "ESC reached the report: {text:?}");

    let output = doctor(emulator, &[&args[..], &["--format", "json"]].concat());
    assert!(!output.stdout.contains(&0x1b), "ESC reached the JSON");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let title = report["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["resource"] == name.as_str()))
        .and_then(|f| f["title"].as_str())
        .expect("a finding for the secret");
    assert!(
        title.contains("\u{1b}[2J"),
        "JSON keeps the value exact: {title:?}"
    );
}

/// A network interface such as Lambda makes for `function` in the VPC of
/// `server`'s endpoint.
async fn lambda_interface_beside(emulator: &Emulator, server: &str, function: &str) {
    let session = emulator.session().await;
    let described = transfer_console::aws::transfer::describe_server(&session, server)
        .await
        .expect("DescribeServer");
    let subnet = described
        .endpoint_details
        .and_then(|details| details.subnet_ids.first().cloned())
        .expect("a VPC server");
    session
        .ec2
        .create_network_interface()
        .subnet_id(subnet)
        .description(format!("AWS Lambda VPC ENI-{function}"))
        .send()
        .await
        .expect("CreateNetworkInterface");
}

#[tokio::test]
async fn a_lambda_provider_in_a_vpc_without_a_secrets_manager_endpoint_is_flagged() {
    // Its own emulator: the test adds network interfaces.
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    // The FTPS server's provider runs in the DMZ VPC, which has no Secrets
    // Manager endpoint; the FTP server's in the VPC that has one.
    let ftps = seeded_server(&estate, "ftps_internet");
    let ftp = seeded_server(&estate, "ftp_vpc");
    lambda_interface_beside(&emulator, ftps, "transfer-ftps-idp").await;
    lambda_interface_beside(&emulator, ftp, "transfer-ftp-idp").await;

    let output = doctor(&emulator, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let flagged: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "secrets-endpoint")
        .collect();
    let on = |server: &str| flagged.iter().filter(|f| f["resource"] == server).count();
    assert_eq!(on(ftp), 0, "{flagged:?}");
    let ftps_finding = flagged
        .iter()
        .find(|f| f["resource"] == ftps)
        .unwrap_or_else(|| panic!("the FTPS provider is flagged: {flagged:?}"));
    assert_eq!(ftps_finding["severity"], "warning", "{ftps_finding}");
    assert!(
        ftps_finding["fix"]["cli"]
            .as_str()
            .is_some_and(|cli| cli.starts_with("aws ec2 create-vpc-endpoint")),
        "{ftps_finding}"
    );
}

#[test]
fn the_demo_estate_s_logs_trip_the_event_rules() {
    let (emulator, estate) = shared();
    let output = doctor(emulator, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let seeded = &estate["logs"];
    let ftp = seeded_server(estate, "ftp_vpc");
    let ftp_rules = rules_of(&report, ftp);
    for rule in ["auth-failures", "denied-sessions", "idp-errors"] {
        assert!(
            ftp_rules.contains(&rule.to_string()),
            "{rule}: {ftp_rules:?}"
        );
    }
    let ftps = seeded_server(estate, "ftps_internet");
    assert!(rules_of(&report, ftps).contains(&"tls-resume-failures".to_string()));
    // The twin shares the Lambda but has no log of its own: its group is
    // missing, and the provider's errors are not pinned on it.
    let twin = seeded_server(estate, "ftp_vpc_twin");
    let twin_rules = rules_of(&report, twin);
    assert!(
        twin_rules.contains(&"log-group".to_string()),
        "{twin_rules:?}"
    );
    assert!(
        !twin_rules.contains(&"idp-errors".to_string()),
        "{twin_rules:?}"
    );
    let sftp = seeded_server(estate, "sftp_public");
    let event_rules = [
        "auth-failures",
        "denied-sessions",
        "idp-errors",
        "tls-resume-failures",
        "log-group",
        "activity-unread",
    ];
    assert!(
        rules_of(&report, sftp)
            .iter()
            .all(|rule| !event_rules.contains(&rule.as_str())),
        "{:?}",
        rules_of(&report, sftp)
    );
    // The burst's finding names the user, the address and the last message.
    let failing = &seeded["failing"];
    let burst = report["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["rule"] == "auth-failures"))
        .expect("an auth-failures finding");
    let user = failing["user"].as_str().expect("user");
    assert!(
        burst["title"].as_str().is_some_and(
            |t| t.starts_with(&format!("{} failed logins for {user}", failing["count"]))
        ),
        "{burst}"
    );
    let evidence = burst["evidence"].to_string();
    assert!(
        evidence.contains(failing["source_ip"].as_str().expect("ip")),
        "{burst}"
    );
    assert!(
        evidence.contains("Invalid user name or password"),
        "{burst}"
    );
}

#[test]
fn a_log_that_cannot_be_read_is_could_not_check_naming_the_action() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    emulator.control(
        "POST",
        "faults",
        Some(json!({"service": "logs", "operation": "FilterLogEvents", "kind": "access_denied"})),
    );
    let output = doctor(&emulator, &["--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let ftp = seeded_server(&estate, "ftp_vpc");
    let unread: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "activity-unread" && f["resource"] == ftp)
        .collect();
    assert!(!unread.is_empty());
    assert!(unread.iter().all(|f| {
        f["title"]
            .as_str()
            .is_some_and(|t| t.contains("logs:FilterLogEvents"))
    }));
    assert!(!rules_of(&report, ftp).contains(&"auth-failures".to_string()));
}

/// `--region a,b`: one report, each finding with its region and account,
/// a denied region reported as not checked, and the worst exit code.
#[test]
fn several_regions_make_one_report_whose_findings_carry_their_region() {
    let (emulator, estate) = shared();
    let output = doctor(
        emulator,
        &["--region", "ap-northeast-1,us-east-1", "--format", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the seeded region has errors"
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let scopes = report["scopes"].as_array().expect("scopes");
    assert_eq!(scopes.len(), 2, "{report}");
    assert_eq!(scopes[0]["region"], "ap-northeast-1");
    assert_eq!(scopes[0]["account"], "123456789012");
    assert_eq!(scopes[0]["summary"]["servers_checked"], 4);
    assert_eq!(scopes[1]["region"], "us-east-1");
    assert_eq!(scopes[1]["summary"]["servers_checked"], 2);
    let twin = seeded_server(estate, "ftp_vpc_twin");
    let finding = scopes[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["resource"].as_str().is_some_and(|r| r.contains(twin)))
        .expect("a finding of the twin");
    assert_eq!(finding["region"], "ap-northeast-1");
    assert_eq!(finding["account"], "123456789012");

    // us-east-1 denies: not checked, and the exit code says so (2 > 1).
    let body = json!({"service": "transfer", "operation": "ListServers",
                      "kind": "access_denied", "region": "us-east-1"});
    emulator.control("POST", "faults", Some(body));
    let output = doctor(emulator, &["--region", "ap-northeast-1,us-east-1"]);
    emulator.control("DELETE", "faults", None);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{text}");
    let denied = "== region us-east-1, account 123456789012\nCOULD NOT CHECK: access denied";
    assert!(text.contains(denied), "{text}");
    assert!(
        text.contains("== region ap-northeast-1, account 123456789012"),
        "{text}"
    );
}

/// `--profile first,second`, each profile's key another account's: one
/// report, each scope and finding with its own account; a profile whose
/// key AWS does not know is a scope not checked, and the exit code says so.
#[test]
fn several_profiles_make_one_report_whose_findings_carry_their_account() {
    let (emulator, estate) = shared();
    let profiles = Profiles::write(emulator, estate);
    let second = estate["second_account"]["account"]
        .as_str()
        .expect("the second account");
    let output = doctor_with(
        emulator,
        &profiles.env(),
        &["--profile", "first,second", "--format", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the first account has errors"
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let scopes = report["scopes"].as_array().expect("scopes");
    assert_eq!(scopes.len(), 2, "{report}");
    assert_eq!(
        (&scopes[0]["profile"], &scopes[0]["account"]),
        (&json!("first"), &json!("123456789012"))
    );
    assert_eq!(scopes[0]["summary"]["servers_checked"], 4);
    assert_eq!(
        (&scopes[1]["profile"], &scopes[1]["account"]),
        (&json!("second"), &json!(second))
    );
    assert_eq!(scopes[1]["summary"]["servers_checked"], 2);
    let subsidiary = estate["second_account"]["servers"]["subsidiary_sftp"]
        .as_str()
        .expect("the subsidiary's server");
    let findings = scopes[1]["findings"].as_array().expect("findings");
    assert!(
        findings.iter().any(|f| f["resource"]
            .as_str()
            .is_some_and(|r| r.contains(subsidiary))),
        "{report}"
    );
    for finding in findings {
        assert_eq!(finding["account"], second, "{finding}");
    }
    let first_server = seeded_server(estate, "sftp_public");
    assert!(
        !findings.iter().any(|f| f["resource"]
            .as_str()
            .is_some_and(|r| r.contains(first_server))),
        "the first account's server among the second's findings: {report}"
    );

    let output = doctor_with(
        emulator,
        &profiles.env(),
        &["--profile", "first,stranger,second"],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "== region ap-northeast-1, account {second}, profile second"
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "== region ap-northeast-1, profile stranger\nCOULD NOT CHECK: no usable AWS \
             credentials: The security token included in the request is invalid."
        ),
        "{text}"
    );
}
