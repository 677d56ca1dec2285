//! The probe against real servers on loopback: vsftpd for FTP and FTPS,
//! OpenSSH's sshd for SFTP, and scripted servers for what no real server
//! does (a listing without end). Each case is asserted on the verdicts.
//! Only 127.0.0.0/8 is ever probed.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use tokio_util::sync::CancellationToken;
use transfer_console::model::Protocol;
use transfer_console::probe::plan::parse_host;
use transfer_console::probe::report;
use transfer_console::probe::run::Limits;
use transfer_console::probe::{
    Consent, Credentials, Password, ProbeEvent, ProbePlan, ServerFacts, StepKind, StepResult,
    Verdict,
};

use support::loopback::{
    CertKind, Forwarder, FtpSetup, Sshd, Vsftpd, free_port, new_host_key, passive_range_lock,
};

const LIMITS: Limits = Limits {
    connect: Duration::from_secs(2),
    step: Duration::from_secs(5),
};

fn facts(protocol: Protocol) -> ServerFacts {
    ServerFacts {
        server_id: "s-0123456789abcdef0".into(),
        protocols: vec![protocol],
        passive_ip: Some("AUTO".into()),
        tls_session_resumption_mode: Some("ENFORCED".into()),
        host_key_fingerprint: None,
        host_keys: Vec::new(),
        host_keys_unlisted: None,
        sftp_ports: vec![22],
        hostname: Some("localhost".into()),
        endpoint_addresses: vec!["127.0.0.1".into()],
        known_hosts: vec!["localhost".into(), "127.0.0.1".into()],
    }
}

/// Every risk accepted: for the cases about other steps than the login's
/// gate (`--allow-cleartext --allow-unverified`).
fn accept_all() -> Consent {
    Consent {
        cleartext: true,
        unverified: true,
        exposures: Vec::new(),
    }
}

fn anonymous() -> Option<Credentials> {
    Some(Credentials {
        user: "anonymous".into(),
        password: Password::new("probe@example.com"),
    })
}

async fn probe(
    facts: ServerFacts,
    host: &str,
    credentials: Option<Credentials>,
) -> Vec<StepResult> {
    probe_with(facts, host, credentials, accept_all(), Vec::new()).await
}

async fn probe_with(
    facts: ServerFacts,
    host: &str,
    credentials: Option<Credentials>,
    consent: Consent,
    extra_roots: Vec<Vec<u8>>,
) -> Vec<StepResult> {
    let plan = ProbePlan {
        facts,
        targets: vec![parse_host(host).unwrap()],
        credentials,
        consent,
        extra_roots,
    };
    transfer_console::probe::run(&plan, LIMITS, None, CancellationToken::new()).await
}

fn verdict(results: &[StepResult], step: StepKind) -> Verdict {
    results
        .iter()
        .find(|r| r.step == step)
        .unwrap_or_else(|| panic!("no {step:?} in {results:#?}"))
        .verdict
}

fn detail(results: &[StepResult], step: StepKind) -> String {
    results
        .iter()
        .find(|r| r.step == step)
        .unwrap()
        .detail
        .clone()
}

fn all_passed(results: &[StepResult]) {
    for r in results {
        assert_eq!(r.verdict, Verdict::Passed, "{r:#?}");
    }
}

#[tokio::test]
async fn ftp_all_steps_pass_and_list_the_files() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup::default());
    let results = probe(
        facts(Protocol::Ftp),
        &format!("127.0.0.1:{}", server.port),
        anonymous(),
    )
    .await;
    assert_eq!(results.len(), 7, "{results:#?}");
    all_passed(&results);
    assert!(detail(&results, StepKind::Listing).contains("3 entries"));
    assert!(detail(&results, StepKind::Pasv).contains("227 names 127.0.0.1:"));
    assert_eq!(
        report::Summary::of(&results).exit_code(),
        report::EXIT_PASSED
    );
}

#[tokio::test]
async fn without_credentials_the_probe_stops_after_the_greeting() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup::default());
    let results = probe(
        facts(Protocol::Ftp),
        &format!("127.0.0.1:{}", server.port),
        None,
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Greeting), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    assert_eq!(verdict(&results, StepKind::Listing), Verdict::Skipped);
    assert_eq!(
        report::Summary::of(&results).exit_code(),
        report::EXIT_PASSED
    );
}

