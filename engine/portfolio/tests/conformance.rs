//! The xAPI 1.0.3 requirements a conformance tool checks, each test naming the section of the
//! specification and ADL's requirement ids (XAPI-00017 … XAPI-00336) it follows, on SQLite
//! and, where `RETKI_TEST_POSTGRES_URL` names a server, on PostgreSQL.

mod common;

use common::{client, did, encode, multipart, pupil, request, serve, stores, with};
use retki_portfolio::access::Role;
use serde_json::{Value, json};

const REGISTRATION: &str = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";

/// The headers of an administrator's JSON request.
async fn admin(store: &retki_portfolio::store::Store) -> Vec<(&'static str, String)> {
    let headers = client(store, "conformance", Role::Admin, None).await;
    with(&headers, "Content-Type", "application/json")
}

/// POSTs `statement` and gives the answer's status and body text.
async fn post(
    address: &str,
    headers: &[(&'static str, String)],
    statement: &Value,
) -> (u16, String) {
    let answer = request(
        address,
        "POST",
        "/xapi/statements",
        headers,
        statement.to_string().as_bytes(),
    )
    .await;
    (answer.status, answer.text())
}

/// A learner's statement whose activity has `definition`.
fn defined(definition: Value) -> Value {
    let mut statement = did("p-1", "answered", "quiz-1", REGISTRATION);
    statement["object"]["definition"] = definition;
    statement
}

/// Communication 2.1.3 (XAPI-00160, XAPI-00161): every answer to a GET of statements says how
/// far the store is consistent, the refusals and the not-found as well.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_to_a_get_of_statements_says_how_far_the_store_is_consistent() {
    for t in stores("conformance-consistent").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let (status, body) = post(
            &address,
            &headers,
            &did("p-1", "experienced", "a", REGISTRATION),
        )
        .await;
        assert_eq!(status, 200, "{}: {body}", t.name);
        let id: Vec<String> = serde_json::from_str(&body).unwrap();
        let unknown = "0f0e0d0c-0b0a-4908-8706-050403020100";
        for (path, expected) in [
            (format!("/xapi/statements?statementId={}", id[0]), 200),
            (format!("/xapi/statements?statementId={unknown}"), 404),
            (
                format!(
                    "/xapi/statements?statementId={}&agent={}",
                    id[0],
                    encode(&pupil("p-1").to_string())
                ),
                400,
            ),
            (
                format!("/xapi/statements?voidedStatementId={}&verb=x", id[0]),
                400,
            ),
            ("/xapi/statements?statementId=not-a-uuid".to_string(), 400),
            ("/xapi/statements?limit=many".to_string(), 400),
            ("/xapi/statements".to_string(), 200),
        ] {
            let answer = request(&address, "GET", &path, &headers, b"").await;
            assert_eq!(
                answer.status,
                expected,
                "{}: {path}: {}",
                t.name,
                answer.text()
            );
            let through = answer
                .header("x-experience-api-consistent-through")
                .unwrap_or_else(|| panic!("{}: {path}: no consistent-through", t.name));
            assert!(
                retki_portfolio::time::parse_iso8601(through).is_some(),
                "{}: {through}",
                t.name
            );
        }
    }
}

/// Data 2.4.4.1 (XAPI-00039 … XAPI-00044): the interaction properties of an activity's
/// definition come with an interaction type, and each component list only with the types that
/// use it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interaction_components_need_an_interaction_type_they_fit() {
    for t in stores("conformance-interactions").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let choices = json!([{"id": "a", "description": {"en": "A"}}, {"id": "b"}]);
        let pairs = json!([{"id": "x"}, {"id": "y"}]);
        for (definition, expected) in [
            (
                json!({"interactionType": "choice", "choices": choices, "correctResponsesPattern": ["a"]}),
                200,
            ),
            (
                json!({"interactionType": "sequencing", "choices": choices}),
                200,
            ),
            (json!({"interactionType": "likert", "scale": choices}), 200),
            (
                json!({"interactionType": "matching", "source": pairs, "target": pairs}),
                200,
            ),
            (
                json!({"interactionType": "performance", "steps": pairs}),
                200,
            ),
            (
                json!({"interactionType": "true-false", "correctResponsesPattern": ["true"]}),
                200,
            ),
            (json!({"choices": choices}), 400),
            (json!({"correctResponsesPattern": ["a"]}), 400),
            (json!({"scale": choices}), 400),
            (json!({"steps": pairs}), 400),
            (
                json!({"interactionType": "likert", "choices": choices}),
                400,
            ),
            (json!({"interactionType": "choice", "scale": choices}), 400),
            (
                json!({"interactionType": "true-false", "steps": pairs}),
                400,
            ),
            (
                json!({"interactionType": "matching", "choices": choices}),
                400,
            ),
        ] {
            let (status, body) = post(&address, &headers, &defined(definition.clone())).await;
            assert_eq!(status, expected, "{}: {definition}: {body}", t.name);
            if expected == 400 {
                assert!(
                    body.contains("object.definition."),
                    "{}: names the field: {body}",
                    t.name
                );
            }
        }
    }
}

