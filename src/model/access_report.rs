//! An access check's evidence judged: each link of the chain (the
//! identity provider's permission, the role's trust, the home's actions,
//! the secret's fence) as a verdict with the statement or the failed call
//! that decided it. The judging is `model::access` (the policy
//! evaluator); this module only puts its answers into words.

use super::access::{self as checks, HomeTarget, TRANSFER_SERVICE, TrustCheck};
use super::access_chain::{
    ProviderEvidence, RoleEvidence, SecretEvidence, SecretPolicy, UserAccessEvidence, UserProfile,
};
use super::identity_provider::{InvokePermission, LambdaFunction, arn_account};
use super::login_secret::Home;
use super::policy::{Context, Decision, NamedPolicy};

/// How one link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// The evaluator cannot tell (a condition key it does not know the
    /// value of), or the evidence could not be read.
    Unknown,
}

/// One link: its verdict and what decided it, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub verdict: Verdict,
    pub detail: String,
}

impl Check {
    pub fn pass(detail: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Pass,
            detail: detail.into(),
        }
    }

    pub fn fail(detail: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Fail,
            detail: detail.into(),
        }
    }

    pub fn unknown(detail: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Unknown,
            detail: detail.into(),
        }
    }
}

/// A server's identity provider, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderReport {
    Lambda {
        function: String,
        /// GetFunctionConfiguration, or why it could not be read.
        config: Result<Box<LambdaFunction>, String>,
        /// Whether the resource policy lets Transfer invoke the function
        /// for this server.
        permission: Check,
        /// The statement that would admit the server, when it is missing.
        fix: Option<InvokePermission>,
    },
    ApiGateway {
        url: Option<String>,
        invocation_role: Option<String>,
        /// Whether the invocation role trusts transfer.amazonaws.com.
        trust: Check,
    },
    NoProvider {
        kind: String,
    },
}

/// One row of a home's access table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLine {
    /// The home as the user sees it (the path, or a LOGICAL entry).
    pub home: String,
    pub action: String,
    pub resource: String,
    pub verdict: Verdict,
    /// The statement that decided, or why nothing could.
    pub by: String,
}

/// One user's access chain, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccessReport {
    pub user: String,
    pub server_id: String,
    /// Reading the user's login (DescribeUser or the secret's value).
    pub profile: Check,
    pub role_arn: Option<String>,
    /// The role's trust policy: does it let Transfer assume the role.
    pub trust: Check,
    /// The trust policy's conditions, as written.
    pub trust_conditions: Vec<String>,
    /// The policies read (`inline: home`, `attached: arn:...`, `session policy`).
    pub policies: Vec<String>,
    /// The policy reads that failed, each naming its IAM action.
    pub policy_errors: Vec<String>,
    pub lines: Vec<AccessLine>,
    /// No home to check, or one that cannot be used.
    pub home_problem: Option<String>,
    /// Custom identity provider users: does the secret's resource policy
    /// keep the provider's role from reading it.
    pub secret: Option<Check>,
}

/// A decision as a verdict: allowed passes, denied fails, unknown is unknown.
fn verdict_of(decision: &Decision) -> Verdict {
    match decision {
        Decision::Allowed { .. } => Verdict::Pass,
        Decision::ExplicitDeny { .. } | Decision::ImplicitDeny => Verdict::Fail,
        Decision::Unknown { .. } => Verdict::Unknown,
    }
}

