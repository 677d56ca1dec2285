//! Rules on custom identity provider users kept in Secrets Manager:
//! `user-secret` (no Role, no Password for FTP/FTPS, bad home directory),
//! `no-users` (a custom-IdP server without user secrets) and
//! `orphan-secret` (secrets of servers that no longer exist).

use crate::doctor::{Estate, Finding, FixAction, Gathered, SecretEvidence, Severity};
use crate::model::AwsError;
use crate::model::login_secret::{Home, LoginSecret};
use crate::model::{Protocol, Server};

pub fn check_server(estate: &Estate, server: &Server) -> Vec<Finding> {
    if !server.summary.identity_provider_type.is_custom() {
        return Vec::new();
    }
    if let Some(reason) = estate.secrets.unreadable_reason() {
        return vec![Finding::new(
            "user-secret",
            Severity::Info,
            server.id(),
            format!("could not check the user secrets: {reason}"),
        )];
    }
    let secrets: Vec<&SecretEvidence> = estate.secrets_of(server.id()).collect();
    let logins = secrets
        .iter()
        .filter(|s| !matches!(&s.value, Gathered::Read(v) if v.is_pgp_only()))
        .count();
    let mut findings = Vec::new();
    if logins == 0 {
        findings.push(
            Finding::new(
                "no-users",
                Severity::Warning,
                server.id(),
                "no user secrets for this server: nobody can log in through the sample identity provider",
            )
            .evidence(format!("no secret named aws/transfer/{}/<user>", server.id()))
            .fix(
                "create the users' secrets for this server (a second server needs its own copies)",
                None,
                None,
            ),
        );
    }
    let wants_password = server
        .protocols
        .iter()
        .any(|p| matches!(p, Protocol::Ftp | Protocol::Ftps));
    for secret in secrets {
        findings.extend(check_secret(estate, secret, wants_password));
    }
    findings
}

fn check_secret(estate: &Estate, secret: &SecretEvidence, wants_password: bool) -> Vec<Finding> {
    const RULE: &str = "user-secret";
    let name = secret.name.as_str();
    let value: &LoginSecret = match &secret.value {
        Gathered::Read(value) => value,
        unreadable => {
            return vec![Finding::new(
                RULE,
                Severity::Info,
                name,
                format!(
                    "could not read the secret: {}",
                    unreadable.unreadable_reason().unwrap_or_default()
                ),
            )];
        }
    };
    if value.is_pgp_only() {
        return Vec::new(); // a PGP key for decryption workflows, not a login
    }
    let mut findings = Vec::new();
    let edit = |title: &str, advice: &str| {
        Finding::new(RULE, Severity::Error, name, title).fix(
            advice,
            Some(format!(
                "aws secretsmanager get-secret-value --secret-id {name}  # then put-secret-value with the key added"
            )),
            None,
        )
    };
    if value.role().is_none() {
        let mut finding = edit(
            "the user secret has no Role: the login is refused",
            "add Role: the ARN of the IAM role the session assumes",
        )
        .evidence(format!("keys present: {}", keys(value)));
        // The users pane's edit form sets the Role.
        if let (Some(fix), Some(server_id)) = (finding.fix.as_mut(), &secret.parsed.server_id) {
            fix.action = Some(FixAction::EditUserSecret {
                server_id: server_id.clone(),
                name: name.to_string(),
            });
        }
        findings.push(finding);
    }
    if wants_password && !value.has_password() {
        findings.push(
            edit(
                "the user secret has no Password: FTP/FTPS logins are refused",
                "add a Password (FTP and FTPS refuse empty passwords)",
            )
            .evidence(format!("keys present: {}", keys(value))),
        );
    }
    match value.home() {
        Home::Invalid(problem) => findings.push(
            edit("the user's HomeDirectoryDetails cannot be used", "write HomeDirectoryDetails as [{\"Entry\": \"/\", \"Target\": \"/bucket/prefix\"}]")
                .evidence(problem),
        ),
        home => findings.extend(missing_bucket(estate, name, &home)),
    }
    findings
}

/// A home directory whose bucket does not exist: uploads fail after login.
fn missing_bucket(estate: &Estate, name: &str, home: &Home) -> Option<Finding> {
    let targets: Vec<&str> = match home {
        Home::Path(path) => vec![path.as_str()],
        Home::Logical(mappings) => mappings.iter().map(|m| m.target.as_str()).collect(),
        Home::Unset | Home::Invalid(_) => Vec::new(),
    };
    if targets.is_empty() {
        return None;
    }
    let Some(buckets) = estate.buckets.read() else {
        return Some(Finding::new(
            "user-secret",
            Severity::Info,
            name,
            format!(
                "could not check that the home directory's bucket exists: {}",
                estate.buckets.unreadable_reason().unwrap_or_default()
            ),
        ));
    };
    let missing: Vec<&str> = targets
        .into_iter()
        .filter_map(|target| target.trim_start_matches('/').split('/').next())
        .filter(|bucket| !bucket.is_empty() && !buckets.contains(*bucket))
        .collect();
    let bucket = missing.first()?;
    Some(
        Finding::new(
            "user-secret",
            Severity::Error,
            name,
            format!("the home directory's bucket {bucket} does not exist"),
        )
        .evidence(format!("home: {}", home_label(home)))
        .fix(
            "point the home directory at an existing bucket, or create the bucket",
            None,
            None,
        ),
    )
}

