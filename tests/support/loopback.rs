//! Real servers on 127.0.0.1 for the probe's tests: vsftpd (FTP and FTPS,
//! passive range 8192-8200) and OpenSSH's sshd, each with a generated
//! configuration in a temporary directory, killed when dropped.
//!
//! The passive range is shared by every vsftpd: hold `passive_range_lock()`
//! while one runs, across test binaries too.

use std::fs::File;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub const PASV_MIN: u16 = 8192;
pub const PASV_MAX: u16 = 8200;

/// A lock on 8192-8200 for the life of the returned file.
pub fn passive_range_lock() -> File {
    let path = std::env::temp_dir().join("transfer-console-passive-range.lock");
    let file = File::create(path).expect("lock file");
    file.lock().expect("lock the passive range");
    file
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited at start: {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on {port}");
}

/// A certificate for the FTPS server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    /// For localhost and 127.0.0.1, valid now.
    Good,
    /// For other.example.com only.
    OtherHost,
    /// For localhost and 127.0.0.1, expired in 2020.
    Expired,
}

/// Writes a self-signed certificate and key (PEM, both in one file, as
/// vsftpd takes them; the certificate alone as DER beside, for a test that
/// trusts it as a root) with Python's `cryptography`, which moto brings into
/// the project's venv: it sets any validity period, which the openssl
/// command line of Debian 12 cannot.
fn write_certificate(dir: &Path, kind: CertKind) -> PathBuf {
    let path = dir.join("cert.pem");
    let (names, ips, not_before, not_after) = match kind {
        CertKind::Good => (
            "['localhost']",
            "['127.0.0.1']",
            "now - day",
            "now + 30 * day",
        ),
        CertKind::OtherHost => ("['other.example.com']", "[]", "now - day", "now + 30 * day"),
        CertKind::Expired => (
            "['localhost']",
            "['127.0.0.1']",
            "datetime.datetime(2020,1,1)",
            "datetime.datetime(2020,2,1)",
        ),
    };
    let script = format!(
        r#"
import datetime, ipaddress, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, {names}[0])])
now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
day = datetime.timedelta(days=1)
sans = [x509.DNSName(n) for n in {names}] + [x509.IPAddress(ipaddress.ip_address(i)) for i in {ips}]
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
    .public_key(key.public_key()).serial_number(x509.random_serial_number())
    .not_valid_before({not_before}).not_valid_after({not_after})
    .add_extension(x509.SubjectAlternativeName(sans), critical=False)
    .sign(key, hashes.SHA256()))
with open(sys.argv[1] + '.der', 'wb') as out:
    out.write(cert.public_bytes(serialization.Encoding.DER))
with open(sys.argv[1], 'wb') as out:
    out.write(cert.public_bytes(serialization.Encoding.PEM))
    out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
"#
    );
    let python = python();
    let status = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&path)
        .status()
        .expect("python for the certificate");
    assert!(status.success(), "certificate not written");
    path
}

fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// How a vsftpd is set up for one case.
#[derive(Debug, Clone, Default)]
pub struct FtpSetup {
    /// None: plain FTP.
    pub tls: Option<CertKind>,
    pub require_ssl_reuse: bool,
    /// What PASV announces (vsftpd's pasv_address); None: the control address.
    pub pasv_address: Option<String>,
    /// A user and password this server alone knows, instead of anonymous
    /// logins: a system user made for it, checked by a PAM service of its
    /// own. Hold `passive_range_lock()` first: it also keeps two servers
    /// from making the same user.
    pub login: Option<(String, String)>,
}

/// A vsftpd on 127.0.0.1 with an anonymous login (`anonymous`, any
/// password) whose root holds a few files to list.
pub struct Vsftpd {
    pub port: u16,
    /// The PAM service and the user made for `FtpSetup::login`, removed
    /// on drop.
    pam_service: Option<(PathBuf, String)>,
    /// The certificate (DER) when FTPS: a test trusts it as a root to make
    /// it verify.
    pub certificate: Option<Vec<u8>>,
    child: Child,
    _dir: TempDir,
}

