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

/// A dotted quad, the text AWS accepts as a PassiveIp address.
fn dotted_quad() -> impl Strategy<Value = std::net::Ipv4Addr> {
    any::<[u8; 4]>().prop_map(std::net::Ipv4Addr::from)
}

/// Text for the PassiveIp field: mostly from its grammar (a dotted quad or
/// AUTO in any case, with blanks around), sometimes a near miss or noise.
fn passive_ip_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (dotted_quad(), " {0,2}", " {0,2}").prop_map(|(ip, l, r)| format!("{l}{ip}{r}")),
        1 => "[aA][uU][tT][oO]".prop_map(String::from),
        1 => any::<[u16; 4]>().prop_map(|o| format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3])),
        1 => "[0-9.]{0,16}",
        1 => "\\PC{0,20}",
    ]
}

/// A secret name and the user it is for, if it names one: login secrets
/// under the prefix, PGP defaults, legacy names, near misses and noise.
fn secret_name() -> impl Strategy<Value = (String, Option<SecretName>)> {
    let login = (server_id(), user()).prop_map(|(id, user)| {
        (
            format!("{DEFAULT_PREFIX}{id}/{user}"),
            Some(SecretName {
                server_id: Some(id),
                user,
            }),
        )
    });
    let legacy = user().prop_map(|user| {
        (
            format!("{LEGACY_PREFIX}{user}"),
            Some(SecretName {
                server_id: None,
                user,
            }),
        )
    });
    let not_a_user = (
        server_id(),
        prop_oneof![
            Just("@pgp-default".to_string()),
            Just(String::new()),
            (user(), user()).prop_map(|(a, b)| format!("{a}/{b}")),
        ],
    )
        .prop_map(|(id, rest)| (format!("{DEFAULT_PREFIX}{id}/{rest}"), None));
    let bad_server_id = (
        prop_oneof![
            "[0-9a-f]{16}".prop_map(|hex| format!("s-{hex}")),
            "[0-9a-f]{18}".prop_map(|hex| format!("s-{hex}")),
            "[0-9a-f]{17}".prop_map(|hex| format!("x-{hex}")),
            "[0-9a-f]{8}[g-z][0-9a-f]{8}".prop_map(|hex| format!("s-{hex}")),
        ],
        user(),
    )
        .prop_map(|(id, user)| (format!("{DEFAULT_PREFIX}{id}/{user}"), None));
    let other_prefix = (
        server_id(),
        user(),
        prop_oneof![Just("aws/transfers/"), Just("aws/"), Just("transfer/")],
    )
        .prop_map(|(id, user, prefix)| (format!("{prefix}{id}/{user}"), None));
    prop_oneof![
        3 => login,
        1 => legacy,
        1 => not_a_user,
        1 => bad_server_id,
        1 => other_prefix,
    ]
}

/// A login secret's JSON and the values it holds, some of them of the
/// wrong type (the console reads only strings).
#[derive(Debug, Clone)]
struct SecretJson {
    text: String,
    password: Option<String>,
    keys: Vec<String>,
    home: Option<String>,
    unknown: Vec<String>,
}

fn secret_json() -> impl Strategy<Value = SecretJson> {
    (
        proptest::option::of("[!-~]{1,20}"),
        proptest::collection::vec("ssh-ed25519 [A-Za-z0-9+/]{20}", 0..3),
        proptest::option::of(
            (bucket(), "(/[a-z]{1,6}){0,2}").prop_map(|(b, p)| format!("/{b}{p}")),
        ),
        unknown_fields(),
        any::<bool>(),
    )
        .prop_map(|(password, keys, home, unknown, wrong_types)| {
            let mut fields = unknown.clone();
            if wrong_types {
                // A number where text belongs reads as absent, never as text.
                fields.insert("Password".into(), serde_json::Value::from(42));
                fields.insert("HomeDirectory".into(), serde_json::Value::Bool(true));
            } else {
                if let Some(password) = &password {
                    fields.insert("Password".into(), password.clone().into());
                }
                if let Some(home) = &home {
                    fields.insert("HomeDirectory".into(), home.clone().into());
                }
            }
            if !keys.is_empty() {
                fields.insert("PublicKey".into(), keys.join(", ").into());
            }
            let text = serde_json::Value::Object(fields).to_string();
            SecretJson {
                text,
                password: password.filter(|_| !wrong_types),
                keys,
                home: home.filter(|_| !wrong_types),
                unknown: unknown.keys().cloned().collect(),
            }
        })
}