/// Data 2.4.6.2 (XAPI-00094): a context activity sent as one object is stored, and comes
/// back, as a list of one, in a statement and in its sub-statement; sending the same statement
/// again is not a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_context_activity_comes_back_as_a_list() {
    for t in stores("conformance-context").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let lesson = json!({"id": "https://retki.example/lessons/moon"});
        let mut statement = did("p-1", "experienced", "crater", REGISTRATION);
        statement["id"] = json!("5d1c7a3e-8f2b-4c6d-9e0a-1b2c3d4e5f60");
        statement["context"]["contextActivities"] =
            json!({"parent": lesson, "grouping": [lesson], "category": lesson, "other": lesson});
        let mut inner = did("p-2", "experienced", "boulder", REGISTRATION);
        inner["objectType"] = json!("SubStatement");
        inner["context"]["contextActivities"] = json!({"parent": lesson});
        let mut planned = did("p-1", "planned", "x", REGISTRATION);
        planned["id"] = json!("6e2d8b4f-9a3c-4d7e-8f1b-2c3d4e5f6071");
        planned["object"] = inner;
        for s in [&statement, &planned] {
            for _ in 0..2 {
                let (status, body) = post(&address, &headers, s).await;
                assert_eq!(status, 200, "{}: {body}", t.name);
            }
            let answer = request(
                &address,
                "GET",
                &format!("/xapi/statements?statementId={}", s["id"].as_str().unwrap()),
                &headers,
                b"",
            )
            .await;
            let back = answer.json();
            let context = if back["object"]["objectType"] == "SubStatement" {
                &back["object"]["context"]["contextActivities"]
            } else {
                &back["context"]["contextActivities"]
            };
            for (key, list) in context.as_object().unwrap() {
                assert_eq!(list, &json!([lesson]), "{}: {key} is a list of one", t.name);
            }
        }
    }
}

/// Data 2.4.9 (XAPI-00098 … XAPI-00100): an authority that is a Group is anonymous and has
/// exactly two Agents.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authority_group_is_an_anonymous_pair_of_agents() {
    for t in stores("conformance-authority").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let agent = |name: &str| json!({"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": name}});
        for (authority, expected) in [
            (
                json!({"objectType": "Group", "member": [agent("app"), agent("teacher")]}),
                200,
            ),
            (agent("app"), 200),
            (
                json!({"objectType": "Group", "member": [agent("app")]}),
                400,
            ),
            (
                json!({"objectType": "Group", "member": [agent("a"), agent("b"), agent("c")]}),
                400,
            ),
            (
                json!({"objectType": "Group", "mbox": "mailto:class@koulu.example", "member": [agent("a"), agent("b")]}),
                400,
            ),
        ] {
            let mut statement = did("p-1", "experienced", "a", REGISTRATION);
            statement["authority"] = authority.clone();
            let (status, body) = post(&address, &headers, &statement).await;
            assert_eq!(status, expected, "{}: {authority}: {body}", t.name);
            if expected == 400 {
                assert!(body.contains("authority"), "{}: {body}", t.name);
            }
        }
    }
}

/// Data 4.6 (XAPI-00214): a duration counts weeks on their own; `P4W1D` is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weeks_are_not_mixed_with_other_units_in_a_duration() {
    for t in stores("conformance-duration").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        for (duration, expected) in [
            ("P4W", 200),
            ("P4W1D", 400),
            ("P1WT1H", 400),
            ("P4DT1H", 200),
        ] {
            let mut statement = did("p-1", "completed", "a", REGISTRATION);
            statement["result"] = json!({"duration": duration});
            let (status, body) = post(&address, &headers, &statement).await;
            assert_eq!(status, expected, "{}: {duration}: {body}", t.name);
        }
    }
}

