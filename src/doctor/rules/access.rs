//! The access chain, judged by `model::access_report` (the policy
//! evaluator) over the gathered evidence:
//! - `lambda-permission`: the identity provider's function admits this
//!   server (`AWS:SourceArn`); a per-AZ twin missing from it fails every login;
//! - `role-trust`: a user's role (and an API Gateway invocation role)
//!   trusts transfer.amazonaws.com;
//! - `home-access`: a user's policies reach the home (list, read, write,
//!   delete), so that uploads are not refused after a good login;
//! - `secret-policy`: a login secret's resource policy does not deny the
//!   identity provider's role.

use crate::doctor::{Estate, Finding, FixAction, Gathered, Severity};
use crate::model::Server;
use crate::model::access_report::{
    Check, ProviderReport, UserAccessReport, Verdict, provider_report, user_report,
};
use crate::model::policy::NOT_EVALUATED;

const LAMBDA_PERMISSION: &str = "lambda-permission";
const ROLE_TRUST: &str = "role-trust";
const HOME_ACCESS: &str = "home-access";
const SECRET_POLICY: &str = "secret-policy";

/// A check that could not be made, said as a note.
fn could_not(rule: &'static str, resource: &str, what: &str, check: &Check) -> Finding {
    Finding::new(
        rule,
        Severity::Info,
        resource,
        format!("could not check {what}: {}", check.detail),
    )
}

/// `lambda-permission`, and `role-trust` for an API Gateway's invocation role.
pub fn check_provider(estate: &Estate, server: &Server) -> Vec<Finding> {
    let Some(evidence) = estate.access.providers.get(server.id()) else {
        return Vec::new();
    };
    match provider_report(evidence, &server.summary.arn) {
        ProviderReport::Lambda {
            function,
            permission,
            fix,
            ..
        } => match permission.verdict {
            Verdict::Pass => Vec::new(),
            Verdict::Unknown => vec![could_not(
                LAMBDA_PERMISSION,
                server.id(),
                "whether the identity provider's function admits this server",
                &permission,
            )],
            Verdict::Fail => {
                let mut finding = Finding::new(
                    LAMBDA_PERMISSION,
                    Severity::Error,
                    server.id(),
                    "the identity provider's function does not let Transfer invoke it for this server: every login fails",
                )
                .evidence(format!("function {function}"))
                .evidence(permission.detail.clone());
                finding = match fix {
                    Some(fix) => finding.fix(
                        format!(
                            "add a statement to the function's resource policy allowing {} to call lambda:InvokeFunction with aws:SourceArn {}",
                            crate::model::identity_provider::TRANSFER_PRINCIPAL,
                            fix.server_arn
                        ),
                        Some(fix.cli_command()),
                        Some(FixAction::AddLambdaPermission {
                            server_id: server.id().to_string(),
                        }),
                    ),
                    None => finding.fix(
                        "remove or narrow the Deny statement named above in the function's resource policy",
                        None,
                        None,
                    ),
                };
                vec![finding]
            }
        },
        ProviderReport::ApiGateway {
            invocation_role,
            trust,
            ..
        } => match trust.verdict {
            Verdict::Pass => Vec::new(),
            Verdict::Unknown => vec![could_not(
                ROLE_TRUST,
                server.id(),
                "the API Gateway invocation role's trust",
                &trust,
            )],
            Verdict::Fail => vec![
                Finding::new(
                    ROLE_TRUST,
                    Severity::Error,
                    server.id(),
                    "the API Gateway invocation role does not trust transfer.amazonaws.com: every login fails",
                )
                .evidence(format!(
                    "invocation role {}",
                    invocation_role.as_deref().unwrap_or("none")
                ))
                .evidence(trust.detail.clone())
                .fix(
                    "let transfer.amazonaws.com call sts:AssumeRole in the role's trust policy",
                    None,
                    None,
                ),
            ],
        },
        ProviderReport::NoProvider { .. } => Vec::new(),
    }
}