/// A region name as AWS spells them: `ap-northeast-1`, `us-gov-west-1`.
fn region_name() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(&["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"][..]),
        proptest::option::of(Just("gov")),
        proptest::sample::select(
            &[
                "north",
                "south",
                "east",
                "west",
                "central",
                "northeast",
                "southeast",
                "northwest",
            ][..],
        ),
        1u8..10,
    )
        .prop_map(|(area, gov, direction, n)| match gov {
            Some(gov) => format!("{area}-{gov}-{direction}-{n}"),
            None => format!("{area}-{direction}-{n}"),
        })
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
    fn an_accepted_passive_ip_reads_back_as_itself(text in passive_ip_text()) {
        if let Ok(ip) = PassiveIp::parse(&text) {
            prop_assert_eq!(PassiveIp::parse(&ip.to_string()), Ok(ip));
            prop_assert!(ip.to_string().len() <= 15);
            // What was accepted is what was typed, blanks aside.
            let typed = text.trim();
            match ip {
                PassiveIp::Auto => prop_assert!(typed.eq_ignore_ascii_case("auto"), "{typed:?}"),
                PassiveIp::Address(address) => prop_assert_eq!(address.to_string(), typed),
            }
        }
    }

    #[test]
    fn a_typed_dotted_quad_parses_to_that_address(ip in dotted_quad(), l in " {0,2}", r in " {0,2}") {
        prop_assert_eq!(
            PassiveIp::parse(&format!("{l}{ip}{r}")),
            Ok(PassiveIp::Address(ip))
        );
        prop_assert_eq!(PassiveIp::parse(&ip.to_string()).map(|p| p.to_string()), Ok(ip.to_string()));
    }

    #[test]
    fn auto_in_any_case_parses_to_auto(text in "[aA][uU][tT][oO]") {
        prop_assert_eq!(PassiveIp::parse(&text), Ok(PassiveIp::Auto));
        prop_assert_eq!(PassiveIp::Auto.to_string(), "AUTO");
    }

    #[test]
    fn an_octet_above_255_or_a_missing_one_is_refused(
        ip in dotted_quad(),
        which in 0..4usize,
        big in 256u32..100_000,
    ) {
        let mut octets: Vec<String> = ip.octets().iter().map(u8::to_string).collect();
        octets[which] = big.to_string();
        let too_big = octets.join(".");
        prop_assert!(PassiveIp::parse(&too_big).is_err(), "{too_big}");
        octets.remove(which);
        let three = octets.join(".");
        prop_assert!(PassiveIp::parse(&three).is_err(), "{three}");
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
    fn secret_names_read_as_the_user_they_name_and_no_other(
        (name, expected) in secret_name()
    ) {
        prop_assert_eq!(SecretName::parse(&name, DEFAULT_PREFIX), expected);
    }

    #[test]
    fn secret_name_parsing_never_panics_and_never_accepts_a_bad_server_id(
        name in prop_oneof![
            "\\PC{0,60}",
            "\\PC{0,30}".prop_map(|rest| format!("{DEFAULT_PREFIX}{rest}")),
            (server_id(), "\\PC{0,30}").prop_map(|(id, rest)| format!("{DEFAULT_PREFIX}{id}/{rest}")),
        ]
    ) {
        if let Some(parsed) = SecretName::parse(&name, DEFAULT_PREFIX) {
            if let Some(id) = &parsed.server_id {
                prop_assert!(transfer_console::model::server::is_server_id(id));
            }
            prop_assert!(!parsed.user.is_empty() && !parsed.user.contains('/'));
            prop_assert!(!parsed.user.starts_with('@'));
            // The parts put together again are the name.
            let again = match &parsed.server_id {
                Some(id) => SecretName::secret_name(id, &parsed.user, DEFAULT_PREFIX),
                None => format!("{LEGACY_PREFIX}{}", parsed.user),
            };
            prop_assert_eq!(again, name);
        }
    }

    // --- login secrets ---

    #[test]
    fn login_secret_parsing_never_panics(
        text in prop_oneof![
            "\\PC{0,80}",
            secret_json().prop_map(|json| json.text),
            // Cut short: no longer JSON.
            (secret_json(), any::<proptest::sample::Index>()).prop_map(|(json, at)| {
                let cut = at.index(json.text.len().max(1));
                json.text.chars().take(cut).collect()
            }),
        ]
    ) {
        if let Ok(secret) = LoginSecret::parse(&text) {
            let _ = secret.home();
            let _ = secret.public_keys();
            let _ = secret.other_keys();
            // Every object read writes back as the same object.
            let again = LoginSecret::parse(&secret.to_json())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again, secret);
        }
    }

    #[test]
    fn a_login_secret_reads_the_values_it_was_given(json in secret_json()) {
        let secret = LoginSecret::parse(&json.text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(secret.password(), json.password.as_deref());
        prop_assert_eq!(secret.has_password(), json.password.is_some());
        prop_assert_eq!(secret.public_keys(), json.keys.iter().map(String::as_str).collect::<Vec<_>>());
        match &json.home {
            Some(home) => prop_assert_eq!(secret.home(), Home::Path(home.clone())),
            None => prop_assert_eq!(secret.home(), Home::Unset),
        }
        let mut others = secret.other_keys();
        others.sort_unstable();
        prop_assert_eq!(others, json.unknown.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn json_that_is_not_an_object_is_refused(
        value in prop_oneof![
            any::<i64>().prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::Bool),
            "\\PC{0,20}".prop_map(serde_json::Value::String),
            proptest::collection::vec("[a-z]{0,5}", 0..3).prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
        ]
    ) {
        prop_assert_eq!(
            LoginSecret::parse(&value.to_string()),
            Err(transfer_console::model::login_secret::SecretFormatError::NotAnObject)
        );
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
    fn region_names_are_accepted_as_they_are_and_changed_ones_refused(
        region in region_name(),
        at in any::<proptest::sample::Index>(),
        change in prop_oneof![Just("upper"), Just("blank"), Just("no-number"), Just("double-dash")],
    ) {
        let parsed = cli(&["--region", &region]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.region.as_deref(), Some(region.as_str()));
        let changed = match change {
            "upper" => {
                let i = at.index(region.len());
                let mut text = region.clone();
                text.replace_range(i..=i, &region[i..=i].to_ascii_uppercase());
                if text == region { format!("{}X", &region[..region.len() - 1]) } else { text }
            }
            "blank" => format!("{region} "),
            "no-number" => region.trim_end_matches(|c: char| c.is_ascii_digit()).to_string(),
            _ => region.replacen('-', "--", 1),
        };
        prop_assert!(cli(&["--region", &changed]).is_err(), "{changed:?} accepted");
    }

    #[test]
    fn hourly_rates_read_as_the_rate_and_region_given(
        region in region_name(),
        cents in 0u32..100_000,
        for_one in any::<bool>(),
    ) {
        let usd = f64::from(cents) / 100.0;
        let entry = if for_one { format!("{region}={usd}") } else { usd.to_string() };
        let mut rates = Rates::default();
        prop_assert_eq!(rates.parse_entry(&entry), Ok(()));
        prop_assert_eq!(rates.for_region(&region), usd);
        if for_one {
            prop_assert_eq!(rates.by_region.get(&region).copied(), Some(usd));
            prop_assert_eq!(rates.everywhere, None);
        } else {
            prop_assert_eq!(rates.everywhere, Some(usd));
        }
        let parsed = cli(&["--hourly-rate", &entry]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.hourly_rates(), rates);
    }

    #[test]
    fn command_line_values_never_panic_and_accepted_ones_are_well_formed(
        value in prop_oneof![
            "\\PC{0,40}",
            region_name(),
            bucket(),
            "\\PC{0,10}".prop_map(|rest| format!("ap-northeast-{rest}")),
        ]
    ) {
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
    fn hourly_rates_never_panic_and_accepted_ones_are_usable(
        text in prop_oneof![
            "\\PC{0,30}",
            (region_name(), "[-0-9.eE]{0,8}").prop_map(|(r, usd)| format!("{r}={usd}")),
            "[-0-9.eEinfa]{0,8}",
        ]
    ) {
        let mut rates = Rates::default();
        if rates.parse_entry(&text).is_ok() {
            let rate = match text.split_once('=') {
                Some((region, _)) => rates.for_region(region.trim()),
                None => rates.for_region("anywhere-1"),
            };
            prop_assert!(rate.is_finite() && rate >= 0.0, "{text:?}: {rate}");
        }
    }
}
