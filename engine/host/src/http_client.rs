//! Calling Retki's own server on the school network (`http://` only), for `retki lesson run
//! --server`, `retki demo` and the tests: one JSON request, its status and its answer, over
//! `ureq`.

use std::time::Duration;

use base64::Engine;

/// How long to wait for the server, s.
const TIMEOUT_S: u64 = 30;

/// Sends `method path` with `headers` and a JSON `body` to the server at `base`
/// (`http://HOST:PORT`); returns the status and the answer's body, whatever the status.
pub fn request(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String), String> {
    if !base.starts_with("http://") {
        return Err(format!("{base}: give the server as http://HOST:PORT"));
    }
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .timeout_global(Some(Duration::from_secs(TIMEOUT_S)))
        .build()
        .into();
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(&url)
        .header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(body.to_owned())
        .map_err(|e| format!("{url}: {e}"))?;
    let mut answer = agent.run(request).map_err(|e| format!("{url}: {e}"))?;
    let status = answer.status().as_u16();
    let text = answer
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{url}: the answer: {e}"))?;
    Ok((status, text))
}

/// Signs in to a session's dashboard at `board` (`/dashboard/SESSION`) with the teacher key,
/// as the dashboard's page does; returns the `Cookie` header's value that signs in later
/// requests.
pub fn sign_in_to_dashboard(base: &str, board: &str, key: &str) -> Result<String, String> {
    let url = format!("{}{board}/sign-in", base.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(TIMEOUT_S)))
        .build()
        .into();
    let answer = agent
        .post(&url)
        .send(key)
        .map_err(|e| format!("{url}: {e}"))?;
    let cookie = answer
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    match (answer.status().as_u16(), cookie) {
        (204, Some(cookie)) => Ok(cookie),
        (status, _) => Err(format!("{url}: the dashboard did not sign in ({status})")),
    }
}

/// The `Authorization` header's value for HTTP Basic credentials (RFC 7617).
pub fn basic_auth(user: &str, secret: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
    format!("Basic {encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_credentials_are_rfc_7617() {
        // RFC 7617 section 2's example.
        assert_eq!(
            super::basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn only_http_servers() {
        let error = super::request("ftp://x", "GET", "/", &[], "").unwrap_err();
        assert!(error.contains("http://HOST:PORT"), "{error}");
    }
}
