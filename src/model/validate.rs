//! Checks of what an operator types for a user, before anything is sent:
//! the same rules AWS applies, said at the field.

use super::login_secret::{Home, HomeMapping, LoginSecret};
use super::user::UserHome;

/// AWS's rule for Transfer user names: 3-100 characters, the first a letter,
/// digit or underscore, the rest also `@`, `.` or `-`.
pub fn user_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if !(3..=100).contains(&len) {
        return Err(format!("3 to 100 characters ({len} given)"));
    }
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    if !first_ok {
        return Err("must start with a letter, a digit or _".into());
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || "_@.-".contains(*c))) {
        return Err(format!("{bad:?} is not allowed (letters, digits, _ @ . -)"));
    }
    Ok(())
}

/// `arn:<partition>:iam::<12 digits>:role/<path/>name`.
pub fn role_arn(arn: &str) -> Result<(), String> {
    let hint = "an IAM role ARN: arn:aws:iam::123456789012:role/name";
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, partition, service, region, account, resource] = parts[..] else {
        return Err(hint.into());
    };
    let account_ok = account.len() == 12 && account.chars().all(|c| c.is_ascii_digit());
    let name = resource.strip_prefix("role/").unwrap_or("");
    let name_ok = !name.is_empty()
        && !name.ends_with('/')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c));
    if scheme == "arn"
        && partition.starts_with("aws")
        && service == "iam"
        && region.is_empty()
        && account_ok
        && name_ok
        && arn.len() <= 2048
    {
        Ok(())
    } else {
        Err(hint.into())
    }
}

/// `/bucket` or `/bucket/prefix`, as Transfer and the sample Lambda expect.
pub fn home_directory(path: &str) -> Result<(), String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("starts with /: /bucket/prefix".into());
    };
    let bucket = rest.split('/').next().unwrap_or("");
    if !is_bucket_name(bucket) {
        return Err(format!("{bucket:?} is not an S3 bucket name"));
    }
    if path.contains("//") || path.chars().any(char::is_control) || path.len() > 1024 {
        return Err("no empty parts (//), no control characters, at most 1024".into());
    }
    Ok(())
}

fn is_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

/// Mappings typed as `entry=target` pairs separated by commas:
/// `/=/bucket/home, /in=/bucket/in`.
pub fn home_mappings(text: &str) -> Result<Vec<HomeMapping>, String> {
    let mut mappings = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((entry, target)) = pair.split_once('=') else {
            return Err(format!("{pair:?}: write entry=target, e.g. /=/bucket/home"));
        };
        let (entry, target) = (entry.trim(), target.trim());
        if !entry.starts_with('/') {
            return Err(format!("entry {entry:?} must start with /"));
        }
        home_directory(target).map_err(|err| format!("target {target:?}: {err}"))?;
        mappings.push(HomeMapping {
            entry: entry.to_string(),
            target: target.to_string(),
        });
    }
    if mappings.is_empty() {
        return Err("at least one entry=target".into());
    }
    Ok(mappings)
}

/// A home typed in one field: `/bucket/prefix` is a PATH home, and
/// `entry=target` pairs make a LOGICAL one.
pub fn user_home(text: &str) -> Result<UserHome, String> {
    let text = text.trim();
    if text.contains('=') {
        return home_mappings(text).map(UserHome::Logical);
    }
    if text.is_empty() {
        return Err("/bucket/prefix, or entry=target pairs".into());
    }
    home_directory(text).map(|()| UserHome::Path(text.to_string()))
}

/// A home as `user_home` reads it.
pub fn user_home_text(home: &UserHome) -> String {
    match home {
        UserHome::Path(path) => path.clone(),
        UserHome::Logical(mappings) => mappings_text(mappings),
    }
}