/// A server's identity provider, judged for that server.
pub fn provider_report(evidence: &ProviderEvidence, server_arn: &str) -> ProviderReport {
    let account = arn_account(server_arn).unwrap_or_default();
    match evidence {
        ProviderEvidence::Lambda {
            function,
            config,
            policy,
        } => {
            let function_arn = config
                .as_ref()
                .map(|config| config.arn.clone())
                .unwrap_or_else(|_| function.clone());
            let missing = || Some(InvokePermission::for_server(&function_arn, server_arn));
            let (permission, fix) = match policy {
                Err(err) => (
                    Check::unknown(format!("the resource policy could not be read: {err}")),
                    None,
                ),
                Ok(None) => (
                    Check::fail(format!(
                        "the function has no resource policy: {TRANSFER_SERVICE} cannot invoke it for {server_arn}, so every login fails"
                    )),
                    missing(),
                ),
                Ok(Some(text)) => match NamedPolicy::parse("function policy", text) {
                    Err(err) => (
                        Check::unknown(format!(
                            "the resource policy is not a policy document: {err}"
                        )),
                        None,
                    ),
                    Ok(policy) => {
                        let decision = checks::lambda_permits_server(
                            &policy,
                            &function_arn,
                            server_arn,
                            account,
                        );
                        match decision {
                            Decision::Allowed { by } => (
                                Check::pass(format!(
                                    "{TRANSFER_SERVICE} may invoke it for this server: allowed by {by}"
                                )),
                                None,
                            ),
                            Decision::ImplicitDeny => (
                                Check::fail(format!(
                                    "no statement lets {TRANSFER_SERVICE} invoke it for {server_arn}: every login on this server fails, and the function's log stays empty"
                                )),
                                missing(),
                            ),
                            Decision::ExplicitDeny { by } => (
                                Check::fail(format!(
                                    "{TRANSFER_SERVICE} may not invoke it for this server: denied by {by}"
                                )),
                                None,
                            ),
                            unknown @ Decision::Unknown { .. } => {
                                (Check::unknown(unknown.to_string()), None)
                            }
                        }
                    }
                },
            };
            ProviderReport::Lambda {
                function: function.clone(),
                config: config.clone().map_err(|err| err.to_string()),
                permission,
                fix,
            }
        }
        ProviderEvidence::ApiGateway {
            url,
            invocation_role,
            role,
        } => {
            let trust = match role {
                None => Check::fail("no invocation role: API Gateway cannot be called by Transfer"),
                Some(Err(err)) => {
                    Check::unknown(format!("the invocation role could not be read: {err}"))
                }
                // Transfer calls the gateway in the server's context.
                Some(Ok(role)) => {
                    let context = Context::new()
                        .with("aws:SourceAccount", account)
                        .with("aws:SourceArn", server_arn);
                    trust_check(&role.trust_policy, &context).0
                }
            };
            ProviderReport::ApiGateway {
                url: url.clone(),
                invocation_role: invocation_role.clone(),
                trust,
            }
        }
        ProviderEvidence::NoProvider { kind } => ProviderReport::NoProvider { kind: kind.clone() },
    }
}

/// A trust policy judged for Transfer in `context` (aws:SourceAccount and
/// aws:SourceArn), with its conditions.
fn trust_check(text: &str, context: &Context) -> (Check, Vec<String>) {
    let trust = match NamedPolicy::parse("trust policy", text) {
        Ok(trust) => trust,
        Err(err) => {
            return (
                Check::unknown(format!("the trust policy is not a policy document: {err}")),
                Vec::new(),
            );
        }
    };
    let TrustCheck {
        decision,
        conditions,
        trusted,
    } = checks::trust_allows_transfer_in(&trust, context);
    let conditions = conditions
        .iter()
        .map(|c| {
            format!(
                "{} {} {}: {}",
                c.statement,
                c.operator,
                c.key,
                c.values.join(", ")
            )
        })
        .collect();
    let check = match decision {
        Decision::Allowed { by } => {
            Check::pass(format!("{TRANSFER_SERVICE} may assume it: allowed by {by}"))
        }
        Decision::ImplicitDeny => Check::fail(format!(
            "{TRANSFER_SERVICE} may not assume it: the trust policy trusts {}",
            if trusted.is_empty() {
                "no one".to_string()
            } else {
                trusted.join(", ")
            }
        )),
        Decision::ExplicitDeny { by } => Check::fail(format!(
            "{TRANSFER_SERVICE} may not assume it: denied by {by}"
        )),
        unknown @ Decision::Unknown { .. } => Check::unknown(unknown.to_string()),
    };
    (check, conditions)
}