#[tokio::test]
async fn a_closed_control_port_fails_the_connect_and_skips_the_rest() {
    let port = free_port();
    let results = probe(
        facts(Protocol::Ftp),
        &format!("127.0.0.1:{port}"),
        anonymous(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Dns), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Connect), Verdict::Failed);
    assert!(
        detail(&results, StepKind::Connect).contains("refused"),
        "{results:#?}"
    );
    for step in [
        StepKind::Greeting,
        StepKind::Login,
        StepKind::Pasv,
        StepKind::Listing,
    ] {
        assert_eq!(verdict(&results, step), Verdict::Skipped);
    }
    let text = report::text(&facts(Protocol::Ftp), &results);
    assert!(text.contains("security group"), "{text}");
    assert_eq!(
        report::Summary::of(&results).exit_code(),
        report::EXIT_FAILED
    );
}

#[tokio::test]
async fn pasv_naming_an_address_that_does_not_answer_is_found_and_named() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        pasv_address: Some("127.0.0.2".into()),
        ..FtpSetup::default()
    });
    let results = probe(
        facts(Protocol::Ftp),
        &format!("127.0.0.1:{}", server.port),
        anonymous(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Pasv), Verdict::Failed);
    assert!(
        detail(&results, StepKind::Pasv)
            .contains("127.0.0.2 is not one of the endpoint's addresses")
    );
    assert_eq!(verdict(&results, StepKind::DataConnect), Verdict::Failed);
    assert!(detail(&results, StepKind::DataConnect).contains("127.0.0.2:"));
    assert_eq!(verdict(&results, StepKind::Listing), Verdict::Skipped);
    let text = report::text(&facts(Protocol::Ftp), &results);
    assert!(
        text.contains("set PassiveIp") || text.contains("Set PassiveIp"),
        "{text}"
    );
    assert!(text.contains("127.0.0.2"), "{text}");
}

#[tokio::test]
async fn closed_passive_ports_fail_the_data_connection() {
    let _lock = passive_range_lock();
    // A "load balancer" on 127.0.0.5 forwards port 21 only; the server tells
    // clients to reuse the control address (PassiveIp 0.0.0.0).
    let server = Vsftpd::start(&FtpSetup {
        pasv_address: Some("0.0.0.0".into()),
        ..FtpSetup::default()
    });
    let nlb = Forwarder::start("127.0.0.5", server.port);
    let mut facts = facts(Protocol::Ftp);
    facts.passive_ip = Some("0.0.0.0".into());
    facts.endpoint_addresses = vec!["127.0.0.5".into()];
    let results = probe(
        facts.clone(),
        &format!("{}:{}", nlb.address, nlb.port),
        anonymous(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Passed);
    assert_eq!(
        verdict(&results, StepKind::Pasv),
        Verdict::Passed,
        "{results:#?}"
    );
    assert!(detail(&results, StepKind::Pasv).contains("reuse the control address 127.0.0.5"));
    assert_eq!(verdict(&results, StepKind::DataConnect), Verdict::Failed);
    assert!(detail(&results, StepKind::DataConnect).contains("127.0.0.5:"));
    let text = report::text(&facts, &results);
    assert!(text.contains("8192-8200"), "{text}");
}

#[tokio::test]
async fn ftps_all_steps_pass_with_a_good_certificate() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        ..FtpSetup::default()
    });
    // The certificate verifies (its CA trusted here): no acceptance needed.
    let plan = ProbePlan {
        facts: facts(Protocol::Ftps),
        targets: vec![parse_host(&format!("localhost:{}", server.port)).unwrap()],
        credentials: anonymous(),
        consent: Consent::default(),
        extra_roots: server.certificate.clone().into_iter().collect(),
    };
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let results =
        transfer_console::probe::run(&plan, LIMITS, Some(events), CancellationToken::new()).await;
    all_passed(&results);
    assert_eq!(results.len(), 10, "{results:#?}");
    // The pane sees each step end once, in the same order.
    let mut finished = Vec::new();
    while let Ok(event) = received.try_recv() {
        if let ProbeEvent::Finished(result) = event {
            finished.push(result);
        }
    }
    assert_eq!(finished, results);
    assert!(
        detail(&results, StepKind::Certificate).contains("valid for localhost and trusted here")
    );
    assert!(detail(&results, StepKind::DataTlsReuse).contains("TLS session reused"));
    assert!(detail(&results, StepKind::DataTlsNoReuse).contains("new TLS session"));
}

