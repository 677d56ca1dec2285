//! The `:` command line: what can be typed, how it completes, and how a
//! typed line parses. The `App` side (running a command) is in
//! `navigation.rs`.

use tui_input::Input;

use crate::model::regions::{self, REGIONS};

/// The commands, with their help text, in the order completion lists them.
pub const COMMANDS: &[(&str, &str)] = &[
    ("servers", "the servers list"),
    ("endpoints", "VPC endpoints: Transfer, its services"),
    ("users", "the selected server's users"),
    ("secrets", "every login secret, across servers"),
    ("new", "a new server: the create form"),
    ("activity", "the selected server's activity (logs)"),
    ("objects", "the S3 buckets"),
    ("doctor", "check every server"),
    ("messages", "the last 200 messages, with times"),
    ("region", "region <r|all|r1,r2>: switch region"),
    ("profile", "profile <p|p1,p2>: switch profile"),
    ("copy-users", "copy-users <id>: users to that server"),
    ("quit", "leave the console"),
];

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Servers,
    Endpoints,
    Users,
    Secrets,
    New,
    Activity,
    Objects,
    Doctor,
    Messages,
    Region(String),
    Profile(String),
    /// `:region all` or `:region a,b`: list several regions at once.
    Regions(crate::model::scope::Regions),
    /// `:profile a,b`: list several profiles at once.
    Profiles(Vec<String>),
    /// `:copy-users <server-id>`: the server on screen's users copied there.
    CopyUsers(String),
    Quit,
}

/// The line being typed after `:`.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub input: Input,
    /// What the line could become, shown above it; Tab takes their common
    /// prefix.
    pub candidates: Vec<String>,
    /// Why the last Enter did nothing.
    pub error: Option<String>,
}

impl CommandLine {
    pub fn new(profiles: &[String]) -> Self {
        let mut line = Self::default();
        line.update_candidates(profiles);
        line
    }

    pub fn update_candidates(&mut self, profiles: &[String]) {
        self.candidates = candidates(self.input.value(), profiles);
    }

    /// Tab: the line grows to what every candidate shares; a single
    /// command that takes an argument gets its space.
    pub fn complete(&mut self, profiles: &[String]) {
        let found = candidates(self.input.value(), profiles);
        let Some(first) = found.first() else {
            return;
        };
        let mut common = first.clone();
        for other in &found[1..] {
            let shared = common
                .chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .count();
            common = common.chars().take(shared).collect();
        }
        if found.len() == 1 && matches!(common.as_str(), "region" | "profile") {
            common.push(' ');
        }
        if common.len() > self.input.value().len() {
            self.input = Input::new(common);
        }
        self.update_candidates(profiles);
    }
}

/// The full lines that `typed` can complete to.
pub fn candidates(typed: &str, profiles: &[String]) -> Vec<String> {
    let typed = typed.trim_start();
    if let Some((command, arg)) = typed.split_once(' ') {
        let arg = arg.trim_start();
        let names: Vec<&str> = match command {
            "region" => REGIONS.to_vec(),
            "profile" => profiles.iter().map(String::as_str).collect(),
            _ => return Vec::new(),
        };
        return names
            .into_iter()
            .filter(|name| name.starts_with(arg))
            .map(|name| format!("{command} {name}"))
            .collect();
    }
    COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(typed))
        .map(str::to_string)
        .collect()
}

/// Why `name` cannot be used as a profile (it is in neither shared file,
/// so the SDK would fall back to other credentials or none); `None` when
/// it is known. `file` names the config file as the operator knows it.
pub fn unknown_profile(name: &str, known: &[String], file: &str) -> Option<String> {
    if known.iter().any(|known| known == name) {
        return None;
    }
    let known = if known.is_empty() {
        "none".to_string()
    } else {
        known.join(", ")
    };
    Some(format!(
        "profile {name} not found in {file} (known: {known})"
    ))
}

