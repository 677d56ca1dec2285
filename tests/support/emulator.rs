//! Starts the emulator on a free loopback port, seeds it, and talks to its
//! control API. The emulator dies with the test process: it exits when its
//! stdin (a pipe held here) closes.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

pub const REGION: &str = "ap-northeast-1";

pub struct Emulator {
    pub url: String,
    child: Child,
    _stdin: ChildStdin,
}

fn python() -> PathBuf {
    std::env::var_os("TC_EMULATOR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_dir().join(".venv/bin/python"))
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Emulator {
    /// Starts a fresh emulator; `args` are extra serve.py flags.
    pub fn start(args: &[&str]) -> Self {
        let serve = project_dir().join("tests/emulator/serve.py");
        let mut child = Command::new(python())
            .arg(&serve)
            .args(["--port", "0", "--exit-on-stdin-eof"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot start {} (run `make venv`): {err}",
                    python().display()
                )
            });
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reading the emulator's READY line");
        let url = line
            .trim()
            .strip_prefix("EMULATOR READY ")
            .unwrap_or_else(|| panic!("the emulator did not start: {line:?}"))
            .to_string();
        Self {
            url,
            child,
            _stdin: stdin,
        }
    }

    /// Kills the emulator mid-test, as when AWS becomes unreachable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The demo estate (tests/emulator/seed.py), as the JSON it describes.
    pub fn seed(&self, objects: usize) -> Value {
        let output = Command::new(python())
            .arg(project_dir().join("tests/emulator/seed.py"))
            .args(["--endpoint", &self.url, "--objects", &objects.to_string()])
            .output()
            .expect("running seed.py");
        assert!(
            output.status.success(),
            "seed.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("seed.py prints JSON")
    }

    /// POST/DELETE/GET on the control API (`/_emulator/...`).
    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/_emulator/{path}", self.url);
        let answer = match (method, body) {
            ("GET", _) => ureq::get(&url).call(),
            ("DELETE", _) => ureq::delete(&url).call(),
            (_, Some(body)) => ureq::post(&url).send_json(body),
            (_, None) => ureq::post(&url).send_empty(),
        };
        let mut answer = answer.unwrap_or_else(|err| panic!("{method} {url}: {err}"));
        answer.body_mut().read_json().unwrap_or(Value::Null)
    }

    /// The AWS operations the emulator served, oldest first.
    pub fn requests(&self) -> Vec<(String, String)> {
        let log = self.control("GET", "requests", None);
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["service"].as_str().unwrap_or_default().to_string(),
                            e["operation"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The transfer operations `StopServer` and `StartServer` as the
    /// emulator served them, oldest first.
    pub fn power_calls(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|(service, op)| {
                service == "transfer" && (op == "StopServer" || op == "StartServer")
            })
            .map(|(_, op)| op)
            .collect()
    }

    /// Environment for a console process talking to this emulator: fixed
    /// test credentials and nothing from the developer's own AWS set-up.
    pub fn console_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_CONFIG_FILE", "/nonexistent/aws-config".into()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/aws-credentials".into(),
            ),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("AWS_ENDPOINT_URL", self.url.clone()),
        ]
    }

    /// A session for the `aws` layer, with static test credentials.
    pub async fn session(&self) -> transfer_console::aws::Session {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(REGION))
            .endpoint_url(&self.url)
            .credentials_provider(aws_credential_types::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .load()
            .await;
        transfer_console::aws::Session::from_config(&config, true).expect("session")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One seeded emulator per test binary, for tests that only read.
pub fn shared() -> &'static (Emulator, Value) {
    static SHARED: OnceLock<(Emulator, Value)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let emulator = Emulator::start(&[]);
        let estate = emulator.seed(100);
        (emulator, estate)
    })
}

/// The ids of a part of the seeded estate: `servers` (the default
/// account and region) or the servers under `key` (`second_region`,
/// `second_account`).
pub fn seeded_ids(estate: &Value, key: &str) -> Vec<String> {
    let servers = match key {
        "servers" => &estate["servers"],
        other => &estate[other]["servers"],
    };
    servers
        .as_object()
        .expect("seeded servers")
        .values()
        .map(|id| id.as_str().expect("an id").to_string())
        .collect()
}

/// The id of the seeded server playing `role` (seed.py's names:
/// `sftp_public`, `ftp_vpc`, `ftp_vpc_twin`, `ftps_internet`).
pub fn seeded_server<'a>(estate: &'a Value, role: &str) -> &'a str {
    estate["servers"][role]
        .as_str()
        .unwrap_or_else(|| panic!("the seed names no {role} server"))
}
