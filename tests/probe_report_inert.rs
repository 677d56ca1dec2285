//! The probe's reports quote what servers answered (greetings, replies,
//! banners, certificate names): a hostile server's escape sequences must
//! reach neither the text report nor the JSON one raw.

use std::time::Duration;

use transfer_console::probe::report;
use transfer_console::probe::{ServerFacts, StepKind, StepResult, Verdict};

/// ESC (a CSI clearing the screen), an OSC 52 clipboard write ended by BEL,
/// a CR and LF that would start a forged line, and C1 CSI and NEL.
const HOSTILE: &str = "220 hi\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\nFORGED passed\u{9b}31m\u{85}";

fn step(step: StepKind, verdict: Verdict) -> StepResult {
    StepResult {
        target: format!("127.0.0.1:21{HOSTILE}"),
        protocol: "FTP".into(),
        step,
        verdict,
        detail: HOSTILE.into(),
        elapsed: Duration::from_millis(3),
    }
}

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && c.is_control())
        .collect()
}

#[test]
fn hostile_replies_come_out_of_the_text_report_inert() {
    let facts = ServerFacts {
        server_id: format!("s-0123456789abcdef0{HOSTILE}"),
        ..ServerFacts::default()
    };
    let results = [
        step(StepKind::Greeting, Verdict::Failed),
        step(StepKind::Login, Verdict::Failed),
        step(StepKind::Certificate, Verdict::Failed),
    ];
    let text = report::text(&facts, &results);
    assert!(raw_controls(&text).is_empty(), "{text:?}");
    assert!(
        !text.lines().any(|line| line.starts_with("FORGED")),
        "a CR or LF from the server started a line: {text}"
    );
    assert!(
        text.contains(r"220 hi\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\nFORGED passed\u{9b}31m\u{85}"),
        "the operator still sees what was sent: {text}"
    );
}

#[test]
fn hostile_replies_come_out_of_the_json_report_escaped_and_exact() {
    let results = [step(StepKind::Greeting, Verdict::Failed)];
    let json = report::json(&ServerFacts::default(), &results);
    assert!(raw_controls(&json).is_empty(), "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["steps"][0]["detail"], HOSTILE);
}
