use std::process::ExitCode;

use clap::Parser;
use tokio::sync::mpsc;

use transfer_console::app::objects::ObjectsPane;
use transfer_console::app::{App, NoticeLevel, Pane};
use transfer_console::audit;
use transfer_console::aws::Session;
use transfer_console::cli::{Cli, Command, DoctorArgs, Format};
use transfer_console::doctor::{self, report};
use transfer_console::logging;
use transfer_console::model::cost;
use transfer_console::tui::{self, Exit};
use transfer_console::ui::Theme;
use transfer_console::worker::Worker;

/// How long quitting waits for work still running in the background.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Doctor(args)) = &cli.command {
        return doctor(&cli, args);
    }
    match run(cli) {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        Ok(Exit::Signal(name)) => {
            eprintln!("transfer-console: stopped by {name}");
            ExitCode::from(130)
        }
        Err(err) => {
            eprintln!("transfer-console: {err:#}");
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
    app.profiles = transfer_console::aws::profiles::list();
    app.auto_refresh = transfer_console::app::AutoRefresh::every(cli.refresh);
    app.secret_prefix = cli.secret_prefix.clone();
    if let Some(bucket) = &cli.bucket {
        // Listed by `App::start`, like everything else, once the loop runs.
        app.open(Pane::Objects(Box::new(ObjectsPane::at(bucket, "", None))));
    }
    let theme = choose_theme(&cli, &mut app);
    let runtime = tokio::runtime::Runtime::new()?;
    let audit_log = cli.audit_log.clone().or_else(audit::default_path);
    let exit = runtime.block_on(async {
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Worker::new(settings, tx)
            .with_audit_log(audit_log.clone())
            .with_hourly_rates(app.hourly_rates.clone());
        tui::run(&mut app, theme, worker, rx).await
    });
    // In-flight AWS calls and the terminal's input reader may sit in blocking
    // threads; waiting for them would keep the process alive after quit.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    // Never silently half-done: a stop or restart cut short is said aloud.
    for unfinished in app.unfinished_work() {
        eprintln!("transfer-console: {}", unfinished.message);
        let written = audit_log
            .as_deref()
            .map(|path| audit::append(path, &unfinished.audit));
        if let Some(Err(err)) = written {
            eprintln!("transfer-console: audit log not written: {err}");
        }
    }
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
    let gathered = runtime.block_on(async {
        let session = Session::connect(&settings).await?;
        doctor::gather::gather(
            &session,
            args.server.as_deref(),
            cost::DEFAULT_HOURLY_RATE_USD,
        )
        .await
    });
    let estate = match gathered {
        Ok(estate) => estate,
        Err(err) => {
            eprintln!("transfer-console doctor: the check could not run: {err}");
            return ExitCode::from(report::EXIT_COULD_NOT_CHECK);
        }
    };
    let findings = doctor::diagnose(&estate);
    match args.format {
        Format::Text => print!("{}", report::text(&estate, &findings)),
        Format::Json => println!("{}", report::json(&estate, &findings)),
    }
    ExitCode::from(report::Summary::of(&estate, &findings).exit_code())
}
