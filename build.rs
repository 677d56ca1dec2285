//! Records the git commit the binary is built from, for `--version`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let commit =
        git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "commit unknown".into());
    println!("cargo:rustc-env=TRANSFER_CONSOLE_COMMIT={commit}");
    println!("cargo:rerun-if-changed=build.rs");
    // Run again when the commit moves: HEAD, the branch it names, and
    // packed-refs. Never the index, which `git status` rewrites, so a
    // build after a build compiles nothing.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]).map(PathBuf::from) {
        let mut watched = vec![git_dir.join("HEAD"), git_dir.join("packed-refs")];
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common =
                git(&["rev-parse", "--git-common-dir"]).map_or(git_dir.clone(), PathBuf::from);
            watched.push(common.join(branch));
        }
        for path in watched.iter().filter(|path| Path::new(path).exists()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// What git prints for `args`, trimmed, or `None` without git or a repository.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
