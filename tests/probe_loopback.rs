//! The probe against real servers on loopback: vsftpd for FTP and FTPS,
//! OpenSSH's sshd for SFTP. Each case is asserted on the verdicts. Only
//! 127.0.0.0/8 is ever probed.

mod support;

use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;
use transfer_console::model::Protocol;
use transfer_console::probe::plan::parse_host;
use transfer_console::probe::report;
use transfer_console::probe::run::Limits;
use transfer_console::probe::{
    Credentials, Password, ProbeEvent, ProbePlan, ServerFacts, StepKind, StepResult, Verdict,
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
        sftp_ports: vec![22],
        hostname: Some("localhost".into()),
        endpoint_addresses: vec!["127.0.0.1".into()],
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
    let plan = ProbePlan {
        facts,
        targets: vec![parse_host(host).unwrap()],
        credentials,
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
    let plan = ProbePlan {
        facts: facts(Protocol::Ftps),
        targets: vec![parse_host(&format!("127.0.0.1:{}", server.port)).unwrap()],
        credentials: anonymous(),
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
    assert!(detail(&results, StepKind::Certificate).contains("valid for localhost"));
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