#[tokio::test]
async fn ftps_requiring_session_reuse_is_reported_with_the_tls_setting() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        require_ssl_reuse: true,
        ..FtpSetup::default()
    });
    let results = probe(
        facts(Protocol::Ftps),
        &format!("127.0.0.1:{}", server.port),
        anonymous(),
    )
    .await;
    assert_eq!(
        verdict(&results, StepKind::DataTlsReuse),
        Verdict::Passed,
        "{results:#?}"
    );
    assert_eq!(verdict(&results, StepKind::DataTlsNoReuse), Verdict::Failed);
    assert!(
        detail(&results, StepKind::DataTlsNoReuse).contains("522"),
        "{results:#?}"
    );
    let text = report::text(&facts(Protocol::Ftps), &results);
    assert!(text.contains("requires TLS session reuse"), "{text}");
    assert!(text.contains("TlsSessionResumptionMode ENABLED"), "{text}");
}

#[tokio::test]
async fn a_certificate_for_another_hostname_fails_the_certificate_step() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::OtherHost),
        ..FtpSetup::default()
    });
    let results = probe(
        facts(Protocol::Ftps),
        &format!("localhost:{}", server.port),
        None,
    )
    .await;
    assert_eq!(verdict(&results, StepKind::AuthTls), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Certificate), Verdict::Failed);
    let seen = detail(&results, StepKind::Certificate);
    assert!(seen.contains("not valid for localhost"), "{seen}");
    assert!(seen.contains("other.example.com"), "{seen}");
}

#[tokio::test]
async fn an_expired_certificate_fails_the_certificate_step() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Expired),
        ..FtpSetup::default()
    });
    let results = probe(
        facts(Protocol::Ftps),
        &format!("127.0.0.1:{}", server.port),
        None,
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Certificate), Verdict::Failed);
    let seen = detail(&results, StepKind::Certificate);
    assert!(seen.contains("expired on 2020-02-01"), "{seen}");
}

#[tokio::test]
async fn sftp_banner_and_host_key_match_describe_server() {
    let sshd = Sshd::start();
    let mut facts = facts(Protocol::Sftp);
    facts.host_key_fingerprint = Some(sshd.fingerprint.clone());
    let results = probe(facts, &format!("127.0.0.1:{}", sshd.port), None).await;
    all_passed(&results);
    assert!(detail(&results, StepKind::SshBanner).starts_with("SSH-2.0-OpenSSH"));
    assert!(detail(&results, StepKind::HostKey).contains("matches HostKeyFingerprint"));
}

/// An SFTP port in CLIENT_TALK_FIRST mode: silent until the client has
/// sent its identification line, then the server's banner.
async fn client_talks_first_port() -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                if reader.read_line(&mut line).await.is_ok() && line.starts_with("SSH-2.0-") {
                    let _ = reader
                        .get_mut()
                        .write_all(b"SSH-2.0-AWS_SFTP_1.1\r\n")
                        .await;
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn every_sftp_port_is_probed_and_a_client_talks_first_one_answers() {
    let sshd = Sshd::start();
    let quiet = client_talks_first_port().await;
    let mut facts = facts(Protocol::Sftp);
    facts.sftp_ports = vec![sshd.port, quiet];
    let results = probe(facts, "127.0.0.1", None).await;
    let banner_at = |port: u16| {
        results
            .iter()
            .find(|r| r.step == StepKind::SshBanner && r.target == format!("127.0.0.1:{port}"))
            .unwrap_or_else(|| panic!("port {port} not probed: {results:#?}"))
    };
    assert_eq!(banner_at(sshd.port).verdict, Verdict::Passed);
    let quiet_banner = banner_at(quiet);
    assert_eq!(quiet_banner.verdict, Verdict::Passed, "{quiet_banner:#?}");
    assert_eq!(quiet_banner.detail, "SSH-2.0-AWS_SFTP_1.1");
}

#[tokio::test]
async fn an_sftp_host_key_other_than_the_expected_one_fails() {
    let sshd = Sshd::start();
    let other = tempfile::tempdir().unwrap();
    let (_, expected) = new_host_key(other.path(), "other");
    let mut facts = facts(Protocol::Sftp);
    facts.host_key_fingerprint = Some(expected.clone());
    let results = probe(facts.clone(), &format!("127.0.0.1:{}", sshd.port), None).await;
    assert_eq!(verdict(&results, StepKind::SshBanner), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::HostKey), Verdict::Failed);
    let seen = detail(&results, StepKind::HostKey);
    assert!(
        seen.contains(&expected) && seen.contains(&sshd.fingerprint),
        "{seen}"
    );
    assert!(report::text(&facts, &results).contains("host key"));
}

