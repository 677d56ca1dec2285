//! Property tests for the parsers and validators not covered beside their
//! code (src/model/validate.rs and passive_ip.rs hold their own): secret
//! names, login secrets (unknown keys survive), LOGICAL homes, theme files,
//! the command line, hourly rates, and the acceptance side of validators.

use clap::Parser;
use proptest::prelude::*;
use transfer_console::cli::Cli;
use transfer_console::model::cost::Rates;
use transfer_console::model::login_secret::{
    DEFAULT_PREFIX, Home, HomeMapping, LEGACY_PREFIX, LoginSecret, SecretName,
};
use transfer_console::model::{PassiveIp, validate};
use transfer_console::ui::Theme;

fn server_id() -> impl Strategy<Value = String> {
    "[0-9a-f]{17}".prop_map(|hex| format!("s-{hex}"))
}

fn user() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_][a-zA-Z0-9_@.-]{0,30}"
}

fn bucket() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9-]{1,20}[a-z0-9]"
}

/// Keys the console does not know, with values of any JSON shape.
fn unknown_fields() -> impl Strategy<Value = serde_json::Map<String, serde_json::Value>> {
    let value = prop_oneof![
        "\\PC{0,20}".prop_map(serde_json::Value::String),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::Bool),
        proptest::collection::vec("[a-z]{0,5}", 0..3).prop_map(serde_json::Value::from),
    ];
    proptest::collection::btree_map("X-[A-Za-z0-9]{1,12}", value, 0..6)
        .prop_map(|map| map.into_iter().collect())
}

fn theme_file(text: &str) -> Result<Theme, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("theme.toml");
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    Theme::load(&path.to_string_lossy()).map_err(|e| e.to_string())
}