fn home_label(home: &Home) -> String {
    match home {
        Home::Path(path) => path.clone(),
        Home::Logical(mappings) => mappings
            .iter()
            .map(|m| format!("{} → {}", m.entry, m.target))
            .collect::<Vec<_>>()
            .join(", "),
        Home::Unset => "none".into(),
        Home::Invalid(problem) => problem.clone(),
    }
}

fn keys(value: &LoginSecret) -> String {
    let mut present = Vec::new();
    if value.has_password() {
        present.push("Password");
    }
    if !value.public_keys().is_empty() {
        present.push("PublicKey");
    }
    if value.role().is_some() {
        present.push("Role");
    }
    if value.policy().is_some() {
        present.push("Policy");
    }
    if !matches!(value.home(), Home::Unset) {
        present.push("home directory");
    }
    present.extend(value.other_keys());
    if present.is_empty() {
        "none".into()
    } else {
        present.join(", ")
    }
}

/// Where BatchGetSecretValue is denied, the values were read one call per
/// secret: said once, with the permission that would save the calls.
pub fn check_batch_reads(estate: &Estate) -> Option<Finding> {
    let why = estate.secrets_read_one_at_a_time.as_ref()?;
    let action = match why {
        AwsError::AccessDenied { action, .. } => action.as_str(),
        _ => "secretsmanager:BatchGetSecretValue",
    };
    Some(
        Finding::new(
            "secret-reads",
            Severity::Info,
            "secretsmanager",
            "the user secrets were read one at a time: BatchGetSecretValue is denied",
        )
        .evidence(why.to_string())
        .fix(
            format!("allow {action} (it reads 20 secrets a call) to check with fewer calls"),
            None,
            None,
        ),
    )
}

