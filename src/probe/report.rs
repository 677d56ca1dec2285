//! The probe's verdicts as an operator's notes: what was tried, what
//! answered, what it means and the fix (with the console key that makes it),
//! for people (text) and scripts (JSON). Exit codes of `transfer-console
//! probe`: 0 every step passed, 1 a step failed, 2 the probe could not run.

use serde::Serialize;

use super::plan::ServerFacts;
use super::step::{StepKind, StepResult, Verdict};
use crate::model::text::{inert, inert_json};

pub const FORMAT_VERSION: u32 = 2;
pub const EXIT_PASSED: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_COULD_NOT_RUN: u8 = 2;

/// What a failed step means, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub target: String,
    pub protocol: String,
    pub step: StepKind,
    pub meaning: String,
    pub fix: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Summary {
    pub fn of(results: &[StepResult]) -> Self {
        let count = |v| results.iter().filter(|r| r.verdict == v).count();
        Self {
            passed: count(Verdict::Passed),
            failed: count(Verdict::Failed),
            skipped: count(Verdict::Skipped),
        }
    }

    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            EXIT_FAILED
        } else {
            EXIT_PASSED
        }
    }
}

/// The findings of a run, one per failed step that has something to say.
pub fn findings(facts: &ServerFacts, results: &[StepResult]) -> Vec<Finding> {
    results
        .iter()
        .filter(|r| r.verdict == Verdict::Failed)
        .filter_map(|r| finding(facts, results, r))
        .collect()
}

fn finding(facts: &ServerFacts, all: &[StepResult], r: &StepResult) -> Option<Finding> {
    let control_port = r.target.rsplit(':').next().unwrap_or("21");
    let (meaning, fix) = match r.step {
        StepKind::Dns => (
            format!("{} does not resolve from here.", host_of(&r.target)),
            dns_fix(&r.target),
        ),
        StepKind::Connect => (
            format!("Nothing answered on {}: {}.", r.target, r.detail),
            format!(
                "Check that the server is ONLINE (s on the server), and that the endpoint's security group lets this network reach port {control_port} (e on the server shows the rules)."
            ),
        ),
        StepKind::Greeting | StepKind::AuthTls | StepKind::SshBanner
            if r.detail.starts_with(super::run::NO_ANSWER) =>
        (
            format!("The port took the connection but said nothing: {}.", r.detail),
            "A Transfer Family server greets at once: check that this address is the server's endpoint and not a load balancer or proxy holding the connection, and that the server is ONLINE.".to_string(),
        ),
        StepKind::Greeting | StepKind::AuthTls | StepKind::SshBanner => (
            format!("The port answered, but not as a Transfer Family {} server: {}.", r.protocol, r.detail),
            "Check that this address is the server's endpoint and not a load balancer or proxy in between.".to_string(),
        ),
        StepKind::Certificate => (
            format!("Clients that check the certificate refuse it: {}.", r.detail),
            "Attach a valid ACM certificate whose names include the hostname clients use (UpdateServer --certificate).".to_string(),
        ),
        StepKind::Login if r.detail.starts_with(super::ftp::TLS_DEMANDED) => (
            format!(
                "Not a refused password: this address answers plain FTP but demands TLS before a login ({}).",
                r.detail.trim_start_matches(super::ftp::TLS_DEMANDED).trim_start_matches(": ")
            ),
            "Clients must use FTPS (explicit TLS, AUTH TLS on port 21) here. If plain FTP should work, check that this address is the Transfer Family server with FTP among its protocols, not another server or a proxy.".to_string(),
        ),
        StepKind::Login => (
            format!("The login was refused: {}.", r.detail),
            "Check the user's secret (Password) and the identity provider (TestIdentityProvider).".to_string(),
        ),
        StepKind::Pasv => (
            format!("The passive reply sends clients elsewhere: {}.", r.detail),
            pasv_fix(facts, &r.detail),
        ),
        StepKind::DataConnect => {
            let pasv = all
                .iter()
                .find(|p| p.target == r.target && p.protocol == r.protocol && p.step == StepKind::Pasv);
            let named = pasv.map(|p| p.detail.split(';').next().unwrap_or("").to_string()).unwrap_or_default();
            (
                format!("The login works but listings and transfers hang: {} ({named}).", r.detail),
                format!(
                    "If the address is wrong, set PassiveIp to one clients can reach (p on the server) and restart (a); if it is right, open 8192-8200 to this network in the endpoint's security group (e). {}",
                    facts.passive_ip.as_deref().map(|p| format!("PassiveIp is {p} now.")).unwrap_or_default()
                ).trim().to_string(),
            )
        }
        StepKind::Listing | StepKind::DataTlsReuse => (
            format!("The data channel opened but the listing failed: {}.", r.detail),
            "Check the user's home directory and role (its S3 permissions).".to_string(),
        ),
        StepKind::DataTlsNoReuse => {
            let reuse_passed = all.iter().any(|p| {
                p.target == r.target && p.step == StepKind::DataTlsReuse && p.verdict == Verdict::Passed
            });
            if !reuse_passed {
                return None;
            }
            let mode = facts
                .tls_session_resumption_mode
                .as_deref()
                .unwrap_or("ENFORCED (the default)");
            (
                format!(
                    "This server requires TLS session reuse on the data channel (TlsSessionResumptionMode {mode}): clients that cannot reuse sessions get 522. Seen: {}.",
                    r.detail
                ),
                "If such clients must connect (lftp on Amazon Linux 2, some libraries), set TlsSessionResumptionMode ENABLED (t on the server); keep ENFORCED if every client reuses sessions or an NLB is in front.".to_string(),
            )
        }
        StepKind::HostKey => (
            format!("The host key is not the one AWS reports: {}.", r.detail),
            "Clients will warn of a changed host key. Check that this address is the server (DNS, a proxy), or that the key was not just changed (ImportHostKey).".to_string(),
        ),
    };
    Some(Finding {
        target: r.target.clone(),
        protocol: r.protocol.clone(),
        step: r.step,
        meaning,
        fix,
    })
}