fn cli(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("transfer-console").chain(args.iter().copied()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    // --- PassiveIp ---

    #[test]
    fn an_accepted_passive_ip_reads_back_as_itself(text in "\\PC{0,20}") {
        if let Ok(ip) = PassiveIp::parse(&text) {
            prop_assert_eq!(PassiveIp::parse(&ip.to_string()), Ok(ip));
        }
    }

    // --- secret names ---

    #[test]
    fn secret_names_round_trip(id in server_id(), user in user()) {
        let name = SecretName::secret_name(&id, &user, DEFAULT_PREFIX);
        let parsed = SecretName::parse(&name, DEFAULT_PREFIX);
        prop_assert_eq!(
            parsed,
            Some(SecretName { server_id: Some(id), user: user.clone() })
        );
        let legacy = SecretName::parse(&format!("{LEGACY_PREFIX}{user}"), DEFAULT_PREFIX);
        prop_assert_eq!(legacy, Some(SecretName { server_id: None, user }));
    }

    #[test]
    fn secret_name_parsing_never_panics_and_never_accepts_a_bad_server_id(
        name in "\\PC{0,60}"
    ) {
        if let Some(parsed) = SecretName::parse(&name, DEFAULT_PREFIX)
            && let Some(id) = &parsed.server_id
        {
            prop_assert!(transfer_console::model::server::is_server_id(id));
            prop_assert!(!parsed.user.contains('/'));
        }
    }

    // --- login secrets ---

    #[test]
    fn login_secret_parsing_never_panics(text in "\\PC{0,80}") {
        if let Ok(secret) = LoginSecret::parse(&text) {
            let _ = secret.home();
            let _ = secret.public_keys();
            let _ = secret.other_keys();
        }
    }

    #[test]
    fn unknown_keys_survive_a_round_trip_and_an_edit(
        unknown in unknown_fields(),
        password in "[!-~]{1,20}",
        role in "[a-z]{1,10}",
    ) {
        let mut fields = unknown.clone();
        fields.insert("Password".into(), password.into());
        let text = serde_json::Value::Object(fields).to_string();
        let mut secret = LoginSecret::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        secret.set("Role", &format!("arn:aws:iam::123456789012:role/{role}"));
        let again = LoginSecret::parse(&secret.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again, &secret);
        let json: serde_json::Value = serde_json::from_str(&again.to_json())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (key, value) in &unknown {
            prop_assert_eq!(&json[key], value);
        }
        let mut others = again.other_keys();
        others.sort_unstable();
        let mut expected: Vec<&str> = unknown.keys().map(String::as_str).collect();
        expected.sort_unstable();
        prop_assert_eq!(others, expected);
    }

    #[test]
    fn logical_homes_round_trip_through_the_secret(
        mappings in proptest::collection::vec(("/[a-z]{0,8}", bucket(), "[a-z/]{0,10}"), 1..4)
    ) {
        let mappings: Vec<HomeMapping> = mappings
            .into_iter()
            .map(|(entry, bucket, rest)| HomeMapping { entry, target: format!("/{bucket}/{rest}") })
            .collect();
        let mut secret = LoginSecret::new();
        secret.set("HomeDirectory", "/old/home");
        secret.set_home(&Home::Logical(mappings.clone()));
        let again = LoginSecret::parse(&secret.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again.home(), Home::Logical(mappings));
    }

    #[test]
    fn typed_mappings_round_trip_through_their_text(
        pairs in proptest::collection::vec(("/[a-zA-Z0-9_.-]{0,8}", bucket(), "[a-z0-9/]{0,10}"), 1..5)
    ) {
        let text = pairs
            .iter()
            .map(|(entry, bucket, rest)| format!("{entry}=/{bucket}/{rest}"))
            .collect::<Vec<_>>()
            .join(", ");
        // Empty parts (//) are refused; the others read back as typed.
        match validate::home_mappings(&text) {
            Ok(mappings) => prop_assert_eq!(validate::mappings_text(&mappings), text),
            Err(err) => prop_assert!(text.contains("//"), "{text}: {err}"),
        }
    }

    // --- validators: what must be accepted ---

    #[test]
    fn role_arns_of_any_account_and_path_are_accepted(
        account in "[0-9]{12}",
        partition in prop_oneof![Just("aws"), Just("aws-cn"), Just("aws-us-gov")],
        path in "([a-zA-Z0-9+=,.@_-]{1,10}/){0,2}",
        name in "[a-zA-Z0-9+=,.@_-]{1,30}",
    ) {
        let arn = format!("arn:{partition}:iam::{account}:role/{path}{name}");
        prop_assert_eq!(validate::role_arn(&arn), Ok(()));
    }

    #[test]
    fn bucket_homes_are_accepted(bucket in bucket(), prefix in "(/[a-zA-Z0-9_.-]{1,10}){0,3}") {
        let path = format!("/{bucket}{prefix}");
        prop_assert_eq!(validate::home_directory(&path), Ok(()));
        prop_assert_eq!(
            validate::user_home(&format!("  {path} ")),
            Ok(transfer_console::model::user::UserHome::Path(path))
        );
    }

    #[test]
    fn ed25519_keys_with_any_comment_are_accepted(
        data in "[A-Za-z0-9+/]{48}",
        comment in "[!-~]{0,30}",
    ) {
        let key = format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5{data} {comment}");
        prop_assert_eq!(validate::ssh_public_key(key.trim()), Ok(()));
    }

    #[test]
    fn policies_with_a_statement_are_accepted(actions in proptest::collection::vec("s3:[A-Za-z]{1,20}", 0..10)) {
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        })
        .to_string();
        prop_assert_eq!(validate::policy_json(&policy), Ok(()));
    }

    // --- theme files ---

    #[test]
    fn theme_files_never_panic_whatever_they_hold(text in "\\PC{0,120}") {
        let _ = theme_file(&text);
    }

    #[test]
    fn theme_files_setting_known_keys_to_colours_load(
        entries in proptest::collection::btree_map(
            proptest::sample::select(transfer_console::ui::theme::KEYS),
            prop_oneof![
                proptest::sample::select(&["cyan", "red", "reset", "lightblue", "darkgray"][..])
                    .prop_map(str::to_string),
                any::<u8>().prop_map(|n| n.to_string()),
                any::<[u8; 3]>().prop_map(|[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}")),
            ],
            0..8,
        )
    ) {
        let text: String = entries
            .iter()
            .map(|(key, colour)| format!("{key} = \"{colour}\"\n"))
            .collect();
        prop_assert!(theme_file(&text).is_ok(), "{}", text);
    }

    // --- the command line ---

    #[test]
    fn command_line_values_never_panic_and_accepted_ones_are_well_formed(value in "\\PC{0,40}") {
        if let Ok(cli) = cli(&["--region", &value]) {
            let region = cli.region.unwrap_or_default();
            prop_assert!(region.ends_with(|c: char| c.is_ascii_digit()), "{region}");
            prop_assert!(!region.chars().any(|c| c.is_ascii_uppercase() || c.is_whitespace()));
        }
        if let Ok(cli) = cli(&["--bucket", &value]) {
            let bucket = cli.bucket.unwrap_or_default();
            prop_assert!((3..=255).contains(&bucket.len()), "{bucket:?}");
            prop_assert!(!bucket.contains(|c: char| c == '/' || c.is_whitespace()));
        }
        if let Ok(cli) = cli(&["--endpoint-url", &value]) {
            let url = cli.endpoint_url.unwrap_or_default();
            prop_assert!(url.starts_with("http://") || url.starts_with("https://"), "{url}");
        }
        if let Ok(cli) = cli(&["--profile", &value]) {
            prop_assert!(!cli.profile.unwrap_or_default().trim().is_empty());
        }
        let _ = cli(&["--hourly-rate", &value]);
        let _ = cli(&["doctor", "--server", &value]);
        let _ = cli(&[&value]);
    }

    #[test]
    fn hourly_rates_never_panic(text in "\\PC{0,30}") {
        let _ = Rates::default().parse_entry(&text);
    }
}
