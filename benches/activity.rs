//! The Activity pane on a log group of 100,000 events in the emulator:
//! time to the first events on screen (one FilterLogEvents round trip),
//! time to the whole window, the cost of taking in each page, peak memory,
//! and the cost of one frame while scrolling and while following. `make
//! bench` runs it; docs/performance.md holds the figures.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) it does nothing.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::emulator::{Emulator, REGION};
use tokio::sync::mpsc;
use transfer_console::app::activity::Reading;
use transfer_console::app::{App, Cmd, Msg, Pane};
use transfer_console::aws::AwsSettings;
use transfer_console::ui::{self, Theme};
use transfer_console::worker::Worker;

/// A server id no seeded server has: the pane reads its default group.
const SERVER: &str = "s-0bench0000000000";
const BATCH: usize = 2_000;

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("activity benchmark: skipped (run `make bench`)");
        return;
    }
    let count: usize = std::env::var("BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let emulator = Emulator::start(&[]);
    for (key, value) in emulator.console_env() {
        // SAFETY: no other thread runs yet (the runtime starts below).
        unsafe { std::env::set_var(key, value) };
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let started = Instant::now();
    runtime.block_on(put_events(&emulator, count));
    println!(
        "put {count} events in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let baseline_kib = status_kib("/proc/self/status", "VmRSS:").unwrap_or(0);
    let figures = runtime.block_on(console_run(&emulator));

    println!();
    println!("| {count} events in /aws/transfer/{SERVER}, last hour | transfer-console |");
    println!("|---|---|");
    println!(
        "| first events on screen (one FilterLogEvents round trip) | {} |",
        secs(figures.first_events)
    );
    println!(
        "| whole window read ({} pages) | {} |",
        figures.pages,
        secs(figures.all_events)
    );
    println!(
        "| taking in one page (parse in the worker excluded), mean / max | {:.1} ms / {:.1} ms |",
        ms(figures.update_mean),
        ms(figures.update_max)
    );
    println!(
        "| peak RSS (before the read: {} MiB) | {} MiB |",
        baseline_kib / 1024,
        figures.peak_rss_kib / 1024
    );
    println!(
        "| one frame while scrolling (120x40), wall mean / max | {:.3} ms / {:.3} ms |",
        ms(figures.frame_mean),
        ms(figures.frame_max)
    );
    println!(
        "| one frame while scrolling (120x40), CPU mean | {:.3} ms |",
        ms(figures.frame_cpu_mean)
    );
    println!(
        "| a follow poll bringing one new event: update and frame | {:.1} ms |",
        ms(figures.follow_poll)
    );
    println!("| events held | {} |", figures.events);
}

/// `count` events over the last 50 minutes: uploads in the structured
/// format and one legacy refused login in ten.
async fn put_events(emulator: &Emulator, count: usize) {
    let session = emulator.session().await;
    let group = format!("/aws/transfer/{SERVER}");
    let logs = &session.logs;
    logs.create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .expect("CreateLogGroup");
    logs.create_log_stream()
        .log_group_name(&group)
        .log_stream_name("ERRORS")
        .send()
        .await
        .expect("CreateLogStream");
    let now = now_ms();
    let span = 50 * 60_000;
    for start in (0..count).step_by(BATCH) {
        let mut put = logs
            .put_log_events()
            .log_group_name(&group)
            .log_stream_name("ERRORS");
        for i in start..(start + BATCH).min(count) {
            let at = now - span + (i as i64 * span / count as i64);
            let message = if i % 10 == 0 {
                format!(
                    r#"ERRORS AUTH_FAILURE Method=password User=partner-{} Message="Invalid user name or password" SourceIP=203.0.113.{}"#,
                    i % 7,
                    i % 50
                )
            } else {
                format!(
                    r#"{{"activity-type":"CLOSE","resource-arn":"arn:aws:transfer:{REGION}:123456789012:server/{SERVER}","client":"OpenSSH_9.6","source-ip":"198.51.100.{}","user":"partner-{}","session-id":"{:016x}","path":"/acme-partner-drop/in/file-{i}.csv","bytes-in":"{}","mode":"CREATE|TRUNCATE|WRITE"}}"#,
                    i % 200,
                    i % 7,
                    i / 20,
                    (i % 997) * 1024
                )
            };
            put = put.log_events(
                InputLogEvent::builder()
                    .timestamp(at)
                    .message(message)
                    .build()
                    .expect("an event"),
            );
        }
        put.send().await.expect("PutLogEvents");
    }
}

struct Figures {
    first_events: Duration,
    all_events: Duration,
    pages: usize,
    update_mean: Duration,
    update_max: Duration,
    peak_rss_kib: u64,
    frame_mean: Duration,
    frame_max: Duration,
    frame_cpu_mean: Duration,
    follow_poll: Duration,
    events: usize,
}

/// The app, the real worker and the real draw, as `tui::run` wires them,
/// with a TestBackend for a terminal.
async fn console_run(emulator: &Emulator) -> Figures {
    let settings = AwsSettings {
        profile: None,
        region: Some(REGION.into()),
        endpoint_url: Some(emulator.url.clone()),
        ..Default::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let worker = Worker::new(settings.clone(), tx);
    let mut app = App::new(settings, true);
    let theme = Theme::default_theme();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let dispatch = |cmds: Vec<Cmd>| cmds.into_iter().for_each(|cmd| worker.dispatch(cmd));
    let events_held = |app: &App| match app.pane() {
        Pane::Activity(pane) => (pane.log.events.len(), pane.log.reading.clone()),
        _ => panic!("the pane closed"),
    };

    let started = Instant::now();
    dispatch(app.open_activity(SERVER, None));
    let mut first_events = None;
    let (mut pages, mut update_total, mut update_max) = (0, Duration::ZERO, Duration::ZERO);
    loop {
        let Some(msg) = rx.recv().await else { break };
        let update = Instant::now();
        dispatch(app.update(msg));
        let took = update.elapsed();
        pages += 1;
        update_total += took;
        update_max = update_max.max(took);
        terminal
            .draw(|frame| ui::draw(frame, &app, &theme))
            .expect("draw");
        let (held, reading) = events_held(&app);
        if held > 0 && first_events.is_none() {
            first_events = Some(started.elapsed());
        }
        match reading {
            Reading::Done => break,
            Reading::Failed(err) => panic!("reading failed: {err}"),
            _ => {}
        }
    }
    let all_events = started.elapsed();

    // Scrolling through the window: key, then one frame.
    let mut total = Duration::ZERO;
    let mut cpu = Duration::ZERO;
    let mut max = Duration::ZERO;
    let frames = 2000;
    for i in 0..frames {
        let key = if i % 2 == 0 {
            KeyCode::PageDown
        } else {
            KeyCode::Down
        };
        app.update(Msg::Key(KeyEvent::from(key)));
        let start = Instant::now();
        let cpu_start = thread_cpu_time();
        terminal
            .draw(|frame| ui::draw(frame, &app, &theme))
            .expect("draw");
        cpu += thread_cpu_time() - cpu_start;
        let took = start.elapsed();
        total += took;
        max = max.max(took);
    }

    // Follow: one poll (from the newest event, with its overlap) that
    // brings the overlap again and one new event; update and frame timed.
    app.update(Msg::Key(KeyEvent::from(KeyCode::Home)));
    dispatch(app.update(Msg::Key(KeyEvent::from(KeyCode::Char('F')))));
    let session = emulator.session().await;
    session
        .logs
        .put_log_events()
        .log_group_name(format!("/aws/transfer/{SERVER}"))
        .log_stream_name("ERRORS")
        .log_events(
            InputLogEvent::builder()
                .timestamp(now_ms())
                .message(r#"{"activity-type":"CONNECTED","user":"partner-1","source-ip":"198.51.100.1","session-id":"feedfacefeedface"}"#)
                .build()
                .expect("an event"),
        )
        .send()
        .await
        .expect("PutLogEvents");
    let msg = rx.recv().await.expect("the poll's answer");
    let poll = Instant::now();
    app.update(msg);
    terminal
        .draw(|frame| ui::draw(frame, &app, &theme))
        .expect("draw");
    let follow_poll = poll.elapsed();

    Figures {
        first_events: first_events.unwrap_or(all_events),
        all_events,
        pages,
        update_mean: update_total / pages.max(1) as u32,
        update_max,
        peak_rss_kib: status_kib("/proc/self/status", "VmHWM:").unwrap_or(0),
        frame_mean: total / frames,
        frame_max: max,
        frame_cpu_mean: cpu / frames,
        follow_poll,
        events: events_held(&app).0,
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// CPU time consumed so far by the calling thread.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn status_kib(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
