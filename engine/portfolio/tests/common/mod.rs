//! What the portfolio's integration tests share: stores on each backend, the server run in
//! the test's own runtime, an HTTP client that shows exactly what went over the wire, and
//! credentials for each role.

#![allow(dead_code)]

use base64::Engine;
use retki_portfolio::access::Role;
use retki_portfolio::http::{Api, router};
use retki_portfolio::store::Store;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A store to test and the address it was opened with.
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// Its address, to look at its tables directly.
    pub url: String,
    /// Which backend, for messages.
    pub name: &'static str,
}

/// The stores to test: a fresh SQLite file, and, if a PostgreSQL server is offered
/// (`RETKI_TEST_POSTGRES_URL`), a fresh schema of its own there, so tests running side by side
/// do not share tables.
pub async fn stores(name: &str) -> Vec<TestStore> {
    let dir = std::env::temp_dir().join(format!("retki-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("portfolio.db").display());
    let mut stores = vec![TestStore {
        store: Store::open(&url).await.expect("a SQLite store"),
        url,
        name: "SQLite",
    }];
    if let Ok(url) = std::env::var("RETKI_TEST_POSTGRES_URL") {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let schema = format!("retki_test_{}", name.replace('-', "_"));
        let mut admin = sqlx::AnyConnection::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("RETKI_TEST_POSTGRES_URL={url:?} does not answer: {e}"));
        for sql in [
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            format!("CREATE SCHEMA {schema}"),
        ] {
            sqlx::query(&sql).execute(&mut admin).await.unwrap();
        }
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        stores.push(TestStore {
            store: Store::open(&url).await.expect("the PostgreSQL store"),
            url,
            name: "PostgreSQL",
        });
    }
    stores
}

/// Serves `store` on a free local port from this runtime; returns the address.
pub async fn serve(store: &Store) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = router(Api::new(store.clone(), format!("http://{address}")));
    tokio::spawn(async move { axum::serve(listener, app).await });
    address.to_string()
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on its own connection.
pub async fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    // A server that refuses a body as too large may answer and close before reading it all.
    let _ = stream.write_all(&bytes).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = answer.get(split + 4..).unwrap_or_default().to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
    out
}

/// Credentials for a new client of `role` acting for `subject`: the headers an xAPI request
/// signs in with.
pub async fn client(
    store: &Store,
    name: &str,
    role: Role,
    subject: Option<&str>,
) -> Vec<(&'static str, String)> {
    let (key, secret) = store.create_client(name, role, subject).await.unwrap();
    vec![
        ("X-Experience-API-Version", "1.0.3".to_string()),
        ("Authorization", basic(&key, &secret)),
    ]
}

/// The `Authorization` header for `key` and `secret`.
pub fn basic(key: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"))
    )
}

/// `headers` with one more.
pub fn with(
    headers: &[(&'static str, String)],
    name: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    let mut out = headers.to_vec();
    out.push((name, value.to_string()));
    out
}

/// `text` percent-encoded for a query parameter.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The school's account for learner `id`.
pub fn pupil(id: &str) -> Value {
    json!({"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": id}})
}

/// Learner `who` did `verb` to `activity` in `registration`.
pub fn did(who: &str, verb: &str, activity: &str, registration: &str) -> Value {
    json!({
        "actor": pupil(who),
        "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}"),
                 "display": {"en-US": verb}},
        "object": {"objectType": "Activity",
                   "id": format!("https://retki.example/activities/{activity}"),
                   "definition": {"name": {"en": activity, "fi": format!("{activity} (fi)")}}},
        "context": {"registration": registration}
    })
}

/// A multipart/mixed body: the statement, then each attachment with its hash header.
pub fn multipart(statement: &Value, parts: &[(&str, &[u8], String)]) -> (String, Vec<u8>) {
    let boundary = "retki-test-boundary";
    let mut body = format!("--{boundary}\r\nContent-Type: application/json\r\n\r\n{statement}\r\n")
        .into_bytes();
    for (content_type, bytes, hash) in parts {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Type: {content_type}\r\n\
            Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {hash}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/mixed; boundary={boundary}"), body)
}