fn pasv_fix(facts: &ServerFacts, detail: &str) -> String {
    if detail.contains("needs a stop and start") {
        "Restart the server so the PassiveIp it holds takes effect (a on the server: stop, then start).".into()
    } else {
        format!(
            "Set PassiveIp to the address clients reach (the NLB's or an Elastic IP), or 0.0.0.0 to reuse the control address, then restart (p, then a on the server). PassiveIp is {} now.",
            facts.passive_ip.as_deref().unwrap_or("AUTO")
        )
    }
}

/// AWS's own names (`s-….server.transfer.….amazonaws.com`, VPC endpoint
/// names) are AWS's to publish: only a name of the operator's can have a
/// CNAME of theirs to fix.
fn dns_fix(target: &str) -> String {
    let host = host_of(target);
    if host.ends_with(".amazonaws.com") {
        "This is AWS's own name for the endpoint: check this machine's resolver (a VPC endpoint's names resolve only inside its VPC, or with private DNS), or probe an address with --host.".to_string()
    } else {
        "Check the DNS record (the custom hostname's CNAME to the server's endpoint), or probe an address with --host.".to_string()
    }
}

fn host_of(target: &str) -> &str {
    target.rsplit_once(':').map_or(target, |(host, _)| host)
}

fn millis(r: &StepResult) -> String {
    format!("{} ms", r.elapsed.as_millis())
}

