//! Running a plan: each address, each protocol, each step in order, with a
//! time limit on every step. Steps report as they start and finish so the
//! pane can show them live; the whole run stops when `cancel` fires.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{FutureExt, StreamExt, stream};
use rustls::ClientConfig;
use rustls::pki_types::ServerName;
use time::OffsetDateTime;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::cert;
use super::consent::{Exposure, Risk};
use super::ftp::{self, Control, Io, parse_pasv};
use super::plan::{Credentials, ProbePlan, ServerFacts, Target};
use super::ssh;
use super::step::{StepKind, StepResult, Verdict};
use super::tls;
use crate::model::Protocol;

/// How a step that timed out begins its detail, so the report can tell
/// silence from a wrong answer.
pub const NO_ANSWER: &str = "no answer";

/// Time limits: a step that does not finish in time has failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connect: Duration,
    pub step: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            step: Duration::from_secs(10),
        }
    }
}

/// What the pane sees while the probe runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeEvent {
    Started {
        target: String,
        protocol: String,
        step: StepKind,
    },
    Finished(StepResult),
    /// A login was not sent: its risks were not accepted. The console asks.
    Withheld(Exposure),
}

/// The most of a directory listing the probe reads: enough to count
/// entries, and a server that streams without end is cut off.
pub const MAX_LISTING: usize = 1024 * 1024;

/// Runs every step of the plan; returns every result (also sent as events).
/// When cancelled, returns what finished before.
pub async fn run(
    plan: &ProbePlan,
    limits: Limits,
    events: Option<UnboundedSender<ProbeEvent>>,
    cancel: CancellationToken,
) -> Vec<StepResult> {
    // Every address, protocol and port is its own walk. They run a few at
    // a time: each may wait seconds for a greeting, and four addresses one
    // after another would keep the operator waiting four times as long.
    let walks: Vec<(&Target, &Protocol, u16)> = plan
        .targets
        .iter()
        .flat_map(|target| {
            plan.facts
                .protocols
                .iter()
                .filter(move |p| target.serves(p))
                .filter(|p| matches!(p, Protocol::Ftp | Protocol::Ftps | Protocol::Sftp))
                .flat_map(move |protocol| {
                    target
                        .ports_for(protocol, &plan.facts)
                        .into_iter()
                        .map(move |port| (target, protocol, port))
                })
        })
        .collect();
    // By index: a closure over borrowed items would not be `Send` for the
    // worker's task (the compiler cannot name their lifetimes).
    let walked: Vec<Vec<StepResult>> = stream::iter(0..walks.len())
        .map(|index| {
            let (target, protocol, port) = walks[index];
            walk(
                plan,
                target,
                protocol,
                port,
                limits,
                events.clone(),
                cancel.clone(),
            )
            .boxed()
        })
        // `buffered` keeps the report in the plan's order whatever finishes first.
        .buffered(PARALLEL_WALKS)
        .collect()
        .await;
    walked.into_iter().flatten().collect()
}

/// One address, protocol and port, until its steps end or the probe is
/// cancelled: the steps seen so far.
async fn walk(
    plan: &ProbePlan,
    target: &Target,
    protocol: &Protocol,
    port: u16,
    limits: Limits,
    events: Option<UnboundedSender<ProbeEvent>>,
    cancel: CancellationToken,
) -> Vec<StepResult> {
    let mut probe = Probe {
        plan,
        facts: &plan.facts,
        target,
        protocol,
        port,
        address: format!("{}:{port}", target.host),
        limits,
        events,
        results: Vec::new(),
        verified: None,
    };
    tokio::select! {
        _ = cancel.cancelled() => {}
        _ = probe.walk(plan.credentials.as_ref()) => {}
    }
    probe.results
}

/// Walks at once: enough that four addresses take the time of one, few
/// enough not to look like a scan to the server or a firewall.
const PARALLEL_WALKS: usize = 4;