/// Data 2.3.2 (XAPI-00065): a statement with the voided verb voids a StatementRef and nothing
/// else; the voided statement is then found only by `voidedStatementId`, and asking for it by
/// `statementId` answers 404 with the consistency header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voiding_statement_refers_to_the_statement_it_voids() {
    for t in stores("conformance-voiding").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let (_, body) = post(
            &address,
            &headers,
            &did("p-1", "experienced", "a", REGISTRATION),
        )
        .await;
        let id = serde_json::from_str::<Vec<String>>(&body)
            .unwrap()
            .remove(0);
        let mut voiding = did("p-1", "voided", "a", REGISTRATION);
        voiding.as_object_mut().unwrap().remove("context");
        let (status, body) = post(&address, &headers, &voiding).await;
        assert_eq!(status, 400, "{}: voiding an Activity: {body}", t.name);
        assert!(body.contains("object.objectType"), "{}: {body}", t.name);
        voiding["object"] = json!({"objectType": "StatementRef", "id": id});
        let (status, body) = post(&address, &headers, &voiding).await;
        assert_eq!(status, 200, "{}: {body}", t.name);
        let by_id = request(
            &address,
            "GET",
            &format!("/xapi/statements?statementId={id}"),
            &headers,
            b"",
        )
        .await;
        assert_eq!(by_id.status, 404, "{}", t.name);
        assert!(
            by_id
                .header("x-experience-api-consistent-through")
                .is_some()
        );
        let voided = request(
            &address,
            "GET",
            &format!("/xapi/statements?voidedStatementId={id}"),
            &headers,
            b"",
        )
        .await;
        assert_eq!(voided.status, 200, "{}: {}", t.name, voided.text());
        assert_eq!(voided.json()["id"], json!(id));
    }
}

/// Data 2.4.11 (XAPI-00130): attachments travel in multipart/mixed; a statement sent as
/// multipart/form-data (with a `fileUrl` attachment) is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_are_never_taken_from_form_data() {
    for t in stores("conformance-form-data").await {
        let address = serve(&t.store).await;
        let headers = client(&t.store, "conformance", Role::Admin, None).await;
        let mut statement = did("p-1", "experienced", "a", REGISTRATION);
        statement["attachments"] = json!([{
            "usageType": "https://retki.example/attachments/photo",
            "display": {"en": "photo"},
            "contentType": "image/png",
            "length": 10,
            "sha2": "0000000000000000000000000000000000000000000000000000000000000000",
            "fileUrl": "https://retki.example/photo.png"
        }]);
        let boundary = "retki-form";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"statement\"\r\nContent-Type: application/json\r\n\r\n{statement}\r\n--{boundary}--\r\n"
        );
        let form = with(
            &headers,
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        );
        let answer = request(&address, "POST", "/xapi/statements", &form, body.as_bytes()).await;
        assert_eq!(answer.status, 400, "{}: {}", t.name, answer.text());
        assert!(answer.text().contains("Content-Type"), "{}", answer.text());
        // The same statement as JSON is stored: a fileUrl attachment needs no content.
        let json_headers = with(&headers, "Content-Type", "application/json");
        let (status, body) = post(&address, &json_headers, &statement).await;
        assert_eq!(status, 200, "{}: {body}", t.name);
    }
}

/// Communication 3.1 (XAPI-00308, XAPI-00310, XAPI-00311): a document's ETag is the SHA-1 of
/// its bytes in hexadecimal, quoted; `If-Match` compares it without regard to case; a PUT of
/// an existing profile document with neither precondition is refused (409).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn etags_are_the_quoted_sha1_of_the_document() {
    use sha1::Digest;
    for t in stores("conformance-etags").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let profile = format!(
            "/xapi/activities/profile?activityId={}&profileId=notes",
            encode("https://retki.example/activities/crater")
        );
        let content = br#"{"notes":"the crater is 40 m across"}"#;
        let put = request(&address, "PUT", &profile, &headers, content).await;
        assert_eq!(put.status, 204, "{}: {}", t.name, put.text());
        let got = request(&address, "GET", &profile, &headers, b"").await;
        let sha1: String = sha1::Sha1::digest(content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            got.header("etag"),
            Some(format!("\"{sha1}\"").as_str()),
            "{}",
            t.name
        );

        let again = request(&address, "PUT", &profile, &headers, br#"{"notes":"40 m"}"#).await;
        assert_eq!(
            again.status,
            409,
            "{}: no precondition: {}",
            t.name,
            again.text()
        );
        let upper = format!("\"{}\"", sha1.to_ascii_uppercase());
        let matched = request(
            &address,
            "PUT",
            &profile,
            &with(&headers, "If-Match", &upper),
            br#"{"notes":"40 m"}"#,
        )
        .await;
        assert_eq!(matched.status, 204, "{}: {}", t.name, matched.text());
    }
}

