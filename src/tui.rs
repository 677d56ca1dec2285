//! The terminal and the event loop. Key presses, worker answers, a tick and
//! signals meet in one `select!`; state changes only through `App::update`,
//! and the screen is drawn once per batch of events.
//!
//! Whatever ends the program (quit, a panic, SIGTERM, SIGHUP when an SSH
//! link drops) the terminal is given back as it was found.

use std::io::{self, Stdout, Write};
use std::time::Duration;

use tokio::time::Instant;

use crossterm::event::{Event, EventStream, KeyEventKind};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{execute, terminal};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::TerminalCmd;
use crate::app::idp_users::IdpMsg;
use crate::app::{App, Cmd, Msg};
use crate::editor;
use crate::model::login_secret::LoginSecret;
use crate::tmux_clipboard::TmuxClipboard;
use crate::ui::{self, Theme};
use crate::worker::Worker;

/// How often animated state (the loading spinner) advances. The tick runs
/// only while something animates, so an idle console stays asleep.
const TICK: Duration = Duration::from_millis(250);

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Why the loop ended, so the caller can say so after the terminal is back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(&'static str),
}

pub async fn run(
    app: &mut App,
    theme: Theme,
    worker: &Worker,
    answers: &mut mpsc::UnboundedReceiver<Msg>,
) -> anyhow::Result<Exit> {
    let mut term = enter()?;
    UI_LIVE.store(true, std::sync::atomic::Ordering::SeqCst);
    let result = event_loop(&mut term, app, &theme, worker, answers).await;
    UI_LIVE.store(false, std::sync::atomic::Ordering::SeqCst);
    leave();
    result
}

async fn event_loop(
    term: &mut Term,
    app: &mut App,
    theme: &Theme,
    worker: &Worker,
    answers: &mut mpsc::UnboundedReceiver<Msg>,
) -> anyhow::Result<Exit> {
    let mut keys = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    #[cfg(debug_assertions)]
    let panic_key = test_panic_key();

    // Inside tmux, whether a copy can reach a clipboard (tmux's options).
    let mut clipboard = TmuxClipboard::at_start();

    let start = app.start();
    perform(term, &mut keys, &mut clipboard, app, worker, start)?;
    term.draw(|frame| ui::draw(frame, app, theme))?;
    // `--refresh`: one timer, set again after each refresh with the interval
    // of the moment (it grows while AWS throttles). Off: never wakes.
    let mut next_refresh = app
        .auto_refresh
        .interval()
        .map(|every| Instant::now() + every);
    loop {
        let refresh_at = next_refresh.unwrap_or_else(Instant::now);
        let msg = tokio::select! {
            event = keys.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    #[cfg(debug_assertions)]
                    if panic_key.is_some_and(|c| key.code == crossterm::event::KeyCode::Char(c)) {
                        panic!("test-only panic on a key press ({TEST_PANIC_VAR} is set)");
                    }
                    Msg::Key(key)
                }
                Some(Ok(Event::Resize(..))) => Msg::Resize,
                Some(Ok(_)) => continue,
                Some(Err(err)) => return Err(err.into()),
                None => return Ok(Exit::Quit), // the terminal is gone
            },
            Some(answer) = answers.recv() => answer,
            _ = tick.tick(), if app.animating() => Msg::Tick,
            _ = tokio::time::sleep_until(refresh_at), if next_refresh.is_some() => {
                next_refresh = app.auto_refresh.interval().map(|every| Instant::now() + every);
                Msg::AutoRefresh
            }
            _ = sigterm.recv() => return Ok(Exit::Signal("SIGTERM")),
            _ = sighup.recv() => return Ok(Exit::Signal("SIGHUP")),
        };
        let cmds = app.update(msg);
        perform(term, &mut keys, &mut clipboard, app, worker, cmds)?;
        // Take every answer that is already here before drawing once.
        while let Ok(answer) = answers.try_recv() {
            let cmds = app.update(answer);
            perform(term, &mut keys, &mut clipboard, app, worker, cmds)?;
        }
        if app.should_quit {
            return Ok(Exit::Quit);
        }
        term.draw(|frame| ui::draw(frame, app, theme))?;
    }
}

/// Debug builds only: set to one character, a press of that key panics on
/// the UI thread, so the tmux tests can check that a panic gives the
/// terminal back (after revealing a secret first). Never in a release build.
#[cfg(debug_assertions)]
const TEST_PANIC_VAR: &str = "TRANSFER_CONSOLE_TEST_PANIC";