/// The mappings as `home_mappings` reads them.
pub fn mappings_text(mappings: &[HomeMapping]) -> String {
    mappings
        .iter()
        .map(|m| format!("{}={}", m.entry, m.target))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Key types and how their data starts: the base64 of the length-prefixed
/// type name that every OpenSSH public key blob begins with.
const KEY_TYPES: &[(&str, &str)] = &[
    ("ssh-rsa", "AAAAB3NzaC1yc2"),
    ("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5"),
    ("ecdsa-sha2-nistp256", "AAAAE2VjZHNhLXNoYTItbmlzdHAyNT"),
    ("ecdsa-sha2-nistp384", "AAAAE2VjZHNhLXNoYTItbmlzdHAzOD"),
    ("ecdsa-sha2-nistp521", "AAAAE2VjZHNhLXNoYTItbmlzdHA1Mj"),
];

/// One OpenSSH public key line: `type base64 [comment]`.
pub fn ssh_public_key(text: &str) -> Result<(), String> {
    let mut parts = text.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let Some((_, blob_start)) = KEY_TYPES.iter().find(|(name, _)| *name == kind) else {
        let names: Vec<&str> = KEY_TYPES.iter().map(|(name, _)| *name).collect();
        return Err(format!(
            "starts with the key type ({}), as in id_ed25519.pub",
            names.join(", ")
        ));
    };
    let data = parts.next().unwrap_or("");
    let base64 = data.len().is_multiple_of(4)
        && data
            .trim_end_matches('=')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    if !base64 || data.len() < 64 {
        return Err("the key data is not base64 of a whole key".into());
    }
    if !data.starts_with(blob_start) {
        return Err(format!("the key data is not a {kind} key"));
    }
    if text.len() > 2048 {
        return Err("longer than 2048 characters".into());
    }
    Ok(())
}

/// Several keys separated by commas (the secret's `PublicKey`).
pub fn ssh_public_keys(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .enumerate()
        .map(|(i, key)| {
            ssh_public_key(key)
                .map(|()| key.to_string())
                .map_err(|err| format!("key {}: {err}", i + 1))
        })
        .collect()
}

/// A session policy: a JSON object with a `Statement`.
pub fn policy_json(text: &str) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
    if value.get("Statement").is_none() {
        return Err("a policy document needs a Statement".into());
    }
    if text.len() > 2048 {
        return Err("longer than 2048 characters (AWS's limit)".into());
    }
    Ok(())
}

