//! An `http://` `--endpoint-url` off this machine is warned about on
//! stderr. The runs stop before any AWS call (`probe --user` without a
//! password), so nothing is sent to the non-loopback address named.

use std::process::Command;

const CONSOLE: &str = env!("CARGO_BIN_EXE_transfer-console");

fn stderr_with_endpoint(url: &str) -> String {
    let log = tempfile::NamedTempFile::new().expect("log file");
    let output = Command::new(CONSOLE)
        .args(["probe", "s-0123456789abcdef0", "--user", "partner-a"])
        .args(["--endpoint-url", url])
        .args(["--log-file", &log.path().to_string_lossy()])
        .env_clear()
        .env("AWS_REGION", "ap-northeast-1")
        .output()
        .expect("running the console");
    assert_eq!(output.status.code(), Some(2), "stops before any call");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn plain_http_to_another_machine_is_warned_about_on_stderr() {
    let stderr = stderr_with_endpoint("http://10.2.1.5:4566");
    assert!(
        stderr.contains("warning: --endpoint-url http://10.2.1.5:4566 is plain HTTP to 10.2.1.5: AWS calls are signed, not encrypted"),
        "{stderr}"
    );
}

#[test]
fn loopback_and_https_are_not() {
    for url in [
        "http://127.0.0.1:4566",
        "http://[::1]:4566",
        "https://10.2.1.5",
    ] {
        let stderr = stderr_with_endpoint(url);
        assert!(!stderr.contains("warning"), "{url}: {stderr}");
    }
}
