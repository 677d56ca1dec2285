//! TLS for the probe. The certificate is accepted whatever it is, because
//! the probe's job is to report on it (name, expiry) and carry on to the
//! data channel, not to refuse the connection as a client would.

use std::sync::Arc;

use rustls::client::Resumption;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
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

pub fn peer_certificate(stream: &TlsStream<TcpStream>) -> Option<Vec<u8>> {
    let certs = stream.get_ref().1.peer_certificates()?;
    certs.first().map(|c| c.as_ref().to_vec())
}
