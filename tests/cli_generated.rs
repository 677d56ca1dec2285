//! What the command line prints about itself: the version with the commit
//! it was built from, shell completions and the manual page, all made from
//! the clap definitions by the real binary.

use std::process::{Command, Output};

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn console(args: &[&str]) -> Output {
    Command::new(CONSOLE)
        .args(args)
        .output()
        .expect("run transfer-console")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git");
    let head = String::from_utf8(head.stdout).expect("UTF-8");
    let version = stdout(&console(&["--version"]));
    assert_eq!(
        version.trim(),
        format!(
            "transfer-console {} ({})",
            env!("CARGO_PKG_VERSION"),
            head.trim()
        )
    );
}

#[test]
fn completions_cover_every_command_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef transfer-console"),
        ("fish", "complete -c transfer-console"),
    ] {
        let script = stdout(&console(&["completions", shell]));
        assert!(script.contains(marker), "{shell}:\n{script}");
        for word in ["doctor", "probe", "read-only", "region"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let refused = console(&["completions", "tcsh"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("possible values"));
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let page = stdout(&console(&["man"]));
    assert!(page.contains(".TH transfer-console 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    assert!(page.contains("doctor") && page.contains("probe"));
}
