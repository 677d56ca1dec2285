//! `doctor --region all|a,b` and `--profile a,b`: the checks of each region
//! of each profile, gathered a few at a time, in one report whose findings
//! carry their region and account, and whose exit code is the worst one.

use serde::Serialize;
use tokio::sync::Semaphore;

use super::report::{self, EXIT_COULD_NOT_CHECK, Summary};
use super::{Estate, Finding, diagnose, gather};
use crate::aws::sweep::{ProfileConfig, enabled_regions};
use crate::aws::{AwsError, AwsSettings};
use crate::model::regions;
use crate::model::scope::{Regions, Scope, SweepPlan};
use crate::model::text::{inert, inert_json};

/// Regions checked at once.
const AT_ONCE: usize = 8;

/// One region of one profile: its findings, or why it could not be checked.
pub struct ScopeReport {
    pub scope: Scope,
    pub account: Option<String>,
    pub outcome: Result<(Estate, Vec<Finding>), AwsError>,
}

/// Gathers and diagnoses every scope of `plan` (regions in the order of
/// the plan, profile by profile). Skipped opt-in regions are not scopes.
pub async fn run(
    settings: &AwsSettings,
    plan: &SweepPlan,
    options: &gather::Options,
) -> (Vec<ScopeReport>, Vec<String>) {
    let slots = Semaphore::new(AT_ONCE);
    let mut reports = Vec::new();
    let mut notes = Vec::new();
    for profile in &plan.profiles {
        let settings = AwsSettings {
            profile: profile.clone(),
            ..settings.clone()
        };
        let config = ProfileConfig::load(&settings).await;
        let failed = |err: AwsError| ScopeReport {
            scope: Scope {
                profile: profile.clone(),
                region: Scope::EVERY_REGION.to_string(),
            },
            account: None,
            outcome: Err(err),
        };
        let regions = match &plan.regions {
            Regions::Listed(listed) => listed.clone(),
            Regions::Configured => match config.region() {
                Some(region) => vec![region],
                None => {
                    reports.push(failed(AwsError::NoRegion));
                    continue;
                }
            },
            Regions::All => match enabled_regions(&config, regions::all_regions()).await {
                Ok(enabled) => {
                    if !enabled.skipped.is_empty() {
                        notes.push(format!(
                            "skipped opt-in regions not enabled: {}",
                            enabled.skipped.join(", ")
                        ));
                    }
                    if let Some(why) = enabled.unknown {
                        notes.push(format!("every region tried: {why}"));
                    }
                    enabled.regions
                }
                Err(err) => {
                    reports.push(failed(err));
                    continue;
                }
            },
        };
        let checks = regions.into_iter().map(|region| {
            let (config, slots) = (&config, &slots);
            let scope = Scope {
                profile: profile.clone(),
                region,
            };
            async move {
                let _slot = slots.acquire().await;
                let outcome = match config.session_in(&scope.region) {
                    Ok(session) => {
                        let estate = gather::gather(&session, None, options).await;
                        let account = session.account_id().await.ok();
                        (estate, account)
                    }
                    Err(err) => (Err(err), None),
                };
                let (estate, account) = outcome;
                ScopeReport {
                    scope,
                    account,
                    outcome: estate.map(|estate| {
                        let findings = diagnose(&estate);
                        (estate, findings)
                    }),
                }
            }
        });
        reports.extend(futures::future::join_all(checks).await);
    }
    (reports, notes)
}

/// The worst exit code: a scope that could not be checked, then errors.
pub fn exit_code(reports: &[ScopeReport]) -> u8 {
    reports
        .iter()
        .map(|report| match &report.outcome {
            Ok((estate, findings)) => Summary::of(estate, findings).exit_code(),
            Err(_) => EXIT_COULD_NOT_CHECK,
        })
        .max()
        .unwrap_or(report::EXIT_CLEAN)
}

fn heading(report: &ScopeReport) -> String {
    let mut parts = vec![format!("region {}", report.scope.region)];
    if let Some(account) = &report.account {
        parts.push(format!("account {account}"));
    }
    if let Some(profile) = &report.scope.profile {
        parts.push(format!("profile {profile}"));
    }
    parts.join(", ")
}