/// The text report: steps grouped by address and protocol, then findings.
/// Details quote what servers answered (greetings, replies, banners,
/// certificate names): each field is made inert as it is written.
pub fn text(facts: &ServerFacts, results: &[StepResult]) -> String {
    let summary = Summary::of(results);
    let mut out = format!(
        "transfer-console probe: {} ({})\n",
        if facts.server_id.is_empty() {
            "-".into()
        } else {
            inert(&facts.server_id)
        },
        facts
            .protocols
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut current = (String::new(), String::new());
    for r in results {
        if (r.target.clone(), r.protocol.clone()) != current {
            current = (r.target.clone(), r.protocol.clone());
            out.push_str(&format!("\n{} {}\n", inert(&r.protocol), inert(&r.target)));
        }
        out.push_str(&format!(
            "  {:<8} {:<26} {:>7}  {}\n",
            r.verdict.label(),
            r.step.label(),
            millis(r),
            inert(&r.detail)
        ));
    }
    let found = findings(facts, results);
    if !found.is_empty() {
        out.push_str("\nWhat it means\n");
        for f in &found {
            out.push_str(&format!(
                "- {} {}: {}\n  Fix: {}\n",
                inert(&f.protocol),
                inert(&f.target),
                inert(&f.meaning),
                inert(&f.fix)
            ));
        }
    }
    out.push_str(&format!(
        "\n{} passed, {} failed, {} skipped\n",
        summary.passed, summary.failed, summary.skipped
    ));
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    server_id: &'a str,
    summary: Summary,
    steps: &'a [StepResult],
    findings: Vec<Finding>,
}

pub fn json(facts: &ServerFacts, results: &[StepResult]) -> String {
    let report = JsonReport {
        format_version: FORMAT_VERSION,
        server_id: &facts.server_id,
        summary: Summary::of(results),
        steps: results,
        findings: findings(facts, results),
    };
    let json = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    inert_json(&json).into_owned()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn login(detail: &str) -> StepResult {
        StepResult {
            target: "127.0.0.1:21".into(),
            protocol: "FTP".into(),
            step: StepKind::Login,
            verdict: Verdict::Failed,
            detail: detail.into(),
            elapsed: Duration::from_millis(4),
        }
    }

    fn failed(step: StepKind, target: &str, detail: &str) -> StepResult {
        StepResult {
            step,
            target: target.into(),
            protocol: "FTPS".into(),
            ..login(detail)
        }
    }

    #[test]
    fn silence_is_not_called_an_answer() {
        let facts = ServerFacts::default();
        let silent = failed(
            StepKind::Greeting,
            "10.2.1.5:21",
            &format!("{} within 10 s", super::super::run::NO_ANSWER),
        );
        let [found] = findings(&facts, &[silent]).try_into().unwrap();
        assert!(
            found
                .meaning
                .starts_with("The port took the connection but said nothing"),
            "{found:?}"
        );
        assert!(!found.meaning.contains("answered"), "{found:?}");
        let wrong = failed(
            StepKind::Greeting,
            "10.2.1.5:21",
            "HTTP/1.1 400 Bad Request",
        );
        let [found] = findings(&facts, &[wrong]).try_into().unwrap();
        assert!(
            found
                .meaning
                .contains("not as a Transfer Family FTPS server"),
            "{found:?}"
        );
    }

    #[test]
    fn only_a_name_of_the_operator_s_gets_the_cname_advice() {
        let facts = ServerFacts::default();
        let aws_name = failed(
            StepKind::Dns,
            "s-0123456789abcdef0.server.transfer.ap-northeast-1.amazonaws.com:22",
            "no such host",
        );
        let [found] = findings(&facts, &[aws_name]).try_into().unwrap();
        assert!(!found.fix.contains("CNAME"), "{found:?}");
        assert!(found.fix.contains("resolver"), "{found:?}");
        let own = failed(StepKind::Dns, "ftp.example.com:21", "no such host");
        let [found] = findings(&facts, &[own]).try_into().unwrap();
        assert!(found.fix.contains("CNAME"), "{found:?}");
    }

    #[test]
    fn a_server_demanding_tls_is_not_reported_as_a_refused_password() {
        let facts = ServerFacts::default();
        let demanded = login(&format!(
            "{}: alice: 530 Non-anonymous sessions must use encryption.",
            super::super::ftp::TLS_DEMANDED
        ));
        let [found] = findings(&facts, &[demanded]).try_into().unwrap();
        assert!(
            found.meaning.starts_with("Not a refused password"),
            "{found:?}"
        );
        assert!(found.meaning.contains("must use encryption"), "{found:?}");
        assert!(found.fix.contains("FTPS"), "{found:?}");
        assert!(!found.fix.contains("secret"), "{found:?}");

        let refused = login("alice: 530 Login incorrect.");
        let [found] = findings(&facts, &[refused]).try_into().unwrap();
        assert!(
            found.meaning.starts_with("The login was refused"),
            "{found:?}"
        );
        assert!(found.fix.contains("secret"), "{found:?}");
    }
}
