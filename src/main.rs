use std::process::ExitCode;

use clap::Parser;
use tokio::sync::mpsc;

use transfer_console::app::objects::ObjectsPane;
use transfer_console::app::{App, NoticeLevel, Pane};
use transfer_console::audit;
use transfer_console::aws::Session;
use transfer_console::cli::{Cli, Command, DoctorArgs, Format, LogsArgs, ProbeArgs};
use transfer_console::doctor::{self, report};
use transfer_console::logging;
use transfer_console::model::endpoint_url::cleartext_warning;
use transfer_console::model::text::{inert, inert_lines};
use transfer_console::shutdown;
use transfer_console::tui::{self, Exit};
use transfer_console::ui::Theme;
use transfer_console::worker::Worker;

/// How long quitting waits for work still running in the background, once
/// `shutdown::wind_down` has awaited the writes and restarts that matter.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(url) = &cli.endpoint_url
        && let Some(warning) = cleartext_warning(url)
    {
        eprintln!(
            "transfer-console: warning: --endpoint-url {} is {}",
            inert(url),
            inert(&warning)
        );
    }
    // A profile in neither shared file would leave the SDK to other
    // credentials, or to an error about regions or IMDS: say it plainly.
    // Each profile of a comma list (`--profile a,b`) is checked alike.
    for profile in cli.profile.iter().flat_map(|list| list.split(',')) {
        if let Some(refusal) = transfer_console::app::command_line::unknown_profile(
            profile.trim(),
            &transfer_console::aws::profiles::list(),
            &transfer_console::aws::profiles::config_file_label(),
        ) {
            eprintln!("transfer-console: {}", inert(&refusal));
            return ExitCode::from(2);
        }
    }
    let env_key_set = std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty());
    if let Some(refusal) = cli.env_credentials_refusal(env_key_set) {
        eprintln!("transfer-console: {refusal}");
        return ExitCode::from(2);
    }
    if let Some(Command::Completions { shell }) = &cli.command {
        return completions(*shell);
    }
    if let Some(Command::Man) = &cli.command {
        return manual_page();
    }
    if let Some(Command::Doctor(args)) = &cli.command {
        return doctor(&cli, args);
    }
    if let Some(Command::Probe(args)) = &cli.command {
        return probe(&cli, args);
    }
    if let Some(Command::Logs(args)) = &cli.command {
        return logs(&cli, args);
    }
    match run(cli) {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        Ok(Exit::Signal(name)) => {
            eprintln!("transfer-console: stopped by {name}");
            ExitCode::from(130)
        }
        Err(err) => {
            eprintln!("transfer-console: {}", inert(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

/// A completion script for `shell`, from the clap definitions.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "transfer-console", &mut script);
    print_generated(&script)
}

/// transfer-console(1), from the clap definitions.
fn manual_page() -> ExitCode {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => print_generated(&page),
        Err(err) => {
            eprintln!("transfer-console: {err}");
            ExitCode::from(2)
        }
    }
}

/// Writes a generated text to stdout; a reader that stops early (`| head`)
/// is not an error.
fn print_generated(text: &[u8]) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("transfer-console: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Exit> {
    let log_path = cli.log_file.clone().or_else(logging::default_path);
    let _log_guard = match &log_path {
        Some(path) => Some(logging::init(path)?),
        None => None,
    };
    let settings = cli.aws_settings();
    tracing::info!(?settings, read_only = cli.read_only, "starting");

    let mut app = App::new(settings.clone(), cli.read_only);
    app.hourly_rates = cli.hourly_rates();
    app.cloudshell = Cli::in_cloudshell();
    app.download_dir = directories::UserDirs::new()
        .and_then(|dirs| dirs.download_dir().map(std::path::Path::to_path_buf))
        .filter(|dir| dir.is_dir());
    app.profiles = transfer_console::aws::profiles::list();
    app.profiles_file = transfer_console::aws::profiles::config_file_label();
    app.env_credentials = std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty());
    app.auto_refresh = transfer_console::app::AutoRefresh::every(cli.refresh);
    app.secret_prefix = cli.secret_prefix.clone();
    // `--region all|a,b`, `--profile a,b`: the servers list sweeps them.
    app.servers.sweep = cli.sweep_plan().map(transfer_console::app::Sweep::new);
    if let Some(bucket) = &cli.bucket {
        // Listed by `App::start`, like everything else, once the loop runs.
        app.open(Pane::Objects(Box::new(ObjectsPane::at(bucket, "", None))));
    }
    let theme = choose_theme(&cli, &mut app);
    let runtime = tokio::runtime::Runtime::new()?;
    let audit_log = cli.audit_log.clone().or_else(audit::default_path);
    let exit = runtime.block_on(async {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let worker = Worker::new(settings, tx)
            .with_audit_log(audit_log.clone())
            .with_doctor_options(cli.doctor_options());
        let exit = tui::run(&mut app, theme, &worker, &mut rx).await;
        // Only an operator's explicit quit leaves a restart half-done.
        let finish_restarts = !matches!(exit, Ok(Exit::Quit));
        shutdown::wind_down(
            &mut app,
            &worker,
            &mut rx,
            finish_restarts,
            audit_log.as_deref(),
            shutdown::Limits::default(),
        )
        .await;
        exit
    });
    // In-flight AWS calls and the terminal's input reader may sit in blocking
    // threads; waiting for them would keep the process alive after quit.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    exit
}

/// A theme that fails to load is reported in the status bar and the default
/// is used: a typo in a theme file must not lock anyone out.
fn choose_theme(cli: &Cli, app: &mut App) -> Theme {
    if std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()) {
        return Theme::monochrome();
    }
    match cli.theme.as_deref().map(Theme::load) {
        None => Theme::default_theme(),
        Some(Ok(theme)) => theme,
        Some(Err(err)) => {
            tracing::warn!(%err, "theme not loaded");
            app.notify(NoticeLevel::Warning, err.to_string());
            Theme::default_theme()
        }
    }
}

