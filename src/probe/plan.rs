//! What to try: the addresses and protocols, from what the console already
//! knows about a server, or from a host the operator typed.

use crate::model::network::{NetworkInterface, VpcEndpoint};
use crate::model::server::SFTP_DEFAULT_PORT;
use crate::model::{Protocol, Server};

/// Control port of FTP and FTPS.
pub const FTP_PORT: u16 = 21;

pub use crate::model::password::Password;

use super::consent::Consent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: Password,
}

/// What DescribeServer and EC2 said, for comparing with what answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerFacts {
    pub server_id: String,
    pub protocols: Vec<Protocol>,
    /// ProtocolDetails.PassiveIp: `AUTO`, `0.0.0.0` or an address.
    pub passive_ip: Option<String>,
    pub tls_session_resumption_mode: Option<String>,
    /// DescribeServer's HostKeyFingerprint (`SHA256:...`).
    pub host_key_fingerprint: Option<String>,
    /// Every host key of the server (ListHostKeys): the key a client is
    /// offered may be any of them, not only the oldest that DescribeServer
    /// names. Empty when not listed.
    pub host_keys: Vec<crate::model::HostKey>,
    /// Why the host keys were not listed: the key offered is then compared
    /// with HostKeyFingerprint alone.
    pub host_keys_unlisted: Option<String>,
    /// The ports SFTP listens on (ProtocolDetails.SftpPorts, or 22).
    pub sftp_ports: Vec<u16>,
    /// The name the certificate should carry (the custom hostname).
    pub hostname: Option<String>,
    /// Every address of the endpoint's interfaces, private and Elastic.
    pub endpoint_addresses: Vec<String>,
    /// Every host name and address the console knows for the server: a
    /// login elsewhere needs the operator's acceptance.
    pub known_hosts: Vec<String>,
}

impl ServerFacts {
    /// Whether `host` is one of the server's own names or addresses.
    pub fn knows(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.');
        let same = |known: &String| known.trim_end_matches('.').eq_ignore_ascii_case(host);
        self.known_hosts.iter().any(same)
            || self.endpoint_addresses.iter().any(same)
            || self.hostname.as_ref().is_some_and(same)
    }
}

/// One address to try, for the protocols it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Where the address came from: "custom hostname", "eni-0a1... private".
    pub source: String,
    pub host: String,
    /// A port the operator typed; else each protocol's own.
    pub port: Option<u16>,
    /// Only this protocol (typed as `sftp://host:port`); else all offered.
    pub only: Option<Protocol>,
}

impl Target {
    /// The ports to try `protocol` on: the one typed, else the server's
    /// (every SftpPorts entry for SFTP, 21 for FTP and FTPS).
    pub fn ports_for(&self, protocol: &Protocol, facts: &ServerFacts) -> Vec<u16> {
        match (self.port, protocol) {
            (Some(port), _) => vec![port],
            (None, Protocol::Sftp) if !facts.sftp_ports.is_empty() => facts.sftp_ports.clone(),
            (None, Protocol::Sftp) => vec![SFTP_DEFAULT_PORT],
            (None, _) => vec![FTP_PORT],
        }
    }

