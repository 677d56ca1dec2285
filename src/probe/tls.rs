//! TLS for the probe. The handshake accepts any certificate, because the
//! probe's job is to report on it (name, expiry) whatever it is. Whether a
//! login may follow is decided apart, by rustls's own WebPKI verifier over
//! the platform's root store (`verify`): the probe's DER walk only reports.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{Resumption, WebPkiServerVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// Accepts any certificate but still checks the handshake's signatures.
#[derive(Debug)]
struct ReportOnly(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for ReportOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// The control connection's configuration: it keeps TLS sessions, so data
/// connections made with it resume the control connection's session.
pub fn resuming_config() -> Result<Arc<ClientConfig>, rustls::Error> {
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let algorithms = provider.signature_verification_algorithms;
    let config = ClientConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ReportOnly(algorithms)))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The same configuration without any session cache: a client that cannot
/// reuse sessions (lftp on Amazon Linux 2, in the field notes).
pub fn fresh_config(resuming: &ClientConfig) -> Arc<ClientConfig> {
    let mut config = resuming.clone();
    config.resumption = Resumption::disabled();
    Arc::new(config)
}

pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.to_string()).map_err(|err| format!("{host:?}: {err}"))
}

pub async fn connect(
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
    stream: TcpStream,
) -> std::io::Result<TlsStream<TcpStream>> {
    TlsConnector::from(config).connect(name, stream).await
}

/// Whether the handshake resumed an earlier session.
pub fn resumed(stream: &TlsStream<TcpStream>) -> bool {
    matches!(
        stream.get_ref().1.handshake_kind(),
        Some(rustls::HandshakeKind::Resumed)
    )
}

/// The chain the server sent: its own certificate first.
pub fn peer_chain(stream: &TlsStream<TcpStream>) -> Vec<CertificateDer<'static>> {
    stream
        .get_ref()
        .1
        .peer_certificates()
        .map(|certs| certs.iter().map(|c| c.clone().into_owned()).collect())
        .unwrap_or_default()
}

/// Whether `chain` verifies for `name` as a client that checks would see
/// it: rustls's WebPKI verifier, the platform's roots plus `extra_roots`
/// (set only by tests, for a CA they made). `Err` says why not.
pub fn verify(
    chain: &[CertificateDer<'static>],
    name: &ServerName<'static>,
    extra_roots: &[CertificateDer<'static>],
) -> Result<(), String> {
    let (end_entity, intermediates) = chain
        .split_first()
        .ok_or_else(|| "the server sent no certificate".to_string())?;
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots.add_parsable_certificates(extra_roots.iter().cloned());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|err| format!("no trusted root certificates on this machine ({err})"))?;
    verifier
        .verify_server_cert(end_entity, intermediates, name, &[], UnixTime::now())
        .map(|_| ())
        .map_err(|err| refusal(&err, name))
}

/// A verifier's refusal in the operator's words.
fn refusal(err: &rustls::Error, name: &ServerName<'_>) -> String {
    let name = name.to_str();
    match err {
        rustls::Error::InvalidCertificate(reason) => match reason {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => "expired".into(),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "not valid yet".into()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("not valid for {name}")
            }
            CertificateError::Revoked => "revoked".into(),
            // No path to a root this machine trusts was found.
            _ => "issued by no authority this machine trusts".into(),
        },
        other => format!("not trusted by this machine: {other}"),
    }
}
