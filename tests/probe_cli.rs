//! `transfer-console probe` on a seeded server, aimed with --host at real
//! FTPS servers on loopback: its verdicts, JSON, exit codes, and that the
//! password never shows.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::emulator::{Emulator, seeded_server, shared};
use support::loopback::{CertKind, FtpSetup, Vsftpd, passive_range_lock};

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");
const PASSWORD: &str = "probe-secret-Pa55";

fn probe(emulator: &Emulator, args: &[&str], stdin: &str) -> Output {
    let log = tempfile::NamedTempFile::new().expect("log file");
    let mut child = Command::new(CONSOLE)
        .arg("probe")
        .args(args)
        .args(["--log-file", &log.path().to_string_lossy()])
        .env_clear()
        .envs(emulator.console_env())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running the probe");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().expect("probe output");
    let logged = std::fs::read_to_string(log.path()).unwrap_or_default();
    assert!(!logged.contains(PASSWORD), "the password reached the log");
    output
}

fn steps<'a>(report: &'a Value, target: &str) -> Vec<&'a Value> {
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["target"] == target)
        .collect()
}

fn verdict_of(steps: &[&Value], step: &str) -> String {
    steps
        .iter()
        .find(|s| s["step"] == step)
        .map(|s| s["verdict"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("no {step} in {steps:#?}"))
}

#[test]
fn the_probe_finds_a_wrong_pasv_address_and_a_server_requiring_session_reuse() {
    let (emulator, estate) = shared();
    let server = seeded_server(estate, "ftps_internet");
    let _lock = passive_range_lock();
    let wrong_pasv = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        pasv_address: Some("127.0.0.2".into()),
        ..FtpSetup::default()
    });
    let enforced = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        require_ssl_reuse: true,
        ..FtpSetup::default()
    });
    let first = format!("127.0.0.1:{}", wrong_pasv.port);
    let second = format!("127.0.0.1:{}", enforced.port);
    let args = [
        server,
        "--host",
        &first,
        "--host",
        &second,
        "--user",
        "anonymous",
        "--password-stdin",
        // Self-signed certificates, on addresses that are not the server's.
        "--allow-unverified",
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let output = probe(emulator, &json_args, &format!("{PASSWORD}\n"));
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains(PASSWORD));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["format_version"], 2);
    assert_eq!(report["server_id"], server);
    // Each step says how long it took, with the unit in the name.
    let first_step = &report["steps"][0];
    assert!(first_step["elapsed_ms"].is_u64(), "{first_step}");
    assert!(first_step.get("elapsed").is_none(), "{first_step}");

    let wrong = steps(&report, &first);
    assert_eq!(verdict_of(&wrong, "login"), "passed");
    assert_eq!(verdict_of(&wrong, "pasv"), "failed");
    assert_eq!(verdict_of(&wrong, "data_connect"), "failed");

    let reuse = steps(&report, &second);
    assert_eq!(verdict_of(&reuse, "data_tls_reuse"), "passed");
    assert_eq!(verdict_of(&reuse, "data_tls_no_reuse"), "failed");
    let findings = report["findings"].to_string();
    assert!(findings.contains("TlsSessionResumptionMode"), "{findings}");
    assert!(findings.contains("127.0.0.2"), "{findings}");

    // The same run for people; kept for docs/troubleshooting.md.
    let text = probe(emulator, &args, &format!("{PASSWORD}\n"));
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("What it means"), "{text}");
    assert!(text.contains("522"), "{text}");
    if let Ok(path) = std::env::var("PROBE_CAPTURE") {
        std::fs::write(path, &text).unwrap();
    }
}

