//! Rules read from what the servers and their identity providers logged
//! over the last 24 hours (`ActivityEvidence`):
//!
//! - `auth-failures`: repeated failed logins for one user;
//! - `tls-resume-failures`: data connections refused for not resuming the
//!   TLS session while TlsSessionResumptionMode is ENFORCED;
//! - `log-group`: logging set, but the group is missing or silent;
//! - `denied-sessions`: logins that then had every file operation refused;
//! - `idp-errors`: the Lambda identity provider's errors and time-outs.
//!
//! A server whose log could not be read gets one "could not check" finding
//! (`activity-unread`) instead of five.

use std::collections::BTreeMap;

use crate::doctor::{ActivityEvidence, Finding, FixAction, Gathered, GroupLog, Severity};
use crate::model::activity::window::format_utc;
use crate::model::activity::{
    ActivityEvent, ActivityKind, FailureSummary, IdpTrouble, SessionSummary, summary,
};
use crate::model::{IdentityProviderType, Server, ServerState};

/// Failed logins for one user in the window from which the rule speaks.
pub const REPEATED_FAILURES: usize = 5;
/// Lines of evidence quoted from a log at most.
const QUOTED: usize = 3;
/// A quoted log line is cut to this many characters.
const QUOTE_CHARS: usize = 240;

/// A provider's error this close to a failed login is taken as its cause.
const TIED_MS: i64 = 60_000;

/// `sharing`: how many servers checked use the server's Lambda function.
pub fn check(activity: &ActivityEvidence, server: &Server, sharing: usize) -> Vec<Finding> {
    let mut findings = Vec::new();
    let id = server.id();
    match activity.server(id) {
        None => {}
        Some(Gathered::Read(log)) => {
            findings.extend(log_group(activity, server, log));
            findings.extend(auth_failures(activity, id, log));
            findings.extend(tls_resume_failures(server, log));
            findings.extend(denied_sessions(id, log));
        }
        Some(unread) => findings.push(could_not_check(
            id,
            "the server's log",
            unread.unreadable_reason().unwrap_or_default(),
        )),
    }
    findings.extend(idp_errors(activity, server, sharing));
    findings
}

fn could_not_check(id: &str, what: &str, why: String) -> Finding {
    Finding::new(
        "activity-unread",
        Severity::Info,
        id,
        format!("could not check {what} for the event rules: {why}"),
    )
}

fn hours(activity: &ActivityEvidence) -> i64 {
    ((activity.end_ms - activity.start_ms) / 3_600_000).max(1)
}

fn sampled(log: &GroupLog) -> Option<String> {
    log.truncated.then(|| {
        format!(
            "only the first {} events of the window were read: the counts are at least these",
            log.events.len()
        )
    })
}

/// `log-group`: logging is set, but the group does not exist, or has had
/// no event in the window while the server is ONLINE.
fn log_group(activity: &ActivityEvidence, server: &Server, log: &GroupLog) -> Option<Finding> {
    const RULE: &str = "log-group";
    let id = server.id();
    let setting = match (
        &server.summary.logging_role,
        server.structured_log_destinations.first(),
    ) {
        (_, Some(destination)) => format!("StructuredLogDestinations = {destination}"),
        (Some(role), None) => format!("LoggingRole = {role}"),
        (None, None) => return None,
    };
    let cannot_tell = "AWS does not say since when the server has been ONLINE, nor whether anyone tried to connect: the console cannot tell a quiet server from one that cannot write";
    if !log.exists {
        return Some(
            Finding::new(
                RULE,
                Severity::Warning,
                id,
                format!(
                    "logging is set but the log group {} does not exist: failed logins leave no trace",
                    log.group
                ),
            )
            .evidence(setting)
            .evidence(format!("FilterLogEvents on {}: ResourceNotFoundException", log.group))
            .evidence(cannot_tell)
            .fix(
                "a LoggingRole's group appears with the first session: if clients have connected, check the role's trust (transfer.amazonaws.com) and its logs:CreateLogStream and logs:PutLogEvents; a structured destination must name a group that exists",
                Some(format!("aws logs create-log-group --log-group-name {}", log.group)),
                None,
            ),
        );
    }
    if !log.events.is_empty() || server.summary.state != ServerState::Online {
        return None;
    }
    Some(
        Finding::new(
            RULE,
            Severity::Info,
            id,
            format!(
                "the server is ONLINE but {} has no event in the last {} hours",
                log.group,
                hours(activity)
            ),
        )
        .evidence(setting)
        .evidence(cannot_tell)
        .fix(
            "if clients say they connected, check the logging role's trust and permissions; otherwise nobody has used the server",
            None,
            None,
        ),
    )
}

