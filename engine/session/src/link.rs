//! How an app reaches a Retki server over HTTP: for a connect token, to open a session, to
//! sign in to a dashboard. Off the server's own machine the server speaks only HTTPS, and an
//! app trusts exactly one certificate: the one whose SHA-256 fingerprint it was given (the
//! server prints it, and the dashboard shows it beside the join code). Names, issuers and
//! dates are not what is trusted, so a self-signed certificate on a laptop whose address
//! changes with the Wi-Fi serves as well as a city's, and no other certificate is taken for
//! it, whoever signed it.
//!
//! Requests are hyper's HTTP/1.1 client over rustls (ring), one connection each, blocking
//! the calling thread.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// How long a request may take, connecting included, s.
pub const WAIT_SECONDS: u64 = 30;
/// The largest answer read, bytes.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// The SHA-256 of a certificate (its DER bytes), as apps pin it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of the certificate `der`.
    pub fn of(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }

    /// Reads a fingerprint as printed (64 hexadecimal digits; colons, spaces and case do not
    /// matter).
    pub fn parse(text: &str) -> Result<Self, String> {
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ':' | ' ' | '-'))
            .collect();
        let wrong = || {
            format!(
                "'{text}' is not a certificate fingerprint: give the 64 hexadecimal digits the \
                 server printed after 'fingerprint'"
            )
        };
        if digits.len() != 64 || !digits.is_ascii() {
            return Err(wrong());
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|_| wrong())?;
        }
        Ok(Self(bytes))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// A Retki server as an app reaches it: `HOST:PORT`, and over HTTPS the fingerprint of the
/// one certificate it accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    authority: String,
    pin: Option<Fingerprint>,
}

/// Why a request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The server's certificate is not the pinned one: asking again will not help.
    Certificate(String),
    /// Anything else (no connection, no answer in time): asking again may.
    Failed(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate(why) | Self::Failed(why) => f.write_str(why),
        }
    }
}

impl From<LinkError> for String {
    fn from(error: LinkError) -> Self {
        error.to_string()
    }
}

/// A server's answer.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Its headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Its body, as text.
    pub body: String,
}

impl Answer {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Link {
    /// The server `server` (`HOST:PORT`, `http://HOST:PORT` or `https://HOST:PORT`), with the
    /// certificate `fingerprint` for HTTPS. Without a scheme, a fingerprint means HTTPS.
    pub fn parse(server: &str, fingerprint: Option<&str>) -> Result<Self, String> {
        let pin = fingerprint.map(Fingerprint::parse).transpose()?;
        let (tls, authority) = match server.split_once("://") {
            Some(("https", rest)) => (true, rest),
            Some(("http", rest)) => (false, rest),
            Some((scheme, _)) => {
                return Err(format!(
                    "{server}: a Retki server is reached over http:// or https://, not {scheme}://"
                ));
            }
            None => (pin.is_some(), server),
        };
        let authority = authority.trim_end_matches('/');
        if authority.is_empty() || authority.contains('/') || !authority.contains(':') {
            return Err(format!("{server}: give the server as HOST:PORT"));
        }
        match (tls, pin) {
            (true, None) => Err(format!(
                "{server} speaks HTTPS: give its certificate's fingerprint as the server printed \
                 it (--fingerprint)"
            )),
            (false, Some(_)) => Err(format!(
                "{server}: a fingerprint is for https:// servers only"
            )),
            (_, pin) => Ok(Self {
                authority: authority.to_owned(),
                pin,
            }),
        }
    }

    /// A server on plain HTTP at `authority` (`HOST:PORT`): one on this machine.
    pub fn plain(authority: &str) -> Self {
        Self {
            authority: authority.to_owned(),
            pin: None,
        }
    }

    /// `HOST:PORT`.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// `http://HOST:PORT` or `https://HOST:PORT`.
    pub fn base(&self) -> String {
        let scheme = if self.pin.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.authority)
    }

