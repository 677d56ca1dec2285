//! The doctor's output for people (text) and for scripts (JSON, described in
//! docs/troubleshooting.md; `format_version` changes when the shape does).

use serde::Serialize;

use super::{Estate, Finding, Severity};
use crate::model::cost;
use crate::model::text::{inert, inert_json};

pub const FORMAT_VERSION: u32 = 1;

/// Exit codes of `transfer-console doctor`.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_ERRORS_FOUND: u8 = 1;
pub const EXIT_COULD_NOT_CHECK: u8 = 2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub servers_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub monthly_cost_usd: f64,
}

impl Summary {
    pub fn of(estate: &Estate, findings: &[Finding]) -> Self {
        let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
        let protocols: usize = estate
            .servers
            .iter()
            .map(|s| s.server.protocols.len())
            .sum();
        Self {
            servers_checked: estate.servers.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            info: count(Severity::Info),
            monthly_cost_usd: (cost::monthly_usd(protocols, estate.hourly_rate_usd) * 100.0)
                .round()
                / 100.0,
        }
    }

    pub fn exit_code(&self) -> u8 {
        if self.errors > 0 {
            EXIT_ERRORS_FOUND
        } else {
            EXIT_CLEAN
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    region: &'a str,
    summary: &'a Summary,
    findings: &'a [Finding],
}

pub fn json(estate: &Estate, findings: &[Finding]) -> String {
    let summary = Summary::of(estate, findings);
    let report = JsonReport {
        format_version: FORMAT_VERSION,
        region: &estate.region,
        summary: &summary,
        findings,
    };
    let json = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    inert_json(&json).into_owned()
}

/// The text report. Titles, evidence and advice quote AWS data (secret
/// names, home directories, tags), so each field is made inert: a control
/// character in them neither reaches the terminal nor starts a new line.
pub fn text(estate: &Estate, findings: &[Finding]) -> String {
    let summary = Summary::of(estate, findings);
    let mut out = format!(
        "transfer-console doctor: {} server(s) in {}\n\n",
        summary.servers_checked,
        inert(&estate.region)
    );
    for finding in findings {
        out.push_str(&format!(
            "{:<8} {}  {}  [{}]\n",
            finding.severity.label().to_uppercase(),
            inert(&finding.resource),
            inert(&finding.title),
            finding.rule
        ));
        for line in &finding.evidence {
            out.push_str(&format!("         seen: {}\n", inert(line)));
        }
        if let Some(fix) = &finding.fix {
            out.push_str(&format!("         fix:  {}\n", inert(&fix.advice)));
            if let Some(cli) = &fix.cli {
                out.push_str(&format!("               $ {}\n", inert(cli)));
            }
        }
    }
    out.push_str(&format!(
        "\n{} error(s), {} warning(s), {} note(s); the servers cost about ${:.0} a month\n",
        summary.errors, summary.warnings, summary.info, summary.monthly_cost_usd
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::diagnose;
    use crate::doctor::rules_testing_estate as estate_with_partial_ports;

    #[test]
    fn json_has_the_documented_shape() {
        let estate = estate_with_partial_ports();
        let findings = diagnose(&estate);
        let value: serde_json::Value =
            serde_json::from_str(&json(&estate, &findings)).expect("valid JSON");
        assert_eq!(value["format_version"], 1);
        assert_eq!(value["region"], "ap-northeast-1");
        assert_eq!(value["summary"]["errors"], 1);
        let first = &value["findings"][0];
        for key in ["rule", "severity", "resource", "title", "evidence", "fix"] {
            assert!(first.get(key).is_some(), "{key} missing in {first}");
        }
        assert_eq!(first["severity"], "error");
        assert!(
            first["fix"]["cli"]
                .as_str()
                .is_some_and(|cli| cli.starts_with("aws ec2"))
        );
    }

    #[test]
    fn errors_decide_the_exit_code() {
        let estate = estate_with_partial_ports();
        let findings = diagnose(&estate);
        assert_eq!(
            Summary::of(&estate, &findings).exit_code(),
            EXIT_ERRORS_FOUND
        );
        let clean: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.severity != Severity::Error)
            .collect();
        assert_eq!(Summary::of(&estate, &clean).exit_code(), EXIT_CLEAN);
        let text = text(&estate, &diagnose(&estate));
        assert!(
            text.contains("ERROR    s-0123456789abcdef0  tcp 8196-8200"),
            "{text}"
        );
        assert!(text.contains("1 error(s)"));
    }

    #[test]
    fn hostile_text_in_a_finding_reaches_neither_report_raw() {
        const HOSTILE: &str = "x\x1b[2J\x1b]52;c;ZXZpbA==\x07\rFORGED\u{9b}31m\u{85}";
        let estate = estate_with_partial_ports();
        let finding = Finding::new("user-secret", Severity::Error, HOSTILE, HOSTILE)
            .evidence(format!("home: /{HOSTILE}"))
            .fix(HOSTILE, Some(HOSTILE.to_string()), None);
        let findings = vec![finding];

        let text = text(&estate, &findings);
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && c.is_control())
            .collect();
        assert!(raw.is_empty(), "{raw:?} in {text}");
        assert!(
            text.contains("x\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\rFORGED\\u{9b}31m\\u{85}"),
            "{text}"
        );
        assert!(
            !text.lines().any(|line| line.starts_with("FORGED")),
            "a CR or LF in a field started a line: {text}"
        );

        let json = json(&estate, &findings);
        assert!(
            !json.chars().any(|c| c != '\n' && c.is_control()),
            "{json:?}"
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            value["findings"][0]["title"], HOSTILE,
            "the data is kept exact"
        );
    }
}