impl Vsftpd {
    pub fn start(setup: &FtpSetup) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("root");
        std::fs::create_dir(&root).expect("root");
        for name in ["invoice-0001.csv", "invoice-0002.csv", "readme.txt"] {
            std::fs::write(root.join(name), b"probe\n").expect("file");
        }
        // vsftpd refuses an anonymous root the ftp user can write to.
        let _ = Command::new("chmod").args(["755"]).arg(&root).status();
        let port = free_port();
        let mut conf = format!(
            "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port={port}\n\
             background=NO\nanonymous_enable=YES\nno_anon_password=NO\nanon_root={root}\n\
             local_enable=NO\nwrite_enable=NO\npasv_enable=YES\n\
             pasv_min_port={PASV_MIN}\npasv_max_port={PASV_MAX}\n\
             seccomp_sandbox=NO\nisolate=NO\nisolate_network=NO\n\
             xferlog_enable=YES\nvsftpd_log_file={log}\nlog_ftp_protocol=YES\n\
             connect_from_port_20=NO\nuse_localtime=NO\nhide_ids=YES\n",
            root = root.display(),
            log = dir.path().join("vsftpd.log").display(),
        );
        let mut pam_service = None;
        if let Some((user, password)) = &setup.login {
            let service = local_user(&root, port, user, password);
            conf.push_str(&format!(
                "anonymous_enable=NO\nlocal_enable=YES\n\
                 local_root={root}\nchroot_local_user=YES\npam_service_name={name}\n",
                root = root.display(),
                name = service.file_name().unwrap_or_default().to_string_lossy(),
            ));
            conf = conf
                .replace("anonymous_enable=YES\n", "")
                .replace("local_enable=NO\n", "");
            pam_service = Some((service, user.clone()));
        }
        if let Some(address) = &setup.pasv_address {
            conf.push_str(&format!("pasv_address={address}\npasv_addr_resolve=NO\n"));
        }
        let mut certificate = None;
        if let Some(kind) = setup.tls {
            let cert = write_certificate(dir.path(), kind);
            certificate = Some(std::fs::read(dir.path().join("cert.pem.der")).expect("cert.der"));
            conf.push_str(&format!(
                "ssl_enable=YES\nallow_anon_ssl=YES\nforce_anon_logins_ssl=YES\nforce_anon_data_ssl=YES\n\
                 rsa_cert_file={cert}\nrsa_private_key_file={cert}\nrequire_ssl_reuse={reuse}\n\
                 ssl_ciphers=HIGH\n",
                cert = cert.display(),
                reuse = if setup.require_ssl_reuse { "YES" } else { "NO" },
            ));
        }
        let conf_path = dir.path().join("vsftpd.conf");
        File::create(&conf_path)
            .and_then(|mut f| f.write_all(conf.as_bytes()))
            .expect("vsftpd.conf");
        let mut child = Command::new(vsftpd())
            .arg(&conf_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("vsftpd (apt-get install vsftpd)");
        wait_for_port(port, &mut child, "vsftpd");
        Self {
            port,
            pam_service,
            certificate,
            child,
            _dir: dir,
        }
    }

    /// vsftpd's log of every command and reply (passwords shown as
    /// `<password>`, but the `PASS` command itself is there).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("vsftpd.log")).unwrap_or_default()
    }
}

impl Drop for Vsftpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some((service, user)) = &self.pam_service {
            let _ = std::fs::remove_file(service);
            let _ = Command::new("userdel").arg(user).status();
        }
    }
}