    /// Sends `method path` with `headers` and `body` (JSON unless a header says otherwise)
    /// and returns the answer, whatever its status. Blocks for at most [`WAIT_SECONDS`].
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Answer, LinkError> {
        let url = format!("{}{path}", self.base());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| LinkError::Failed(format!("{url}: {e}")))?;
        let exchange = self.exchange(method, path, headers, body);
        runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(WAIT_SECONDS), exchange).await
            })
            .map_err(|_| LinkError::Failed(format!("{url}: no answer within {WAIT_SECONDS} s")))?
            .map_err(|e| match e {
                LinkError::Certificate(why) => LinkError::Certificate(format!("{url}: {why}")),
                LinkError::Failed(why) => LinkError::Failed(format!("{url}: {why}")),
            })
    }

    async fn exchange(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Answer, LinkError> {
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header(hyper::header::HOST, &self.authority);
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        {
            request = request.header(hyper::header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_owned())))
            .map_err(|e| LinkError::Failed(e.to_string()))?;
        let tcp = tokio::net::TcpStream::connect(&self.authority)
            .await
            .map_err(|e| LinkError::Failed(format!("cannot connect: {e}")))?;
        match self.pin {
            None => send(TokioIo::new(tcp), request).await,
            Some(pin) => {
                let tls = tls_connect(&self.authority, pin, tcp).await?;
                send(TokioIo::new(tls), request).await
            }
        }
        .map_err(LinkError::Failed)
    }
}

/// The cryptography both ends of Retki's TLS use: rustls's ring provider, which builds with
/// a C compiler alone. Its key exchange (X25519, P-256, P-384) is classical; a recorded
/// lesson decrypted by a quantum computer decades on is not what a school guards against.
#[expect(
    deprecated,
    reason = "ring's provider has no post-quantum key exchange"
)]
pub fn crypto() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A TLS connection to `authority` that accepts only the certificate `pin`.
async fn tls_connect(
    authority: &str,
    pin: Fingerprint,
    tcp: tokio::net::TcpStream,
) -> Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>, LinkError> {
    let provider = crypto();
    let verifier = Pinned {
        pin,
        algorithms: provider.signature_verification_algorithms,
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| LinkError::Failed(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| LinkError::Failed(format!("'{host}' is not a host name or address")))?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| {
            let untrusted = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|e| matches!(e, rustls::Error::General(_)));
            let why = format!("no secure connection: {e}");
            if untrusted {
                LinkError::Certificate(why)
            } else {
                LinkError::Failed(why)
            }
        })
}

async fn send<I>(io: I, request: hyper::Request<Full<Bytes>>) -> Result<Answer, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.into())))
        .collect();
    let bytes = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
        .collect()
        .await
        .map_err(|e| format!("the answer: {e}"))?
        .to_bytes();
    Ok(Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// Accepts the certificate with the pinned fingerprint and no other; the handshake's
/// signatures are checked against that certificate's key as usual.
#[derive(Debug)]
struct Pinned {
    pin: Fingerprint,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let got = Fingerprint::of(end_entity);
        if got == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "the server's certificate has fingerprint {got}, not {}: this is not the \
                 server you were given (or it has a new certificate; ask for its fingerprint)",
                self.pin
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_reads_back_as_printed_with_or_without_colons() {
        let print = Fingerprint::of(b"a certificate");
        let text = print.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(Fingerprint::parse(&text).unwrap(), print);
        let colons: Vec<String> = print.0.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(Fingerprint::parse(&colons.join(":")).unwrap(), print);
        assert!(
            Fingerprint::parse("abc")
                .unwrap_err()
                .contains("64 hexadecimal")
        );
        assert!(Fingerprint::parse(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn https_needs_a_fingerprint_and_http_takes_none() {
        let print = Fingerprint::of(b"x").to_string();
        let link = Link::parse("10.0.0.5:8080", Some(&print)).unwrap();
        assert_eq!(link.base(), "https://10.0.0.5:8080");
        assert_eq!(
            Link::parse("127.0.0.1:8080", None).unwrap().base(),
            "http://127.0.0.1:8080"
        );
        let error = Link::parse("https://10.0.0.5:8080", None).unwrap_err();
        assert!(error.contains("--fingerprint"), "{error}");
        assert!(Link::parse("http://10.0.0.5:8080", Some(&print)).is_err());
        assert!(
            Link::parse("ftp://x:1", None)
                .unwrap_err()
                .contains("ftp://")
        );
        assert!(
            Link::parse("somewhere", None)
                .unwrap_err()
                .contains("HOST:PORT")
        );
    }
}
