//! Calling Retki's own server, for `retki lesson run --server`, `retki demo` and the tests:
//! one JSON request, its status and its answer, over a [`Link`] (plain HTTP on this machine,
//! HTTPS with the server's certificate pinned elsewhere).

use base64::Engine;
use retki_session::link::Link;

/// Sends `method path` with `headers` and a JSON `body` to the server at `link`; returns the
/// status and the answer's body, whatever the status.
pub fn request(
    link: &Link,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String), String> {
    let answer = link.request(method, path, headers, body)?;
    Ok((answer.status, answer.body))
}

/// Signs in to a session's dashboard at `board` (`/dashboard/SESSION`) with the teacher key,
/// as the dashboard's page does; returns the `Cookie` header's value that signs in later
/// requests.
pub fn sign_in_to_dashboard(link: &Link, board: &str, key: &str) -> Result<String, String> {
    let path = format!("{board}/sign-in");
    let answer = link.request("POST", &path, &[("content-type", "text/plain")], key)?;
    let cookie = answer
        .header("set-cookie")
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    match (answer.status, cookie) {
        (204, Some(cookie)) => Ok(cookie),
        (status, _) => Err(format!(
            "{}{path}: the dashboard did not sign in ({status})",
            link.base()
        )),
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
}