/// Steps an FTP client goes through after the greeting, for skipping.
const FTP_STEPS: &[StepKind] = &[
    StepKind::Greeting,
    StepKind::Login,
    StepKind::Pasv,
    StepKind::DataConnect,
    StepKind::Listing,
];
const FTPS_STEPS: &[StepKind] = &[
    StepKind::Greeting,
    StepKind::AuthTls,
    StepKind::Certificate,
    StepKind::Login,
    StepKind::Pasv,
    StepKind::DataConnect,
    StepKind::DataTlsReuse,
    StepKind::DataTlsNoReuse,
];
/// Every fingerprint the server may offer, each with what names it:
/// every key ListHostKeys gave, and DescribeServer's HostKeyFingerprint
/// when it is none of them.
fn expected_host_keys(facts: &ServerFacts) -> Vec<(String, String)> {
    let mut expected: Vec<(String, String)> = facts
        .host_keys
        .iter()
        .map(|key| {
            let mut name = format!("host key {}", key.id);
            if !key.description.is_empty() {
                name.push_str(&format!(" ({})", key.description));
            }
            (name, key.fingerprint.clone())
        })
        .collect();
    if let Some(fingerprint) = &facts.host_key_fingerprint
        && !expected
            .iter()
            .any(|(_, known)| ssh::same_fingerprint(known, fingerprint))
    {
        expected.push(("HostKeyFingerprint".to_string(), fingerprint.clone()));
    }
    expected
}

const SFTP_STEPS: &[StepKind] = &[StepKind::SshBanner, StepKind::HostKey];

struct Probe<'a> {
    plan: &'a ProbePlan,
    facts: &'a ServerFacts,
    target: &'a Target,
    protocol: &'a Protocol,
    port: u16,
    address: String,
    limits: Limits,
    events: Option<UnboundedSender<ProbeEvent>>,
    results: Vec<StepResult>,
    /// FTPS: whether the certificate verified for the name probed.
    verified: Option<Result<(), String>>,
}

type Outcome<T> = Result<(T, String), String>;