/// Each scope's report under a heading naming its region and account.
pub fn text(reports: &[ScopeReport], notes: &[String]) -> String {
    let mut out = String::new();
    for note in notes {
        out.push_str(&format!("transfer-console doctor: {}\n", inert(note)));
    }
    for report in reports {
        out.push_str(&format!("\n== {}\n", inert(&heading(report))));
        match &report.outcome {
            Ok((estate, findings)) => out.push_str(&report::text(estate, findings)),
            Err(err) => out.push_str(&format!("COULD NOT CHECK: {}\n", inert(&err.to_string()))),
        }
    }
    out
}

#[derive(Serialize)]
struct JsonScope<'a> {
    region: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    findings: Vec<JsonFinding<'a>>,
}

/// A finding with the region and account it was found in.
#[derive(Serialize)]
struct JsonFinding<'a> {
    region: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct JsonSweep<'a> {
    format_version: u32,
    notes: &'a [String],
    scopes: Vec<JsonScope<'a>>,
}

/// `{"format_version", "notes", "scopes": [{region, account, profile,
/// summary | error, findings: [{region, account, rule, ...}]}]}`.
pub fn json(reports: &[ScopeReport], notes: &[String]) -> String {
    let scopes = reports
        .iter()
        .map(|report| {
            let region = report.scope.region.as_str();
            let account = report.account.as_deref();
            let (summary, error, findings) = match &report.outcome {
                Ok((estate, findings)) => (
                    Some(Summary::of(estate, findings)),
                    None,
                    findings
                        .iter()
                        .map(|finding| JsonFinding {
                            region,
                            account,
                            finding,
                        })
                        .collect(),
                ),
                Err(err) => (None, Some(err.to_string()), Vec::new()),
            };
            JsonScope {
                region,
                account,
                profile: report.scope.profile.as_deref(),
                summary,
                error,
                findings,
            }
        })
        .collect();
    let sweep = JsonSweep {
        format_version: report::FORMAT_VERSION,
        notes,
        scopes,
    };
    let json = serde_json::to_string_pretty(&sweep)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    inert_json(&json).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules_testing_estate;

    fn scope(region: &str) -> Scope {
        Scope {
            profile: Some("ops".into()),
            region: region.into(),
        }
    }

    fn reports() -> Vec<ScopeReport> {
        let estate = rules_testing_estate();
        let findings = diagnose(&estate);
        vec![
            ScopeReport {
                scope: scope("ap-northeast-1"),
                account: Some("111111111111".into()),
                outcome: Ok((estate, findings)),
            },
            ScopeReport {
                scope: scope("us-east-1"),
                account: None,
                outcome: Err(AwsError::AccessDenied {
                    action: "transfer:ListServers".into(),
                    message: "denied by an SCP".into(),
                }),
            },
        ]
    }

    #[test]
    fn findings_carry_their_region_and_account_and_a_failed_region_says_why() {
        let reports = reports();
        let value: serde_json::Value =
            serde_json::from_str(&json(&reports, &[])).expect("valid JSON");
        let first = &value["scopes"][0]["findings"][0];
        assert_eq!(first["region"], "ap-northeast-1");
        assert_eq!(first["account"], "111111111111");
        assert!(first["rule"].is_string());
        assert!(
            value["scopes"][1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("denied"))
        );
        let text = text(&reports, &[]);
        assert!(text.contains("== region ap-northeast-1, account 111111111111, profile ops"));
        assert!(text.contains("== region us-east-1, profile ops\nCOULD NOT CHECK"));
    }

    #[test]
    fn the_exit_code_is_the_worst_one() {
        let mut reports = reports();
        assert_eq!(exit_code(&reports), EXIT_COULD_NOT_CHECK);
        reports.pop();
        assert_eq!(exit_code(&reports), report::EXIT_ERRORS_FOUND);
        assert_eq!(exit_code(&[]), report::EXIT_CLEAN);
    }
}
