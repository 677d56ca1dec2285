use std::process::ExitCode;

use clap::Parser;
use tokio::sync::mpsc;

use transfer_console::app::objects::ObjectsPane;
use transfer_console::app::{App, NoticeLevel, Pane};
use transfer_console::cli::Cli;
use transfer_console::logging;
use transfer_console::tui::{self, Exit};
use transfer_console::ui::Theme;
use transfer_console::worker::Worker;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    if let Some(bucket) = &cli.bucket {
        // Listed by `App::start`, like everything else, once the loop runs.
        app.open(Pane::Objects(Box::new(ObjectsPane::at(bucket, "", None))));
    }
    let theme = choose_theme(&cli, &mut app);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Worker::new(settings, tx);
        tui::run(app, theme, worker, rx).await
    })
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