#[tokio::test]
async fn cancelling_stops_a_probe_waiting_on_a_silent_server() {
    // Accepts connections and never speaks.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let plan = ProbePlan {
        facts: facts(Protocol::Ftp),
        targets: vec![parse_host(&format!("127.0.0.1:{port}")).unwrap()],
        credentials: None,
        consent: Consent::default(),
        extra_roots: Vec::new(),
    };
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let results = transfer_console::probe::run(&plan, LIMITS, None, cancel).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(verdict(&results, StepKind::Connect), Verdict::Passed);
    assert!(
        results.iter().all(|r| r.step != StepKind::Greeting),
        "{results:#?}"
    );
    drop(silent);
}

// ---- The login's gate: no password unverified or in clear without acceptance.

fn login_detail(results: &[StepResult]) -> String {
    detail(results, StepKind::Login)
}

#[tokio::test]
async fn a_certificate_for_another_name_gets_no_password() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::OtherHost),
        ..FtpSetup::default()
    });
    // Even with its CA trusted, the certificate is not for localhost.
    let roots: Vec<Vec<u8>> = server.certificate.clone().into_iter().collect();
    let host = format!("localhost:{}", server.port);
    let consent = Consent {
        cleartext: true, // not the risk here: only --allow-unverified would do
        ..Consent::default()
    };
    let results = probe_with(facts(Protocol::Ftps), &host, anonymous(), consent, roots).await;
    assert_eq!(verdict(&results, StepKind::AuthTls), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Certificate), Verdict::Failed);
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    let why = login_detail(&results);
    assert!(why.contains("whose certificate does not verify"), "{why}");
    assert!(why.contains("--allow-unverified"), "{why}");
    assert_eq!(verdict(&results, StepKind::Pasv), Verdict::Skipped);
    let log = server.log();
    assert!(log.contains("AUTH TLS"), "vsftpd logs the session: {log}");
    assert!(!log.contains("\"USER"), "a login was sent: {log}");
    assert!(!log.contains("\"PASS"), "a password was sent: {log}");
}

#[tokio::test]
async fn a_self_signed_certificate_gets_no_password_until_accepted() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        ..FtpSetup::default()
    });
    let host = format!("localhost:{}", server.port);
    // Valid for localhost, but issued by no authority this machine trusts.
    let results = probe_with(
        facts(Protocol::Ftps),
        &host,
        anonymous(),
        Consent::default(),
        Vec::new(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Certificate), Verdict::Failed);
    let seen = detail(&results, StepKind::Certificate);
    assert!(seen.contains("trust"), "{seen}");
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    assert!(!server.log().contains("\"PASS"), "{}", server.log());

    let results = probe_with(
        facts(Protocol::Ftps),
        &host,
        anonymous(),
        Consent {
            unverified: true,
            ..Consent::default()
        },
        Vec::new(),
    )
    .await;
    assert_eq!(
        verdict(&results, StepKind::Login),
        Verdict::Passed,
        "{results:#?}"
    );
    assert!(server.log().contains("\"PASS"));
}

#[tokio::test]
async fn plain_ftp_logs_in_only_with_cleartext_accepted() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup::default());
    let host = format!("127.0.0.1:{}", server.port);
    let results = probe_with(
        facts(Protocol::Ftp),
        &host,
        anonymous(),
        Consent::default(),
        Vec::new(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Greeting), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    let why = login_detail(&results);
    assert!(
        why.contains(&format!(
            "sends anonymous's password in clear to 127.0.0.1:{}",
            server.port
        )),
        "{why}"
    );
    assert!(why.contains("--allow-cleartext"), "{why}");
    assert_eq!(verdict(&results, StepKind::Listing), Verdict::Skipped);
    assert!(!server.log().contains("\"PASS"), "{}", server.log());

    let cleartext = Consent {
        cleartext: true,
        ..Consent::default()
    };
    let results = probe_with(
        facts(Protocol::Ftp),
        &host,
        anonymous(),
        cleartext,
        Vec::new(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Passed);
    assert_eq!(verdict(&results, StepKind::Listing), Verdict::Passed);
    assert!(server.log().contains("\"PASS"));
}

#[tokio::test]
async fn an_address_that_is_not_the_server_s_needs_its_own_acceptance() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup::default());
    let elsewhere = Forwarder::start("127.0.0.7", server.port);
    let host = format!("{}:{}", elsewhere.address, elsewhere.port);
    let cleartext = Consent {
        cleartext: true,
        ..Consent::default()
    };
    let results = probe_with(
        facts(Protocol::Ftp),
        &host,
        anonymous(),
        cleartext,
        Vec::new(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    let why = login_detail(&results);
    assert!(
        why.contains("not one of the server's known addresses"),
        "{why}"
    );
    assert!(!server.log().contains("\"PASS"), "{}", server.log());
    let results = probe_with(
        facts(Protocol::Ftp),
        &host,
        anonymous(),
        accept_all(),
        Vec::new(),
    )
    .await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Passed);
}