#[cfg(debug_assertions)]
fn test_panic_key() -> Option<char> {
    let value = std::env::var(TEST_PANIC_VAR).ok()?;
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(key), None) => Some(key),
        _ => None,
    }
}

/// Starts AWS work in the worker and runs the terminal's own commands
/// here, feeding their answers back into the app.
fn perform(
    term: &mut Term,
    keys: &mut EventStream,
    clipboard: &mut TmuxClipboard,
    app: &mut App,
    worker: &Worker,
    cmds: Vec<Cmd>,
) -> anyhow::Result<()> {
    let mut queue = cmds;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for cmd in queue {
            match cmd {
                Cmd::Terminal(cmd) => {
                    if let Some(msg) = run_terminal(term, keys, clipboard, cmd)? {
                        next.extend(app.update(msg));
                    }
                }
                cmd => worker.dispatch(cmd),
            }
        }
        queue = next;
    }
    Ok(())
}

fn run_terminal(
    term: &mut Term,
    keys: &mut EventStream,
    clipboard: &mut TmuxClipboard,
    cmd: TerminalCmd,
) -> anyhow::Result<Option<Msg>> {
    match cmd {
        TerminalCmd::Copy { text } => {
            let mut out = io::stdout();
            let in_tmux = std::env::var_os("TMUX").is_some();
            out.write_all(ui::clipboard::osc52(&text.0, in_tmux).as_bytes())?;
            out.flush()?;
            Ok(clipboard.dropped().map(|why| Msg::CopyDropped { why }))
        }
        TerminalCmd::EditSecret {
            req,
            name,
            read_version,
            text: initial,
        } => {
            let edited = suspended(term, keys, || editor::edit(&initial.0, &editor::command()))?;
            let result = edited.and_then(|text| match text {
                None => Ok(None),
                Some(text) => LoginSecret::parse(&text)
                    .map(Some)
                    .map_err(|err| err.to_string()),
            });
            Ok(Some(Msg::Idp(IdpMsg::EditedJson {
                req,
                name,
                read_version,
                result,
            })))
        }
        TerminalCmd::EditHostKey { req } => {
            // An empty file, named so that editors pick PEM's syntax; the
            // key pasted stays in the private directory until it is read.
            let edited = suspended(term, keys, || {
                editor::edit_named("", &editor::command(), "host_key.pem")
            })?;
            let result = edited.and_then(|text| match text {
                None => Err("nothing was saved in the editor: no key".to_string()),
                Some(text) => crate::model::PrivateHostKey::parse(&text),
            });
            Ok(Some(Msg::HostKeys(
                crate::app::host_keys::HostKeysMsg::KeyRead { req, result },
            )))
        }
    }
}

/// Runs `work` (an editor) with the UI suspended, then takes the terminal
/// back and clears it.
fn suspended<T>(
    term: &mut Term,
    keys: &mut EventStream,
    work: impl FnOnce() -> T,
) -> anyhow::Result<T> {
    // The key reader would compete with the editor for the keyboard: it
    // goes, and a new one starts afterwards.
    drop(std::mem::replace(keys, EventStream::new()));
    leave();
    let done = work();
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All)
    )?;
    // `Terminal::clear` would ask the terminal for the cursor position, an
    // answer the key reader can swallow: a blank frame makes the next draw
    // a full one instead.
    term.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()))?;
    Ok(done)
}

fn enter() -> anyhow::Result<Term> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    if let Err(err) = execute!(io::stdout(), EnterAlternateScreen) {
        leave();
        return Err(err.into());
    }
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    term.clear()?;
    Ok(term)
}

/// Gives the terminal back. Safe to call twice (the panic hook and the
/// normal exit may both run).
fn leave() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, crossterm::cursor::Show);
}

/// The thread the event loop runs on, recorded when the hook is installed.
static UI_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();
/// Whether the UI holds the terminal (between `enter` and the loop's end).
static UI_LIVE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A panic on the UI thread restores the terminal before the message is
/// printed, so the message is readable and the shell usable; then the
/// previous hook runs as usual. A panic on another thread while the UI
/// runs (a worker task) leaves the terminal alone: the worker answers the
/// command with its failure and the UI goes on, so the panic is logged
/// rather than printed over the screen.
fn install_panic_hook() {
    let _ = UI_THREAD.set(std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_ui_thread = UI_THREAD.get() == Some(&std::thread::current().id());
        if on_ui_thread || !UI_LIVE.load(std::sync::atomic::Ordering::SeqCst) {
            leave();
            previous(info);
        } else {
            tracing::error!(panic = %info, "a background task panicked");
        }
    }));
}