#[test]
fn an_unknown_server_means_the_probe_could_not_run() {
    let (emulator, _) = shared();
    let output = probe(
        emulator,
        &["s-00000000000000000", "--host", "127.0.0.1:1"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not run"), "{stderr}");
}

#[test]
fn a_login_without_a_password_source_is_refused_before_any_call() {
    let (emulator, _) = shared();
    let output = probe(emulator, &["s-00000000000000000", "--user", "alice"], "");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--password-stdin"), "{stderr}");
}

#[tokio::test]
async fn the_password_can_come_from_the_user_s_secret_and_never_shows() {
    let (emulator, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc");
    let session = emulator.session().await;
    let name = format!("aws/transfer/{server}/legacy-erp");
    let secret = transfer_console::aws::secrets::get_login_secret(&session, &name)
        .await
        .expect("seeded secret");
    let password = secret
        .content
        .expect("login secret")
        .password()
        .expect("a password")
        .to_string();
    let _lock = passive_range_lock();
    // A plain FTP server that knows legacy-erp with the secret's password
    // only (vsftpd's virtual users cannot log in over TLS on loopback here).
    let ftp = Vsftpd::start(&FtpSetup {
        login: Some(("legacy-erp".into(), password.clone())),
        ..FtpSetup::default()
    });
    let host = format!("127.0.0.1:{}", ftp.port);
    let args = [
        server,
        "--host",
        &host,
        "--user",
        "legacy-erp",
        "--password-from-secret",
        "--allow-cleartext",
        "--allow-unverified",
        "--format",
        "json",
    ];
    let output = probe(emulator, &args, "");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        !stdout.contains(&password),
        "the password reached the report"
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains(&password));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = steps(&report, &host);
    assert_eq!(verdict_of(&all, "login"), "passed", "{all:#?}");

    // Another password is refused by the same server: the check is real.
    let mut other = args.to_vec();
    other.retain(|a| *a != "--password-from-secret");
    other.push("--password-stdin");
    let output = probe(emulator, &other, "not-the-secret's\n");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = steps(&report, &host);
    assert_eq!(verdict_of(&all, "login"), "failed", "{all:#?}");
    let login = all.iter().find(|s| s["step"] == "login").unwrap();
    assert!(
        login["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("legacy-erp: 530")),
        "{login}"
    );

    // A user without a secret: the probe says which secret it looked for.
    let output = probe(
        emulator,
        &[
            server,
            "--host",
            &host,
            "--user",
            "nobody",
            "--password-from-secret",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nobody"), "{stderr}");
}

#[test]
fn a_stored_password_is_not_sent_in_clear_without_allow_cleartext() {
    let (emulator, estate) = shared();
    let server = seeded_server(estate, "ftp_vpc");
    let _lock = passive_range_lock();
    let ftp = Vsftpd::start(&FtpSetup::default());
    let host = format!("127.0.0.1:{}", ftp.port);
    let base = [
        server,
        "--host",
        &host,
        "--user",
        "legacy-erp",
        "--password-from-secret",
    ];
    let output = probe(emulator, &base, "");
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let login = text
        .lines()
        .find(|l| l.contains(" login "))
        .unwrap_or_else(|| panic!("no login step:\n{text}"));
    assert!(login.contains("skipped"), "{text}");
    assert!(
        login.contains(&format!("sends legacy-erp's password in clear to {host}")),
        "{text}"
    );
    assert!(
        login.contains("--allow-cleartext --allow-unverified"),
        "{text}"
    );
    assert!(!ftp.log().contains("\"USER"), "{}", ftp.log());

    // One flag is not enough: 127.0.0.1 is not one of the server's addresses.
    let mut cleartext = base.to_vec();
    cleartext.push("--allow-cleartext");
    let output = probe(emulator, &cleartext, "");
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        text.contains("not one of the server's known addresses"),
        "{text}"
    );
    assert!(!ftp.log().contains("\"USER"), "{}", ftp.log());

    let mut both = cleartext.clone();
    both.extend(["--allow-unverified", "--format", "json"]);
    let output = probe(emulator, &both, "");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = steps(&report, &host);
    // The login ran (this vsftpd takes anonymous logins only: refused).
    assert_eq!(verdict_of(&all, "login"), "failed");
    assert!(ftp.log().contains("\"USER legacy-erp\""), "{}", ftp.log());
}

#[test]
fn the_allow_flags_need_a_user() {
    let (emulator, _) = shared();
    let output = probe(emulator, &["s-00000000000000000", "--allow-cleartext"], "");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--user"), "{stderr}");
}