#[tokio::test]
async fn the_console_s_confirmation_accepts_only_the_login_it_named() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup::default());
    let host = format!("127.0.0.1:{}", server.port);
    let plan = |consent| ProbePlan {
        facts: facts(Protocol::Ftp),
        targets: vec![parse_host(&host).unwrap()],
        credentials: anonymous(),
        consent,
        extra_roots: Vec::new(),
    };
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let first = plan(Consent::default());
    let results =
        transfer_console::probe::run(&first, LIMITS, Some(events), CancellationToken::new()).await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Skipped);
    let mut withheld = Vec::new();
    while let Ok(event) = received.try_recv() {
        if let ProbeEvent::Withheld(exposure) = event {
            withheld.push(exposure);
        }
    }
    assert_eq!(withheld.len(), 1, "{withheld:#?}");
    let again = plan(Consent {
        exposures: withheld,
        ..Consent::default()
    });
    let results =
        transfer_console::probe::run(&again, LIMITS, None, CancellationToken::new()).await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Passed);
}

// ---- Caps on what a hostile server sends, and a server that demands TLS.

/// A scripted FTP server on 127.0.0.1: greets, takes any login, and
/// answers LIST with a listing that never ends. Returns its port and the
/// count of listing bytes it managed to send. It stops by itself after
/// 256 MiB or when the probe hangs up.
async fn endless_listing_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let data = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let data_port = data.local_addr().unwrap().port();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 scripted\r\n").await;
        while let Ok(Some(line)) = lines.next_line().await {
            let reply = match line.split_whitespace().next().unwrap_or("") {
                "USER" => "331 password".to_string(),
                "PASS" => "230 in".to_string(),
                "PASV" => format!(
                    "227 Entering Passive Mode (127,0,0,1,{},{})",
                    data_port / 256,
                    data_port % 256
                ),
                "LIST" => {
                    let _ = write.write_all(b"150 here it comes\r\n").await;
                    let Ok((mut out, _)) = data.accept().await else {
                        return;
                    };
                    let chunk = b"-rw-r--r-- 1 ftp ftp 6 Jan 1 00:00 file\r\n".repeat(1024);
                    while counter.load(Ordering::Relaxed) < 256 * 1024 * 1024 {
                        match out.write_all(&chunk).await {
                            Ok(()) => counter.fetch_add(chunk.len(), Ordering::Relaxed),
                            Err(_) => break,
                        };
                    }
                    "426 the data connection was closed".to_string()
                }
                "QUIT" => break,
                _ => "200 ok".to_string(),
            };
            let _ = write.write_all(format!("{reply}\r\n").as_bytes()).await;
        }
    });
    (port, sent)
}

#[tokio::test]
async fn a_listing_without_end_stops_at_the_cap() {
    let (port, sent) = endless_listing_server().await;
    let results = probe(
        facts(Protocol::Ftp),
        &format!("127.0.0.1:{port}"),
        anonymous(),
    )
    .await;
    assert_eq!(
        verdict(&results, StepKind::Listing),
        Verdict::Passed,
        "{results:#?}"
    );
    let seen = detail(&results, StepKind::Listing);
    assert!(seen.contains("stopped reading at this cap"), "{seen}");
    // The cap, and what the kernels' socket buffers hold: far from 256 MiB.
    let sent = sent.load(Ordering::Relaxed);
    assert!(
        sent < 32 * 1024 * 1024,
        "the server sent {sent} bytes before the probe hung up"
    );
}