/// A whole login secret, as edited in `$EDITOR`: the checks of the form,
/// applied to the keys the console knows. PGP-only secrets are not logins
/// and pass. Every problem is listed, so one round in the editor fixes all.
pub fn login_secret(secret: &LoginSecret) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if secret.is_pgp_only() {
        return Ok(());
    }
    match secret.role() {
        Some(role) => {
            if let Err(err) = role_arn(role) {
                problems.push(format!("Role: {err}"));
            }
        }
        None => problems.push("Role: required (the session's IAM role)".into()),
    }
    match secret.home() {
        Home::Path(path) => {
            if let Err(err) = home_directory(&path) {
                problems.push(format!("HomeDirectory: {err}"));
            }
        }
        Home::Logical(mappings) => {
            for mapping in &mappings {
                if !mapping.entry.starts_with('/') {
                    problems.push(format!(
                        "HomeDirectoryDetails: entry {:?} must start with /",
                        mapping.entry
                    ));
                }
                if let Err(err) = home_directory(&mapping.target) {
                    problems.push(format!(
                        "HomeDirectoryDetails: target {:?}: {err}",
                        mapping.target
                    ));
                }
            }
        }
        Home::Invalid(why) => problems.push(why),
        Home::Unset => {}
    }
    let keys = secret.public_keys().join(",");
    if !keys.is_empty()
        && let Err(err) = ssh_public_keys(&keys)
    {
        problems.push(format!("PublicKey: {err}"));
    }
    if let Some(policy) = secret.policy()
        && let Err(err) = policy_json(policy)
    {
        problems.push(format!("Policy: {err}"));
    }
    if !secret.has_password() && secret.public_keys().is_empty() {
        problems.push("no Password and no PublicKey: nobody can log in".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_whole_secret_is_checked_key_by_key() {
        let good = LoginSecret::parse(
            r#"{"Password":"x-long-enough","Role":"arn:aws:iam::123456789012:role/ftp","HomeDirectory":"/acme-legacy-ftp/erp","Team":"a"}"#,
        )
        .unwrap();
        assert_eq!(login_secret(&good), Ok(()));
        let bad = LoginSecret::parse(
            r#"{"Password":"x","Role":"ftp","HomeDirectory":"bucket","Policy":"{"}"#,
        )
        .unwrap();
        let problems = login_secret(&bad).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("Role"));
        let nobody =
            LoginSecret::parse(r#"{"Role":"arn:aws:iam::123456789012:role/ftp"}"#).unwrap();
        assert!(login_secret(&nobody).is_err());
        let pgp = LoginSecret::parse(r#"{"PGPPrivateKey":"k"}"#).unwrap();
        assert_eq!(login_secret(&pgp), Ok(()));
    }

    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy op@bastion";

    #[test]
    fn user_names_follow_aws_rules() {
        for good in ["abc", "legacy-erp", "_svc", "a.b@c-d", &"x".repeat(100)] {
            assert_eq!(user_name(good), Ok(()), "{good}");
        }
        for bad in ["ab", "-abc", "@abc", "a b c", "abc/d", &"x".repeat(101), ""] {
            assert!(user_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_arns_need_account_and_role() {
        assert_eq!(role_arn("arn:aws:iam::123456789012:role/ftp"), Ok(()));
        assert_eq!(
            role_arn("arn:aws-cn:iam::123456789012:role/path/ftp"),
            Ok(())
        );
        for bad in [
            "",
            "ftp",
            "arn:aws:iam::123:role/ftp",
            "arn:aws:iam::123456789012:user/ftp",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::123456789012:role/",
        ] {
            assert!(role_arn(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn home_directories_are_bucket_paths() {
        assert_eq!(home_directory("/acme-legacy-ftp/erp"), Ok(()));
        assert_eq!(home_directory("/acme-legacy-ftp"), Ok(()));
        for bad in ["acme/erp", "/", "/AB/x", "/ab", "/bucket//x"] {
            assert!(home_directory(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mappings_are_entry_target_pairs() {
        let mappings = home_mappings("/=/bucket/home, /in=/bucket/in").unwrap();
        assert_eq!(mappings.len(), 2);
        assert_eq!(mappings_text(&mappings), "/=/bucket/home, /in=/bucket/in");
        assert!(home_mappings("").is_err());
        assert!(home_mappings("/=bucket").is_err());
        assert!(home_mappings("in=/bucket/in").is_err());
    }

    #[test]
    fn one_home_field_reads_a_path_or_mappings() {
        assert_eq!(
            user_home(" /acme-partner-drop/new "),
            Ok(UserHome::Path("/acme-partner-drop/new".into()))
        );
        let logical = user_home("/in=/acme-partner-drop/in, /out=/acme-reports/out").unwrap();
        assert!(matches!(&logical, UserHome::Logical(m) if m.len() == 2));
        assert_eq!(
            user_home_text(&logical),
            "/in=/acme-partner-drop/in, /out=/acme-reports/out"
        );
        assert!(user_home("").is_err());
        assert!(user_home("acme/x").is_err());
        assert!(user_home("/in=acme").is_err());
    }

    #[test]
    fn ssh_keys_are_checked_down_to_the_blob() {
        assert_eq!(ssh_public_key(ED25519), Ok(()));
        assert!(ssh_public_key("ssh-ed25519 not-base64!").is_err());
        assert!(ssh_public_key(&ED25519.replacen("ssh-ed25519", "ssh-rsa", 1)).is_err());
        assert!(ssh_public_key("hello").is_err());
        assert_eq!(
            ssh_public_keys(&format!("{ED25519}, {ED25519}")).map(|k| k.len()),
            Ok(2)
        );
    }

    #[test]
    fn policies_are_json_documents() {
        assert_eq!(
            policy_json(r#"{"Version":"2012-10-17","Statement":[]}"#),
            Ok(())
        );
        assert!(policy_json("{").is_err());
        assert!(policy_json("{}").is_err());
    }

    proptest! {
        #[test]
        fn every_name_matching_the_pattern_is_accepted(
            name in "[a-zA-Z0-9_][a-zA-Z0-9_@.-]{2,99}"
        ) {
            prop_assert_eq!(user_name(&name), Ok(()));
        }

        #[test]
        fn names_with_other_characters_are_refused(
            head in "[a-z]{3}", bad in "[ /:#*!]", tail in "[a-z]{0,5}"
        ) {
            let name = format!("{head}{bad}{tail}");
            prop_assert!(user_name(&name).is_err());
        }

        #[test]
        fn validators_never_panic(text in "\\PC{0,200}") {
            let _ = user_name(&text);
            let _ = role_arn(&text);
            let _ = home_directory(&text);
            let _ = home_mappings(&text);
            let _ = ssh_public_key(&text);
            let _ = policy_json(&text);
            let _ = user_home(&text);
        }

        #[test]
        fn mappings_round_trip_through_their_text(
            targets in proptest::collection::vec("[a-z]{3,10}/[a-z]{1,8}", 1..4)
        ) {
            let text = targets
                .iter()
                .enumerate()
                .map(|(i, t)| format!("/e{i}=/{t}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mappings = home_mappings(&text).map_err(TestCaseError::fail)?;
            prop_assert_eq!(mappings_text(&mappings), text);
        }
    }
}