/// Parses a typed line; the error says what is wrong with it.
pub fn parse(line: &str) -> Result<Command, String> {
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else {
        return Err("type a command (Tab lists them)".to_string());
    };
    let arg = words.next();
    if words.next().is_some() {
        return Err(format!("{name}: too many words"));
    }
    let command = match (name, arg) {
        ("servers", None) => Command::Servers,
        ("endpoints" | "endpoint", None) => Command::Endpoints,
        ("users", None) => Command::Users,
        ("secrets", None) => Command::Secrets,
        ("new", None) => Command::New,
        ("activity" | "logs", None) => Command::Activity,
        ("objects" | "buckets", None) => Command::Objects,
        ("doctor", None) => Command::Doctor,
        ("messages", None) => Command::Messages,
        ("quit" | "q", None) => Command::Quit,
        ("region", Some(list)) if list == "all" || list.contains(',') => {
            Command::Regions(crate::model::scope::parse_regions(list)?)
        }
        ("profile", Some(list)) if list.contains(',') => {
            Command::Profiles(crate::model::scope::parse_profiles(list)?)
        }
        ("region", Some(region)) if regions::is_region_name(region) => {
            Command::Region(region.to_string())
        }
        ("region", Some(region)) => {
            return Err(format!(
                "{region:?} is not a region name such as ap-northeast-1"
            ));
        }
        ("profile", Some(profile)) => Command::Profile(profile.to_string()),
        ("copy-users", Some(target)) => Command::CopyUsers(super::user_copy::check_target(target)?),
        ("copy-users", None) => {
            return Err("copy-users needs the id of the server to copy to".to_string());
        }
        ("region" | "profile", None) => {
            return Err(format!("{name} needs a name (Tab lists them)"));
        }
        (known, Some(_)) if COMMANDS.iter().any(|(n, _)| *n == known) => {
            return Err(format!("{known} takes no argument"));
        }
        (unknown, _) => return Err(format!("unknown command {unknown:?} (Tab lists them)")),
    };
    Ok(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles() -> Vec<String> {
        vec![
            "default".to_string(),
            "prod".to_string(),
            "prod-ro".to_string(),
        ]
    }

    #[test]
    fn commands_and_arguments_parse() {
        assert_eq!(parse(" servers "), Ok(Command::Servers));
        assert_eq!(parse("quit"), Ok(Command::Quit));
        assert_eq!(
            parse("region eu-west-1"),
            Ok(Command::Region("eu-west-1".into()))
        );
        assert_eq!(parse("profile prod"), Ok(Command::Profile("prod".into())));
        assert!(parse("region tokyo").is_err_and(|e| e.contains("not a region")));
        assert!(parse("region").is_err_and(|e| e.contains("needs a name")));
        assert!(parse("servers now").is_err_and(|e| e.contains("no argument")));
        assert!(parse("bogus").is_err_and(|e| e.contains("unknown command \"bogus\"")));
        assert!(parse("").is_err());
    }

    #[test]
    fn an_unknown_profile_names_the_known_ones() {
        assert_eq!(unknown_profile("prod", &profiles(), "~/.aws/config"), None);
        assert_eq!(
            unknown_profile("opz", &["default".into(), "ops".into()], "~/.aws/config").as_deref(),
            Some("profile opz not found in ~/.aws/config (known: default, ops)")
        );
        assert_eq!(
            unknown_profile("x", &[], "/etc/aws").as_deref(),
            Some("profile x not found in /etc/aws (known: none)")
        );
    }

    #[test]
    fn candidates_follow_what_is_typed() {
        assert_eq!(candidates("", &[]).len(), COMMANDS.len());
        assert_eq!(candidates("s", &[]), ["servers", "secrets"]);
        assert_eq!(
            candidates("region ap-northeast-", &[]),
            [
                "region ap-northeast-1",
                "region ap-northeast-2",
                "region ap-northeast-3"
            ]
        );
        assert_eq!(
            candidates("profile pr", &profiles()),
            ["profile prod", "profile prod-ro"]
        );
        assert!(candidates("servers x", &[]).is_empty());
    }

    #[test]
    fn tab_completes_the_common_prefix() {
        let mut line = CommandLine::new(&profiles());
        line.input = Input::new("reg".into());
        line.complete(&profiles());
        assert_eq!(line.input.value(), "region ");
        line.input = Input::new("region eu-we".into());
        line.complete(&profiles());
        assert_eq!(line.input.value(), "region eu-west-");
        assert_eq!(line.candidates.len(), 3);
        line.input = Input::new("profile prod".into());
        line.complete(&profiles());
        assert_eq!(line.input.value(), "profile prod");
        line.input = Input::new("o".into());
        line.complete(&profiles());
        assert_eq!(line.input.value(), "objects");
    }
}