/// `role-trust`, `home-access` and `secret-policy` for every user of `server`.
pub fn check_users(estate: &Estate, server: &Server) -> Vec<Finding> {
    let Some(users) = estate.access.users.get(server.id()) else {
        return Vec::new();
    };
    let users = match users {
        Gathered::Read(users) => users,
        other => {
            let why = other.unreadable_reason().unwrap_or_default();
            return vec![Finding::new(
                HOME_ACCESS,
                Severity::Info,
                server.id(),
                format!("could not check the users' access: {why}"),
            )];
        }
    };
    let mut findings = Vec::new();
    for evidence in users {
        let report = user_report(evidence);
        // A custom IdP's user is its secret (Enter opens it); a Transfer
        // user is named under its server.
        let resource = evidence
            .secret
            .as_ref()
            .map(|secret| secret.name.clone())
            .unwrap_or_else(|| format!("{}/{}", server.id(), evidence.user));
        findings.extend(trust_finding(&report, &resource));
        findings.extend(home_finding(&report, &resource));
        if let Some(secret) = &report.secret {
            findings.extend(secret_finding(&report, secret, &resource));
        }
    }
    findings
}

fn trust_finding(report: &UserAccessReport, resource: &str) -> Option<Finding> {
    // A login without a role is the `users` rule's.
    let role = report.role_arn.as_deref()?;
    match report.trust.verdict {
        Verdict::Pass => None,
        Verdict::Unknown => Some(could_not(
            ROLE_TRUST,
            resource,
            &format!("{}'s role trust", report.user),
            &report.trust,
        )),
        Verdict::Fail => {
            let mut finding = Finding::new(
                ROLE_TRUST,
                Severity::Error,
                resource,
                format!(
                    "{}'s role does not trust transfer.amazonaws.com: the login fails after authentication",
                    report.user
                ),
            )
            .evidence(format!("role {role}"))
            .evidence(report.trust.detail.clone());
            for condition in &report.trust_conditions {
                finding = finding.evidence(format!("condition {condition}"));
            }
            Some(finding.fix(
                "add transfer.amazonaws.com to the role's trust policy (sts:AssumeRole, with aws:SourceAccount / aws:SourceArn conditions), or give the user a role made for Transfer",
                None,
                None,
            ))
        }
    }
}

fn home_finding(report: &UserAccessReport, resource: &str) -> Option<Finding> {
    if report.profile.verdict == Verdict::Unknown {
        return Some(could_not(
            HOME_ACCESS,
            resource,
            &format!("{}'s access to the home", report.user),
            &report.profile,
        ));
    }
    let denied: Vec<_> = report
        .lines
        .iter()
        .filter(|line| line.verdict == Verdict::Fail)
        .collect();
    let unknown: Vec<_> = report
        .lines
        .iter()
        .filter(|line| line.verdict == Verdict::Unknown)
        .collect();
    if let Some(first) = denied.first() {
        let actions: Vec<&str> = denied.iter().map(|line| line.action.as_str()).collect();
        let mut finding = Finding::new(
            HOME_ACCESS,
            Severity::Error,
            resource,
            format!(
                "{}'s role does not allow {} on the home {}",
                report.user,
                actions.join(", "),
                first.home
            ),
        );
        for line in &denied {
            finding =
                finding.evidence(format!("{} on {}: {}", line.action, line.resource, line.by));
        }
        finding = finding.evidence(format!("not evaluated: {}", NOT_EVALUATED[..3].join("; ")));
        return Some(finding.fix(
            "allow the denied actions on the home in the role's policy (s3:ListBucket on the bucket with the home's s3:prefix, object actions on home/*); A on the user shows each statement",
            None,
            None,
        ));
    }
    unknown.first().map(|line| {
        Finding::new(
            HOME_ACCESS,
            Severity::Info,
            resource,
            format!(
                "could not check {}'s {} on the home: {}",
                report.user, line.action, line.by
            ),
        )
    })
}

fn secret_finding(report: &UserAccessReport, secret: &Check, resource: &str) -> Option<Finding> {
    match secret.verdict {
        Verdict::Pass => None,
        Verdict::Unknown => Some(could_not(
            SECRET_POLICY,
            resource,
            &format!("{}'s secret policy", report.user),
            secret,
        )),
        Verdict::Fail => Some(
            Finding::new(
                SECRET_POLICY,
                Severity::Error,
                resource,
                format!(
                    "the resource policy of {}'s secret denies the identity provider: the login fails",
                    report.user
                ),
            )
            .evidence(secret.detail.clone())
            .fix(
                "let the identity provider's role read the secret: run the function where the policy's condition holds (its VPC endpoint), or narrow the Deny",
                Some(format!(
                    "aws secretsmanager get-resource-policy --secret-id {}",
                    crate::model::identity_provider::shell_quote(resource)
                )),
                None,
            ),
        ),
    }
}

#[cfg(test)]
mod tests;
