//! The document resources: `activities/state`, `activities/profile`, `agents/profile`, with
//! ETags; and `activities` and `agents`, which describe an activity and a person.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Api, ApiError, admit_xapi, only_parameters};
use crate::access::Role;
use crate::store::agent_key;
use crate::store::documents::{DocumentKey, DocumentKind, Preconditions};
use crate::time::{http_date, parse_iso8601};
use crate::xapi::validate;

/// A required or optional IRI parameter.
fn iri(params: &HashMap<String, String>, name: &str) -> Result<String, ApiError> {
    let value = params
        .get(name)
        .ok_or_else(|| ApiError::field(name, "this resource needs it"))?;
    if !validate::is_iri(value) {
        return Err(ApiError::field(name, format!("'{value}' is not an IRI")));
    }
    Ok(value.clone())
}

/// The `agent` parameter: its key, and its account name (a learner's id).
fn agent(params: &HashMap<String, String>) -> Result<(String, Option<String>), ApiError> {
    let text = params
        .get("agent")
        .ok_or_else(|| ApiError::field("agent", "this resource needs it"))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::field("agent", format!("not JSON: {e}")))?;
    validate::agent_or_group(&value)
        .map_err(|invalid| ApiError::field("agent", invalid.message))?;
    let key = agent_key(&value)
        .ok_or_else(|| ApiError::field("agent", "has no identifier (an anonymous group)"))?;
    Ok((key, value["account"]["name"].as_str().map(str::to_string)))
}

fn preconditions(headers: &HeaderMap, required: bool) -> Preconditions {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    Preconditions {
        if_match: text(header::IF_MATCH),
        if_none_match: text(header::IF_NONE_MATCH),
        required,
    }
}

/// One request to a document resource, whichever it is.
async fn document(
    api: Api,
    method: Method,
    headers: HeaderMap,
    params: HashMap<String, String>,
    body: Bytes,
    kind: DocumentKind,
) -> Result<Response, ApiError> {
    let caller = admit_xapi(&api, &headers).await?;
    caller.must_be(&[Role::Service, Role::Admin], "read or write documents")?;
    let (id_name, mut known): (&str, Vec<&str>) = match kind {
        DocumentKind::State => (
            "stateId",
            vec!["activityId", "agent", "registration", "stateId"],
        ),
        DocumentKind::ActivityProfile => ("profileId", vec!["activityId", "profileId"]),
        DocumentKind::AgentProfile => ("profileId", vec!["agent", "profileId"]),
    };
    // HEAD is answered as GET, without the body.
    let method = if method == Method::HEAD {
        Method::GET
    } else {
        method
    };
    if method == Method::GET {
        known.push("since");
    }
    let resource = match kind {
        DocumentKind::State => "activities/state",
        DocumentKind::ActivityProfile => "activities/profile",
        DocumentKind::AgentProfile => "agents/profile",
    };
    only_parameters(&params, &known, resource)?;
    let activity = match kind {
        DocumentKind::AgentProfile => String::new(),
        _ => iri(&params, "activityId")?,
    };
    let (agent, learner) = match kind {
        DocumentKind::ActivityProfile => (String::new(), None),
        _ => agent(&params)?,
    };
    let registration = match params.get("registration") {
        Some(r) if validate::is_uuid(r) => r.to_ascii_lowercase(),
        Some(r) => {
            return Err(ApiError::field(
                "registration",
                format!("'{r}' is not a UUID"),
            ));
        }
        None => String::new(),
    };
    let id = params.get(id_name).cloned().unwrap_or_default();
    if let Some(since) = params.get("since")
        && (!id.is_empty() || parse_iso8601(since).is_none())
    {
        return Err(ApiError::field(
            "since",
            format!("'{since}' must be an ISO 8601 timestamp, and goes only without {id_name}"),
        ));
    }
    let key = DocumentKey {
        kind,
        activity,
        agent,
        registration,
        id: id.clone(),
        learner,
    };
    let needs_id = |what: &str| ApiError::field(id_name, format!("{what} needs it"));
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let stored = |etag: String| {
        let mut response = StatusCode::NO_CONTENT.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        response
    };
    match method {
        Method::GET if id.is_empty() => {
            let ids = api
                .store
                .document_ids(&key, params.get("since").map(String::as_str))
                .await?;
            Ok(Json(ids).into_response())
        }
        Method::GET => {
            let document = api
                .store
                .document(&key)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("no document {id_name}={id}")))?;
            let mut response = (
                [(header::CONTENT_TYPE, document.content_type.clone())],
                document.content,
            )
                .into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&document.etag) {
                headers.insert(header::ETAG, value);
            }
            if let Some(millis) = parse_iso8601(&document.updated)
                && let Ok(value) = HeaderValue::from_str(&http_date(millis))
            {
                headers.insert(header::LAST_MODIFIED, value);
            }
            Ok(response)
        }
        Method::PUT | Method::POST => {
            if id.is_empty() {
                return Err(needs_id(method.as_str()));
            }
            // xAPI asks profile writers to say which version they replace; State has no
            // such rule.
            let required = method == Method::PUT && kind != DocumentKind::State;
            let etag = api
                .store
                .put_document(
                    &key,
                    &content_type,
                    &body,
                    method == Method::POST,
                    &preconditions(&headers, required),
                )
                .await?;
            Ok(stored(etag))
        }
        Method::DELETE => {
            if id.is_empty() && kind != DocumentKind::State {
                return Err(needs_id("DELETE"));
            }
            api.store
                .delete_documents(&key, &preconditions(&headers, false))
                .await?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        other => Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{resource} takes GET, PUT, POST and DELETE, not {other}"),
        )),
    }
}