/// `auth-failures`: one user refused again and again.
fn auth_failures(activity: &ActivityEvidence, id: &str, log: &GroupLog) -> Vec<Finding> {
    const RULE: &str = "auth-failures";
    let failures = log
        .events
        .iter()
        .filter(|e| e.kind == Some(ActivityKind::AuthFailure));
    let summary = FailureSummary::of(failures);
    summary
        .by_user
        .iter()
        .filter(|user| user.count >= REPEATED_FAILURES)
        .map(|user| {
            let mut finding = Finding::new(
                RULE,
                Severity::Warning,
                id,
                format!(
                    "{} failed logins for {} in the last {} hours",
                    user.count,
                    user.user,
                    hours(activity)
                ),
            )
            .evidence(format!("from {}", user.source_ips.join(", ")))
            .evidence(format!(
                "last at {}: {}",
                format_utc(user.last_ms),
                user.last_message.as_deref().unwrap_or("(no message)")
            ));
            if let Some(note) = sampled(log) {
                finding = finding.evidence(note);
            }
            finding.fix(
                format!(
                    "if {} says the password is right, read the identity provider's side (its log, or `t` in the users pane); if the addresses are not theirs, block them",
                    user.user
                ),
                Some(format!(
                    "transfer-console logs {id} --user {} --since {}h",
                    user.user,
                    hours(activity)
                )),
                None,
            )
        })
        .collect()
}

/// `tls-resume-failures`: what `tls-resumption` warns of, seen happening.
fn tls_resume_failures(server: &Server, log: &GroupLog) -> Option<Finding> {
    const RULE: &str = "tls-resume-failures";
    let enforced = server
        .protocol_details
        .tls_session_resumption_mode
        .as_deref()
        .unwrap_or("ENFORCED")
        == "ENFORCED";
    let failed: Vec<&ActivityEvent> = log
        .events
        .iter()
        .filter(|e| e.kind == Some(ActivityKind::TlsResumeFailure))
        .collect();
    if failed.is_empty() || !enforced {
        return None;
    }
    let id = server.id();
    let mut clients: BTreeMap<String, usize> = BTreeMap::new();
    for event in &failed {
        let who = format!(
            "{} from {}",
            event.user.as_deref().unwrap_or("(no user)"),
            event.source_ip.as_deref().unwrap_or("(no address)")
        );
        *clients.entry(who).or_default() += 1;
    }
    let mut finding = Finding::new(
        RULE,
        Severity::Error,
        id,
        format!(
            "{} data connections were refused for not resuming the TLS session (the client saw 522)",
            failed.len()
        ),
    )
    .evidence("TlsSessionResumptionMode = ENFORCED");
    for (who, count) in clients.iter().take(QUOTED) {
        finding = finding.evidence(format!("{who}: {count}"));
    }
    if let Some(last) = failed.last() {
        finding = finding.evidence(format!(
            "last at {}: {}",
            format_utc(last.timestamp_ms),
            quote(last.message.as_deref().unwrap_or(&last.raw))
        ));
    }
    Some(finding.fix(
        "these clients cannot reuse the control connection's TLS session: set TlsSessionResumptionMode to ENABLED, or move them to a client that reuses TLS sessions",
        Some(format!(
            "aws transfer update-server --server-id {id} --protocol-details TlsSessionResumptionMode=ENABLED"
        )),
        Some(FixAction::SetTlsSessionResumption {
            server_id: id.to_string(),
            mode: "ENABLED".into(),
        }),
    ))
}

