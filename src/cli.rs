//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::AwsSettings;
use crate::model::CallTimeout;
use crate::model::scope::{self, SweepPlan};

/// The version and the commit it was built from (build.rs), so a binary
/// copied to a bastion can be traced back to its source.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("TRANSFER_CONSOLE_COMMIT"),
    ")"
);

/// The heading of the options every command takes, so that a command's
/// own options are listed together, before them.
const GLOBAL: &str = "AWS and common options";

/// A terminal console for AWS Transfer Family: servers, endpoints, users and
/// uploads in one screen.
#[derive(Debug, Parser)]
#[command(name = "transfer-console", version = VERSION, about)]
pub struct Cli {
    /// Without a command, the console opens.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The AWS profile to use (shared config, SSO); a comma list (a,b,c)
    /// lists the servers of every one, with an ACCOUNT column.
    #[arg(long, global = true, help_heading = GLOBAL, env = "AWS_PROFILE", value_parser = profiles)]
    pub profile: Option<String>,

    /// The AWS region, e.g. ap-northeast-1 (also AWS_REGION or AWS_DEFAULT_REGION);
    /// `all` or a comma list (ap-northeast-1,us-east-1) lists the servers of
    /// every one, with a REGION column.
    #[arg(long, global = true, help_heading = GLOBAL, env = "AWS_REGION", value_parser = regions)]
    pub region: Option<String>,

    /// Send every AWS call to this URL instead (an emulator, a VPC endpoint).
    #[arg(long, global = true, help_heading = GLOBAL, env = "AWS_ENDPOINT_URL", value_parser = endpoint_url)]
    pub endpoint_url: Option<String>,

    /// Give up on an AWS call that has not answered after SECONDS, retries
    /// included (1 to 3600; default 60). Each attempt gets half of it.
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "SECONDS", default_value = "60", value_parser = aws_timeout)]
    pub aws_timeout: CallTimeout,

    /// Look, never change: every key that would change AWS is refused.
    #[arg(long)]
    pub read_only: bool,

    /// A built-in theme (default, light, high-contrast, basic16), a theme
    /// file's name in ~/.config/transfer-console/themes, or a path.
    #[arg(long, value_name = "NAME|PATH", value_parser = non_empty)]
    pub theme: Option<String>,

    /// Open the S3 browser at this bucket (for roles without s3:ListAllMyBuckets).
    #[arg(long, value_name = "NAME", value_parser = bucket_name)]
    pub bucket: Option<String>,

    /// Where to write the log (default: the user's state directory).
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Where every change is recorded, one JSON object a line (default:
    /// audit.jsonl in the user's state directory).
    #[arg(long, value_name = "PATH", env = "TRANSFER_CONSOLE_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,

    /// USD per protocol endpoint-hour for the running cost: `0.30` for every
    /// region or `ap-northeast-1=0.30` for one (repeatable; default 0.30).
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "[REGION=]USD", value_parser = rate_entry)]
    pub hourly_rate: Vec<String>,

    /// Read the visible list again every SECONDS (0: never). The interval
    /// doubles while AWS throttles, up to 5 minutes.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub refresh: u64,

    /// Where custom identity provider users are kept in Secrets Manager:
    /// `<PREFIX><server-id>/<user>` (older `SFTP/<user>` names are read too).
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "PREFIX", default_value = crate::model::login_secret::DEFAULT_PREFIX, value_parser = secret_prefix)]
    pub secret_prefix: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check servers, endpoints and user secrets for known misconfigurations.
    /// Exit code: 0 no errors, 1 errors found, 2 the check could not run.
    Doctor(DoctorArgs),
    /// Walk a client's path to a server: DNS, TCP, greeting, TLS, login,
    /// PASV and the data channel, SSH banner and host key. Exit code: 0 all
    /// passed, 1 a step failed, 2 the probe could not run.
    Probe(ProbeArgs),
    /// Print a server's CloudWatch Logs (both formats), one line an event,
    /// oldest first. Exit code: 0 read, 2 the logs could not be read.
    Logs(LogsArgs),
    /// Print a shell completion script: `transfer-console completions bash
    /// > ~/.local/share/bash-completion/completions/transfer-console`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), as `make dist` packs it.
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// The server (its id, s- and 17 hex digits).
    #[arg(value_parser = server_id)]
    pub server: String,

    /// Only this user's events (their sessions and failed logins).
    #[arg(long, value_parser = non_empty)]
    pub user: Option<String>,

    /// How far back: a whole number and m, h or d (15m, 1h, 24h, 7d).
    /// Default 1h.
    #[arg(long, value_name = "DURATION", value_parser = since, conflicts_with_all = ["start", "end"])]
    pub since: Option<crate::model::activity::TimeWindow>,

    /// The window's start: 2026-11-30 09:00 (UTC), 2026-11-30T09:00:00Z,
    /// 2026-11-30, 09:12 (today, UTC) or now.
    #[arg(long, value_name = "TIME", requires = "end", value_parser = instant)]
    pub start: Option<String>,

    /// The window's end, in the same forms as --start.
    #[arg(long, value_name = "TIME", requires = "start", value_parser = instant)]
    pub end: Option<String>,

    /// Keep printing new events as they arrive (every 3 s) until Ctrl-C.
    #[arg(long, conflicts_with_all = ["start", "end"])]
    pub follow: bool,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl LogsArgs {
    /// The window asked for, read at `now_ms`.
    pub fn window(
        &self,
        now_ms: i64,
    ) -> Result<crate::model::activity::TimeWindow, crate::model::activity::TimeError> {
        use crate::model::activity::TimeWindow;
        match (&self.start, &self.end) {
            (Some(start), Some(end)) => TimeWindow::parse_range(start, end, now_ms),
            _ => Ok(self.since.unwrap_or(TimeWindow::LastHour)),
        }
    }
}

