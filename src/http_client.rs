//! A plain HTTP/1.1 client for Retki's own server on the school network (`http://` only):
//! enough for `retki lesson --server` and `retki demo` to call its JSON API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long to wait for the server, s.
const TIMEOUT_S: u64 = 30;

/// Sends `method path` with `headers` and a JSON `body` to the server at `base`
/// (`http://HOST:PORT`); returns the status and the answer's body.
pub fn request(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String), String> {
    let host = base
        .strip_prefix("http://")
        .ok_or_else(|| format!("{base}: give the server as http://HOST:PORT"))?
        .trim_end_matches('/');
    let fail = |e: std::io::Error| format!("{base}: {e}");
    let mut stream = TcpStream::connect(host).map_err(fail)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(TIMEOUT_S)))
        .map_err(fail)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes()).map_err(fail)?;
    stream.write_all(body.as_bytes()).map_err(fail)?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).map_err(fail)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{base}: not an HTTP answer: {status_line:?}"))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(fail)? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut answer = Vec::new();
    match length {
        Some(n) => {
            answer.resize(n, 0);
            reader.read_exact(&mut answer).map_err(fail)?;
        }
        None => {
            reader.read_to_end(&mut answer).map_err(fail)?;
        }
    }
    Ok((status, String::from_utf8_lossy(&answer).into_owned()))
}

/// Standard base64 (RFC 4648) of `bytes`, for HTTP Basic credentials.
pub fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
