//! `about` and `statements`: PUT and POST (JSON, or multipart/mixed with attachments), GET of
//! one statement or a filtered, paged list.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::format::{Format, format_statement};
use super::multipart;
use super::{Api, ApiError, admit_xapi, only_parameters, parse_json};
use crate::access::{Role, statement_scope};
use crate::store::statements::{Attachment, activity_ids};
use crate::store::{Query, agent_key};
use crate::xapi::{XAPI_VERSION, validate};

/// The extension of `about` that names the software and its version.
pub const SOFTWARE_EXTENSION: &str = "https://retki.invalid/xapi/extensions/software";

pub(super) async fn about() -> Json<Value> {
    Json(json!({
        "version": [XAPI_VERSION],
        "extensions": {SOFTWARE_EXTENSION: format!("Retki {}", crate::VERSION)}
    }))
}

/// The statements and attachment contents of a PUT or POST body.
fn statements_of(headers: &HeaderMap, body: &Bytes) -> Result<(Value, Vec<Attachment>), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let kind = content_type.trim_start();
    if kind.starts_with("multipart/mixed") {
        let parts = multipart::parse(content_type, body)?;
        Ok((parse_json(&parts.json)?, parts.attachments))
    } else if kind.starts_with("application/json") {
        Ok((parse_json(body)?, Vec::new()))
    } else {
        // Data 2.4.11: attachments travel in multipart/mixed, never multipart/form-data
        // (ADL XAPI-00130); a statement is JSON.
        Err(ApiError::field(
            "Content-Type",
            format!("'{kind}': statements are sent as application/json or multipart/mixed"),
        ))
    }
}