pub(super) async fn state(
    State(api): State<Api>,
    method: Method,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    document(api, method, headers, params, body, DocumentKind::State).await
}

pub(super) async fn activity_profile(
    State(api): State<Api>,
    method: Method,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    document(
        api,
        method,
        headers,
        params,
        body,
        DocumentKind::ActivityProfile,
    )
    .await
}

pub(super) async fn agent_profile(
    State(api): State<Api>,
    method: Method,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    document(
        api,
        method,
        headers,
        params,
        body,
        DocumentKind::AgentProfile,
    )
    .await
}

/// GET activities: the activity with the latest definition statements gave it.
pub(super) async fn activity(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let caller = admit_xapi(&api, &headers).await?;
    caller.must_be(&[Role::Service, Role::Admin], "read activities")?;
    only_parameters(&params, &["activityId"], "activities")?;
    let id = iri(&params, "activityId")?;
    let mut activity = json!({"objectType": "Activity", "id": id});
    if let Some(definition) = api.store.activity_definition(&id).await? {
        activity["definition"] = definition;
    }
    Ok(Json(activity))
}

/// GET agents: the Person the agent is, as far as this store knows, which is the agent
/// itself.
pub(super) async fn person(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let caller = admit_xapi(&api, &headers).await?;
    caller.must_be(&[Role::Service, Role::Admin], "read agents")?;
    only_parameters(&params, &["agent"], "agents")?;
    let text = params
        .get("agent")
        .ok_or_else(|| ApiError::field("agent", "this resource needs it"))?;
    let agent: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::field("agent", format!("not JSON: {e}")))?;
    validate::agent_or_group(&agent)
        .map_err(|invalid| ApiError::field("agent", invalid.message))?;
    if agent["objectType"] == "Group" {
        return Err(ApiError::field(
            "agent",
            "a Person is made of an Agent, not a Group",
        ));
    }
    let mut person = json!({"objectType": "Person"});
    for key in ["name", "mbox", "mbox_sha1sum", "openid", "account"] {
        if let Some(value) = agent.get(key) {
            person[key] = json!([value]);
        }
    }
    Ok(Json(person))
}