/// Communication 1.3 (XAPI-00335, XAPI-00336): a client that can only POST sends
/// `?method=PUT` or `?method=GET` with its headers, parameters and content as form fields.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_alternate_request_syntax_puts_and_gets() {
    for t in stores("conformance-alternate").await {
        let address = serve(&t.store).await;
        let signed = client(&t.store, "conformance", Role::Admin, None).await;
        let field = |name: &str| {
            signed
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        let id = "7f3e9c5a-0b4d-4e8f-9a2c-3d4e5f607182";
        let statement = did("p-1", "experienced", "a", REGISTRATION);
        let form_of = |pairs: &[(&str, String)]| {
            pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        };
        let form_headers = vec![(
            "Content-Type",
            "application/x-www-form-urlencoded".to_string(),
        )];
        let put = form_of(&[
            ("Authorization", field("Authorization")),
            (
                "X-Experience-API-Version",
                field("X-Experience-API-Version"),
            ),
            ("Content-Type", "application/json".into()),
            ("statementId", id.into()),
            ("content", statement.to_string()),
        ]);
        let answer = request(
            &address,
            "POST",
            "/xapi/statements?method=PUT",
            &form_headers,
            put.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 204, "{}: {}", t.name, answer.text());
        let get = form_of(&[
            ("Authorization", field("Authorization")),
            (
                "X-Experience-API-Version",
                field("X-Experience-API-Version"),
            ),
            ("statementId", id.into()),
        ]);
        let answer = request(
            &address,
            "POST",
            "/xapi/statements?method=GET",
            &form_headers,
            get.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 200, "{}: {}", t.name, answer.text());
        assert_eq!(answer.json()["id"], json!(id));
        assert!(
            answer
                .header("x-experience-api-consistent-through")
                .is_some()
        );

        // Parameters stay out of the query string, the form is a form, and the credentials
        // are checked as any others.
        let answer = request(
            &address,
            "POST",
            &format!("/xapi/statements?method=GET&statementId={id}"),
            &form_headers,
            get.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 400, "{}: {}", t.name, answer.text());
        let json_type = vec![("Content-Type", "application/json".to_string())];
        let answer = request(
            &address,
            "POST",
            "/xapi/statements?method=GET",
            &json_type,
            get.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 400, "{}: {}", t.name, answer.text());
        let stranger = form_of(&[
            ("Authorization", common::basic("nobody", "wrong")),
            ("X-Experience-API-Version", "1.0.3".into()),
            ("statementId", id.into()),
        ]);
        let answer = request(
            &address,
            "POST",
            "/xapi/statements?method=GET",
            &form_headers,
            stranger.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 401, "{}: {}", t.name, answer.text());
    }
}