pub(super) async fn post(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<Json<Vec<String>>, ApiError> {
    let caller = admit_xapi(&api, &headers).await?;
    caller.must_be(&[Role::Service, Role::Admin], "store statements")?;
    only_parameters(&params, &[], "POST statements")?;
    let (value, attachments) = statements_of(&headers, &body)?;
    let statements = match value {
        Value::Array(list) => list,
        single @ Value::Object(_) => vec![single],
        _ => {
            return Err(ApiError::field(
                "body",
                "must be a statement or a list of them",
            ));
        }
    };
    Ok(Json(
        api.store
            .insert(&statements, &caller.authority, &attachments)
            .await?,
    ))
}

pub(super) async fn put(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = admit_xapi(&api, &headers).await?;
    caller.must_be(&[Role::Service, Role::Admin], "store statements")?;
    only_parameters(&params, &["statementId"], "PUT statements")?;
    let id = params
        .get("statementId")
        .ok_or_else(|| ApiError::field("statementId", "PUT statements needs it"))?;
    if !validate::is_uuid(id) {
        return Err(ApiError::field(
            "statementId",
            format!("'{id}' is not a UUID"),
        ));
    }
    let (mut statement, attachments) = statements_of(&headers, &body)?;
    let object = statement
        .as_object_mut()
        .ok_or_else(|| ApiError::field("body", "must be one statement"))?;
    match object.get("id").and_then(Value::as_str) {
        Some(inner) if !inner.eq_ignore_ascii_case(id) => {
            return Err(ApiError::field(
                "id",
                format!("the statement's id {inner} differs from statementId {id}"),
            ));
        }
        _ => {
            object.insert("id".into(), json!(id));
        }
    }
    api.store
        .insert(&[statement], &caller.authority, &attachments)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The parameters GET statements knows.
const GET_PARAMETERS: [&str; 15] = [
    "statementId",
    "voidedStatementId",
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "more",
];

/// What a `more` link carries: the query, where it goes on, and how to answer.
#[derive(Serialize, Deserialize)]
struct More {
    query: Query,
    format: Format,
    attachments: bool,
}

fn flag(params: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match params.get(name).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(ApiError::field(
            name,
            format!("is true or false, not '{other}'"),
        )),
    }
}

/// The filter a GET statements request asks for.
fn query_of(params: &HashMap<String, String>) -> Result<Query, ApiError> {
    let mut query = Query::default();
    if let Some(agent) = params.get("agent") {
        let value: Value = serde_json::from_str(agent)
            .map_err(|e| ApiError::field("agent", format!("not JSON: {e}")))?;
        crate::xapi::validate::agent_or_group(&value).map_err(|invalid| {
            let place = if invalid.field.is_empty() { "" } else { "." };
            ApiError::field(&format!("agent{place}{}", invalid.field), invalid.message)
        })?;
        query.agent = Some(
            agent_key(&value)
                .ok_or_else(|| ApiError::field("agent", "has no identifier to filter by"))?,
        );
    }
    for (name, slot) in [("verb", &mut query.verb), ("activity", &mut query.activity)] {
        if let Some(iri) = params.get(name) {
            if !validate::is_iri(iri) {
                return Err(ApiError::field(name, format!("'{iri}' is not an IRI")));
            }
            *slot = Some(iri.clone());
        }
    }
    if let Some(registration) = params.get("registration") {
        if !validate::is_uuid(registration) {
            return Err(ApiError::field(
                "registration",
                format!("'{registration}' is not a UUID"),
            ));
        }
        query.registration = Some(registration.clone());
    }
    for (name, slot) in [("since", &mut query.since), ("until", &mut query.until)] {
        if let Some(time) = params.get(name) {
            if !validate::is_iso8601_timestamp(time) {
                return Err(ApiError::field(
                    name,
                    format!("'{time}' is not an ISO 8601 timestamp with a time zone"),
                ));
            }
            *slot = Some(time.clone());
        }
    }
    if let Some(limit) = params.get("limit") {
        query.limit = limit
            .parse()
            .map_err(|_| ApiError::field("limit", format!("'{limit}' is not a whole number")))?;
    }
    query.ascending = flag(params, "ascending")?;
    query.related_activities = flag(params, "related_activities")?;
    query.related_agents = flag(params, "related_agents")?;
    Ok(query)
}

/// GET statements, whatever its answer, says how far the store is consistent
/// (`X-Experience-API-Consistent-Through`, Communication 2.1.3; ADL XAPI-00160): on a 400 or
/// a 404 as on a 200.
pub(super) async fn get(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
) -> Response {
    let mut response = find(&api, &headers, &params).await.into_response();
    if let Ok(through) = HeaderValue::from_str(&api.store.consistent_through()) {
        response
            .headers_mut()
            .insert("X-Experience-API-Consistent-Through", through);
    }
    response
}

async fn find(
    api: &Api,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<Response, ApiError> {
    let caller = admit_xapi(api, headers).await?;
    only_parameters(params, &GET_PARAMETERS, "GET statements")?;
    let scope = statement_scope(&caller.principal, &caller.relations);
    let languages = super::format::accepted_languages(headers);
    for (name, voided) in [("statementId", false), ("voidedStatementId", true)] {
        let Some(id) = params.get(name) else {
            continue;
        };
        if let Some(other) = params.keys().find(|k| {
            !matches!(
                k.as_str(),
                "statementId" | "voidedStatementId" | "format" | "attachments"
            )
        }) {
            return Err(ApiError::field(
                other,
                format!("cannot be combined with {name}"),
            ));
        }
        if !validate::is_uuid(id) {
            return Err(ApiError::field(name, format!("'{id}' is not a UUID")));
        }
        let format = Format::parse(params.get("format"))?;
        let attachments = flag(params, "attachments")?;
        let found = api.store.get(id, voided).await?;
        let visible = match (&found, &scope) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(learners)) => api.store.statement_names_learner(id, learners).await?,
        };
        let Some((seq, statement)) = found.filter(|_| visible) else {
            return Err(ApiError::not_found(format!(
                "no {}statement {id}",
                if voided { "voided " } else { "" }
            )));
        };
        let definitions =
            canonical_definitions(api, format, std::slice::from_ref(&statement)).await?;
        let body = format_statement(&statement, format, &languages, &definitions);
        let contents = if attachments {
            api.store.attachments_of(&[seq]).await?
        } else {
            Vec::new()
        };
        return Ok(answer(body, attachments, contents));
    }
    let (mut query, format, attachments) = match params.get("more") {
        Some(token) => {
            if params.len() > 1 {
                return Err(ApiError::field("more", "a more link is used on its own"));
            }
            let more: More = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(token)
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .ok_or_else(|| ApiError::field("more", "not a link this store gave out"))?;
            (more.query, more.format, more.attachments)
        }
        None => (
            query_of(params)?,
            Format::parse(params.get("format"))?,
            flag(params, "attachments")?,
        ),
    };
    // The access rule is the caller's, never what a link carries.
    query.learners = scope;
    let page = api.store.query(&query).await?;
    let more = match page.next {
        Some(next) => {
            let token = serde_json::to_vec(&More {
                query: next,
                format,
                attachments,
            })
            .unwrap_or_default();
            format!(
                "/xapi/statements?more={}",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token)
            )
        }
        None => String::new(),
    };
    let seqs: Vec<i64> = page.statements.iter().map(|(seq, _)| *seq).collect();
    let bodies: Vec<Value> = page.statements.into_iter().map(|(_, s)| s).collect();
    let definitions = canonical_definitions(api, format, &bodies).await?;
    let statements: Vec<Value> = bodies
        .iter()
        .map(|s| format_statement(s, format, &languages, &definitions))
        .collect();
    let contents = if attachments {
        api.store.attachments_of(&seqs).await?
    } else {
        Vec::new()
    };
    Ok(answer(
        json!({"statements": statements, "more": more}),
        attachments,
        contents,
    ))
}

/// The store's definitions of the activities `statements` name, where `format` is canonical.
async fn canonical_definitions(
    api: &Api,
    format: Format,
    statements: &[Value],
) -> Result<HashMap<String, Value>, ApiError> {
    if format != Format::Canonical {
        return Ok(HashMap::new());
    }
    let mut ids: Vec<String> = statements.iter().flat_map(activity_ids).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(api.store.activity_definitions(&ids).await?)
}

/// The answer to a GET: JSON, or multipart/mixed with the attachments after it when they were
/// asked for.
fn answer(body: Value, with_attachments: bool, contents: Vec<Attachment>) -> Response {
    if with_attachments {
        let (content_type, bytes) = multipart::write(&body, &contents);
        ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
    } else {
        Json(body).into_response()
    }
}
