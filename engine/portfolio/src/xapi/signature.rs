//! Signed statements (xAPI 1.0.3, Data 2.6): a statement may carry a JSON Web Signature of
//! itself as an attachment. The store checks what the specification asks of it (ADL
//! XAPI-00113 … XAPI-00118): the attachment is a JWS in compact serialization, signed with
//! RS256, RS384 or RS512, and its payload is the statement as it was before the signature
//! was added. Verifying the signer's key is the reader's business: the store keeps the
//! signature as it came.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The usage type of a signature attachment.
pub const SIGNATURE_USAGE: &str = "http://adlnet.gov/expapi/attachments/signature";
/// The algorithms a signature may use (RSA with SHA-256, -384 or -512).
pub const ALGORITHMS: [&str; 3] = ["RS256", "RS384", "RS512"];

/// Whether `attachment` (a statement's attachment object) is a signature.
pub fn is_signature(attachment: &Value) -> bool {
    attachment["usageType"] == SIGNATURE_USAGE
}

/// Checks the signature `jws` (the attachment's bytes) of `statement`; the error says what
/// is wrong with it.
pub fn check(statement: &Value, jws: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(jws)
        .map_err(|_| "the signature is not text, as a JWS in compact serialization is")?;
    let parts: Vec<&str> = text.trim().split('.').collect();
    if parts.len() != 3 || parts.iter().any(|part| part.is_empty()) {
        return Err("the signature is not a JWS in compact serialization \
                    (header.payload.signature, each base64url)"
            .into());
    }
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| format!("the signature's {what} is not base64url"))
    };
    let header: Value = serde_json::from_slice(&decode(parts[0], "header")?)
        .map_err(|_| "the signature's header is not JSON")?;
    let algorithm = header["alg"].as_str().unwrap_or_default();
    if !ALGORITHMS.contains(&algorithm) {
        return Err(format!(
            "the signature's algorithm '{algorithm}' is not one of {}",
            ALGORITHMS.join(", ")
        ));
    }
    let payload: Value = serde_json::from_slice(&decode(parts[1], "payload")?)
        .map_err(|_| "the signature's payload is not a JSON statement")?;
    decode(parts[2], "signature")?;
    if comparable(&unsigned(statement), &payload) != comparable(&payload, &payload) {
        return Err(
            "the signature's payload is not this statement as it was before it was \
                    signed"
                .into(),
        );
    }
    Ok(())
}

/// `statement` without its signature attachments (and without `attachments` if none is left).
fn unsigned(statement: &Value) -> Value {
    let mut out = statement.clone();
    if let Some(object) = out.as_object_mut() {
        let left: Vec<Value> = object
            .get("attachments")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter(|a| !is_signature(a)).cloned().collect())
            .unwrap_or_default();
        if left.is_empty() {
            object.remove("attachments");
        } else {
            object.insert("attachments".into(), Value::Array(left));
        }
    }
    out
}

/// `statement` without what a store adds (`stored`, `authority`, `version`), and without its
/// `id` where the signed `payload` has none.
fn comparable(statement: &Value, payload: &Value) -> Value {
    let mut out = statement.clone();
    if let Some(object) = out.as_object_mut() {
        for key in ["stored", "authority", "version"] {
            object.remove(key);
        }
        if payload.get("id").is_none() {
            object.remove("id");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jws(header: &Value, payload: &Value) -> String {
        let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.{}",
            part(header),
            part(payload),
            URL_SAFE_NO_PAD.encode([7u8; 256])
        )
    }

    #[test]
    fn a_signature_is_a_compact_rs_jws_of_the_statement_before_signing() {
        let unsigned = json!({
            "actor": {"mbox": "mailto:teacher@koulu.example"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/attested"},
            "object": {"id": "https://retki.example/activities/a"}
        });
        let mut signed = unsigned.clone();
        signed["attachments"] = json!([{"usageType": SIGNATURE_USAGE, "sha2": "x"}]);
        signed["id"] = json!("5d1c7a3e-8f2b-4c6d-9e0a-1b2c3d4e5f60");
        let good = jws(&json!({"alg": "RS256"}), &unsigned);
        assert_eq!(check(&signed, good.as_bytes()), Ok(()));
        let weak = jws(&json!({"alg": "HS256"}), &unsigned);
        assert!(
            check(&signed, weak.as_bytes())
                .unwrap_err()
                .contains("HS256")
        );
        let mut other = unsigned.clone();
        other["verb"]["id"] = json!("http://adlnet.gov/expapi/verbs/voided");
        let forged = jws(&json!({"alg": "RS512"}), &other);
        assert!(
            check(&signed, forged.as_bytes())
                .unwrap_err()
                .contains("payload")
        );
        for broken in ["", "a.b", "a..c", "not base64!.x.y"] {
            assert!(check(&signed, broken.as_bytes()).is_err(), "{broken}");
        }
    }
}
