//! The xAPI resources over HTTP, rule by rule from the specification (Communication part),
//! on SQLite and, where `RETKI_TEST_POSTGRES_URL` names a server, on PostgreSQL: paging with
//! `more`, the related filters, statements that target statements, the formats, attachments,
//! the document resources with their ETags, and what each role may read.

mod common;

use common::{client, did, encode, multipart, pupil, request, serve, stores, with};
use retki_portfolio::access::Role;
use serde_json::{Value, json};
use sha2::Digest;

const REGISTRATION: &str = "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6";
const OTHER_REGISTRATION: &str = "1e9f4a5b-2c3d-4e6f-9a71-8293a4b5c6d7";

fn ids(answer: &Value) -> Vec<String> {
    answer["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_filters_and_formats() {
    for t in stores("xapi-pages").await {
        let address = serve(&t.store).await;
        let service = client(&t.store, "class-server", Role::Service, None).await;
        let json_headers = with(&service, "Content-Type", "application/json");
        let batch: Vec<Value> = (0..7)
            .map(|n| {
                did(
                    &format!("p-{}", n % 3),
                    "experienced",
                    &format!("poi-{n}"),
                    REGISTRATION,
                )
            })
            .collect();
        let posted = request(
            &address,
            "POST",
            "/xapi/statements",
            &json_headers,
            json!(batch).to_string().as_bytes(),
        )
        .await;
        assert_eq!(posted.status, 200, "{}: {}", t.name, posted.text());
        let posted: Vec<String> = serde_json::from_value(posted.json()).unwrap();

        // Three pages of 3, 3 and 1, oldest first, each following the last's `more`.
        let mut path =
            format!("/xapi/statements?registration={REGISTRATION}&limit=3&ascending=true");
        let mut seen = Vec::new();
        let mut pages = 0;
        // A statement stored after the first page does not slip into the later ones.
        let mut late = None;
        loop {
            let page = request(&address, "GET", &path, &service, b"").await;
            assert_eq!(page.status, 200, "{}: {}", t.name, page.text());
            let through = page.header("x-experience-api-consistent-through").unwrap();
            let through = retki_portfolio::time::parse_iso8601(through).expect("a timestamp");
            let now = retki_portfolio::time::parse_iso8601(&retki_portfolio::time::now_iso8601());
            assert!(
                Some(through) <= now,
                "{}: consistent through the future",
                t.name
            );
            let body = page.json();
            seen.extend(ids(&body));
            pages += 1;
            if late.is_none() {
                let answer = request(
                    &address,
                    "POST",
                    "/xapi/statements",
                    &json_headers,
                    did("p-9", "experienced", "late", REGISTRATION)
                        .to_string()
                        .as_bytes(),
                )
                .await;
                late = Some(answer.json()[0].as_str().unwrap().to_string());
            }
            match body["more"].as_str().unwrap() {
                "" => break,
                more => path = more.to_string(),
            }
        }
        assert_eq!(pages, 3, "{}", t.name);
        assert_eq!(seen, posted, "{}: every statement once, in order", t.name);

        // related_activities finds a statement by its parent activity; without it, not.
        let mut child = did("p-1", "answered", "quiz-1", OTHER_REGISTRATION);
        child["context"]["contextActivities"] =
            json!({"parent": [{"id": "https://retki.example/activities/seabed"}]});
        let child_id = request(
            &address,
            "POST",
            "/xapi/statements",
            &json_headers,
            child.to_string().as_bytes(),
        )
        .await
        .json()[0]
            .as_str()
            .unwrap()
            .to_string();
        let activity = encode("https://retki.example/activities/seabed");
        let direct = request(
            &address,
            "GET",
            &format!("/xapi/statements?activity={activity}"),
            &service,
            b"",
        )
        .await;
        assert!(ids(&direct.json()).is_empty(), "{}", t.name);
        let related = request(
            &address,
            "GET",
            &format!("/xapi/statements?activity={activity}&related_activities=true"),
            &service,
            b"",
        )
        .await;
        assert_eq!(ids(&related.json()), [child_id.as_str()], "{}", t.name);

        // related_agents finds the instructor; the plain agent filter does not.
        let mut taught = did("p-2", "experienced", "wreck", OTHER_REGISTRATION);
        taught["context"]["instructor"] = pupil("t-lind");
        let taught_id = request(
            &address,
            "POST",
            "/xapi/statements",
            &json_headers,
            taught.to_string().as_bytes(),
        )
        .await
        .json()[0]
            .as_str()
            .unwrap()
            .to_string();
        let teacher = encode(&pupil("t-lind").to_string());
        let plain = request(
            &address,
            "GET",
            &format!("/xapi/statements?agent={teacher}"),
            &service,
            b"",
        )
        .await;
        assert!(ids(&plain.json()).is_empty(), "{}", t.name);
        let related = request(
            &address,
            "GET",
            &format!("/xapi/statements?agent={teacher}&related_agents=true"),
            &service,
            b"",
        )
        .await;
        assert_eq!(ids(&related.json()), [taught_id.as_str()], "{}", t.name);

        // A statement that targets another matches the filters the target matches.
        let comment = json!({
            "actor": pupil("t-lind"),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/commented"},
            "object": {"objectType": "StatementRef", "id": child_id}
        });
        let comment_id = request(
            &address,
            "POST",
            "/xapi/statements",
            &json_headers,
            comment.to_string().as_bytes(),
        )
        .await
        .json()[0]
            .as_str()
            .unwrap()
            .to_string();
        let by_registration = request(
            &address,
            "GET",
            &format!("/xapi/statements?registration={OTHER_REGISTRATION}"),
            &service,
            b"",
        )
        .await;
        let found = ids(&by_registration.json());
        assert!(
            found.contains(&comment_id) && found.contains(&child_id),
            "{}: {found:?}",
            t.name
        );

        // since/until with an offset are compared as instants.
        let far_future = encode("2999-01-01T02:00:00+02:00");
        let none = request(
            &address,
            "GET",
            &format!("/xapi/statements?since={far_future}"),
            &service,
            b"",
        )
        .await;
        assert!(ids(&none.json()).is_empty(), "{}", t.name);
        let all = request(
            &address,
            "GET",
            &format!("/xapi/statements?until={far_future}&limit=100"),
            &service,
            b"",
        )
        .await;
        assert_eq!(ids(&all.json()).len(), 11, "{}", t.name);

        // format=ids keeps identifiers; canonical keeps the language asked for.
        let one = format!("/xapi/statements?statementId={}", posted[0]);
        let exact = request(&address, "GET", &one, &service, b"").await.json();
        assert_eq!(exact["object"]["definition"]["name"]["fi"], "poi-0 (fi)");
        let ids_only = request(&address, "GET", &format!("{one}&format=ids"), &service, b"")
            .await
            .json();
        assert!(ids_only["object"].get("definition").is_none(), "{}", t.name);
        assert!(ids_only["verb"].get("display").is_none(), "{}", t.name);
        let finnish = request(
            &address,
            "GET",
            &format!("{one}&format=canonical"),
            &with(&service, "Accept-Language", "fi, en;q=0.5"),
            b"",
        )
        .await
        .json();
        assert_eq!(
            finnish["object"]["definition"]["name"],
            json!({"fi": "poi-0 (fi)"}),
            "{}",
            t.name
        );
        let bad = request(
            &address,
            "GET",
            &format!("{one}&format=everything"),
            &service,
            b"",
        )
        .await;
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json()["field"], "format");

        // GET activities gives the definition statements carried.
        let activity = request(
            &address,
            "GET",
            &format!(
                "/xapi/activities?activityId={}",
                encode("https://retki.example/activities/poi-3")
            ),
            &service,
            b"",
        )
        .await;
        assert_eq!(activity.status, 200);
        assert_eq!(activity.json()["definition"]["name"]["en"], "poi-3");
        let person = request(
            &address,
            "GET",
            &format!("/xapi/agents?agent={}", encode(&pupil("p-1").to_string())),
            &service,
            b"",
        )
        .await;
        assert_eq!(person.json()["objectType"], "Person");
        assert_eq!(person.json()["account"][0]["name"], "p-1");

        // A `more` link cannot be forged.
        let forged = request(
            &address,
            "GET",
            "/xapi/statements?more=bm90LWEtbGluaw",
            &service,
            b"",
        )
        .await;
        assert_eq!(forged.status, 400);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_travel_in_multipart_with_their_hashes_checked() {
    for t in stores("xapi-attachments").await {
        let address = serve(&t.store).await;
        let service = client(&t.store, "class-server", Role::Service, None).await;
        let snapshot: &[u8] = b"\x89PNG\r\n\x1a\n a snapshot of the wreck";
        let hash = common_hex(&sha2::Sha256::digest(snapshot));
        let mut statement = did("p-1", "experienced", "wreck", REGISTRATION);
        statement["attachments"] = json!([{
            "usageType": "https://retki.example/attachments/snapshot",
            "display": {"en": "Snapshot"},
            "contentType": "image/png",
            "length": snapshot.len(),
            "sha2": hash
        }]);

        // Declared but not sent: refused, nothing stored.
        let plain = request(
            &address,
            "POST",
            "/xapi/statements",
            &with(&service, "Content-Type", "application/json"),
            statement.to_string().as_bytes(),
        )
        .await;
        assert_eq!(plain.status, 400, "{}: {}", t.name, plain.text());
        assert_eq!(plain.json()["field"], "attachments[0]");
        // Sent with a hash that does not fit the bytes: refused.
        let wrong = common_hex(&sha2::Sha256::digest(b"something else"));
        let (content_type, body) = multipart(&statement, &[("image/png", snapshot, wrong)]);
        let answer = request(
            &address,
            "POST",
            "/xapi/statements",
            &with(&service, "Content-Type", &content_type),
            &body,
        )
        .await;
        assert_eq!(answer.status, 400, "{}: {}", t.name, answer.text());
        assert_eq!(t.store.count().await.unwrap(), 0, "{}", t.name);

        let (content_type, body) = multipart(&statement, &[("image/png", snapshot, hash.clone())]);
        let answer = request(
            &address,
            "POST",
            "/xapi/statements",
            &with(&service, "Content-Type", &content_type),
            &body,
        )
        .await;
        assert_eq!(answer.status, 200, "{}: {}", t.name, answer.text());
        let id = answer.json()[0].as_str().unwrap().to_string();

        let back = request(
            &address,
            "GET",
            &format!("/xapi/statements?statementId={id}&attachments=true"),
            &service,
            b"",
        )
        .await;
        assert_eq!(back.status, 200);
        assert!(
            back.header("content-type")
                .unwrap()
                .starts_with("multipart/mixed"),
            "{:?}",
            back.headers
        );
        let text = back.body.clone();
        let at = text.windows(snapshot.len()).position(|w| w == snapshot);
        assert!(at.is_some(), "{}: the attachment's bytes come back", t.name);
        let head = String::from_utf8_lossy(&text);
        assert!(
            head.contains(&format!("X-Experience-API-Hash: {hash}")),
            "{}",
            t.name
        );
    }
}

fn common_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_keep_their_etags_and_refuse_lost_updates() {
    for t in stores("xapi-documents").await {
        let address = serve(&t.store).await;
        let service = client(&t.store, "class-server", Role::Service, None).await;
        let json_headers = with(&service, "Content-Type", "application/json");
        let activity = encode("https://retki.example/trips/seabed");
        let agent = encode(&pupil("p-1").to_string());
        let state = format!(
            "/xapi/activities/state?activityId={activity}&agent={agent}&registration={REGISTRATION}"
        );

        // State: PUT, GET back with the same bytes and an ETag, POST merges, list, delete.
        let put = request(
            &address,
            "PUT",
            &format!("{state}&stateId=progress"),
            &json_headers,
            br#"{"visited": ["wreck"]}"#,
        )
        .await;
        assert_eq!(put.status, 204, "{}: {}", t.name, put.text());
        let got = request(
            &address,
            "GET",
            &format!("{state}&stateId=progress"),
            &service,
            b"",
        )
        .await;
        assert_eq!(got.body, br#"{"visited": ["wreck"]}"#);
        assert_eq!(got.header("etag"), put.header("etag"));
        assert!(got.header("last-modified").unwrap().ends_with("GMT"));
        let merged = request(
            &address,
            "POST",
            &format!("{state}&stateId=progress"),
            &json_headers,
            br#"{"seat": "window"}"#,
        )
        .await;
        assert_eq!(merged.status, 204);
        let got = request(
            &address,
            "GET",
            &format!("{state}&stateId=progress"),
            &service,
            b"",
        )
        .await
        .json();
        assert_eq!(
            got,
            json!({"visited": ["wreck"], "seat": "window"}),
            "{}",
            t.name
        );
        let not_json = request(
            &address,
            "POST",
            &format!("{state}&stateId=progress"),
            &with(&service, "Content-Type", "text/plain"),
            b"hello",
        )
        .await;
        assert_eq!(not_json.status, 400, "{}", t.name);
        request(
            &address,
            "PUT",
            &format!("{state}&stateId=notes"),
            &with(&service, "Content-Type", "text/plain"),
            b"bubbles",
        )
        .await;
        let list = request(&address, "GET", &state, &service, b"").await.json();
        assert_eq!(list, json!(["notes", "progress"]), "{}", t.name);
        assert_eq!(
            request(&address, "DELETE", &state, &service, b"")
                .await
                .status,
            204
        );
        assert_eq!(
            request(
                &address,
                "GET",
                &format!("{state}&stateId=notes"),
                &service,
                b""
            )
            .await
            .status,
            404
        );

        // Activity profile: concurrency is required.
        let profile = format!("/xapi/activities/profile?activityId={activity}&profileId=guide");
        let first = request(
            &address,
            "PUT",
            &profile,
            &with(&json_headers, "If-None-Match", "*"),
            br#"{"version": 1}"#,
        )
        .await;
        assert_eq!(first.status, 204, "{}: {}", t.name, first.text());
        let etag = first.header("etag").unwrap().to_string();
        let blind = request(
            &address,
            "PUT",
            &profile,
            &json_headers,
            br#"{"version": 2}"#,
        )
        .await;
        assert_eq!(
            blind.status, 409,
            "{}: overwriting without If-Match",
            t.name
        );
        let again = request(
            &address,
            "PUT",
            &profile,
            &with(&json_headers, "If-None-Match", "*"),
            br#"{"version": 2}"#,
        )
        .await;
        assert_eq!(again.status, 412, "{}", t.name);
        let stale = request(
            &address,
            "PUT",
            &profile,
            &with(&json_headers, "If-Match", "\"0000\""),
            br#"{"version": 2}"#,
        )
        .await;
        assert_eq!(stale.status, 412, "{}", t.name);
        let fresh = request(
            &address,
            "PUT",
            &profile,
            &with(&json_headers, "If-Match", &etag),
            br#"{"version": 2}"#,
        )
        .await;
        assert_eq!(fresh.status, 204, "{}", t.name);
        let got = request(&address, "GET", &profile, &service, b"")
            .await
            .json();
        assert_eq!(got, json!({"version": 2}));
        let stale_delete = request(
            &address,
            "DELETE",
            &profile,
            &with(&service, "If-Match", &etag),
            b"",
        )
        .await;
        assert_eq!(stale_delete.status, 412, "{}", t.name);

        // Agent profile, and parameters checked.
        let agent_profile = format!("/xapi/agents/profile?agent={agent}&profileId=settings");
        assert_eq!(
            request(
                &address,
                "PUT",
                &agent_profile,
                &with(&json_headers, "If-None-Match", "*"),
                br#"{"subtitles": true}"#
            )
            .await
            .status,
            204
        );
        assert_eq!(
            request(&address, "GET", &agent_profile, &service, b"")
                .await
                .json(),
            json!({"subtitles": true})
        );
        let bad_agent = request(
            &address,
            "GET",
            "/xapi/agents/profile?agent=%7B%7D",
            &service,
            b"",
        )
        .await;
        assert_eq!(bad_agent.status, 400);
        assert_eq!(bad_agent.json()["field"], "agent");
        let no_activity = request(
            &address,
            "GET",
            &format!("/xapi/activities/state?agent={agent}"),
            &service,
            b"",
        )
        .await;
        assert_eq!(no_activity.status, 400);
        assert_eq!(no_activity.json()["field"], "activityId");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_reads_only_the_statements_it_may() {
    for t in stores("xapi-roles").await {
        let address = serve(&t.store).await;
        t.store
            .add_to_class("7B", &["7b-01".into(), "7b-02".into()], &["t-lind".into()])
            .await
            .unwrap();
        t.store
            .add_to_class("7C", &["7c-01".into()], &["t-berg".into()])
            .await
            .unwrap();
        let service = client(&t.store, "class-server", Role::Service, None).await;
        let own = client(&t.store, "pupil-7b-01", Role::Pupil, Some("7b-01")).await;
        let teacher_7c = client(&t.store, "teacher-berg", Role::Teacher, Some("t-berg")).await;
        let teacher_7b = client(&t.store, "teacher-lind", Role::Teacher, Some("t-lind")).await;
        let json_headers = with(&service, "Content-Type", "application/json");
        let batch = json!([
            did("7b-01", "experienced", "wreck", REGISTRATION),
            did("7b-02", "experienced", "wreck", REGISTRATION),
            did("7c-01", "experienced", "wreck", REGISTRATION),
        ]);
        let posted: Vec<String> = serde_json::from_value(
            request(
                &address,
                "POST",
                "/xapi/statements",
                &json_headers,
                batch.to_string().as_bytes(),
            )
            .await
            .json(),
        )
        .unwrap();

        let all = format!("/xapi/statements?registration={REGISTRATION}&ascending=true");
        assert_eq!(
            ids(&request(&address, "GET", &all, &own, b"").await.json()),
            [posted[0].clone()]
        );
        assert_eq!(
            ids(&request(&address, "GET", &all, &teacher_7b, b"")
                .await
                .json()),
            posted[..2].to_vec()
        );
        assert_eq!(
            ids(&request(&address, "GET", &all, &teacher_7c, b"")
                .await
                .json()),
            [posted[2].clone()]
        );
        // Asking by id for another class's statement finds nothing.
        let across = request(
            &address,
            "GET",
            &format!("/xapi/statements?statementId={}", posted[0]),
            &teacher_7c,
            b"",
        )
        .await;
        assert_eq!(across.status, 404, "{}", t.name);
        // A more link made for one caller gives nothing extra to another.
        let page = request(&address, "GET", &format!("{all}&limit=1"), &teacher_7b, b"")
            .await
            .json();
        let more = page["more"].as_str().unwrap().to_string();
        let reused = request(&address, "GET", &more, &teacher_7c, b"")
            .await
            .json();
        assert!(ids(&reused).iter().all(|id| id == &posted[2]), "{}", t.name);
        // Pupils and teachers do not write statements or documents.
        let write = request(
            &address,
            "POST",
            "/xapi/statements",
            &with(&own, "Content-Type", "application/json"),
            did("7b-01", "completed", "wreck", REGISTRATION)
                .to_string()
                .as_bytes(),
        )
        .await;
        assert_eq!(write.status, 403, "{}", t.name);
        assert_eq!(t.store.count().await.unwrap(), 3);
    }
}
