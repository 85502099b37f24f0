//! multipart/mixed bodies (RFC 2046), as xAPI sends statements with their attachments
//! (Communication part 1.5.2): first the statements as JSON, then one part per attachment,
//! each with `X-Experience-API-Hash`, the SHA-2 of its bytes, which is checked here.

use serde_json::Value;
use sha2::Digest;

use super::ApiError;
use crate::store::hex;
use crate::store::statements::Attachment;

/// A parsed multipart/mixed request.
#[derive(Debug)]
pub(super) struct Parts {
    /// The first part: the statements.
    pub json: Vec<u8>,
    /// The rest, each checked against its hash.
    pub attachments: Vec<Attachment>,
}

/// A part's headers: names in lower case, and values.
type Headers = Vec<(String, String)>;

fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}

/// The SHA-2 of `bytes` with the variant whose length `hash` has, in hexadecimal.
fn sha2_like(hash: &str, bytes: &[u8]) -> Option<String> {
    Some(match hash.len() {
        56 => hex(&sha2::Sha224::digest(bytes)),
        64 => hex(&sha2::Sha256::digest(bytes)),
        96 => hex(&sha2::Sha384::digest(bytes)),
        128 => hex(&sha2::Sha512::digest(bytes)),
        _ => return None,
    })
}

/// Splits a multipart/mixed body and checks each attachment's hash.
pub(super) fn parse(content_type: &str, body: &[u8]) -> Result<Parts, ApiError> {
    let part_error = |n: usize, message: String| ApiError::field(&format!("part {n}"), message);
    let boundary = boundary(content_type).ok_or_else(|| {
        ApiError::field("Content-Type", "multipart/mixed needs a boundary parameter")
    })?;
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0)
        .ok_or_else(|| ApiError::field("body", format!("no '{delimiter}' line in the body")))?;
    let mut parts: Vec<(Headers, &[u8])> = Vec::new();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            break;
        }
        let start = find(body, b"\r\n", at)
            .map(|p| p + 2)
            .ok_or_else(|| part_error(parts.len(), "the delimiter line does not end".into()))?;
        let head_end = find(body, b"\r\n\r\n", start)
            .ok_or_else(|| part_error(parts.len(), "its headers do not end".into()))?;
        let end = find(body, format!("\r\n{delimiter}").as_bytes(), head_end)
            .ok_or_else(|| part_error(parts.len(), format!("it is not closed by '{delimiter}'")))?;
        let headers = String::from_utf8_lossy(&body[start..head_end])
            .lines()
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
            })
            .collect();
        parts.push((headers, &body[head_end + 4..end]));
        at = end + 2;
    }
    let header = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let Some((first_headers, json)) = parts.first() else {
        return Err(ApiError::field("body", "the multipart body has no parts"));
    };
    if !header(first_headers, "content-type").is_some_and(|t| t.starts_with("application/json")) {
        return Err(part_error(
            0,
            "the first part must be the statements, Content-Type: application/json".into(),
        ));
    }
    let mut attachments = Vec::new();
    for (n, (headers, bytes)) in parts.iter().enumerate().skip(1) {
        let hash = header(headers, "x-experience-api-hash").ok_or_else(|| {
            part_error(
                n,
                "X-Experience-API-Hash, the SHA-2 of its bytes, is missing".into(),
            )
        })?;
        if let Some(encoding) = header(headers, "content-transfer-encoding")
            && !encoding.eq_ignore_ascii_case("binary")
        {
            return Err(part_error(
                n,
                format!("Content-Transfer-Encoding is '{encoding}'; xAPI sends binary"),
            ));
        }
        let actual = sha2_like(&hash, bytes)
            .ok_or_else(|| part_error(n, format!("'{hash}' is not a SHA-2 hash in hexadecimal")))?;
        if !actual.eq_ignore_ascii_case(&hash) {
            return Err(part_error(
                n,
                format!("its bytes hash to {actual}, not the {hash} its header gives"),
            ));
        }
        attachments.push(Attachment {
            sha2: hash.to_ascii_lowercase(),
            content_type: header(headers, "content-type")
                .unwrap_or_else(|| "application/octet-stream".into()),
            content: bytes.to_vec(),
        });
    }
    Ok(Parts {
        json: json.to_vec(),
        attachments,
    })
}

/// `json` and `attachments` as one multipart/mixed body; returns its Content-Type and bytes.
pub(super) fn write(json: &Value, attachments: &[Attachment]) -> (String, Vec<u8>) {
    let boundary = format!("retki-{}", uuid::Uuid::new_v4().simple());
    let mut out = Vec::new();
    out.extend_from_slice(
        format!("--{boundary}\r\nContent-Type: application/json\r\n\r\n{json}\r\n").as_bytes(),
    );
    for attachment in attachments {
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: binary\r\n\
                 X-Experience-API-Hash: {}\r\n\r\n",
                attachment.content_type, attachment.sha2
            )
            .as_bytes(),
        );
        out.extend_from_slice(&attachment.content);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/mixed; boundary={boundary}"), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_is_written_parses_back_and_a_wrong_hash_is_refused() {
        let picture = b"\x89PNG\r\n\x1a\n not really".to_vec();
        let attachment = Attachment {
            sha2: hex(&sha2::Sha256::digest(&picture)),
            content_type: "image/png".into(),
            content: picture,
        };
        let (content_type, body) = write(&json!({"a": 1}), std::slice::from_ref(&attachment));
        let parts = parse(&content_type, &body).unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&parts.json).unwrap(),
            json!({"a": 1})
        );
        assert_eq!(parts.attachments, vec![attachment.clone()]);

        let tampered = String::from_utf8_lossy(&body).replace("not really", "not REALLY");
        let error = parse(&content_type, tampered.as_bytes()).unwrap_err();
        assert!(error.message.contains("part 1"), "{}", error.message);
        assert!(parse("multipart/mixed", &body).is_err());
        assert!(parse(&content_type, b"no delimiters").is_err());
    }
}