impl Probe<'_> {
    fn record(&mut self, step: StepKind, verdict: Verdict, detail: String, elapsed: Duration) {
        let result = StepResult {
            target: self.address.clone(),
            protocol: self.protocol.to_string(),
            step,
            verdict,
            detail,
            elapsed,
        };
        if let Some(events) = &self.events {
            let _ = events.send(ProbeEvent::Finished(result.clone()));
        }
        self.results.push(result);
    }

    /// Runs one step under the step time limit; `Some` when it passed.
    async fn step<T>(
        &mut self,
        step: StepKind,
        limit: Duration,
        work: impl Future<Output = Outcome<T>>,
    ) -> Option<T> {
        if let Some(events) = &self.events {
            let _ = events.send(ProbeEvent::Started {
                target: self.address.clone(),
                protocol: self.protocol.to_string(),
                step,
            });
        }
        let started = Instant::now();
        let outcome = tokio::time::timeout(limit, work).await;
        let elapsed = started.elapsed();
        match outcome {
            Ok(Ok((value, detail))) => {
                self.record(step, Verdict::Passed, detail, elapsed);
                Some(value)
            }
            Ok(Err(detail)) => {
                self.record(step, Verdict::Failed, detail, elapsed);
                None
            }
            Err(_) => {
                let detail = format!("{NO_ANSWER} within {} s", limit.as_secs_f32());
                self.record(step, Verdict::Failed, detail, elapsed);
                None
            }
        }
    }

    /// A step whose outcome is known without waiting (a comparison).
    fn judge(&mut self, step: StepKind, verdict: Verdict, detail: String) {
        self.record(step, verdict, detail, Duration::ZERO);
    }

    fn skip_from(&mut self, steps: &[StepKind], from: StepKind, why: &str) {
        let rest = steps.iter().skip_while(|s| **s != from).copied();
        for step in rest.collect::<Vec<_>>() {
            self.record(step, Verdict::Skipped, why.to_string(), Duration::ZERO);
        }
    }

    fn steps(&self) -> &'static [StepKind] {
        match self.protocol {
            Protocol::Sftp => SFTP_STEPS,
            Protocol::Ftps => FTPS_STEPS,
            _ => FTP_STEPS,
        }
    }

    async fn walk(&mut self, credentials: Option<&Credentials>) {
        let port = self.port;
        let first = self.steps().first().copied().unwrap_or(StepKind::Greeting);
        let Some(addresses) = self.dns(port).await else {
            self.judge(StepKind::Connect, Verdict::Skipped, "no address".into());
            return self.skip_from(self.steps(), first, "no address");
        };
        let Some(stream) = self.connect(&addresses).await else {
            return self.skip_from(self.steps(), first, "the control port did not answer");
        };
        match self.protocol {
            Protocol::Sftp => self.sftp(stream, port).await,
            _ => self.ftp(stream, credentials).await,
        }
    }

    async fn dns(&mut self, port: u16) -> Option<Vec<SocketAddr>> {
        let host = self.target.host.clone();
        let endpoint = self.facts.endpoint_addresses.clone();
        self.step(StepKind::Dns, self.limits.step, async move {
            if let Ok(ip) = host.parse::<IpAddr>() {
                let note = endpoint_note(&[ip], &endpoint);
                return Ok((
                    vec![SocketAddr::new(ip, port)],
                    format!("{ip} is an address{note}"),
                ));
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|err| format!("{host} does not resolve: {err}"))?
                .collect();
            if found.is_empty() {
                return Err(format!("{host} resolves to no address"));
            }
            let ips: Vec<IpAddr> = found.iter().map(SocketAddr::ip).collect();
            let listed: Vec<String> = ips.iter().map(IpAddr::to_string).collect();
            let note = endpoint_note(&ips, &endpoint);
            Ok((
                found,
                format!("{host} resolves to {}{note}", listed.join(", ")),
            ))
        })
        .await
    }

    async fn connect(&mut self, addresses: &[SocketAddr]) -> Option<TcpStream> {
        // IPv4 first: Transfer Family endpoints answer on IPv4.
        let mut ordered = addresses.to_vec();
        ordered.sort_by_key(|a| !a.is_ipv4());
        let limit = self.limits.connect;
        self.step(StepKind::Connect, limit, async move {
            let mut last = String::from("no address");
            for address in ordered {
                match TcpStream::connect(address).await {
                    Ok(stream) => return Ok((stream, format!("connected to {address}"))),
                    Err(err) => last = format!("{address}: {err}"),
                }
            }
            Err(last)
        })
        .await
    }

    async fn sftp(&mut self, stream: TcpStream, port: u16) {
        let banner = self
            .step(StepKind::SshBanner, self.limits.step, async move {
                ssh::banner(stream).await.map(|b| ((), b))
            })
            .await;
        if banner.is_none() {
            return self.skip_from(SFTP_STEPS, StepKind::HostKey, "no SSH banner");
        }
        if !ssh::keyscan_available() {
            return self.judge(
                StepKind::HostKey,
                Verdict::Skipped,
                "ssh-keyscan is not on the PATH: install the OpenSSH client to compare host keys"
                    .into(),
            );
        }
        let host = self.target.host.clone();
        let expected = expected_host_keys(self.facts);
        let unlisted = self.facts.host_keys_unlisted.as_ref().map(|why| {
            format!(" (ListHostKeys failed: {why}; compared with HostKeyFingerprint only)")
        });
        let limit = self.limits.step;
        self.step(StepKind::HostKey, limit + limit, async move {
            let keys = ssh::host_keys(&host, port, limit).await?;
            let listed: Vec<String> = keys
                .iter()
                .map(|k| format!("{} {}", k.kind, k.fingerprint))
                .collect();
            let unlisted = unlisted.unwrap_or_default();
            if expected.is_empty() {
                return Ok(((), format!("{} (DescribeServer gave no fingerprint to compare){unlisted}", listed.join(", "))));
            }
            let matched = keys.iter().find_map(|offered| {
                expected
                    .iter()
                    .find(|(_, fingerprint)| ssh::same_fingerprint(&offered.fingerprint, fingerprint))
                    .map(|(name, _)| (offered, name))
            });
            match matched {
                Some((key, name)) => Ok(((), format!("{} {} matches {name}{unlisted}", key.kind, key.fingerprint))),
                None => {
                    let known: Vec<&str> = expected.iter().map(|(_, fp)| fp.as_str()).collect();
                    Err(format!(
                        "the server offers {}, but its host keys are {}: another host answers, or the key was changed{unlisted}",
                        listed.join(", "),
                        known.join(", ")
                    ))
                }
            }
        })
        .await;
    }

    async fn ftp(&mut self, stream: TcpStream, credentials: Option<&Credentials>) {
        let steps = self.steps();
        let peer = stream.peer_addr().ok().map(|a| a.ip());
        let mut control = Control::new(stream);
        let greeting = self
            .step(StepKind::Greeting, self.limits.step, async {
                let reply = control.read_reply().await.map_err(|e| e.to_string())?;
                if reply.code == 220 {
                    Ok(((), reply.line()))
                } else {
                    Err(format!("expected 220, got {}", reply.line()))
                }
            })
            .await;
        if greeting.is_none() {
            return self.skip_from(steps, StepKind::AuthTls, "no greeting");
        }
        let secure = *self.protocol == Protocol::Ftps;
        let mut session: Option<TlsSession> = None;
        let mut control: Control<Box<dyn Io>> = if secure {
            match self.auth_tls(control).await {
                Some((control, tls)) => {
                    session = Some(tls);
                    control
                }
                None => return self.skip_from(steps, StepKind::Certificate, "no TLS"),
            }
        } else {
            Control::new(Box::new(control.into_inner()))
        };
        let Some(credentials) = credentials else {
            return self.skip_from(
                steps,
                StepKind::Login,
                "no credentials given: the probe stops here",
            );
        };
        let exposure = self.exposure(credentials, peer);
        if !exposure.risks.is_empty() && !self.plan.consent.covers(&exposure) {
            let why = format!(
                "not sent: it {}; accept the risk with {} (or y in the console's probe)",
                exposure.describe(),
                exposure.flags()
            );
            if let Some(events) = &self.events {
                let _ = events.send(ProbeEvent::Withheld(exposure));
            }
            self.judge(StepKind::Login, Verdict::Skipped, why);
            return self.skip_from(steps, StepKind::Pasv, "no login");
        }
        if !self.login(&mut control, credentials, secure).await {
            return self.skip_from(steps, StepKind::Pasv, "the login failed");
        }
        let Some(data) = self.pasv(&mut control, peer).await else {
            return self.skip_from(steps, StepKind::DataConnect, "no passive address");
        };
        let Some(stream) = self.data_connect(data).await else {
            let skip_from = if secure {
                StepKind::DataTlsReuse
            } else {
                StepKind::Listing
            };
            return self.skip_from(steps, skip_from, "the data connection was not made");
        };
        match session {
            None => {
                self.listing(StepKind::Listing, &mut control, stream, None)
                    .await;
            }
            Some(session) => {
                let resuming = (session.config.clone(), session.name.clone());
                self.listing(StepKind::DataTlsReuse, &mut control, stream, Some(resuming))
                    .await;
                self.without_reuse(&mut control, peer, &session).await;
            }
        }
        let _ = tokio::time::timeout(self.limits.step, control.command("QUIT")).await;
    }

    /// What a login here would risk: plain FTP, a certificate that did not
    /// verify, an address that is not the server's.
    fn exposure(&self, credentials: &Credentials, peer: Option<IpAddr>) -> Exposure {
        let mut risks = Vec::new();
        match &self.verified {
            None => risks.push(Risk::Cleartext),
            Some(Ok(())) => {}
            Some(Err(reason)) => risks.push(Risk::Unverified {
                reason: reason.clone(),
            }),
        }
        if !self.facts.knows(&self.target.host) {
            risks.push(Risk::UnknownAddress);
        }
        let target = match peer {
            Some(ip) if ip.to_string() != self.target.host => format!("{} ({ip})", self.address),
            _ => self.address.clone(),
        };
        Exposure {
            user: credentials.user.clone(),
            target,
            protocol: self.protocol.to_string(),
            risks,
        }
    }

    /// The name a client checks the certificate against: the host typed,
    /// else (an address) the custom hostname, else the address itself.
    fn certificate_name(&self) -> String {
        let typed = &self.target.host;
        if typed.parse::<IpAddr>().is_ok() {
            self.facts.hostname.clone().unwrap_or_else(|| typed.clone())
        } else {
            typed.clone()
        }
    }

    async fn auth_tls(
        &mut self,
        mut control: Control<TcpStream>,
    ) -> Option<(Control<Box<dyn Io>>, TlsSession)> {
        let host = self.target.host.clone();
        let stream = self
            .step(StepKind::AuthTls, self.limits.step, async move {
                let reply = control
                    .command("AUTH TLS")
                    .await
                    .map_err(|e| e.to_string())?;
                if reply.code != 234 {
                    return Err(format!("expected 234, got {}", reply.line()));
                }
                let config = tls::resuming_config().map_err(|e| e.to_string())?;
                let name = tls::server_name(&host)?;
                let stream = tls::connect(config.clone(), name.clone(), control.into_inner())
                    .await
                    .map_err(|err| format!("the TLS handshake failed: {err}"))?;
                let version = stream
                    .get_ref()
                    .1
                    .protocol_version()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_default();
                Ok((
                    (stream, config, name),
                    format!("{}; {version}", reply.line()),
                ))
            })
            .await?;
        let (stream, config, name) = stream;
        let chain = tls::peer_chain(&stream);
        let roots: Vec<_> = self
            .plan
            .extra_roots
            .iter()
            .map(|der| rustls::pki_types::CertificateDer::from(der.clone()))
            .collect();
        let checked = self.certificate_name();
        let verified =
            tls::server_name(&checked).and_then(|checked| tls::verify(&chain, &checked, &roots));
        self.verified = Some(verified);
        self.certificate(chain.first().map(|c| c.to_vec()));
        Some((Control::new(Box::new(stream)), TlsSession { config, name }))
    }

    fn certificate(&mut self, der: Option<Vec<u8>>) {
        let Some(facts) = der.as_deref().and_then(cert::parse) else {
            return self.judge(
                StepKind::Certificate,
                Verdict::Failed,
                "no readable certificate".into(),
            );
        };
        let now = OffsetDateTime::now_utc();
        let mut problems = Vec::new();
        if facts.is_expired(now) {
            problems.push(format!("expired on {}", cert::date(facts.not_after)));
        }
        if facts.is_not_yet_valid(now) {
            problems.push(format!("not valid before {}", cert::date(facts.not_before)));
        }
        // The name a client checks: the one it typed, else the custom hostname.
        let name = self.certificate_name();
        if !facts.matches(&name) {
            problems.push(format!("not valid for {name}"));
        }
        // The verifier's word decides; the DER walk above only explains it.
        if let Some(Err(reason)) = &self.verified
            && !problems.iter().any(|p| p.starts_with(reason.as_str()))
        {
            problems.push(reason.clone());
        }
        let described = facts.describe();
        if problems.is_empty() {
            let checked = format!(", valid for {name} and trusted here");
            self.judge(
                StepKind::Certificate,
                Verdict::Passed,
                format!("{described}{checked}"),
            );
        } else {
            self.judge(
                StepKind::Certificate,
                Verdict::Failed,
                format!("{}: {described}", problems.join(", ")),
            );
        }
    }

    async fn login(
        &mut self,
        control: &mut Control<Box<dyn Io>>,
        credentials: &Credentials,
        secure: bool,
    ) -> bool {
        let user = credentials.user.clone();
        let password = credentials.password.clone();
        self.step(StepKind::Login, self.limits.step, async move {
            let io = |e: std::io::Error| e.to_string();
            if secure {
                for command in ["PBSZ 0", "PROT P"] {
                    let reply = control.command(command).await.map_err(io)?;
                    if !reply.is(2) {
                        return Err(format!("{command}: {}", reply.line()));
                    }
                }
            }
            let demands_tls = |reply: &ftp::Reply| {
                (!secure && ftp::demands_tls(reply))
                    .then(|| format!("{}: {user}: {}", ftp::TLS_DEMANDED, reply.line()))
            };
            let reply = control.command(&format!("USER {user}")).await.map_err(io)?;
            if let Some(detail) = demands_tls(&reply) {
                return Err(detail);
            }
            let reply = if reply.code == 331 {
                control
                    .command(&format!("PASS {}", password.expose()))
                    .await
                    .map_err(io)?
            } else {
                reply
            };
            if let Some(detail) = demands_tls(&reply) {
                return Err(detail);
            }
            if reply.code == 230 {
                let _ = control.command("TYPE I").await;
                Ok(((), format!("{user}: {}", reply.line())))
            } else {
                Err(format!("{user}: {}", reply.line()))
            }
        })
        .await
        .is_some()
    }

    /// PASV, and what its address means next to the server's settings.
    async fn pasv(
        &mut self,
        control: &mut Control<Box<dyn Io>>,
        control_peer: Option<IpAddr>,
    ) -> Option<SocketAddr> {
        let started = Instant::now();
        let reply = tokio::time::timeout(self.limits.step, control.command("PASV")).await;
        let reply = match reply {
            Ok(Ok(reply)) => reply,
            Ok(Err(err)) => {
                self.record(
                    StepKind::Pasv,
                    Verdict::Failed,
                    err.to_string(),
                    started.elapsed(),
                );
                return None;
            }
            Err(_) => {
                self.record(
                    StepKind::Pasv,
                    Verdict::Failed,
                    "no answer to PASV".into(),
                    started.elapsed(),
                );
                return None;
            }
        };
        let elapsed = started.elapsed();
        let parsed = (reply.code == 227)
            .then(|| parse_pasv(&reply.text))
            .flatten();
        let Some((announced, port)) = parsed else {
            self.record(
                StepKind::Pasv,
                Verdict::Failed,
                format!("expected 227, got {}", reply.line()),
                elapsed,
            );
            return None;
        };
        let (verdict, note, data_ip) = judge_pasv(self.facts, announced, control_peer);
        let range = if (8192..=8200).contains(&port) {
            String::new()
        } else {
            " (outside Transfer Family's 8192-8200)".to_string()
        };
        self.record(
            StepKind::Pasv,
            verdict,
            format!("227 names {announced}:{port}{range}; {note}"),
            elapsed,
        );
        Some(SocketAddr::new(data_ip, port))
    }

    async fn data_connect(&mut self, address: SocketAddr) -> Option<TcpStream> {
        self.step(StepKind::DataConnect, self.limits.connect, async move {
            TcpStream::connect(address)
                .await
                .map(|s| (s, format!("connected to {address}")))
                .map_err(|err| format!("{address} did not answer: {err}"))
        })
        .await
        .or_else(|| None)
    }

    /// LIST over a data connection already made; TLS on it when `tls` is set.
    async fn listing(
        &mut self,
        step: StepKind,
        control: &mut Control<Box<dyn Io>>,
        stream: TcpStream,
        tls: Option<(Arc<ClientConfig>, ServerName<'static>)>,
    ) -> bool {
        self.step(step, self.limits.step, async move {
            let io = |e: std::io::Error| e.to_string();
            control.send("LIST").await.map_err(io)?;
            let (mut data, resumed): (Box<dyn Io>, Option<bool>) = match tls {
                None => (Box::new(stream), None),
                Some((config, name)) => match tls::connect(config, name, stream).await {
                    Ok(stream) => {
                        let resumed = tls::resumed(&stream);
                        (Box::new(stream), Some(resumed))
                    }
                    Err(err) => {
                        // The server's verdict, if it gave one, says more than ours.
                        let reply = control
                            .read_reply()
                            .await
                            .map(|r| r.line())
                            .unwrap_or_default();
                        return Err(format!(
                            "the data channel's TLS handshake failed ({err}) {reply}"
                        )
                        .trim()
                        .to_string());
                    }
                },
            };
            let first = control.read_reply().await.map_err(io)?;
            if !first.is(1) {
                return Err(first.line());
            }
            let mut listing = Vec::new();
            let cap = MAX_LISTING as u64 + 1;
            if let Err(err) = (&mut data).take(cap).read_to_end(&mut listing).await {
                // A TLS data channel closed without close_notify still carried the listing.
                if listing.is_empty() {
                    let reply = control
                        .read_reply()
                        .await
                        .map(|r| r.line())
                        .unwrap_or_default();
                    return Err(format!("the data channel broke ({err}) {reply}")
                        .trim()
                        .to_string());
                }
            }
            drop(data);
            let capped = listing.len() > MAX_LISTING;
            listing.truncate(MAX_LISTING);
            let done = control.read_reply().await.map_err(io)?;
            let entries = String::from_utf8_lossy(&listing).lines().count();
            let session = match resumed {
                Some(true) => ", TLS session reused",
                Some(false) => ", new TLS session",
                None => "",
            };
            if capped {
                // The data channel works; the rest of the listing is not read.
                return Ok((
                    (),
                    format!(
                        "{entries} entries in the first {} MiB, then the probe stopped reading at this cap{session}; {}",
                        MAX_LISTING / (1024 * 1024),
                        done.line()
                    ),
                ));
            }
            if !done.is(2) {
                return Err(done.line());
            }
            Ok(((), format!("{entries} entries{session}; {}", done.line())))
        })
        .await
        .is_some()
    }

    /// The data channel again, as a client that cannot reuse TLS sessions.
    async fn without_reuse(
        &mut self,
        control: &mut Control<Box<dyn Io>>,
        control_peer: Option<IpAddr>,
        session: &TlsSession,
    ) {
        let limit = self.limits.step;
        let connect_limit = self.limits.connect;
        let facts = self.facts;
        let fresh = tls::fresh_config(&session.config);
        let name = session.name.clone();
        // A new PASV and data connection, then the listing under this step.
        let started = Instant::now();
        let connected = tokio::time::timeout(limit + connect_limit, async {
            let reply = control.command("PASV").await.map_err(|e| e.to_string())?;
            let (announced, port) = parse_pasv(&reply.text)
                .ok_or_else(|| format!("expected 227, got {}", reply.line()))?;
            let (_, _, ip) = judge_pasv(facts, announced, control_peer);
            let address = SocketAddr::new(ip, port);
            tokio::time::timeout(connect_limit, TcpStream::connect(address))
                .await
                .map_err(|_| format!("{address} did not answer"))?
                .map_err(|err| format!("{address} did not answer: {err}"))
        })
        .await;
        match connected {
            Ok(Ok(stream)) => {
                self.listing(
                    StepKind::DataTlsNoReuse,
                    control,
                    stream,
                    Some((fresh, name)),
                )
                .await;
            }
            Ok(Err(detail)) => {
                self.record(
                    StepKind::DataTlsNoReuse,
                    Verdict::Failed,
                    detail,
                    started.elapsed(),
                );
            }
            Err(_) => self.record(
                StepKind::DataTlsNoReuse,
                Verdict::Failed,
                "no answer to PASV".into(),
                started.elapsed(),
            ),
        }
    }
}