/// Secrets of servers that no longer exist; a check of one server reports
/// none (they belong to other servers).
pub fn check_orphans(estate: &Estate) -> Vec<Finding> {
    if estate.scope.is_some() {
        return Vec::new();
    }
    let Some(secrets) = estate.secrets.read() else {
        return Vec::new();
    };
    secrets
        .iter()
        .filter_map(|secret| {
            let server_id = secret.parsed.server_id.as_deref()?;
            if estate.all_server_ids.contains(server_id) {
                return None;
            }
            let name = secret.name.as_str();
            Some(
                Finding::new(
                    "orphan-secret",
                    Severity::Warning,
                    name,
                    format!("user secret of a server that no longer exists ({server_id})"),
                )
                .evidence(format!("no server {server_id} in {}", estate.region))
                .fix(
                    "delete it (with a recovery window) if the server is gone for good",
                    Some(format!("aws secretsmanager delete-secret --secret-id {name} --recovery-window-in-days 7")),
                    Some(FixAction::ReviewOrphanSecrets),
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::testing::{SERVER_ID, estate, ftp_vpc};
    use crate::model::login_secret::{DEFAULT_PREFIX, SecretName};

    fn secret(server_id: &str, user: &str, json: &str) -> SecretEvidence {
        let name = SecretName::secret_name(server_id, user, DEFAULT_PREFIX);
        SecretEvidence {
            parsed: SecretName::parse(&name, DEFAULT_PREFIX).expect("a user secret name"),
            name,
            value: Gathered::Read(LoginSecret::parse(json).expect("json")),
        }
    }

    fn with_secrets(secrets: Vec<SecretEvidence>) -> Vec<Finding> {
        let mut estate = estate(vec![ftp_vpc(vec![])]);
        estate.secrets = Gathered::Read(secrets);
        crate::doctor::diagnose(&estate)
            .into_iter()
            .filter(|f| f.rule.contains("secret") || f.rule == "no-users")
            .collect()
    }

    const GOOD: &str = r#"{"Password":"x","Role":"arn:aws:iam::123456789012:role/r","HomeDirectory":"/acme-legacy-ftp/in"}"#;

    #[test]
    fn a_complete_secret_passes() {
        assert!(with_secrets(vec![secret(SERVER_ID, "erp", GOOD)]).is_empty());
    }

    #[test]
    fn missing_role_and_password_are_errors() {
        let findings = with_secrets(vec![secret(
            SERVER_ID,
            "erp",
            r#"{"HomeDirectory":"/acme-legacy-ftp/in"}"#,
        )]);
        let titles: Vec<_> = findings.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "the user secret has no Role: the login is refused",
                "the user secret has no Password: FTP/FTPS logins are refused"
            ]
        );
        assert_eq!(
            findings[0].fix.as_ref().and_then(|f| f.action.clone()),
            Some(FixAction::EditUserSecret {
                server_id: SERVER_ID.into(),
                name: SecretName::secret_name(SERVER_ID, "erp", DEFAULT_PREFIX),
            }),
            "f opens the user's edit form, where the Role is set"
        );
    }

    #[test]
    fn bad_mappings_and_missing_buckets_are_errors() {
        let bad = r#"{"Password":"x","Role":"r","HomeDirectoryDetails":"not json"}"#;
        assert_eq!(
            with_secrets(vec![secret(SERVER_ID, "a", bad)])[0].title,
            "the user's HomeDirectoryDetails cannot be used"
        );
        let gone = r#"{"Password":"x","Role":"r","HomeDirectory":"/no-such-bucket/in"}"#;
        assert!(
            with_secrets(vec![secret(SERVER_ID, "a", gone)])[0]
                .title
                .contains("no-such-bucket does not exist")
        );
    }

    #[test]
    fn unlisted_buckets_make_the_home_check_say_it_could_not_run() {
        let mut estate = estate(vec![ftp_vpc(vec![])]);
        estate.secrets = Gathered::Read(vec![secret(SERVER_ID, "a", GOOD)]);
        estate.buckets = Gathered::Unreadable(crate::model::AwsError::AccessDenied {
            action: "s3:ListAllMyBuckets".into(),
            message: String::new(),
        });
        let findings: Vec<_> = crate::doctor::diagnose(&estate)
            .into_iter()
            .filter(|f| f.rule == "user-secret")
            .collect();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0].title.ends_with("needs s3:ListAllMyBuckets"),
            "{}",
            findings[0].title
        );
    }

    #[test]
    fn a_server_without_user_secrets_warns_but_pgp_keys_do_not_count_as_broken() {
        let findings = with_secrets(vec![]);
        assert_eq!(findings[0].rule, "no-users");
        let pgp = secret(
            SERVER_ID,
            "erp",
            r#"{"PGPPrivateKey":"k","PGPPassphrase":"p"}"#,
        );
        let findings = with_secrets(vec![pgp, secret(SERVER_ID, "b", GOOD)]);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn secrets_of_deleted_servers_are_orphans_with_a_recoverable_delete() {
        let findings = with_secrets(vec![
            secret(SERVER_ID, "a", GOOD),
            secret("s-99999999999999999", "old", GOOD),
        ]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "orphan-secret");
        let cli = findings[0]
            .fix
            .as_ref()
            .and_then(|f| f.cli.clone())
            .unwrap_or_default();
        assert!(cli.contains("--recovery-window-in-days 7"));
        assert_eq!(
            findings[0].fix.as_ref().and_then(|f| f.action.clone()),
            Some(FixAction::ReviewOrphanSecrets),
            "f opens the console's orphans view"
        );
    }

    #[test]
    fn unreadable_values_say_which_permission_is_missing() {
        let mut denied = secret(SERVER_ID, "a", GOOD);
        denied.value = Gathered::Unreadable(crate::model::AwsError::AccessDenied {
            action: "secretsmanager:GetSecretValue".into(),
            message: String::new(),
        });
        let findings = with_secrets(vec![denied, secret(SERVER_ID, "b", GOOD)]);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(
            findings[0]
                .title
                .contains("needs secretsmanager:GetSecretValue")
        );
    }

    #[test]
    fn a_check_of_one_server_reports_no_other_servers_orphans() {
        let mut estate = estate(vec![ftp_vpc(vec![])]);
        estate.secrets = Gathered::Read(vec![
            secret(SERVER_ID, "a", GOOD),
            secret("s-99999999999999999", "old", GOOD),
        ]);
        estate.scope = Some(SERVER_ID.into());
        let rules: Vec<_> = crate::doctor::diagnose(&estate)
            .into_iter()
            .map(|f| f.rule)
            .collect();
        assert!(!rules.contains(&"orphan-secret"), "{rules:?}");
        estate.scope = None;
        let rules: Vec<_> = crate::doctor::diagnose(&estate)
            .into_iter()
            .map(|f| f.rule)
            .collect();
        assert!(rules.contains(&"orphan-secret"), "{rules:?}");
    }

    #[test]
    fn values_read_one_at_a_time_are_said_once_naming_the_batch_permission() {
        let mut estate = estate(vec![ftp_vpc(vec![]), ftp_vpc(vec![])]);
        estate.secrets = Gathered::Read(vec![secret(SERVER_ID, "a", GOOD)]);
        assert!(check_batch_reads(&estate).is_none());
        estate.secrets_read_one_at_a_time = Some(AwsError::AccessDenied {
            action: "secretsmanager:BatchGetSecretValue".into(),
            message: String::new(),
        });
        let said: Vec<_> = crate::doctor::diagnose(&estate)
            .into_iter()
            .filter(|f| f.rule == "secret-reads")
            .collect();
        assert_eq!(said.len(), 1, "once, not per server: {said:?}");
        assert_eq!(said[0].severity, Severity::Info);
        let advice = said[0]
            .fix
            .as_ref()
            .map(|f| f.advice.as_str())
            .unwrap_or_default();
        assert!(
            advice.contains("secretsmanager:BatchGetSecretValue"),
            "{advice}"
        );
    }
}