/// A server that sends `greeting` and then `line` over and over, without
/// end; returns its port. Stops by itself after 64 MiB.
async fn endless_server(greeting: &'static [u8], line: &'static [u8]) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = stream.write_all(greeting).await;
                while counter.load(Ordering::Relaxed) < 64 * 1024 * 1024 {
                    if stream.write_all(line).await.is_err() {
                        break;
                    }
                    counter.fetch_add(line.len(), Ordering::Relaxed);
                }
            });
        }
    });
    (port, sent)
}

#[tokio::test]
async fn a_greeting_without_end_stops_at_the_cap() {
    let (port, sent) = endless_server(b"220-welcome\r\n", b"220-and more\r\n").await;
    let results = probe(facts(Protocol::Ftp), &format!("127.0.0.1:{port}"), None).await;
    assert_eq!(verdict(&results, StepKind::Greeting), Verdict::Failed);
    let seen = detail(&results, StepKind::Greeting);
    assert!(seen.contains("cap"), "{seen}");
    assert!(sent.load(Ordering::Relaxed) < 32 * 1024 * 1024);

    let (port, sent) = endless_server(b"220", b"xxxxxxxxxxxxxxxx").await;
    let results = probe(facts(Protocol::Ftp), &format!("127.0.0.1:{port}"), None).await;
    let seen = detail(&results, StepKind::Greeting);
    assert!(seen.contains("longer than 8 KiB"), "{seen}");
    assert!(sent.load(Ordering::Relaxed) < 32 * 1024 * 1024);
}

#[tokio::test]
async fn an_ssh_banner_without_end_stops_at_the_cap() {
    let (port, _) = endless_server(b"", b"xxxxxxxxxxxxxxxx").await;
    let mut facts = facts(Protocol::Sftp);
    facts.sftp_ports = vec![port];
    let results = probe(facts, "127.0.0.1", None).await;
    assert_eq!(verdict(&results, StepKind::SshBanner), Verdict::Failed);
    let seen = detail(&results, StepKind::SshBanner);
    assert!(seen.contains("cap"), "{seen}");
}

/// A plain FTP port that refuses USER as vsftpd does with
/// `force_local_logins_ssl=YES`.
async fn tls_demanding_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 ready\r\n").await;
        while let Ok(Some(line)) = lines.next_line().await {
            let reply: &[u8] = if line.starts_with("USER") {
                b"530 Non-anonymous sessions must use encryption.\r\n"
            } else {
                b"500 no\r\n"
            };
            let _ = write.write_all(reply).await;
        }
    });
    port
}

#[tokio::test]
async fn a_server_demanding_tls_is_not_a_refused_password() {
    let port = tls_demanding_server().await;
    let facts = facts(Protocol::Ftp);
    let results = probe(facts.clone(), &format!("127.0.0.1:{port}"), anonymous()).await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Failed);
    let text = report::text(&facts, &results);
    assert!(text.contains("Not a refused password"), "{text}");
    assert!(text.contains("must use encryption"), "{text}");
    assert!(!text.contains("Check the user's secret"), "{text}");
}

#[tokio::test]
async fn a_local_user_logs_in_with_its_password_only() {
    let _lock = passive_range_lock();
    let server = Vsftpd::start(&FtpSetup {
        login: Some(("tc-partner-a".into(), "Pa55-partner".into())),
        ..FtpSetup::default()
    });
    let host = format!("127.0.0.1:{}", server.port);
    let login = |password: &str| {
        Some(Credentials {
            user: "tc-partner-a".into(),
            password: Password::new(password),
        })
    };
    let results = probe(facts(Protocol::Ftp), &host, login("Pa55-partner")).await;
    all_passed(&results);
    assert!(detail(&results, StepKind::Listing).contains("3 entries"));
    let results = probe(facts(Protocol::Ftp), &host, login("not-the-password")).await;
    assert_eq!(
        verdict(&results, StepKind::Login),
        Verdict::Failed,
        "{results:#?}"
    );
    assert!(
        detail(&results, StepKind::Login).contains("530"),
        "{results:#?}"
    );
    let results = probe(facts(Protocol::Ftp), &host, anonymous()).await;
    assert_eq!(
        verdict(&results, StepKind::Login),
        Verdict::Failed,
        "{results:#?}"
    );
}