fn since(value: &str) -> Result<crate::model::activity::TimeWindow, String> {
    crate::model::activity::TimeWindow::parse_since(value).map_err(|err| err.to_string())
}

fn instant(value: &str) -> Result<String, String> {
    crate::model::activity::window::parse_instant(value, 0)
        .map(|_| value.trim().to_string())
        .map_err(|err| err.to_string())
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The server (its id, s- and 17 hex digits).
    #[arg(value_parser = server_id)]
    pub server: String,

    /// Probe this address instead of the ones AWS reports: `host`,
    /// `host:port`, or `sftp://host:port` for one protocol (repeatable).
    #[arg(long = "host", value_name = "H", value_parser = probe_host)]
    pub hosts: Vec<String>,

    /// Log in as this user (FTP/FTPS): the probe then lists a directory.
    /// The password comes from --password-stdin, --password-from-secret or
    /// the environment variable TRANSFER_CONSOLE_PROBE_PASSWORD.
    #[arg(long, value_parser = non_empty)]
    pub user: Option<String>,

    /// Read the password from the first line of standard input.
    #[arg(long, requires = "user", conflicts_with = "password_from_secret")]
    pub password_stdin: bool,

    /// Read the password from the user's secret (custom identity providers).
    #[arg(long, requires = "user")]
    pub password_from_secret: bool,

    /// Accept sending the password over plain FTP, where anyone on the
    /// path can read it. Without it, FTP logins are skipped.
    #[arg(long, requires = "user")]
    pub allow_cleartext: bool,

    /// Accept sending the password to a host whose certificate does not
    /// verify, or to an address that is not one of the server's. Without
    /// it, such logins are skipped.
    #[arg(long, requires = "user")]
    pub allow_unverified: bool,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Check one server (its id, s- and 17 hex digits) instead of all.
    #[arg(long, value_parser = server_id)]
    pub server: Option<String>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl Cli {
    /// Whether the console runs in AWS CloudShell, whose container sets
    /// AWS_EXECUTION_ENV; its region comes from AWS_REGION as usual.
    pub fn in_cloudshell() -> bool {
        is_cloudshell(std::env::var("AWS_EXECUTION_ENV").ok().as_deref())
    }

    /// The sweep `--profile a,b` or `--region all|a,b` asks for; `None`
    /// for one profile and one region.
    pub fn sweep_plan(&self) -> Option<SweepPlan> {
        // Both were checked by their value parsers.
        SweepPlan::from_args(self.profile.as_deref(), self.region.as_deref())
            .ok()
            .flatten()
    }

    /// Why `--profile a,b` cannot do what it says: credentials in the
    /// environment (`env_key_set`: AWS_ACCESS_KEY_ID is not blank) come
    /// before any profile's, so every profile would be the same account
    /// under different names. One profile keeps the SDK's rule (the status
    /// bar says whose credentials are used).
    pub fn env_credentials_refusal(&self, env_key_set: bool) -> Option<String> {
        let several = self
            .sweep_plan()
            .is_some_and(|plan| plan.several_profiles());
        (several && env_key_set).then(|| {
            "AWS_ACCESS_KEY_ID is set: its credentials are used whatever the profile, so every \
             profile of --profile would be the same account (unset AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY to list several profiles)"
                .to_string()
        })
    }

    /// The settings of the console's one active session: with a sweep, its
    /// first profile and first listed region (`all`: the configured one).
    pub fn aws_settings(&self) -> AwsSettings {
        let first = |list: &Option<String>| {
            list.as_deref()
                .and_then(|value| value.split(',').next())
                .map(|first| first.trim().to_string())
                .filter(|first| first != "all")
        };
        AwsSettings {
            profile: first(&self.profile),
            region: first(&self.region).or_else(|| {
                std::env::var("AWS_DEFAULT_REGION")
                    .ok()
                    .filter(|region| !region.is_empty())
            }),
            endpoint_url: self.endpoint_url.clone(),
            call_timeout: self.aws_timeout,
        }
    }
}

/// CloudShell sets `AWS_EXECUTION_ENV=CloudShell`.
pub fn is_cloudshell(execution_env: Option<&str>) -> bool {
    execution_env.is_some_and(|value| value.trim().eq_ignore_ascii_case("CloudShell"))
}

fn server_id(value: &str) -> Result<String, String> {
    if crate::model::server::is_server_id(value) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "{value:?} is not a server id (s- and 17 hex digits)"
        ))
    }
}

