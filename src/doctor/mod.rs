//! Troubleshooting rules: pure functions from gathered evidence to findings.
//! Gathering (`gather.rs`) is the only part that calls AWS; the rules never
//! do, so each one is tested on evidence built by hand.

mod estate;
mod finding;
pub mod gather;
mod gather_access;
pub mod report;
mod rules;
pub mod sweep;

pub use estate::{
    AccessEstate, ActivityEvidence, Estate, Gathered, GroupLog, LambdaNetwork, SecretEvidence,
    ServerEvidence,
};
pub use finding::{Finding, Fix, FixAction, Severity};

/// Runs every rule over the estate; the findings come sorted, errors first.
pub fn diagnose(estate: &Estate) -> Vec<Finding> {
    let mut findings = rules::all(estate);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.rule.cmp(b.rule))
    });
    findings
}

/// An estate for tests outside `rules`: one FTP server whose passive range
/// is half closed.
#[cfg(test)]
pub(crate) fn rules_testing_estate() -> Estate {
    rules::testing_estate()
}