#[tokio::test]
async fn vsftpd_forcing_tls_logins_is_not_a_refused_password() {
    let _lock = passive_range_lock();
    // ssl_enable=YES: force_local_logins_ssl is on by default.
    let server = Vsftpd::start(&FtpSetup {
        tls: Some(CertKind::Good),
        login: Some(("tc-partner-b".into(), "Pa55-partner".into())),
        ..FtpSetup::default()
    });
    let credentials = Some(Credentials {
        user: "tc-partner-b".into(),
        password: Password::new("Pa55-partner"),
    });
    let facts = facts(Protocol::Ftp);
    let host = format!("127.0.0.1:{}", server.port);
    let results = probe(facts.clone(), &host, credentials.clone()).await;
    assert_eq!(verdict(&results, StepKind::Login), Verdict::Failed);
    let seen = detail(&results, StepKind::Login);
    assert!(seen.contains("must use encryption"), "{seen}");
    let text = report::text(&facts, &results);
    assert!(text.contains("Not a refused password"), "{text}");
    assert!(!text.contains("Check the user's secret"), "{text}");
    // The same login over FTPS passes.
    let mut ftps = facts.clone();
    ftps.protocols = vec![Protocol::Ftps];
    let results = probe(ftps, &host, credentials).await;
    assert_eq!(
        verdict(&results, StepKind::Login),
        Verdict::Passed,
        "{results:#?}"
    );
}

/// An FTP server that greets only once `barrier` is passed: by as many
/// clients at once as the barrier counts.
async fn greeting_together(barrier: Arc<tokio::sync::Barrier>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                let _ = stream.write_all(b"220 ready\r\n").await;
                // Held open until the probe is done with it.
                let mut lines = BufReader::new(stream).lines();
                while let Ok(Some(_)) = lines.next_line().await {}
            });
        }
    });
    port
}

#[tokio::test]
async fn addresses_are_probed_at_once_and_reported_in_order() {
    // Each server greets only when the other has been connected too: probed
    // one after the other, the first would wait out its greeting and fail.
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let first = greeting_together(barrier.clone()).await;
    let second = greeting_together(barrier).await;
    let plan = ProbePlan {
        facts: facts(Protocol::Ftp),
        targets: vec![
            parse_host(&format!("127.0.0.1:{first}")).unwrap(),
            parse_host(&format!("127.0.0.1:{second}")).unwrap(),
        ],
        credentials: None,
        consent: accept_all(),
        extra_roots: Vec::new(),
    };
    let results = transfer_console::probe::run(&plan, LIMITS, None, CancellationToken::new()).await;
    let greetings: Vec<(&str, Verdict)> = results
        .iter()
        .filter(|r| r.step == StepKind::Greeting)
        .map(|r| (r.target.as_str(), r.verdict))
        .collect();
    assert_eq!(
        greetings,
        [
            (format!("127.0.0.1:{first}").as_str(), Verdict::Passed),
            (format!("127.0.0.1:{second}").as_str(), Verdict::Passed),
        ],
        "{results:#?}"
    );
}

/// A server with two host keys offers either: the key sshd offers is not
/// the oldest (DescribeServer's HostKeyFingerprint) but one imported later,
/// and it matches that key.
#[tokio::test]
async fn an_sftp_host_key_matching_any_key_of_the_server_passes() {
    use transfer_console::model::HostKey;
    let sshd = Sshd::start();
    let other = tempfile::tempdir().unwrap();
    let (_, oldest) = new_host_key(other.path(), "oldest");
    let key = |id: &str, fingerprint: &str, description: &str| HostKey {
        id: id.into(),
        fingerprint: fingerprint.into(),
        kind: "ssh-ed25519".into(),
        description: description.into(),
        imported: None,
    };
    let mut facts = facts(Protocol::Sftp);
    facts.host_key_fingerprint = Some(oldest.clone());
    facts.host_keys = vec![
        key("hostkey-0123456789abcdef0", &oldest, ""),
        key(
            "hostkey-fedcba98765432100",
            &sshd.fingerprint,
            "rotation 2026",
        ),
    ];
    let results = probe(facts, &format!("127.0.0.1:{}", sshd.port), None).await;
    assert_eq!(verdict(&results, StepKind::HostKey), Verdict::Passed);
    let seen = detail(&results, StepKind::HostKey);
    assert!(
        seen.contains("matches host key hostkey-fedcba98765432100 (rotation 2026)"),
        "{seen}"
    );
}