struct TlsSession {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

/// Whether the resolved addresses are the endpoint's own interfaces.
fn endpoint_note(ips: &[IpAddr], endpoint: &[String]) -> String {
    if endpoint.is_empty() {
        return String::new();
    }
    if ips.iter().any(|ip| endpoint.contains(&ip.to_string())) {
        " (one of the endpoint's interfaces)".into()
    } else {
        format!(
            " (not one of the endpoint's interfaces: {})",
            endpoint.join(", ")
        )
    }
}

/// What a 227's address means, next to PassiveIp and the endpoint's
/// interfaces: the verdict, the note, and where a client will connect.
fn judge_pasv(
    facts: &ServerFacts,
    announced: Ipv4Addr,
    control_peer: Option<IpAddr>,
) -> (Verdict, String, IpAddr) {
    let setting = facts.passive_ip.as_deref().unwrap_or("AUTO");
    let announced_ip = IpAddr::V4(announced);
    if announced.is_unspecified() {
        let reuse = control_peer.unwrap_or(announced_ip);
        return (
            Verdict::Passed,
            format!("0.0.0.0: clients reuse the control address {reuse}"),
            reuse,
        );
    }
    let endpoint = &facts.endpoint_addresses;
    let known = endpoint.contains(&announced.to_string());
    let reached = control_peer.map(|ip| ip.to_string()).unwrap_or_default();
    let (verdict, note) = match setting.parse::<Ipv4Addr>() {
        Ok(expected) if !expected.is_unspecified() && expected != announced => (
            Verdict::Failed,
            format!(
                "PassiveIp is {expected}, but the server answers {announced}: the change needs a stop and start"
            ),
        ),
        Ok(_) => (Verdict::Passed, format!("matches PassiveIp {setting}")),
        Err(_) if !endpoint.is_empty() && !known => (
            Verdict::Failed,
            format!(
                "PassiveIp {setting}, but {announced} is not one of the endpoint's addresses ({})",
                endpoint.join(", ")
            ),
        ),
        Err(_)
            if announced_ip.to_string() != reached
                && is_private(announced)
                && !control_peer.is_some_and(is_private_ip) =>
        {
            (
                Verdict::Failed,
                format!(
                    "PassiveIp {setting} answers the private {announced}, but this client reached {reached}: clients outside the VPC cannot follow it"
                ),
            )
        }
        Err(_) => (Verdict::Passed, format!("PassiveIp {setting}")),
    };
    (verdict, note, announced_ip)
}

fn is_private(ip: Ipv4Addr) -> bool {
    ip.is_private() || ip.is_loopback() || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64)
}

fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_private(ip),
        IpAddr::V6(_) => false,
    }
}