/// `transfer-console doctor`: the checks of the Doctor pane, printed for
/// scripts and monitoring. Exit 0: no errors; 1: errors found; 2: the check
/// could not run.
fn doctor(cli: &Cli, args: &DoctorArgs) -> ExitCode {
    let log_path = cli.log_file.clone().or_else(logging::default_path);
    let _log_guard = log_path
        .as_deref()
        .and_then(|path| logging::init(path).ok());
    let settings = cli.aws_settings();
    let Ok(runtime) = tokio::runtime::Runtime::new() else {
        eprintln!("transfer-console doctor: cannot start the async runtime");
        return ExitCode::from(report::EXIT_COULD_NOT_CHECK);
    };
    if let Some(plan) = cli.sweep_plan() {
        if args.server.is_some() {
            eprintln!(
                "transfer-console doctor: --server checks one server: give one --region and one --profile"
            );
            return ExitCode::from(report::EXIT_COULD_NOT_CHECK);
        }
        let options = cli.doctor_options();
        let (reports, notes) = runtime.block_on(doctor::sweep::run(&settings, &plan, &options));
        match args.format {
            Format::Text => print!("{}", inert_lines(&doctor::sweep::text(&reports, &notes))),
            Format::Json => println!("{}", doctor::sweep::json(&reports, &notes)),
        }
        return ExitCode::from(doctor::sweep::exit_code(&reports));
    }
    let gathered = runtime.block_on(async {
        let session = Session::connect(&settings).await?;
        doctor::gather::gather(&session, args.server.as_deref(), &cli.doctor_options()).await
    });
    let estate = match gathered {
        Ok(estate) => estate,
        Err(err) => {
            eprintln!(
                "transfer-console doctor: the check could not run: {}",
                inert(&err.to_string())
            );
            return ExitCode::from(report::EXIT_COULD_NOT_CHECK);
        }
    };
    let findings = doctor::diagnose(&estate);
    match args.format {
        Format::Text => print!("{}", inert_lines(&report::text(&estate, &findings))),
        Format::Json => println!("{}", report::json(&estate, &findings)),
    }
    ExitCode::from(report::Summary::of(&estate, &findings).exit_code())
}