    pub fn serves(&self, protocol: &Protocol) -> bool {
        self.only.as_ref().is_none_or(|only| only == protocol)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbePlan {
    pub facts: ServerFacts,
    pub targets: Vec<Target>,
    pub credentials: Option<Credentials>,
    /// The risks the operator accepted for a login.
    pub consent: Consent,
    /// Roots trusted beside the platform's (DER). Only tests set them, for
    /// a CA they made; nothing in the console or the CLI does.
    pub extra_roots: Vec<Vec<u8>>,
}

impl ServerFacts {
    pub fn of(
        server: &Server,
        endpoint: Option<&VpcEndpoint>,
        interfaces: &[NetworkInterface],
    ) -> Self {
        let own: Vec<&NetworkInterface> = interfaces
            .iter()
            .filter(|i| endpoint.is_none_or(|e| e.network_interface_ids.contains(&i.id)))
            .collect();
        let mut endpoint_addresses: Vec<String> = Vec::new();
        for interface in own {
            endpoint_addresses.push(interface.private_ip.clone());
            endpoint_addresses.extend(interface.public_ip.clone());
        }
        Self {
            server_id: server.id().to_string(),
            protocols: server.protocols.clone(),
            passive_ip: server.protocol_details.passive_ip.clone(),
            tls_session_resumption_mode: server
                .protocol_details
                .tls_session_resumption_mode
                .clone(),
            host_key_fingerprint: server.host_key_fingerprint.clone(),
            host_keys: Vec::new(),
            host_keys_unlisted: None,
            sftp_ports: server.protocol_details.sftp_port_numbers(),
            hostname: server.custom_hostname().map(str::to_string),
            endpoint_addresses,
            known_hosts: Vec::new(),
        }
    }
}

/// The addresses the console knows for a server: the public or custom
/// hostname, the VPC endpoint's DNS names, each interface's private and
/// Elastic IP.
pub fn known_targets(
    server: &Server,
    region: &str,
    endpoint: Option<&VpcEndpoint>,
    interfaces: &[NetworkInterface],
) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut add = |source: String, host: String| {
        if !targets.iter().any(|t: &Target| t.host == host) {
            targets.push(Target {
                source,
                host,
                port: None,
                only: None,
            });
        }
    };
    if let Some(host) = server.custom_hostname() {
        add("custom hostname".into(), host.to_string());
    }
    if let Some(host) = server.public_hostname(region) {
        add("public hostname".into(), host);
    }
    if let Some(endpoint) = endpoint {
        for name in &endpoint.dns_names {
            add(format!("{} DNS", endpoint.id), name.clone());
        }
        for interface in interfaces
            .iter()
            .filter(|i| endpoint.network_interface_ids.contains(&i.id))
        {
            add(
                format!("{} private", interface.id),
                interface.private_ip.clone(),
            );
            if let Some(public) = &interface.public_ip {
                add(format!("{} Elastic IP", interface.id), public.clone());
            }
        }
    }
    targets
}

/// The plan for one server from the doctor's evidence: the typed hosts if
/// any, else every address the console knows.
pub fn for_server(
    evidence: &crate::doctor::ServerEvidence,
    region: &str,
    typed: &[Target],
    credentials: Option<Credentials>,
) -> ProbePlan {
    let endpoint = evidence.endpoint.as_ref().and_then(|e| e.read());
    let interfaces: &[NetworkInterface] =
        evidence.interfaces.read().map(Vec::as_slice).unwrap_or(&[]);
    let mut facts = ServerFacts::of(&evidence.server, endpoint, interfaces);
    let known = known_targets(&evidence.server, region, endpoint, interfaces);
    facts.known_hosts = known.iter().map(|t| t.host.clone()).collect();
    let targets = if typed.is_empty() {
        known
    } else {
        typed.to_vec()
    };
    ProbePlan {
        facts,
        targets,
        credentials,
        consent: Consent::default(),
        extra_roots: Vec::new(),
    }
}

/// A host the operator typed: `host`, `host:port`, `[v6]:port`, or with a
/// protocol first (`ftps://host:port`, `sftp://host:port`) to aim a port at
/// one protocol.
pub fn parse_host(text: &str) -> Result<Target, String> {
    let text = text.trim();
    let (only, rest) = match text.split_once("://") {
        Some((scheme, rest)) => {
            let protocol = match scheme.to_ascii_lowercase().as_str() {
                "ftp" => Protocol::Ftp,
                "ftps" => Protocol::Ftps,
                "sftp" => Protocol::Sftp,
                other => return Err(format!("{other}:// is not ftp://, ftps:// or sftp://")),
            };
            (Some(protocol), rest)
        }
        None => (None, text),
    };
    let rest = rest.trim_end_matches('/');
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("{text:?}: missing ]"))?;
        (host, after.strip_prefix(':'))
    } else if rest.matches(':').count() == 1 {
        let (host, port) = rest.split_once(':').unwrap_or((rest, ""));
        (host, Some(port))
    } else {
        (rest, None)
    };
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
        return Err(format!("{text:?} is not a host name or address"));
    }
    // ssh-keyscan and other tools would read it as an option.
    if host.starts_with('-') {
        return Err(format!("{host:?}: a host name does not start with -"));
    }
    let port = match port {
        None => None,
        Some(port) => match port.parse::<u16>() {
            Ok(port) if port > 0 => Some(port),
            _ => return Err(format!("{port:?} is not a port (1 to 65535)")),
        },
    };
    Ok(Target {
        source: "typed".into(),
        host: host.to_string(),
        port,
        only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_hosts_take_an_optional_port_and_protocol() {
        let t = parse_host("127.0.0.1:2121").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.only),
            ("127.0.0.1", Some(2121), None)
        );
        let facts = ServerFacts::default();
        let t = parse_host("sftp://localhost:2222").unwrap();
        assert_eq!(t.only, Some(Protocol::Sftp));
        assert_eq!(t.ports_for(&Protocol::Sftp, &facts), [2222]);
        let t = parse_host("ftp.example.com").unwrap();
        assert_eq!(t.ports_for(&Protocol::Ftps, &facts), [21]);
        assert_eq!(t.ports_for(&Protocol::Sftp, &facts), [22]);
        // A server's SftpPorts are each tried, unless a port was typed.
        let facts = ServerFacts {
            sftp_ports: vec![22, 2222],
            ..ServerFacts::default()
        };
        assert_eq!(t.ports_for(&Protocol::Sftp, &facts), [22, 2222]);
        assert_eq!(t.ports_for(&Protocol::Ftp, &facts), [21]);
        let typed = parse_host("localhost:2022").unwrap();
        assert_eq!(typed.ports_for(&Protocol::Sftp, &facts), [2022]);
        let t = parse_host("[::1]:21").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", Some(21)));
        for bad in [
            "",
            "host:0",
            "host:99999",
            "host:x",
            "http://h",
            "a b",
            "-oProxyCommand=x",
            "sftp://-p:22",
        ] {
            assert!(parse_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_never_print() {
        let creds = Credentials {
            user: "alice".into(),
            password: Password::new("hunter2"),
        };
        assert!(!format!("{creds:?}").contains("hunter2"));
    }
}
