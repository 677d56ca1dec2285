//! `--endpoint-url`: whether AWS calls sent there travel in clear to
//! another machine.
//!
//! SigV4 signs a request but does not encrypt it: over `http://` anyone on
//! the path reads the request and its answer (secret values included) and
//! can forge the answer. On loopback (an emulator, a local proxy) the
//! traffic never leaves the machine.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The warning for an `http://` URL whose host is not loopback
/// (127.0.0.0/8, ::1, `localhost`); `None` for HTTPS and for loopback.
pub fn cleartext_warning(url: &str) -> Option<String> {
    let host = cleartext_host(url)?;
    (!is_loopback(host)).then(|| {
        format!(
            "plain HTTP to {host}: AWS calls are signed, not encrypted, and their answers can be forged"
        )
    })
}

/// The host of an `http://` URL, without brackets, port or user info.
fn cleartext_host(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")?;
    if !url[..scheme_end].eq_ignore_ascii_case("http") {
        return None;
    }
    let rest = &url[scheme_end + 3..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(bracketed) = host_port.strip_prefix('[') {
        return bracketed.split(']').next();
    }
    host_port.split(':').next()
}

fn is_loopback(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    match host.parse::<Ipv6Addr>() {
        Ok(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_off_this_machine_is_warned_about() {
        for url in [
            "http://10.2.1.5:4566",
            "http://vpce-0abc.s3.ap-northeast-1.vpce.amazonaws.com",
            "HTTP://192.168.0.10/",
            "http://[fe80::1]:8080",
            "http://user@203.0.113.7:80/path",
            "http://128.0.0.1",
            "http://localhost.example.com",
            "http://127.0.0.1.nip.io",
        ] {
            let warning = cleartext_warning(url);
            assert!(
                warning
                    .as_deref()
                    .is_some_and(|w| w.contains("not encrypted")),
                "{url}: {warning:?}"
            );
        }
    }

    #[test]
    fn https_and_loopback_are_not() {
        for url in [
            "https://10.2.1.5:4566",
            "https://transfer.ap-northeast-1.amazonaws.com",
            "http://127.0.0.1:38691",
            "http://127.4.5.6",
            "http://localhost:4566/",
            "http://LOCALHOST.",
            "http://[::1]:4566",
            "http://[::ffff:127.0.0.1]:4566",
            "http://user:pw@127.0.0.1:4566",
        ] {
            assert_eq!(cleartext_warning(url), None, "{url}");
        }
    }
}