fn probe_host(value: &str) -> Result<String, String> {
    crate::probe::plan::parse_host(value).map(|_| value.to_string())
}

fn rate_entry(value: &str) -> Result<String, String> {
    crate::model::cost::Rates::default().parse_entry(value)?;
    Ok(value.to_string())
}

impl Cli {
    /// What the Doctor and the probe check with.
    pub fn doctor_options(&self) -> crate::doctor::gather::Options {
        crate::doctor::gather::Options {
            secret_prefix: self.secret_prefix.clone(),
            hourly_rates: self.hourly_rates(),
        }
    }

    /// The `--hourly-rate` entries (each already checked by clap).
    pub fn hourly_rates(&self) -> crate::model::cost::Rates {
        let mut rates = crate::model::cost::Rates::default();
        for entry in &self.hourly_rate {
            let _ = rates.parse_entry(entry);
        }
        rates
    }
}

/// A secret name prefix: not empty, ending with `/`, no blanks.
fn secret_prefix(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.contains(char::is_whitespace) || value.starts_with('/') {
        return Err(format!("{value:?} is not a prefix such as aws/transfer/"));
    }
    Ok(if value.ends_with('/') {
        value.to_string()
    } else {
        format!("{value}/")
    })
}

/// Whole seconds, at least one: 0 would fail every call at once.
fn aws_timeout(value: &str) -> Result<CallTimeout, String> {
    match value.trim().parse::<u64>() {
        Ok(seconds @ 1..=3600) => Ok(CallTimeout(std::time::Duration::from_secs(seconds))),
        _ => Err(format!(
            "{value:?} is not a number of seconds from 1 to 3600"
        )),
    }
}

fn non_empty(value: &str) -> Result<String, String> {
    match value.trim() {
        "" => Err("must not be empty".to_string()),
        text => Ok(text.to_string()),
    }
}

/// One profile or a comma list of them.
fn profiles(value: &str) -> Result<String, String> {
    non_empty(value)?;
    scope::parse_profiles(value)?;
    Ok(value.trim().to_string())
}

/// One region, `all`, or a comma list of regions.
fn regions(value: &str) -> Result<String, String> {
    if value.contains(',') || value.trim() == "all" {
        scope::parse_regions(value)?;
        return Ok(value.trim().to_string());
    }
    region(value)
}

/// Region names are lower-case words and a number: `ap-northeast-1`,
/// `us-gov-west-1`.
fn region(value: &str) -> Result<String, String> {
    let valid = value.split('-').count() >= 3
        && value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && value.ends_with(|c: char| c.is_ascii_digit());
    if valid {
        Ok(value.to_string())
    } else {
        Err(format!(
            "{value:?} is not a region name such as ap-northeast-1"
        ))
    }
}

/// S3's rules for new bucket names, loosely (older buckets may hold
/// capitals or underscores): 3 to 255 characters, no slashes or blanks.
fn bucket_name(value: &str) -> Result<String, String> {
    let value = value
        .trim()
        .trim_start_matches("s3://")
        .trim_end_matches('/');
    if value.len() < 3 || value.len() > 255 {
        return Err(format!(
            "{value:?} is not a bucket name (3 to 255 characters)"
        ));
    }
    if value.contains(|c: char| c == '/' || c.is_whitespace()) {
        return Err(format!(
            "{value:?} is not a bucket name (no slashes or spaces)"
        ));
    }
    Ok(value.to_string())
}