/// Communication 2.5 and 2.1.3 (XAPI-00154, XAPI-00153): the store's definition of an activity
/// gathers every language statements described it in; a canonical answer gives that definition
/// in the language the client prefers, even for a statement that was sent in another; an ids
/// answer cuts agents, groups, verbs and activities to what identifies them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activities_gather_their_languages_and_formats_use_them() {
    for t in stores("conformance-formats").await {
        let address = serve(&t.store).await;
        let headers = admin(&t.store).await;
        let crater = "https://retki.example/activities/crater";
        let mut english = did("p-1", "experienced", "crater", REGISTRATION);
        english["object"]["definition"] = json!({"name": {"en": "Crater"}});
        let mut finnish = did("p-2", "experienced", "crater", REGISTRATION);
        finnish["object"]["definition"] =
            json!({"name": {"fi": "Kraatteri"}, "description": {"fi": "Törmäyksen jälki"}});
        // The class as an identified group with its members, as the actor.
        english["actor"] = json!({
            "objectType": "Group", "name": "7B",
            "account": {"homePage": "https://koulu.example", "name": "7B"},
            "member": [pupil("p-1"), pupil("p-2")]
        });
        let mut ids = Vec::new();
        for s in [&english, &finnish] {
            let (status, body) = post(&address, &headers, s).await;
            assert_eq!(status, 200, "{}: {body}", t.name);
            ids.extend(serde_json::from_str::<Vec<String>>(&body).unwrap());
        }

        let activity = request(
            &address,
            "GET",
            &format!("/xapi/activities?activityId={}", encode(crater)),
            &headers,
            b"",
        )
        .await;
        assert_eq!(activity.status, 200, "{}: {}", t.name, activity.text());
        let definition = &activity.json()["definition"];
        assert_eq!(
            definition["name"],
            json!({"en": "Crater", "fi": "Kraatteri"}),
            "{}",
            t.name
        );
        assert_eq!(definition["description"], json!({"fi": "Törmäyksen jälki"}));

        let finnish_reader = with(&headers, "Accept-Language", "fi, en;q=0.5");
        let canonical = request(
            &address,
            "GET",
            &format!("/xapi/statements?statementId={}&format=canonical", ids[0]),
            &finnish_reader,
            b"",
        )
        .await;
        assert_eq!(canonical.status, 200, "{}: {}", t.name, canonical.text());
        let canonical = canonical.json();
        assert_eq!(
            canonical["object"]["definition"]["name"],
            json!({"fi": "Kraatteri"}),
            "{}: the store's definition, in Finnish",
            t.name
        );
        assert_eq!(
            canonical["verb"]["display"],
            json!({"en-US": "experienced"})
        );

        let answer = request(
            &address,
            "GET",
            &format!("/xapi/statements?statementId={}&format=ids", ids[0]),
            &headers,
            b"",
        )
        .await;
        let cut = answer.json();
        assert_eq!(cut["object"], json!({"id": crater}), "{}", t.name);
        assert_eq!(
            cut["actor"],
            json!({"objectType": "Group", "account": {"homePage": "https://koulu.example", "name": "7B"}}),
            "{}: an identified group by its identifier alone",
            t.name
        );
        assert_eq!(
            cut["verb"],
            json!({"id": "http://adlnet.gov/expapi/verbs/experienced"})
        );
    }
}

/// Data 2.6 (XAPI-00113 … XAPI-00118): a signed statement carries a JWS of itself, in
/// compact serialization, RS256, RS384 or RS512, whose payload is the statement before it was
/// signed; anything else is refused and nothing is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_statements_carry_a_jws_of_themselves() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::Digest;
    for t in stores("conformance-signed").await {
        let address = serve(&t.store).await;
        let signed_in = client(&t.store, "conformance", Role::Admin, None).await;
        let unsigned = did("p-1", "completed", "exam", REGISTRATION);
        let jws = |alg: &str, payload: &Value| {
            let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
            format!(
                "{}.{}.{}",
                part(json!({"alg": alg})),
                part(payload.clone()),
                URL_SAFE_NO_PAD.encode([9u8; 256])
            )
        };
        let mut forged_payload = unsigned.clone();
        forged_payload["verb"]["id"] = json!("http://adlnet.gov/expapi/verbs/passed");
        for (signature, expected) in [
            (jws("RS256", &unsigned), 200),
            (jws("RS512", &unsigned), 200),
            (jws("HS256", &unsigned), 400),
            (jws("RS256", &forged_payload), 400),
            ("only.two".to_string(), 400),
            ("{\"not\": \"a JWS\"}".to_string(), 400),
        ] {
            let hash = format!("{:x}", sha2::Sha256::digest(signature.as_bytes()));
            let mut statement = unsigned.clone();
            statement["attachments"] = json!([{
                "usageType": "http://adlnet.gov/expapi/attachments/signature",
                "display": {"en": "signature"},
                "contentType": "application/octet-stream",
                "length": signature.len(),
                "sha2": hash
            }]);
            let (content_type, body) = multipart(
                &statement,
                &[(
                    "application/octet-stream",
                    signature.as_bytes(),
                    hash.clone(),
                )],
            );
            let answer = request(
                &address,
                "POST",
                "/xapi/statements",
                &with(&signed_in, "Content-Type", &content_type),
                &body,
            )
            .await;
            assert_eq!(
                answer.status,
                expected,
                "{}: {signature}: {}",
                t.name,
                answer.text()
            );
            if expected == 400 {
                assert!(
                    answer.text().contains("attachments[0]"),
                    "{}",
                    answer.text()
                );
            }
        }
    }
}