/// One user's access chain, judged.
pub fn user_report(evidence: &UserAccessEvidence) -> UserAccessReport {
    let account = arn_account(&evidence.server_arn).unwrap_or_default();
    let mut report = UserAccessReport {
        user: evidence.user.clone(),
        server_id: evidence.server_id.clone(),
        profile: Check::pass(""),
        role_arn: None,
        trust: Check::unknown("no role to check"),
        trust_conditions: Vec::new(),
        policies: Vec::new(),
        policy_errors: Vec::new(),
        lines: Vec::new(),
        home_problem: None,
        secret: evidence.secret.as_ref().map(secret_check),
    };
    let profile = match &evidence.profile {
        Ok(profile) => profile,
        Err(err) => {
            report.profile = Check::unknown(format!("the login could not be read: {err}"));
            return report;
        }
    };
    report.profile = Check::pass(profile_summary(profile));
    report.role_arn = profile.role.clone();
    let Some(role) = &evidence.role else {
        report.trust = Check::fail("the login names no role: Transfer has none to assume");
        return report;
    };
    (report.trust, report.trust_conditions) = match &role.role {
        Ok(iam_role) => trust_check(&iam_role.trust_policy, &trust_context(evidence, account)),
        Err(err) => (
            Check::unknown(format!("the trust policy could not be read: {err}")),
            Vec::new(),
        ),
    };
    let identity = role_policies(role, &mut report);
    let session = profile.session_policy.as_deref().and_then(|text| {
        report.policies.push("session policy".into());
        NamedPolicy::parse("session policy", text)
            .map_err(|err| {
                report.policy_errors.push(format!(
                    "the session policy is not a policy document: {err}"
                ))
            })
            .ok()
    });
    let targets = match home_targets(&profile.home, &evidence.user) {
        Ok(targets) => targets,
        Err(problem) => {
            report.home_problem = Some(problem);
            return report;
        }
    };
    let incomplete = !report.policy_errors.is_empty();
    for (label, target) in targets {
        let context = target.session_variables(&evidence.user);
        for row in checks::check_home(&identity, session.as_ref(), &target, &context) {
            let mut by = match (&row.decision, &row.note) {
                (Decision::Allowed { by }, _) => format!("allowed by {by}"),
                (Decision::ExplicitDeny { by }, _) => format!("denied by {by}"),
                // The note says what comes closest.
                (Decision::ImplicitDeny, Some(note)) => note.clone(),
                (Decision::ImplicitDeny, None) => "no statement allows it".to_string(),
                (Decision::Unknown { by, key }, _) => format!("{by} depends on {key}"),
            };
            if let (Some(note), false) = (&row.note, matches!(row.decision, Decision::ImplicitDeny))
            {
                by = format!("{by}; {note}");
            }
            let mut verdict = verdict_of(&row.decision);
            // A policy that could not be read may hold a Deny, or the Allow.
            if incomplete && !matches!(row.decision, Decision::ExplicitDeny { .. }) {
                verdict = Verdict::Unknown;
                by = format!("{by}; but not every policy could be read");
            }
            report.lines.push(AccessLine {
                home: label.clone(),
                action: row.action,
                resource: row.resource,
                verdict,
                by,
            });
        }
    }
    report
}

/// What Transfer assumes a user's role with: the user's ARN for a Transfer
/// user (`arn:aws:transfer:REGION:ACCOUNT:user/SERVER/NAME`); for a custom
/// identity provider's user the source is not known, so aws:SourceArn is
/// Unknown and a condition on it says so instead of guessing.
fn trust_context(evidence: &UserAccessEvidence, account: &str) -> Context {
    let context = Context::new().with("aws:SourceAccount", account);
    let partition_region = evidence
        .server_arn
        .split_once(":server/")
        .map(|(head, _)| head);
    match (&evidence.secret, partition_region) {
        (None, Some(head)) => context.with(
            "aws:SourceArn",
            format!("{head}:user/{}/{}", evidence.server_id, evidence.user),
        ),
        _ => context.with_unknown("aws:SourceArn"),
    }
}

