//! A profile named in neither shared file is refused in one sentence that
//! lists the known ones, before any call is made.

use std::io::Write;
use std::process::Command;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

#[test]
fn an_unknown_profile_is_named_with_the_known_ones_and_nothing_is_sent() {
    let mut config = tempfile::NamedTempFile::new().expect("config file");
    writeln!(
        config,
        "[default]\nregion = ap-northeast-1\n[profile ops]\nregion = ap-northeast-1"
    )
    .expect("write config");
    // Anything the console sent would arrive here.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let log = tempfile::NamedTempFile::new().expect("log file");
    let config_path = config.path().to_string_lossy().into_owned();
    for args in [vec!["doctor", "--profile", "opz"], vec!["--profile", "opz"]] {
        let output = Command::new(CONSOLE)
            .args(&args)
            .args(["--endpoint-url", &url])
            .args(["--log-file", &log.path().to_string_lossy()])
            .env_clear()
            .env("AWS_CONFIG_FILE", &config_path)
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("running the console");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim(),
            format!(
                "transfer-console: profile opz not found in {config_path} (known: default, ops)"
            ),
            "{args:?}"
        );
    }
    assert!(listener.accept().is_err(), "a call was made");
}