/// A system user `user` with `password`, made for one server and removed
/// with it, and a PAM service of that server's own (named after its port
/// and this process, so parallel tests never share one) that checks it
/// with pam_unix. Needs root, as the probe's tests run. A user of that name
/// that this support did not make is left alone: the test stops.
fn local_user(home: &Path, port: u16, user: &str, password: &str) -> PathBuf {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    if let Some(entry) = passwd.lines().find(|l| l.starts_with(&format!("{user}:"))) {
        assert!(
            entry.contains(LOCAL_USER_MARK),
            "a user {user} exists on this machine: the test will not touch it"
        );
        // Left by a test that was killed.
        let _ = Command::new("userdel").arg(user).status();
    }
    let made = Command::new("useradd")
        .args(["--no-create-home", "--shell", "/usr/sbin/nologin"])
        .args(["--comment", LOCAL_USER_MARK, "--home-dir"])
        .arg(home)
        .arg(user)
        .status()
        .expect("useradd");
    assert!(made.success(), "useradd {user}");
    let mut chpasswd = Command::new("chpasswd")
        .stdin(Stdio::piped())
        .spawn()
        .expect("chpasswd");
    chpasswd
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{user}:{password}\n").as_bytes())
        .expect("chpasswd's input");
    assert!(
        chpasswd.wait().expect("chpasswd").success(),
        "chpasswd {user}"
    );
    let service = PathBuf::from(format!(
        "/etc/pam.d/transfer-console-test-{}-{port}",
        std::process::id()
    ));
    // pam_unix checks /etc/shadow in-process: a module that forks (pam_exec)
    // makes vsftpd's privileged parent take the helper's exit for its
    // session's and hang.
    std::fs::write(
        &service,
        "auth required pam_unix.so\naccount required pam_permit.so\n\
         session required pam_permit.so\n",
    )
    .expect("a PAM service in /etc/pam.d (the probe's tests run as root)");
    service
}

/// The comment of the system users the support makes.
const LOCAL_USER_MARK: &str = "transfer-console probe test";

fn vsftpd() -> PathBuf {
    ["/usr/sbin/vsftpd", "/usr/bin/vsftpd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("vsftpd"))
}

/// OpenSSH's sshd on 127.0.0.1 with its own ed25519 host key.
pub struct Sshd {
    pub port: u16,
    /// The host key's `SHA256:` fingerprint, as DescribeServer gives it.
    pub fingerprint: String,
    child: Child,
    _dir: TempDir,
}

pub fn new_host_key(dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(status.success());
    let listed = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen -l");
    let text = String::from_utf8_lossy(&listed.stdout).to_string();
    let fingerprint = text
        .split_whitespace()
        .nth(1)
        .expect("fingerprint")
        .to_string();
    (key, fingerprint)
}

impl Sshd {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let (key, fingerprint) = new_host_key(dir.path(), "host_key");
        // sshd insists on its privilege separation directory.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port();
        let conf = dir.path().join("sshd_config");
        std::fs::write(
            &conf,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile none\nUsePAM no\n\
                 StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n",
                key.display()
            ),
        )
        .expect("sshd_config");
        let mut child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd (apt-get install openssh-server)");
        wait_for_port(port, &mut child, "sshd");
        Self {
            port,
            fingerprint,
            child,
            _dir: dir,
        }
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP forwarder from a loopback address to 127.0.0.1:`to`: a load
/// balancer that forwards the control port and nothing else.
pub struct Forwarder {
    pub address: String,
    pub port: u16,
}

impl Forwarder {
    pub fn start(listen_ip: &str, to: u16) -> Self {
        let listener = TcpListener::bind((listen_ip, 0)).expect("bind forwarder");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", to)) else {
                    continue;
                };
                let (mut c2, mut s2) = (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                );
                let (mut c1, mut s1) = (client, server);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c1, &mut s1);
                    let _ = s1.shutdown(std::net::Shutdown::Both);
                });
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s2, &mut c2);
                    let _ = c2.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        Self {
            address: listen_ip.to_string(),
            port,
        }
    }
}
