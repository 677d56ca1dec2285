//! `--region all` in tmux against the seeded emulator (moto serves every
//! region on one endpoint): the servers of both seeded regions in one list
//! with a REGION column, and a region that denies as one row.

mod support;

use std::time::Duration;

use serde_json::json;
use support::emulator::{Emulator, seeded_ids};
use support::tmux::{Tmux, row};

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn sweep_console(emulator: &Emulator, log: &std::path::Path, regions: &str) -> Tmux {
    Tmux::start(
        CONSOLE,
        &[
            "--endpoint-url",
            &emulator.url,
            "--log-file",
            &log.to_string_lossy(),
            "--region",
            regions,
        ],
        &emulator.console_env(),
        120,
        40,
    )
}

#[test]
fn region_all_lists_the_servers_of_every_region_with_their_region() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = sweep_console(&emulator, &dir.path().join("console.log"), "all");

    let tokyo = seeded_ids(&estate, "servers");
    let east = seeded_ids(&estate, "second_region");
    assert_eq!((tokyo.len(), east.len()), (4, 2));
    let screen = tmux
        .wait_until(Duration::from_secs(60), |screen| {
            tokyo
                .iter()
                .chain(&east)
                .all(|id| screen.contains(id.as_str()))
                && screen.contains("Servers (6)")
        })
        .unwrap_or_else(|screen| panic!("not every region's servers:\n{screen}"));
    assert!(screen.contains("REGION"), "{screen}");
    for id in &tokyo {
        assert!(row(&screen, id).contains("ap-northeast-1"), "{screen}");
    }
    for id in &east {
        assert!(row(&screen, id).contains("us-east-1"), "{screen}");
    }
    // Every Transfer Family region was asked, not only the seeded ones.
    let listed: Vec<String> = emulator
        .control("GET", "requests", None)
        .as_array()
        .expect("the request log")
        .iter()
        .filter(|r| r["operation"] == "ListServers")
        .filter_map(|r| r["region"].as_str().map(str::to_string))
        .collect();
    for region in ["us-east-1", "eu-west-1", "sa-east-1"] {
        assert!(listed.iter().any(|r| r == region), "{region}: {listed:?}");
    }
    tmux.send(&["q"]);
}

#[test]
fn a_region_that_denies_is_one_row_and_the_others_are_listed() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    emulator.control(
        "POST",
        "faults",
        Some(json!({
            "service": "transfer",
            "operation": "ListServers",
            "kind": "access_denied",
            "region": "us-east-1",
        })),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let tmux = sweep_console(
        &emulator,
        &dir.path().join("console.log"),
        "ap-northeast-1,us-east-1",
    );

    let tokyo = seeded_ids(&estate, "servers");
    let screen = tmux
        .wait_until(Duration::from_secs(60), |screen| {
            tokyo.iter().all(|id| screen.contains(id.as_str())) && screen.contains("⚠ failed")
        })
        .unwrap_or_else(|screen| panic!("the denied region is not one row:\n{screen}"));
    let failed: Vec<&str> = screen.lines().filter(|l| l.contains("⚠ failed")).collect();
    assert_eq!(failed.len(), 1, "{screen}");
    assert!(failed[0].contains("us-east-1"), "{screen}");
    assert!(failed[0].contains("denied"), "{screen}");
    for id in seeded_ids(&estate, "second_region") {
        assert!(
            !screen.contains(&id),
            "a denied region's server is shown:\n{screen}"
        );
    }
    assert!(screen.contains("Servers (4)"), "{screen}");
    tmux.send(&["q"]);
}