/// `transfer-console probe SERVER`: the probe, printed. Exit 0: every step
/// passed; 1: a step failed; 2: the probe could not run.
fn probe(cli: &Cli, args: &ProbeArgs) -> ExitCode {
    use transfer_console::probe::{self, plan, prepare, report};
    let could_not_run = |why: String| {
        eprintln!(
            "transfer-console probe: the probe could not run: {}",
            inert(&why)
        );
        ExitCode::from(report::EXIT_COULD_NOT_RUN)
    };
    let log_path = cli.log_file.clone().or_else(logging::default_path);
    let _log_guard = log_path
        .as_deref()
        .and_then(|path| logging::init(path).ok());
    let typed: Vec<plan::Target> = args
        .hosts
        .iter()
        .filter_map(|h| plan::parse_host(h).ok())
        .collect();
    let login = match (&args.user, args.password_stdin, args.password_from_secret) {
        (None, _, _) => None,
        (Some(user), _, true) => Some((user.clone(), prepare::PasswordSource::Secret)),
        (Some(user), true, _) => {
            let mut line = String::new();
            if let Err(err) = std::io::stdin().read_line(&mut line) {
                return could_not_run(format!("no password on standard input: {err}"));
            }
            let password = plan::Password::new(line.trim_end_matches(['\r', '\n']));
            Some((user.clone(), prepare::PasswordSource::Given(password)))
        }
        (Some(user), false, false) => match std::env::var("TRANSFER_CONSOLE_PROBE_PASSWORD") {
            Ok(password) => Some((
                user.clone(),
                prepare::PasswordSource::Given(plan::Password::new(password)),
            )),
            Err(_) => {
                return could_not_run(
                    "--user needs --password-stdin, --password-from-secret or TRANSFER_CONSOLE_PROBE_PASSWORD".into(),
                );
            }
        },
    };
    let settings = cli.aws_settings();
    let Ok(runtime) = tokio::runtime::Runtime::new() else {
        return could_not_run("cannot start the async runtime".into());
    };
    let outcome = runtime.block_on(async {
        let session = Session::connect(&settings)
            .await
            .map_err(|err| err.to_string())?;
        let mut plan =
            prepare::prepare(&session, &args.server, &typed, login, &cli.doctor_options())
                .await
                .map_err(|err| err.to_string())?;
        plan.consent = probe::Consent {
            cleartext: args.allow_cleartext,
            unverified: args.allow_unverified,
            exposures: Vec::new(),
        };
        let cancel = tokio_util::sync::CancellationToken::new();
        let on_signal = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        let results = probe::run(&plan, probe::run::Limits::default(), None, cancel).await;
        Ok::<_, String>((plan.facts, results))
    });
    let (facts, results) = match outcome {
        Ok(done) => done,
        Err(why) => return could_not_run(why),
    };
    match args.format {
        // The report makes each field inert; this catches any it missed.
        Format::Text => print!("{}", inert_lines(&report::text(&facts, &results))),
        Format::Json => println!("{}", report::json(&facts, &results)),
    }
    ExitCode::from(report::Summary::of(&results).exit_code())
}

/// `transfer-console logs SERVER`: the server's CloudWatch Logs, one line
/// an event. Exit 0: read (even when empty); 2: they could not be read.
fn logs(cli: &Cli, args: &LogsArgs) -> ExitCode {
    use transfer_console::logs_command::{self, EXIT_COULD_NOT_READ, Request};
    let could_not_read = |why: String| {
        eprintln!(
            "transfer-console logs: the logs could not be read: {}",
            inert(&why)
        );
        ExitCode::from(EXIT_COULD_NOT_READ)
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64);
    // A window typed wrong is refused before any call.
    let window = match args.window(now_ms) {
        Ok(window) => window,
        Err(err) => {
            eprintln!("transfer-console logs: {}", inert(&err.to_string()));
            return ExitCode::from(EXIT_COULD_NOT_READ);
        }
    };
    let log_path = cli.log_file.clone().or_else(logging::default_path);
    let _log_guard = log_path
        .as_deref()
        .and_then(|path| logging::init(path).ok());
    let request = Request {
        server: args.server.clone(),
        user: args.user.clone(),
        window,
        follow: args.follow.then_some(std::time::Duration::from_secs(3)),
        json: args.format == Format::Json,
    };
    let settings = cli.aws_settings();
    let Ok(runtime) = tokio::runtime::Runtime::new() else {
        return could_not_read("cannot start the async runtime".into());
    };
    let outcome = runtime.block_on(async {
        let session = Session::connect(&settings)
            .await
            .map_err(|err| err.to_string())?;
        let cancel = tokio_util::sync::CancellationToken::new();
        let on_signal = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        let mut out = std::io::stdout();
        let mut notes = std::io::stderr();
        logs_command::run(&session, &request, &mut out, &mut notes, cancel)
            .await
            .map_err(|failure| failure.to_string())
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => could_not_read(why),
    }
}