/// `denied-sessions`: logged in, then refused every file operation.
fn denied_sessions(id: &str, log: &GroupLog) -> Vec<Finding> {
    const RULE: &str = "denied-sessions";
    let sessions = summary::sessions(&log.events);
    let mut by_user: BTreeMap<String, Vec<&SessionSummary>> = BTreeMap::new();
    for session in sessions.iter().filter(|s| s.denied_every_file_operation()) {
        let user = user_of(&log.events, session).unwrap_or_else(|| "(no user)".into());
        by_user.entry(user).or_default().push(session);
    }
    by_user
        .into_iter()
        .map(|(user, sessions)| {
            let denied: usize = sessions.iter().map(|s| s.file_ops_denied).sum();
            let mut finding = Finding::new(
                RULE,
                Severity::Error,
                id,
                format!(
                    "{user} logged in and was refused every file operation ({denied} in {} session(s)): the role or the session policy, not the password",
                    sessions.len()
                ),
            );
            if let Some(role) = sessions.iter().find_map(|s| role_of(&log.events, s)) {
                finding = finding.evidence(format!("role at login: {role}"));
            }
            for session in sessions.iter().rev().take(QUOTED) {
                let first = session.errors.first();
                finding = finding.evidence(format!(
                    "session {} at {}: {}{}",
                    session.session_id,
                    format_utc(session.first_ms),
                    first
                        .and_then(|e| e.message.as_deref())
                        .unwrap_or("Access denied"),
                    first
                        .and_then(|e| e.path.as_deref())
                        .map(|path| format!(" on {path}"))
                        .unwrap_or_default()
                ));
            }
            finding.fix(
                "allow the S3 actions on the home directory in the user's role (s3:PutObject to upload, s3:GetObject to download, s3:ListBucket on the bucket), and check any session policy narrowing it",
                None,
                None,
            )
        })
        .collect()
}

fn user_of(events: &[ActivityEvent], session: &SessionSummary) -> Option<String> {
    events
        .iter()
        .filter(|e| e.session_id.as_deref() == Some(&*session.session_id))
        .find_map(|e| e.user.as_deref().map(str::to_string))
}

/// The role a session logged in with, from its CONNECTED event's fields.
fn role_of(events: &[ActivityEvent], session: &SessionSummary) -> Option<String> {
    events
        .iter()
        .filter(|e| e.session_id.as_deref() == Some(&*session.session_id))
        .filter(|e| e.kind == Some(ActivityKind::Connected))
        .flat_map(|e| e.fields())
        .find(|(name, _)| name == "role" || name == "Role")
        .map(|(_, role)| role)
}