/// The role's policies that could be parsed; the names and the failures go
/// into the report.
fn role_policies(role: &RoleEvidence, report: &mut UserAccessReport) -> Vec<NamedPolicy> {
    let mut named = Vec::new();
    for (kind, part) in [("inline", &role.inline), ("attached", &role.attached)] {
        match part {
            Ok(policies) => {
                for policy in policies {
                    let name = format!("{kind} {}", policy.name);
                    match NamedPolicy::parse(name.clone(), &policy.document) {
                        Ok(parsed) => named.push(parsed),
                        Err(err) => report
                            .policy_errors
                            .push(format!("{name} is not a policy document: {err}")),
                    }
                    report.policies.push(name);
                }
            }
            Err(err) => report
                .policy_errors
                .push(format!("{kind} policies could not be read: {err}")),
        }
    }
    named
}

/// The S3 places of a home, each with the label the user sees.
fn home_targets(home: &Home, user: &str) -> Result<Vec<(String, HomeTarget)>, String> {
    let places: Vec<(String, String)> = match home {
        Home::Path(path) => vec![(path.clone(), path.clone())],
        Home::Logical(mappings) => mappings
            .iter()
            .map(|m| (m.entry.clone(), m.target.clone()))
            .collect(),
        Home::Unset => {
            return Err(
                "no home directory: the server's default applies, which is not checked".into(),
            );
        }
        Home::Invalid(why) => return Err(format!("the home cannot be used: {why}")),
    };
    let mut targets: Vec<(String, HomeTarget)> = Vec::new();
    for (label, path) in places {
        let path = path.replace("${transfer:UserName}", user);
        if let Some(target) = HomeTarget::from_path(&path)
            && !targets.iter().any(|(_, known)| *known == target)
        {
            targets.push((label, target));
        }
    }
    if targets.is_empty() {
        return Err("the home names no bucket".into());
    }
    Ok(targets)
}

fn profile_summary(profile: &UserProfile) -> String {
    let home = match &profile.home {
        Home::Path(path) => path.clone(),
        Home::Logical(mappings) => format!("LOGICAL, {} mapping(s)", mappings.len()),
        Home::Unset => "none".into(),
        Home::Invalid(_) => "unusable".into(),
    };
    format!(
        "role {}; session policy {}; home {home}",
        profile.role.as_deref().unwrap_or("none"),
        if profile.session_policy.is_some() {
            "set"
        } else {
            "none"
        },
    )
}

/// Whether a login secret's resource policy keeps the identity provider's
/// role from reading it.
fn secret_check(evidence: &SecretEvidence) -> Check {
    let SecretPolicy { arn, policy } = match &evidence.policy {
        Ok(policy) => policy,
        Err(err) => {
            return Check::unknown(format!(
                "the secret's resource policy could not be read: {err}"
            ));
        }
    };
    let Some(text) = policy else {
        return Check::pass("the secret has no resource policy");
    };
    let reader = match &evidence.reader {
        Ok(Some(reader)) => reader,
        Ok(None) => {
            return Check::unknown(
                "the identity provider is not a Lambda function: who reads the secret is not known",
            );
        }
        Err(err) => {
            return Check::unknown(format!(
                "the identity provider's function could not be read: {err}"
            ));
        }
    };
    let Some(role) = &reader.role else {
        return Check::unknown("the function names no execution role");
    };
    let policy = match NamedPolicy::parse("secret policy", text) {
        Ok(policy) => policy,
        Err(err) => {
            return Check::unknown(format!(
                "the secret's resource policy is not a policy document: {err}"
            ));
        }
    };
    let mut context = Context::new();
    if reader.in_vpc {
        // Through a VPC endpoint or not: the console cannot see which.
        context.set_unknown("aws:SourceVpce");
        context.set_unknown("aws:SourceVpc");
    }
    let secret_arn = arn.clone().unwrap_or_else(|| evidence.name.clone());
    match checks::secret_policy_blocks(&policy, role, &secret_arn, &context) {
        Decision::ExplicitDeny { by } => Check::fail(format!(
            "{role} (the identity provider's role) cannot read it: denied by {by}"
        )),
        unknown @ Decision::Unknown { .. } => Check::unknown(unknown.to_string()),
        _ => Check::pass(format!("the resource policy does not refuse {role}")),
    }
}
