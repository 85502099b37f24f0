//! HTTPS for `retki serve`: the school's certificate (`--tls-cert`, `--tls-key`), or one the
//! server makes for itself on its first start and keeps beside its outbox; and the loop that
//! serves the HTTP routes over it.
//!
//! Apps pin the certificate by its SHA-256 fingerprint ([`retki_session::link`]), which the
//! server prints and the dashboard shows, so a self-signed certificate is as good as a
//! city's. A connection from this machine (loopback) may speak plain HTTP: that is how the
//! teacher's own browser opens the dashboard without a certificate warning, and nobody on
//! the network can reach it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use retki_session::link::Fingerprint;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The certificate file a server makes for itself, beside its outbox.
pub const OWN_CERT: &str = "retki-cert.pem";
/// Its private key, readable by the server's user only.
pub const OWN_KEY: &str = "retki-key.pem";
/// How long a connection has for its TLS handshake and for each request's headers, s.
const HANDSHAKE_SECONDS: u64 = 10;

/// How `retki serve` is told to speak HTTP.
#[derive(Clone, Debug, Default)]
pub struct TlsOptions {
    /// The school's certificate chain (PEM).
    pub cert: Option<PathBuf>,
    /// Its private key (PEM).
    pub key: Option<PathBuf>,
    /// Plain HTTP to the network too.
    pub insecure_http: bool,
}

impl TlsOptions {
    /// The certificate a server listening on `address` serves with, its own kept in
    /// `folder` if it was given none; none for plain HTTP (listening on loopback only, or
    /// told `--insecure-http`).
    pub fn choose(&self, address: SocketAddr, folder: &Path) -> Result<Option<Tls>, String> {
        match (&self.cert, &self.key) {
            (Some(cert), Some(key)) => Tls::load(cert, key).map(Some),
            (None, None) if self.insecure_http || address.ip().is_loopback() => Ok(None),
            (None, None) => Tls::own(folder).map(Some),
            _ => Err("give both --tls-cert and --tls-key".into()),
        }
    }
}

/// How a request reached the server, for whoever needs to know (a cookie is `Secure` only
/// over HTTPS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carried {
    /// Over TLS.
    Https,
    /// Plain HTTP: from this machine, or with `--insecure-http`.
    Http,
}

/// The server's certificate, ready to serve, and its fingerprint.
#[derive(Clone)]
pub struct Tls {
    config: Arc<rustls::ServerConfig>,
    /// The SHA-256 of the certificate, as apps pin it.
    pub fingerprint: Fingerprint,
}

impl Tls {
    /// The certificate chain in `cert` and the private key in `key` (PEM files).
    pub fn load(cert: &Path, key: &Path) -> Result<Self, String> {
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
            .map_err(|e| format!("{}: {e}", cert.display()))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", cert.display()))?;
        let Some(first) = chain.first() else {
            return Err(format!(
                "{}: no certificate in it (a PEM file with -----BEGIN CERTIFICATE-----)",
                cert.display()
            ));
        };
        let fingerprint = Fingerprint::of(first);
        let key = PrivateKeyDer::from_pem_file(key)
            .map_err(|e| format!("{}: no private key: {e}", key.display()))?;
        let config = rustls::ServerConfig::builder_with_provider(retki_session::link::crypto())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("{}: {e}", cert.display()))?;
        Ok(Self {
            config: Arc::new(config),
            fingerprint,
        })
    }

    /// The server's own certificate in `folder` ([`OWN_CERT`], [`OWN_KEY`]), made there first
    /// if there is none: a new key pair, self-signed, valid for 10 years.
    pub fn own(folder: &Path) -> Result<Self, String> {
        let (cert, key) = (folder.join(OWN_CERT), folder.join(OWN_KEY));
        if !cert.exists() || !key.exists() {
            make_own(&cert, &key)?;
        }
        Self::load(&cert, &key)
    }
}

fn make_own(cert: &Path, key: &Path) -> Result<(), String> {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default();
    let mut names = vec!["localhost".to_owned()];
    if !host.is_empty() && host != "localhost" {
        names.push(host);
    }
    let mut params =
        rcgen::CertificateParams::new(names).map_err(|e| format!("a certificate: {e}"))?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Retki school server");
    let now = std::time::SystemTime::now();
    params.not_before = now.into();
    params.not_after = (now + Duration::from_secs(10 * 365 * 24 * 3600)).into();
    let pair = rcgen::KeyPair::generate().map_err(|e| format!("a key pair: {e}"))?;
    let made = params
        .self_signed(&pair)
        .map_err(|e| format!("a certificate: {e}"))?;
    write_private(key, &pair.serialize_pem())?;
    std::fs::write(cert, made.pem()).map_err(|e| format!("{}: {e}", cert.display()))
}

/// Writes `text` to `path`, readable and writable by this user only.
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Serves `routes` on `listener` until the process ends: over TLS when there is `tls`, except
/// that a connection from this machine may speak plain HTTP; plain HTTP to everyone when
/// there is none. Each connection is its own task, and one that does not finish its
/// handshake or send a request's headers in [`HANDSHAKE_SECONDS`] is dropped.
pub async fn serve(listener: tokio::net::TcpListener, tls: Option<Tls>, routes: Router) {
    let acceptor = tls.map(|tls| tokio_rustls::TlsAcceptor::from(tls.config));
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let routes = routes.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let limit = Duration::from_secs(HANDSHAKE_SECONDS);
            let plain = match &acceptor {
                None => true,
                Some(_) => !tokio::time::timeout(limit, speaks_tls(&tcp))
                    .await
                    .unwrap_or(false),
            };
            match acceptor {
                Some(_) if plain && !peer.ip().is_loopback() => {
                    https_only(tcp).await;
                }
                Some(acceptor) if !plain => {
                    if let Ok(Ok(stream)) = tokio::time::timeout(limit, acceptor.accept(tcp)).await
                    {
                        connection(stream, routes, peer, Carried::Https).await;
                    }
                }
                _ => connection(tcp, routes, peer, Carried::Http).await,
            }
        });
    }
}

/// What a client speaking plain HTTP from another machine is told, whatever it asked: that
/// this server speaks HTTPS, and how to reach it. The request is not read, and nothing
/// about the server but that is said.
async fn https_only(mut tcp: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = r#"{"error":"this server speaks HTTPS only: use https:// and pin its certificate with the fingerprint it printed (--fingerprint)"}"#;
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(
        Duration::from_secs(HANDSHAKE_SECONDS),
        tcp.write_all(answer.as_bytes()),
    )
    .await;
    let _ = tcp.shutdown().await;
}

/// Whether the client's first byte opens a TLS handshake (a record of type 22).
async fn speaks_tls(tcp: &tokio::net::TcpStream) -> bool {
    let mut first = [0u8; 1];
    matches!(tcp.peek(&mut first).await, Ok(1) if first[0] == 0x16)
}

async fn connection<S>(stream: S, routes: Router, peer: SocketAddr, carried: Carried)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let routes = routes
        .layer(axum::Extension(ConnectInfo(peer)))
        .layer(axum::Extension(carried));
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(HANDSHAKE_SECONDS))
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(routes))
        .await;
}