/// `idp-errors`: the Lambda identity provider's errors and time-outs. The
/// function's log does not say which server invoked it: with the server's
/// own log, the errors within a minute of its failed logins are its own;
/// without it, a function serving this server alone is read whole, and a
/// shared one is left to the servers whose logs tie its errors.
fn idp_errors(activity: &ActivityEvidence, server: &Server, sharing: usize) -> Option<Finding> {
    const RULE: &str = "idp-errors";
    if server.summary.identity_provider_type != IdentityProviderType::AwsLambda {
        return None;
    }
    let function = server.identity_provider_details.function.as_deref()?;
    let id = server.id();
    let log = match activity.functions.get(function)? {
        Gathered::Read(log) => log,
        unread => {
            return Some(could_not_check(
                id,
                "the identity provider's log",
                unread.unreadable_reason().unwrap_or_default(),
            ));
        }
    };
    let all: Vec<(&ActivityEvent, IdpTrouble)> = log
        .events
        .iter()
        .filter_map(|e| Some((e, IdpTrouble::of(e)?)))
        .collect();
    let own = match activity.server(id) {
        Some(Gathered::Read(own)) if own.exists => Some(own),
        _ => None,
    };
    let (troubles, tied) = match own {
        Some(own) => {
            let failures: Vec<&ActivityEvent> = own
                .events
                .iter()
                .filter(|e| e.kind == Some(ActivityKind::AuthFailure))
                .collect();
            let near = |at: i64| {
                failures
                    .iter()
                    .any(|f| f.timestamp_ms.abs_diff(at) <= TIED_MS.unsigned_abs())
            };
            let troubles: Vec<_> = all
                .into_iter()
                .filter(|(e, _)| near(e.timestamp_ms))
                .collect();
            let tied: Vec<&ActivityEvent> = failures
                .into_iter()
                .filter(|f| {
                    troubles.iter().any(|(e, _)| {
                        e.timestamp_ms.abs_diff(f.timestamp_ms) <= TIED_MS.unsigned_abs()
                    })
                })
                .collect();
            (troubles, Some(tied))
        }
        None if sharing > 1 => return None,
        None => (all, None),
    };
    if troubles.is_empty() {
        return None;
    }
    let timeouts = troubles
        .iter()
        .filter(|(_, t)| *t == IdpTrouble::TimedOut)
        .count();
    let errors = troubles.len() - timeouts;
    let mut finding = Finding::new(
        RULE,
        Severity::Error,
        id,
        format!(
            "the identity provider {} logged {errors} error(s) and {timeouts} time-out(s) in the last {} hours: logins failed that the password did not decide",
            log.group,
            hours(activity)
        ),
    );
    match tied {
        Some(tied) => {
            let failures = FailureSummary::of(tied.iter().copied());
            let users: Vec<String> = failures
                .by_user
                .iter()
                .map(|user| format!("{} ({})", user.user, user.count))
                .collect();
            finding = finding.evidence(format!(
                "{} of the server's failed logins had the provider's error within a minute: {}",
                failures.total,
                users.join(", ")
            ));
        }
        None => {
            finding = finding.evidence(format!(
                "the server's own log was not read: these are all the function's errors{}",
                if sharing > 1 {
                    ""
                } else {
                    " (it serves this server only)"
                }
            ));
        }
    }
    for (event, _) in troubles.iter().rev().take(QUOTED) {
        finding = finding.evidence(format!(
            "{}: {}",
            format_utc(event.timestamp_ms),
            quote(&event.raw)
        ));
    }
    if let Some(note) = sampled(log) {
        finding = finding.evidence(note);
    }
    let advice = if troubles
        .iter()
        .any(|(e, _)| e.raw.contains("AccessDenied") && e.raw.contains("GetSecretValue"))
    {
        "the function's role cannot read the user secrets: allow secretsmanager:GetSecretValue on them (and kms:Decrypt for a customer key), and check the secrets' resource policies; time-outs: raise the function's timeout or check its path to Secrets Manager"
    } else {
        "read the function's log around the failed logins; time-outs: raise the function's timeout or check its path to Secrets Manager"
    };
    Some(finding.fix(
        advice,
        Some(format!(
            "aws logs filter-log-events --log-group-name {} --start-time {} --filter-pattern ERROR",
            log.group, activity.start_ms
        )),
        None,
    ))
}

/// A log line for evidence: tabs as spaces, cut to a readable length. The
/// report makes it inert.
fn quote(line: &str) -> String {
    let line = line.trim().replace('\t', " ");
    if line.chars().count() <= QUOTE_CHARS {
        return line;
    }
    let cut: String = line.chars().take(QUOTE_CHARS).collect();
    format!("{cut}...")
}

#[cfg(test)]
mod tests;