fn endpoint_url(value: &str) -> Result<String, String> {
    let rest = value
        .strip_prefix("http://")
        .or_else(|| value.strip_prefix("https://"))
        .ok_or_else(|| format!("{value:?} must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("{value:?} has no host"));
    }
    Ok(value.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_help_lists_its_own_options_together_and_names_the_password_variable() {
        use clap::CommandFactory;
        let mut cli = Cli::command();
        cli.build(); // global options reach the subcommands here
        let help = cli
            .find_subcommand_mut("probe")
            .expect("probe")
            .render_help()
            .to_string();
        let at = |needle: &str| {
            help.find(needle)
                .unwrap_or_else(|| panic!("{needle} not in\n{help}"))
        };
        assert!(at("--password-stdin") < at("--password-from-secret"));
        assert!(at("--allow-unverified") < at("AWS and common options"));
        assert!(at("AWS and common options") < at("--profile"));
        assert!(help.contains("TRANSFER_CONSOLE_PROBE_PASSWORD"), "{help}");
    }

    #[test]
    fn cloudshell_is_told_by_its_execution_env() {
        assert!(is_cloudshell(Some("CloudShell")));
        assert!(!is_cloudshell(Some("AWS_ECS_FARGATE")));
        assert!(!is_cloudshell(None));
    }

    #[test]
    fn the_refresh_interval_defaults_to_30_and_0_turns_it_off() {
        let cli = Cli::try_parse_from(["transfer-console"]).unwrap();
        assert_eq!(cli.refresh, 30);
        let cli = Cli::try_parse_from(["transfer-console", "--refresh", "0"]).unwrap();
        assert_eq!(crate::app::AutoRefresh::every(cli.refresh).interval(), None);
    }

    #[test]
    fn the_aws_timeout_is_whole_seconds_from_1_to_3600() {
        let cli = Cli::try_parse_from(["transfer-console"]).unwrap();
        assert_eq!(cli.aws_settings().call_timeout, CallTimeout::DEFAULT);
        let cli =
            Cli::try_parse_from(["transfer-console", "doctor", "--aws-timeout", "5"]).unwrap();
        assert_eq!(cli.aws_timeout.0, std::time::Duration::from_secs(5));
        for bad in ["0", "-1", "abc", "1.5", "", "3601"] {
            let arg = format!("--aws-timeout={bad}");
            let err = Cli::try_parse_from(["transfer-console", arg.as_str()]).unwrap_err();
            assert!(
                err.to_string().contains("is not a number of seconds"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn secret_prefixes_end_with_a_slash() {
        assert_eq!(secret_prefix("aws/transfer/").unwrap(), "aws/transfer/");
        assert_eq!(secret_prefix("ftp-users").unwrap(), "ftp-users/");
        for bad in ["", " ", "/abs/", "a b/"] {
            assert!(secret_prefix(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn several_profiles_are_refused_while_credentials_are_in_the_environment() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(["transfer-console"].iter().chain(args)).expect("parses")
        };
        let several = parse(&["--profile", "first,second"]);
        let refusal = several.env_credentials_refusal(true).expect("refused");
        assert!(refusal.contains("AWS_ACCESS_KEY_ID is set"), "{refusal}");
        assert_eq!(several.env_credentials_refusal(false), None);
        let one = parse(&["--profile", "first", "--region", "all"]);
        assert_eq!(one.env_credentials_refusal(true), None);
    }

    #[test]
    fn regions_are_checked_before_any_call() {
        assert!(regions("all").is_ok());
        assert!(regions("ap-northeast-1,us-east-1").is_ok());
        assert!(regions("ap-northeast-1,tokyo").is_err());
        assert!(profiles("a,b").is_ok() && profiles("a,,b").is_err());
        let cli = Cli::try_parse_from(["transfer-console", "--region", "us-east-1,eu-west-1"]);
        let cli = cli.expect("a comma list parses");
        assert_eq!(cli.aws_settings().region.as_deref(), Some("us-east-1"));
        assert!(cli.sweep_plan().is_some());
        assert!(region("ap-northeast-1").is_ok());
        assert!(region("us-gov-west-1").is_ok());
        for bad in ["tokyo", "AP-NORTHEAST-1", "ap-northeast-", "ap--1", ""] {
            assert!(region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bucket_names_are_checked_before_any_call() {
        assert_eq!(bucket_name("s3://acme-reports/").unwrap(), "acme-reports");
        for bad in ["ab", "a/b/c", "my bucket"] {
            assert!(bucket_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoint_urls_need_a_scheme_and_a_host() {
        assert_eq!(
            endpoint_url("http://127.0.0.1:5000/").unwrap(),
            "http://127.0.0.1:5000"
        );
        for bad in ["127.0.0.1:5000", "http://", "ftp://host", "http:// x"] {
            assert!(endpoint_url(bad).is_err(), "{bad}");
        }
    }
}
