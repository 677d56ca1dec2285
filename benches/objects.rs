//! The S3 browser on a prefix of 100,000 objects in the emulator: time to
//! the first page on screen, time to all pages, peak memory, and the cost
//! of one frame while scrolling; then `aws s3api list-objects-v2` over the
//! same prefix for comparison. `make bench` runs it; docs/performance.md
//! holds the figures.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) it does nothing.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use support::emulator::{Emulator, REGION};
use tokio::sync::mpsc;
use transfer_console::app::objects::Paging;
use transfer_console::app::{App, Cmd, Msg, Pane};
use transfer_console::aws::AwsSettings;
use transfer_console::ui::{self, Theme};
use transfer_console::worker::Worker;

const BUCKET: &str = "acme-bench";
const PREFIX: &str = "incoming/";

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("objects benchmark: skipped (run `make bench`)");
        return;
    }
    let count: usize = std::env::var("BENCH_OBJECTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let emulator = Emulator::start(&[]);
    for (key, value) in emulator.console_env() {
        // SAFETY: no other thread runs yet (the runtime starts below).
        unsafe { std::env::set_var(key, value) };
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let session = emulator.session().await;
        session
            .s3
            .create_bucket()
            .bucket(BUCKET)
            .create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::ApNortheast1)
                    .build(),
            )
            .send()
            .await
            .expect("CreateBucket");
    });
    let started = Instant::now();
    emulator.control(
        "POST",
        "bulk-objects",
        Some(json!({"bucket": BUCKET, "prefix": PREFIX, "count": count, "size": 2048})),
    );
    println!(
        "seeded {count} objects in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let console = runtime.block_on(console_run(&emulator));
    let cli = aws_cli_run(&emulator);

    println!();
    println!(
        "| {count} objects under s3://{BUCKET}/{PREFIX} | transfer-console | aws s3api list-objects-v2 |"
    );
    println!("|---|---|---|");
    println!(
        "| first page (1,000 keys) on screen | {} | - (prints only at the end) |",
        secs(console.first_page)
    );
    println!(
        "| all pages loaded | {} | {} |",
        secs(console.all_pages),
        cli.as_ref().map_or("not installed".into(), |c| secs(c.0))
    );
    println!(
        "| peak RSS | {} MiB | {} |",
        console.peak_rss_kib / 1024,
        cli.as_ref()
            .map_or("-".into(), |c| format!("{} MiB", c.1 / 1024))
    );
    println!(
        "| one frame while scrolling (120x40), wall | mean {:.3} ms, max {:.3} ms | - |",
        console.frame_mean.as_secs_f64() * 1000.0,
        console.frame_max.as_secs_f64() * 1000.0
    );
    println!(
        "| one frame while scrolling (120x40), CPU | mean {:.3} ms | - |",
        console.frame_cpu_mean.as_secs_f64() * 1000.0
    );
    println!("| rows held | {} | |", console.rows);
}

struct ConsoleFigures {
    first_page: Duration,
    all_pages: Duration,
    peak_rss_kib: u64,
    frame_mean: Duration,
    frame_max: Duration,
    /// CPU time of the drawing thread per frame: unlike wall time, it does
    /// not grow when other processes share the machine.
    frame_cpu_mean: Duration,
    rows: usize,
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

/// The app, the real worker and the real draw, as `tui::run` wires them,
/// with a TestBackend for a terminal.
async fn console_run(emulator: &Emulator) -> ConsoleFigures {
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

    let started = Instant::now();
    dispatch(app.open_objects(BUCKET, PREFIX, None));
    let mut first_page = None;
    let mut asked_all = false;
    loop {
        let Some(msg) = rx.recv().await else { break };
        dispatch(app.update(msg));
        while let Ok(msg) = rx.try_recv() {
            dispatch(app.update(msg));
        }
        terminal
            .draw(|frame| ui::draw(frame, &app, &theme))
            .expect("draw");
        let Pane::Objects(pane) = app.pane() else {
            panic!("the browser closed")
        };
        let pages = pane.pages;
        let done = match &pane.paging {
            Paging::Complete => true,
            Paging::Failed(err) => panic!("listing failed: {err}"),
            _ => false,
        };
        if pages >= 1 && first_page.is_none() {
            first_page = Some(started.elapsed());
        }
        if done {
            break;
        }
        if pages >= 1 && !asked_all {
            asked_all = true;
            dispatch(app.update(Msg::Key(KeyEvent::from(KeyCode::Char('a')))));
        }
    }
    let all_pages = started.elapsed();

    // Scrolling through all rows: key, then one frame.
    let mut total = Duration::ZERO;
    let mut cpu = Duration::ZERO;
    let mut max = Duration::ZERO;
    let frames = 2000;
    app.update(Msg::Key(KeyEvent::from(KeyCode::Home)));
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
    let rows = match app.pane() {
        Pane::Objects(pane) => pane.listing.len(),
        _ => 0,
    };
    ConsoleFigures {
        first_page: first_page.unwrap_or(all_pages),
        all_pages,
        peak_rss_kib: status_kib("/proc/self/status", "VmHWM:").unwrap_or(0),
        frame_mean: total / frames,
        frame_max: max,
        frame_cpu_mean: cpu / frames,
        rows,
    }
}

/// `aws s3api list-objects-v2` over the same prefix (it follows every
/// page itself); its wall time and peak RSS. `None` without the CLI.
fn aws_cli_run(emulator: &Emulator) -> Option<(Duration, u64)> {
    let venv_aws = support::emulator::project_dir().join(".tmp/awscli/bin/aws");
    let program = if venv_aws.exists() {
        venv_aws.into_os_string()
    } else {
        "aws".into()
    };
    let started = Instant::now();
    let mut child = Command::new(program)
        .args([
            "s3api",
            "list-objects-v2",
            "--bucket",
            BUCKET,
            "--prefix",
            PREFIX,
            "--delimiter",
            "/",
            "--page-size",
            "1000",
            "--endpoint-url",
            &emulator.url,
            "--output",
            "json",
        ])
        .envs(emulator.console_env())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(kib) = status_kib(&status_path, "VmHWM:") {
            peak = peak.max(kib);
        }
        if let Ok(Some(status)) = child.try_wait() {
            if !status.success() {
                return None;
            }
            return Some((started.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn status_kib(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
