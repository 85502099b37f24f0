//! Posting an xAPI 1.0.3 statement to Retki's portfolio store over HTTP and reading it back:
//! a fresh SQLite store in a temporary folder, its HTTP API on a loopback port, and a
//! service credential as a learning tool or a district's store would hold one. The learner
//! is a pseudonymous account, as in every Retki statement.
//!
//! Run: `cargo run --example xapi_statement`

use std::process::ExitCode;

use retki_host::http_client::{basic_auth, request};
use retki_portfolio::access::Role;
use retki_portfolio::http::{Api, router};
use retki_portfolio::store::Store;
use serde_json::{Value, json};

/// The statement's id, chosen by the sender so that a retry stores it once.
const STATEMENT_ID: &str = "6f9619ff-8b86-4011-b42d-00cf4fc964ff";

fn main() -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("an async runtime");
    let folder = std::env::temp_dir().join(format!("retki-example-xapi-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let url = format!("sqlite://{}", folder.join("portfolio.db").display());

    let (address, auth) = runtime.block_on(async {
        let store = Store::open(&url).await.expect("a SQLite store");
        let (key, secret) = store
            .create_client("example tool", Role::Service, None)
            .await
            .expect("a service credential");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let api = router(Api::new(store, address.clone()));
        tokio::spawn(async move { axum::serve(listener, api).await });
        (address, basic_auth(&key, &secret))
    });
    let headers = [
        ("Authorization", auth.as_str()),
        ("X-Experience-API-Version", "1.0.3"),
    ];

    let statement = json!({
        "id": STATEMENT_ID,
        "actor": {
            "objectType": "Agent",
            "account": { "homePage": address, "name": "pupil-7f3a" }
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": { "en": "experienced" }
        },
        "object": {
            "id": "https://retki.example/places/lunar/pois/landing_site",
            "definition": { "name": { "en": "The landing site" } }
        }
    });
    let server = retki_session::link::Link::parse(&address, None).expect("an http:// address");
    let posted = request(
        &server,
        "POST",
        "/xapi/statements",
        &headers,
        &statement.to_string(),
    );
    match posted {
        Ok((200, body)) => println!("stored: {body}"),
        Ok((status, body)) => return fail(&format!("the store refused it ({status}): {body}")),
        Err(e) => return fail(&e),
    }

    let path = format!("/xapi/statements?statementId={STATEMENT_ID}");
    let read = match request(&server, "GET", &path, &headers, "") {
        Ok((200, body)) => serde_json::from_str::<Value>(&body).unwrap_or_default(),
        Ok((status, body)) => return fail(&format!("reading it back failed ({status}): {body}")),
        Err(e) => return fail(&e),
    };
    println!(
        "read back: {} {} {} (stored {})",
        read["actor"]["account"]["name"],
        read["verb"]["display"]["en"],
        read["object"]["definition"]["name"]["en"],
        read["stored"]
    );
    if read["verb"] != statement["verb"] {
        return fail("the statement came back changed");
    }
    let _ = std::fs::remove_dir_all(&folder);
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
