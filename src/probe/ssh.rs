//! SFTP's first steps: the SSH banner, read directly, and the host key's
//! fingerprint through OpenSSH's `ssh-keyscan` and `ssh-keygen` (present on
//! bastions and in CloudShell). An SSH library for the key exchange would
//! bring a crypto stack the AWS SDK shares and rebuild it.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::Command;

/// What the probe says it is: sent first, as OpenSSH clients do, because a
/// port in CLIENT_TALK_FIRST mode answers only after the client has spoken.
const IDENTIFICATION: &[u8] = b"SSH-2.0-transfer-console-probe\r\n";

/// RFC 4253's longest identification line, and how many other lines the
/// probe reads before it: a server that streams without end is cut off.
const MAX_LINE: usize = 255;
const MAX_LINES: usize = 20;

/// Sends the probe's identification, then reads the server's
/// (`SSH-2.0-...`), skipping the lines RFC 4253 allows before it.
pub async fn banner(mut stream: TcpStream) -> Result<String, String> {
    stream
        .write_all(IDENTIFICATION)
        .await
        .map_err(|err| format!("the server closed the connection: {err}"))?;
    let mut reader = BufReader::new(stream);
    for _ in 0..MAX_LINES {
        let mut line = Vec::new();
        let read = (&mut reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
            .await
            .map_err(|err| err.to_string())?;
        if read == 0 {
            return Err("the server closed the connection before its banner".into());
        }
        if read == MAX_LINE && !line.ends_with(b"\n") {
            return Err(format!(
                "a line longer than {MAX_LINE} bytes before the SSH banner: the probe stops reading at this cap (RFC 4253 allows 255)"
            ));
        }
        let line = String::from_utf8_lossy(&line).trim_end().to_string();
        if line.starts_with("SSH-") {
            // Say goodbye politely so the server logs no broken exchange.
            let _ = reader.get_mut().shutdown().await;
            return Ok(line);
        }
    }
    Err(format!(
        "no SSH banner in the first {MAX_LINES} lines: the probe stops reading at this cap"
    ))
}

/// Whether `ssh-keyscan` and `ssh-keygen` are on the PATH.
pub fn keyscan_available() -> bool {
    let on_path = |tool: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
    };
    on_path("ssh-keyscan") && on_path("ssh-keygen")
}

/// One host key: its type and `SHA256:` fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKey {
    pub kind: String,
    pub fingerprint: String,
}

/// The host keys the server offers, through `ssh-keyscan | ssh-keygen -lf -`.
pub async fn host_keys(host: &str, port: u16, limit: Duration) -> Result<Vec<HostKey>, String> {
    let scan = Command::new("ssh-keyscan")
        .args(keyscan_args(host, port, limit)?)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|err| format!("ssh-keyscan could not run ({err}): install the OpenSSH client"))?;
    if scan.stdout.is_empty() {
        return Err("ssh-keyscan got no host key".into());
    }
    let mut keygen = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|err| format!("ssh-keygen could not run ({err}): install the OpenSSH client"))?;
    if let Some(mut stdin) = keygen.stdin.take() {
        stdin
            .write_all(&scan.stdout)
            .await
            .map_err(|err| err.to_string())?;
    }
    let listed = keygen
        .wait_with_output()
        .await
        .map_err(|err| err.to_string())?;
    let keys: Vec<HostKey> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(parse_keygen_line)
        .collect();
    if keys.is_empty() {
        return Err("ssh-keygen read no key from ssh-keyscan's answer".into());
    }
    Ok(keys)
}

/// ssh-keyscan's arguments: the host after `--`, and never one that an
/// older ssh-keyscan (which ignores `--`) could take for an option.
fn keyscan_args(host: &str, port: u16, limit: Duration) -> Result<Vec<String>, String> {
    if host.starts_with('-') || host.is_empty() {
        return Err(format!(
            "{host:?} is not a host name: it would reach ssh-keyscan as an option"
        ));
    }
    let seconds = limit.as_secs().max(1).to_string();
    Ok(vec![
        "-T".into(),
        seconds,
        "-p".into(),
        port.to_string(),
        "--".into(),
        host.to_string(),
    ])
}

/// `256 SHA256:abc... [127.0.0.1]:2222 (ED25519)`.
fn parse_keygen_line(line: &str) -> Option<HostKey> {
    let mut words = line.split_whitespace();
    let _bits = words.next()?;
    let fingerprint = words.next()?.to_string();
    let kind = words
        .last()?
        .trim_matches(|c| c == '(' || c == ')')
        .to_string();
    fingerprint
        .starts_with("SHA256:")
        .then_some(HostKey { kind, fingerprint })
}

/// Compares fingerprints however they were written (`SHA256:` or not,
/// base64 padding or not).
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.trim()
            .trim_start_matches("SHA256:")
            .trim_end_matches('=')
            .to_string()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keygen_lines_give_type_and_fingerprint() {
        let key = parse_keygen_line("256 SHA256:AbC/dEf+1 [127.0.0.1]:2222 (ED25519)").unwrap();
        assert_eq!(key.kind, "ED25519");
        assert_eq!(key.fingerprint, "SHA256:AbC/dEf+1");
        assert_eq!(parse_keygen_line("garbage"), None);
    }

    #[test]
    fn the_host_reaches_ssh_keyscan_after_double_dash_and_never_as_an_option() {
        let args = keyscan_args("sftp.example.com", 2222, Duration::from_secs(5)).unwrap();
        assert_eq!(args, ["-T", "5", "-p", "2222", "--", "sftp.example.com"]);
        for host in ["-oProxyCommand=touch /tmp/x", "-p", ""] {
            let err = keyscan_args(host, 22, Duration::from_secs(5)).unwrap_err();
            assert!(err.contains("not a host name"), "{err}");
        }
    }

    #[tokio::test]
    async fn a_host_starting_with_a_dash_is_refused_before_anything_runs() {
        let err = host_keys("-oProxyCommand=false", 22, Duration::from_secs(1))
            .await
            .unwrap_err();
        assert!(err.contains("as an option"), "{err}");
    }

    #[test]
    fn fingerprints_compare_whatever_the_spelling() {
        assert!(same_fingerprint("SHA256:AbC=", "AbC"));
        assert!(!same_fingerprint("SHA256:AbC", "SHA256:AbD"));
    }
}
